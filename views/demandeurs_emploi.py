"""Demandeurs d'emploi: categories A and A, B, C by month, by commune, profile, evolution."""

import datetime as dt

import pandas as pd
import streamlit as st

from queries import masking
from ui import charts, filters, panels, state, tables, texts
from ui.charts import PALETTE, Marker, Series
from ui.format import MISSING, fmt_month
from ui.panels import Metric

LPE_START = dt.date(2025, 1, 1)
DIMENSIONS = ("age_band", "sex", "duration_band", "category")


def main() -> None:
    st.title(texts.DE_TITLE, anchor=False)
    st.caption(texts.DE_INTRO)
    f = filters.filter_bar()
    if f is None:
        return
    filters.viewer_notice()
    if not f.has_year:
        filters.no_data(f, texts.DE_WHAT)
        return
    try:
        data = state.dashboard(state.catalog(), "job_seekers_page", territory=f.territory,
                               communes=f.scope, year=f.year, reference=f.reference)
    except state.QueryFailed as failure:
        st.error(failure.user_message, icon=":material/error:")
        return
    if data["month"] is None:
        filters.no_data(f, texts.DE_WHAT)
        return
    masked = filters.masked()
    month, prev = data["month"], data["prev_month"]
    table = data["table"]
    lpe = prev < LPE_START <= month
    when = fmt_month(month)
    shown_cell = charts.cell_of(table)
    has_abc = not pd.isna(table.at["de_abc", "value"])

    def cell(row, column, unit):
        """A figure the imported files do not detail (A when only A, B, C together) says so."""
        text = shown_cell(row, column, unit)
        return texts.NOT_IN_FILE if text == MISSING and has_abc else text

    st.caption(texts.DE_METRICS_CAPTION.format(month=when, prev=fmt_month(prev)))
    panels.metrics([
        Metric(texts.DE_ABC, cell("de_abc", "value", "personnes"), table.at["de_abc", "evol"]),
        Metric(texts.DE_A, cell("de_a", "value", "personnes"), table.at["de_a", "evol"]),
        Metric(texts.DE_PER_1000, cell("de_abc", "measure", charts.PER_1000),
               note=texts.REFERENCE_VALUE.format(
                   reference=f.reference_label,
                   value=cell("de_abc", "ref_measure", charts.PER_1000))
               if f.reference else None),
        Metric(texts.DE_LONG, cell("de_abc_longue_duree", "measure", "%"), note=texts.OF_ABC),
    ])
    if lpe:
        st.info(f"**{texts.LPE_NOTE_TITLE}** {texts.LPE_NOTE}", icon=":material/info:")

    st.subheader(texts.DE_SERIES_HEADER, anchor=False)
    monthly = data["monthly"]
    if monthly["de_a"].isna().all() and not masking.hidden(monthly, "de_a").any():
        st.caption(texts.NOT_IN_FILE_NOTE.format(when=when, what=texts.NOT_IN_FILE_WHAT["category"]))
    charts.show(charts.line_chart(
        monthly, x="month", unit="personnes", lpe=True,
        series=[Series("de_abc", texts.SERIES_ABC, PALETTE[0]),
                Series("de_abc_tendance", texts.SERIES_ABC_TREND, PALETTE[0], dash=True),
                Series("de_a", texts.SERIES_A, PALETTE[1]),
                Series("de_a_tendance", texts.SERIES_A_TREND, PALETTE[1], dash=True)],
        title=texts.DE_SERIES_TITLE.format(place=f.short_place),
        subtitle=texts.PERIOD_UNIT_MONTHS.format(start=fmt_month(monthly["month"].iloc[0]),
                                                 end=when, unit=texts.UNIT_PERSONS),
        definitions=charts.define(f.territory, "de_abc", "de_a", "tendance_12_mois"),
        confidential=not masked), key="de_series")

    st.subheader(texts.DE_COMMUNES_HEADER, anchor=False)
    shown = tables.shown(data["by_commune"])
    markers = [Marker(table.at["de_abc", "measure"], f.short_place)]
    if f.reference:
        markers.append(Marker(table.at["de_abc", "ref_measure"], f.reference_label,
                              PALETTE[3], "dot"))
    charts.show(charts.bar_chart(
        shown, category="commune", links=tables.links(shown, f), total_row=True,
        category_label=texts.COL_COMMUNE, unit=charts.PER_1000,
        series=[Series("de_abc_pour_1000", texts.DE_PER_1000)], markers=markers,
        extra=[Series("de_abc", texts.SERIES_ABC, unit="personnes"),
               Series("de_a", texts.SERIES_A, unit="personnes")],
        title=texts.DE_COMMUNES_TITLE.format(place=f.short_place),
        subtitle=texts.AT_MONTH_UNIT.format(month=when, unit=texts.UNIT_PER_1000),
        definitions=charts.define(f.territory, "de_abc", "pour_1000", "reference_coverage"),
        confidential=not masked), key="de_communes")
    if f.reference:
        st.caption(texts.REFERENCE_COVERAGE.format(
            reference=f.reference_label, covered=table.at["de_abc", "ref_covered"],
            communes=table.at["de_abc", "ref_communes"]))

    st.subheader(texts.DE_PROFILE_HEADER, anchor=False)
    breakdown = data["breakdown"]
    grid = st.columns(2)
    for n, dim in enumerate(DIMENSIONS):
        labels = texts.MODALITIES[dim]
        part = breakdown[breakdown["dimension"] == dim].copy()
        part["label"] = part["modality"].map(labels).fillna(part["modality"])
        part = part.sort_values("modality", key=lambda m: m.map(list(labels).index))
        if part["de_abc"].isna().all() and not masking.hidden(part, "de_abc").any():
            with grid[n % 2]:
                st.markdown(f"**{texts.DE_PROFILE_TITLE.format(dimension=texts.DIMENSIONS[dim])}**")
                st.info(texts.NOT_IN_FILE_NOTE.format(when=when, what=texts.NOT_IN_FILE_WHAT[dim]),
                        icon=":material/info:")
            continue
        series = [Series("share", f.short_place)]
        if f.reference:
            series.append(Series("ref_share", f.reference_label, PALETTE[3]))
        with grid[n % 2]:
            charts.show(charts.bar_chart(
                part, category="label", category_label=texts.DIMENSIONS[dim], unit="%",
                series=series,
                extra=[Series("de_abc", texts.SERIES_ABC, unit="personnes")],
                title=texts.DE_PROFILE_TITLE.format(dimension=texts.DIMENSIONS[dim]),
                subtitle=texts.DE_PROFILE_SUBTITLE.format(month=when, place=f.short_place),
                definitions=charts.define(f.territory, "de_abc"), height=300,
                confidential=not masked), key=f"de_profile_{dim}")

    st.subheader(texts.DE_EVOLUTION_HEADER, anchor=False)
    markers = [Marker(table.at["de_abc", "evol"], f.short_place)]
    if f.reference:
        markers.append(Marker(table.at["de_abc", "ref_evol"], f.reference_label,
                              PALETTE[3], "dot"))
    notes = [texts.LPE_CAPTION] if lpe else []
    charts.show(charts.bar_chart(
        shown, category="commune", links=tables.links(shown, f), total_row=True,
        category_label=texts.COL_COMMUNE, unit=charts.EVOLUTION,
        series=[Series("de_abc_evol", texts.SERIES_ABC), Series("de_a_evol", texts.SERIES_A)],
        markers=markers, notes=notes,
        extra=[Series("de_abc_prev", texts.DE_ABC_AT.format(month=fmt_month(prev)),
                      unit="personnes"),
               Series("de_abc", texts.DE_ABC_AT.format(month=when), unit="personnes")],
        title=texts.DE_EVOLUTION_TITLE.format(place=f.short_place),
        subtitle=texts.EVOLUTION_SUBTITLE.format(start=fmt_month(prev), end=when),
        definitions=charts.define(f.territory, "evolution", "de_abc", "de_a"),
        confidential=not masked), key="de_evolution")


main()
