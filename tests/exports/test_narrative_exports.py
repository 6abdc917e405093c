"""« Ce que disent les chiffres » in the files: the workbook's cover, the fiche commune
(html and xlsx) and the « Ce qu'il faut retenir » slide, read back from the produced files.

Expected sentences: MNO 2025 report (9 948 job seekers A, B, C, +8,0 %; 65 positive exits
out of 131, 49,6 %); Lompret's 2 PLIE participants and 10 CEJ entries are under the
secret threshold for an official.
"""

import datetime as dt
import html
import io
import re

import openpyxl
import pytest
from pptx import Presentation

from exports import deck as ag
from exports.excel import build_workbook
from exports.fiche import build_fiche_html, build_fiche_workbook
from exports.slides import render
from wording import texts

NOW = dt.datetime(2026, 3, 2, 9, 30)
NNBSP, NBSP = "\u202f", "\u00a0"
HEADLINE = (f"Fin septembre 2025, le territoire compte 9{NNBSP}948 demandeurs d'emploi de "
            f"catégorie A, B et C : une hausse de 8,0{NBSP}% en un an.")


def cover(data: bytes) -> list[tuple]:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames[0] == texts.EXPORT_ABOUT_SHEET
    return [r for r in wb[texts.EXPORT_ABOUT_SHEET].iter_rows(values_only=True)]


def summary_rows(rows: list[tuple]) -> list[tuple[str, str]]:
    """(sentence, evidence) pairs under « Ce que disent les chiffres » on the cover."""
    start = next(i for i, r in enumerate(rows) if r[0] == texts.NARRATIVE_TITLE)
    out, i = [], start
    while i + 1 < len(rows) and rows[i][1]:
        out.append((rows[i][1], rows[i + 1][1]))
        i += 2
    return out


@pytest.fixture(scope="module")
def workbook(con, sources):
    return build_workbook(con, "mno", 2025, sources=sources, now=NOW)


def test_the_workbook_cover_opens_with_the_narrative(workbook):
    rows = cover(workbook)
    pairs = summary_rows(rows)
    assert 5 <= len(pairs) <= 8
    assert pairs[0][0] == HEADLINE
    assert pairs[0][1].startswith(f"de_abc (valeur, septembre 2025) : 9{NNBSP}948 ; "
                                  "de_abc (un an plus tôt) : 9")
    said = [s for s, _ in pairs]
    assert any(f"65 sorties positives sur 131 sorties, soit un taux de sorties positives de "
               f"49,6{NBSP}%" in s for s in said)
    evidence = " ".join(e for _, e in pairs)
    assert f"plie_taux_sorties_positives (valeur, 2025) : 49,6{NBSP}%" in evidence
    # before the facts of the cover (territory, period, sources…)
    title_row = next(i for i, r in enumerate(rows) if r[0] == texts.NARRATIVE_TITLE)
    territory_row = next(i for i, r in enumerate(rows) if r[0] == texts.EXPORT_TERRITORY)
    assert title_row < territory_row


@pytest.mark.parametrize("role, shown", [("elu", False), ("lecteur", False),
                                         ("gestionnaire", True)])
def test_fiche_workbook_of_a_small_commune(con, sources, role, shown):
    pairs = summary_rows(cover(build_fiche_workbook(con, "mno", 2025, "59356", role,
                                                    sources=sources, now=NOW)))
    said = "\n".join(s for s, _ in pairs)
    evidence = "\n".join(e for _, e in pairs)
    assert said.startswith("Fin septembre 2025, Lompret compte 136 demandeurs d'emploi")
    assert ("En 2025, à Lompret, 2 habitants ont suivi un parcours PLIE." in said) is shown
    assert ("En 2025, à Lompret, 10 jeunes sont entrés en CEJ." in said) is shown
    assert ("cej_entrees (valeur, 2025) : 10" in evidence) is shown


def fiche_text(page: str) -> str:
    """The page's text; the no-break spaces it puts before « : » read as spaces."""
    return html.unescape(re.sub(r"<[^>]+>", " ", page)).replace(NBSP, " ")


@pytest.mark.parametrize("role, shown", [("elu", False), ("gestionnaire", True)])
def test_fiche_html_says_it_under_the_tiles_with_footnotes(con, sources, role, shown):
    page = build_fiche_html(con, "mno", 2025, "59356", role, sources=sources, now=NOW)
    section = re.search(r'<section class="summary".*?</section>', page, re.S).group(0)
    assert texts.NARRATIVE_TITLE in section
    items = re.findall(r"<li>(.*?)<span class=\"mark\">(.)</span></li>", section)
    assert 5 <= len(items) <= 8
    assert [m for _, m in items] == list("¹²³⁴⁵⁶⁷⁸")[:len(items)]
    assert html.unescape(items[0][0]).startswith("Fin septembre 2025, Lompret compte 136")
    assert ("2 habitants ont suivi un parcours PLIE" in fiche_text(section)) is shown
    assert page.index('class="tiles"') < page.index('class="summary"') < page.index("<table")
    footer = re.search(r"<footer>.*?</footer>", page, re.S).group(0)
    notes = fiche_text(re.search(r'<div class="evidence">.*?</div>', footer, re.S).group(0))
    assert "¹ de_abc (valeur, septembre 2025) : 136" in notes
    assert ("cej_entrees (valeur, 2025) : 10" in notes) is shown


@pytest.fixture(scope="module")
def deck(con, sources):
    return ag.build(con, "mno", 2025, sources=sources, now=NOW)


def test_the_ag_deck_opens_with_what_to_remember(deck):
    assert [s.kind for s in deck.slides[:2]] == ["title", "summary"]
    summary = deck.slides[1]
    assert summary.title == texts.NARRATIVE_SLIDE_TITLE == "Ce qu'il faut retenir"
    assert summary.lines[0] == HEADLINE
    assert len(summary.lines) == len(summary.footnotes)
    page = ag.slide_html(deck, 1)
    assert "Ce qu&#x27;il faut retenir" in page or "Ce qu'il faut retenir" in page
    # the figures behind each line on hover
    assert 'title="de_abc (valeur, septembre 2025) : 9' in page


def test_the_pptx_slide_and_its_speaker_notes(deck):
    prs = Presentation(io.BytesIO(render(deck)))
    slide = prs.slides[1]
    text = "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
    text = text.replace(NBSP, " ").replace(NNBSP, " ")
    assert "Ce qu'il faut retenir" in text
    assert "• Fin septembre 2025, le territoire compte 9 948 demandeurs d'emploi" in text
    assert "hausse de 8,0 % en un an" in text
    notes = slide.notes_slide.notes_text_frame.text
    assert notes.startswith("1. de_abc (valeur, septembre 2025) : 9")
    assert len(notes.splitlines()) == len(deck.slides[1].lines)


def test_an_official_limited_to_one_commune_reads_no_other(con, sources):
    d = ag.build(con, "mno", 2025, sources=sources, now=NOW, communes={"59328"})
    lines = "\n".join(d.slides[1].lines)
    assert "Lambersart compte le plus" not in lines and "Verlinghem" not in lines
