"""Synthetic PLIE steps (étapes de parcours): exact quotas for the report year, and older
steps, ended before the report year, for the history.

The report year's steps go to a chosen number of participants of the year ("holders"): steps
started before the year and still running on 1 January go to earlier entrants, the others are
spread over the holders (at least one each) in proportion to their time in the pathway, and
families / qualifying flags come from shuffled exact-quota vectors.
"""

import numpy as np
import pandas as pd

from demo.records_common import (
    NA_DAY,
    allocate,
    avoid_weekends,
    pick,
    quota_vector,
    uniform_days,
    year_days,
)
from demo.records_targets import MELT_PLIE_STEPS_2023, MNO_PLIE_STEPS_2025

STEP_TYPES = {
    "emploi": [
        "CDI",
        "CDD de 6 mois et plus",
        "CDD de moins de 6 mois",
        "Intérim",
        "Contrat aidé (PEC)",
        "Structure d'insertion (IAE)",
    ],
    ("formation", True): ["Formation qualifiante", "Formation certifiante", "Titre professionnel"],
    ("formation", False): ["Formation pré-qualifiante", "Remise à niveau", "Permis de conduire"],
    "mobilisation": [
        "Médiation emploi",
        "Atelier recherche d'emploi",
        "Action d'orientation",
        "PMSMP",
        "Accompagnement spécifique seniors",
    ],
    "social": ["Action de santé", "Accompagnement social", "Accès au logement", "Levée des freins"],
}
STEP_DURATIONS = {  # days (min, max)
    "emploi": (20, 365),
    "formation": (30, 240),
    "mobilisation": (7, 90),
    "social": (14, 180),
}


def _step_rows(person, family, qual, start, end, rng) -> pd.DataFrame:
    n = len(person)
    step_type = np.empty(n, dtype=object)
    for key, labels in STEP_TYPES.items():
        if isinstance(key, tuple):
            m = (family == key[0]) & (qual == key[1])
        else:
            m = family == key
        step_type[m] = pick(labels, np.ones(len(labels)), m.sum(), rng)
    q = pd.array(np.where(family == "formation", qual, None), dtype="boolean")
    return pd.DataFrame(
        {
            "person": person,
            "family": family.astype(object),
            "step_type": step_type,
            "start": start,
            "end": end,
            "qualifying": q,
        }
    )


def _durations(family: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    out = np.zeros(len(family), dtype=np.int64)
    for f, (a, b) in STEP_DURATIONS.items():
        m = family == f
        out[m] = rng.integers(a, b + 1, size=m.sum())
    return out


def steps_for_year(df: pd.DataFrame, year: int, spec: dict, rng) -> pd.DataFrame:
    """Steps overlapping `year` for the year's participants, with exact quotas."""
    j1, d31 = year_days(year)
    entry, exit_ = df["entry"].to_numpy(), df["exit"].to_numpy()
    in_stock = (entry <= d31) & ((exit_ == NA_DAY) | (exit_ >= j1))
    entrants = np.flatnonzero(in_stock & (entry >= j1))
    earlier = np.flatnonzero(in_stock & (entry < j1))
    hold_e = rng.choice(entrants, size=spec["holders"]["entrants"], replace=False)
    hold_o = rng.choice(earlier, size=spec["holders"]["earlier"], replace=False)
    n_pre = sum(spec["pre"].values())
    pre_holders = hold_o[:n_pre]  # hold_o is already in random order
    holders = np.concatenate([hold_e, hold_o])
    lo = np.maximum(entry[holders], j1)
    hi = np.where(exit_[holders] == NA_DAY, d31, np.minimum(exit_[holders], d31))
    minimum = (~np.isin(holders, pre_holders)).astype(np.int64)
    n_in = sum(spec["in_year"].values())
    counts = minimum + allocate(n_in - minimum.sum(), (hi - lo + 30).astype(float), rng)
    person = np.repeat(holders, counts)
    keys = quota_vector({k: v for k, v in spec["in_year"].items()}, rng)
    family = np.array([k[0] for k in keys], dtype=object)
    qual = np.array([k[1] for k in keys], dtype=object)
    s_lo, s_hi = np.repeat(lo, counts), np.repeat(hi, counts)
    start = uniform_days(s_lo, s_hi, rng)
    start = avoid_weekends(start, s_lo, s_hi)
    end = start + _durations(family, rng)
    p_exit = exit_[person]
    end = np.where(p_exit != NA_DAY, np.minimum(end, p_exit), end)
    end = np.where(end > d31, NA_DAY, end)
    in_year = _step_rows(person, family, qual, start, end, rng)
    # steps started before the year and still running on 1 January
    keys = quota_vector({k: v for k, v in spec["pre"].items()}, rng)
    family = np.array([k[0] for k in keys], dtype=object)
    qual = np.array([k[1] for k in keys], dtype=object)
    person = pre_holders
    p_lo = np.maximum(entry[person], j1 - 300)
    start = uniform_days(p_lo, np.full(n_pre, j1 - 1), rng)
    p_hi = np.where(exit_[person] == NA_DAY, d31, np.minimum(exit_[person], d31))
    end = uniform_days(np.full(n_pre, j1), np.minimum(p_hi, j1 + 200), rng)
    still = (exit_[person] == NA_DAY) & (rng.random(n_pre) < 0.25)
    end = np.where(still, NA_DAY, end)
    pre = _step_rows(person, family, qual, start, end, rng)
    return pd.concat([pre, in_year], ignore_index=True)


def history_steps(df: pd.DataFrame, before: int, rng) -> pd.DataFrame:
    """Steps that ended before day `before` (earlier years): about one per five months."""
    entry, exit_ = df["entry"].to_numpy(), df["exit"].to_numpy()
    hi = np.where(exit_ == NA_DAY, before - 1, np.minimum(exit_, before - 1))
    ok = hi > entry + 14
    idx = np.flatnonzero(ok)
    n = rng.poisson((hi[idx] - entry[idx]) / 150.0)
    person = np.repeat(idx, n)
    fam = pick(
        ["emploi", "formation", "mobilisation", "social"],
        [0.38, 0.15, 0.29, 0.18],
        len(person),
        rng,
    )
    qual = np.where(fam == "formation", rng.random(len(person)) < 0.35, False).astype(object)
    s_lo, s_hi = entry[person], hi[person]
    start = uniform_days(s_lo, s_hi - 7, rng)
    end = np.minimum(start + _durations(fam, rng), s_hi)
    return _step_rows(person, fam, qual, start, end, rng)


def steps_spec(territory: str) -> dict:
    """Holders and (family, qualifying) quotas of the report year's steps."""
    if territory == "mno":
        s = MNO_PLIE_STEPS_2025
        pre_total = s["steps"] - s["started"]
        pre_emploi = s["emploi"] - s["emploi_started"]
        pre_formation = s["formation"] - s["formation_started"]
        pre_qual = s["formation_qualifying"] - s["formation_started_qualifying"]
        pre_other = pre_total - pre_emploi - pre_formation
        in_other = s["started"] - s["emploi_started"] - s["formation_started"]
        mob_pre, mob_in = 25, 190  # chosen split of the other steps (mobilisation / social)
        return {
            "holders": {"entrants": 138, "earlier": s["persons"] - 138},
            "pre": {
                ("emploi", None): pre_emploi,
                ("formation", True): pre_qual,
                ("formation", False): pre_formation - pre_qual,
                ("mobilisation", None): mob_pre,
                ("social", None): pre_other - mob_pre,
            },
            "in_year": {
                ("emploi", None): s["emploi_started"],
                ("formation", True): s["formation_started_qualifying"],
                ("formation", False): s["formation_started"] - s["formation_started_qualifying"],
                ("mobilisation", None): mob_in,
                ("social", None): in_other - mob_in,
            },
        }
    s = MELT_PLIE_STEPS_2023  # chosen: 174 steps started in 2022, 690 participants with steps
    return {
        "holders": {"entrants": 240, "earlier": 450},
        "pre": {
            ("emploi", None): 100,
            ("formation", True): 12,
            ("formation", False): 18,
            ("mobilisation", None): 44,
        },
        "in_year": {
            ("emploi", None): s["emploi"] - 100,
            ("formation", True): 61,
            ("formation", False): s["formation"] - 12 - 18 - 61,
            ("mobilisation", None): s["mobilisation"] - 44,
        },
    }
