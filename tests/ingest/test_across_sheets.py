"""One workbook, two sheets giving the same communes and month (the corrected sheet added
beside the first, or a copy of it): both were stored and every job-seeker figure counted
twice (4 380 + 7 380 = 11 760 job seekers read for a file of 4 380). Fixture written as a
manager saves it from Excel (openpyxl, one header line per sheet); figures by hand."""

import datetime as dt

import pytest

from ingest.pipeline import EXCLUDED_DUPLICATE, ImportRefused, commit, prepare
from ingest.report import ERROR, WARNING
from tests.workbooks import workbook as write

TODAY = dt.date(2026, 1, 20)
HEAD = ["Mois", "Code commune", "Commune", "Catégorie", "Nombre de demandeurs d'emploi"]
COMMUNES = [("59368", "La Madeleine"), ("59328", "Lambersart")]


def sheet_rows(base: int) -> list[list]:
    # La Madeleine A = base, B = base + 1; Lambersart A = base + 10, B = base + 11
    return [["octobre 2025", code, name, cat, base + 10 * i + j]
            for i, (code, name) in enumerate(COMMUNES) for j, cat in enumerate("AB")]


def workbook(*sheets: tuple[str, int]) -> bytes:
    return write({title: [HEAD, *sheet_rows(base)] for title, base in sheets})


def test_a_copied_sheet_is_counted_once(empty_store):
    p = prepare(empty_store, workbook(("Octobre", 100), ("Octobre (2)", 100)), "de.xlsx",
                today=TODAY)
    assert p.errors == []
    (said,) = [x for x in p.problems if x.rule == "Lignes déjà lues dans une autre feuille"]
    assert said.severity == WARNING and said.sheet == "Octobre (2)"
    assert "4 lignes" in said.advice and "« Octobre »" in said.advice
    assert p.rows_read == 4 and p.excluded == {EXCLUDED_DUPLICATE: 4}
    commit(empty_store, p)
    rows = empty_store.connection().execute(
        "SELECT sum(count) FROM job_seekers").fetchone()[0]
    assert rows == 100 + 101 + 110 + 111  # 422, once


def test_two_sheets_that_disagree_are_refused(empty_store):
    p = prepare(empty_store, workbook(("Octobre", 100), ("Octobre corrigé", 200)), "de.xlsx",
                today=TODAY)
    errors = [x for x in p.errors if x.rule.endswith("sur deux feuilles")]
    assert {(x.sheet, x.row) for x in errors} == {
        (s, line) for s in ("Octobre", "Octobre corrigé") for line in (2, 3, 4, 5)}
    assert all(x.severity == ERROR for x in errors)
    assert p.invalid_rows == 8
    with pytest.raises(ImportRefused):
        commit(empty_store, p)
    assert empty_store.is_empty()


def test_sheets_of_different_months_are_both_read(empty_store):
    november = [["novembre 2025", *line[1:]] for line in sheet_rows(200)]
    raw = write({"Octobre": [HEAD, *sheet_rows(100)], "Novembre": [HEAD, *november]})
    p = prepare(empty_store, raw, "de.xlsx", today=TODAY)
    assert p.errors == [] and p.rows_read == 8 and p.excluded == {}
