"""Entry point: page configuration, login gate, banner and the navigation for the user's role.

Served by `serve.py` in production (`make run`), which adds the session cookie.
"""

import streamlit as st

from ui import access, auth, errors, nav, state
from wording import texts

st.set_page_config(page_title=texts.APP_TITLE, layout="wide")


def main() -> None:
    store = state.get_store()
    user = auth.current_user(store)
    role = user.get("role") if user else None
    st.session_state["role"] = role
    st.session_state[access.KEY] = list(user.get("communes") or []) if user else []

    if user and user.get("demo"):
        st.warning(texts.DEMO_BANNER, icon=":material/science:")
    elif user:
        auth.sidebar(user)
        auth.demo_mixed_banner(store, role)
        if role == "gestionnaire":
            st.caption(texts.CONFIDENTIAL)

    if user and not role:
        st.error(texts.NO_ROLE)
        st.stop()

    nav.navigation(role, lambda url_path: auth.login_page(store, url_path))


with errors.shown_in_french():  # pages included; details in the server log only
    main()
