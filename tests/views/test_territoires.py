"""The « Territoires » page (managers): define, change and remove territories, as
`python -m cli territory` does."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from data import audit, territories

PAGE = str(Path(__file__).resolve().parents[2] / "views" / "territoires.py")


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    path = tmp_path / "donnees"
    monkeypatch.setenv("TBE_DATA_DIR", str(path))
    return path


def page() -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=30)
    at.session_state["role"] = "gestionnaire"
    return at.run()


def table(at: AppTest):
    return at.dataframe[0].value.set_index("Code")


def define(at: AppTest, code: str, label: str, communes: str) -> AppTest:
    at.text_input(key="territory_code").input(code)
    at.text_input(key="territory_label").input(label)
    at.text_area(key="territory_communes").input(communes)
    return at.button(key="territory_add").click().run()


def test_lists_the_built_in_territories(data_dir):
    at = page()
    assert not at.exception and not at.error
    rows = table(at)
    assert rows.loc["mno", "Communes"] == "10" and rows.loc["mno", "Type"] == "intégré"
    assert rows.loc["melt", "Communes"] == "11"
    assert rows.loc["mno", "Communes sans contours"] == "0"  # the shipped Nord layer


def test_define_a_territory_with_a_former_commune(data_dir):
    at = define(page(), "lens", "ML de Lens", "62498, 62510\n62294")
    assert not at.exception and not at.error
    assert [s.value for s in at.success] == ["Territoire « lens » défini : 3 commune(s)."]
    assert any("62294 (Enguinegatte) est une ancienne commune" in i.value for i in at.info)
    assert territories.get("lens")["communes"] == ("62498", "62510", "62295")
    rows = table(at)
    assert rows.loc["lens", "Type"] == "défini"
    assert rows.loc["lens", "Communes sans contours"] == "3"
    assert audit.entries(data_dir)[-1]["action"] == "territoire ajouté"


def test_an_unknown_code_is_refused_in_french(data_dir):
    at = define(page(), "lens", "ML de Lens", "62498 99999")
    assert not at.exception
    [error] = [e.value for e in at.error]
    assert error.startswith("Code(s) commune inconnu(s)") and "99999" in error
    assert "lens" not in territories.definitions()


def test_change_the_communes_then_remove(data_dir):
    at = define(page(), "lens", "ML de Lens", "62498")
    at.text_area(key="territory_edit_lens").input("62498 62065")
    at = at.button(key="territory_save").click().run()
    assert not at.error
    assert territories.get("lens")["communes"] == ("62498", "62065")
    assert at.button(key="territory_remove").disabled
    at.checkbox(key="territory_confirm_lens").check()
    at = at.run().button(key="territory_remove").click().run()
    assert [s.value for s in at.success] == ["Territoire « lens » supprimé."]
    assert "lens" not in territories.definitions()
    assert [e["action"] for e in audit.entries(data_dir)] == [
        "territoire ajouté", "communes du territoire modifiées", "territoire supprimé"]


def test_import_boundaries_from_the_page(data_dir, tmp_path):
    from geo import boundaries
    from tests.geo import small_layers as L

    raw = L.geopackage(tmp_path).read_bytes()
    at = page()
    at.file_uploader(key="territory_geo_file").set_value(
        ("ADMIN-EXPRESS_62.gpkg", raw, "application/geopackage+sqlite3")).run()
    at = at.button(key="territory_geo").click().run()
    assert not at.exception and not at.error
    [done] = [s.value for s in at.success]
    assert done.startswith("Contours importés : 4 communes")
    assert set(L.COMMUNES) <= set(boundaries.commune_features())
    assert audit.entries(data_dir)[-1]["action"] == "contours importés"


def test_a_wrong_boundaries_file_is_refused_in_french(data_dir):
    at = page()
    at.file_uploader(key="territory_geo_file").set_value(
        ("contours.geojson", b"{pas du json", "application/geo+json")).run()
    at = at.button(key="territory_geo").click().run()
    assert not at.exception
    [error] = [e.value for e in at.error]
    assert error.startswith("Fichier de contours illisible : contours.geojson")


def test_a_short_label_is_given_or_derived_from_the_label(data_dir):
    """Charts named a defined territory by its code, upper-cased (« ML-BOURGES »)."""
    at = define(page(), "ml-bourges", "Mission Locale de Bourges", "18033")
    assert table(at).loc["ml-bourges", "Libellé court"] == "ML Bourges"
    at.text_input(key="territory_short").input("MLB Cher")
    at = define(at, "ml-vierzon", "Mission Locale de Vierzon", "18279")
    assert not at.error
    assert territories.get("ml-vierzon")["csv_code"] == "MLB Cher"
    assert table(at).loc["ml-vierzon", "Libellé court"] == "MLB Cher"
