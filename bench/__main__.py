"""`make bench`: run the benchmarks of bench/ and write bench/results.md.

Each figure is a median of several runs with min and max, next to a baseline measured in
the same run on the same machine. Tests never assert timings; this file is the record.
"""

import datetime as dt
import importlib
import os
import platform
import sys
from pathlib import Path

OUT = Path(__file__).parent / "results.md"


def machine() -> str:
    import duckdb
    import pandas
    import streamlit

    cpu = "?"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return (f"- date : {dt.datetime.now():%Y-%m-%d %H:%M}\n- machine : {platform.machine()}, {cpu}, "
            f"{os.cpu_count()} cœurs\n- Python {sys.version.split()[0]}, DuckDB {duckdb.__version__}, "
            f"pandas {pandas.__version__}, Streamlit {streamlit.__version__}")


def main() -> None:
    sections = [("Import d'un export xlsx de 200 000 lignes", "bench.bench_import")]
    if (Path(__file__).parent / "bench_map.py").exists():
        sections.append(("Carte des 647 communes du Nord", "bench.bench_map"))
    parts = ["# Résultats des mesures", "", machine(), ""]
    for title, module in sections:
        print(f"… {title}", flush=True)
        mod = importlib.import_module(module)
        parts += [f"## {title}", "", mod.markdown(mod.run()), ""]
    OUT.write_text("\n".join(parts), encoding="utf-8")
    print(OUT.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
