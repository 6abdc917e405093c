"""The prepared commune geometry, the QPV layer and the geometric helpers of geo/."""

import copy
import json

import pytest

from data import reference
from geo import boundaries, prepare

SOURCE = prepare.read_features(prepare.SOURCE, decimals=6)
PREPARED = prepare.read_features(boundaries.COMMUNES_FILE, prepare.DECIMALS)


def codes_of(territory: str) -> list[str]:
    tc = reference.territory_communes()
    return tc.loc[tc["territory"] == territory, "code_insee"].tolist()


# -- the prepared file --------------------------------------------------------------------
def test_prepared_file_has_the_647_communes_of_the_source():
    assert len(PREPARED) == 647
    assert {f["code"] for f in PREPARED} == {f["code"] for f in SOURCE}
    raw = json.loads(boundaries.COMMUNES_FILE.read_text(encoding="utf-8"))
    assert {k for f in raw["features"] for k in f["properties"]} == {"code_insee", "nom"}


@pytest.mark.parametrize("territory", ["mno", "melt", "nord"])
def test_every_territory_commune_joins_a_polygon(territory):
    codes = codes_of(territory)
    assert codes
    features = boundaries.commune_features()
    missing = [c for c in codes if c not in features]
    assert not missing
    collection = boundaries.feature_collection(codes)
    assert [f["id"] for f in collection["features"]] == codes


def test_prepared_file_is_what_the_preparation_writes():
    """The committed file is reproducible from the source with geo/prepare.py (the same
    preparation as `cli geo import`: shapely's coverage simplification)."""
    assert prepare.prepare_text() == boundaries.COMMUNES_FILE.read_text(encoding="utf-8")


def test_shared_borders_are_kept():
    """Inside the coverage every segment belongs to exactly two communes, on its edge to
    one; neighbours stay neighbours; rings keep three vertices and their area, exteriors
    counter-clockwise and holes clockwise (GeoJSON's right-hand rule; the source has them
    the other way round)."""
    counts = prepare.shared_segments(PREPARED)
    assert set(counts.values()) == {1, 2}
    assert prepare.adjacency(PREPARED) == prepare.adjacency(SOURCE)
    def area(feature) -> float:
        return sum(abs(prepare.signed_area(r)) * (1 if i == 0 else -1)
                   for poly in feature["polygons"] for i, r in enumerate(poly))

    for f_before, f_after in zip(SOURCE, PREPARED, strict=True):
        assert f_before["code"] == f_after["code"]
        assert len(f_before["polygons"]) == len(f_after["polygons"])
        for poly in f_after["polygons"]:
            assert all(len(set(r)) >= 3 for r in poly)
            assert prepare.signed_area(poly[0]) > 0  # the exterior
            assert all(prepare.signed_area(r) < 0 for r in poly[1:])  # the holes
        # coordinates ×1e6 in the source, ×1e5 in the prepared file: areas ×100
        a0, a1 = area(f_before), area(f_after) * 100
        assert abs(a1 - a0) <= prepare.MAX_AREA_CHANGE * a0


def test_no_two_borders_cross():
    rings = [[*r, r[0]] for r in prepare.all_rings(PREPARED)]
    # each border is drawn by both its communes: keep one copy of each segment
    seen, lines = set(), []
    for ring in rings:
        for p, q in zip(ring, ring[1:], strict=False):
            key = (p, q) if p <= q else (q, p)
            if key not in seen:
                seen.add(key)
                lines.append([p, q])
    assert prepare.conflicts(lines) == set()


# -- the preparation's pieces -----------------------------------------------------------------
def test_segment_conflicts():
    assert prepare.segments_conflict(((0, 0), (10, 10)), ((0, 10), (10, 0)))  # crossing
    assert prepare.segments_conflict(((0, 0), (10, 0)), ((5, 0), (5, 5)))  # touching
    assert prepare.segments_conflict(((0, 0), (10, 0)), ((0, 0), (5, 0)))  # overlapping
    assert not prepare.segments_conflict(((0, 0), (10, 0)), ((10, 0), (10, 5)))  # joined
    assert not prepare.segments_conflict(((0, 0), (10, 0)), ((0, 5), (10, 5)))  # parallel


# -- QPV ---------------------------------------------------------------------------------
def test_qpv_layer_has_the_8_qpv_with_names_and_codes():
    collection = boundaries.qpv_collection()
    table = boundaries.qpv_table()
    assert len(collection["features"]) == 8
    assert [f["id"] for f in collection["features"]] == table["code_qp"].tolist()
    row = table.set_index("code_qp").loc["QN05970M"]
    assert row["lib_qp"] == "Pacot - Vandracq"
    assert row["insee_com"] == "59328"


# -- helpers -------------------------------------------------------------------------------
def test_shared_geojson_is_not_copied():
    collection = boundaries.feature_collection(codes_of("mno"))
    assert copy.deepcopy(collection) is collection
    assert copy.copy(collection) is collection
    assert json.loads(json.dumps(collection))["type"] == "FeatureCollection"


def test_fit_view_centres_the_territory():
    box = boundaries.bbox(codes_of("mno"))
    center, zoom = boundaries.fit_view(box, 1000, 600)
    assert box[0] < center["lon"] < box[2]
    assert box[1] < center["lat"] < box[3]
    assert 10 < zoom < 12.5
    _, nord_zoom = boundaries.fit_view(boundaries.bbox(codes_of("nord")), 1000, 600)
    assert nord_zoom < zoom - 2


def test_outline_of_a_territory_is_closed_and_leaves_inner_borders_out():
    lons, lats = boundaries.outline(codes_of("mno"))
    lines, current = [], []
    for x, y in zip(lons, lats, strict=True):
        if x is None:
            lines.append(current)
            current = []
        else:
            current.append((x, y))
    assert lines
    for line in lines:
        assert line[0] == line[-1]  # a closed loop
    total = sum(len(line) - 1 for line in lines)
    inner = sum(len(r) for c in codes_of("mno")
                for poly in boundaries._polygons(boundaries.commune_features()[c]["geometry"])
                for r in poly)
    assert total < inner / 2  # most segments are inner borders, left out


def point_in_ring(x, y, ring) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def test_hatching_stays_inside_the_commune():
    code = "59356"  # Lompret
    lons, lats = boundaries.hatch([code], spacing=0.002)
    ring = boundaries._polygons(boundaries.commune_features()[code]["geometry"])[0][0]
    segments = [(lons[i], lats[i], lons[i + 1], lats[i + 1])
                for i in range(0, len(lons), 3)]
    assert len(segments) > 5
    for x1, y1, x2, y2 in segments:
        assert point_in_ring((x1 + x2) / 2, (y1 + y2) / 2, ring)
        # at 45° on the map: Δlat·(1/cos φ) = Δlon
        assert abs((y2 - y1) / 0.6374 - (x2 - x1)) < 1e-6
