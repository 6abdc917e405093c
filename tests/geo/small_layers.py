"""Small commune layers built here with geopandas, in Lambert-93 (EPSG:2154), as a user
downloads them (ADMIN EXPRESS naming: `INSEE_COM`, `NOM`, `SIREN_EPCI`): nothing is
downloaded.

Four Pas-de-Calais communes around Lens as a 2 × 2 grid of 3 km squares whose shared
borders carry the same vertices (a coverage), each border with a small zigzag of 1 m so
that the simplification has vertices to remove.
"""

from pathlib import Path

import geopandas as gpd
from shapely.geometry import Polygon

LENS, LIEVIN, AVION, LOOS = "62498", "62510", "62065", "62528"
COMMUNES = {LENS: "Lens", LIEVIN: "Liévin", AVION: "Avion", LOOS: "Loos-en-Gohelle"}
EPCI_LENS_LIEVIN = "200035442"  # CA de Lens-Liévin
X0, Y0, SIDE = 680_000.0, 7_030_000.0, 3_000.0  # Lambert-93, metres
STEPS = 30  # vertices per side


def _side(a, b):
    """Points from a to b (b excluded), every 100 m, 1 m off the line every other one."""
    (x1, y1), (x2, y2) = a, b
    out = []
    for i in range(STEPS):
        t = i / STEPS
        wiggle = 1.0 if i % 2 else 0.0
        dx, dy = (x2 - x1), (y2 - y1)
        # perpendicular offset, the same for both neighbours since the side is shared
        n = (dx * dx + dy * dy) ** 0.5
        out.append((x1 + t * dx - wiggle * dy / n, y1 + t * dy + wiggle * dx / n))
    return out


def _canonical_side(a, b):
    """The side from a to b, built from its smaller end so both neighbours agree."""
    if a <= b:
        return _side(a, b)
    pts = [*_side(b, a), a]
    pts.reverse()
    return pts[:-1]


def square(col: int, row: int) -> Polygon:
    x, y = X0 + col * SIDE, Y0 + row * SIDE
    corners = [(x, y), (x + SIDE, y), (x + SIDE, y + SIDE), (x, y + SIDE)]
    ring = []
    for a, b in zip(corners, [*corners[1:], corners[0]], strict=True):
        ring.extend(_canonical_side(a, b))
    return Polygon(ring)


def frame(code_column: str = "INSEE_COM") -> gpd.GeoDataFrame:
    cells = {LENS: (1, 1), LIEVIN: (0, 1), AVION: (0, 0), LOOS: (1, 0)}
    return gpd.GeoDataFrame(
        {code_column: list(cells), "NOM": [COMMUNES[c] for c in cells],
         "SIREN_EPCI": [EPCI_LENS_LIEVIN] * len(cells)},
        geometry=[square(*cells[c]) for c in cells], crs="EPSG:2154")


def geopackage(folder: Path, code_column: str = "INSEE_COM") -> Path:
    """An ADMIN EXPRESS-like GeoPackage: layer `commune`, and a second layer beside it."""
    path = folder / "ADMIN-EXPRESS_62.gpkg"
    frame(code_column).to_file(path, layer="commune", driver="GPKG")
    frame(code_column).dissolve().to_file(path, layer="departement", driver="GPKG")
    return path


def shapefile_zip(folder: Path) -> Path:
    import zipfile

    shp_dir = folder / "shp"
    shp_dir.mkdir()
    frame().to_file(shp_dir / "COMMUNE.shp")
    path = folder / "COMMUNE.zip"
    with zipfile.ZipFile(path, "w") as z:
        for f in shp_dir.iterdir():
            z.write(f, f.name)
    return path


def geojson(folder: Path, crs: str = "EPSG:2154") -> Path:
    path = folder / "communes.geojson"
    frame("code_insee").to_crs(crs).to_file(path, driver="GeoJSON")
    return path
