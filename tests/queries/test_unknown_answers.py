"""A figure the imported files do not answer reads « non disponible », never 0.

PLIE tracking software often exports only the pathway (identifier, commune, dates): no sex,
birth date, RSA, education level, QPV or prescriber column. The figures read 0 women, 0
seniors, 0 QPV residents… as if none of the participants were. The fixtures are written
the way such software writes them; the expected figures are counted by hand.
"""

import math

import pandas as pd
import pytest

from ingest.pipeline import commit, prepare
from queries import dashboards, masking
from queries.context import territory_communes
from queries.figures import key_figures
from tests.ingest.test_newuser import xlsx_with_titles


def load(store, df: pd.DataFrame, titles=("Extraction des parcours PLIE", "Édité le 05/01/2026")):
    prepared = prepare(store, xlsx_with_titles(df, list(titles)), "parcours_plie.xlsx")
    assert prepared.source == "plie" and not prepared.errors, prepared.problems
    commit(store, prepared)
    return store.connection()


def figures(con) -> pd.DataFrame:
    return key_figures(con, "mno", 2025).set_index("indicator")


@pytest.fixture
def pathway_only(empty_store):
    """Five pathways of MNO residents, nothing but the pathway: four open in 2025 (three
    entered in 2025), two closed in 2025 with no exit kind nor reason."""
    df = pd.DataFrame({
        "N° dossier": ["A1", "A2", "A3", "A4", "A5"],
        "Commune": ["Lambersart", "Lambersart", "La Madeleine", "Wambrechies", "Lambersart"],
        "Date d'entrée": ["03/02/2025", "15/03/2025", "01/06/2024", "12/09/2025", "04/01/2023"],
        "Date de sortie": [None, "10/11/2025", "20/05/2025", None, "30/06/2024"],
    })
    return load(empty_store, df)


def test_a_pathway_only_file_gives_no_profile_figure(pathway_only):
    kf = figures(pathway_only)
    # by hand: A1..A4 open in 2025 (A5 closed in 2024); A1, A2, A4 entered in 2025;
    # A2 and A3 closed in 2025
    assert kf.at["plie_participants", "value"] == 4
    assert kf.at["plie_nouvelles_entrees", "value"] == 3
    assert kf.at["plie_sorties", "value"] == 2
    assert kf.at["plie_cohorte_annee", "value"] == 3  # entry dates are there: counted
    for i in ["plie_femmes", "plie_hommes", "plie_seniors", "plie_rsa", "plie_niveau_bas",
              "plie_qpv", "plie_entrees_femmes", "plie_entrees_seniors", "plie_entrees_rsa",
              "plie_entrees_niveau_bas", "plie_entrees_qpv", "plie_prescripteur_departement",
              "plie_prescripteur_france_travail", "plie_sorties_positives",
              "plie_sorties_neutres", "plie_sorties_autres", "plie_sp_femmes",
              "plie_taux_sorties_positives"]:
        assert math.isnan(kf.at[i, "value"]), i  # was 0
        assert math.isnan(kf.at[i, "share"]), i


def test_the_plie_page_names_the_lines_no_file_answers(pathway_only):
    data = dashboards.plie_page(pathway_only, "mno", tuple(territory_communes("mno")), 2025,
                                None, audience="gestionnaire")
    profile = data["profile"].set_index("key")
    assert profile["unavailable"].all()
    assert profile["participants"].isna().all()
    # the communes' table: 2 participants in Lambersart, their QPV residence unknown
    by_commune = data["by_commune"].set_index("code_insee")
    assert by_commune.at["59328", "plie_participants"] == 2
    assert pd.isna(by_commune.at["59328", "plie_qpv"])


def test_an_official_sees_the_note_not_a_count(pathway_only):
    # four participants are under the secret; the lines no file answers are still said
    # unavailable (nothing is hidden: there is no figure)
    data = dashboards.plie_page(pathway_only, "mno", tuple(territory_communes("mno")), 2025,
                                None, audience="elu")
    assert data["profile"]["unavailable"].all()


def test_partial_answers_count_the_known_ones(empty_store):
    # sex known for three of the four 2025 participants, a birth date for two, RSA for all;
    # by hand: 2 women of 3 known (66,7 %, not 50 %), 1 senior of 2 known, 1 RSA of 4
    df = pd.DataFrame({
        "Identifiant": ["P1", "P2", "P3", "P4"],
        "Commune de résidence": ["Lambersart"] * 4,
        "Date d'entrée": ["06/01/2025", "03/02/2025", "10/03/2025", "02/04/2025"],
        "Sexe": ["F", "F", "H", None],
        "Date de naissance": ["12/05/1970", None, "01/02/1990", None],
        "Bénéficiaire RSA": ["Oui", "Non", "Non", "Non"],
    })
    kf = figures(load(empty_store, df))
    assert kf.at["plie_participants", "value"] == 4
    assert kf.at["plie_femmes", "value"] == 2
    assert kf.at["plie_femmes", "share"] == pytest.approx(2 / 3)
    assert kf.at["plie_hommes", "share"] == pytest.approx(1 / 3)
    assert kf.at["plie_seniors", "value"] == 1  # born 1970, 54 at entry
    assert kf.at["plie_seniors", "share"] == pytest.approx(1 / 2)
    assert kf.at["plie_rsa", "value"] == 1
    assert kf.at["plie_rsa", "share"] == pytest.approx(1 / 4)
    # no level column: not available
    assert math.isnan(kf.at["plie_niveau_bas", "value"])


def test_a_known_zero_stays_zero(empty_store):
    # every answer known, none a woman, none on RSA: 0, not « non disponible »
    df = pd.DataFrame({
        "Identifiant": ["P1", "P2"],
        "Commune de résidence": ["Lambersart", "Lambersart"],
        "Date d'entrée": ["06/01/2025", "03/02/2025"],
        "Date de sortie": ["30/06/2025", None],
        "Motif de sortie": ["Abandon", None],
        "Sexe": ["H", "H"],
        "RSA": ["Non", "Non"],
    })
    kf = figures(load(empty_store, df))
    assert kf.at["plie_femmes", "value"] == 0
    assert kf.at["plie_femmes", "share"] == 0
    assert kf.at["plie_rsa", "value"] == 0
    assert kf.at["plie_sorties", "value"] == 1
    assert kf.at["plie_sorties_positives", "value"] == 0  # « Abandon »: a known kind
    assert kf.at["plie_sp_femmes", "value"] == 0  # no positive exit: nothing to ask


def test_cej_entries_of_an_extraction_without_qpv_column(empty_store):
    # an i-milo-like extraction: young people (no QPV column) and their programmes; by
    # hand: 3 CEJ entries in 2025, their QPV residence unknown — not « 0 in a QPV »
    import io

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Jeunes"
    for line in [["Extraction i-milo - Liste des jeunes"], [],
                 ["N° dossier", "Sexe", "Commune de résidence", "Date 1er accueil"],
                 ["J01", "F", "Lambersart", "10/01/2025"],
                 ["J02", "H", "Lambersart", "03/02/2025"],
                 ["J03", "F", "Wambrechies", "04/03/2025"]]:
        ws.append(line)
    ws = wb.create_sheet("Dispositifs")
    for line in [["N° dossier", "Dispositif", "Date d'entrée dans le dispositif"],
                 ["J01", "CEJ", "15/01/2025"], ["J02", "CEJ", "10/02/2025"],
                 ["J03", "CEJ", "20/03/2025"]]:
        ws.append(line)
    out = io.BytesIO()
    wb.save(out)
    prepared = prepare(empty_store, out.getvalue(), "extraction_imilo.xlsx", territory="mno")
    assert prepared.source == "ml" and not prepared.errors, prepared.problems
    commit(empty_store, prepared)
    kf = figures(empty_store.connection())
    assert kf.at["cej_entrees", "value"] == 3
    assert math.isnan(kf.at["cej_entrees_qpv", "value"])  # was 0
    assert math.isnan(kf.at["cej_entrees_qpv", "share"])


def test_an_event_sheet_without_exhibitors_nor_visitors(empty_store):
    # a Maison de l'Emploi's sheet of its events: date, name, place; no exhibitors nor
    # visitors columns. By hand: 3 events in 2025; exhibitors and participants unknown
    from queries import series

    df = pd.DataFrame({
        "Date de l'événement": ["14/03/2025", "02/06/2025", "09/10/2025"],
        "Intitulé": ["Forum de l'alternance", "Job dating logistique", "Salon de l'emploi"],
        "Commune": ["Lambersart", "La Madeleine", "Lambersart"],
    })
    prepared = prepare(empty_store, xlsx_with_titles(df, ["Événements emploi 2025"]),
                       "evenements.xlsx", territory="mno")
    assert prepared.source == "mde_events" and not prepared.errors, prepared.problems
    commit(empty_store, prepared)
    con = empty_store.connection()
    kf = figures(con)
    assert kf.at["evt_organises", "value"] == 3
    assert math.isnan(kf.at["evt_exposants", "value"])  # was 0
    assert math.isnan(kf.at["evt_participants", "value"])  # was 0
    # the quarters' table of the Maison de l'Emploi page: events counted, the rest unknown
    import datetime as dt

    events = series.mde_events_list(con, territory_communes("mno"), dt.date(2025, 1, 1),
                                    dt.date(2025, 12, 31))
    quarters = series.mde_events_by_quarter(events, 2025).set_index("quarter")
    assert quarters["evt_organises"].tolist() == [1, 1, 0, 1]
    assert quarters["evt_participants"].isna().all()


def test_programme_contacts_without_a_contacts_sheet(empty_store):
    # young people and programmes, no contacts sheet: contacts and interviews within the
    # CEJ are not available (were 0); the CEJ entries are counted (by hand: 2)
    import io

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Jeunes"
    for line in [["N° dossier", "Commune de résidence", "Date 1er accueil"],
                 ["J01", "Lambersart", "10/01/2025"], ["J02", "Wambrechies", "03/02/2025"]]:
        ws.append(line)
    ws = wb.create_sheet("Dispositifs")
    for line in [["N° dossier", "Dispositif", "Date d'entrée dans le dispositif"],
                 ["J01", "CEJ", "15/01/2025"], ["J02", "CEJ", "10/02/2025"]]:
        ws.append(line)
    out = io.BytesIO()
    wb.save(out)
    prepared = prepare(empty_store, out.getvalue(), "extraction.xlsx", territory="mno")
    commit(empty_store, prepared)
    kf = figures(empty_store.connection())
    assert kf.at["cej_entrees", "value"] == 2
    for i in ("cej_contacts", "cej_entretiens", "pacea_entretiens"):
        assert math.isnan(kf.at[i, "value"]), i


def test_an_official_never_reads_a_small_number_of_unknown_answers_from_a_share(empty_store):
    # 24 participants, one of unknown sex: 12 women of 23 known. Shown with the 24 and the
    # 12, a share of 52,2 % would give the 1 unknown away: an official sees no share
    from queries import masking

    df = pd.DataFrame({
        "Identifiant": [f"P{i:02d}" for i in range(24)],
        "Commune de résidence": ["Lambersart"] * 24,
        "Date d'entrée": ["06/01/2025"] * 24,
        "Sexe": ["F"] * 12 + ["H"] * 11 + [None],
    })
    con = load(empty_store, df)
    manager = masking.key_figures(con, "mno", 2025, audience="gestionnaire").set_index("indicator")
    assert manager.at["plie_femmes", "share"] == pytest.approx(12 / 23)
    official = masking.key_figures(con, "mno", 2025, audience="elu").set_index("indicator")
    assert (official.at["plie_participants", "value"], official.at["plie_femmes", "value"]) == (24, 12)
    assert math.isnan(official.at["plie_femmes", "share"])


@pytest.fixture
def one_unknown(empty_store):
    """24 participants of Lambersart in 2025: 12 women, 11 men, 1 of unknown sex; 12 live
    in a QPV, 10 do not, 2 did not say (the secret's threshold is 11)."""
    df = pd.DataFrame({
        "Identifiant": [f"P{i:02d}" for i in range(24)],
        "Commune de résidence": ["Lambersart"] * 24,
        "Date d'entrée": ["06/01/2025"] * 24,
        "Sexe": ["F"] * 12 + ["H"] * 11 + [None],
        "QPV": ["Oui"] * 12 + ["Non"] * 10 + [None] * 2,
    })
    return load(empty_store, df)


def _plie_table(con, audience):
    return dashboards.plie_page(con, "mno", tuple(territory_communes("mno")), 2025, None,
                                audience=audience)


def test_the_pages_compared_share_hides_a_few_unknown_answers(one_unknown):
    # by hand: 12 women of 23 known (52,2 %), 12 QPV residents of 22 known (54,5 %); with
    # 24 and 12 shown, 52,2 % would tell that 1 answer is unknown
    manager = _plie_table(one_unknown, "gestionnaire")["table"]
    assert manager.at["plie_femmes", "measure"] == pytest.approx(12 / 23)
    assert manager.at["plie_qpv", "measure"] == pytest.approx(12 / 22)
    official = _plie_table(one_unknown, "elu")
    table = official["table"]
    assert (table.at["plie_participants", "value"], table.at["plie_femmes", "value"]) == (24, 12)
    assert math.isnan(table.at["plie_femmes", "measure"])
    assert math.isnan(table.at["plie_qpv", "measure"])
    assert math.isnan(table.at["plie_femmes", "unknown"])
    # the profile chart is cut from the same table
    profile = official["profile"].set_index("key")
    assert math.isnan(profile.at["femmes", "share"]) and profile.at["femmes", masking.flag("share")]
    # the per-commune QPV share of Lambersart too
    body = official["by_commune"].set_index("code_insee")
    assert body.at["59328", "plie_participants"] == 24
    assert math.isnan(body.at["59328", "qpv_share"])
    mine = _plie_table(one_unknown, "gestionnaire")["by_commune"].set_index("code_insee")
    assert mine.at["59328", "qpv_share"] == pytest.approx(12 / 22)


def test_the_commune_page_hides_the_share_with_a_few_unknown_answers(one_unknown):
    manager = dashboards.commune_page(one_unknown, "mno", "59328", 2025, None,
                                      audience="gestionnaire")["table"].set_index("indicator")
    assert manager.at["plie_femmes", "share"] == pytest.approx(12 / 23)
    assert manager.at["plie_femmes", "measure"] == pytest.approx(12 / 23)
    official = dashboards.commune_page(one_unknown, "mno", "59328", 2025, None,
                                       audience="elu")["table"].set_index("indicator")
    assert official.at["plie_femmes", "value"] == 12
    for col in ("share", "measure", "rank", "territory_measure"):
        assert math.isnan(official.at["plie_femmes", col]), col


def test_the_map_share_hides_a_few_unknown_answers(one_unknown):
    from geo import maps
    from queries import registry

    ind = registry.indicators()["plie_femmes"]
    ids = tuple(maps.needed_ids(ind, "part"))
    for audience, expected in (("gestionnaire", 12 / 23), ("elu", math.nan)):
        table = dashboards.map_page(one_unknown, "mno", 2025, ids, audience=audience)
        frame, _ = maps.map_values(table["by_commune"], ind, "part")
        value = frame.set_index("code_insee").at["59328", "value"]
        assert value == pytest.approx(expected, nan_ok=True), audience


def test_the_qpv_page_hides_the_share_with_a_few_unknown_answers(one_unknown):
    def summary(audience):
        data = dashboards.qpv_page(one_unknown, "mno", tuple(territory_communes("mno")), 2025,
                                   None, audience=audience)
        return data["summary"].set_index("population")

    manager, official = summary("gestionnaire"), summary("elu")
    population = next(p for p in manager.index if manager.at[p, "personnes"] == 24)
    assert manager.at[population, "share"] == pytest.approx(12 / 22)
    assert official.at[population, "personnes_qpv"] == 12
    assert math.isnan(official.at[population, "share"])
