"""Mission Locale: registrations, young people followed, contacts, situations, CEJ, PACEA, aid."""

import streamlit as st

from data import reference
from ui import charts, panels, scaffold, sections, tables
from ui.charts import PALETTE, Series
from ui.panels import Metric
from ui.tables import Column
from wording import texts

CONTACT_COLUMNS = {"ml_entretiens": "entretien", "ml_ateliers": "atelier",
                   "ml_contacts_distance": "distance", "ml_contacts_autres": "autre"}


def main() -> None:
    page = scaffold.open_dashboard(texts.ML_TITLE, texts.ML_INTRO, texts.ML_WHAT, "ml_page")
    if page is None:
        return
    f = page.f
    st.caption(texts.IN_YEAR_PLACE_EVOL.format(year=f.year, place=f.place, prev=f.year - 1))
    _metrics(page.data["table"])
    st.subheader(texts.ML_ACTIVITY_HEADER, anchor=False)
    _activity(page)
    st.subheader(texts.ML_SITUATIONS_HEADER, anchor=False)
    _situations(page)
    st.subheader(texts.ML_PROGRAMMES_HEADER, anchor=False)
    _programmes(page)
    st.subheader(texts.ML_AID_HEADER, anchor=False)
    _aid(page)
    st.subheader(texts.ML_COMMUNES_HEADER, anchor=False)
    _communes(page)


def _source(f) -> str:
    return texts.YEAR_PLACE_SOURCE.format(year=f.year, place=f.short_place,
                                          source=texts.SOURCE_ML)


@charts.by_value
def _labelled(frame, column: str, labels, keep: bool = False):
    """`frame` with a « label » column: `labels` (a dict or a function) of `column`, or
    the value itself where it has no label and `keep`. Built once per value."""
    label = frame[column].map(labels)
    return frame.assign(label=label.fillna(frame[column]) if keep else label)


def _metrics(table) -> None:
    cell = charts.cell_of(table)

    def metric(i, label, unit="personnes", **kw):
        value = cell(i, "value", unit)
        if charts.not_in_file(table, i):  # (contacts of an extraction without them)
            value = texts.NOT_IN_FILE
        return Metric(label, value, table.at[i, "evol"], **kw)

    panels.metrics([
        metric("ml_nouveaux_inscrits", texts.ML_NEW),
        metric("ml_jeunes_accompagnes", texts.ML_FOLLOWED),
        metric("ml_contacts", texts.ML_CONTACTS, "nombre"),
        metric("ml_entretiens", texts.ML_INTERVIEWS, "nombre"),
    ])


def _activity(page: scaffold.Opened) -> None:
    """Contacts by kind and month, and new registrations by month."""
    f, data, masked = page.f, page.data, page.masked
    table = data["table"]
    monthly = _labelled(data["monthly"], "month", charts.month_short)
    left, right = st.columns([3, 2], gap="large")
    with left:
        if not data.get("contacts_available", True):  # an extraction without contacts
            st.markdown(f"**{texts.ML_CONTACTS_TITLE}**")
            st.info(texts.ML_CONTACTS_NOT_AVAILABLE, icon=":material/info:")
        else:
            _contacts_chart(f, table, monthly)
    with right:
        charts.show(charts.line_chart(
            data["monthly"], x="month", unit="personnes",
            series=[Series("ml_nouveaux_inscrits", texts.ML_NEW)],
            title=texts.ML_NEW_TITLE, subtitle=_source(f), height=360,
            definitions=charts.define(f.territory, "ml_nouveaux_inscrits"),
            confidential=not masked), key="ml_new")


def _contacts_chart(f, table, monthly) -> None:
    charts.show(charts.bar_chart(
        monthly, category="label", category_label=texts.COL_MONTH, unit="nombre",
        horizontal=False, stacked=True,
        # a kind with contacts, shown or hidden by the secret (its months then read « s »)
        series=[Series(c, texts.CONTACT_TYPES[k]) for c, k in CONTACT_COLUMNS.items()
                if monthly[c].sum() > 0 or monthly[c].isna().any()],
        title=texts.ML_CONTACTS_TITLE, subtitle=_source(f),
        alt=texts.ML_CONTACTS_ALT.format(
            total=charts.cell_of(table)("ml_contacts", "value", "nombre"),
            interviews=charts.cell_of(table)("ml_entretiens", "value", "nombre")),
        definitions=charts.define(f.territory, "ml_contacts", "ml_entretiens")),
        key="ml_contacts")


def _situations(page: scaffold.Opened) -> None:
    f = page.f
    situations = _labelled(page.data["situations"], "category", texts.SITUATIONS, keep=True)
    charts.show(charts.bar_chart(
        situations, category="label", category_label=texts.COL_SITUATION, unit="nombre",
        series=[Series("ml_situations", texts.ML_SITUATIONS),
                Series("ml_jeunes_situation", texts.ML_YOUNG_WITH, unit="personnes")],
        title=texts.ML_SITUATIONS_TITLE, subtitle=_source(f),
        definitions=charts.define(f.territory, "ml_situations"),
        confidential=not page.masked), key="ml_situations")


def _programmes(page: scaffold.Opened) -> None:
    """The CEJ and PACEA: people followed, entries, solutions; their shares."""
    f, data, masked = page.f, page.data, page.masked
    programmes = data["programmes"]
    left, right = st.columns(2, gap="large")
    with left:
        charts.show(charts.bar_chart(
            _labelled(programmes, "programme", texts.PROGRAMMES),
            category="label", category_label=texts.COL_PROGRAMME, unit="personnes",
            series=[Series("accompagnes", texts.ML_PROG_FOLLOWED),
                    Series("entrees", texts.ML_PROG_ENTRIES),
                    Series("solution", texts.ML_PROG_SOLUTION)],
            title=texts.ML_PROGRAMMES_TITLE, subtitle=_source(f), height=330,
            definitions=charts.define(f.territory, "cej_accompagnes", "cej_entrees",
                                      "cej_jeunes_solution", "pacea_accompagnes",
                                      "pacea_entrees"),
            confidential=not masked), key="ml_programmes")
    shares = _labelled(data["shares"], "indicator", texts.ML_SHARES)
    share_series = [Series("measure", f.short_place)]
    if f.reference:
        # both shares are of the Mission Locale's imports: the same communes covered
        share_series.append(Series("ref_measure", sections.reference_name(
            f, data["table"], "cej_jeunes_solution"), PALETTE[3]))
    with right:
        charts.show(charts.bar_chart(
            shares, category="label", category_label=texts.COL_RATE, unit="%",
            series=share_series,
            title=texts.ML_SHARES_TITLE, subtitle=_source(f), height=330,
            definitions=charts.define(f.territory, "cej_jeunes_solution", "cej_entrees_qpv",
                                      "pacea_entrees"),
            confidential=not masked), key="ml_shares")


def _aid(page: scaffold.Opened) -> None:
    f = page.f
    fund = texts.YOUTH_FUND[reference.in_mel(f.scope)][1]  # FAJeM in the MEL, FAJ elsewhere
    aid = _labelled(page.data["aid"], "scheme", {**texts.AID_SCHEMES, "fajem": fund}, keep=True)
    charts.show(charts.bar_chart(
        aid, category="label", category_label=texts.COL_SCHEME, unit="€",
        series=[Series("montant", texts.ML_AID_AMOUNT)],
        extra=[Series("beneficiaires", texts.ML_AID_RECIPIENTS, unit="personnes"),
               Series("versements", texts.ML_AID_PAYMENTS, unit="nombre")],
        title=texts.ML_AID_TITLE, subtitle=_source(f),
        definitions=charts.define(f.territory, "aide_total", "aide_cej_allocation",
                                  "aide_pacea_allocation", "aide_fajem"),
        confidential=not page.masked), key="ml_aid")


def _communes(page: scaffold.Opened) -> None:
    """The communes' table and their young people followed per 1 000 inhabitants."""
    f, masked = page.f, page.masked
    shown = tables.shown(page.data["by_commune"])
    st.markdown(texts.ML_TABLE_TITLE.format(place=f.short_place, year=f.year))
    tables.show_commune_table(shown, [
        Column("ml_nouveaux_inscrits", texts.ML_NEW),
        Column("ml_jeunes_accompagnes", texts.ML_FOLLOWED),
        Column("pour_1000", texts.ML_PER_1000, charts.PER_1000),
        Column("cej_accompagnes", texts.ML_CEJ_FOLLOWED),
        Column("cej_entrees", texts.ML_CEJ_ENTRIES),
        Column("pacea_accompagnes", texts.ML_PACEA_FOLLOWED),
        Column("pacea_entrees", texts.ML_PACEA_ENTRIES),
    ], f, masked=masked, caption=texts.ML_TABLE_CAPTION,
        definitions=charts.define(f.territory, "ml_nouveaux_inscrits", "ml_jeunes_accompagnes",
                                  "cej_accompagnes", "cej_entrees", "pacea_accompagnes",
                                  "pacea_entrees", "pour_1000"), key="ml_table")
    sections.per_1000_by_commune(
        shown, page, "ml_jeunes_accompagnes", Series("pour_1000", texts.ML_PER_1000),
        extra=[Series("ml_jeunes_accompagnes", texts.ML_FOLLOWED, unit="personnes")],
        title=texts.ML_PER_1000_TITLE.format(place=f.short_place), key="ml_per_1000")

main()
