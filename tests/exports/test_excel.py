"""The Excel export, read back with openpyxl as a manager's spreadsheet would.

Expected figures are the MNO 2025 report's (indicator-catalogue.md: 463 PLIE
participants, 9 948 job seekers A, B, C; table T2: Lompret 2 participants), which the
demo data reproduce; the secret rule masks Lompret's 2 for an official, not for a manager.
"""

import datetime as dt
import io

import openpyxl
import pytest

import settings
from data.catalog import ImportRecord
from exports import content
from exports.excel import DATA_COLUMNS, HEADER_ROW, build_workbook, workbook_file_name
from exports.safe import file_stem, is_formula_like, neutralise
from queries import masking
from queries.figures import by_commune, key_figures
from wording import texts
from wording.format import fmt_value

NOW = dt.datetime(2026, 3, 2, 9, 30)
LOMPRET = "59356"


def load(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


@pytest.fixture(scope="module")
def elu(con, sources):
    return load(build_workbook(con, "mno", 2025, sources=sources, now=NOW))


@pytest.fixture(scope="module")
def manager(con, sources):
    return load(build_workbook(con, "mno", 2025, role="gestionnaire", sources=sources, now=NOW))


def data_rows(wb) -> list[dict]:
    ws = wb[texts.EXPORT_DATA_SHEET]
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == DATA_COLUMNS
    return [dict(zip(DATA_COLUMNS, r, strict=True)) for r in rows[1:]]


def datum(wb, indicator: str, commune: str | None = None):
    hits = [r["value"] for r in data_rows(wb)
            if r["indicator"] == indicator and (r["commune_insee"] or None) == commune]
    assert len(hits) == 1, (indicator, commune, hits)
    return hits[0]


def sheet_table(ws, header_row: int = HEADER_ROW + 1) -> list[dict]:
    header = [c.value for c in ws[header_row]]
    out = []
    for row in ws.iter_rows(min_row=header_row + 1, values_only=True):
        if row[0] is None:
            break
        out.append(dict(zip(header, row, strict=True)))
    return out


def test_sheets_in_order(elu):
    assert elu.sheetnames == [texts.EXPORT_ABOUT_SHEET, texts.EXPORT_FIGURES_SHEET,
                              texts.EXPORT_TABLE_PLIE, texts.EXPORT_TABLE_JOB_SEEKERS,
                              texts.EXPORT_TABLE_ML, texts.EXPORT_DATA_SHEET]
    assert elu.active.title == texts.EXPORT_ABOUT_SHEET


def test_long_data_holds_the_report_figures_as_numbers(elu):
    assert datum(elu, "plie_participants") == 463
    assert datum(elu, "de_abc") == 9948
    assert datum(elu, "plie_taux_sorties_positives") == pytest.approx(0.496)
    row = next(r for r in data_rows(elu) if r["indicator"] == "de_abc" and not r["commune_insee"])
    assert (row["territory"], row["period"], row["unit"]) == ("mno", "septembre 2025",
                                                              "personnes")


def test_lompret_is_secret_for_an_official_and_shown_to_a_manager(elu, manager):
    assert datum(elu, "plie_participants", LOMPRET) == "s"
    assert datum(manager, "plie_participants", LOMPRET) == 2
    plie_elu = {r[texts.EXPORT_COL_COMMUNE]: r for r in sheet_table(elu[texts.EXPORT_TABLE_PLIE])}
    plie_mgr = {r[texts.EXPORT_COL_COMMUNE]: r
                for r in sheet_table(manager[texts.EXPORT_TABLE_PLIE])}
    participants = texts.EXPORT_PLIE_COLUMNS["participants"]
    assert plie_elu["Lompret"][participants] == "s"
    assert plie_mgr["Lompret"][participants] == 2
    assert plie_elu["Lambersart"][participants] == 160  # report T2


def test_plie_sheet_matches_by_commune_and_its_total(con, manager):
    expected = by_commune(con, "mno", 2025, ["plie_participants", "plie_nouvelles_entrees",
                                             "plie_sorties_positives"])
    ws = manager[texts.EXPORT_TABLE_PLIE]
    rows = {r[texts.EXPORT_COL_CODE]: r for r in sheet_table(ws)}
    h = texts.EXPORT_PLIE_COLUMNS
    for r in expected[expected["code_insee"].notna()].to_dict("records"):
        got = rows[r["code_insee"]]
        assert got[h["participants"]] == r["plie_participants"]
        assert got[h["entries"]] == r["plie_nouvelles_entrees"]
        assert got[h["positive_exits"]] == r["plie_sorties_positives"]
    total = next(r for r in ws.iter_rows(values_only=True) if r[0] == texts.EXPORT_TOTAL)
    assert total[2:9] == (463, 47, pytest.approx(0.102), 186, 18, pytest.approx(0.097), 65)


def test_key_figures_sheet_shows_the_screen_figures(con, elu):
    """Every value, formatted the French way, reads as the page shows it."""
    screen = content.figures(con, "mno", 2025).set_index("indicator")
    # as an élu sees them: the fonds Mission Locale of 2025 went to 6 young people (hidden,
    # and the mobility aid with it, the total less the others telling it)
    raw = masking.key_figures(con, "mno", 2025, audience="elu").set_index("indicator")
    assert raw.loc[["aide_fonds_ml", "aide_mobilite_ml"], "secret"].all()
    rows = sheet_table(elu[texts.EXPORT_FIGURES_SHEET])
    assert rows
    for r in rows:
        ind = r[texts.EXPORT_COL_ID]
        unit = screen.loc[ind, "unit"]
        value = r[texts.COL_VALUE]
        assert fmt_value(value, unit) == fmt_value(raw.loc[ind, "value"], unit), ind


def test_numbers_are_numbers_with_french_friendly_formats(elu):
    ws = elu[texts.EXPORT_FIGURES_SHEET]
    header = [c.value for c in ws[HEADER_ROW + 1]]
    col = {h: i for i, h in enumerate(header)}
    cells = {row[col[texts.EXPORT_COL_ID]].value: row
             for row in ws.iter_rows(min_row=HEADER_ROW + 2) if row[0].value}
    value = cells["de_abc"][col[texts.COL_VALUE]]
    assert value.data_type == "n" and value.value == 9948
    assert value.number_format == "#,##0"
    share = cells["de_a"][col[texts.COL_SHARE]]
    assert share.value == pytest.approx(0.591) and share.number_format == "0.0%"
    euros = cells["aide_total"][col[texts.COL_VALUE]]
    assert euros.value == pytest.approx(2135533.46) and "€" in euros.number_format
    evolution = cells["de_abc"][col[texts.COL_EVOLUTION]]
    assert evolution.value == pytest.approx(0.08) and evolution.number_format.startswith("+0.0%")


def test_each_table_is_an_excel_table_with_a_frozen_styled_header(elu):
    for name in (texts.EXPORT_FIGURES_SHEET, texts.EXPORT_TABLE_PLIE, texts.EXPORT_DATA_SHEET):
        ws = elu[name]
        assert len(ws.tables) == 1, name
        table = next(iter(ws.tables.values()))
        header_row = int(table.ref.split(":")[0][1:])
        assert ws.freeze_panes is not None and int(ws.freeze_panes[1:]) == header_row + 1
        first = ws.cell(header_row, 1)
        assert first.font.b and first.fill.fgColor.rgb.endswith("1D4F91")
        assert ws.column_dimensions["A"].width >= 10


def test_cover_says_what_where_when_and_the_secret_rule(elu, manager):
    cover = "\n".join(str(v) for row in elu[texts.EXPORT_ABOUT_SHEET].iter_rows(values_only=True)
                      for v in row if v)
    assert "Métropole Nord-Ouest (ALPES)" in cover
    assert "septembre 2025" in cover
    assert "2 mars 2026 à 09:30" in cover
    assert f"seuil : {settings.SECRET_THRESHOLD} personnes" in cover
    assert "plie_mno.xlsx" in cover  # sources: the imported files
    assert texts.EXPORT_DEMO in cover
    assert "Insee" in cover
    assert "CONFIDENTIEL" not in cover
    manager_cover = "\n".join(
        str(v) for row in manager[texts.EXPORT_ABOUT_SHEET].iter_rows(values_only=True)
        for v in row if v)
    assert texts.EXPORT_CONFIDENTIAL in manager_cover


@pytest.fixture(scope="module")
def lambersart(con, sources):
    return load(build_workbook(con, "mno", 2025, commune="59328", sources=sources, now=NOW))


def test_commune_workbook_sets_the_commune_beside_its_territory(con, lambersart):
    wb = lambersart
    ws = wb[texts.EXPORT_FIGURES_SHEET]
    assert ws["A1"].value == "Fiche commune : Lambersart — 2025"
    rows = {r[texts.EXPORT_COL_ID]: r for r in sheet_table(ws)}
    commune = key_figures(con, "mno", 2025, commune="59328").set_index("indicator")
    assert rows["de_abc"][texts.EXPORT_COL_COMMUNE_VALUE] == commune.loc["de_abc", "value"] == 1997
    assert rows["de_abc"][texts.EXPORT_COL_TERRITORY_VALUE] == 9948
    assert rows["plie_participants"][texts.EXPORT_COL_WEIGHT] == pytest.approx(round(160 / 463, 3))
    assert datum(wb, "plie_participants", "59328") == 160
    assert datum(wb, "plie_participants") == 463


@pytest.fixture(scope="module")
def marcq(con, sources):
    return load(build_workbook(con, "mno", 2025, commune="59378", sources=sources, now=NOW))


def test_commune_figures_hide_what_the_commune_table_hides(marcq):
    """Marcq-en-Barœul's 14 QPV participants are shown alone (14 ≥ threshold) but hidden in
    the PLIE table, where Lompret's and Verlinghem's 0 (hidden with their « s »
    participants) would be 47 − 33 − 14 = 0: hidden in both."""
    wb = marcq
    plie = {r[texts.EXPORT_COL_CODE]: r for r in sheet_table(wb[texts.EXPORT_TABLE_PLIE])}
    assert plie["59378"][texts.EXPORT_PLIE_COLUMNS["participants_qpv"]] == "s"
    assert plie["59356"][texts.EXPORT_PLIE_COLUMNS["participants_qpv"]] == "s"
    rows = {r[texts.EXPORT_COL_ID]: r for r in sheet_table(wb[texts.EXPORT_FIGURES_SHEET])}
    assert rows["plie_qpv"][texts.EXPORT_COL_COMMUNE_VALUE] == "s"
    assert rows["plie_qpv"][texts.EXPORT_COL_TERRITORY_VALUE] == 47
    assert datum(wb, "plie_qpv", "59378") == "s"


def test_no_cell_is_a_formula_and_risky_texts_are_neutralised(con):
    # A source named like a formula (an unknown source key is shown as is on the cover).
    evil = ImportRecord(id=99, source="=cmd|' /C calc'!A0", territory="mno", period="2025-12",
                        file_name="plie.xlsx", sha256="0", user="x",
                        created_at="2026-01-05T10:00:00")
    wb = load(build_workbook(con, "mno", 2025, sources=[evil], now=NOW))
    seen = []
    for ws in wb:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    seen.append(cell.value)
    assert not [t for t in seen if is_formula_like(t)]
    assert any(t.startswith("'=cmd|") for t in seen)


@pytest.mark.parametrize("text, expected", [
    ("=1+1", "'=1+1"), ("+33 6", "'+33 6"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=x", "'\t=x"), ("\r=x", "'\r=x"), ("Lambersart", "Lambersart"), (None, ""),
    ("a=b", "a=b"),
])
def test_neutralise(text, expected):
    assert neutralise(text) == expected


def test_file_names():
    assert workbook_file_name("mno", 2025) == "chiffres_cles_mno_2025.xlsx"
    assert workbook_file_name("mno", 2025, "59378") == "fiche_commune_marcq-en-baroeul_2025.xlsx"
    assert file_stem("../../etc") == "etc"


def test_unknown_role_is_refused(con):
    with pytest.raises(ValueError, match="rôle inconnu"):
        build_workbook(con, "mno", 2025, role="admin")
