"""Quarterly job-seeker files as France Travail and the Dares write them (tester's files
02 and 13d-f): quarters spelled « Trim. 3 2025 », « juil.-sept. 2025 », « 2025 - 3e
trimestre »…, and an agency table with two header rows, the quarters written once over
their columns (merged cells) and what each column counts below (« Total », « Femmes »,
« Cat. A »…). A quarter is stored at its last month (ingest/grain.py).

Files are written here the way those tools write them: title lines, a merged header, a
« Total » line, notes at the bottom, « s » / « nd » secret cells. Every expected figure is
counted by hand from the lines below, never from the importer.
"""

import datetime as dt

import pandas as pd
import pytest

from ingest.parse import parse_month
from ingest.pipeline import commit, prepare
from ingest.report import ERROR
from wording import texts


def stored(store, sql):
    return store.connection().execute(sql).fetchall()


def errors(prepared) -> list[tuple[str, int | None, str]]:
    return [(p.rule, p.row, p.value) for p in prepared.problems if p.severity == ERROR]


# -- 1. quarter spellings ----------------------------------------------------------------
@pytest.mark.parametrize(("written", "month"), [
    # refused before (« Mois illisible »): files 13d, 13e, 13f and their kin
    ("Trim. 3 2025", (2025, 9)), ("juil.-sept. 2025", (2025, 9)),
    ("2025 - 3e trimestre", (2025, 9)), ("1er trimestre 2025", (2025, 3)),
    ("2025 - 1er trimestre", (2025, 3)), ("Trimestre 3 2025", (2025, 9)),
    ("trimestre 2 2025", (2025, 6)), ("T3-2025", (2025, 9)), ("jan.-mars 2025", (2025, 3)),
    ("janv.-mars 2025", (2025, 3)), ("avril-juin 2025", (2025, 6)),
    ("oct.-déc. 2024", (2024, 12)), ("4e trim. 2024", (2024, 12)),
    # read before, the same rule: the quarter's last month
    ("2025-T3", (2025, 9)), ("3e trimestre 2025", (2025, 9)), ("3ème trimestre 2025", (2025, 9)),
    ("T3 2025", (2025, 9)), ("2025T3", (2025, 9)),
])
def test_a_quarter_spelling_is_read_as_its_last_month(written, month):
    months, invalid = parse_month(pd.Series([written], dtype=object))
    assert not invalid[0], written
    assert months[0] == pd.Timestamp(dt.date(*month, 1))


@pytest.mark.parametrize("written", ["janv.-juin 2025", "févr.-avr. 2025", "5e trimestre 2025",
                                     "trimestre 2025", "S2 2025"])
def test_months_that_are_no_quarter_stay_unreadable(written):
    # a half-year, three months across two quarters, no quarter number: no month guessed
    months, invalid = parse_month(pd.Series([written], dtype=object))
    assert invalid[0] and pd.isna(months[0])


# The Dares / France Travail file by commune, one line per commune (files 13d-f): 10
# communes of MNO, Lompret under secret (« s »).
QUARTER_LINES = [
    ("59368", "La Madeleine", "1210"), ("59328", "Lambersart", "1650"), ("59356", "Lompret", "s"),
    ("59378", "Marcq-en-Barœul", "2300"), ("59386", "Marquette-lez-Lille", "1020"),
    ("59457", "Pérenchies", "560"), ("59482", "Quesnoy-sur-Deûle", "390"),
    ("59527", "Saint-André-lez-Lille", "1010"), ("59611", "Verlinghem", "95"),
    ("59636", "Wambrechies", "640"),
]
# by hand, Lompret left out: 1210 + 1650 + 2300 + 1020 + 560 + 390 + 1010 + 95 + 640
QUARTER_ABC = 8875


def quarter_csv(period: str) -> bytes:
    lines = ["Code commune;Commune;Période;Demandeurs d'emploi ABC"]
    lines += [f"{code};{name};{period};{n}" for code, name, n in QUARTER_LINES]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")


@pytest.mark.parametrize("period", ["Trim. 3 2025", "juil.-sept. 2025", "2025 - 3e trimestre",
                                    "Trimestre 3 2025", "T3-2025"])
def test_a_file_of_quarters_spelled_as_the_tools_do_imports(empty_store, period):
    prepared = prepare(empty_store, quarter_csv(period), "defm_trimestre.csv", territory="mno")
    assert errors(prepared) == []
    assert prepared.source == "de_commune" and prepared.period == "2025-09"
    commit(empty_store, prepared)
    rows = stored(empty_store, "select month, sum(count), count(*), count(count) from job_seekers "
                               "group by month")
    # 10 lines at September 2025, Lompret's « s » kept empty (not 0)
    assert rows == [(dt.date(2025, 9, 1), QUARTER_ABC, 10, 9)]


def test_an_unreadable_period_says_how_to_write_a_quarter(empty_store):
    prepared = prepare(empty_store, quarter_csv("S2 2025"), "defm_semestre.csv", territory="mno")
    advice = {p.rule: p.advice for p in prepared.problems if p.severity == ERROR}
    assert advice["Mois illisible"] == texts.CHECK_MONTH_UNREADABLE
    assert "« septembre 2025 » ou 09/2025" in advice["Mois illisible"]
    assert "ou le trimestre comme « T3 2025 »" in advice["Mois illisible"]


@pytest.mark.parametrize("title", ["Période : Trim. 3 2025", "Période : Trimestre 3 2025",
                                   "Données 2025 - 3e trimestre"])
def test_a_quarter_spelled_so_in_the_title_gives_the_month(empty_store, title):
    # a stock file without month column (ingest/grain.py, months_in_title)
    text = (f"France Travail - Demandeurs d'emploi\r\n{title}\r\n"
            "Source : France Travail, données brutes\r\n"
            "Code commune;Commune;Nombre de DEFM\r\n"
            "59328;Lambersart;1650\r\n59636;Wambrechies;640\r\nTotal;;2290\r\n")
    prepared = prepare(empty_store, text.encode("latin-1"), "ft.csv", territory="mno")
    assert errors(prepared) == []
    assert prepared.period == "2025-09"
    commit(empty_store, prepared)
    # by hand: 1650 + 640, the « Total » line left out
    assert stored(empty_store, "select month, sum(count) from job_seekers group by month") \
        == [(dt.date(2025, 9, 1), 2290)]
