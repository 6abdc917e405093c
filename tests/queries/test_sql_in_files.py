"""Every SQL text of the app is a file of `queries/sql/`, run by `queries/runner.py` (issue 18).

Each Python module of the app is read with `ast`: no string literal may look like SQL (it
starts, once stripped, with `select`, `with … as (`, `create … table|view…` or
`insert into`, in any case; an f-string is checked by its literal parts), and no code but
the runner may hand a text to DuckDB (`.execute`, `.executemany`, `.sql`). Docstrings are
prose, never run: they are not checked.

Checked: every package and top-level module of the app but `data/`. Left out, on purpose:
`data/` is the store, not a query: it builds the in-memory database when it loads
(`create table … as select * from read_parquet([…])` over the active import files, the
tables summed at import in `data/store.py: derive`, the empty frame of a table in
`data/schema.py`); its texts are DDL over file lists and column lists of the schema, which
no `$parameter` can bind. Allowed: nothing else — no module of `queries/`, `exports/`,
`geo/`, `ui/`, the pages, `cli/`, `ingest/`, `demo/` or `wording/` holds SQL, and only
`queries/runner.py` executes.
"""

import ast
import datetime as dt
import re
from pathlib import Path

from queries import figures, runner

ROOT = Path(__file__).resolve().parent.parent.parent
NOT_APP = {"tests", "bench", "data", ".venv", ".tools", ".git", "docs"}
EXECUTES = {"execute", "executemany", "sql"}  # DuckDB's ways of running a text
RUNNER = Path("queries") / "runner.py"  # the one module allowed to call them

SQL = re.compile(
    r"""^(?:select\b
         |with\s+(?:recursive\s+)?\w+\s*(?:\([^)]*\)\s*)?as\s*(?:not\s+)?(?:materialized\s+)?\(
         |create\s+(?:or\s+replace\s+)?(?:temp\s+|temporary\s+)?
              (?:table|view|index|unique|macro|function|schema|sequence|type)\b
         |insert\s+(?:or\s+\w+\s+)?into\b)""",
    re.IGNORECASE | re.VERBOSE,
)


def app_files() -> list[Path]:
    packages = [p.parent for p in ROOT.glob("*/__init__.py")] + [ROOT / "pages", ROOT / "views"]
    files = [f for pkg in packages if pkg.name not in NOT_APP and pkg.is_dir()
             for f in pkg.rglob("*.py")]
    return sorted(set(files) | set(ROOT.glob("*.py")))


def docstrings(tree: ast.AST) -> set[int]:
    """ids of the constants that are docstrings (module, class, function)."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                out.add(id(body[0].value))
    return out


def sql_literals(source: str) -> list[tuple[int, str]]:
    """(line, start of the text) of every string literal that looks like SQL."""
    tree = ast.parse(source)
    prose = docstrings(tree)
    return [(node.lineno, node.value.strip()[:40]) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in prose and SQL.match(node.value.strip())]


def executes(source: str) -> list[tuple[int, str]]:
    """(line, method) of every call of `.execute`, `.executemany` or `.sql`."""
    return [(node.lineno, node.func.attr) for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr in EXECUTES]


def test_the_app_is_scanned():
    names = {str(p.relative_to(ROOT)) for p in app_files()}
    for expected in ("queries/figures.py", "queries/series.py", "queries/dashboards.py",
                     "exports/content.py", "geo/maps.py", "ui/state.py", "cli/__main__.py",
                     "app.py"):
        assert expected in names
    assert any(n.startswith(("pages/", "views/")) for n in names)
    assert not any(n.startswith(("data/", "tests/", "bench/")) for n in names)


def test_no_sql_written_in_python():
    found = [f"{path.relative_to(ROOT)}:{line}: {text!r}" for path in app_files()
             for line, text in sql_literals(path.read_text(encoding="utf-8"))]
    assert found == [], "SQL belongs in queries/sql/<name>.sql, run by queries.runner"


def test_only_the_runner_executes():
    found = [f"{path.relative_to(ROOT)}:{line}: .{name}(" for path in app_files()
             if path.relative_to(ROOT) != RUNNER
             for line, name in executes(path.read_text(encoding="utf-8"))]
    assert found == []
    assert executes((ROOT / RUNNER).read_text(encoding="utf-8"))  # the runner itself is seen


def test_sql_is_caught():
    """The check itself: `con.execute("select 1")` added to queries/figures.py is reported,
    and so are the other shapes of SQL; prose is not."""
    source = (ROOT / "queries" / "figures.py").read_text(encoding="utf-8")
    added = source + '\n\ndef f(con):\n    return con.execute("select 1").fetchone()\n'
    line = added.count("\n")
    assert sql_literals(added) == [(line, "select 1")]
    assert executes(added) == [(line, "execute")]
    for sql in ('"  SELECT count(*) FROM t"', 'f"select {cols} from {table}"',
                '"""\n    with a as (select 1)\n    select * from a"""', '"WITH RECURSIVE r(n) AS (select 1)"',
                '"create or replace temp view v as select 1"', '"create table t (a int)"',
                '"insert into t values (1)"', '"insert or replace into t select 1"'):
        assert len(sql_literals(f"x = {sql}\n")) == 1, sql
    for prose in ('"Selectbox synced with the map"', '"Within one page"', '"with the year before"',
                  '"Sélectionner une commune"', '"created at"', '"inserted rows"'):
        assert sql_literals(f"x = {prose}\n") == [], prose
    assert sql_literals('def f():\n    """Select the commune: with it, …"""\n') == []


def test_every_coverage_check_has_its_column(demo_store):
    """figures._covered reads, for each table COVERAGE and COVERAGE_OF name, its column of
    `coverage.sql` (one row), whose only parameters are the communes and the period."""
    tables = {t for t, _ in figures.COVERAGE.values()} | {t for t, _ in figures.COVERAGE_OF.values()}
    assert "coverage" in runner.query_names()
    assert runner.parameters("coverage") == {"communes", "start", "end"}
    assert not any(n.startswith("covered_") for n in runner.query_names())  # one query now
    df = runner.run(demo_store.connection(), "coverage", communes=["59328"],
                    start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))
    assert len(df) == 1
    assert set(df.columns) == tables
    assert all(df[t].dtype == bool for t in tables)


def test_every_named_query_exists():
    """A query named by a literal in a call of the runner (`run`, `run_once`, `scalar`) is a
    file of queries/sql/: moving SQL into files left no name behind."""
    names = set(runner.query_names())
    called = []
    for path in app_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and len(node.args) >= 2
                    and getattr(node.func, "id", getattr(node.func, "attr", None)) in
                    {"run", "run_once", "scalar"}
                    and isinstance(node.args[1], ast.Constant) and isinstance(node.args[1].value, str)):
                called.append((path.relative_to(ROOT), node.args[1].value))
    assert len(called) >= 15  # the others are named by the registry (indicators.toml)
    assert [(str(p), n) for p, n in called if n not in names] == []
