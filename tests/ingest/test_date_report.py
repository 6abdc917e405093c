"""A wrong date in the validation report reads as the manager sees it in Excel: a date
cell or a serial number of a plausible date as « 21/01/2031 », never « 47869 » nor
« 2031-01-21 »; anything else as written, with its line of the file."""

import datetime as dt
import io

import pytest
import xlsxwriter

from ingest.fields import date_as_shown
from ingest.pipeline import prepare

TODAY = dt.date(2026, 12, 6)


def workbook(dates: list) -> bytes:
    """An events export whose « Date » column holds `dates` from line 2 on: a datetime as a
    date cell, a number as a plain number cell (a date whose format was lost), a text."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet("Événements")
    date_format = wb.add_format({"num_format": "dd/mm/yyyy"})
    ws.write_row(0, 0, ["Date", "Événement", "Commune", "Exposants", "Participants"])
    for row, d in enumerate(dates, start=1):
        if isinstance(d, dt.datetime):
            ws.write_datetime(row, 0, d, date_format)
        elif isinstance(d, (int, float)):
            ws.write_number(row, 0, d)
        else:
            ws.write_string(row, 0, d)
        ws.write_row(row, 1, ["Forum", "Lambersart", 4, 40])
    wb.close()
    return buf.getvalue()


def date_problems(store, dates: list) -> list[tuple[int, str, str]]:
    p = prepare(store, workbook(dates), "evenements.xlsx", today=TODAY)
    return sorted((q.row, q.value, q.rule) for q in p.problems if q.column == "Date")


def test_wrong_dates_are_shown_as_dates_with_their_line(empty_store):
    found = date_problems(empty_store, [
        dt.datetime(2025, 3, 12),  # line 2, fine
        dt.datetime(2031, 1, 21),  # line 3, a date cell in the future
        47869,                     # line 4, the same day as a serial number
        "31/02/2025",              # line 5, impossible, as typed
        "hier",                    # line 6, unreadable, as typed
        99999,                     # line 7, no plausible date: the raw cell
    ])
    assert found == [
        (3, "21/01/2031", "Date dans le futur"),
        (4, "21/01/2031", "Date dans le futur"),
        (5, "31/02/2025", "Date impossible ou illisible"),
        (6, "hier", "Date impossible ou illisible"),
        (7, "99999", "Date impossible ou illisible"),
    ]


@pytest.mark.parametrize("cell, shown", [
    (45678, "21/01/2025"),
    (45678.0, "21/01/2025"),
    ("45678", "21/01/2025"),
    ("45678,5", "21/01/2025"),
    ("2025-01-21", "21/01/2025"),
    ("2025-01-21 00:00:00", "21/01/2025"),
    ("2025-01-21 14:30:00", "21/01/2025 14:30"),
    (dt.datetime(2025, 1, 21, 9, 5), "21/01/2025 09:05"),
    (dt.date(2025, 1, 21), "21/01/2025"),
    (0, "0"),  # no day of Excel
    (-3, "-3"),
    (99999, "99999"),  # year 2173: not a plausible date
    ("2025-02-30", "2025-02-30"),  # impossible: as written
    ("31/02/2025", "31/02/2025"),
    (" hier ", "hier"),
    (True, "True"),
])
def test_a_date_cell_as_the_manager_sees_it(cell, shown):
    assert date_as_shown(cell) == shown
