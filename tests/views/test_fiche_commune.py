"""The « Fiche commune » page, run headless with AppTest on the demo store."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ui import access
from wording import texts

PAGE = str(Path(__file__).resolve().parents[2] / "views" / "fiche_commune.py")


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


def run_as(role: str, communes: list[str], **params) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=30)
    at.session_state["role"] = role
    at.session_state[access.KEY] = communes
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def test_a_restricted_account_chooses_among_its_communes_only(demo):
    at = run_as("elu", ["59356"], territory="mno", year="2025", commune="59328")
    assert not at.exception, [e.value for e in at.exception]
    commune = at.selectbox(key="commune")
    assert commune.options == ["Lompret"]
    assert commune.value == "59356"  # Lambersart, asked for in the URL, is not offered
    assert "Lompret" in at.get("iframe")[0].proto.srcdoc


def test_a_manager_chooses_among_every_commune(demo):
    at = run_as("gestionnaire", ["59356"], territory="mno", year="2025")
    assert len(at.selectbox(key="commune").options) == 10


def test_no_commune_of_the_territory_says_so(demo):
    """An account whose communes are in no built-in territory (Lille) sees none of them."""
    at = run_as("elu", ["59350"], territory="mno", year="2025")
    assert not at.exception, [e.value for e in at.exception]
    assert [i.value for i in at.info] == [
        texts.NO_VISIBLE_COMMUNE.format(territory="Métropole Nord-Ouest (ALPES)")]
    assert not at.get("download_button") and not at.get("iframe")
