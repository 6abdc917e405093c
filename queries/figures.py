"""Key figures of a territory (or one commune) for a year, with the year before.

The one code path behind the "Chiffres clés" page, the CLI `figures` command and the
exports: every value comes from a query of `queries/sql/` named in the registry.
"""

import calendar
import datetime as dt
import math

import duckdb
import numpy as np
import pandas as pd

from data import reference, territories
from queries import registry, runner
from queries.context import ScopeError, latest_job_seeker_month, territory_communes, year_bounds
from queries.runner import one_page, run_once

MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
             "septembre", "octobre", "novembre", "décembre"]

# Which table must describe the period for a query's figures to mean something: without
# PLIE data, "0 participant" would be a false statement, so the figure is empty (n.d.).
# Each table is checked by its column of `sql/coverage.sql` (the column named here is the
# date it reads), for the selection's own imports only (another territory's extraction says
# nothing of it); one query answers every table for a period. An extraction of tracking
# software (PLIE, Mission Locale) describes a year when its dates begin by the year's end
# and reach into it: an extraction that ends before the year gives neither its entries and
# exits (not 0, not −100 %) nor its participants (the pathways still open at the
# extraction are not the year's).
COVERAGE = {
    "plie_participants": ("plie_participants", "entry_date"),
    "plie_entries": ("plie_participants", "entry_date"),
    "plie_exits": ("plie_participants", "entry_date"),
    "plie_steps": ("plie_steps", "start_date"),
    "ml_activity": ("ml_contacts", "contact_date"),
    "ml_programme": ("ml_programmes", "start_date"),
    "financial_aid": ("financial_aid", "payment_date"),
    "mde_events": ("mde_events", "event_date"),
    "clause_hours": ("clause_hours", "month"),
}

# Indicators of a query that read another table than the one COVERAGE checks: first
# registrations come from the young people's sheet, present without any contact sheet;
# contacts and interviews within a programme from the contacts' sheet, absent from an
# extraction of young people and programmes only (then « non disponible », not 0); the
# professional solutions of a CEJ from the situations' sheet, which many extractions lack.
COVERAGE_OF = {
    "ml_nouveaux_inscrits": ("ml_young", "registration_date"),
    # the pages' tables read an indicator wherever its source covers a commune, and an
    # extraction without contacts covers its year (data/store.py: ML_EXTRACTION_YEARS):
    # the figures of contacts and of programmes say which sheet they need, as the key
    # figures' COVERAGE does
    "ml_jeunes_accompagnes": ("ml_contacts", "contact_date"),
    "ml_contacts": ("ml_contacts", "contact_date"),
    "ml_entretiens": ("ml_contacts", "contact_date"),
    **{i: ("ml_programmes", "start_date") for i in (
        "cej_accompagnes", "cej_entrees", "cej_entrees_qpv", "cej_entrees_qpv_inconnu",
        "pacea_accompagnes", "pacea_entrees")},
    "cej_contacts": ("ml_contacts", "contact_date"),
    "cej_entretiens": ("ml_contacts", "contact_date"),
    "pacea_entretiens": ("ml_contacts", "contact_date"),
    # situations: an extraction without its « Situations » sheet says nothing of them
    "cej_jeunes_solution": ("ml_situations", "start_date"),
    "cej_mesures": ("ml_situations", "start_date"),
}

# `unknown`: for a "dont" line whose parent has unknown answers (`Indicator.unknown`: QPV
# residence), how many; its `share` is of the parent's other people.
COLUMNS = ["indicator", "label", "family", "unit", "value", "previous_value", "evolution_pct",
           "part_of", "share", "period", "reference_date", "territory", "commune", "definition",
           "unknown"]

# COVERAGE_OF checks, by a pseudo query name (the table checked)
_TABLES_CHECKED = {f"table:{t}": (t, c) for t, c in COVERAGE_OF.values()}


def _covered(con, query: str, communes: list[str], start: dt.date, end: dt.date) -> bool:
    if query not in COVERAGE and query not in _TABLES_CHECKED:
        return True
    table, _column = _TABLES_CHECKED.get(query) or COVERAGE[query]
    # every table's check in one row, asked once per period within a page (`one_page`)
    checks = runner.run_once(con, "coverage", communes=communes, start=start, end=end)
    return bool(checks[table].iloc[0])


def absent_indicators(con, ids, communes: list[str], start: dt.date, end: dt.date) -> set[str]:
    """The ids of `ids` whose own table (`COVERAGE_OF`) holds no row for `communes` in the
    period: « non disponible », not 0 (an i-milo extraction without its « Situations »
    sheet says nothing of the CEJ's solutions). The key figures read them so through
    `_query_values`; the pages' tables (`series.indicator_frame`) through this."""
    return {i for i in ids if i in COVERAGE_OF
            and not _covered(con, f"table:{COVERAGE_OF[i][0]}", list(communes), start, end)}


class _Rows:
    """A query's result with the position of each commune's first row (None: the total).

    A France-wide result has 35 000 rows, and the key figures of one commune read a few of
    them from each of 24 results: the positions are a dict built from the codes as plain
    objects (`pd.isna` of each code cost a fiche a second), a column's values an array,
    and the positions of a list of codes (a table's every commune) are looked up once."""

    _TOTAL = "\0total"  # the total row's key (no INSEE code looks like it)

    def __init__(self, df: pd.DataFrame):
        self.df = df
        self.position: dict[str, int] = {}
        codes = df["code_insee"].to_numpy(dtype=object, na_value=self._TOTAL)
        for pos, code in enumerate(codes.tolist()):
            self.position.setdefault(code, pos)
        self._codes: list | None = None  # the last list `values` looked up, and its positions
        self._codes_at = np.empty(0, dtype=np.intp)
        self.columns: dict[str, np.ndarray] = {}

    def _column(self, column: str) -> np.ndarray:
        if column not in self.columns:  # the first rows' values, NaN for a missing one
            series = self.df[column]
            try:
                values = series.to_numpy(dtype="float64", na_value=math.nan)
            except (TypeError, ValueError):  # (not numbers: read as missing)
                values = pd.to_numeric(series, errors="coerce").to_numpy(
                    dtype="float64", na_value=math.nan)
            self.columns[column] = values
        return self.columns[column]

    def _positions(self, codes: list) -> np.ndarray:
        # the same list of codes for every column of a table: looked up once
        if codes is not self._codes:
            get = self.position.get
            self._codes = codes
            self._codes_at = np.fromiter(
                (get(self._TOTAL if c is None else c, -1) for c in codes), dtype=np.intp,
                count=len(codes))
        return self._codes_at

    def value(self, column: str, code: str | None) -> float:
        pos = self.position.get(self._TOTAL if code is None else code, -1)
        return math.nan if pos < 0 else float(self._column(column)[pos])

    def values(self, column: str, codes: list) -> np.ndarray:
        """`[self.value(column, code) for code in codes]`, as an array."""
        positions = self._positions(codes)
        col = np.append(self._column(column), math.nan)  # a code without a row reads the NaN
        return col[np.where(positions < 0, len(col) - 1, positions)]


def _query_values(con, territory: str, communes: list[str], year: int,
                  month: dt.date | None) -> dict[str, dict[tuple, _Rows | None]]:
    """Run each query needed once per parameter set; None where the data are absent."""
    conf = territories.definitions().get(territory, {})
    start, end = year_bounds(year)
    base = {"communes": communes, "start": start, "end": end,
            "senior_age": conf.get("senior_age", 50), "low_level_max": conf.get("low_level_max", 3),
            "fte_hours": conf.get("fte_hours", 1607), "month": month}
    results: dict[str, dict[tuple, _Rows | None]] = {}
    covered: dict[tuple | None, bool] = {}  # by the (table, column) COVERAGE checks
    for ind in registry.indicators().values():
        if ind.query is None or ind.period == "onpv":  # per quarter: queries/qpv.py
            continue
        key = tuple(sorted(ind.params.items()))
        per_query = results.setdefault(ind.query, {})
        if key in per_query:
            continue
        if ind.period == "month" and month is None:
            per_query[key] = None
            continue
        if ind.period == "year":
            # the query runs if one of its indicators has data; the others read « absent »
            checks = {}
            for other in registry.indicators().values():
                if other.query == ind.query and tuple(sorted(other.params.items())) == key:
                    own = COVERAGE_OF.get(other.id)
                    checks[other.id] = (f"table:{own[0]}" if own else ind.query)
            for name in set(checks.values()):
                if name not in covered:
                    covered[name] = _covered(con, name, communes, start, end)
            absent = {i for i, name in checks.items() if not covered[name]}
            if len(absent) == len(checks):
                per_query[key] = None
                continue
            results.setdefault(ABSENT, {})[ind.query, key] = absent
        per_query[key] = _Rows(run_once(con, ind.query, **base, **ind.params))
    return results


JOB_SEEKERS_QUERY = "job_seekers_snapshot"


def alike_communes(con, communes: list[str], commune: str | None, month, prev_month):
    """When cells under the producer's secret (« s », « nd ») lie behind the job seekers of
    the month or of the same month a year before, the two snapshots restricted to the
    communes without any in either: an evolution over the others would compare 9 communes
    with 10 (Lompret « s » in 2025, 80 in 2024: −3,6 % instead of +5,2 %). None when no
    cell is under secret, or without both months."""
    if month is None or prev_month is None:
        return None
    scope = [commune] if commune is not None else communes
    # the territory's snapshots, which the key figures read already (one commune's row too)
    now, before = (run_once(con, JOB_SEEKERS_QUERY, communes=communes, month=m)
                   for m in (month, prev_month))
    # the query's rows are the communes asked for and the total (a null code)
    now, before = ((f[f["code_insee"] == commune] if commune is not None
                    else f[f["code_insee"].notna()]).set_index("code_insee") for f in (now, before))
    secret = set(now.index[now["secret_cells"] > 0]) | set(before.index[before["secret_cells"] > 0])
    if not secret:
        return None
    alike = [c for c in scope if c not in secret]
    return now.reindex(alike), before.reindex(alike)


def alike_evolution(alike, column: str) -> float:
    now, before = alike
    if column not in now or now.empty:
        return math.nan
    both = now[column].notna() & before[column].notna()  # (a commune without data: neither)
    a, b = now.loc[both, column].sum(min_count=1), before.loc[both, column].sum(min_count=1)
    return (a - b) / b * 100 if pd.notna(a) and pd.notna(b) and b > 0 else math.nan


ABSENT = "__absent__"  # {(query, params): ids of its indicators whose table holds no data}


def _value(results, ind, code: str | None) -> float:
    key = tuple(sorted(ind.params.items()))
    if ind.id in results.get(ABSENT, {}).get((ind.query, key), ()):
        return math.nan
    rows = results.get(ind.query, {}).get(key)
    return math.nan if rows is None else rows.value(ind.column, code)


def _column(results, ind, codes: list) -> np.ndarray | list[float]:
    """`[_value(results, ind, code) for code in codes]`, the indicator's lookups made once."""
    key = tuple(sorted(ind.params.items()))
    rows = results.get(ind.query, {}).get(key)
    if rows is None or ind.id in results.get(ABSENT, {}).get((ind.query, key), ()):
        return [math.nan] * len(codes)
    return rows.values(ind.column, codes)


@runner.kept
def _values_table(con, territory: str, year: int, month: dt.date | None) -> pd.DataFrame:
    """Every indicator's value that a query gives (ratios apart), for each commune of the
    territory and for all of them (the row ""): what the key figures of the territory and
    of each of its communes, and the per-commune tables, read. Kept for the version: once
    the territory's figures are prepared, a commune's are a row of it (France: 35 000
    communes; each commune's figures read from the queries' results cost a fiche 0,4 s)."""
    communes = territory_communes(territory)
    with one_page():
        results = _query_values(con, territory, communes, year, month)
    codes = [*communes, None]
    columns = {i.id: _column(results, i, codes) for i in registry.indicators().values()
               if not i.is_ratio}
    return pd.DataFrame(columns, index=pd.Index([*communes, ""], name="code_insee"),
                        dtype="float64")


def _values(con, territory, year, month, code) -> dict[str, float]:
    table = _values_table(con, territory, year, month)
    row = table.loc["" if code is None else code]
    values = dict(zip(table.columns.tolist(), row.tolist(), strict=True))
    inds = registry.indicators()
    for i in inds.values():
        if i.is_ratio:
            num, den = values.get(i.numerator, math.nan), values.get(i.denominator, math.nan)
            values[i.id] = num / den if den and not math.isnan(den) and den > 0 else math.nan
    return values


def key_figures(con: duckdb.DuckDBPyConnection, territory: str, year: int,
                commune: str | None = None) -> pd.DataFrame:
    return _kept_key_figures(con, territory, year, commune)


def hidden_values(con: duckdb.DuckDBPyConnection, territory: str, year: int,
                  commune: str | None, ids: tuple[str, ...]) -> pd.DataFrame:
    """Values of indicators the key figures leave out (`hidden`: the recipients of an
    amount of aid), for the same place, year and year before: `value` and
    `previous_value`, indexed by id. Read from the same kept tables as the key figures."""
    communes = territory_communes(territory)
    month = latest_job_seeker_month(con, communes, year)
    prev_month = month.replace(year=month.year - 1) if month else None
    now = _values(con, territory, year, month, commune)
    before = _values(con, territory, year - 1, prev_month, commune)
    return pd.DataFrame({"value": [now.get(i, math.nan) for i in ids],
                         "previous_value": [before.get(i, math.nan) for i in ids]},
                        index=pd.Index(ids, name="indicator"), dtype="float64")


@runner.kept
def _kept_key_figures(con, territory: str, year: int, commune: str | None) -> pd.DataFrame:
    with one_page():
        return _key_figures(con, territory, year, commune)


def _key_figures(con, territory: str, year: int, commune: str | None) -> pd.DataFrame:
    communes = territory_communes(territory)
    if commune is not None and commune not in communes:
        raise ScopeError(f"La commune {commune} n'appartient pas au territoire « {territory} ».")
    month = latest_job_seeker_month(con, communes, year)
    prev_month = month.replace(year=month.year - 1) if month else None
    # the year and the year before query the store at once (`runner.parallel`)
    now, before = runner.parallel(
        con, lambda c: _values(c, territory, year, month, commune),
        lambda c: _values(c, territory, year - 1, prev_month, commune))
    alike = alike_communes(con, communes, commune, month, prev_month)
    rows = []
    for ind in registry.indicators().values():
        if ind.hidden:
            continue
        label, definition = ind.texts(territory)
        value, previous = now[ind.id], before[ind.id]
        evolution = math.nan
        comparable = not ind.is_ratio and ind.unit != "mois" and ind.period != "population"
        if comparable and previous and not math.isnan(previous):
            evolution = (value - previous) / previous * 100 if not math.isnan(value) else math.nan
        if alike is not None and ind.query == JOB_SEEKERS_QUERY:
            evolution = alike_evolution(alike, ind.column)
        share = unknown = math.nan
        if ind.part_of:
            # the parent's people whose answer is unknown (QPV residence) are left out
            unknown = now[ind.unknown] if ind.unknown else math.nan
            share = registry.share(value, now[ind.part_of], unknown)
        if ind.period == "month" and month:
            period = f"{MONTHS_FR[month.month - 1]} {month.year}"
            ref_date = month.replace(day=calendar.monthrange(month.year, month.month)[1])
        elif ind.period == "population":
            period, ref_date = "population légale", dt.date(year, 1, 1)
        else:
            period, ref_date = str(year), dt.date(year, 12, 31)
        rows.append({
            "indicator": ind.id, "label": label, "family": ind.family, "unit": ind.unit,
            "value": value, "previous_value": previous, "evolution_pct": evolution,
            "part_of": ind.part_of, "share": share, "period": period, "reference_date": ref_date,
            "territory": territory, "commune": commune, "definition": definition,
            "unknown": unknown,
        })
    df = pd.DataFrame(rows, columns=COLUMNS)
    order = {f: i for i, f in enumerate(registry.families())}
    df["_o"] = df["family"].map(order)
    return df.sort_values("_o", kind="stable").drop(columns="_o").reset_index(drop=True)


def by_commune(con: duckdb.DuckDBPyConnection, territory: str, year: int,
               indicator_ids: list[str]) -> pd.DataFrame:
    """One row per commune of the territory (and a total row), one column per indicator."""
    return _kept_by_commune(con, territory, year, tuple(indicator_ids))


@runner.kept
def _kept_by_commune(con, territory: str, year: int, indicator_ids: tuple) -> pd.DataFrame:
    with one_page():
        return _by_commune(con, territory, year, list(indicator_ids))


def _by_commune(con, territory: str, year: int, indicator_ids: list[str]) -> pd.DataFrame:
    communes = territory_communes(territory)
    month = latest_job_seeker_month(con, communes, year)
    table = _values_table(con, territory, year, month)
    names = reference.commune_names()
    codes = [*communes, None]
    columns: dict[str, list] = {
        "code_insee": codes, "commune": [names.get(c, c) if c else "Total" for c in codes]}
    for i in indicator_ids:  # (the table's rows: the communes, then the total)
        columns[i] = table[i].to_numpy() if i in table else [math.nan] * len(codes)
    df = pd.DataFrame(columns)
    body = df[df["code_insee"].notna()].sort_values("commune")
    return pd.concat([body, df[df["code_insee"].isna()]], ignore_index=True)
