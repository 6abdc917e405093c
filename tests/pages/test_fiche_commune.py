"""The « Fiche commune » page, run headless with AppTest on the demo store."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ui import texts

PAGE = str(Path(__file__).resolve().parents[2] / "pages" / "fiche_commune.py")


@pytest.fixture
def demo(demo_data_dir, monkeypatch):
    monkeypatch.setenv("TBE_DATA_DIR", str(demo_data_dir))
    return demo_data_dir


def test_previews_the_fiche_and_offers_both_files(demo):
    at = AppTest.from_file(PAGE, default_timeout=30)
    at.query_params["territory"] = "mno"
    at.query_params["year"] = "2025"
    at.query_params["commune"] = "59356"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error
    territory, year, commune = at.selectbox
    assert (territory.value, year.value, commune.value) == ("mno", 2025, "59356")
    labels = [d.proto.label for d in at.get("download_button")]
    assert labels == [texts.FICHE_DOWNLOAD_HTML, texts.FICHE_DOWNLOAD_XLSX]
    frames = at.get("iframe")
    assert len(frames) == 1
    page = frames[0].proto.srcdoc
    assert "Lompret" in page and "@page{size:A4" in page
