"""An unexpected error shows a French message; its details go to the server log only.

`.streamlit/config.toml` sets `client.showErrorDetails = "none"`, so Streamlit itself
would only print an English notice. `app.py` runs the whole script, pages included,
inside `shown_in_french()`; `serve.py` passes `on_script_error` to `st.App` for errors
raised outside that run (widget callbacks).
"""

import contextlib
import logging

import streamlit as st

from wording import texts

log = logging.getLogger(__name__)


def report(exc: BaseException) -> None:
    log.error("Unexpected error in the app", exc_info=exc)
    st.error(texts.UNEXPECTED_ERROR, icon="⚠️")


@contextlib.contextmanager
def shown_in_french():
    """Runs the block; an exception is logged and replaced by the French message.
    Streamlit's control flow (st.rerun, st.stop, st.switch_page) is not an Exception."""
    try:
        yield
    except Exception as exc:
        report(exc)


def on_script_error(exc: Exception) -> bool:
    """`st.App` hook: True tells Streamlit not to show its own error box."""
    report(exc)
    return True
