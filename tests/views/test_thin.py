"""The page scripts stay thin (issue 18): each main() fits on a screen, and no view holds
SQL or reaches the database or the import parsers itself: the queries, the store and
`ingest/` do that work, the views draw."""

import ast
import re
from pathlib import Path

import pytest

VIEWS = sorted((Path(__file__).resolve().parents[2] / "views").glob("*.py"))
MAX_MAIN_LINES = 60
SQL = re.compile(r"\b(SELECT\s.+\sFROM|INSERT\s+INTO|CREATE\s+(TABLE|VIEW)|DELETE\s+FROM)\b",
                 re.IGNORECASE | re.DOTALL)
FORBIDDEN_MODULES = ("duckdb", "ingest.parse", "ingest.readers", "ingest.pipeline", "ingest.detect",
                     "ingest.match", "ingest.grain")


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def test_there_are_views():
    assert len(VIEWS) == 13


@pytest.mark.parametrize("path", VIEWS, ids=lambda p: p.stem)
def test_main_is_at_most_60_lines(path):
    mains = [n for n in _tree(path).body if isinstance(n, ast.FunctionDef) and n.name == "main"]
    assert len(mains) == 1, f"{path.name}: one main() expected"
    lines = mains[0].end_lineno - mains[0].lineno + 1
    assert lines <= MAX_MAIN_LINES, f"{path.name}: main() has {lines} lines"


@pytest.mark.parametrize("path", VIEWS, ids=lambda p: p.stem)
def test_no_sql_and_no_database_or_parser_import(path):
    tree = _tree(path)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            assert not SQL.search(node.value), f"{path.name}: SQL in a view: {node.value[:60]!r}"
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        for name in names:
            assert not name.startswith(FORBIDDEN_MODULES), f"{path.name} imports {name}"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            assert node.func.attr != "connection", f"{path.name} opens a database connection"


DASHBOARDS = {"plie", "mission_locale", "demandeurs_emploi", "maison_emploi", "qpv", "ma_commune"}


def _called(tree: ast.Module) -> set[str]:
    return {f"{n.func.value.id}.{n.func.attr}" for n in ast.walk(tree)
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
            and isinstance(n.func.value, ast.Name)}


@pytest.mark.parametrize("path", VIEWS, ids=lambda p: p.stem)
def test_the_dashboard_opening_is_the_scaffolds(path):
    called = _called(_tree(path))
    # the filter bar, the viewer's notice and the dashboard query come with the opening
    assert not called & {"filters.filter_bar", "filters.viewer_notice"}, path.name
    assert ("scaffold.open_dashboard" in called) == (path.stem in DASHBOARDS), path.name
