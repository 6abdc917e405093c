"""Mission Locale activity of the synthetic young people: who is followed each year, their
contacts (interviews and others), professional situations and financial aid.

The people followed in a year are cut into segments (inside a CEJ, inside a PACEA, outside any
programme); interviews and other contacts are allocated over the segments of each kind with
exact totals, every followed person getting at least one interview. Situations started inside
the CEJ period and aid payments are drawn with exact persons, rows and amounts.
"""

from decimal import Decimal

import numpy as np
import pandas as pd

from demo.records_common import (
    NA_DAY,
    allocate,
    avoid_weekends,
    pick,
    quota_counts,
    quota_vector,
    uniform_days,
    year_days,
)

OTHER_TYPES = ["atelier", "telephone", "courriel", "sms"]
OTHER_TYPE_P = [0.22, 0.38, 0.14, 0.26]
KINDS = {"none": 0, "CEJ": 1, "PACEA": 2}
SITUATION_DAYS = {
    "emploi": (20, 365),
    "alternance": (180, 730),
    "formation": (30, 300),
    "immersion": (5, 30),
    "volontariat": (180, 300),
    "scolarite": (120, 300),
}
# scheme -> (payment rule, minimum amount in euros, unit in cents)
AID_RULES = {
    "allocation_cej": ("monthly", 30, 100),
    "allocation_pacea": ((1, 3), 30, 100),
    "fajem": ((1, 2), 20, 100),
    "fonds_ml": ((1, 2), 50, 1),
    "fonds_ml_repas": ((1, 4), 3, 100),
    "mobilite": ((1, 2), 5, 1),
}


def _cents(euros: str) -> int:
    return int(Decimal(euros) * 100)


# --- contacts ---------------------------------------------------------------------------------


def _prog_window(people: pd.DataFrame, year: int):
    """Per person: (lo, hi, overlaps) of the programme period within `year`."""
    j, d = year_days(year)
    ps, pe = people["p_start"].to_numpy(), people["p_end"].to_numpy()
    has = ps != NA_DAY
    lo = np.maximum(ps, j)
    hi = np.where(pe == NA_DAY, d, np.minimum(pe, d))
    return lo, hi, has & (lo <= hi)


def _choose_weighted(cands: np.ndarray, w: np.ndarray, k: int, rng) -> np.ndarray:
    if k > len(cands):
        raise AssertionError(f"need {k} people, only {len(cands)} available")
    return rng.choice(cands, size=k, replace=False, p=w / w.sum())


def followed_people(people: pd.DataFrame, spec: dict, year: int, rng):
    """(followed, contacted_only) person indexes for `year`."""
    j, d = year_days(year)
    reg = people["reg"].to_numpy()
    _, _, in_prog = _prog_window(people, year)
    prog_followed = np.flatnonzero(in_prog)
    reg_year = reg.astype("datetime64[D]").astype("datetime64[Y]").astype(int) + 1970
    age = year - reg_year
    w = np.select([age == 0, age == 1, age == 2], [6.0, 2.5, 1.0], 0.4)
    cands = np.flatnonzero((reg <= d) & ~in_prog)
    k = spec["followed"][year] - len(prog_followed)
    others = _choose_weighted(cands, w[cands], k, rng)
    followed = np.sort(np.concatenate([prog_followed, others]))
    rest = np.setdiff1d(cands, others)
    only = np.sort(_choose_weighted(rest, w[rest], spec["contacted_only"][year], rng))
    return followed, only


def _segments(people: pd.DataFrame, persons: np.ndarray, year: int) -> pd.DataFrame:
    j, d = year_days(year)
    reg = people["reg"].to_numpy()[persons]
    lo0 = np.maximum(reg, j)
    p_lo, p_hi, inp = _prog_window(people, year)
    p_lo, p_hi, inp = p_lo[persons], p_hi[persons], inp[persons]
    prog = people["prog"].to_numpy()[persons]
    kind = np.select([prog == "CEJ", prog == "PACEA"], [KINDS["CEJ"], KINDS["PACEA"]], 0)
    rows = [
        (persons[~inp], np.zeros((~inp).sum(), int), lo0[~inp], np.full((~inp).sum(), d)),
        (persons[inp], kind[inp], p_lo[inp], p_hi[inp]),
    ]
    pre = inp & (p_lo > lo0)
    rows.append((persons[pre], np.zeros(pre.sum(), int), lo0[pre], p_lo[pre] - 1))
    post = inp & (p_hi < d)
    rows.append((persons[post], np.zeros(post.sum(), int), p_hi[post] + 1, np.full(post.sum(), d)))
    seg = pd.DataFrame(
        {
            "person": np.concatenate([r[0] for r in rows]),
            "kind": np.concatenate([r[1] for r in rows]),
            "lo": np.concatenate([r[2] for r in rows]),
            "hi": np.concatenate([r[3] for r in rows]),
        }
    )
    seg["main"] = np.arange(len(seg)) < len(persons)  # the first segment of each person
    return seg


def contacts(people, spec, year, followed, only, intensity, rng) -> pd.DataFrame:
    seg_f = _segments(people, followed, year)
    seg_o = _segments(people, only, year)
    seg_f["followed"], seg_o["followed"] = True, False
    seg_o["main"] = False
    seg = pd.concat([seg_f, seg_o], ignore_index=True)
    length = (seg["hi"] - seg["lo"] + 1).to_numpy().astype(float)
    w = length * intensity[seg["person"].to_numpy()] * np.where(seg["followed"], 1.0, 0.5)
    n_int = np.zeros(len(seg), dtype=np.int64)
    n_oth = np.zeros(len(seg), dtype=np.int64)
    for kind_name, (e_total, o_total) in spec["contacts"][year].items():
        k = (seg["kind"] == KINDS[kind_name]).to_numpy()
        kf = k & seg["followed"].to_numpy()
        mins = seg["main"].to_numpy()[kf].astype(np.int64)
        if mins.sum() > e_total:
            raise AssertionError(f"{year} {kind_name}: {mins.sum()} people > {e_total} interviews")
        n_int[kf] = mins + allocate(e_total - mins.sum(), w[kf], rng)
        n_oth[k] = allocate(o_total, w[k], rng)
    counts = n_int + n_oth
    lo = np.repeat(seg["lo"].to_numpy(), counts)
    hi = np.repeat(seg["hi"].to_numpy(), counts)
    person = np.repeat(seg["person"].to_numpy(), counts)
    is_int = _ranks(counts) < np.repeat(n_int, counts)
    ctype = np.where(is_int, "entretien", pick(OTHER_TYPES, OTHER_TYPE_P, len(person), rng))
    date = avoid_weekends(uniform_days(lo, hi, rng), lo, hi)
    return pd.DataFrame({"person": person, "date": date, "type": ctype.astype(object)})


# --- situations and aid -----------------------------------------------------------------------


def _situation_rows(person, category, lo, hi, extraction, rng) -> pd.DataFrame:
    start = avoid_weekends(uniform_days(lo, hi, rng), lo, hi)
    dur = np.zeros(len(person), dtype=np.int64)
    for cat, (a, b) in SITUATION_DAYS.items():
        m = category == cat
        dur[m] = rng.integers(a, b + 1, size=m.sum())
    end = np.where(start + dur > extraction, NA_DAY, start + dur)
    return pd.DataFrame({"person": person, "category": category, "start": start, "end": end})


def situations(people, spec, year, followed, rng) -> pd.DataFrame:
    extraction = year_days(spec["years"][1])[1]
    lo, hi, inp = _prog_window(people, year)
    cej = inp & (people["prog"].to_numpy() == "CEJ")
    length = hi - lo + 1
    eligible = np.flatnonzero(cej & (length >= 14))
    k, measures = spec["solutions"][year]
    chosen = _choose_weighted(eligible, length[eligible].astype(float), k, rng)
    counts = allocate(sum(measures.values()), length[chosen].astype(float), rng, minimum=1)
    person = np.repeat(chosen, counts)
    category = quota_vector(measures, rng)
    sol = _situation_rows(person, category, lo[person], hi[person], extraction, rng)
    # situations of followed people who never were in a CEJ
    no_cej = followed[people["prog"].to_numpy()[followed] != "CEJ"]
    j, d = year_days(year)
    person = rng.choice(no_cej, size=spec["extra_situations"][year])
    category = pick(list(SITUATION_DAYS), [0.5, 0.1, 0.25, 0.1, 0.03, 0.02], len(person), rng)
    s_lo = np.maximum(people["reg"].to_numpy()[person], j)
    extra = _situation_rows(person, category, s_lo, np.full(len(person), d), extraction, rng)
    return pd.concat([sol, extra], ignore_index=True)


def aid_payments(people, spec, year, followed, rng) -> pd.DataFrame:
    j, d = year_days(year)
    lo, hi, inp = _prog_window(people, year)
    prog = people["prog"].to_numpy()
    base_lo = np.maximum(people["reg"].to_numpy(), j)
    rows = []
    for scheme, (euros, k) in spec["aid"][year].items():
        rule, min_euros, unit = AID_RULES[scheme]
        if scheme == "allocation_cej":
            pool, w_lo, w_hi = np.flatnonzero(inp & (prog == "CEJ")), lo, hi
        elif scheme == "allocation_pacea":
            pool, w_lo, w_hi = np.flatnonzero(inp & (prog == "PACEA")), lo, hi
        else:
            pool, w_lo, w_hi = followed, base_lo, np.full(len(people), d)
        length = (w_hi[pool] - w_lo[pool] + 1).astype(float)
        who = np.sort(_choose_weighted(pool, length, k, rng))
        a, b = w_lo[who], w_hi[who]
        if rule == "monthly":
            m_a = a.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
            m_b = b.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
            n_pay = m_b - m_a + 1
            month = np.repeat(m_a, n_pay) + _ranks(n_pay)
            day28 = month.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64) + 27
            date = np.clip(day28, np.repeat(a, n_pay), np.repeat(b, n_pay))
        else:
            n_pay = rng.integers(rule[0], rule[1] + 1, size=k)
            ra, rb = np.repeat(a, n_pay), np.repeat(b, n_pay)
            date = avoid_weekends(uniform_days(ra, rb, rng), ra, rb)
        person = np.repeat(who, n_pay)
        total_units = _cents(euros) // unit
        min_units = min_euros * 100 // unit
        w = np.repeat(rng.uniform(0.85, 1.15, size=k), n_pay) * rng.uniform(0.95, 1.05, len(person))
        free = total_units - min_units * len(person)
        if free < 0:
            raise AssertionError(f"{scheme} {year}: amount too small for {len(person)} payments")
        units = min_units + quota_counts(free, w)
        rows.append(
            pd.DataFrame({"person": person, "scheme": scheme, "date": date, "cents": units * unit})
        )
    return pd.concat(rows, ignore_index=True)


def _ranks(n: np.ndarray) -> np.ndarray:
    """0..n_i-1 for each i, concatenated."""
    total = int(n.sum())
    starts = np.repeat(np.cumsum(n) - n, n)
    return np.arange(total) - starts
