"""The HTTP side of login sessions: the cookie, the middleware and the two routes.

Page scripts talk to the browser over a websocket and cannot set cookies; `serve.py` adds
these to Streamlit's own server (`st.App`):

- `SessionCookieMiddleware` gives every browser that opens a page (an HTML response) a
  signed anonymous identifier in the HttpOnly cookie `data.sessions.COOKIE`; the app reads
  it from the websocket handshake (`st.context.cookies`).
- `CONFIRM` (`/_session/connexion?suite=…`): after the login form checked the password
  and recorded a pending login (`sessions.begin`), the app sends the browser here; the
  pending login becomes a session under a new identifier, set as the cookie, and the
  browser goes on to `suite`, the page (and filters) it had asked for.
- `CLOSE` (`/_session/deconnexion?suite=…`): after the app ended the session
  (`sessions.end`), deletes the cookie. A cookie that still names a live session is left
  alone, so a link from elsewhere cannot log anyone out.

The cookie is HttpOnly, SameSite=Lax (a link from an e-mail still opens the session),
scoped to `server.baseUrlPath`, Secure when the request came over HTTPS (directly or
through a proxy that says so in X-Forwarded-Proto); it lives `SESSION_MAX_HOURS` once a
session is open, until the browser closes before that.
"""

from http.cookies import SimpleCookie
from urllib.parse import quote, urlsplit

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.routing import Route
from streamlit import config
from streamlit.url_util import make_url_path

import settings
from data import sessions

COOKIE = sessions.COOKIE
CONFIRM = "_session/connexion"
CLOSE = "_session/deconnexion"


def base_path() -> str:
    """The app's root path ("/" unless `server.baseUrlPath` is set)."""
    return make_url_path(config.get_option("server.baseUrlPath") or "", "")


def url(route: str, suite: str | None = None) -> str:
    """The path of one of these routes, with where to go next."""
    path = make_url_path(config.get_option("server.baseUrlPath") or "", route)
    return f"{path}?suite={quote(suite, safe='')}" if suite else path


def _https(scope) -> bool:
    headers = dict(scope.get("headers") or [])
    forwarded = headers.get(b"x-forwarded-proto", b"").decode("latin-1").split(",")[0].strip()
    return scope.get("scheme") in ("https", "wss") or forwarded == "https"


def cookie_header(token: str, scope, max_age: int | None = None) -> str:
    """The Set-Cookie value for `token` (max_age None: until the browser closes)."""
    cookie = SimpleCookie()
    cookie[COOKIE] = token
    morsel = cookie[COOKIE]
    morsel["path"] = base_path().rstrip("/") or "/"
    morsel["httponly"] = True
    morsel["samesite"] = "Lax"
    if max_age is not None:
        morsel["max-age"] = max_age
    if _https(scope):
        morsel["secure"] = True
    return morsel.OutputString()


def deletion_header(scope) -> str:
    cookie = SimpleCookie()
    cookie[COOKIE] = ""
    morsel = cookie[COOKIE]
    morsel["path"] = base_path().rstrip("/") or "/"
    morsel["httponly"] = True
    morsel["samesite"] = "Lax"
    morsel["max-age"] = 0
    morsel["expires"] = "Thu, 01 Jan 1970 00:00:00 GMT"
    return morsel.OutputString()


def _opens_a_page(request: Request) -> bool:
    """A page load (not a script, style or image the page then fetches). The answer may
    be a 304 without content type when the browser has the page cached, hence the request
    headers rather than the response's."""
    if request.method != "GET":
        return False
    dest = request.headers.get("sec-fetch-dest")
    if dest is not None:
        return dest == "document"
    return "text/html" in request.headers.get("accept", "")


def page_address(request: Request) -> str | None:
    """Where to send a page load whose address is nested (`/plie/x`, `/plie/`): the page
    of its first segment, with the same query. Streamlit serves its page there too, but the
    page's scripts are named relative to the address (`./static/…`), so the browser would
    ask for `/plie/static/…`, get the page again instead of the scripts, and show nothing.
    None when the address is a page's own, not under a page (Streamlit's own routes:
    `/auth/login`, `/_stcore/…`), or not a page load."""
    from ui import nav  # the pages' addresses

    if not _opens_a_page(request):
        return None
    base = base_path()
    path = request.url.path
    if not path.startswith(base):
        return None
    parts = path[len(base):].lstrip("/").split("/")
    pages = {p.url_path for p in nav.PAGES} | {nav.LOGIN_PATH}
    if len(parts) < 2 or parts[0] not in pages:
        return None
    target = make_url_path(config.get_option("server.baseUrlPath") or "", parts[0])
    return f"{target}?{request.url.query}" if request.url.query else target


class SessionCookieMiddleware:
    """Gives an anonymous signed identifier to a browser that opens a page without one;
    sends a nested page address to its page (`page_address`)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        nested = page_address(request)
        if nested is not None:
            await RedirectResponse(nested, status_code=302)(scope, receive, send)
            return
        if not _opens_a_page(request) or sessions.verify(request.cookies.get(COOKIE)):
            await self.app(scope, receive, send)
            return

        async def send_with_cookie(message):
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message).append(
                    "set-cookie", cookie_header(sessions.new_token(), scope))
            await send(message)

        await self.app(scope, receive, send_with_cookie)


def _suite(request: Request) -> str:
    """Where to go next: a path of this app only (never another site)."""
    target = request.query_params.get("suite", "")
    parts = urlsplit(target)
    base = base_path()
    if (parts.scheme or parts.netloc or not target.startswith(base) or target.startswith("//")
            or "\\" in target or any(c in target for c in "\r\n")):
        return base
    return target


def _redirect(target: str) -> RedirectResponse:
    response = RedirectResponse(target, status_code=303)
    response.headers["Cache-Control"] = "no-store"
    return response


def confirm(request: Request) -> RedirectResponse:
    response = _redirect(_suite(request))
    fresh = sessions.confirm(request.cookies.get(COOKIE))
    if fresh:
        response.headers.append("set-cookie", cookie_header(
            fresh, request.scope, max_age=int(settings.SESSION_MAX_HOURS * 3600)))
    return response


def close(request: Request) -> RedirectResponse:
    response = _redirect(_suite(request))
    if sessions.lookup(request.cookies.get(COOKIE)).status != "active":
        response.headers.append("set-cookie", deletion_header(request.scope))
    return response


def routes() -> list[Route]:
    # Plain functions: Starlette runs them in its thread pool (they read and write files).
    return [Route(url(CONFIRM), confirm, methods=["GET"]),
            Route(url(CLOSE), close, methods=["GET"])]
