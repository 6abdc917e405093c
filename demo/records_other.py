"""Synthetic job-seeker stocks, MDE events and insertion-clause hours."""

import numpy as np
import pandas as pd

from demo.records_common import allocate, pick, quota_counts, quota_vector, rng_for
from demo.records_targets import (
    MEL_OUTSIDE_COMMUNES,
    MELT_CLAUSES_2022,
    MELT_CLAUSES_2023,
    MELT_COMMUNES,
    MELT_EVENTS_2022,
    MELT_EVENTS_2023,
    MELT_JOB_SEEKERS,
    MELT_JOB_SEEKERS_MONTHS,
    MELT_JOB_SEEKERS_TOTALS,
    MELT_LYS_COMMUNES,
    MNO_CLAUSES_2024,
    MNO_CLAUSES_2025,
    MNO_COMMUNES,
    MNO_EVENTS_2024,
    MNO_EVENTS_2025,
    MNO_JOB_SEEKERS,
    MNO_JOB_SEEKERS_MONTHS,
    MNO_JOB_SEEKERS_TOTALS,
    MNO_PARTICIPATIONS_2025,
)

DIMENSIONS = {
    "category": ["A", "B", "C"],
    "sex": ["F", "H"],
    "age_band": ["moins_25", "25_49", "50_plus"],
    "duration_band": ["moins_12m", "12_23m", "24m_plus"],
}
# relative job-seeker rate per inhabitant (chosen): higher in the larger towns
JOB_SEEKER_RATE = {"59599": 1.45, "59279": 1.1, "59328": 1.05, "59378": 1.0, "59368": 1.0}


def _month_index(ym: str) -> int:
    y, m = ym.split("-")
    return int(y) * 12 + int(m) - 1


def _interp(x: int, points: dict[int, np.ndarray]) -> np.ndarray:
    keys = sorted(points)
    if x <= keys[0]:
        return points[keys[0]]
    if x >= keys[-1]:
        return points[keys[-1]]
    for a, b in zip(keys, keys[1:], strict=False):
        if a <= x <= b:
            t = (x - a) / (b - a)
            return points[a] * (1 - t) + points[b] * t
    raise AssertionError


def build_job_seekers(territory: str) -> pd.DataFrame:
    """Monthly ABC stock by commune x category x sex x age band x duration band."""
    if territory == "mno":
        code, quotas, span, totals, communes = (
            1,
            MNO_JOB_SEEKERS,
            MNO_JOB_SEEKERS_MONTHS,
            (MNO_JOB_SEEKERS_TOTALS),
            MNO_COMMUNES,
        )
        step = _month_index("2025-01")  # Loi pour le plein emploi: automatic registration
    else:
        code, quotas, span, totals, communes = (
            2,
            MELT_JOB_SEEKERS,
            MELT_JOB_SEEKERS_MONTHS,
            (MELT_JOB_SEEKERS_TOTALS),
            MELT_COMMUNES,
        )
        step = None
    rng = rng_for(code, 30)
    anchors = {_month_index(m): q for m, q in quotas.items()}
    total_points = {k: np.array(float(sum(q["category"].values()))) for k, q in anchors.items()}
    total_points.update({_month_index(m): np.array(float(v)) for m, v in totals.items()})
    share_points = {
        dim: {
            k: np.array([q[dim][v] for v in values], dtype=float) / sum(q[dim].values())
            for k, q in anchors.items()
        }
        for dim, values in DIMENSIONS.items()
    }
    codes = list(communes)
    weights = np.array([communes[c][1] * JOB_SEEKER_RATE.get(c, 0.9) for c in codes])
    sizes = [len(codes)] + [len(v) for v in DIMENSIONS.values()]
    first, last = (_month_index(m) for m in span)
    frames = []
    for mi in range(first, last + 1):
        if mi in anchors:
            n = int(sum(anchors[mi]["category"].values()))
            counts = {dim: [anchors[mi][dim][v] for v in vals] for dim, vals in DIMENSIONS.items()}
        else:
            n = int(round(float(_interp(mi, total_points)) * (1 + rng.normal(0, 0.002))))
            counts = {}
            for dim in DIMENSIONS:
                pts = share_points[dim]
                if step is not None and mi < step:
                    pts = {k: v for k, v in pts.items() if k < step}
                elif step is not None:
                    pts = {k: v for k, v in pts.items() if k >= step}
                counts[dim] = quota_counts(n, _interp(mi, pts))
        cols = [np.repeat(np.arange(len(codes)), quota_counts(n, weights))]
        cols += [np.repeat(np.arange(len(c)), c) for c in counts.values()]
        cell = np.zeros(n, dtype=np.int64)
        for col, size in zip(cols, sizes, strict=True):
            cell = cell * size + rng.permutation(col)
        full = np.bincount(cell, minlength=int(np.prod(sizes)))
        nz = np.flatnonzero(full)
        idx = np.unravel_index(nz, sizes)
        frames.append(
            pd.DataFrame(
                {
                    "month": pd.Timestamp(year=mi // 12, month=mi % 12 + 1, day=1),
                    "code_insee": np.array(codes, dtype=object)[idx[0]],
                    **{
                        dim: np.array(vals, dtype=object)[i]
                        for (dim, vals), i in zip(DIMENSIONS.items(), idx[1:], strict=True)
                    },
                    "count": full[nz].astype(np.int64),
                }
            )
        )
    out = pd.concat(frames, ignore_index=True)
    out["month"] = out["month"].astype("datetime64[ns]")
    return out


def build_events(territory: str) -> pd.DataFrame:
    """The events sheet: those the MDE organised (« organise »), then those it attended
    (« participation »: no attendance of its own)."""
    rows = (
        (MNO_EVENTS_2024 + MNO_EVENTS_2025)
        if territory == "mno"
        else (MELT_EVENTS_2022 + MELT_EVENTS_2023)
    )
    attended = MNO_PARTICIPATIONS_2025 if territory == "mno" else []
    rows = [(*r, "organise") for r in rows] + [(*r, None, None, None, "participation")
                                              for r in attended]
    return pd.DataFrame(
        {
            "event_date": pd.to_datetime([r[0] for r in rows]).astype("datetime64[ns]"),
            "name": pd.Series([r[1] for r in rows], dtype=object),
            "code_insee": pd.Series([r[2] for r in rows], dtype=object),
            "exhibitors": pd.array([r[3] for r in rows], dtype="Int64"),
            "participants": pd.array([r[4] for r in rows], dtype="Int64"),
            "interviews": pd.array([r[5] for r in rows], dtype="Int64"),
            "role": pd.Series([r[6] for r in rows], dtype=object),
        }
    )


OPERATION_KINDS = [
    "Construction d'un groupe scolaire",
    "Réhabilitation de logements sociaux",
    "Requalification de voirie",
    "Entretien des espaces verts",
    "Nettoyage de bâtiments publics",
    "Rénovation énergétique",
    "Extension d'un équipement sportif",
    "Restauration collective",
    "Renouvellement urbain (NPRU)",
    "Aménagement d'un parc",
]


def _operations(n: int, communes: dict[str, str], weights, start: int, rng) -> pd.DataFrame:
    codes = list(communes)
    where = pick(codes, weights, n, rng)
    kinds = pick(OPERATION_KINDS, np.ones(len(OPERATION_KINDS)), n, rng)
    names = [
        f"OP-{start + i:03d} {k} ({communes[c]})"
        for i, (k, c) in enumerate(zip(kinds, where, strict=True))
    ]
    return pd.DataFrame({"operation": names, "operation_insee": where})


def _clause_year(year, spec, terr, communes, person_start, rng) -> pd.DataFrame:
    names = {c: v[0] for c, v in communes.items()}
    pops = [v[1] for v in communes.values()]
    outside = MEL_OUTSIDE_COMMUNES
    out_w = [6, 3, 2, 1, 1, 1][: len(outside)]
    ops_on = _operations(spec["operations_on_territory"], names, pops, 1, rng)
    ops_out = _operations(spec["operations_outside"], outside, out_w, 100, rng)
    groups = [
        ("residents_on_territory", True, ops_on),
        ("non_residents_on_territory", False, ops_on),
        ("residents_outside", True, ops_out),
    ]
    # residence of the territory's residents (exact area quotas when the report gives them)
    n_res = spec["residents_on_territory"][1] + spec["residents_outside"][1]
    if "residents_by_area" in spec:
        area = quota_vector(spec["residents_by_area"], rng)
        lys = list(MELT_LYS_COMMUNES)
        other = [c for c in communes if c != "59599" and c not in lys]
        home = np.where(area == "tourcoing", "59599", None).astype(object)
        m = area == "lys"
        home[m] = pick(lys, [communes[c][1] for c in lys], m.sum(), rng)
        m = area == "other"
        home[m] = pick(other, [communes[c][1] for c in other], m.sum(), rng)
    else:
        home = pick(list(communes), pops, n_res, rng)
    res_iter = iter(home)
    frames, pid = [], person_start
    op_cursor = {id(ops_on): 0, id(ops_out): 0}
    for key, resident, ops in groups:
        hours, persons = spec[key]
        units = hours * 4  # quarter hours
        w = np.clip(rng.gamma(2.0, 0.5, size=persons), 0.3, 2.5)
        per_person = allocate(units, w, rng, minimum=56)
        rows = []
        for p_units in per_person:
            n_rows = int(np.clip(np.ceil(p_units / 400), 1, 12))
            first = int(rng.integers(0, 13 - n_rows))
            op1 = op_cursor[id(ops)] % len(ops)
            op_cursor[id(ops)] += 1
            op2 = int(rng.integers(0, len(ops))) if rng.random() < 0.2 else op1
            row_units = quota_counts(int(p_units), rng.uniform(0.7, 1.3, size=n_rows))
            if resident:
                live = next(res_iter)
            else:
                live = pick(list(outside), out_w, 1, rng)[0]
            for r in range(n_rows):
                op = op1 if r < (n_rows + 1) // 2 else op2
                rows.append((first + r, op, f"CLAUSE-{terr}-{pid:05d}", live, row_units[r]))
            pid += 1
        df = pd.DataFrame(rows, columns=["m", "op", "person_id", "resident_insee", "units"])
        df["operation"] = ops["operation"].to_numpy()[df["op"]]
        df["operation_insee"] = ops["operation_insee"].to_numpy()[df["op"]]
        frames.append(df)
    out = pd.concat(frames, ignore_index=True)
    out["month"] = pd.to_datetime({"year": year, "month": out["m"] + 1, "day": 1})
    out["hours"] = out["units"] / 4
    return out, pid


def build_clauses(territory: str) -> pd.DataFrame:
    if territory == "mno":
        code, communes, years = 1, MNO_COMMUNES, {2024: MNO_CLAUSES_2024, 2025: MNO_CLAUSES_2025}
    else:
        code, communes, years = 2, MELT_COMMUNES, {2022: MELT_CLAUSES_2022, 2023: MELT_CLAUSES_2023}
    rng = rng_for(code, 40)
    frames, pid = [], 1
    for year, spec in years.items():
        df, pid = _clause_year(year, spec, territory.upper(), communes, pid, rng)
        frames.append(df)
    out = pd.concat(frames, ignore_index=True).sort_values(["month", "person_id"], kind="stable")
    return pd.DataFrame(
        {
            "month": out["month"].astype("datetime64[ns]").to_numpy(),
            "operation": out["operation"].to_numpy().astype(object),
            "operation_insee": out["operation_insee"].to_numpy().astype(object),
            "person_id": out["person_id"].to_numpy().astype(object),
            "resident_insee": out["resident_insee"].to_numpy().astype(object),
            "hours": out["hours"].to_numpy().astype(float),
        }
    )
