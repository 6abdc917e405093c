"""queries/runner.py: parameters bound, calendar-year forms chosen for whole calendar years."""

import datetime as dt
import threading

import duckdb
import pandas as pd
import pytest

from queries import runner

Y = dt.date.today().year


def test_every_calendar_year_form_has_its_query_and_the_same_parameters_at_most():
    names = runner.calendar_year_names()
    assert {"ml_activity", "ml_programme", "plie_steps", "financial_aid", "mde_events",
            "clause_hours"} <= set(names)
    for name in names:
        assert name in runner.query_names()
        form = set(runner.PARAM.findall(runner.calendar_year_text(name)))
        assert form <= set(runner.PARAM.findall(runner.sql_text(name))), name


@pytest.mark.parametrize(("start", "end", "expected"), [
    (dt.date(2025, 1, 1), dt.date(2025, 12, 31), True),
    (dt.date(Y, 1, 1), dt.date(Y, 12, 31), True),  # the current year: the sums reach next year
    (dt.date(Y + 1, 1, 1), dt.date(Y + 1, 12, 31), False),  # a later year reads the persons
    (dt.date(2025, 1, 1), dt.date(2025, 12, 30), False),
    (dt.date(2025, 1, 2), dt.date(2025, 12, 31), False),
    (dt.date(2024, 1, 1), dt.date(2025, 12, 31), False),  # two years
    (dt.datetime(2025, 1, 1), dt.datetime(2025, 12, 31), False),
    ("2025-01-01", "2025-12-31", False),
    (None, None, False),
])
def test_a_calendar_year_is_one_whole_year_up_to_the_current_one(start, end, expected):
    assert runner.is_calendar_year(start, end) is expected


def test_run_takes_the_calendar_year_form_for_a_calendar_year_only():
    year = {"start": dt.date(2025, 1, 1), "end": dt.date(2025, 12, 31)}
    spring = {"start": dt.date(2025, 3, 1), "end": dt.date(2025, 6, 30)}
    assert runner.text_for("ml_activity", year) == runner.calendar_year_text("ml_activity")
    assert runner.text_for("ml_activity", spring) == runner.sql_text("ml_activity")
    assert runner.text_for("population", year) == runner.sql_text("population")


def test_run_binds_only_what_the_chosen_text_uses():
    # The calendar-year form of ml_activity does not read $end: binding it would make DuckDB
    # refuse the call (« excess parameters »). A database with the summed table alone
    # answers the calendar-year form and fails on the other one (no ml_young table).
    con = duckdb.connect()
    con.execute("create table ml_activity_years (code_insee varchar, person_key varchar, "
                "year integer, inscrit boolean, ml_contacts bigint, ml_entretiens bigint)")
    con.execute("insert into ml_activity_years values ('59350', 'a', 2025, true, 3, 2), "
                "('59350', 'b', 2025, false, 1, 0), ('59009', 'a', 2025, false, 2, 1), "
                "('59350', 'c', 2024, true, 5, 5)")
    df = runner.run(con, "ml_activity", communes=["59350", "59009"],
                    start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))
    rows = {r.code_insee: r for r in df.itertuples()}
    # by hand: 59350 has a (registered, 2 interviews) and b; 59009 has a again
    assert (rows["59350"].ml_nouveaux_inscrits, rows["59350"].ml_jeunes_accompagnes,
            rows["59350"].ml_contacts) == (1, 1, 4)
    assert (rows["59009"].ml_jeunes_accompagnes, rows["59009"].ml_contacts) == (1, 2)
    total = df[df["code_insee"].isna()].iloc[0]
    assert (total.ml_nouveaux_inscrits, total.ml_jeunes_accompagnes, total.ml_contacts) == (1, 1, 6)
    with pytest.raises(duckdb.CatalogException):
        runner.run(con, "ml_activity", communes=["59350"], start=dt.date(2025, 2, 1),
                   end=dt.date(2025, 12, 31))


def test_a_missing_parameter_is_named():
    with pytest.raises(TypeError, match="start"):
        runner.run(duckdb.connect(), "ml_activity", communes=["59350"], end=dt.date(2025, 12, 31))


# -- parts of a page at once (`runner.parallel`) ---------------------------------------------
@pytest.fixture
def two_threads(monkeypatch):
    monkeypatch.setattr("settings.QUERY_THREADS", 2)


def test_parallel_parts_read_the_same_version_on_their_own_cursors(demo_store, two_threads):
    con = demo_store.connection()
    schema = con.execute("select current_schema()").fetchone()[0]
    seen = runner.parallel(con, *[
        (lambda c, n=n: (n, c is con, c.execute("select current_schema()").fetchone()[0],
                         c.execute("select count(*) from plie_participants").fetchone()[0]))
        for n in range(3)])
    assert [s[0] for s in seen] == [0, 1, 2]  # results in the parts' order
    assert seen[0][1] and not seen[1][1] and not seen[2][1]  # the others on their own cursor
    assert {s[2] for s in seen} == {schema}
    assert len({s[3] for s in seen}) == 1 and seen[0][3] > 0


def test_parallel_parts_share_the_page_memo(demo_store, two_threads, monkeypatch):
    con = demo_store.connection()
    ran = []
    real = runner.run
    monkeypatch.setattr(runner, "run", lambda c, name, **p: ran.append(p["communes"])
                        or real(c, name, **p))
    lille, lambersart = ["59350"], ["59328"]

    def part(communes):
        return lambda c: runner.run_once(c, "population", communes=communes)

    with runner.one_page():
        frames = runner.parallel(con, part(lille), part(lambersart))
        # what the pooled part ran is not run again, here nor in another part
        again = [part(lille)(con), part(lambersart)(con)]
        runner.parallel(con, part(lambersart), part(lille))
    assert sorted(ran) == [lambersart, lille]
    for frame, same in zip(frames, again, strict=True):
        pd.testing.assert_frame_equal(frame, same)
    assert frames[0].loc[frames[0]["code_insee"] == "59350", "pop_totale"].iloc[0] > 200_000
    with runner.one_page():
        runner.parallel(con, part(lille), part(lambersart))
    assert len(ran) == 2  # another page of the same version: the shared results
    runner.clear_shared()
    with runner.one_page():
        runner.parallel(con, part(lille), part(lambersart))
    assert len(ran) == 4  # without them, a new page runs them again


def test_parallel_raises_a_part_s_error_after_every_part_ended(demo_store, two_threads):
    con = demo_store.connection()
    ended = []

    def slow(c):
        c.execute("select count(*) from range(2000000)").fetchall()
        ended.append("slow")
        return 1

    def broken(c):
        raise ValueError("boom")

    with pytest.raises(ValueError, match="boom"):
        runner.parallel(con, broken, slow)
    assert ended == ["slow"]


def test_a_part_s_own_parts_run_in_its_thread(demo_store, two_threads):
    # with one thread in the pool, a pooled part that waited for the pool would wait forever
    con = demo_store.connection()

    def inner(c):
        return threading.current_thread().name

    def outer(c):
        return runner.parallel(c, inner, inner)

    main, pooled = runner.parallel(con, outer, outer)
    assert main[0] == threading.current_thread().name  # this thread may use the pool
    assert pooled[0] == pooled[1] != threading.current_thread().name


def test_one_thread_runs_the_parts_in_order_on_the_same_cursor(demo_store, monkeypatch):
    monkeypatch.setattr("settings.QUERY_THREADS", 1)
    con = demo_store.connection()
    order = []
    out = runner.parallel(con, *[(lambda c, n=n: order.append(n) or c) for n in range(3)])
    assert order == [0, 1, 2] and all(c is con for c in out)


# -- results shared by the cursors of a store version (`run_once`) -----------------------------
def _events(n: int) -> pd.DataFrame:
    return pd.DataFrame({
        "event_date": pd.to_datetime([f"2025-03-{i + 1:02d}" for i in range(n)]),
        "name": [f"Forum {i}" for i in range(n)], "code_insee": ["59328"] * n,
        "exhibitors": [2] * n, "participants": [10] * n, "interviews": [None] * n})


def _commit_events(store, n: int):
    df = _events(n)
    return store.commit_import(source="mde_events", territory="mno", period="2025",
                               frames={"mde_events": df}, file_name="evenements.xlsx",
                               raw=df.to_csv().encode())


YEAR_2025 = {"communes": ["59328"], "start": dt.date(2025, 1, 1), "end": dt.date(2025, 12, 31)}


def _counting(monkeypatch) -> list:
    ran = []
    real = runner.run
    monkeypatch.setattr(runner, "run", lambda c, name, **p: ran.append(name) or real(c, name, **p))
    return ran


def _organised(frame: pd.DataFrame) -> int:
    return int(frame.loc[frame["code_insee"] == "59328", "evt_organises"].iloc[0])


def test_the_cursors_of_a_version_share_results_and_a_new_version_never_reads_them(
        empty_store, monkeypatch):
    ran = _counting(monkeypatch)
    _commit_events(empty_store, 3)
    first, second = empty_store.connection(), empty_store.connection()
    assert _organised(runner.run_once(first, "mde_events", **YEAR_2025)) == 3
    frame = runner.run_once(second, "mde_events", **YEAR_2025)  # another cursor, another page
    assert _organised(frame) == 3 and ran == ["mde_events"]
    frame.loc[:, "evt_organises"] = 99  # a caller's copy: the kept frame is untouched
    assert _organised(runner.run_once(first, "mde_events", **YEAR_2025)) == 3
    # an import makes a new version: its cursors compute their own results (5 events by hand)
    _commit_events(empty_store, 5)
    newer = empty_store.connection()
    assert _organised(runner.run_once(newer, "mde_events", **YEAR_2025)) == 5
    assert ran == ["mde_events", "mde_events"]
    # the older cursor still reads its own version, consistently
    assert _organised(runner.run_once(first, "mde_events", **YEAR_2025)) == 3


def test_other_stores_and_plain_connections_do_not_share(tmp_path, monkeypatch):
    from data.store import Store
    ran = _counting(monkeypatch)
    one, two = Store(tmp_path / "one"), Store(tmp_path / "two")
    _commit_events(one, 3)
    _commit_events(two, 4)
    assert _organised(runner.run_once(one.connection(), "mde_events", **YEAR_2025)) == 3
    assert _organised(runner.run_once(two.connection(), "mde_events", **YEAR_2025)) == 4
    plain = duckdb.connect()  # a calendar year reads the events summed per commune × year
    plain.execute("create table mde_events_years (code_insee varchar, year bigint, "
                  "events bigint, exhibitors hugeint, participants hugeint, interviews hugeint)")
    plain.execute("insert into mde_events_years values ('59328', 2025, 1, 1, 1, null)")
    assert _organised(runner.run_once(plain, "mde_events", **YEAR_2025)) == 1
    plain.execute("insert into mde_events_years values ('59328', 2025, 1, 1, 1, null)")
    assert _organised(runner.run_once(plain, "mde_events", **YEAR_2025)) == 2  # never kept
    assert len(ran) == 4


def test_shared_results_stay_within_their_budget(demo_store, monkeypatch):
    con = demo_store.connection()
    monkeypatch.setattr("settings.QUERY_CACHE_MB", 0.002)  # 2 kB: a few frames of ~400 bytes
    for code in ["59350", "59328", "59009", "59368", "59378", "59386", "59457", "59482"]:
        runner.run_once(con, "population", communes=[code])
        assert runner._SHARED.bytes <= 2_000
    assert 0 < len(runner._SHARED) < 8  # the least recently used went
    monkeypatch.setattr("settings.QUERY_CACHE_MB", 0)  # off: nothing kept
    runner.clear_shared()
    runner.run_once(con, "population", communes=["59350"])
    assert len(runner._SHARED) == 0


def test_the_same_communes_in_another_order_are_the_same_result(demo_store, monkeypatch):
    # A territory's list and a fiche's come in different orders: one query, not two.
    ran = _counting(monkeypatch)
    con = demo_store.connection()
    communes = ["59328", "59350", "59009"]
    first = runner.run_once(con, "population", communes=communes)
    again = runner.run_once(con, "population", communes=list(reversed(communes)))
    assert ran == ["population"]
    by_code = again.set_index("code_insee", drop=False).sort_index()
    pd.testing.assert_frame_equal(by_code, first.set_index("code_insee", drop=False).sort_index())
    # a commune listed twice is another selection (its rows count twice): asked again
    runner.run_once(con, "population", communes=[*communes, "59328"])
    assert ran == ["population", "population"]


def _slow_runs(monkeypatch):
    """`runner.run` made to take 0,3 s (the others ask while it runs): the names of the
    queries it ran, and an event set when the first starts."""
    import threading
    import time

    real, ran, started = runner.run, [], threading.Event()

    def slow(c, name, **p):
        ran.append(name)
        started.set()
        time.sleep(0.3)
        return real(c, name, **p)

    monkeypatch.setattr(runner, "run", slow)
    return ran, started


def test_threads_asking_the_same_query_at_once_run_it_once(demo_store, monkeypatch):
    import threading

    ran, started = _slow_runs(monkeypatch)
    frames = []

    def ask():
        frames.append(runner.run_once(demo_store.connection(), "population",
                                      communes=["59328"]))

    first = threading.Thread(target=ask)
    first.start()
    started.wait(5)
    others = [threading.Thread(target=ask) for _ in range(3)]
    for t in others:
        t.start()
    for t in [first, *others]:
        t.join(10)
    assert ran == ["population"] and len(frames) == 4
    assert all(f.equals(frames[0]) for f in frames) and frames[0]["pop_totale"].iloc[0] > 0


def test_threads_asking_a_result_too_big_to_keep_run_it_once(demo_store, monkeypatch):
    # A France-wide frame is bigger than the shared results keep (a quarter of their
    # budget): the sessions waiting for it take the result of the one computing it,
    # instead of each computing it again once woken.
    import threading

    monkeypatch.setattr("settings.QUERY_CACHE_MB", 0.0001)  # 100 bytes: nothing is kept
    ran, started = _slow_runs(monkeypatch)
    frames = []

    def ask():
        frames.append(runner.run_once(demo_store.connection(), "population",
                                      communes=["59328", "59350"]))

    first = threading.Thread(target=ask)
    first.start()
    started.wait(5)
    others = [threading.Thread(target=ask) for _ in range(3)]
    for t in others:
        t.start()
    for t in [first, *others]:
        t.join(10)
    assert ran == ["population"] and len(frames) == 4 and len(runner._SHARED) == 0
    assert all(f.equals(frames[0]) for f in frames) and frames[0]["pop_totale"].iloc[0] > 0
    # each caller has its own copy
    frames[1].loc[:, "pop_totale"] = -1
    assert frames[0]["pop_totale"].iloc[0] > 0
    # and asked again later, it is computed again (not kept)
    runner.run_once(demo_store.connection(), "population", communes=["59328", "59350"])
    assert ran == ["population", "population"]


def test_a_page_reads_what_the_preparation_computed_meanwhile(demo_store, monkeypatch):
    # The preparation's thread and a page ask for the same France-wide result: the page
    # waits and reads the prepared one (it was computed twice, doubling the work while
    # the preparation ran).
    import threading

    monkeypatch.setattr("settings.QUERY_CACHE_MB", 0.0001)
    ran, started = _slow_runs(monkeypatch)
    args = {"communes": ["59328", "59350"]}

    def prepare():
        with runner.preparing():
            runner.run_once(demo_store.connection(), "population", **args)

    preparation = threading.Thread(target=prepare)
    preparation.start()
    started.wait(5)
    page = runner.run_once(demo_store.connection(), "population", **args)
    preparation.join(10)
    assert ran == ["population"] and page["pop_totale"].iloc[0] > 0
    # prepared for the version: read again without a query
    runner.run_once(demo_store.connection(), "population", **args)
    assert ran == ["population"]


def test_a_waiter_computes_the_query_itself_when_the_first_run_fails(demo_store, monkeypatch):
    import threading
    import time

    real, ran, started = runner.run, [], threading.Event()

    def fails_first(c, name, **p):
        ran.append(name)
        if len(ran) == 1:
            started.set()
            time.sleep(0.3)
            raise RuntimeError("panne")
        return real(c, name, **p)

    monkeypatch.setattr(runner, "run", fails_first)
    errors, frames = [], []

    def ask():
        try:
            frames.append(runner.run_once(demo_store.connection(), "population",
                                          communes=["59328"]))
        except RuntimeError as exc:
            errors.append(str(exc))

    first = threading.Thread(target=ask)
    first.start()
    started.wait(5)
    second = threading.Thread(target=ask)
    second.start()
    first.join(10)
    second.join(10)
    assert errors == ["panne"] and len(frames) == 1 and ran == ["population", "population"]


def test_a_kept_function_runs_once_per_version_and_arguments(demo_data_dir, demo_store):
    calls = []

    @runner.kept
    def figures_of(con, territory, year):
        calls.append((territory, year))
        return pd.DataFrame({"value": [float(year)]})

    con = demo_store.connection()
    first = figures_of(con, "mno", 2025)
    first.loc[0, "value"] = -1.0  # a caller's change stays its own
    assert figures_of(demo_store.connection(), "mno", 2025).at[
        0, "value"] == 2025.0
    assert calls == [("mno", 2025)]
    figures_of(con, "mno", 2024)
    assert calls == [("mno", 2025), ("mno", 2024)]
    from data.store import Store

    other = Store(demo_data_dir).connection()  # another version: computed again
    figures_of(other, "mno", 2025)
    assert calls[-1] == ("mno", 2025) and len(calls) == 3
    plain = duckdb.connect()  # a connection no store gave: never kept
    figures_of(plain, "mno", 2025)
    figures_of(plain, "mno", 2025)
    assert len(calls) == 5


def test_a_kept_dict_gives_each_caller_its_own_frames(demo_store):
    calls = []

    @runner.kept
    def page_of(con, territory):
        calls.append(territory)
        return {"table": pd.DataFrame({"n": [3.0]}), "months": [1, 2], "label": territory}

    con = demo_store.connection()
    first = page_of(con, "mno")
    first["table"].loc[0, "n"] = 99.0  # a caller's changes stay its own
    first["months"].append(3)
    again = page_of(demo_store.connection(), "mno")
    assert again["table"].at[0, "n"] == 3.0 and again["months"] == [1, 2]
    assert calls == ["mno"]


def test_a_page_kept_before_the_secret_is_protected_for_each_audience(demo_store):
    """The PLIE page's figures are kept once for the version, before the secret: an élu
    asking first does not hide a manager's small counts, and the manager's reading does
    not unhide them for the élu who asks next."""
    from queries import context, dashboards
    from queries.masking import flag

    con = demo_store.connection()
    communes = tuple(context.territory_communes("mno"))

    def table(audience):
        data = dashboards.plie_page(con, "mno", communes, 2025, "nord", audience=audience)
        return data["by_commune"].set_index(data["by_commune"]["code_insee"].fillna(""))

    elu = table("elu")
    manager = table("gestionnaire")
    hidden = elu.index[elu[flag("plie_participants")].fillna(False).astype(bool)]
    assert len(hidden)  # the demo's small communes: counts of 1 to 10 hidden for an élu
    assert manager.loc[hidden, "plie_participants"].notna().all()
    assert not manager.get(flag("plie_participants"), pd.Series(False)).fillna(False).any()
    again = table("elu")
    assert again.loc[hidden, "plie_participants"].isna().all()
    assert again[flag("plie_participants")].fillna(False).astype(bool).sum() == len(hidden)


def test_a_page_keeping_its_protected_views_keeps_them_per_audience(demo_store):
    """`page(..., keep_shown=True)` (the QPV quarters' page, read by a fiche and the AG
    slides): its protected frames and views computed once per version and audience, an
    élu's never given to a manager nor a manager's to an élu."""
    from queries import dashboards, masking

    calls, views = [], []

    def toy_views(data):
        views.append(data["table"]["n"].isna().sum())
        data["hidden"] = int(data["table"]["n"].isna().sum())
        return data

    @dashboards.page({"table": masking.Table(counts=("n",), total="code_insee")}, toy_views,
                     keep_shown=True)
    def toy_page(con, territory: str, year: int) -> dict:
        calls.append((territory, year))
        return {"table": pd.DataFrame({"code_insee": ["59328", "59356", None],
                                       "n": [3.0, 40.0, 43.0]})}

    con = demo_store.connection()
    elu = toy_page(con, "mno", 2025, audience="elu")
    # by hand: 3 is under 11, and 40 would give it back from the total 43
    assert elu["table"]["n"].isna().tolist() == [True, True, False] and elu["hidden"] == 2
    elu["table"].loc[0, "n"] = 3.0  # a caller's change stays its own
    manager = toy_page(con, "mno", 2025, audience="gestionnaire")
    assert manager["table"]["n"].tolist() == [3.0, 40.0, 43.0] and manager["hidden"] == 0
    again = toy_page(demo_store.connection(), "mno", 2025, audience="elu")
    assert again["table"]["n"].isna().tolist() == [True, True, False]
    assert calls == [("mno", 2025)] and len(views) == 2  # once, then once per audience


def test_the_year_s_narrative_is_kept_per_audience(demo_store, monkeypatch):
    from queries import narrative

    composed = []
    real = narrative.compose
    monkeypatch.setattr(narrative, "compose", lambda f: composed.append(f.audience) or real(f))
    con = demo_store.connection()
    elu = narrative.build(con, "mno", 2025, audience="elu")
    manager = narrative.build(con, "mno", 2025, audience="gestionnaire")
    again = narrative.build(demo_store.connection(), "mno", 2025, audience="elu")
    assert (elu.audience, manager.audience, again.audience) == ("elu", "gestionnaire", "elu")
    assert again.sentences == elu.sentences
    assert composed == ["elu", "gestionnaire"]


def test_an_elu_s_key_figures_kept_for_the_version_never_reach_a_manager(demo_store):
    from queries import masking

    con = demo_store.connection()
    elu = masking.key_figures(con, "mno", 2025, "59356", audience="elu").set_index("indicator")
    hidden = elu.index[elu["secret"].astype(bool)]
    assert len(hidden)  # Lompret's small counts
    manager = masking.key_figures(con, "mno", 2025, "59356",
                                  audience="gestionnaire").set_index("indicator")
    assert manager.loc[hidden, "value"].notna().any() and not manager["secret"].any()
    again = masking.key_figures(demo_store.connection(), "mno", 2025, "59356",
                                audience="lecteur").set_index("indicator")
    assert again.loc[hidden, "value"].isna().all() and again["secret"].astype(bool).sum() == len(hidden)
