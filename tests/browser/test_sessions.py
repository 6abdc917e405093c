"""A login that survives a reload, a new tab and a shared link (`serve.py`, the production
entry): the signed HttpOnly session cookie, deep links before and after login, logout,
expiry, and what a lecteur may open. Screenshots of each step are saved in the test's
temporary directory.
"""

import json
import re
import secrets
from urllib.parse import parse_qs, urlsplit

import pytest

from data import audit, sessions, users
from data.store import Store
from tests.browser.conftest import body, no_error, session_cookie, settle, streamlit_server
from tests.data.test_store import commit, events

pytestmark = pytest.mark.browser

PASSWORD = "mot de passe correct"
# A shared link: a commune that is not the page's default, a year that is not the latest.
DEEP_LINK = "/ma_commune?territory=mno&year=2024&commune=59356"


def real_store(path):
    """Real data (login required) for MNO 2024 and 2025, one account per role."""
    store = Store(path)
    commit(store, events(3, year=2024), period="2024")
    commit(store, events(3))
    for role in ("gestionnaire", "elu", "lecteur"):
        users.add(f"compte_{role}", role, PASSWORD, data_dir=path)
    return path


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    return real_store(tmp_path_factory.mktemp("sessions") / "store")


@pytest.fixture(scope="module")
def server(chromium, store_dir, tmp_path_factory):
    with streamlit_server("serve.py", store_dir, tmp_path_factory.mktemp("log") / "server.log") as url:
        yield url


def login(page, name: str) -> None:
    page.get_by_label("Identifiant").fill(name)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    settle(page, "Connecté")


def query(page) -> dict:
    return {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}


def actions(store_dir) -> list[tuple[str, str]]:
    return [(e["action"], e["user"]) for e in audit.entries(store_dir)]


# First test of the module: the server's very first request is this deep link.
def test_deep_link_before_login_lands_on_the_page_with_its_filters(server, context, store_dir, tmp_path):
    page = context.new_page()
    page.goto(server + DEEP_LINK)
    settle(page, "Identifiant")
    page.screenshot(path=str(tmp_path / "1_lien_avant_connexion.png"))
    no_error(page)
    assert urlsplit(page.url).path == "/ma_commune"  # the address stays the one asked for
    assert "Lompret" not in body(page)  # the page itself does not run
    anonymous = session_cookie(context)
    assert anonymous and anonymous["httpOnly"]

    login(page, "compte_elu")
    page.get_by_text("Ma commune : Lompret").first.wait_for(timeout=60_000)
    settle(page, "année 2024")  # the page's caption: the year asked for, not the latest
    page.screenshot(path=str(tmp_path / "2_apres_connexion.png"))
    no_error(page)
    assert urlsplit(page.url).path == "/ma_commune"
    assert query(page)["year"] == "2024" and query(page)["commune"] == "59356"

    cookie = session_cookie(context)
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax" and cookie["path"] == "/"
    assert cookie["expires"] > 0  # lives SESSION_MAX_HOURS, not only until the browser closes
    assert cookie["value"] != anonymous["value"]  # a new identifier at login (no fixation)
    assert sessions.lookup(anonymous["value"], store_dir).status == "none"
    assert sessions.lookup(cookie["value"], store_dir).user == "compte_elu"
    raw = (store_dir / "sessions.json").read_text()
    assert cookie["value"] not in raw and cookie["value"].split(".")[0] not in raw
    assert ("connexion", "compte_elu") in actions(store_dir)


def test_reload_and_new_tab_keep_the_login(server, context, tmp_path):
    page = context.new_page()
    page.goto(server + "/")
    settle(page, "Identifiant")
    login(page, "compte_gestionnaire")
    page.goto(server + "/carte?territory=mno&year=2024")
    settle(page, "Connecté")

    page.reload()
    settle(page, "Connecté")
    page.screenshot(path=str(tmp_path / "1_rechargee.png"))
    assert "compte_gestionnaire" in body(page) and "Identifiant" not in body(page)
    assert urlsplit(page.url).path == "/carte" and query(page)["year"] == "2024"

    tab = context.new_page()  # a link opened in a new tab, once logged in
    tab.goto(server + DEEP_LINK)
    tab.get_by_text("Ma commune : Lompret").first.wait_for(timeout=60_000)
    tab.screenshot(path=str(tab_shot := tmp_path / "2_nouvel_onglet.png"))
    assert tab_shot.stat().st_size > 0
    no_error(tab)
    assert "Identifiant" not in body(tab)
    assert query(tab)["year"] == "2024" and query(tab)["commune"] == "59356"


def test_logout_ends_the_session_in_every_tab_and_clears_the_cookie(server, context, chrome,
                                                                    store_dir, tmp_path):
    page = context.new_page()
    page.goto(server + "/")
    settle(page, "Identifiant")
    login(page, "compte_elu")
    token = session_cookie(context)["value"]
    other_tab = context.new_page()
    other_tab.goto(server + "/plie?territory=mno&year=2025")
    settle(other_tab, "Connecté")

    page.get_by_role("button", name="Se déconnecter").click()
    settle(page, "Identifiant")
    page.screenshot(path=str(tmp_path / "1_deconnecte.png"))
    assert (session_cookie(context) or {}).get("value") != token
    assert sessions.lookup(token, store_dir).status == "none"
    assert actions(store_dir)[-1] == ("deconnexion", "compte_elu")

    other_tab.reload()
    settle(other_tab, "Identifiant")
    assert "Connecté" not in body(other_tab)

    # A copy of the old cookie opens nothing: the session is gone on the server.
    thief = chrome.new_context()
    thief.add_cookies([{"name": sessions.COOKIE, "value": token, "url": server}])
    stolen = thief.new_page()
    stolen.goto(server + "/plie")
    settle(stolen, "Identifiant")
    assert "Connecté" not in body(stolen)
    thief.close()


def test_a_forged_cookie_opens_nothing(server, context):
    forged = f"{secrets.token_urlsafe(32)}.{secrets.token_urlsafe(32)}"  # not signed with the key
    context.add_cookies([{"name": sessions.COOKIE, "value": forged, "url": server}])
    page = context.new_page()
    page.goto(server + "/plie")
    settle(page, "Identifiant")
    assert "Connecté" not in body(page)


def test_lecteur_sees_only_the_public_pages(server, context, tmp_path):
    page = context.new_page()
    page.goto(server + DEEP_LINK)  # a link to a page the lecteur may not open
    settle(page, "Identifiant")
    login(page, "compte_lecteur")
    page.screenshot(path=str(tmp_path / "lecteur_lien_refuse.png"))
    no_error(page)
    text = body(page)
    assert "n'est pas ouverte au rôle lecteur" in text
    assert "Lompret" not in text
    nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
    links = [line.strip() for line in nav.splitlines() if re.search(r"\w", line)]
    assert links == ["Chiffres clés", "Carte", "Assemblée générale"]


def test_wrong_password_keeps_the_login_page(server, context, store_dir):
    page = context.new_page()
    page.goto(server + DEEP_LINK)
    settle(page, "Identifiant")
    before = session_cookie(context)["value"]
    page.get_by_label("Identifiant").fill("compte_elu")
    page.get_by_label("Mot de passe").fill("pas le bon mot de passe")
    page.get_by_role("button", name="Se connecter").click()
    settle(page, "incorrect")
    assert session_cookie(context)["value"] == before
    assert sessions.lookup(before, store_dir).status == "none"
    assert "Connecté" not in body(page)


# -- expiry (a server of its own: TBE_SESSION_MINUTES=0.25, 15 s) -------------------------
IDLE_SECONDS = 15


@pytest.fixture(scope="module")
def short_server(chromium, tmp_path_factory):
    d = real_store(tmp_path_factory.mktemp("expiry") / "store")
    log = tmp_path_factory.mktemp("log") / "server.log"
    with streamlit_server("serve.py", d, log, env={"TBE_SESSION_MINUTES": str(IDLE_SECONDS / 60)}) as url:
        yield url, d


def test_session_expires_after_inactivity(short_server, context, tmp_path):
    url, store_dir = short_server
    page = context.new_page()
    page.goto(url + "/")
    settle(page, "Identifiant")
    login(page, "compte_elu")
    token = session_cookie(context)["value"]
    assert sessions.lookup(token, store_dir).status == "active"

    page.wait_for_timeout((IDLE_SECONDS + 3) * 1000)
    page.get_by_role("link", name="PLIE").click()  # the open tab's next action
    settle(page, "Identifiant")
    page.screenshot(path=str(tmp_path / "session_expiree.png"))
    assert "Votre session a expiré après 0,25 minutes d'inactivité" in body(page)
    expired = [e for e in audit.entries(store_dir) if e["action"] == "session_expiree"]
    assert [(e["user"], e["reason"]) for e in expired] == [("compte_elu", "inactivite")]
    assert json.loads((store_dir / "sessions.json").read_text()) == {}

    page.reload()  # the cookie is still there, but names nothing any more
    settle(page, "Identifiant")
    assert "Connecté" not in body(page)
