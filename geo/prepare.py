"""One-off preparation of the shipped map geometry: `.venv/bin/python -m geo.prepare`.

Reads `geo/data/communes_nord_59.geojson` (647 communes) and writes
`geo/data/communes_nord_59_carte.geojson`, the file the maps load, with the same
preparation as the boundaries a user imports (`geo/importer.py`, `python -m cli geo
import`): codes checked against the COG, shapely 2's coverage simplification (shared
borders simplified once, so neighbours keep exactly the same border, without gaps or
overlaps) in a metric projection, WGS84 rounded to `DECIMALS` decimals (about 1 m), only
`code_insee` and `nom` kept.

Nothing here runs in the app: the app only reads the prepared file (geo/boundaries.py).
The check functions below (shared segments, adjacency, crossings, areas) are plain
Python, reused by the tests on the shipped and on imported layers.
"""

import json
from collections import Counter, defaultdict
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
SOURCE = DATA / "communes_nord_59.geojson"
TARGET = DATA / "communes_nord_59_carte.geojson"

DECIMALS = 5
MAX_AREA_CHANGE = 0.03  # 3 % of a ring's area, checked by the tests

Point = tuple[int, int]  # quantised coordinates: degrees × 10**DECIMALS


# -- reading and writing ------------------------------------------------------------
def polygons_of(geometry: dict) -> list[list[list[list[float]]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["coordinates"]
    raise ValueError(f"unexpected geometry {geometry['type']}")


def quantise_ring(ring: list[list[float]], decimals: int) -> list[Point]:
    """Open ring (no closing vertex) of integer points, consecutive duplicates removed."""
    scale = 10**decimals
    out: list[Point] = []
    for x, y in ring:
        p = (round(x * scale), round(y * scale))
        if not out or out[-1] != p:
            out.append(p)
    while len(out) > 1 and out[-1] == out[0]:
        out.pop()
    return out


def read_features(path: Path = SOURCE, decimals: int = DECIMALS) -> list[dict]:
    """Features as {code, nom, polygons: [[open ring of integer points]]}."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    return [
        {
            "code": f["properties"]["code_insee"],
            "nom": f["properties"]["nom"],
            "polygons": [[quantise_ring(r, decimals) for r in poly]
                         for poly in polygons_of(f["geometry"])],
        }
        for f in raw["features"]
    ]


def all_rings(features: list[dict]) -> list[list[Point]]:
    return [ring for f in features for poly in f["polygons"] for ring in poly]


# -- checks ---------------------------------------------------------------------------
def signed_area(ring: list[Point]) -> float:
    n = len(ring)
    return sum(ring[i][0] * ring[(i + 1) % n][1] - ring[(i + 1) % n][0] * ring[i][1]
               for i in range(n)) / 2


def _orient(a, b, c) -> int:
    v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
    return (v > 0) - (v < 0)


def _inside(a, b, p) -> bool:
    """p (collinear with a-b) lies on the segment a-b, ends excluded."""
    return (min(a[0], b[0]) <= p[0] <= max(a[0], b[0])
            and min(a[1], b[1]) <= p[1] <= max(a[1], b[1]) and p != a and p != b)


def segments_conflict(s, t) -> bool:
    """Two segments cross, touch or overlap anywhere but at a shared end."""
    a, b = s
    c, d = t
    shared = {a, b} & {c, d}
    if len(shared) == 2:
        return True  # the same segment twice
    if shared:
        p = shared.pop()
        r = b if a == p else a
        q = d if c == p else c
        # only a collinear overlap (same direction from the shared end) is a conflict
        dot = (r[0] - p[0]) * (q[0] - p[0]) + (r[1] - p[1]) * (q[1] - p[1])
        return _orient(p, r, q) == 0 and dot > 0
    o1, o2, o3, o4 = _orient(a, b, c), _orient(a, b, d), _orient(c, d, a), _orient(c, d, b)
    if o1 * o2 < 0 and o3 * o4 < 0:
        return True
    return ((o1 == 0 and _inside(a, b, c)) or (o2 == 0 and _inside(a, b, d))
            or (o3 == 0 and _inside(c, d, a)) or (o4 == 0 and _inside(c, d, b)))


def conflicts(polylines: list[list[Point]], cell: int = 200) -> set[tuple[int, int]]:
    """Pairs of polylines (by index) with conflicting segments, found through a grid."""
    segs = [(k, (p, q)) for k, line in enumerate(polylines) for p, q in zip(line, line[1:],
                                                                                strict=False)]
    grid: dict[tuple[int, int], list[int]] = defaultdict(list)
    for n, (_, (p, q)) in enumerate(segs):
        for gx in range(min(p[0], q[0]) // cell, max(p[0], q[0]) // cell + 1):
            for gy in range(min(p[1], q[1]) // cell, max(p[1], q[1]) // cell + 1):
                grid[gx, gy].append(n)
    found: set[tuple[int, int]] = set()
    seen: set[tuple[int, int]] = set()
    for members in grid.values():
        for i, m in enumerate(members):
            for n in members[i + 1:]:
                if (m, n) in seen:
                    continue
                seen.add((m, n))
                (k1, s), (k2, t) = segs[m], segs[n]
                if segments_conflict(s, t):
                    found.add((min(k1, k2), max(k1, k2)))
    return found


def shared_segments(features: list[dict]) -> Counter:
    """How many rings use each (undirected) segment: 2 inside the coverage, 1 on its edge."""
    count: Counter = Counter()
    for ring in all_rings(features):
        for p, q in zip(ring, [*ring[1:], ring[0]], strict=True):
            count[(p, q) if p <= q else (q, p)] += 1
    return count


def adjacency(features: list[dict]) -> set[tuple[str, str]]:
    """Pairs of communes sharing at least one border segment."""
    owners: dict[tuple, set[str]] = defaultdict(set)
    for f in features:
        for poly in f["polygons"]:
            for ring in poly:
                for p, q in zip(ring, [*ring[1:], ring[0]], strict=True):
                    owners[(p, q) if p <= q else (q, p)].add(f["code"])
    return {tuple(sorted(o)) for o in owners.values() if len(o) == 2}


# -- the whole preparation -------------------------------------------------------------
def prepare_text(source: Path = SOURCE) -> str:
    """The prepared layer's text (`geo/importer.py`'s preparation of the source)."""
    import geopandas as gpd

    from geo import importer

    prepared, _ = importer.prepare_communes(gpd.read_file(source), "code_insee", source.name)
    lines = importer.feature_lines(prepared, ["code_insee", "nom"])
    return importer.collection_text([lines[c] for c in sorted(lines)], TARGET.stem)


def main() -> None:
    text = prepare_text()
    TARGET.write_text(text, encoding="utf-8")
    source = read_features(SOURCE, decimals=6)
    prepared = read_features(TARGET, DECIMALS)
    counts = Counter(shared_segments(prepared).values())
    assert set(counts) <= {1, 2}, counts
    assert adjacency(prepared) == adjacency(source), "adjacency changed"
    before = sum(len(r) for r in all_rings(source))
    after = sum(len(r) for r in all_rings(prepared))
    print(f"vertices: {before} → {after}; segments used once/twice: {dict(counts)}")
    print(f"{SOURCE.name}: {SOURCE.stat().st_size:,} bytes → {TARGET.name}: "
          f"{TARGET.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
