"""The validation report workbook, read back with openpyxl as a manager's spreadsheet would."""

import datetime as dt
import io

import openpyxl
import pytest

from exports.validation_report import (
    HEADER_BLOCK_ROWS,
    neutralise,
    report_file_name,
    validation_report_xlsx,
)
from ingest.pipeline import prepare
from ingest.report import ERROR, INFO, REPORT_COLUMNS, WARNING, Problem
from wording import texts

HEADER_ROW = HEADER_BLOCK_ROWS + 1  # 1-based row of the table's header
CHECKED_AT = dt.datetime(2025, 4, 2, 9, 5)

EVENTS_ONE_BAD_COMMUNE = (
    "Date;Événement;Commune;Exposants;Participants\n"
    "12/03/2025;Job dating;Lambersart;4;40\n"
    "13/03/2025;Forum;Lambersartt;5;50\n"
)


def sheet(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data)).active


def table(ws) -> list[tuple]:
    return list(ws.iter_rows(min_row=HEADER_ROW + 1, max_col=len(REPORT_COLUMNS),
                             values_only=True))


@pytest.fixture
def problems() -> list[Problem]:
    return [
        Problem("Feuil1", None, "Remarque", "", "Colonnes non utilisées", "Associez-les.", WARNING),
        Problem("Feuil1", 7, "Participants", "=SUM(A1)", "Nombre illisible", "Écrivez un nombre."),
        Problem("Feuil1", 9, "Commune", "+33 6 12", "Commune inconnue", "Corrigez.", ERROR),
        Problem("Feuil1", None, "Nom", "", "Données personnelles écartées", "Jamais.", INFO),
    ]


def test_one_row_per_problem_under_the_french_headers(problems):
    ws = sheet(validation_report_xlsx(problems, "evenements.csv", CHECKED_AT))
    headers = [c.value for c in ws[HEADER_ROW]][: len(REPORT_COLUMNS)]
    assert headers == list(REPORT_COLUMNS.values())  # Gravité, Feuille, Ligne, … Que faire
    rows = table(ws)
    assert len(rows) == len(problems)
    # Errors first, then warnings, then information; file order within each.
    assert [r[0] for r in rows] == [ERROR, ERROR, WARNING, INFO]
    assert rows[0][1:4] == ("Feuil1", 7, "Participants")
    assert rows[2][2] is None  # a problem of the whole sheet has no row number


def test_a_formula_in_a_cell_comes_back_as_text(problems):
    ws = sheet(validation_report_xlsx(problems, "evenements.csv", CHECKED_AT))
    value = ws.cell(row=HEADER_ROW + 1, column=5)  # « Valeur » of the first error
    assert value.value == "'=SUM(A1)"
    assert value.data_type == "s"  # a string, not "f" (formula)
    assert ws.cell(row=HEADER_ROW + 2, column=5).value == "'+33 6 12"
    assert not any(c.data_type == "f" for row in ws.iter_rows() for c in row)


@pytest.mark.parametrize("text, expected", [
    ("=SUM(A1)", "'=SUM(A1)"), ("+1", "'+1"), ("-2", "'-2"), ("@cmd", "'@cmd"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("Lambersart", "Lambersart"), ("", ""), (None, ""),
    ("a=b", "a=b"),
])
def test_neutralise(text, expected):
    assert neutralise(text) == expected


def test_header_row_is_frozen_and_filtered(problems):
    ws = sheet(validation_report_xlsx(problems, "evenements.csv", CHECKED_AT))
    assert ws.freeze_panes == f"A{HEADER_ROW + 1}"
    assert ws.auto_filter.ref == f"A{HEADER_ROW}:G{HEADER_ROW + len(problems)}"
    assert ws.column_dimensions["G"].width > ws.column_dimensions["C"].width  # advice is wide
    assert ws.cell(row=HEADER_ROW, column=1).font.b


def test_header_block_of_a_checked_file(empty_store):
    prepared = prepare(empty_store, EVENTS_ONE_BAD_COMMUNE.encode(), "=evenements.csv")
    ws = sheet(validation_report_xlsx(prepared, prepared.file_name, CHECKED_AT))
    facts = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=2).value
             for r in range(2, HEADER_BLOCK_ROWS)}
    assert ws["A1"].value == texts.REPORT_TITLE
    assert facts[texts.REPORT_FILE] == "'=evenements.csv"  # a file name is neutralised too
    assert facts[texts.REPORT_SOURCE] == "Événements emploi de la Maison de l'Emploi"
    assert facts[texts.REPORT_TERRITORY] == "Métropole Nord-Ouest (ALPES)"
    assert facts[texts.REPORT_PERIOD] == "2025"
    assert facts[texts.REPORT_DATE] == "2 avril 2025 à 09:05"
    counts = {ws.cell(row=r, column=6).value: ws.cell(row=r, column=7).value
              for r in range(2, HEADER_BLOCK_ROWS + 1)}
    assert counts[texts.REPORT_ROWS] == 2
    assert counts[texts.REPORT_INVALID] == 1
    assert counts[texts.REPORT_ERRORS] == 1
    rows = table(ws)
    assert rows[0][:5] == (ERROR, "'=evenements", 3, "Commune", "Lambersartt")


def test_no_problem_says_so():
    ws = sheet(validation_report_xlsx([], "propre.csv", CHECKED_AT))
    assert ws.cell(row=HEADER_ROW + 1, column=1).value == texts.REPORT_NONE


def test_report_file_name():
    assert report_file_name("exports/Événements 2025.xlsx") == (
        "rapport_controle_evenements-2025.xlsx")
    assert report_file_name("C:\\Users\\moi\\de.csv") == "rapport_controle_de.xlsx"
    assert report_file_name("") == "rapport_controle_fichier.xlsx"
