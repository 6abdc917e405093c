"""Job-seeker figures read at the grain the data support: detail cells or published margins.

Each test writes a few rows of `job_seekers` by hand (as an import stores them) into an
in-memory DuckDB and runs the real queries; expected figures are the literal values of
the rows (or their sums), never the code's output. A figure the rows cannot support is
NULL: the pages say « non disponible dans ce fichier ».
"""

import datetime as dt
import math

import duckdb
import pandas as pd
import pytest

from data.schema import TABLES
from data.store import derive
from queries.runner import run

DEC = dt.date(2024, 12, 1)
A, B = "59599", "59279"  # Tourcoing, Halluin


def connection(rows: list[tuple], import_id: str = "1") -> duckdb.DuckDBPyConnection:
    """rows: (month, code_insee, category, sex, age_band, duration_band, count), all of one
    import; the store's derived tables built as the store builds them."""
    con = duckdb.connect()
    cols = ", ".join(f"{c} {t}" for c, t in TABLES["job_seekers"].all_columns.items())
    con.execute(f"create table job_seekers ({cols})")
    names = ", ".join(TABLES["job_seekers"].columns)
    if rows:
        con.executemany(f"insert into job_seekers ({names}, _import_id) "
                        "values (?, ?, ?, ?, ?, ?, ?, ?)", [(*r, import_id) for r in rows])
    derive(con)
    return con


def snapshot(con, communes=(A,), month=DEC) -> pd.DataFrame:
    df = run(con, "job_seekers_snapshot", communes=list(communes), month=month)
    return df.set_index(df["code_insee"].fillna("total"))


def breakdown(con, communes=(A,), month=DEC) -> pd.Series:
    df = run(con, "job_seekers_breakdown", communes=list(communes), month=month)
    df = df[df["code_insee"].isna()]
    return df.set_index(["dimension", "modality"])["de_abc"]


def missing(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or pd.isna(v)


def detail_rows(code: str, counts: dict[tuple[str, str], int]) -> list[tuple]:
    """Category × sex cells, all ages and durations together."""
    return [(DEC, code, cat, sex, "total", "total", n) for (cat, sex), n in counts.items()]


def test_only_abc_totals_give_de_abc_and_nothing_finer():
    # France Travail's open-data file: one ABC figure per commune and month
    con = connection([(DEC, A, "ABC", "total", "total", "total", 13910)])
    row = snapshot(con).loc[A]
    assert row["de_abc"] == 13910
    for figure in ("de_a", "de_abc_femmes", "de_abc_moins_25", "de_abc_longue_duree"):
        assert missing(row[figure]), figure
    b = breakdown(con)
    assert b.loc["category"].isna().all() and list(b.loc["category"].index) == ["A", "B", "C"]
    assert b.loc["sex"].isna().all()


def test_published_margins_are_read_as_published_never_added_to_each_other():
    # Dares quarterly file: ABC total, by sex and by age (each rounded to 5), and A total.
    # Hommes + Femmes = 10 010 differs from the published total 10 000: the total wins.
    rows = [(DEC, A, "ABC", "total", "total", "total", 10000),
            (DEC, A, "ABC", "H", "total", "total", 5005),
            (DEC, A, "ABC", "F", "total", "total", 5005),
            (DEC, A, "ABC", "total", "moins_25", "total", 1500),
            (DEC, A, "ABC", "total", "25_49", "total", 6000),
            (DEC, A, "ABC", "total", "50_plus", "total", 2495),
            (DEC, A, "A", "total", "total", "total", 6200)]
    row = snapshot(connection(rows)).loc[A]
    assert row["de_abc"] == 10000
    assert row["de_abc_femmes"] == 5005
    assert (row["de_abc_moins_25"], row["de_abc_25_49"], row["de_abc_50plus"]) == (1500, 6000, 2495)
    assert row["de_a"] == 6200
    assert missing(row["de_abc_longue_duree"])  # no duration in the file
    b = breakdown(connection(rows))
    assert (b["sex", "F"], b["sex", "H"]) == (5005, 5005)
    assert b["category", "A"] == 6200 and missing(b["category", "B"])
    assert b.loc["duration_band"].isna().all()


def test_detail_cells_are_summed():
    rows = detail_rows(A, {("A", "F"): 100, ("A", "H"): 120, ("B", "F"): 30, ("B", "H"): 20,
                           ("C", "F"): 15, ("C", "H"): 10})
    row = snapshot(connection(rows)).loc[A]
    assert row["de_abc"] == 100 + 120 + 30 + 20 + 15 + 10
    assert row["de_a"] == 100 + 120
    assert row["de_abc_femmes"] == 100 + 30 + 15
    assert missing(row["de_abc_moins_25"])


def test_category_a_alone_is_not_all_job_seekers():
    con = connection([(DEC, A, "A", "F", "total", "total", 40),
                      (DEC, A, "A", "H", "total", "total", 50)])
    row = snapshot(con).loc[A]
    assert row["de_a"] == 90 and missing(row["de_abc"]) and missing(row["de_abc_femmes"])


def test_the_selection_total_is_null_when_one_commune_cannot_give_the_figure():
    rows = [*detail_rows(A, {("A", "total"): 70, ("B", "total"): 20, ("C", "total"): 10}),
            (DEC, B, "ABC", "total", "total", "total", 1250)]
    df = snapshot(connection(rows), communes=(A, B))
    assert df.at["total", "de_abc"] == 70 + 20 + 10 + 1250
    assert df.at[A, "de_a"] == 70 and missing(df.at[B, "de_a"])
    assert missing(df.at["total", "de_a"])  # a partial sum would be a false figure


def test_rows_stored_before_margins_existed_read_as_margins():
    # the month-per-column layout used to store NULL category, sex, age and duration
    con = connection([(DEC, A, None, None, None, None, 13910),
                      (DEC, B, None, None, None, None, None)])
    df = snapshot(con, communes=(A, B))
    assert df.at[A, "de_abc"] == 13910 and missing(df.at[A, "de_a"])
    assert missing(df.at[B, "de_abc"]) and df.at["total", "de_abc"] == 13910
    assert df.at["total", "secret_cells"] == 1  # the secret cell is counted, never as 0


def test_monthly_series_uses_the_same_rule_and_keeps_quarters_at_their_last_month():
    rows = []
    for year, total, a in ((2023, 9800, 6000), (2024, 10000, 6200)):
        month = dt.date(year, 12, 1)  # 2023-T4, 2024-T4
        rows += [(month, A, "ABC", "total", "total", "total", total),
                 (month, A, "ABC", "F", "total", "total", total // 2),
                 (month, A, "A", "total", "total", "total", a)]
    df = run(connection(rows), "job_seekers_monthly", communes=[A],
             start=dt.date(2023, 1, 1), end=DEC)
    assert [d.date() for d in df["month"]] == [dt.date(2023, 12, 1), DEC]
    assert df["de_abc"].tolist() == [9800, 10000] and df["de_a"].tolist() == [6000, 6200]
    assert df["de_abc_tendance"].isna().all()  # no twelve known months


def test_monthly_de_a_is_null_when_only_abc_was_imported():
    df = run(connection([(DEC, A, "ABC", "total", "total", "total", 500)]),
             "job_seekers_monthly", communes=[A], start=DEC, end=DEC)
    assert df["de_abc"].tolist() == [500] and missing(df["de_a"].iloc[0])


@pytest.mark.parametrize("other", ["D", "E"])
def test_other_categories_are_left_out(other):
    con = connection([(DEC, A, "ABC", "total", "total", "total", 500),
                      (DEC, A, other, "total", "total", "total", 80)])
    assert snapshot(con).at[A, "de_abc"] == 500


def test_a_small_commune_without_b_and_c_cells_in_a_detail_file_has_none():
    # A detail file that leaves out empty cells: Halluin has B and C job seekers, the
    # small commune has category A rows only (3 women): its B and C are 0, not unknown.
    rows = [*detail_rows(B, {("A", "F"): 50, ("B", "F"): 20, ("C", "H"): 10}),
            *detail_rows(A, {("A", "F"): 3})]
    con = connection(rows)
    row = snapshot(con, communes=(A,)).loc[A]
    assert (row["de_abc"], row["de_a"], row["de_abc_femmes"]) == (3, 3, 3)
    b = breakdown(con, communes=(A,))
    assert (b["category", "A"], b["category", "B"], b["category", "C"]) == (3, 0, 0)
    assert (b["sex", "F"], b["sex", "H"]) == (3, 0)
    # the same rows in an A-only import would not be all job seekers
    alone = connection(detail_rows(A, {("A", "F"): 3}))
    assert missing(snapshot(alone).loc[A]["de_abc"])
