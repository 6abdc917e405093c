"""Communes the importer cannot read, associated once by the manager (2026-12-07).

« MARQUETTE » is Marquette-lez-Lille (59386) or Marquette-en-Ostrevant (59387); a tool's
own code (« 59999 ») is no commune. Such a spelling is one grouped error per column, and
once the manager associates it (`--map-value "Commune:MARQUETTE=59386"`, the import page)
the association is saved for the source and reused. Fixtures are written as i-milo and a
PLIE tracking tool write their exports; every expected figure is counted by hand."""

import io

import openpyxl
import pytest

from data import mappings
from exports.validation_report import validation_report_xlsx
from ingest.commune_map import UnknownCommunes
from ingest.pipeline import ImportRefused, commit, prepare
from ingest.report import ERROR, INFO
from ingest.service import Importer

TITLES = [["Mission Locale Métropole Nord-Ouest — extraction i-milo"],
          ["Liste des jeunes accompagnés au 30/06/2025"], []]
HEADER = ["Identifiant jeune", "Genre", "Date de naissance", "Commune de résidence",
          "Date de 1er accueil"]
# lines 5 to 10 of the sheet (3 title lines, the header on line 4)
YOUNG = [["J001", "Femme", "01/01/2003", "Lambersart", "15/01/2025"],
         ["J002", "Homme", "02/02/2004", "MARQUETTE", "01/03/2025"],
         ["J003", "Femme", "03/03/2005", "La Madeleine", "10/03/2025"],
         ["J004", "Homme", "04/04/2002", "MARQUETTE", "20/05/2025"],
         ["J005", "Femme", "05/05/2001", "Marquette", "02/06/2025"],
         ["J006", "Homme", "06/06/2003", "Lambersart", "03/06/2025"]]
MARQUETTE_LINES = {6, 8, 9}  # J002, J004, J005: « MARQUETTE » twice, « Marquette » once


def imilo(rows=YOUNG) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Liste des jeunes"
    for line in [*TITLES, HEADER, *rows]:
        ws.append(line)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def by_commune(store, table="ml_young") -> dict[str, int]:
    return dict(store.connection().execute(
        f"select code_insee, count(*) from {table} group by 1").fetchall())


def commune_errors(prepared) -> list[UnknownCommunes]:
    return [p for p in prepared.problems if isinstance(p, UnknownCommunes)]


def test_an_ambiguous_commune_is_one_grouped_error_that_blocks_the_import(empty_store):
    prepared = prepare(empty_store, imilo(), "extraction_imilo.xlsx", territory="mno")
    assert prepared.source == "ml"
    (group,) = commune_errors(prepared)
    assert group.severity == ERROR and group.column == "Commune de résidence"
    # one spelling (compared normalised), its 3 lines, both Marquette proposed by code
    assert group.values == (("MARQUETTE", 3, ("59386", "59387")),)
    assert group.line_rows == MARQUETTE_LINES and group.row == 6
    assert group.rule == "1 commune non reconnue"
    assert "Marquette-lez-Lille (59386) ou Marquette-en-Ostrevant (59387)" in group.advice
    assert "--map-value « Commune de résidence:MARQUETTE=59386 »" in group.advice
    assert "prochains fichiers de cette source" in group.advice
    # the proposals first, then the communes of the file's département with their names
    options = dict(group.options)
    assert [c for c, _ in group.options[:2]] == ["59386", "59387"]
    assert options["59328"] == "Lambersart (59328)" and len(options) == 648  # the Nord's
    # no other error: the error is the column's, not one per line
    assert [p for p in prepared.errors if p is not group] == []
    assert prepared.invalid_rows == 3
    with pytest.raises(ImportRefused):
        commit(empty_store, prepared)
    assert empty_store.catalog().active() == []


def test_the_validation_report_still_lists_each_line(empty_store):
    prepared = prepare(empty_store, imilo(), "extraction_imilo.xlsx", territory="mno")
    ws = openpyxl.load_workbook(io.BytesIO(validation_report_xlsx(prepared, "x.xlsx"))).active
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    header = rows.index(["Gravité", "Feuille", "Ligne", "Colonne", "Valeur", "Règle", "Que faire"])
    listed = {(r[2], r[4]) for r in rows[header + 1:] if r[0] == ERROR}
    assert listed == {(6, "MARQUETTE"), (8, "MARQUETTE"), (9, "Marquette")}


def test_the_association_reads_the_lines_and_is_said(empty_store):
    prepared = prepare(empty_store, imilo(), "extraction_imilo.xlsx", territory="mno",
                       value_mapping={"Commune de résidence": {"MARQUETTE": "59386"}})
    assert not prepared.errors
    (said,) = [p for p in prepared.problems if p.rule == "Commune associée par vous"]
    assert said.severity == INFO and said.line_rows == MARQUETTE_LINES
    assert said.advice.startswith("Commune associée par vous : « MARQUETTE » → "
                                  "Marquette-lez-Lille (59386) (3 lignes)")
    commit(empty_store, prepared)
    # by hand: J002, J004, J005 in Marquette-lez-Lille; J001, J006 in Lambersart; J003 in
    # La Madeleine
    assert by_commune(empty_store) == {"59386": 3, "59328": 2, "59368": 1}


def test_the_association_is_saved_and_reused_for_the_next_file(empty_store):
    importer = Importer(empty_store, user="test")
    first = importer.check("extraction_juin.xlsx", imilo(), territory="mno",
                           values={"Commune de résidence": {"MARQUETTE": "Marquette-lez-Lille"}})
    assert not first.prepared.errors
    outcome = importer.commit(first)
    assert outcome.refused is None and outcome.saved
    # saved by field, as the INSEE code the name stands for
    assert mappings.load_values(empty_store, "ml") == {"commune_name": {"MARQUETTE": "59386"}}
    # next month, one more young person of Marquette, no association given: by hand, the
    # 3 of June and J007 are in Marquette-lez-Lille
    july = [*YOUNG, ["J007", "Homme", "07/07/2004", "MARQUETTE", "01/07/2025"]]
    second = importer.check("extraction_juillet.xlsx", imilo(july), territory="mno")
    assert not second.prepared.errors and not commune_errors(second.prepared)
    (said,) = [p for p in second.prepared.problems if p.rule == "Commune associée par vous"]
    assert "(4 lignes)" in said.advice
    assert importer.commit(second).refused is None
    assert by_commune(empty_store) == {"59386": 4, "59328": 2, "59368": 1}


def test_an_association_to_no_commune_is_refused_and_not_saved(empty_store):
    importer = Importer(empty_store, user="test")
    check = importer.check("extraction.xlsx", imilo(), territory="mno",
                           values={"Commune de résidence": {"MARQUETTE": "59999"}})
    (wrong,) = [p for p in check.prepared.errors if p.rule == "Association de commune impossible"]
    assert "« MARQUETTE = 59999 »" in wrong.advice and "n'existe pas" in wrong.advice
    assert commune_errors(check.prepared)[0].line_rows == MARQUETTE_LINES  # still unread
    assert importer.commit(check).refused is not None
    # an ambiguous name is no commune either
    check = importer.check("extraction.xlsx", imilo(), territory="mno",
                           values={"Commune de résidence": {"MARQUETTE": "Marquette"}})
    assert [p.rule for p in check.prepared.errors if not isinstance(p, UnknownCommunes)] == [
        "Association de commune impossible"]
    assert mappings.load_values(empty_store, "ml") == {}
    assert empty_store.catalog().active() == []


# A PLIE tracking tool's export: « Code commune » holds the tool's own code for a commune
# it does not know (59999), beside INSEE codes.
PLIE_TITLE = "Export PLIE — participants entrés en 2025\n\n"


def test_a_code_column_only_with_a_code_the_cog_does_not_know(empty_store):
    text = (PLIE_TITLE + "N° dossier;Civilité;Code commune;Date d'entrée\n"
            "P001;Monsieur;59328;03/02/2025\n"
            "P002;Madame;59999;10/02/2025\n"
            "P003;Monsieur;59368;14/03/2025\n"
            "P004;Madame;59999;02/04/2025\n")
    raw = text.encode("utf-8")
    refused = prepare(empty_store, raw, "plie.csv", source="plie", territory="mno")
    (group,) = commune_errors(refused)
    assert group.column == "Code commune" and group.field == "commune_code"
    assert [(v, n) for v, n, _ in group.values] == [("59999", 2)]
    assert len(group.line_rows) == 2
    prepared = prepare(empty_store, raw, "plie.csv", source="plie", territory="mno",
                       value_mapping={"Code commune": {"59999": "59386"}})
    assert not prepared.errors
    commit(empty_store, prepared)
    # by hand: P002 and P004 in Marquette-lez-Lille, P001 Lambersart, P003 La Madeleine
    assert by_commune(empty_store, "plie_participants") == {"59386": 2, "59328": 1, "59368": 1}


def test_a_code_and_a_name_column_the_name_is_the_spelling(empty_store):
    text = ("N° dossier;Civilité;Code INSEE;Commune;Date d'entrée\n"
            "P001;Monsieur;59328;Lambersart;03/02/2025\n"
            "P002;Madame;;MARQUETTE;10/02/2025\n"
            "P003;Monsieur;59999;MARQUETTE;14/03/2025\n"
            "P004;Madame;59386;Marquette-lez-Lille;02/04/2025\n"
            "P005;Madame;59387;Marquette-en-Ostrevant;02/04/2025\n")
    raw = text.encode("utf-8")
    refused = prepare(empty_store, raw, "plie.csv", source="plie", territory="mno")
    (group,) = commune_errors(refused)
    assert group.column == "Commune" and group.line_rows == {3, 4}
    prepared = prepare(empty_store, raw, "plie.csv", source="plie", territory="mno",
                       value_mapping={"Commune": {"marquette": "59386"}})
    assert not prepared.errors
    commit(empty_store, prepared)
    # by hand: P002, P003 (associated) and P004 in 59386; P005 stays in 59387
    assert by_commune(empty_store, "plie_participants") == {
        "59386": 3, "59387": 1, "59328": 1}


def test_a_line_without_commune_is_no_spelling_to_associate(empty_store):
    text = ("N° dossier;Civilité;Commune;Date d'entrée\n"
            "P001;Monsieur;MARQUETTE;03/02/2025\n"
            "P002;Madame;;10/02/2025\n")
    prepared = prepare(empty_store, text.encode("utf-8"), "plie.csv", source="plie",
                       territory="mno")
    (group,) = commune_errors(prepared)
    assert [(v, n) for v, n, _ in group.values] == [("MARQUETTE", 1)] and group.line_rows == {2}
    (blank,) = [p for p in prepared.errors if p is not group]
    assert (blank.row, blank.rule) == (3, "Commune non renseignée.")
    assert prepared.invalid_rows == 2
