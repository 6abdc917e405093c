"""One-off preparation of the map geometry: `.venv/bin/python -m geo.prepare`.

Reads `geo/data/communes_nord_59.geojson` (647 communes) and writes
`geo/data/communes_nord_59_carte.geojson`, the file the maps load:

1. coordinates quantised to `DECIMALS` decimals (1e-5 degree, about 1 m: the source's
   own precision, so nothing moves; 1e-4 would merge the 10 m border between 59177 and
   59542 and lose that adjacency);
2. topology-preserving simplification without shapely: the rings are cut into arcs at
   their junctions (a vertex whose neighbours differ between the rings that use it),
   each arc is simplified once with Douglas-Peucker (tolerance `TOLERANCE_M` metres, on
   a local equirectangular projection: at most two pixels on a territory map, about
   11 m per pixel, and a fifth of a pixel on the Nord map) and the rings are reassembled
   from the simplified arcs, so two neighbouring communes keep exactly the same border,
   without gaps or overlaps;
3. checks, repeated until they all pass (the tolerance of an arc at fault is halved):
   every ring keeps at least three distinct vertices, its orientation and its area within
   `MAX_AREA_CHANGE`; no two segments of the whole coverage cross, touch or overlap
   except at a shared vertex;
4. only `code_insee` and `nom` are kept as properties.

Nothing here runs in the app: the app only reads the prepared file (geo/boundaries.py).
The check functions are reused by the tests.
"""

import json
import math
from collections import Counter, defaultdict
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
SOURCE = DATA / "communes_nord_59.geojson"
TARGET = DATA / "communes_nord_59_carte.geojson"

DECIMALS = 5
TOLERANCE_M = 20.0
MAX_AREA_CHANGE = 0.03  # 3 % of a ring's area
LAT0 = 50.4  # latitude of the Nord, for the local projection
M_PER_DEG = 111_195.0

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


def to_geojson(features: list[dict], decimals: int = DECIMALS, name: str = "") -> str:
    """A compact GeoJSON text, one feature per line (readable diffs)."""
    scale = 10**decimals

    def ring_coords(ring: list[Point]) -> list[list[float]]:
        closed = [*ring, ring[0]]
        return [[round(x / scale, decimals), round(y / scale, decimals)] for x, y in closed]

    lines = []
    for f in features:
        polys = [[ring_coords(r) for r in poly] for poly in f["polygons"]]
        geometry = ({"type": "Polygon", "coordinates": polys[0]} if len(polys) == 1
                    else {"type": "MultiPolygon", "coordinates": polys})
        feature = {"type": "Feature", "properties": {"code_insee": f["code"], "nom": f["nom"]},
                   "geometry": geometry}
        lines.append(json.dumps(feature, ensure_ascii=False, separators=(",", ":")))
    head = ('{"type":"FeatureCollection","name":' + json.dumps(name) + ","
            '"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}},'
            '"features":[\n')
    return head + ",\n".join(lines) + "\n]}\n"


def all_rings(features: list[dict]) -> list[list[Point]]:
    return [ring for f in features for poly in f["polygons"] for ring in poly]


# -- arcs -----------------------------------------------------------------------------
def junctions(rings: list[list[Point]]) -> set[Point]:
    """Vertices where the rings sharing them go different ways (TopoJSON's rule)."""
    around: dict[Point, set[frozenset]] = defaultdict(set)
    for ring in rings:
        n = len(ring)
        for i, p in enumerate(ring):
            around[p].add(frozenset((ring[i - 1], ring[(i + 1) % n])))
    return {p for p, ways in around.items() if len(ways) > 1}


def _canonical_closed(ring: list[Point]) -> tuple[tuple[Point, ...], bool]:
    """A closed arc starting at its smallest vertex, in its smaller direction."""
    i = ring.index(min(ring))
    forward = ring[i:] + ring[:i]
    backward = [forward[0], *reversed(forward[1:])]
    fwd, bwd = tuple([*forward, forward[0]]), tuple([*backward, backward[0]])
    return (fwd, False) if fwd <= bwd else (bwd, True)


def build_arcs(rings: list[list[Point]]):
    """Unique arcs and, for each ring, the list of (arc index, reversed) that rebuilds it."""
    joints = junctions(rings)
    index: dict[tuple[Point, ...], int] = {}
    arcs: list[tuple[Point, ...]] = []
    refs: list[list[tuple[int, bool]]] = []

    def add(key: tuple[Point, ...], rev: bool) -> tuple[int, bool]:
        if key not in index:
            index[key] = len(arcs)
            arcs.append(key)
        return index[key], rev

    for ring in rings:
        cuts = [i for i, p in enumerate(ring) if p in joints]
        if not cuts:
            refs.append([add(*_canonical_closed(ring))])
            continue
        start = cuts[0]
        rotated = ring[start:] + ring[:start]
        positions = [c - start for c in cuts] + [len(ring)]
        closed = [*rotated, rotated[0]]
        ring_refs = []
        for a, b in zip(positions, positions[1:], strict=False):
            piece = tuple(closed[a:b + 1])
            back = piece[::-1]
            ring_refs.append(add(piece, False) if piece <= back else add(back, True))
        refs.append(ring_refs)
    return arcs, refs


def assemble(arcs: list[list[Point]], ring_refs: list[tuple[int, bool]]) -> list[Point]:
    """An open ring from its arcs (each arc's last vertex is the next one's first)."""
    out: list[Point] = []
    for i, rev in ring_refs:
        pts = arcs[i][::-1] if rev else arcs[i]
        out.extend(pts[:-1])
    return out


# -- Douglas-Peucker ----------------------------------------------------------------
def _xy(p: Point, decimals: int) -> tuple[float, float]:
    scale = 10**decimals
    return (p[0] / scale * M_PER_DEG * math.cos(math.radians(LAT0)), p[1] / scale * M_PER_DEG)


def _seg_dist(p, a, b) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    if dx == 0 and dy == 0:
        return math.hypot(p[0] - a[0], p[1] - a[1])
    t = max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)))
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)


def douglas_peucker(points: list[Point], tolerance_m: float,
                    decimals: int = DECIMALS) -> list[Point]:
    """Simplified polyline; both ends kept (a closed arc's ends are the same vertex)."""
    if len(points) <= 2 or tolerance_m <= 0:
        return list(points)
    xy = [_xy(p, decimals) for p in points]
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        best, where = -1.0, -1
        for i in range(first + 1, last):
            d = _seg_dist(xy[i], xy[first], xy[last])
            if d > best:
                best, where = d, i
        if where > 0 and best > tolerance_m:
            keep[where] = True
            stack.append((first, where))
            stack.append((where, last))
    return [p for p, k in zip(points, keep, strict=True) if k]


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
def simplify_coverage(features: list[dict], tolerance_m: float = TOLERANCE_M,
                      decimals: int = DECIMALS, log=print) -> list[dict]:
    rings = all_rings(features)
    arcs, refs = build_arcs(rings)
    tol = [tolerance_m] * len(arcs)
    cache: dict[tuple[int, float], list[Point]] = {}

    def simplified(i: int) -> list[Point]:
        key = (i, tol[i])
        if key not in cache:
            cache[key] = douglas_peucker(list(arcs[i]), tol[i], decimals)
        return cache[key]

    for rnd in range(1, 30):
        simple = [simplified(i) for i in range(len(arcs))]
        faulty: set[int] = set()
        for ring, ring_refs in zip(rings, refs, strict=True):
            new = assemble(simple, ring_refs)
            before, after = signed_area(ring), signed_area(new)
            if (len(set(new)) < 3 or (after > 0) != (before > 0)
                    or abs(after - before) > MAX_AREA_CHANGE * abs(before)):
                faulty.update(i for i, _ in ring_refs)
        for a, b in conflicts(simple):
            faulty.update((a, b))
        faulty = {i for i in faulty if tol[i] > 0}
        log(f"round {rnd}: {len(faulty)} arcs to simplify less")
        if not faulty:
            break
        for i in faulty:
            tol[i] = tol[i] / 2 if tol[i] > 1 else 0.0
    else:
        raise RuntimeError("simplification did not converge")

    out, k = [], 0
    for f in features:
        polys = []
        for poly in f["polygons"]:
            new_poly = []
            for _ in poly:
                new_poly.append(assemble(simple, refs[k]))
                k += 1
            polys.append(new_poly)
        out.append({**f, "polygons": polys})
    log(f"arcs: {len(arcs)}, kept at full tolerance: {sum(t == tolerance_m for t in tol)}")
    return out


def main() -> None:
    source = read_features(SOURCE, decimals=6)
    features = read_features(SOURCE, DECIMALS)
    before = sum(len(r) for r in all_rings(source))
    prepared = simplify_coverage(features)
    after = sum(len(r) for r in all_rings(prepared))
    counts = Counter(shared_segments(prepared).values())
    assert set(counts) <= {1, 2}, counts
    assert adjacency(prepared) == adjacency(source), "adjacency changed"
    text = to_geojson(prepared, DECIMALS, name="communes_nord_59_carte")
    TARGET.write_text(text, encoding="utf-8")
    print(f"vertices: {before} → {after}; segments used once/twice: {dict(counts)}")
    print(f"{SOURCE.name}: {SOURCE.stat().st_size:,} bytes → {TARGET.name}: "
          f"{TARGET.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
