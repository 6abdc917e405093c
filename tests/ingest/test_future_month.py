"""A job-seeker file whose month has not begun (a mistyped year: « mars 2027 » for
« mars 2025 ») is refused line by line, as a date in the future is; without it the import
stored the month and made it the latest one. Fixture written as a manager saves it from
Excel (openpyxl: header on line 1, months as text); the expected lines by hand."""

import datetime as dt
import io

import openpyxl
import pytest

from ingest.pipeline import ImportRefused, commit, prepare

TODAY = dt.date(2026, 1, 20)
COMMUNES = [("59368", "La Madeleine"), ("59328", "Lambersart")]


def job_seekers(month_of_line: list[str]) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Mois", "Code commune", "Commune", "Catégorie", "Nombre de demandeurs d'emploi"])
    for month, (code, name) in zip(month_of_line, COMMUNES, strict=True):
        ws.append([month, code, name, "A", 120])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_a_month_not_begun_is_an_error_on_its_line(empty_store):
    p = prepare(empty_store, job_seekers(["janvier 2026", "février 2026"]), "de.xlsx",
                today=TODAY)
    future = [e for e in p.errors if e.rule == "Mois dans le futur"]
    assert len(future) == 1
    assert p.invalid_rows == 1  # line 3, « février 2026 »; January has begun on the 20th
    assert "20/01/2026" in future[0].advice
    with pytest.raises(ImportRefused):
        commit(empty_store, p)
    assert empty_store.is_empty()


def test_the_current_month_is_accepted(empty_store):
    p = prepare(empty_store, job_seekers(["janvier 2026", "janvier 2026"]), "de.xlsx",
                today=TODAY)
    assert p.errors == []
    assert p.period == "2026-01"


def without_month_column(title: str | None) -> bytes:
    """The same file without its « Mois » column, as an agency sends it: the month is in a
    title line above the header, or nowhere (the manager types it as the period)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    if title:
        ws.append([title])
        ws.append([])
    ws.append(["Code commune", "Commune", "Catégorie", "Nombre de demandeurs d'emploi"])
    for code, name in COMMUNES:
        ws.append([code, name, "A", 120])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("title,period,said", [
    (None, "2030-01", "Le mois de la période indiquée (2030-01), janvier 2030, n'a pas encore "
                      "commencé (nous sommes le 20/01/2026) : vérifiez l'année."),
    ("Demandeurs d'emploi fin mars 2026", None, "n'a pas encore commencé (nous sommes le "
                                                "20/01/2026)"),
])
def test_a_month_not_begun_from_the_title_or_the_period_is_refused(empty_store, title, period,
                                                                    said):
    with pytest.raises(ImportRefused) as e:
        prepare(empty_store, without_month_column(title), "de.xlsx", period=period,
                today=TODAY)
    assert said in str(e.value)
    assert empty_store.is_empty()


def test_a_past_period_is_still_taken(empty_store):
    p = prepare(empty_store, without_month_column(None), "de.xlsx", period="2025-12",
                today=TODAY)
    assert p.errors == [] and p.period == "2025-12"
