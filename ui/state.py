"""Shared state of the app: the store, cached queries, and the filters kept in the URL.

Query results are cached per (data directory, catalogue version, parameters): a new
import or a rollback changes the catalogue version, so nobody sees stale figures, and
the TTL only frees memory. Caches hold small aggregates, never raw tables.
Filters live in `st.query_params` (`?territory=mno&year=2025`) so a view can be
bookmarked or sent by e-mail, and are remembered in the session: Streamlit drops the query
string when the navigation changes page, and the next page starts from them.
"""

import functools
import logging

import pandas as pd
import streamlit as st

import settings
from data import layers
from data import territories as territory_defs
from data.catalog import DEMO_USER, Catalog
from data.store import Store
from queries import context, dashboards, masking, prepare, series
from ui import access
from wording import texts

log = logging.getLogger(__name__)

# Cached results expire after an hour: correctness comes from the catalogue version in
# the key, the TTL only bounds how long an unused entry stays in memory.
CACHE_TTL = "1h"


class QueryFailed(Exception):
    """A query could not be answered; `user_message` is French, for the page to show.

    A refusal of the query module (`context.ScopeError`) keeps its own message; any
    other error shows `texts.LOAD_ERROR` and the log keeps the details.
    """

    def __init__(self, user_message: str):
        super().__init__(user_message)
        self.user_message = user_message


# -- store --------------------------------------------------------------------------
@st.cache_resource(show_spinner=False)
def _store_for(data_dir: str) -> Store:
    store = Store(data_dir)
    if settings.PREPARE_REFERENCES:
        store.on_new_version = functools.partial(prepare.prepare_in_background,
                                                 store.connection)
    return store


def get_store() -> Store:
    """The store of the configured data directory, one per process (thread-safe)."""
    return _store_for(str(settings.data_dir()))


def catalog() -> Catalog:
    """The catalogue of imports, read afresh (a small JSON file) on every run."""
    return get_store().catalog()


def version(cat: Catalog) -> str:
    """Changes with every import or rollback: the part of cache keys that keeps them fresh."""
    # The version alone could repeat if a data directory were recreated from scratch.
    last = cat.imports[-1].created_at if cat.imports else ""
    # territories defined or changed, boundaries imported: other communes, other maps
    return (f"{cat.version}:{len(cat.imports)}:{last}:{territory_defs.stamp()}:"
            f"{layers.stamp()}")


def run_query(query, *args):
    """`query(con, *args)` on a fresh cursor of the store; a failure becomes `QueryFailed`
    with a French message (details in the server log). What every cached reader calls."""
    con = get_store().connection()
    try:
        return query(con, *args)
    except context.ScopeError as exc:
        raise QueryFailed(str(exc)) from exc
    except Exception as exc:
        log.exception("Query %s%r failed", getattr(query, "__name__", query), args)
        raise QueryFailed(texts.LOAD_ERROR) from exc
    finally:
        con.close()


# -- cached queries -----------------------------------------------------------------
@st.cache_data(max_entries=settings.CACHE_MAX_ENTRIES, ttl=CACHE_TTL, show_spinner=False)
def _available_years(data_dir: str, version: str, territory: str) -> list[int]:
    return [int(y) for y in run_query(context.available_years, territory)]


@st.cache_data(max_entries=settings.CACHE_MAX_ENTRIES, ttl=CACHE_TTL, show_spinner=False)
def _key_figures(
    data_dir: str, version: str, territory: str, year: int, commune: str | None, audience: str
) -> pd.DataFrame:
    return run_query(functools.partial(masking.key_figures, audience=audience), territory, year,
                commune)


def audience() -> str:
    """The viewer's audience for the statistical secret (`queries.masking`): officials'
    when the session says nothing, the most restricted one for an unknown role."""
    return masking.audience_of(st.session_state.get("role", "elu"))


def available_years(cat: Catalog, territory: str) -> list[int]:
    """Years with data for the territory, most recent first."""
    return _available_years(str(settings.data_dir()), version(cat), territory)


def key_figures(cat: Catalog, territory: str, year: int, commune: str | None = None):
    """The key figures of a territory (or one of its communes) for a year, as the session's
    audience may see them: masked by the statistical secret unless the user is a manager."""
    return _key_figures(str(settings.data_dir()), version(cat), territory, year, commune,
                        audience())


@st.cache_data(max_entries=settings.CACHE_MAX_ENTRIES, ttl=CACHE_TTL, show_spinner=False)
def _latest_job_seeker_month(data_dir: str, version: str, territory: str, year: int):
    return run_query(context.latest_job_seeker_month, context.territory_communes(territory), year)


def latest_job_seeker_month(cat: Catalog, territory: str, year: int):
    """The last month of the year with job-seeker figures for the territory's communes, or
    None (the period a map of a monthly stock describes)."""
    return _latest_job_seeker_month(str(settings.data_dir()), version(cat), territory, year)


@st.cache_data(max_entries=settings.CACHE_MAX_ENTRIES, ttl=CACHE_TTL, show_spinner=False)
def _partial_job_seeker_month(data_dir: str, version: str, territory: str, year: int):
    return run_query(series.partial_job_seeker_month, context.territory_communes(territory),
                     year)


def partial_job_seeker_month(cat: Catalog, territory: str, year: int) -> dict | None:
    """A month of the year after the job-seeker figures' month with rows for fewer of the
    territory's communes (`queries.series.partial_job_seeker_month`), or None."""
    return _partial_job_seeker_month(str(settings.data_dir()), version(cat), territory, year)


@st.cache_data(max_entries=settings.CACHE_MAX_ENTRIES, ttl=CACHE_TTL, show_spinner=False)
def _secret_cells_of_year(data_dir: str, version: str, territory: str, year: int):
    return run_query(series.secret_cells_of_year, context.territory_communes(territory), year)


def secret_cells_of_year(cat: Catalog, territory: str, year: int) -> dict | None:
    """The job-seeker cells under the producer's secret behind the year's figures
    (`queries.series.secret_cells_of_year`): {"month", "n"}, or None. A count of cells,
    never of persons: the same for every audience."""
    return _secret_cells_of_year(str(settings.data_dir()), version(cat), territory, year)


@st.cache_data(max_entries=settings.CACHE_MAX_ENTRIES, ttl=CACHE_TTL, show_spinner=False)
def _job_seekers_cover(data_dir: str, version: str, territory: str, year: int):
    return run_query(series.job_seekers_cover, context.territory_communes(territory), year)


def job_seekers_cover(cat: Catalog, territory: str, year: int) -> dict | None:
    """How many of the territory's communes the year's job-seeker files give, when not all
    (`queries.series.job_seekers_cover`): {"month", "covered", "of"}, or None."""
    return _job_seekers_cover(str(settings.data_dir()), version(cat), territory, year)


@st.cache_data(max_entries=settings.CACHE_MAX_ENTRIES, ttl=CACHE_TTL, show_spinner=False)
def _dashboard(data_dir: str, version: str, name: str, params: tuple) -> dict:
    return run_query(functools.partial(getattr(dashboards, name), **dict(params)))


def dashboard(cat: Catalog, name: str, **params) -> dict:
    """What a dashboard page shows: `queries.dashboards.<name>(con, **params)`, cached, for
    the session's audience (its frames already protected by the statistical secret).

    Parameters must be hashable (communes as a tuple).
    """
    params["audience"] = audience()
    return _dashboard(str(settings.data_dir()), version(cat), name,
                      tuple(sorted(params.items())))


# -- filters kept in the URL ----------------------------------------------------------
TERRITORY_KEY = "territory"
YEAR_KEY = "year"
COMMUNE_KEY = "commune"  # in the URL: one `commune=` per chosen commune
COMMUNE_WIDGETS = ("communes", "commune")  # the multiselect and Ma commune's selectbox
REMEMBERED_KEY = "_tbe_filters"  # filters remembered across pages: {name: value}


def remembered(name: str):
    return st.session_state.get(REMEMBERED_KEY, {}).get(name)


def remember(name: str, value) -> None:
    st.session_state.setdefault(REMEMBERED_KEY, {})[name] = value


def forget(name: str) -> None:
    st.session_state.get(REMEMBERED_KEY, {}).pop(name, None)


def _param(name: str) -> str | None:
    """The filter's value in the URL, else the one remembered from another page."""
    value = st.query_params.get(name)
    if not isinstance(value, str):
        value = remembered(name)
    return value.strip() if isinstance(value, str) else None


def _forget_year() -> None:
    # A new territory has other years and other communes: start again from its latest
    # year and from the whole territory.
    for name in (YEAR_KEY, *COMMUNE_WIDGETS):
        st.session_state.pop(name, None)
    for name in (YEAR_KEY, COMMUNE_KEY, *COMMUNE_WIDGETS):
        forget(name)
        if name in st.query_params:
            del st.query_params[name]


def territories() -> list[str]:
    """The territories the viewer may choose: all of them, or, for an account limited to
    some communes, those holding at least one of its communes."""
    keys = list(territory_defs.definitions())
    if access.allowed_communes() is None:
        return keys
    return [k for k in keys if access.visible(context.territory_communes(k))] or keys


def _default_territory(keys: list[str]) -> int:
    """The territory a visit that names none opens on: that of the latest active real
    import (not the demo's), else the first. An élu of a PLIE outside the Nord does not
    land on the built-in MNO, which has no data, told to import files."""
    real = [r for r in catalog().active() if r.territory in keys and r.user != DEMO_USER]
    latest = max(real, key=lambda r: r.id, default=None)
    return keys.index(latest.territory) if latest else 0


def select_territory() -> str:
    """Territory selector, initialised from `?territory=` and written back to the URL."""
    keys = territories()
    wanted = _param(TERRITORY_KEY)
    index = keys.index(wanted) if wanted in keys else _default_territory(keys)
    choice = st.selectbox(
        texts.TERRITORY_LABEL,
        keys,
        index=index,
        format_func=lambda key: territory_defs.definitions()[key]["label"],
        key=TERRITORY_KEY,
        on_change=_forget_year,
    )
    if st.query_params.get(TERRITORY_KEY) != choice:
        st.query_params[TERRITORY_KEY] = choice
    remember(TERRITORY_KEY, choice)
    return choice


def select_year(years: list[int]) -> int:
    """Year selector over `years` (most recent first), initialised from `?year=`.

    A year asked for in the URL but absent from the data stays selectable, so the page
    can say that it has no data instead of silently showing another year.
    """
    wanted = _param(YEAR_KEY)
    requested = int(wanted) if wanted and wanted.isdigit() and len(wanted) == 4 else None
    options = sorted(set(years) | ({requested} if requested else set()), reverse=True)
    index = options.index(requested) if requested in options else options.index(years[0])
    choice = st.selectbox(texts.YEAR_LABEL, options, index=index, key=YEAR_KEY)
    if st.query_params.get(YEAR_KEY) != str(choice):
        st.query_params[YEAR_KEY] = str(choice)
    remember(YEAR_KEY, str(choice))
    return int(choice)


territory_label = territory_defs.territory_label  # the pages' name for it
