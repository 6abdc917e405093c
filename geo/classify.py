"""Class breaks for choropleth maps: quantiles and Jenks natural breaks (numpy only).

Breaks are a sorted list `[b0, b1, …, bk]` describing k classes: the first is
`[b0, b1]`, the next ones `]b(i), b(i+1)]`. `b0` is the smallest value and `bk` the
largest. `round_breaks` rounds them to the precision the legend shows and
`classify` then works on values rounded the same way, so a value displayed as « 3,5 »
is always in the class whose legend ends at « 3,5 ».
"""

from collections.abc import Iterable

import numpy as np

from wording.format import round_half_up_array

METHODS = ("quantiles", "jenks")


def _finite(values: Iterable[float]) -> np.ndarray:
    arr = np.asarray(list(values), dtype="float64")
    return np.sort(arr[np.isfinite(arr)])


def quantile_breaks(values: Iterable[float], k: int) -> list[float]:
    """Breaks at the quantiles 0, 1/k, …, 1 (classes of about equal counts).

    Repeated breaks (many equal values) are merged, so there may be fewer than k classes.
    """
    x = _finite(values)
    if x.size == 0:
        return []
    qs = np.quantile(x, np.linspace(0, 1, max(1, k) + 1), method="inverted_cdf")
    qs[0], qs[-1] = x[0], x[-1]
    return _dedupe([float(q) for q in qs])


def jenks_breaks(values: Iterable[float], k: int) -> list[float]:
    """Jenks natural breaks: the exact optimum (Fisher 1958) by dynamic programming.

    Minimises the sum over classes of squared deviations from the class mean. O(k·n²)
    in numpy with an n×n matrix: fine for the ≤ 700 communes of a département.
    """
    x = _finite(values)
    n = x.size
    if n == 0:
        return []
    distinct = np.unique(x)
    if distinct.size <= k:
        # every distinct value is its own class
        return [float(distinct[0]), *(float(v) for v in distinct)]
    xc = x - x.mean()  # centred, so the sums of squares keep their precision
    s1 = np.concatenate([[0.0], np.cumsum(xc)])
    s2 = np.concatenate([[0.0], np.cumsum(xc * xc)])
    i = np.arange(n)[:, None]  # first element of a class
    j = np.arange(n)[None, :]  # last element of a class
    count = (j - i + 1).astype("float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        ssd = (s2[j + 1] - s2[i]) - (s1[j + 1] - s1[i]) ** 2 / count
    ssd = np.where(j >= i, np.maximum(ssd, 0.0), np.inf)

    cost = ssd[0].copy()  # cost[j]: best cost of x[0..j] in one class
    starts = []  # starts[m][j]: first element of the last class, with m + 2 classes
    for _ in range(1, k):
        # last class x[i..j] after the best split of x[0..i-1] in one class fewer
        cand = np.full((n, n), np.inf)
        cand[1:] = cost[:-1, None] + ssd[1:]
        best = np.argmin(cand, axis=0)
        cost = cand[best, np.arange(n)]
        starts.append(best)
    uppers = [float(x[-1])]
    end = n - 1
    for best in reversed(starts):
        first = int(best[end])
        uppers.append(float(x[first - 1]))
        end = first - 1
    return _dedupe([float(x[0]), *reversed(uppers)])


def breaks(values: Iterable[float], k: int, method: str = "jenks") -> list[float]:
    if method == "quantiles":
        return quantile_breaks(values, k)
    if method == "jenks":
        return jenks_breaks(values, k)
    raise ValueError(f"unknown method {method!r} (expected one of {METHODS})")


def _dedupe(b: list[float]) -> list[float]:
    """Drop repeated upper bounds (b0 may equal b1: a first class of one value)."""
    if not b:
        return []
    out = [b[0], b[1] if len(b) > 1 else b[0]]
    for v in b[2:]:
        if v > out[-1]:
            out.append(v)
    return out


def round_breaks(b: list[float], digits: int) -> list[float]:
    """Breaks at the legend's precision; the extremes still enclose every value."""
    if not b:
        return []
    scale = 10.0**digits
    lo = float(np.floor(b[0] * scale + 1e-9) / scale)
    hi = float(np.ceil(b[-1] * scale - 1e-9) / scale)
    inner = [float(v) for v in round_half_up_array(b[1:-1], digits)]
    rounded = [lo, *inner, hi] if len(b) > 1 else [lo, lo]
    rounded = [min(max(v, lo), hi) for v in rounded]
    return _dedupe(rounded)


def classify(values: Iterable[float], b: list[float], digits: int | None = None) -> np.ndarray:
    """Class index of each value (0 = lowest), -1 for a missing value.

    With `digits`, values are first rounded like the legend (see the module docstring).
    """
    arr = np.asarray(list(values), dtype="float64")
    out = np.full(arr.shape, -1, dtype=int)
    if not b:
        return out
    ok = np.isfinite(arr)
    v = round_half_up_array(arr[ok], digits) if digits is not None else arr[ok]
    uppers = np.asarray(b[1:], dtype="float64")
    out[ok] = np.clip(np.searchsorted(uppers, v, side="left"), 0, len(uppers) - 1)
    return out


def goodness_of_variance_fit(values: Iterable[float], b: list[float]) -> float:
    """GVF = 1 − (within-class squared deviations) / (total squared deviations)."""
    x = _finite(values)
    if x.size == 0 or not b:
        return float("nan")
    total = float(((x - x.mean()) ** 2).sum())
    if total == 0:
        return 1.0
    cls = classify(x, b)
    within = sum(float(((x[cls == c] - x[cls == c].mean()) ** 2).sum())
                 for c in np.unique(cls))
    return 1 - within / total
