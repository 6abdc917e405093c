"""What each dashboard page needs, in one call: the selection's frames and the reference's.

One function per page (`job_seekers_page`, `plie_page`, …), each returning a dict of
small DataFrames built by `queries.series`; the page caches that one call. A comparison
with the reference territory uses only the communes its imports cover (`data_coverage`):
a rate per 1 000 inhabitants of the whole Nord would otherwise divide the job seekers of
two territories by two and a half million inhabitants.
"""

import datetime as dt
import math

import pandas as pd

from queries import registry, series
from queries.comparison import commune_measures, compare, evolution, ranks, ratio
from queries.figures import key_figures, latest_job_seeker_month, territory_communes, within_one_page

JOB_SEEKER_IDS = ["de_abc", "de_a", "de_abc_longue_duree", "de_abc_moins_25", "de_abc_50plus",
                  "de_abc_femmes"]
PLIE_IDS = [
    "plie_participants", "plie_qpv", "plie_nouvelles_entrees", "plie_entrees_qpv",
    "plie_sorties_positives", "plie_sorties", "plie_sorties_neutres", "plie_sorties_autres",
    "plie_taux_sorties_positives", "plie_taux_sorties_positives_ajuste",
    "plie_sorties_hors_neutres", "plie_duree_moyenne",
    "plie_femmes", "plie_hommes", "plie_seniors", "plie_rsa", "plie_niveau_bas",
    "plie_entrees_femmes", "plie_entrees_hommes", "plie_entrees_seniors", "plie_entrees_rsa",
    "plie_entrees_niveau_bas", "plie_etapes", "plie_etapes_participants",
]
T2_IDS = ["plie_participants", "plie_qpv", "plie_nouvelles_entrees", "plie_entrees_qpv",
          "plie_sorties_positives"]
ML_IDS = [
    "ml_nouveaux_inscrits", "ml_jeunes_accompagnes", "ml_contacts", "ml_entretiens",
    "cej_accompagnes", "cej_entrees", "cej_entrees_qpv", "cej_jeunes_solution", "cej_mesures",
    "pacea_accompagnes", "pacea_entrees", "pacea_entretiens", "aide_total",
]
MDE_IDS = ["evt_organises", "evt_exposants", "evt_participants", "evt_entretiens",
           "clause_heures", "clause_etp", "clause_personnes", "clause_heures_sites"]
QPV_POPULATIONS = ["plie_participants", "plie_nouvelles_entrees", "ml_jeunes_accompagnes",
                   "cej_entrees", "pacea_entrees"]


def _bounds(year: int) -> tuple[dt.date, dt.date]:
    return series.year_bounds(year)


_page = within_one_page


# -- pages -----------------------------------------------------------------------------------
@_page
def job_seekers_page(con, territory: str, communes: tuple[str, ...], year: int,
                     reference: str | None) -> dict:
    month = latest_job_seeker_month(con, list(communes), year)
    if month is None:
        return {"month": None}
    prev = series.months_before(month, 12)
    by_commune, table = compare(con, territory, communes, year, reference, JOB_SEEKER_IDS, month)
    before, before_table = compare(con, territory, communes, prev.year, reference,
                                   ["de_abc", "de_a"], prev)
    before = before.set_index(before["code_insee"].fillna(""))
    for col in ("de_abc", "de_a"):
        by_commune[f"{col}_prev"] = by_commune["code_insee"].fillna("").map(before[col])
        by_commune[f"{col}_evol"] = evolution(by_commune[col], by_commune[f"{col}_prev"])
        table.loc[col, "prev"] = before_table.at[col, "value"]
        table.loc[col, "ref_prev"] = before_table.at[col, "ref_value"]
    table["evol"] = evolution(table["value"], table.get("prev"))
    table["ref_evol"] = evolution(table["ref_value"], table.get("ref_prev"))
    by_commune["de_abc_pour_1000"] = by_commune["de_abc"] / by_commune["pop_totale"] * 1000
    breakdown = series.job_seekers_breakdown(con, communes, month)
    breakdown = breakdown[breakdown["code_insee"].isna()].drop(columns="code_insee")
    if reference:
        # The reference's coverage of the comparison: for job seekers, only $month counts.
        covered = series.coverage(con, territory_communes(reference), *_bounds(year), month)
        ref_b = series.job_seekers_breakdown(con, sorted(covered.get("job_seekers", ())), month)
        ref_b = ref_b[ref_b["code_insee"].isna()][["dimension", "modality", "de_abc"]]
        breakdown = breakdown.merge(ref_b.rename(columns={"de_abc": "ref_de_abc"}),
                                    on=["dimension", "modality"], how="left")
    else:
        breakdown["ref_de_abc"] = math.nan
    for col in ("de_abc", "ref_de_abc"):
        totals = breakdown.groupby("dimension")[col].transform("sum")
        breakdown[col.replace("de_abc", "share")] = breakdown[col] / totals.where(totals > 0)
    return {
        "month": month, "prev_month": prev, "table": table, "by_commune": by_commune,
        "monthly": series.job_seekers_monthly(con, communes, month),
        "breakdown": breakdown,
    }


@_page
def plie_page(con, territory: str, communes: tuple[str, ...], year: int,
              reference: str | None) -> dict:
    start, end = _bounds(year)
    by_commune, table = compare(con, territory, communes, year, reference, PLIE_IDS,
                                previous=True)
    by_commune["qpv_share"] = ratio(by_commune["plie_qpv"], by_commune["plie_participants"])
    by_commune["entrees_qpv_share"] = ratio(by_commune["plie_entrees_qpv"],
                                             by_commune["plie_nouvelles_entrees"])
    by_commune["pour_1000"] = ratio(by_commune["plie_participants"],
                                     by_commune["pop_totale"]) * 1000
    steps = series.plie_steps_by_type(con, communes, start, end)
    families = steps.groupby("family", sort=False)[
        ["plie_etapes", "plie_etapes_demarrees_annee"]].sum().reset_index()
    reasons = series.plie_exit_reasons(con, communes, start, end)
    reasons = reasons.sort_values(["exit_kind", "plie_sorties"], ascending=[True, False],
                                  key=lambda c: c.map(EXIT_KINDS.index)
                                  if c.name == "exit_kind" else c, kind="stable")
    prescribers = series.plie_prescribers(con, communes, start, end)
    total = prescribers["plie_nouvelles_entrees"].sum()
    prescribers["share"] = prescribers["plie_nouvelles_entrees"] / total if total else math.nan
    return {
        "has_data": table["covered"].max() > 0, "table": table, "by_commune": by_commune,
        "exit_reasons": reasons.reset_index(drop=True), "steps": steps, "step_families": families,
        "prescribers": prescribers, "profile": _plie_profile(table),
        "definitions": definitions(territory),
    }


EXIT_KINDS = ["positive", "neutre", "autre", "inconnu"]
# Profile lines: (key, indicator among participants, indicator among new entries)
PLIE_PROFILE = [("femmes", "plie_femmes", "plie_entrees_femmes"),
                ("seniors", "plie_seniors", "plie_entrees_seniors"),
                ("rsa", "plie_rsa", "plie_entrees_rsa"),
                ("niveau_bas", "plie_niveau_bas", "plie_entrees_niveau_bas"),
                ("qpv", "plie_qpv", "plie_entrees_qpv")]


def _plie_profile(table: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for key, stock, entries in PLIE_PROFILE:
        rows.append({"key": key, "participants": table.at[stock, "value"],
                     "share": table.at[stock, "measure"],
                     "entrees": table.at[entries, "value"],
                     "entrees_share": table.at[entries, "measure"],
                     "ref_share": table.at[stock, "ref_measure"]})
    return pd.DataFrame(rows)


def definitions(territory: str) -> dict:
    """The territory's own definition words: senior age, low education level."""
    params = series.territory_params(territory)
    return {"senior_age": params["senior_age"],
            "low_level": registry.LOW_LEVEL_LABELS.get(params["low_level_max"], "CAP"),
            "fte_hours": params["fte_hours"]}


@_page
def ml_page(con, territory: str, communes: tuple[str, ...], year: int,
            reference: str | None) -> dict:
    start, end = _bounds(year)
    by_commune, table = compare(con, territory, communes, year, reference, ML_IDS,
                                previous=True)
    for col, num, den in (("pour_1000", "ml_jeunes_accompagnes", "pop_totale"),
                          ("cej_pour_1000", "cej_accompagnes", "pop_totale")):
        by_commune[col] = ratio(by_commune[num], by_commune[den]) * 1000
    programmes = pd.DataFrame([
        {"programme": p, "accompagnes": table.at[f"{k}_accompagnes", "value"],
         "entrees": table.at[f"{k}_entrees", "value"],
         "solution": table.at["cej_jeunes_solution", "value"] if k == "cej" else math.nan}
        for p, k in (("CEJ", "cej"), ("PACEA", "pacea"))])
    shares = table.loc[["cej_jeunes_solution", "cej_entrees_qpv"],
                       ["measure", "ref_measure"]].reset_index()
    return {
        "has_data": table["covered"].max() > 0, "table": table, "by_commune": by_commune,
        "programmes": programmes, "shares": shares,
        "monthly": series.ml_activity_monthly(con, communes, start, end),
        "situations": series.ml_situations(con, communes, start, end),
        "aid": series.financial_aid_by_scheme(con, communes, start, end),
    }


@_page
def mde_page(con, territory: str, communes: tuple[str, ...], year: int,
             reference: str | None) -> dict:
    start, end = _bounds(year)
    by_commune, table = compare(con, territory, communes, year, reference, MDE_IDS,
                                previous=True)
    events = series.mde_events_list(con, communes, start, end)
    return {
        "table": table, "by_commune": by_commune, "events": events,
        "quarters": series.mde_events_by_quarter(events, year),
        "clauses_monthly": series.clause_hours_monthly(con, communes, start, end),
        "fte_hours": series.territory_params(territory)["fte_hours"],
    }


@_page
def qpv_page(con, territory: str, communes: tuple[str, ...], year: int,
             reference: str | None) -> dict:
    start, end = _bounds(year)
    residents = series.qpv_residents(con, communes, start, end)
    ref = pd.DataFrame(columns=["population", "personnes", "personnes_qpv"])
    if reference:
        covered = series.coverage(con, territory_communes(reference), start, end)
        frames = []
        for source, pops in (("plie", QPV_POPULATIONS[:2]), ("ml", QPV_POPULATIONS[2:])):
            codes = sorted(covered.get(source, ()))
            if codes:
                r = series.qpv_residents(con, codes, start, end)
                frames.append(r[(r["level"] == "total") & r["population"].isin(pops)])
        if frames:
            ref = pd.concat(frames)[["population", "personnes", "personnes_qpv"]]
    ref = ref.set_index("population")
    totals = residents[residents["level"] == "total"].set_index("population")
    summary = pd.DataFrame({"population": QPV_POPULATIONS})
    summary["personnes"] = summary["population"].map(totals["personnes"])
    summary["personnes_qpv"] = summary["population"].map(totals["personnes_qpv"])
    summary["share"] = ratio(summary["personnes_qpv"], summary["personnes"])
    summary["ref_share"] = ratio(summary["population"].map(ref["personnes_qpv"]),
                                  summary["population"].map(ref["personnes"]))
    by_commune = {}
    for pop in QPV_POPULATIONS:
        if pop not in totals.index:
            continue
        rows = residents[(residents["population"] == pop) & (residents["level"] != "qpv")]
        frame = pd.DataFrame({"code_insee": [*communes, None]})
        keyed = rows.set_index(rows["code_insee"].fillna(""))
        for col in ("personnes", "personnes_qpv"):
            frame[col] = frame["code_insee"].fillna("").map(keyed[col]).fillna(0)
        frame["share"] = ratio(frame["personnes_qpv"], frame["personnes"])
        by_commune[pop] = series.name_communes(frame)
    quartiers = series.name_communes(residents[residents["level"] == "qpv"].copy())
    return {"summary": summary, "by_commune": by_commune, "quartiers": quartiers,
            "qpv": series.qpv_list(communes)}


@_page
def commune_page(con, territory: str, commune: str, year: int, reference: str | None) -> dict:
    """One commune against its territory (rank, territory measure) and the reference, with
    its key figures of the year and the year before (`queries.figures.key_figures`)."""
    inds = registry.indicators()
    ids = [i for i, ind in inds.items() if not ind.hidden and i != "nb_communes"]
    communes = territory_communes(territory)
    month = latest_job_seeker_month(con, communes, year)
    by_commune, table = compare(con, territory, communes, year, reference, ids, month)
    table = table.rename(columns={"value": "territory_value", "measure": "territory_measure",
                                  "covered": "territory_covered"})
    body = by_commune[by_commune["code_insee"].notna()].set_index("code_insee")
    kf = key_figures(con, territory, year, commune).set_index("indicator")
    table = table.join(kf[["label", "family", "unit", "part_of", "value", "previous_value",
                           "evolution_pct", "share", "period", "reference_date",
                           "definition"]])
    table["measure"] = [commune_measures(body, inds[i], k).get(commune, math.nan)
                        for i, k in table["kind"].items()]
    table["rank"], table["ranked"] = ranks(body, table, commune)
    start, end = _bounds(year)
    monthly = series.job_seekers_monthly(con, [commune], month) if month else pd.DataFrame()
    return {"month": month, "table": table.reset_index(), "monthly": monthly,
            "qpv": series.qpv_list([commune]),
            "qpv_residents": series.qpv_residents(con, [commune], start, end),
            "population": body.at[commune, "pop_totale"] if commune in body.index else math.nan}
