"""Lines an Excel filter hides are read like the others, and said.

A PLIE manager filters the shared tracking workbook on their own structure, then saves it:
the other structures' lines are hidden, not removed, and every tool that reads the cells
reads them. The import kept them without a word (16 participants instead of the 13 shown
in Excel). It still reads them (a hidden line is not an invalid one), and says which.
"""

import io

import pandas as pd

from ingest.pipeline import commit, prepare
from ingest.readers import read_workbook
from queries.figures import key_figures

PEOPLE = pd.DataFrame({
    "Identifiant": [f"P{i}" for i in range(1, 7)],
    "Structure": ["PLIE MNO", "PLIE MNO", "PLIE MNO", "Autre PLIE", "Autre PLIE", "PLIE MNO"],
    "Commune": ["Lambersart", "La Madeleine", "Wambrechies", "Lambersart", "Lambersart",
                "Pérenchies"],
    "Date d'entrée": ["06/01/2025", "03/02/2025", "10/03/2025", "12/03/2025", "01/04/2025",
                      "05/05/2025"],
})


def filtered_workbook(hidden=("Autre PLIE",)) -> bytes:
    """Title line on row 1, header on row 3, the people from row 4; an autofilter hides the
    lines of the structures in `hidden` (rows 7 and 8 of the sheet)."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="xlsxwriter") as w:
        PEOPLE.to_excel(w, sheet_name="Parcours", index=False, startrow=2)
        ws = w.sheets["Parcours"]
        ws.write(0, 0, "Suivi des parcours PLIE — tous les PLIE de la métropole")
        ws.autofilter(2, 0, 2 + len(PEOPLE), len(PEOPLE.columns) - 1)
        for i, structure in enumerate(PEOPLE["Structure"]):
            if structure in hidden:
                ws.set_row(3 + i, None, None, {"hidden": True})
    return buf.getvalue()


def test_the_reader_knows_the_hidden_rows():
    (sheet,) = read_workbook(filtered_workbook(), "parcours.xlsx")
    assert sheet.hidden_rows == {6, 7}  # rows 7 and 8 of the sheet, 0-based
    (plain,) = read_workbook(filtered_workbook(hidden=()), "parcours.xlsx")
    assert plain.hidden_rows == frozenset()


def test_hidden_lines_are_read_and_said(empty_store):
    prepared = prepare(empty_store, filtered_workbook(), "parcours.xlsx", territory="mno")
    said = [p for p in prepared.problems if p.rule == "Lignes masquées dans le fichier"]
    assert len(said) == 1 and said[0].row == 7
    assert "2 lignes masquées" in said[0].advice and "lignes 7, 8" in said[0].advice
    commit(empty_store, prepared)
    kf = key_figures(empty_store.connection(), "mno", 2025).set_index("indicator")
    assert kf.at["plie_participants", "value"] == 6  # all six, as the cells hold them


def test_no_word_without_hidden_lines(empty_store):
    prepared = prepare(empty_store, filtered_workbook(hidden=()), "parcours.xlsx",
                       territory="mno")
    assert not any(p.rule == "Lignes masquées dans le fichier" for p in prepared.problems)
