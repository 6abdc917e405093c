"""Every setting of settings.py is documented and overridable by TBE_<NAME>."""

import ast
import os
import subprocess
import sys
from pathlib import Path

import settings

ROOT = Path(__file__).resolve().parents[1]


def _assignments():
    """(name, has a comment just above, line) of every upper-case module setting."""
    lines = (ROOT / "settings.py").read_text().splitlines()
    tree = ast.parse("\n".join(lines))
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            if name.isupper() and name not in ("ROOT",):
                above = lines[node.lineno - 2].strip() if node.lineno > 1 else ""
                block = [ln.strip() for ln in lines[max(0, node.lineno - 6):node.lineno - 1]]
                yield name, above.startswith("#") or any(b.startswith("#") for b in block[-3:]), node.lineno


def test_every_setting_is_documented():
    undocumented = [(n, line) for n, documented, line in _assignments() if not documented]
    assert undocumented == []


def test_session_settings_are_overridable():
    env = {**os.environ, "TBE_SESSION_MINUTES": "5", "TBE_SESSION_MAX_HOURS": "1.5"}
    out = subprocess.run([sys.executable, "-c", "import settings; print(settings.SESSION_MINUTES, "
                          "settings.SESSION_MAX_HOURS)"], cwd=ROOT, env=env, capture_output=True,
                         text=True, check=True).stdout.split()
    assert out == ["5.0", "1.5"]
    defaults = {k: v for k, v in os.environ.items() if not k.startswith("TBE_SESSION")}
    out = subprocess.run([sys.executable, "-c", "import settings; print(settings.SESSION_MINUTES)"],
                         cwd=ROOT, env=defaults, capture_output=True, text=True, check=True).stdout
    assert out.split() == ["30.0"]
    assert isinstance(settings.SESSION_MINUTES, float)


def test_readme_names_the_session_settings():
    readme = (ROOT / "README.md").read_text()
    for name in ("TBE_SESSION_MINUTES", "TBE_SESSION_MAX_HOURS"):
        assert name in readme
