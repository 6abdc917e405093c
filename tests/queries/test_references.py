"""The reference territories' figures prepared once per store version
(`queries.references`): the pages read the same figures as when they compute them, without
running the reference's queries, and only on the version they were prepared for."""

import datetime as dt

import pandas as pd
import pytest

from data.store import Store
from queries import dashboards, references, registry, runner, series
from queries.context import territory_communes

MNO = tuple(territory_communes("mno"))
MELT = tuple(territory_communes("melt"))
SEPT_2025 = dt.date(2025, 9, 1)  # the last month of the demo's job seekers in 2025


@pytest.fixture(scope="module")
def con(demo_store):
    return demo_store.connection()


@pytest.fixture
def counted(monkeypatch):
    """The names of the queries DuckDB runs (`runner.run`), in order."""
    names = []
    orig = runner.run

    def run(con, name, **params):
        names.append(name)
        return orig(con, name, **params)

    monkeypatch.setattr(runner, "run", run)
    return names


def assert_same(a, b, path=""):
    """Two page results (dicts of frames, dicts, scalars) are equal."""
    if isinstance(a, dict):
        assert isinstance(b, dict) and a.keys() == b.keys(), path
        for k in a:
            assert_same(a[k], b[k], f"{path}/{k}")
    elif isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a, b, obj=path)
    elif isinstance(a, pd.Series):
        pd.testing.assert_series_equal(a, b, obj=path)
    else:
        assert a == b or (pd.isna(a) and pd.isna(b)), path


PAGES = [
    (dashboards.job_seekers_page, "mno", MNO, 2025),
    (dashboards.job_seekers_page, "melt", MELT, 2023),
    (dashboards.plie_page, "mno", MNO, 2025),
    (dashboards.plie_page, "melt", MELT, 2023),
    (dashboards.ml_page, "mno", MNO, 2025),
    (dashboards.mde_page, "mno", MNO, 2025),
    (dashboards.mde_page, "melt", MELT, 2023),
    (dashboards.qpv_page, "mno", MNO, 2025),
]


@pytest.mark.parametrize("reference", ["nord", "france"])
@pytest.mark.parametrize("page,territory,communes,year", PAGES,
                         ids=[f"{p.__name__}-{t}-{y}" for p, t, _c, y in PAGES])
def test_a_page_shows_the_same_figures_with_its_reference_prepared(
        con, counted, page, territory, communes, year, reference):
    computed = page(con, territory, communes, year, reference, audience="gestionnaire")
    ran_computing = len(counted)
    assert references.prepare(con, refs=[reference], years=[year, year - 1]) > 0
    runner.clear_shared()
    counted.clear()
    read = page(con, territory, communes, year, reference, audience="gestionnaire")
    assert_same(computed, read)
    # the reference's queries did not run: fewer queries, none over the reference's
    # communes (the Nord: 647, France: 34 935; the territories have at most 40)
    assert len(counted) < ran_computing


def test_the_commune_page_and_the_elected_officials_view_are_the_same_prepared(con):
    before = dashboards.commune_page(con, "mno", "59328", 2025, "nord", audience="elu")
    references.prepare(con, refs=["nord"], years=[2025, 2024])
    runner.clear_shared()
    after = dashboards.commune_page(con, "mno", "59328", 2025, "nord", audience="elu")
    assert_same(before, after)


def test_a_prepared_reference_is_read_without_a_query(con, monkeypatch):
    references.prepare(con, refs=["france"], years=[2025])
    runner.clear_shared()

    def refuse(*_a, **_k):
        raise AssertionError("a prepared figure ran a query")

    monkeypatch.setattr(runner, "run", refuse)
    ids = ["de_abc", "plie_participants", "plie_taux_sorties_positives", "ml_contacts"]
    totals = references.totals(con, "france", 2025, ids, SEPT_2025)
    assert sorted(totals.index) == sorted(ids)
    assert totals.loc["de_abc", "value"] > 0
    breakdown = references.job_seekers_breakdown(con, "france", 2025, SEPT_2025)
    assert set(breakdown["dimension"]) >= {"sex", "age_band"}
    qpv = references.qpv_residents(con, "france", 2025)
    assert set(qpv["population"]) == {p for _s, pops in references.QPV_SOURCES for p in pops}


def test_what_was_not_prepared_is_computed_as_before(con, counted):
    references.prepare(con, refs=["nord"], years=[2025])
    march = dt.date(2025, 3, 1)  # not the last month of a year: not prepared
    ids = ["de_abc", "de_a"]
    counted.clear()
    got = references.totals(con, "nord", 2025, ids, march)
    assert "job_seekers_snapshot" in counted
    frame = series.indicator_frame(con, "nord", territory_communes("nord"), 2025, ids, march,
                                   totals_only=True)
    expected = frame[frame["code_insee"].isna()].set_index("indicator")
    pd.testing.assert_frame_equal(got, expected)
    # another year, another reference: computed too
    counted.clear()
    references.totals(con, "france", 2025, ids, SEPT_2025)
    assert "job_seekers_snapshot" in counted


def test_the_figures_belong_to_their_version(demo_data_dir, con):
    references.prepare(con, refs=["nord"], years=[2025])
    assert references.prepared(con) > 0
    other = Store(demo_data_dir).connection()  # the same files, another version
    try:
        assert references.prepared(other) == 0
    finally:
        other.close()


def test_only_the_newest_versions_keep_their_figures():
    frame = pd.DataFrame({"value": [1.0]})
    for token in ["v1", "v2", "v3"]:
        references._keep(token, "totals", "nord", 2025, None, frame)
    assert {k[0] for k in references._KEPT} == {"v2", "v3"}


def test_preparing_stops_when_asked(con):
    assert references.prepare(con, refs=["nord"], years=[2025], stop=lambda: True) == 0
    assert references.prepared(con) == 0


def test_every_reference_a_territory_offers_is_prepared_for_the_territories_latest_years(con):
    assert references.references()[:1] == ["nord"]  # MNO's and MELT's default first
    assert set(references.references()) >= {"nord", "france", "reg-32", "epci-200093201"}
    references.prepare(con)
    kept = {(k[2], k[3], k[4]) for k in references._KEPT}
    for ref in ("nord", "france", "reg-32", "epci-200093201"):
        # MNO's year and its job seekers' last month; MELT's 2023
        assert {(ref, 2025, None), (ref, 2025, SEPT_2025), (ref, 2023, None),
                (ref, 2023, dt.date(2023, 12, 1))} <= kept
    # MNO's 2025 and 2024, MELT's 2023 and 2022: not 2021 nor before (computed if asked)
    assert {k[3] for k in references._KEPT} == {2025, 2024, 2023, 2022}


def test_the_app_prepares_a_new_version_in_the_background(demo_data_dir, monkeypatch):
    import settings
    from queries import prepare
    from ui import state

    monkeypatch.setattr(settings, "PREPARE_REFERENCES", True)
    threads = []
    orig = prepare.prepare_in_background
    monkeypatch.setattr(prepare, "prepare_in_background",
                        lambda connect: threads.append(orig(connect)) or threads[-1])
    state._store_for.clear()
    try:
        store = state._store_for(str(demo_data_dir))
        con = store.connection()
        assert len(threads) == 1
        threads[0].join(timeout=120)
        assert not threads[0].is_alive()
        assert references.prepared(con) > 0
        assert runner.prepared_results(con) > 0  # and the territories' default views
        store.connection().close()  # the same version: nothing prepared again
        assert len(threads) == 1
        con.close()
    finally:
        state._store_for.clear()


def test_the_prepared_indicators_are_those_a_territory_can_have():
    ids = references.preparable_ids()
    inds = registry.indicators()
    assert "de_abc" in ids and "plie_taux_sorties_positives" in ids
    # the ONPV's figures are by quarter, not by commune: never a reference's
    assert not [i for i in ids if inds[i].query == "qpv_onpv"]
