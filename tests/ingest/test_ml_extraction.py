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
