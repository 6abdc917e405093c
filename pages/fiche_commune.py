"""Fiche commune: a commune's figures beside its territory's, to print or to download.

The page previews the printable A4 sheet (`exports.fiche`) and offers it, with the
commune's workbook (`exports.excel`), as downloads: the same figures, the same secret
rule for the viewer's role as the other pages. Only the communes the account may see
(`ui.access`) are offered, and the workbook's per-commune rows are limited to them.
"""

import logging

import streamlit as st

import settings
from data.catalog import Catalog
from exports import excel, fiche
from queries.figures import territory_communes
from ui import access, state, texts
from ui.filters import commune_names, role
from ui.guard import through_app

through_app()

log = logging.getLogger(__name__)
COMMUNE_KEY = "commune"  # the selectbox (reset by ui.state when the territory changes)
PREVIEW_HEIGHT = 1180  # px: one A4 sheet at screen size


def _catalog_key(cat: Catalog) -> str:
    last = cat.imports[-1].created_at if cat.imports else ""
    return f"{cat.version}:{len(cat.imports)}:{last}"


@st.cache_data(max_entries=settings.CACHE_MAX_ENTRIES, ttl=state.CACHE_TTL, show_spinner=False)
def _fiche_html(data_dir: str, version: str, territory: str, year: int, commune: str,
                viewer: str, communes: tuple[str, ...] | None) -> str:
    store = state.get_store()
    con = store.connection()
    try:
        return fiche.build_fiche_html(con, territory, year, commune, viewer,
                                      sources=store.catalog().imports, communes=communes)
    finally:
        con.close()


@st.cache_data(max_entries=settings.CACHE_MAX_ENTRIES, ttl=state.CACHE_TTL, show_spinner=False)
def _fiche_xlsx(data_dir: str, version: str, territory: str, year: int, commune: str,
                viewer: str, communes: tuple[str, ...] | None) -> bytes:
    store = state.get_store()
    con = store.connection()
    try:
        return excel.build_workbook(con, territory, year, commune, viewer,
                                    sources=store.catalog().imports, communes=communes)
    finally:
        con.close()


def _select_commune(codes: list[str]) -> str:
    """One commune, kept like Ma commune's: `?commune=` in the URL, a list in the session."""
    names = commune_names()
    codes = sorted(codes, key=lambda c: names.get(c, c))
    wanted = [c.strip() for c in st.query_params.get_all(COMMUNE_KEY)] or (
        state.remembered(COMMUNE_KEY) or [])
    wanted = [c for c in wanted if c in codes]
    choice = st.selectbox(texts.FICHE_COMMUNE_LABEL, codes,
                          index=codes.index(wanted[0]) if wanted else 0, key=COMMUNE_KEY,
                          format_func=lambda c: names.get(c, c))
    if st.query_params.get_all(COMMUNE_KEY) != [choice]:
        st.query_params[COMMUNE_KEY] = [choice]
    state.remember(COMMUNE_KEY, [choice])
    return choice


def main() -> None:
    st.title(texts.FICHE_PAGE_TITLE, anchor=False)
    st.caption(texts.FICHE_PAGE_INTRO)
    cat = state.catalog()
    if not cat.active():
        st.info(texts.EMPTY_STORE, icon=":material/info:")
        return
    left, middle, right = st.columns([3, 1, 3], vertical_alignment="bottom")
    with left:
        territory = state.select_territory()
    years = state.available_years(cat, territory)
    if not years:
        st.info(texts.NO_YEARS.format(territory=state.territory_label(territory)),
                icon=":material/info:")
        return
    with middle:
        year = state.select_year(years)
    codes = access.visible(territory_communes(territory))
    if not codes:
        st.info(texts.NO_VISIBLE_COMMUNE.format(territory=state.territory_label(territory)),
                icon=":material/info:")
        return
    with right:
        commune = _select_commune(codes)
    if year not in years:
        st.info(texts.NO_DATA_FOR_YEAR.format(territory=state.territory_label(territory),
                                              year=year, years=", ".join(map(str, years))),
                icon=":material/info:")
        return

    allowed = access.allowed_communes()
    communes = None if allowed is None else tuple(sorted(allowed))
    key = (str(settings.data_dir()), _catalog_key(cat), territory, year, commune, role(),
           communes)
    try:
        page = _fiche_html(*key)
    except Exception:  # the log has the details; the page says it simply
        log.exception("Fiche commune %s %s %s failed", territory, year, commune)
        st.error(texts.LOAD_ERROR, icon=":material/error:")
        return
    html_col, xlsx_col, _ = st.columns([2, 2, 3])
    html_col.download_button(
        texts.FICHE_DOWNLOAD_HTML, data=page.encode("utf-8"),
        file_name=fiche.fiche_file_name(commune, year, "html"), mime="text/html",
        on_click="ignore", icon=":material/print:", width="stretch")
    xlsx_col.download_button(
        texts.FICHE_DOWNLOAD_XLSX, data=lambda: _fiche_xlsx(*key),
        file_name=fiche.fiche_file_name(commune, year, "xlsx"),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore", icon=":material/table:", width="stretch")
    st.subheader(texts.FICHE_PREVIEW, anchor=False)
    # The fiche is our own HTML (every value escaped); it has its own styles, so it is
    # shown in a frame rather than mixed with the page's.
    st.iframe(page, height=PREVIEW_HEIGHT)


main()
