"""Synthetic Mission Locale records: young people, programmes (CEJ, PACEA), contacts,
professional situations and financial aid, for the two years of a territory.

Construction, in order:
1. programme periods by "pool" (a: started the year before N-1 and ended in N-1; b: same start,
   ended in N; c: started and ended in N-1; d: started in N-1, still running in N; e: started
   in N), each period held by a distinct young person;
2. people: age at programme start, birth date and registration date (before the start), then
   people registered without a programme so that new registrations per year are exact;
3. the people followed each year (at least one interview), cut into segments (inside a CEJ,
   inside a PACEA, outside any programme) on which interviews and other contacts are
   allocated with exact totals per segment kind;
4. situations started inside the CEJ period (exact persons and measures) and aid payments
   (exact amount and recipients per scheme).
"""

import numpy as np
import pandas as pd

from demo import records_ml_activity as act
from demo.records_common import (
    NA_DAY,
    add_years_days,
    avoid_weekends,
    birth_days,
    flags,
    pick,
    rng_for,
    to_dates,
    uniform_days,
    year_days,
)
from demo.records_targets import (
    MELT_AID_2022,
    MELT_AID_2023,
    MELT_CEJ_2023,
    MELT_COMMUNES,
    MELT_ML,
    MELT_PACEA_2023,
    MNO_AID_2024,
    MNO_AID_2025,
    MNO_CEJ_2025,
    MNO_COMMUNES,
    MNO_ML,
    MNO_PACEA_2025,
)

AGES = np.arange(16, 26)
AGE_P = np.array([0.05, 0.09, 0.14, 0.15, 0.14, 0.12, 0.1, 0.08, 0.07, 0.06])
EXIT_REASONS_PROG = {
    "CEJ": (
        [
            "Emploi durable",
            "Alternance",
            "Formation",
            "Fin de CEJ sans solution",
            "Abandon",
            "Déménagement",
        ],
        [0.25, 0.1, 0.2, 0.25, 0.15, 0.05],
    ),
    "PACEA": (
        ["Emploi", "Formation", "Fin de PACEA", "Abandon", "Déménagement"],
        [0.3, 0.2, 0.3, 0.15, 0.05],
    ),
}


def _spec(territory: str) -> dict:
    if territory == "mno":
        pop = {c: v[1] for c, v in MNO_COMMUNES.items()}
        return {
            "code": 1,
            "prefix": "ML-MNO-",
            "years": (2024, 2025),
            "communes": MNO_COMMUNES,
            "commune_weights": pop,
            "qpv_share": {"59328": 0.2, "59378": 0.12},
            "qpv_code_weights": {"59328": [1.0], "59378": [1.0]},
            "men_share": 0.53,
            "programmes": {
                "CEJ": (365, 30, {"a": 270, "b": 0, "c": 288, "d": 322, "e": 648}),
                "PACEA": (
                    730,
                    60,
                    {"a": 120, "b": 20, "c": 90, "d": 180, "e": MNO_PACEA_2025["entries"]},
                ),
            },
            "registrations": MNO_ML["new_registrations"],
            "older_cohorts": {2020: 150, 2021: 200, 2022: 250, 2023: 320},
            "followed": MNO_ML["followed"],
            "contacted_only": {2024: 150, 2025: 170},
            "contacts": {
                2024: {"CEJ": (7020, 9700), "PACEA": (1250, 1800), "none": (4842, 8715)},
                2025: {"CEJ": (8900, 12851), "PACEA": (1450, 2100), "none": (6214, 12477)},
            },
            "solutions": {
                2024: (
                    500,
                    {
                        "emploi": 850,
                        "alternance": 140,
                        "formation": 300,
                        "immersion": 130,
                        "volontariat": 35,
                        "scolarite": 25,
                    },
                ),
                2025: (
                    MNO_CEJ_2025["persons_with_solution"],
                    {
                        "emploi": 980,
                        "alternance": 160,
                        "formation": 330,
                        "immersion": 150,
                        "volontariat": 40,
                        "scolarite": 34,
                    },
                ),
            },
            "extra_situations": {2024: 520, 2025: 600},
            "aid": {2024: MNO_AID_2024, 2025: MNO_AID_2025},
            "cej_entry_quotas": {"qpv": MNO_CEJ_2025["entries_qpv"]},
            "pacea_quotas": None,
        }
    pop = {c: v[1] for c, v in MELT_COMMUNES.items()}
    c, p = MELT_CEJ_2023, MELT_PACEA_2023
    return {
        "code": 2,
        "prefix": "ML-MELT-",
        "years": (2022, 2023),
        "communes": MELT_COMMUNES,
        "commune_weights": {k: v * (1.8 if k == "59599" else 1.0) for k, v in pop.items()},
        "qpv_share": {"59599": 0.42},
        "qpv_code_weights": {"59599": [0.03, 0.2, 0.2, 0.3, 0.15, 0.12]},
        "men_share": 0.51,
        "programmes": {
            "CEJ": (365, 30, {"a": 250, "b": 0, "c": 560, "d": 560, "e": c["entries"]}),
            "PACEA": (730, 60, {"a": 300, "b": 250, "c": 150, "d": 486, "e": p["entries"]}),
        },
        "registrations": MELT_ML["new_registrations"],
        "older_cohorts": {2018: 200, 2019: 250, 2020: 300, 2021: 400},
        "followed": MELT_ML["followed"],
        "contacted_only": {2022: 200, 2023: 240},
        "contacts": {
            2022: {"CEJ": (12800, 5200), "PACEA": (5300, 2400), "none": (1900, 2400)},
            2023: {
                "CEJ": (c["interviews"], 6000),
                "PACEA": (p["interviews"], 3000),
                "none": (2258, 3500),
            },
        },
        "solutions": {
            2022: (880, {"emploi": 1120, "alternance": 170, "formation": 270, "immersion": 190}),
            2023: (c["persons_with_solution"], c["measures"]),
        },
        "extra_situations": {2022: 900, 2023: 950},
        "aid": {2022: MELT_AID_2022, 2023: MELT_AID_2023},
        "cej_entry_quotas": {
            "men": c["men"],
            "main": ("59599", c["tourcoing"]),
            "qpv": c["qpv"],
            "level2": c["no_qualification"],
            "ages": {
                16: 35,
                17: c["minors"] - 35,
                "18-21": c["aged_18_21"],
                "22-25": c["entries"] - c["minors"] - c["aged_18_21"],
            },
        },
        "pacea_quotas": {"women": p["women"], "main": ("59599", 1010), "qpv": p["qpv"]},
    }


# --- 1. programme periods ---------------------------------------------------------------------


def _pool_periods(pool: str, n: int, y0: int, max_len: int, min_len: int, rng):
    jm, dm = year_days(y0 - 1)
    j0, d0 = year_days(y0)
    j1, d1 = year_days(y0 + 1)
    u = rng.random(n)
    if pool == "a":  # started in y0-1, ended in y0
        lo = max(jm, j0 - max_len + 30)
        start = uniform_days(np.full(n, lo), np.full(n, dm), rng)
        end = uniform_days(np.maximum(j0, start + min_len), np.minimum(start + max_len, d0), rng)
    elif pool == "b":  # started in y0-1, still running in y1
        lo = max(jm, j1 - max_len + 30)
        start = uniform_days(np.full(n, lo), np.full(n, dm), rng)
        end = uniform_days(np.full(n, j1), np.minimum(start + max_len, d1), rng)
    elif pool == "c":  # started and ended in y0
        start = j0 + np.floor((d0 - min_len - j0) * u**1.4).astype(np.int64)
        end = uniform_days(start + min_len, np.minimum(start + max_len, d0), rng)
    elif pool == "d":  # started in y0, still running in y1
        lo = max(j0, j1 - max_len + 30)
        start = d0 - np.floor((d0 - lo) * u**1.5).astype(np.int64)
        end = uniform_days(np.full(n, j1), start + max_len, rng)
    else:  # "e": started in y1
        start = uniform_days(np.full(n, j1), np.full(n, d1), rng)
        end = start + rng.integers(min_len, max_len + 1, size=n)
    y_lo, y_hi = {"a": (jm, dm), "b": (jm, dm), "c": (j0, d0), "d": (j0, d0)}.get(pool, (j1, d1))
    start = avoid_weekends(start, np.full(n, y_lo), np.full(n, y_hi))
    end = np.where(end > d1, NA_DAY, np.maximum(end, start + 1))
    return start, end


def _periods(spec: dict, rng) -> pd.DataFrame:
    y0 = spec["years"][0]
    parts = []
    for prog, (max_len, min_len, pools) in spec["programmes"].items():
        for pool, n in pools.items():
            s, e = _pool_periods(pool, n, y0, max_len, min_len, rng)
            parts.append(pd.DataFrame({"programme": prog, "pool": pool, "start": s, "end": e}))
    return pd.concat(parts, ignore_index=True)


# --- 2. people --------------------------------------------------------------------------------


def _places(n: int, spec: dict, rng, main=None, qpv=None):
    communes, weights = spec["communes"], spec["commune_weights"]
    codes = list(communes)
    commune = np.empty(n, dtype=object)
    if main is not None:
        code, k = main
        is_main = flags(n, k, rng)
        commune[is_main] = code
        rest = [c for c in codes if c != code]
        commune[~is_main] = pick(rest, [weights[c] for c in rest], (~is_main).sum(), rng)
    else:
        commune[:] = pick(codes, [weights[c] for c in codes], n, rng)
    qcode = np.full(n, None, dtype=object)
    qpv_communes = [c for c in codes if communes[c][2]]
    if qpv is None:
        chosen = np.zeros(n, dtype=bool)
        for c in qpv_communes:
            m = commune == c
            chosen |= m & (rng.random(n) < spec["qpv_share"][c])
    else:
        eligible = np.flatnonzero(np.isin(commune, qpv_communes))
        chosen = np.zeros(n, dtype=bool)
        chosen[rng.choice(eligible, size=qpv, replace=False)] = True
    for c in qpv_communes:
        m = chosen & (commune == c)
        qcode[m] = pick(communes[c][2], spec["qpv_code_weights"][c], m.sum(), rng)
    return commune, qcode


def _levels(n: int, rng, level2: int | None = None) -> np.ndarray:
    if level2 is None:
        return rng.choice([2, 3, 4, 5, 6], size=n, p=[0.33, 0.2, 0.33, 0.09, 0.05])
    is2 = flags(n, level2, rng)
    other = rng.choice([3, 4, 5, 6], size=n, p=[0.32, 0.5, 0.12, 0.06])
    return np.where(is2, 2, other)


def _people(spec: dict, periods: pd.DataFrame, rng) -> pd.DataFrame:
    y0, y1 = spec["years"]
    n_prog = len(periods)
    start = periods["start"].to_numpy()
    is_cej_e = ((periods["programme"] == "CEJ") & (periods["pool"] == "e")).to_numpy()
    is_pacea_y1 = (periods["programme"] == "PACEA") & periods["pool"].isin(["b", "d", "e"])
    is_pacea_y1 = is_pacea_y1.to_numpy()
    # ages at programme start
    age = rng.choice(AGES, size=n_prog, p=AGE_P)
    quotas = spec["cej_entry_quotas"]
    if "ages" in quotas:
        idx = np.flatnonzero(is_cej_e)
        parts = []
        for key, k in quotas["ages"].items():
            if isinstance(key, int):
                parts.append(np.full(k, key))
            else:
                a, b = (int(x) for x in key.split("-"))
                w = np.linspace(1.3, 0.8, b - a + 1)
                parts.append(rng.choice(np.arange(a, b + 1), size=k, p=w / w.sum()))
        ages_e = np.concatenate(parts)
        rng.shuffle(ages_e)
        age[idx] = ages_e
    birth = birth_days(start, age, rng)
    gap_max = start - add_years_days(birth, 16)
    gap = np.where(
        rng.random(n_prog) < 0.4,
        rng.integers(0, 46, size=n_prog),
        rng.integers(46, 1100, size=n_prog),
    )
    gap = np.clip(np.minimum(gap, gap_max), 0, None)
    reg = start - gap
    reg = avoid_weekends(reg, np.maximum(reg - 2, start - gap_max), start)
    # people registered without a programme, to make new registrations exact
    reg_parts, birth_parts = [reg], [birth]
    cohorts = dict(spec["older_cohorts"])
    for y in (y0, y1):
        j, d = year_days(y)
        already = int(((reg >= j) & (reg <= d)).sum())
        cohorts[y] = spec["registrations"][y] - already
        if cohorts[y] < 0:
            raise AssertionError(f"too many programme registrations in {y}")
    for y, k in sorted(cohorts.items()):
        j, d = year_days(y)
        r = uniform_days(np.full(k, j), np.full(k, d), rng)
        r = avoid_weekends(r, np.full(k, j), np.full(k, d))
        reg_parts.append(r)
        birth_parts.append(birth_days(r, rng.choice(AGES, size=k, p=AGE_P), rng))
    reg = np.concatenate(reg_parts)
    birth = np.concatenate(birth_parts)
    n = len(reg)
    commune, qpv = _places(n, spec, rng)
    men = rng.random(n) < spec["men_share"]
    level = _levels(n, rng)
    # exact quotas on the report year's CEJ entrants and PACEA people
    idx = np.flatnonzero(is_cej_e)
    c, q = _places(len(idx), spec, rng, main=quotas.get("main"), qpv=quotas["qpv"])
    commune[idx], qpv[idx] = c, q
    if "men" in quotas:
        men[idx] = flags(len(idx), quotas["men"], rng)
    if "level2" in quotas:
        level[idx] = _levels(len(idx), rng, quotas["level2"])
    pq = spec["pacea_quotas"]
    if pq:
        idx = np.flatnonzero(is_pacea_y1)
        c, q = _places(len(idx), spec, rng, main=pq["main"], qpv=pq["qpv"])
        commune[idx], qpv[idx] = c, q
        men[idx] = ~flags(len(idx), pq["women"], rng)
    return pd.DataFrame(
        {
            "code_insee": commune,
            "qpv_code": qpv,
            "sex": np.where(men, "H", "F").astype(object),
            "birth": birth,
            "education_level": level.astype(np.int64),
            "reg": reg,
            "prog": np.concatenate([periods["programme"].to_numpy(), np.full(n - n_prog, None)]),
            "p_start": np.concatenate([start, np.full(n - n_prog, NA_DAY)]),
            "p_end": np.concatenate([periods["end"].to_numpy(), np.full(n - n_prog, NA_DAY)]),
        }
    )


# --- assembly ---------------------------------------------------------------------------------


def build_ml(territory: str) -> dict[str, pd.DataFrame]:
    spec = _spec(territory)
    rng = rng_for(spec["code"], 20)
    periods = _periods(spec, rng)
    people = _people(spec, periods, rng)
    order = np.lexsort((people["birth"].to_numpy(), people["reg"].to_numpy()))
    people = people.iloc[order].reset_index(drop=True)
    ids = np.array([f"{spec['prefix']}{i:06d}" for i in range(1, len(people) + 1)], dtype=object)
    intensity = rng.gamma(2.0, 0.5, size=len(people))
    contacts, situations, aid = [], [], []
    for year in spec["years"]:
        yrng = rng_for(spec["code"], 21, year)
        followed, only = act.followed_people(people, spec, year, yrng)
        contacts.append(act.contacts(people, spec, year, followed, only, intensity, yrng))
        situations.append(act.situations(people, spec, year, followed, yrng))
        aid.append(act.aid_payments(people, spec, year, followed, yrng))
    contacts = pd.concat(contacts, ignore_index=True).sort_values(["person", "date"], kind="stable")
    situations = pd.concat(situations, ignore_index=True).sort_values(
        ["person", "start"], kind="stable"
    )
    aid = pd.concat(aid, ignore_index=True).sort_values(["date", "person"], kind="stable")
    prog_rows = people[people["prog"].notna()]
    reasons = np.full(len(prog_rows), None, dtype=object)
    for prog, (labels, p) in EXIT_REASONS_PROG.items():
        m = ((prog_rows["prog"] == prog) & (prog_rows["p_end"] != NA_DAY)).to_numpy()
        reasons[m] = pick(labels, p, m.sum(), rng)
    programmes = pd.DataFrame(
        {
            "person_id": ids[prog_rows.index.to_numpy()],
            "programme": prog_rows["prog"].to_numpy().astype(object),
            "start_date": to_dates(prog_rows["p_start"].to_numpy()),
            "end_date": to_dates(prog_rows["p_end"].to_numpy()),
            "exit_reason": reasons,
        }
    ).sort_values(["start_date", "person_id"], kind="stable", ignore_index=True)
    return {
        "ml_young": pd.DataFrame(
            {
                "person_id": ids,
                "code_insee": people["code_insee"].to_numpy().astype(object),
                "qpv_code": people["qpv_code"].to_numpy().astype(object),
                "sex": people["sex"].to_numpy().astype(object),
                "birth_date": to_dates(people["birth"].to_numpy()),
                "education_level": people["education_level"].to_numpy().astype(np.int64),
                "registration_date": to_dates(people["reg"].to_numpy()),
            }
        ),
        "ml_contacts": pd.DataFrame(
            {
                "person_id": ids[contacts["person"].to_numpy()],
                "contact_date": to_dates(contacts["date"].to_numpy()),
                "contact_type": contacts["type"].to_numpy(),
            }
        ),
        "ml_programmes": programmes,
        "ml_situations": pd.DataFrame(
            {
                "person_id": ids[situations["person"].to_numpy()],
                "category": situations["category"].to_numpy().astype(object),
                "start_date": to_dates(situations["start"].to_numpy()),
                "end_date": to_dates(situations["end"].to_numpy()),
            }
        ),
        "financial_aid": pd.DataFrame(
            {
                "person_id": ids[aid["person"].to_numpy()],
                "scheme": aid["scheme"].to_numpy().astype(object),
                "payment_date": to_dates(aid["date"].to_numpy()),
                "amount": aid["cents"].to_numpy().astype(np.int64) / 100,
            }
        ),
    }
