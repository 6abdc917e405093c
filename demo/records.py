"""Deterministic synthetic records for the two seed territories (MNO, MELT).

`build_records(territory)` returns, for each fact table of `data.schema`, what a manager's
export would contain BEFORE pseudonymisation: raw `person_id` strings instead of
`person_key`, and birth dates instead of ages (`plie_participants.birth_date`,
`ml_young.birth_date`). Once imported, the records reproduce exactly the key figures of the
MNO 2025 and MELT 2023 annual reports (see `demo.records_targets` for every target, with
its source, and tests/demo/test_records.py for the definitions used to check them).

Everything is seeded (numpy `default_rng` with fixed seeds): two calls give identical frames.
"""

import pandas as pd

from demo.records_ml import build_ml
from demo.records_other import build_clauses, build_events, build_job_seekers
from demo.records_plie import build_plie
from demo.records_targets import (
    EXIT_REASONS,
    MEL_OUTSIDE_COMMUNES,
    MELT_AID_2022,
    MELT_AID_2023,
    MELT_CEJ_2023,
    MELT_CLAUSES_2022,
    MELT_CLAUSES_2023,
    MELT_COMMUNES,
    MELT_EVENTS_2022,
    MELT_EVENTS_2023,
    MELT_JOB_SEEKERS,
    MELT_JOB_SEEKERS_MONTHS,
    MELT_JOB_SEEKERS_REFERENCE_MONTH,
    MELT_ML,
    MELT_PACEA_2023,
    MELT_PLIE_2023,
    MELT_PLIE_STEPS_2023,
    MNO_AID_2024,
    MNO_AID_2025,
    MNO_AID_2025_TOTAL,
    MNO_CEJ_2025,
    MNO_CLAUSES_2024,
    MNO_CLAUSES_2025,
    MNO_COMMUNES,
    MNO_EVENTS_2024,
    MNO_EVENTS_2025,
    MNO_EVENTS_2025_TOTALS,
    MNO_JOB_SEEKERS,
    MNO_JOB_SEEKERS_MONTHS,
    MNO_JOB_SEEKERS_REFERENCE_MONTH,
    MNO_ML,
    MNO_PACEA_2025,
    MNO_PLIE_2025,
    MNO_PLIE_STEPS_2025,
    MNO_PLIE_T2,
    PRESCRIBERS,
)

__all__ = [
    "EXIT_REASONS",
    "MEL_OUTSIDE_COMMUNES",
    "MELT_AID_2022",
    "MELT_AID_2023",
    "MELT_CEJ_2023",
    "MELT_CLAUSES_2022",
    "MELT_CLAUSES_2023",
    "MELT_COMMUNES",
    "MELT_EVENTS_2022",
    "MELT_EVENTS_2023",
    "MELT_JOB_SEEKERS",
    "MELT_JOB_SEEKERS_MONTHS",
    "MELT_JOB_SEEKERS_REFERENCE_MONTH",
    "MELT_ML",
    "MELT_PACEA_2023",
    "MELT_PLIE_2023",
    "MELT_PLIE_STEPS_2023",
    "MNO_AID_2024",
    "MNO_AID_2025",
    "MNO_AID_2025_TOTAL",
    "MNO_CEJ_2025",
    "MNO_CLAUSES_2024",
    "MNO_CLAUSES_2025",
    "MNO_COMMUNES",
    "MNO_EVENTS_2024",
    "MNO_EVENTS_2025",
    "MNO_EVENTS_2025_TOTALS",
    "MNO_JOB_SEEKERS",
    "MNO_JOB_SEEKERS_MONTHS",
    "MNO_JOB_SEEKERS_REFERENCE_MONTH",
    "MNO_ML",
    "MNO_PACEA_2025",
    "MNO_PLIE_2025",
    "MNO_PLIE_STEPS_2025",
    "MNO_PLIE_T2",
    "PRESCRIBERS",
    "TERRITORIES",
    "build_records",
]

TERRITORIES = ("mno", "melt")


def build_records(territory: str) -> dict[str, pd.DataFrame]:
    """Synthetic records of `territory` ("mno" or "melt"), keyed by table name of data.schema.

    Columns are the table's columns (without the technical `_` ones), with `person_id` in
    place of `person_key` and `birth_date` in place of `age_at_entry` / `age_at_registration`.
    """
    if territory not in TERRITORIES:
        raise ValueError(f"unknown territory {territory!r}; expected one of {TERRITORIES}")
    participants, steps = build_plie(territory)
    ml = build_ml(territory)
    tables = {
        "job_seekers": build_job_seekers(territory),
        "plie_participants": participants,
        "plie_steps": steps,
        "ml_young": ml["ml_young"],
        "ml_contacts": ml["ml_contacts"],
        "ml_programmes": ml["ml_programmes"],
        "ml_situations": ml["ml_situations"],
        "financial_aid": ml["financial_aid"],
        "mde_events": build_events(territory),
        "clause_hours": build_clauses(territory),
    }
    for df in tables.values():
        for col in df.columns:
            if df[col].dtype == object:
                df[col] = df[col].astype("str")  # pandas' default text dtype, NaN if missing
    return tables
