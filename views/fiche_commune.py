"""Fiche commune: a commune's figures beside its territory's, to print or to download.

The page previews the printable A4 sheet (`exports.fiche`) and offers it, with the
commune's workbook (`exports.excel`), as downloads: the same figures, the same secret
rule for the viewer's role as the other pages. Only the communes the account may see
(`ui.access`) are offered, and the workbook's per-commune rows are limited to them.
"""

import logging

import streamlit as st

from exports import fiche
from queries.context import territory_communes
from ui import access, downloads, filters, state
from ui.filters import commune_names
from wording import texts

log = logging.getLogger(__name__)
COMMUNE_KEY = "commune"  # the selectbox (reset by ui.state when the territory changes)
PREVIEW_HEIGHT = 1180  # px: one A4 sheet at screen size


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
    chosen = filters.territory_and_year(cat, left, middle)
    if chosen is None:
        return
    territory, years, year = chosen
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

    viewer = state.audience()
    key = downloads.key(cat, territory, year)
    try:
        page = downloads.fiche_html(*key, viewer, commune)
    except Exception:  # the log has the details; the page says it simply
        log.exception("Fiche commune %s %s %s failed", territory, year, commune)
        st.error(texts.LOAD_ERROR, icon=":material/error:")
        return
    files = {"territory": territory, "year": year, "viewer": viewer, "commune": commune,
             "width": "stretch"}
    html_col, xlsx_col, _ = st.columns([2, 2, 3])
    with html_col:
        downloads.button(texts.FICHE_DOWNLOAD_HTML, lambda: page,
                         file_name=fiche.fiche_file_name(commune, year, "html"),
                         mime=downloads.HTML_MIME, what="fiche", icon=":material/print:", **files)
    with xlsx_col:
        downloads.button(texts.FICHE_DOWNLOAD_XLSX,
                         lambda: downloads.workbook(*key, viewer, commune),
                         file_name=fiche.fiche_file_name(commune, year, "xlsx"),
                         mime=downloads.XLSX_MIME, what="classeur", icon=":material/table:",
                         **files)
    st.subheader(texts.FICHE_PREVIEW, anchor=False)
    # The fiche is our own HTML (every value escaped); it has its own styles, so it is
    # shown in a frame rather than mixed with the page's.
    st.iframe(page, height=PREVIEW_HEIGHT)


main()
