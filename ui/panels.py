"""What surrounds the dashboards' charts: headline cards, the data expander, the legends.

`metrics` draws a row of headline figures (the evolution written the French way, with
its own arrow); `data_table` puts the definitions behind a button and the table behind
a chart in a « Voir les données » expander; `legend` explains "s" and marks a manager's
unmasked figures as confidential.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from wording import texts
from wording.format import fmt_evolution, fmt_int, is_missing

# The « Voir les données » expander sits beside the « Définitions » button: once open, it
# takes the whole row under the button (the row wraps), or its table would have the
# expander's closed width and cut its columns (« Dépar… » in a half-width chart's).
DATA_TABLE_CSS = """<style>
[data-testid="stHorizontalBlock"] > [data-testid="stLayoutWrapper"]:has(
  > [data-testid="stExpander"] > details[open]) {flex-basis: 100% !important}
</style>"""


def data_table(table: pd.DataFrame, *, definitions=(), secret: bool = False,
               confidential: bool = False, column_config: dict | None = None,
               expanded: bool = False, label: str | None = None) -> None:
    """Definitions behind a button and the table in an expander, side by side; the open
    expander on a row of its own, as wide as the chart (`DATA_TABLE_CSS`)."""
    st.html(DATA_TABLE_CSS)
    with st.container(horizontal=True, vertical_alignment="top", gap="small"):
        if definitions:
            with st.popover(texts.DEFINITIONS_BUTTON, icon=":material/menu_book:"):
                for name, text in definitions:
                    st.markdown(f"**{name}** — {text}")
        with st.expander(label or texts.DATA_EXPANDER, expanded=expanded,
                         icon=":material/table:"):
            st.dataframe(table, hide_index=True, column_config=column_config or {},
                         height=table_height(len(table)), width="stretch")
            legend(secret, confidential)


def table_height(rows: int, max_rows: int = 16) -> int:
    """Every row visible (the total row last) up to `max_rows`, then a scroll bar."""
    return 38 + 35 * min(rows, max_rows)


def legend(secret: bool, confidential: bool) -> None:
    if secret:
        st.caption(texts.SECRET_LEGEND)
    if confidential:
        st.caption(texts.CONFIDENTIAL)


@dataclass
class Metric:
    label: str
    value: str
    evolution: float = math.nan  # in %
    help: str | None = None
    note: str | None = None  # e.g. "fin septembre 2025"


# Streamlit cuts a card's label, figure and note with « … » when the row is narrow (five
# cards on a laptop: « 44,… », « Nouvelles e… »): they wrap instead, the figure a little
# smaller on a narrow window.
METRIC_CSS = """<style>
[data-testid="stMetricLabel"] *, [data-testid="stMetricValue"] *,
[data-testid="stMetricValue"], [data-testid="stMetricDelta"] *,
[data-testid="stMetricDeltaDescription"], [data-testid="stMetricDeltaDescription"] * {
  white-space: normal !important; overflow: visible !important;
  text-overflow: clip !important; overflow-wrap: anywhere}
[data-testid="stMetricValue"] {font-size: clamp(1.6rem, 2.2vw, 2.25rem) !important;
  line-height: 1.15}
</style>"""


# Streamlit writes its file uploader's button and size line in English (« Upload »,
# « 50MB per file • XLSX, CSV »), whatever the page's language: drawn over in French for
# the uploader of `key` (Streamlit gives a keyed widget's container the class st-key-<key>).
UPLOADER_CSS = """<style>
.st-key-{key} [data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p,
.st-key-{key} [data-testid="stFileUploaderDropzoneInstructions"] span {{font-size: 0}}
.st-key-{key} [data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after
  {{content: "{button}"; font-size: 14px}}
.st-key-{key} [data-testid="stFileUploaderDropzoneInstructions"] span::after
  {{content: "{limit}"; font-size: 14px}}
</style>"""


def uploader_in_french(key: str, max_mb: int, types: Sequence[str]) -> None:
    """Call just before `st.file_uploader(…, key=key)`: its texts in French."""
    limit = texts.UPLOAD_LIMIT.format(size=fmt_int(max_mb),
                                      types=", ".join(t.upper() for t in types))
    st.html(UPLOADER_CSS.format(key=key, button=texts.UPLOAD_BUTTON, limit=limit))


def metrics(items: Sequence[Metric]) -> None:
    """Headline figures in a row of cards, the evolution in French with its own sign."""
    st.html(METRIC_CSS)
    for col, m in zip(st.columns(len(items)), items, strict=True):
        with col:
            delta, arrow = None, "off"
            if not is_missing(m.evolution):
                delta = texts.EVOLUTION_ONE_YEAR.format(evolution=fmt_evolution(m.evolution))
                arrow = "up" if m.evolution > 0.05 else "down" if m.evolution < -0.05 else "off"
            value, note, help_ = m.value, m.note, m.help
            if value == texts.NOT_IN_FILE:  # too long for a card: « n.d. », said in full below
                value, note, help_ = texts.NOT_IN_FILE_SHORT, texts.NOT_IN_FILE, help_ or texts.NOT_IN_FILE
            st.metric(m.label, value, delta=delta, delta_color="off", delta_arrow=arrow,
                      help=help_, border=True, delta_description=note)
