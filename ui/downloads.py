"""What the pages offer to download: the builders of `exports/`, cached, and the button.

Every file is built for the viewer: their role (statistical secret or not) and the
communes their account may see (`ui.access`) are in the cache key. A button builds its
file only when clicked (Streamlit calls `data` on the download request) and each download
is written to the audit log, with who, what and for which territory.
"""

from collections.abc import Callable

import streamlit as st

import settings
from data import audit
from exports import deck as ag
from exports import excel, fiche, slides
from ui import access, state

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
HTML_MIME = "text/html"


def key(cat, territory: str, year: int) -> tuple:
    """(data dir, catalogue version, territory, year, the viewer's communes): the part of
    every builder's cache key that does not depend on the file."""
    allowed = access.allowed_communes()
    return (str(settings.data_dir()), state.version(cat), territory, year,
            None if allowed is None else tuple(sorted(allowed)))


def _with_connection(build):
    store = state.get_store()
    con = store.connection()
    try:
        return build(con, store.catalog().imports)
    finally:
        con.close()


@st.cache_data(max_entries=settings.CACHE_MAX_ENTRIES, ttl=state.CACHE_TTL, show_spinner=False)
def workbook(data_dir: str, version: str, territory: str, year: int,
             communes: tuple[str, ...] | None, viewer: str, commune: str | None = None) -> bytes:
    """The workbook of the territory (or of one commune) as `viewer` may see it."""
    return _with_connection(lambda con, sources: excel.build_workbook(
        con, territory, year, commune, viewer, sources=sources, communes=communes))


@st.cache_data(max_entries=settings.CACHE_MAX_ENTRIES, ttl=state.CACHE_TTL, show_spinner=False)
def fiche_html(data_dir: str, version: str, territory: str, year: int,
               communes: tuple[str, ...] | None, viewer: str, commune: str) -> str:
    """The printable A4 fiche of a commune."""
    return _with_connection(lambda con, sources: fiche.build_fiche_html(
        con, territory, year, commune, viewer, sources=sources, communes=communes))


@st.cache_data(max_entries=settings.CACHE_MAX_ENTRIES, ttl=state.CACHE_TTL, show_spinner=False)
def deck(data_dir: str, version: str, territory: str, year: int,
         communes: tuple[str, ...] | None, viewer: str) -> ag.Deck:
    """The slides of the year (shown by the AG page, rendered as .pptx on download)."""
    return _with_connection(lambda con, sources: ag.build(
        con, territory, year, viewer, sources=sources, communes=communes))


def pptx(deck_: ag.Deck) -> bytes:
    return slides.render(deck_)


def button(label: str, build: Callable[[], bytes | str], *, file_name: str, mime: str,
           what: str, territory: str, year: int, viewer: str, commune: str | None = None,
           icon: str | None = None, width: str = "content") -> None:
    """A download button that builds its file on click and records the download."""
    user = st.session_state.get("auth", {}).get("name") or "démonstration"
    data_dir = settings.data_dir()

    def data():
        content = build()
        audit.record("export", user, data_dir, what=what, file=file_name, territory=territory,
                     year=year, commune=commune, role=viewer)
        return content.encode("utf-8") if isinstance(content, str) else content

    st.download_button(label, data=data, file_name=file_name, mime=mime, on_click="ignore",
                       icon=icon, width=width)
