"""Quartiers prioritaires: the QPV of the territory (2024 geography, matched to the 2015
codes of the ONPV files), their ONPV figures, the share of job seekers living in them, and
how many people each programme follows there, commune by commune."""

import pandas as pd
import streamlit as st

from data import reference
from queries import masking
from ui import charts, filters, panels, scaffold, sections, state, tables
from ui.charts import PALETTE, Series
from ui.tables import Column
from wording import qpv_format as words
from wording import texts
from wording.format import SECRET, fmt_int, fmt_month

LINK = st.column_config.LinkColumn(texts.COL_COMMUNE, display_text=r"#(.+)$")
SHARES = ["qpv_de_a_part", "qpv_de_abc_femmes_part", "qpv_de_abc_moins_25_part",
          "qpv_de_abc_50plus_part", "qpv_de_abc_longue_duree_part", "qpv_de_abc_niveau_bas_part"]


def _right(columns) -> dict:
    return {c: st.column_config.TextColumn(c, alignment="right") for c in columns}


def quarter_list(onpv: dict, f) -> pd.DataFrame:
    """The quarters, their communes and their 2015 counterpart (or its absence)."""
    q = onpv["quartiers"]
    q = tables.shown(q[q["qpv_code"].notna()])
    return pd.DataFrame({
        texts.COL_QPV_NAME: q["qpv_name"], texts.COL_QPV_CODE: q["qpv_code"],
        texts.COL_COMMUNE: tables.links(q, f), texts.QPV_COMMUNES: q["commune_names"],
        texts.QPV_MATCH_COL: [words.match_text(m, c, n) for m, c, n in
                              zip(q["match"], q["qpv_code_2015"], q["qpv_name_2015"],
                                  strict=True)],
    })


def figures_table(onpv: dict, f) -> pd.DataFrame:
    """One row per quarter and the territory's total, « s » where the secret hides."""
    q = tables.shown(onpv["quartiers"])
    cell = charts.cell_of(q)
    columns = {k: v.format(low_level=onpv["low_level"]) for k, v in texts.QPV_ONPV_COLUMNS.items()}
    rows = []
    for i, r in q.iterrows():
        total = not isinstance(r["qpv_code"], str)
        row = {texts.COL_QPV_NAME: texts.QPV_ONPV_TOTAL if total else r["qpv_name"],
               texts.QPV_COMMUNES: "" if total else r["commune_names"]}
        for key, label in columns.items():
            unit = "%" if key.endswith("_part") or key == "qpv_taux_emploi" else "personnes"
            row[label] = "" if total and key == "qpv_taux_emploi" else cell(i, key, unit)
        row[texts.QPV_ONPV_FILE_CODE] = "" if total else (r["onpv_code"] or "")
        rows.append(row)
    return pd.DataFrame(rows)


def share_table(onpv: dict, f) -> None:
    frame = tables.shown(onpv["communes"])
    tables.show_commune_table(frame, [
        Column(k, v, "%" if "part" in k else "personnes")
        for k, v in texts.QPV_SHARE_COLUMNS.items()], f, masked=filters.masked(),
        key="qpv_share_communes", caption=texts.QPV_SHARE_CAPTION,
        definitions=charts.define(f.territory, "qpv_de_abc", "qpv_de_abc_communes",
                                  "qpv_part_de_abc"))


def comparison_table(onpv: dict, code: str, f) -> pd.DataFrame:
    c = onpv["comparison"]
    c = c[c["qpv_code"] == code].reset_index(drop=True)
    cell = charts.cell_of(c)
    labels = {k: v.format(low_level=onpv["low_level"]) for k, v in texts.QPV_ONPV_COLUMNS.items()}
    name, qpv, commune, territory = texts.QPV_COMPARE_COLUMNS
    return pd.DataFrame([{
        name: labels[f"{r['indicator']}_part"], qpv: cell(i, "qpv_share", "%"),
        commune: cell(i, "commune_share", "%"), territory: cell(i, "territory_share", "%"),
    } for i, r in c.iterrows()])


def evolution_table(onpv: dict) -> pd.DataFrame | None:
    e = onpv["evolution"]
    e = e[e["qpv_de_abc"].notna() | masking.hidden(e, "qpv_de_abc")]
    years = sorted(e["year"].unique())
    if len(years) < 2:
        return None
    names = onpv["quartiers"].set_index(onpv["quartiers"]["qpv_code"].fillna(""))["qpv_name"]
    cell = charts.cell_of(e)
    rows = {}
    for i, r in e.iterrows():
        key = r["qpv_code"] if isinstance(r["qpv_code"], str) else ""
        row = rows.setdefault(key, {texts.COL_QPV_NAME: names.get(key) if key
                                    else texts.QPV_ONPV_TOTAL})
        row[str(int(r["year"]))] = cell(i, "qpv_de_abc", "personnes")
        if r["year"] == years[-1]:
            hidden = masking.is_hidden(e, i, "qpv_de_abc_evol")
            row[texts.QPV_EVOLUTION_COL] = charts.fmt(r["qpv_de_abc_evol"], charts.EVOLUTION,
                                                      hidden)
    return pd.DataFrame(list(rows.values()))


def onpv_sections(onpv: dict, f) -> None:
    masked = filters.masked()
    st.subheader(texts.QPV_ONPV_HEADER, anchor=False)
    if onpv["ipro_year"] is None and onpv["demo_year"] is None:
        st.info(texts.QPV_JOB_SEEKERS.format(year=f.year), icon=":material/info:")
        filters.import_link()
        return
    given = onpv["onpv_month_given"]
    st.caption(texts.QPV_ONPV_WHEN.format(
        ipro=words.onpv_when(onpv["ipro_year"], onpv["onpv_month"], given),
        demo=words.onpv_when(onpv["demo_year"])))
    shown = figures_table(onpv, f)
    st.dataframe(shown, hide_index=True, key="qpv_onpv",
                 height=panels.table_height(len(shown), 40),
                 column_config=_right(shown.columns[2:-1]))
    inter = onpv["quartiers"]
    inter = inter[inter["qpv_code"].notna() & ~inter["in_total"].astype(bool)]
    if not inter.empty:
        st.caption(texts.QPV_ONPV_INTERCOMMUNAL.format(quartiers=", ".join(inter["qpv_name"])))
    st.caption(texts.QPV_ONPV_NO_REFERENCE)
    panels.legend(False, not masked)
    if (shown == "s").any().any():
        st.caption(texts.QPV_ONPV_SECRET)
    with st.popover(texts.DEFINITIONS_BUTTON, icon=":material/menu_book:"):
        for name, text in charts.define(f.territory, "qpv_population", "qpv_de_abc", "qpv_de_a",
                                        "qpv_de_abc_longue_duree", "qpv_de_abc_niveau_bas",
                                        "qpv_taux_emploi"):
            st.markdown(f"**{name}** — {text}")

    if onpv["ipro_year"] is not None:
        st.subheader(texts.QPV_SHARE_HEADER, anchor=False)
        month = onpv["job_seekers_month"]
        if month is None:
            st.info(texts.QPV_SHARE_NO_MONTH, icon=":material/info:")
        else:
            sentence, differ = words.share_dates(onpv["ipro_year"], onpv["onpv_month"], given,
                                                 month)
            (st.warning if differ else st.caption)(sentence)
            share_table(onpv, f)

        shown_q = tables.shown(onpv["quartiers"])
        shown_q = shown_q[shown_q["qpv_code"].notna()]
        # the quarters of one commune first: a commune to compare them with
        codes = list(shown_q.sort_values("intercommunal", kind="stable")["qpv_code"])
        if codes:
            st.subheader(texts.QPV_COMPARE_HEADER, anchor=False)
            names = onpv["quartiers"].set_index("qpv_code")["qpv_name"]
            code = st.selectbox(texts.QPV_COMPARE_LABEL, codes, key="qpv_compare",
                                format_func=lambda c: f"{names.get(c, c)} ({c})")
            compared = comparison_table(onpv, code, f)
            st.dataframe(compared, hide_index=True, key="qpv_compare_table",
                         column_config=_right(compared.columns[1:]))
            st.caption(texts.QPV_COMPARE_CAPTION.format(
                ipro=words.onpv_when(onpv["ipro_year"], onpv["onpv_month"], given),
                month=fmt_month(month)) if month else texts.QPV_COMPARE_NO_MONTH)

    st.subheader(texts.QPV_EVOLUTION_HEADER, anchor=False)
    evolution = evolution_table(onpv)
    if evolution is None:
        st.caption(texts.QPV_EVOLUTION_ONE.format(year=f.year))
    else:
        st.dataframe(evolution, hide_index=True, key="qpv_evolution",
                     column_config=_right(evolution.columns[1:]))
        st.caption(texts.QPV_EVOLUTION_CAPTION)


def unknown_note(summary: pd.DataFrame) -> str | None:
    """Whose QPV residence is unknown, where some is: the shares leave them out (a blank or
    « inconnu » answer is not a « non »). `summary` is protected: a hidden count is « s »."""
    parts = []
    for i in summary.index:
        n = summary.at[i, "personnes_qpv_inconnu"]
        if masking.is_hidden(summary, i, "personnes_qpv_inconnu"):
            parts.append(texts.QPV_UNKNOWN_PART.format(population=summary.at[i, "label"],
                                                       n=SECRET))
        elif pd.notna(n) and n > 0:
            parts.append(texts.QPV_UNKNOWN_PART.format(population=summary.at[i, "label"],
                                                       n=fmt_int(n)))
    return texts.QPV_UNKNOWN_NOTE.format(parts=" ; ".join(parts)) if parts else None


def programme_sections(data: dict, f) -> None:
    """Residents of QPV among the people the PLIE and the Mission Locale follow."""
    masked = filters.masked()
    summary = data["summary"]
    if summary["personnes"].isna().all():
        st.subheader(texts.QPV_SHARES_HEADER, anchor=False)
        st.info(texts.QPV_PLIE_ML_NONE.format(year=f.year, place=f.place),
                icon=":material/info:")
        return
    st.subheader(texts.QPV_SHARES_HEADER, anchor=False)
    summary = summary.assign(label=summary["population"].map(texts.QPV_POPULATIONS))
    series = [Series("share", f.short_place)]
    if f.reference:
        series.append(Series("ref_share", sections.reference_name_of_rows(f, summary),
                             PALETTE[3]))
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
    note = unknown_note(summary)
    if note:
        st.caption(note)

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
                st.dataframe(residents_table(quartiers, f), hide_index=True,
                             key=f"qpv_quartiers_{pop}", column_config={
                    texts.COL_COMMUNE: LINK,
                    texts.QPV_RESIDENTS: st.column_config.TextColumn(alignment="right")})
                st.caption(texts.QPV_QUARTIERS_CAPTION)


@charts.by_value
def residents_table(quartiers: pd.DataFrame, f) -> pd.DataFrame:
    """The quarters where a programme's people live, « s » where the secret hides; built
    once per value of its arguments (`charts.by_value`)."""
    hidden = masking.hidden(quartiers, "personnes")
    return pd.DataFrame({
        texts.COL_QPV_NAME: quartiers["qpv_name"].fillna(texts.QPV_UNKNOWN),
        texts.COL_QPV_CODE: quartiers["qpv_code"],
        texts.COL_COMMUNE: tables.links(quartiers, f),
        texts.QPV_RESIDENTS: [charts.fmt(v, "personnes", h) for v, h in
                              zip(quartiers["personnes"], hidden, strict=True)],
    })


def _load(f) -> dict:
    cat = state.catalog()
    return {"page": state.dashboard(cat, "qpv_page", territory=f.territory, communes=f.scope,
                                    year=f.year, reference=f.reference),
            "onpv": state.dashboard(cat, "qpv_onpv_page", territory=f.territory, year=f.year,
                                    communes=f.scope)}


def main() -> None:
    page = scaffold.open_dashboard(texts.QPV_TITLE, texts.QPV_INTRO, texts.QPV_WHAT, _load,
                                   found=None)
    if page is None:
        return
    f, data, onpv = page.f, page.data["page"], page.data["onpv"]

    st.subheader(texts.QPV_LIST_HEADER, anchor=False)
    listed = quarter_list(onpv, f)
    if listed.empty:
        none = texts.QPV_NONE if reference.qpv_listed(f.scope) else texts.QPV_NOT_LISTED
        st.info(none.format(place=f.place), icon=":material/info:")
    else:
        st.dataframe(listed, hide_index=True, height=panels.table_height(len(listed), 40),
                     column_config={texts.COL_COMMUNE: LINK}, key="qpv_list")
        st.caption(texts.QPV_LIST_CAPTION + " " + texts.QPV_LIST_MATCH_CAPTION)
    orphans = onpv["orphans"]
    if not orphans.empty:
        st.caption(texts.QPV_ORPHANS.format(quartiers=", ".join(
            f"{n} ({c})" for c, n in zip(orphans["qpv_code_2015"], orphans["qpv_name_2015"],
                                         strict=True))))
    if not listed.empty:
        onpv_sections(onpv, f)
    programme_sections(data, f)


main()
