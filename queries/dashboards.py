"""What each dashboard page needs, in one call: the selection's frames and the reference's,
as the viewer's audience may see them.

One function per page (`job_seekers_page`, `plie_page`, …), each returning a dict of
small DataFrames built by `queries.series`; the page caches that one call. Every function
takes the viewer's `audience` (`queries.masking.AUDIENCES`) and every frame it returns has
gone through the statistical secret (`queries.masking`): each frame has a rule in the
page's `RULES`, which classifies each numeric column, so a page, chart, map or download
never receives an unmasked person count for an élu or a lecteur. Frames that repeat the
figures of another one (the PLIE profile, the programmes of the Mission Locale) are built
after the secret, from the protected frame, so that both say the same.

A comparison with the reference territory uses only the communes its imports cover
(`data_coverage`): a rate per 1 000 inhabitants of the whole Nord would otherwise divide
the job seekers of two territories by two and a half million inhabitants.
"""

import functools
import inspect
import math

import pandas as pd

from queries import figures as fig
from queries import masking, qpv, references, registry, runner, secret, series
from queries.comparison import CommuneScales, compare, evolution, ratio
from queries.context import latest_job_seeker_month, territory_communes, year_bounds
from queries.figures import key_figures
from queries.masking import Figures, Table, flag, is_hidden
from queries.runner import within_one_page

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
QPV_POPULATIONS = [p for _source, pops in references.QPV_SOURCES for p in pops]


# -- the secret's rules ------------------------------------------------------------------------
# The selection's indicators with the year before and the reference (`compare`'s table).
COMPARED = Figures(values=("value", "prev", "ref_value", "ref_prev"),
                   derived={"measure": ("value",), "evol": ("value", "prev"),
                            "ref_measure": ("ref_value",), "ref_evol": ("ref_value", "ref_prev")},
                   public=("covered", "communes", "ref_covered", "ref_communes"),
                   unknown={"measure": "unknown", "ref_measure": "ref_unknown"})
MONTHLY_JOB_SEEKERS = Table(counts=("de_abc", "de_a"),
                            windows={"de_abc_tendance": ("de_abc", 12),
                                     "de_a_tendance": ("de_a", 12)},
                            public=("secret_cells", "communes_reported"))
NO_NUMBERS = Table()


def commune_rule(ids, derived: dict | None = None, counts=()) -> Table:
    """The rule of a per-commune table (`compare`'s first frame) holding `ids`: person
    counts masked against the total row, exhaustive groups within a row, rates and means
    with the counts they are built on, the rest public."""
    inds = registry.indicators()
    ids = [i for i in registry.indicators() if i in set(comparison_ids(ids))]
    person = tuple(i for i in ids if secret.is_person_count(inds[i])) + tuple(counts)
    built = {i: (inds[i].numerator, inds[i].denominator) for i in ids if inds[i].is_ratio}
    built |= {i: tuple(base) for i, base in secret.DERIVED.items() if i in ids}
    built |= derived or {}
    # counts of persons' events (steps…): small, or with the persons they belong to
    events = {i: tuple(base) for i, base in secret.EVENTS.items()
              if i in ids and i not in person and i not in built}
    public = tuple(i for i in ids if i not in person and i not in built
                   and i not in events) + ("pop_totale",)
    groups = tuple((t, tuple(p)) for t, p in secret.EXHAUSTIVE_GROUPS)
    return Table(counts=person, derived=built, public=public, total="code_insee",
                 row_groups=groups, events=events)


def comparison_ids(ids) -> list[str]:
    from queries.comparison import with_parents

    return with_parents(list(ids))


def page(rules, views=None, keep_shown: bool = False):
    """Decorator of a page function: its queries run within one page
    (`runner.within_one_page`), and its figures are kept for the store version
    (`runner.kept`, by its arguments: the territory, the communes, the year…), before the
    secret; every frame it returns is then protected for the audience by its rule in
    `rules` (a dict, or a function of the page's parameters giving one), then
    `views(data)` adds the frames built from protected ones. (A France-wide page: its
    Python over 35 000 communes cost more than its queries; a prepared version holds the
    default views' figures, and each audience's secret is applied to them.)
    `keep_shown`: the protected frames and their views are kept too, per audience (the
    QPV page's views cost France 100 to 200 ms, asked by a fiche and the AG slides)."""
    def decorate(fn):
        signature = inspect.signature(fn)
        inner = runner.kept(within_one_page(fn))

        def shown(con, audience: str, *values):
            data = inner(con, *values)
            chosen = rules(*values) if callable(rules) else rules
            data = masking.protect_all(data, chosen, audience)
            return views(data) if views else data

        shown.__qualname__ = f"{fn.__qualname__}.shown"
        shown.__module__ = fn.__module__
        show = runner.kept(shown) if keep_shown else shown

        @functools.wraps(fn)
        def wrapped(con, *args, audience: str, **kwargs):
            masking.masks(audience)  # refuses an unknown audience
            bound = signature.bind(con, *args, **kwargs)
            bound.apply_defaults()
            # positional, hashable (a list of communes as a tuple): the result's name
            values = [tuple(v) if isinstance(v, list) else v
                      for v in list(bound.arguments.values())[1:]]
            return show(con, audience, *values)
        return wrapped
    return decorate


def _cell(table: pd.DataFrame, row, column: str, name: str | None = None) -> dict:
    """One protected cell as {name: value, flag(name): hidden}."""
    name = name or column
    return {name: table.at[row, column], flag(name): is_hidden(table, row, column)}


# -- pages -----------------------------------------------------------------------------------
JOB_SEEKER_RULES = {
    "table": COMPARED,
    "by_commune": commune_rule(JOB_SEEKER_IDS, counts=("de_abc_prev", "de_a_prev"),
                               derived={"de_abc_evol": ("de_abc", "de_abc_prev"),
                                        "de_a_evol": ("de_a", "de_a_prev"),
                                        "de_abc_pour_1000": ("de_abc",)}),
    "monthly": MONTHLY_JOB_SEEKERS,
    # the modalities of a dimension add up to the job seekers shown above them
    "breakdown": Table(counts=("de_abc", "ref_de_abc"),
                       derived={"share": ("de_abc",), "ref_share": ("ref_de_abc",)},
                       parts=True, by="dimension"),
}


@page(JOB_SEEKER_RULES)
def job_seekers_page(con, territory: str, communes: tuple[str, ...], year: int,
                     reference: str | None) -> dict:
    month = latest_job_seeker_month(con, list(communes), year)
    if month is None:
        return {"month": None}
    prev = series.months_before(month, 12)
    by_commune, table = compare(con, territory, communes, year, reference, JOB_SEEKER_IDS, month,
                                keep=False)
    before, before_table = compare(con, territory, communes, prev.year, reference,
                                   ["de_abc", "de_a"], prev, keep=False)
    before = before.set_index(before["code_insee"].fillna(""))
    for col in ("de_abc", "de_a"):
        by_commune[f"{col}_prev"] = by_commune["code_insee"].fillna("").map(before[col])
        by_commune[f"{col}_evol"] = evolution(by_commune[col], by_commune[f"{col}_prev"])
        table.loc[col, "prev"] = before_table.at[col, "value"]
        table.loc[col, "ref_prev"] = before_table.at[col, "ref_value"]
    table["evol"] = evolution(table["value"], table.get("prev"))
    # the same communes both years: one the producer hid either year is left out of both
    if (alike := fig.alike_communes(con, list(communes), None, month, prev)) is not None:
        total = by_commune["code_insee"].isna()  # (the per-commune table's total row too)
        for col in ("de_abc", "de_a"):
            table.loc[col, "evol"] = fig.alike_evolution(alike, col)
            by_commune.loc[total, f"{col}_evol"] = table.at[col, "evol"]
    table["ref_evol"] = evolution(table["ref_value"], table.get("ref_prev"))
    by_commune["de_abc_pour_1000"] = by_commune["de_abc"] / by_commune["pop_totale"] * 1000
    breakdown = series.job_seekers_breakdown(con, communes, month)
    breakdown = breakdown[breakdown["code_insee"].isna()].drop(columns="code_insee")
    if reference:
        ref_b = references.job_seekers_breakdown(con, reference, year, month)
        breakdown = breakdown.merge(ref_b.rename(columns={"de_abc": "ref_de_abc"}),
                                    on=["dimension", "modality"], how="left")
    else:
        breakdown["ref_de_abc"] = math.nan
    # shares of the whole stock (the key figures' « dont … (51,0 %) »), not of the
    # modalities the files give: a Dares file gives category A beside the A, B, C total,
    # not B nor C (A is 57 % of the stock, not 100 % of the known categories), and a
    # cell under secret (a small commune's women) is missing from its dimension only
    for col, stock in (("de_abc", "value"), ("ref_de_abc", "ref_value")):
        totals = breakdown.groupby("dimension")[col].transform("sum")
        whole = table.at["de_abc", stock] if stock in table.columns else math.nan
        if not pd.isna(whole) and whole > 0:
            totals = totals.where(totals.isna(), whole)
        breakdown[col.replace("de_abc", "share")] = breakdown[col] / totals.where(totals > 0)
    return {
        "month": month, "prev_month": prev, "table": table, "by_commune": by_commune,
        "monthly": series.job_seekers_monthly(con, communes, month),
        "breakdown": breakdown,
        # a later month with rows for fewer communes, which the figures leave out (or None)
        "partial": series.partial_job_seeker_month(con, communes, year, month),
    }


PLIE_RULES = {
    "table": COMPARED,
    "by_commune": commune_rule(PLIE_IDS, derived={
        # a share of the known answers: hidden with a small number of unknown ones too
        "qpv_share": ("plie_qpv", "plie_participants", "plie_qpv_inconnu"),
        "entrees_qpv_share": ("plie_entrees_qpv", "plie_nouvelles_entrees",
                              "plie_entrees_qpv_inconnu"),
        "pour_1000": ("plie_participants",)}),
    # exits by reason add up to the exits of their kind (positive, neutral…), shown above
    "exit_reasons": Table(counts=("plie_sorties",), parts=True, by="exit_kind"),
    # steps are events of the participants who have them: a small number of steps bounds
    # a small number of participants
    "steps": Table(counts=("plie_etapes_participants",),
                   events={c: ("plie_etapes_participants",) for c in (
                       "plie_etapes", "plie_etapes_demarrees_annee",
                       "plie_etapes_qualifiantes")},
                   # the types' steps add up to their family's and to the year's, shown
                   # on the page (their participants and qualifying steps do not)
                   parts=("plie_etapes", "plie_etapes_demarrees_annee"), by="family"),
    # the families' steps add up to the year's steps, shown above them
    "step_families": Table(events={"plie_etapes": (), "plie_etapes_demarrees_annee": ()},
                           parts=True),
    "prescribers": Table(counts=("plie_nouvelles_entrees",),
                         derived={"share": ("plie_nouvelles_entrees",)}, parts=True),
}


def _plie_views(data: dict) -> dict:
    if "table" in data:
        data["profile"] = _plie_profile(data["table"])
    return data


@page(PLIE_RULES, _plie_views)
def plie_page(con, territory: str, communes: tuple[str, ...], year: int,
              reference: str | None) -> dict:
    start, end = year_bounds(year)
    by_commune, table = compare(con, territory, communes, year, reference, PLIE_IDS, keep=False,
                                previous=True)
    # QPV shares are of the participants whose QPV residence is known
    by_commune["qpv_share"] = ratio(by_commune["plie_qpv"], by_commune["plie_participants"]
                                    - by_commune["plie_qpv_inconnu"].fillna(0))
    by_commune["entrees_qpv_share"] = ratio(
        by_commune["plie_entrees_qpv"],
        by_commune["plie_nouvelles_entrees"] - by_commune["plie_entrees_qpv_inconnu"].fillna(0))
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
        "prescribers": prescribers, "definitions": definitions(territory),
    }


EXIT_KINDS = ["positive", "neutre", "autre", "inconnu"]
# Profile lines: (key, indicator among participants, indicator among new entries)
PLIE_PROFILE = [("femmes", "plie_femmes", "plie_entrees_femmes"),
                ("seniors", "plie_seniors", "plie_entrees_seniors"),
                ("rsa", "plie_rsa", "plie_entrees_rsa"),
                ("niveau_bas", "plie_niveau_bas", "plie_entrees_niveau_bas"),
                ("qpv", "plie_qpv", "plie_entrees_qpv")]


def _plie_profile(table: pd.DataFrame) -> pd.DataFrame:
    """The profile lines, cut from the protected table (same cells, same secret).
    `unavailable`: no imported file answers the line for anyone, participants nor entries
    (the queries give NULL, not 0: plie_participants.sql), and the secret hides neither."""
    rows = []
    for key, stock, entries in PLIE_PROFILE:
        row = {"key": key, **_cell(table, stock, "value", "participants"),
               **_cell(table, stock, "measure", "share"),
               **_cell(table, entries, "value", "entrees"),
               **_cell(table, entries, "measure", "entrees_share"),
               **_cell(table, stock, "ref_measure", "ref_share")}
        row["unavailable"] = all(pd.isna(row[c]) and not row[flag(c)]
                                 for c in ("participants", "entrees"))
        rows.append(row)
    return pd.DataFrame(rows)


def definitions(territory: str) -> dict:
    """The territory's own definition words: senior age, low education level."""
    params = series.territory_params(territory)
    return {"senior_age": params["senior_age"],
            "low_level": registry.LOW_LEVEL_LABELS.get(params["low_level_max"], "CAP"),
            "fte_hours": params["fte_hours"]}


ML_RULES = {
    "table": COMPARED,
    "by_commune": commune_rule(ML_IDS, derived={"pour_1000": ("ml_jeunes_accompagnes",),
                                                "cej_pour_1000": ("cej_accompagnes",)}),
    # new registrations of the months add up to the year's, shown above
    # interviews, workshops and other contacts are events of the young people who have
    # them, one row per young person (a workshop attended by one tells that one came): a
    # small number bounds a small number of persons
    "monthly": Table(counts=("ml_nouveaux_inscrits", "ml_jeunes_entretien"),
                     events={"ml_entretiens": ("ml_jeunes_entretien",), "ml_contacts": (),
                             "ml_ateliers": (), "ml_contacts_distance": (),
                             "ml_contacts_autres": ()},
                     parts=True),
    # situations of fewer young people than the threshold are hidden with them
    "situations": Table(counts=("ml_jeunes_situation",),
                        derived={"ml_situations": ("ml_jeunes_situation",)}, parts=True),
    # amounts and payments to fewer beneficiaries than the threshold describe them
    "aid": Table(counts=("beneficiaires",), derived={"montant": ("beneficiaires",),
                                                     "versements": ("beneficiaires",)},
                 parts=True),
}


def _ml_views(data: dict) -> dict:
    """Programmes and shares, cut from the protected table (same cells, same secret)."""
    if "table" not in data:
        return data
    table = data["table"]
    rows = []
    for p, k in (("CEJ", "cej"), ("PACEA", "pacea")):
        row = {"programme": p, **_cell(table, f"{k}_accompagnes", "value", "accompagnes"),
               **_cell(table, f"{k}_entrees", "value", "entrees")}
        row |= (_cell(table, "cej_jeunes_solution", "value", "solution") if k == "cej"
                else {"solution": math.nan, flag("solution"): False})
        rows.append(row)
    data["programmes"] = pd.DataFrame(rows)
    data["shares"] = pd.DataFrame([
        {"indicator": i, **_cell(table, i, "measure"), **_cell(table, i, "ref_measure")}
        for i in ("cej_jeunes_solution", "cej_entrees_qpv")])
    return data


@page(ML_RULES, _ml_views)
def ml_page(con, territory: str, communes: tuple[str, ...], year: int,
            reference: str | None) -> dict:
    start, end = year_bounds(year)
    by_commune, table = compare(con, territory, communes, year, reference, ML_IDS, keep=False,
                                previous=True)
    for col, num, den in (("pour_1000", "ml_jeunes_accompagnes", "pop_totale"),
                          ("cej_pour_1000", "cej_accompagnes", "pop_totale")):
        by_commune[col] = ratio(by_commune[num], by_commune[den]) * 1000
    return {
        "has_data": table["covered"].max() > 0, "table": table, "by_commune": by_commune,
        "monthly": series.ml_activity_monthly(con, communes, start, end),
        # an extraction without its contacts sheet: the chart of contacts says so, instead
        # of twelve months of 0
        "contacts_available": not fig.absent_indicators(con, ["ml_contacts"], list(communes),
                                                        start, end),
        "situations": series.ml_situations(con, communes, start, end),
        "aid": series.financial_aid_by_scheme(con, communes, start, end),
    }


MDE_RULES = {
    "table": COMPARED,
    "by_commune": commune_rule(MDE_IDS),
    "events": Table(public=("quarter", "exhibitors", "participants", "interviews")),
    # events, not persons: the fairs the Maison de l'Emploi attended
    "participations": Table(public=("quarter",)),
    "quarters": Table(public=("quarter", "evt_organises", "evt_exposants", "evt_participants",
                              "evt_entretiens", "evt_participations")),
    # hours of fewer residents than the threshold describe them: hidden with their count
    "clauses_monthly": Table(counts=("clause_personnes",),
                             derived={"clause_heures": ("clause_personnes",)},
                             public=("clause_heures_sites",)),
}


@page(MDE_RULES)
def mde_page(con, territory: str, communes: tuple[str, ...], year: int,
             reference: str | None) -> dict:
    start, end = year_bounds(year)
    by_commune, table = compare(con, territory, communes, year, reference, MDE_IDS, keep=False,
                                previous=True)
    events = series.mde_events_list(con, communes, start, end)
    participations = series.mde_participations(con, communes, start, end)
    return {
        "table": table, "by_commune": by_commune, "events": events,
        "participations": participations,
        "quarters": series.mde_events_by_quarter(events, year, participations),
        "clauses_monthly": series.clause_hours_monthly(con, communes, start, end),
        "fte_hours": series.territory_params(territory)["fte_hours"],
    }


# residents of a QPV, and persons whose QPV residence is unknown (`personnes_qpv_inconnu`,
# left out of the share), are « dont » lines of the persons followed: hidden with them
QPV_COUNTS = ("personnes", "personnes_qpv", "personnes_qpv_inconnu")
QPV_DONT = (("personnes", ("personnes_qpv", "personnes_qpv_inconnu")),)
# the reference's counts, carried so that its share is hidden with them: a reference whose
# imports cover only the territory's communes (a département outside the Nord) is the
# territory itself, and its share would show the one hidden beside it
QPV_REF_COUNTS = tuple(f"ref_{c}" for c in QPV_COUNTS)
QPV_RULES = {
    # a share of the known answers: hidden with a small number of unknown ones too
    "summary": Table(counts=QPV_COUNTS + QPV_REF_COUNTS,
                     derived={"share": QPV_COUNTS, "ref_share": QPV_REF_COUNTS},
                     public=("ref_covered", "ref_communes"),
                     dont=QPV_DONT),
    "by_commune": Table(counts=QPV_COUNTS, derived={"share": QPV_COUNTS}, total="code_insee",
                        dont=QPV_DONT),
    # the residents of each QPV add up to the selection's QPV residents, shown above
    "quartiers": Table(counts=QPV_COUNTS, parts=True, by="population", dont=QPV_DONT),
    "qpv": NO_NUMBERS,
}


@page(QPV_RULES)
def qpv_page(con, territory: str, communes: tuple[str, ...], year: int,
             reference: str | None) -> dict:
    start, end = year_bounds(year)
    residents = series.qpv_residents(con, communes, start, end)
    ref = pd.DataFrame(columns=["population", *QPV_COUNTS, "ref_covered", "ref_communes"])
    if reference:
        theirs = references.qpv_residents(con, reference, year)
        if not theirs.empty:
            ref = theirs[["population", *QPV_COUNTS, "ref_covered", "ref_communes"]]
    ref = ref.set_index("population")
    totals = residents[residents["level"] == "total"].set_index("population")
    summary = pd.DataFrame({"population": QPV_POPULATIONS})
    for col in QPV_COUNTS:
        summary[col] = summary["population"].map(totals[col])
    # the share is of the persons whose QPV residence is known
    summary["share"] = ratio(summary["personnes_qpv"],
                             summary["personnes"] - summary["personnes_qpv_inconnu"])
    for col in QPV_COUNTS:
        summary[f"ref_{col}"] = summary["population"].map(ref[col]).astype("float64")
    summary["ref_share"] = ratio(summary["ref_personnes_qpv"],
                                 summary["ref_personnes"] - summary["ref_personnes_qpv_inconnu"])
    # the reference's communes its source covers: its share is theirs (a legend says it)
    for col in ("ref_covered", "ref_communes"):
        summary[col] = summary["population"].map(ref[col]).astype("float64")
    by_commune = {}
    for pop in QPV_POPULATIONS:
        if pop not in totals.index:
            continue
        rows = residents[(residents["population"] == pop) & (residents["level"] != "qpv")]
        frame = pd.DataFrame({"code_insee": [*communes, None]})
        keyed = rows.set_index(rows["code_insee"].fillna(""))
        for col in QPV_COUNTS:
            frame[col] = frame["code_insee"].fillna("").map(keyed[col]).fillna(0)
        frame["share"] = ratio(frame["personnes_qpv"],
                               frame["personnes"] - frame["personnes_qpv_inconnu"])
        by_commune[pop] = series.name_communes(frame)
    quartiers = series.name_communes(residents[residents["level"] == "qpv"].copy())
    return {"summary": summary, "by_commune": by_commune, "quartiers": quartiers,
            "qpv": series.qpv_list(communes)}


COMMUNE_RULES = {
    # a figure that secondary suppression hides in the territory's per-commune table
    # (`table_secret`) is hidden here too
    "table": Figures(key="indicator",
                     values=("value", "previous_value", "territory_value", "ref_value"),
                     derived={"measure": ("value",), "evolution_pct": ("value", "previous_value"),
                              "share": ("value",), "rank": ("value",),
                              "territory_measure": ("territory_value",),
                              "ref_measure": ("ref_value",)},
                     public=("territory_covered", "communes", "ref_covered", "ref_communes",
                             "ranked"),
                     forced={"value": "table_secret"},
                     unknown={"share": "unknown", "measure": "unknown", "rank": "unknown",
                              "territory_measure": "territory_unknown",
                              "ref_measure": "ref_unknown"}),
    "monthly": MONTHLY_JOB_SEEKERS,
    "qpv": NO_NUMBERS,
}


@page(COMMUNE_RULES)
def commune_page(con, territory: str, commune: str, year: int, reference: str | None) -> dict:
    """One commune against its territory (rank, territory measure) and the reference, with
    its key figures of the year and the year before (`queries.figures.key_figures`)."""
    inds = registry.indicators()
    ids = [i for i, ind in inds.items() if not ind.hidden and i != "nb_communes"]
    communes = territory_communes(territory)
    month = latest_job_seeker_month(con, communes, year)
    scales, table = _commune_scales(con, territory, year, reference, tuple(ids), month)
    table = table.rename(columns={"value": "territory_value", "measure": "territory_measure",
                                  "unknown": "territory_unknown",
                                  "covered": "territory_covered"})
    kf = key_figures(con, territory, year, commune).set_index("indicator")
    table = table.join(kf[["label", "family", "unit", "part_of", "value", "previous_value",
                           "evolution_pct", "share", "unknown", "period", "reference_date",
                           "definition"]])
    # the commune's recipients of aid, which the secret reads (rows `compare` added)
    if bases := [b for b in secret.bases_of(ids) if b in table.index]:
        own = fig.hidden_values(con, territory, year, commune, tuple(bases))
        table.loc[bases, "value"] = own["value"].to_numpy()
        table.loc[bases, "previous_value"] = own["previous_value"].to_numpy()
    table["measure"], table["rank"], table["ranked"] = scales.ranks(commune)
    hidden = _compared_secret(con, territory, year, reference, tuple(ids), month)
    table["table_secret"] = table.index.isin(hidden.of(commune))
    monthly = series.job_seekers_monthly(con, [commune], month) if month else pd.DataFrame(
        columns=["month", "de_abc", "de_a", "de_abc_tendance", "de_a_tendance"])
    return {"month": month, "table": table.reset_index(), "monthly": monthly,
            "qpv": series.qpv_list([commune]), "population": scales.population_of(commune)}


@runner.kept
def _commune_scales(con, territory: str, year: int, reference: str | None, ids: tuple,
                    month) -> list:
    """The territory's comparison table and its communes' measures and ranks
    (`comparison.CommuneScales`), once for all its communes: « Ma commune », its fiche
    and the AG slides ask for them commune by commune."""
    by_commune, table = compare(con, territory, territory_communes(territory), year,
                                reference, list(ids), month)
    body = by_commune[by_commune["code_insee"].notna()].set_index("code_insee")
    return [CommuneScales(body, table), table]


@runner.kept
def _compared_secret(con, territory: str, year: int, reference: str | None, ids: tuple,
                     month) -> masking.SecretRows:
    """`masking.table_secret` of the territory's per-commune table on « Ma commune », once
    for all its communes."""
    by_commune, _table = compare(con, territory, territory_communes(territory), year,
                                 reference, list(ids), month)
    return masking.SecretRows(masking.table_secret(by_commune, list(ids)))


@page(lambda territory, year, ids: {"by_commune": commune_rule(ids)})
def map_page(con, territory: str, year: int, ids: tuple[str, ...]) -> dict:
    """The per-commune table of a map (`figures.by_commune`: every commune of the
    territory and the total row), its person counts protected like the pages' tables."""
    return {"by_commune": fig.by_commune(con, territory, year, list(ids))}


# -- quartiers prioritaires: the ONPV files ---------------------------------------------------
# Job seekers of the ONPV files are person counts (already published, but counts all the
# same), under the secret for officials; population and employment rates are public. The
# quarters outside the total (lying partly outside the territory) are their own group.
QPV_ONPV_RULES = {
    "quartiers": Table(counts=tuple(qpv.count_ids()),
                       derived={s: (c, "qpv_de_abc") for s, c in qpv.share_ids().items()},
                       public=("qpv_population", "qpv_taux_emploi", "similarity",
                               "generation", "generation_demo"),
                       total="qpv_code", by="in_total"),
    # each millésime is protected as the latest one is in « quartiers » (same rows, same
    # rule for these columns), so that no cell hidden there shows here
    "evolution": Table(counts=("qpv_de_abc", "qpv_de_a"), public=("qpv_population", "year"),
                       total="qpv_code", by="group"),
    "job_seekers": Table(counts=tuple(qpv.JOB_SEEKER_COLUMNS),
                         derived={f"{c}_part": (c, "de_abc") for c in qpv.JOB_SEEKER_COLUMNS[1:]},
                         total="code_insee"),
    "orphans": NO_NUMBERS,
}


def _qpv_onpv_views(data: dict) -> dict:
    """The selection's rows, and the frames combining protected ones (sums per commune,
    shares of job seekers, comparisons, evolutions): a figure with a hidden part is
    hidden."""
    scope = data["scope"]
    quartiers = data["quartiers"]
    communes = qpv.communes_frame(quartiers, data["job_seekers"])
    shown = qpv.restrict(quartiers, scope)
    codes = set(shown["qpv_code"].dropna())
    comparison = qpv.comparison(quartiers, data["job_seekers"])
    evolution = qpv.evolution_table(data["evolution"])
    keep = evolution["qpv_code"].isna() | evolution["qpv_code"].isin(codes)
    data.update(
        quartiers=shown, communes=qpv.restrict(communes, scope, "code_insee"),
        comparison=comparison[comparison["qpv_code"].isin(codes)].reset_index(drop=True),
        evolution=evolution[keep].reset_index(drop=True),
        job_seekers=qpv.restrict(data["job_seekers"], scope, "code_insee"))
    return data


@page(QPV_ONPV_RULES, _qpv_onpv_views, keep_shown=True)
def qpv_onpv_page(con, territory: str, year: int, communes: tuple[str, ...] | None = None
                  ) -> dict:
    """The ONPV figures of the quarters (2024 geography) of the territory, protected on
    the whole territory (its quarters and its total), then restricted to the quarters of
    `communes` (None: all) and the total: `quartiers` (latest millésimes up to `year`),
    `evolution` (every millésime), `communes` (per commune: job seekers living in its
    quarters and their share of the commune's), `comparison` (quarter, commune, territory),
    `job_seekers`; the years and dates used (`queries.qpv.territory_data`)."""
    data = qpv.territory_data(con, territory, year)
    data["scope"] = tuple(communes) if communes else tuple(territory_communes(territory))
    return data
