"""The opening every dashboard page shares, in one call.

`open_dashboard` draws the title and its introduction, the filter bar, the viewer's notice
(secret legend or confidential figures), checks that the year has data, asks the page's
dashboard (`state.dashboard`, cached, for the session's audience) and says in French when
the query failed or found nothing. It returns what the page then draws from — the filters,
the data and whether small counts are masked — or None when the page has nothing more to
draw.
"""

import dataclasses
import functools
from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from ui import filters, state
from ui.filters import Filters

Loader = Callable[[Filters], dict]


@dataclass(frozen=True)
class ReadFilters(Filters):
    """The filters of one run of a page, their names read once: each is a lookup of the
    territories' definitions, and a page names its place in most titles."""

    territory_label = functools.cached_property(Filters.territory_label.fget)
    place = functools.cached_property(Filters.place.fget)
    territory_short = functools.cached_property(Filters.territory_short.fget)
    short_place = functools.cached_property(Filters.short_place.fget)
    reference_label = functools.cached_property(Filters.reference_label.fget)

    @classmethod
    def of(cls, f: Filters) -> "ReadFilters":
        return cls(**{field.name: getattr(f, field.name) for field in dataclasses.fields(f)})


@dataclass(frozen=True)
class Opened:
    f: Filters
    data: dict
    masked: bool  # small counts hidden for this viewer (statistical secret)


def by_scope(name: str) -> Loader:
    """The usual call: `queries.dashboards.<name>` for the chosen communes, the year and
    the reference territory."""
    def load(f: Filters) -> dict:
        return state.dashboard(state.catalog(), name, territory=f.territory, communes=f.scope,
                               year=f.year, reference=f.reference)
    return load


def has_data(data: dict) -> bool:
    return bool(data["has_data"])


def open_dashboard(title: str, intro: str | None, what: str, load: str | Loader, *,
                   found: Callable[[dict], bool] | None = has_data,
                   single_commune: bool = False, compares: bool = True,
                   retitle: Callable[[Filters], str] | None = None) -> Opened | None:
    """The page's common opening; None when there is nothing more to draw.

    `load` is a dashboard's name (`by_scope`) or a function of the filters; `found` says
    whether the data has anything to show (None: the page says it itself); `what` names
    the data in the « no data » message; `retitle` gives the title once the filters are
    read (Ma commune: the commune's name); without `compares`, the page shows no reference
    territory and offers none.
    """
    heading = st.empty() if retitle else st
    heading.title(title, anchor=False)
    if intro:
        st.caption(intro)
    f = filters.filter_bar(single_commune=single_commune, compares=compares)
    if f is None:
        return None
    f = ReadFilters.of(f)
    if retitle:
        heading.title(retitle(f), anchor=False)
    filters.viewer_notice()
    if not f.has_year:
        filters.no_data(f, what)
        return None
    try:
        data = (by_scope(load) if isinstance(load, str) else load)(f)
    except state.QueryFailed as failure:
        st.error(failure.user_message, icon=":material/error:")
        return None
    if found is not None and not found(data):
        filters.no_data(f, what)
        return None
    return Opened(f, data, filters.masked())
