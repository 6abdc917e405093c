"""PLIE: participants, entries, exits and the positive-exit target, steps, profiles, communes."""

import streamlit as st

from ui import charts, panels, scaffold, sections, tables
from ui.charts import PALETTE, Marker, Series
from ui.panels import Metric
from ui.tables import Column
from wording import texts

TARGET = 0.5  # contractual positive-exit rate (both reports: 50 %)
KIND_COLORS = {"positive": PALETTE[2], "neutre": PALETTE[6], "autre": PALETTE[3],
               "inconnu": PALETTE[4]}


def main() -> None:
    page = scaffold.open_dashboard(texts.PLIE_TITLE, texts.PLIE_INTRO, texts.PLIE_WHAT,
                                   "plie_page")
    if page is None:
        return
    f, data = page.f, page.data
    st.caption(texts.IN_YEAR_PLACE.format(year=f.year, place=f.place))
    _metrics(data["table"])
    st.subheader(texts.PLIE_EXITS_HEADER, anchor=False)
    _exits(page)
    st.subheader(texts.PLIE_STEPS_HEADER, anchor=False)
    _steps(page)
    st.subheader(texts.PLIE_PROFILE_HEADER, anchor=False)
    _profile(page)
    st.subheader(texts.PLIE_COMMUNES_HEADER, anchor=False)
    _communes(page)


def _source(f) -> str:
    return texts.YEAR_PLACE_SOURCE.format(year=f.year, place=f.short_place,
                                          source=texts.SOURCE_PLIE)


def _metrics(table) -> None:
    cell = charts.cell_of(table)

    def value(i, unit="personnes"):
        return cell(i, "value", unit)

    panels.metrics([
        Metric(texts.PLIE_PARTICIPANTS, value("plie_participants")),
        Metric(texts.PLIE_ENTRIES, value("plie_nouvelles_entrees")),
        Metric(texts.PLIE_EXITS, value("plie_sorties"),
               note=texts.PLIE_POSITIVE_NOTE.format(value=value("plie_sorties_positives"))),
        Metric(texts.PLIE_POSITIVE, value("plie_taux_sorties_positives", "%"),
               help=texts.PLIE_TARGET_HELP, note=texts.PLIE_TARGET_NOTE),
        # the unit goes under the figure: « 15,6 mois » does not fit a card of five
        Metric(texts.PLIE_DURATION, value("plie_duree_moyenne", charts.DECIMAL),
               note=texts.PLIE_DURATION_NOTE),
    ])


def _exits(page: scaffold.Opened) -> None:
    """The positive-exit rate against its target, and the exits by reason."""
    f, data, masked = page.f, page.data, page.masked
    table = data["table"]
    left, right = st.columns(2, gap="large")
    rates, reasons, kinds, colors = _exit_frames(table, data["exit_reasons"])
    series = [Series("value", f.short_place, PALETTE[0])]
    if f.reference:
        series.append(Series("ref_value", sections.reference_name(
            f, table, "plie_taux_sorties_positives"), PALETTE[3]))
    with left:
        charts.show(charts.bar_chart(
            rates, category="label", category_label=texts.COL_RATE, unit="%", series=series,
            markers=[Marker(TARGET, texts.PLIE_TARGET, PALETTE[2], "dot")],
            title=texts.PLIE_RATE_TITLE, height=300, subtitle=_source(f),
            definitions=charts.define(f.territory, "plie_taux_sorties_positives",
                                      "plie_taux_sorties_positives_ajuste", "plie_sorties_neutres"),
            confidential=not masked), key="plie_rates")
    with right:
        charts.show(charts.bar_chart(
            reasons, category="exit_reason", category_label=texts.COL_REASON, unit="personnes",
            series=[Series("plie_sorties", texts.PLIE_EXITS)], bar_colors=colors,
            legend_items=[(texts.EXIT_KINDS[k], KIND_COLORS[k]) for k in kinds],
            title=texts.PLIE_REASONS_TITLE, subtitle=_source(f),
            definitions=charts.define(f.territory, "plie_sorties", "plie_sorties_positives",
                                      "plie_sorties_neutres", "plie_sorties_autres"),
            confidential=not masked), key="plie_reasons")


@charts.by_value
def _exit_frames(table, reasons) -> tuple:
    """The two exit rates labelled; the exit reasons with their kind, the kinds present
    and each bar's colour. Built once per value (`charts.by_value`)."""
    rates = table.loc[["plie_taux_sorties_positives", "plie_taux_sorties_positives_ajuste"]]
    rates = rates.assign(label=[texts.PLIE_RATE, texts.PLIE_RATE_ADJUSTED])
    kinds = [k for k in KIND_COLORS if k in set(reasons["exit_kind"])]
    return (rates, reasons.assign(kind=reasons["exit_kind"].map(texts.EXIT_KINDS)), kinds,
            [KIND_COLORS[k] for k in reasons["exit_kind"]])


def _steps(page: scaffold.Opened) -> None:
    f, data = page.f, page.data
    table = data["table"]
    families = data["step_families"].assign(
        label=lambda d: d["family"].map(texts.STEP_FAMILIES).fillna(d["family"]))
    charts.show(charts.bar_chart(
        families, category="label", category_label=texts.COL_FAMILY_STEP, unit="nombre",
        series=[Series("plie_etapes", texts.PLIE_STEPS_RUNNING),
                Series("plie_etapes_demarrees_annee", texts.PLIE_STEPS_STARTED)],
        title=texts.PLIE_STEPS_TITLE.format(place=f.short_place),
        subtitle=texts.YEAR_UNIT.format(year=f.year, unit=texts.UNIT_STEPS),
        definitions=charts.define(f.territory, "plie_etapes", "plie_etapes_demarrees_annee"),
        alt=texts.PLIE_STEPS_ALT.format(
            steps=charts.cell_of(table)("plie_etapes", "value", "nombre"),
            people=charts.cell_of(table)("plie_etapes_participants", "value", "personnes"),
            types=len(data["steps"]))), key="plie_steps")


def _profile(page: scaffold.Opened) -> None:
    """The participants' and entrants' profile, and who sent the entrants."""
    f, data, masked = page.f, page.data, page.masked
    words = data["definitions"]
    profile = data["profile"].assign(
        label=lambda d: d["key"].map(lambda k: texts.PLIE_PROFILE[k].format(**words)))
    series = [Series("share", texts.PLIE_PARTICIPANTS), Series("entrees_share", texts.PLIE_ENTRIES)]
    if f.reference:
        series.append(Series("ref_share", texts.PARTICIPANTS_OF.format(
            place=sections.reference_name(f, data["table"], "plie_participants"))))
    left, right = st.columns([3, 2], gap="large")
    with left:
        charts.show(charts.bar_chart(
            profile, category="label", category_label=texts.COL_PROFILE, unit="%",
            series=series,
            extra=[Series("participants", texts.PLIE_PARTICIPANTS, unit="personnes"),
                   Series("entrees", texts.PLIE_ENTRIES, unit="personnes")],
            title=texts.PLIE_PROFILE_TITLE, subtitle=_source(f),
            definitions=charts.define(f.territory, "plie_femmes", "plie_seniors", "plie_rsa",
                                      "plie_niveau_bas", "plie_qpv"),
            confidential=not masked), key="plie_profile")
        if unknown := profile.loc[profile["unavailable"], "label"].tolist():
            st.caption(texts.PLIE_PROFILE_UNAVAILABLE.format(lines=", ".join(unknown)))
    prescribers = data["prescribers"]
    with right:
        charts.show(charts.bar_chart(
            prescribers, category="prescriber", category_label=texts.COL_PRESCRIBER,
            unit="%", series=[Series("share", texts.PLIE_ENTRIES)],
            extra=[Series("plie_nouvelles_entrees", texts.PLIE_ENTRIES, unit="personnes")],
            title=texts.PLIE_PRESCRIBERS_TITLE, subtitle=_source(f),
            definitions=charts.define(f.territory, "plie_nouvelles_entrees",
                                      "plie_prescripteur_departement"),
            confidential=not masked), key="plie_prescribers")


def _communes(page: scaffold.Opened) -> None:
    """The communes' table (« T2 ») and their participants per 1 000 inhabitants."""
    f, data, masked = page.f, page.data, page.masked
    shown = tables.shown(data["by_commune"])
    st.markdown(texts.PLIE_T2_TITLE.format(place=f.short_place, year=f.year))
    tables.show_commune_table(shown, [
        Column("plie_participants", texts.T2_PARTICIPANTS),
        Column("plie_qpv", texts.T2_QPV), Column("qpv_share", texts.T2_QPV_SHARE, "%"),
        Column("plie_nouvelles_entrees", texts.T2_ENTRIES),
        Column("plie_entrees_qpv", texts.T2_QPV_ENTRIES),
        Column("entrees_qpv_share", texts.T2_QPV_SHARE_ENTRIES, "%"),
        Column("plie_sorties_positives", texts.T2_POSITIVE),
    ], f, masked=masked, caption=texts.T2_CAPTION,
        definitions=charts.define(f.territory, "plie_participants", "plie_qpv",
                                  "plie_nouvelles_entrees", "plie_entrees_qpv",
                                  "plie_sorties_positives"), key="plie_t2")
    sections.per_1000_by_commune(
        shown, page, "plie_participants", Series("pour_1000", texts.PLIE_PER_1000),
        extra=[Series("plie_participants", texts.T2_PARTICIPANTS, unit="personnes")],
        title=texts.PLIE_PER_1000_TITLE.format(place=f.short_place), key="plie_per_1000")

main()
