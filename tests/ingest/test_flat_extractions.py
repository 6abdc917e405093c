"""Flat extractions: one sheet, one line per programme (or step), the person repeated.

i-milo and PLIE tracking software often export a single sheet where each line is a young
person's programme (a participant's step), the person's columns repeated on each of their
lines, and a person without any on a line of their own. Such a file was taken for a PLIE
export (its young people's columns look like participants') and replaced the PLIE import;
read as a Mission Locale export, its programmes were dropped and its repeated lines called
duplicates. The fixtures are written the way those tools write them, the expected figures
counted by hand.
"""

import pandas as pd

from ingest.pipeline import commit, prepare
from queries.figures import key_figures
from tests.ingest.test_newuser import stored, xlsx_with_titles

IMILO = pd.DataFrame({
    "Identifiant": ["601123", "601123", "602123", "603123", "604123", "605123", "606123"],
    "Civilité": ["Madame", "Madame", "Monsieur", "Madame", "Monsieur", "Monsieur", "Madame"],
    "Date de naissance": ["02/02/2004", "02/02/2004", "05/05/2006", "03/03/2003", "07/07/2007",
                          "09/09/2005", "12/12/2002"],
    "Commune": ["LAMBERSART", "LAMBERSART", "LA MADELEINE", "WAMBRECHIES",
                "MARQUETTE LEZ LILLE", "LAMBERSART", "PERENCHIES"],
    "Date de premier accueil": ["10/01/2025", "10/01/2025", "14/02/2025", "03/06/2024",
                                "01/09/2025", "03/03/2025", "07/04/2025"],
    "Dispositif": ["PACEA", "CEJ", "CEJ", "CEJ", None, "PACEA", "CEJ"],
    "Date d'entrée dans le dispositif": ["20/01/2025", "02/05/2025", "01/03/2025", "01/07/2024",
                                         None, "10/03/2025", "15/04/2025"],
    "Date de sortie du dispositif": ["30/04/2025", None, None, "30/06/2025", None, None,
                                     "15/10/2025"],
})
TITLES = ["Extraction i-milo — Liste des jeunes et de leurs dispositifs", "Édité le 06/10/2025"]


def imilo(df: pd.DataFrame = IMILO) -> bytes:
    return xlsx_with_titles(df, TITLES, sheet="Extraction i-milo")


def test_a_flat_imilo_extraction_is_the_mission_locale_s(empty_store):
    prepared = prepare(empty_store, imilo(), "extraction_imilo.xlsx", territory="mno")
    assert prepared.source == "ml"
    assert not prepared.errors
    assert prepared.rows_read == 7 and prepared.invalid_rows == 0
    rules = [p.rule for p in prepared.problems]
    assert "Ligne en double (identique)" not in rules  # 601123's two lines are the layout
    assert "Jeunes sur plusieurs lignes" in rules
    assert "Lignes sans dispositifs" in rules  # 604123, no programme yet
    assert not any(p.rule == "Colonnes non utilisées" for p in prepared.problems)
    commit(empty_store, prepared)
    kf = key_figures(empty_store.connection(), "mno", 2025).set_index("indicator")
    # by hand: first welcome in 2025 for all but 603123 (June 2024)
    assert kf.at["ml_nouveaux_inscrits", "value"] == 5
    # CEJ started in 2025: 601123 (May), 602123 (March), 606123 (April); 603123 in 2024
    assert kf.at["cej_entrees", "value"] == 3
    # followed in CEJ during 2025: the three, and 603123 until June
    assert kf.at["cej_accompagnes", "value"] == 4
    # PACEA started in 2025: 601123 (January), 605123 (March)
    assert kf.at["pacea_entrees", "value"] == 2
    assert stored(empty_store, "select count(*) from ml_young") == [(6,)]
    assert stored(empty_store, "select count(*) from ml_programmes") == [(6,)]


def test_a_flat_imilo_extraction_leaves_the_plie_import_alone(empty_store):
    plie = pd.DataFrame({"Identifiant": ["P1", "P2"], "Commune": ["Lambersart", "Lambersart"],
                         "Date d'entrée": ["06/01/2025", "03/02/2025"]})
    commit(empty_store, prepare(empty_store, xlsx_with_titles(plie, ["Parcours PLIE"]),
                                "plie.xlsx", territory="mno"))
    commit(empty_store, prepare(empty_store, imilo(), "extraction_imilo.xlsx", territory="mno"))
    kf = key_figures(empty_store.connection(), "mno", 2025).set_index("indicator")
    assert kf.at["plie_participants", "value"] == 2


def test_a_person_s_lines_that_disagree_are_still_an_error(empty_store):
    df = IMILO.copy()
    df.loc[1, "Commune"] = "WAMBRECHIES"  # 601123 lives in Lambersart on the line before
    prepared = prepare(empty_store, imilo(df), "extraction_imilo.xlsx", territory="mno")
    assert any(p.severity == "erreur" and p.rule.startswith("Valeurs différentes")
               for p in prepared.problems)


def test_a_separate_programmes_sheet_is_not_read_twice(empty_store):
    # the same young people, and their programmes on a sheet of their own as well: the
    # « Dispositif » column of the first sheet is not read as a second copy
    import io

    young = IMILO.drop_duplicates("Identifiant")
    programmes = IMILO.dropna(subset=["Dispositif"])[
        ["Identifiant", "Dispositif", "Date d'entrée dans le dispositif",
         "Date de sortie du dispositif"]]
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="xlsxwriter") as w:
        young.to_excel(w, sheet_name="Jeunes", index=False)
        programmes.to_excel(w, sheet_name="Dispositifs", index=False)
    prepared = prepare(empty_store, buf.getvalue(), "extraction.xlsx", territory="mno")
    assert not prepared.errors
    commit(empty_store, prepared)
    assert stored(empty_store, "select count(*) from ml_programmes") == [(6,)]


def test_a_flat_plie_export_one_line_per_step(empty_store):
    # three participants; P1 has two steps, P2 one, P3 none yet (a line of their own)
    df = pd.DataFrame({
        "N° participant": ["P1", "P1", "P2", "P3"],
        "Sexe": ["F", "F", "H", "F"],
        "Commune": ["Lambersart", "Lambersart", "La Madeleine", "Wambrechies"],
        "Date d'entrée": ["06/01/2025", "06/01/2025", "03/02/2025", "10/03/2025"],
        "Famille d'étape": ["Formation", "Emploi", "Mobilisation", None],
        "Étape": ["Formation CACES", "CDD 6 mois", "Atelier CV", None],
        "Date de début": ["15/02/2025", "01/06/2025", "10/03/2025", None],
    })
    prepared = prepare(empty_store, xlsx_with_titles(df, ["Extraction des parcours et étapes"]),
                       "parcours_etapes.xlsx", territory="mno")
    assert prepared.source == "plie" and not prepared.errors, prepared.problems
    assert prepared.rows_read == 4
    commit(empty_store, prepared)
    kf = key_figures(empty_store.connection(), "mno", 2025).set_index("indicator")
    assert kf.at["plie_participants", "value"] == 3
    assert kf.at["plie_femmes", "value"] == 2
    assert kf.at["plie_etapes", "value"] == 3
    assert stored(empty_store, "select count(*) from plie_steps") == [(3,)]
