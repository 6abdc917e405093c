"""The dashboards at a phone's width (390 px) and a laptop's (1400 px), in headless
Chromium on the demo store: the filters leave the first figures on the first screen, a
chart's title wraps inside its column, an open « Voir les données » is as wide as its
chart."""

import pytest

from tests.browser.conftest import run_finished, streamlit_server

pytestmark = pytest.mark.browser

PLIE = "/plie?territory=mno&year=2025&ref=nord"
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def app_url(chromium, demo_data_dir, tmp_path_factory):
    with streamlit_server("app.py", demo_data_dir,
                          tmp_path_factory.mktemp("streamlit") / "server.log") as url:
        yield url


@pytest.fixture
def opened(browser):
    """opened(url, viewport): a page drawn whole (its run over); closed after the test."""
    pages = []

    def open_(url: str, viewport: dict):
        page = browser.new_page(viewport=viewport, locale="fr-FR")
        pages.append(page)
        page.goto(url)
        page.locator('[data-testid="stMetric"]').first.wait_for(timeout=60_000)
        run_finished(page)
        return page

    yield open_
    for page in pages:
        page.close()


def box(page, label: str) -> dict:
    """The box of the filter whose label is `label`."""
    return page.locator('[data-testid="stColumn"]', has=page.get_by_text(label, exact=True)
                        ).first.bounding_box()


def test_filters_two_by_two_on_a_phone(app_url, opened, tmp_path):
    page = opened(app_url + PLIE, PHONE)
    territory, communes = box(page, "Territoire"), box(page, "Communes")
    year, reference = box(page, "Année"), box(page, "Comparer avec")
    # the territory and the year on one row, the communes and the reference under them
    assert abs(territory["y"] - year["y"]) < 2 and year["x"] > territory["x"]
    assert abs(communes["y"] - reference["y"]) < 2 and communes["y"] > territory["y"]
    # the first card starts on the first screen (the bar filled it: 4 boxes one under
    # the other, the cards from about 880 px down)
    card = page.locator('[data-testid="stMetric"]').first.bounding_box()
    assert card["y"] < PHONE["height"] - 60, card
    page.screenshot(path=str(tmp_path / "plie_390.png"))


def test_filters_in_one_row_on_a_laptop(app_url, opened):
    page = opened(app_url + PLIE, {"width": 1400, "height": 900})
    tops = {round(box(page, label)["y"]) for label in
            ("Territoire", "Communes", "Année", "Comparer avec")}
    assert len(tops) == 1, tops


def test_chart_titles_wrap_within_their_column(app_url, opened):
    """« Participants du PLIE pour 1 000 habitants, par commune, MNO — source PLIE,
    Insee » was a Plotly title: one line, cut at the figure's right edge on a phone."""
    page = opened(app_url + PLIE, PHONE)
    title = page.get_by_text("Participants du PLIE pour 1 000 habitants, par commune")
    title.first.scroll_into_view_if_needed()
    found = title.first.bounding_box()
    main = page.locator('[data-testid="stMain"]').bounding_box()
    assert found["x"] + found["width"] <= main["x"] + main["width"] - 10, (found, main)
    assert found["height"] > 30  # on more than one line


def test_open_data_table_as_wide_as_its_chart(app_url, opened):
    """The first chart's « Voir les données », beside « Définitions », kept that narrow
    width once open: its table's columns were cut."""
    page = opened(app_url + PLIE, {"width": 1400, "height": 900})
    toggle = page.get_by_text("Voir les données").first
    toggle.scroll_into_view_if_needed()
    toggle.click()
    page.wait_for_timeout(1500)
    chart = page.locator('[data-testid="stPlotlyChart"]').first.bounding_box()
    expander = page.locator('[data-testid="stExpander"]').first.bounding_box()
    assert expander["width"] >= chart["width"] - 2, (expander, chart)
