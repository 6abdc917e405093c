"""The reference territories' figures, prepared once per store version.

A page compares the selection with a reference territory: an EPCI, the Nord, a région,
France. The reference's figures do not depend on the selection nor on the viewer: they
are the same for every page, session and territory reading a store version. On national
data they cost a page more than the selection's own (France: 35 000 communes, 0,4 to
0,9 s a page; the Nord: 30 to 80 ms). `prepare` computes them once a version is built,
for every reference the defined territories offer and their latest years with data, and
keeps them with the version; a page reads them in one lookup (`totals`, `job_seekers_breakdown`,
`qpv_residents`). Until they are prepared, or for what was not prepared (a month that is
not the last of its year, a territory used as a reference), a page computes them as it
always did: the figures are the same either way (tests/queries/test_references.py).

The app prepares each new version in a background thread (`queries/prepare.py`, started
by `ui/state.py`); the CLI, the exports and the tests compute them when asked.
The figures are raw person counts, like the shared query results: the statistical secret
applies after, by audience (`queries.masking`).
"""

import datetime as dt
import threading
from collections.abc import Callable

import duckdb
import pandas as pd

from data import territories
from queries import registry, series
from queries.context import latest_job_seeker_month, territory_communes, year_bounds
from queries.runner import one_page, run_once, unshared, version_of

# {(version token, kind, reference, year, month): frame}: the kept figures of the newest
# versions (a version still read by a cursor keeps its own until the next one is prepared)
_KEPT: dict[tuple, pd.DataFrame] = {}
_TOKENS: list[str] = []  # the versions whose figures are kept, oldest first
KEEP_VERSIONS = 2
_LOCK = threading.Lock()


# -- what a page reads ----------------------------------------------------------------------
def totals(con: duckdb.DuckDBPyConnection, reference: str, year: int, ids: list[str],
           month: dt.date | None = None) -> pd.DataFrame:
    """The reference's total row of `series.indicator_frame` for `ids`, indexed by
    indicator: prepared, or computed."""
    kept = _get(con, "totals", reference, year, month)
    if kept is not None and set(ids) <= set(kept.index):
        return kept.loc[_frame_order(ids)].copy()
    return _totals(con, reference, year, ids, month)


def job_seekers_breakdown(con: duckdb.DuckDBPyConnection, reference: str, year: int,
                          month: dt.date) -> pd.DataFrame:
    """dimension, modality, de_abc of the reference's job seekers at `month` (the
    communes whose job seekers are known at that month)."""
    kept = _get(con, "breakdown", reference, year, month)
    if kept is not None:
        return kept.copy()
    return _breakdown(con, reference, year, month)


# The QPV page's populations, by the source whose coverage counts them.
QPV_SOURCES = (("plie", ("plie_participants", "plie_nouvelles_entrees")),
               ("ml", ("ml_jeunes_accompagnes", "cej_entrees", "pacea_entrees")))


def qpv_residents(con: duckdb.DuckDBPyConnection, reference: str, year: int) -> pd.DataFrame:
    """The total rows of `series.qpv_residents` (level « total ») of each population of
    `QPV_SOURCES`, over the reference's communes its source covers in the year (how many:
    `ref_covered`, of `ref_communes`)."""
    kept = _get(con, "qpv", reference, year, None)
    if kept is not None:
        return kept.copy()
    return _qpv(con, reference, year)


# -- computed as the pages always did ------------------------------------------------------
def _totals(con, reference: str, year: int, ids: list[str], month) -> pd.DataFrame:
    frame = series.indicator_frame(con, reference, territory_communes(reference), year, ids,
                                   month, totals_only=True)
    return frame[frame["code_insee"].isna()].set_index("indicator")


def _breakdown(con, reference: str, year: int, month: dt.date) -> pd.DataFrame:
    # the reference's coverage of the comparison: for job seekers, only $month counts
    covered = series.coverage(con, territory_communes(reference), *year_bounds(year), month)
    ref_b = series.job_seekers_breakdown(con, sorted(covered.get("job_seekers", ())), month)
    return ref_b[ref_b["code_insee"].isna()][["dimension", "modality", "de_abc"]] \
        .reset_index(drop=True)


def _qpv(con, reference: str, year: int) -> pd.DataFrame:
    start, end = year_bounds(year)
    covered = series.coverage(con, territory_communes(reference), start, end)
    frames = []
    communes = territory_communes(reference)
    for source, pops in QPV_SOURCES:
        codes = sorted(covered.get(source, ()))
        if codes:
            r = series.qpv_residents(con, codes, start, end)
            frames.append(r[(r["level"] == "total") & r["population"].isin(pops)].assign(
                ref_covered=len(codes), ref_communes=len(communes)))
    return pd.concat(frames) if frames else pd.DataFrame()


def _frame_order(ids: list[str]) -> list[str]:
    """The order of `series.indicator_frame`'s rows for `ids`: the counts in the order
    their ratios and they are asked, then the ratios."""
    inds = registry.indicators()
    asked = set(ids)
    wanted = dict.fromkeys(p for i in ids for p in (
        [inds[i].numerator, inds[i].denominator] if inds[i].is_ratio else [i]))
    return [i for i in wanted if i in asked] + [i for i in ids if inds[i].is_ratio]


def preparable_ids() -> list[str]:
    """The registry indicators `series.indicator_frame` computes for a territory: those of
    a source's query or of the population, and the ratios of two of them."""
    inds = registry.indicators()
    base = {i for i, d in inds.items() if d.query in series.SOURCE_OF_QUERY
            or d.query == "population"}
    return [i for i, d in inds.items() if i in base or (
        d.is_ratio and d.numerator in base and d.denominator in base)]


# -- kept with the version -----------------------------------------------------------------
def _get(con, kind: str, reference: str, year: int, month) -> pd.DataFrame | None:
    token = version_of(con)
    if token is None:
        return None
    with _LOCK:
        return _KEPT.get((token, kind, reference, year, month))


def _keep(token: str, kind: str, reference: str, year: int, month, frame: pd.DataFrame) -> None:
    with _LOCK:
        if token not in _TOKENS:
            _TOKENS.append(token)
            for old in _TOKENS[:-KEEP_VERSIONS]:
                for key in [k for k in _KEPT if k[0] == old]:
                    del _KEPT[key]
            del _TOKENS[:-KEEP_VERSIONS]
        if token in _TOKENS:
            _KEPT[(token, kind, reference, year, month)] = frame


def forget() -> None:
    """Forget every prepared figure (tests, benchmarks)."""
    with _LOCK:
        _KEPT.clear()
        _TOKENS.clear()


def prepared(con: duckdb.DuckDBPyConnection) -> int:
    """How many figure sets are kept for `con`'s version."""
    token = version_of(con)
    with _LOCK:
        return sum(1 for k in _KEPT if k[0] == token)


# -- preparing a version -------------------------------------------------------------------
def references() -> list[str]:
    """The references the defined territories offer, each one's default first."""
    defs = territories.definitions()
    out = [territories.default_reference(code) for code in defs]
    for code in defs:
        out += list(territories.reference_territories(code))
    return list(dict.fromkeys(out))


# The years prepared: each defined territory's latest years with data (the year a page
# shows first and the one before); older years are computed when asked, as before.
LATEST_YEARS = 2


def latest_years(con, territory: str) -> list[int]:
    df = run_once(con, "available_years", communes=territory_communes(territory))
    return [int(y) for y in df["year"]][:LATEST_YEARS]  # newest first


def _years(con) -> list[int]:
    years = {y for t in territories.definitions() for y in latest_years(con, t)}
    return sorted(years, reverse=True)


def _months(con, year: int, refs: list[str]) -> list[dt.date]:
    """The months a page asks job seekers for in `year`: the last month with data of each
    territory and reference, and twelve months before the next year's."""
    places = [territory_communes(t) for t in [*territories.definitions(), *refs]]
    months = {latest_job_seeker_month(con, communes, year) for communes in places}
    for communes in places:
        nxt = latest_job_seeker_month(con, communes, year + 1)
        if nxt is not None:
            months.add(series.months_before(nxt, 12))
    return sorted((m for m in months if m is not None and m.year == year), reverse=True)


def prepare(con: duckdb.DuckDBPyConnection, refs: list[str] | None = None,
            years: list[int] | None = None,
            stop: Callable[[], bool] = lambda: False) -> int:
    """Compute and keep the figures of `refs` (the defined territories' references) for
    `years` (the territories' latest years with data, newest first) on `con`'s version;
    returns how many sets were prepared. `stop()` is asked between two: a newer version
    makes this one's figures useless. A reference's queries of a year are read once (a
    page's memo), then forgotten: France's are 35 000 rows each."""
    token = version_of(con)
    if token is None:
        return 0
    refs = references() if refs is None else refs
    ids = preparable_ids()
    done = 0
    with unshared():
        for year in (_years(con) if years is None else years):
            with one_page():
                months = _months(con, year, refs)
            for ref in refs:
                with one_page():
                    for month in [None, *months]:
                        if stop():
                            return done
                        _keep(token, "totals", ref, year, month,
                              _totals(con, ref, year, ids, month))
                        if month is not None:
                            _keep(token, "breakdown", ref, year, month,
                                  _breakdown(con, ref, year, month))
                        else:
                            _keep(token, "qpv", ref, year, None, _qpv(con, ref, year))
                        done += 1
    return done


def newest_version() -> str | None:
    """The newest version whose figures are kept (its preparation has begun)."""
    with _LOCK:
        return _TOKENS[-1] if _TOKENS else None
