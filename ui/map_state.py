"""The map page's state: its widgets' keys and their values kept in the URL, its caches,
the values of one map (`MapView`), and what a click or a change of scope leaves in the
session. The page (`views/carte.py`) draws; the figures are `geo.maps`'s."""

import pandas as pd
import streamlit as st

from data import reference, territories
from geo import maps
from queries import registry
from ui import access, state
from wording import format as fmt
from wording import texts

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


# -- widgets kept in the URL -------------------------------------------------------------
def from_url(key: str, options: list[str], default: str) -> None:
    """Initialise a widget's state from the URL (or default) when unset or invalid."""
    if st.session_state.get(key) in options:
        return
    wanted = st.query_params.get(URL[key]) if key in URL else None
    st.session_state[key] = wanted if wanted in options else default


def to_url(key: str) -> None:
    value = st.session_state.get(key)
    if value is not None and st.query_params.get(URL[key]) != value:
        st.query_params[URL[key]] = value


# -- cached data ----------------------------------------------------------------------
@st.cache_resource(show_spinner=False)
def populations() -> dict[str, float]:
    return maps.populations_by_commune()


def table(cat, territory: str, year: int, ids: list[str]) -> pd.DataFrame:
    """The map's per-commune table, protected by the statistical secret for the viewer."""
    return state.dashboard(cat, "map_page", territory=territory, year=year,
                           ids=tuple(sorted(set(ids))))["by_commune"]


def period_label(cat, territory: str, year: int, ind: registry.Indicator) -> str:
    if ind.period == "population":
        return texts.MAP_POPULATION_PERIOD
    if ind.period == "month":
        month = state.latest_job_seeker_month(cat, territory, year)
        if month is not None:
            return fmt.fmt_month(month)
    return str(year)


def covered_communes() -> set[str]:
    """Every commune of a defined territory (the whole-Nord map colours only those)."""
    tc = reference.territory_communes()
    return set(tc.loc[tc["territory"].isin(list(territories.definitions())), "code_insee"])


# -- one map ------------------------------------------------------------------------------
class MapView:
    """The values of one map and what its figure needs."""

    def __init__(self, cat, scope_territory: str, year: int, ind: registry.Indicator,
                 measure: str, covered: set[str] | None):
        self.ind, self.measure, self.year = ind, measure, year
        self.spec = maps.spec_for(ind, measure, scope_territory)
        raw = table(cat, scope_territory, year, maps.needed_ids(ind, measure))
        self.frame, ref = maps.map_values(raw, ind, measure, populations=populations(),
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

    @property
    def reference_text(self) -> str:
        return maps.reference_text(self.spec, self.reference)


# -- clicks and the scope -----------------------------------------------------------------
def new_click(click: str | None) -> str | None:
    """The clicked location if it differs from the last run's (a selection stays in the
    chart's state across reruns: only a new one opens a commune)."""
    new = click if click != st.session_state.get(LAST_CLICK_KEY) else None
    st.session_state[LAST_CLICK_KEY] = click
    return new


def pick_changed() -> None:
    st.session_state[PENDING_KEY] = True


def picked() -> str | None:
    """The commune chosen in the selector since the last run, if any."""
    if st.session_state.pop(PENDING_KEY, False):
        return st.session_state.get(COMMUNE_KEY) or None
    return None


def scope_changed() -> None:
    st.session_state[SCOPE_CHANGED_KEY] = True


def after_scope_change(years: list[int]) -> None:
    """From the whole Nord back to a territory: a year it has no data for is dropped, so
    the year selector starts again from the territory's latest year."""
    if not st.session_state.pop(SCOPE_CHANGED_KEY, False):
        return
    year = st.session_state.get(state.YEAR_KEY)
    if year is not None and int(year) not in years:
        st.session_state.pop(state.YEAR_KEY, None)
        state.forget(state.YEAR_KEY)
        if state.YEAR_KEY in st.query_params:
            del st.query_params[state.YEAR_KEY]
