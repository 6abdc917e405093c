"""Series and breakdowns behind the dashboards: small functions, one DataFrame each.

Each function runs SQL files of `queries/sql/` with bound parameters. Indicators keep
their registry id (`queries/indicators.toml`): `indicator_frame` runs the registry's own
queries for any list of communes, so a page's table shows the same figure as the key
figures. Rows for the whole selection have `code_insee` null, as in the SQL files.
"""

import datetime as dt
import math

import duckdb
import numpy as np
import pandas as pd

from data import reference, territories
from queries import figures, registry
from queries.context import latest_job_seeker_month, territory_communes, year_bounds
from queries.runner import run_once

# Which data source a registry query reads (`data_coverage.sql` names the sources).
SOURCE_OF_QUERY = {
    "job_seekers_snapshot": "job_seekers",
    "plie_participants": "plie",
    "plie_entries": "plie",
    "plie_exits": "plie",
    "plie_steps": "plie",
    "ml_activity": "ml",
    "ml_programme": "ml",
    "financial_aid": "aid",
    "mde_events": "mde",
    "clause_hours": "clauses",
}
TOTAL = None  # code_insee of the row for the whole selection


def months_before(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 - n
    return dt.date(index // 12, index % 12 + 1, 1)


def territory_params(territory: str) -> dict:
    """The territory's own definitions (senior age, low education level, hours per FTE)."""
    conf = territories.definitions().get(territory, {})
    return {
        "senior_age": conf.get("senior_age", 50),
        "low_level_max": conf.get("low_level_max", 3),
        "fte_hours": conf.get("fte_hours", 1607),
    }


def name_communes(frame: pd.DataFrame, total_label: str = "Total") -> pd.DataFrame:
    """Add `commune` (the COG name, `total_label` for the total row); communes sorted by
    name, the total row last."""
    names = reference.commune_names()
    out = frame.copy()
    labels = [names.get(c, c) if isinstance(c, str) else total_label
              for c in out["code_insee"].tolist()]
    out["commune"] = labels
    known = out["code_insee"].notna().to_numpy(dtype=bool)
    # the communes by name (a stable sort: the order of equal names kept), then the rest
    body = sorted(np.flatnonzero(known).tolist(), key=labels.__getitem__)
    order = np.array([*body, *np.flatnonzero(~known).tolist()], dtype=np.intp)
    return out.take(order).reset_index(drop=True)


# -- coverage and registry indicators -------------------------------------------------------
def coverage(con: duckdb.DuckDBPyConnection, communes, start: dt.date, end: dt.date,
             month: dt.date | None = None) -> dict[str, set[str]]:
    """For each data source, the communes of `communes` its imports cover in the period."""
    df = run_once(con, "data_coverage", communes=list(communes), start=start, end=end, month=month)
    # a set per source, built from each source's codes at once (35 000 communes × 4 sources
    # row by row cost a France-wide page 40 ms)
    return {source: set(codes.tolist())
            for source, codes in df.groupby("source", sort=False)["code_insee"]}


def covering_sources(con: duckdb.DuckDBPyConnection, communes, start: dt.date,
                     end: dt.date) -> set[str]:
    """The sources whose imports cover at least one of `communes` in the period (`coverage`'s
    keys, without a set of communes per source)."""
    df = run_once(con, "data_coverage", communes=list(communes), start=start, end=end,
                  month=None)
    return set(df["source"].dropna().unique().tolist())


def populations(con: duckdb.DuckDBPyConnection, communes) -> dict[str, float]:
    df = run_once(con, "population", communes=list(communes))
    df = df[df["code_insee"].notna() & df["pop_totale"].notna()]
    return dict(zip(df["code_insee"].tolist(), df["pop_totale"].astype("float64").tolist(),
                    strict=True))


def _indicator_blocks(con: duckdb.DuckDBPyConnection, territory: str, communes, year: int,
                      ids: list[str], month: dt.date | None,
                      totals_only: bool) -> tuple[list, list[tuple]]:
    """The pieces of `indicator_frame`: the row keys (the communes shown, then TOTAL) and one
    block per indicator of `ids`, in the long frame's order: (indicator, values — a float
    array, one per key —, population and covered — lists, one per key). A duplicated
    ratio id has its block twice, as the long frame has its rows twice."""
    communes = list(communes)
    inds = registry.indicators()
    start, end = year_bounds(year)
    params = {"communes": communes, "start": start, "end": end, "month": month,
              **territory_params(territory)}
    covered = coverage(con, communes, start, end, month)
    pops = populations(con, communes)
    wanted = list(dict.fromkeys(
        p for i in ids for p in ([inds[i].numerator, inds[i].denominator]
                                 if inds[i].is_ratio else [i])))
    results: dict[tuple, pd.DataFrame | None] = {}
    rows: dict[tuple, np.ndarray] = {}
    shown = [] if totals_only else communes
    keys = [*shown, TOTAL]
    commune_pops = [pops.get(c, 0) or math.nan for c in shown]
    scopes: dict[str | None, tuple[list, list, list]] = {}  # source → in_scope, pop., covered
    blocks: dict[str, tuple] = {}
    absent = figures.absent_indicators(con, wanted, communes, start, end) if communes else set()
    for i in wanted:
        ind = inds[i]
        source = SOURCE_OF_QUERY.get(ind.query)
        if source not in scopes:
            # Only the covered communes enter the query, so that its total row is theirs.
            in_scope = [c for c in communes if source is None or c in covered.get(source, ())]
            in_set = set(in_scope)
            scopes[source] = (in_scope,
                              [*commune_pops, sum(pops.get(c, 0) for c in in_set) or math.nan],
                              [*(int(c in in_set) for c in shown), len(in_set)])
        in_scope, population, covered_col = scopes[source]
        key = (ind.query, tuple(sorted(ind.params.items())))
        if key not in results:
            skip = not in_scope or (ind.period == "month" and month is None)
            results[key] = None if skip else run_once(
                con, ind.query, **{**params, "communes": in_scope}, **ind.params)
        df = results[key]
        if df is None or i in absent:
            values = np.full(len(keys), math.nan)
        else:
            if key not in rows:  # each key's row in the query's result (the last, if twice)
                position = {c if isinstance(c, str) else TOTAL: n
                            for n, c in enumerate(df["code_insee"].tolist())}
                rows[key] = np.array([position.get(code, -1) for code in keys], dtype=np.intp)
            # a key without a row takes the NaN appended at position -1
            values = np.append(df[ind.column].to_numpy(dtype="float64", na_value=math.nan),
                               math.nan)[rows[key]]
        blocks[i] = (i, values, population, covered_col)
    out = [blocks[i] for i in wanted if i in set(ids)]
    for i in ids:
        ind = inds[i]
        if not ind.is_ratio:
            continue
        _, den, population, covered_col = blocks[ind.denominator]
        num = blocks[ind.numerator][1]
        with np.errstate(divide="ignore", invalid="ignore"):
            # n / d where d > 0, NaN elsewhere (a NaN d included)
            values = np.where(den > 0, num / np.where(den > 0, den, 1.0), math.nan)
        out.append((i, values, population, covered_col))
    return keys, out


def indicator_frame(con: duckdb.DuckDBPyConnection, territory: str, communes, year: int,
                    ids: list[str], month: dt.date | None = None,
                    totals_only: bool = False) -> pd.DataFrame:
    """Registry indicators for each commune of `communes` and for all of them together.

    Long format: code_insee (null for the total), indicator, value, population (of the
    commune; for the total, of the communes the indicator's source covers), covered
    (how many communes that is) and communes (how many were asked for). A commune the
    imports do not cover gets NaN, never 0; ratios are computed from their two parts.
    With `totals_only`, only the total rows (the same queries run: their total rows are
    for the covered communes).
    """
    n_communes = len(list(communes))
    keys, blocks = _indicator_blocks(con, territory, communes, year, ids, month, totals_only)
    # Built column by column (row by row, the 647 communes of the Nord cost a page about as
    # much as its queries).
    cols: dict[str, list] = {"code_insee": [], "indicator": [], "value": [], "population": [],
                             "covered": [], "communes": []}
    for i, values, population, covered_col in blocks:
        cols["value"].append(values)
        cols["population"] += population
        cols["covered"] += covered_col
        cols["code_insee"] += keys
        cols["indicator"] += [i] * len(keys)
        cols["communes"] += [n_communes] * len(keys)
    cols["value"] = np.concatenate(cols["value"]) if cols["value"] else []
    return pd.DataFrame(cols)


def indicator_tables(con: duckdb.DuckDBPyConnection, territory: str, communes, year: int,
                     ids: list[str], month: dt.date | None = None
                     ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """`(wide(frame), total rows of frame indexed by indicator)` of `frame =
    indicator_frame(…)`, built from its blocks without the long frame (35 000 communes ×
    25 indicators: the long frame and its pivot cost a France-wide page seconds)."""
    n_communes = len(list(communes))
    keys, blocks = _indicator_blocks(con, territory, communes, year, ids, month, False)
    totals = pd.DataFrame({
        "code_insee": pd.Series([TOTAL] * len(blocks), dtype=pd.Series(keys).dtype),
        "indicator": [b[0] for b in blocks],
        "value": np.array([b[1][-1] for b in blocks], dtype="float64"),
        "population": np.array([b[2][-1] for b in blocks], dtype="float64"),
        "covered": np.array([b[3][-1] for b in blocks], dtype="int64"),
        "communes": np.full(len(blocks), n_communes, dtype="int64"),
    }).set_index("indicator")
    # the wide table: one row per distinct key (codes sorted, the total ""), one column per
    # indicator (sorted), the first non-null value in the long frame's order
    codes = [c if isinstance(c, str) else "" for c in keys]
    row_keys = sorted(set(codes))
    first: dict[str, int] = {}
    for n, c in enumerate(codes):
        first.setdefault(c, n)
    at = np.array([first[c] for c in row_keys], dtype=np.intp)
    columns: dict[str, np.ndarray] = {}
    for i, values, _population, _covered in blocks:
        if i not in columns:
            columns[i] = values[at]
    table = pd.DataFrame({i: columns[i] for i in sorted(columns)})
    # a commune's population is the same in every block; the total's, the first known one
    population = np.full(len(keys), math.nan)
    for _i, _values, pop, _covered in blocks:
        missing = np.isnan(population)
        if not missing.any():
            break
        block = np.asarray(pop, dtype="float64")
        population[missing] = block[missing]
    table["pop_totale"] = population[at]
    table.insert(0, "code_insee", pd.Series(list(row_keys), dtype=pd.Series(keys).dtype))
    table["code_insee"] = table["code_insee"].replace("", None)
    return name_communes(table), totals


def wide(frame: pd.DataFrame) -> pd.DataFrame:
    """`indicator_frame` as one row per commune (total last), one column per indicator,
    with `pop_totale` and the commune's name."""
    # What `pivot_table(aggfunc="first")` gives (the first non-null value of each commune ×
    # indicator, codes and indicators sorted), in numpy: the pivot cost a page ~10 ms.
    codes = [c if isinstance(c, str) else "" for c in frame["code_insee"].tolist()]
    indicators = frame["indicator"].tolist()
    row_keys, col_keys = sorted(set(codes)), sorted(set(indicators))
    at_row = {c: n for n, c in enumerate(row_keys)}
    at_col = {i: n for n, i in enumerate(col_keys)}
    row = np.fromiter((at_row[c] for c in codes), dtype=np.intp, count=len(codes))
    col = np.fromiter((at_col[i] for i in indicators), dtype=np.intp, count=len(codes))

    def first(cell, values, size):
        out = np.full(size, math.nan)
        known = ~np.isnan(values)
        cells, at = np.unique(cell[known], return_index=True)
        out[cells] = values[known][at]
        return out

    values = first(row * len(col_keys) + col, frame["value"].to_numpy(dtype="float64"),
                   len(row_keys) * len(col_keys)).reshape(len(row_keys), len(col_keys))
    table = pd.DataFrame(values, columns=list(col_keys))
    table["pop_totale"] = first(row, frame["population"].to_numpy(dtype="float64"),
                                len(row_keys))
    table.insert(0, "code_insee", pd.Series(list(row_keys), dtype=frame["code_insee"].dtype))
    table["code_insee"] = table["code_insee"].replace("", None)
    return name_communes(table)


def reference_values(con: duckdb.DuckDBPyConnection, reference_territory: str, year: int,
                     ids: list[str], month: dt.date | None = None) -> pd.DataFrame:
    """The total row of `indicator_frame` for a reference territory, one row per indicator."""
    frame = indicator_frame(con, reference_territory, territory_communes(reference_territory),
                            year, ids, month)
    return frame[frame["code_insee"].isna()].set_index("indicator")


# -- job seekers ---------------------------------------------------------------------------
def job_seekers_monthly(con, communes, end_month: dt.date, months: int = 48) -> pd.DataFrame:
    """Categories A and A, B, C at each month end, with their 12-month trend."""
    return run_once(con, "job_seekers_monthly", communes=list(communes),
               start=months_before(end_month, months - 1), end=end_month)


def partial_job_seeker_month(con, communes, year: int,
                             month: dt.date | None = None) -> dict | None:
    """The latest month of `year` after `month`, the reference month of the job-seeker
    figures (`context.latest_job_seeker_month`, found when not given), with job-seeker
    rows: a month fewer of the selection's communes cover (an agency's file for some of
    them), so not the reference. {"month", "communes": how many it covers, "of": how many
    the reference month covers, "reference": the reference month}; None when the
    reference month is the year's latest with data."""
    if month is None:
        month = latest_job_seeker_month(con, list(communes), year)
    if month is None:
        return None
    df = run_once(con, "job_seekers_monthly", communes=list(communes), start=month,
                  end=dt.date(year, 12, 31))
    if len(df) < 2:  # the reference month alone
        return None
    first, last = df.iloc[0], df.iloc[-1]
    return {"month": pd.Timestamp(last["month"]).date(), "communes": int(last["communes_reported"]),
            "of": int(first["communes_reported"]), "reference": month}


def secret_cells_at(monthly: pd.DataFrame | None, month) -> int:
    """The cells under the producer's secret behind the job seekers of `month` in a
    `job_seekers_monthly` frame (0 without): a count of cells, public."""
    if month is None or monthly is None or monthly.empty or "secret_cells" not in monthly:
        return 0
    at = monthly.loc[pd.to_datetime(monthly["month"]).dt.date == month, "secret_cells"]
    return 0 if at.empty or pd.isna(at.iloc[0]) else int(at.iloc[0])


def secret_cells_of_year(con, communes, year: int) -> dict | None:
    """The cells under the producer's secret (« s », « nd », « < 5 ») behind the job-seeker
    figures of `year` (their month, `context.latest_job_seeker_month`): {"month", "n"}, or
    None when there is none. Left out of the totals, never read as 0."""
    month = latest_job_seeker_month(con, list(communes), year)
    if month is None:
        return None
    df = run_once(con, "job_seekers_monthly", communes=list(communes), start=month, end=month)
    n = secret_cells_at(df, month)
    return {"month": month, "n": n} if n > 0 else None


def job_seekers_cover(con, communes, year: int) -> dict | None:
    """When the imported job-seeker files of the year's month give only some of
    `communes`: {"month", "covered", "of"} (the figures are those communes'); None when
    they give all of them, or nothing."""
    communes = list(communes)
    month = latest_job_seeker_month(con, communes, year)
    if month is None:
        return None
    start, end = year_bounds(year)
    covered = len(coverage(con, communes, start, end, month).get("job_seekers", ()))
    if not covered or covered >= len(set(communes)):
        return None
    return {"month": month, "covered": covered, "of": len(set(communes))}


def job_seekers_breakdown(con, communes, month: dt.date) -> pd.DataFrame:
    return run_once(con, "job_seekers_breakdown", communes=list(communes), month=month)


# -- PLIE ----------------------------------------------------------------------------------
def plie_exit_reasons(con, communes, start, end) -> pd.DataFrame:
    return run_once(con, "plie_exit_reasons", communes=list(communes), start=start, end=end)


def plie_steps_by_type(con, communes, start, end) -> pd.DataFrame:
    return run_once(con, "plie_steps_by_type", communes=list(communes), start=start, end=end)


def plie_prescribers(con, communes, start, end) -> pd.DataFrame:
    return run_once(con, "plie_prescribers", communes=list(communes), start=start, end=end)


# -- Mission Locale --------------------------------------------------------------------------
def ml_activity_monthly(con, communes, start, end) -> pd.DataFrame:
    return run_once(con, "ml_activity_monthly", communes=list(communes), start=start, end=end)


def ml_situations(con, communes, start, end) -> pd.DataFrame:
    return run_once(con, "ml_situations", communes=list(communes), start=start, end=end)


def financial_aid_by_scheme(con, communes, start, end) -> pd.DataFrame:
    return run_once(con, "financial_aid_by_scheme", communes=list(communes), start=start, end=end)


# -- Maison de l'Emploi ----------------------------------------------------------------------
def mde_events_list(con, communes, start, end) -> pd.DataFrame:
    return run_once(con, "mde_events_list", communes=list(communes), start=start, end=end)


def mde_participations(con, communes, start, end) -> pd.DataFrame:
    """The events the Maison de l'Emploi only attended (mde_participations.sql)."""
    return run_once(con, "mde_participations", communes=list(communes), start=start, end=end)


def mde_events_by_quarter(events: pd.DataFrame, year: int,
                          participations: pd.DataFrame | None = None) -> pd.DataFrame:
    """Events, exhibitors, participants and interviews per quarter (all four quarters); a
    sum no event of the quarter records is NaN (« non disponible »), as in mde_events.sql."""
    def known_sum(s: pd.Series) -> float:
        return s.sum() if s.notna().any() else math.nan

    grouped = events.groupby("quarter").agg(
        evt_organises=("name", "size"), evt_exposants=("exhibitors", known_sum),
        evt_participants=("participants", known_sum), evt_entretiens=("interviews", known_sum))
    out = grouped.reindex([1, 2, 3, 4]).reset_index(names="quarter")
    out["evt_organises"] = out["evt_organises"].fillna(0)
    if participations is not None:
        attended = participations.groupby("quarter").size()
        out["evt_participations"] = out["quarter"].map(attended).fillna(0).astype("int64")
    out["label"] = [f"T{q} {year}" for q in out["quarter"]]
    return out


def clause_hours_monthly(con, communes, start, end) -> pd.DataFrame:
    return run_once(con, "clause_hours_monthly", communes=list(communes), start=start, end=end)


# -- QPV ---------------------------------------------------------------------------------------
def qpv_residents(con, communes, start, end) -> pd.DataFrame:
    return run_once(con, "qpv_residents", communes=list(communes), start=start, end=end)


def qpv_list(communes) -> pd.DataFrame:
    """The QPV (2024 generation) of the communes, by commune: code and name."""
    q = reference.qpv()
    q = q[q["code_insee"].isin(list(communes))]
    out = name_communes(q[["code_insee", "qpv_code", "qpv_name"]])
    return out.sort_values(["commune", "qpv_name"]).reset_index(drop=True)
