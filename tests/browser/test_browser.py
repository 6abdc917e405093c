"""The real app in headless Chromium: tiles drawn, no error, no request off the machine.

Runs `streamlit run app.py` on a free port with the demo store, drives Debian's
/usr/bin/chromium through Playwright (no downloaded browser), and saves a screenshot.
Skipped when Chromium is absent on a developer machine; fails when it is absent in CI.
"""

import pytest

from tests.browser.conftest import off_machine, run_finished, streamlit_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app_url(chromium, demo_data_dir, tmp_path_factory):
    with streamlit_server("app.py", demo_data_dir, tmp_path_factory.mktemp("streamlit") / "server.log") as url:
        yield url


@pytest.fixture
def page(browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="fr-FR")
    yield page
    page.close()  # the browser serves the module's next test


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

    assert off_machine(requests) == [], "requests leaving the machine"


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
            # the page's run over, not a fixed 1,5 s: a long run is checked whole too
            run_finished(page)
            if page.locator('[data-testid="stException"]').count():
                failures.append((spec.url_path, territory, page.inner_text('[data-testid="stException"]')))
            page.screenshot(path=str(tmp_path / f"{spec.url_path}_{territory}.png"))
    assert failures == []
    assert off_machine(requests) == []
