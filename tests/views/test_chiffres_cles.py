"""The « Chiffres clés » page, run headless with AppTest on the demo store.

Expected values are the figures printed in the seed reports, which the demo data
reproduce: MNO 2025 (rapport d'activité ALPES 2025) and MELT 2023 (rapport d'activité
Mission Emploi Lys-Tourcoing 2023). Numbers use U+202F as thousands separator.
"""

import io
from pathlib import Path

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from tests.views.downloads import downloads
from ui import access
from wording import texts
from wording.format import SECRET

__all__ = ["downloads"]

APP = str(Path(__file__).resolve().parents[2] / "app.py")
TIMEOUT = 30  # the first run computes every figure of two years; AppTest's default is 3 s


def run_app(**params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def page_text(at: AppTest) -> str:
    """Everything the page says, tiles (st.html) included."""
    kinds = ("title", "caption", "markdown", "html", "info", "warning", "error", "success")
    return "\n".join(str(e.value) for kind in kinds for e in getattr(at, kind))


def tiles_html(at: AppTest) -> str:
    return "\n".join(str(e.value) for e in at.html if 'class="tbe-tile' in str(e.value))


def assert_no_error(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


@pytest.fixture
def demo(demo_data_dir, monkeypatch):
    monkeypatch.setenv("TBE_DATA_DIR", str(demo_data_dir))
    return demo_data_dir


def test_default_view_is_the_latest_year_of_the_first_territory(demo):
    at = run_app()
    assert_no_error(at)
    territory, year = at.selectbox
    assert territory.value == "mno"
    assert year.value == 2025  # the latest demo year of MNO
    assert at.query_params["territory"] in ("mno", ["mno"])
    assert at.query_params["year"] in ("2025", ["2025"])
    assert tiles_html(at)
    assert any(texts.DEMO_BANNER in w.value for w in at.warning)


def test_mno_2025_shows_the_report_figures(demo):
    at = run_app(territory="mno", year="2025")
    assert_no_error(at)
    tiles = tiles_html(at)
    assert ">9\u202f948<" in tiles  # DE ABC at 30/09/2025, MNO 2025 report
    assert ">463<" in tiles  # PLIE participants in the year, MNO 2025 report
    # The job-seeker evolution spans 1 January 2025: the LPE note is shown.
    assert texts.LPE_NOTE_TITLE in tiles
    # The same figures in the table of the « Voir les données » expander.
    table = at.dataframe[0].value
    assert "9\u202f948" in set(table[texts.COL_VALUE])


def test_melt_2023_shows_the_report_figures(demo):
    at = run_app(territory="melt", year="2023")
    assert_no_error(at)
    tiles = tiles_html(at)
    assert ">18\u202f367<" in tiles  # DE ABC, MELT 2023 report
    assert texts.LPE_NOTE_TITLE not in tiles  # 2022 → 2023 does not span January 2025


def test_choosing_another_territory_starts_from_its_latest_year(demo):
    at = run_app(territory="mno", year="2025")
    at.selectbox(key="territory").select("melt").run()
    assert_no_error(at)
    assert at.selectbox(key="year").value == 2023
    assert at.query_params["territory"] in ("melt", ["melt"])
    assert ">18\u202f367<" in tiles_html(at)


def test_choosing_another_year(demo):
    at = run_app(territory="mno", year="2025")
    at.selectbox(key="year").select(2024).run()
    assert_no_error(at)
    assert at.query_params["year"] in ("2024", ["2024"])
    assert tiles_html(at)
    assert ">9\u202f948<" not in tiles_html(at)


def test_year_without_data_says_so(demo):
    at = run_app(territory="mno", year="2019")
    assert_no_error(at)
    assert not tiles_html(at)
    messages = " ".join(i.value for i in at.info)
    assert "Aucune donnée pour Métropole Nord-Ouest (ALPES) en 2019" in messages
    assert "2025, 2024" in messages
    assert at.selectbox(key="year").value == 2019


@pytest.mark.parametrize(
    "params",
    [{"territory": "inconnu"}, {"year": "deux mille"}, {"territory": "melt", "year": "99999"}],
)
def test_bad_query_parameters_fall_back_to_defaults(demo, params):
    at = run_app(**params)
    assert_no_error(at)
    assert tiles_html(at)


def test_empty_store_points_to_the_import(tmp_path, monkeypatch):
    """A fresh install: no data, no account. Nothing is open; the page says how to start."""
    from data import users

    monkeypatch.setenv("TBE_DATA_DIR", str(tmp_path / "vide"))
    at = run_app()
    assert_no_error(at)
    assert not tiles_html(at)
    assert any("Aucun compte n'existe encore" in w.value for w in at.warning)
    # once a manager exists and is logged in, the key figures page points to the import
    users.add("gest", "gestionnaire", "mot de passe correct", data_dir=tmp_path / "vide")
    at = run_app()
    at.text_input[0].input("gest")
    at.text_input[1].input("mot de passe correct")
    at.button[0].click().run()
    assert_no_error(at)
    assert any("Aucune donnée n'a encore été importée" in i.value for i in at.info)


def test_officials_see_masked_figures_for_a_small_commune(demo_data_dir):
    """The tiles of an official show "s" for Lompret's 2 PLIE participants; a manager's, 2."""
    from data.store import Store
    from queries.figures import key_figures
    from queries.secret import mask_key_figures
    from ui.tiles import build_tiles

    frame = key_figures(Store(demo_data_dir).connection(), "mno", 2025, commune="59356")
    manager = {t.indicator: t.value for t in build_tiles(frame)}
    official = {t.indicator: t.value for t in build_tiles(mask_key_figures(frame))}
    assert manager["plie_participants"] == "2"
    assert official["plie_participants"] == "s"


# -- the territory's workbook -----------------------------------------------------------------
PAGE = str(Path(__file__).resolve().parents[2] / "views" / "chiffres_cles.py")


def run_page(role: str, communes: list[str] | None = None, **params) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    at.session_state["role"] = role
    at.session_state[access.KEY] = communes or []
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def workbook_cells(data: bytes) -> tuple[str, list]:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    cells = [c for ws in wb for row in ws.iter_rows(values_only=True) for c in row]
    return "\n".join(c for c in cells if isinstance(c, str)), cells


@pytest.mark.parametrize("role, confidential", [("gestionnaire", True), ("elu", False),
                                                ("lecteur", False)])
def test_offers_the_territory_workbook_as_the_role_sees_it(demo, downloads, role, confidential):
    at = run_page(role, territory="mno", year="2025")
    assert_no_error(at)
    (button,) = at.get("download_button")
    assert button.proto.label == texts.KEY_FIGURES_DOWNLOAD_XLSX
    assert button.proto.deferred_file_id  # built on click only
    text, cells = workbook_cells(downloads.files(at)[texts.KEY_FIGURES_DOWNLOAD_XLSX])
    assert "Métropole Nord-Ouest (ALPES)" in text
    assert (texts.EXPORT_CONFIDENTIAL in text) is confidential
    assert (SECRET in cells) is not confidential  # Lompret's 2 PLIE participants, among others


def test_the_workbook_of_a_restricted_account_holds_its_communes_only(demo, downloads):
    at = run_page("elu", ["59356"], territory="mno", year="2025")
    assert_no_error(at)
    text, _ = workbook_cells(downloads.files(at)[texts.KEY_FIGURES_DOWNLOAD_XLSX])
    assert "Lompret" in text
    assert not [n for n in ("Lambersart", "La Madeleine", "Wambrechies") if n in text]


def test_no_download_without_figures(demo):
    at = run_page("elu", territory="mno", year="2019")
    assert_no_error(at)
    assert not at.get("download_button")
