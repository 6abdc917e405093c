"""`python -m cli figures` with the quartiers prioritaires, on the small ONPV files of
tests/onpv_files.py (MNO: IPRO 2022, DEMO 2021, job seekers of December 2022)."""

import csv
import io

import pytest

from cli.__main__ import main


@pytest.fixture
def onpv(onpv_store, monkeypatch):
    monkeypatch.setenv("TBE_DATA_DIR", str(onpv_store.data_dir))
    return onpv_store


def figures(capsys, *extra) -> list[dict]:
    assert main(["figures", "--territory", "mno", "--year", "2022", *extra]) == 0
    return list(csv.DictReader(io.StringIO(capsys.readouterr().out)))


def by_key(rows) -> dict:
    return {(r["indicator"], r["commune"] or None, r["qpv_code"] or None): r for r in rows}


def test_figures_include_one_row_per_quarter_and_the_total(onpv, capsys):
    rows = by_key(figures(capsys))
    assert float(rows[("de_abc", None, None)]["value"]) == 2800  # key figures still there
    pacot = rows[("qpv_de_abc", "59328", "QN05970M")]
    assert float(pacot["value"]) == 160 and pacot["qpv_name"] == "Pacot - Vandracq"
    assert pacot["period"] == "ONPV 2022"
    assert float(pacot["evolution_pct"]) == pytest.approx(6.7)  # 150 → 160, IPRO 2021 → 2022
    assert float(rows[("qpv_de_abc", None, None)]["value"]) == 400
    assert float(rows[("qpv_population", "59378", "QN05977M")]["value"]) == 1280
    assert float(rows[("qpv_part_de_abc", None, None)]["value"]) == 0.143  # 400 / 2 800
    # no ABC_DUR column in IPRO 2022: no row, rather than a false 0
    assert ("qpv_de_abc_longue_duree", "59328", "QN05970M") not in rows


def test_an_empty_cell_of_the_file_stays_secret_even_unmasked(onpv, capsys):
    assert main(["figures", "--territory", "mno", "--year", "2021"]) == 0
    rows = by_key(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    # IPRO 2021: Briquetterie's ABC_25 is empty, Pacot's 8 of 50 and over are shown
    assert rows[("qpv_de_abc_moins_25", "59378", "QN05977M")]["value"] == "s"
    assert rows[("qpv_de_abc_moins_25", None, None)]["value"] == "s"
    assert float(rows[("qpv_de_abc_50plus", "59328", "QN05970M")]["value"]) == 8


def test_one_quarter_by_its_2015_or_2024_code(onpv, capsys):
    for code in ("QP059072", "qn05970m"):
        rows = figures(capsys, "--qpv", code)
        assert {r["qpv_code"] for r in rows} == {"QN05970M"}
        values = {r["indicator"]: r["value"] for r in rows}
        assert float(values["qpv_de_abc"]) == 160 and float(values["qpv_de_a"]) == 110
        assert "de_abc" not in values


def test_a_quarter_outside_the_territory_is_refused_in_french(onpv, capsys):
    assert main(["figures", "--territory", "mno", "--year", "2022", "--qpv", "QN05985M"]) == 2
    assert "n'est dans aucune commune du territoire" in capsys.readouterr().err
    assert main(["figures", "--territory", "mno", "--year", "2022", "--qpv", "XX"]) == 2
    assert "inconnu" in capsys.readouterr().err
