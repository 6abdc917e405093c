"""Chiffres clés: the year's headline figures of a territory, as tiles grouped by family,
and the territory's workbook (`exports.excel`) for whoever presents them."""

import streamlit as st

import settings
from data.catalog import Catalog
from exports import excel
from ui import access, state, texts, tiles
from ui.filters import role
from ui.guard import through_app

through_app()

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _catalog_key(cat: Catalog) -> str:
    # Changes with every import or rollback (as the keys of ui.state's caches).
    last = cat.imports[-1].created_at if cat.imports else ""
    return f"{cat.version}:{len(cat.imports)}:{last}"


@st.cache_data(max_entries=settings.CACHE_MAX_ENTRIES, ttl=state.CACHE_TTL, show_spinner=False)
def _workbook(data_dir: str, version: str, territory: str, year: int, viewer: str,
              communes: tuple[str, ...] | None) -> bytes:
    """The territory's workbook as `viewer` may see it, per-commune rows limited to
    `communes` (None: all)."""
    store = state.get_store()
    con = store.connection()
    try:
        return excel.build_workbook(con, territory, year, None, viewer,
                                    sources=store.catalog().imports, communes=communes)
    finally:
        con.close()


def _download(cat: Catalog, territory: str, year: int) -> None:
    allowed = access.allowed_communes()
    key = (str(settings.data_dir()), _catalog_key(cat), territory, year, role(),
           None if allowed is None else tuple(sorted(allowed)))
    # Built only when clicked: the callable runs on the download request.
    st.download_button(
        texts.KEY_FIGURES_DOWNLOAD_XLSX, data=lambda: _workbook(*key),
        file_name=excel.workbook_file_name(territory, year), mime=XLSX_MIME,
        on_click="ignore", icon=":material/table:")


def main() -> None:
    tiles.inject_css()
    st.title(texts.KEY_FIGURES_TITLE, anchor=False)
    st.caption(texts.KEY_FIGURES_INTRO)

    cat = state.catalog()
    if not cat.active():
        st.info(texts.EMPTY_STORE, icon=":material/upload_file:")
        return

    left, right, download = st.columns([3, 1, 4], vertical_alignment="bottom")
    with left:
        territory = state.select_territory()
    label = state.territory_label(territory)
    try:
        years = state.available_years(cat, territory)
        if not years:
            st.info(texts.NO_YEARS.format(territory=label), icon=":material/info:")
            return
        with right:
            year = state.select_year(years)
        # A year asked for in the URL may have no data: say so rather than show "—".
        frame = state.key_figures(cat, territory, year) if year in years else None
    except state.QueryFailed as failure:
        st.error(failure.user_message, icon=":material/error:")
        return

    if frame is None or frame.empty or frame["value"].isna().all():
        st.info(
            texts.NO_DATA_FOR_YEAR.format(
                territory=label, year=year, years=", ".join(str(y) for y in years)
            ),
            icon=":material/info:",
        )
        return

    with download:
        _download(cat, territory, year)
    tiles.render_families(frame)
    if "secret" in frame and frame["secret"].any():
        st.caption(texts.SECRET_LEGEND)
    with st.expander(texts.DATA_EXPANDER, icon=":material/table:"):
        st.caption(texts.DATA_CAPTION)
        st.dataframe(
            tiles.data_table(frame), hide_index=True, column_config=tiles.table_columns()
        )


main()
