"""A fresh server with real data: the first request, to a bookmarked page, meets the login.

The page scripts live in `views/`: with no `pages/` folder beside `app.py`, Streamlit never
enters its legacy multipage mode, in which a fresh server would serve `pages/importer.py`
at `/importer` without running `app.py` and its login.
"""

import pytest

from data.store import Store
from tests.browser.conftest import streamlit_server
from tests.data.test_store import commit, events

pytestmark = pytest.mark.browser


def serve_real_data(store_dir, log):
    commit(Store(store_dir), events(3))  # real data: login is required
    return streamlit_server("app.py", store_dir, log)


@pytest.fixture
def fresh_server(chromium, tmp_path):
    """A server that has served nothing yet (its first request is the test's)."""
    with serve_real_data(tmp_path / "store", tmp_path / "server.log") as url:
        yield url


@pytest.fixture(scope="module")
def real_server(chromium, tmp_path_factory):
    d = tmp_path_factory.mktemp("login_gate")
    with serve_real_data(d / "store", d / "server.log") as url:
        yield url


def test_first_request_to_a_bookmarked_page_meets_the_login(fresh_server, browser):
    """/importer first (the legacy-mode danger), then the default page's own address and
    the login form's: each shows the login form, never Streamlit's « Page not found »
    (the default page is served at the root, its address goes there: ui/nav.py)."""
    page = browser.new_page()
    try:
        for path in ("importer", "chiffres_cles", "connexion"):
            page.goto(f"{fresh_server}/{path}")
            page.get_by_text("Connexion").first.wait_for(timeout=30_000)
            page.wait_for_timeout(1500)
            body = page.inner_text("body")
            assert "Importer un fichier" not in body, path
            assert "Fichier à importer" not in body, path
            assert "Page not found" not in body, path
            assert "Identifiant" in body or "Aucun compte" in body, path  # the login page
            assert page.locator('[data-testid="stException"]').count() == 0, path
    finally:
        page.close()


def browse(browser, check) -> None:
    page = browser.new_page()
    try:
        check(page)
    finally:
        page.close()


def test_an_unknown_address_says_so_in_french_with_a_link_to_the_root(real_server, browser):
    """/nimporte is no page: « Cette page n'existe pas » and a link to the root, never
    Streamlit's English « Page not found » over the default page."""
    def check(page):
        page.goto(f"{real_server}/nimporte")
        page.get_by_text("Cette page n'existe pas").first.wait_for(timeout=30_000)
        page.wait_for_timeout(1500)
        body = page.inner_text("body")
        assert "Page not found" not in body
        assert not login_form(body)  # the message only
        page.get_by_text("Revenir à l'accueil").click()
        page.get_by_text("Connexion").first.wait_for(timeout=30_000)
        page.wait_for_timeout(1500)
        assert login_form(page.inner_text("body"))
        assert page.url.rstrip("/") == real_server

    browse(browser, check)


def test_accueil_leads_to_the_root_with_its_parameters(real_server, browser):
    """/accueil, the name the default page reserves (ui/nav.py ROOT_PATH), goes to the
    root (here the login form) like /chiffres_cles, not to « Page not found »."""
    def check(page):
        page.goto(f"{real_server}/accueil?territory=melt")
        page.get_by_text("Connexion").first.wait_for(timeout=30_000)
        page.wait_for_timeout(1500)
        body = page.inner_text("body")
        assert "Page not found" not in body and login_form(body)
        assert page.url == f"{real_server}/?territory=melt"
        assert page.locator('[data-testid="stException"]').count() == 0

    browse(browser, check)

def login_form(body: str) -> bool:
    return "Identifiant" in body or "Aucun compte" in body
