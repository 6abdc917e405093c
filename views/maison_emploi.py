"""Maison de l'Emploi: employment events (table and quarters), insertion-clause hours and FTE."""

import streamlit as st

from ui import access, charts, panels, scaffold, tables
from ui.charts import PALETTE, Series
from ui.panels import Metric
from ui.tables import Column
from wording import texts
from wording.format import fmt_date, fmt_int


def _found(data: dict) -> bool:
    return not data["events"].empty or _has_clauses(data)


def _has_clauses(data: dict) -> bool:
    return data["table"].at["clause_heures", "covered"] > 0


def main() -> None:
    # events and clause hours are the Maison de l'Emploi's own work: no reference to show
    page = scaffold.open_dashboard(texts.MDE_TITLE, texts.MDE_INTRO, texts.MDE_WHAT,
                                   "mde_page", found=_found, compares=False)
    if page is None:
        return
    f, data = page.f, page.data
    st.caption(texts.IN_YEAR_PLACE_EVOL.format(year=f.year, place=f.place, prev=f.year - 1))
    _metrics(data)
    st.subheader(texts.MDE_EVENTS_HEADER, anchor=False)
    if data["events"].empty:
        st.info(texts.MDE_NO_EVENTS.format(place=f.place, year=f.year), icon=":material/info:")
    else:
        source = texts.YEAR_PLACE_SOURCE.format(year=f.year, place=f.short_place,
                                                source=texts.SOURCE_MDE)
        _events(data["events"], data["quarters"], f, source)
    if not data["participations"].empty:
        _participations(data["participations"], data["quarters"], f)
    st.subheader(texts.MDE_CLAUSES_HEADER, anchor=False)
    if not _has_clauses(data):
        st.info(texts.MDE_NO_CLAUSES.format(place=f.place, year=f.year), icon=":material/info:")
        return
    _clauses(page)


def _metrics(data: dict) -> None:
    table = data["table"]
    cell = charts.cell_of(table)

    def value(i, unit="nombre"):
        return cell(i, "value", unit)

    # the events it only attended, when its sheet says which (« Organisateur »)
    attended = [Metric(texts.MDE_PARTICIPATIONS, fmt_int(len(data["participations"])),
                       note=texts.MDE_PARTICIPATIONS_NOTE)] if len(data["participations"]) else []
    panels.metrics([
        Metric(texts.MDE_EVENTS, value("evt_organises"), table.at["evt_organises", "evol"]),
        *attended,
        Metric(texts.MDE_EXHIBITORS, value("evt_exposants"), table.at["evt_exposants", "evol"]),
        Metric(texts.MDE_PARTICIPANTS, value("evt_participants"),
               table.at["evt_participants", "evol"]),
        Metric(texts.MDE_HOURS, value("clause_heures", "heures"),
               table.at["clause_heures", "evol"]),
        Metric(texts.MDE_FTE, value("clause_etp", "ETP"),
               note=texts.MDE_FTE_NOTE.format(hours=fmt_int(data["fte_hours"]))),
    ])


@charts.by_value
def _events_table(events, mine, f) -> tuple:
    """The events table and its column settings: `mine`, the events the viewer's account
    may see one by one (`access.restrict_rows`). Built once per value (`charts.by_value`)."""
    labels = {"exhibitors": texts.MDE_EXHIBITORS, "participants": texts.MDE_PARTICIPANTS,
              "interviews": texts.MDE_INTERVIEWS}
    others = events.drop(mine.index)
    mine = mine.reset_index(drop=True)
    shown = mine.assign(date=mine["event_date"].map(fmt_date))
    names = shown.assign(commune=shown["commune"].fillna(shown["code_insee"]))
    table = names[["date", "name"]].rename(columns={"date": texts.COL_DATE,
                                                    "name": texts.COL_EVENT})
    table[texts.COL_COMMUNE] = tables.links(names, f)
    for col, label in labels.items():
        table[label] = [charts.fmt(v, "nombre") for v in mine[col]]
    table = table.astype(object)  # text cells, even when none of the account's communes has one

    def line(first: str, event: str, rows) -> None:
        table.loc[len(table)] = {texts.COL_DATE: first, texts.COL_EVENT: event,
                                 texts.COL_COMMUNE: "",
                                 **{label: charts.fmt(rows[col].sum(min_count=1), "nombre")
                                    for col, label in labels.items()}}

    if not others.empty:
        line("", texts.MDE_OTHER_COMMUNES_EVENTS.format(n=len(others)), others)
    line(texts.TOTAL, texts.N_EVENTS.format(n=len(events)), events)
    config = {label: st.column_config.TextColumn(label, alignment="right")
              for label in labels.values()}
    config[texts.COL_COMMUNE] = st.column_config.LinkColumn(texts.COL_COMMUNE,
                                                            display_text=r"#(.+)$")
    config[texts.COL_EVENT] = st.column_config.TextColumn(texts.COL_EVENT, width="large")
    return table, config


def _clauses(page: scaffold.Opened) -> None:
    """Insertion-clause hours by month, and by commune with their FTE."""
    f, data, masked = page.f, page.data, page.masked
    st.caption(texts.MDE_FTE_CAPTION.format(hours=fmt_int(data["fte_hours"]),
                                            territory=f.territory_label))
    charts.show(charts.line_chart(
        data["clauses_monthly"], x="month", unit="heures",
        series=[Series("clause_heures", texts.MDE_HOURS_RESIDENTS),
                Series("clause_heures_sites", texts.MDE_HOURS_SITES, PALETTE[1])],
        title=texts.MDE_CLAUSES_TITLE.format(place=f.short_place),
        subtitle=texts.YEAR_UNIT.format(year=f.year, unit=texts.UNIT_HOURS),
        definitions=charts.define(f.territory, "clause_heures", "clause_heures_sites",
                                  "clause_etp"), confidential=not masked), key="mde_clauses")
    shown = tables.shown(data["by_commune"])
    st.markdown(texts.MDE_CLAUSES_TABLE_TITLE.format(place=f.short_place, year=f.year))
    tables.show_commune_table(shown, [
        Column("clause_heures", texts.MDE_HOURS_RESIDENTS, "heures"),
        Column("clause_etp", texts.MDE_FTE, "ETP"),
        Column("clause_personnes", texts.MDE_CLAUSE_PEOPLE),
        Column("clause_heures_sites", texts.MDE_HOURS_SITES, "heures"),
    ], f, masked=masked, caption=texts.MDE_CLAUSES_CAPTION,
        definitions=charts.define(f.territory, "clause_heures", "clause_etp",
                                  "clause_personnes", "clause_heures_sites"), key="mde_table")

def _participations(participations, quarters, f) -> None:
    """The events of other organisers the Maison de l'Emploi attended, one by one."""
    st.markdown(texts.MDE_PARTICIPATIONS_TITLE.format(year=f.year))
    shown = participations.assign(
        date=participations["event_date"].map(fmt_date),
        commune=participations["commune"].fillna(participations["code_insee"]).fillna("—"))
    table = shown[["date", "name", "commune"]].rename(columns={
        "date": texts.COL_DATE, "name": texts.COL_EVENT, "commune": texts.COL_COMMUNE})
    st.dataframe(table, hide_index=True, height=panels.table_height(len(table), 40),
                 column_config={texts.COL_EVENT: st.column_config.TextColumn(
                     texts.COL_EVENT, width="large")}, key="mde_participations")
    by_quarter = dict(zip(quarters["quarter"], quarters["evt_participations"], strict=True))
    st.caption(texts.MDE_PARTICIPATIONS_CAPTION.format(
        n=fmt_int(len(participations)), year=f.year,
        **{f"q{q}": fmt_int(by_quarter.get(q, 0)) for q in (1, 2, 3, 4)}))


def _events(events, quarters, f, source) -> None:
    """The year's events one by one, then by quarter. An account limited to some communes
    sees its communes' events one by one and the others' in one line: the totals stay."""
    st.markdown(texts.MDE_EVENTS_TABLE_TITLE.format(place=f.short_place, year=f.year))
    table, config = _events_table(events, access.restrict_rows(events), f)
    st.dataframe(table, hide_index=True, column_config=config,
                 height=panels.table_height(len(table), 40), key="mde_events")
    st.caption(texts.MDE_EVENTS_CAPTION)
    charts.show(charts.bar_chart(
        quarters, category="label", category_label=texts.COL_QUARTER, unit="nombre",
        horizontal=False, series=[Series("evt_participants", texts.MDE_PARTICIPANTS)],
        extra=[Series("evt_organises", texts.MDE_EVENTS),
               Series("evt_exposants", texts.MDE_EXHIBITORS),
               Series("evt_entretiens", texts.MDE_INTERVIEWS)],
        title=texts.MDE_QUARTERS_TITLE, subtitle=source, height=340,
        definitions=charts.define(f.territory, "evt_organises", "evt_exposants",
                                  "evt_participants", "evt_entretiens")), key="mde_quarters")


main()
