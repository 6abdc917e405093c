"""The store's promises: all-or-nothing imports, replacement, rollback, no lock, no loss."""

import subprocess
import sys
import threading
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from data.store import Store, StoreError

ROOT = Path(__file__).resolve().parents[2]


def events(n: int, year: int = 2025, name: str = "Forum") -> pd.DataFrame:
    return pd.DataFrame({
        "event_date": pd.to_datetime([f"{year}-03-{(i % 27) + 1:02d}" for i in range(n)]),
        "name": [f"{name} {i}" for i in range(n)],
        "code_insee": ["59328"] * n,
        "exhibitors": [2] * n,
        "participants": [10] * n,
        "interviews": [None] * n,
    })


def commit(store: Store, df: pd.DataFrame, period: str = "2025", raw: bytes | None = None):
    return store.commit_import(source="mde_events", territory="mno", period=period,
                               frames={"mde_events": df}, file_name="evenements.xlsx",
                               raw=raw if raw is not None else df.to_csv().encode())


def count(store: Store) -> int:
    return store.connection().execute("select count(*) from mde_events").fetchone()[0]


def test_empty_store_has_typed_empty_tables(empty_store):
    con = empty_store.connection()
    assert con.execute("select count(*) from plie_participants").fetchone()[0] == 0
    assert con.execute("select count(*) from communes where code_insee = '59599'").fetchone()[0] == 1
    assert empty_store.is_empty()


def test_import_is_visible_and_archived(empty_store):
    rec = commit(empty_store, events(3))
    assert count(empty_store) == 3
    raw = events(3).to_csv().encode()
    assert (empty_store.data_dir / rec.archive_path).read_bytes() != raw  # encrypted at rest
    assert empty_store.read_archive(rec.id) == ("evenements.xlsx", raw)
    assert rec.rows_stored == 3 and rec.status == "active"


def test_reimport_same_period_replaces_and_rollback_restores(empty_store):
    first = commit(empty_store, events(3))
    second = commit(empty_store, events(5, name="Salon"))
    assert count(empty_store) == 5
    cat = empty_store.catalog()
    assert cat.get(first.id).status == "replaced" and cat.get(second.id).status == "active"
    empty_store.rollback(second.id)
    assert count(empty_store) == 3
    assert empty_store.catalog().get(first.id).status == "active"
    with pytest.raises(StoreError, match="pas actif"):
        empty_store.rollback(second.id)


def test_same_file_twice_changes_nothing(empty_store):
    df = events(4)
    a = commit(empty_store, df)
    version = empty_store.catalog().version
    b = commit(empty_store, df)
    assert a.id == b.id
    assert empty_store.catalog().version == version
    assert len(empty_store.catalog().imports) == 1


def test_newer_import_wins_only_for_what_it_covers(empty_store):
    commit(empty_store, events(3, year=2024), period="2024")
    commit(empty_store, events(2, year=2025), period="2025")
    con = empty_store.connection()
    by_year = dict(con.execute(
        "select year(event_date), count(*) from mde_events group by 1").fetchall())
    assert by_year == {2024: 3, 2025: 2}


def test_failed_import_leaves_nothing(empty_store, monkeypatch):
    commit(empty_store, events(3))
    before = empty_store.catalog_path.read_bytes()

    def boom(*args, **kwargs):
        raise OSError("disque plein")

    monkeypatch.setattr(Store, "_archive", boom)
    with pytest.raises(OSError):
        commit(empty_store, events(7, name="Autre"))
    assert empty_store.catalog_path.read_bytes() == before
    assert count(empty_store) == 3
    leftovers = [p.name for p in empty_store.imports_dir.iterdir() if p.name.startswith(".tmp")]
    assert leftovers == []


def test_orphan_folder_from_a_crash_is_ignored(empty_store):
    commit(empty_store, events(3))
    orphan = empty_store.imports_dir / "2"
    orphan.mkdir()
    (orphan / "mde_events.parquet").write_bytes(b"half written")
    rec = commit(empty_store, events(4, name="Salon"))
    assert rec.id == 3
    assert count(empty_store) == 4


def test_unknown_table_is_refused(empty_store):
    with pytest.raises(StoreError):
        empty_store.commit_import(source="x", territory="mno", period="2025",
                                  frames={"nope": events(1)}, file_name="x.csv", raw=b"x")
    assert empty_store.is_empty()


def test_queries_cannot_read_files(empty_store):
    con = empty_store.connection()
    with pytest.raises(duckdb.PermissionException):
        con.execute("select * from read_csv('/etc/passwd')").fetchall()


def test_pseudonymisation_is_stable_and_secret(empty_store, tmp_path):
    a = empty_store.pseudonymise(pd.Series(["P-1", "P-2", "P-1", None]))
    assert a[0] == a[2] and a[0] != a[1] and pd.isna(a[3])
    assert "P-1" not in a[0]
    other = Store(tmp_path / "other").pseudonymise(pd.Series(["P-1"]))
    assert other[0] != a[0]  # per-installation secret


def test_readers_never_see_half_an_import(empty_store):
    """Imports of 10 then 20 rows alternate while readers count: only 10 or 20 is seen."""
    commit(empty_store, events(10))
    seen, errors = set(), []
    stop = threading.Event()

    def reader():
        while not stop.is_set():
            try:
                seen.add(count(empty_store))
            except Exception as e:  # pragma: no cover - the test fails below
                errors.append(e)

    threads = [threading.Thread(target=reader) for _ in range(3)]
    for t in threads:
        t.start()
    for i in range(8):
        commit(empty_store, events(20 if i % 2 == 0 else 10, name=f"V{i}"))
    stop.set()
    for t in threads:
        t.join()
    assert errors == []
    assert seen <= {10, 20} and seen


def test_cli_import_while_app_connection_is_open(empty_store, tmp_path):
    """Another process imports while this one holds a connection: no lock error."""
    commit(empty_store, events(3))
    con = empty_store.connection()
    csv = tmp_path / "evenements.csv"
    csv.write_text("Date;Événement;Commune;Exposants;Participants\n"
                   "12/03/2025;Job dating;Lambersart;4;40\n", encoding="utf-8")
    env = {"TBE_DATA_DIR": str(empty_store.data_dir), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "cli", "import", str(csv), "--territory", "mno"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert con.execute("select count(*) from mde_events").fetchone()[0] == 3  # old snapshot
    assert count(empty_store) == 1  # the new import replaced the year 2025


def test_history_records_what_changed_against_the_previous_import(empty_store):
    commit(empty_store, events(3))
    second = commit(empty_store, pd.concat([events(2), events(2, name="Salon")], ignore_index=True))
    assert second.changes["mde_events"] == {"before": 3, "after": 4, "added": 2, "removed": 1}
    assert second.changes["compared_with"] == 1


def test_imports_and_rollbacks_are_audited(empty_store):
    from data import audit

    rec = commit(empty_store, events(3))
    empty_store.rollback(rec.id, user="marie")
    log = audit.entries(empty_store.data_dir)
    assert [(e["action"], e["user"], e["import_id"]) for e in log] == [
        ("import", "cli", rec.id), ("annulation_import", "marie", rec.id)]


def test_archived_raw_files_are_purged_after_the_retention_period(empty_store):
    import datetime as dt

    rec = commit(empty_store, events(3))
    archived = empty_store.data_dir / rec.archive_path
    assert archived.exists()
    assert empty_store.purge_archive(months=24) == []  # too recent
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=800)
    assert empty_store.purge_archive(months=24, now=later) == [rec.id]
    assert not archived.exists()
    assert count(empty_store) == 3  # the imported rows stay
    assert empty_store.catalog().get(rec.id).archive_purged_at


def job_seekers(values: dict[tuple[str, str], int]) -> pd.DataFrame:
    """Stocks A, B, C by (commune, month) as a France Travail file gives them."""
    return pd.DataFrame([{"month": pd.Timestamp(m), "code_insee": c, "category": "ABC",
                          "sex": "total", "age_band": "total", "duration_band": "total",
                          "count": n} for (c, m), n in values.items()])


def commit_de(store: Store, df: pd.DataFrame, period: str, name: str):
    return store.commit_import(source="de_commune", territory="mno", period=period,
                               frames={"job_seekers": df}, file_name=name,
                               raw=df.to_csv().encode())


def de_total(store: Store, month: str) -> int:
    return store.connection().execute(
        "select sum(count) from job_seekers where month = ?", [month]).fetchone()[0]


def test_a_reimport_replaces_only_the_communes_and_months_it_holds(empty_store):
    """A year of two communes, then a corrected September that forgets Lompret: Lompret's
    September and every other month stay (100 + 20 in September, by hand)."""
    months = ["2025-08-01", "2025-09-01"]
    first = commit_de(empty_store, job_seekers(
        {(c, m): n for m in months for c, n in (("59328", 90), ("59356", 20))}), "2025-09", "v1")
    correction = job_seekers({("59328", "2025-09-01"): 100})
    whole = job_seekers({(c, m): 50 for m in months for c in ("59328", "59356")})
    # said before: the correction would replace part of the first, the whole file all of it
    assert empty_store.replacement_preview(source="de_commune", territory="mno",
                                           period="2025-09", frames={"job_seekers": correction}
                                           )[:2] == ([], [first.id])
    assert empty_store.replacement_preview(source="de_commune", territory="mno",
                                           period="2025-09", frames={"job_seekers": whole}
                                           )[:2] == ([first.id], [])
    assert [r.id for r in empty_store.catalog().imports] == [first.id]  # nothing stored
    second = commit_de(empty_store, correction, "2025-09", "v2")
    assert de_total(empty_store, "2025-09-01") == 120
    assert de_total(empty_store, "2025-08-01") == 110
    cat = empty_store.catalog()
    assert cat.get(first.id).status == "active"
    assert second.replaces == [] and second.overrides == [first.id]
    # rolling the correction back gives the first file's September again
    empty_store.rollback(second.id)
    assert de_total(empty_store, "2025-09-01") == 110
    # a file that holds every commune and month of the first replaces it as a whole
    third = commit_de(empty_store, whole, "2025-09", "v3")
    assert third.replaces == [first.id] and third.overrides == []
    assert empty_store.catalog().get(first.id).status == "replaced"
    assert de_total(empty_store, "2025-08-01") == 100


def test_an_import_of_another_period_that_overlaps_is_named(empty_store):
    first = commit_de(empty_store, job_seekers({("59328", "2025-12-01"): 80,
                                                ("59328", "2025-08-01"): 70}), "2025-12", "dec")
    older = commit_de(empty_store, job_seekers({("59328", "2025-08-01"): 75}), "2025-08", "aug")
    assert older.overrides == [first.id] and older.replaces == []
    assert de_total(empty_store, "2025-12-01") == 80 and de_total(empty_store, "2025-08-01") == 75
    from wording.import_outcome import replacement_lines

    lines = replacement_lines(older, empty_store.catalog())
    assert "l'import n° 1 ;" in lines[0]
    assert "période plus récente (décembre 2025)" in lines[1]


def test_a_new_extraction_replaces_the_previous_one_and_keeps_the_sheets_it_lacks(empty_store):
    """A PLIE extraction is one whole: a new one replaces the previous one. The sheets it
    lacks (a tool exporting one file per table) are kept with it when they describe its
    people; steps of people it no longer follows only (they would join nobody and read 0
    steps) stay with the replaced import, and the steps read « non disponible »."""
    people = pd.DataFrame({"person_key": ["a", "b"], "code_insee": ["59328", "59328"],
                           "entry_date": pd.to_datetime(["2025-01-06", "2025-02-03"])})
    steps = pd.DataFrame({"person_key": ["a"], "family": ["emploi"], "step_type": ["CDD"],
                          "start_date": pd.to_datetime(["2025-03-01"])})

    from data.schema import TABLES

    def full(name, df):
        return df.reindex(columns=list(TABLES[name].columns))

    def plie(frames, name):
        frames = {k: full(k, v) for k, v in frames.items()}
        return empty_store.commit_import(source="plie", territory="mno", period="2025-12",
                                         frames=frames, file_name=name, raw=name.encode())

    first = plie({"plie_participants": people, "plie_steps": steps}, "v1")
    second = plie({"plie_participants": people.iloc[:1].assign(person_key="c")}, "v2")
    assert second.replaces == [first.id] and second.overrides == []
    assert second.carried == {} and second.not_carried == {"plie_steps": 1}  # a's step: c only
    assert set(second.tables) == {"plie_participants"}
    con = empty_store.connection()
    assert con.execute("select count(*) from plie_steps").fetchone()[0] == 0
    assert con.execute("select person_key from plie_participants").fetchall() == [("c",)]
    from queries.figures import key_figures

    kf = key_figures(con, "mno", 2025).set_index("indicator")["value"]
    assert kf["plie_participants"] == 1 and pd.isna(kf["plie_etapes"])  # not 0
    empty_store.rollback(second.id)  # the first extraction, with a's step, is back
    assert empty_store.connection().execute("select count(*) from plie_steps").fetchone()[0] == 1
    # the same people without their steps sheet: the steps are kept with the new import
    third = plie({"plie_participants": people}, "v3")
    assert third.carried == {"plie_steps": 1} and third.carried_people == {"plie_steps": 1}
    assert third.not_carried == {}


def test_one_table_per_file_keeps_every_table_of_the_extraction(empty_store):
    """A Mission Locale tool exporting one CSV per table: the young people, then the
    contacts. Each import replaces the previous extraction and keeps what it lacks."""
    from data.schema import TABLES

    def ml(name, frames):
        frames = {k: v.reindex(columns=list(TABLES[k].columns)) for k, v in frames.items()}
        return empty_store.commit_import(source="ml", territory="mno", period="2025-12",
                                         frames=frames, file_name=name, raw=name.encode())

    young = pd.DataFrame({"person_key": ["y1", "y2", "y3"], "code_insee": ["59328"] * 3,
                          "registration_date": pd.to_datetime(["2025-01-06"] * 3)})
    contacts = pd.DataFrame({"person_key": ["y1", "y1", "y2", "y3"],
                             "contact_date": pd.to_datetime(["2025-02-03", "2025-03-03",
                                                             "2025-02-10", "2025-04-01"]),
                             "contact_type": ["entretien"] * 4})
    everything = ml("extraction.xlsx", {"ml_young": young, "ml_contacts": contacts})
    only_young = ml("jeunes.csv", {"ml_young": young.iloc[:2]})
    assert only_young.replaces == [everything.id] and only_young.carried == {"ml_contacts": 4}
    assert only_young.carried_people == {"ml_contacts": 3}  # y3's contact: y3 is gone

    def counted():
        con = empty_store.connection()
        return (con.execute("select count(*) from ml_young").fetchone()[0],
                con.execute("select count(*) from ml_contacts").fetchone()[0])

    assert counted() == (2, 4)  # the new young people, the contacts kept
    only_contacts = ml("contacts.csv", {"ml_contacts": contacts.iloc[:3]})
    assert only_contacts.carried == {"ml_young": 2}
    assert only_contacts.carried_people == {}  # the people themselves kept
    assert counted() == (2, 3)
    empty_store.rollback(only_contacts.id)
    assert counted() == (2, 4)
    empty_store.rollback(only_young.id)
    assert counted() == (3, 4)


def test_an_extraction_of_another_period_replaces_the_previous_one_and_says_it_was_newer(
        empty_store):
    from data.schema import TABLES
    from wording.import_outcome import replacement_lines

    people = pd.DataFrame({"person_key": ["a"], "code_insee": ["59328"],
                           "entry_date": pd.to_datetime(["2025-01-06"])})
    people = people.reindex(columns=list(TABLES["plie_participants"].columns))

    def plie(period, key):
        return empty_store.commit_import(
            source="plie", territory="mno", period=period, file_name=period,
            frames={"plie_participants": people.assign(person_key=key)}, raw=period.encode())

    december = plie("2025-12", "a")
    august = plie("2025-08", "b")
    assert august.replaces == [december.id]
    assert empty_store.catalog().get(december.id).status == "replaced"
    lines = replacement_lines(august, empty_store.catalog())
    assert lines[0].startswith("Il remplace l'import n° 1")
    assert "l'import n° 1 porte sur une période plus récente (décembre 2025)" in lines[1]
    assert "rollback 2" in lines[1]


def test_versions_share_unchanged_tables_and_go_when_no_cursor_holds_them(empty_store):
    """An import reloads only the tables whose files changed, and recomputes only the sums
    that read them; the previous version stays
    readable while a cursor holds it, and is dropped (with its own tables) once none does."""
    commit(empty_store, events(3))
    old = empty_store.connection()

    def loaded(cursor):
        return {r[0] for r in cursor.execute(
            "select table_name from duckdb_tables() where schema_name = 'main'").fetchall()}

    before = loaded(old)
    commit(empty_store, events(5, year=2024), period="2024")
    new = empty_store.connection()
    after = loaded(old)
    changed = after - before
    # the events, and the sums that read them (the days each source has rows, the years
    # each commune has data, the years each source covers a commune or a territory, the
    # events per commune × year)
    assert sorted(t.split("__")[0] for t in changed) == [
        "commune_years", "coverage_days", "coverage_declared_years", "coverage_years",
        "mde_events", "mde_events_years"]
    assert old.execute("select count(*) from mde_events").fetchone()[0] == 3
    assert new.execute("select count(*) from mde_events").fetchone()[0] == 8
    del old
    new.close()
    latest = empty_store.connection()
    schemas = {r[0] for r in latest.execute("select schema_name from duckdb_schemas()").fetchall()}
    assert {s for s in schemas if s.startswith("v")} == {f"v{empty_store._current}"}
    tables = {r[0] for r in latest.execute(
        "select table_name from duckdb_tables() where schema_name = 'main'").fetchall()}
    assert tables == after - {t for t in before if t.startswith((
        "mde_events__", "mde_events_years__", "coverage_days__", "commune_years__",
        "coverage_years__", "coverage_declared_years__"))}
    assert latest.execute("select count(*) from mde_events").fetchone()[0] == 8


# -- job-seeker sums: one table per calendar year, summed again only when it changes -----------
def detailed(values: dict[tuple[str, str], tuple[int, int, int]]) -> pd.DataFrame:
    """Stocks by category A, B, C (a file detailing categories: B and C flags matter)."""
    return pd.DataFrame([{"month": pd.Timestamp(m), "code_insee": c, "category": cat,
                          "sex": "total", "age_band": "total", "duration_band": "total",
                          "count": n}
                         for (c, m), counts in values.items()
                         for cat, n in zip("ABC", counts, strict=True) if n is not None])


SUMS = ("job_seekers_imports", "job_seekers_figures", "job_seekers_commune_months")


def sums(con) -> dict[str, pd.DataFrame]:
    out = {}
    for name in SUMS:
        df = con.execute(f"select * from {name}").df()
        out[name] = df.sort_values(list(df.columns[:3])).reset_index(drop=True)
    return out


def from_scratch(store: Store) -> dict[str, pd.DataFrame]:
    """The sums a new process builds from every active file."""
    return sums(Store(store.data_dir).connection())


@pytest.fixture
def years_summed(monkeypatch, empty_store):
    """The calendar years each build of `empty_store` summed from the cells (the others were
    read from the tables an earlier version built), one list per build; another store (a new
    process, `from_scratch`) sums every year and is left out."""
    from data import store as store_module

    builds: list[list] = []
    real_years, real_year = store_module.job_seeker_years, store_module._sum_job_seeker_year
    counting = []

    def years(con, files, existing, used):
        counting.append([])
        try:
            return real_years(con, files, existing, used)
        finally:
            done = counting.pop()
            if existing is empty_store._physical:
                builds.append(done)

    def year(con, cells, replace_by, y, names):
        counting[-1].append(y)
        return real_year(con, cells, replace_by, y, names)

    monkeypatch.setattr(store_module, "job_seeker_years", years)
    monkeypatch.setattr(store_module, "_sum_job_seeker_year", year)
    return builds


def assert_same_sums(store: Store) -> dict[str, pd.DataFrame]:
    mine = sums(store.connection())
    for name in SUMS:
        pd.testing.assert_frame_equal(mine[name], from_scratch(store)[name], check_exact=True)
    return mine


def test_a_new_month_sums_its_year_only(empty_store, years_summed):
    commit_de(empty_store, job_seekers({("59328", "2024-12-01"): 88}), "2024-12", "dec24")
    commit_de(empty_store, detailed({("59328", "2025-08-01"): (60, 20, 10),
                                     ("59356", "2025-08-01"): (15, None, None)}), "2025-08", "aug")
    empty_store.connection()
    # September: an A-only file for Lompret (its B and C left out), Lambersart detailed
    commit_de(empty_store, detailed({("59328", "2025-09-01"): (62, 21, 9),
                                     ("59356", "2025-09-01"): (16, None, None)}), "2025-09", "sep")
    mine = assert_same_sums(empty_store)
    assert years_summed[-1] == [2025]  # 2024 read from the earlier version's table
    figures = mine["job_seekers_figures"]
    sep = figures[figures["month"] == pd.Timestamp("2025-09-01")].set_index("code_insee")
    # by hand: 62 + 21 + 9 = 92 in Lambersart; Lompret's 16 are A + B + C of a detail import
    # (its B and C left out: 0, not unknown)
    assert sep.at["59328", "de_abc"] == 92 and sep.at["59328", "de_a"] == 62
    assert sep.at["59356", "de_abc"] == 16 and bool(sep.at["59356", "de_abc_ok"])
    assert sep.at["59356", "b_cat_b"] == 0 and sep.at["59356", "b_cat_a"] == 16
    assert len(mine["job_seekers_imports"]) == 3
    assert len(mine["job_seekers_commune_months"]) == 5
    # October of an ABC-only file, then November and December at once
    commit_de(empty_store, job_seekers({("59328", "2025-10-01"): 95}), "2025-10", "oct")
    empty_store.connection()
    commit_de(empty_store, job_seekers({("59328", "2025-11-01"): 97}), "2025-11", "nov")
    commit_de(empty_store, job_seekers({("59328", "2025-12-01"): 99}), "2025-12", "dec")
    mine = assert_same_sums(empty_store)
    assert years_summed[-2:] == [[2025], [2025]]
    assert mine["job_seekers_figures"]["de_abc"].sum() == 88 + 90 + 15 + 92 + 16 + 95 + 97 + 99
    # a month of a new year: 2024 and 2025 are not summed again
    commit_de(empty_store, job_seekers({("59328", "2026-01-01"): 101}), "2026-01", "jan26")
    mine = assert_same_sums(empty_store)
    assert years_summed[-1] == [2026]
    assert len(empty_store.connection().execute(
        "select * from duckdb_tables() where table_name like 'job_seekers_figures__%'"
    ).fetchall()) >= 3  # one a year (and those older versions still hold)


def test_months_summed_together_give_the_tables_summed_a_month_at_a_time(empty_store,
                                                                        monkeypatch):
    """A small store sums a year's months in one statement (`MONTHS_SUMMED_TOGETHER_UNITS`):
    the same rows, in the same order, as a month at a time (a big store's way)."""
    from data import store as store_module

    assert store_module._month_batches([("j", 300), ("f", 200), ("m", 1), ("a", 600)], 500) == [
        ["j", "f"], ["m"], ["a"]]  # a month above the limit alone, never split
    commit_de(empty_store, detailed({("59328", "2025-08-01"): (60, 20, 10),
                                     ("59356", "2025-08-01"): (15, None, None)}), "2025-08", "aug")
    commit_de(empty_store, job_seekers({("59328", "2025-09-01"): 95, ("59356", "2025-10-01"): 7,
                                        ("59328", "2024-12-01"): 88}), "2025-10", "oct")

    def yearly_tables() -> dict[str, pd.DataFrame]:
        """Each year's physical table as stored (its row order is what a scan reads)."""
        con = Store(empty_store.data_dir).connection()
        names = [r[0] for r in con.execute(
            "select table_name from duckdb_tables() where schema_name = 'main' and "
            "table_name similar to 'job_seekers_(figures|commune_months)__.*'").fetchall()]
        return {n: con.execute(f'select * from main."{n}"').df() for n in sorted(names)}

    together = yearly_tables()
    monkeypatch.setattr(store_module, "MONTHS_SUMMED_TOGETHER_UNITS", 0)
    alone = yearly_tables()
    assert list(together) == list(alone) and len(together) == 4  # 2 sums × 2024, 2025
    for name in together:
        pd.testing.assert_frame_equal(together[name], alone[name], check_exact=True)
    assert sum(len(df) for n, df in together.items() if "figures" in n) == 5


def test_a_replaced_month_or_a_rollback_sums_its_year_again(empty_store, years_summed):
    commit_de(empty_store, job_seekers({("59328", "2024-08-01"): 70}), "2024-08", "aug24")
    first = commit_de(empty_store, job_seekers({("59328", "2025-08-01"): 90,
                                                ("59356", "2025-08-01"): 20}), "2025-08", "aug")
    empty_store.connection()
    # a correction of August 2025 for Lambersart only: its commune-month was in an earlier file
    fix = commit_de(empty_store, job_seekers({("59328", "2025-08-01"): 100}), "2025-08", "fix")
    mine = assert_same_sums(empty_store)
    assert years_summed[-1] == [2025]
    assert mine["job_seekers_figures"]["de_abc"].sum() == 70 + 120  # by hand: 100 + 20
    # a new month, then its rollback
    sep = commit_de(empty_store, job_seekers({("59328", "2025-09-01"): 80}), "2025-09", "sep")
    assert_same_sums(empty_store)
    empty_store.rollback(sep.id)
    mine = assert_same_sums(empty_store)
    assert years_summed[-1] in ([2025], [])  # 2025 as before: maybe still held, then read
    assert mine["job_seekers_figures"]["de_abc"].sum() == 70 + 120
    empty_store.rollback(fix.id)
    mine = assert_same_sums(empty_store)
    assert years_summed[0] == [2024, 2025]  # the first build sums both years
    assert 2024 not in sum(years_summed[1:], [])  # never again
    assert mine["job_seekers_figures"]["de_abc"].sum() == 70 + 110 and first.id


def test_a_file_across_two_years_sums_both(empty_store, years_summed):
    commit_de(empty_store, job_seekers({("59328", "2024-12-01"): 90}), "2024-12", "dec")
    commit_de(empty_store, job_seekers({("59328", "2023-06-01"): 50}), "2023-06", "jun23")
    empty_store.connection()
    # a quarter file: January (new) and December again (newer than the first file)
    commit_de(empty_store, job_seekers({("59328", "2024-12-01"): 91,
                                        ("59328", "2025-01-01"): 93}), "2025-T1", "t1")
    mine = assert_same_sums(empty_store)
    assert sorted(years_summed[-1]) == [2024, 2025]
    assert mine["job_seekers_figures"]["de_abc"].sum() == 50 + 91 + 93


def test_a_year_is_summed_again_when_its_import_s_detail_flag_changes_elsewhere(
        empty_store, years_summed):
    # One file, two years: Lambersart in December 2024 detailed by category (A, B, C),
    # Lompret in January 2025 with its A row alone: part of a detail, so A + B + C = 15.
    both = pd.concat([detailed({("59328", "2024-12-01"): (60, 20, 10)}),
                      detailed({("59356", "2025-01-01"): (15, None, None)})])
    commit_de(empty_store, both, "2025-T1", "t1")
    jan = pd.Timestamp("2025-01-01")

    def lompret(mine):
        f = mine["job_seekers_figures"]
        return f[(f["code_insee"] == "59356") & (f["month"] == jan)].iloc[0]

    row = lompret(assert_same_sums(empty_store))
    assert row["de_abc"] == 15 and bool(row["de_abc_ok"])
    # A newer file replaces December 2024 with a total only: the first file's only B and C
    # rows are no longer read, so its January A row is A alone (A + B + C unknown). No
    # January 2025 cell changed, yet 2025 must be summed again.
    commit_de(empty_store, job_seekers({("59328", "2024-12-01"): 95}), "2024-12", "dec")
    row = lompret(assert_same_sums(empty_store))
    assert sorted(years_summed[-1]) == [2024, 2025]
    assert not bool(row["de_abc_ok"]) and row["de_a"] == 15


# -- extractions: one table per territory, so that one territory's import reloads its rows only
def test_an_extraction_reloads_its_territory_only(empty_store):
    """Two territories' Mission Locale extractions: a new extraction of one loads that
    territory's rows again, not the other's (they stay in the table the previous version
    loaded), and the tables read the same rows as one table of every active file would."""
    from data.schema import TABLES

    def ml(territory, name, keys, commune):
        young = pd.DataFrame({"person_key": keys, "code_insee": [commune] * len(keys),
                              "registration_date": pd.to_datetime(["2025-01-06"] * len(keys))})
        contacts = pd.DataFrame({"person_key": keys, "contact_date": pd.to_datetime(
            ["2025-02-03"] * len(keys)), "contact_type": ["entretien"] * len(keys)})
        frames = {k: v.reindex(columns=list(TABLES[k].columns))
                  for k, v in {"ml_young": young, "ml_contacts": contacts}.items()}
        return empty_store.commit_import(source="ml", territory=territory, period="2025-12",
                                         frames=frames, file_name=name, raw=name.encode())

    from data.store import partition_of

    assert partition_of("mno") != partition_of("melt")  # (else one table for both)
    ml("mno", "mno.xlsx", ["a", "b"], "59328")
    ml("melt", "melt.xlsx", ["c", "d", "e"], "59599")
    old = empty_store.connection()

    def parts(cursor, name):
        return {r[0] for r in cursor.execute(
            "select table_name from duckdb_tables() where schema_name = 'main' "
            "and starts_with(table_name, $n)", {"n": f"{name}__"}).fetchall()}

    before = parts(old, "ml_young")
    assert len(before) == 2  # one a group of territories
    replaced = ml("melt", "melt-v2.xlsx", ["f"], "59599")
    new = empty_store.connection()
    added = parts(new, "ml_young") - before
    assert len(added) == 1  # MELT's new rows only; MNO's table is the previous version's
    assert new.execute(f'select person_key from main."{added.pop()}"').fetchall() == [("f",)]
    assert sorted(new.execute("select person_key, _territory from ml_young").fetchall()) == [
        ("a", "mno"), ("b", "mno"), ("f", "melt")]
    assert new.execute("select count(*) from ml_contacts").fetchone()[0] == 3  # 2 + 1 by hand
    assert old.execute("select count(*) from ml_young").fetchone()[0] == 5  # still readable
    empty_store.rollback(replaced.id)
    back = empty_store.connection()
    assert back.execute("select count(*) from ml_young").fetchone()[0] == 5
    old.close()
    new.close()


def test_territories_whose_files_predate_a_column_are_read_together(empty_store):
    """Events of one territory written before the « role » column existed (its table gets
    the column last) and of another written after: the two read as one table, by name."""
    import duckdb as ddb

    commit(empty_store, events(2))  # mno
    rec = empty_store.commit_import(source="mde_events", territory="melt", period="2025",
                                    frames={"mde_events": events(3, name="Salon").assign(
                                        code_insee="59599")},
                                    file_name="melt.xlsx", raw=b"melt")
    path = empty_store.data_dir / empty_store.catalog().get(rec.id).tables["mde_events"]
    con = ddb.connect()  # as an older version wrote it: no « role »
    con.execute(f"copy (select * exclude (role) from read_parquet('{path}')) "
                f"to '{path}.old' (format parquet)")
    con.close()
    Path(f"{path}.old").replace(path)
    db = empty_store.connection()
    rows = db.execute("select name, role, code_insee from mde_events order by name").fetchall()
    assert [r[0] for r in rows] == ["Forum 0", "Forum 1", "Salon 0", "Salon 1", "Salon 2"]
    assert all(r[1] is None for r in rows[2:])
    assert [r[2] for r in rows] == ["59328"] * 2 + ["59599"] * 3
