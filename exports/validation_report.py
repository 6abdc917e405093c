"""The validation report of a checked file as an Excel workbook a manager can filter and print.

One sheet: a header block (file, source, territory, period, date of the check, counts),
then one row per problem with the columns of `ingest.report.REPORT_COLUMNS`, errors
first. Every text is written as a string, never as a formula: a cell of the uploaded
file such as `=HYPERLINK(…)` comes back in the « Valeur » column, and must not run when
the report is opened (CSV/formula injection), so every text goes through
`exports.safe.neutralise` (an apostrophe before a leading `=`, `+`, `-`, `@`, tab or CR)
and is written with `write_string`.
"""

import datetime as dt
import io
import math
from collections.abc import Sequence
from pathlib import PurePosixPath

import xlsxwriter

from data import territories
from exports.safe import file_stem, neutralise
from ingest.pipeline import Prepared
from ingest.profiles import SOURCES
from ingest.report import ERROR, INFO, REPORT_COLUMNS, WARNING, Problem, per_line
from wording import texts
from wording.format import fmt_date

SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}
# Width of each problem column, in characters; long advice wraps inside its cell.
WIDTHS = {"severity": 15, "sheet": 18, "row": 8, "column": 24, "value": 24, "rule": 38,
          "advice": 60}
HEADER_BLOCK_ROWS = 7  # title, five lines of facts, one blank line
LINE_HEIGHT = 15  # points per line of wrapped text (Calibri 11)
SEVERITY_COLOURS = {ERROR: "#FDE2E1", WARNING: "#FFF1D6", INFO: "#E8F0FB"}


def report_file_name(file_name: str) -> str:
    """rapport_controle_<name of the checked file, portable>.xlsx"""
    stem = PurePosixPath((file_name or "").replace("\\", "/")).stem
    return texts.REPORT_FILE_NAME.format(stem=file_stem(stem, default="fichier"))


def sorted_problems(problems: Sequence[Problem]) -> list[Problem]:
    """Errors first, then warnings, then information; file order within each. A problem
    grouped over a column that keeps its lines is listed line by line (`per_line`)."""
    return sorted(per_line(list(problems)), key=lambda p: SEVERITY_ORDER.get(p.severity, 3))


def validation_report_xlsx(prepared_or_problems: Prepared | Sequence[Problem], file_name: str,
                           checked_at: dt.datetime | None = None) -> bytes:
    """The report as the bytes of an .xlsx file."""
    if isinstance(prepared_or_problems, Prepared):
        prepared = prepared_or_problems
        problems = list(prepared.problems)
        source = SOURCES[prepared.source].label if prepared.source in SOURCES else prepared.source
        territory = territories.definitions().get(prepared.territory, {}).get("label",
                                                                        prepared.territory)
        facts = [(texts.REPORT_SOURCE, source), (texts.REPORT_TERRITORY, territory),
                 (texts.REPORT_PERIOD, period_label(prepared.period, prepared.covers))]
        rows, invalid = prepared.rows_read, prepared.invalid_rows
    else:
        problems = list(prepared_or_problems)
        facts = [(texts.REPORT_SOURCE, ""), (texts.REPORT_TERRITORY, ""),
                 (texts.REPORT_PERIOD, "")]
        rows = invalid = None
    checked_at = checked_at or dt.datetime.now()
    when = texts.REPORT_DATE_VALUE.format(date=fmt_date(checked_at),
                                          time=checked_at.strftime("%H:%M"))
    facts = [(texts.REPORT_FILE, file_name), *facts, (texts.REPORT_DATE, when)]
    counts = [(texts.REPORT_ROWS, rows), (texts.REPORT_INVALID, invalid),
              (texts.REPORT_ERRORS, _count(problems, ERROR)),
              (texts.REPORT_WARNINGS, _count(problems, WARNING)),
              (texts.REPORT_INFOS, _count(problems, INFO))]

    out = io.BytesIO()
    # No automatic conversion of strings: they stay strings, never formulas nor links.
    wb = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False,
                                   "strings_to_urls": False, "strings_to_numbers": False})
    f = _formats(wb)
    ws = wb.add_worksheet(texts.REPORT_SHEET[:31])
    for col, key in enumerate(REPORT_COLUMNS):
        ws.set_column(col, col, WIDTHS[key])

    ws.write_string(0, 0, texts.REPORT_TITLE, f["title"])
    ws.set_row(0, 24)
    # Facts on the left (their values may run over the empty cells beside them),
    # counts on the right, under « Règle » and « Que faire ».
    for i, (label, value) in enumerate(facts[:5], start=1):
        ws.write_string(i, 0, label, f["label"])
        ws.write_string(i, 1, neutralise(value), f["text"])
    for i, (label, value) in enumerate(counts, start=1):
        ws.write_string(i, 5, label, f["label_right"])
        if value is None:
            ws.write_blank(i, 6, None, f["count"])
        else:
            ws.write_number(i, 6, value, f["count"])

    header_row = HEADER_BLOCK_ROWS
    for col, label in enumerate(REPORT_COLUMNS.values()):
        ws.write_string(header_row, col, label, f["header"])
    ordered = sorted_problems(problems)
    for r, p in enumerate(ordered, start=header_row + 1):
        ws.write_string(r, 0, neutralise(p.severity), f.get(p.severity, f["cell"]))
        ws.write_string(r, 1, neutralise(p.sheet), f["cell"])
        if p.row is None:
            ws.write_blank(r, 2, None, f["number"])
        else:
            ws.write_number(r, 2, int(p.row), f["number"])
        texts_of_row = (p.column, p.value, p.rule, p.advice)
        for c, value in enumerate(texts_of_row, start=3):
            ws.write_string(r, c, neutralise(value), f["cell"])
        ws.set_row(r, LINE_HEIGHT * _lines(zip(("column", "value", "rule", "advice"),
                                               texts_of_row, strict=True)))
    last = header_row + max(len(ordered), 1)
    if not ordered:
        ws.write_string(header_row + 1, 0, texts.REPORT_NONE, f["cell"])
    ws.autofilter(header_row, 0, last, len(REPORT_COLUMNS) - 1)
    ws.freeze_panes(header_row + 1, 0)

    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(header_row)
    wb.close()
    return out.getvalue()


def period_label(period: str, covers: str | None = None) -> str:
    """2025-03 → mars 2025, an extraction of several months « janvier à décembre 2025 »
    (wording.import_outcome.period_label); a year or « inconnue » as it is."""
    from wording.import_outcome import period_label as label

    return period if period == "inconnue" else label(period, covers)


def _lines(cells) -> int:
    # Spreadsheets do not grow a row for wrapped text written by a program: estimate it.
    # Average French text is a little narrower than the digit a column width counts.
    return max(1, *(math.ceil(len(str(v or "")) / (WIDTHS[k] * 1.15)) for k, v in cells))


def _count(problems: Sequence[Problem], severity: str) -> int:
    return sum(p.severity == severity for p in problems)


def _formats(wb: xlsxwriter.Workbook) -> dict:
    base = {"font_name": "Calibri", "font_size": 11, "valign": "top"}
    cell = {**base, "text_wrap": True, "border": 1, "border_color": "#C8C8C8"}
    formats = {
        "title": wb.add_format({**base, "bold": True, "font_size": 14, "font_color": "#1D4F91"}),
        "label": wb.add_format({**base, "bold": True}),
        "label_right": wb.add_format({**base, "bold": True, "align": "right"}),
        "text": wb.add_format(base),
        "count": wb.add_format({**base, "num_format": "#,##0", "align": "left"}),
        "header": wb.add_format({**cell, "bold": True, "font_color": "#FFFFFF",
                                 "bg_color": "#1D4F91", "border_color": "#1D4F91"}),
        "cell": wb.add_format(cell),
        "number": wb.add_format({**cell, "align": "center"}),
    }
    for severity, colour in SEVERITY_COLOURS.items():
        formats[severity] = wb.add_format({**cell, "bg_color": colour, "bold": severity == ERROR})
    return formats
