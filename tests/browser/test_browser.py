"""The real app in headless Chromium: tiles drawn, no error, no request off the machine.

Runs `streamlit run app.py` on a free port with the demo store, drives Debian's
/usr/bin/chromium through Playwright (no downloaded browser), and saves a screenshot.
Skipped when Chromium is absent on a developer machine; fails when it is absent in CI.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}
STARTUP_SECONDS = 60

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
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


@pytest.fixture(scope="module")
def app_url(chromium, demo_data_dir, tmp_path_factory):
    port = free_port()
    log = tmp_path_factory.mktemp("streamlit") / "server.log"
    env = {**os.environ, "TBE_DATA_DIR": str(demo_data_dir)}
    with open(log, "wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py",
             "--server.port", str(port), "--server.headless", "true",
             "--server.address", "127.0.0.1"],
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


@pytest.fixture
def page(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(chromium),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            yield browser.new_page(viewport={"width": 1400, "height": 1000}, locale="fr-FR")
        finally:
            browser.close()


def test_key_figures_in_a_real_browser(app_url, page, tmp_path):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))

    page.goto(f"{app_url}/?territory=mno&year=2025")
    page.wait_for_selector(".tbe-tile", timeout=60_000)
    page.wait_for_load_state("networkidle")

    # Playwright normalises white space, so the narrow no-break space matches " ".
    assert page.locator(".tbe-value", has_text="9 948").first.is_visible()
    assert page.locator('[data-testid="stException"]').count() == 0

    # The definition of a tile shows on keyboard focus.
    help_button = page.locator(".tbe-help").first
    help_button.focus()
    assert help_button.locator(".tbe-tip").is_visible()

    shot = tmp_path / "chiffres_cles_mno_2025.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 0

    external = [
        u for u in requests
        if urlparse(u).scheme not in ("data", "blob") and urlparse(u).hostname not in LOCAL_HOSTS
    ]
    assert not external, f"requests leaving the machine: {external}"


TERRITORY_YEARS = {"mno": 2025, "melt": 2023}


def test_every_page_for_both_territories(app_url, page, tmp_path):
    """Each page of the navigation, for MNO 2025 and MELT 2023: drawn, no Streamlit
    exception, no request off the machine."""
    from ui.nav import PAGES

    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{app_url}/")  # the first session registers the navigation
    page.get_by_text("Chiffres clés").first.wait_for(timeout=60_000)
    failures = []
    for spec in PAGES:
        for territory, year in TERRITORY_YEARS.items():
            page.goto(f"{app_url}/{spec.url_path}?territory={territory}&year={year}")
            page.locator('[data-testid="stMain"] h1').first.wait_for(timeout=60_000)
            page.wait_for_timeout(1500)  # let the page finish its run
            if page.locator('[data-testid="stException"]').count():
                failures.append((spec.url_path, territory, page.inner_text('[data-testid="stException"]')))
            page.screenshot(path=str(tmp_path / f"{spec.url_path}_{territory}.png"))
    assert failures == []
    outside = [u for u in requests if urlparse(u).scheme not in ("data", "blob")
               and urlparse(u).hostname not in LOCAL_HOSTS]
    assert outside == []
