"""The map page in headless Chromium: drawn, hoverable, clickable, and nothing fetched
from outside the machine (no tile server, web font or CDN script).

Runs `streamlit run views/carte.py` on a free port with the demo store, drives Debian's
/usr/bin/chromium through Playwright, records every request of the page through the
territory map, the QPV overlay, the whole-Nord map and the side-by-side comparison, and
fails on any URL that is not on localhost. Screenshots go to $TBE_SHOTS_DIR if set (e.g.
/tmp/shots), else to the test's temporary directory.
Skipped when Chromium is absent on a developer machine; fails when it is absent in CI.
"""

import io
import os
from pathlib import Path

import pytest

from geo import boundaries, maps
from tests.browser.conftest import off_machine, streamlit_server

CANVAS = ".js-plotly-plot .maplibregl-canvas"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def map_url(chromium, demo_data_dir, tmp_path_factory):
    log = tmp_path_factory.mktemp("streamlit_carte") / "server.log"
    with streamlit_server("views/carte.py", demo_data_dir, log) as url:
        yield url


@pytest.fixture
def shots(tmp_path) -> Path:
    d = Path(os.environ.get("TBE_SHOTS_DIR") or tmp_path)
    d.mkdir(parents=True, exist_ok=True)
    return d


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


@pytest.fixture
def page(browser):
    page = browser.new_page(viewport={"width": 1400, "height": 2000}, locale="fr-FR")
    yield page
    page.close()


def test_maps_render_offline(map_url, page, shots):
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
    assert off_machine(requests) == [], "requests leaving the machine"
