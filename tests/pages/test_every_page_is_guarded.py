"""Every page of pages/ is registered in the navigation and calls the entry guard."""

import ast
from pathlib import Path

from ui.nav import PAGES

PAGES_DIR = Path(__file__).resolve().parents[2] / "pages"


def test_every_page_calls_the_guard_at_module_level():
    for path in PAGES_DIR.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = [n for n in tree.body if isinstance(n, ast.Expr) and isinstance(n.value, ast.Call)
                 and getattr(n.value.func, "id", None) == "through_app"]
        assert calls, f"{path.name} must call through_app() before drawing anything"


def test_every_page_file_is_in_the_navigation_with_roles():
    registered = {Path(p.path).name for p in PAGES}
    assert registered == {p.name for p in PAGES_DIR.glob("*.py")}
    assert all(p.roles for p in PAGES)
