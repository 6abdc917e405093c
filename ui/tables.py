"""Per-commune tables of the dashboards: statistical secret, French formats, commune links.

The frames arrive protected by the statistical secret (`queries.masking`: hidden cells
NaN, with a flag column each); `commune_table` formats a frame for `st.dataframe`, « s »
where a flag says so, each commune name a link to its « Ma commune » page, the total row a
link to the territory's key figures.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from queries import masking
from ui import access, charts, panels
from ui.filters import Filters
from wording import texts
from wording.format import SECRET

COMMUNE_PAGE_URL = "ma_commune"  # st.navigation's path for views/ma_commune.py
# « Chiffres clés » is the default page: Streamlit serves it at the app's root only, and
# its own path would open the English « Page not found » dialog
KEY_FIGURES_URL = "./"


@dataclass
class Column:
    key: str
    label: str
    unit: str = "personnes"


def shown(frame: pd.DataFrame) -> pd.DataFrame:
    """A protected per-commune frame (`queries.masking`) as the viewer may see it: the rows
    of their communes and the total rows (`ui.access`). The secret was computed on every
    commune first, so restricting the rows keeps secondary suppression whole."""
    return access.restrict_rows(frame)


def commune_url(code: str | None, name: str, f: Filters) -> str:
    """A link to the commune's page ("#name" is what the table shows); for the total row,
    to the territory's key figures."""
    if code is None or (isinstance(code, float) and code != code):
        query = urlencode({"territory": f.territory, "year": f.year})
        return f"{KEY_FIGURES_URL}?{query}#{name}"
    query = urlencode(f.url_params(commune=code))
    return f"{COMMUNE_PAGE_URL}?{query}#{name}"


def links(frame: pd.DataFrame, f: Filters) -> list[str]:
    return [commune_url(c if isinstance(c, str) else None, n, f)
            for c, n in zip(frame["code_insee"], frame["commune"], strict=True)]


def commune_table(frame: pd.DataFrame, columns: Sequence[Column], f: Filters,
                  mask: pd.DataFrame | None = None) -> tuple[pd.DataFrame, dict]:
    """A per-commune frame as text: commune links first, then the columns in order.
    Built once per value of its arguments (`charts.by_value`): shared, not to be modified."""
    table, config, _ = _built(frame, columns, f, mask)
    return table, config


@charts.by_value
def _built(frame: pd.DataFrame, columns: Sequence[Column], f: Filters,
           mask: pd.DataFrame | None) -> tuple[pd.DataFrame, dict, bool]:
    """`commune_table`, and whether the secret hides a cell of it."""
    table = pd.DataFrame({texts.COL_COMMUNE: links(frame, f)})
    for col in columns:
        hidden = masking.hidden(frame, col.key)
        if mask is not None and col.key in mask:
            hidden = hidden | mask[col.key]
        table[col.label] = [charts.fmt(v, col.unit, h)
                            for v, h in zip(frame[col.key], hidden, strict=True)]
    config = {c: st.column_config.TextColumn(c, alignment="right") for c in table.columns[1:]}
    config[texts.COL_COMMUNE] = st.column_config.LinkColumn(
        texts.COL_COMMUNE, display_text=r"#(.+)$", width="medium")
    return table, config, bool((table == SECRET).any().any())


def show_commune_table(frame: pd.DataFrame, columns: Sequence[Column], f: Filters, *,
                       mask: pd.DataFrame | None = None, caption: str | None = None,
                       definitions=(), masked: bool = True, key: str | None = None) -> None:
    """The table itself (not in an expander), its legend and its definitions."""
    table, config, secret = _built(frame, columns, f, mask)
    st.dataframe(table, hide_index=True, column_config=config, key=key,
                 height=panels.table_height(len(table), 40))
    if caption:
        st.caption(caption)
    panels.legend(secret, not masked)
    if definitions:
        with st.popover(texts.DEFINITIONS_BUTTON, icon=":material/menu_book:"):
            for name, text in definitions:
                st.markdown(f"**{name}** — {text}")
