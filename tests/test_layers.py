"""The layers of the app, read from the imports of every module (issue 18).

Data flows ingest → store (data/) → queries → geo / exports → ui / pages, with wording/
(texts and French formats) on the ground floor and demo/ above ingest/. Every `import`
and `from … import` is read with `ast`, those inside functions too (a lazy import is an
import all the same), and each package is checked against what it must never import.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOT_APP = {"tests", "bench", ".venv", ".tools"}
# the app's top-level packages (views/ has no __init__.py) and modules (settings, app, serve)
APP = ({p.parent.name for p in ROOT.glob("*/*.py")} - NOT_APP) | {p.stem for p in ROOT.glob("*.py")}
SCREEN = {"streamlit", "ui", "views", "app", "serve"}

# package → the top-level names it must never import
FORBIDDEN = {
    "wording": (APP - {"wording"}) | {"streamlit"},  # the ground floor: no other app package
    "data": SCREEN | {"ingest", "demo", "queries", "geo", "exports", "cli"},  # the store only
    "ingest": SCREEN | {"demo", "queries", "geo", "exports", "cli"},
    "queries": SCREEN | {"ingest", "demo", "geo", "exports", "cli"},
    "geo": SCREEN | {"demo", "exports", "cli"},
    "exports": SCREEN | {"demo", "cli"},
    "demo": SCREEN | {"queries", "geo", "exports", "cli"},
    "cli": SCREEN,
    "ui": {"views", "app", "serve", "demo", "cli"},
}


def imported(source: str) -> list[tuple[int, str]]:
    """(line, top-level name) of every module the source imports, wherever it does."""
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name.split(".")[0]) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            out.append((node.lineno, node.module.split(".")[0]))
    return out


def breaches(package: str, files) -> list[str]:
    forbidden = FORBIDDEN[package]
    return [f"{path.relative_to(ROOT)}:{line} imports {name}"
            for path in files for line, name in imported(path.read_text(encoding="utf-8"))
            if name in forbidden]


def test_the_packages_are_found():
    assert {"wording", "data", "ingest", "queries", "geo", "exports", "demo", "cli", "ui",
            "views", "settings"} <= APP
    assert "tests" not in APP and "bench" not in APP


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_keeps_to_its_layer(package):
    files = sorted((ROOT / package).rglob("*.py"))
    assert files, package
    assert breaches(package, files) == []


def test_no_relative_imports():
    """Relative imports would hide a package's name from the checks above."""
    relative = [f"{p.relative_to(ROOT)}:{n.lineno}" for pkg in FORBIDDEN
                for p in sorted((ROOT / pkg).rglob("*.py")) for n in ast.walk(ast.parse(p.read_text()))
                if isinstance(n, ast.ImportFrom) and n.level > 0]
    assert relative == []


def test_a_wrong_import_is_caught(tmp_path, monkeypatch):
    """The check itself: `from ui import texts` in exports/, even inside a function, or
    Streamlit in wording/, is reported."""
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    bad = tmp_path / "exports" / "bad.py"
    bad.parent.mkdir()
    bad.write_text("import math\n\n\ndef f():\n    from ui import texts\n    return texts\n")
    assert breaches("exports", [bad]) == ["exports/bad.py:5 imports ui"]
    ground = tmp_path / "wording" / "bad.py"
    ground.parent.mkdir()
    ground.write_text("import streamlit as st\nfrom queries.context import year_bounds\nimport babel\n")
    assert breaches("wording", [ground]) == ["wording/bad.py:1 imports streamlit",
                                             "wording/bad.py:2 imports queries"]
    store = tmp_path / "data" / "bad.py"
    store.parent.mkdir()
    store.write_text("from demo import generate\nimport ingest.pipeline\n")
    assert breaches("data", [store]) == ["data/bad.py:1 imports demo", "data/bad.py:2 imports ingest"]


def private_uses(source: str) -> list[tuple[int, str]]:
    """(line, `module._name`) where code reaches a private name of an app module it imported
    (`from ui import state` then `state._run(...)`, or `from ui.state import _run`)."""
    tree = ast.parse(source)
    modules = set()
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.split(".")[0] in APP:
                modules |= {a.asname or a.name for a in node.names}
                out += [(node.lineno, f"{node.module}.{a.name}") for a in node.names
                        if a.name.startswith("_") and not a.name.startswith("__")]
        elif isinstance(node, ast.Import):
            modules |= {(a.asname or a.name).split(".")[0] for a in node.names
                        if a.name.split(".")[0] in APP}
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                and node.value.id in modules and node.attr.startswith("_")
                and not node.attr.startswith("__")):
            out.append((node.lineno, f"{node.value.id}.{node.attr}"))
    return sorted(out)


def test_no_module_reaches_into_another_ones_private_names():
    found = [f"{p.relative_to(ROOT)}:{line} {name}"
             for pkg in [*FORBIDDEN, "views"] for p in sorted((ROOT / pkg).rglob("*.py"))
             for line, name in private_uses(p.read_text(encoding="utf-8"))]
    assert found == []


def test_a_private_use_is_caught():
    assert private_uses("from ui import state\n\nstate._run(f)\n") == [(3, "state._run")]
    assert private_uses("from ui.state import _run\n") == [(1, "ui.state._run")]
    assert private_uses("import pandas as pd\npd._libs\n") == []


def test_the_architecture_page_matches_the_tree():
    """docs/architecture.md and README's table name every package of the tree, and every
    `folder/` they name exists (a renamed folder makes this fail)."""
    import re

    packages = {p.parent.name for p in ROOT.glob("*/*.py")} - {".venv", ".tools"}
    for doc in (ROOT / "docs" / "architecture.md", ROOT / "README.md"):
        text = doc.read_text(encoding="utf-8")
        named = set(re.findall(r"`([a-z_]+)/`", text))
        assert {p for p in packages if not re.search(rf"(?<![\w/.]){p}/", text)} == set(), doc.name
        if doc.name == "architecture.md":  # the store's own folders live in the data dir
            assert {n for n in named if not (ROOT / n).is_dir()} <= {"imports", "archive"}
