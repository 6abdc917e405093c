"""The production entry point: `streamlit run serve.py` (what `make run` does).

Serves `app.py` with what page scripts cannot do on their own (`st.App`): the session
cookie's middleware and routes (`ui/session_web.py`), so a login survives a reload, a new
tab and a shared link, and the French message for an error raised outside a page run (a
widget callback; `ui/errors.py`). `streamlit run app.py` still works, but a login then
lasts as long as the browser tab.
"""

import streamlit as st
from starlette.middleware import Middleware

from ui import errors, session_web

app = st.App("app.py", routes=session_web.routes(),
             middleware=[Middleware(session_web.SessionCookieMiddleware)],
             on_script_error=errors.on_script_error)
