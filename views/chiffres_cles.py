"""Chiffres clés: the year's headline figures of a territory, as tiles grouped by family,
and the territory's workbook (`exports.excel`) for whoever presents them."""

import streamlit as st

from exports import excel
from ui import downloads, filters, sections, state, tiles
from ui import narrative as summary
from wording import texts


def _download(cat, territory: str, year: int) -> None:
    viewer = state.audience()
    key = downloads.key(cat, territory, year)
    downloads.button(texts.KEY_FIGURES_DOWNLOAD_XLSX, lambda: downloads.workbook(*key, viewer),
                     file_name=excel.workbook_file_name(territory, year),
                     mime=downloads.XLSX_MIME, what="classeur", territory=territory, year=year,
                     viewer=viewer, icon=":material/table:")


def main() -> None:
    tiles.inject_css()
    st.title(texts.KEY_FIGURES_TITLE, anchor=False)
    st.caption(texts.KEY_FIGURES_INTRO)

    cat = state.catalog()
    if not cat.active():
        st.info(texts.EMPTY_STORE, icon=":material/upload_file:")
        return

    left, right, download = st.columns([3, 1, 4], vertical_alignment="bottom")
    chosen = filters.territory_and_year(cat, left, right)
    if chosen is None:
        return
    territory, years, year = chosen
    label = state.territory_label(territory)
    try:
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
    summary.territory(cat, territory, year, frame)
    if note := sections.partial_month_note(state.partial_job_seeker_month(cat, territory, year)):
        st.info(note, icon=":material/info:")  # a later month fewer communes cover
    if note := sections.job_seekers_cover_sentence(state.job_seekers_cover(cat, territory, year)):
        st.info(note, icon=":material/info:")  # the files give only some of its communes
    if note := sections.secret_cells_sentence(state.secret_cells_of_year(cat, territory, year)):
        st.caption(note)  # the job seekers' total lacks the cells under the producer's secret
    tiles.render_families(frame)
    if "secret" in frame and frame["secret"].any():
        st.caption(texts.SECRET_LEGEND)
    with st.expander(texts.DATA_EXPANDER, icon=":material/table:"):
        st.caption(texts.DATA_CAPTION)
        st.dataframe(
            tiles.data_table(frame), hide_index=True, column_config=tiles.table_columns()
        )


main()
