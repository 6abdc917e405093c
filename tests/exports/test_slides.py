"""The Assemblée générale PowerPoint, read back with python-pptx, and its HTML twin.

Expected figures: MNO 2025 report (463 PLIE participants, 9 948 job seekers A, B, C;
T2 per commune); the charts' series are `by_commune`'s values, masked for an official.
"""

import datetime as dt
import io
import re

import pytest
from pptx import Presentation
from pptx.util import Inches

from exports import deck as ag
from exports.slides import build_deck, deck_file_name, render
from queries.figures import by_commune
from wording import texts

NOW = dt.datetime(2026, 3, 2, 9, 30)
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def elu_deck(con, demo_store):
    return ag.build(con, "mno", 2025, sources=demo_store.catalog().imports, now=NOW)


@pytest.fixture(scope="module")
def elu(elu_deck):
    return Presentation(io.BytesIO(render(elu_deck)))


@pytest.fixture(scope="module")
def manager(con, demo_store):
    data = build_deck(con, "mno", 2025, role="gestionnaire",
                      sources=demo_store.catalog().imports, now=NOW)
    return Presentation(io.BytesIO(data))


def slide_text(slide) -> str:
    return "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)


def plain(text: str) -> str:
    return text.replace(NBSP, " ").replace("\u202f", " ")


def chart_slide(prs, title: str):
    for slide in prs.slides:
        if title in slide_text(slide):
            charts = [s.chart for s in slide.shapes if s.has_chart]
            assert len(charts) == 1
            return slide, charts[0]
    raise AssertionError(f"no slide titled {title!r}")


def test_widescreen_with_title_and_sources_slides(elu):
    assert (elu.slide_width, elu.slide_height) == (Inches(13.333), Inches(7.5))
    first, last = elu.slides[0], elu.slides[-1]
    assert "Assemblée générale 2025" in slide_text(first)
    assert "Métropole Nord-Ouest (ALPES)" in slide_text(first)
    assert texts.AG_SOURCES_TITLE in slide_text(last)
    assert "seuil" in plain(slide_text(last)) and "plie_mno.xlsx" in plain(slide_text(last))


def test_one_big_figure_per_slide_with_the_report_values(elu):
    texts_by_slide = [plain(slide_text(s)) for s in elu.slides
                      if texts.NARRATIVE_SLIDE_TITLE not in slide_text(s)]
    plie = next(t for t in texts_by_slide if "participants en parcours dans l'année" in t)
    assert re.search(r"^463$", plie, re.M)
    assert "dont 47 résident en QPV (10,2 %)" in plie
    job_seekers = next(t for t in texts_by_slide if "demandeurs d'emploi de catégorie A" in t)
    assert re.search(r"^9 948$", job_seekers, re.M)
    assert "+8,0 %* sur un an" in job_seekers  # LPE: evolution across 1 January 2025
    assert texts.LPE_NOTE_TITLE in job_seekers


def test_plie_chart_is_native_and_its_series_match_by_commune(con, elu, manager):
    expected = by_commune(con, "mno", 2025, ["plie_participants"])
    expected = expected[expected["code_insee"].notna()].set_index("commune")["plie_participants"]
    title = texts.AG_CHART_PLIE.format(year=2025)
    slide, chart = chart_slide(elu, title)
    assert chart.chart_type is not None and len(chart.plots) == 1
    categories = list(chart.plots[0].categories)
    values = list(chart.series[0].values)
    # An official's chart leaves the masked communes out and names them.
    assert "Lompret" not in categories and "Verlinghem" not in categories
    assert "Lompret, Verlinghem" in plain(slide_text(slide))
    assert dict(zip(categories, values, strict=True)) == {
        c: expected[c] for c in categories}
    assert values == sorted(values, reverse=True)
    _, chart = chart_slide(manager, title)
    got = dict(zip(chart.plots[0].categories, chart.series[0].values, strict=True))
    assert got == expected.to_dict()


def test_charts_are_editable_with_french_number_formats(elu):
    charts = [s.chart for slide in elu.slides for s in slide.shapes if s.has_chart]
    # job seekers by commune and over a year, PLIE participants by commune and exits,
    # young people followed by the Mission Locale by commune
    assert len(charts) == 5
    for chart in charts:
        assert chart.part.chart_workbook.xlsx_part is not None  # data editable in PowerPoint
        assert chart.plots[0].data_labels.number_format == "#,##0"


def test_manager_deck_says_it_is_confidential(manager, elu):
    assert texts.AG_CONFIDENTIAL_MARK in plain(slide_text(manager.slides[1]))
    assert texts.AG_CONFIDENTIAL_MARK not in plain(slide_text(elu.slides[1]))
    assert texts.EXPORT_CONFIDENTIAL in plain(slide_text(manager.slides[0]))


def test_page_and_file_say_the_same(elu_deck, elu):
    """The HTML slides (the page) and the .pptx come from the same deck model."""
    assert len(elu.slides) == len(elu_deck.slides)
    for i, (model, slide) in enumerate(zip(elu_deck.slides, elu.slides, strict=True)):
        html = ag.slide_html(elu_deck, i)
        text = plain(slide_text(slide))
        if model.kind == "figure":
            assert plain(model.value) in text
            assert plain(model.value).replace(" ", "") in plain(html).replace(" ", "")
        if model.kind == "chart":
            for category in model.chart.categories:
                assert category in html


def test_html_slides_need_nothing_from_the_network(elu_deck):
    everything = ag.SLIDE_CSS + "".join(ag.slide_html(elu_deck, i)
                                        for i in range(len(elu_deck.slides)))
    assert "http" not in everything and "url(" not in everything and "<script" not in everything


def test_file_name():
    assert deck_file_name("mno", 2025) == "assemblee_generale_mno_2025.pptx"
