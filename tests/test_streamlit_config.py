"""`.streamlit/config.toml`: the runner settings that keep a page view cheap on the server
(bench/results.md, « Charge » and « Mémoire de l'app »)."""

import tomllib
from pathlib import Path

import pytest
from streamlit import config as st_config

CONFIG = tomllib.loads((Path(__file__).parents[1] / ".streamlit" / "config.toml").read_text())


@pytest.mark.parametrize("option", ["postScriptGC", "magicEnabled"])
def test_runner_option_is_off_and_known_to_streamlit(option):
    # A full garbage collection after every run cost about 0,1 s of CPU per view; magic
    # rewrote each page's syntax tree at every compile. Both are off.
    assert CONFIG["runner"][option] is False
    # The name is one this Streamlit reads: a renamed option would silently do nothing.
    assert f"runner.{option}" in st_config._config_options_template


def test_no_page_relies_on_magic():
    # With magic off, a bare expression in a page would show nothing: there is none.
    import ast

    root = Path(__file__).parents[1]
    scripts = [root / "app.py", root / "serve.py", *sorted((root / "views").glob("*.py"))]
    bare = []
    for path in scripts:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Expr) and not isinstance(
                    node.value, (ast.Call, ast.Await, ast.Yield, ast.YieldFrom)):
                if not (isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)):
                    bare.append(f"{path.name}:{node.lineno}")
    assert len(scripts) > 10 and bare == []
