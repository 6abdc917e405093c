"""Who is looking: login (OpenID Connect when configured, local accounts otherwise) and role.

Default deny: without a role nothing but the login page is shown. While the store holds
only the synthetic demo data the app opens without login (role gestionnaire, with the
demo banner), so that `make run` shows it at once; as soon as one real import exists,
every page requires login.
"""

import time

import streamlit as st

import settings
from data import audit, users
from data.demo import is_demo_only
from data.store import Store
from ui import texts

SESSION_MINUTES = int(getattr(settings, "SESSION_MINUTES", 30))


def _oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all
        return False


def current_user(store: Store) -> dict | None:
    """{"name", "role", "communes"} of the session, or None."""
    if is_demo_only(store):
        return {"name": "démonstration", "role": "gestionnaire", "communes": [], "demo": True}
    session = st.session_state.get("auth")
    if session and time.time() - session.get("seen", 0) > SESSION_MINUTES * 60:
        st.session_state.pop("auth", None)
        st.session_state["auth_expired"] = True
        return None
    if session:
        session["seen"] = time.time()
        return session
    if _oidc_configured() and getattr(st.user, "is_logged_in", False):
        email = st.user.get("email", "")
        account = users.load(store.data_dir).get(email)
        if account is None:
            return {"name": email, "role": None, "communes": []}
        session = {"name": email, "role": account.role, "communes": account.communes,
                   "seen": time.time()}
        st.session_state["auth"] = session
        audit.record("connexion_oidc", email, store.data_dir, role=account.role)
        return session
    return None


def login_page(store: Store) -> None:
    """The only page a visitor without a role sees."""
    st.title(texts.LOGIN_TITLE)
    if st.session_state.pop("auth_expired", False):
        st.info(texts.SESSION_EXPIRED.format(minutes=SESSION_MINUTES))
    if _oidc_configured():
        st.button(texts.LOGIN_OIDC_BUTTON, on_click=st.login)
        return
    if not users.load(store.data_dir):
        st.warning(texts.NO_ACCOUNT)
        return
    st.write(texts.LOGIN_INTRO)
    with st.form("login"):
        name = st.text_input(texts.LOGIN_NAME)
        password = st.text_input(texts.LOGIN_PASSWORD, type="password")
        submitted = st.form_submit_button(texts.LOGIN_BUTTON)
    if submitted:
        try:
            user = users.authenticate(name.strip(), password, data_dir=store.data_dir)
        except users.UserError as e:
            st.error(str(e))
            return
        st.session_state["auth"] = {"name": user.name, "role": user.role,
                                    "communes": user.communes, "seen": time.time()}
        st.rerun()


def sidebar(user: dict) -> None:
    if user.get("demo"):
        return
    role = texts.ROLE_LABELS.get(user.get("role"), "?")
    st.sidebar.caption(texts.LOGGED_IN_AS.format(name=user["name"], role=role))
    if st.sidebar.button(texts.LOGOUT_BUTTON):
        audit.record("deconnexion", user["name"])
        st.session_state.pop("auth", None)
        if _oidc_configured():
            st.logout()
        st.rerun()


def user_name() -> str:
    """Name recorded in the history and the audit log for actions of this session."""
    session = st.session_state.get("auth")
    return session["name"] if session else texts.IMPORT_USER
