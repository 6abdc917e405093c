"""Comparing places: a selection's indicators against a reference territory, communes ranked.

`compare` runs the registry's indicators for the chosen communes and for a reference
territory, and gives each indicator the measure that compares places: per 1 000
inhabitants for a count, its share of the "dont" parent, or the rate it already is.
The reference counts only the communes its imports cover (`queries.series.coverage`).
"""

import datetime as dt
import math

import duckdb
import numpy as np
import pandas as pd

from queries import references, registry, runner, secret, series
from queries.runner import parallel

# How an indicator is compared between places: per 1 000 inhabitants for a count, as a
# share of its "dont" parent, or as the rate it already is. Other units are not compared.
PER_1000, SHARE, RATE = "pour_1000", "part", "taux"
COUNT_UNITS = ("personnes", "nombre")


def with_parents(ids: list[str]) -> list[str]:
    """The indicators and the "dont" parents their shares need, with the parents' unknown
    answers (`Indicator.unknown`)."""
    inds = registry.indicators()
    out = list(ids)
    for i in ids:
        for needed in (inds[i].part_of, inds[i].part_of and inds[i].unknown):
            if needed and needed not in out:
                out.append(needed)
    # and the hidden counts the secret hides some of them with (recipients of aid)
    return out + [b for b in secret.bases_of(out) if b not in out]


def measures(total: pd.DataFrame, ids: list[str]) -> pd.DataFrame:
    """For each indicator: its value, and the measure that compares places (with its kind);
    for a share of the known answers, the parent's unknown answers (`unknown`, persons: a
    share shown with its part and parent gives them away, so the secret hides it with them).

    `total` is indexed by indicator and has `value` and `population` (an `indicator_frame`
    row per indicator).
    """
    inds = registry.indicators()
    if total.index.is_unique:  # each column read once, as {indicator: value}
        column = {c: dict(zip(total.index, total[c].tolist(), strict=True))
                  for c in ("value", "population", "covered", "communes")}
    else:  # (a repeated indicator: pandas' own lookups)
        column = {c: total[c] for c in ("value", "population", "covered", "communes")}
    rows = []
    for i in ids:
        ind = inds[i]
        value = column["value"].get(i, math.nan)
        kind, measure, unknown = None, math.nan, math.nan
        if ind.is_ratio:
            kind, measure = RATE, value
        elif ind.part_of and ind.part_of in total.index:
            parent = total.at[ind.part_of, "value"] if not total.index.is_unique else \
                column["value"][ind.part_of]
            unknown = column["value"].get(ind.unknown, math.nan) if ind.unknown else math.nan
            kind, measure = SHARE, registry.share(value, parent, unknown)
        elif ind.unit in COUNT_UNITS and ind.period != "population":
            pop = column["population"].get(i, math.nan)
            kind, measure = PER_1000, (value / pop * 1000 if pop and pop > 0 else math.nan)
        rows.append({"indicator": i, "value": value, "kind": kind, "measure": measure,
                     "unknown": unknown, "covered": column["covered"].get(i, 0),
                     "communes": column["communes"].get(i, 0)})
    return pd.DataFrame(rows).set_index("indicator")


def total_rows(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["code_insee"].isna()].set_index("indicator")


def compare(con: duckdb.DuckDBPyConnection, territory: str, communes, year: int,
            reference: str | None, ids: list[str], month: dt.date | None = None,
            previous: bool = False, keep: bool = True) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The selection's indicators per commune (wide) and, per indicator, the selection's
    and the reference's measures (`ref_…` columns are NaN without a reference). With
    `previous`, the selection's value the year before (`prev`) and the evolution in %
    (`evol`) of counts and amounts. Kept for the store version (`runner.kept`): « Ma
    commune », its fiche and the AG slides compare the whole territory for each commune;
    without `keep`, not (a dashboard, which keeps its own figures: France-wide, a second
    copy of its per-commune table)."""
    args = (con, territory, tuple(communes), year, reference, tuple(ids), month, previous)
    out = _kept_compare(*args) if keep else _compare(*args)
    return out["by_commune"], out["table"]


def _compare(con, territory: str, communes: tuple, year: int, reference: str | None,
             ids: tuple, month: dt.date | None, previous: bool) -> dict:
    # the recipients of the amounts of aid among `ids`: rows the secret reads (`Figures`)
    ids = list(ids) + [b for b in secret.bases_of(ids) if b not in ids]
    ids_all = with_parents(ids)

    def selection(c):
        return series.indicator_tables(c, territory, communes, year, ids_all, month)

    def year_before(c):
        return total_rows(series.indicator_frame(c, territory, communes, year - 1, ids, None,
                                                 totals_only=True))

    def reference_totals(c):  # prepared once per store version (queries/references.py)
        return references.totals(c, reference, year, ids_all, month)

    # the three parts query the store at once (`runner.parallel`)
    parts = [selection, *([year_before] if previous else []),
             *([reference_totals] if reference else [])]
    (by_commune, totals), *others = parallel(con, *parts)
    mine = measures(totals, ids_all)
    if previous:
        before = others.pop(0)
        inds = registry.indicators()
        mine["prev"] = before["value"].reindex(mine.index)
        evolving = [not inds[i].is_ratio and inds[i].unit not in ("mois", "%")
                    and inds[i].period == "year" for i in mine.index]
        mine["evol"] = evolution(mine["value"], mine["prev"].where(evolving))
    if reference:
        theirs = measures(others.pop(0), ids_all)
    else:
        theirs = mine.assign(value=math.nan, measure=math.nan, unknown=math.nan, covered=0,
                             communes=0)
    table = mine.join(theirs.drop(columns="kind").add_prefix("ref_"))
    return {"by_commune": by_commune, "table": table.loc[ids]}


_kept_compare = runner.kept(_compare)


def ratio(num: pd.Series, den: pd.Series) -> pd.Series:
    return num / den.where(den > 0)


def evolution(now, before):
    if before is None:
        return math.nan
    before = pd.Series(before, dtype="float64")
    now = pd.Series(now, dtype="float64")
    return ((now - before) / before.where(before > 0) * 100).to_numpy()


def ranks(body: pd.DataFrame, table: pd.DataFrame, commune: str):
    """Rank of the commune among the territory's communes on each indicator's measure, or
    its value when it has no measure (1 = highest), and how many communes have a value."""
    _measures, ranks_, counts = commune_ranks(body, table, commune)
    return ranks_, counts


def commune_ranks(body: pd.DataFrame, table: pd.DataFrame, commune: str
                  ) -> tuple[list[float], list[float], list[int]]:
    """For each indicator of `table` (its `kind`): the commune's measure
    (`commune_measures`, NaN when it has none), its rank (`ranks`) and how many communes
    have a value; each indicator's measures computed once, on arrays."""
    inds = registry.indicators()
    at = body.index.get_loc(commune) if commune in body.index else None  # (codes: unique)
    measures_, ranks_, counts = [], [], []
    for i, kind in table["kind"].items():
        values = _measure_values(body, inds[i], kind)
        if values is None or at is None:
            measures_.append(math.nan)
            ranks_.append(math.nan)
            counts.append(0)
            continue
        mine = values[at]
        measures_.append(mine)
        if math.isnan(mine):
            ranks_.append(math.nan)
            counts.append(0)
            continue
        known = values[~np.isnan(values)]
        ranks_.append(float((known > mine).sum() + 1))
        counts.append(len(known))
    return measures_, ranks_, counts


class CommuneScales:
    """Every commune's measure and the sorted known measures of each indicator of `table`
    (`commune_ranks` for any commune of `body`, read in O(log n)): kept for the store
    version as read-only arrays, given as they are (`runner.kept`). France-wide, ranking a
    commune among 35 000 took 30 ms of a fiche; copying the per-commune table to do it,
    more."""

    def __init__(self, body: pd.DataFrame, table: pd.DataFrame):
        inds = registry.indicators()
        self.rows: dict[str, int] = {c: i for i, c in enumerate(body.index.tolist())}
        self.measures: list[np.ndarray | None] = []
        self.known: list[np.ndarray | None] = []
        for i, kind in table["kind"].items():
            values = _measure_values(body, inds[i], kind)
            known = None
            if values is not None:
                values = np.array(values, dtype="float64")
                known = np.sort(values[~np.isnan(values)])
                values.flags.writeable = known.flags.writeable = False
            self.measures.append(values)
            self.known.append(known)
        population = (body["pop_totale"].to_numpy(dtype="float64", na_value=np.nan)
                      if "pop_totale" in body else np.full(len(body), np.nan))
        self.population = np.array(population, dtype="float64")
        self.population.flags.writeable = False

    @property
    def nbytes(self) -> int:  # what the kept results count it for (runner._result_size)
        arrays = [*self.measures, *self.known, self.population]
        return sum(a.nbytes for a in arrays if a is not None) + 100 * len(self.rows)

    def ranks(self, commune: str) -> tuple[list[float], list[float], list[int]]:
        """`commune_ranks(body, table, commune)`."""
        at = self.rows.get(commune)
        measures_, ranks_, counts = [], [], []
        for values, known in zip(self.measures, self.known, strict=True):
            mine = math.nan if values is None or at is None else float(values[at])
            measures_.append(mine)
            if math.isnan(mine):
                ranks_.append(math.nan)
                counts.append(0)
                continue
            # communes above it: the known measures after the last equal to it
            ranks_.append(float(len(known) - np.searchsorted(known, mine, side="right") + 1))
            counts.append(len(known))
        return measures_, ranks_, counts

    def population_of(self, commune: str) -> float:
        at = self.rows.get(commune)
        return math.nan if at is None else float(self.population[at])


def commune_measures(body: pd.DataFrame, ind, kind) -> pd.Series:
    """Each commune's measure of an indicator (its value when it has no measure)."""
    if ind.id not in body:
        return pd.Series(dtype="float64")
    if kind == PER_1000:
        return body[ind.id] / body["pop_totale"] * 1000
    if kind == SHARE and ind.part_of in body:
        base = body[ind.part_of] - _unknown(body, ind)
        return body[ind.id] / base.where(base > 0)
    return body[ind.id]


def _unknown(body: pd.DataFrame, ind) -> pd.Series | float:
    """Each commune's unknown answers among the parent's people (0 without)."""
    return body[ind.unknown].fillna(0) if ind.unknown and ind.unknown in body else 0


def _measure_values(body: pd.DataFrame, ind, kind) -> np.ndarray | None:
    """`commune_measures` as a float array (body's order), None without the indicator."""
    if ind.id not in body:
        return None
    value = body[ind.id].to_numpy(dtype="float64", na_value=np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        if kind == PER_1000:
            return value / body["pop_totale"].to_numpy(dtype="float64", na_value=np.nan) * 1000
        if kind == SHARE and ind.part_of in body:
            parent = body[ind.part_of].to_numpy(dtype="float64", na_value=np.nan)
            parent = parent - np.asarray(_unknown(body, ind), dtype="float64")
            return value / np.where(parent > 0, parent, np.nan)
    return value
