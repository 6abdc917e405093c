"""QPV sections of the workbook, the fiche commune and the AG deck, on the small ONPV
files of tests/onpv_files.py (MNO, IPRO 2022 and DEMO 2021 for the year 2022; figures by
hand in that module's docstring)."""

import io

import openpyxl
import pytest

from exports import deck, excel, fiche
from tests.onpv_files import BRIQUETTERIE, LAMBERSART, PACOT
from wording import texts

NBSP = "\u00a0"


@pytest.fixture(scope="module")
def con(onpv_store):
    return onpv_store.connection()


def workbook(con, role="elu", commune=None, communes=None):
    data = excel.build_workbook(con, "mno", 2022, commune, role, communes=communes)
    return openpyxl.load_workbook(io.BytesIO(data))


def sheet_rows(ws) -> dict:
    """Data rows of a QPV sheet by their first cell (under the title and the header)."""
    return {r[0]: r for r in ws.iter_rows(min_row=5, values_only=True) if r[0]}


def data_rows(wb) -> dict:
    rows = list(wb[texts.EXPORT_DATA_SHEET].iter_rows(values_only=True))
    header = rows[0]
    i, code, qpv, value = (header.index(c) for c in ("indicator", "commune_insee", "qpv_code",
                                                     "value"))
    return {(r[i], r[code] or None, r[qpv] or None): r[value] for r in rows[1:]}


def test_workbook_qpv_sheets_and_data_rows(con):
    wb = workbook(con)
    assert wb.sheetnames[-3:] == [texts.EXPORT_QPV_SHEET, texts.EXPORT_QPV_SHARE_SHEET,
                                  texts.EXPORT_DATA_SHEET]
    q = sheet_rows(wb[texts.EXPORT_QPV_SHEET])
    header = list(wb[texts.EXPORT_QPV_SHEET].iter_rows(min_row=4, max_row=4, values_only=True))[0]
    col = {h: n for n, h in enumerate(header)}
    heads = texts.EXPORT_QPV_COLUMNS
    pacot = q["Pacot - Vandracq"]
    assert pacot[col[heads["qpv_code"]]] == PACOT
    assert pacot[col[heads["qpv_population"]]] == 1300  # DEMO 2021
    assert pacot[col[heads["qpv_de_abc"]]] == 160  # IPRO 2022
    assert pacot[col[heads["qpv_de_a"]]] == 110
    # 9 of 50 and over: « s » for an official, and Briquetterie's with it (secondary)
    fifty = texts.QPV_ONPV_COLUMNS["qpv_de_abc_50plus_part"]
    assert pacot[col[fifty]] == "s" and q["La Briquetterie"][col[fifty]] == "s"
    assert q[texts.QPV_ONPV_TOTAL][col[heads["qpv_de_abc"]]] == 400
    share = sheet_rows(wb[texts.EXPORT_QPV_SHARE_SHEET])
    assert share["Lambersart"][2:5] == (160, 1100, 0.145)  # 160 / 1 100
    assert share[texts.EXPORT_TOTAL][2:5] == (400, 2800, 0.143)  # 400 / 2 800
    data = data_rows(wb)
    assert data[("qpv_de_abc", LAMBERSART, PACOT)] == 160
    assert data[("qpv_de_abc", None, None)] == 400
    assert data[("qpv_de_abc_50plus", LAMBERSART, PACOT)] == "s"
    assert data[("qpv_part_de_abc", LAMBERSART, None)] == 0.145
    assert data[("qpv_population", "59378", BRIQUETTERIE)] == 1280


def test_manager_workbook_shows_the_small_counts_but_not_the_files_secret(con):
    data = data_rows(workbook(con, "gestionnaire"))
    assert data[("qpv_de_abc_50plus", LAMBERSART, PACOT)] == 9


def test_workbook_restricted_to_a_commune_keeps_its_quarter_and_the_total(con):
    wb = workbook(con, communes={LAMBERSART})
    q = sheet_rows(wb[texts.EXPORT_QPV_SHEET])
    assert "La Briquetterie" not in q and {"Pacot - Vandracq", texts.QPV_ONPV_TOTAL} <= set(q)
    assert not [k for k in data_rows(wb) if k[2] == BRIQUETTERIE or k[1] == "59378"]


def test_fiche_commune_qpv_section(con):
    page = fiche.build_fiche_html(con, "mno", 2022, LAMBERSART, "elu")
    assert f"Pacot - Vandracq ({PACOT})" in page
    assert "<td>160</td><td>110</td>" in page  # job seekers A, B, C and category A
    assert "La Briquetterie" not in page  # Marcq's quarter
    assert f"14,5{NBSP}% des demandeurs d'emploi A, B, C de Lambersart" in page.replace(
        "\u202f", " ")


def test_fiche_without_quarter_has_no_qpv_section(con):
    page = fiche.build_fiche_html(con, "mno", 2022, "59356", "elu")  # Lompret
    assert texts.COMMUNE_QPV_HEADER not in page


def test_ag_deck_qpv_slides(con):
    d = deck.build(con, "mno", 2022, "elu")
    figure = next(s for s in d.slides if s.title == texts.AG_QPV_TITLE)
    assert figure.value == "400"
    assert f"14,3{NBSP}% des demandeurs d'emploi A, B, C du territoire (fin décembre 2022)" in \
        figure.lines
    chart = next(s for s in d.slides if s.chart is not None and s.chart.key == "qpv_quartiers")
    assert chart.chart.categories == ["La Briquetterie", "Pacot - Vandracq"]
    assert chart.chart.series[0][1] == [240, 160]
    # the deck's quarters come after the job seekers
    kinds = [s.indicator for s in d.slides]
    assert kinds.index("qpv_de_abc") > kinds.index("de_abc")


def test_demo_exports_have_no_qpv_section_without_onpv_files(demo_store):
    con = demo_store.connection()
    wb = openpyxl.load_workbook(io.BytesIO(excel.build_workbook(con, "mno", 2025)))
    assert texts.EXPORT_QPV_SHEET not in wb.sheetnames
    assert texts.AG_QPV_TITLE not in [s.title for s in deck.build(con, "mno", 2025).slides]
