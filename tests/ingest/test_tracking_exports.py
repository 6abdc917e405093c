"""Exports of other tracking software, as a second new manager imported them.

A PLIE tool's flat export (« N° adhérent », « Date de sortie PLIE », « Début de l'étape »)
was taken for an events sheet (its « Nom » and « Ville » columns), and once mapped read 10
participants and no exit instead of 9 and 3; a facilitator's clause sheet (« Salarié »)
was taken for job seekers; an i-milo « Courrier » contact was refused. The fixtures are
written the way those tools write them, the figures counted by hand.
"""

import pandas as pd

from ingest.pipeline import commit, prepare
from ingest.vocab import for_kind
from queries.figures import key_figures
from tests.ingest.test_newuser import xlsx_with_titles

PLIE = pd.DataFrame({
    "N° adhérent": ["A01", "A01", "A02", "A02", "A03", "A04"],
    "Civilité": ["Mme", "Mme", "M.", "M.", "Mme", "M."],
    "Nom": ["MARTIN", "MARTIN", "DURAND", "DURAND", "LEROY", "PETIT"],
    "Ville": ["Lambersart", "Lambersart", "La Madeleine", "La Madeleine", "Wambrechies",
              "Lambersart"],
    "Date d'entrée PLIE": ["03/02/2025", "03/02/2025", "01/10/2024", "01/10/2024", "01/04/2025",
                           "15/01/2024"],
    "Date de sortie PLIE": [None, None, "30/06/2025", "30/06/2025", None, "20/12/2024"],
    "Motif de sortie": [None, None, "CDI", "CDI", None, "Déménagement"],
    "Famille d'étape": ["Formation", "Emploi", "Mobilisation", "Emploi", None, "Formation"],
    "Intitulé de l'étape": ["Formation pré-qualifiante", "CDD", "Immersion PMSMP", "CDI", None,
                            "Remise à niveau"],
    "Début de l'étape": ["01/03/2025", "15/06/2025", "10/01/2025", "01/06/2025", None,
                         "01/03/2024"],
    "Fin de l'étape": ["30/05/2025", "15/09/2025", "24/01/2025", None, None, "30/06/2024"],
})


def test_a_plie_tool_s_flat_export_is_read_whole(empty_store):
    prepared = prepare(empty_store, xlsx_with_titles(PLIE, ["Export parcours et étapes"]),
                       "export_plie.xlsx", territory="mno")
    assert prepared.source == "plie" and not prepared.errors, prepared.errors
    commit(empty_store, prepared)
    kf = key_figures(empty_store.connection(), "mno", 2025).set_index("indicator")
    # by hand: A01, A02, A03 in 2025; A04 left on 20/12/2024
    assert kf.at["plie_participants", "value"] == 3
    assert kf.at["plie_sorties", "value"] == 1  # A02, 30/06/2025, CDI
    assert kf.at["plie_sorties_positives", "value"] == 1
    # steps of 2025: A01's two, A02's two (A04's were in 2024)
    assert kf.at["plie_etapes", "value"] == 4


def test_a_facilitator_s_clause_sheet(empty_store):
    raw = ("Suivi des heures d'insertion - 1er trimestre 2025\n\n"
           "Salarié;Opération;Commune de l'opération;Commune de résidence;Mois;Heures réalisées\n"
           "DUBOIS Kevin;Groupe scolaire;Lambersart;Lambersart;janv.-25;35\n"
           "DUBOIS Kevin;Groupe scolaire;Lambersart;Lambersart;févr.-25;70,5\n"
           "NGUYEN Lina;Voirie;Wambrechies;La Madeleine;févr.-25;40\n").encode("cp1252")
    prepared = prepare(empty_store, raw, "clauses_t1.csv", territory="mno")
    assert prepared.source == "clauses" and not prepared.errors, prepared.errors
    commit(empty_store, prepared)
    kf = key_figures(empty_store.connection(), "mno", 2025).set_index("indicator")
    assert kf.at["clause_heures", "value"] == 35 + 70.5 + 40
    assert kf.at["clause_personnes", "value"] == 2


def test_an_imilo_courrier_is_a_contact_at_a_distance():
    assert for_kind("enum:CONTACT_TYPE").lookup("Courrier") == "courriel"


def test_the_organiser_choices_speak_french():
    labels = dict(for_kind("enum:EVENT_ROLE").options())
    assert labels["participation"] == "Participation à l'événement d'un autre organisateur"
    assert labels["co_organise"] == "Co-organisé avec des partenaires"
