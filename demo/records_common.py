"""Small helpers shared by the demo-record generators: exact quotas, day arithmetic, ages.

Dates are handled as integer day numbers (days since 1970-01-01) and converted to pandas
datetime64 at the end. `NA_DAY` marks a missing date.
"""

import datetime as dt

import numpy as np
import pandas as pd

NA_DAY = -(10**9)
_EPOCH = dt.date(1970, 1, 1)
SEED = 20251231


def rng_for(*keys: int) -> np.random.Generator:
    """A generator seeded by the module seed and a few integers (component, territory...)."""
    return np.random.default_rng([SEED, *keys])


def day(value: str | dt.date) -> int:
    """Day number of an ISO date string or a date."""
    d = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return (d - _EPOCH).days


def year_days(year: int) -> tuple[int, int]:
    """First and last day numbers of a calendar year."""
    return day(dt.date(year, 1, 1)), day(dt.date(year, 12, 31))


def to_dates(days: np.ndarray) -> pd.Series:
    """Day numbers (NA_DAY for missing) as a datetime64[ns] Series at midnight."""
    days = np.asarray(days, dtype=np.int64)
    out = days.astype("datetime64[D]").astype("datetime64[ns]")
    out[days == NA_DAY] = np.datetime64("NaT")
    return pd.Series(out)


def quota_counts(total: int, weights) -> np.ndarray:
    """Split `total` into integers proportional to `weights` (largest remainder)."""
    w = np.asarray(weights, dtype=float)
    raw = total * w / w.sum()
    counts = np.floor(raw).astype(np.int64)
    rest = total - counts.sum()
    if rest:
        order = np.argsort(-(raw - counts), kind="stable")
        counts[order[:rest]] += 1
    return counts


def quota_vector(counts: dict, rng: np.random.Generator) -> np.ndarray:
    """A shuffled array holding each key exactly `counts[key]` times."""
    keys = list(counts)
    labels = np.empty(len(keys), dtype=object)
    for i, k in enumerate(keys):
        labels[i] = k
    arr = np.repeat(np.arange(len(keys)), [counts[k] for k in keys])
    rng.shuffle(arr)
    return labels[arr]


def flags(n: int, k: int, rng: np.random.Generator) -> np.ndarray:
    """A shuffled boolean array of length n with exactly k True."""
    if not 0 <= k <= n:
        raise ValueError(f"cannot draw {k} flags out of {n}")
    arr = np.zeros(n, dtype=bool)
    arr[:k] = True
    rng.shuffle(arr)
    return arr


def allocate(total: int, weights, rng: np.random.Generator, minimum: int = 0) -> np.ndarray:
    """Random non-negative integers summing exactly to `total`, each >= `minimum`."""
    w = np.asarray(weights, dtype=float)
    n = len(w)
    free = total - minimum * n
    if free < 0:
        raise ValueError(f"cannot allocate {total} over {n} slots with minimum {minimum}")
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    p = w / w.sum()
    return rng.multinomial(free, p).astype(np.int64) + minimum


def uniform_days(lo, hi, rng: np.random.Generator) -> np.ndarray:
    """Uniform integer days in [lo, hi] (element-wise, inclusive)."""
    lo = np.asarray(lo, dtype=np.int64)
    hi = np.asarray(hi, dtype=np.int64)
    span = hi - lo + 1
    return lo + np.floor(rng.random(lo.shape) * span).astype(np.int64)


def avoid_weekends(days: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Move Saturdays and Sundays to the nearest working day that stays within [lo, hi]."""
    days = days.copy()
    wd = (days + 3) % 7  # Monday = 0 (1970-01-01 was a Thursday)
    for weekday, back, fwd in ((5, -1, 2), (6, -2, 1)):
        m = wd == weekday
        b = m & (days + back >= lo)
        days[b] += back
        f = m & ~b & (days + fwd <= hi)
        days[f] += fwd
    return days


def shift_years(d: dt.date, years: int) -> dt.date:
    """The same calendar day `years` later (29 February becomes 28 February)."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return d.replace(year=d.year + years, day=28)


def birth_days(ref_days: np.ndarray, ages: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Birth dates such that the age in full years on `ref_days` is exactly `ages`."""
    offsets = rng.integers(0, 361, size=len(ref_days))
    out = np.empty(len(ref_days), dtype=np.int64)
    for i, (r, a, o) in enumerate(zip(ref_days, ages, offsets, strict=True)):
        ref = _EPOCH + dt.timedelta(days=int(r))
        out[i] = day(shift_years(ref, -int(a))) - int(o)
    return out


def add_years_days(days: np.ndarray, years: int) -> np.ndarray:
    """Day numbers shifted by a whole number of calendar years."""
    return np.array(
        [day(shift_years(_EPOCH + dt.timedelta(days=int(d)), years)) for d in days],
        dtype=np.int64,
    )


def pick(labels, probs, n: int, rng: np.random.Generator) -> np.ndarray:
    """n labels drawn independently with the given probabilities."""
    p = np.asarray(probs, dtype=float)
    return np.array(labels, dtype=object)[rng.choice(len(labels), size=n, p=p / p.sum())]


def education_levels(low: np.ndarray, low_max: int, rng: np.random.Generator) -> np.ndarray:
    """Nomenclature-2019 levels: <= low_max where `low`, above otherwise."""
    n = len(low)
    levels_low = np.arange(2, low_max + 1)
    levels_high = np.arange(low_max + 1, 8)
    p_low = np.linspace(1.0, 1.4, len(levels_low))
    p_high = np.array([0.5, 0.22, 0.16, 0.08, 0.04][: len(levels_high)])
    lo = rng.choice(levels_low, size=n, p=p_low / p_low.sum())
    hi = rng.choice(levels_high, size=n, p=p_high / p_high.sum())
    return np.where(low, lo, hi).astype(np.int64)
