"""The dashboards' queries (`queries.series`, `queries.dashboards`) on the demo store.

Expected numbers are those printed in the seed reports, as listed in
shared/domain/indicator-catalogue.md (MNO: ALPES, rapport d'activité 2025; MELT: Mission
Emploi Lys-Tourcoing, rapport d'activité 2023), never the code's own output. The demo
data reproduce them.
"""

import datetime as dt
import math

import pytest

from queries import context, dashboards, series
from queries.context import territory_communes

Y2025 = context.year_bounds(2025)
MNO = tuple(territory_communes("mno"))
MELT = tuple(territory_communes("melt"))


def pct(x: float) -> float:
    """Round half up to one decimal, as the reports print percentages."""
    return math.floor(x * 1000 + 0.5) / 10


@pytest.fixture(scope="module")
def con(demo_store):
    return demo_store.connection()


# -- job seekers ---------------------------------------------------------------------------
def test_monthly_series_ends_on_the_report_figure(con):
    df = series.job_seekers_monthly(con, MNO, dt.date(2025, 9, 1))
    df = df.set_index(df["month"].dt.date)
    # MNO 2025, "Le territoire": 9 948 job seekers A, B, C of whom 5 884 in category A
    # at 30/09/2025; 9 211 a year earlier (+8,0 %).
    sept = df.loc[dt.date(2025, 9, 1)]
    assert (sept["de_abc"], sept["de_a"]) == (9948, 5884)
    assert df.loc[dt.date(2024, 9, 1), "de_abc"] == 9211
    # The 12-month trend needs 12 known months: none before December 2024 (data start
    # in January 2024), then the mean of the last twelve.
    assert df.loc[:dt.date(2024, 11, 1), "de_abc_tendance"].isna().all()
    last12 = df.loc[dt.date(2024, 10, 1):dt.date(2025, 9, 1), "de_abc"]
    assert len(last12) == 12
    assert sept["de_abc_tendance"] == pytest.approx(last12.mean())
    assert (df["communes_reported"] == 10).all() and (df["secret_cells"] == 0).all()


def test_monthly_series_of_melt(con):
    df = series.job_seekers_monthly(con, MELT, dt.date(2023, 12, 1))
    df = df.set_index(df["month"].dt.date)
    assert df.loc[dt.date(2023, 12, 1), "de_abc"] == 18367  # MELT 2023 report


def test_breakdown_at_the_report_date(con):
    df = series.job_seekers_breakdown(con, MNO, dt.date(2025, 9, 1))
    total = df[df["code_insee"].isna()].set_index(["dimension", "modality"])["de_abc"]
    # MNO 2025: 1 422 under 25, 2 300 aged 50+, 5 029 women, 3 943 registered 12 months+
    assert total["age_band", "moins_25"] == 1422
    assert total["age_band", "50_plus"] == 2300
    assert total["sex", "F"] == 5029
    assert total["duration_band", "12_23m"] + total["duration_band", "24m_plus"] == 3943
    for dim in ("age_band", "sex", "duration_band", "category"):
        assert total[dim].sum() == 9948  # every breakdown adds up to the whole stock


def test_job_seekers_page_evolutions(con):
    data = dashboards.job_seekers_page(con, "mno", MNO, 2025, "nord", audience="gestionnaire")
    table = data["table"]
    assert round(table.at["de_abc", "evol"], 1) == 8.0  # "+8,0 %" in the report
    assert round(table.at["de_a", "evol"], 1) == 9.7  # "+9,7 %"
    assert data["prev_month"] == dt.date(2024, 9, 1)
    share = data["breakdown"].set_index(["dimension", "modality"])["share"]
    assert round(share["age_band", "moins_25"] * 100) == 14  # "14 %"


# -- PLIE ------------------------------------------------------------------------------------
T2 = {  # MNO 2025, PLIE per commune: participants, QPV, entries, QPV entries, positive exits
    "La Madeleine": (76, 0, 30, 0, 12),
    "Lambersart": (160, 33, 67, 11, 18),
    "Lompret": (2, 0, 1, 0, 0),
    "Marcq-en-Barœul": (83, 14, 30, 7, 12),
    "Marquette-lez-Lille": (28, 0, 12, 0, 7),
    "Pérenchies": (27, 0, 12, 0, 4),
    "Quesnoy-sur-Deûle": (24, 0, 12, 0, 0),
    "Saint-André-lez-Lille": (46, 0, 11, 0, 10),
    "Verlinghem": (2, 0, 1, 0, 0),
    "Wambrechies": (15, 0, 10, 0, 2),
    "Total": (463, 47, 186, 18, 65),
}


def test_t2_per_commune_unmasked_equals_the_report(con):
    data = dashboards.plie_page(con, "mno", MNO, 2025, None, audience="gestionnaire")
    df = data["by_commune"].set_index("commune")
    got = {c: tuple(int(df.loc[c, i]) for i in dashboards.T2_IDS) for c in df.index}
    assert got == T2
    # The report prints 20,6 % of QPV residents among Lambersart's 160 participants
    assert pct(df.loc["Lambersart", "qpv_share"]) == 20.6
    assert pct(df.loc["Marcq-en-Barœul", "entrees_qpv_share"]) == 23.3  # 7 / 30
    # Catalogue T2, derived rates: participants per 1 000 inhabitants
    assert round(df.loc["Lambersart", "pour_1000"], 2) == 5.80
    assert round(df.loc["Total", "pour_1000"], 2) == 3.13


def test_plie_exits_steps_and_prescribers(con):
    data = dashboards.plie_page(con, "mno", MNO, 2025, None, audience="gestionnaire")
    reasons = data["exit_reasons"].groupby("exit_kind")["plie_sorties"].sum()
    assert reasons["positive"] == 65 and reasons.sum() == 131  # 65 positive of 131 exits
    assert reasons.sum() - reasons["neutre"] - reasons["positive"] == 66 - reasons["neutre"]
    steps = data["steps"]
    assert steps["plie_etapes"].sum() == 778  # "778 étapes"
    assert steps["plie_etapes_demarrees_annee"].sum() == 647  # "83,2 % (647)"
    assert data["step_families"].set_index("family").at["emploi", "plie_etapes"] == 299
    presc = data["prescribers"].set_index("prescriber")["share"]
    assert round(presc["Département"] * 100) == 57  # "Département 57 %"
    assert round(presc["France Travail"] * 100) == 12  # "France Travail 12 %"
    table = data["table"]
    assert pct(table.at["plie_taux_sorties_positives", "value"]) == 49.6
    assert round(table.at["plie_taux_sorties_positives_ajuste", "value"] * 100) == 60


def test_qpv_share_of_lambersart_participants(con):
    df = series.qpv_residents(con, MNO, *Y2025)
    lam = df[(df["population"] == "plie_participants") & (df["code_insee"] == "59328")
             & (df["level"] == "commune")].iloc[0]
    assert (lam["personnes_qpv"], lam["personnes"]) == (33, 160)
    totals = df[df["level"] == "total"].set_index("population")
    # Report totals: PLIE 47 / 463 and 18 / 186 in QPV; CEJ entries 54 of 648
    assert tuple(totals.loc["plie_participants", ["personnes_qpv", "personnes"]]) == (47, 463)
    assert tuple(totals.loc["plie_nouvelles_entrees", ["personnes_qpv", "personnes"]]) == (18, 186)
    assert tuple(totals.loc["cej_entrees", ["personnes_qpv", "personnes"]]) == (54, 648)
    assert totals.loc["ml_jeunes_accompagnes", "personnes"] == 1863
    quartier = df[(df["level"] == "qpv") & (df["population"] == "plie_participants")]
    assert dict(zip(quartier["qpv_name"], quartier["personnes"], strict=True)) == {
        "Pacot - Vandracq": 33, "La Briquetterie": 14}


# -- Mission Locale ----------------------------------------------------------------------------
def test_ml_monthly_activity_adds_up_to_the_year(con):
    df = series.ml_activity_monthly(con, MNO, *Y2025)
    assert len(df) == 12
    assert df["ml_nouveaux_inscrits"].sum() == 815  # "815 nouveaux inscrits"
    assert df["ml_contacts"].sum() == 43992  # "43 992 contacts"
    assert df["ml_entretiens"].sum() == 16564  # "16 564 entretiens"
    parts = ["ml_entretiens", "ml_ateliers", "ml_contacts_distance", "ml_contacts_autres"]
    assert (df[parts].sum(axis=1) == df["ml_contacts"]).all()


def test_financial_aid_by_scheme(con):
    df = series.financial_aid_by_scheme(con, MNO, *Y2025).set_index("scheme")
    # Aid page: amount and recipients of each line, total 2 135 533,46 €
    expected = {"allocation_cej": (2026189, 917), "allocation_pacea": (60659, 118),
                "fajem": (31451, 110), "fonds_ml": (5173.31, 6), "fonds_ml_repas": (9941, 84),
                "mobilite": (2120.15, 66)}
    for scheme, (amount, people) in expected.items():
        assert float(df.at[scheme, "montant"]) == pytest.approx(amount, abs=0.001)
        assert df.at[scheme, "beneficiaires"] == people
    assert float(df["montant"].sum()) == pytest.approx(2135533.46, abs=0.001)


def test_ml_situations_and_programmes(con):
    data = dashboards.ml_page(con, "mno", MNO, 2025, None, audience="gestionnaire")
    progs = data["programmes"].set_index("programme")
    assert tuple(progs.loc["CEJ", ["accompagnes", "entrees", "solution"]]) == (970, 648, 563)
    assert progs.at["PACEA", "entrees"] == 245
    assert round(data["table"].at["ml_nouveaux_inscrits", "evol"]) == 9  # "+9 %"
    situations = data["situations"].set_index("category")
    assert set(situations.index) <= set(["emploi", "alternance", "formation", "immersion",
                                         "volontariat", "scolarite", "autre"])
    assert (situations["ml_jeunes_situation"] <= situations["ml_situations"]).all()


# -- Maison de l'Emploi ----------------------------------------------------------------------------
def test_events_table_t5_and_quarters(con):
    events = series.mde_events_list(con, MNO, *Y2025)
    assert len(events) == 10  # T5: 10 events
    assert events["exhibitors"].sum() == 251 and events["participants"].sum() == 3217
    assert events["interviews"].sum() == 321  # 105 + 95 + 121
    first = events.iloc[0]
    assert (first["commune"], first["exhibitors"], first["participants"]) == ("Lambersart", 10, 54)
    quarters = series.mde_events_by_quarter(events, 2025).set_index("label")
    # T5 dates: 2 events in Q1 (27 Feb, 27 Mar), 4 in Q2, 1 in Q3, 3 in Q4
    assert quarters["evt_organises"].tolist() == [2, 4, 1, 3]
    assert quarters.at["T1 2025", "evt_participants"] == 54 + 2578


def test_clause_hours_by_month(con):
    df = series.clause_hours_monthly(con, MNO, *Y2025)
    assert float(df["clause_heures"].sum()) == pytest.approx(41277)  # 41 277 h by residents
    assert float(df["clause_heures_sites"].sum()) == pytest.approx(7916)  # 7 916 h on sites
    data = dashboards.mde_page(con, "mno", MNO, 2025, None, audience="gestionnaire")
    assert data["fte_hours"] == 1607
    assert round(data["table"].at["clause_etp", "value"], 1) == 25.7  # "25,7 ETP"


# -- reference territory ---------------------------------------------------------------------------
def test_reference_uses_only_the_communes_its_data_cover(con):
    covered = series.coverage(con, territory_communes("nord"), *Y2025)
    assert covered["plie"] == set(MNO)  # in 2025 only MNO's PLIE has data
    ref = series.reference_values(con, "nord", 2025, ["plie_participants", "pop_totale"])
    assert ref.at["plie_participants", "value"] == 463
    assert ref.at["plie_participants", "population"] == 147999  # MNO's inhabitants only
    assert ref.at["pop_totale", "covered"] == len(territory_communes("nord"))
    melt = series.reference_values(con, "melt", 2025, ["plie_participants"])
    assert math.isnan(melt.at["plie_participants", "value"])  # no MELT data in 2025: not 0


def test_commune_page_ranks_and_compares(con):
    data = dashboards.commune_page(con, "mno", "59328", 2025, "nord", audience="gestionnaire")
    table = data["table"].set_index("indicator")
    row = table.loc["plie_participants"]
    assert (row["value"], row["rank"], row["ranked"]) == (160, 1, 10)  # 5,80 ‰: the highest
    assert round(row["measure"], 2) == 5.80 and round(row["territory_measure"], 2) == 3.13
    assert table.at["de_abc", "value"] == 1997
    assert data["population"] == 27572  # T1
    assert data["qpv"]["qpv_code"].tolist() == ["QN05970M"]
