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
