"""`python -m cli geo import`: boundaries a user downloaded (GeoPackage, zipped
Shapefile, GeoJSON; Lambert-93 or WGS84), built here with geopandas, prepared for the maps
in the data directory."""

import json

import geopandas as gpd
import pytest

from cli.__main__ import main
from data import audit, layers, reference
from geo import boundaries, prepare
from tests.geo import small_layers as L

# the four squares' corners in Lambert-93 are 680 000…686 000 E, 7 030 000…7 036 000 N:
# around Lens (2.83° E, 50.43° N), so in WGS84 between these bounds
LON, LAT = (2.7, 2.9), (50.35, 50.50)
NEIGHBOURS = {tuple(sorted(p)) for p in ((L.AVION, L.LIEVIN), (L.AVION, L.LOOS),
                                          (L.LENS, L.LIEVIN), (L.LENS, L.LOOS))}


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    path = tmp_path / "donnees"
    monkeypatch.setenv("TBE_DATA_DIR", str(path))
    return path


def imported(data_dir, kind: str = "communes") -> dict:
    return json.loads(layers.imported_path(kind, data_dir).read_text(encoding="utf-8"))


def check_prepared(data_dir) -> None:
    raw = imported(data_dir)
    codes = {f["properties"]["code_insee"] for f in raw["features"]}
    assert codes == set(L.COMMUNES)
    for f in raw["features"]:
        ring = f["geometry"]["coordinates"][0]
        assert all(LON[0] < x < LON[1] and LAT[0] < y < LAT[1] for x, y in ring)
        # each side carried 30 vertices zigzagging by 1 m: simplified away
        assert len(ring) < 20
    features = prepare.read_features(layers.imported_path("communes", data_dir))
    assert set(prepare.shared_segments(features).values()) == {1, 2}  # no gap, no overlap
    assert prepare.adjacency(features) == NEIGHBOURS
    # 3 km × 3 km = 9 km² each, kept within 1 %
    back = gpd.read_file(layers.imported_path("communes", data_dir)).to_crs(2154)
    assert all(abs(a - 9e6) < 9e4 for a in back.area)


def test_a_geopackage_in_lambert_93_with_admin_express_columns(data_dir, tmp_path, capsys):
    path = L.geopackage(tmp_path)  # layers « commune » and « departement »: commune chosen
    assert main(["geo", "import", str(path)]) == 0
    assert "Contours importés : 4 communes" in capsys.readouterr().out
    check_prepared(data_dir)
    props = {f["properties"]["code_insee"]: f["properties"] for f in imported(data_dir)["features"]}
    assert props[L.LENS]["nom"] == "Lens" and props[L.LENS]["siren_epci"] == L.EPCI_LENS_LIEVIN
    assert audit.entries(data_dir)[-1]["action"] == "contours importés"


def test_multipolygons_with_heights_and_a_layer_named_in_capitals(data_dir, tmp_path):
    """ADMIN EXPRESS stores MultiPolygons; some exports carry a Z coordinate."""
    import shapely

    frame = L.frame()
    frame = frame.set_geometry([shapely.force_3d(shapely.MultiPolygon([g]), 12.5)
                                for g in frame.geometry], crs=frame.crs)
    frame.to_file(tmp_path / "c.gpkg", layer="COMMUNE")
    frame.dissolve().to_file(tmp_path / "c.gpkg", layer="DEPARTEMENT")
    assert main(["geo", "import", str(tmp_path / "c.gpkg"), "--layer", "commune"]) == 0
    check_prepared(data_dir)


def test_codes_stored_as_numbers(data_dir, tmp_path):
    frame = L.frame()
    frame["INSEE_COM"] = frame["INSEE_COM"].astype(float)  # 62498.0, as a spreadsheet would
    frame.to_file(tmp_path / "n.gpkg", layer="commune")
    assert main(["geo", "import", str(tmp_path / "n.gpkg")]) == 0
    check_prepared(data_dir)


def test_a_zipped_shapefile(data_dir, tmp_path):
    assert main(["geo", "import", str(L.shapefile_zip(tmp_path))]) == 0
    check_prepared(data_dir)


@pytest.mark.parametrize("crs", ["EPSG:2154", "EPSG:4326"])
def test_a_geojson(data_dir, tmp_path, crs):
    assert main(["geo", "import", str(L.geojson(tmp_path, crs))]) == 0
    check_prepared(data_dir)


def test_the_maps_read_the_imported_layer_beside_the_shipped_nord(data_dir, tmp_path):
    assert main(["geo", "import", str(L.geopackage(tmp_path))]) == 0
    features = boundaries.commune_features()
    assert len(features) == 647 + 4
    assert features[L.LIEVIN]["nom"] == "Liévin"
    collection = boundaries.feature_collection([L.LENS, "59350", "99999"])
    assert [f["id"] for f in collection["features"]] == [L.LENS, "59350"]
    lons, _ = boundaries.outline(list(L.COMMUNES))
    assert lons  # the outer border of the four squares


def test_a_second_import_adds_to_the_first(data_dir, tmp_path, capsys):
    assert main(["territory", "add", "lens", "--label", "Lens", "--communes", *L.COMMUNES]) == 0
    frame = L.frame()
    frame.iloc[:2].to_file(tmp_path / "a.gpkg", layer="commune")
    frame.iloc[2:].to_file(tmp_path / "b.gpkg", layer="commune")
    capsys.readouterr()
    assert main(["geo", "import", str(tmp_path / "a.gpkg")]) == 0
    assert "territoire « lens », 2 commune(s) toujours sans contours" in capsys.readouterr().out
    assert main(["geo", "import", str(tmp_path / "b.gpkg")]) == 0
    assert "toujours sans contours" not in capsys.readouterr().out
    assert len(imported(data_dir)["features"]) == 4


@pytest.mark.parametrize("args, words, listed", [
    (["--code-column", "CODE_X"], "colonne « CODE_X » absente", "INSEE_COM"),  # the columns
    (["--layer", "canton"], "couche « canton » absente", "commune, departement"),  # layers
])
def test_wrong_column_or_layer_in_french(data_dir, tmp_path, capsys, args, words, listed):
    code = main(["geo", "import", str(L.geopackage(tmp_path)), *args])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("Erreur : ") and words in err and listed in err
    assert not layers.imported_path("communes", data_dir).exists()


def test_a_file_that_is_not_boundaries(data_dir, tmp_path, capsys):
    text = tmp_path / "communes.csv"
    text.write_text("code;nom\n62498;Lens\n", encoding="utf-8")
    assert main(["geo", "import", str(text)]) == 2
    assert "format non reconnu" in capsys.readouterr().err
    broken = tmp_path / "contours.gpkg"
    broken.write_bytes(b"pas un geopackage")
    assert main(["geo", "import", str(broken)]) == 2
    assert "illisible" in capsys.readouterr().err


def test_codes_unknown_to_the_cog_are_left_out_and_said(data_dir, tmp_path, capsys):
    frame = L.frame()
    frame.loc[0, "INSEE_COM"] = "99999"
    frame.to_file(tmp_path / "c.gpkg", layer="commune")
    assert main(["geo", "import", str(tmp_path / "c.gpkg")]) == 0
    assert "1 code(s) inconnu(s) du COG 2024 laissé(s) de côté : 99999" in \
        capsys.readouterr().out
    assert len(imported(data_dir)["features"]) == 3


def test_qpv_boundaries(data_dir, tmp_path):
    frame = L.frame().rename(columns={"INSEE_COM": "insee_com"})
    frame["code_qp"] = ["QN06201M", "QN06202M", "QN06203M", "QN06204M"]
    frame["lib_qp"] = ["Quartier 1", "Quartier 2", "Quartier 3", "Quartier 4"]
    frame.to_file(tmp_path / "qpv.gpkg", layer="qpv")
    assert main(["geo", "import", str(tmp_path / "qpv.gpkg"), "--kind", "qpv"]) == 0
    table = boundaries.qpv_table().set_index("code_qp")
    assert len(table) == 8 + 4  # the shipped MELT/MNO quarters and these
    assert table.loc["QN06201M", "lib_qp"] == "Quartier 1"
    assert table.loc["QN06201M", "insee_com"] == L.frame()["INSEE_COM"].iloc[0]
    # the quarters' list the QPV pages read: the MEL's 26 and these, with their commune
    q = reference.qpv()
    assert q["qpv_code"].nunique() == 26 + 4
    assert q.loc[q["qpv_code"] == "QN06201M", "code_insee"].tolist() == [
        L.frame()["INSEE_COM"].iloc[0]]
