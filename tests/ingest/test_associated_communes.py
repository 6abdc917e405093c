"""Communes associées (Lomme, Hellemmes-Lille) and communes déléguées are read as their
commune, and the message says which they are: Lomme was said to be part of Lille « since
the creation of the commune nouvelle », which it is not (associated since 2000)."""

import pandas as pd

from ingest.pipeline import prepare
from tests.ingest.test_newuser import xlsx_with_titles


def merged_notes(store, communes):
    df = pd.DataFrame({"Identifiant": [f"J{i}" for i in range(len(communes))],
                       "Commune": communes,
                       "Date de premier accueil": ["10/01/2025"] * len(communes)})
    prepared = prepare(store, xlsx_with_titles(df, ["Liste des jeunes"]), "jeunes.xlsx",
                       territory="autre")
    return {p.value: p.advice for p in prepared.problems
            if p.rule == "Ancienne commune ajoutée à sa commune actuelle"}


def test_a_commune_associee_is_said_so(empty_store):
    notes = merged_notes(empty_store, ["Lomme", "Lomme", "Hellemmes-Lille", "Lambersart"])
    assert notes["Lomme"] == ("Lomme (59355) est une commune associée à Lille (59350) : ses 2 "
                              "lignes sont ajoutées à celles de Lille (codes : 59355 → 59350).")
    assert notes["Hellemmes-Lille"].startswith("Hellemmes-Lille (59298) est une commune associée à Lille")
    assert "sa 1 ligne est ajoutée" in notes["Hellemmes-Lille"]


def test_a_commune_deleguee_of_a_commune_nouvelle(empty_store):
    notes = merged_notes(empty_store, ["Coudekerque-Village"])
    assert "depuis la création de la commune nouvelle" in notes["Coudekerque-Village"]


def test_an_event_place_named_with_its_commune(empty_store):
    # an events sheet whose « Lieu » is the venue: the commune is the one whose whole
    # name it holds, the longest (Marquette-lez-Lille, not Lille), said in a note
    from ingest.pipeline import commit
    from queries.figures import key_figures

    df = pd.DataFrame({
        "Date": ["27/03/2025", "15/05/2025", "09/10/2025"],
        "Intitulé": ["20e Salon Les Clés de l'Emploi", "Job dating Logistique", "Forum alternance"],
        "Lieu": ["Salle des fêtes de Marquette-lez-Lille", "Lambersart", "La Madeleine"],
        "Nombre d'exposants": [152, 8, 22],
        "Nombre de visiteurs": [2410, 64, 180],
    })
    prepared = prepare(empty_store, xlsx_with_titles(df, ["Bilan 2025"]), "bilan.xlsx",
                       territory="mno")
    assert not prepared.errors, prepared.errors
    (note,) = [p for p in prepared.problems if p.value == "Salle des fêtes de Marquette-lez-Lille"]
    assert "Marquette-lez-Lille (59386)" in note.advice
    commit(empty_store, prepared)
    kf = key_figures(empty_store.connection(), "mno", 2025, "59386").set_index("indicator")
    assert kf.at["evt_organises", "value"] == 1 and kf.at["evt_exposants", "value"] == 152


def test_a_place_naming_two_communes_is_still_a_question(empty_store):
    df = pd.DataFrame({"Date": ["27/03/2025"], "Intitulé": ["Forum"],
                       "Lieu": ["Gare de Lambersart Wambrechies"], "Nombre d'exposants": [3]})
    prepared = prepare(empty_store, xlsx_with_titles(df, ["Bilan"]), "bilan.xlsx",
                       territory="mno")
    assert prepared.errors
