"""Shared plumbing of the browser tests: Debian's Chromium, a Streamlit server on a free
loopback port, and the check that no request left the machine.

Skipped when Chromium is absent on a developer machine; fails when it is absent in CI.
"""

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}
STARTUP_SECONDS = 60
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def chromium() -> Path:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is required in CI (apt-get install chromium)")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium); required in CI")
    pytest.importorskip("playwright.sync_api")
    return CHROMIUM


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(script: str, data_dir: Path, log: Path, port: int | None = None,
                     args: list[str] = (), env: dict | None = None) -> Iterator[str]:
    """`streamlit run <script>` on 127.0.0.1 with TBE_DATA_DIR=data_dir; yields its URL.
    `serve.py` is the production entry (app.py with the session cookie); `args` are more
    Streamlit options, `env` more environment variables."""
    port = port or free_port()
    env = {**os.environ, "TBE_DATA_DIR": str(data_dir), **(env or {})}
    with open(log, "wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
             "--server.headless", "true", "--server.address", "127.0.0.1",
             "--browser.gatherUsageStats", "false", *args],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            if server.poll() is not None:
                pytest.fail(f"streamlit exited with {server.returncode}:\n{log.read_text()}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"streamlit not healthy after {STARTUP_SECONDS} s:\n{log.read_text()}")
            time.sleep(0.3)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture(scope="module")
def browser(chromium):
    """One Chromium per test file (a launch is 1 to 2 s). `browser.new_page()` opens a page
    in a new context: no cookie or storage passes from one page to the next."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def off_machine(urls: list[str]) -> list[str]:
    """Requests that left the machine (data: and blob: URLs are made in the browser)."""
    return [u for u in urls if urlparse(u).scheme not in ("data", "blob")
            and urlparse(u).hostname not in LOCAL_HOSTS]


# -- sessions: a fresh browser profile per test, and what the tests read in a page ----------
NOT_FOUND = "Page not found"  # Streamlit's own dialog, in English


@pytest.fixture(scope="module")
def chrome(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def context(chrome):
    """A fresh browser profile: no cookie."""
    ctx = chrome.new_context(viewport={"width": 1300, "height": 900}, locale="fr-FR")
    yield ctx
    ctx.close()


def run_finished(page, timeout: int = 60_000) -> None:
    """Wait until the page's script run is over (Streamlit's root element says so): what
    the run draws, an exception included, is on the page then. Call it once the run has
    drawn something (it is running or done), not right after a navigation."""
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(
        timeout=timeout)


def settle(page, text: str) -> None:
    page.get_by_text(text).first.wait_for(timeout=60_000)
    page.wait_for_timeout(1000)  # let the run finish (a dialog would show by now)


def session_cookie(context) -> dict | None:
    from data.sessions import COOKIE

    return next((c for c in context.cookies() if c["name"] == COOKIE), None)


def body(page) -> str:
    return page.inner_text("body")


def no_error(page) -> None:
    assert page.get_by_text(NOT_FOUND).count() == 0
    assert page.locator('[data-testid="stException"]').count() == 0
