"""Demandeurs d'emploi: categories A and A, B, C by month, by commune, profile, evolution."""

import datetime as dt

import pandas as pd
import streamlit as st

from queries import masking
from ui import charts, panels, scaffold, sections, tables
from ui.charts import PALETTE, Series
from ui.panels import Metric
from wording import texts
from wording.format import MISSING, fmt_int, fmt_month

LPE_START = dt.date(2025, 1, 1)
DIMENSIONS = ("age_band", "sex", "duration_band", "category")


def main() -> None:
    page = scaffold.open_dashboard(texts.DE_TITLE, texts.DE_INTRO, texts.DE_WHAT,
                                   "job_seekers_page", found=lambda d: d["month"] is not None)
    if page is None:
        return
    month, prev = page.data["month"], page.data["prev_month"]
    lpe = prev < LPE_START <= month
    _metrics(page)
    if lpe:
        st.info(f"**{texts.LPE_NOTE_TITLE}** {texts.LPE_NOTE}", icon=":material/info:")
    st.subheader(texts.DE_SERIES_HEADER, anchor=False)
    _series(page)
    st.subheader(texts.DE_COMMUNES_HEADER, anchor=False)
    shown = tables.shown(page.data["by_commune"])
    _communes(page, shown)
    st.subheader(texts.DE_PROFILE_HEADER, anchor=False)
    _profile(page)
    st.subheader(texts.DE_EVOLUTION_HEADER, anchor=False)
    _evolution(page, shown, lpe)


def _metrics(page: scaffold.Opened) -> None:
    f, table = page.f, page.data["table"]
    shown_cell = charts.cell_of(table)
    has_abc = not pd.isna(table.at["de_abc", "value"])

    def cell(row, column, unit):
        """A figure the imported files do not detail (A when only A, B, C together) says so."""
        text = shown_cell(row, column, unit)
        return texts.NOT_IN_FILE if text == MISSING and has_abc else text

    st.caption(texts.DE_METRICS_CAPTION.format(month=fmt_month(page.data["month"]),
                                               prev=fmt_month(page.data["prev_month"])))
    # a later month fewer communes cover: the figures are not its own
    if note := sections.partial_month_note(page.data.get("partial")):
        st.info(note, icon=":material/info:")
    # cells the producer hid (« s », « < 5 »): the total leaves them out
    if note := sections.secret_cells_note(page.data["monthly"], page.data["month"]):
        st.caption(note)
    panels.metrics([
        Metric(texts.DE_ABC, cell("de_abc", "value", "personnes"), table.at["de_abc", "evol"]),
        Metric(texts.DE_A, cell("de_a", "value", "personnes"), table.at["de_a", "evol"]),
        Metric(texts.DE_PER_1000, cell("de_abc", "measure", charts.PER_1000),
               note=sections.reference_note(f, table, "de_abc",
                                            cell("de_abc", "ref_measure", charts.PER_1000))
               if f.reference else None),
        Metric(texts.DE_LONG, cell("de_abc_longue_duree", "measure", "%"), note=texts.OF_ABC),
    ])


def _series(page: scaffold.Opened) -> None:
    """Categories A and A, B, C month by month, with their 12-month trends."""
    f, monthly = page.f, page.data["monthly"]
    when = fmt_month(page.data["month"])
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
        confidential=not page.masked), key="de_series")


def _communes(page: scaffold.Opened, shown) -> None:
    f, table = page.f, page.data["table"]
    sections.per_1000_by_commune(
        shown, page, "de_abc", Series("de_abc_pour_1000", texts.DE_PER_1000),
        extra=[Series("de_abc", texts.SERIES_ABC, unit="personnes"),
               Series("de_a", texts.SERIES_A, unit="personnes")],
        title=texts.DE_COMMUNES_TITLE.format(place=f.short_place),
        subtitle=texts.AT_MONTH_UNIT.format(month=fmt_month(page.data["month"]),
                                            unit=texts.UNIT_PER_1000), key="de_communes")
    if f.reference:
        st.caption(texts.REFERENCE_COVERAGE.format(
            reference=f.reference_label, covered=fmt_int(table.at["de_abc", "ref_covered"]),
            communes=fmt_int(table.at["de_abc", "ref_communes"])))


def _profile(page: scaffold.Opened) -> None:
    """Age, sex, duration and category: one chart each, two by row."""
    f = page.f
    when = fmt_month(page.data["month"])
    grid = st.columns(2)
    for n, (dim, part) in enumerate(_profile_parts(page.data["breakdown"])):
        if part is None:
            with grid[n % 2]:
                st.markdown(f"**{texts.DE_PROFILE_TITLE.format(dimension=texts.DIMENSIONS[dim])}**")
                st.info(texts.NOT_IN_FILE_NOTE.format(when=when, what=texts.NOT_IN_FILE_WHAT[dim]),
                        icon=":material/info:")
            continue
        series = [Series("share", f.short_place)]
        if f.reference:
            series.append(Series("ref_share", sections.reference_name(
                f, page.data["table"], "de_abc"), PALETTE[3]))
        with grid[n % 2]:
            charts.show(charts.bar_chart(
                part, category="label", category_label=texts.DIMENSIONS[dim], unit="%",
                series=series,
                extra=[Series("de_abc", texts.SERIES_ABC, unit="personnes")],
                title=texts.DE_PROFILE_TITLE.format(dimension=texts.DIMENSIONS[dim]),
                subtitle=texts.DE_PROFILE_SUBTITLE.format(month=when, place=f.short_place),
                definitions=charts.define(f.territory, "de_abc"), height=300,
                confidential=not page.masked), key=f"de_profile_{dim}")


@charts.by_value
def _profile_parts(breakdown: pd.DataFrame) -> list[tuple[str, pd.DataFrame | None]]:
    """Each dimension's modalities in order, labelled; None for a dimension the imported
    files do not give. Built once per breakdown (`charts.by_value`)."""
    out = []
    for dim in DIMENSIONS:
        labels = texts.MODALITIES[dim]
        part = breakdown[breakdown["dimension"] == dim].copy()
        part["label"] = part["modality"].map(labels).fillna(part["modality"])
        part = part.sort_values("modality", key=lambda m: m.map(list(labels).index))
        if part["de_abc"].isna().all() and not masking.hidden(part, "de_abc").any():
            out.append((dim, None))
        else:
            out.append((dim, part))
    return out


def _evolution(page: scaffold.Opened, shown, lpe: bool) -> None:
    """Each commune's evolution over a year, categories A, B, C and A."""
    f = page.f
    when, prev = fmt_month(page.data["month"]), fmt_month(page.data["prev_month"])
    charts.show(charts.bar_chart(
        shown, category="commune", links=tables.links(shown, f), total_row=True,
        category_label=texts.COL_COMMUNE, unit=charts.EVOLUTION,
        series=[Series("de_abc_evol", texts.SERIES_ABC), Series("de_a_evol", texts.SERIES_A)],
        markers=sections.markers(page, "de_abc", "evol", "ref_evol"),
        notes=[texts.LPE_CAPTION] if lpe else [],
        extra=[Series("de_abc_prev", texts.DE_ABC_AT.format(month=prev), unit="personnes"),
               Series("de_abc", texts.DE_ABC_AT.format(month=when), unit="personnes")],
        title=texts.DE_EVOLUTION_TITLE.format(place=f.short_place),
        subtitle=texts.EVOLUTION_SUBTITLE.format(start=prev, end=when),
        definitions=charts.define(f.territory, "evolution", "de_abc", "de_a"),
        confidential=not page.masked), key="de_evolution")

main()
