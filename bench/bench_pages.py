"""Every page's queries on national data: DuckDB (the app's code) against plain pandas.

Run: `.venv/bin/python -m bench.bench_pages [--months N] [--runs K] [--check]`. Prints a
Markdown table.

The data set is `bench.national` (built once into `bench/.cache/`, then reused): every
commune of France × N months of job seekers at the full grain (54 cells per
commune-month), 1 million PLIE and Mission Locale people with their steps, contacts,
programmes, situations and aid, events and clause hours. It is loaded the app's way,
`Store.connection()`, whose load time and resident memory are reported.

Each page is the function the page caches (`queries.dashboards.<page>`,
`figures.key_figures`, `figures.by_commune` for the map, `exports.fiche` and
`exports.deck` for the printable sheet and the AG slides), called as the page calls it,
for three scopes:

- **MNO, référence Nord**: the app's default view (a territory of 10 communes compared
  with the Nord, 647 communes) — with national data loaded;
- **Nord** and **France**: the whole Nord (647 communes) and all of France (34 935) as
  territories the app serves (`DEFINED`: the app offers only defined territories, and a
  départemental or national deployment defines them), every page, with the app's default
  reference; each page measured on the version the app prepares in the background
  (`queries/prepare.py`) and, in the last column, before it is prepared.

Baseline, measured in the same run: while the DuckDB pages run, every query they issue
(`queries.runner.run` and the coverage checks of `figures`) is recorded; the same calls
are then answered by plain pandas on the same active Parquet files (read with
`pd.read_parquet`, newest import kept per unit of replacement as the store does), one
pandas function per SQL file below, checked equal to the SQL on the demo data with
`--check`. The pandas column counts only those queries, not the pages' Python around
them, so it flatters pandas slightly. The "SQL seul" column replays the same recorded
calls on DuckDB, for the same comparison without the Python around them.

Target: ≤ 150 ms per page (median).
"""

import argparse
import contextlib
import datetime as dt
import gc
import math
import os
import shutil
import statistics
import time
from pathlib import Path

import numpy as np
import pandas as pd

PAGE_TARGET_MS = 150
NORD_COMMUNE = "59350"  # Lille, for « Ma commune » and « Fiche commune » on the Nord
MNO_COMMUNE = "59328"  # Lambersart
YEAR = 2025


# -- recording the queries a page issues -----------------------------------------------------
@contextlib.contextmanager
def recording(calls: list, executed: list | None = None):
    """Record every `run(con, name, **params)` and `figures._covered` call of the pages;
    `executed` gets the name of each query DuckDB runs (a period's coverage checks are one
    query, `coverage.sql`; a result read again from `runner.run_once` is none)."""
    from queries import figures, runner

    runner.clear_shared()  # every query of the page runs, none is read from another page's
    orig_run, orig_covered = runner.run, figures._covered
    checking = []  # inside a coverage check: its query (`coverage.sql`) is the check's

    def run(con, name, **params):
        if executed is not None:
            executed.append(name)
        if not checking:
            needed = runner.parameters(name)
            calls.append(("run", name, {k: v for k, v in params.items() if k in needed}))
        return orig_run(con, name, **params)

    def covered(con, query, communes, start, end):
        calls.append(("covered", query, {"communes": communes, "start": start, "end": end}))
        checking.append(query)
        try:
            return orig_covered(con, query, communes, start, end)
        finally:
            checking.pop()

    runner.run, figures._covered = run, covered  # `runner.run_once` calls `runner.run`
    try:
        yield calls
    finally:
        runner.run, figures._covered = orig_run, orig_covered


def replay_duckdb(con, calls, per_query: dict | None = None) -> None:
    """Run the recorded calls on DuckDB; `per_query` collects {name: [ms, …]}. The coverage
    checks run within one page, as in the pages: one query per period answers them all."""
    from queries import figures, runner

    runner.clear_shared()
    with runner.one_page():
        for kind, name, params in calls:
            t = time.perf_counter()
            if kind == "run":
                runner.run(con, name, **params)
            else:
                figures._covered(con, name, params["communes"], params["start"], params["end"])
            if per_query is not None:
                label = name if kind == "run" else f"couverture ({name})"
                per_query.setdefault(label, []).append((time.perf_counter() - t) * 1000)


def replay_pandas(tables, calls) -> None:
    """The recorded calls in pandas; a query without a pandas version (`without_pandas`) is
    left out of both sides' comparison (the « SQL seul » replay keeps it)."""
    for kind, name, params in calls:
        if kind == "run":
            if name in PANDAS:
                PANDAS[name](tables, **params)
        else:
            pd_covered(tables, name, **params)


# -- the tables, in pandas ---------------------------------------------------------------------
def _replace_key(df: pd.DataFrame, expr: str) -> list[pd.Series]:
    keys = []
    for part in (p.strip() for p in expr.split(",")):
        if part.startswith("year("):
            keys.append(df[part[5:-1]].dt.year)
        else:
            keys.append(df[part])
    return keys


def load_pandas(data_dir: Path) -> dict[str, pd.DataFrame]:
    """The active imports' Parquet files read with pandas, newest import kept per unit of
    replacement (`replace_by`), as `Store.connection()` does; dates as datetime64."""
    import duckdb

    from data import reference
    from data.catalog import read_catalog
    from data.schema import TABLES, empty_select

    cat = read_catalog(data_dir / "catalog.json")
    out: dict[str, pd.DataFrame] = {}
    for name, table in TABLES.items():
        files = [data_dir / r.tables[name] for r in cat.active() if name in r.tables]
        if files:
            df = pd.concat([pd.read_parquet(f) for f in files], ignore_index=True)
        else:
            df = duckdb.sql(empty_select(table)).df()
        for col, typ in table.columns.items():
            if typ == "DATE":
                df[col] = pd.to_datetime(df[col]).astype("datetime64[s]")
        if files and df["_seq"].nunique() > 1:
            newest = df.groupby(_replace_key(df, table.replace_by), dropna=False)[
                "_seq"].transform("max")
            df = df[df["_seq"] == newest].reset_index(drop=True)
        out[name] = df
    for name, df in reference.tables().items():
        out[name] = df
    return out


# -- pandas versions of queries/sql/*.sql ----------------------------------------------------------
DAYS_PER_MONTH = 365.25 / 12


def _ts(d) -> pd.Timestamp | None:
    return None if d is None or (isinstance(d, float) and math.isnan(d)) else pd.Timestamp(d)


def _between(s: pd.Series, start, end) -> pd.Series:
    return (s >= _ts(start)) & (s <= _ts(end))


def _in_qpv(codes: pd.Series) -> pd.Series:
    """Living in a QPV: a code, not NULL (« non ») nor 'inconnu' (an unknown answer)."""
    return codes.notna() & (codes != "inconnu")


def _by_commune(df: pd.DataFrame, communes, specs: dict, key: str = "code_insee") -> pd.DataFrame:
    """Grouping sets ((code_insee), ()) over a selection left-joined to `df`.

    specs: {column: (function, source column, mask or None)}, function one of sum (NULL when
    no value), sum0 (0 when none), count (non-null values), size (rows), nunique, mean.
    Rows: every commune of the selection, then the total (code_insee None)."""
    df = df[df[key].isin(communes)]
    index = pd.Index(list(communes), name="code_insee")
    body = pd.DataFrame(index=index)
    total = {}
    for out, (fn, col, mask) in specs.items():
        d = df if mask is None else df[mask(df)]
        g = d.groupby(key)[col]
        if fn in ("sum", "sum0"):
            body[out] = g.sum(min_count=1)
            total[out] = d[col].sum(min_count=1)
            if fn == "sum0":
                body[out] = body[out].fillna(0)
                total[out] = 0 if pd.isna(total[out]) else total[out]
        elif fn == "count":
            body[out] = g.count()
            total[out] = d[col].count()
        elif fn == "size":
            body[out] = g.size()
            total[out] = len(d)
        elif fn == "nunique":
            body[out] = g.nunique()
            total[out] = d[col].nunique()
        elif fn == "mean":
            body[out] = g.mean()
            total[out] = d[col].mean()
        if fn in ("count", "size", "nunique"):
            body[out] = body[out].fillna(0).astype("int64")
    body = body.reset_index()
    return pd.concat([body, pd.DataFrame([{"code_insee": None, **total}])], ignore_index=True)


ML_DATED = (("ml_young", "registration_date"), ("ml_contacts", "contact_date"),
            ("ml_programmes", "start_date"), ("ml_situations", "start_date"),
            ("financial_aid", "payment_date"))


def _pd_ml_extraction_years(t) -> set[tuple[str, int]]:
    """data/store.py's ML_EXTRACTION_YEARS: (territory, year) of each extraction's latest
    dated line and of its aid payments."""
    dated = pd.concat([t[table][["_territory", column]].set_axis(["territory", "day"], axis=1)
                       for table, column in ML_DATED]).dropna()
    latest = dated.groupby("territory")["day"].max().dt.year
    aid = t["financial_aid"].dropna(subset=["payment_date", "_territory"])
    return ({(tr, int(y)) for tr, y in latest.items()}
            | set(zip(aid["_territory"], aid["payment_date"].dt.year.astype(int), strict=True)))


def pd_available_years(t, communes):
    sel = set(communes)
    js, pp = t["job_seekers"], t["plie_participants"]
    years = set(js.loc[js["code_insee"].isin(sel), "month"].dt.year.unique())
    p = pp[pp["code_insee"].isin(sel)]
    years |= set(p["entry_date"].dt.year.dropna()) | set(p["exit_date"].dt.year.dropna())
    young = t["ml_young"]
    keys = young.loc[young["code_insee"].isin(sel), "person_key"]
    c = t["ml_contacts"]
    years |= set(c.loc[c["person_key"].isin(keys), "contact_date"].dt.year.dropna())
    # a Mission Locale extraction's latest year and its aid payments' years (commune_years)
    covered = set(young.loc[young["code_insee"].isin(sel), "_territory"].dropna())
    years |= {y for tr, y in _pd_ml_extraction_years(t) if tr in covered}
    ev = t["mde_events"]
    years |= set(ev.loc[ev["code_insee"].isin(sel), "event_date"].dt.year.dropna())
    return pd.DataFrame({"year": sorted((int(y) for y in years), reverse=True)})


def pd_job_seekers_latest_month(t, communes, start, end):
    """The latest month at which as many communes have rows as at the month with the most."""
    js = t["job_seekers"]
    sel = js.loc[js["code_insee"].isin(communes) & _between(js["month"], start, end)]
    per_month = sel.groupby("month")["code_insee"].nunique()
    m = per_month[per_month == per_month.max()].index.max() if len(per_month) else None
    return pd.DataFrame({"month": [None if m is None or pd.isna(m) else m]})


def pd_job_seekers_snapshot(t, communes, month):
    js = t["job_seekers"]
    stock = js[js["month"] == _ts(month)] if month is not None else js.iloc[:0]
    c = "count"
    return _by_commune(stock, communes, {
        "de_abc": ("sum", c, None),
        "de_a": ("sum", c, lambda d: d["category"] == "A"),
        "de_abc_longue_duree": ("sum", c, lambda d: d["duration_band"].isin(["12_23m", "24m_plus"])),
        "de_abc_moins_25": ("sum", c, lambda d: d["age_band"] == "moins_25"),
        "de_abc_25_49": ("sum", c, lambda d: d["age_band"] == "25_49"),
        "de_abc_50plus": ("sum", c, lambda d: d["age_band"] == "50_plus"),
        "de_abc_femmes": ("sum", c, lambda d: d["sex"] == "F"),
        "secret_cells": ("size", c, lambda d: d[c].isna()),
    })


def pd_job_seekers_breakdown(t, communes, month):
    js = t["job_seekers"]
    stock = js[(js["month"] == _ts(month)) & js["code_insee"].isin(communes)]
    parts = []
    for dim in ("category", "sex", "age_band", "duration_band"):
        long = stock[["code_insee", dim, "count"]].rename(columns={dim: "modality"})
        by = long.groupby(["code_insee", "modality"])["count"].sum(min_count=1).reset_index()
        tot = long.groupby("modality")["count"].sum(min_count=1).reset_index()
        tot["code_insee"] = None
        parts += [by.assign(dimension=dim), tot.assign(dimension=dim)]
    out = pd.concat(parts, ignore_index=True).rename(columns={"count": "de_abc"})
    out = out.sort_values(["dimension", "modality", "code_insee"], na_position="last")
    return out[["code_insee", "dimension", "modality", "de_abc"]].reset_index(drop=True)


def pd_job_seekers_monthly(t, communes, start, end):
    js = t["job_seekers"]
    stock = js[js["code_insee"].isin(communes) & (js["month"] <= _ts(end))]
    g = stock.groupby("month")
    monthly = pd.DataFrame({
        "de_abc": g["count"].sum(min_count=1),
        "de_a": stock[stock["category"] == "A"].groupby("month")["count"].sum(min_count=1),
        "secret_cells": stock["count"].isna().groupby(stock["month"]).sum(),
        "communes_reported": g["code_insee"].nunique(),
    })
    if monthly.empty:
        return pd.DataFrame(columns=["month", "de_abc", "de_a", "de_abc_tendance",
                                     "de_a_tendance", "secret_cells", "communes_reported"])
    idx = monthly.index.year * 12 + monthly.index.month
    full = monthly.set_axis(idx).reindex(range(idx.min(), idx.max() + 1))
    present = full["communes_reported"].notna().astype(int)
    months_in_window = present.rolling(12, min_periods=1).sum()
    for col in ("de_abc", "de_a"):
        trend = full[col].rolling(12, min_periods=1).mean()
        full[f"{col}_tendance"] = trend.where(months_in_window == 12)
    full = full[present == 1].set_axis(monthly.index)
    out = full.reset_index(names="month")
    out = out[_between(out["month"], start, end)]
    return out[["month", "de_abc", "de_a", "de_abc_tendance", "de_a_tendance", "secret_cells",
                "communes_reported"]].reset_index(drop=True)


def pd_data_coverage(t, communes, start, end, month):
    js = t["job_seekers"]
    m = (js["month"] == _ts(month)) if month is not None else _between(js["month"], start, end)
    named = [pd.DataFrame({"source": "job_seekers", "code_insee": js.loc[m, "code_insee"].unique(),
                           "territory": None})]
    pp = t["plie_participants"]
    p = pp[_between(pp["entry_date"], start, end) | _between(pp["exit_date"], start, end)]
    named.append(pd.DataFrame({"source": "plie", "code_insee": p["code_insee"],
                               "territory": p["_territory"]}))
    c = t["ml_contacts"]
    keys = c.loc[_between(c["contact_date"], start, end), "person_key"]
    y = t["ml_young"]
    y = y[y["person_key"].isin(keys)]
    named.append(pd.DataFrame({"source": "ml", "code_insee": y["code_insee"],
                               "territory": y["_territory"]}))
    # the extraction's other dates within the years it covers (coverage_days)
    years = _pd_ml_extraction_years(t)
    for table, column in ML_DATED:
        if table == "ml_contacts":
            continue
        d = t[table][_between(t[table][column], start, end)]
        d = d[np.array([(tr, day.year) in years for tr, day in zip(
            d["_territory"], d[column], strict=True)], dtype=bool)]
        named.append(pd.DataFrame({"source": "ml", "code_insee": None,
                                   "territory": d["_territory"].unique()}))
    a = t["financial_aid"]
    a = a[_between(a["payment_date"], start, end)]
    named.append(pd.DataFrame({"source": "aid", "code_insee": None,
                               "territory": a["_territory"].unique()}))
    ev = t["mde_events"]
    ev = ev[_between(ev["event_date"], start, end)]
    named.append(pd.DataFrame({"source": "mde", "code_insee": ev["code_insee"],
                               "territory": ev["_territory"]}))
    ch = t["clause_hours"]
    ch = ch[_between(ch["month"], start, end)]
    named.append(pd.DataFrame({"source": "clauses", "code_insee": ch["resident_insee"],
                               "territory": ch["_territory"]}))
    named = pd.concat(named, ignore_index=True)
    direct = named.loc[named["code_insee"].notna(), ["source", "code_insee"]]
    terr = named.loc[named["territory"].notna(), ["source", "territory"]].drop_duplicates()
    via = terr.merge(t["territory_communes"], on="territory")[["source", "code_insee"]]
    out = pd.concat([direct, via]).drop_duplicates()
    out = out[out["code_insee"].isin(communes)]
    return out.sort_values(["source", "code_insee"]).reset_index(drop=True)


def pd_population(t, communes):
    p = t["populations"].sort_values("millesime").groupby("code_insee").last()
    sel = p[p.index.isin(communes)]
    body = pd.DataFrame({"code_insee": list(communes)})
    body["pop_totale"] = body["code_insee"].map(sel["population_totale"])
    body["pop_municipale"] = body["code_insee"].map(sel["population_municipale"])
    body["nb_communes"] = body["code_insee"].isin(sel.index).astype(int)
    total = {"code_insee": None, "pop_totale": body["pop_totale"].sum(min_count=1),
             "pop_municipale": body["pop_municipale"].sum(min_count=1),
             "nb_communes": int(body["nb_communes"].sum())}
    return pd.concat([body, pd.DataFrame([total])], ignore_index=True)


def pd_plie_participants(t, communes, start, end, senior_age, low_level_max):
    pp = t["plie_participants"]
    s, e = _ts(start), _ts(end)
    p = pp[(pp["entry_date"] <= e) & (pp["exit_date"].isna() | (pp["exit_date"] >= s))].copy()
    stop = p["exit_date"].fillna(e).clip(upper=e)
    p["_days"] = (stop - p["entry_date"]).dt.days
    y = e.year
    k = "person_key"
    out = _by_commune(p, communes, {
        "plie_participants": ("nunique", k, None),
        "plie_participants_qpv": ("nunique", k, lambda d: _in_qpv(d["qpv_code"])),
        "plie_participants_hommes": ("nunique", k, lambda d: d["sex"] == "H"),
        "plie_participants_femmes": ("nunique", k, lambda d: d["sex"] == "F"),
        "plie_participants_seniors": ("nunique", k, lambda d: d["age_at_entry"] >= senior_age),
        "plie_participants_rsa": ("nunique", k, lambda d: d["rsa"].fillna(False).astype(bool)),
        "plie_participants_niveau_bas": ("nunique", k,
                                         lambda d: d["education_level"] <= low_level_max),
        "plie_cohorte_annee": ("nunique", k, lambda d: d["entry_date"].dt.year == y),
        "plie_cohorte_deux_ans": ("nunique", k,
                                  lambda d: d["entry_date"].dt.year.between(y - 2, y - 1)),
        "plie_cohorte_anterieure": ("nunique", k, lambda d: d["entry_date"].dt.year < y - 2),
        "plie_duree_moyenne": ("mean", "_days", None),
    })
    out["plie_duree_moyenne"] = out["plie_duree_moyenne"] / DAYS_PER_MONTH
    return out


def _like(s: pd.Series, *patterns: str) -> pd.Series:
    return s.str.contains("|".join(patterns), case=False, regex=True, na=False)


def pd_plie_entries(t, communes, start, end, senior_age, low_level_max):
    pp = t["plie_participants"]
    e = pp[_between(pp["entry_date"], start, end)]
    k = "person_key"
    return _by_commune(e, communes, {
        "plie_nouvelles_entrees": ("nunique", k, None),
        "plie_entrees_qpv": ("nunique", k, lambda d: _in_qpv(d["qpv_code"])),
        "plie_entrees_hommes": ("nunique", k, lambda d: d["sex"] == "H"),
        "plie_entrees_femmes": ("nunique", k, lambda d: d["sex"] == "F"),
        "plie_entrees_seniors": ("nunique", k, lambda d: d["age_at_entry"] >= senior_age),
        "plie_entrees_rsa": ("nunique", k, lambda d: d["rsa"].fillna(False).astype(bool)),
        "plie_entrees_niveau_bas": ("nunique", k, lambda d: d["education_level"] <= low_level_max),
        "plie_prescripteur_departement": ("nunique", k, lambda d: _like(
            d["prescriber"], r"^d.partement", r"conseil d.partemental")),
        "plie_prescripteur_france_travail": ("nunique", k, lambda d: _like(
            d["prescriber"], r"^france travail", r"^p.le emploi")),
    })


def pd_plie_exits(t, communes, start, end, senior_age, low_level_max):
    pp = t["plie_participants"]
    x = pp[_between(pp["exit_date"], start, end)]
    k = "person_key"
    pos = lambda d: d["exit_kind"] == "positive"  # noqa: E731
    return _by_commune(x, communes, {
        "plie_sorties": ("count", k, None),
        "plie_sorties_positives": ("count", k, pos),
        "plie_sorties_neutres": ("count", k, lambda d: d["exit_kind"] == "neutre"),
        "plie_sorties_autres": ("count", k, lambda d: d["exit_kind"] == "autre"),
        "plie_sorties_hors_neutres": ("count", k, lambda d: d["exit_kind"].fillna("") != "neutre"),
        "plie_sp_hommes": ("count", k, lambda d: pos(d) & (d["sex"] == "H")),
        "plie_sp_femmes": ("count", k, lambda d: pos(d) & (d["sex"] == "F")),
        "plie_sp_niveau_bas": ("count", k,
                               lambda d: pos(d) & (d["education_level"] <= low_level_max)),
        "plie_sp_rsa": ("count", k, lambda d: pos(d) & d["rsa"].fillna(False).astype(bool)),
        "plie_sp_seniors": ("count", k, lambda d: pos(d) & (d["age_at_entry"] >= senior_age)),
    })


def _plie_running_steps(t, start, end):
    pp = t["plie_participants"]
    latest = pp.sort_values("entry_date").groupby("person_key")["code_insee"].last()
    st = t["plie_steps"]
    st = st[(st["start_date"] <= _ts(end)) & (st["end_date"].isna() | (st["end_date"] >= _ts(start)))]
    st = st.assign(code_insee=st["person_key"].map(latest))
    return st[st["code_insee"].notna()]


def pd_plie_steps(t, communes, start, end):
    st = _plie_running_steps(t, start, end)
    s = _ts(start)
    k = "person_key"
    return _by_commune(st, communes, {
        "plie_etapes": ("count", k, None),
        "plie_etapes_participants": ("nunique", k, None),
        "plie_etapes_demarrees_annee": ("count", k, lambda d: d["start_date"] >= s),
        "plie_etapes_emploi": ("count", k, lambda d: d["family"] == "emploi"),
        "plie_etapes_emploi_annee": ("count", k,
                                     lambda d: (d["family"] == "emploi") & (d["start_date"] >= s)),
        "plie_etapes_formation": ("count", k, lambda d: d["family"] == "formation"),
        "plie_etapes_formation_qualif": ("count", k, lambda d: (d["family"] == "formation")
                                         & d["qualifying"].fillna(False).astype(bool)),
    })


def pd_plie_steps_by_type(t, communes, start, end):
    st = _plie_running_steps(t, start, end)
    st = st[st["code_insee"].isin(communes)].copy()
    st["family"] = st["family"].fillna("autre")
    st["step_type"] = st["step_type"].fillna("Type non renseigné")
    st["_started"] = st["start_date"] >= _ts(start)
    st["_qualifying"] = st["qualifying"].fillna(False).astype(bool)
    g = st.groupby(["family", "step_type"])
    out = pd.DataFrame({
        "plie_etapes": g.size(), "plie_etapes_demarrees_annee": g["_started"].sum(),
        "plie_etapes_qualifiantes": g["_qualifying"].sum(),
        "plie_etapes_participants": g["person_key"].nunique(),
    }).reset_index()
    return out.sort_values(["family", "plie_etapes", "step_type"],
                           ascending=[True, False, True]).reset_index(drop=True)


def pd_plie_exit_reasons(t, communes, start, end):
    pp = t["plie_participants"]
    x = pp[_between(pp["exit_date"], start, end) & pp["code_insee"].isin(communes)]
    x = x.assign(exit_kind=x["exit_kind"].fillna("inconnu"),
                 exit_reason=x["exit_reason"].fillna("Motif non renseigné"))
    out = x.groupby(["exit_kind", "exit_reason"])["person_key"].count().rename(
        "plie_sorties").reset_index()
    return out.sort_values(["exit_kind", "plie_sorties", "exit_reason"],
                           ascending=[True, False, True]).reset_index(drop=True)


def pd_plie_prescribers(t, communes, start, end):
    pp = t["plie_participants"]
    e = pp[_between(pp["entry_date"], start, end) & pp["code_insee"].isin(communes)]
    name = e["prescriber"].str.strip().replace("", None).fillna("Non renseigné")
    out = e.groupby(name)["person_key"].nunique().rename("plie_nouvelles_entrees")
    out = out.rename_axis("prescriber").reset_index()
    return out.sort_values(["plie_nouvelles_entrees", "prescriber"],
                           ascending=[False, True]).reset_index(drop=True)


def _young(t, communes):
    y = t["ml_young"]
    return y[y["code_insee"].isin(communes)]


def _with_keys(frame: pd.DataFrame, communes) -> pd.DataFrame:
    """Every commune of the selection and the total row, the others' values 0 if missing."""
    keys = pd.DataFrame({"code_insee": [*communes, None]})
    out = keys.merge(frame, on="code_insee", how="left")
    return out.fillna({c: 0 for c in frame.columns if c != "code_insee"})


def _sets(df: pd.DataFrame, specs: dict) -> pd.DataFrame:
    """Grouping sets ((code_insee), ()) over rows already in the selection."""
    body = df.groupby("code_insee").agg(**specs).reset_index() if len(df) else pd.DataFrame(
        columns=["code_insee", *specs])
    total = {"code_insee": None}
    for out, (col, fn) in specs.items():
        total[out] = getattr(df[col], fn)() if fn != "size" else len(df)
    return pd.concat([body, pd.DataFrame([total])], ignore_index=True)


def pd_ml_activity(t, communes, start, end):
    young = _young(t, communes)
    reg = young[_between(young["registration_date"], start, end)]
    regs = _sets(reg, {"ml_nouveaux_inscrits": ("person_key", "nunique")})
    c = t["ml_contacts"]
    c = c[_between(c["contact_date"], start, end)].merge(
        young[["person_key", "code_insee"]], on="person_key")
    c["_interview"] = c["contact_type"] == "entretien"
    c["_who"] = c["person_key"].where(c["_interview"])
    contacts = _sets(c, {"ml_contacts": ("person_key", "size"),
                         "ml_entretiens": ("_interview", "sum"),
                         "ml_jeunes_accompagnes": ("_who", "nunique")})
    out = _with_keys(regs.merge(contacts, on="code_insee", how="outer"), communes)
    return out[["code_insee", "ml_nouveaux_inscrits", "ml_jeunes_accompagnes", "ml_contacts",
                "ml_entretiens"]]


def pd_ml_activity_monthly(t, communes, start, end):
    young = _young(t, communes)
    months = pd.date_range(pd.Timestamp(start).to_period("M").to_timestamp(),
                           pd.Timestamp(end).to_period("M").to_timestamp(), freq="MS")
    out = pd.DataFrame({"month": months.astype("datetime64[s]")})
    reg = young[_between(young["registration_date"], start, end)]
    regs = reg.groupby(reg["registration_date"].dt.to_period("M").dt.to_timestamp())[
        "person_key"].nunique()
    c = t["ml_contacts"]
    c = c[_between(c["contact_date"], start, end) & c["person_key"].isin(young["person_key"])]
    month = c["contact_date"].dt.to_period("M").dt.to_timestamp()
    typ = c["contact_type"]
    counts = pd.DataFrame({
        "ml_contacts": c.groupby(month).size(),
        "ml_entretiens": (typ == "entretien").groupby(month).sum(),
        "ml_ateliers": (typ == "atelier").groupby(month).sum(),
        "ml_contacts_distance": typ.isin(["telephone", "courriel", "sms"]).groupby(month).sum(),
        "ml_contacts_autres": (~typ.isin(CONTACT_KINDS) | typ.isna()).groupby(month).sum(),
        "ml_jeunes_entretien": c["person_key"].where(typ == "entretien").groupby(month).nunique(),
    })
    out["ml_nouveaux_inscrits"] = out["month"].map(regs).fillna(0).astype("int64")
    for col in counts:
        out[col] = out["month"].map(counts[col]).fillna(0).astype("int64")
    return out


CONTACT_KINDS = ["entretien", "atelier", "telephone", "courriel", "sms"]


def pd_ml_programme(t, communes, start, end, programme):
    s, e = _ts(start), _ts(end)
    p = t["ml_programmes"]
    p = p[(p["programme"] == programme) & (p["start_date"] <= e)
          & (p["end_date"].isna() | (p["end_date"] >= s))]
    periods = p[["person_key", "start_date", "end_date"]].merge(
        _young(t, communes)[["person_key", "code_insee", "qpv_code"]], on="person_key")
    periods["_new"] = periods["person_key"].where(periods["start_date"] >= s)
    periods["_new_qpv"] = periods["_new"].where(_in_qpv(periods["qpv_code"]))
    followed = _sets(periods, {"accompagnes": ("person_key", "nunique"),
                               "entrees": ("_new", "nunique"),
                               "entrees_qpv": ("_new_qpv", "nunique")})
    c = t["ml_contacts"]
    c = c[_between(c["contact_date"], s, e)].merge(periods, on="person_key")
    c = c[(c["contact_date"] >= c["start_date"])
          & (c["end_date"].isna() | (c["contact_date"] <= c["end_date"]))]
    c["_interview"] = c["contact_type"] == "entretien"
    contacts = _sets(c, {"contacts": ("person_key", "size"), "entretiens": ("_interview", "sum")})
    si = t["ml_situations"]
    si = si[_between(si["start_date"], s, e)][["person_key", "start_date"]].rename(
        columns={"start_date": "si_start"}).merge(periods, on="person_key")
    si = si[(si["si_start"] >= si["start_date"])
            & (si["end_date"].isna() | (si["si_start"] <= si["end_date"]))]
    solutions = _sets(si, {"jeunes_solution": ("person_key", "nunique"),
                           "mesures": ("person_key", "size")})
    out = followed.merge(contacts, on="code_insee", how="outer").merge(
        solutions, on="code_insee", how="outer")
    return _with_keys(out, communes)[["code_insee", "accompagnes", "entrees", "entrees_qpv",
                                      "contacts", "entretiens", "jeunes_solution", "mesures"]]


def pd_ml_situations(t, communes, start, end):
    si = t["ml_situations"]
    si = si[_between(si["start_date"], start, end)
            & si["person_key"].isin(_young(t, communes)["person_key"])]
    cat = si["category"].fillna("autre")
    g = si.groupby(cat)
    out = pd.DataFrame({"ml_situations": g.size(),
                        "ml_jeunes_situation": g["person_key"].nunique()})
    out = out.rename_axis("category").reset_index()
    return out.sort_values(["ml_situations", "category"], ascending=[False, True]).reset_index(
        drop=True)


AID_COLUMNS = [("aide_cej_allocation", "aide_cej_beneficiaires", "allocation_cej"),
               ("aide_pacea_allocation", "aide_pacea_beneficiaires", "allocation_pacea"),
               ("aide_fajem", "aide_fajem_beneficiaires", "fajem"),
               ("aide_fonds_ml", None, "fonds_ml"), ("aide_fonds_ml_repas", None, "fonds_ml_repas"),
               ("aide_mobilite_ml", None, "mobilite")]


def pd_financial_aid(t, communes, start, end):
    a = t["financial_aid"]
    a = a[_between(a["payment_date"], start, end)].merge(
        t["ml_young"][["person_key", "code_insee"]], on="person_key")
    a["amount"] = a["amount"].astype(float)
    specs = {"aide_total": ("sum0", "amount", None)}
    for amount, people, scheme in AID_COLUMNS:
        specs[amount] = ("sum0", "amount", lambda d, s=scheme: d["scheme"] == s)
        if people:
            specs[people] = ("nunique", "person_key", lambda d, s=scheme: d["scheme"] == s)
    return _by_commune(a, communes, specs)


def pd_financial_aid_by_scheme(t, communes, start, end):
    a = t["financial_aid"]
    a = a[_between(a["payment_date"], start, end)
          & a["person_key"].isin(_young(t, communes)["person_key"])]
    g = a.groupby("scheme")
    out = pd.DataFrame({"montant": g["amount"].sum().astype(float),
                        "beneficiaires": g["person_key"].nunique(), "versements": g.size()})
    out = out.reset_index()
    return out.sort_values(["montant", "scheme"], ascending=[False, True]).reset_index(drop=True)


def pd_mde_events(t, communes, start, end):
    ev = t["mde_events"]
    ev = ev[_between(ev["event_date"], start, end)]
    return _by_commune(ev, communes, {
        "evt_organises": ("count", "event_date", None),
        "evt_exposants": ("sum0", "exhibitors", None),
        "evt_participants": ("sum0", "participants", None),
        "evt_entretiens": ("sum", "interviews", None),
    })


def pd_mde_events_list(t, communes, start, end):
    ev = t["mde_events"]
    ev = ev[_between(ev["event_date"], start, end) & ev["code_insee"].isin(communes)]
    names = t["communes"].set_index("code_insee")["name"]
    out = pd.DataFrame({"event_date": ev["event_date"], "quarter": ev["event_date"].dt.quarter,
                        "name": ev["name"], "code_insee": ev["code_insee"],
                        "commune": ev["code_insee"].map(names), "exhibitors": ev["exhibitors"],
                        "participants": ev["participants"], "interviews": ev["interviews"]})
    return out.sort_values(["event_date", "name"]).reset_index(drop=True)


def pd_clause_hours(t, communes, start, end, fte_hours):
    h = t["clause_hours"]
    h = h[_between(h["month"], start, end)].copy()
    h["hours"] = h["hours"].astype(float)
    sel = set(communes)
    res = _by_commune(h, communes, {
        "clause_heures": ("sum0", "hours", None),
        "clause_personnes": ("nunique", "person_key", None),
        "clause_heures_sur_territoire_residents": (
            "sum0", "hours", lambda d: d["operation_insee"].isin(sel)),
    }, key="resident_insee")
    site = _by_commune(h, communes, {"clause_heures_sites": ("sum0", "hours", None)},
                       key="operation_insee")
    res["clause_heures_sites"] = site["clause_heures_sites"].to_numpy()
    res["clause_etp"] = res["clause_heures"] / fte_hours
    return res[["code_insee", "clause_heures", "clause_etp", "clause_personnes",
                "clause_heures_sur_territoire_residents", "clause_heures_sites"]]


def pd_clause_hours_monthly(t, communes, start, end):
    h = t["clause_hours"]
    h = h[_between(h["month"], start, end)]
    res, site = h["resident_insee"].isin(communes), h["operation_insee"].isin(communes)
    h = h[res | site]
    res, site = res[h.index], site[h.index]
    hours = h["hours"].astype(float)
    g = h["month"]
    out = pd.DataFrame({
        "clause_heures": hours.where(res).groupby(g).sum(),
        "clause_heures_sites": hours.where(site).groupby(g).sum(),
        "clause_personnes": h["person_key"].where(res).groupby(g).nunique(),
    })
    return out.rename_axis("month").reset_index()


def pd_qpv_residents(t, communes, start, end):
    s, e = _ts(start), _ts(end)
    pp = t["plie_participants"]
    cols = ["person_key", "code_insee", "qpv_code"]
    stock = pp[(pp["entry_date"] <= e) & (pp["exit_date"].isna() | (pp["exit_date"] >= s))]
    new = pp[_between(pp["entry_date"], s, e)]
    young = t["ml_young"]
    c = t["ml_contacts"]
    c = c[(c["contact_type"] == "entretien") & _between(c["contact_date"], s, e)]
    followed = young[young["person_key"].isin(c["person_key"])]
    p = t["ml_programmes"]
    p = p[p["programme"].isin(["CEJ", "PACEA"]) & _between(p["start_date"], s, e)]
    prog = p[["person_key", "programme"]].merge(young[cols], on="person_key")
    people = pd.concat([
        stock[cols].assign(population="plie_participants"),
        new[cols].assign(population="plie_nouvelles_entrees"),
        followed[cols].drop_duplicates().assign(population="ml_jeunes_accompagnes"),
        prog[cols].assign(population=prog["programme"].str.lower() + "_entrees"),
    ], ignore_index=True)
    people = people[people["code_insee"].isin(communes)]
    people["_qpv_key"] = people["person_key"].where(_in_qpv(people["qpv_code"]))
    aggs = {"personnes": ("person_key", "nunique"), "personnes_qpv": ("_qpv_key", "nunique")}
    total = people.groupby("population").agg(**aggs).reset_index().assign(
        level="total", code_insee=None, qpv_code=None)
    commune = people.groupby(["population", "code_insee"]).agg(**aggs).reset_index().assign(
        level="commune", qpv_code=None)
    quartier = people[_in_qpv(people["qpv_code"])].groupby(
        ["population", "code_insee", "qpv_code"]).agg(**aggs).reset_index().assign(level="qpv")
    out = pd.concat([total, commune, quartier], ignore_index=True)
    out = out.merge(t["qpv"][["qpv_code", "code_insee", "qpv_name"]], how="left",
                    on=["qpv_code", "code_insee"])
    out = out.sort_values(["population", "level", "code_insee", "qpv_code"], na_position="last")
    return out[["population", "level", "code_insee", "qpv_code", "qpv_name", "personnes",
                "personnes_qpv"]].reset_index(drop=True)


def pd_covered(t, query, communes, start, end):
    """`figures._covered` in pandas: `coverage.sql`'s rule, on the tables themselves."""
    from queries.figures import _TABLES_CHECKED, COVERAGE

    if query not in COVERAGE and query not in _TABLES_CHECKED:
        return True
    table, column = _TABLES_CHECKED.get(query) or COVERAGE[query]
    sel = set(communes)
    s, e = _ts(start), _ts(end)
    if table in ("mde_events", "clause_hours", "ml_young"):  # rows of the selection's communes
        df = t[table]
        col = "resident_insee" if table == "clause_hours" else "code_insee"
        return bool((df[col].isin(sel) & _between(df[column], start, end)).any())
    # the extraction declared for a territory of the selection, or naming one of its communes
    tc = t["territory_communes"]
    named = t["plie_participants" if table.startswith("plie") else "ml_young"]
    terr = set(tc.loc[tc["code_insee"].isin(sel), "territory"]) | set(
        named.loc[named["code_insee"].isin(sel), "_territory"])

    def own(df):
        return df[df["_territory"].isin(terr)]

    if table.startswith("plie"):
        pp = own(t["plie_participants"])
        days = pd.concat([pp["entry_date"], pp["exit_date"]]).dropna()
    else:
        days = own(t["ml_contacts"])["contact_date"].dropna()
    describes = bool(len(days)) and days.min() <= e and days.max() >= s
    if table in ("plie_participants", "ml_contacts"):
        return describes
    if table == "plie_steps":
        return describes and bool((own(t["plie_steps"])["start_date"] <= e).any())
    if table == "financial_aid":
        return bool(_between(own(t["financial_aid"])["payment_date"], start, end).any())
    starts = own(t["ml_programmes"])["start_date"]  # ml_programmes
    return bool(_between(starts, start, end).any()) or (
        bool((starts <= e).any()) and bool(len(days)) and days.max() >= s)


PANDAS = {name[3:]: fn for name, fn in globals().items() if name.startswith("pd_")
          and name != "pd_covered"}


# -- the pages -------------------------------------------------------------------------------
def pages(scope: str, year: int = YEAR):
    """(page, function(con) -> result) as the pages call them, for "mno" or "nord"."""
    from data import territories
    from exports import deck, fiche
    from queries import context, dashboards, figures

    if scope == "mno":
        terr, ref, commune = "mno", "nord", MNO_COMMUNE
    elif scope == "mno_france":
        terr, ref, commune = "mno", "france", MNO_COMMUNE
    elif DEFINED.get(scope, ("",))[0] in territories.definitions():
        # the Nord or France as a territory the app serves, with its default reference
        terr = DEFINED[scope][0]
        ref, commune = territories.default_reference(terr), NORD_COMMUNE
    else:  # (`check` on the demo store: the Nord as the territory whose figures are read)
        terr, ref, commune = "nord", None, NORD_COMMUNE
    communes = tuple(context.territory_communes(terr))
    map_ids = ["de_abc", "plie_participants", "ml_jeunes_accompagnes"]

    def map_page(con):
        context.latest_job_seeker_month(con, context.territory_communes(terr), year)
        return figures.by_commune(con, terr, year, map_ids)

    return [
        ("Barre de filtres (années disponibles)", lambda con: context.available_years(con, terr)),
        ("Chiffres clés", lambda con: figures.key_figures(con, terr, year)),
        ("Demandeurs d'emploi",
         lambda con: dashboards.job_seekers_page(con, terr, communes, year, ref, audience="elu")),
        ("PLIE", lambda con: dashboards.plie_page(con, terr, communes, year, ref, audience="elu")),
        ("Mission Locale", lambda con: dashboards.ml_page(con, terr, communes, year, ref, audience="elu")),
        # (the page offers no reference: views/maison_emploi.py)
        ("Maison de l'Emploi", lambda con: dashboards.mde_page(con, terr, communes, year, None, audience="elu")),
        ("QPV", lambda con: dashboards.qpv_page(con, terr, communes, year, ref, audience="elu")),
        ("Ma commune", lambda con: dashboards.commune_page(con, terr, commune, year, ref, audience="elu")),
        ("Fiche commune", lambda con: fiche.build_fiche_html(con, terr, year, commune, "elu")),
        ("Carte (valeurs par commune)", map_page),
        ("Assemblée générale (diapositives)", lambda con: deck.build(con, terr, year, "elu")),
    ]


SCOPES = [("mno", "MNO, réf. Nord"), ("mno_france", "MNO, réf. France"),
          ("nord", "Nord (647 communes)"), ("france", "France (34 935 communes)")]
# The Nord and France as territories the app serves (defined, as a départemental or
# national deployment would: the app offers only defined territories), in the bench's own
# copy of the national view (`defined_view`).
DEFINED = {"nord": ("departement-nord", "Département du Nord", "nord"),
           "france": ("france-entiere", "France entière", None)}
# Pages whose queries take the selected communes: the others take a territory (one commune,
# or the territory's own list), so a France-wide selection does not apply to them.
SELECTION_PAGES = {"Barre de filtres (années disponibles)", "Demandeurs d'emploi", "PLIE",
                   "Mission Locale", "Maison de l'Emploi", "QPV"}
SCALING = (647, 2_500, 5_000, 10_000)
# Pages that take a reference territory (the others: « — » for MNO, réf. France).
REFERENCE_PAGES = {"Demandeurs d'emploi", "PLIE", "Mission Locale", "Maison de l'Emploi",
                   "QPV", "Ma commune"}


def defined_view(months: int, root: Path) -> Path:
    """A data directory on the national view of `months` months (`national.view`) where the
    Nord and France are defined territories (`DEFINED`)."""
    from bench import national
    from data import reference, territories

    src = national.view(months, root)
    out = national.CACHE / f"pages_{months:03d}m"
    out.mkdir(parents=True, exist_ok=True)
    link = out / "imports"
    if not link.is_symlink():
        shutil.rmtree(link, ignore_errors=True)
        link.symlink_to((src / "imports").resolve(), target_is_directory=True)
    shutil.copy(src / "catalog.json", out / "catalog.json")
    (out / "territories.json").unlink(missing_ok=True)
    for code, label, dep in DEFINED.values():
        communes = (reference.territory_communes().query("territory == @dep")["code_insee"]
                    if dep else reference.communes()["code_insee"])
        territories.add(code, label, list(communes), data_dir=out)
    return out


def france_pages(communes: tuple[str, ...], year: int = YEAR) -> dict:
    """The selection pages with every commune of France chosen (the Nord as the territory
    whose definitions apply, no reference), as the app calls them."""
    from queries import dashboards, runner

    def page(name):
        return lambda con: getattr(dashboards, name)(con, "nord", communes, year, None,
                                                     audience="elu")

    return {
        "Barre de filtres (années disponibles)":
            lambda con: runner.run_once(con, "available_years", communes=list(communes)),
        "Demandeurs d'emploi": page("job_seekers_page"), "PLIE": page("plie_page"),
        "Mission Locale": page("ml_page"), "Maison de l'Emploi": page("mde_page"),
        "QPV": page("qpv_page"),
    }


def france_calls(calls: list, communes: list[str]) -> list:
    """The Nord page's recorded queries, every list of communes replaced by all of France."""
    return [(kind, name, {**params, "communes": communes} if "communes" in params else params)
            for kind, name, params in calls]


def scaling(con, runs: int, log=print) -> list[dict]:
    """« Demandeurs d'emploi » for the first N communes of the COG (all with data): the page
    (the app's code) and its queries alone, as N grows."""
    from data import reference
    from queries import dashboards

    every = list(reference.communes()["code_insee"])
    out = []
    for n in SCALING:
        chosen = tuple(every[:n])

        def page(chosen=chosen):
            return dashboards.job_seekers_page(con, "nord", chosen, YEAR, None, audience="elu")

        calls: list = []
        with recording(calls):
            page()
        t = time.perf_counter()
        replay_duckdb(con, calls)
        sql_ms = (time.perf_counter() - t) * 1000
        out.append({"communes": n, "page_ms": timed(page, runs), "sql_ms": sql_ms})
        log(f"  Demandeurs d'emploi, {n} communes : {out[-1]['page_ms'][0]:.0f} ms "
            f"(SQL {sql_ms:.0f} ms)")
    return out


def rss_mb() -> tuple[float, float]:
    """(current, peak) resident memory of this process, in MB."""
    vals = {}
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(("VmRSS", "VmHWM")):
                vals[line.split(":")[0]] = int(line.split()[1]) / 1024
    return vals.get("VmRSS", math.nan), vals.get("VmHWM", math.nan)


def loadavg() -> str:
    try:
        return " / ".join(open("/proc/loadavg").read().split()[:3])
    except OSError:
        return "?"


def timed(fn, runs: int) -> tuple[float, float, float]:
    """Median, min and max ms of `runs` calls, each one the first reader of its queries (the
    results the store version's cursors share are forgotten before)."""
    from queries import runner

    times = []
    for _ in range(runs):
        runner.clear_shared()
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), min(times), max(times)


def _navigation(con, scope: str, runs: int, entries: list, log=print) -> None:
    """Each page of the scope in the menu's order, as one visitor opens them after a new
    import: the results a page's queries share with the earlier pages of the same store
    version (the territory's and the reference's figures, the year before) are read, not
    computed again. `runs` rounds, each from nothing shared; adds `nav_ms` to the entries."""
    from queries import runner

    times: dict[str, list[float]] = {}
    for _ in range(runs):
        runner.clear_shared()
        for page, fn in pages(scope):
            if scope == "mno_france" and page not in REFERENCE_PAGES:
                continue
            t = time.perf_counter()
            fn(con)
            times.setdefault(page, []).append((time.perf_counter() - t) * 1000)
    for e in entries:
        if e["scope"] == scope and e["page"] in times:
            v = times[e["page"]]
            e["nav_ms"] = (statistics.median(v), min(v), max(v))
    log(f"  navigation [{scope}] : " + ", ".join(
        f"{p} {statistics.median(v):.0f}" for p, v in times.items()))


def _replay_once(con, calls, per_query: dict | None) -> float:
    collected: dict = {}
    t = time.perf_counter()
    replay_duckdb(con, calls, collected)
    ms = (time.perf_counter() - t) * 1000
    if per_query is not None:
        for name, values in collected.items():
            per_query.setdefault(name, []).extend(values)
    return ms


def run(months: int = 24, runs: int = 5, baseline_runs: int | None = None, log=print,
        france_runs: int = 3) -> dict:
    if baseline_runs is None:  # pandas replays every page (minutes): TBE_BENCH_BASELINE_RUNS=0 skips
        baseline_runs = int(os.environ.get("TBE_BENCH_BASELINE_RUNS", "3"))
    from bench import national
    from data.store import Store
    from queries import prepare

    root = national.build(log=log)
    data_dir = defined_view(months, root)
    os.environ["TBE_DATA_DIR"] = str(data_dir)  # its territories (`DEFINED`)
    rows = national.table_rows(data_dir)
    result = {"months": months, "rows": rows, "disk_gb": national.disk_bytes(data_dir) / 1e9,
              "pages": [], "load": {}, "loadavg_start": loadavg(), "per_query": {}}

    # -- DuckDB: the app's own load and pages --------------------------------------------
    gc.collect()
    before, _ = rss_mb()
    store = Store(data_dir)
    t = time.perf_counter()
    con = store.connection()
    load_s = time.perf_counter() - t
    after, _ = rss_mb()
    result["load"]["duckdb"] = {"s": load_s, "rss_mb": after - before}
    log(f"  Store.connection() : {load_s:.1f} s, +{after - before:.0f} Mo")
    # the pages before the version is prepared: each the first reader of its queries
    # (their queries recorded: what « SQL seul » and pandas replay, the same work)
    cold: dict[tuple[str, str], tuple] = {}
    recorded: dict[tuple[str, str], list] = {}
    cold_queries: dict[tuple[str, str], int] = {}
    for scope in ("mno", "nord", "france"):
        for page, fn in pages(scope):
            calls, executed = [], []
            with recording(calls, executed):
                fn(con)  # warm-up
            recorded[page, scope], cold_queries[page, scope] = calls, len(executed)
            n = france_runs if scope == "france" else runs
            cold[page, scope] = timed(lambda fn=fn, con=con: fn(con), n)
            log(f"  {page} [{scope}, version non préparée] : {cold[page, scope][0]:.0f} ms")
    # what the app prepares in the background once a version is built (queries/prepare.py):
    # the reference territories' figures, then MNO's and MELT's default views
    done = prepare.prepare(con)
    result["load"]["prepare"] = {"s": done["s"], "sets": done["references"],
                                 "results": done["results"]}
    log(f"  version préparée : {done['references']} ensembles de références, "
        f"{done['results']} résultats en {done['s']:.1f} s")
    for scope in ("mno", "mno_france", "nord", "france"):
        for page, fn in pages(scope):
            if scope == "mno_france" and page not in REFERENCE_PAGES:
                continue
            calls, executed = [], []
            with recording(calls, executed):
                fn(con)  # warm-up (and the count of its queries)
            calls = recorded.setdefault((page, scope), calls)
            page_ms = timed(lambda fn=fn, con=con: fn(con),
                            france_runs if scope == "france" else runs)
            sql_ms = _replay_once(con, calls, result["per_query"] if scope != "france" else None)
            result["pages"].append({"page": page, "scope": scope, "page_ms": page_ms,
                                    # (no query recorded: the page read its figures ready-made
                                    # and nothing replays them: « — »)
                                    "sql_ms": sql_ms if calls else None,
                                    "queries": len(executed),
                                    **({"cold_ms": cold[page, scope],
                                        "cold_queries": cold_queries[page, scope]}
                                       if (page, scope) in cold else {})})
            log(f"  {page} [{scope}] : {page_ms[0]:.0f} ms (SQL {sql_ms:.0f} ms, "
                f"{len(executed)} requêtes)")
        _navigation(con, scope, france_runs if scope == "france" else runs,
                    result["pages"], log)
    result["scaling"] = scaling(con, runs, log)
    con.close()
    store._db.close()
    store = con = None
    gc.collect()

    # -- pandas: the same queries (`baseline_runs` 0: not this time) --------------------------
    if not baseline_runs:
        result["loadavg_end"] = loadavg()
        result["runs"], result["baseline_runs"] = runs, baseline_runs
        result["france_runs"] = france_runs
        return result
    before, _ = rss_mb()
    t = time.perf_counter()
    tables = load_pandas(data_dir)
    load_s = time.perf_counter() - t
    after, _ = rss_mb()
    result["load"]["pandas"] = {"s": load_s, "rss_mb": after - before}
    log(f"  pandas (read_parquet) : {load_s:.1f} s, +{after - before:.0f} Mo")
    for entry in result["pages"]:
        calls = recorded.get((entry["page"], entry["scope"]))
        if not calls:
            continue
        entry["pandas_ms"] = timed(lambda calls=calls, t=tables: replay_pandas(t, calls),
                                   baseline_runs)
        log(f"  {entry['page']} [{entry['scope']}] pandas : {entry['pandas_ms'][0]:.0f} ms")
    tables = None
    gc.collect()
    result["loadavg_end"] = loadavg()
    result["runs"], result["baseline_runs"] = runs, baseline_runs
    result["france_runs"] = france_runs
    return result


def _ms(v: tuple[float, float, float] | None) -> str:
    if v is None:
        return "—"
    return " / ".join(_fmt_ms(x) for x in v)


def _fmt_ms(x: float) -> str:
    return f"{x:,.0f}".replace(",", " ")


def _n(x: float) -> str:
    return f"{x:,.0f}".replace(",", " ")


def _dec(x: float, digits: int = 1) -> str:
    return f"{x:.{digits}f}".replace(".", ",")


def markdown(result: dict) -> str:
    rows = result["rows"]
    load = result["load"]
    lines = [
        f"Données : {_n(rows.get('job_seekers', 0))} lignes de demandeurs d'emploi "
        f"(34 935 communes × {result['months']} mois × 54 cellules), "
        f"{_n(rows.get('plie_participants', 0) + rows.get('ml_young', 0))} personnes PLIE et "
        f"Mission Locale, {_n(sum(rows.values()))} lignes en tout, "
        f"{_dec(result['disk_gb'], 2)} Go de Parquet. Périmètres : MNO (10 communes) "
        f"comparé au Nord, la vue par défaut de l'app ; MNO comparé à la France (les pages "
        f"qui prennent une référence) ; le Nord entier (647 communes) et la France entière "
        f"(34 935 communes), chacun défini comme un territoire (l'app ne sert que des "
        f"territoires définis : un déploiement départemental ou national les définit), "
        f"toutes les pages, avec la référence par défaut de l'app (jamais le territoire "
        f"lui-même : la région Hauts-de-France pour le Nord, la France pour la France).",
        "",
        f"Chargement : `Store.connection()` {_dec(load['duckdb']['s'])} s, "
        f"+{_n(load['duckdb']['rss_mb'])} Mo résidents ; "
        + (f"puis la version préparée comme l'app le fait en arrière-plan après chaque "
           f"nouvelle version (`queries/prepare.py`, {_dec(load['prepare']['s'])} s) : les "
           f"chiffres des territoires de référence ({load['prepare']['sets']} ensembles : "
           f"chaque référence des territoires définis — EPCI, Nord, région, France — pour "
           f"chaque année et chaque dernier mois de demandeurs d'emploi), puis les vues par "
           f"défaut des territoires définis, MNO, MELT, le Nord et la France, sur leurs deux "
           f"dernières années ({load['prepare'].get('results', 0)} résultats gardés avec la "
           f"version : requêtes, chiffres des pages avant le secret, comparaisons). Avant la "
           f"fin, une page calcule ses chiffres elle-même : colonne « version non "
           f"préparée ». « Ma commune » et la fiche sont mesurées pour Lille, que la "
           f"préparation ne fait pas (elle fait la première commune du territoire) : leur "
           f"partie propre à la commune est calculée. "
           if "prepare" in load else "")
        + (f"pandas (`read_parquet` + dédoublonnage) {_dec(load['pandas']['s'])} s, "
           f"+{_n(load['pandas']['rss_mb'])} Mo." if "pandas" in load else
           "pandas non mesuré dans cette exécution (`--baseline-runs 0`)."),
        "",
        f"Temps par page en ms, médiane / min / max ({result['runs']} mesures DuckDB, "
        f"{result['baseline_runs']} pandas, après un premier appel qui enregistre les requêtes "
        f"de la page). « SQL seul » rejoue une fois les requêtes de la page sur la version "
        f"non préparée (celles qu'elle lit toutes faites sur la version préparée) sur "
        f"DuckDB, « pandas » les mêmes en pandas : le rapport des deux compare les moteurs "
        f"sur le même travail. « Requêtes » : celles que DuckDB exécute pour la page, "
        f"première à les lire, sur la version préparée, et entre parenthèses avant la "
        f"préparation (les vérifications de couverture d'une période en une seule). "
        f"Objectif : page ≤ {PAGE_TARGET_MS} ms (médiane).",
        "",
        "| page | périmètre | requêtes | page (DuckDB, code de l'app) | SQL seul | pandas | "
        "pandas ÷ SQL | objectif | page après les précédentes | objectif | "
        "version non préparée |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | --- | ---: |",
    ]
    labels = dict(SCOPES)
    met = missed = nav_met = nav_missed = 0
    for e in result["pages"]:
        ratio = (e["pandas_ms"][0] / e["sql_ms"]) if e.get("pandas_ms") else math.nan
        if "page_ms" in e:
            ok = e["page_ms"][0] <= PAGE_TARGET_MS
            met, missed = met + ok, missed + (not ok)
            page, verdict = _ms(e["page_ms"]), "tenu" if ok else "NON TENU"
        else:
            page, verdict = "non mesurée (*)", "—"
        nav, nav_verdict = "—", "—"
        if "nav_ms" in e:
            ok = e["nav_ms"][0] <= PAGE_TARGET_MS
            nav_met, nav_missed = nav_met + ok, nav_missed + (not ok)
            nav, nav_verdict = _ms(e["nav_ms"]), "tenu" if ok else "NON TENU"
        queries = str(e["queries"])
        if "cold_queries" in e:
            queries += f" ({e['cold_queries']})"
        lines.append(
            f"| {e['page']} | {labels[e['scope']]} | {queries} | {page} | "
            f"{'—' if e['sql_ms'] is None else _fmt_ms(e['sql_ms'])} | {_ms(e.get('pandas_ms'))} | "
            f"{'—' if math.isnan(ratio) else f'{ratio:.1f}'.replace('.', ',')} | {verdict} | "
            f"{nav} | {nav_verdict} | {_ms(e.get('cold_ms'))} |")
    lines += ["", "« Page » : la page seule, première à lire ses requêtes (les résultats que "
              "partagent les curseurs d'une version de la base, `queries/runner.py`, sont "
              "oubliés avant chaque mesure). « Page après les précédentes » : les pages dans "
              "l'ordre du menu, comme un visiteur après un nouvel import ; chacune relit ce "
              "que les précédentes ont calculé pour la même version (chiffres du territoire, "
              "de la référence, de l'année précédente). Chaque tour part de rien."]
    lines += ["", f"Objectif ≤ {PAGE_TARGET_MS} ms : {met} mesures tenues, {missed} non tenues "
              f"(page seule) ; {nav_met} tenues, {nav_missed} non tenues (après les "
              "précédentes). "
              f"Charge de la machine (loadavg 1/5/15 min) : {result['loadavg_start']} au début, "
              f"{result['loadavg_end']} à la fin."]
    lines += ["", f"France : {result.get('france_runs', 3)} mesures par page. Une sélection "
              "de communes que rien ne prépare (une partie du territoire choisie dans la "
              "barre de filtres) est calculée ; croissance avec le nombre de communes "
              "choisies (le Nord comme territoire) :",
              "",
              "| communes choisies (premières du COG) | page « Demandeurs d'emploi » (ms) | "
              "dont SQL (ms, un passage) |", "| ---: | ---: | ---: |"]
    for r in result.get("scaling", []):
        lines.append(f"| {_n(r['communes'])} | {_ms(r['page_ms'])} | {_fmt_ms(r['sql_ms'])} |")
    per_query = result.get("per_query", {})
    if per_query:
        total = sum(sum(v) for v in per_query.values())
        top = sorted(per_query.items(), key=lambda kv: -sum(kv[1]))[:8]
        lines += ["", "Où va le temps SQL (pages MNO et Nord non préparées, un passage de "
                  "chaque) :", "",
                  "| requête | appels | total (ms) | part | médiane par appel (ms) | max (ms) |",
                  "| --- | ---: | ---: | ---: | ---: | ---: |"]
        for name, values in top:
            share = f"{sum(values) / total * 100:.0f} %"
            lines.append(f"| `{name}` | {len(values)} | {_fmt_ms(sum(values))} | {share} | "
                         f"{_fmt_ms(statistics.median(values))} | {_fmt_ms(max(values))} |")
    return "\n".join(lines)


# -- checking the pandas versions against the SQL --------------------------------------------
def _comparable(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for c in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[c]):
            out[c] = out[c].dt.strftime("%Y-%m-%d")
        elif out[c].dtype == object and len(out) and isinstance(
                out[c].dropna().iloc[0] if out[c].notna().any() else None, dt.date):
            out[c] = out[c].map(lambda v: None if v is None or pd.isna(v) else f"{v:%Y-%m-%d}")
    for c in out.columns:
        num = pd.to_numeric(out[c], errors="coerce")
        if num.notna().sum() == out[c].notna().sum() and out[c].notna().any():
            out[c] = num.astype(float).round(6)
        else:
            out[c] = out[c].astype(object).where(out[c].notna(), None)
    cols = list(out.columns)
    return out.sort_values(cols, na_position="last", key=lambda s: s.astype(str)).reset_index(
        drop=True)


def check(data_dir: Path | None = None) -> int:
    """Run every page on a store (the demo store by default), then each recorded query in
    SQL and in pandas; print the queries whose results differ. Returns their number."""
    from data import reference
    from data.store import Store
    from queries import figures, runner

    if data_dir is None:
        data_dir = Path(__file__).resolve().parent.parent / ".pytest_cache" / "demo_store"
    con = Store(data_dir).connection()
    tables = load_pandas(data_dir)
    bad = 0
    seen = set()
    skipped: set[str] = set()
    for year in (2023, 2025):
        for scope in ("mno", "nord", "france"):
            for page, fn in pages("nord" if scope == "france" else scope, year):
                if scope == "france" and page not in SELECTION_PAGES:
                    continue
                calls: list = []
                with recording(calls):
                    fn(con)
                if scope == "france":
                    calls = france_calls(calls, list(reference.communes()["code_insee"]))
                for kind, name, params in calls:
                    key = (kind, name, repr(sorted((k, str(v)[:200]) for k, v in params.items())))
                    if key in seen:
                        continue
                    seen.add(key)
                    if kind == "covered":
                        a = figures._covered(con, name, params["communes"], params["start"],
                                             params["end"])
                        b = pd_covered(tables, name, **params)
                        same = bool(a) == bool(b)
                    elif name not in PANDAS:
                        skipped.add(name)
                        continue
                    else:
                        a = _comparable(runner.run(con, name, **params))
                        b = _comparable(PANDAS[name](tables, **params))
                        b = b[[c for c in a.columns]] if set(a.columns) <= set(b.columns) else b
                        try:
                            pd.testing.assert_frame_equal(a, b, check_dtype=False,
                                                          check_index_type=False)
                            same = True
                        except AssertionError as exc:
                            same = False
                            detail = str(exc).splitlines()[:6]
                    if not same:
                        bad += 1
                        print(f"DIFF {kind} {name} {page} {scope} {year}")
                        if kind == "run":
                            print("   ", *detail, sep="\n    ")
    print(f"{len(seen)} requêtes distinctes comparées, {bad} différentes"
          + (f" ; sans version pandas : {', '.join(sorted(skipped))}." if skipped else "."))
    return bad


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--months", type=int, default=24)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--baseline-runs", type=int, default=3)
    ap.add_argument("--check", nargs="?", const="", default=None,
                    help="compare pandas and SQL on a store (default: the demo store)")
    a = ap.parse_args()
    if a.check is not None:
        raise SystemExit(1 if check(Path(a.check) if a.check else None) else 0)
    print(markdown(run(a.months, a.runs, a.baseline_runs)))


if __name__ == "__main__":
    main()
