"""The tables summed at import (`data.store.derive`) give the figures the cells give.

`tests/queries/cell_level/` keeps the job-seeker queries as they were when they read the
cells of `job_seekers` (54 a commune-month for a detailed export). Each test runs them
beside the app's queries, which read `job_seekers_figures` (chosen from `job_seekers_grains`)
and `job_seekers_commune_months`,
on the same rows, and asserts the two results are the same frame: values, NULLs, types,
row order (sorted by commune where the query gives no order). The rows are the demo
store's, and random ones mixing every layout an import can store (detail cells with
left-out and secret ones, published margins, ABC alone, category A alone, NULL dimensions
of old imports, categories D and E).
"""

import datetime as dt
import random
import re
from decimal import Decimal
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from data.schema import TABLES
from data.store import derive
from queries import runner
from queries.context import territory_communes

CELL_LEVEL = Path(__file__).parent / "cell_level"
INCLUDE = re.compile(r"^[ \t]*-- include: ([a-z_][a-z0-9_]*)[ \t]*$", re.MULTILINE)
JOB_SEEKER_QUERIES = ["job_seekers_snapshot", "job_seekers_breakdown", "job_seekers_monthly",
                      "job_seekers_latest_month", "job_seekers_months"]


def cell_level_text(name: str) -> str:
    text = (CELL_LEVEL / f"{name}.sql").read_text(encoding="utf-8")
    return INCLUDE.sub(lambda m: cell_level_text(f"_{m[1]}").rstrip("\n"), text)


def cell_level(con, name: str, **params) -> pd.DataFrame:
    needed = set(runner.PARAM.findall(cell_level_text(name)))
    return con.execute(cell_level_text(name), {k: v for k, v in params.items()
                                                if k in needed}).df()


def in_order(df: pd.DataFrame, name: str) -> pd.DataFrame:
    """A query without `order by` (grouping sets) gives its rows in any order: sorted here."""
    if "order by" in runner.sql_text(name).rsplit(")", 1)[-1]:
        return df
    return df.sort_values(list(df.columns[:1]), na_position="last").reset_index(drop=True)


def assert_same(con, name: str, **params) -> pd.DataFrame:
    app = in_order(runner.run(con, name, **params), name)
    expected = in_order(cell_level(con, name, **params), name)
    pd.testing.assert_frame_equal(app, expected, check_exact=True)
    return app


def month_list(con) -> list[dt.date]:
    return [r[0] for r in con.execute(
        "select distinct month from job_seekers where month is not null order by 1").fetchall()]


def check_every_query(con, selections: list[list[str]]) -> int:
    """Every job-seeker query, for each selection and month; returns how many frames had a
    figure (so that a test on empty data cannot pass by accident)."""
    months = month_list(con)
    filled = 0
    for communes in selections:
        for month in months:
            snap = assert_same(con, "job_seekers_snapshot", communes=communes, month=month)
            assert_same(con, "job_seekers_breakdown", communes=communes, month=month)
            filled += int(snap["de_abc"].notna().any())
        for start, end in ((months[0], months[-1]), (months[len(months) // 2], months[-1])):
            assert_same(con, "job_seekers_monthly", communes=communes, start=start, end=end)
            assert_same(con, "job_seekers_latest_month", communes=communes, start=start,
                        end=end)
        assert_same(con, "job_seekers_months", communes=communes)
    return filled


# -- random rows of every layout --------------------------------------------------------
CATS, SEXES = ["A", "B", "C"], ["F", "H"]
AGES, DURATIONS = ["moins_25", "25_49", "50_plus"], ["moins_12m", "12_23m", "24m_plus"]
COMMUNES = [f"59{n:03d}" for n in range(1, 13)]
MONTHS = [dt.date(2023 + (m // 12), m % 12 + 1, 1) for m in range(15)]


def count(rng: random.Random):
    return None if rng.random() < 0.1 else rng.randint(0, 40)


def random_rows(seed: int) -> list[tuple]:
    """(month, code_insee, category, sex, age_band, duration_band, count, _import_id)."""
    rng = random.Random(seed)
    rows = []
    for code in COMMUNES:
        for month in MONTHS:
            kind = rng.choice(["detail", "detail_a_only", "dares", "abc", "old", "none",
                               "category_sex"])
            imp = f"{kind}-{month:%Y%m}"
            if kind in ("detail", "detail_a_only"):
                cats = CATS if kind == "detail" else ["A"]
                for c in cats:
                    for s in SEXES:
                        for a in AGES:
                            for d in DURATIONS:
                                if rng.random() < 0.85:  # a file leaves out empty cells
                                    rows.append((month, code, c, s, a, d, count(rng), imp))
            elif kind == "category_sex":
                for c in rng.sample(CATS, rng.randint(1, 3)):
                    for s in SEXES:
                        rows.append((month, code, c, s, "total", "total", count(rng), imp))
            elif kind == "dares":
                rows += [(month, code, "ABC", "total", "total", "total", count(rng), imp),
                         (month, code, "ABC", "F", "total", "total", count(rng), imp),
                         (month, code, "ABC", "H", "total", "total", count(rng), imp),
                         (month, code, "A", "total", "total", "total", count(rng), imp)]
                rows += [(month, code, "ABC", "total", a, "total", count(rng), imp)
                         for a in AGES if rng.random() < 0.9]
            elif kind == "abc":
                rows.append((month, code, "ABC", "total", "total", "total", count(rng), imp))
            elif kind == "old":
                rows.append((month, code, None, None, None, None, count(rng), imp))
            if kind != "none" and rng.random() < 0.2:
                rows.append((month, code, rng.choice(["D", "E"]), "total", "total", "total",
                             count(rng), imp))
    return rows


def connection(rows: list[tuple]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    cols = ", ".join(f"{c} {t}" for c, t in TABLES["job_seekers"].all_columns.items())
    con.execute(f"create table job_seekers ({cols})")
    names = ", ".join(TABLES["job_seekers"].columns)
    con.executemany(f"insert into job_seekers ({names}, _import_id) "
                    "values (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    derive(con)
    return con


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_job_seeker_queries_equal_the_cell_level_ones_on_every_layout(seed):
    con = connection(random_rows(seed))
    rng = random.Random(seed)
    selections = [COMMUNES, COMMUNES[:1], rng.sample(COMMUNES, 4), [COMMUNES[3], "99999"]]
    assert check_every_query(con, selections) > 0


def test_job_seekers_grains_sum_the_cells_of_each_grain():
    rows = [(MONTHS[0], "59001", "A", "F", "total", "total", 3, "1"),
            (MONTHS[0], "59001", "A", "H", "total", "total", None, "1"),
            (MONTHS[0], "59001", "B", "F", "total", "total", 5, "1"),
            (MONTHS[0], "59001", "ABC", "total", "total", "total", 20, "1"),
            (MONTHS[0], "59001", "D", "total", "total", "total", 7, "1")]
    con = connection(rows)
    got = con.execute("select grain, n_rows, s_all, secret_cells, more_than_a, n_cat_a, "
                      "s_cat_a, n_sex_f, s_sex_f, n_cat_c, s_cat_c from job_seekers_grains "
                      "order by grain").fetchall()
    # D left out; the ABC margin comes from an import that details B: more than A
    assert got == [(0, 1, 20, 0, True, 0, None, 0, None, 0, None),
                   (12, 3, 8, 1, True, 2, 3, 2, 8, 0, None)]
    assert con.execute("select count(*) from job_seekers_commune_months").fetchone()[0] == 1


def test_store_sums_the_active_files_of_overlapping_imports(empty_store):
    """The store sums the cells straight from the files (`derive(job_seeker_files=…)`),
    keeping per commune-month the newest import's rows only; the cell-level queries read
    the `job_seekers` view over the same files (the `qualify` of the former build)."""
    rows = random_rows(4)
    cols = list(TABLES["job_seekers"].columns)
    frame = pd.DataFrame([r[:7] for r in rows], columns=cols).astype({"count": "Int32"})
    frame["kind"] = [r[7].split("-")[0] for r in rows]
    for i, (kind, part) in enumerate(frame.groupby("kind", sort=True)):
        empty_store.commit_import(source="de_commune", territory="nord", period=kind,
                                  frames={"job_seekers": part[cols]}, file_name=f"{kind}.csv",
                                  raw=f"{i}".encode())
    # a later file re-publishes some commune-months at another grain, partly over them
    rng = random.Random(5)
    again = [(m, c, "ABC", "total", "total", "total", rng.randint(0, 30))
             for c in COMMUNES[:5] for m in MONTHS[3:9]]
    again += [(MONTHS[0], "59999", "A", "F", "25_49", "moins_12m", 4)]
    empty_store.commit_import(source="de_commune", territory="nord", period="again",
                              frames={"job_seekers": pd.DataFrame(again, columns=cols)},
                              file_name="again.csv", raw=b"again")
    con = empty_store.connection()
    assert con.execute("select table_type from information_schema.tables "
                       "where table_name = 'job_seekers'").fetchone()[0] == "VIEW"
    # the re-published commune-months read the newest import only
    assert con.execute("select count(*), sum(de_abc) from job_seekers_figures where "
                       "code_insee = '59001' and month = $m", {"m": MONTHS[4]}).fetchone() \
        == (1, again[1][6])
    selections = [COMMUNES + ["59999"], COMMUNES[:1], COMMUNES[3:7]]
    assert check_every_query(con, selections) > 0
    for name in ("job_seekers_commune_months", "job_seekers_imports", "job_seekers_figures"):
        got = con.execute(f"select * from {name} order by all").df()
        cells = duckdb.connect()
        cells.register("cells", con.execute("select * from job_seekers").df())
        cells.execute("create table job_seekers as select * from cells")
        derive(cells)
        pd.testing.assert_frame_equal(got, cells.execute(
            f"select * from {name} order by all").df(), check_exact=True)


# -- the demo data ----------------------------------------------------------------------
def test_job_seeker_queries_equal_the_cell_level_ones_on_the_demo_store(demo_store):
    con = demo_store.connection()
    mno, melt = territory_communes("mno"), territory_communes("melt")
    assert check_every_query(con, [mno, melt, mno[:1], mno + melt]) > 0


def test_coverage_and_years_equal_the_cell_level_ones_on_the_demo_store(demo_store):
    con = demo_store.connection()
    covered = 0
    for territory in ("mno", "melt", "nord"):
        communes = territory_communes(territory)
        assert_same(con, "available_years", communes=communes)
        for year in (2023, 2024, 2025):
            start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
            for month in (None, dt.date(year, 6, 1)):
                df = assert_same(con, "data_coverage", communes=communes, start=start,
                                 end=end, month=month)
                covered += int((df["source"] == "job_seekers").sum())
    assert covered > 0


# -- the coverage checks of the key figures, from the spans summed at the store's build ------
COVERED_TABLES = ["plie_participants", "plie_steps", "ml_contacts", "ml_programmes",
                  "financial_aid", "mde_events", "clause_hours", "ml_young", "ml_situations"]


def check_coverage(con, selections, periods) -> tuple[int, int]:
    """`coverage.sql`'s row against the former `covered_<table>.sql` of each table (kept in
    cell_level/), for each selection and period; returns (true, false) answers seen."""
    seen = [0, 0]
    for communes in selections:
        for start, end in periods:
            row = runner.run(con, "coverage", communes=communes, start=start, end=end)
            assert list(row.columns) == COVERED_TABLES and len(row) == 1
            for table in COVERED_TABLES:
                former = cell_level(con, f"covered_{table}", communes=communes, start=start,
                                    end=end).iloc[0, 0]
                assert bool(row.at[0, table]) is bool(former), (table, communes, start, end)
                seen[not former] += 1
    return seen[0], seen[1]


def coverage_periods(years) -> list[tuple[dt.date, dt.date]]:
    """Calendar years, and periods straddling two years or within one."""
    out = [(dt.date(y, 1, 1), dt.date(y, 12, 31)) for y in years]
    return out + [(dt.date(y, 7, 1), dt.date(y + 1, 6, 30)) for y in years[:-1]] + [
        (dt.date(years[1], 3, 1), dt.date(years[1], 4, 30))]


def test_coverage_equals_the_former_checks_on_the_demo_store(demo_store):
    con = demo_store.connection()
    mno, melt = territory_communes("mno"), territory_communes("melt")
    nord = territory_communes("nord")
    outside = [c for c in nord if c not in mno and c not in melt][:3]  # no extraction's
    selections = [mno, melt, nord, mno[:1], melt[:1], mno + melt, outside, ["99999"]]
    true, false = check_coverage(con, selections, coverage_periods([2022, 2023, 2024, 2025,
                                                                    2026]))
    assert true > 0 and false > 0


def hand_made_store() -> duckdb.DuckDBPyConnection:
    """Two territories (t1: 59001, 59002; t2: 59003), a commune in none (59004) named by
    both extractions, another with job seekers only (59005). t1's Mission Locale
    extraction ends in June 2023, before its year; t2's PLIE steps begin after its
    pathways' last year; t2's programmes start in 2025, its contacts reach February 2025."""
    from data.schema import empty_select

    con = duckdb.connect()
    for name, table in TABLES.items():
        con.execute(f"create table {name} as {empty_select(table)}")
    con.execute("create table territory_communes (territory varchar, code_insee varchar)")
    con.executemany("insert into territory_communes values (?, ?)",
                    [("t1", "59001"), ("t1", "59002"), ("t2", "59003")])
    con.execute("create table qpv_codes (code_insee varchar, qpv_code varchar)")
    con.execute("insert into qpv_codes values ('59003', 'QP059003'), ('59004', 'QP059004')")
    d = dt.date

    def insert(table, columns, rows):
        con.executemany(f"insert into {table} ({', '.join(columns)}) values "
                        f"({', '.join('?' * len(columns))})", rows)

    insert("plie_participants", ["person_key", "code_insee", "entry_date", "exit_date",
                                 "_territory"],
           [("a", "59001", d(2022, 3, 1), d(2023, 2, 10), "t1"),
            ("b", "59004", d(2023, 5, 5), None, "t1"),
            ("c", "59003", d(2024, 2, 1), d(2024, 11, 30), "t2"),
            ("d", None, d(2021, 1, 4), None, "t2")])
    insert("plie_steps", ["person_key", "start_date", "_territory"],
           [("a", d(2023, 6, 1), "t1"), ("c", d(2025, 1, 10), "t2"), ("c", None, "t2")])
    insert("ml_young", ["person_key", "code_insee", "registration_date", "_territory"],
           [("p1", "59002", d(2023, 1, 15), "t1"), ("p2", "59003", d(2024, 12, 20), "t2"),
            ("p3", "59004", d(2025, 1, 5), "t2"), ("p4", None, d(2022, 5, 5), "t2")])
    insert("ml_contacts", ["person_key", "contact_date", "_territory"],
           [("p1", d(2022, 11, 1), "t1"), ("p1", d(2023, 6, 30), "t1"),
            ("p2", d(2024, 12, 1), "t2"), ("p3", d(2025, 2, 1), "t2"), ("p3", None, "t2")])
    insert("ml_programmes", ["person_key", "programme", "start_date", "_territory"],
           [("p1", "CEJ", d(2022, 12, 1), "t1"), ("p3", "PACEA", d(2025, 6, 1), "t2")])
    insert("financial_aid", ["person_key", "payment_date", "_territory"],
           [("p1", d(2023, 3, 3), "t1"), ("p2", d(2024, 12, 31), "t2")])
    insert("mde_events", ["event_date", "code_insee", "_territory"],
           [(d(2023, 12, 31), "59002", "t1"), (d(2026, 1, 1), "59004", "nord")])
    insert("clause_hours", ["month", "resident_insee", "_territory"],
           [(d(2024, 1, 1), "59001", "nord"), (d(2020, 6, 1), "59005", "nord")])
    insert("job_seekers", ["month", "code_insee", "category", "count"],
           [(d(2021, 6, 1), "59005", "A", 3), (d(2019, 1, 1), "59001", "A", 2)])
    insert("qpv_indicators", ["qpv_code", "year"], [("QP059003", 2018), ("QP059004", 2017)])
    derive(con)
    return con


HAND_COMMUNES = ["59001", "59002", "59003", "59004", "59005"]
HAND_SELECTIONS = [[c] for c in HAND_COMMUNES] + [
    HAND_COMMUNES[:2], HAND_COMMUNES[2:4], HAND_COMMUNES, ["99999"], []]


def test_coverage_equals_the_former_checks_on_hand_made_extractions():
    con = hand_made_store()
    periods = coverage_periods(list(range(2020, 2027))) + [
        (dt.date(2023, 5, 5), dt.date(2023, 5, 5)), (dt.date(2022, 12, 15), dt.date(2023, 1, 15))]
    true, false = check_coverage(con, HAND_SELECTIONS, periods)
    assert true > 20 and false > 20

    def covered(communes, year):
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        row = runner.run(con, "coverage", communes=communes, start=start, end=end)
        return {t for t in COVERED_TABLES if row.at[0, t]}

    # t1's Mission Locale extraction ends in June 2023: 2024 has none of its figures
    assert {"ml_contacts", "ml_programmes", "financial_aid"} <= covered(["59002"], 2023)
    assert covered(["59002"], 2024) == set()
    # 59004, in no territory, is named by t1's PLIE and t2's Mission Locale extractions
    assert covered(["59004"], 2022) == {"plie_participants"}
    assert covered(["59004"], 2025) == {"ml_contacts", "ml_programmes", "ml_young"}
    # t2's steps all begin after 2024: its pathways' year has no step figure
    assert "plie_steps" not in covered(["59003"], 2024)
    assert "plie_participants" in covered(["59003"], 2024)


def test_available_years_and_data_coverage_equal_the_former_ones_on_hand_made_rows():
    con = hand_made_store()
    for communes in HAND_SELECTIONS:
        assert_same(con, "available_years", communes=communes)
        for start, end in coverage_periods([2021, 2023, 2025]):
            assert_same(con, "data_coverage", communes=communes, start=start, end=end,
                        month=None)
    years = runner.run(con, "available_years", communes=HAND_COMMUNES)["year"].tolist()
    assert years == [2026, 2025, 2024, 2023, 2022, 2021, 2019, 2018, 2017]
    assert runner.run(con, "available_years", communes=["59005"])["year"].tolist() == [2021]


# -- the per-commune table of the comparisons, without the long frame ---------------------
@pytest.mark.parametrize("territory, year", [("mno", 2025), ("melt", 2023), ("nord", 2024)])
def test_indicator_tables_equal_the_long_frame_pivoted(demo_store, territory, year):
    from queries import dashboards, registry, series
    from queries.comparison import total_rows, with_parents
    from queries.context import latest_job_seeker_month
    from queries.runner import one_page

    con = demo_store.connection()
    communes = territory_communes(territory)
    month = latest_job_seeker_month(con, communes, year)
    every = [i for i, ind in registry.indicators().items() if not ind.hidden]
    checked = 0
    for ids in (dashboards.JOB_SEEKER_IDS, dashboards.PLIE_IDS, dashboards.ML_IDS, every,
                ["plie_taux_sorties_positives", "plie_taux_sorties_positives", "de_abc"]):
        ids = with_parents(ids)
        for selection in (communes, communes[:1], [*communes, communes[0]]):
            with one_page():
                frame = series.indicator_frame(con, territory, selection, year, ids, month)
                wide, totals = series.indicator_tables(con, territory, selection, year, ids,
                                                       month)
            pd.testing.assert_frame_equal(wide, series.wide(frame), check_exact=True)
            pd.testing.assert_frame_equal(totals, total_rows(frame), check_exact=True)
            checked += int(wide.drop(columns=["code_insee", "commune"]).notna().any().any())
    assert checked > 0


# -- Mission Locale, PLIE, aid, events, clauses: the years summed at the store's build --------
PERSON_QUERIES = [("ml_activity", {}), ("ml_programme", {"programme": "CEJ"}),
                  ("ml_programme", {"programme": "PACEA"}), ("plie_steps", {}),
                  ("qpv_residents", {}), ("financial_aid", {}), ("mde_events", {}),
                  ("clause_hours", {"fte_hours": 1607})]


def periods_to_check(years) -> list[tuple[dt.date, dt.date]]:
    """Calendar years (the summed tables) and other periods (the person-level branch)."""
    out = [(dt.date(y, 1, 1), dt.date(y, 12, 31)) for y in years]
    return out + [(dt.date(years[0], 3, 1), dt.date(years[-1], 8, 31)),
                  (dt.date(years[-1], 1, 1), dt.date(years[-1], 6, 30))]


def check_person_queries(con, selections, years) -> dict[str, int]:
    """Every person-level query against its former text, for each selection and period;
    returns how many frames of each query counted someone."""
    counted = {}
    for name, extra in PERSON_QUERIES:
        for communes in selections:
            for start, end in periods_to_check(years):
                df = assert_same(con, name, communes=communes, start=start, end=end, **extra)
                filled = int(df.select_dtypes("number").fillna(0).to_numpy().sum() > 0)
                counted[name] = counted.get(name, 0) + filled
    return counted


def random_person_tables(seed: int) -> duckdb.DuckDBPyConnection:
    """Young people (some in two communes, some twice in one, some without key or date),
    their contacts, CEJ / PACEA periods (open, overlapping, reversed), situations and aid
    payments (every scheme, unknown or NULL ones, NULL amounts or dates, people outside
    `ml_young`); PLIE pathways (several communes a person) and steps (open, reversed,
    without date); employment events (communes outside the selections or NULL, NULL counts,
    communes whose interviews are never recorded); insertion-clause hours (workers living
    in two communes, sites inside and outside the selections or unknown, NULL hours)."""
    from data.schema import empty_select

    rng = random.Random(seed)
    con = duckdb.connect()
    for name in ("job_seekers", "ml_young", "ml_contacts", "ml_programmes", "ml_situations",
                 "plie_participants", "plie_steps", "financial_aid", "mde_events",
                 "clause_hours"):
        con.execute(f"create table {name} as {empty_select(TABLES[name])}")

    def day():
        return None if rng.random() < 0.05 else \
            dt.date(2022, 6, 1) + dt.timedelta(days=rng.randint(0, 1100))

    young, contacts, programmes, situations, pathways, steps = [], [], [], [], [], []
    for n in range(150):
        key = None if rng.random() < 0.03 else f"p{n}"
        homes = rng.choice([[rng.choice(COMMUNES)]] * 6 + [rng.sample(COMMUNES, 2)]
                           + [[COMMUNES[0], COMMUNES[0]]] + [[None]])
        for code in homes:
            young.append((key, code, rng.choice([None, "QP059001", "inconnu"]), day()))
        for _ in range(rng.randint(0, 8)):
            contacts.append((key, day(), rng.choice(["entretien", "atelier", "mail"])))
        for _ in range(rng.randint(0, 3)):
            start = day()
            end = None if rng.random() < 0.4 or start is None else \
                start + dt.timedelta(days=rng.randint(-30, 500))
            programmes.append((key, rng.choice(["CEJ", "PACEA"]), start, end))
        for _ in range(rng.randint(0, 3)):
            situations.append((key, day()))
        # PLIE: pathways (the latest gives the commune; distinct entry dates), steps
        entries = rng.sample(range(1100), rng.randint(0, 3))
        for e in entries:
            pathways.append((key, rng.choice(COMMUNES + [None]),
                             dt.date(2022, 1, 1) + dt.timedelta(days=e)))
        for _ in range(rng.randint(0, 5) if entries else 0):
            start = day()
            end = None if rng.random() < 0.4 or start is None else \
                start + dt.timedelta(days=rng.randint(-20, 400))
            steps.append((key, rng.choice(["emploi", "formation", "mobilisation", None]),
                          start, end, rng.choice([True, False, None])))
    con.executemany("insert into ml_young (person_key, code_insee, qpv_code, "
                    "registration_date) values (?, ?, ?, ?)", young)
    con.executemany("insert into ml_contacts (person_key, contact_date, contact_type) "
                    "values (?, ?, ?)", contacts)
    con.executemany("insert into ml_programmes (person_key, programme, start_date, end_date) "
                    "values (?, ?, ?, ?)", programmes)
    con.executemany("insert into ml_situations (person_key, start_date) values (?, ?)",
                    situations)
    con.executemany("insert into plie_participants (person_key, code_insee, entry_date) "
                    "values (?, ?, ?)", pathways)
    con.executemany("insert into plie_steps (person_key, family, start_date, end_date, "
                    "qualifying) values (?, ?, ?, ?, ?)", steps)
    con.executemany("insert into financial_aid (person_key, scheme, payment_date, amount) "
                    "values (?, ?, ?, ?)", random_aid(rng))
    con.executemany("insert into mde_events (event_date, code_insee, exhibitors, "
                    "participants, interviews) values (?, ?, ?, ?, ?)", random_events(rng))
    con.executemany("insert into clause_hours (month, operation_insee, person_key, "
                    "resident_insee, hours) values (?, ?, ?, ?, ?)", random_clauses(rng))
    # the quarters' names (qpv_residents.sql names the QPV of its rows)
    con.execute("create table qpv as select 'QP059001' as qpv_code, c as code_insee, "
                "'Quartier' as qpv_name from unnest($c) as t(c)", {"c": COMMUNES})
    derive(con)
    return con


AID_SCHEMES = ["allocation_cej", "allocation_pacea", "fajem", "fonds_ml", "fonds_ml_repas",
               "mobilite", "autre", None]
OUTSIDE = ["62001", "62002"]  # communes outside COMMUNES (one is in a selection)


def random_day(rng: random.Random) -> dt.date | None:
    return None if rng.random() < 0.05 else \
        dt.date(2022, 6, 1) + dt.timedelta(days=rng.randint(0, 1100))


def random_amount(rng: random.Random, cents: int) -> Decimal | None:
    return None if rng.random() < 0.05 else Decimal(rng.randint(0, cents)) / 100


def random_aid(rng: random.Random) -> list[tuple]:
    """(person_key, scheme, payment_date, amount): the young people's keys (p0 … p149,
    some twice a year or in two communes through `ml_young`) and keys of no young person."""
    return [(None if rng.random() < 0.03 else f"p{rng.randint(0, 170)}",
             rng.choice(AID_SCHEMES), random_day(rng), random_amount(rng, 80000))
            for _ in range(600)]


def random_events(rng: random.Random) -> list[tuple]:
    """(event_date, code_insee, exhibitors, participants, interviews): COMMUNES[-1] never
    records interviews."""
    def n():
        return None if rng.random() < 0.1 else rng.randint(0, 200)

    rows = []
    for _ in range(250):
        code = rng.choice(COMMUNES + OUTSIDE + [None])
        interviews = None if code == COMMUNES[-1] or rng.random() < 0.3 else rng.randint(0, 60)
        rows.append((random_day(rng), code, n(), n(), interviews))
    return rows


def random_clauses(rng: random.Random) -> list[tuple]:
    """(month, operation_insee, person_key, resident_insee, hours): workers (some without
    key) living in one commune or two, inside or outside the selections, on sites inside,
    outside or unknown; several months a person, some on the same site and month."""
    rows = []
    for n in range(80):
        key = None if rng.random() < 0.05 else f"w{n}"
        homes = rng.choice([[rng.choice(COMMUNES)]] * 4 + [rng.sample(COMMUNES, 2)]
                           + [[rng.choice(OUTSIDE)], [None]])
        for _ in range(rng.randint(1, 10)):
            day = random_day(rng)
            month = None if day is None else day.replace(day=1)
            rows.append((month, rng.choice(COMMUNES + OUTSIDE + [None]), key,
                         rng.choice(homes), random_amount(rng, 15000)))
    return rows


@pytest.mark.parametrize("seed", [1, 2])
def test_person_queries_equal_the_person_level_ones_on_random_people(seed):
    con = random_person_tables(seed)
    selections = [COMMUNES, COMMUNES[:1], random.Random(seed).sample(COMMUNES, 5),
                  [COMMUNES[-1], OUTSIDE[0]]]
    counted = check_person_queries(con, selections, [2022, 2023, 2024, 2025])
    assert all(counted.values()), counted


def test_person_queries_equal_the_person_level_ones_on_the_demo_store(demo_store):
    con = demo_store.connection()
    selections = [territory_communes(t) for t in ("mno", "melt", "nord")]
    counted = check_person_queries(con, selections, [2022, 2023, 2024, 2025])
    assert set(counted) == {name for name, _extra in PERSON_QUERIES}
    assert all(counted.values()), counted


def test_sums_built_a_share_of_the_people_at_a_time_are_the_same(demo_store, monkeypatch):
    """On a big store the sums grouped by person are built a share of the young people at a
    time (`data.store._make_by_chunks`): the same rows as built at once, and the person
    queries read from them still give what the person-level ones give."""
    from data import store as store_module
    from data.store import Store

    whole = Store(demo_store.data_dir).connection()
    assert store_module.people_chunks(whole) == 1  # the demo's few hundred young people
    monkeypatch.setattr(store_module, "PEOPLE_PER_CHUNK", 40)
    shared = Store(demo_store.data_dir).connection()
    assert store_module.people_chunks(shared) >= 4
    for name in ("ml_activity_years", "financial_aid_years", "ml_programme_years"):
        a, b = (c.execute(f"select * from {name}").df() for c in (whole, shared))
        assert len(a) > 50, name
        key = list(a.columns)
        pd.testing.assert_frame_equal(
            a.sort_values(key).reset_index(drop=True), b.sort_values(key).reset_index(drop=True),
            check_exact=True)
        years = b["year"].tolist()
        assert years == sorted(years), name  # still ordered by year (row groups skipped)
    selections = [territory_communes(t) for t in ("mno", "melt")]
    counted = check_person_queries(shared, selections, [2022, 2023, 2024, 2025])
    assert all(counted.values()), counted
