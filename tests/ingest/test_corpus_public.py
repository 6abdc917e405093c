"""Public statistics and partner layouts imported through the CLI, then read back as figures.

Files come from `tests/ingest/corpus_public.py` (written as the publishers and tools write
them). Every expected figure is a literal value of that module or a sum of them, added up
here; the importer's own output is never the reference.
"""

import contextlib
import io
import json
import math

import pandas as pd
import pytest

from cli.__main__ import main
from data.store import Store
from queries.figures import key_figures
from queries.runner import run
from tests.ingest import corpus_public as corpus

MNO = ["59368", "59328", "59356", "59378", "59386", "59457", "59482", "59527", "59611", "59636"]


@pytest.fixture
def store(tmp_path, monkeypatch) -> Store:
    monkeypatch.setenv("TBE_DATA_DIR", str(tmp_path / "store"))
    return Store(tmp_path / "store")


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in argv])
    return code, out.getvalue(), err.getvalue()


def write(tmp_path, built: tuple[str, bytes]):
    name, data = built
    path = tmp_path / name
    path.write_bytes(data)
    return path


def figures(territory: str, year: int) -> dict[str, float]:
    code, out, err = cli("figures", "--territory", territory, "--year", year, "--format", "json")
    assert code == 0, err
    return {r["indicator"]: (math.nan if r["value"] is None else r["value"])
            for r in json.loads(out)}


def periods(territory: str, year: int) -> dict[str, str]:
    code, out, _ = cli("figures", "--territory", territory, "--year", year, "--format", "json")
    return {r["indicator"]: r["period"] for r in json.loads(out)}


# -- France Travail open data ------------------------------------------------------------------
def test_france_travail_open_data_imports_with_no_option(store, tmp_path):
    code, out, err = cli("import", write(tmp_path, corpus.francetravail_opendata()))
    assert code == 0, err
    assert "Source reconnue : « Demandeurs d'emploi par commune (France Travail) »" in out
    # 24 months × one département row and one region row, reported, never summed
    assert "département : 24" in out and "région : 24" in out
    f2024, f2023 = figures("melt", 2024), figures("melt", 2023)
    # December 2024, the 11 communes of MELT: 420 + 300 + 1 010 + 100 + 1 520 + 560 + 870
    # + 480 + 13 910 + 140 + 390
    assert f2024["de_abc"] == sum(corpus.OPENDATA_DEC[2024].values()) == 19700
    assert f2023["de_abc"] == sum(corpus.OPENDATA_DEC[2023].values()) == 19420
    assert periods("melt", 2024)["de_abc"] == "décembre 2024"
    # A, B, C together: category A, sex and age are not in this file
    for figure in ("de_a", "de_abc_femmes", "de_abc_moins_25", "de_abc_longue_duree"):
        assert math.isnan(f2024[figure]), figure
    con = store.connection()
    kept = dict(con.execute("select code_insee, count(*) from job_seekers "
                            "where code_insee in ('62618', '47102') group by all").fetchall())
    assert kept == {"62618": 24, "47102": 24}  # Nordausques, Francescas: never « totals »
    assert con.execute("select distinct category, sex, age_band, duration_band "
                       "from job_seekers").fetchall() == [("ABC", "total", "total", "total")]


# -- Dares quarterly ---------------------------------------------------------------------------
def test_dares_quarterly_file_keeps_its_margins(store, tmp_path):
    code, out, err = cli("import", write(tmp_path, corpus.dares_quarterly()),
                         "--source", "de_commune")
    assert code == 0, err
    assert "total : 6" in out  # 2 cumulative rows per quarter, 3 quarters
    assert "AVERTISSEMENT" not in out and "ERREUR" not in out
    f = figures("mno", 2024)
    dec = {c: v for c, v in corpus.DARES_2024T4.items() if c in MNO}
    assert len(dec) == 10
    # the published totals, not Hommes + Femmes (which differ by the rounding to 5)
    assert f["de_abc"] == sum(v[0] for v in dec.values()) == 8280
    assert f["de_abc"] != sum(v[1] + v[2] for v in dec.values())
    assert f["de_abc_femmes"] == sum(v[2] for v in dec.values())
    assert f["de_abc_moins_25"] == sum(v[3] for v in dec.values())
    assert f["de_abc_50plus"] == sum(v[5] for v in dec.values())
    assert f["de_a"] == sum(v[6] for v in dec.values()) == 4965
    assert math.isnan(f["de_abc_longue_duree"])  # no registration duration in this file
    assert periods("mno", 2024)["de_abc"] == "décembre 2024"  # 2024-T4: its last month
    previous = {c: corpus._dares_quarter(2023, c) for c in dec}
    assert figures("mno", 2023)["de_abc"] == sum(v[0] for v in previous.values())
    # Bordeaux is stored (the file is national) but outside MNO
    con = store.connection()
    assert con.execute("select count from job_seekers where code_insee = '33063' and month = "
                       "'2024-12-01' and category = 'ABC' and sex = 'total' and "
                       "age_band = 'total'").fetchall() == [(29190,)]


def test_dares_file_is_recognised_without_source(store, tmp_path):
    code, out, err = cli("import", write(tmp_path, corpus.dares_quarterly()))
    assert code == 0, err
    assert "Source reconnue : « Demandeurs d'emploi par commune (France Travail) », d'après" in out
    assert "score" not in out


# -- France Travail STMT, a column per month -----------------------------------------------------
def test_month_per_column_file_counts_bad_lines_not_cells(store, tmp_path):
    path = write(tmp_path, corpus.stmt_monthly())
    code, out, err = cli("import", path)
    assert code == 2
    # Neuville-en-Ferrain (1 bad month) and Wervicq-Sud (2 bad months): 2 lines, not 3 cells
    assert "2 ligne(s) invalide(s)" in err
    assert "lignes invalides : 2." in out
    assert "[ERREUR] Nombre illisible — 2 lignes" in out
    assert store.is_empty()
    code, out, err = cli("import", path, "--drop-invalid-rows")
    assert code == 0, err
    record = store.catalog().active()[0]
    assert (record.rows_rejected, record.period) == (2, "2024-12")
    # valid lines at December 2024; Warneton's « * » is unknown, never 0
    assert figures("melt", 2024)["de_abc"] == sum(corpus.STMT_DEC_2024.values()) == 18290
    con = store.connection()
    assert con.execute("select count(*), count(count) from job_seekers "
                       "where code_insee = '59643'").fetchall() == [(12, 0)]


def test_reimporting_the_same_file_says_so_and_stores_nothing(store, tmp_path):
    path = write(tmp_path, corpus.dares_quarterly())
    assert cli("import", path)[0] == 0
    code, out, _ = cli("import", path)
    assert code == 0
    assert "Fichier déjà importé (import n° 1) : rien n'a été enregistré." in out
    assert [r.id for r in store.catalog().imports] == [1]


def test_report_option_writes_the_pages_validation_report(store, tmp_path):
    import openpyxl

    report = tmp_path / "rapport.xlsx"
    code, out, _ = cli("import", write(tmp_path, corpus.stmt_monthly()), "--report", report)
    assert code == 2 and f"Rapport de contrôle écrit : {report}" in out
    ws = openpyxl.load_workbook(report).active
    rows = [r for r in ws.iter_rows(values_only=True)]
    facts = {r[5]: r[6] for r in rows[1:6] if r[5]}
    assert facts["Lignes invalides"] == 2  # lines of the file
    cells = {(r[2], r[4]) for r in rows[8:] if r[0] == "erreur"}
    # 3 title lines, the header on line 4, 6 good lines, then the two bad ones
    first_bad = 4 + len(corpus.STMT_DEC_2024) + 1
    assert cells == {(first_bad, "n.c"), (first_bad + 1, "12O"), (first_bad + 1, "??")}


# -- ONPV, two years of each file ----------------------------------------------------------------
def test_onpv_files_store_the_period_their_figures_describe(store, tmp_path):
    ipro18 = write(tmp_path, corpus.ipro_2018())
    code, _, err = cli("import", ipro18)
    assert code == 2 and "période de référence" in err and "--period" in err
    assert store.is_empty()
    assert cli("import", ipro18, "--period", "2017-12")[0] == 0
    assert cli("import", write(tmp_path, corpus.ipro_2022()), "--period", "2021-12")[0] == 0
    # the same year as the first IPRO file: its « A » must not replace IPRO's « A »
    assert cli("import", write(tmp_path, corpus.demo_2022()), "--period", "2017")[0] == 0
    code, out, err = cli("import", write(tmp_path, corpus.demo_2021()), "--period", "2018")
    assert code == 0, err
    assert "Population des QPV (ONPV)" in out
    con = store.connection()

    def value(code_qp, measure, theme="insertion_professionnelle"):
        return dict(con.execute("select year, value from qpv_indicators where qpv_code = ? "
                                "and measure = ? and theme = ?",
                                [code_qp, measure, theme]).fetchall())

    assert value("QP059087", "ABC") == {2017: 1359, 2021: 1204}  # 1 359 in the real 2018 file
    assert value("QP059072", "A") == {2017: 121, 2021: None}  # empty cell: secret, not 0
    assert value("QP059087", "TX_TOT_EDLIM") == {2021: 21.4}
    assert value("QP059087", "POP_MUN", "demographie") == {2017: 6684, 2018: 6712}
    # « A » of the population file (CAF recipients) is another figure than category A
    assert value("QP059072", "A", "demographie")[2017] != 121
    assert con.execute("select count(*) from qpv_indicators where qpv_code = 'ENSEMBLE'"
                       ).fetchall() == [(0,)]
    code, out, _ = cli("history", "--format", "json")
    assert [(r["source"], r["period"]) for r in json.loads(out)] == [
        ("de_qpv", "2017-12"), ("de_qpv", "2021-12"), ("pop_qpv", "2017"), ("pop_qpv", "2018")]


# -- merged communes, totals, duplicates ---------------------------------------------------------
def test_merged_communes_are_added_and_duplicates_named(store, tmp_path):
    path = write(tmp_path, corpus.merged_communes())
    code, out, err = cli("import", path)
    assert code == 2
    nordheim = [corpus.MERGED_FIRST_ROW + i for i, r in enumerate(corpus.MERGED_ROWS)
                if r[1] == "67335"]
    assert f"lignes {nordheim[0]} et {nordheim[1]}" in out
    assert "Valeurs différentes pour la même commune et le même mois" in out
    assert "01039 → 01138" in out  # Béon, merged into Culoz-Béon
    assert "Ligne en double (identique)" in out
    assert "département : 2" in out and "total : 1" in out and "doublon identique : 1" in out
    assert store.is_empty()
    code, out, err = cli("import", path, "--drop-invalid-rows")
    assert code == 0, err
    df = run(store.connection(), "job_seekers_snapshot",
             communes=["01138", "62618", "47102", "67336", "67335"],
             month=pd.Timestamp("2024-12-01").date()).set_index("code_insee")
    assert df.at["01138", "de_abc"] == 100 + 20 + 10 + 7 + 3 + 1  # Culoz-Béon + Béon
    assert df.at["01138", "de_a"] == 100 + 7
    assert df.at["62618", "de_abc"] == 35 and df.at["67336", "de_abc"] == 60
    assert df.at["47102", "de_abc"] == 25  # the identical copy counted once
    assert pd.isna(df.at["67335", "de_abc"])  # both conflicting lines left out
    assert store.catalog().active()[0].rows_rejected == 2


# -- insertion-clause hours from a clause facilitator's tool --------------------------------------
def test_clause_hours_in_another_tools_layout(store, tmp_path):
    code, out, err = cli("import", write(tmp_path, corpus.clause_hours()))
    assert code == 0, err
    assert "Heures d'insertion des clauses sociales" in out
    assert "Maître d'ouvrage" in out  # listed as not imported, never silently
    f = key_figures(store.connection(), "mno", 2025).set_index("indicator")["value"]
    # residents of MNO: Lambersart (S-001: 120,5 + 35) and La Madeleine (S-003: 151,67);
    # S-002 lives in Tourcoing (MELT)
    assert f["clause_heures"] == pytest.approx(120.5 + 35 + 151.67)
    assert f["clause_personnes"] == 2
    # sites in MNO: Lambersart (120,5 + 80) and Marcq-en-Barœul (35 + 151,67)
    assert f["clause_heures_sites"] == pytest.approx(120.5 + 80 + 35 + 151.67)
    blob = b"".join(p.read_bytes() for p in store.imports_dir.rglob("*.parquet"))
    for personal in ("Martin", "Bernard", "Léa", "Yanis", "S-001"):
        assert personal.encode() not in blob
