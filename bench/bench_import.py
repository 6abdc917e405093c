"""Import speed: a 200 000-row xlsx export, ours end to end vs fastexcel alone vs pandas + openpyxl.

Run: `.venv/bin/python -m bench.bench_import [--rows N] [--runs K]`. Prints a Markdown table.
"""

import argparse
import io
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

COMMUNES = [("59328", "Lambersart"), ("59378", "Marcq-en-Barœul"), ("59368", "La Madeleine"),
            ("59599", "Tourcoing"), ("59279", "Halluin"), ("59152", "Comines")]
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre"]


def make_file(rows: int, path: Path) -> Path:
    """A France Travail-like long export: commune × month × category × sex × age × duration."""
    rng = np.random.default_rng(1)
    idx = rng.integers(0, len(COMMUNES), rows)
    df = pd.DataFrame({
        "Mois": [f"{MONTHS[i % 12]} {2015 + (i // 12) % 10}" for i in rng.integers(0, 120, rows)],
        "Code commune": [COMMUNES[i][0] for i in idx],
        "Commune": [COMMUNES[i][1] for i in idx],
        "Catégorie": rng.choice(["A", "B", "C"], rows),
        "Sexe": rng.choice(["Femmes", "Hommes"], rows),
        "Tranche d'âge": rng.choice(["Moins de 25 ans", "De 25 à 49 ans", "50 ans et plus"], rows),
        "Ancienneté d'inscription": rng.choice(["Moins d'un an", "De 1 à 2 ans", "2 ans et plus"], rows),
        "Nombre de demandeurs d'emploi": rng.integers(0, 500, rows),
    })
    with pd.ExcelWriter(path, engine="xlsxwriter") as w:
        df.to_excel(w, index=False, sheet_name="Demandeurs d'emploi")
    return path


def timed(fn, runs: int) -> tuple[float, float, float, float]:
    times, peak = [], 0
    for _ in range(runs):
        tracemalloc.start()
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
        peak = max(peak, tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    return statistics.median(times), min(times), max(times), peak / 1e6


def run(rows: int = 200_000, runs: int = 3, openpyxl_runs: int = 1) -> list[dict]:
    import fastexcel

    from data.store import Store
    from ingest.pipeline import commit, prepare

    tmp = Path(tempfile.mkdtemp())
    path = make_file(rows, tmp / "export.xlsx")
    raw = path.read_bytes()

    def ours():
        store = Store(Path(tempfile.mkdtemp()))
        commit(store, prepare(store, raw, path.name, source="de_commune", territory="autre"))

    def fast():
        fastexcel.read_excel(raw).load_sheet(0).to_pandas()

    def openpyxl():
        pd.read_excel(io.BytesIO(raw), engine="openpyxl")

    ours()  # warm the reference tables (loaded once per process in the app too)
    results = []
    for name, fn, n in (("fastexcel (lecture seule)", fast, runs), ("notre import complet", ours, runs),
                        ("pandas + openpyxl (lecture seule)", openpyxl, openpyxl_runs)):
        med, lo, hi, peak = timed(fn, n)
        results.append({"what": name, "median_s": med, "min_s": lo, "max_s": hi, "peak_mb": peak,
                        "runs": n})
    results.append({"file_mb": len(raw) / 1e6, "rows": rows})
    return results


def markdown(results: list[dict]) -> str:
    info = results[-1]
    base = results[0]["median_s"]
    lines = [f"Fichier : {info['rows']} lignes, {info['file_mb']:.1f} Mo (xlsx).", "",
             "| mesure | médiane (s) | min | max | pic mémoire Python (Mo) | × fastexcel | essais |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in results[:-1]:
        lines.append(f"| {r['what']} | {r['median_s']:.2f} | {r['min_s']:.2f} | {r['max_s']:.2f} | "
                     f"{r['peak_mb']:.0f} | {r['median_s'] / base:.2f} | {r['runs']} |")
    return "\n".join(lines)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    print(markdown(run(a.rows, a.runs)))
