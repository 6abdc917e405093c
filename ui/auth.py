"""Who is looking: login (OpenID Connect when configured, local accounts otherwise) and role.

Default deny: without a role nothing but the login page is shown. While the store holds
only the synthetic demo data the app opens without login (role gestionnaire, with the
demo banner), so that `make run` shows it at once; as soon as one real import exists,
every page requires login. The import page says so before that first real import and, when
no account exists, asks for the first manager's, created with the import
(`ui.import_view.render_first_login`); the login page that follows names it.

Where a login lives. Served by `serve.py`, the browser holds a signed HttpOnly session
cookie and the server the session it names (`data/sessions.py`, `ui/session_web.py`): a
reload, a new tab or a shared link keep the user logged in and open the page asked for,
with its filters. Role and communes are read from the account on every run, so a change
applies at once. Without the cookie (`streamlit run app.py`, AppTest) the login lives in
the tab's Streamlit session. Either way a session ends after `settings.SESSION_MINUTES`
without activity; logins, logouts and expiries go to the audit log.
"""

import time
from typing import NamedTuple
from urllib.parse import urlencode

import streamlit as st
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

import settings
from data import audit, sessions, users
from data.catalog import demo_mixed, demo_only
from data.store import Store
from ui import session_web
from wording import texts

AUTH = "auth"  # session_state: the logged-in user of this run ({"name", "role", "communes"})
EXPIRED = "auth_expired"  # session_state: why the session just ended, shown on the login page
FIRST_IMPORT = "auth_first_import"  # session_state: the outcome of the import that ended demo mode
FIRST_ACCOUNT = "auth_first_account"  # session_state: the account created with that import
LOGIN_NAME_KEY = "login_name"  # the login form's name field, filled with that account


def _oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all
        return False


def _oidc_logged_in() -> bool:
    return _oidc_configured() and bool(getattr(st.user, "is_logged_in", False))


def _token() -> str | None:
    """The browser's signed session cookie, or None when the app is not served by serve.py."""
    value = st.context.cookies.get(sessions.COOKIE)
    return value if value and sessions.verify(value) else None


def _go(url: str) -> None:
    """Send the browser to `url` (a full page load), as `st.login` does."""
    msg = ForwardMsg()
    msg.auth_redirect.url = url
    get_script_run_ctx().enqueue(msg)


def _account(store: Store, name: str) -> dict | None:
    account = users.load(store.data_dir).get(name)
    if account is None:
        return None
    return {"name": name, "role": account.role, "communes": account.communes}


def _minutes(value: float) -> str:
    return f"{value:g}".replace(".", ",")


class FirstLogin(NamedTuple):
    """How the app will ask for a login once the first real import ends demo mode."""

    oidc: bool  # through the association's OpenID Connect provider
    accounts: list[str]  # names of the existing accounts, sorted


def first_login(store: Store) -> FirstLogin | None:
    """While the store holds demonstration data only, how the next real import's login
    will go (the import page says it and asks for the first account when there is none);
    None once real data exist (the login is already required)."""
    if not demo_only(store.catalog().imports):
        return None
    return FirstLogin(_oidc_configured(), sorted(users.load(store.data_dir)))


def current_user(store: Store) -> dict | None:
    """{"name", "role", "communes"} of the session, or None."""
    if demo_only(store.catalog().imports):
        return {"name": "démonstration", "role": "gestionnaire", "communes": [], "demo": True}
    token = _token()
    user = _tab_user(store) if token is None else _cookie_user(store, token)
    if user and user.get("role"):
        st.session_state[AUTH] = user
    elif token is not None:
        st.session_state.pop(AUTH, None)
    return user


def _cookie_user(store: Store, token: str) -> dict | None:
    found = sessions.lookup(token, store.data_dir)
    if found.status == "active":
        user = _account(store, found.user)
        if user is None:  # the account was removed since
            sessions.end(token, store.data_dir)
        return user
    if found.status == "expired":
        st.session_state[EXPIRED] = found.reason
        if found.method == "oidc" and _oidc_logged_in():
            st.logout()  # else the provider's cookie would open a new session at once
        return None
    return _oidc_user(store, token)


def _tab_user(store: Store) -> dict | None:
    session = st.session_state.get(AUTH)
    if session and time.time() - session.get("seen", 0) > settings.SESSION_MINUTES * 60:
        st.session_state.pop(AUTH, None)
        st.session_state[EXPIRED] = "inactivite"
        audit.record("session_expiree", session["name"], store.data_dir, reason="inactivite")
        return None
    if session:
        session["seen"] = time.time()
        return session
    return _oidc_user(store, None)


def _oidc_user(store: Store, token: str | None) -> dict | None:
    """The OpenID Connect user (st.user) with their account's role; opens their session."""
    if not _oidc_logged_in():
        return None
    email = st.user.get("email", "")
    user = _account(store, email)
    if user is None:
        return {"name": email, "role": None, "communes": []}
    audit.record("connexion_oidc", email, store.data_dir, role=user["role"])
    if token is None:
        st.session_state[AUTH] = {**user, "seen": time.time()}
        return st.session_state[AUTH]
    destination = sessions.begin(token, email, store.data_dir, method="oidc")
    _go(session_web.url(session_web.CONFIRM, suite=destination or session_web.base_path()))
    st.info(texts.LOGIN_REDIRECT)
    st.stop()


def _requested(url_path: str) -> str:
    """The path and filters of the page asked for, e.g. `/ma_commune?territory=mno`."""
    path = session_web.base_path() + url_path
    query = urlencode(st.query_params.to_dict())
    return f"{path}?{query}" if query else path


def _oidc_login(destination: str) -> None:
    token = _token()
    if token is not None:  # the provider's return lands on the home page: come back here
        sessions.note_destination(token, destination)
    st.login()


def login_page(store: Store, url_path: str = "") -> None:
    """The only page a visitor without a role sees, at whatever page address they asked
    for (`url_path`), where they land once logged in."""
    st.title(texts.LOGIN_TITLE, anchor=False)
    if done := st.session_state.pop(FIRST_IMPORT, None):
        st.success("  \n".join(done), icon=":material/check_circle:")
        if account := st.session_state.pop(FIRST_ACCOUNT, None):
            st.info(texts.LOGIN_AFTER_FIRST_IMPORT_ACCOUNT.format(name=account))
            st.session_state[LOGIN_NAME_KEY] = account
        else:
            st.info(texts.LOGIN_AFTER_FIRST_IMPORT)
    expired = st.session_state.pop(EXPIRED, None)
    if expired == "duree_maximale":
        st.info(texts.SESSION_ENDED.format(hours=_minutes(settings.SESSION_MAX_HOURS)))
    elif expired:
        st.info(texts.SESSION_EXPIRED.format(minutes=_minutes(settings.SESSION_MINUTES)))
    if _oidc_configured():
        st.button(texts.LOGIN_OIDC_BUTTON, on_click=_oidc_login, args=(_requested(url_path),))
        return
    if not users.load(store.data_dir):
        st.warning(texts.NO_ACCOUNT)
        return
    st.write(texts.LOGIN_INTRO)
    with st.form("login"):
        name = st.text_input(texts.LOGIN_NAME, key=LOGIN_NAME_KEY)
        password = st.text_input(texts.LOGIN_PASSWORD, type="password")
        submitted = st.form_submit_button(texts.LOGIN_BUTTON)
    if submitted:
        try:
            user = users.authenticate(name.strip(), password, data_dir=store.data_dir)
        except users.UserError as e:
            st.error(str(e))
            return
        token = _token()
        if token is None:
            st.session_state[AUTH] = {"name": user.name, "role": user.role,
                                      "communes": user.communes, "seen": time.time()}
            st.rerun()
        sessions.begin(token, user.name, store.data_dir)
        _go(session_web.url(session_web.CONFIRM, suite=_requested(url_path)))
        st.info(texts.LOGIN_REDIRECT)
        st.stop()


def demo_mixed_banner(store: Store, role: str | None) -> None:
    """When demonstration imports still count beside real ones: which sources, and who can
    withdraw them (views/historique.py)."""
    demo = demo_mixed(store.catalog().imports)
    if not demo:
        return
    from ui import import_view
    from wording.import_outcome import demo_sources

    sources = demo_sources(demo, import_view.territory_label)
    action = (texts.DEMO_MIXED_ACTION_MANAGER if role == "gestionnaire"
              else texts.DEMO_MIXED_ACTION_OTHER)
    st.warning(texts.DEMO_MIXED_BANNER.format(sources=sources, action=action),
               icon=":material/science:")


def sidebar(user: dict) -> None:
    if user.get("demo"):
        return
    role = texts.ROLE_LABELS.get(user.get("role"), "?")
    st.sidebar.caption(texts.LOGGED_IN_AS.format(name=user["name"], role=role))
    if st.sidebar.button(texts.LOGOUT_BUTTON):
        audit.record("deconnexion", user["name"])
        st.session_state.pop(AUTH, None)
        token = _token()
        if token is None:
            if _oidc_configured():
                st.logout()
            st.rerun()
        sessions.end(token)
        # Streamlit's own route then deletes the provider's cookie
        after = "/auth/logout" if _oidc_logged_in() else ""
        _go(session_web.url(session_web.CLOSE, suite=session_web.base_path() + after.lstrip("/")))
        st.info(texts.LOGOUT_REDIRECT)
        st.stop()


def user_name() -> str:
    """Name recorded in the history and the audit log for actions of this session."""
    session = st.session_state.get(AUTH)
    return session["name"] if session else texts.IMPORT_USER
