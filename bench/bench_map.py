"""Map speed and weight: the choropleth of all 647 communes of the Nord.

Run: `.venv/bin/python -m bench.bench_map [--runs K]`. Prints a Markdown table.

Measured in the same run, on the same values (legal population of every commune, with
a few communes marked secret so the hatching layer is drawn too):

- **naïve**: `px.choropleth_map` on the raw GeoJSON (`communes_nord_59.geojson`, all its
  properties, `featureidkey="properties.code_insee"`), the one-liner one would write;
- **ours, raw geometry**: `geo.maps.build_figure` on the raw file's geometry;
- **ours, prepared**: `geo.maps.build_figure` on the prepared file (the app's).

Columns: *build* is the figure construction (geometry already in memory: it is read once
per process); *send* is what `st.plotly_chart` then does with it (`to_dict` +
`plotly.io.to_json`, without orjson); *size* is the length of that JSON, the figure data
the browser receives. Targets: size ≤ 1,5 MB and build ≤ 300 ms.
"""

import argparse
import json
import statistics
import time

import pandas as pd
import plotly.express as px
import plotly.io

from geo import boundaries, maps
from queries import registry

SIZE_TARGET = 1_500_000
BUILD_TARGET_MS = 300


def nord_frame() -> pd.DataFrame:
    names = boundaries.commune_names()
    pops = maps.populations_by_commune()
    codes = sorted(names)
    frame = pd.DataFrame({
        "code_insee": codes,
        "commune": [names[c] for c in codes],
        "value": [pops.get(c, float("nan")) for c in codes],
        "secret": [i % 50 == 0 for i in range(len(codes))],
    })
    frame.loc[frame["secret"], "value"] = float("nan")
    return frame


def stats(values: list[float]) -> tuple[float, float, float]:
    return statistics.median(values), min(values), max(values)


def measure(build, runs: int) -> dict:
    build()  # warm-up: geometry read, caches filled, as after the first rerun
    builds, sends, size = [], [], 0
    for _ in range(runs):
        t = time.perf_counter()
        fig = build()
        t1 = time.perf_counter()
        text = plotly.io.to_json(fig.to_dict(), validate=False)
        t2 = time.perf_counter()
        builds.append((t1 - t) * 1000)
        sends.append((t2 - t1) * 1000)
        size = len(text)
    totals = [b + s for b, s in zip(builds, sends, strict=True)]
    return {"build": stats(builds), "send": stats(sends), "total": stats(totals), "size": size}


def run(runs: int = 15) -> list[tuple[str, dict]]:
    frame = nord_frame()
    ind = registry.indicators()["pop_totale"]
    spec = maps.spec_for(ind, "valeur")
    breaks = maps.class_breaks(frame["value"], spec, 5, "jenks")
    raw = boundaries.SOURCE_FILE
    raw_geojson = json.loads(raw.read_text(encoding="utf-8"))

    def naive():
        fig = px.choropleth_map(frame, geojson=raw_geojson, locations="code_insee",
                                featureidkey="properties.code_insee", color="value",
                                hover_name="commune", map_style="white-bg",
                                center={"lat": 50.45, "lon": 3.35}, zoom=7.4)
        return fig

    def ours(path):
        return lambda: maps.build_figure(
            frame, spec, breaks, reference=maps.Reference("Département du Nord", "2 645 946"),
            outline_codes=None, width_px=1100, height_px=760, geometry=path)

    boundaries._communes.cache_clear()  # the first read of a process
    cold = time.perf_counter()
    boundaries.commune_features()
    cold_ms = (time.perf_counter() - cold) * 1000
    rows = [
        ("naïve : px.choropleth_map, GeoJSON brut", measure(naive, runs)),
        ("build_figure, géométrie brute", measure(ours(raw), runs)),
        ("build_figure, géométrie préparée (l'app)", measure(ours(boundaries.COMMUNES_FILE),
                                                          runs)),
    ]
    print(f"Carte des 647 communes du Nord, {runs} mesures par ligne "
          f"(médiane / min / max, en ms).\n")
    print("| figure | construction | envoi (to_dict + to_json) | total | taille JSON |")
    print("| --- | --- | --- | --- | --- |")
    for name, r in rows:
        cells = [" / ".join(f"{v:.0f}" for v in r[k]) for k in ("build", "send", "total")]
        size = f"{r['size'] / 1e6:.2f}".replace(".", ",")
        print(f"| {name} | {cells[0]} | {cells[1]} | {cells[2]} | {size} Mo |")
    app = rows[-1][1]
    print(f"\nLecture de la géométrie préparée (une fois par processus) : {cold_ms:.0f} ms.")
    limit = f"{SIZE_TARGET / 1e6:.1f}".replace(".", ",")
    print(f"Objectifs : taille ≤ {limit} Mo → "
          f"{'tenu' if app['size'] <= SIZE_TARGET else 'NON TENU'} ; "
          f"construction ≤ {BUILD_TARGET_MS} ms (médiane) → "
          f"{'tenu' if app['build'][0] <= BUILD_TARGET_MS else 'NON TENU'}.")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    run(parser.parse_args().runs)


if __name__ == "__main__":
    main()
