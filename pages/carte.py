"""Carte: a commune indicator as an offline choropleth, with the QPV 2024, side-by-side
comparison (two years or two indicators, same classes), and a click through to the
commune's « Ma commune » page.

Person counts arrive masked for officials (`queries.dashboards.map_page`, for the
session's audience), as in tables and exports. The map itself is built by
`geo.maps` (MapLibre `white-bg` style: nothing is fetched from the internet).
"""

import sys
from pathlib import Path

# `streamlit run pages/carte.py` (the page on its own) puts pages/ on the path, not the
# repository root: add it, so the page also runs without app.py.
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402
import streamlit as st  # noqa: E402
from streamlit.errors import StreamlitAPIException  # noqa: E402

import settings  # noqa: E402
from data import reference, territories  # noqa: E402
from geo import boundaries, classify, layers, maps  # noqa: E402
from queries import context, qpv, registry  # noqa: E402
from ui import access, state, tables  # noqa: E402
from ui.filters import territory_of  # noqa: E402
from ui.guard import through_app  # noqa: E402
from wording import format as fmt  # noqa: E402
from wording import qpv_format as words  # noqa: E402
from wording import texts  # noqa: E402

through_app()

MA_COMMUNE = ROOT / "pages" / "ma_commune.py"
DEFAULT_INDICATOR = "de_abc"

SCOPE_KEY, INDICATOR_KEY, MEASURE_KEY = "carte_scope", "carte_indicator", "carte_measure"
METHOD_KEY, CLASSES_KEY, QPV_KEY = "carte_method", "carte_classes", "carte_qpv"
COMPARE_KEY, COMPARE_WHAT_KEY = "carte_compare", "carte_compare_what"
YEAR2_KEY, INDICATOR2_KEY = "carte_year2", "carte_indicator2"
COMMUNE_KEY, MAP_KEYS = "carte_commune", ("carte_map_1", "carte_map_2")
LAST_CLICK_KEY, PENDING_KEY = "_carte_last_click", "_carte_pending"
SCOPE_CHANGED_KEY = "_carte_scope_changed"
LAYER_KEY, QPV_INDICATOR_KEY, QPV_MEASURE_KEY = "carte_layer", "carte_qpv_ind", "carte_qpv_measure"
QPV_MAP_KEY, QPV_DEFAULT = "carte_qpv_map", "qpv_de_abc"
URL = {SCOPE_KEY: "scope", INDICATOR_KEY: "indicator", MEASURE_KEY: "measure",
       LAYER_KEY: "layer", QPV_INDICATOR_KEY: "qpv_indicator", QPV_MEASURE_KEY: "qpv_measure"}

PLOTLY_CONFIG = {"displaylogo": False, "scrollZoom": True,
                 "modeBarButtonsToRemove": ["select2d", "lasso2d"]}
SINGLE = (1100, 620)  # width hint and map height in pixels
DOUBLE = (520, 520)


# -- cached data ----------------------------------------------------------------------
@st.cache_data(max_entries=settings.CACHE_MAX_ENTRIES, ttl=state.CACHE_TTL, show_spinner=False)
def _month(data_dir: str, version: str, territory: str, year: int):
    return state._run(context.latest_job_seeker_month, context.territory_communes(territory),
                      year)


@st.cache_resource(show_spinner=False)
def _populations() -> dict[str, float]:
    return maps.populations_by_commune()


def table(cat, territory: str, year: int, ids: list[str]) -> pd.DataFrame:
    """The map's per-commune table, protected by the statistical secret for the viewer."""
    return state.dashboard(cat, "map_page", territory=territory, year=year,
                           ids=tuple(sorted(set(ids))))["by_commune"]


def period_label(cat, territory: str, year: int, ind: registry.Indicator) -> str:
    if ind.period == "population":
        return texts.MAP_POPULATION_PERIOD
    if ind.period == "month":
        month = _month(str(settings.data_dir()), state.version(cat), territory, year)
        if month is not None:
            return fmt.fmt_month(month)
    return str(year)


# -- widgets kept in the URL -------------------------------------------------------------
def _from_url(key: str, options: list[str], default: str) -> None:
    """Initialise a widget's state from the URL (or default) when unset or invalid."""
    if st.session_state.get(key) in options:
        return
    wanted = st.query_params.get(URL[key]) if key in URL else None
    st.session_state[key] = wanted if wanted in options else default


def _to_url(key: str) -> None:
    value = st.session_state.get(key)
    if value is not None and st.query_params.get(URL[key]) != value:
        st.query_params[URL[key]] = value


def _default_measure(ind: registry.Indicator) -> str:
    options = maps.measures_for(ind)
    return "taux" if "taux" in options else options[-1] if ind.part_of else options[0]


def select_indicator(label: str, key: str, options: list[str], territory: str) -> str:
    inds = registry.indicators()
    _from_url(key, options, DEFAULT_INDICATOR if DEFAULT_INDICATOR in options else options[0])
    return st.selectbox(label, options, key=key,
                        format_func=lambda i: maps.option_label(inds[i], territory))


def select_measure(ind: registry.Indicator) -> str:
    options = maps.measures_for(ind)
    _from_url(MEASURE_KEY, options, _default_measure(ind))
    if len(options) == 1:
        st.session_state[MEASURE_KEY] = options[0]
        return options[0]
    return st.radio(texts.MAP_MEASURE_LABEL, options, key=MEASURE_KEY, horizontal=True,
                    format_func=texts.MAP_MEASURES.get)


# -- one map ------------------------------------------------------------------------------
class MapView:
    """The values of one map and what its figure needs."""

    def __init__(self, cat, scope_territory: str, year: int, ind: registry.Indicator,
                 measure: str, covered: set[str] | None):
        self.ind, self.measure, self.year = ind, measure, year
        self.spec = maps.spec_for(ind, measure, scope_territory)
        raw = table(cat, scope_territory, year, maps.needed_ids(ind, measure))
        self.frame, ref = maps.map_values(raw, ind, measure, populations=_populations(),
                                          covered=covered)
        self.reference = ref
        allowed = access.allowed_communes()
        if allowed is not None:  # an account limited to some communes: the others in grey
            outside = ~self.frame["code_insee"].isin(allowed)
            self.frame.loc[outside, "value"] = float("nan")
            self.frame.loc[outside, "secret"] = False
        self.period = period_label(cat, scope_territory, year, ind)

    @property
    def values(self) -> pd.Series:
        return self.frame["value"]

    def has_values(self) -> bool:
        return bool(self.values.notna().any() or self.frame["secret"].any())


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
        st.info(texts.MAP_NO_BOUNDARIES.format(territory=label), icon=":material/map:")
        return ""
    examples = ", ".join(f"{territories.commune_name(c)} ({c})" for c in missing[:3]) + (
        ", …" if len(missing) > 3 else "")
    return texts.MAP_SOME_BOUNDARIES_MISSING.format(n=fmt.fmt_int(len(missing)),
                                                    examples=examples)


def figure(view: MapView, breaks: list[float], ref_name: str, *, qpv: bool,
           outline: list[str] | None, outline_name: str, size: tuple[int, int],
           show_secret: bool, show_missing: bool, uirevision: str):
    ref_text = (fmt.SECRET if view.reference["secret"]
                else view.spec.text(view.reference["value"]))
    return maps.build_figure(
        view.frame, view.spec, breaks,
        reference=maps.Reference(ref_name, ref_text), qpv=qpv,
        outline_codes=outline, outline_name=outline_name,
        width_px=size[0], height_px=size[1],
        legend_title=view.spec.title, period=view.period, context=outline is None,
        show_secret=show_secret, show_missing=show_missing, uirevision=uirevision,
    )


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


def summary(view: MapView, ref_name: str) -> str:
    known = view.frame.dropna(subset=["value"])
    parts = []
    if not known.empty:
        top = known.loc[known["value"].idxmax()]
        bottom = known.loc[known["value"].idxmin()]
        ref_text = (fmt.SECRET if view.reference["secret"]
                    else view.spec.text(view.reference["value"]))
        parts.append(texts.MAP_SUMMARY.format(
            n=len(known), top=top["commune"], top_value=view.spec.text(top["value"]),
            bottom=bottom["commune"], bottom_value=view.spec.text(bottom["value"]),
            reference=ref_name, reference_value=ref_text))
    n_secret = int(view.frame["secret"].sum())
    if n_secret:
        parts.append(texts.MAP_SUMMARY_SECRET.format(n=n_secret))
    return " ".join(parts)


def data_table(view: MapView, breaks: list[float]) -> pd.DataFrame:
    labels = maps.legend_labels(breaks, view.spec)
    cls = classify.classify(view.values, breaks, view.spec.digits)
    rows = []
    allowed = access.allowed_communes()
    for (_, r), c in zip(view.frame.iterrows(), cls, strict=True):
        if allowed is not None and r["code_insee"] not in allowed:
            continue
        if r["secret"]:
            value, klass = fmt.SECRET, maps.SECRET_LABEL
        elif c < 0:
            value, klass = fmt.MISSING, maps.MISSING_LABEL
        else:
            value, klass = view.spec.text(r["value"]), labels[c]
        rows.append({texts.MAP_COL_COMMUNE: r["commune"], texts.MAP_COL_CODE: r["code_insee"],
                     texts.MAP_COL_VALUE: value, texts.MAP_COL_CLASS: klass})
    return pd.DataFrame(rows)


# -- « Ma commune » -----------------------------------------------------------------------
def open_commune(code: str, year: int) -> None:
    """Switch to « Ma commune » for this commune; when that page is not registered (the
    map run on its own), keep the commune in the URL and say so."""
    names = boundaries.commune_names()
    name = names.get(code, code)
    territory = territory_of(code)
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


def _pick_changed() -> None:
    st.session_state[PENDING_KEY] = True


def commune_picker(options: list[str], click: str | None, year: int) -> None:
    """Selectbox synced with the map: a click on the map selects the commune here."""
    names = boundaries.commune_names()
    new_click = click if click != st.session_state.get(LAST_CLICK_KEY) else None
    st.session_state[LAST_CLICK_KEY] = click
    if new_click in options:
        st.session_state[COMMUNE_KEY] = new_click
    elif st.session_state.get(COMMUNE_KEY) not in options:
        st.session_state[COMMUNE_KEY] = None
    st.selectbox(texts.MAP_COMMUNE_LABEL, options, key=COMMUNE_KEY, index=None,
                 placeholder=texts.MAP_COMMUNE_PLACEHOLDER, on_change=_pick_changed,
                 format_func=lambda c: names.get(c, c))
    if new_click and new_click in names:
        open_commune(new_click, year)
    elif st.session_state.pop(PENDING_KEY, False) and st.session_state.get(COMMUNE_KEY):
        open_commune(st.session_state[COMMUNE_KEY], year)


# -- the page -----------------------------------------------------------------------------
def _scope_changed() -> None:
    st.session_state[SCOPE_CHANGED_KEY] = True


def _keep_year_if_available(years: list[int]) -> None:
    """From the whole Nord back to a territory: a year it has no data for is dropped, so
    the year selector starts again from the territory's latest year."""
    year = st.session_state.get(state.YEAR_KEY)
    if year is not None and int(year) not in years:
        st.session_state.pop(state.YEAR_KEY, None)
        state.forget(state.YEAR_KEY)
        if state.YEAR_KEY in st.query_params:
            del st.query_params[state.YEAR_KEY]


def main() -> None:
    st.set_page_config(layout="wide")  # only the layout: app.py's title and icon stay
    title, intro = st.empty(), st.empty()  # the layer's, once it is read
    title.title(texts.MAP_TITLE, anchor=False)
    intro.caption(texts.MAP_INTRO)

    cat = state.catalog()
    if not cat.active():
        st.info(texts.EMPTY_STORE, icon=":material/upload_file:")
        return
    inds = registry.indicators()
    options = [i.id for i in maps.mappable()]

    c1, c0, c2, c3 = st.columns([3, 3, 2, 1], vertical_alignment="bottom")
    with c1:
        territory = state.select_territory()
    with c0:
        _from_url(LAYER_KEY, list(texts.MAP_LAYERS), "communes")
        layer = st.radio(texts.MAP_LAYER_LABEL, list(texts.MAP_LAYERS), key=LAYER_KEY,
                         horizontal=True, format_func=texts.MAP_LAYERS.get)
        _to_url(LAYER_KEY)
    if layer == "qpv":
        title.title(texts.MAP_QPV_TITLE, anchor=False)
        intro.caption(texts.MAP_QPV_INTRO)
        qpv_map(cat, territory, c3)
        return
    with c2:
        _from_url(SCOPE_KEY, list(texts.MAP_SCOPES), "territory")
        scope = st.radio(texts.MAP_SCOPE_LABEL, list(texts.MAP_SCOPES), key=SCOPE_KEY,
                         horizontal=True, format_func=lambda s: scope_label(s, territory),
                         on_change=_scope_changed)
        _to_url(SCOPE_KEY)
    # the whole Nord, or for a territory elsewhere its own département
    scope_territory = (territory if scope == "territory"
                       else territories.default_reference(territory))
    label = state.territory_label(territory)
    missing_note = boundaries_missing(context.territory_communes(scope_territory),
                                      label if scope == "territory"
                                      else reference.territory_labels()[scope_territory])
    if missing_note == "":
        return
    years = _years(cat, scope_territory, label)
    if not years:
        return
    if st.session_state.pop(SCOPE_CHANGED_KEY, False):
        _keep_year_if_available(years)
    with c3:
        year = state.select_year(years)

    c1, c2 = st.columns([3, 3], vertical_alignment="bottom")
    with c1:
        ind = inds[select_indicator(texts.MAP_INDICATOR_LABEL, INDICATOR_KEY, options,
                                    territory)]
        _to_url(INDICATOR_KEY)
    with c2:
        measure = select_measure(ind)
        _to_url(MEASURE_KEY)

    c1, c2, c3, c4 = st.columns([4, 2, 3, 3], vertical_alignment="bottom")
    with c1:
        method = st.radio(texts.MAP_METHOD_LABEL, list(texts.MAP_METHODS), key=METHOD_KEY,
                          horizontal=True, format_func=texts.MAP_METHODS.get,
                          help=texts.MAP_METHOD_HELP)
    with c2:
        k = st.select_slider(texts.MAP_CLASSES_LABEL, options=[3, 4, 5, 6, 7], value=5,
                             key=CLASSES_KEY)
    with c3:
        show_qpv = st.toggle(texts.MAP_QPV_LABEL, key=QPV_KEY)
    with c4:
        compare = st.toggle(texts.MAP_COMPARE_LABEL, key=COMPARE_KEY)

    second = None
    if compare:
        c1, c2 = st.columns([2, 4], vertical_alignment="bottom")
        with c1:
            what = st.radio(texts.MAP_COMPARE_WHAT, list(texts.MAP_COMPARE_OPTIONS),
                            key=COMPARE_WHAT_KEY, horizontal=True,
                            format_func=texts.MAP_COMPARE_OPTIONS.get)
        with c2:
            if what == "years":
                others = [y for y in years if y != year] or years
                if st.session_state.get(YEAR2_KEY) not in others:
                    st.session_state[YEAR2_KEY] = next((y for y in others if y < year),
                                                       others[0])
                second = ("year", st.selectbox(texts.MAP_YEAR2_LABEL, others, key=YEAR2_KEY))
            else:
                same = [i for i in options if i != ind.id and comparable(inds[i], ind, measure)]
                if same:
                    second = ("indicator", select_indicator(texts.MAP_INDICATOR2_LABEL,
                                                            INDICATOR2_KEY, same, territory))

    covered = None
    outline = None
    if scope == "nord":
        tc = reference.territory_communes()
        covered = set(tc.loc[tc["territory"].isin(list(territories.definitions())), "code_insee"])
        outline = context.territory_communes(territory)

    try:
        views = [MapView(cat, scope_territory, year, ind, measure, covered)]
        if second and second[0] == "year":
            views.append(MapView(cat, scope_territory, second[1], ind, measure, covered))
        elif second:
            views.append(MapView(cat, scope_territory, year, inds[second[1]], measure, covered))
    except state.QueryFailed as failure:
        st.error(failure.user_message, icon=":material/error:")
        return

    all_values = pd.concat([v.values for v in views])
    breaks = maps.class_breaks(all_values, views[0].spec, k, method)
    any_secret = any(v.frame["secret"].any() for v in views)
    any_missing = any((v.values.isna() & ~v.frame["secret"]).any() for v in views)
    size = DOUBLE if len(views) == 2 else SINGLE
    if scope == "nord":
        size = (size[0], size[1] + 140)
    outline_name = label if outline else ""
    uirevision = f"{scope_territory}:{len(views)}"

    for v in views:
        if not v.has_values():
            st.info(texts.MAP_NO_VALUE.format(period=v.period), icon=":material/info:")
    if len(views) == 2:
        st.caption(texts.MAP_SAME_CLASSES)
    columns = st.columns(len(views))
    click = None
    for n, (col, v) in enumerate(zip(columns, views, strict=True)):
        fig = figure(v, breaks, reference_name(scope, territory, v.ind), qpv=show_qpv,
                     outline=outline, outline_name=outline_name, size=size,
                     show_secret=any_secret, show_missing=any_missing,
                     uirevision=uirevision)
        with col:
            event = st.plotly_chart(
                fig, key=MAP_KEYS[n], on_select="rerun", selection_mode=("points",),
                config=PLOTLY_CONFIG, width="stretch",
                alt=texts.MAP_MAP_LABEL.format(title=v.spec.title, period=v.period),
            )
            click = clicked(event) or click
            st.caption(summary(v, reference_name(scope, territory, v.ind)))

    notes = []
    if any_secret:
        notes.append(texts.MAP_SECRET_NOTE.format(below=settings.SECRET_THRESHOLD - 1))
    if any_missing:
        notes.append(texts.MAP_MISSING_NOTE)
    if missing_note:
        notes.append(missing_note)
    if scope == "nord":
        notes.append(texts.MAP_NORD_NOTE.format(
            territories=", ".join(t["label"] for t in territories.definitions().values())))
    if show_qpv:
        notes.append(texts.MAP_QPV_NOTE)
        imported = len(layers.imported_codes("qpv"))
        if imported:
            notes.append(texts.MAP_QPV_IMPORTED_NOTE.format(n=fmt.fmt_int(imported)))
    if access.allowed_communes() is not None:
        notes.append(texts.MAP_RESTRICTED_NOTE)
    notes.append(texts.MAP_SOURCES)
    st.caption("  \n".join(notes))

    picker = (context.territory_communes(territory) if scope == "territory"
              else sorted(covered, key=lambda c: boundaries.commune_names().get(c, c)))
    names = boundaries.commune_names()
    picker = sorted(access.visible(picker), key=lambda c: names.get(c, c))
    commune_picker(picker, click, year)

    with st.expander(texts.DATA_EXPANDER, icon=":material/table:"):
        st.caption(texts.MAP_DATA_CAPTION)
        for v in views:
            if len(views) == 2:
                st.markdown(f"**{v.spec.title} · {v.period}**")
            st.dataframe(data_table(v, breaks), hide_index=True)


# -- the quartiers prioritaires coloured by an ONPV figure ---------------------------------
def qpv_table_rows(frame: pd.DataFrame, spec: maps.Spec, breaks: list[float]) -> pd.DataFrame:
    labels = maps.legend_labels(breaks, spec)
    cls = classify.classify(frame["value"], breaks, spec.digits)
    rows = []
    for (_, r), c in zip(frame.iterrows(), cls, strict=True):
        if r["secret"]:
            value, klass = fmt.SECRET, maps.SECRET_LABEL
        elif c < 0:
            value, klass = fmt.MISSING, maps.MISSING_LABEL
        else:
            value, klass = spec.text(r["value"]), labels[c]
        if not r["polygon"]:
            klass = maps.QPV_NO_POLYGON
        rows.append({texts.COL_QPV_NAME: r["qpv_name"], texts.COL_QPV_CODE: r["qpv_code"],
                     texts.QPV_COMMUNES: r["commune_names"], texts.MAP_COL_VALUE: value,
                     texts.MAP_COL_CLASS: klass})
    return pd.DataFrame(rows)


def _years(cat, territory: str, label: str) -> list[int]:
    """The years the territory has data for; none (said on the page) if the query failed."""
    try:
        years = state.available_years(cat, territory)
    except state.QueryFailed as failure:
        st.error(failure.user_message, icon=":material/error:")
        return []
    if not years:
        st.info(texts.MAP_NO_YEARS.format(territory=label), icon=":material/info:")
    return years


def qpv_map(cat, territory: str, year_column) -> None:
    """The quarters of the territory coloured by a figure of the ONPV files, over its
    communes, and their table."""
    label = state.territory_label(territory)
    years = _years(cat, territory, label)
    if not years:
        return
    with year_column:
        year = state.select_year(years)
    if boundaries_missing(context.territory_communes(territory), label) == "":
        return
    inds = {i.id: i for i in maps.qpv_mappable()}
    c1, c2, c3, c4 = st.columns([4, 2, 3, 2], vertical_alignment="bottom")
    with c1:
        _from_url(QPV_INDICATOR_KEY, list(inds), QPV_DEFAULT)
        ind = inds[st.selectbox(texts.MAP_INDICATOR_LABEL, list(inds), key=QPV_INDICATOR_KEY,
                                format_func=lambda i: maps.option_label(inds[i], territory))]
        _to_url(QPV_INDICATOR_KEY)
    with c2:
        measures = maps.qpv_measures_for(ind)
        _from_url(QPV_MEASURE_KEY, measures, measures[-1])
        measure = st.radio(texts.MAP_MEASURE_LABEL, measures, key=QPV_MEASURE_KEY,
                           horizontal=True, format_func=texts.MAP_MEASURES.get)
        _to_url(QPV_MEASURE_KEY)
    with c3:
        method = st.radio(texts.MAP_METHOD_LABEL, list(texts.MAP_METHODS), key=METHOD_KEY,
                          horizontal=True, format_func=texts.MAP_METHODS.get,
                          help=texts.MAP_METHOD_HELP)
    with c4:
        k = st.select_slider(texts.MAP_CLASSES_LABEL, options=[3, 4, 5, 6, 7], value=5,
                             key=CLASSES_KEY)
    try:
        data = state.dashboard(cat, "qpv_onpv_page", territory=territory, year=year,
                               communes=None)
    except state.QueryFailed as failure:
        st.error(failure.user_message, icon=":material/error:")
        return
    theme_year = data["demo_year"] if qpv.theme_of(ind) == "demo" else data["ipro_year"]
    if data["quartiers"]["qpv_code"].notna().sum() == 0:
        st.info(texts.QPV_NONE.format(place=label), icon=":material/info:")
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
    st.plotly_chart(fig, key=QPV_MAP_KEY, config=PLOTLY_CONFIG, width="stretch",
                    alt=texts.MAP_MAP_LABEL.format(title=spec.title, period=period))
    notes = []
    if frame["secret"].any():
        notes.append(texts.QPV_ONPV_SECRET)
    if (~frame["polygon"]).any():
        notes.append(texts.MAP_QPV_NO_POLYGON.format(quartiers=", ".join(
            frame.loc[~frame["polygon"], "qpv_name"])))
    if allowed is not None:
        notes.append(texts.MAP_RESTRICTED_NOTE)
    notes.append(texts.MAP_QPV_SOURCES)
    st.caption("  \n".join(notes))
    st.subheader(texts.MAP_QPV_TABLE_HEADER, anchor=False)
    shown = qpv_table_rows(frame[frame["qpv_code"].isin(
        set(tables.shown(data["quartiers"])["qpv_code"].dropna()))], spec, breaks)
    st.dataframe(shown, hide_index=True, key="carte_qpv_table",
                 column_config={texts.MAP_COL_VALUE: st.column_config.TextColumn(
                     alignment="right")})


def comparable(a: registry.Indicator, b: registry.Indicator, measure: str) -> bool:
    """Two indicators can share classes when the measure means the same unit for both."""
    if measure not in maps.measures_for(a):
        return False
    if measure == "valeur":
        return a.unit == b.unit and a.is_ratio == b.is_ratio
    return True


main()
