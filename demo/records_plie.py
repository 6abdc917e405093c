"""Synthetic PLIE records: one pathway per participant (`plie_participants`) and steps.

The participants of the report year are built as disjoint groups (new entries, positive exits
of earlier entrants, the rest) whose attributes are drawn from exact-quota vectors, so the
report's counts come out exactly; older pathways (closed before the report year) give the
previous year a plausible history. Steps of the report year are allocated to exact quotas by
family and start year; older steps end before the report year.
"""

import numpy as np
import pandas as pd

from demo import records_plie_steps as plie_steps
from demo.records_common import (
    NA_DAY,
    avoid_weekends,
    birth_days,
    day,
    education_levels,
    flags,
    pick,
    quota_vector,
    rng_for,
    to_dates,
    uniform_days,
    year_days,
)
from demo.records_targets import (
    EXIT_REASONS,
    MELT_COMMUNES,
    MELT_PLIE_2023,
    MNO_COMMUNES,
    MNO_PLIE_2025,
    MNO_PLIE_T2,
    PRESCRIBERS,
)

DAYS_PER_MONTH = 365.25 / 12

EXIT_REASON_WEIGHTS = {
    "positive": [0.22, 0.38, 0.12, 0.24, 0.04],
    "neutre": [0.45, 0.45, 0.10],
    "autre": [0.35, 0.3, 0.2, 0.15],
}


def _y(year: int) -> tuple[int, int]:
    return year_days(year)


def _entry_ranges(spec: dict[int | tuple, int]) -> list[tuple[int, int, int]]:
    """{year or (first_day, last_day): count} -> [(count, lo, hi)]."""
    out = []
    for key, count in spec.items():
        lo, hi = _y(key) if isinstance(key, int) else (day(key[0]), day(key[1]))
        out.append((count, lo, hi))
    return out


def _bool(n: int, value, rng: np.random.Generator) -> np.ndarray:
    """Exactly `value` True when an int, else independent draws with probability `value`."""
    if isinstance(value, (int, np.integer)):
        return flags(n, int(value), rng)
    return rng.random(n) < value


def _group(g: dict, terr: dict, rng: np.random.Generator) -> pd.DataFrame:
    """One group of pathways with exact quotas where the spec gives counts."""
    n = g["size"]
    communes = terr["communes"]
    # entry dates
    entry_parts = []
    for c, lo, hi in g["entry"]:
        e = uniform_days(np.full(c, lo), np.full(c, hi), rng)
        entry_parts.append(avoid_weekends(e, np.full(c, lo), np.full(c, hi)))
    entry = np.concatenate(entry_parts)
    assert len(entry) == n, g["name"]
    rng.shuffle(entry)
    # commune and QPV
    if isinstance(g["communes"], dict):
        commune = quota_vector(g["communes"], rng)
    else:
        codes = list(communes)
        commune = pick(codes, [terr["commune_weights"][c] for c in codes], n, rng)
    qpv = np.full(n, None, dtype=object)
    for code, (_, _, qpv_codes) in communes.items():
        if not qpv_codes:
            continue
        idx = np.flatnonzero(commune == code)
        spec = g["qpv"].get(code, 0) if isinstance(g["qpv"], dict) else terr["qpv_share"]
        chosen = idx[_bool(len(idx), spec, rng)]
        qpv[chosen] = pick(qpv_codes, terr["qpv_weights"][code], len(chosen), rng)
    # exits
    kind = quota_vector(g["exits"], rng)
    exit_day = np.full(n, NA_DAY, dtype=np.int64)
    closed = kind != "open"
    if g["exit_year"] is not None and closed.any():
        j1, d31 = _y(g["exit_year"])
        lo = np.minimum(np.maximum(entry[closed] + 20, j1), d31)
        exit_day[closed] = uniform_days(lo, np.full(closed.sum(), d31), rng)
        exit_day[closed] = avoid_weekends(exit_day[closed], lo, np.full(closed.sum(), d31))
    reason = np.full(n, None, dtype=object)
    for k, labels in EXIT_REASONS.items():
        m = kind == k
        reason[m] = pick(labels, EXIT_REASON_WEIGHTS[k], m.sum(), rng)
    # profile at entry
    men = _bool(n, g["men"], rng)
    senior = _bool(n, g["seniors"], rng)
    rsa = _bool(n, g["rsa"], rng)
    low = _bool(n, g["low"], rng)
    senior_age = terr["senior_age"]
    age = np.where(
        senior,
        rng.integers(senior_age, 63, size=n),
        rng.integers(23, senior_age, size=n),
    )
    birth = birth_days(entry, age, rng)
    if isinstance(g.get("prescribers"), dict):
        prescriber = quota_vector(g["prescribers"], rng)
    else:
        prescriber = pick(PRESCRIBERS, terr["prescriber_weights"], n, rng)
    return pd.DataFrame(
        {
            "code_insee": commune.astype(object),
            "qpv_code": qpv,
            "sex": np.where(men, "H", "F").astype(object),
            "birth": birth,
            "rsa": rsa,
            "education_level": education_levels(low, terr["low_level_max"], rng),
            "prescriber": prescriber.astype(object),
            "entry": entry,
            "exit": exit_day,
            "exit_kind": np.where(kind == "open", None, kind).astype(object),
            "exit_reason": reason,
            "group": g["name"],
        }
    )


def _mno_spec() -> tuple[dict, list[dict]]:
    t2 = MNO_PLIE_T2
    rest = {c: v["participants"] - v["entries"] - v["positive"] for c, v in t2.items()}
    qpv_rest = {c: v["qpv"] - v["entries_qpv"] for c, v in t2.items() if v["qpv"]}
    qpv_p = {"59328": 4, "59378": 2}  # chosen: QPV residents among the positive exits
    by_year = MNO_PLIE_2025["stock_by_entry_year"]
    e_neutre, e_autre = 3, 10  # chosen: 2025 entrants who already left in 2025
    n_neutre, n_autre = MNO_PLIE_2025["neutral_exits"], MNO_PLIE_2025["other_exits"]
    r_size = sum(rest.values())
    terr = {
        "communes": MNO_COMMUNES,
        "commune_weights": {c: v["participants"] for c, v in t2.items()},
        "qpv_share": 0.2,
        "qpv_weights": {"59328": [1.0], "59378": [1.0]},
        "senior_age": 50,
        "low_level_max": 3,
        "prescriber_weights": [0.55, 0.13, 0.12, 0.05, 0.08, 0.07],
        "report_year": 2025,
    }
    s, e, p = (
        MNO_PLIE_2025["stock"],
        MNO_PLIE_2025["entries_profile"],
        MNO_PLIE_2025["positive_profile"],
    )
    groups = [
        {
            "name": "E",
            "size": MNO_PLIE_2025["entries"],
            "entry": _entry_ranges({2025: MNO_PLIE_2025["entries"]}),
            "exit_year": 2025,
            "exits": {
                "neutre": e_neutre,
                "autre": e_autre,
                "open": MNO_PLIE_2025["entries"] - e_neutre - e_autre,
            },
            "communes": {c: v["entries"] for c, v in t2.items()},
            "qpv": {c: v["entries_qpv"] for c, v in t2.items()},
            "men": e["men"],
            "seniors": e["seniors"],
            "rsa": e["rsa"],
            "low": e["low_level"],
            "prescribers": MNO_PLIE_2025["entries_prescribers"],
        },
        {
            "name": "P",
            "size": MNO_PLIE_2025["positive_exits"],
            "entry": _entry_ranges({2024: 30, 2023: 26, 2022: 8, 2021: 1}),  # 56 + 9
            "exit_year": 2025,
            "exits": {"positive": MNO_PLIE_2025["positive_exits"]},
            "communes": {c: v["positive"] for c, v in t2.items()},
            "qpv": qpv_p,
            "men": p["men"],
            "seniors": p["seniors"],
            "rsa": p["rsa"],
            "low": p["low_level"],
        },
        {
            "name": "R",
            "size": r_size,
            "entry": _entry_ranges(
                {
                    2024: 95,
                    2023: by_year["2023-2024"] - 56 - 95,
                    2022: by_year["2022-"] - 9 - 6,
                    2021: 6,
                }
            ),
            "exit_year": 2025,
            "exits": {
                "neutre": n_neutre - e_neutre,
                "autre": n_autre - e_autre,
                "open": r_size - (n_neutre - e_neutre) - (n_autre - e_autre),
            },
            "communes": rest,
            "qpv": {c: qpv_rest[c] - qpv_p[c] for c in qpv_rest},
            "men": s["men"] - e["men"] - p["men"],
            "seniors": s["seniors"] - e["seniors"] - p["seniors"],
            "rsa": s["rsa"] - e["rsa"] - p["rsa"],
            "low": s["low_level"] - e["low_level"] - p["low_level"],
        },
        {
            "name": "H24",
            "size": 140,
            "entry": _entry_ranges({2024: 25, 2023: 70, 2022: 40, 2021: 5}),
            "exit_year": 2024,
            "exits": {"positive": 62, "neutre": 22, "autre": 56},
            "communes": None,
            "qpv": None,
            "men": 0.44,
            "seniors": 0.22,
            "rsa": 0.77,
            "low": 0.56,
        },
        {
            "name": "H23",
            "size": 125,
            "entry": _entry_ranges({2023: 20, 2022: 65, 2021: 35, 2020: 5}),
            "exit_year": 2023,
            "exits": {"positive": 55, "neutre": 20, "autre": 50},
            "communes": None,
            "qpv": None,
            "men": 0.45,
            "seniors": 0.21,
            "rsa": 0.75,
            "low": 0.55,
        },
    ]
    return terr, groups


def _melt_spec() -> tuple[dict, list[dict]]:
    t = MELT_PLIE_2023
    weights = {c: v[1] * (1.6 if c == "59599" else 1.0) for c, v in MELT_COMMUNES.items()}
    terr = {
        "communes": MELT_COMMUNES,
        "commune_weights": weights,
        "qpv_share": 0.45,
        "qpv_weights": {"59599": [0.03, 0.2, 0.2, 0.3, 0.15, 0.12]},
        "senior_age": 45,
        "low_level_max": 4,
        "prescriber_weights": [0.45, 0.25, 0.1, 0.08, 0.07, 0.05],
        "report_year": 2023,
    }
    e_women, e_rsa, e_low = 226, 215, 330
    r_size = t["participants"] - t["entries"]
    groups = [
        {
            "name": "E",
            "size": t["entries"],
            "entry": _entry_ranges({2023: t["entries"]}),
            "exit_year": 2023,
            "exits": {"positive": 15, "neutre": 5, "autre": 30, "open": 360},
            "communes": None,
            "qpv": None,
            "men": t["entries"] - e_women,
            "seniors": 0.26,
            "rsa": e_rsa,
            "low": e_low,
        },
        {
            "name": "R",
            "size": r_size,
            "entry": _entry_ranges({2022: 350, 2021: 200, 2020: 30, 2019: 12}),
            "exit_year": 2023,
            "exits": {
                "positive": t["positive_exits"] - 15,
                "neutre": t["neutral_exits"] - 5,
                "autre": t["other_exits"] - 30,
                "open": r_size - (t["exits"] - 50),
            },
            "communes": None,
            "qpv": None,
            "men": r_size - (t["women"] - e_women),
            "seniors": 0.27,
            "rsa": t["rsa"] - e_rsa,
            "low": t["low_level"] - e_low,
        },
        {
            "name": "H22",
            "size": 250,
            "entry": _entry_ranges({2022: 40, 2021: 120, 2020: 70, 2019: 20}),
            "exit_year": 2022,
            "exits": {"positive": 112, "neutre": 18, "autre": 120},
            "communes": None,
            "qpv": None,
            "men": 0.45,
            "seniors": 0.26,
            "rsa": 0.53,
            "low": 0.8,
        },
        {
            "name": "H21",
            "size": 220,
            "entry": _entry_ranges({2021: 30, 2020: 110, 2019: 60, 2018: 20}),
            "exit_year": 2021,
            "exits": {"positive": 95, "neutre": 15, "autre": 110},
            "communes": None,
            "qpv": None,
            "men": 0.46,
            "seniors": 0.25,
            "rsa": 0.52,
            "low": 0.8,
        },
    ]
    return terr, groups


def _mean_length(entry: np.ndarray, end: np.ndarray) -> float:
    """Mean pathway length in months: days from entry to end / (365.25 / 12)."""
    return float(np.mean((end - entry) / DAYS_PER_MONTH))


def _tune_mean_length(df: pd.DataFrame, year: int, target: float) -> None:
    """Shift the 2023-2024 entry dates of earlier entrants so the stock's mean length hits
    `target` months (days from entry to min(exit, 31 December) / (365.25 / 12))."""
    d31 = _y(year)[1]
    lo, hi = _y(year - 2)[0], _y(year - 1)[1]
    movable = df["group"].isin(["P", "R"]).to_numpy() & (df["entry"].to_numpy() >= lo)
    stock = df["group"].isin(["E", "P", "R"]).to_numpy()
    base = df["entry"].to_numpy().copy()
    end = np.where(df["exit"].to_numpy() == NA_DAY, d31, np.minimum(df["exit"].to_numpy(), d31))

    k = int(movable.sum())

    def shifted(shift: float) -> np.ndarray:
        entry = base.copy()
        moved = np.clip(np.round(base[movable] - shift), lo, hi).astype(np.int64)
        entry[movable] = avoid_weekends(moved, np.full(k, lo), np.full(k, hi))
        return entry

    a_, b_ = -400.0, 400.0
    for _ in range(40):
        mid = (a_ + b_) / 2
        if _mean_length(shifted(mid)[stock], end[stock]) < target:
            a_ = mid
        else:
            b_ = mid
    entry = shifted((a_ + b_) / 2)
    if abs(_mean_length(entry[stock], end[stock]) - target) > 0.02:
        raise AssertionError("mean pathway length cannot reach the target")
    df["entry"] = entry


def build_plie(territory: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(plie_participants, plie_steps) for "mno" or "melt", with raw person ids."""
    code = {"mno": 1, "melt": 2}[territory]
    rng = rng_for(code, 10)
    terr, groups = _mno_spec() if territory == "mno" else _melt_spec()
    year = terr["report_year"]
    df = pd.concat([_group(g, terr, rng) for g in groups], ignore_index=True)
    if territory == "mno":
        _tune_mean_length(df, year, MNO_PLIE_2025["mean_length_months"])
    df = df.sort_values(["entry", "birth"], kind="stable").reset_index(drop=True)
    prefix = f"PLIE-{territory.upper()}-"
    df["person_id"] = [f"{prefix}{i:06d}" for i in range(1, len(df) + 1)]
    steps_spec = plie_steps.steps_spec(territory)
    step_rng = rng_for(code, 11)
    steps = pd.concat(
        [
            plie_steps.history_steps(df, _y(year)[0], step_rng),
            plie_steps.steps_for_year(df, year, steps_spec, step_rng),
        ],
        ignore_index=True,
    )
    steps = steps.sort_values(["person", "start"], kind="stable").reset_index(drop=True)
    participants = pd.DataFrame(
        {
            "person_id": df["person_id"].astype(object),
            "code_insee": df["code_insee"],
            "qpv_code": df["qpv_code"],
            "sex": df["sex"],
            "birth_date": _dates(df["birth"]),
            "rsa": df["rsa"].astype(bool),
            "education_level": df["education_level"].astype("int64"),
            "prescriber": df["prescriber"],
            "entry_date": _dates(df["entry"]),
            "exit_date": _dates(df["exit"]),
            "exit_kind": df["exit_kind"],
            "exit_reason": df["exit_reason"],
        }
    )
    steps_out = pd.DataFrame(
        {
            "person_id": df["person_id"].to_numpy()[steps["person"].to_numpy()].astype(object),
            "family": steps["family"],
            "step_type": steps["step_type"],
            "start_date": _dates(steps["start"]),
            "end_date": _dates(steps["end"]),
            "qualifying": steps["qualifying"],
        }
    )
    return participants, steps_out


def _dates(days: pd.Series) -> pd.Series:
    return to_dates(days.to_numpy()).set_axis(days.index)
