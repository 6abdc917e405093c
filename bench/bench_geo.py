"""Boundaries of a whole département: `python -m cli geo import` and the map drawn from it.

Run: `.venv/bin/python -m bench.bench_geo [--runs K]`. Prints a Markdown table.

Nothing is downloaded: a GeoPackage is built here in Lambert-93 like an ADMIN EXPRESS COG
layer (`INSEE_COM`, `NOM`), with the 890 communes of the Pas-de-Calais and 10 of the Somme
(900) as a 30 × 30 grid of 2.7 km cells whose borders wind (two waves of 25 and 8 m) and
carry a vertex every 10 m with 2 m of digitising noise: about a thousand vertices per
commune, as dense as the real layer (neighbours share identical vertices: a coverage).

Measured: *import* is the whole command (read with geopandas/pyogrio, COG check, coverage
simplification, reprojection, writing the prepared layer); then `geo.maps.build_figure`
for 700 of those communes on the prepared layer: *build* is the figure construction,
*size* the JSON the browser receives (`to_dict` + `to_json`). Targets: import ≤ 10 s,
figure ≤ 1.5 MB and build ≤ 300 ms.
"""

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.io

from data import layers, territories
from geo import boundaries, importer, maps
from queries import registry

IMPORT_TARGET_S = 10
SIZE_TARGET = 1_500_000
BUILD_TARGET_MS = 300
N, CELL, STEP = 30, 2_700.0, 10.0  # grid side, cell side (m), vertex spacing (m)
X0, Y0 = 600_000.0, 7_000_000.0


def codes() -> list[str]:
    cur = territories.current_communes()
    pdc = sorted(c for c, (_, d) in cur.items() if d == "62")
    somme = sorted(c for c, (_, d) in cur.items() if d == "80")
    return (pdc + somme)[:N * N]


def _side(a: tuple[float, float], b: tuple[float, float]) -> np.ndarray:
    """Vertices from a to b (b excluded) along a winding border, the same for both
    neighbours (built from the smaller end)."""
    if b < a:
        pts = _side(b, a)  # b, then towards a (a excluded)
        return np.vstack([[a], pts[1:][::-1]])
    (x1, y1), (x2, y2) = a, b
    n = int(round(max(abs(x2 - x1), abs(y2 - y1)) / STEP))
    t = np.arange(n) / n
    rng = np.random.default_rng(abs(hash((round(x1), round(y1), round(x2), round(y2)))) % 2**32)
    phase = rng.uniform(0, 2 * np.pi, 2)
    offset = (25 * np.sin(np.pi * t) * np.sin(2 * np.pi * 2 * t + phase[0])
              + 8 * np.sin(np.pi * t) * np.sin(2 * np.pi * 9 * t + phase[1])
              + rng.normal(0, 2, n) * (t > 0))
    dx, dy = (x2 - x1), (y2 - y1)
    length = (dx * dx + dy * dy) ** 0.5
    return np.column_stack([x1 + t * dx - offset * dy / length, y1 + t * dy + offset * dx / length])


def departement(folder: Path) -> Path:
    import geopandas as gpd
    from shapely.geometry import Polygon

    cells, geoms = codes(), []
    for k in range(N * N):
        col, row = k % N, k // N
        x, y = X0 + col * CELL, Y0 + row * CELL
        corners = [(x, y), (x + CELL, y), (x + CELL, y + CELL), (x, y + CELL)]
        ring = np.vstack([_side(p, q) for p, q in zip(corners, [*corners[1:], corners[0]],
                                                     strict=True)])
        geoms.append(Polygon(ring))
    frame = gpd.GeoDataFrame({"INSEE_COM": cells, "NOM": [territories.commune_name(c)
                                                          for c in cells]},
                             geometry=geoms, crs="EPSG:2154")
    path = folder / "ADMIN-EXPRESS-COG_62.gpkg"
    frame.to_file(path, layer="commune", driver="GPKG")
    return path


def _int(n: int) -> str:
    return f"{n:,}".replace(",", "\u202f")


def run(runs: int = 5) -> str:
    import geopandas as gpd

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = departement(folder)
        vertices = sum(len(g.exterior.coords) for g in gpd.read_file(source).geometry)
        imports = []
        for i in range(max(1, runs // 2)):
            data_dir = folder / f"donnees{i}"
            t = time.perf_counter()
            result = importer.import_layer(source, data_dir=data_dir)
            imports.append(time.perf_counter() - t)
        prepared = layers.imported_path("communes", data_dir)
        kept = sum(len(r) for f in json.loads(prepared.read_text())["features"]
                   for r in ([f["geometry"]["coordinates"][0]]
                             if f["geometry"]["type"] == "Polygon"
                             else [p[0] for p in f["geometry"]["coordinates"]]))
        drawn = codes()[:700]
        pops = maps.populations_by_commune()
        frame = pd.DataFrame({"code_insee": drawn,
                              "commune": [territories.commune_name(c) for c in drawn],
                              "value": [pops.get(c, float("nan")) for c in drawn],
                              "secret": [i % 50 == 0 for i in range(len(drawn))]})
        frame.loc[frame["secret"], "value"] = float("nan")
        spec = maps.spec_for(registry.indicators()["pop_totale"], "valeur")
        breaks = maps.class_breaks(frame["value"], spec, 5, "jenks")

        def build():
            return maps.build_figure(frame, spec, breaks,
                                     reference=maps.Reference("Pas-de-Calais", "1"),
                                     outline_codes=None, width_px=1100, height_px=760,
                                     geometry=prepared)

        boundaries.commune_features(prepared)
        build()
        builds, size = [], 0
        for _ in range(runs):
            t = time.perf_counter()
            fig = build()
            builds.append((time.perf_counter() - t) * 1000)
            size = len(plotly.io.to_json(fig.to_dict(), validate=False))
        file_mb = source.stat().st_size / 1e6

    def fr(x: float, digits: int = 1) -> str:
        return f"{x:.{digits}f}".replace(".", ",")

    imp = statistics.median(imports)
    build_ms = statistics.median(builds)
    lines = [
        f"Un département de 900 communes en GeoPackage Lambert-93 ({fr(file_mb)} Mo, "
        f"{_int(vertices)} sommets ; médiane de {len(imports)} imports et de {runs} "
        "constructions).",
        "",
        "| mesure | valeur | objectif |",
        "| --- | --- | --- |",
        f"| `cli geo import` (lecture, COG, simplification, écriture) | {fr(imp)} s "
        f"(min {fr(min(imports))}, max {fr(max(imports))}) | ≤ {IMPORT_TARGET_S} s → "
        f"{'tenu' if imp <= IMPORT_TARGET_S else 'NON TENU'} |",
        f"| sommets après simplification | {_int(kept)} ({result.total} communes, "
        f"{fr(result.size / 1e6)} Mo) | |",
        f"| figure de 700 communes : construction | {build_ms:.0f} ms (min {min(builds):.0f}, "
        f"max {max(builds):.0f}) | ≤ {BUILD_TARGET_MS} ms → "
        f"{'tenu' if build_ms <= BUILD_TARGET_MS else 'NON TENU'} |",
        f"| figure de 700 communes : taille JSON | {fr(size / 1e6, 2)} Mo | "
        f"≤ {fr(SIZE_TARGET / 1e6)} Mo → {'tenu' if size <= SIZE_TARGET else 'NON TENU'} |",
    ]
    text = "\n".join(lines)
    print(text)
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    run(parser.parse_args().runs)


if __name__ == "__main__":
    main()
