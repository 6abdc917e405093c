"""Quartiers prioritaires: the QPV of the territory, and how many people each programme
follows there, commune by commune."""

import pandas as pd
import streamlit as st

from queries import masking
from ui import charts, filters, panels, state, tables, texts
from ui.charts import PALETTE, Series
from ui.guard import through_app
from ui.tables import Column

through_app()


def main() -> None:
    st.title(texts.QPV_TITLE, anchor=False)
    st.caption(texts.QPV_INTRO)
    f = filters.filter_bar()
    if f is None:
        return
    filters.viewer_notice()
    if not f.has_year:
        filters.no_data(f, texts.QPV_WHAT)
        return
    try:
        data = state.dashboard(state.catalog(), "qpv_page", territory=f.territory,
                               communes=f.scope, year=f.year, reference=f.reference)
    except state.QueryFailed as failure:
        st.error(failure.user_message, icon=":material/error:")
        return
    masked = filters.masked()

    st.subheader(texts.QPV_LIST_HEADER, anchor=False)
    qpv = data["qpv"]
    if qpv.empty:
        st.info(texts.QPV_NONE.format(place=f.place), icon=":material/info:")
    else:
        table = pd.DataFrame({
            texts.COL_COMMUNE: tables.links(qpv, f),
            texts.COL_QPV_CODE: qpv["qpv_code"], texts.COL_QPV_NAME: qpv["qpv_name"]})
        st.dataframe(table, hide_index=True, height=panels.table_height(len(table), 40),
                     column_config={texts.COL_COMMUNE: st.column_config.LinkColumn(
                         texts.COL_COMMUNE, display_text=r"#(.+)$")}, key="qpv_list")
        st.caption(texts.QPV_LIST_CAPTION)

    summary = data["summary"]
    if summary["personnes"].isna().all():
        filters.no_data(f, texts.QPV_WHAT)
        return
    st.subheader(texts.QPV_SHARES_HEADER, anchor=False)
    summary = summary.assign(label=summary["population"].map(texts.QPV_POPULATIONS))
    series = [Series("share", f.short_place)]
    if f.reference:
        series.append(Series("ref_share", f.reference_label, PALETTE[3]))
    charts.show(charts.bar_chart(
        summary, category="label", category_label=texts.COL_POPULATION, unit="%",
        series=series,
        extra=[Series("personnes_qpv", texts.QPV_RESIDENTS, unit="personnes"),
               Series("personnes", texts.QPV_ALL, unit="personnes")],
        title=texts.QPV_SHARES_TITLE,
        subtitle=texts.YEAR_PLACE_SOURCE.format(year=f.year, place=f.short_place,
                                                source=texts.SOURCE_QPV),
        definitions=charts.define(f.territory, "qpv_residence", *summary["population"]),
        confidential=not masked), key="qpv_shares")
    st.info(texts.QPV_JOB_SEEKERS, icon=":material/info:")

    st.subheader(texts.QPV_COMMUNES_HEADER, anchor=False)
    populations = [p for p in summary["population"] if p in data["by_commune"]]
    for tab, pop in zip(st.tabs([texts.QPV_POPULATIONS[p] for p in populations]), populations,
                        strict=True):
        with tab:
            shown = tables.shown(data["by_commune"][pop])
            tables.show_commune_table(shown, [
                Column("personnes", texts.QPV_ALL), Column("personnes_qpv", texts.QPV_RESIDENTS),
                Column("share", texts.QPV_SHARE, "%"),
            ], f, masked=masked, key=f"qpv_{pop}",
                caption=texts.QPV_TABLE_CAPTION.format(population=texts.QPV_POPULATIONS[pop],
                                                       year=f.year))
            quartiers = data["quartiers"]
            quartiers = quartiers[quartiers["population"] == pop]
            if not quartiers.empty:
                hidden = masking.hidden(quartiers, "personnes")
                st.dataframe(pd.DataFrame({
                    texts.COL_QPV_NAME: quartiers["qpv_name"].fillna(texts.QPV_UNKNOWN),
                    texts.COL_QPV_CODE: quartiers["qpv_code"],
                    texts.COL_COMMUNE: tables.links(quartiers, f),
                    texts.QPV_RESIDENTS: [charts.fmt(v, "personnes", h) for v, h in
                                          zip(quartiers["personnes"], hidden, strict=True)],
                }), hide_index=True, key=f"qpv_quartiers_{pop}", column_config={
                    texts.COL_COMMUNE: st.column_config.LinkColumn(
                        texts.COL_COMMUNE, display_text=r"#(.+)$"),
                    texts.QPV_RESIDENTS: st.column_config.TextColumn(alignment="right")})
                st.caption(texts.QPV_QUARTIERS_CAPTION)


main()
