"""Presentation cost: each page's server time on the demo data, its data already cached,
against a bare page showing the same number of Plotly charts and tables.

Run: `.venv/bin/python -m bench.bench_presentation [--runs 7]`. Prints a Markdown table.

Both are run headless with Streamlit's `AppTest` in this process, on a fresh demo data
directory (`python -m cli demo`), as an élu (the audience the secret masks for):

- **the page**: `views/<page>.py` run once (its queries go into the app's caches, as after
  any first view), then timed `runs` times: each run is the script's whole execution on
  the server, the filters, the cached call, the formatting of figures and tables, the
  Plotly figures built and serialised;
- **the bare page**, measured in the same run: a script whose only work is to show as
  many Plotly charts (`st.plotly_chart` of a figure with two lines of 48 points) and tables
  (`st.dataframe` of 20 rows × 6 columns) as the page showed, counted in the page's own
  element tree. Its time is what Streamlit and Plotly cost for that page at the least.

Target: page ≤ 6 × the bare page with the same number of charts and tables (median).
The map page's figure is a choropleth of the territory's communes: its bare page has the
same count of charts, not the same geometry, so its ratio says how much the map costs.
"""

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RATIO_TARGET = 6
TIMEOUT = 120
# (page file, label, query parameters): the app's default view, as a first visit shows it
PAGES = [
    ("chiffres_cles", "Chiffres clés", {}),
    ("demandeurs_emploi", "Demandeurs d'emploi", {}),
    ("plie", "PLIE", {}),
    ("mission_locale", "Mission Locale", {}),
    ("maison_emploi", "Maison de l'Emploi", {}),
    ("qpv", "QPV", {}),
    ("ma_commune", "Ma commune", {}),
    ("fiche_commune", "Fiche commune", {}),
    ("carte", "Carte", {}),
    ("assemblee_generale", "Assemblée générale", {}),
]

BARE = '''
import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

st.title("Page témoin")
x = pd.date_range("2022-01-01", periods=48, freq="MS")
for n in range({charts}):
    fig = go.Figure()
    fig.add_scatter(x=x, y=np.arange(48) * 10 + n, name="A, B, C")
    fig.add_scatter(x=x, y=np.arange(48) * 5 + n, name="A")
    st.plotly_chart(fig, key=f"chart{{n}}")
for n in range({tables}):
    st.dataframe(pd.DataFrame({{f"col{{c}}": np.arange(20) * c for c in range(6)}}))
'''


def _elements(at) -> tuple[int, int]:
    """(Plotly charts, tables) in the page's element tree."""
    charts = len(at.get("plotly_chart"))
    tables = len(at.dataframe) + len(at.table)
    return charts, tables


def _timed(at, runs: int) -> tuple[float, float, float]:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        at.run()
        times.append((time.perf_counter() - t) * 1000)
        if at.exception:
            raise RuntimeError([e.value for e in at.exception])
    return statistics.median(times), min(times), max(times)


def _app(path: Path, params: dict):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(path), default_timeout=TIMEOUT)
    at.session_state["role"] = "elu"
    for key, value in params.items():
        at.query_params[key] = value
    return at


def run(runs: int = 7, log=print) -> dict:
    from bench import bench_memory

    data_dir = bench_memory.demo_data_dir("presentation")
    os.environ["TBE_DATA_DIR"] = str(data_dir)
    out = {"runs": runs, "pages": [], "loadavg_start": _loadavg()}
    with tempfile.TemporaryDirectory() as tmp:
        for name, label, params in PAGES:
            at = _app(ROOT / "views" / f"{name}.py", params)
            at.run()  # the first view: the page's queries are cached
            if at.exception:
                raise RuntimeError(f"{name}: {[e.value for e in at.exception]}")
            charts, tables = _elements(at)
            page_ms = _timed(at, runs)
            bare_path = Path(tmp) / f"bare_{charts}_{tables}.py"
            if not bare_path.exists():
                bare_path.write_text(BARE.format(charts=charts, tables=tables), encoding="utf-8")
            bare = _app(bare_path, {})
            bare.run()
            bare_ms = _timed(bare, runs)
            out["pages"].append({"page": label, "charts": charts, "tables": tables,
                                 "page_ms": page_ms, "bare_ms": bare_ms})
            log(f"  {label} : {page_ms[0]:.0f} ms, témoin {bare_ms[0]:.0f} ms "
                f"({charts} graphiques, {tables} tableaux)")
    out["loadavg_end"] = _loadavg()
    return out


def _loadavg() -> str:
    try:
        return " / ".join(open("/proc/loadavg").read().split()[:3])
    except OSError:
        return "?"


def _ms(v) -> str:
    return " / ".join(f"{x:,.0f}".replace(",", "\u202f") for x in v)


def markdown(result: dict) -> str:
    lines = [
        "Données de démonstration, vue par défaut de chaque page (MNO 2025, référence Nord), "
        "rôle élu ; `AppTest` de Streamlit dans le processus du banc, après une première vue "
        "qui met les données de la page en cache. Temps serveur d'une exécution du script, "
        f"médiane / min / max de {result['runs']} exécutions, en ms. Témoin mesuré dans la "
        "même exécution : un script qui n'affiche que le même nombre de graphiques Plotly "
        "(deux courbes de 48 points) et de tableaux (20 lignes × 6 colonnes).",
        "",
        "| page | graphiques | tableaux | page (ms) | témoin (ms) | page ÷ témoin | "
        f"objectif ≤ {RATIO_TARGET} × |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    met = 0
    for p in result["pages"]:
        ratio = p["page_ms"][0] / p["bare_ms"][0] if p["bare_ms"][0] else float("nan")
        ok = ratio <= RATIO_TARGET
        met += ok
        lines.append(f"| {p['page']} | {p['charts']} | {p['tables']} | {_ms(p['page_ms'])} | "
                     f"{_ms(p['bare_ms'])} | {f'{ratio:.1f}'.replace('.', ',')} | "
                     f"{'tenu' if ok else 'NON TENU'} |")
    lines += ["", f"Objectif page ≤ {RATIO_TARGET} × témoin : {met} pages sur "
              f"{len(result['pages'])}. Charge de la machine (loadavg 1/5/15 min) : "
              f"{result['loadavg_start']} au début, {result['loadavg_end']} à la fin."]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    a = ap.parse_args()
    print(markdown(run(a.runs)))


if __name__ == "__main__":
    main()
