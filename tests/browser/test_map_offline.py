"""The map page in headless Chromium: drawn, hoverable, clickable, and nothing fetched
from outside the machine (no tile server, web font or CDN script).

Runs `streamlit run pages/carte.py` on a free port with the demo store, drives Debian's
/usr/bin/chromium through Playwright, records every request of the page through the
territory map, the QPV overlay, the whole-Nord map and the side-by-side comparison, and
fails on any URL that is not on localhost. Screenshots go to $TBE_SHOTS_DIR if set (e.g.
/tmp/shots), else to the test's temporary directory.
Skipped when Chromium is absent on a developer machine; fails when it is absent in CI.
"""

import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

from geo import boundaries, maps

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}
STARTUP_SECONDS = 60
CANVAS = ".js-plotly-plot .maplibregl-canvas"

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
def map_url(chromium, demo_data_dir, tmp_path_factory):
    port = free_port()
    log = tmp_path_factory.mktemp("streamlit_carte") / "server.log"
    env = {**os.environ, "TBE_DATA_DIR": str(demo_data_dir)}
    with open(log, "wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "pages/carte.py",
             "--server.port", str(port), "--server.headless", "true",
             "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
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
def browser(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=str(chromium),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def shots(tmp_path) -> Path:
    d = Path(os.environ.get("TBE_SHOTS_DIR") or tmp_path)
    d.mkdir(parents=True, exist_ok=True)
    return d


def external(requests: list[str]) -> list[str]:
    return [u for u in requests
            if urlparse(u).scheme not in ("data", "blob")
            and urlparse(u).hostname not in LOCAL_HOSTS]


def wait_for_maps(page, n: int = 1) -> None:
    page.wait_for_function(
        f"() => document.querySelectorAll('{CANVAS}').length >= {n}", timeout=60_000)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1500)  # MapLibre draws on the next animation frames


def class_pixels(page, n: int = 0) -> int:
    """Pixels of the n-th map painted in a class colour: the WebGL map really drew."""
    from PIL import Image

    png = page.locator(".js-plotly-plot").nth(n).screenshot()
    image = Image.open(io.BytesIO(png)).convert("RGB")
    palette = {tuple(int(c[i:i + 2], 16) for i in (1, 3, 5))
               for colors in maps.PALETTES.values() for c in colors}
    palette -= {(255, 255, 204)}  # the palest class is too close to the background
    return sum(count for count, rgb in image.getcolors(1 << 20)
               if min(sum(abs(a - b) for a, b in zip(rgb, p, strict=True))
                      for p in palette) < 12)


def legend_items(page, n: int = 0) -> list[str]:
    """The legend entries of the n-th map (Plotly draws them in SVG)."""
    return page.locator(".js-plotly-plot").nth(n).locator(".legendtext").all_text_contents()


def commune_point(page, code: str) -> tuple[float, float]:
    """Screen position of the centre of a commune's bounding box, from MapLibre."""
    west, south, east, north = boundaries.bbox([code])
    return page.evaluate(
        """([lon, lat]) => {
            const gd = document.querySelector('.js-plotly-plot');
            const map = gd._fullLayout.map._subplot.map;
            const p = map.project([lon, lat]);
            const r = map.getCanvas().getBoundingClientRect();
            return [r.left + p.x, r.top + p.y];
        }""",
        [(west + east) / 2, (south + north) / 2])


def test_maps_render_offline(map_url, browser, shots):
    page = browser.new_page(viewport={"width": 1400, "height": 2000}, locale="fr-FR")
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))

    # the territory map
    page.goto(f"{map_url}/?territory=mno&year=2025&indicator=plie_participants&measure=valeur")
    wait_for_maps(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert class_pixels(page) > 50  # the 11 MELT communes are small at this scale0
    legend = legend_items(page)
    assert "84 à 160 personnes" in legend and maps.SECRET_LABEL in legend
    page.screenshot(path=str(shots / "map_territory.png"), full_page=True)

    # hovering Lambersart shows its value and the territory's, formatted in French
    x, y = commune_point(page, "59328")
    page.mouse.move(x, y)
    page.wait_for_function(
        "() => (document.querySelector('.hoverlayer')?.textContent || '').includes('Lambersart')",
        timeout=10_000)
    text = page.locator(".hoverlayer").text_content()
    assert "Valeur : 160" in text and "Métropole Nord-Ouest (ALPES) : 463" in text

    # clicking it: the page runs alone, so the commune goes into the URL
    page.mouse.click(x, y)
    page.get_by_text("la page « Ma commune » n'est pas disponible").wait_for(timeout=30_000)
    assert "commune=59328" in page.url

    # the QPV overlay
    page.get_by_text("Quartiers prioritaires (QPV 2024)", exact=True).click()
    page.wait_for_timeout(1000)
    wait_for_maps(page)
    assert maps.QPV_LABEL in legend_items(page)
    page.screenshot(path=str(shots / "map_qpv.png"), full_page=True)

    # the whole Nord
    page.goto(f"{map_url}/?territory=melt&year=2023&indicator=de_abc&measure=taux&scope=nord")
    wait_for_maps(page)
    assert class_pixels(page) > 50  # the 11 MELT communes are small at this scale
    assert "Lys-Tourcoing (MELT)" in legend_items(page)
    page.screenshot(path=str(shots / "map_nord.png"), full_page=True)

    # two years side by side
    page.goto(f"{map_url}/?territory=mno&year=2025&indicator=de_abc&measure=taux")
    wait_for_maps(page)
    page.get_by_text("Deux cartes côte à côte", exact=True).click()
    wait_for_maps(page, 2)
    assert page.locator(".js-plotly-plot").count() == 2
    assert legend_items(page, 0) == legend_items(page, 1)  # the same classes
    page.screenshot(path=str(shots / "map_side_by_side.png"), full_page=True)
    assert class_pixels(page, 0) > 1000 and class_pixels(page, 1) > 1000

    assert page.locator('[data-testid="stException"]').count() == 0
    assert requests, "no request recorded"
    assert not external(requests), f"requests leaving the machine: {external(requests)}"
