"""Which communes the viewer may see in detail.

An official's account may list communes (`python -m cli users add … --communes 59350`):
such an élu sees the detail of those communes only — the commune selectors, the rows of
per-commune tables, the map's colours, the fiche and the workbooks offer nothing else —
while the totals of the territory and of the reference territory stay visible, since
comparing one's commune with them is the point. Managers, and accounts with no list, see
every commune. `app.py` puts the session's list in `st.session_state[KEY]`.
"""

from collections.abc import Iterable

import pandas as pd
import streamlit as st

KEY = "allowed_communes"


def allowed_communes() -> frozenset[str] | None:
    """The communes this session may see in detail; None when there is no limit."""
    codes = st.session_state.get(KEY) or ()
    if not codes or st.session_state.get("role") == "gestionnaire":
        return None
    return frozenset(codes)


def visible(codes: Iterable[str]) -> list[str]:
    """The codes of `codes` the viewer may see, in their order."""
    allowed = allowed_communes()
    return [c for c in codes if allowed is None or c in allowed]


def restrict_rows(frame: pd.DataFrame, column: str = "code_insee") -> pd.DataFrame:
    """The rows of a per-commune frame the viewer may see: their communes and the total
    rows (code null). Apply after the statistical secret, which needs every row."""
    allowed = allowed_communes()
    if allowed is None or column not in frame:
        return frame
    codes = frame[column]
    return frame[codes.isna() | codes.isin(allowed)]
