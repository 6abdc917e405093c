"""Exports limited to an account's communes (`communes=`): the other communes' rows are gone,
the totals stay, and the secret is the whole territory's (secondary suppression needs every
row, so a restricted table masks exactly the cells the full table masks).

Lompret (59356) is the commune of the MNO 2025 report's T2 with 2 PLIE participants, masked
for an official; the demo data reproduce the report. Marcq-en-Barœul (59378) has large
counts, one of them (14 PLIE participants from a QPV) masked only by secondary suppression,
for the sake of Lompret's and Verlinghem's hidden zeros: a table restricted before masking
would show it.
"""

import datetime as dt
import io
import re

import openpyxl
import pytest

import settings
from data import reference
from exports import deck, excel, fiche
from queries.context import territory_communes
from wording import texts
from wording.format import SECRET

NOW = dt.datetime(2026, 3, 2, 9, 30)
LOMPRET = "59356"
MARCQ = "59378"
TABLE_SHEETS = [texts.EXPORT_TABLE_PLIE, texts.EXPORT_TABLE_JOB_SEEKERS]


@pytest.fixture(scope="module")
def others() -> dict[str, str]:
    """The other communes of MNO: code → name."""
    return {c: reference.commune_name(c) for c in territory_communes("mno") if c != LOMPRET}


def build(con, sources, **kwargs) -> openpyxl.Workbook:
    data = excel.build_workbook(con, "mno", 2025, sources=sources, now=NOW, **kwargs)
    return openpyxl.load_workbook(io.BytesIO(data))


@pytest.fixture(scope="module")
def full(con, sources):
    return build(con, sources)


@pytest.fixture(scope="module")
def restricted(con, sources):
    return build(con, sources, communes={LOMPRET})


def strings(wb) -> str:
    return "\n".join(str(c) for ws in wb for row in ws.iter_rows(values_only=True)
                     for c in row if isinstance(c, str))


def named(text: str, others: dict[str, str]) -> list[str]:
    return [f"{code} {name}" for code, name in others.items()
            if re.search(rf"\b{code}\b", text) or name in text]


def table_rows(ws) -> dict[str, tuple]:
    """A per-commune sheet's rows by commune code ("total" for the total row)."""
    rows = {}
    for row in ws.iter_rows(min_row=excel.HEADER_ROW + 2, values_only=True):
        if row[0] == texts.EXPORT_TOTAL:
            rows["total"] = row[2:]
        elif row[1]:
            rows[row[1]] = row[2:]
    return rows


def test_no_other_commune_is_named_anywhere(full, restricted, others):
    assert len(named(strings(full), others)) == len(others)  # the full workbook names them all
    assert named(strings(restricted), others) == []
    assert "Lompret" in strings(restricted)


def test_per_commune_sheets_keep_the_commune_and_the_territory_total(full, restricted):
    for sheet in TABLE_SHEETS:
        whole, mine = table_rows(full[sheet]), table_rows(restricted[sheet])
        assert set(mine) == {LOMPRET, "total"}, sheet
        assert mine["total"] == whole["total"], sheet  # the territory's total, not Lompret's


@pytest.mark.parametrize("commune", [LOMPRET, MARCQ])
def test_masked_cells_are_those_of_the_full_table(con, sources, full, commune):
    restricted = build(con, sources, communes={commune})
    masked = 0
    for sheet in TABLE_SHEETS:
        whole, mine = table_rows(full[sheet])[commune], table_rows(restricted[sheet])[commune]
        assert mine == whole, sheet
        masked += mine.count(SECRET)
    assert masked  # the commune has masked cells, so the check means something


def test_a_secondary_cell_stays_masked(con, sources):
    """Marcq's masked cell is not small: only the whole table's suppression masks it."""
    restricted = table_rows(build(con, sources, communes={MARCQ})[TABLE_SHEETS[0]])
    manager = table_rows(build(con, sources, role="gestionnaire")[TABLE_SHEETS[0]])
    hidden = [v for v, r in zip(manager[MARCQ], restricted[MARCQ], strict=True)
              if r == SECRET]
    assert any(v >= settings.SECRET_THRESHOLD for v in hidden)  # a count of 11, not small


def test_data_sheet_keeps_the_commune_and_the_totals(full, restricted):
    def rows(wb):
        values = list(wb[texts.EXPORT_DATA_SHEET].iter_rows(values_only=True))[1:]
        return {(r[0], r[3] or None): r[6] for r in values}

    whole, mine = rows(full), rows(restricted)
    assert {c for _, c in mine} == {LOMPRET, None}
    assert mine == {k: v for k, v in whole.items() if k[1] in (LOMPRET, None)}
    assert mine[("plie_participants", None)] == 463  # the report's territory total
    assert mine[("plie_participants", LOMPRET)] == SECRET


def test_cover_says_which_communes_are_detailed(restricted, full):
    assert texts.EXPORT_COMMUNES_LIMITED in strings(restricted)
    assert texts.EXPORT_COMMUNES_LIMITED not in strings(full)


def test_commune_workbook_and_fiche_refuse_a_commune_outside_the_account(con, sources):
    with pytest.raises(ValueError):
        excel.build_workbook(con, "mno", 2025, LOMPRET, communes={"59328"}, sources=sources)
    with pytest.raises(ValueError):
        fiche.build_fiche_html(con, "mno", 2025, LOMPRET, communes={"59328"}, sources=sources)


def test_commune_workbook_restricted(con, sources, others):
    wb = build(con, sources, commune=LOMPRET, communes={LOMPRET})
    assert named(strings(wb), others) == []
    assert set(table_rows(wb[texts.EXPORT_TABLE_PLIE])) == {LOMPRET, "total"}


def test_fiche_names_no_other_commune(con, sources, others):
    page = fiche.build_fiche_html(con, "mno", 2025, LOMPRET, sources=sources, now=NOW,
                                  communes={LOMPRET})
    assert "Lompret" in page and named(page, others) == []


def test_deck_charts_by_commune_show_only_the_account_communes(con, sources, others):
    whole = deck.build(con, "mno", 2025, sources=sources, now=NOW)
    mine = deck.build(con, "mno", 2025, sources=sources, now=NOW, communes={LOMPRET})

    def text(d) -> str:
        return "\n".join(deck.slide_html(d, i) for i in range(len(d.slides)))

    assert named(text(whole), others)
    assert named(text(mine), others) == []
