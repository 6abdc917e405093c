"""The fiche commune: a self-contained A4 page and the commune's workbook.

Expected figures: MNO 2025 (report T2: Lompret 2 PLIE participants, Lambersart 160; the
territory 463 and 9 948 job seekers A, B, C).
"""

import datetime as dt
import io
import re
from html.parser import HTMLParser

import openpyxl
import pytest

from exports.fiche import build_fiche_html, build_fiche_workbook, fiche_file_name
from queries.figures import key_figures
from wording import texts

NOW = dt.datetime(2026, 3, 2, 9, 30)
NNBSP = "\u202f"


@pytest.fixture(scope="module")
def lompret(con, demo_store):
    return build_fiche_html(con, "mno", 2025, "59356", sources=demo_store.catalog().imports,
                            now=NOW)


class Cells(HTMLParser):
    """Rows of the comparison table as lists of cell texts."""

    def __init__(self):
        super().__init__()
        self.rows, self._row, self._cell = [], None, None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def table(page: str) -> dict[str, list[str]]:
    parser = Cells()
    parser.feed(page)
    return {r[0]: r[1:] for r in parser.rows if len(r) == 4}


def test_a4_printable_and_self_contained(lompret):
    assert "@page{size:A4" in lompret.replace(" ", "")
    assert lompret.startswith("<!DOCTYPE html>") and '<html lang="fr">' in lompret
    # Nothing fetched: no link, no external script, image, font or stylesheet.
    assert not re.search(r"""(src|href)\s*=|url\(|@import|https?://""", lompret)
    assert "<script" not in lompret


def test_commune_beside_its_territory_with_the_secret_rule(lompret):
    rows = table(lompret)
    assert rows["demandeurs d'emploi de catégorie A, B et C"][:2] == ["136", f"9{NNBSP}948"]
    # Lompret's 2 PLIE participants are masked for an official; the territory's 463 is not.
    assert rows["participants en parcours dans l'année"][:2] == ["s", "463"]
    assert rows["participants en parcours dans l'année"][2] == "s"  # its weight too
    assert "Fiche commune\u00a0: Lompret — 2025" in lompret  # no-break space before ":"
    assert "seuil" in lompret and "2 mars 2026" in lompret
    assert texts.EXPORT_DEMO.split(" : ")[0] in lompret


def test_manager_sees_the_small_count_and_the_confidential_banner(con):
    page = build_fiche_html(con, "mno", 2025, "59356", role="gestionnaire", now=NOW)
    assert table(page)["participants en parcours dans l'année"][:2] == ["2", "463"]
    assert "DOCUMENT CONFIDENTIEL" in page


def test_the_page_shows_the_figures_of_the_query(con):
    page = build_fiche_html(con, "mno", 2025, "59328", now=NOW)
    commune = key_figures(con, "mno", 2025, commune="59328").set_index("indicator")
    rows = table(page)
    assert rows["participants en parcours dans l'année"][0] == "160"
    assert commune.loc["plie_participants", "value"] == 160
    assert rows["participants en parcours dans l'année"][2] == "34,6\u00a0%"  # 160 / 463


def test_commune_workbook_is_the_same_builder(con):
    wb = openpyxl.load_workbook(io.BytesIO(build_fiche_workbook(con, "mno", 2025, "59356")))
    data = [r for r in wb[texts.EXPORT_DATA_SHEET].iter_rows(values_only=True)
            if r[0] == "plie_participants" and r[3] == "59356"]
    assert [r[6] for r in data] == ["s"]


def test_file_name():
    assert fiche_file_name("59378", 2025) == "fiche_commune_marcq-en-baroeul_2025.html"
