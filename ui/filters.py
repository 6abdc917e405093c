"""The filters every dashboard page shares: territory, communes, year, reference territory.

One call, `filter_bar()`, draws them in a row at the top of the page and returns a
`Filters`. They live in the URL (`?territory=mno&commune=59328&year=2025&ref=nord`) so a
view can be bookmarked, and in the session so they follow the user from page to page
(see `ui.state`). When there is nothing to show (empty store, territory without data) the
bar says so, points to the import page and returns None.
"""

from dataclasses import dataclass

import streamlit as st

from data import reference, territories
from data.reference import commune_names  # the pages' lookup too
from queries import masking
from queries.context import territory_communes
from ui import access, state
from wording import texts

REF_KEY = "ref"
NO_REFERENCE = "aucun"
DEFAULT_REFERENCE = "nord"
IMPORT_PAGE = "views/importer.py"


@dataclass(frozen=True)
class Filters:
    territory: str
    year: int
    years: tuple[int, ...]  # years with data for the territory, most recent first
    communes: tuple[str, ...]  # the communes chosen; empty = the whole territory
    all_communes: tuple[str, ...]  # every commune of the territory
    reference: str | None  # another territory to compare with, or None

    @property
    def scope(self) -> tuple[str, ...]:
        """The communes the page is about."""
        return self.communes or self.all_communes

    @property
    def has_year(self) -> bool:
        return self.year in self.years

    @property
    def territory_label(self) -> str:
        return state.territory_label(self.territory)

    @property
    def place(self) -> str:
        """What the page is about, in words: the territory or the chosen communes."""
        if not self.communes:
            return self.territory_label
        names = commune_names()
        if len(self.communes) <= 3:
            return ", ".join(names.get(c, c) for c in self.communes)
        return texts.N_COMMUNES.format(n=len(self.communes), territory=self.territory_label)

    @property
    def territory_short(self) -> str:
        """The territory's short name: "MNO"."""
        return territories.definitions()[self.territory].get("csv_code", self.territory)

    @property
    def short_place(self) -> str:
        """The place as a chart title names it: "MNO", "Lambersart"."""
        return self.place if self.communes else self.territory_short

    @property
    def reference_label(self) -> str:
        return reference.territory_labels().get(self.reference, "") if self.reference else ""

    def url_params(self, **extra) -> dict[str, str]:
        params = {"territory": self.territory, "year": str(self.year),
                  REF_KEY: self.reference or NO_REFERENCE}
        return {**params, **extra}


def territory_of(code: str) -> str | None:
    tc = reference.territory_communes()
    rows = tc[(tc["code_insee"] == code) & tc["territory"].isin(list(territories.definitions()))]
    return None if rows.empty else rows["territory"].iloc[0]


def masked() -> bool:
    """True when small counts must be hidden (statistical secret) for this viewer."""
    return masking.masks(state.audience())


def _url_communes() -> list[str]:
    return [c.strip() for c in st.query_params.get_all(state.COMMUNE_KEY) if c.strip()]


def _follow_commune_territory() -> None:
    """A link `?commune=59599` without a territory opens the commune's own territory."""
    wanted = _url_communes()
    if not wanted:
        return
    home = territory_of(wanted[0])
    current = st.query_params.get(state.TERRITORY_KEY)
    if home and current != home:
        st.session_state.pop(state.TERRITORY_KEY, None)
        st.query_params[state.TERRITORY_KEY] = home


def _select_communes(codes: list[str], single: bool) -> tuple[str, ...]:
    names = commune_names()
    options = sorted(access.visible(codes), key=lambda c: names.get(c, c))
    wanted = _url_communes() or (state.remembered("commune" if single else "communes") or [])
    wanted = [c for c in wanted if c in options]
    if single:
        index = options.index(wanted[0]) if wanted else 0
        choice = st.selectbox(texts.COMMUNE_LABEL, options, index=index, key="commune",
                              format_func=lambda c: names.get(c, c))
        chosen = [choice]
    else:
        chosen = st.multiselect(texts.COMMUNES_LABEL, options, default=wanted, key="communes",
                                format_func=lambda c: names.get(c, c),
                                placeholder=texts.COMMUNES_PLACEHOLDER)
    if _url_communes() != chosen:
        st.query_params[state.COMMUNE_KEY] = chosen
    state.remember("commune" if single else "communes", list(chosen))
    return tuple(c for c in options if c in chosen)


def _select_reference(territory: str) -> str | None:
    labels = reference.territory_labels()
    # the territory's own references (EPCI, département, région, France), then the others
    own = list(territories.reference_territories(territory))
    others = [t for t in territories.definitions() if t != territory]
    options = list(dict.fromkeys([*own, DEFAULT_REFERENCE, *others])) + [NO_REFERENCE]
    default = territories.default_reference(territory)
    wanted = st.query_params.get(REF_KEY) or state.remembered(REF_KEY) or default
    index = options.index(wanted) if wanted in options else options.index(default)
    choice = st.selectbox(texts.REFERENCE_LABEL, options, index=index, key=REF_KEY,
                          format_func=lambda t: labels.get(t, texts.NO_REFERENCE_LABEL),
                          help=texts.REFERENCE_HELP)
    if st.query_params.get(REF_KEY) != choice:
        st.query_params[REF_KEY] = choice
    state.remember(REF_KEY, choice)
    return None if choice == NO_REFERENCE else choice


def territory_and_year(cat, territory_column, year_column) -> tuple[str, list[int], int] | None:
    """The territory chosen in `territory_column`, its years with data and the year chosen
    in `year_column`; None (and a French message) when it has no year or they cannot be
    read. The opening of the pages without a commune selection."""
    with territory_column:
        territory = state.select_territory()
    try:
        years = state.available_years(cat, territory)
    except state.QueryFailed as failure:
        st.error(failure.user_message, icon=":material/error:")
        return None
    if not years:
        st.info(texts.NO_YEARS.format(territory=state.territory_label(territory)),
                icon=":material/info:")
        return None
    with year_column:
        year = state.select_year(years)
    return territory, years, year


# On a phone Streamlit stacks the bar's four columns: four labelled boxes filled its
# first screen before any figure. Below 640 px they go two by two instead, the territory
# and the year first, then the communes and the reference; the labels a little closer.
FILTER_BAR_KEY = "filter_bar"
FILTER_BAR_CSS = """<style>
@media (max-width: 640px) {
  .st-key-filter_bar [data-testid="stHorizontalBlock"] {flex-wrap: wrap !important;
    row-gap: 0.4rem !important; column-gap: 0.5rem !important}
  .st-key-filter_bar [data-testid="stColumn"] {min-width: 0 !important;
    width: auto !important; flex: 1 1 calc(50% - 0.5rem) !important}
  .st-key-filter_bar [data-testid="stColumn"]:nth-child(1) {order: 1;
    flex-basis: calc(64% - 0.5rem) !important}
  .st-key-filter_bar [data-testid="stColumn"]:nth-child(3) {order: 2;
    flex-basis: calc(36% - 0.5rem) !important}
  .st-key-filter_bar [data-testid="stColumn"]:nth-child(2) {order: 3}
  .st-key-filter_bar [data-testid="stColumn"]:nth-child(4) {order: 4}
  .st-key-filter_bar [data-testid="stWidgetLabel"] {margin-bottom: 0 !important;
    min-height: 0 !important}
}
</style>"""


def filter_bar(*, single_commune: bool = False, compares: bool = True) -> Filters | None:
    """Territory, commune(s), year and reference territory, in a row (two by two on a
    phone, `FILTER_BAR_CSS`); None if no data. Without `compares` (a page that shows no
    reference), no reference box: the choice made elsewhere stays for the other pages."""
    cat = state.catalog()
    if not cat.active():
        empty_store()
        return None
    if single_commune:
        _follow_commune_territory()
    st.html(FILTER_BAR_CSS)
    with st.container(key=FILTER_BAR_KEY):
        return _filter_row(cat, single_commune, compares)


def _filter_row(cat, single_commune: bool, compares: bool = True) -> Filters | None:
    cols = st.columns([3, 4, 1.6, 3], vertical_alignment="bottom")
    with cols[0]:
        territory = state.select_territory()
    try:
        years = state.available_years(cat, territory)
    except state.QueryFailed as failure:
        st.error(failure.user_message, icon=":material/error:")
        return None
    if not years:
        st.info(texts.NO_YEARS.format(territory=state.territory_label(territory)),
                icon=":material/info:")
        import_link()
        return None
    codes = territory_communes(territory)
    if not access.visible(codes):
        st.info(texts.NO_VISIBLE_COMMUNE.format(territory=state.territory_label(territory)),
                icon=":material/info:")
        return None
    with cols[1]:
        communes = _select_communes(codes, single_commune)
    with cols[2]:
        year = state.select_year(years)
    ref = None
    if compares:
        with cols[3]:
            ref = _select_reference(territory)
    return Filters(territory, year, tuple(years), communes, tuple(codes), ref)


def empty_store() -> None:
    st.info(texts.EMPTY_STORE_DASHBOARD, icon=":material/upload_file:")
    import_link()


def import_link() -> None:
    """A link to the import page, for the viewers whose navigation holds it."""
    try:
        st.page_link(IMPORT_PAGE, label=texts.IMPORT_LINK, icon="📥")
    except Exception:  # not registered for this role (managers only), or a page run alone
        pass


def no_data(f: Filters, what: str) -> None:
    """The page has nothing for these filters: say so, and where to import it."""
    if not f.has_year:
        message = texts.NO_DATA_FOR_YEAR.format(
            territory=f.territory_label, year=f.year, years=", ".join(str(y) for y in f.years))
    else:
        message = texts.NO_DASHBOARD_DATA.format(what=what, place=f.place, year=f.year)
    st.info(message, icon=":material/info:")
    import_link()


def viewer_notice() -> None:
    """Under the filters: who sees what (secret legend, or confidential figures)."""
    st.caption(texts.SECRET_NOTICE if masked() else texts.CONFIDENTIAL_NOTICE)
