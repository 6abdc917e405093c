"""What a request covers, before any indicator: the communes of a territory, the bounds
of a year, the years that hold data, the month of reference of a year's job seekers.

Shared by the key figures (`figures.py`), the series and dashboards, the QPV figures, the
narrative, the CLI, the exports and the pages.
"""

import datetime as dt

import duckdb
import pandas as pd

from data import reference
from queries.runner import run_once


class ScopeError(Exception):
    """A request that cannot be answered (an unknown territory, a commune outside it); the
    message is French, for the user."""


def territory_communes(territory: str) -> list[str]:
    codes = list(reference.communes_of(territory))
    if not codes:
        raise ScopeError(f"Territoire inconnu : « {territory} ».")
    return codes


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def available_years(con: duckdb.DuckDBPyConnection, territory: str) -> list[int]:
    df = run_once(con, "available_years", communes=territory_communes(territory))
    return [int(y) for y in df["year"]]


def latest_job_seeker_month(con, communes: list[str], year: int) -> dt.date | None:
    start, end = year_bounds(year)
    v = run_once(con, "job_seekers_latest_month", communes=communes, start=start,
                 end=end)["month"].iloc[0]
    return None if v is None or pd.isna(v) else pd.Timestamp(v).date()


def codes_in(codes: pd.Series, values) -> pd.Series:
    """`codes.isin(values)`, fast for many values: pandas' Arrow strings build the set of
    `values` in Python (a France-wide selection, 35 000 codes: about 40 ms a call, against
    2 ms as objects)."""
    return codes.astype(object).isin(values)
