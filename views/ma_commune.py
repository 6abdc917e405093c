"""Ma commune: every indicator of one commune, against its territory and a reference territory."""

import datetime as dt

import pandas as pd
import streamlit as st

from data import reference
from queries import masking
from ui import charts, filters, panels, scaffold, state
from ui import narrative as summary
from ui.charts import PALETTE, Series
from ui.panels import Metric
from wording import qpv_format as words
from wording import texts
from wording.format import as_date, fmt_evolution, fmt_int, fmt_month

PER_1000_IDS = ["plie_participants", "plie_nouvelles_entrees", "ml_nouveaux_inscrits",
                "ml_jeunes_accompagnes", "cej_accompagnes", "pacea_accompagnes",
                "clause_personnes"]
HEADLINE = [("de_abc", texts.DE_ABC), ("plie_participants", texts.PLIE_PARTICIPANTS),
            ("ml_jeunes_accompagnes", texts.ML_FOLLOWED), ("cej_entrees", texts.ML_CEJ_ENTRIES)]
LPE_START = dt.date(2025, 1, 1)
PER_MILLE = "‰"


def _spans_lpe(month) -> bool:
    day = as_date(month)
    return day is not None and dt.date(day.year - 1, day.month, 1) < LPE_START <= day


def _name(f) -> str:
    code = f.communes[0]
    return filters.commune_names().get(code, code)


def _load(f) -> dict:
    return state.dashboard(state.catalog(), "commune_page", territory=f.territory,
                           commune=f.communes[0], year=f.year, reference=f.reference)


def _known(table: pd.DataFrame) -> pd.Series:
    return table["value"].notna() | masking.hidden(table, "value")  # a hidden figure exists


def _found(data: dict) -> bool:
    known = _known(data["table"].set_index("indicator"))
    return bool(known.drop(index="pop_totale", errors="ignore").any())


def main() -> None:
    page = scaffold.open_dashboard(
        texts.COMMUNE_TITLE, None, texts.COMMUNE_WHAT, _load, found=_found, single_commune=True,
        retitle=lambda f: texts.COMMUNE_PAGE_TITLE.format(commune=_name(f)))
    if page is None:
        return
    f, data = page.f, page.data
    code, name = f.communes[0], _name(f)
    table = data["table"].set_index("indicator")
    summary.commune(state.catalog(), f.territory, code, f.year, f.reference, data)
    st.markdown(texts.COMMUNE_HEADER.format(
        population=fmt_int(data["population"]), territory=f.territory_label, year=f.year,
        reference=f.reference_label or texts.NO_REFERENCE_LABEL.lower()))
    qpv = data["qpv"]
    st.markdown(texts.COMMUNE_QPV.format(qpv=" ; ".join(
        f"{n} ({c})" for n, c in zip(qpv["qpv_name"], qpv["qpv_code"], strict=True)))
        if not qpv.empty else texts.COMMUNE_NO_QPV if reference.qpv_listed([code])
        else texts.COMMUNE_QPV_NOT_LISTED)
    if not qpv.empty:
        _qpv_section(f, code, name)
    if data["month"] is not None:
        st.caption(texts.COMMUNE_METRICS_CAPTION.format(month=fmt_month(data["month"]),
                                                        year=f.year))
    cell = charts.cell_of(table)
    panels.metrics([
        Metric(label, cell(i, "value", "personnes"), table.at[i, "evolution_pct"])
        for i, label in HEADLINE if i in table.index])
    st.subheader(texts.COMMUNE_COMPARE_HEADER, anchor=False)
    _compare(page, table, name)
    if not data["monthly"].empty:
        st.subheader(texts.COMMUNE_TREND_HEADER, anchor=False)
        _trend(page, name)
    st.subheader(texts.COMMUNE_ALL_HEADER, anchor=False)
    st.caption(texts.COMMUNE_ALL_CAPTION)
    _all_indicators(page, table, name)


def _compare(page: scaffold.Opened, table: pd.DataFrame, name: str) -> None:
    """The commune's rates per 1 000 inhabitants beside its territory's and the reference's."""
    f = page.f
    compared = _compared(table)
    series = [Series("measure", name),
              Series("territory_measure", f.territory_short, PALETTE[1])]
    if f.reference:
        series.append(Series("ref_measure", f.reference_label, PALETTE[3]))
    if f.reference and compared["ref_measure"].isna().all():
        st.caption(texts.REFERENCE_NO_DATA.format(reference=f.reference_label, year=f.year))
    charts.show(charts.bar_chart(
        compared, category="label", category_label=texts.COL_INDICATOR, unit=charts.PER_1000,
        series=series,
        title=texts.COMMUNE_COMPARE_TITLE.format(commune=name, year=f.year),
        subtitle=texts.COMMUNE_COMPARE_SUBTITLE,
        definitions=charts.define(f.territory, "pour_1000", "reference_coverage"),
        confidential=not page.masked), key="commune_compare")
    if f.reference:
        _reference_coverage(f.reference_label, compared)


@charts.by_value
def _compared(table: pd.DataFrame) -> pd.DataFrame:
    """The rates per 1 000 inhabitants, labelled; built once per table (`charts.by_value`)."""
    compared = table.loc[[i for i in PER_1000_IDS if i in table.index]].reset_index()
    compared["label"] = compared["label"].str.slice(0, 1).str.upper() + compared["label"].str[1:]
    return compared


def _reference_coverage(label: str, compared: pd.DataFrame) -> None:
    """Says when the reference's bars rest on part of its communes only (those with data)."""
    rows = compared[compared["ref_covered"] > 0]
    if rows.empty or (rows["ref_covered"] >= rows["ref_communes"]).all():
        return
    low, high = int(rows["ref_covered"].min()), int(rows["ref_covered"].max())
    communes = fmt_int(int(rows["ref_communes"].max()))
    if low == high:
        st.caption(texts.REFERENCE_COVERAGE.format(reference=label, covered=fmt_int(low),
                                                   communes=communes))
    else:
        st.caption(texts.REFERENCE_COVERAGE_RANGE.format(
            reference=label, low=fmt_int(low), high=fmt_int(high), communes=communes))


def _trend(page: scaffold.Opened, name: str) -> None:
    """The commune's job seekers month by month."""
    f, monthly = page.f, page.data["monthly"]
    months = [as_date(m) for m in monthly["month"]]
    lpe = _spans_lpe(months[-1])
    charts.show(charts.line_chart(
        monthly, x="month", unit="personnes", lpe=True,
        series=[Series("de_abc", texts.SERIES_ABC, PALETTE[0]),
                Series("de_abc_tendance", texts.SERIES_ABC_TREND, PALETTE[0], dash=True),
                Series("de_a", texts.SERIES_A, PALETTE[1])],
        title=texts.DE_SERIES_TITLE.format(place=name),
        subtitle=texts.PERIOD_UNIT_MONTHS.format(start=fmt_month(months[0]),
                                                 end=fmt_month(months[-1]),
                                                 unit=texts.UNIT_PERSONS),
        notes=[texts.LPE_CAPTION] if lpe else [],
        definitions=charts.define(f.territory, "de_abc", "de_a", "tendance_12_mois"),
        confidential=not page.masked), key="commune_trend")


def _all_indicators(page: scaffold.Opened, table: pd.DataFrame, name: str) -> None:
    """Every indicator of the commune, one table per family."""
    f, data, masked = page.f, page.data, page.masked
    reference_label = f.reference_label if f.reference else None
    for family, shown in _family_tables(table, name, f.territory_short, reference_label):
        st.markdown(f"**{family}**")
        st.dataframe(shown, hide_index=True, height=panels.table_height(len(shown), 40),
                     column_config={c: st.column_config.TextColumn(c, alignment="right")
                                    for c in shown.columns[1:]}
                     | {texts.COL_INDICATOR: st.column_config.TextColumn(width=330)},
                     key=f"commune_{family}")
        if family == texts.DE_FAMILY and data["month"] and _spans_lpe(data["month"]):
            st.caption(texts.LPE_CAPTION)
    panels.legend(masked, not masked)

def _qpv_section(f, code: str, name: str) -> None:
    """The commune's quarters with their ONPV figures and the share of its job seekers
    living in them (protected on the whole territory, as on the QPV page)."""
    st.subheader(texts.COMMUNE_QPV_HEADER, anchor=False)
    try:
        onpv = state.dashboard(state.catalog(), "qpv_onpv_page", territory=f.territory,
                               year=f.year, communes=(code,))
    except state.QueryFailed as failure:
        st.error(failure.user_message, icon=":material/error:")
        return
    if onpv["ipro_year"] is None and onpv["demo_year"] is None:
        st.caption(texts.COMMUNE_QPV_NO_ONPV.format(year=f.year))
        return
    q = onpv["quartiers"]
    q = q[q["qpv_code"].notna()]
    cell = charts.cell_of(q)
    labels = texts.QPV_ONPV_COLUMNS
    st.dataframe(pd.DataFrame([{
        texts.COL_QPV_NAME: r["qpv_name"], texts.COL_QPV_CODE: r["qpv_code"],
        texts.QPV_MATCH_COL: words.match_text(r["match"], r["qpv_code_2015"],
                                              r["qpv_name_2015"]),
        labels["qpv_population"]: cell(i, "qpv_population", "personnes"),
        labels["qpv_de_abc"]: cell(i, "qpv_de_abc", "personnes"),
        labels["qpv_de_a_part"]: cell(i, "qpv_de_a_part", "%"),
    } for i, r in q.iterrows()]), hide_index=True, key="commune_qpv")
    given = onpv["onpv_month_given"]
    st.caption(texts.QPV_ONPV_WHEN.format(
        ipro=words.onpv_when(onpv["ipro_year"], onpv["onpv_month"], given),
        demo=words.onpv_when(onpv["demo_year"])))
    communes = onpv["communes"]
    mine = communes[communes["code_insee"] == code]
    month = onpv["job_seekers_month"]
    if onpv["ipro_year"] is None or mine.empty:
        return
    if month is None:
        st.caption(texts.QPV_SHARE_NO_MONTH)
        return
    i = mine.index[0]
    cell = charts.cell_of(communes)
    st.markdown(texts.COMMUNE_QPV_SHARE.format(
        part=cell(i, "qpv_part_de_abc", "%"), commune=name,
        qpv=cell(i, "qpv_de_abc", "personnes"), all=cell(i, "de_abc", "personnes")))
    sentence, differ = words.share_dates(onpv["ipro_year"], onpv["onpv_month"], given, month)
    (st.warning if differ else st.caption)(sentence)
    if mine.at[i, "n_intercommunal"]:
        st.caption(texts.COMMUNE_QPV_INTERCOMMUNAL)


@charts.by_value
def _family_tables(table: pd.DataFrame, name: str, territory_short: str,
                   reference_label: str | None) -> list[tuple[str, pd.DataFrame]]:
    """The families with a known figure, each with its table; built once per value of
    its arguments (`charts.by_value`)."""
    known = _known(table)
    return [(family, _family_table(rows, name, territory_short, reference_label))
            for family, rows in table.groupby("family", sort=False)
            if known.loc[rows.index].any()]


def _family_table(rows: pd.DataFrame, name: str, territory_short: str,
                  reference_label: str | None) -> pd.DataFrame:
    """One family's indicators as text: value, evolution, compared measure, rank; a column
    for the reference territory when `reference_label` is not None."""
    out = []
    cell = charts.cell_of(rows)
    for i, r in rows.iterrows():
        h = masking.is_hidden(rows, i, "value")
        if pd.isna(r["value"]) and not h:
            continue
        unit = PER_MILLE if r["kind"] == "pour_1000" else "%"
        label = r["label"][:1].upper() + r["label"][1:]
        if isinstance(r["part_of"], str):
            label = f"dont {r['label']}"
        has_measure = isinstance(r["kind"], str)
        row = {
            texts.COL_INDICATOR: label,
            texts.COL_VALUE: charts.fmt(r["value"], r["unit"], h),
            texts.COL_EVOLUTION: "" if h else fmt_evolution(r["evolution_pct"]),
            name: charts.fmt(r["measure"], unit, h) if has_measure
            else charts.fmt(r["value"], r["unit"], h),
            territory_short: cell(i, "territory_measure", unit) if has_measure
            else cell(i, "territory_value", r["unit"]),
        }
        if reference_label is not None:
            row[reference_label] = (cell(i, "ref_measure", unit) if has_measure
                                    else cell(i, "ref_value", r["unit"]))
        row[texts.COL_RANK] = "" if h or pd.isna(r["rank"]) else texts.RANK.format(
            rank=int(r["rank"]), of=int(r["ranked"]))
        out.append(row)
    return pd.DataFrame(out)


main()
