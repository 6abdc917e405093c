"""The HTTP side of sessions (`ui/session_web.py`) on a bare Starlette app: the anonymous
cookie on page loads, the confirmation that sets the session cookie, logout, and no
redirection to another site."""

import warnings

import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import HTMLResponse
from starlette.routing import Route

with warnings.catch_warnings():  # Starlette would rather have httpx2, which is not installed
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from data import sessions
from ui import session_web

PAGE = {"accept": "text/html,application/xhtml+xml", "sec-fetch-dest": "document"}


@pytest.fixture
def client(tmp_path, monkeypatch):
    monkeypatch.setenv("TBE_DATA_DIR", str(tmp_path))
    app = Starlette(routes=[*session_web.routes(),
                            Route("/{path:path}", lambda r: HTMLResponse("<html></html>"))],
                    middleware=[Middleware(session_web.SessionCookieMiddleware)])
    return TestClient(app, base_url="http://127.0.0.1", follow_redirects=False)


def set_cookie(response) -> str:
    return "; ".join(v for k, v in response.headers.multi_items() if k == "set-cookie")


def test_a_page_load_gets_a_signed_httponly_cookie_a_script_does_not(client, tmp_path):
    first = client.get("/ma_commune", headers=PAGE)
    header = set_cookie(first)
    assert header.startswith(f"{sessions.COOKIE}=") and "HttpOnly" in header
    assert "SameSite=Lax" in header and "Path=/" in header and "Max-Age" not in header
    assert "Secure" not in header  # plain HTTP
    assert sessions.verify(first.cookies[sessions.COOKIE], tmp_path)
    client.cookies.set(sessions.COOKIE, first.cookies[sessions.COOKIE])
    assert set_cookie(client.get("/plie", headers=PAGE)) == ""  # already has one
    client.cookies.clear()
    assert set_cookie(client.get("/static/app.js", headers={"sec-fetch-dest": "script"})) == ""


def test_https_behind_a_proxy_makes_the_cookie_secure(client):
    response = client.get("/", headers={**PAGE, "x-forwarded-proto": "https"})
    assert "Secure" in set_cookie(response)


def test_confirmation_sets_the_session_cookie_and_goes_to_the_page_asked_for(client, tmp_path):
    anonymous = sessions.new_token(tmp_path)
    client.cookies.set(sessions.COOKIE, anonymous)
    asked = "/ma_commune?territory=mno&year=2024&commune=59356"
    nothing = client.get(session_web.url(session_web.CONFIRM, suite=asked))
    assert nothing.status_code == 303 and nothing.headers["location"] == asked
    assert set_cookie(nothing) == ""  # no pending login: no session

    sessions.begin(anonymous, "marie", tmp_path)
    response = client.get(session_web.url(session_web.CONFIRM, suite=asked))
    assert response.status_code == 303 and response.headers["location"] == asked
    assert response.headers["cache-control"] == "no-store"
    header = set_cookie(response)
    assert "HttpOnly" in header and "Max-Age=43200" in header  # SESSION_MAX_HOURS, 12 h
    token = response.cookies[sessions.COOKIE]
    assert token != anonymous
    assert sessions.lookup(token, tmp_path).user == "marie"


@pytest.mark.parametrize("suite", ["https://ailleurs.example/", "//ailleurs.example/x",
                                   "/\\ailleurs.example", "ailleurs", "javascript:alert(1)",
                                   "/plie\r\nSet-Cookie: x=y"])
def test_never_sends_the_browser_to_another_site(client, suite):
    response = client.get(session_web.url(session_web.CONFIRM, suite=suite))
    assert response.headers["location"] == "/"


def test_logout_route_deletes_only_a_cookie_whose_session_has_ended(client, tmp_path):
    anonymous = sessions.new_token(tmp_path)
    sessions.begin(anonymous, "marie", tmp_path)
    token = sessions.confirm(anonymous, tmp_path)
    client.cookies.set(sessions.COOKIE, token)
    kept = client.get(session_web.url(session_web.CLOSE))  # a link from elsewhere
    assert set_cookie(kept) == "" and sessions.lookup(token, tmp_path).status == "active"
    sessions.end(token, tmp_path)  # what the logout button does first
    gone = client.get(session_web.url(session_web.CLOSE))
    assert gone.status_code == 303 and gone.headers["location"] == "/"
    assert f"{sessions.COOKIE}=\"\"" in set_cookie(gone) or f"{sessions.COOKIE}=;" in set_cookie(gone)
    assert "Max-Age=0" in set_cookie(gone)


@pytest.mark.parametrize(("asked", "page"), [
    ("/plie/x", "/plie"), ("/plie/", "/plie"), ("/carte/a/b", "/carte"),
    ("/ma_commune/?territory=mno&commune=59356", "/ma_commune?territory=mno&commune=59356"),
])
def test_a_nested_page_address_goes_to_its_page(client, asked, page):
    # Streamlit's page names its scripts relative to the address: under /plie/x the
    # browser would fetch /plie/static/… and show a blank page.
    response = client.get(asked, headers=PAGE)
    assert response.status_code == 302 and response.headers["location"] == page


@pytest.mark.parametrize("asked", ["/plie", "/", "/_stcore/health", "/static/js/index.js",
                                   "/media/abc/def.png", "/auth/login?provider=oidc",
                                   "/inconnu/x"])
def test_a_page_s_own_address_and_other_routes_are_served(client, asked):
    # Streamlit's login route (/auth/login) is a page load under two segments: it must reach
    # Streamlit, which sends the browser to the identity provider.
    assert client.get(asked, headers=PAGE).status_code == 200


def test_a_script_under_a_nested_address_is_not_redirected(client):
    response = client.get("/plie/static/app.js", headers={"sec-fetch-dest": "script"})
    assert response.status_code == 200
