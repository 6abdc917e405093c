"""Chart builders of the dashboards: French formats, one palette, titles, data and text.

Each builder returns a `Chart`: the Plotly figure (French separators, values in the hover
already formatted by `wording.format`, French month names), its title and subtitle, the
table behind it (formatted, "s" where the statistical secret masks a value), a short text
alternative and the definitions of what it shows. `show` draws the title and subtitle
above the figure, as text that wraps (a Plotly title does not: on a phone or a half-width
column it was cut), the text alternative under it, the definitions one click away and the
data in a « Voir les données » expander. Plotly.js
comes with Streamlit: nothing here fetches fonts, map tiles or scripts.
"""

import datetime as dt
import functools
import hashlib
import marshal
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from babel.dates import format_date

import settings
from data import territories as territory_defs
from queries import masking, registry
from ui import panels
from wording import texts
from wording.format import (
    LOCALE,
    MISSING,
    SECRET,
    UNIT_SEP,
    as_date,
    fmt_decimal,
    fmt_evolution,
    fmt_month,
    fmt_value,
    is_missing,
)

# Okabe & Ito's palette, readable with every common colour-vision deficiency; the yellow
# is left out (too pale on white).
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#7F7F7F")
MARKER_COLOR = "#333333"
SEPARATORS = ",\u202f"  # decimal comma, narrow no-break space between thousands
FONT = '"Source Sans Pro", "Source Sans 3", sans-serif'
PER_1000 = "pour 1 000"  # unit of rates per 1 000 inhabitants
EVOLUTION = "évolution"  # unit of an evolution in % ("+8,0 %")
PER_MILLE = "‰"  # a rate per 1 000 inhabitants written with its sign, in tables
DECIMAL = "décimal"  # one decimal, the unit written elsewhere (a card's note)
LPE_DATE = dt.date(2025, 1, 1)
CONFIG = {
    "displaylogo": False,
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}


@dataclass
class Series:
    """One column of the frame drawn as a line or a bar."""

    column: str
    label: str
    color: str | None = None
    dash: bool = False  # a trend drawn as a dashed line, without markers
    unit: str | None = None  # the chart's unit when None


@dataclass
class Marker:
    """A value drawn across a bar chart: a territory's rate, a target."""

    value: float
    label: str
    color: str = MARKER_COLOR
    dash: str = "dash"


@dataclass
class Chart:
    figure: go.Figure
    title: str  # drawn above the figure by `show`, with the subtitle
    table: pd.DataFrame
    alt: str
    definitions: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    secret: bool = False  # the table holds "s" cells: show the legend
    confidential: bool = False  # unmasked small counts: a manager's view
    column_config: dict = field(default_factory=dict)
    subtitle: str = ""


# -- built once per value ---------------------------------------------------------------------
_CACHES: dict[tuple[str, str], tuple[bytes, OrderedDict]] = {}
_CACHES_LOCK = threading.Lock()


def _cache_of(fn: Callable) -> OrderedDict:
    """The results kept for `fn`, one store per function wherever it is defined: a page
    script runs again at each rerun, and redefines its functions, which must find the
    results of the previous runs. A function whose code changed (a file edited while the
    app runs) starts from an empty store."""
    code = fn.__code__
    where = (code.co_filename, fn.__qualname__)
    digest = hashlib.blake2b(marshal.dumps(code), digest_size=16).digest()
    with _CACHES_LOCK:
        found = _CACHES.get(where)
        if found is None or found[0] != digest:
            found = _CACHES[where] = (digest, OrderedDict())
        return found[1]


def clear_built() -> None:
    """Forget every result kept by `by_value` (tests; memory)."""
    with _CACHES_LOCK:
        for _, cache in _CACHES.values():
            cache.clear()


def by_value(fn: Callable | None = None, *, max_entries: int | None = None):
    """Keep what a pure function returned for each value of its arguments (a decorator).

    The key is the arguments themselves, pickled: the frames with every cell and secret
    flag, the labels, the links (their territory, year and reference), the series. Two
    calls share a result only when all of it is byte for byte the same, so another store
    version, audience, territory or year (which give other frames or other labels) never
    receives another's chart or table; the function must read nothing else (no session,
    no store, no settings, no territory definitions: pass what it needs as arguments).
    Arguments that cannot be pickled are not cached. At most `max_entries` results per
    function (`settings.CACHE_MAX_ENTRIES`), the least recently used dropped first; they
    are shared by every session, so callers must not modify them.

    A page's rerun then skips what costs it most once its data are cached: Plotly
    validating every trace and layout property, each cell formatted in Python.
    """
    if fn is None:
        return functools.partial(by_value, max_entries=max_entries)
    limit = max_entries or settings.CACHE_MAX_ENTRIES
    cache = _cache_of(fn)

    @functools.wraps(fn)
    def cached(*args, **kwargs):
        try:
            key = pickle.dumps((args, sorted(kwargs.items())), protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError):
            return fn(*args, **kwargs)
        with _CACHES_LOCK:
            if key in cache:
                cache.move_to_end(key)
                return cache[key]
        value = fn(*args, **kwargs)
        with _CACHES_LOCK:
            cache[key] = value
            while len(cache) > limit:
                cache.popitem(last=False)
        return value

    def clear() -> None:
        with _CACHES_LOCK:
            cache.clear()

    cached.cache_clear = clear
    cached.cache_len = cache.__len__
    return cached


class DrawnFigure(go.Figure):
    """A chart's figure, never modified once its builder returned it (cached charts are
    shared by every session): `to_dict`, what `st.plotly_chart` serialises, is Plotly's
    own dict computed once, instead of a deep copy of every trace and layout property at
    each rerun. The JSON sent to the browser is the same."""

    def to_dict(self):
        spec = self.__dict__.get("_tbe_spec")
        if spec is None:
            spec = self._tbe_spec = super().to_dict()
        return spec


# -- formats ----------------------------------------------------------------------------------
def fmt(value, unit: str, masked: bool = False) -> str:
    """A value as the dashboards print it; "s" when the statistical secret hides it."""
    if masked:
        return SECRET
    if unit in (PER_1000, DECIMAL):
        return fmt_decimal(value, 1)
    if unit == PER_MILLE:
        return MISSING if is_missing(value) else fmt_decimal(value, 1) + UNIT_SEP + "‰"
    if unit == EVOLUTION:
        return fmt_evolution(value) or MISSING
    return fmt_value(value, unit)


def cell_of(table: pd.DataFrame):
    """`cell(row, column, unit)`: a cell of a protected frame as the dashboards print it,
    « s » where the statistical secret hides it."""
    def cell(row, column: str, unit: str) -> str:
        return fmt(table.at[row, column], unit, masking.is_hidden(table, row, column))
    return cell


def not_in_file(table: pd.DataFrame, row: str) -> bool:
    """A protected table's value absent (NaN) without being hidden by the secret: the
    imported file does not hold what it counts (« non disponible »)."""
    value = table.at[row, "value"]
    return bool(pd.isna(value)) and not masking.is_hidden(table, row, "value")


def define(territory: str, *keys: str) -> list[tuple[str, str]]:
    """Definitions to show: a registry indicator's label and definition (with the
    territory's own wording), or a measure of `texts.MEASURE_DEFINITIONS`."""
    return list(_define(territory, keys, territory_defs.stamp()))


@by_value
def _define(territory: str, keys: tuple[str, ...], stamp: tuple) -> tuple:
    # `stamp` (the defined territories' file, as `ui.state.version` reads it): another
    # definition of the territory (its senior age, its low level) is another key
    inds = registry.indicators()
    out = []
    for key in keys:
        if key in inds:
            label, definition = inds[key].texts(territory)
            out.append((label[:1].upper() + label[1:], definition))
        elif key in texts.MEASURE_DEFINITIONS:
            out.append(texts.MEASURE_DEFINITIONS[key])
    return tuple(out)


def month_short(d) -> str:
    """date(2025, 1, 1) → "janv. 2025"."""
    day = as_date(d)
    return "—" if day is None else format_date(day, format="MMM y", locale=LOCALE)


def _plotted(value, unit: str):
    """The number drawn: percentages in points, so that the axis can say "50 %"."""
    if is_missing(value):
        return None
    return float(value) * 100 if unit == "%" else float(value)


def _axis(unit: str) -> dict:
    suffix = {"%": UNIT_SEP + "%", EVOLUTION: UNIT_SEP + "%", "€": UNIT_SEP + "€",
              "heures": UNIT_SEP + "h"}.get(unit, "")
    return {"tickformat": ",.2~f", "ticksuffix": suffix, "separatethousands": True,
            "zeroline": True, "zerolinecolor": "#c9ced6", "gridcolor": "#eceff3"}


# The title and subtitle are above the figure (`show`), no longer in its top margin: the
# figure is that much shorter, its plot as tall as before.
TITLE_MARGIN_PX, TOP_MARGIN_PX = 84, 10  # the top margin with the title in it, without
LEGEND_CHARS = 32  # a longer legend entry goes on two lines (Plotly's do not wrap either)


def wrap(text: str, chars: int = LEGEND_CHARS) -> str:
    """`text` on lines of at most `chars` characters where it can, cut at spaces, joined
    by Plotly's `<br>`; a word longer than `chars` stays whole."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= chars:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


def _layout(height: int) -> dict:
    """The layout every chart shares, as a dict: the figure is built once from its traces
    and its whole layout (each `update_layout`, `update_xaxes` or `add_vline` of Plotly's
    figure objects validates and dispatches again: they cost a page most of its time)."""
    return dict(
        separators=SEPARATORS,
        font={"family": FONT, "size": 14, "color": "#262730"},
        colorway=list(PALETTE), height=height - (TITLE_MARGIN_PX - TOP_MARGIN_PX),
        plot_bgcolor="#ffffff",
        margin={"l": 10, "r": 30, "t": TOP_MARGIN_PX, "b": 40},
        legend={"orientation": "h", "yref": "container", "yanchor": "bottom", "y": 0,
                "x": 0, "title": None},
        hoverlabel={"font": {"family": FONT, "size": 14}},
    )


# A value column of the table behind a chart is as wide as its longest figure or its
# header, at most VALUE_COLUMN_MAX pixels: a long header (« Département du Nord, 10
# communes couvertes sur 647 ») made its column wider than the table, and its figures,
# aligned right, were out of sight. A header cut short is shown whole on hover.
CHAR_PX, CELL_PADDING_PX, VALUE_COLUMN_MAX = 7.5, 32, 170


def _column_width(header: str, cells) -> tuple[int, bool]:
    """The column's width in pixels, and whether its header is cut."""
    longest = max((len(str(c)) for c in cells), default=0)
    wanted = CELL_PADDING_PX + CHAR_PX * max(longest, len(header))
    return int(min(wanted, VALUE_COLUMN_MAX)), wanted > VALUE_COLUMN_MAX


def _column_config(table: pd.DataFrame, link_column: str | None) -> dict:
    config = {}
    for c in table.columns[1:]:
        width, cut = _column_width(c, table[c])
        config[c] = st.column_config.TextColumn(c, alignment="right", width=width,
                                                help=c if cut else None)
    if link_column:
        config[link_column] = st.column_config.LinkColumn(link_column, display_text=r"#(.+)$")
    return config


# -- builders -------------------------------------------------------------------------------
@by_value
def line_chart(frame: pd.DataFrame, *, x: str, series: Sequence[Series], unit: str,
               title: str, subtitle: str, definitions=(), notes=(), alt: str | None = None,
               lpe: bool = False, height: int = 400, confidential: bool = False) -> Chart:
    """Monthly series (x holds the first day of each month) as lines; trends dashed. A cell
    the statistical secret hides (`queries.masking` flags) is a gap in the line, « s » in
    the hover text and the data table."""
    traces = []
    layout: dict = {"xaxis": {}, "yaxis": {}}
    months = [as_date(m) for m in frame[x]]
    for n, s in enumerate(series):
        u = s.unit or unit
        y = [_plotted(v, u) for v in frame[s.column]]
        custom = [[fmt_month(m), fmt(v, u, h)] for m, v, h in
                  zip(months, frame[s.column], masking.hidden(frame, s.column), strict=True)]
        traces.append(go.Scatter(
            x=months, y=y, name=wrap(s.label), customdata=custom, connectgaps=False,
            mode="lines" if s.dash else "lines+markers",
            line={"color": s.color or PALETTE[n % len(PALETTE)], "width": 2 if s.dash else 2.5,
                  "dash": "dash" if s.dash else "solid"},
            marker={"size": 5},
            hovertemplate=f"%{{customdata[0]}}<br>{s.label} : <b>%{{customdata[1]}}</b>"
                          "<extra></extra>"))
    known = [m for m in months if m]
    if known:
        step = 1 if len(known) <= 8 else 3 if len(known) <= 24 else 6
        ticks = [m for m in known if (m.month - 1) % step == 0]
        layout["xaxis"].update(tickvals=ticks, ticktext=[month_short(m) for m in ticks],
                               gridcolor="#eceff3")
        if lpe and min(known) < LPE_DATE <= max(known):
            layout["shapes"] = [dict(type="line", x0=LPE_DATE, x1=LPE_DATE, y0=0, y1=1,
                                     yref="paper", line={"color": MARKER_COLOR, "width": 1,
                                                         "dash": "dot"})]
            layout["annotations"] = [dict(x=LPE_DATE, y=1, yref="paper",
                                          text=texts.LPE_CHART_LABEL, showarrow=False,
                                          xanchor="left", yanchor="top", xshift=4,
                                          font={"size": 12, "color": MARKER_COLOR},
                                          bgcolor="rgba(255,255,255,.85)")]
    layout["yaxis"].update(**_axis(unit), rangemode="tozero")
    fig = DrawnFigure(data=traces, layout={**layout, **_layout(height)})
    table = pd.DataFrame({texts.COL_MONTH: [fmt_month(m) for m in months]})
    for s in series:
        table[s.label] = [fmt(v, s.unit or unit, h) for v, h in
                          zip(frame[s.column], masking.hidden(frame, s.column), strict=True)]
    if alt is None:
        alt = _line_alt(frame, months, [s for s in series if not s.dash], unit)
    return Chart(fig, title, table, alt, list(definitions), list(notes),
                 bool((table == SECRET).any().any()), confidential,
                 column_config=_column_config(table, None), subtitle=subtitle)


def _line_alt(frame, months, series, unit) -> str:
    """« Label : 9 464 en janvier 2025, 9 745 en septembre 2025 »: the series' first and last
    months, « s » when the secret hides them (not the first and last months shown, which
    would read « 0 en avril » for a series whose other months are all « s »)."""
    parts = []
    for s in series:
        hidden = masking.hidden(frame, s.column)
        values = [(m, v, h) for m, v, h in zip(months, frame[s.column], hidden, strict=True)
                  if m and (h or not is_missing(v))]
        if values:
            (m0, v0, h0), (m1, v1, h1) = values[0], values[-1]
            parts.append(texts.ALT_LINE.format(label=s.label, first=fmt(v0, s.unit or unit, h0),
                                               start=fmt_month(m0),
                                               last=fmt(v1, s.unit or unit, h1),
                                               end=fmt_month(m1)))
    return " ; ".join(parts) + "." if parts else texts.ALT_EMPTY


@by_value
def bar_chart(frame: pd.DataFrame, *, category: str, series: Sequence[Series], unit: str,
              title: str, subtitle: str, mask: pd.DataFrame | None = None,
              markers: Sequence[Marker] = (), definitions=(), notes=(), alt: str | None = None,
              links: Sequence[str] | None = None, category_label: str | None = None,
              extra: Sequence[Series] = (), stacked: bool = False,
              horizontal: bool = True, confidential: bool = False,
              height: int | None = None, total_row: bool = False,
              bar_colors: Sequence[str] | None = None,
              legend_items: Sequence[tuple[str, str]] = ()) -> Chart:
    """Bars per category (communes, age bands…), several series side by side or stacked.

    The frame's secret flags (`queries.masking`), and `mask` if given (same index as the
    frame, boolean columns), say which cells the statistical secret hides: their bar is
    not drawn and "s" is written instead. `extra` columns are
    only shown in the data table; `links` make the category names links (URLs ending in
    "#name", as built by `ui.tables.commune_url`). With `total_row`, the frame's last row
    (a total) is in the table but not drawn. `bar_colors` colour the bars of a single
    series one by one (exits by kind), `legend_items` (label, colour) explain them.
    """
    table_frame, table_hidden = frame, masking.mask_of(frame)
    if mask is not None:
        for col in mask.columns:
            table_hidden[col] = (table_hidden[col] if col in table_hidden else False) | mask[col]
    if total_row:
        frame = frame.iloc[:-1]
    traces = []
    cats = [str(c) for c in frame[category]]
    hidden = table_hidden.loc[frame.index]
    for n, s in enumerate(series):
        u = s.unit or unit
        masked = hidden[s.column] if s.column in hidden else pd.Series(False, index=frame.index)
        # A hidden value is drawn as an empty bar carrying its "s", so the reader sees it.
        values = [0.0 if m else _plotted(v, u) for v, m in zip(frame[s.column], masked,
                                                                strict=True)]
        labels = [fmt(v, u, m) for v, m in zip(frame[s.column], masked, strict=True)]
        custom = [[c, t] for c, t in zip(cats, labels, strict=True)]
        coords = {"y": cats, "x": values} if horizontal else {"x": cats, "y": values}
        traces.append(go.Bar(
            **coords, name=wrap(s.label), orientation="h" if horizontal else "v",
            marker_color=(list(bar_colors)[:len(cats)] if bar_colors is not None and n == 0
                          else s.color or PALETTE[n % len(PALETTE)]),
            text=None if stacked else labels, textangle=0, showlegend=not legend_items,
            textposition="inside" if stacked else "outside", cliponaxis=False,
            customdata=custom, insidetextanchor="middle",
            hovertemplate=f"%{{customdata[0]}}<br>{s.label} : <b>%{{customdata[1]}}</b>"
                          "<extra></extra>"))
    value_axis = {**_axis(unit), "rangemode": "tozero",
                  **_value_range(traces, horizontal, stacked)}
    cat_axis = {"autorange": "reversed" if horizontal else True, "automargin": True,
                "title": None}
    layout: dict = {"xaxis": value_axis if horizontal else cat_axis,
                    "yaxis": cat_axis if horizontal else value_axis, "shapes": []}
    for label, color in legend_items:
        traces.append(go.Bar(x=[None], y=[None], name=wrap(label), marker_color=color,
                             hoverinfo="skip", orientation="h" if horizontal else "v"))
    for marker in markers:
        if is_missing(marker.value):
            continue
        v = _plotted(marker.value, unit)
        line = {"color": marker.color, "width": 1.5, "dash": marker.dash}
        # what `add_vline` / `add_hline` add: a line across the plot, in the axis' domain
        if horizontal:
            layout["shapes"].append(dict(type="line", x0=v, x1=v, xref="x", y0=0, y1=1,
                                         yref="y domain", line=line))
        else:
            layout["shapes"].append(dict(type="line", x0=0, x1=1, xref="x domain", y0=v,
                                         y1=v, yref="y", line=line))
        traces.append(go.Scatter(x=[None], y=[None], mode="lines", line=line,
                                 name=wrap(f"{marker.label} : {fmt(marker.value, unit)}"),
                                 hoverinfo="skip"))
    n_rows = len(cats) * (1 if stacked else max(1, len(series)))
    if height is None:
        height = max(260, 150 + (26 if horizontal else 0) * n_rows) if horizontal else 420
    layout.update(barmode="stack" if stacked else "group", bargap=0.25)
    if not layout["shapes"]:
        del layout["shapes"]
    fig = DrawnFigure(data=traces, layout={**layout, **_layout(height)})
    name = category_label or category
    first = list(links) if links is not None else [str(c) for c in table_frame[category]]
    table = pd.DataFrame({name: first})
    for s in [*series, *extra]:
        u = s.unit or unit
        masked = (table_hidden[s.column] if s.column in table_hidden
                  else [False] * len(table_frame))
        table[s.label] = [fmt(v, u, m)
                          for v, m in zip(table_frame[s.column], masked, strict=True)]
    has_secret = bool((table == SECRET).any().any())
    if alt is None:
        alt = _bar_alt(cats, frame[series[0].column], hidden.get(series[0].column),
                       series[0].label, series[0].unit or unit)
    return Chart(fig, title, table, alt, list(definitions), list(notes), has_secret,
                 confidential, _column_config(table, name if links is not None else None),
                 subtitle=subtitle)


def _value_range(traces, horizontal: bool, stacked: bool) -> dict:
    """Room for the labels written beyond the bars' ends (and left of negative bars)."""
    if stacked:
        return {}
    values = [v for t in traces for v in (t.x if horizontal else t.y) if v is not None]
    if not values:
        return {}
    lo, hi = min(0.0, min(values)), max(0.0, max(values))
    pad = (hi - lo) * 0.14 or 1.0
    return {"range": [lo - pad if lo < 0 else 0, hi + pad]}


def _bar_alt(cats, values, masked, label, unit) -> str:
    shown = [(c, v) for c, v, m in zip(cats, values,
                                       masked if masked is not None else [False] * len(cats),
                                       strict=True) if not m and not is_missing(v)]
    if not shown:
        return texts.ALT_EMPTY
    top = max(shown, key=lambda cv: cv[1])
    low = min(shown, key=lambda cv: cv[1])
    if len(shown) == 1 or top == low:
        return texts.ALT_BAR_ONE.format(label=label, category=top[0], value=fmt(top[1], unit))
    return texts.ALT_BAR.format(label=label, top=top[0], top_value=fmt(top[1], unit),
                                low=low[0], low_value=fmt(low[1], unit))


# -- drawing --------------------------------------------------------------------------------
def show(chart: Chart, *, key: str | None = None) -> None:
    """The chart's title and subtitle, the chart, its text alternative, its definitions and
    its data."""
    st.markdown(f"**{chart.title}**  \n:small[:gray[{chart.subtitle}]]" if chart.subtitle
                else f"**{chart.title}**")
    st.plotly_chart(chart.figure, config=CONFIG, key=key, alt=chart.alt)
    st.caption(chart.alt)
    for note in chart.notes:
        st.caption(note)
    panels.data_table(chart.table, definitions=chart.definitions, secret=chart.secret,
                      confidential=chart.confidential, column_config=chart.column_config)
