"""`make bench`: run the benchmarks of bench/ and write bench/results.md.

Each figure is a median of several runs with min and max, next to a baseline measured in
the same run on the same machine. Tests never assert timings; this file is the record.

`python -m bench [section …]` runs only the named sections (`import`, `map`, `geo`, `pages`,
`aggregates`, `presentation`, `ceiling`, `memory`, `load`) and prints them without
rewriting bench/results.md;
`python -m bench --update section …` runs them and replaces only those sections of
bench/results.md (each section's footer gives its own date and machine load).
"""

import contextlib
import datetime as dt
import importlib
import io
import os
import platform
import sys
import time
import traceback
from pathlib import Path

OUT = Path(__file__).parent / "results.md"


def load() -> str:
    """Machine load now: load average, available memory, the busiest other processes."""
    try:
        avg = " / ".join(open("/proc/loadavg").read().split()[:3])
        avail = next(int(line.split()[1]) for line in open("/proc/meminfo")
                     if line.startswith("MemAvailable")) / 1024 / 1024
    except (OSError, StopIteration):
        return "?"
    busy = ""
    try:
        busy = " ; autres processus actifs (CPU sur 1 s) : " + (", ".join(
            f"`{cmd[:50]}` {pct:.0f} %" for pct, cmd in busiest()) or "aucun au-dessus de 5 %")
    except OSError:
        pass
    return f"loadavg {avg}, {f'{avail:.1f}'.replace('.', ',')} Gio disponibles{busy}"


def _cpu_ticks() -> dict[int, int]:
    ticks = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = open(f"/proc/{entry}/stat").read().rsplit(")", 1)[1].split()
                ticks[int(entry)] = int(fields[11]) + int(fields[12])  # utime + stime
            except (OSError, IndexError, ValueError):
                pass
    return ticks


def busiest(seconds: float = 1.0, limit: int = 4) -> list[tuple[float, str]]:
    """The other processes using at least 5 % of a core over `seconds`, busiest first."""
    before = _cpu_ticks()
    time.sleep(seconds)
    after = _cpu_ticks()
    hz = os.sysconf("SC_CLK_TCK")
    out = []
    for pid, t in after.items():
        pct = (t - before.get(pid, t)) / hz / seconds * 100
        if pid != os.getpid() and pct >= 5:
            try:
                cmd = open(f"/proc/{pid}/cmdline", "rb").read().replace(b"\0", b" ").decode(
                    errors="replace").strip()
            except OSError:
                continue
            out.append((pct, cmd or "?"))
    return sorted(out, reverse=True)[:limit]


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
    mem = "?"
    try:
        gib = int(open("/proc/meminfo").readline().split()[1]) / 1024 / 1024
        mem = f"{gib:.1f} Gio".replace(".", ",")
    except (OSError, ValueError, IndexError):
        pass
    return (f"- date : {dt.datetime.now():%Y-%m-%d %H:%M}\n- machine : {platform.machine()}, {cpu}, "
            f"{os.cpu_count()} cœurs, {mem} de mémoire\n- Python {sys.version.split()[0]}, "
            f"DuckDB {duckdb.__version__}, pandas {pandas.__version__}, Streamlit "
            f"{streamlit.__version__}\n- charge au départ : {load()}")


SECTIONS = [
    ("import", "Import d'un export xlsx de 200 000 lignes", "bench.bench_import"),
    ("map", "Carte des 647 communes du Nord", "bench.bench_map"),
    ("geo", "Contours d'un département de 900 communes (cli geo import)", "bench.bench_geo"),
    ("pages", "Pages sur des données nationales (DuckDB contre pandas)", "bench.bench_pages"),
    ("aggregates", "Tables sommées au chargement contre cellules (données nationales)",
     "bench.bench_aggregates"),
    ("presentation", "Coût de présentation : pages contre page témoin, données en cache",
     "bench.bench_presentation"),
    ("ceiling", "Plafond d'une machine : combien de mois de données nationales en mémoire",
     "bench.national"),
    ("memory", "Mémoire de l'app après chaque page et après 200 vues", "bench.bench_memory"),
    ("load", "Charge : 20 sessions à la fois pendant un import", "bench.load_test"),
]


def section(title: str, module: str) -> str:
    mod = importlib.import_module(module)
    if hasattr(mod, "markdown"):
        return mod.markdown(mod.run())
    out = io.StringIO()  # a module that prints its table instead of returning it
    with contextlib.redirect_stdout(out):
        mod.run()
    return out.getvalue().strip()


def split_sections(text: str) -> tuple[str, dict[str, str]]:
    """results.md as its header and {title: body} of its `## ` sections, in order."""
    head, *parts = text.split("\n## ")
    sections = {}
    for part in parts:
        title, _, body = part.partition("\n")
        sections[title.strip()] = body.strip("\n")
    return head.rstrip("\n"), sections


def main(argv: list[str] | None = None) -> None:
    wanted = list(argv if argv is not None else sys.argv[1:])
    update = "--update" in wanted
    wanted = [w for w in wanted if w != "--update"]
    if update and not wanted:
        raise SystemExit("--update : nommez les sections à remplacer.")
    unknown = set(wanted) - {key for key, _, _ in SECTIONS}
    if unknown:
        raise SystemExit(f"sections inconnues : {', '.join(sorted(unknown))} "
                         f"(au choix : {', '.join(k for k, _, _ in SECTIONS)})")
    chosen = [s for s in SECTIONS if not wanted or s[0] in wanted]
    chosen = [s for s in chosen if (Path(__file__).parent / (s[2].split(".")[1] + ".py")).exists()]
    parts = ["# Résultats des mesures", "", machine(), ""]
    done: dict[str, str] = {}
    failed = 0
    for _key, title, module in chosen:
        print(f"… {title}", flush=True)
        t = time.perf_counter()
        try:
            body = section(title, module)
        except Exception:  # one benchmark failing must not lose the others' figures
            failed += 1
            traceback.print_exc()
            body = "Échec de la mesure :\n\n```\n" + traceback.format_exc(limit=3) + "```"
        done[title] = "\n".join([
            "", body, "", f"_Mesuré le {dt.datetime.now():%Y-%m-%d %H:%M} ; durée de la section : "
            f"{time.perf_counter() - t:.0f} s ; charge à la fin : {load()}._"])
        parts += [f"## {title}", done[title], ""]
    text = "\n".join(parts)
    if update:
        head, sections = split_sections(OUT.read_text(encoding="utf-8") if OUT.exists() else "")
        for _key, title, _module in SECTIONS:  # the sections in their usual order
            if title in done:
                sections[title] = done[title].strip("\n")
        head = head or "\n".join(parts[:3])
        head += (f"\n- mis à jour le {dt.datetime.now():%Y-%m-%d %H:%M} : "
                 + ", ".join(f"« {title} »" for title in done)
                 + " (chaque section donne sa date dans son pied)")
        body = "".join(f"\n\n## {title}\n\n{sections[title]}" for _k, title, _m in SECTIONS
                       if title in sections)
        OUT.write_text(head + body + "\n", encoding="utf-8")
        print(OUT.read_text(encoding="utf-8"))
    elif wanted:
        print(text)
    else:
        OUT.write_text(text, encoding="utf-8")
        print(OUT.read_text(encoding="utf-8"))
    if failed:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
