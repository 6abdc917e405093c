"""The « Assemblée générale » page, run headless with AppTest on the demo store.

Expected figures: MNO 2025 report (9 948 job seekers A, B, C; 463 PLIE participants).
"""

import io
from pathlib import Path

import openpyxl
import pytest
from pptx import Presentation
from streamlit.testing.v1 import AppTest

from tests.views.downloads import downloads
from ui import access
from wording import texts

__all__ = ["downloads"]

PAGE = str(Path(__file__).resolve().parents[2] / "views" / "assemblee_generale.py")
TIMEOUT = 30
NNBSP = "\u202f"


@pytest.fixture
def demo(demo_data_dir, monkeypatch):
    monkeypatch.setenv("TBE_DATA_DIR", str(demo_data_dir))
    return demo_data_dir


def run_page(**params) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def slide(at: AppTest) -> str:
    shown = [str(h.value) for h in at.html if "ag-slide" in str(h.value)]
    assert len(shown) == 1
    return shown[0]


def button(at: AppTest, key: str):
    return next(b for b in at.button if b.key == key)


def assert_no_error(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def test_opens_on_the_title_slide_and_moves_with_the_buttons(demo):
    at = run_page(territory="mno", year="2025")
    assert_no_error(at)
    first = slide(at)
    assert "Assemblée générale 2025" in first and 'aria-label="1 / ' in first
    assert button(at, "ag_previous").disabled
    button(at, "ag_next").click().run()
    assert texts.NARRATIVE_SLIDE_TITLE in slide(at) and 'aria-label="2 / ' in slide(at)
    button(at, "ag_next").click().run()
    assert "147" in slide(at) and 'aria-label="3 / ' in slide(at)  # population
    button(at, "ag_next").click().run()
    assert f"9{NNBSP}948" in slide(at)
    assert at.query_params["slide"] in ("4", ["4"])
    button(at, "ag_previous").click().run()
    assert 'aria-label="3 / ' in slide(at)
    button(at, "ag_last").click().run()
    assert texts.AG_SOURCES_TITLE in slide(at)
    assert button(at, "ag_next").disabled


def test_keyboard_shortcuts_are_the_arrow_keys(demo):
    at = run_page(territory="mno", year="2025")
    shortcuts = {b.key: b.proto.shortcut.lower() for b in at.button}
    assert shortcuts["ag_next"] == "right" and shortcuts["ag_previous"] == "left"
    assert shortcuts["ag_first"] == "home" and shortcuts["ag_last"] == "end"


def test_a_bookmarked_slide_opens_there_and_presenting_hides_the_rest(demo):
    at = run_page(territory="mno", year="2025", slide="7")
    assert_no_error(at)
    assert "PLIE" in slide(at) and 'aria-label="7 / ' in slide(at)
    assert [t.value for t in at.title] == [texts.AG_TITLE]
    button(at, "ag_present_button").click().run()
    assert not at.title  # nothing but the slide and its buttons
    assert 'aria-label="7 / ' in slide(at)
    assert ".st-key-ag_controls{display:none}" in slide(at).replace("\n", "")
    button(at, "ag_exit").click().run()
    assert [t.value for t in at.title] == [texts.AG_TITLE]


def test_offers_the_powerpoint_and_the_workbook(demo):
    at = run_page(territory="mno", year="2025")
    downloads = at.get("download_button")
    assert [d.proto.label for d in downloads] == [texts.AG_DOWNLOAD, texts.AG_DOWNLOAD_XLSX]
    assert all(d.proto.deferred_file_id for d in downloads)  # built on click only


def test_workbook_and_deck_are_an_officials_whatever_the_session_role(demo, downloads):
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    at.session_state["role"] = "gestionnaire"
    at.query_params["territory"] = "mno"
    at.query_params["year"] = "2025"
    at.run()
    files = downloads.files(at)
    wb = openpyxl.load_workbook(io.BytesIO(files[texts.AG_DOWNLOAD_XLSX]))
    cells = [c for ws in wb for row in ws.iter_rows(values_only=True) for c in row]
    assert texts.EXPORT_CONFIDENTIAL not in cells
    assert texts.EXPORT_SECRET_APPLIED.format(role=texts.EXPORT_ROLES["elu"]) in cells
    assert "s" in cells
    prs = Presentation(io.BytesIO(files[texts.AG_DOWNLOAD]))
    text = "\n".join(s.text_frame.text for slide in prs.slides for s in slide.shapes
                     if s.has_text_frame)
    assert texts.AG_CONFIDENTIAL_MARK not in text


def test_restricted_account_sees_its_communes_only_in_charts_and_files(demo, downloads):
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    at.session_state["role"] = "elu"
    at.session_state[access.KEY] = ["59328"]  # Lambersart
    at.query_params["territory"] = "mno"
    at.query_params["year"] = "2025"
    at.query_params["slide"] = "8"  # PLIE participants by commune
    at.run()
    assert_no_error(at)
    shown = slide(at)
    assert texts.AG_CHART_PLIE.format(year=2025) in shown
    assert "Lambersart" in shown and "Lompret" not in shown and "Marcq" not in shown
    wb = openpyxl.load_workbook(io.BytesIO(downloads.files(at)[texts.AG_DOWNLOAD_XLSX]))
    names = {r[0] for r in wb[texts.EXPORT_TABLE_PLIE].iter_rows(min_row=5, values_only=True)}
    assert names == {"Lambersart", texts.EXPORT_TOTAL}


def test_secret_applies_whatever_the_session_role(demo):
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    at.session_state["role"] = "gestionnaire"
    at.query_params["territory"] = "mno"
    at.query_params["year"] = "2025"
    at.query_params["slide"] = "8"
    at.run()
    shown = slide(at)
    assert "Lompret" not in shown.split("Non représentées")[0]  # not drawn as a bar
    assert "Lompret, Verlinghem" in shown


def test_the_pptx_is_the_page_deck(demo):
    from data.store import Store
    from exports import deck as ag
    from exports.slides import render

    store = Store(demo)
    d = ag.build(store.connection(), "mno", 2025, sources=store.catalog().imports)
    prs = Presentation(io.BytesIO(render(d)))
    at = run_page(territory="mno", year="2025", slide="7")
    text = "\n".join(s.text_frame.text for s in prs.slides[6].shapes if s.has_text_frame)
    assert "463" in text and ">463<" in slide(at)


def test_the_quarters_slide_follows_the_job_seekers(onpv_store, monkeypatch):
    """Small ONPV files of tests/onpv_files.py: 400 job seekers in MNO's two quarters,
    IPRO 2022; job seekers of the communes in December 2022 (2 800)."""
    from exports import deck

    monkeypatch.setenv("TBE_DATA_DIR", str(onpv_store.data_dir))
    slides = deck.build(onpv_store.connection(), "mno", 2022, "elu").slides
    number = [s.title for s in slides].index(texts.AG_QPV_TITLE) + 1
    assert slides[number - 2].indicator in ("de_abc", "") and number > 3  # after the DE
    at = run_page(territory="mno", year="2022", slide=str(number))
    assert_no_error(at)
    shown = slide(at).replace(NNBSP, " ").replace("\u00a0", " ")
    assert texts.AG_QPV_TITLE.upper() in shown.upper() and ">400<" in shown
    assert "14,3 % des demandeurs d'emploi A, B, C du territoire (fin décembre 2022)" in shown
