"""Carte: a commune indicator as an offline choropleth, with the QPV 2024, side-by-side
comparison (two years or two indicators, same classes), and a click through to the
commune's « Ma commune » page.

Person counts arrive masked for officials (`queries.dashboards.map_page`, for the
session's audience), as in tables and exports. The map itself is built by
`geo.maps` (MapLibre `white-bg` style: nothing is fetched from the internet); the page's
pieces are `ui.map_page`'s, its widget keys, caches and session state `ui.map_state`'s.
This script only runs them (Streamlit compiles a page's script again at each run of
`AppTest`: the pieces live in a module, imported once).
"""

import sys
from pathlib import Path

# `streamlit run views/carte.py` (the page on its own) puts views/ on the path, not the
# repository root: add it, so the page also runs without app.py.
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402
import streamlit as st  # noqa: E402

from data import reference, territories  # noqa: E402
from geo import boundaries, maps  # noqa: E402
from queries import context  # noqa: E402
from ui import map_page as page  # noqa: E402
from ui import map_state as ms  # noqa: E402
from ui import state  # noqa: E402
from wording import texts  # noqa: E402


@st.cache_resource(max_entries=16, show_spinner=False)
def shared_figure(key: str, _build):
    """The figure `_build()` returns, built once per `key` (`maps.figure_key`: everything
    the figure draws, so never another audience's or another version's) and shared
    read-only by reruns and sessions: st.plotly_chart only reads it (`to_dict` copies)."""
    return _build()


def main() -> None:
    st.set_page_config(layout="wide")  # only the layout: app.py's title and icon stay
    title, intro = st.empty(), st.empty()  # the layer's, once it is read
    title.title(texts.MAP_TITLE, anchor=False)
    intro.caption(texts.MAP_INTRO)
    cat = state.catalog()
    if not cat.active():
        st.info(texts.EMPTY_STORE, icon=":material/upload_file:")
        return
    c1, c0, c2, c3 = st.columns([3, 3, 2, 1], vertical_alignment="bottom")
    with c1:
        territory = state.select_territory()
    with c0:
        layer = page.url_radio(texts.MAP_LAYER_LABEL, ms.LAYER_KEY, texts.MAP_LAYERS,
                               "communes", format_func=texts.MAP_LAYERS.get)
    if layer == "qpv":
        title.title(texts.MAP_QPV_TITLE, anchor=False)
        intro.caption(texts.MAP_QPV_INTRO)
        page.qpv_map(cat, territory, c3)
        return
    scope_labels = {s: page.scope_label(s, territory) for s in texts.MAP_SCOPES}
    with c2:
        scope = page.url_radio(texts.MAP_SCOPE_LABEL, ms.SCOPE_KEY, texts.MAP_SCOPES,
                               "territory", format_func=scope_labels.get,
                               on_change=ms.scope_changed)
    # the whole Nord, or for a territory elsewhere its own département
    scope_territory = (territory if scope == "territory"
                       else territories.default_reference(territory))
    label = state.territory_label(territory)
    missing_note = page.boundaries_missing(context.territory_communes(scope_territory),
                                           label if scope == "territory"
                                           else reference.territory_labels()[scope_territory])
    if missing_note == "" or not (years := page.data_years(cat, scope_territory, label)):
        return
    ms.after_scope_change(years)
    with c3:
        year = state.select_year(years)
    choice = page.choices(territory, years, year)
    covered = ms.covered_communes() if scope == "nord" else None
    outline = context.territory_communes(territory) if scope == "nord" else None
    try:
        views = page.map_views(cat, scope_territory, year, choice, covered)
    except state.QueryFailed as failure:
        st.error(failure.user_message, icon=":material/error:")
        return
    breaks = maps.class_breaks(pd.concat([v.values for v in views]), views[0].spec,
                               choice.k, choice.method)
    click = page.draw_maps(views, breaks, choice, scope, territory, outline,
                           uirevision=f"{scope_territory}:{len(views)}", figure=shared_figure)
    st.caption(page.notes(views, choice, scope, missing_note))
    names = boundaries.commune_names()
    page.commune_picker(context.territory_communes(territory) if scope == "territory"
                        else sorted(covered, key=lambda c: names.get(c, c)), click, year)
    page.data_expander(views, breaks)


main()
