"""Helpers for the dashboard pages' AppTests: run a page file alone, read what it shows."""

import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

PAGES = Path(__file__).resolve().parents[2] / "views"
TIMEOUT = 30  # a first run computes the page's queries; AppTest's default is 3 s


def run_page(name: str, role: str | None = None, **params) -> AppTest:
    at = AppTest.from_file(str(PAGES / f"{name}.py"), default_timeout=TIMEOUT)
    if role:
        at.session_state["role"] = role
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def assert_ok(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def shown_text(at: AppTest) -> str:
    kinds = ("title", "subheader", "caption", "markdown", "info", "warning", "error")
    parts = [str(e.value) for kind in kinds for e in getattr(at, kind)]
    parts += [f"{m.label}: {m.value}" for m in at.metric]
    return "\n".join(parts)


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def legends(at: AppTest) -> list[list[str]]:
    """Each chart's legend names (its traces'), in the page's order, a long one's lines
    joined again."""
    return [[t.get("name", "").replace("<br>", " ") for t in json.loads(c.proto.spec)["data"]]
            for c in at.get("plotly_chart")]


def table_with(at: AppTest, column: str) -> pd.DataFrame:
    """The first table (st.dataframe) having this column."""
    for df in at.dataframe:
        if column in df.value.columns:
            return df.value
    raise AssertionError(f"no table with a column {column!r}")


def row(table: pd.DataFrame, commune: str) -> pd.Series:
    """A commune's row of a table whose first column holds links ending in #name."""
    first = table.columns[0]
    hits = table[table[first].astype(str).str.endswith(f"#{commune}")]
    assert len(hits) == 1, f"{commune} not in {table[first].tolist()}"
    return hits.iloc[0]


def param(at: AppTest, name: str):
    value = at.query_params[name]
    return value[0] if isinstance(value, list) and len(value) == 1 else value


@pytest.fixture
def demo(demo_data_dir, monkeypatch):
    monkeypatch.setenv("TBE_DATA_DIR", str(demo_data_dir))
    return demo_data_dir
