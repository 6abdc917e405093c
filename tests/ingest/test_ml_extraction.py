"""A Mission Locale manager's i-milo-like extraction, written the way that tool writes it:
a title block, one sheet per table, names and phones, a « Total » line, dates as Excel
serials and as text, communes as names in any spelling or as postal codes alone.
Expected figures by hand."""

import io

import openpyxl
import pandas as pd

from ingest.communes import CommuneResolver
from ingest.pipeline import commit, prepare

TITLE = [["MISSION LOCALE METROPOLE NORD-OUEST"], ["Extraction i-milo - Liste des jeunes"],
         ["Date d'extraction : 15/01/2026"], []]
HEADER = ["N° dossier", "Nom", "Tél. portable", "Sexe", "Né(e) le", "Commune de résidence",
          "Résident QPV", "Date 1er accueil"]


def extraction(communes: list[str]) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Jeunes"
    for line in [*TITLE, HEADER]:
        ws.append(line)
    for i, commune in enumerate(communes, start=1):
        ws.append([f"J{i:02d}", f"NOM{i}", f"06 00 00 00 {i:02d}", "FH"[i % 2],
                   37723 if i % 2 else "01/07/2004", commune, "Non",
                   45667 if i % 2 else "03/02/2025"])  # 10/01/2025, 03/02/2025
    ws.append(["Total", f"{len(communes)} jeunes"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_postal_codes_alone_in_the_commune_column_are_read_as_postal_codes(empty_store):
    """« 59130 » is Lambersart's postal code and Cappelle-Brouck's INSEE code: in a column
    where « 59700 » (a postal code only, Marcq-en-Barœul) says the codes are postal codes,
    it is Lambersart; it was Cappelle-Brouck, counted out of the territory without a word."""
    raw = extraction(["59130", "59700", "LAMBERSART", "Marcq en Baroeul", "59130"])
    prepared = prepare(empty_store, raw, "extraction_imilo.xlsx", territory="mno")
    assert prepared.source == "ml"
    assert not prepared.errors
    assert not [p for p in prepared.problems if "hors du territoire" in p.rule]
    commit(empty_store, prepared)
    got = empty_store.connection().execute(
        "select code_insee, count(*) from ml_young group by 1 order by 1").fetchall()
    # by hand: 59130 twice + LAMBERSART = 3 in Lambersart; 59700 + Marcq en Baroeul = 2
    assert got == [("59328", 3), ("59378", 2)]


def test_a_code_alone_that_is_both_insee_and_postal_is_never_guessed():
    r = CommuneResolver()
    match = r.resolve(name="59130")
    assert match.code_insee is None
    assert match.problem == ("« 59130 » est à la fois le code INSEE de Cappelle-Brouck (59130) "
                             "et le code postal de Lambersart : indiquez le nom de la commune.")
    assert match.suggestions == ["Lambersart (59328)", "Cappelle-Brouck (59130)"]
    # INSEE codes alone (« 59599 » is no postal code): « 59350 » stays Lille, not Saint-André
    got = r.resolve_frame(None, pd.Series(["59350", "59599"]), None)
    assert got["code_insee"].tolist() == ["59350", "59599"]
    assert r.resolve(name="59599").code_insee == "59599"


def test_an_extraction_with_phone_contacts_and_aid_natures_needs_no_mapping(empty_store):
    """« Contact téléphonique » and a « Nature de l'aide » column, as i-milo-like tools write
    them, needed two choices on the import page; and the value offered was « Fonds ml »
    where the dashboard says « Fonds Mission Locale »."""
    wb = openpyxl.load_workbook(io.BytesIO(extraction(["Lambersart", "Wambrechies"])))
    ws = wb.create_sheet("Entretiens")
    for line in [*TITLE, ["N° dossier", "Date de l'entretien", "Nature", "Conseiller"],
                 ["J01", 45667, "Entretien individuel", "M. Kaci"],  # 10/01/2025
                 ["J01", "14/02/2025", "Contact téléphonique", "M. Kaci"],
                 ["J02", "05/03/2025", "Contact téléphonique", "C. Dupuis"],
                 ["J02", "01/04/2025", "Information collective", "C. Dupuis"],
                 ["Total", 4]]:
        ws.append(line)
    ws = wb.create_sheet("Aides financières")
    for line in [*TITLE, ["N° dossier", "Nature de l'aide", "Date de paiement", "Montant (€)"],
                 ["J01", "Allocation CEJ", "05/02/2025", "528,00"],
                 ["J02", "Fonds Mission Locale", 45748, "150,00"]]:  # 01/04/2025
        ws.append(line)
    out = io.BytesIO()
    wb.save(out)
    prepared = prepare(empty_store, out.getvalue(), "extraction_imilo.xlsx", territory="mno")
    assert not prepared.errors, [(p.rule, p.value) for p in prepared.errors]
    commit(empty_store, prepared)
    con = empty_store.connection()
    # by hand: 1 interview, 2 phone calls, 1 collective information (a workshop)
    assert con.execute("select contact_type, count(*) from ml_contacts group by 1 order by 1"
                       ).fetchall() == [("atelier", 1), ("entretien", 1), ("telephone", 2)]
    assert con.execute("select scheme, amount from financial_aid order by 1").fetchall() == [
        ("allocation_cej", 528), ("fonds_ml", 150)]
    from ingest.vocab import for_kind
    assert for_kind("enum:AID_SCHEME").label("fonds_ml") == "Fonds Mission Locale"
    assert for_kind("enum:CONTACT_TYPE").label("telephone") == "Téléphone"
