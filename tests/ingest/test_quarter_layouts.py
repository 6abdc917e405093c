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
import io

import openpyxl
import pandas as pd
import pytest

from ingest.parse import parse_month
from ingest.pipeline import ImportRefused, commit, prepare
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


# -- 2. an agency table with two header rows (file 02) ------------------------------------
# One line per commune (names in capitals, as the agency writes them); for each quarter
# the job seekers of categories A, B, C: all, women, men. « nd »: not published.
AGENCY = [  # commune, 3e trimestre 2024 (Total, Femmes, Hommes), 3e trimestre 2025 (same)
    ("LA MADELEINE", 1150, 590, 560, 1210, 620, 590),
    ("LAMBERSART", 1570, 810, 760, 1650, 850, 800),
    ("LOMPRET", 80, "nd", "nd", 90, "nd", "nd"),
    ("MARCQ EN BAROEUL", 2190, 1120, 1070, 2300, 1180, 1120),
    ("MARQUETTE LEZ LILLE", 970, 500, 480, 1020, 520, 500),
    ("PERENCHIES", 530, 280, 260, 560, 290, 270),
    ("QUESNOY SUR DEULE", 370, 190, 180, 390, 200, 190),
    ("ST ANDRE LEZ LILLE", 960, 490, 480, 1010, 510, 500),
    ("VERLINGHEM", 90, "nd", "nd", 100, "nd", "nd"),
    ("WAMBRECHIES", 610, 320, 300, 640, 330, 310),
]
# by hand, column by column:
# 2025 Total  1210 + 1650 + 90 + 2300 + 1020 + 560 + 390 + 1010 + 100 + 640 = 8970
# 2025 Femmes 620 + 850 + 1180 + 520 + 290 + 200 + 510 + 330 = 4500 (Lompret, Verlinghem nd)
# 2025 Hommes 590 + 800 + 1120 + 500 + 270 + 190 + 500 + 310 = 4280 (Lompret, Verlinghem nd)
# 2024 Total  1150 + 1570 + 80 + 2190 + 970 + 530 + 370 + 960 + 90 + 610 = 8520
# 2024 Femmes 590 + 810 + 1120 + 500 + 280 + 190 + 490 + 320 = 4300
# 2024 Hommes 560 + 760 + 1070 + 480 + 260 + 180 + 480 + 300 = 4090
EXPECTED_AGENCY = [  # (month, sex, sum, lines, lines with a figure)
    (dt.date(2024, 9, 1), "F", 4300, 10, 8), (dt.date(2024, 9, 1), "H", 4090, 10, 8),
    (dt.date(2024, 9, 1), "total", 8520, 10, 10),
    (dt.date(2025, 9, 1), "F", 4500, 10, 8), (dt.date(2025, 9, 1), "H", 4280, 10, 8),
    (dt.date(2025, 9, 1), "total", 8970, 10, 10),
]
TITLES = ["Demandeurs d'emploi inscrits en fin de trimestre - catégories A, B, C",
          "Filtres appliqués : Agence = Lambersart ; Catégorie = ABC ; Données brutes"]
NOTE = ("Source : France Travail – STMT, données brutes arrondies à la dizaine ; "
        "nd : non diffusable")


def _xlsx(wb) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def agency_xlsx() -> bytes:
    """As the agency's tool writes it: 2 title lines, a blank line, « Commune » merged over
    both header rows, each quarter merged over its 3 columns, a « Total » line (rounded by
    the producer: 8 960, not the sum), a blank line, the source note."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "DEFM trimestre"
    for t in TITLES:
        ws.append([t])
    ws.append([])
    ws.append(["Commune", "3e trimestre 2024", None, None, "3e trimestre 2025", None, None])
    ws.append([None, "Total", "Femmes", "Hommes", "Total", "Femmes", "Hommes"])
    ws.merge_cells("A4:A5")
    ws.merge_cells("B4:D4")
    ws.merge_cells("E4:G4")
    for line in AGENCY:
        ws.append(list(line))
    ws.append(["Total", 8520, None, None, 8960, None, None])
    ws.append([])
    ws.append([NOTE])
    return _xlsx(wb)


def agency_csv() -> bytes:
    """The same table saved as CSV (Excel's « CSV (séparateur : point-virgule) »): the merges
    are gone, each quarter is written once and followed by empty cells; the note, which holds
    a « ; », is quoted."""
    lines = [*TITLES, "", "Commune;3e trimestre 2024;;;3e trimestre 2025;;",
             ";Total;Femmes;Hommes;Total;Femmes;Hommes"]
    lines += [";".join(str(v) for v in line) for line in AGENCY]
    lines += ["Total;8520;;;8960;;", "", f'"{NOTE}"']
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


@pytest.mark.parametrize(("name", "build"), [("agence.xlsx", agency_xlsx),
                                             ("agence.csv", agency_csv)])
def test_quarters_merged_over_their_columns_above_the_sexes_import(empty_store, name, build):
    from queries.figures import key_figures

    prepared = prepare(empty_store, build(), name, territory="mno")
    assert prepared.source == "de_commune"
    assert errors(prepared) == []
    # the lines of the file: 10 communes; the « Total » line and the note left out
    assert prepared.rows_read == 10 and prepared.invalid_rows == 0
    assert prepared.period == "2025-09"
    rules = [p.rule for p in prepared.problems]
    assert not [r for r in rules if "Valeurs différentes" in r or "Commune inconnue" in r]
    commit(empty_store, prepared)
    assert stored(empty_store, "select month, sex, sum(count), count(*), count(count) "
                               "from job_seekers where category = 'ABC' and age_band = 'total' "
                               "group by all order by all") == EXPECTED_AGENCY
    assert stored(empty_store, "select count(*) from job_seekers where category <> 'ABC' "
                               "or age_band <> 'total' or duration_band <> 'total'") == [(0,)]
    kf = key_figures(empty_store.connection(), "mno", 2025).set_index("indicator")
    assert kf.at["de_abc", "value"] == 8970 and kf.at["de_abc", "previous_value"] == 8520
    assert kf.at["de_abc_femmes", "value"] == 4500


def test_categories_on_the_second_header_row_with_quarters_spelled_by_the_agency(empty_store):
    """Categories below the quarters (« Cat. A », « Cat. ABC »), a code column, « s » for a
    small count, and the quarters as « Trim. 2 2025 » / « Trim. 3 2025 »."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Demandeurs d'emploi par catégorie - fin de trimestre"])
    ws.append([])
    ws.append(["Code commune", "Commune", "Trim. 2 2025", None, "Trim. 3 2025", None])
    ws.append([None, None, "Cat. A", "Cat. ABC", "Cat. A", "Cat. ABC"])
    for col in ("A", "B"):
        ws.merge_cells(f"{col}3:{col}4")
    ws.merge_cells("C3:D3")
    ws.merge_cells("E3:F3")
    ws.append(["59328", "Lambersart", 900, 1600, 950, 1650])
    ws.append(["59356", "Lompret", "s", 85, "s", 90])
    ws.append(["59636", "Wambrechies", 350, 620, 360, 640])
    ws.append(["Source : France Travail"])
    prepared = prepare(empty_store, _xlsx(wb), "categories.xlsx", territory="mno")
    assert errors(prepared) == []
    assert prepared.rows_read == 3 and prepared.period == "2025-09"
    commit(empty_store, prepared)
    # by hand: ABC  T2 1600 + 85 + 620 = 2305, T3 1650 + 90 + 640 = 2380;
    #          A    T2 900 + 350 = 1250, T3 950 + 360 = 1310 (Lompret « s »: empty)
    assert stored(empty_store, "select month, category, sum(count), count(count) "
                               "from job_seekers where sex = 'total' group by all order by all") == [
        (dt.date(2025, 6, 1), "A", 1250, 2), (dt.date(2025, 6, 1), "ABC", 2305, 3),
        (dt.date(2025, 9, 1), "A", 1310, 2), (dt.date(2025, 9, 1), "ABC", 2380, 3)]


def test_a_first_line_of_figures_is_not_a_second_header_row(empty_store):
    # guard: one header row, the months as columns; the first commune's cells (1 and 2,
    # which are also sex codes) are figures, not « Hommes » / « Femmes »
    text = ("Mois;janvier 2025;février 2025\r\n"
            "Lompret 59356;1;2\r\nLambersart 59328;1600;1620\r\n")
    prepared = prepare(empty_store, text.encode("utf-8"), "stmt.csv", territory="mno")
    assert errors(prepared) == [] and prepared.rows_read == 2
    commit(empty_store, prepared)
    # by hand: January 1 + 1600, February 2 + 1620
    assert stored(empty_store, "select month, sum(count) from job_seekers group by all "
                               "order by all") == [(dt.date(2025, 1, 1), 1601),
                                                   (dt.date(2025, 2, 1), 1622)]


def test_a_plie_export_with_a_merged_group_row_above_its_header_still_imports(empty_store):
    # guard (file 06): the first row groups the columns (« Identité du participant » merged
    # over 3 columns…), the header is the second row; 3 participants, 2 women, 1 exit
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Export participants"
    ws.append(["Identité du participant", None, None, "Domicile", None, "Parcours PLIE", None])
    ws.append(["N° dossier", "Sexe", "Né(e) le", "CP", "Commune", "Date d'entrée",
               "Date de sortie"])
    for a, b in (("A1", "C1"), ("D1", "E1"), ("F1", "G1")):
        ws.merge_cells(f"{a}:{b}")
    ws.append(["D01", "Femme", dt.datetime(1980, 3, 12), 59700, "Marcq-en-Barœul",
               dt.datetime(2025, 1, 15), None])
    ws.append(["D02", "Homme", dt.datetime(1970, 7, 2), 59130, "Lambersart",
               dt.datetime(2024, 9, 3), dt.datetime(2025, 6, 30)])
    ws.append(["D03", "Femme", dt.datetime(1990, 9, 21), 59110, "La Madeleine",
               dt.datetime(2025, 4, 1), None])
    prepared = prepare(empty_store, _xlsx(wb), "plie.xlsx", territory="mno")
    assert prepared.source == "plie" and errors(prepared) == []
    commit(empty_store, prepared)
    assert stored(empty_store, "select count(*), count(*) filter (where sex = 'F'), "
                               "count(exit_date) from plie_participants") == [(3, 2, 1)]


def _quarters_over(labels: list[str], lines: list[list]) -> bytes:
    """2 quarters merged over len(labels) columns each, `labels` below each quarter."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([TITLES[0]])
    ws.append([])
    n = len(labels)
    ws.append(["Commune", "3e trimestre 2024", *[None] * (n - 1), "3e trimestre 2025",
               *[None] * (n - 1)])
    ws.append([None, *labels, *labels])
    ws.merge_cells("A3:A4")
    ws.merge_cells(start_row=3, start_column=2, end_row=3, end_column=1 + n)
    ws.merge_cells(start_row=3, start_column=2 + n, end_row=3, end_column=1 + 2 * n)
    for line in lines:
        ws.append(line)
    ws.append([NOTE])
    return _xlsx(wb)


def test_a_label_of_the_second_header_row_not_understood_is_said_once(empty_store):
    # « Part (%) » counts nobody: its columns (C and E) are named at the header, not imported
    raw = _quarters_over(["Total", "Part (%)"], [["LAMBERSART", 1570, "18,4", 1650, "18,6"],
                                                 ["WAMBRECHIES", 610, "7,2", 640, "7,2"]])
    prepared = prepare(empty_store, raw, "agence_parts.xlsx", territory="mno")
    unread = [p for p in prepared.problems if p.rule == texts.CHECK_SUB_HEADER_UNREAD_RULE]
    assert len(unread) == 1 and unread[0].severity == ERROR and unread[0].row == 4
    assert "« Part (%) » (colonnes C et E)" in unread[0].advice
    assert [r for r, _, _ in errors(prepared)] == [texts.CHECK_SUB_HEADER_UNREAD_RULE]
    assert prepared.invalid_rows == 0
    commit(empty_store, prepared, drop_invalid_rows=True)
    # by hand: the « Total » columns only, 1570 + 610 and 1650 + 640
    assert stored(empty_store, "select month, sum(count) from job_seekers group by all "
                               "order by all") == [(dt.date(2024, 9, 1), 2180),
                                                   (dt.date(2025, 9, 1), 2290)]


def test_a_second_header_row_understood_nowhere_refuses_the_file_and_says_why(empty_store):
    # below each quarter, labels naming nothing known: no column of figures can be read
    raw = _quarters_over(["Inscrits", "dont QPV", "hors QPV"],
                         [["LAMBERSART", 1570, 210, 1360, 1650, 220, 1430],
                          ["WAMBRECHIES", 610, 0, 610, 640, 0, 640]])
    with pytest.raises(ImportRefused) as refused:
        prepare(empty_store, raw, "agence_qpv.xlsx", territory="mno")
    said = str(refused.value)
    assert said.startswith("Le fichier « agence_qpv.xlsx » n'a aucune colonne de chiffres")
    assert "« Inscrits », « dont QPV », « hors QPV » (colonnes B, C, D, E, F et G)" in said
    assert "Commune inconnue" not in said and "Valeurs différentes" not in said


def test_columns_of_the_same_quarter_that_nothing_tells_apart_are_said_at_the_header(
        empty_store):
    # a quarter merged over 2 columns and no second header row: both columns read
    # « 3e trimestre 2025 »; one error at the header, not one per line and pair of cells
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Commune", "3e trimestre 2025", None])
    ws.merge_cells("B1:C1")
    ws.append(["LAMBERSART", 1650, 850])
    ws.append(["WAMBRECHIES", 640, 330])
    prepared = prepare(empty_store, _xlsx(wb), "agence.xlsx", territory="mno")
    same = [p for p in prepared.problems if p.rule == texts.CHECK_SAME_MONTH_COLUMNS_RULE]
    assert len(same) == 1 and same[0].row == 1 and same[0].severity == ERROR
    assert same[0].advice.startswith("Les colonnes B et C sont toutes « 3e trimestre 2025 »")
    assert not [p for p in prepared.problems if "Valeurs différentes" in p.rule]
    # both lines are invalid: which column is the count cannot be told
    assert prepared.invalid_rows == 2 and prepared.rows_read == 2
