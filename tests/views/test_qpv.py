"""« Quartiers prioritaires » page, headless: the demo store (PLIE, Mission Locale) and a
store of small ONPV files (tests/onpv_files.py, figures by hand in its docstring)."""

import pytest

from data.store import Store
from tests import onpv_files
from tests.views.dashboard_app import assert_ok, demo, row, run_page, shown_text, table_with
from wording import texts

__all__ = ["demo"]
NBSP = "\u00a0"
NNBSP = "\u202f"


def test_mno_2025(demo):
    at = run_page("qpv", territory="mno", year="2025")
    assert_ok(at)
    qpv = table_with(at, texts.COL_QPV_CODE)
    assert set(qpv[texts.COL_QPV_NAME]) >= {"Pacot - Vandracq", "La Briquetterie"}
    # the 2015 quarter of the same name is shown next to the 2024 one
    assert set(qpv[texts.QPV_MATCH_COL]) == {
        "QP059072 Pacot - Vandracq : même nom, même(s) commune(s)",
        "QP059079 La Briquetterie : même nom, même(s) commune(s)"}
    shares = table_with(at, texts.COL_POPULATION).set_index(texts.COL_POPULATION)
    # 47 of 463 participants live in a QPV (the report truncates to 10,1 %)
    assert shares.at["Participants du PLIE", texts.QPV_RESIDENTS] == "47"
    assert shares.at["Participants du PLIE", "MNO"] == f"10,2{NBSP}%"
    by_commune = table_with(at, texts.QPV_SHARE)
    assert row(by_commune, "Lambersart")[texts.QPV_SHARE] == f"20,6{NBSP}%"  # 33 / 160
    assert row(by_commune, "Lompret")[texts.QPV_ALL] == "s"
    # no ONPV file in the demo: the page says which files would give the figures
    assert texts.QPV_JOB_SEEKERS.format(year=2025) in shown_text(at)


def test_melt_commune_and_empty_year(demo):
    at = run_page("qpv", territory="melt", year="2023", commune="59090")  # Bondues
    assert_ok(at)
    assert texts.QPV_NONE.format(place="Bondues") in shown_text(at)
    at = run_page("qpv", territory="mno", year="2019")
    assert_ok(at)
    assert "en 2019" in shown_text(at)


@pytest.fixture
def onpv(onpv_store, monkeypatch):
    monkeypatch.setenv("TBE_DATA_DIR", str(onpv_store.data_dir))
    return onpv_store


def test_onpv_figures_of_the_quarters_for_a_manager(onpv):
    at = run_page("qpv", role="gestionnaire", territory="mno", year="2022")
    assert_ok(at)
    figures = table_with(at, texts.QPV_ONPV_FILE_CODE).set_index(texts.COL_QPV_NAME)
    cols = texts.QPV_ONPV_COLUMNS
    assert figures.at["Pacot - Vandracq", cols["qpv_de_abc"]] == "160"
    assert figures.at["Pacot - Vandracq", cols["qpv_population"]] == "1\u202f300"
    assert figures.at["Pacot - Vandracq", cols["qpv_de_abc_50plus_part"]] == f"5,6{NBSP}%"  # 9/160
    assert figures.at["La Briquetterie", cols["qpv_taux_emploi"]] == f"45,0{NBSP}%"
    assert figures.at[texts.QPV_ONPV_TOTAL, cols["qpv_de_abc"]] == "400"
    assert figures.at["Pacot - Vandracq", texts.QPV_ONPV_FILE_CODE] == "QN05970M"
    # the share of job seekers living in a QPV, at the same month: 160 / 1 100, 400 / 2 800
    shares = table_with(at, texts.QPV_SHARE_COLUMNS["qpv_part_de_abc"])
    part = texts.QPV_SHARE_COLUMNS["qpv_part_de_abc"]
    assert row(shares, "Lambersart")[part] == f"14,5{NBSP}%"
    assert row(shares, "Total")[part] == f"14,3{NBSP}%"
    text = shown_text(at)
    assert texts.QPV_SHARE_DATES.format(onpv="2022", month="décembre 2022") in text
    assert not at.warning
    evolution = table_with(at, texts.QPV_EVOLUTION_COL).set_index(texts.COL_QPV_NAME)
    assert evolution.at["Pacot - Vandracq", "2021"] == "150"
    assert evolution.at["Pacot - Vandracq", texts.QPV_EVOLUTION_COL] == "+6,7\u00a0%"
    compared = table_with(at, texts.QPV_COMPARE_COLUMNS[1]).set_index(texts.QPV_COMPARE_COLUMNS[0])
    # Pacot's category A: 110 / 160 in the quarter, 700 / 1 100 in Lambersart
    assert compared.at[cols["qpv_de_a_part"], texts.QPV_COMPARE_COLUMNS[1]] == f"68,8{NBSP}%"
    assert compared.at[cols["qpv_de_a_part"], texts.QPV_COMPARE_COLUMNS[2]] == f"63,6{NBSP}%"


def test_onpv_secret_for_an_official_and_the_files_own(onpv):
    at = run_page("qpv", role="elu", territory="mno", year="2021")
    assert_ok(at)
    figures = table_with(at, texts.QPV_ONPV_FILE_CODE).set_index(texts.COL_QPV_NAME)
    cols = texts.QPV_ONPV_COLUMNS
    # 8 job seekers of 50 and over in Pacot: « s », and Briquetterie's share with it
    assert figures.at["Pacot - Vandracq", cols["qpv_de_abc_50plus_part"]] == "s"
    assert figures.at["La Briquetterie", cols["qpv_de_abc_50plus_part"]] == "s"
    # the file's empty cell (under 25 in Briquetterie) is « s », not a number nor « — »
    assert figures.at["La Briquetterie", cols["qpv_de_abc_moins_25_part"]] == "s"
    assert figures.at["Pacot - Vandracq", texts.QPV_ONPV_FILE_CODE] == "QP059072"
    assert texts.QPV_ONPV_SECRET in shown_text(at)
    assert texts.QPV_EVOLUTION_ONE.format(year=2021) in shown_text(at)


def test_onpv_dates_that_differ_are_said(tmp_path, monkeypatch):
    store = onpv_files.load(Store(tmp_path), job_seeker_months=("2021-12",))
    monkeypatch.setenv("TBE_DATA_DIR", str(store.data_dir))
    at = run_page("qpv", role="gestionnaire", territory="mno", year="2022")
    assert_ok(at)
    assert [w.value for w in at.warning] == [texts.QPV_SHARE_DATES_DIFFER.format(
        onpv="2022", month="décembre 2021")]
    shares = table_with(at, texts.QPV_SHARE_COLUMNS["qpv_part_de_abc"])
    assert row(shares, "Lambersart")[texts.QPV_SHARE_COLUMNS["qpv_part_de_abc"]] == \
        f"16,0{NBSP}%"  # 160 / 1 000


def test_onpv_total_the_file_hides_hides_its_dont_lines(tmp_path, monkeypatch):
    """An IPRO file whose « ABC » of Pacot is « s » (the ONPV's secret) while its « dont »
    cells are given (A 12, women 7…): nothing built on them shows for Pacot, nor the totals
    they would give away (the territory's category A: 12 + 150); Briquetterie's figures
    stay (150 / 240 = 62,5 % in category A)."""
    from ingest.pipeline import commit, prepare

    ipro = (
        "\ufeffCODGEO;LIBGEO;TX_TOT_EMPL;ABCDE;ABC;ABC_F;ABC_H;A;ABC_25;ABC_2649;ABC_50\r\n"
        "QN05970M;Pacot - Vandracq;50,0;30;s;7;5;12;3;7;2\r\n"
        "QN05977M;La Briquetterie;45,0;260;240;118;122;150;30;169;41\r\n")
    store = Store(tmp_path)
    for raw, name, period, source in (
            (onpv_files.job_seekers_csv(("2022-12",)), "demandeurs_mno.csv", None, "de_commune"),
            (ipro.encode("utf-8"), "IPRO_2022.csv", "2022", "de_qpv")):
        commit(store, prepare(store, raw, name, source=source, period=period, territory="mno"),
               user="test")
    monkeypatch.setenv("TBE_DATA_DIR", str(store.data_dir))
    at = run_page("qpv", role="gestionnaire", territory="mno", year="2022")
    assert_ok(at)
    figures = table_with(at, texts.QPV_ONPV_FILE_CODE).set_index(texts.COL_QPV_NAME)
    cols = texts.QPV_ONPV_COLUMNS
    for key in ("qpv_de_abc", "qpv_de_a_part", "qpv_de_abc_femmes_part",
                "qpv_de_abc_moins_25_part", "qpv_de_abc_50plus_part"):
        assert figures.at["Pacot - Vandracq", cols[key]] == "s", key
        assert figures.at[texts.QPV_ONPV_TOTAL, cols[key]] == "s", key
    assert figures.at["La Briquetterie", cols["qpv_de_a_part"]] == f"62,5{NBSP}%"
    assert figures.at["Pacot - Vandracq", cols["qpv_taux_emploi"]] == f"50,0{NBSP}%"
    assert texts.QPV_ONPV_SECRET in shown_text(at)
    # Lambersart's category A in its QPV is Pacot's: « s », not the file's 12 beside an
    # « s » of all categories; Marcq's is Briquetterie's 150
    by_commune = table_with(at, texts.QPV_SHARE_COLUMNS["qpv_de_a"])
    shown = texts.QPV_SHARE_COLUMNS
    assert row(by_commune, "Lambersart")[shown["qpv_de_abc"]] == "s"
    assert row(by_commune, "Lambersart")[shown["qpv_de_a"]] == "s"
    assert row(by_commune, "Total")[shown["qpv_de_a"]] == "s"
    assert row(by_commune, "Marcq-en-Barœul")[shown["qpv_de_a"]] == "150"


def test_the_reference_share_says_on_how_many_communes_it_is(demo):
    # France's share is of the communes whose PLIE and Mission Locale data are imported:
    # in the demo MNO's 10, so its share is MNO's (47 / 463 = 10,2 %), and the legend says so
    at = run_page("qpv", territory="mno", year="2025", ref="france")
    assert_ok(at)
    shares = table_with(at, texts.COL_POPULATION).set_index(texts.COL_POPULATION)
    column = f"France, 10 communes couvertes sur 34{NNBSP}935"
    assert column in shares.columns
    assert shares.at["Participants du PLIE", column] == f"10,2{NBSP}%"
    assert "France" not in shares.columns


def test_outside_the_mel_no_qpv_listed_is_not_no_qpv(poitiers):
    at = run_page("qpv", "elu", territory="gp", year="2025")
    assert_ok(at)
    notes = " ".join(i.value for i in at.info)
    assert "n'est pas connue de l'application" in notes
    assert "Aucun quartier prioritaire" not in notes  # Poitiers has some
    at = run_page("ma_commune", "elu", territory="gp", year="2025", commune="86194")
    assert_ok(at)
    text = shown_text(at)
    assert texts.COMMUNE_QPV_NOT_LISTED in text and texts.COMMUNE_NO_QPV not in text
