"""Detection that explains: the guessed source, the columns it recognised and the runner-up
(never a score); the closest sources and what they miss; reference files that are not exports at all."""

import io
from pathlib import Path

import pandas as pd
import pytest

from ingest.communes import aggregate_kind
from ingest.pipeline import ImportRefused, prepare

REF = Path(__file__).resolve().parents[2] / "data" / "ref"


def head(name: str, lines: int = 40) -> bytes:
    with open(REF / name, "rb") as f:
        return b"".join(f.readline() for _ in range(lines))


def refusal(store, raw: bytes, name: str, **kw) -> str:
    with pytest.raises(ImportRefused) as e:
        prepare(store, raw, name, **kw)
    return str(e.value)


def test_the_guess_names_its_columns_and_the_runner_up_never_a_score(empty_store, caplog):
    text = "Date;Événement;Commune;Exposants;Participants\n12/03/2025;Forum;Lambersart;4;40\n"
    with caplog.at_level("INFO", logger="ingest.pipeline"):
        p = prepare(empty_store, text.encode(), "evenements.csv")
    sentence = p.detection.sentence()
    assert sentence.startswith("Source reconnue : « Événements emploi de la Maison de l'Emploi », "
                               "d'après ses colonnes « Date », « Événement », « Commune », "
                               "« Exposants » et « Participants » ; la source la plus proche "
                               "ensuite est « ")
    assert "score" not in sentence and "obtient" not in sentence
    assert p.detection.runner_up != "mde_events"
    assert p.detection.score > p.detection.runner_up_score
    assert p.problems[0].rule == "Source reconnue" and p.problems[0].severity == "information"
    assert "score" not in p.problems[0].advice
    # the scores stay in the server log
    assert f"score {int(p.detection.score)}" in caplog.text


@pytest.mark.parametrize("name, raw, looks_like", [
    ("populations.csv", head("donnees_communes_PL2021.csv"), "populations légales"),
    ("codes_postaux.csv", head("laposte_hexasmal.csv"), "codes postaux de La Poste"),
    ("communes.csv", head("v_commune_2024.csv"), "Code officiel géographique"),
])
def test_reference_files_are_not_exports(empty_store, name, raw, looks_like):
    for source in (None, "plie"):
        message = refusal(empty_store, raw, name, source=source)
        assert "ce fichier n'est pas un export pris en charge" in message
        assert looks_like in message
        assert "Identifiant" not in message  # no question about a PLIE column


def test_a_bmo_survey_is_not_an_export(empty_store):
    df = pd.DataFrame({"annee": ["2024"], "Code métier BMO": ["A0Z40"],
                       "Nom métier BMO": ["Agriculteurs salariés"], "Famille_met": ["A"],
                       "Lbl_fam_met": ["Fonctions agricoles"], "REG": ["32"],
                       "NOM_REG": ["Hauts-de-France"], "Dept": ["59"], "NomDept": ["Nord"],
                       "BE24": ["3201"], "NOMBE24": ["VERSANT N-EST ROUB.TOURC."], "met": ["*"],
                       "xmet": ["*"], "smet": ["*"]})
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="xlsxwriter") as w:
        df.to_excel(w, sheet_name="BMO_2024_open_data", index=False)
    message = refusal(empty_store, buf.getvalue(), "Base_open_data_BMO_2024.xlsx")
    assert "n'est pas un export pris en charge" in message and "BMO" in message


def test_nothing_fits_names_the_two_closest_sources_and_what_they_miss(empty_store):
    text = "Numéro;Quand;Genre\nX1;12/03/2025;F\n"
    message = refusal(empty_store, text.encode(), "inconnu.csv")
    assert "Les plus proches : « " in message
    assert message.count("il manque « ") == 2


def test_a_partial_match_names_its_guess_and_what_is_missing_without_scores(empty_store):
    text = "Identifiant;Commune;Sexe;Date de naissance\n59130;Lambersart;F;01/01/1990\n"
    message = refusal(empty_store, text.encode(), "participants.csv")
    assert message.startswith("Le fichier ressemble le plus à un export « Participants et "
                              "étapes PLIE » (colonnes reconnues : « Identifiant », « Commune », "
                              "« Sexe » et « Date de naissance »), puis à un export « ")
    assert "Il ne contient pas les colonnes obligatoires : " in message
    assert "« Date d'entrée »" in message
    assert "score" not in message and "obtient" not in message


@pytest.mark.parametrize("code, name, kind", [
    ("59", None, "departement"), ("2A", "Corse-du-Sud", "departement"), ("2B", None, "departement"),
    ("971", None, "departement"), ("reg32", None, "region"), ("FRANCE", None, "france"),
    ("Total", "Total France métropolitaine", "total"), (None, "Total", "total"),
    (None, "Ensemble des communes", "total"), (None, "Nord 59", "departement"),
    (None, "Vienne 86", "departement"), ("245900410", None, "epci"),
    # communes, whatever their name says
    ("62618", "Nordausques", None), ("47102", "FRANCESCAS", None), ("67335", "Nordheim", None),
    ("67336", "NORDHOUSE", None), (None, "Nordausques", None), (None, "Francescas", None),
    (None, "Tourcoing 59599", None), (None, "PARIS 05", None), ("59599", "Total", None),
])
def test_aggregate_rows_by_explicit_rules(code, name, kind):
    assert aggregate_kind(code, name) == kind


def test_no_commune_name_of_the_cog_or_la_poste_is_taken_for_a_total():
    cog = pd.read_csv(REF / "v_commune_2024.csv", dtype=str, keep_default_na=False)
    poste = pd.read_csv(REF / "laposte_hexasmal.csv", sep=";", dtype=str, keep_default_na=False)
    names = set(cog["LIBELLE"]) | set(cog["NCC"]) | set(poste["Nom_commune"]) \
        | set(poste["Ligne_5"])
    assert [n for n in names if aggregate_kind(None, n)] == []
    assert [c for c in cog["COM"] if aggregate_kind(c, None)] == []
