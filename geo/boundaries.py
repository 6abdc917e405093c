"""Commune and QPV boundaries as GeoJSON for the maps, read once per process.

The commune geometry is the prepared file `communes_nord_59_carte.geojson` (see
`geo/prepare.py` and `geo/data/README.md`) and the layer imported with
`python -m cli geo import` (`data/layers.py`); features handed to Plotly carry only an
`id` (the INSEE code, or the QPV code) and their geometry, so nothing else travels to
the browser. The returned dicts are cached and shared: never modify them.

Also here, in plain Python: the viewport that fits a group of communes, the outline of a
territory (its border segments not shared by two of its communes) and hatching lines
inside polygons (drawn over communes under statistical secret).
"""

import functools
import json
import math
from collections import defaultdict
from pathlib import Path

import pandas as pd

import settings
from data import layers

COMMUNES_FILE = settings.GEO_DIR / "communes_nord_59_carte.geojson"
SOURCE_FILE = settings.GEO_DIR / "communes_nord_59.geojson"
QPV_FILE = settings.GEO_DIR / "qpv_2024_melt_mno.geojson"

TILE_PX = 512  # MapLibre's world width in pixels at zoom 0


class SharedGeoJSON(dict):
    """A GeoJSON dict shared read-only by every figure: copying it returns itself.

    Plotly deep-copies trace properties when a figure is built and again in `to_dict`
    (which `st.plotly_chart` calls): for 30 000 vertices that is most of the build
    time. The geometry is never modified, so sharing it is safe and makes both copies
    free. It serialises as a plain dict.
    """

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


def _polygons(geometry: dict) -> list:
    return [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]


Sources = tuple[tuple[str, int], ...]  # ((file, modification time), …), later ones win


def _sources(path, kind: str = "communes") -> Sources:
    """The files to read: the one given, or the shipped layer and the imported one."""
    return ((str(path), 0),) if path is not None else layers.sources(kind)


@functools.lru_cache(maxsize=8)
def _read_communes(sources: Sources) -> dict[str, dict]:
    out = {}
    for path, _ in sources:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
        for f in raw["features"]:
            code = f["properties"]["code_insee"]
            out[code] = {"type": "Feature", "id": code, "geometry": f["geometry"],
                         "nom": f["properties"]["nom"]}
    return out


def _communes(path) -> dict[str, dict]:
    return _read_communes(_sources(path))


_communes.cache_clear = _read_communes.cache_clear  # the benchmark's first read


def commune_features(path: Path | str | None = None) -> dict[str, dict]:
    """{INSEE code: feature} of the communes with boundaries: the shipped Nord layer (647
    communes) and the imported one, or those of the file given (shared, read-only)."""
    return _communes(path)


def commune_names(path: Path | str | None = None) -> dict[str, str]:
    return {code: f["nom"] for code, f in commune_features(path).items()}


def missing(codes, path: Path | str | None = None) -> list[str]:
    """The communes without boundaries."""
    features = commune_features(path)
    return [c for c in codes if c not in features]


@functools.lru_cache(maxsize=64)
def _collection(codes: tuple[str, ...], sources: Sources) -> dict:
    features = _read_communes(sources)
    return SharedGeoJSON({
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "id": c, "geometry": features[c]["geometry"]}
            for c in codes if c in features
        ],
    })


def feature_collection(codes, path: Path | str | None = None) -> dict:
    """A FeatureCollection of these communes (unknown codes skipped), cached."""
    return _collection(tuple(codes), _sources(path))


@functools.lru_cache(maxsize=8)
def _qpv(sources: Sources) -> tuple[dict, pd.DataFrame]:
    rows, features = {}, {}
    for path, _ in sources:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
        for f in raw["features"]:
            p = f["properties"]
            features[p["code_qp"]] = {"type": "Feature", "id": p["code_qp"],
                                      "geometry": f["geometry"]}
            rows[p["code_qp"]] = {"code_qp": p["code_qp"], "lib_qp": p["lib_qp"],
                                  "insee_com": p["insee_com"], "lib_com": p["lib_com"]}
    return (SharedGeoJSON({"type": "FeatureCollection", "features": list(features.values())}),
            pd.DataFrame(list(rows.values()),
                         columns=["code_qp", "lib_qp", "insee_com", "lib_com"]))


def qpv_collection(path: Path | str | None = None) -> dict:
    """The QPV 2024 polygons (shipped: those of the MELT/MNO communes; and the imported
    ones), `id` = QPV code (shared, read-only)."""
    return _qpv(_sources(path, "qpv"))[0]


def qpv_table(path: Path | str | None = None) -> pd.DataFrame:
    """code_qp, lib_qp, insee_com (comma-separated), lib_com of the QPV with a polygon."""
    return _qpv(_sources(path, "qpv"))[1].copy()


# -- viewport ---------------------------------------------------------------------------
def bbox(codes, path: Path | str | None = None) -> tuple[float, float, float, float]:
    """(west, south, east, north) of the communes."""
    features = commune_features(path)
    xs, ys = [], []
    for c in codes:
        if c not in features:
            continue
        for poly in _polygons(features[c]["geometry"]):
            for x, y in poly[0]:
                xs.append(x)
                ys.append(y)
    if not xs:
        raise ValueError("no known commune")
    return min(xs), min(ys), max(xs), max(ys)


@functools.lru_cache(maxsize=8)
def _boxes(sources: Sources) -> dict[str, tuple[float, float, float, float]]:
    out = {}
    for c, f in _read_communes(sources).items():
        xs = [x for poly in _polygons(f["geometry"]) for x, _ in poly[0]]
        ys = [y for poly in _polygons(f["geometry"]) for _, y in poly[0]]
        out[c] = (min(xs), min(ys), max(xs), max(ys))
    return out


def codes_in_box(box: tuple[float, float, float, float],
                 path: Path | str | None = None) -> list[str]:
    """Communes whose bounding box meets the box (west, south, east, north)."""
    west, south, east, north = box
    return [c for c, (w, s, e, n) in _boxes(_sources(path)).items()
            if w <= east and e >= west and s <= north and n >= south]


def _mercator_y(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def fit_view(box: tuple[float, float, float, float], width_px: int, height_px: int,
             padding: float = 0.06) -> tuple[dict, float]:
    """Centre and zoom (MapLibre) showing the box in a map of this size."""
    west, south, east, north = box
    usable_w, usable_h = width_px * (1 - 2 * padding), height_px * (1 - 2 * padding)
    dx = max(east - west, 1e-6)
    dy = max(_mercator_y(north) - _mercator_y(south), 1e-9)
    zoom_x = math.log2(usable_w * 360 / (TILE_PX * dx))
    zoom_y = math.log2(usable_h * 2 * math.pi / (TILE_PX * dy))
    y_mid = (_mercator_y(north) + _mercator_y(south)) / 2
    lat_mid = math.degrees(2 * math.atan(math.exp(y_mid)) - math.pi / 2)
    return {"lon": (west + east) / 2, "lat": lat_mid}, round(min(zoom_x, zoom_y), 2)


# -- lines --------------------------------------------------------------------------------
def _key(p) -> tuple[int, int]:
    return round(p[0] * 1e6), round(p[1] * 1e6)


def outline(codes, path: Path | str | None = None) -> tuple[list, list]:
    """The border of a group of communes as line coordinates (lon, lat; None between lines).

    Segments used by two communes of the group are inner borders and left out; the rest
    is chained into polylines. Relies on shared borders having identical vertices, which
    the prepared geometry guarantees.
    """
    features = commune_features(path)
    count: dict[tuple, int] = defaultdict(int)
    where: dict[tuple[int, int], list] = {}
    for c in codes:
        if c not in features:
            continue
        for poly in _polygons(features[c]["geometry"]):
            for ring in poly:
                for p, q in zip(ring, ring[1:], strict=False):
                    kp, kq = _key(p), _key(q)
                    where[kp], where[kq] = p, q
                    count[(kp, kq) if kp <= kq else (kq, kp)] += 1
    edges = [s for s, n in count.items() if n == 1]
    nexts: dict[tuple[int, int], list] = defaultdict(list)
    for a, b in edges:
        nexts[a].append(b)
        nexts[b].append(a)
    used: set = set()
    lons: list = []
    lats: list = []
    for a, b in edges:
        if (a, b) in used:
            continue
        line = [a]
        cur = b
        used.add((a, b))
        while True:
            line.append(cur)
            step = next((n for n in nexts[cur]
                         if ((cur, n) if cur <= n else (n, cur)) not in used), None)
            if step is None:
                break
            used.add((cur, step) if cur <= step else (step, cur))
            cur = step
        lons.extend([where[k][0] for k in line] + [None])
        lats.extend([where[k][1] for k in line] + [None])
    return lons, lats


def hatch(codes, spacing: float, path: Path | str | None = None,
          lat0: float = 50.4) -> tuple[list, list]:
    """Parallel lines at 45° on screen clipped to the communes (lon, lat; None between).

    `spacing` is in degrees of longitude. Coordinates are stretched by 1/cos(lat0), so
    that the lines look diagonal on the Web Mercator map.
    """
    features = commune_features(path)
    k = 1 / math.cos(math.radians(lat0))
    lons: list = []
    lats: list = []
    for c in codes:
        if c not in features:
            continue
        for poly in _polygons(features[c]["geometry"]):
            # in (u, v) = (lon, lat·k) the lines are v − u = t
            rings = [[(x, y * k) for x, y in ring] for ring in poly]
            ts = [v - u for ring in rings for u, v in ring]
            t = math.ceil(min(ts) / spacing) * spacing
            while t < max(ts):
                hits = []
                for ring in rings:
                    for (u1, v1), (u2, v2) in zip(ring, ring[1:], strict=False):
                        d1, d2 = v1 - u1 - t, v2 - u2 - t
                        if (d1 > 0) != (d2 > 0):
                            r = d1 / (d1 - d2)
                            hits.append(u1 + r * (u2 - u1))
                hits.sort()
                for a, b in zip(hits[::2], hits[1::2], strict=False):
                    lons.extend([a, b, None])
                    lats.extend([(a + t) / k, (b + t) / k, None])
                t += spacing
    return lons, lats
