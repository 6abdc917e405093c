"""Run a named SQL file of `queries/sql/` with bound parameters."""

import functools
import re
from pathlib import Path

import duckdb
import pandas as pd

SQL_DIR = Path(__file__).parent / "sql"
PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")
# A line `-- include: name` is replaced by the text of `sql/_name.sql`: common table
# expressions shared by several queries (a file whose name starts with `_` is no query).
INCLUDE = re.compile(r"^[ \t]*-- include: ([a-z_][a-z0-9_]*)[ \t]*$", re.MULTILINE)


@functools.cache
def sql_text(name: str) -> str:
    path = SQL_DIR / f"{name}.sql"
    if not path.is_file():
        raise KeyError(f"unknown query {name!r}")
    return INCLUDE.sub(lambda m: sql_text(f"_{m[1]}").rstrip("\n"), path.read_text(encoding="utf-8"))


def parameters(name: str) -> set[str]:
    return set(PARAM.findall(sql_text(name)))


def query_names() -> list[str]:
    return sorted(p.stem for p in SQL_DIR.glob("*.sql") if not p.stem.startswith("_"))


def run(con: duckdb.DuckDBPyConnection, name: str, **params) -> pd.DataFrame:
    """Execute `sql/<name>.sql`; parameters are bound, never formatted into the text."""
    needed = parameters(name)
    missing = needed - params.keys()
    if missing:
        raise TypeError(f"query {name!r} needs parameters {sorted(missing)}")
    bound = {k: v for k, v in params.items() if k in needed}
    return con.execute(sql_text(name), bound).df()
