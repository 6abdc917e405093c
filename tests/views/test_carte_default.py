"""The map of a territory whose imports hold no job seekers opens on an indicator it
has: the Mission Locale of Bourges (Cher) imported its i-milo extraction only, and the
map opened on « demandeurs d'emploi … donnée non disponible ». i-milo-like extraction;
figures by hand."""

import json

import pytest
from streamlit.testing.v1 import AppTest

from cli.__main__ import main
from tests.views.test_carte import PAGE, TIMEOUT, assert_ok
from tests.workbooks import defined_and_imported, workbook

CODE = "ml-bourges"
BOURGES, TROUY = "18033", "18267"
TITLE = [["Mission Locale de l'agglomération de Bourges"], ["Extraction i-milo"], []]


@pytest.fixture
def bourges(tmp_path, monkeypatch, capsys):
    young = [*TITLE, ["Identifiant jeune", "Commune de résidence", "Date de 1er accueil"]]
    young += [[f"J{i:02d}", "BOURGES" if i <= 12 else "TROUY", "06/01/2025"] for i in range(1, 15)]
    events = [*TITLE, ["Identifiant jeune", "Date de l'événement", "Type d'événement"]]
    events += [[f"J{i:02d}", "10/03/2025", "Entretien individuel"] for i in range(1, 15)]
    defined_and_imported(tmp_path, monkeypatch, CODE, "Mission Locale de Bourges",
                         (BOURGES, TROUY),
                         workbook({"Liste des jeunes": young, "Evenements": events}))
    # two squares for the map, as a GeoJSON of the communes (WGS84, INSEE_COM)
    squares = [{"type": "Feature", "properties": {"INSEE_COM": code}, "geometry": {
        "type": "Polygon", "coordinates": [[[x, 47.0], [x + 0.1, 47.0], [x + 0.1, 47.1],
                                            [x, 47.1], [x, 47.0]]]}}
        for code, x in ((BOURGES, 2.4), (TROUY, 2.5))]
    layer = tmp_path / "communes.geojson"
    layer.write_text(json.dumps({"type": "FeatureCollection", "features": squares}))
    assert main(["geo", "import", str(layer)]) == 0


def test_the_map_opens_on_an_indicator_with_data(bourges):
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    at.session_state["role"] = "gestionnaire"
    at.query_params["territory"] = CODE
    at.query_params["year"] = "2025"
    at.run()
    assert_ok(at)
    chosen = at.selectbox(key="carte_indicator").value
    assert chosen != "de_abc"
    assert not [i for i in at.info if "Aucune valeur à cartographier" in i.value]
    # the territory's figures: 14 new registrations (12 in Bourges, 2 in Trouy), 14 young
    # people followed; the first indicator of the map's list that has a value
    assert chosen == "ml_nouveaux_inscrits"
