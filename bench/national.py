"""A synthetic national data set, written straight into a store (Parquet + catalogue).

Run: `.venv/bin/python -m bench.national [--months 120] [--plie 200000] [--ml 800000]`.
Builds (once, then reuses) `bench/.cache/national/`: a store whose imports are

- **job seekers**: every commune of the COG 2024 (34 935) × `months` months (default 120,
  2016-01 to 2025-12) at the full grain of a France Travail export: category (A, B, C) ×
  sex × age band × registration duration = 54 cells per commune-month, 1 886 490 rows a
  month, one import per month (`de_commune`, territory `france`, period `YYYY-MM`), as a
  monthly file would be. Counts are Poisson draws around 6 % of the commune's legal
  population, with a few small cells under statistical secret (null);
- **1 million people**: 200 000 PLIE participants (and ~3 steps each) and 800 000 young
  people followed by a Mission Locale (and their contacts, CEJ/PACEA programmes,
  situations and financial aid: ~12 million more rows), one PLIE import and one Mission
  Locale import per département (territory `dep<code>`), as each association exports its
  own tracking software;
- employment events and insertion-clause hours, one import each (territory `france`).

Nothing goes through xlsx (that is the import benchmark's job): frames are generated with
numpy and handed to `Store.commit_import`, which writes the same Parquet files and
catalogue as a real import. Generation is deterministic (fixed seeds).

`view(months)` gives a data directory on the same files whose catalogue keeps only the
latest `months` months of job seekers active (the others rolled back): the benchmarks
measure what fits in memory without writing the data twice.

`run()` / `markdown()` (a section of `make bench`): the single-machine ceiling. For 12,
24, 48, 72, 96 and 120 months of job seekers (with the 1 million people), a child process
loads the store the app's way, `Store.connection()`, and reports its load time, resident
memory (VmRSS after, VmHWM peak) and the time of the « Demandeurs d'emploi » page for
the whole Nord; the parent kills it when it would leave less than `RESERVE_GB` of memory
to the rest of the machine, or exceeds `CAP_GB`, and stops there. Baseline in the same
run: the same page on a connection whose tables are views over the same Parquet files,
read at each query (not the app's code: what `docs/scale.md` proposes beyond the ceiling).
"""

import argparse
import datetime as dt
import json
import math
import os
import shutil
import time
from pathlib import Path

import numpy as np
import pandas as pd

CACHE = Path(__file__).resolve().parent / ".cache"
ROOT = CACHE / "national"
FIRST_MONTH = dt.date(2016, 1, 1)
LAST_DAY = dt.date(2025, 12, 31)
FORMAT = 1  # bump when the generated data change, so the cache is rebuilt

CATEGORIES = ["A", "B", "C"]
SEXES = ["F", "H"]
AGES = ["moins_25", "25_49", "50_plus"]
DURATIONS = ["moins_12m", "12_23m", "24m_plus"]
CELLS_PER_COMMUNE_MONTH = len(CATEGORIES) * len(SEXES) * len(AGES) * len(DURATIONS)
# Share of the job seekers of a commune in each modality (independent margins).
CATEGORY_W = [0.6, 0.15, 0.25]
AGE_W = [0.13, 0.62, 0.25]
DURATION_W = [0.5, 0.2, 0.3]

PRESCRIBERS = ["Département", "France Travail", "Mission Locale", "CCAS", "Maison de l'Emploi",
               "Candidature spontanée"]
PRESCRIBER_W = [0.45, 0.22, 0.08, 0.11, 0.06, 0.08]
EXITS = {
    "positive": ["CDI", "CDD de 6 mois et plus", "Contrat en alternance", "Formation qualifiante",
                 "Création d'entreprise"],
    "neutre": ["Déménagement", "Raisons de santé", "Départ à la retraite"],
    "autre": ["Abandon", "Sans nouvelles", "Fin de parcours sans solution",
              "Réorientation vers un autre dispositif"],
}
EXIT_KIND_W = [0.45, 0.12, 0.43]
STEPS = {
    "emploi": ["CDI", "CDD de moins de 6 mois", "CDD de 6 mois et plus", "Intérim",
               "Structure d'insertion (IAE)", "Contrat aidé (PEC)"],
    "formation": ["Formation qualifiante", "Formation certifiante", "Titre professionnel",
                  "Formation pré-qualifiante", "Remise à niveau", "Permis de conduire"],
    "mobilisation": ["Atelier recherche d'emploi", "Action d'orientation", "PMSMP",
                     "Médiation emploi", "Accompagnement spécifique seniors"],
    "social": ["Accompagnement social", "Accès au logement", "Levée des freins",
               "Action de santé"],
}
CONTACT_TYPES = ["entretien", "atelier", "telephone", "courriel", "sms"]
CONTACT_W = [0.45, 0.15, 0.2, 0.1, 0.1]
SITUATIONS = ["emploi", "alternance", "formation", "immersion", "volontariat", "scolarite"]
SITUATION_W = [0.35, 0.12, 0.25, 0.18, 0.05, 0.05]
AID_SCHEMES = ["allocation_cej", "allocation_pacea", "fajem", "fonds_ml", "fonds_ml_repas",
               "mobilite"]
AID_W = [0.45, 0.3, 0.08, 0.07, 0.05, 0.05]
PROGRAMME_EXITS = ["Emploi durable", "Formation", "Fin de PACEA", "Abandon", "Déménagement"]
LEVEL_W = [0.03, 0.25, 0.32, 0.25, 0.08, 0.04, 0.025, 0.005]  # levels 1 .. 8
EPOCH = np.datetime64("1970-01-01", "D")


# -- helpers ---------------------------------------------------------------------------------
def _day(d: dt.date) -> int:
    return int((np.datetime64(d, "D") - EPOCH).astype(int))


def _dates(days: np.ndarray) -> np.ndarray:
    """Day numbers (NaN = none) as datetime64[s] (NaT where none)."""
    out = np.full(len(days), np.datetime64("NaT"), dtype="datetime64[s]")
    ok = ~np.isnan(days)
    out[ok] = (EPOCH + days[ok].astype("int64")).astype("datetime64[s]")
    return out


def _pick(rng, labels: list, weights: list, n: int) -> pd.Categorical:
    w = np.asarray(weights, dtype=float)
    return pd.Categorical.from_codes(rng.choice(len(labels), n, p=w / w.sum()), labels)


def _keys(rng, n: int) -> np.ndarray:
    """Pseudonymised-looking person keys: 20 hexadecimal characters, as the importer's."""
    hi = rng.integers(0, 2**63, n)
    lo = rng.integers(0, 2**16, n)
    return np.array([f"{a:016x}{b:04x}" for a, b in zip(hi, lo, strict=True)], dtype=object)


def months(n: int = 120) -> list[dt.date]:
    index = FIRST_MONTH.year * 12 + FIRST_MONTH.month - 1
    return [dt.date((index + i) // 12, (index + i) % 12 + 1, 1) for i in range(n)]


def communes() -> pd.DataFrame:
    """Every commune of the COG 2024 with its legal population (2021; 500 when unknown)."""
    from data import reference

    c = reference.communes()
    p = reference.populations()
    p = p[p["millesime"] == 2021].set_index("code_insee")["population_totale"]
    out = c[["code_insee", "departement"]].copy()
    out["population"] = out["code_insee"].map(p).fillna(500).astype(float)
    return out.reset_index(drop=True)


# -- job seekers -----------------------------------------------------------------------------
class JobSeekerMonths:
    """Generates one month of job seekers at the full grain, 54 cells per commune."""

    def __init__(self, table: pd.DataFrame, seed: int = 59):
        self.codes = table["code_insee"].to_numpy()
        n = len(table)
        self.n = n
        cells = CELLS_PER_COMMUNE_MONTH
        cat, sex, age, dur = np.meshgrid(np.arange(3), np.arange(2), np.arange(3), np.arange(3),
                                         indexing="ij")
        cat, sex, age, dur = (a.ravel() for a in (cat, sex, age, dur))
        weight = (np.asarray(CATEGORY_W)[cat] * 0.5 * np.asarray(AGE_W)[age]
                  * np.asarray(DURATION_W)[dur])
        self.commune_idx = np.repeat(np.arange(n, dtype=np.int32), cells)
        self.cell = (np.tile(cat, n), np.tile(sex, n), np.tile(age, n), np.tile(dur, n))
        rng = np.random.default_rng(seed)
        rate = 0.06 * rng.lognormal(0, 0.35, n)  # communes differ
        self.base = np.repeat(table["population"].to_numpy() * rate, cells) * np.tile(weight, n)
        self.seed = seed

    def frame(self, month: dt.date, index: int) -> pd.DataFrame:
        rng = np.random.default_rng([self.seed, index])
        season = 1 + 0.04 * np.sin(2 * np.pi * (month.month - 3) / 12)
        trend = 1 - 0.015 * index / 12
        counts = rng.poisson(self.base * season * trend).astype(np.int32)
        secret = (counts > 0) & (counts < 3) & (rng.random(len(counts)) < 0.3)
        cat, sex, age, dur = self.cell
        return pd.DataFrame({
            "month": np.full(len(counts), np.datetime64(month, "s")),
            "code_insee": pd.Categorical.from_codes(self.commune_idx, self.codes),
            "category": pd.Categorical.from_codes(cat, CATEGORIES),
            "sex": pd.Categorical.from_codes(sex, SEXES),
            "age_band": pd.Categorical.from_codes(age, AGES),
            "duration_band": pd.Categorical.from_codes(dur, DURATIONS),
            "count": pd.arrays.IntegerArray(counts, secret),
        })


# -- people (PLIE, Mission Locale) -------------------------------------------------------------
def _residence(rng, table: pd.DataFrame, n: int, qpv: pd.DataFrame):
    """Communes drawn in proportion to population, and a QPV code for some residents."""
    p = table["population"].to_numpy()
    idx = rng.choice(len(table), n, p=p / p.sum())
    codes = table["code_insee"].to_numpy()[idx]
    qpv_code = np.full(n, None, dtype=object)
    known = qpv.groupby("code_insee")["qpv_code"].apply(list).to_dict()
    big = table["population"].to_numpy()[idx] >= 10_000
    draw = rng.random(n)
    for i in np.flatnonzero(big & (draw < 0.25)):
        c = codes[i]
        choices = known.get(c)
        qpv_code[i] = choices[int(draw[i] * 1000) % len(choices)] if choices else f"QN{c}X"
    return codes, qpv_code


def plie(rng, table: pd.DataFrame, n: int, qpv: pd.DataFrame) -> dict[str, pd.DataFrame]:
    codes, qpv_code = _residence(rng, table, n, qpv)
    keys = _keys(rng, n)
    lo, hi = _day(FIRST_MONTH), _day(LAST_DAY)
    entry = rng.integers(lo, hi + 1, n).astype(float)
    exit_ = entry + rng.gamma(2.0, 260.0, n).round()
    exit_[exit_ > hi] = np.nan
    closed = ~np.isnan(exit_)
    kind_idx = rng.choice(3, n, p=EXIT_KIND_W)
    kinds = np.array(list(EXITS), dtype=object)[kind_idx]
    reasons = np.array([EXITS[k][int(r * len(EXITS[k]))] for k, r in
                        zip(kinds, rng.random(n), strict=True)], dtype=object)
    kinds[~closed] = None
    reasons[~closed] = None
    participants = pd.DataFrame({
        "person_key": keys, "code_insee": codes, "qpv_code": qpv_code,
        "sex": _pick(rng, SEXES, [0.5, 0.5], n),
        "age_at_entry": rng.integers(18, 65, n).astype(np.int16),
        "rsa": rng.random(n) < 0.4,
        "education_level": (rng.choice(8, n, p=LEVEL_W) + 1).astype(np.int16),
        "prescriber": _pick(rng, PRESCRIBERS, PRESCRIBER_W, n),
        "entry_date": _dates(entry), "exit_date": _dates(exit_),
        "exit_kind": kinds, "exit_reason": reasons,
    })
    per = rng.poisson(3.0, n)
    owner = np.repeat(np.arange(n), per)
    m = len(owner)
    end_of_path = np.where(closed, exit_, hi)[owner]
    start = entry[owner] + rng.random(m) * np.maximum(end_of_path - entry[owner], 1)
    start = np.floor(start)
    end = start + rng.integers(15, 240, m)
    end[end > hi] = np.nan
    families = list(STEPS)
    fam_idx = rng.choice(4, m, p=[0.35, 0.2, 0.3, 0.15])
    step_type = np.array([STEPS[families[f]][int(r * len(STEPS[families[f]]))]
                          for f, r in zip(fam_idx, rng.random(m), strict=True)], dtype=object)
    qualifying = pd.array(np.where(fam_idx == 1, rng.random(m) < 0.4, False), dtype="boolean")
    qualifying[fam_idx != 1] = pd.NA
    steps = pd.DataFrame({
        "person_key": keys[owner], "family": pd.Categorical.from_codes(fam_idx, families),
        "step_type": step_type, "start_date": _dates(start), "end_date": _dates(end),
        "qualifying": qualifying,
    })
    return {"plie_participants": participants, "plie_steps": steps}


def mission_locale(rng, table: pd.DataFrame, n: int, qpv: pd.DataFrame) -> dict[str, pd.DataFrame]:
    codes, qpv_code = _residence(rng, table, n, qpv)
    keys = _keys(rng, n)
    lo, hi = _day(FIRST_MONTH), _day(LAST_DAY)
    reg = rng.integers(lo, hi + 1, n).astype(float)
    young = pd.DataFrame({
        "person_key": keys, "code_insee": codes, "qpv_code": qpv_code,
        "sex": _pick(rng, SEXES, [0.5, 0.5], n),
        "age_at_registration": rng.integers(16, 26, n).astype(np.int16),
        "education_level": (rng.choice(8, n, p=LEVEL_W) + 1).astype(np.int16),
        "registration_date": _dates(reg),
    })

    def events(mean: float, span: int):
        per = rng.poisson(mean, n)
        owner = np.repeat(np.arange(n), per)
        when = reg[owner] + rng.integers(0, span, len(owner))
        keep = when <= hi
        return owner[keep], when[keep]

    owner, when = events(10.0, 730)
    contacts = pd.DataFrame({"person_key": keys[owner], "contact_date": _dates(when),
                             "contact_type": _pick(rng, CONTACT_TYPES, CONTACT_W, len(owner))})
    has = rng.random(n) < 0.7
    owner = np.flatnonzero(has)
    start = reg[owner] + rng.integers(0, 180, len(owner))
    keep = start <= hi
    owner, start = owner[keep], start[keep]
    cej_possible = start >= _day(dt.date(2022, 3, 1))
    programme = np.where(cej_possible & (rng.random(len(owner)) < 0.6), "CEJ", "PACEA")
    end = start + rng.integers(90, 540, len(owner))
    end[end > hi] = np.nan
    exit_reason = np.array(PROGRAMME_EXITS, dtype=object)[rng.integers(0, 5, len(owner))]
    exit_reason[np.isnan(end)] = None
    programmes = pd.DataFrame({"person_key": keys[owner], "programme": programme,
                               "start_date": _dates(start), "end_date": _dates(end),
                               "exit_reason": exit_reason})
    owner, when = events(1.0, 900)
    end = when + rng.integers(30, 365, len(owner))
    end[end > hi] = np.nan
    situations = pd.DataFrame({"person_key": keys[owner],
                               "category": _pick(rng, SITUATIONS, SITUATION_W, len(owner)),
                               "start_date": _dates(when), "end_date": _dates(end)})
    owner, when = events(3.0, 720)
    aid = pd.DataFrame({"person_key": keys[owner],
                        "scheme": _pick(rng, AID_SCHEMES, AID_W, len(owner)),
                        "payment_date": _dates(when),
                        "amount": rng.integers(2000, 50000, len(owner)) / 100})
    return {"ml_young": young, "ml_contacts": contacts, "ml_programmes": programmes,
            "ml_situations": situations, "financial_aid": aid}


def events_and_clauses(rng, table: pd.DataFrame) -> dict[str, pd.DataFrame]:
    big = table[table["population"] >= 5_000].reset_index(drop=True)
    n = 20_000
    idx = rng.integers(0, len(big), n)
    lo, hi = _day(FIRST_MONTH), _day(LAST_DAY)
    interviews = pd.array(rng.integers(0, 200, n), dtype="Int32")
    interviews[rng.random(n) < 0.3] = pd.NA
    events = pd.DataFrame({
        "event_date": _dates(rng.integers(lo, hi + 1, n).astype(float)),
        "name": np.array([f"Forum emploi n° {i}" for i in range(n)], dtype=object),
        "code_insee": big["code_insee"].to_numpy()[idx],
        "exhibitors": rng.integers(5, 150, n).astype(np.int32),
        "participants": rng.integers(20, 3000, n).astype(np.int32), "interviews": interviews,
    })
    n = 1_200_000
    site = rng.integers(0, len(big), 5_000)
    op = rng.integers(0, 5_000, n)
    p = table["population"].to_numpy()
    resident = table["code_insee"].to_numpy()[rng.choice(len(table), n, p=p / p.sum())]
    month_list = np.array([np.datetime64(m, "s") for m in months(120)])
    clauses = pd.DataFrame({
        "month": month_list[rng.integers(0, 120, n)],
        "operation": np.array([f"OP-{i:04d}" for i in range(5_000)], dtype=object)[op],
        "operation_insee": big["code_insee"].to_numpy()[site][op],
        "person_key": _keys(rng, 60_000)[rng.integers(0, 60_000, n)],
        "resident_insee": resident,
        "hours": rng.integers(700, 16_000, n) / 100,
    })
    return {"mde_events": events, "clause_hours": clauses}


# -- the store -----------------------------------------------------------------------------
def _params(n_months: int, n_plie: int, n_ml: int) -> dict:
    return {"format": FORMAT, "months": n_months, "plie": n_plie, "ml": n_ml}


def default_months() -> int:
    """Months of job seekers the data set holds: 120, or `TBE_BENCH_NATIONAL_MONTHS` (the
    latest ones, up to 2025-12) for a quicker first build on a loaded machine."""
    return int(os.environ.get("TBE_BENCH_NATIONAL_MONTHS", "120"))


class NationalSetMismatch(SystemExit):
    """The data set on disk is not the one asked for: never deleted without being told."""


def build(root: Path = ROOT, n_months: int | None = None, n_plie: int = 200_000,
          n_ml: int = 800_000, log=print) -> Path:
    """Write the data set into a store at `root`, unless the same one is already there (or
    one with more months). With fewer than 120 months, the latest ones, with the same rows
    as in the full set. A different set already there is kept: `NationalSetMismatch`
    (French message: how to use it, or `TBE_BENCH_NATIONAL_REBUILD=1` to replace it)."""
    n_months = n_months or default_months()
    from data import reference
    from data.store import Store

    stamp = root / "national.json"
    params = _params(n_months, n_plie, n_ml)
    if stamp.exists():
        have = json.loads(stamp.read_text())["params"]
        if have == params or (have["months"] >= n_months
                              and {**have, "months": n_months} == params):
            return root  # the same set, or one with more months (`view` takes the latest)
        if os.environ.get("TBE_BENCH_NATIONAL_REBUILD") != "1":
            raise NationalSetMismatch(
                f"Le jeu national de {root} a été construit avec {have} ; ce banc demande "
                f"{params}. Le reconstruire prend de 15 à 40 minutes : relancer avec "
                f"TBE_BENCH_NATIONAL_MONTHS={have['months']} pour garder celui-ci (si seul le "
                f"nombre de mois diffère), ou avec TBE_BENCH_NATIONAL_REBUILD=1 pour le "
                f"remplacer.")
    shutil.rmtree(root, ignore_errors=True)
    store = Store(root)
    table = communes()
    qpv = reference.qpv()
    t0 = time.perf_counter()

    def commit(source, territory, period, frames):
        raw = json.dumps({"synthetic": source, "territory": territory, "period": period,
                          **params}).encode()
        return store.commit_import(source=source, territory=territory, period=period,
                                   frames=frames, file_name=f"national_{source}_{territory}_{period}",
                                   raw=raw, user="bench", rows_read=sum(map(len, frames.values())))

    gen = JobSeekerMonths(table)
    every = months(120)
    for i, month in enumerate(every[len(every) - n_months:], start=len(every) - n_months):
        commit("de_commune", "france", f"{month:%Y-%m}", {"job_seekers": gen.frame(month, i)})
        if i % 12 == 11:
            log(f"  demandeurs d'emploi : jusqu'à {month:%Y-%m} ({time.perf_counter() - t0:.0f} s)")
    total_pop = table["population"].sum()
    rng = np.random.default_rng(2025)
    for dep, part in table.groupby("departement", sort=True):
        part = part.reset_index(drop=True)
        share = part["population"].sum() / total_pop
        terr = f"dep{dep}"
        commit("plie", terr, "2025-12", plie(rng, part, max(1, round(n_plie * share)), qpv))
        commit("ml", terr, "2025-12", mission_locale(rng, part, max(1, round(n_ml * share)), qpv))
    log(f"  PLIE et Mission Locale : {table['departement'].nunique()} départements "
        f"({time.perf_counter() - t0:.0f} s)")
    other = events_and_clauses(rng, table)
    commit("mde_events", "france", "2016-2025", {"mde_events": other["mde_events"]})
    commit("clauses", "france", "2016-2025", {"clause_hours": other["clause_hours"]})
    stamp.write_text(json.dumps({"params": params, "built_s": time.perf_counter() - t0,
                                 "built_at": dt.datetime.now().isoformat(timespec="seconds")}))
    log(f"  terminé en {time.perf_counter() - t0:.0f} s")
    return root


def view(job_seeker_months: int, root: Path = ROOT) -> Path:
    """A data directory on `root`'s files where only the latest `job_seeker_months` months of
    job seekers are active (the earlier monthly imports are marked rolled back)."""
    from data.catalog import read_catalog, write_atomically

    out = CACHE / f"view_{job_seeker_months:03d}m"
    out.mkdir(parents=True, exist_ok=True)
    link = out / "imports"
    if not link.is_symlink():
        shutil.rmtree(link, ignore_errors=True)
        link.symlink_to(root / "imports", target_is_directory=True)
    cat = read_catalog(root / "catalog.json")
    monthly = sorted((r for r in cat.imports if r.source == "de_commune"), key=lambda r: r.period)
    dropped = {r.id for r in monthly[:max(0, len(monthly) - job_seeker_months)]}
    for r in cat.imports:
        r.status = "rolled_back" if r.id in dropped else "active"
    write_atomically(out / "catalog.json", cat.to_json().encode("utf-8"))
    return out


def table_rows(data_dir: Path) -> dict[str, int]:
    """Rows of each table in the active Parquet files (read from the files' metadata)."""
    import duckdb

    from data.catalog import read_catalog

    files: dict[str, list[str]] = {}
    for r in read_catalog(data_dir / "catalog.json").active():
        for name, rel in r.tables.items():
            files.setdefault(name, []).append(str(data_dir / rel))
    con = duckdb.connect()
    try:
        return {name: int(con.execute("select sum(num_rows) from parquet_file_metadata(?)",
                                      [paths]).fetchone()[0]) for name, paths in files.items()}
    finally:
        con.close()


def disk_bytes(data_dir: Path) -> int:
    total = 0
    for base, _dirs, names in os.walk(data_dir / "imports", followlinks=True):
        total += sum(os.path.getsize(os.path.join(base, n)) for n in names)
    return total


# -- the single-machine ceiling ------------------------------------------------------------------
LADDER = (12, 24, 48, 72, 96, 120)
CAP_GB = 16.0  # never let a probe grow beyond this resident size
RESERVE_GB = 3.0  # and always leave this much memory available to the rest of the machine
PROBE_RUNS = 3


def _status_mb(pid: int | str, field: str) -> float:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _available_mb() -> float:
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def view_connection(data_dir: Path, kind: str = "view"):
    """The app's schema on `data_dir`, with views over the Parquet files instead of tables
    loaded in memory (`Store._build` with `create view`): a variant, not the app's code.
    `kind="table"`: every table loaded, job-seeker cells included, and summed from them
    (the store's build before the cells stayed on disk: what the cell-level queries of
    `bench_aggregates` read)."""
    import duckdb

    from data import reference
    from data.catalog import read_catalog
    from data.schema import TABLES, empty_select
    from data.store import active_rows, derive

    cat = read_catalog(data_dir / "catalog.json")
    con = duckdb.connect(":memory:")
    for name, df in reference.tables().items():
        con.register(f"_ref_{name}", df)
        con.execute(f"create table {name} as select * from _ref_{name}")
        con.unregister(f"_ref_{name}")
    for name, table in TABLES.items():
        files = [str(data_dir / r.tables[name]) for r in cat.active() if name in r.tables]
        if files:
            con.execute(f"create {kind} {name} as {active_rows(files, table)}")
        else:
            con.execute(f"create {kind} {name} as {empty_select(table)}")
    derive(con, kind=kind)
    return con


def probe(job_seeker_months: int, views: bool = False) -> None:
    """In a child process: load the store, time the « Demandeurs d'emploi » page (Nord),
    print that as a JSON line; then, while a cursor still holds the loaded version (a query
    still running), make the two catalogue changes a job-seeker import makes and load each
    new version, printing the time and memory peak of each reload as a JSON line:

    - a new month: the month before the loaded ones becomes active, as an import of a month
      no file had (its year's sums are summed again, the other years read from the
      earlier version's tables); when the data set has no month
      before them, the oldest loaded month is left out of the first load and comes back;
    - a month rolled back: the newest month leaves (its year summed again, as
      after a corrected month);
    - a Mission Locale extraction rolled back (one département's; a new file replacing it
      costs the same): the Mission Locale tables and their sums are loaded again."""
    import statistics

    from data.catalog import read_catalog, write_atomically
    from data.store import Store
    from queries import context, dashboards

    data_dir = view(job_seeker_months)
    cat = read_catalog(data_dir / "catalog.json")
    monthly = sorted((r for r in cat.imports if r.source == "de_commune"), key=lambda r: r.period)
    active = [r for r in monthly if r.status == "active"]
    earlier = [r for r in monthly if r.status != "active"]
    if earlier:
        added = earlier[-1]  # the month before the loaded ones
    else:
        added = active[0]  # none: the oldest month, left out of the first load
        added.status = "rolled_back"
        write_atomically(data_dir / "catalog.json", cat.to_json().encode("utf-8"))
    before = _status_mb("self", "VmRSS")
    store = Store(data_dir)
    t = time.perf_counter()
    con = view_connection(data_dir) if views else store.connection()
    load_s = time.perf_counter() - t
    rss = _status_mb("self", "VmRSS")
    rows = table_rows(data_dir)["job_seekers"]
    nord = tuple(context.territory_communes("nord"))
    dashboards.job_seekers_page(con, "nord", nord, 2025, None, audience="elu")  # warm-up
    times = []
    for _ in range(PROBE_RUNS):
        t = time.perf_counter()
        dashboards.job_seekers_page(con, "nord", nord, 2025, None, audience="elu")
        times.append((time.perf_counter() - t) * 1000)
    print(json.dumps({"months": job_seeker_months, "views": views, "job_seekers": rows,
                      "loaded_months": len(active) - (0 if earlier else 1),
                      "load_s": load_s, "rss_mb": rss - before, "rss_abs_mb": rss,
                      "hwm_mb": _status_mb("self", "VmHWM"),
                      "page_ms": (statistics.median(times), min(times), max(times))}), flush=True)
    if views:
        return

    def reload(change, label: str) -> None:
        cat = read_catalog(data_dir / "catalog.json")
        change(cat)
        write_atomically(data_dir / "catalog.json", cat.to_json().encode("utf-8"))
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")  # the peak (VmHWM) from now on
        start_rss = _status_mb("self", "VmRSS")
        t = time.perf_counter()
        fresh = store.connection()
        print(json.dumps({f"{label}_s": time.perf_counter() - t,
                          f"{label}_hwm_mb": _status_mb("self", "VmHWM"),
                          f"{label}_start_mb": start_rss}), flush=True)
        fresh.close()

    def add_month(cat):
        cat.get(added.id).status = "active"

    def drop_newest(cat):
        newest = max((r for r in cat.active() if r.source == "de_commune"),
                     key=lambda r: r.period)
        newest.status = "rolled_back"

    def drop_one_mission_locale(cat):
        # one département's Mission Locale extraction rolled back (or replaced by a new
        # file): every Mission Locale table is loaded again, and the sums that read them
        ml = sorted((r for r in cat.active() if r.source == "ml"), key=lambda r: r.id)
        ml[0].status = "rolled_back"

    reload(add_month, "reload")  # an import of a new month
    reload(drop_newest, "rebuild")  # a month rolled back (or replaced): its year summed again
    reload(drop_one_mission_locale, "ml")
    con.close()
    # the view's catalogue as `view()` makes it (the next probe rewrites it anyway)
    view(job_seeker_months)


def _spawn(job_seeker_months: int, views: bool, cap_mb: float, log) -> dict:
    import subprocess
    import sys

    args = [sys.executable, "-m", "bench.national", "--probe", str(job_seeker_months)]
    if views:
        args.append("--views")
    proc = subprocess.Popen(args, cwd=Path(__file__).resolve().parent.parent,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak, reason = 0.0, None
    while proc.poll() is None:
        try:
            rss = _status_mb(proc.pid, "VmRSS")
        except (OSError, ValueError):
            rss = 0.0
        peak = max(peak, rss)
        if rss > cap_mb:
            reason = f"arrêté à {_gib(rss)} Gio (plafond de l'essai : {_gib(cap_mb)} Gio)"
        elif _available_mb() < RESERVE_GB * 1024:
            reason = (f"arrêté à {_gib(rss)} Gio : il ne restait que "
                      f"{_gib(_available_mb())} Gio à la machine")
        if reason:
            proc.kill()
            break
        time.sleep(0.2)
    out, err = proc.communicate()
    if reason is None and proc.returncode != 0:
        last = (err.strip().splitlines() or ["?"])[-1]
        reason = f"échec (code {proc.returncode}) : {last[:200]}"
    lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    if not lines:
        log(f"  {job_seeker_months} mois : {reason}")
        return {"months": job_seeker_months, "views": views, "failed": reason, "peak_mb": peak}
    result = lines[0]
    for line in lines[1:]:
        result.update(line)
    if len(lines) == 1 and not views:
        result["reload_failed"] = reason or "?"
        result["reload_peak_mb"] = peak
    log(f"  {job_seeker_months} mois{' (vues)' if views else ''} : {_n(result['job_seekers'])} "
        f"lignes, {result['load_s']:.0f} s, {_gib(result['hwm_mb'])} Gio, page "
        f"{result['page_ms'][0]:.0f} ms ; rechargement : "
        f"{result.get('reload_failed') or _gib(result.get('reload_hwm_mb', 0)) + ' Gio'}")
    return result


def run(ladder=LADDER, log=print) -> dict:
    build(log=log)
    # a data set of fewer months (TBE_BENCH_NATIONAL_MONTHS) is measured up to its size
    ladder = sorted({m for m in ladder if m <= default_months()} | {default_months()})
    available = _available_mb()
    cap_mb = min(CAP_GB * 1024, available - RESERVE_GB * 1024)
    probes = []
    for m in ladder:
        probes.append(_spawn(m, False, cap_mb, log))
        if "failed" in probes[-1]:
            break
    views = _spawn(max(ladder), True, cap_mb, log)
    rows = table_rows(ROOT)
    return {"probes": probes, "views": views, "cap_mb": cap_mb, "available_mb": available,
            "total_mb": _meminfo_total_mb(), "other_rows": sum(v for k, v in rows.items()
                                                                if k != "job_seekers"),
            "people": rows.get("plie_participants", 0) + rows.get("ml_young", 0),
            "disk_gb": disk_bytes(ROOT) / 1e9, "built_months": default_months()}


def _meminfo_total_mb() -> float:
    with open("/proc/meminfo") as f:
        return int(f.readline().split()[1]) / 1024


def _n(x: float) -> str:
    return f"{x:,.0f}".replace(",", " ")


def _dec(x: float, digits: int = 1) -> str:
    return f"{x:.{digits}f}".replace(".", ",")


def _gib(mb: float) -> str:
    return f"{mb / 1024:.1f}".replace(".", ",")


def _peak_ratio(p: dict, label: str) -> float:
    """A reload's memory peak ÷ the process's resident memory when it began (after the first
    load when the probe did not record it)."""
    return p[f"{label}_hwm_mb"] / p.get(f"{label}_start_mb", p["rss_abs_mb"])


def markdown(result: dict) -> str:
    ok = [p for p in result["probes"] if "failed" not in p]
    failed = [p for p in result["probes"] if "failed" in p]
    lines = [
        f"Données : 34 935 communes × N mois × 54 cellules de demandeurs d'emploi (un import "
        f"par mois), plus {_n(result['people'])} personnes PLIE et Mission Locale et leurs "
        f"{_n(result['other_rows'] - result['people'])} lignes d'étapes, contacts, aides, etc. "
        f"(toujours chargées) ; {result.get('built_months', 120)} mois = "
        f"{_dec(result['disk_gb'], 2)} Go de Parquet. Machine : "
        f"{_gib(result['total_mb'])} Gio de mémoire, {_gib(result['available_mb'])} Gio "
        f"disponibles au départ ; chaque essai est arrêté au-delà de "
        f"{_gib(result['cap_mb'])} Gio résidents ou s'il laisse moins de {RESERVE_GB:.0f} Gio à "
        f"la machine. Page « Demandeurs d'emploi » du Nord (647 communes) : médiane / min / max "
        f"de {PROBE_RUNS} mesures, en ms.",
        "",
        "| mois chargés | lignes demandeurs d'emploi | `Store.connection()` (s) | mémoire "
        "résidente après (Gio) | pic (Gio) | page « Demandeurs d'emploi », Nord (ms) | "
        "import d'un nouveau mois : pic (Gio) | ÷ mémoire au début du rechargement | mois "
        "annulé (son année recalculée) : pic (Gio) | ÷ mémoire au début du rechargement |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | --- | ---: |",
    ]
    for p in ok:
        page = " / ".join(_n(x) for x in p["page_ms"])
        reload = (p["reload_failed"] if "reload_failed" in p else
                  f"{_gib(p['reload_hwm_mb'])} ({_dec(p['reload_s'])} s)")
        ratio = (f"{_peak_ratio(p, 'reload'):.2f}".replace(".", ",")
                 if "reload_hwm_mb" in p and p.get("rss_abs_mb") else "—")
        rebuild, rebuild_ratio = "—", "—"
        if "rebuild_hwm_mb" in p:
            rebuild = f"{_gib(p['rebuild_hwm_mb'])} ({_dec(p['rebuild_s'])} s)"
            rebuild_ratio = f"{_peak_ratio(p, 'rebuild'):.2f}".replace(".", ",")
        months = (f"{p['months']}" if p.get("loaded_months", p["months"]) == p["months"]
                  else f"{p['loaded_months']} (+1 importé)")
        lines.append(f"| {months} | {_n(p['job_seekers'])} | {_dec(p['load_s'])} | "
                     f"{_gib(p['rss_mb'])} | {_gib(p['hwm_mb'])} | {page} | {reload} | {ratio} "
                     f"| {rebuild} | {rebuild_ratio} |")
    for p in failed:
        rows = p["months"] * 34_935 * 54
        lines.append(f"| {p['months']} | {_n(rows)} | — | — | {_gib(p['peak_mb'])} | "
                     f"{p['failed']} | — | — | — | — |")
    v = result["views"]
    if "failed" in v:
        lines.append(f"| témoin : {v['months']} mois, vues sur Parquet | — | — | — | "
                     f"{_gib(v['peak_mb'])} | {v['failed']} | — | — | — | — |")
    else:
        page = " / ".join(_n(x) for x in v["page_ms"])
        lines.append(f"| témoin : {v['months']} mois, vues sur Parquet (lues à chaque requête) | "
                     f"{_n(v['job_seekers'])} | {_dec(v['load_s'])} | {_gib(v['rss_mb'])} | "
                     f"{_gib(v['hwm_mb'])} | {page} | rien à recharger | — | — | — |")
    if len(ok) >= 2:
        a, b = ok[0], ok[-1]
        per_row = max((b["rss_mb"] - a["rss_mb"]) * 1024 * 1024
                      / max(b["job_seekers"] - a["job_seekers"], 1), 0.1)  # noise floor
        base_mb = a["rss_mb"] - a["job_seekers"] * per_row / 1024 / 1024
        budget_mb = result["total_mb"] * 0.8  # DuckDB's default memory limit

        def months_for(mb: float) -> float:
            return (mb - base_mb) * 1024 * 1024 / per_row / (34_935 * 54)

        reloaded = [p for p in ok if "reload_hwm_mb" in p]
        factor = max((p["reload_hwm_mb"] / p["hwm_mb"] for p in reloaded), default=2.0)
        need_120 = base_mb + 120 * 34_935 * 54 * per_row / 1024 / 1024
        resident = max((_peak_ratio(p, "reload") for p in reloaded if p.get("rss_abs_mb")),
                       default=factor)
        rebuilt = max((_peak_ratio(p, "rebuild") for p in ok
                       if p.get("rss_abs_mb") and "rebuild_hwm_mb" in p), default=math.nan)
        lines += ["", f"Coût mesuré : {_dec(per_row)} octets en mémoire par ligne de "
                  f"demandeurs d'emploi des fichiers (pente entre {a['months']} et "
                  f"{b['months']} mois : les cellules restent sur disque, seules leurs sommes "
                  f"par commune et mois sont chargées), {_gib(base_mb)} Gio pour le reste "
                  f"(PLIE, Mission Locale, leurs sommes par année, référentiels). 120 mois au "
                  f"grain complet demanderaient {_gib(need_120)} Gio."]
        if per_row < 10:
            lines[-1] += (
                " La mémoire ne croît presque plus avec les mois de demandeurs d'emploi : le "
                "plafond d'une machine n'est plus fixé par eux mais par les personnes (PLIE, "
                "Mission Locale), toujours chargées. Les sommes des demandeurs d'emploi sont "
                "rangées par année civile : un import d'un nouveau mois ne recalcule que son "
                "année (un mois à la fois), pendant que la version précédente sert encore : "
                "pic × "
                f"{_dec(resident, 2)} de la mémoire résidente au plus (objectif ≤ 1,3 : "
                f"{'tenu' if resident <= 1.3 else 'NON TENU'}). Un mois annulé (ou "
                "remplacé par un fichier corrigé) fait recalculer son année : pic × "
                f"{_dec(rebuilt, 2)} au plus (la version précédente et la sienne, encore "
                "tenues, comptent dans la mémoire de départ). "
                + (f"L'extraction Mission Locale d'un département annulée (ou remplacée) fait "
                   f"recharger les tables de son groupe de territoires (1 sur 8) et recalculer "
                   f"les sommes Mission Locale (par parts de 200 000 jeunes) : pic × "
                   f"{_dec(ml_ratio, 2)} au plus (objectif ≤ 1,3 : "
                   f"{'tenu' if ml_ratio <= 1.3 else 'NON TENU'}). "
                   # (NaN, never equal to itself, when no probe measured it)
                   if (ml_ratio := max((_peak_ratio(p, "ml") for p in ok if "ml_hwm_mb" in p),
                                       default=math.nan)) == ml_ratio else "")
                + (f"60 mois mesurés : {_gib(at60['rss_mb'])} Gio résidents (objectif ≤ 4 Gio : "
                   f"{'tenu' if at60['rss_mb'] <= 4096 else 'NON TENU'})."
                   if (at60 := next((p for p in ok if p["months"] == 60), None)) else
                   f"Pour 60 mois, la pente donne "
                   f"{_gib(base_mb + 60 * 34_935 * 54 * per_row / 1024 / 1024)} "
                   "Gio résidents (extrapolé, objectif ≤ 4 Gio)."))
        else:
            lines[-1] += (
                f" Plafond d'une machine de {_gib(result['total_mb'])} Gio avec la limite par "
                f"défaut de DuckDB (80 % de la mémoire, {_gib(budget_mb)} Gio) : environ "
                f"{months_for(budget_mb):.0f} mois de toute la France au grain complet tant "
                f"qu'aucun import n'arrive ; mais un import fait construire la nouvelle base "
                f"pendant que l'ancienne sert encore (pic mesuré : × {_dec(factor)}), ce qui "
                f"ramène le plafond utilisable à environ {months_for(budget_mb / factor):.0f} mois.")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--months", type=int, default=None)
    ap.add_argument("--plie", type=int, default=200_000)
    ap.add_argument("--ml", type=int, default=800_000)
    ap.add_argument("--probe", type=int, help="(interne) mesure d'un essai du plafond")
    ap.add_argument("--views", action="store_true", help="(interne) avec --probe : vues")
    ap.add_argument("--ceiling", action="store_true", help="mesurer le plafond (Markdown)")
    a = ap.parse_args()
    if a.probe:
        probe(a.probe, a.views)
        return
    if a.ceiling:
        print(markdown(run()))
        return
    root = build(n_months=a.months, n_plie=a.plie, n_ml=a.ml)
    for name, n in sorted(table_rows(root).items()):
        print(f"{name:20} {n:>12,}".replace(",", " "))
    print(f"Parquet : {disk_bytes(root) / 1e9:.2f} Go")


if __name__ == "__main__":
    main()
