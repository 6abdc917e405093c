"""Assemblée générale: the year's key figures as a 16:9 slide show, and its PowerPoint.

One figure or one chart per slide (`exports.deck`, the same sequence as the .pptx);
← / → (native button shortcuts) or the buttons move between slides; « Présenter » hides
everything but the slide and asks the browser for full screen (a few inline lines of
script; nothing is fetched from anywhere). An AG is public, so the statistical secret
always applies here (role "elu"), whoever is looking, to the PowerPoint and to the
territory's workbook (`exports.excel`) offered beside it; charts by commune and the
workbook's per-commune rows show only the communes the account may see (`ui.access`).
"""

import logging

import streamlit as st

from exports import deck as ag
from exports import excel, slides
from ui import downloads, filters, state
from wording import texts

ROLE = "elu"  # public meeting: figures as an official may see them
SLIDE_KEY = "ag_slide"
SLIDE_PARAM = "slide"  # 1-based, in the URL so a slide can be bookmarked
PRESENT_KEY = "ag_present"
PRESENT_PARAM = "present"
SHOWN_KEY = "ag_shown"  # (territory, year) of the slide index kept in the session

log = logging.getLogger(__name__)

st.set_page_config(layout="wide")


def _index(count: int) -> int:
    wanted = st.query_params.get(SLIDE_PARAM)
    if SLIDE_KEY not in st.session_state and isinstance(wanted, str) and wanted.isdigit():
        st.session_state[SLIDE_KEY] = int(wanted) - 1
    index = max(0, min(count - 1, int(st.session_state.get(SLIDE_KEY, 0))))
    st.session_state[SLIDE_KEY] = index
    if st.query_params.get(SLIDE_PARAM) != str(index + 1):
        st.query_params[SLIDE_PARAM] = str(index + 1)
    return index


def _go(count: int, *, step: int = 0, to: int | None = None) -> None:
    index = st.session_state.get(SLIDE_KEY, 0) + step if to is None else to
    st.session_state[SLIDE_KEY] = max(0, min(count - 1, index))


def _present(on: bool) -> None:
    st.session_state[PRESENT_KEY] = on
    if on:
        st.query_params[PRESENT_PARAM] = "1"
    elif PRESENT_PARAM in st.query_params:
        del st.query_params[PRESENT_PARAM]


def _navigation(count: int, index: int, presenting: bool) -> None:
    cols = st.columns([1.2, 1.2, 1, 1, 1.2, 1.2] if presenting else [1.6, 1.6, 0.9, 0.9, 3.5],
                      vertical_alignment="center")
    cols[0].button(texts.AG_PREVIOUS, key="ag_previous", icon=":material/arrow_back:",
                   shortcut="Left", on_click=_go, args=(count,), kwargs={"step": -1},
                   disabled=index == 0, width="stretch")
    cols[1].button(texts.AG_NEXT, key="ag_next", icon=":material/arrow_forward:",
                   shortcut="Right", on_click=_go, args=(count,), kwargs={"step": 1},
                   disabled=index == count - 1, width="stretch")
    cols[2].button(texts.AG_FIRST, key="ag_first", shortcut="Home", on_click=_go,
                   args=(count,), kwargs={"to": 0}, type="tertiary")
    cols[3].button(texts.AG_LAST, key="ag_last", shortcut="End", on_click=_go,
                   args=(count,), kwargs={"to": count - 1}, type="tertiary")
    if presenting:
        cols[4].markdown(texts.AG_COUNTER.format(index=index + 1, count=count))
        cols[5].button(texts.AG_EXIT, key="ag_exit", shortcut="Esc", on_click=_present,
                       args=(False,), width="stretch")
    else:
        cols[4].caption(texts.AG_KEYS_HELP)


def _buttons(deck, key: tuple, territory: str, year: int, columns) -> None:
    """The PowerPoint and the workbook to download, and « Présenter »."""
    right, sheet, present = columns
    files = {"territory": territory, "year": year, "viewer": ROLE, "width": "stretch"}
    with right:
        downloads.button(texts.AG_DOWNLOAD, lambda: downloads.pptx(deck),
                         file_name=slides.deck_file_name(territory, year),
                         mime=downloads.PPTX_MIME, what="presentation",
                         icon=":material/download:", **files)
    with sheet:
        downloads.button(texts.AG_DOWNLOAD_XLSX, lambda: downloads.workbook(*key, ROLE),
                         file_name=excel.workbook_file_name(territory, year),
                         mime=downloads.XLSX_MIME, what="classeur", icon=":material/table:",
                         **files)
    with present:
        st.button(texts.AG_PRESENT, key="ag_present_button", icon=":material/slideshow:",
                  type="primary", on_click=_present, args=(True,), width="stretch")


def main() -> None:
    cat = state.catalog()
    presenting = bool(st.session_state.get(PRESENT_KEY, st.query_params.get(PRESENT_PARAM) == "1"))
    st.session_state[PRESENT_KEY] = presenting
    if not presenting:
        st.title(texts.AG_TITLE, anchor=False)
        st.caption(texts.AG_INTRO)
    if not cat.active():
        st.info(texts.EMPTY_STORE, icon=":material/info:")
        return

    # The filters stay drawn (hidden while presenting): they keep the URL and the session.
    with st.container(key="ag_controls"):
        left, middle, right, sheet, present = st.columns([2.6, 1, 2.2, 2.2, 1.2],
                                                         vertical_alignment="bottom")
        chosen = filters.territory_and_year(cat, left, middle)
        if chosen is None:
            return
        territory, years, year = chosen
    if year not in years:
        st.info(texts.AG_NO_DATA.format(territory=state.territory_label(territory), year=year),
                icon=":material/info:")
        return

    key = downloads.key(cat, territory, year)
    try:
        deck = downloads.deck(*key, ROLE)
    except Exception:  # the log has the details; the page says it simply
        log.exception("Assemblée générale %s %s failed", territory, year)
        st.error(texts.LOAD_ERROR, icon=":material/error:")
        return
    count = len(deck.slides)
    if st.session_state.get(SHOWN_KEY) != (territory, year):
        if SHOWN_KEY in st.session_state:
            st.session_state[SLIDE_KEY] = 0  # another territory or year: from the start
        st.session_state[SHOWN_KEY] = (territory, year)
    index = _index(count)

    _buttons(deck, key, territory, year, (right, sheet, present))

    # Styles and slide in one element: a rerun never shows the slide without its styles.
    st.html(ag.SLIDE_CSS + (PRESENT_CSS if presenting else PAGE_CSS)
            + f'<div class="ag-frame">{ag.slide_html(deck, index)}</div>' + FULL_SCREEN_JS,
            unsafe_allow_javascript=True)
    _navigation(count, index, presenting)


# The slide is as large as the window allows while keeping 16:9 (room left for the
# buttons); in presentation mode Streamlit's header, sidebar and margins are hidden.
PAGE_CSS = """<style>
.ag-frame{width:100%;max-width:calc((100vh - 30rem) * 16 / 9);min-width:22rem;margin:0 auto}
</style>"""
PRESENT_CSS = """<style>
.ag-frame{width:100%;max-width:calc((100vh - 4.5rem) * 16 / 9);margin:0 auto}
header[data-testid="stHeader"],[data-testid="stSidebar"],[data-testid="stSidebarCollapsedControl"],
[data-testid="stToolbar"],[data-testid="stDecoration"],[data-testid="stAlert"],
[data-testid="stCaptionContainer"],.st-key-ag_controls{display:none}
[data-testid="stMainBlockContainer"],.block-container{padding:.6rem 1rem 0 1rem;max-width:none}
[data-testid="stMain"] [data-testid="stVerticalBlock"]{gap:.4rem}
.stApp{background:#f3f5f8}
</style>"""

# « Présenter » also asks the browser for full screen (it needs the click itself, so it is
# done here rather than in Python); leaving the presentation leaves full screen. Inline,
# registered once per browser tab, nothing loaded from anywhere.
FULL_SCREEN_JS = """<script>
if (!window.__tbeAgFullScreen) {
  window.__tbeAgFullScreen = true;
  document.addEventListener("click", (event) => {
    const root = document.documentElement;
    if (event.target.closest(".st-key-ag_present_button") && root.requestFullscreen
        && !document.fullscreenElement) {
      root.requestFullscreen().catch(() => {});
    } else if (event.target.closest(".st-key-ag_exit") && document.fullscreenElement) {
      document.exitFullscreen().catch(() => {});
    }
  }, true);
}
</script>"""


main()
