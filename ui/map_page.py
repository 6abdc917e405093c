"""The « Carte » page's pieces, which `views/carte.py` runs: the selectors (indicator,
measure, classes, QPV, comparison), the words around the map (summary, notes, the data
table), the maps themselves, the link to « Ma commune » and the layer of the quartiers
prioritaires coloured by an ONPV figure.

Person counts arrive masked for officials (`queries.dashboards.map_page`, for the
session's audience); the figures are `geo.maps`'s, the widget keys, caches and session
state `ui.map_state`'s.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitAPIException

import settings
from data import layers, reference, territories
from geo import boundaries, maps
from queries import context, qpv, registry
from ui import access, filters, state, tables
from ui import map_state as ms
from ui.map_state import MapView
from wording import format as fmt
from wording import qpv_format as words
from wording import texts

MA_COMMUNE = settings.ROOT / "views" / "ma_commune.py"

PLOTLY_CONFIG = {"displaylogo": False, "scrollZoom": True,
                 "modeBarButtonsToRemove": ["select2d", "lasso2d"]}
SINGLE = (1100, 620)  # width hint and map height in pixels
DOUBLE = (520, 520)


@dataclass(frozen=True)
class Choice:
    """What the viewer asked the map to show, beside territory, scope and year."""

    ind: registry.Indicator
    measure: str
    method: str
    k: int
    show_qpv: bool
    second: tuple[str, object] | None  # ("year", 2024) or ("indicator", id) to compare with


# -- the selectors ------------------------------------------------------------------------
def select_indicator(label: str, key: str, options: list[str], territory: str,
                     default: str | None = None) -> str:
    labels = maps.option_labels(territory)
    ms.from_url(key, options, default or (ms.DEFAULT_INDICATOR if ms.DEFAULT_INDICATOR in options
                                          else options[0]))
    return st.selectbox(label, options, key=key, format_func=labels.__getitem__)


def default_indicator(territory: str, year: int, options: list[str]) -> str | None:
    """The job seekers when the territory's imports give them for the year, else the first
    indicator of `options` they give (a Mission Locale's extraction alone: its new
    registrations; not the population, always given), a value hidden by the secret
    counting as given; None: the usual."""
    figures = state.key_figures(state.catalog(), territory, year).set_index("indicator")
    inds = registry.indicators()
    given = [i for i in options if i in figures.index and inds[i].period != "population"
             and (pd.notna(figures.at[i, "value"]) or bool(figures.at[i, "secret"]))]
    if not given or ms.DEFAULT_INDICATOR in given:
        return None
    return given[0]


def select_measure(ind: registry.Indicator) -> str:
    options = maps.measures_for(ind)
    ms.from_url(ms.MEASURE_KEY, options, maps.default_measure(ind))
    if len(options) == 1:
        st.session_state[ms.MEASURE_KEY] = options[0]
        return options[0]
    return st.radio(texts.MAP_MEASURE_LABEL, options, key=ms.MEASURE_KEY, horizontal=True,
                    format_func=texts.MAP_MEASURES.get)


def select_classes(widths: list[float]) -> tuple[str, int, list]:
    """The classification method and the number of classes, in the first two of `widths`'
    columns (the other columns are returned)."""
    c1, c2, *rest = st.columns(widths, vertical_alignment="bottom")
    method, k = _class_widgets(c1, c2)
    return method, k, rest


def _class_widgets(method_column, classes_column) -> tuple[str, int]:
    """The classification method and the number of classes, drawn in the two columns."""
    with method_column:
        method = st.radio(texts.MAP_METHOD_LABEL, list(texts.MAP_METHODS), key=ms.METHOD_KEY,
                          horizontal=True, format_func=texts.MAP_METHODS.get,
                          help=texts.MAP_METHOD_HELP)
    with classes_column:
        k = st.select_slider(texts.MAP_CLASSES_LABEL, options=[3, 4, 5, 6, 7], value=5,
                             key=ms.CLASSES_KEY)
    return method, k


def url_radio(label: str, key: str, options: dict, default: str, **kw) -> str:
    ms.from_url(key, list(options), default)
    choice = st.radio(label, list(options), key=key, horizontal=True, **kw)
    ms.to_url(key)
    return choice


def choices(territory: str, years: list[int], year: int) -> Choice:
    """The indicator and its measure, the classes, the QPV and the comparison."""
    inds = registry.indicators()
    options = [i.id for i in maps.mappable()]
    c1, c2 = st.columns([3, 3], vertical_alignment="bottom")
    with c1:
        ind = inds[select_indicator(texts.MAP_INDICATOR_LABEL, ms.INDICATOR_KEY, options,
                                    territory, default_indicator(territory, year, options))]
        ms.to_url(ms.INDICATOR_KEY)
    with c2:
        measure = select_measure(ind)
        ms.to_url(ms.MEASURE_KEY)
    method, k, (c3, c4) = select_classes([4, 2, 3, 3])
    with c3:
        show_qpv = st.toggle(texts.MAP_QPV_LABEL, key=ms.QPV_KEY)
    with c4:
        compare = st.toggle(texts.MAP_COMPARE_LABEL, key=ms.COMPARE_KEY)
    second = _second(territory, years, year, ind, measure, options) if compare else None
    return Choice(ind, measure, method, k, show_qpv, second)


def _second(territory: str, years: list[int], year: int, ind: registry.Indicator,
            measure: str, options: list[str]):
    """The other year or the other indicator the map is compared with, if any."""
    inds = registry.indicators()
    c1, c2 = st.columns([2, 4], vertical_alignment="bottom")
    with c1:
        what = st.radio(texts.MAP_COMPARE_WHAT, list(texts.MAP_COMPARE_OPTIONS),
                        key=ms.COMPARE_WHAT_KEY, horizontal=True,
                        format_func=texts.MAP_COMPARE_OPTIONS.get)
    with c2:
        if what == "years":
            others = [y for y in years if y != year] or years
            if st.session_state.get(ms.YEAR2_KEY) not in others:
                st.session_state[ms.YEAR2_KEY] = next((y for y in others if y < year),
                                                      others[0])
            return ("year", st.selectbox(texts.MAP_YEAR2_LABEL, others, key=ms.YEAR2_KEY))
        same = [i for i in options if i != ind.id and maps.comparable(inds[i], ind, measure)]
        if same:
            return ("indicator", select_indicator(texts.MAP_INDICATOR2_LABEL,
                                                  ms.INDICATOR2_KEY, same, territory))
    return None


# -- words around the map -----------------------------------------------------------------
def reference_name(scope: str, territory: str, ind: registry.Indicator) -> str:
    if scope == "territory":
        return state.territory_label(territory)
    wide = territories.default_reference(territory)
    if ind.period == "population":
        return reference.territory_labels()[wide]
    if wide == "nord":
        return texts.MAP_NORD_REFERENCE
    return texts.MAP_WIDE_REFERENCE.format(place=reference.territory_labels()[wide])


def scope_label(scope: str, territory: str) -> str:
    """« Territoire », « Tout le Nord » or, for a territory elsewhere, « Tout le département »."""
    if scope == "nord" and territories.default_reference(territory) != "nord":
        return texts.MAP_SCOPE_DEPARTEMENT
    return texts.MAP_SCOPES[scope]


def boundaries_missing(codes: list[str], label: str) -> str | None:
    """None when every commune can be drawn; the note to show when some cannot. With no
    commune drawable, says which command imports them and returns "" (no map)."""
    missing = boundaries.missing(codes)
    if not missing:
        return None
    if len(missing) == len(codes):
        manager = st.session_state.get("role") not in ("elu", "lecteur")  # demo: no role
        text = texts.MAP_NO_BOUNDARIES if manager else texts.MAP_NO_BOUNDARIES_READER
        st.info(text.format(territory=label), icon=":material/map:")
        return ""
    examples = ", ".join(f"{territories.commune_name(c)} ({c})" for c in missing[:3]) + (
        ", …" if len(missing) > 3 else "")
    return texts.MAP_SOME_BOUNDARIES_MISSING.format(n=fmt.fmt_int(len(missing)),
                                                    examples=examples)


def summary(view: MapView, ref_name: str) -> str:
    values = view.frame["value"].to_numpy(dtype="float64")
    names = view.frame["commune"].tolist()
    n_known = int((~np.isnan(values)).sum())
    parts = []
    if n_known:
        top, bottom = int(np.nanargmax(values)), int(np.nanargmin(values))  # the first ones
        parts.append(texts.MAP_SUMMARY.format(
            n=n_known, top=names[top], top_value=view.spec.text(values[top]),
            bottom=names[bottom], bottom_value=view.spec.text(values[bottom]),
            reference=ref_name, reference_value=view.reference_text))
    n_secret = int(view.frame["secret"].sum())
    if n_secret:
        parts.append(texts.MAP_SUMMARY_SECRET.format(n=n_secret))
    return " ".join(parts)


def data_table(view: MapView, breaks: list[float]) -> pd.DataFrame:
    rows = []
    allowed = access.allowed_communes()
    for name, code, (value, klass) in zip(view.frame["commune"], view.frame["code_insee"],
                                          maps.value_classes(view.frame, breaks, view.spec),
                                          strict=True):
        if allowed is not None and code not in allowed:
            continue
        rows.append({texts.MAP_COL_COMMUNE: name, texts.MAP_COL_CODE: code,
                     texts.MAP_COL_VALUE: value, texts.MAP_COL_CLASS: klass})
    return pd.DataFrame(rows)


def notes(views: list[MapView], choice: Choice, scope: str, missing_note: str | None) -> str:
    found = []
    if any(v.frame["secret"].any() for v in views):
        found.append(texts.MAP_SECRET_NOTE.format(below=settings.SECRET_THRESHOLD - 1))
    if any((v.values.isna() & ~v.frame["secret"]).any() for v in views):
        found.append(texts.MAP_MISSING_NOTE)
    if missing_note:
        found.append(missing_note)
    if scope == "nord":
        found.append(texts.MAP_NORD_NOTE.format(
            territories=", ".join(t["label"] for t in territories.definitions().values())))
    if choice.show_qpv:
        found.append(texts.MAP_QPV_NOTE)
        imported = len(layers.imported_codes("qpv"))
        if imported:
            found.append(texts.MAP_QPV_IMPORTED_NOTE.format(n=fmt.fmt_int(imported)))
    if access.allowed_communes() is not None:
        found.append(texts.MAP_RESTRICTED_NOTE)
    found.append(texts.MAP_SOURCES)
    return "  \n".join(found)


# -- the maps -----------------------------------------------------------------------------
def map_views(cat, scope_territory: str, year: int, choice: Choice,
           covered: set[str] | None) -> list[MapView]:
    inds = registry.indicators()
    views = [MapView(cat, scope_territory, year, choice.ind, choice.measure, covered)]
    if choice.second and choice.second[0] == "year":
        views.append(MapView(cat, scope_territory, choice.second[1], choice.ind,
                             choice.measure, covered))
    elif choice.second:
        views.append(MapView(cat, scope_territory, year, inds[choice.second[1]],
                             choice.measure, covered))
    return views


def clicked(event) -> str | None:
    """The location (INSEE or QPV code) of the clicked point, if any."""
    try:
        points = event.selection.get("points", []) if event is not None else []
    except AttributeError:
        return None
    for p in points:
        if p.get("location"):
            return str(p["location"])
    return None


def draw_maps(views: list[MapView], breaks: list[float], choice: Choice, scope: str,
              territory: str, outline: list[str] | None, uirevision: str,
              figure=lambda key, build: build()) -> str | None:
    """One map, or two side by side with the same classes; returns the clicked commune.
    `figure(key, build)` gives the figure of `maps.figure_key` `key`, built by `build()`
    (the page's cache shares them)."""
    any_secret = any(v.frame["secret"].any() for v in views)
    any_missing = any((v.values.isna() & ~v.frame["secret"]).any() for v in views)
    size = DOUBLE if len(views) == 2 else SINGLE
    if scope == "nord":
        size = (size[0], size[1] + 140)
    for v in views:
        if not v.has_values():
            st.info(texts.MAP_NO_VALUE.format(period=v.period), icon=":material/info:")
    if len(views) == 2:
        st.caption(texts.MAP_SAME_CLASSES)
    click = None
    for n, (col, v) in enumerate(zip(st.columns(len(views)), views, strict=True)):
        ref_name = reference_name(scope, territory, v.ind)
        options = dict(
            reference=maps.Reference(ref_name, v.reference_text), qpv=choice.show_qpv,
            outline_codes=outline,
            outline_name=state.territory_label(territory) if outline else "",
            width_px=size[0], height_px=size[1], legend_title=v.spec.title, period=v.period,
            context=outline is None, show_secret=any_secret, show_missing=any_missing,
            uirevision=uirevision)
        fig = figure(maps.figure_key(v.frame, v.spec, breaks, **options),
                     lambda v=v, options=options: maps.build_figure(
                         v.frame, v.spec, breaks, **options))
        with col:
            event = st.plotly_chart(
                fig, key=ms.MAP_KEYS[n], on_select="rerun", selection_mode=("points",),
                config=PLOTLY_CONFIG, width="stretch",
                alt=texts.MAP_MAP_LABEL.format(title=v.spec.title, period=v.period),
            )
            click = clicked(event) or click
            st.caption(summary(v, ref_name))
    return click


def data_expander(views: list[MapView], breaks: list[float]) -> None:
    with st.expander(texts.DATA_EXPANDER, icon=":material/table:"):
        st.caption(texts.MAP_DATA_CAPTION)
        for v in views:
            if len(views) == 2:
                st.markdown(f"**{v.spec.title} · {v.period}**")
            st.dataframe(data_table(v, breaks), hide_index=True)


# -- « Ma commune » -----------------------------------------------------------------------
def open_commune(code: str, year: int) -> None:
    """Switch to « Ma commune » for this commune; when that page is not registered (the
    map run on its own), keep the commune in the URL and say so."""
    names = boundaries.commune_names()
    name = names.get(code, code)
    territory = filters.territory_of(code)
    if territory is None:
        st.info(texts.MAP_COMMUNE_OUTSIDE.format(commune=name), icon=":material/info:")
        return
    try:  # the year of the map, unless the commune's territory has no data for it
        years = state.available_years(state.catalog(), territory)
    except state.QueryFailed:
        years = []
    if years and year not in years:
        year = years[0]
    params = {"commune": code, "territory": territory, "year": str(year)}
    # the filters other pages start from when the URL does not give them (ui.state)
    state.remember("commune", [code])
    state.remember(state.TERRITORY_KEY, territory)
    try:
        st.switch_page(str(MA_COMMUNE), query_params=params)
    except StreamlitAPIException:
        for k, v in params.items():
            if st.query_params.get(k) != v:
                st.query_params[k] = v
        st.info(texts.MAP_COMMUNE_FALLBACK.format(commune=name, code=code),
                icon=":material/info:")


def commune_picker(codes, click: str | None, year: int) -> None:
    """Selectbox synced with the map: a click on the map selects the commune here."""
    names = boundaries.commune_names()
    options = sorted(access.visible(codes), key=lambda c: names.get(c, c))
    new_click = ms.new_click(click)
    if new_click in options:
        st.session_state[ms.COMMUNE_KEY] = new_click
    elif st.session_state.get(ms.COMMUNE_KEY) not in options:
        st.session_state[ms.COMMUNE_KEY] = None
    st.selectbox(texts.MAP_COMMUNE_LABEL, options, key=ms.COMMUNE_KEY, index=None,
                 placeholder=texts.MAP_COMMUNE_PLACEHOLDER, on_change=ms.pick_changed,
                 format_func=lambda c: names.get(c, c))
    if new_click and new_click in names:
        open_commune(new_click, year)
    elif picked := ms.picked():
        open_commune(picked, year)


# -- the quartiers prioritaires coloured by an ONPV figure ---------------------------------
def qpv_table_rows(frame: pd.DataFrame, spec: maps.Spec, breaks: list[float]) -> pd.DataFrame:
    rows = []
    for (_, r), (value, klass) in zip(frame.iterrows(), maps.value_classes(frame, breaks, spec),
                                      strict=True):
        if not r["polygon"]:
            klass = maps.QPV_NO_POLYGON
        rows.append({texts.COL_QPV_NAME: r["qpv_name"], texts.COL_QPV_CODE: r["qpv_code"],
                     texts.QPV_COMMUNES: r["commune_names"], texts.MAP_COL_VALUE: value,
                     texts.MAP_COL_CLASS: klass})
    return pd.DataFrame(rows)


def data_years(cat, territory: str, label: str) -> list[int]:
    """The years the territory has data for; none (said on the page) if the query failed."""
    try:
        years = state.available_years(cat, territory)
    except state.QueryFailed as failure:
        st.error(failure.user_message, icon=":material/error:")
        return []
    if not years:
        st.info(texts.MAP_NO_YEARS.format(territory=label), icon=":material/info:")
    return years


def _qpv_choices(territory: str):
    """The ONPV indicator, its measure, the classification method and the classes."""
    inds = {i.id: i for i in maps.qpv_mappable()}
    c1, c2, c3, c4 = st.columns([4, 2, 3, 2], vertical_alignment="bottom")
    with c1:
        ms.from_url(ms.QPV_INDICATOR_KEY, list(inds), ms.QPV_DEFAULT)
        ind = inds[st.selectbox(texts.MAP_INDICATOR_LABEL, list(inds), key=ms.QPV_INDICATOR_KEY,
                                format_func=lambda i: maps.option_label(inds[i], territory))]
        ms.to_url(ms.QPV_INDICATOR_KEY)
    with c2:
        measures = maps.qpv_measures_for(ind)
        ms.from_url(ms.QPV_MEASURE_KEY, measures, measures[-1])
        measure = st.radio(texts.MAP_MEASURE_LABEL, measures, key=ms.QPV_MEASURE_KEY,
                           horizontal=True, format_func=texts.MAP_MEASURES.get)
        ms.to_url(ms.QPV_MEASURE_KEY)
    method, k = _class_widgets(c3, c4)
    return ind, measure, method, k


def qpv_map(cat, territory: str, year_column) -> None:
    """The quarters of the territory coloured by a figure of the ONPV files, over its
    communes, and their table."""
    label = state.territory_label(territory)
    years = data_years(cat, territory, label)
    if not years:
        return
    with year_column:
        year = state.select_year(years)
    if boundaries_missing(context.territory_communes(territory), label) == "":
        return
    ind, measure, method, k = _qpv_choices(territory)
    try:
        data = state.dashboard(cat, "qpv_onpv_page", territory=territory, year=year,
                               communes=None)
    except state.QueryFailed as failure:
        st.error(failure.user_message, icon=":material/error:")
        return
    theme_year = data["demo_year"] if qpv.theme_of(ind) == "demo" else data["ipro_year"]
    if data["quartiers"]["qpv_code"].notna().sum() == 0:
        listed = reference.qpv_listed(context.territory_communes(territory))
        st.info((texts.QPV_NONE if listed else texts.QPV_NOT_LISTED).format(place=label),
                icon=":material/info:")
        return
    if theme_year is None:
        st.info(texts.MAP_QPV_NO_DATA.format(year=year), icon=":material/info:")
        return
    frame = maps.qpv_values(data["quartiers"], ind, measure)
    allowed = access.allowed_communes()
    if allowed is not None:  # an account limited to some communes: the others in grey
        mine = tables.shown(data["quartiers"])["qpv_code"]
        outside = ~frame["qpv_code"].isin(set(mine.dropna()))
        frame.loc[outside, "value"] = float("nan")
        frame.loc[outside, "secret"] = False
    spec = maps.qpv_spec(ind, measure, territory)
    breaks = maps.class_breaks(frame.loc[frame["polygon"], "value"], spec, k, method)
    period = words.onpv_when(theme_year, data["onpv_month"] if theme_year == data["ipro_year"]
                             else None, data["onpv_month_given"])
    fig = maps.build_qpv_figure(frame, spec, breaks,
                                communes=context.territory_communes(territory),
                                outline_name=label, width_px=SINGLE[0], height_px=SINGLE[1],
                                period=texts.MAP_QPV_PERIOD.format(period=period),
                                uirevision=f"qpv:{territory}")
    st.plotly_chart(fig, key=ms.QPV_MAP_KEY, config=PLOTLY_CONFIG, width="stretch",
                    alt=texts.MAP_MAP_LABEL.format(title=spec.title, period=period))
    _qpv_notes_and_table(frame, data, spec, breaks, allowed is not None)


def _qpv_notes_and_table(frame, data: dict, spec: maps.Spec, breaks: list[float],
                         restricted: bool) -> None:
    notes = []
    if frame["secret"].any():
        notes.append(texts.QPV_ONPV_SECRET)
    if (~frame["polygon"]).any():
        notes.append(texts.MAP_QPV_NO_POLYGON.format(quartiers=", ".join(
            frame.loc[~frame["polygon"], "qpv_name"])))
    if restricted:
        notes.append(texts.MAP_RESTRICTED_NOTE)
    notes.append(texts.MAP_QPV_SOURCES)
    st.caption("  \n".join(notes))
    st.subheader(texts.MAP_QPV_TABLE_HEADER, anchor=False)
    shown = qpv_table_rows(frame[frame["qpv_code"].isin(
        set(tables.shown(data["quartiers"])["qpv_code"].dropna()))], spec, breaks)
    st.dataframe(shown, hide_index=True, key="carte_qpv_table",
                 column_config={texts.MAP_COL_VALUE: st.column_config.TextColumn(
                     alignment="right")})
