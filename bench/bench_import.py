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

MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre"]


def make_file(rows: int, path: Path) -> Path:
    """A France Travail-like long export: commune × month × category × sex × age × duration.

    Every row is a distinct cell (a real export has no duplicates), on Nord communes."""
    import itertools

    from data import reference

    communes = reference.communes()
    nord = communes[communes["departement"] == "59"].head(60)
    cats, sexes = ["A", "B", "C"], ["Femmes", "Hommes"]
    ages = ["Moins de 25 ans", "De 25 à 49 ans", "50 ans et plus"]
    durations = ["Moins d'un an", "De 1 à 2 ans", "2 ans et plus"]
    months = [f"{MONTHS[m]} {y}" for y in range(2015, 2025) for m in range(12)]
    cells = itertools.islice(itertools.product(months, zip(nord["code_insee"], nord["name"], strict=True),
                                               cats, sexes, ages, durations), rows)
    data = [(m, c[0], c[1], k, s, a, d) for m, c, k, s, a, d in cells]
    df = pd.DataFrame(data, columns=["Mois", "Code commune", "Commune", "Catégorie", "Sexe",
                                     "Tranche d'âge", "Ancienneté d'inscription"])
    df["Nombre de demandeurs d'emploi"] = np.random.default_rng(1).integers(0, 500, len(df))
    with pd.ExcelWriter(path, engine="xlsxwriter") as w:
        df.to_excel(w, index=False, sheet_name="Demandeurs d'emploi")
    return path


def timed(fn, runs: int) -> tuple[float, float, float, float]:
    """Median, min, max seconds over `runs` plain runs, then one traced run for the memory peak
    (tracemalloc slows Python code down, so it never runs during the timed runs)."""
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
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
             "| mesure | médiane (s) | min | max | pic mémoire Python (Mo, tracemalloc) | × fastexcel | essais |",
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
