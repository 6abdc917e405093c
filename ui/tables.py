"""Per-commune tables of the dashboards: statistical secret, French formats, commune links.

`protect` hides what an official may not see: person counts from 1 to threshold − 1,
the cells secondary suppression adds so that none can be recomputed from the total row
(`queries.secret.suppress`), and every rate built on a hidden or small count. A manager
(`queries.secret.sees_unmasked`) gets the table unchanged, marked confidential.
`commune_table` formats a frame for `st.dataframe`, each commune name a link to its
« Ma commune » page, the total row a link to the territory's key figures.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

import settings
from queries import secret
from ui import access, charts, panels, texts
from ui.filters import Filters
from ui.format import SECRET

COMMUNE_PAGE_URL = "ma_commune"  # st.navigation's path for pages/ma_commune.py
KEY_FIGURES_URL = "chiffres_cles"


@dataclass
class Column:
    key: str
    label: str
    unit: str = "personnes"


def protect(frame: pd.DataFrame, counts: Sequence[str], *, masked: bool,
            rates: dict[str, tuple[str, str | None]] | None = None,
            row_groups: Sequence[tuple[str, list[str]]] = ()) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The frame as the viewer may see it (hidden cells NaN) and the mask of hidden cells.

    `frame` has one row per commune and a total row (`code_insee` null). `rates` maps a
    rate column to its numerator and denominator (None for a population).
    """
    shown, mask = _protect(frame, counts, masked=masked, rates=rates, row_groups=row_groups)
    # the secret needs every commune; the viewer then sees only theirs (ui.access)
    shown = access.restrict_rows(shown)
    return shown, mask.loc[shown.index]


def _protect(frame: pd.DataFrame, counts: Sequence[str], *, masked: bool,
             rates: dict[str, tuple[str, str | None]] | None = None,
             row_groups: Sequence[tuple[str, list[str]]] = ()) -> tuple[pd.DataFrame, pd.DataFrame]:
    rates = rates or {}
    columns = [*counts, *rates]
    if not masked:
        return frame, pd.DataFrame(False, index=frame.index, columns=columns)
    totals = frame.index[frame["code_insee"].isna()]
    mask = secret.suppress(frame, list(counts), total_row=totals[0] if len(totals) else None,
                           row_groups=list(row_groups))
    threshold = settings.SECRET_THRESHOLD
    for rate, (num, den) in rates.items():
        hidden = mask[num] | frame[num].map(lambda v: secret.is_small(v, threshold))
        if den is not None:
            hidden |= (mask[den] if den in mask else False) | frame[den].map(
                lambda v: secret.is_small(v, threshold))
        mask[rate] = hidden.astype(bool)
    shown = frame.copy()
    for col in columns:
        shown[col] = shown[col].astype("float64").mask(mask[col])
    return shown, mask[columns]


def protect_parts(frame: pd.DataFrame, counts: Sequence[str], *,
                  masked: bool) -> tuple[pd.DataFrame, pd.DataFrame]:
    """`protect` for the parts of a total shown elsewhere (exits by reason, entries by
    prescriber): each column is protected as if its total row were in the table."""
    if not masked:
        return frame, pd.DataFrame(False, index=frame.index, columns=list(counts))
    total = pd.DataFrame([frame[list(counts)].sum(min_count=1)], index=["__total__"])
    full = pd.concat([frame[list(counts)], total])
    full["code_insee"] = ["x"] * len(frame) + [None]
    _, mask = _protect(full, counts, masked=True)
    mask = mask.drop(index="__total__")
    shown = frame.copy()
    for col in counts:
        shown[col] = shown[col].astype("float64").mask(mask[col])
    return shown, mask


def hide_figures(table: pd.DataFrame, *, masked: bool, column: str = "value") -> pd.Series:
    """Which registry figures (a table indexed by indicator id) an official may not see:
    small person counts, their complements in an exhaustive group (women + men), and the
    rates built on them (`queries.secret.mask_key_figures`)."""
    if not masked:
        return pd.Series(False, index=table.index)
    figures = pd.DataFrame({"indicator": table.index, "value": table[column].to_numpy()})
    for col in ("share", "evolution_pct", "previous_value"):
        figures[col] = float("nan")
    return secret.mask_key_figures(figures).set_index("indicator")["secret"]


def hide_small(values: pd.Series, *, masked: bool) -> pd.Series:
    """Primary rule only, for lone figures (a commune's key figures, a reference's)."""
    if not masked:
        return pd.Series(False, index=values.index)
    return values.map(lambda v: secret.is_small(v, settings.SECRET_THRESHOLD)).astype(bool)


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
    """A per-commune frame as text: commune links first, then the columns in order."""
    table = pd.DataFrame({texts.COL_COMMUNE: links(frame, f)})
    for col in columns:
        hidden = mask[col.key] if mask is not None and col.key in mask else [False] * len(frame)
        table[col.label] = [charts.fmt(v, col.unit, h)
                            for v, h in zip(frame[col.key], hidden, strict=True)]
    config = {c: st.column_config.TextColumn(c, alignment="right") for c in table.columns[1:]}
    config[texts.COL_COMMUNE] = st.column_config.LinkColumn(
        texts.COL_COMMUNE, display_text=r"#(.+)$", width="medium")
    return table, config


def show_commune_table(frame: pd.DataFrame, columns: Sequence[Column], f: Filters, *,
                       mask: pd.DataFrame | None = None, caption: str | None = None,
                       definitions=(), masked: bool = True, key: str | None = None) -> None:
    """The table itself (not in an expander), its legend and its definitions."""
    table, config = commune_table(frame, columns, f, mask)
    st.dataframe(table, hide_index=True, column_config=config, key=key,
                 height=panels.table_height(len(table), 40))
    if caption:
        st.caption(caption)
    panels.legend(bool((table == SECRET).any().any()), not masked)
    if definitions:
        with st.popover(texts.DEFINITIONS_BUTTON, icon=":material/menu_book:"):
            for name, text in definitions:
                st.markdown(f"**{name}** — {text}")
