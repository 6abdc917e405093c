"""The « Assemblée générale » page, run headless with AppTest on the demo store.

Expected figures: MNO 2025 report (9 948 job seekers A, B, C; 463 PLIE participants).
"""

import io
from pathlib import Path

import pytest
from pptx import Presentation
from streamlit.testing.v1 import AppTest

from ui import texts

PAGE = str(Path(__file__).resolve().parents[2] / "pages" / "assemblee_generale.py")
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
    assert "147" in slide(at) and 'aria-label="2 / ' in slide(at)  # population
    button(at, "ag_next").click().run()
    assert f"9{NNBSP}948" in slide(at)
    assert at.query_params["slide"] in ("3", ["3"])
    button(at, "ag_previous").click().run()
    assert 'aria-label="2 / ' in slide(at)
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


def test_offers_the_powerpoint(demo):
    at = run_page(territory="mno", year="2025")
    downloads = at.get("download_button")
    assert [d.proto.label for d in downloads] == [texts.AG_DOWNLOAD]


def test_secret_applies_whatever_the_session_role(demo):
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    at.session_state["role"] = "gestionnaire"
    at.query_params["territory"] = "mno"
    at.query_params["year"] = "2025"
    at.query_params["slide"] = "7"
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
    at = run_page(territory="mno", year="2025", slide="6")
    text = "\n".join(s.text_frame.text for s in prs.slides[5].shapes if s.has_text_frame)
    assert "463" in text and ">463<" in slide(at)
