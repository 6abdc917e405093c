"""A fresh server with real data: the first request, to a bookmarked page, meets the login.

Streamlit serves `pages/*.py` directly until a session has called `st.navigation`; the
pages' `through_app()` guard must send that first visitor through `app.py` and its login.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from data.store import Store
from tests.data.test_store import commit, events

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")

pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def real_server(tmp_path):
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("Debian chromium is required in CI (.ci/run installs it)")
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    commit(Store(tmp_path / "store"), events(3))  # real data: login is required
    port = free_port()
    env = {**os.environ, "TBE_DATA_DIR": str(tmp_path / "store")}
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
                             "--server.headless", "true", "--browser.gatherUsageStats", "false"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        shutil.rmtree(tmp_path / "store", ignore_errors=True)


def test_first_request_to_a_bookmarked_page_meets_the_login(real_server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM),
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{real_server}/importer")
            page.get_by_text("Connexion").first.wait_for(timeout=30_000)
            page.wait_for_timeout(1500)
            body = page.inner_text("body")
            assert "Importer un fichier" not in body
            assert "Fichier à importer" not in body
            assert page.locator('[data-testid="stException"]').count() == 0
        finally:
            browser.close()
