"""The tables summed at the store's build against the cells they replace, on national data.

Run: `.venv/bin/python -m bench.bench_aggregates [--runs 5]`. Prints a Markdown table.

`data.store.derive` sums the job-seeker cells per commune × month × grain and keeps each
figure of a commune-month from its grain (`job_seekers_figures`), lists the commune-months
with data and the days each source has rows (`job_seekers_commune_months`,
`coverage_days`, `ml_commune_contact_days`), and sums the Mission Locale and PLIE people
per year (`ml_activity_years`, `ml_programme_years`, `plie_steps_years`), and the aid,
events and clause hours per year (`financial_aid_years`, `mde_events_years`,
`clause_hours_years`). This
section loads the national set (`bench.national`, 24 months) the app's way and runs, for
MNO, the Nord and all of France, each query that reads them beside its former version
that read the cells (`tests/queries/cell_level/`, kept for the equality tests) on a
second database that loads them (the store's former build), turn by turn in the same
process so that both see the same machine load; it also says whether the two results are
the same frame (values, NULLs, types, order).
"""

import argparse
import datetime as dt
import statistics
import time

MONTH = dt.date(2025, 12, 1)
YEAR = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
QUERIES = [
    ("job_seekers_snapshot", {"month": MONTH}),
    ("job_seekers_breakdown", {"month": MONTH}),
    ("job_seekers_monthly", {"start": dt.date(2022, 1, 1), "end": MONTH}),
    ("job_seekers_latest_month", {"start": YEAR[0], "end": YEAR[1]}),
    ("data_coverage", {"start": YEAR[0], "end": YEAR[1], "month": None}),
    ("available_years", {}),
    ("ml_activity", {"start": YEAR[0], "end": YEAR[1]}),
    ("ml_programme", {"start": YEAR[0], "end": YEAR[1], "programme": "CEJ"}),
    ("plie_steps", {"start": YEAR[0], "end": YEAR[1]}),
    ("financial_aid", {"start": YEAR[0], "end": YEAR[1]}),
    ("mde_events", {"start": YEAR[0], "end": YEAR[1]}),
    ("clause_hours", {"start": YEAR[0], "end": YEAR[1], "fte_hours": 1607}),
]


def run(runs: int = 5, months: int = 24, log=print) -> dict:
    import pandas as pd

    from bench import national
    from data import reference
    from data.store import Store
    from queries import runner
    from queries.context import territory_communes
    from tests.queries.test_aggregates import cell_level, in_order

    data_dir = national.view(months, national.build(log=log))
    con = Store(data_dir).connection()
    cells = national.view_connection(data_dir, kind="table")  # the former build, cells loaded
    scopes = [("MNO (10 communes)", territory_communes("mno")),
              ("Nord (647 communes)", territory_communes("nord")),
              ("France (34 935 communes)", list(reference.communes()["code_insee"]))]
    out = {"runs": runs, "months": months, "rows": [], "loadavg_start": _loadavg()}
    for name, params in QUERIES:
        for label, communes in scopes:
            p = {"communes": communes, **params}
            before, after = [], []
            for _ in range(runs):
                t = time.perf_counter()
                old = cell_level(cells, name, **p)
                before.append((time.perf_counter() - t) * 1000)
                t = time.perf_counter()
                new = runner.run(con, name, **p)
                after.append((time.perf_counter() - t) * 1000)
            try:
                pd.testing.assert_frame_equal(in_order(new, name), in_order(old, name),
                                              check_exact=True)
                same = True
            except AssertionError:
                same = False
            out["rows"].append({"query": name, "scope": label, "same": same,
                                "before": statistics.median(before),
                                "after": statistics.median(after)})
            log(f"  {name} [{label}] : {out['rows'][-1]['before']:.0f} → "
                f"{out['rows'][-1]['after']:.0f} ms, mêmes résultats : {same}")
    out["loadavg_end"] = _loadavg()
    return out


def _loadavg() -> str:
    try:
        return " / ".join(open("/proc/loadavg").read().split()[:3])
    except OSError:
        return "?"


def _ms(x: float) -> str:
    return f"{x:,.0f}".replace(",", "\u202f")


def markdown(result: dict) -> str:
    lines = [f"Données nationales ({result['months']} mois de demandeurs d'emploi, 1 million de "
             "personnes PLIE et Mission Locale), chargées par `Store.connection()`. Chaque "
             "requête de l'app qui lit les tables sommées au chargement (`data.store.derive`) "
             "est mesurée à côté de sa version qui lisait les cellules ou les personnes "
             "(`tests/queries/cell_level/`), sur une seconde base qui charge les cellules "
             "comme avant, tour à tour dans le même processus, médiane de "
             f"{result['runs']} mesures, en ms. Mission Locale et PLIE : année 2025.", "",
             "| requête | périmètre | cellules (avant) | tables sommées (après) | × | "
             "mêmes résultats |", "| --- | --- | ---: | ---: | ---: | --- |"]
    for r in result["rows"]:
        ratio = f"{r['before'] / r['after']:.1f}".replace(".", ",") if r["after"] else "—"
        lines.append(f"| `{r['query']}` | {r['scope']} | {_ms(r['before'])} | "
                     f"{_ms(r['after'])} | {ratio} | {'oui' if r['same'] else 'NON'} |")
    lines += ["", f"Charge de la machine (loadavg 1/5/15 min) : {result['loadavg_start']} au "
              f"début, {result['loadavg_end']} à la fin."]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    print(markdown(run(a.runs)))


if __name__ == "__main__":
    main()
