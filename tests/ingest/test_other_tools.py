"""Exports of other tools that a new user imported (2026-12-07): an i-milo-like extraction
whose programmes sheet was left out without a word, a clause facilitator's CSV whose
communes were lost, an agency's job-seeker sheet whose postal code read as Lille's INSEE
code. Each fixture is written the way that tool writes it; expected figures by hand."""

import io

import pandas as pd
import pytest

from ingest.pipeline import ImportRefused, commit, prepare
from ingest.report import ERROR, WARNING
from queries.figures import key_figures
from tests.workbooks import workbook

YOUNG = [["Identifiant jeune", "Genre", "Date de naissance", "Code INSEE commune",
          "Commune de résidence", "Quartier QPV", "Date de 1er accueil"],
         ["1234501", "Femme", "01/01/2003", "59328", "Lambersart", "QN05970M", "15/01/2025"],
         ["1234502", "Homme", "02/02/2004", "59368", "La Madeleine", "Hors QPV", "01/06/2024"],
         ["1234503", "Femme", "03/03/2005", "59378", "Marcq-en-Baroeul", "QN05977M", "10/03/2025"],
         ["1234504", "Homme", "04/04/2002", "59386", "Marquette-lez-Lille", "Hors QPV", "20/05/2025"]]
PROGRAMMES = [["Identifiant jeune", "Type dispositif : CEJ/PACEA", "Date de début du dispositif",
               "Date de fin du dispositif"],
              ["1234501", "CEJ", "01/02/2025", None],
              ["1234502", "CEJ", "01/09/2024", "30/06/2025"],
              ["1234503", "PACEA", "15/03/2025", "15/09/2025"],
              ["1234503", "CEJ", "20/09/2025", None],
              ["1234504", "CEJ", "01/06/2025", None]]


def test_an_imilo_programmes_sheet_is_read(empty_store):
    # « Liste des jeunes » and « Accompagnements », with « Type dispositif : CEJ/PACEA » and
    # « Date de début du dispositif »: the sheet was left out (« aucun problème ») and CEJ
    # entries read 0. By hand, 2025: CEJ entries 1234501, 1234503, 1234504 (3), two of
    # them in a QPV (1234501, 1234503); CEJ followed: those 3 and 1234502 (4); PACEA 1
    raw = workbook({"Liste des jeunes": YOUNG, "Accompagnements": PROGRAMMES})
    prepared = prepare(empty_store, raw, "extraction_imilo.xlsx", territory="mno")
    assert prepared.source == "ml" and not prepared.errors
    assert {r.table for r in prepared.sheets} >= {"ml_young", "ml_programmes"}
    commit(empty_store, prepared)
    kf = key_figures(empty_store.connection(), "mno", 2025).set_index("indicator")["value"]
    assert (kf["cej_entrees"], kf["cej_accompagnes"], kf["cej_entrees_qpv"]) == (3, 4, 2)
    assert kf["pacea_entrees"] == 1


def test_a_sheet_of_the_export_s_people_that_matches_no_table_blocks_the_import(empty_store):
    # the same extraction with headers no table knows: its lines would be lost, so the
    # import is refused, the sheet named; a legend sheet is only said
    programmes = [["Identifiant jeune", "Mesure suivie", "Commencé le", "Terminé le"],
                  *PROGRAMMES[1:]]
    raw = workbook({"Liste des jeunes": YOUNG, "Suivi": programmes,
                    "Légende": [["Colonne", "Sens"], ["Genre", "Femme / Homme"]]})
    prepared = prepare(empty_store, raw, "extraction_imilo.xlsx", territory="mno")
    unread = {p.sheet: p for p in prepared.problems if p.rule == "Feuille non lue"}
    assert unread["Suivi"].severity == ERROR
    assert "« Identifiant jeune »" in unread["Suivi"].advice
    assert unread["Légende"].severity == WARNING
    with pytest.raises(ImportRefused, match="Suivi"):
        commit(empty_store, prepared)
    assert empty_store.catalog().active() == []


def test_a_clause_facilitator_csv_with_commune_names(empty_store):
    # latin-1, « ; », months as « janv.-25 », communes by name with « ST ANDRE »; the
    # commune columns were ignored and the file filed under « autre ». By hand: resident
    # hours in MNO communes: Lambersart 35,5 + 100,25; Saint-André 20 + 40,75 (Roubaix and
    # Tourcoing outside); sites in MNO: Lambersart (35,5 + 70), Marcq-en-Barœul (100,25 + 20)
    text = ("Mois;Opération;Commune du chantier;N° participant;Commune de résidence;Nb heures\n"
            "janv.-25;Réhabilitation école Pasteur;Lambersart;P001;Lambersart;35,5\n"
            "janv.-25;Réhabilitation école Pasteur;Lambersart;P002;Roubaix;70\n"
            "févr.-25;Voirie rue de Lille;Marcq en Baroeul;P001;Lambersart;100,25\n"
            "févr.-25;Voirie rue de Lille;Marcq en Baroeul;P003;ST ANDRE;20\n"
            "mars-25;Collège Lille Sud;Lille;P003;ST ANDRE;40,75\n"
            "mars-25;Collège Lille Sud;Lille;P004;Tourcoing;12\n")
    prepared = prepare(empty_store, text.encode("latin-1"), "heures_clauses_2025.csv")
    assert prepared.source == "clauses" and not prepared.errors
    assert prepared.territory == "mno"
    commit(empty_store, prepared)
    con = empty_store.connection()
    residents = dict(con.execute(
        "select resident_insee, sum(hours) from clause_hours group by 1").fetchall())
    assert residents == {"59328": pytest.approx(135.75), "59527": pytest.approx(60.75),
                         "59512": 70, "59599": 12}
    sites = dict(con.execute(
        "select operation_insee, sum(hours) from clause_hours group by 1").fetchall())
    assert sites == {"59328": 105.5, "59378": pytest.approx(120.25), "59350": pytest.approx(52.75)}


def test_a_clause_commune_no_one_knows_is_an_error_not_a_loss(empty_store):
    text = ("Mois;Opération;N° participant;Commune de résidence;Nb heures\n"
            "01/2025;Voirie;P001;Lambersart;35\n"
            "01/2025;Voirie;P002;Lambrsrt-sur-Deule;20\n")
    prepared = prepare(empty_store, text.encode("utf-8"), "clauses.csv", territory="mno")
    assert prepared.invalid_rows == 1
    bad = [p for p in prepared.errors if p.column == "Commune de résidence"]
    assert bad and bad[0].row == 3


def test_an_agency_sheet_with_postal_codes_beside_the_names(empty_store):
    # « Code postal » and « Commune » columns, « Nb DEFM »: 59350 is Saint-André's postal
    # code (and Lille's INSEE code). By hand: Lambersart 812 + 650, Saint-André 345
    df = pd.DataFrame({
        "Code postal": ["59130", "59130", "59350"],
        "Commune": ["LAMBERSART", "LAMBERSART", "ST ANDRE"],
        "Catégorie": ["A", "B", "A"],
        "Nb DEFM": [812, 650, 345],
    })
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="xlsxwriter") as w:
        df.to_excel(w, sheet_name="DEFM", index=False, startrow=2)
        w.sheets["DEFM"].write(0, 0, "Agence France Travail Lambersart - Situation au 31/10/2025")
    prepared = prepare(empty_store, buf.getvalue(), "defm_agence.xlsx", territory="mno")
    assert prepared.source == "de_commune" and not prepared.errors
    said = [p.advice for p in prepared.problems if p.rule == "Mois lu dans le titre"]
    assert said and "ceux d'octobre 2025" in said[0]
    commit(empty_store, prepared)
    rows = dict(empty_store.connection().execute(
        "select code_insee, sum(count) from job_seekers group by 1").fetchall())
    assert rows == {"59328": 1462, "59527": 345}  # never Lille (59350)


def test_a_code_and_a_name_that_disagree_are_said(empty_store):
    # an INSEE code column and a name column that name two communes: the code wins, said
    df = pd.DataFrame({"Code commune": ["59328", "59599"], "Libellé commune": ["Lambersart", "Roubaix"],
                       "Mois": ["2025-09", "2025-09"], "Nombre de demandeurs": [1500, 9000]})
    buf = io.BytesIO()
    df.to_csv(buf, sep=";", index=False)
    prepared = prepare(empty_store, buf.getvalue(), "de.csv")
    assert prepared.source == "de_commune" and not prepared.errors
    said = [p for p in prepared.problems if p.rule == "Code et nom de commune contradictoires"]
    assert len(said) == 1 and said[0].severity == WARNING
    assert "Roubaix (59512)" in said[0].advice and "Tourcoing (59599)" in said[0].advice


def test_a_programmes_csv_alone_takes_the_territory_of_its_people(empty_store):
    # i-milo exports one CSV per table: the young people's (with communes), then the
    # programmes' (identifiers only). The second was filed under « autre », beside MNO's
    # extraction instead of with it. By hand: its 3 people are all in MNO's extraction
    young = ("Identifiant jeune;Commune;Date de 1er accueil\n"
             "J1;Lambersart;10/01/2025\nJ2;Wambrechies;03/02/2025\nJ3;La Madeleine;04/03/2025\n")
    first = prepare(empty_store, young.encode("utf-8"), "jeunes.csv")
    assert first.territory == "mno"
    commit(empty_store, first)
    programmes = ("Identifiant jeune;Dispositif;Date de début;Date de fin\n"
                  "J1;CEJ;01/02/2025;\nJ2;PACEA;15/02/2025;30/09/2025\nJ3;CEJ;10/03/2025;\n")
    second = prepare(empty_store, programmes.encode("utf-8"), "dispositifs.csv")
    assert second.territory == "mno"
    said = [p for p in second.problems if p.rule == "Territoire lu d'après les personnes"]
    assert said and "3 de ses 3 personnes" in said[0].advice
    commit(empty_store, second)
    kf = key_figures(empty_store.connection(), "mno", 2025).set_index("indicator")["value"]
    assert (kf["cej_entrees"], kf["pacea_entrees"]) == (2, 1)
    # people no extraction lists: « autre », as before
    strangers = prepare(empty_store, programmes.replace("J", "K").encode("utf-8"), "autres.csv")
    assert strangers.territory == "autre"


def test_a_slash_for_sur_in_a_commune_name():
    # « Quesnoy/Deûle », with or without its postal code, as a PLIE tool short of room
    # writes Quesnoy-sur-Deûle; « s/ » already read « sur »
    from ingest.communes import CommuneResolver, commune_key

    assert commune_key("Quesnoy/Deûle") == commune_key("Quesnoy-sur-Deûle") == "quesnoy sur deule"
    resolver = CommuneResolver()
    assert resolver.resolve(name="Quesnoy/Deûle", postal_code="59890").code_insee == "59482"
    assert resolver.resolve(name="Quesnoy/Deûle").code_insee == "59482"


def test_a_territory_chosen_by_the_manager_is_kept(empty_store):
    # « autre » chosen on purpose: the people's territory does not override it
    young = "Identifiant jeune;Commune;Date de 1er accueil\nJ1;Lambersart;10/01/2025\n"
    commit(empty_store, prepare(empty_store, young.encode(), "jeunes.csv"))
    programmes = "Identifiant jeune;Dispositif;Date de début\nJ1;CEJ;01/02/2025\n"
    chosen = prepare(empty_store, programmes.encode(), "dispositifs.csv", territory="autre")
    assert chosen.territory == "autre"


def test_a_sheet_of_another_export_is_said_to_be_imported_apart(empty_store):
    events = [["Date", "Événement", "Commune", "Participants"],
              ["12/03/2025", "Job dating", "Lambersart", 40]]
    raw = workbook({"Liste des jeunes": YOUNG, "Accompagnements": PROGRAMMES, "Forums": events})
    prepared = prepare(empty_store, raw, "extraction_imilo.xlsx", territory="mno")
    assert prepared.source == "ml"
    unread = [p for p in prepared.problems if p.rule == "Feuille non lue"]
    assert len(unread) == 1 and unread[0].severity == WARNING
    assert "Événements emploi de la Maison de l'Emploi" in unread[0].advice
