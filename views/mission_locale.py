"""Mission Locale: registrations, young people followed, contacts, situations, CEJ, PACEA, aid."""

import streamlit as st

from ui import charts, filters, panels, state, tables, texts
from ui.charts import PALETTE, Marker, Series
from ui.panels import Metric
from ui.tables import Column

CONTACT_COLUMNS = {"ml_entretiens": "entretien", "ml_ateliers": "atelier",
                   "ml_contacts_distance": "distance", "ml_contacts_autres": "autre"}


def main() -> None:
    st.title(texts.ML_TITLE, anchor=False)
    st.caption(texts.ML_INTRO)
    f = filters.filter_bar()
    if f is None:
        return
    filters.viewer_notice()
    if not f.has_year:
        filters.no_data(f, texts.ML_WHAT)
        return
    try:
        data = state.dashboard(state.catalog(), "ml_page", territory=f.territory,
                               communes=f.scope, year=f.year, reference=f.reference)
    except state.QueryFailed as failure:
        st.error(failure.user_message, icon=":material/error:")
        return
    if not data["has_data"]:
        filters.no_data(f, texts.ML_WHAT)
        return
    masked = filters.masked()
    table = data["table"]
    cell = charts.cell_of(table)

    def metric(i, label, unit="personnes", **kw):
        return Metric(label, cell(i, "value", unit), table.at[i, "evol"], **kw)

    st.caption(texts.IN_YEAR_PLACE_EVOL.format(year=f.year, place=f.place, prev=f.year - 1))
    panels.metrics([
        metric("ml_nouveaux_inscrits", texts.ML_NEW),
        metric("ml_jeunes_accompagnes", texts.ML_FOLLOWED),
        metric("ml_contacts", texts.ML_CONTACTS, "nombre"),
        metric("ml_entretiens", texts.ML_INTERVIEWS, "nombre"),
    ])

    st.subheader(texts.ML_ACTIVITY_HEADER, anchor=False)
    monthly = data["monthly"].assign(label=lambda d: d["month"].map(charts.month_short))
    source = texts.YEAR_PLACE_SOURCE.format(year=f.year, place=f.short_place,
                                            source=texts.SOURCE_ML)
    left, right = st.columns([3, 2], gap="large")
    with left:
        charts.show(charts.bar_chart(
            monthly, category="label", category_label=texts.COL_MONTH, unit="nombre",
            horizontal=False, stacked=True,
            series=[Series(c, texts.CONTACT_TYPES[k]) for c, k in CONTACT_COLUMNS.items()
                    if monthly[c].sum() > 0],
            title=texts.ML_CONTACTS_TITLE, subtitle=source,
            alt=texts.ML_CONTACTS_ALT.format(
                total=charts.fmt(table.at["ml_contacts", "value"], "nombre"),
                interviews=charts.fmt(table.at["ml_entretiens", "value"], "nombre")),
            definitions=charts.define(f.territory, "ml_contacts", "ml_entretiens")),
            key="ml_contacts")
    with right:
        charts.show(charts.line_chart(
            data["monthly"], x="month", unit="personnes",
            series=[Series("ml_nouveaux_inscrits", texts.ML_NEW)],
            title=texts.ML_NEW_TITLE, subtitle=source, height=360,
            definitions=charts.define(f.territory, "ml_nouveaux_inscrits"),
            confidential=not masked), key="ml_new")

    st.subheader(texts.ML_SITUATIONS_HEADER, anchor=False)
    situations = data["situations"].assign(
        label=lambda d: d["category"].map(texts.SITUATIONS).fillna(d["category"]))
    charts.show(charts.bar_chart(
        situations, category="label", category_label=texts.COL_SITUATION, unit="nombre",
        series=[Series("ml_situations", texts.ML_SITUATIONS),
                Series("ml_jeunes_situation", texts.ML_YOUNG_WITH, unit="personnes")],
        title=texts.ML_SITUATIONS_TITLE, subtitle=source,
        definitions=charts.define(f.territory, "ml_situations"),
        confidential=not masked), key="ml_situations")

    st.subheader(texts.ML_PROGRAMMES_HEADER, anchor=False)
    programmes = data["programmes"]
    left, right = st.columns(2, gap="large")
    with left:
        charts.show(charts.bar_chart(
            programmes.assign(label=programmes["programme"].map(texts.PROGRAMMES)),
            category="label", category_label=texts.COL_PROGRAMME, unit="personnes",
            series=[Series("accompagnes", texts.ML_PROG_FOLLOWED),
                    Series("entrees", texts.ML_PROG_ENTRIES),
                    Series("solution", texts.ML_PROG_SOLUTION)],
            title=texts.ML_PROGRAMMES_TITLE, subtitle=source, height=330,
            definitions=charts.define(f.territory, "cej_accompagnes", "cej_entrees",
                                      "cej_jeunes_solution", "pacea_accompagnes",
                                      "pacea_entrees"),
            confidential=not masked), key="ml_programmes")
    shares = data["shares"]
    shares = shares.assign(label=shares["indicator"].map(texts.ML_SHARES))
    share_series = [Series("measure", f.short_place)]
    if f.reference:
        share_series.append(Series("ref_measure", f.reference_label, PALETTE[3]))
    with right:
        charts.show(charts.bar_chart(
            shares, category="label", category_label=texts.COL_RATE, unit="%",
            series=share_series,
            title=texts.ML_SHARES_TITLE, subtitle=source, height=330,
            definitions=charts.define(f.territory, "cej_jeunes_solution", "cej_entrees_qpv",
                                      "pacea_entrees"),
            confidential=not masked), key="ml_shares")

    st.subheader(texts.ML_AID_HEADER, anchor=False)
    aid = data["aid"].assign(label=lambda d: d["scheme"].map(texts.AID_SCHEMES)
                             .fillna(d["scheme"]))
    charts.show(charts.bar_chart(
        aid, category="label", category_label=texts.COL_SCHEME, unit="€",
        series=[Series("montant", texts.ML_AID_AMOUNT)],
        extra=[Series("beneficiaires", texts.ML_AID_RECIPIENTS, unit="personnes"),
               Series("versements", texts.ML_AID_PAYMENTS, unit="nombre")],
        title=texts.ML_AID_TITLE, subtitle=source,
        definitions=charts.define(f.territory, "aide_total", "aide_cej_allocation",
                                  "aide_pacea_allocation", "aide_fajem"),
        confidential=not masked), key="ml_aid")

    st.subheader(texts.ML_COMMUNES_HEADER, anchor=False)
    shown = tables.shown(data["by_commune"])
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
    markers = [Marker(table.at["ml_jeunes_accompagnes", "measure"], f.short_place)]
    if f.reference:
        markers.append(Marker(table.at["ml_jeunes_accompagnes", "ref_measure"],
                              f.reference_label, PALETTE[3], "dot"))
    charts.show(charts.bar_chart(
        shown, category="commune", links=tables.links(shown, f), total_row=True,
        category_label=texts.COL_COMMUNE, unit=charts.PER_1000,
        series=[Series("pour_1000", texts.ML_PER_1000)], markers=markers,
        extra=[Series("ml_jeunes_accompagnes", texts.ML_FOLLOWED, unit="personnes")],
        title=texts.ML_PER_1000_TITLE.format(place=f.short_place),
        subtitle=texts.YEAR_UNIT.format(year=f.year, unit=texts.UNIT_PER_1000),
        definitions=charts.define(f.territory, "ml_jeunes_accompagnes", "pour_1000",
                                  "reference_coverage"),
        confidential=not masked), key="ml_per_1000")


main()
