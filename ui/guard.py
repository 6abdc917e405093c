"""Pages only ever run through `app.py`, behind its login gate.

Streamlit runs a fresh server in its legacy multipage mode (every `pages/*.py` reachable
by URL, without the entry script) until some session has called `st.navigation`. A
visitor whose first request is a bookmarked `/importer` would then run the page without
`app.py`: no login. Every page calls `through_app()` first; in legacy mode it switches
the server to `st.navigation` mode (what the first `st.navigation` call does anyway) and
reruns, so the entry script, its login and its role checks run first.
"""

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def through_app() -> None:
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
