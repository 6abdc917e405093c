"""A store made to catch leaks of the statistical secret: person counts from 1 to 10 in
every breakdown of every source, for both territories.

Records are generated (seeded, so every run is the same) in the columns of
`demo.records.build_records`, written by the demo writer (`demo.generate.write_files`:
the layouts a manager uploads, postal codes and French labels included) and imported
through `ingest.pipeline` (prepare + commit), as a manager's files would be. The imports
are not the demo user's: the store is real data and login is mandatory.

Communes have four sizes. « Tiny » communes (Lompret and Verlinghem in MNO, Deûlémont and
Warneton in MELT) have 1 to 10 of everything: job seekers at each month end, PLIE
participants, young people, registrations per month, events, clause workers. « Small »
and « medium » communes straddle the threshold, so that sub-totals of a visible total are
sometimes small (secondary suppression has work to do); « large » communes keep the
territory's totals above it. Some whole-territory "dont" lines are small too (CEJ entries
of QPV residents, senior positive exits), so that a total shown beside a commune can leak.

Data cover 2024 and 2025 only (no other year reaches the year selectors).
"""

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from data import users
from data.store import Store
from demo.generate import write_files
from demo.records_targets import EXIT_REASONS, PRESCRIBERS

PASSWORD = "mot de passe correct"
USER = "gestionnaire.reel"  # who imported the files: not the demo user
YEARS = (2024, 2025)
MONTHS = [dt.date(y, m, 1) for y in YEARS for m in range(1, 13)]

# Accounts: (name, role, communes)
ELU, LECTEUR, ELU_LOMPRET = "elu_secret", "lecteur_secret", "elu_lompret"
MANAGER = "gestionnaire_secret"
LOMPRET = "59356"
ACCOUNTS = [(ELU, "elu", None), (LECTEUR, "lecteur", None), (ELU_LOMPRET, "elu", [LOMPRET]),
            (MANAGER, "gestionnaire", None)]

TINY, SMALL, MEDIUM, LARGE = 1, 2, 4, 10
SIZES = {
    "mno": {"59368": LARGE, "59328": LARGE, "59356": TINY, "59378": LARGE, "59386": MEDIUM,
            "59457": MEDIUM, "59482": SMALL, "59527": MEDIUM, "59611": TINY, "59636": MEDIUM},
    "melt": {"59090": MEDIUM, "59098": SMALL, "59152": MEDIUM, "59173": TINY, "59279": LARGE,
             "59352": MEDIUM, "59421": MEDIUM, "59426": SMALL, "59599": LARGE, "59643": TINY,
             "59656": SMALL},
}
TINY_COMMUNES = [c for t in SIZES.values() for c, s in t.items() if s == TINY]
# QPV 2024 of the territories' communes (geo/data/territoires_melt_mno.csv)
QPV = {"59328": ["QN05970M"], "59378": ["QN05977M"],
       "59599": ["QN05980M", "QN05983M", "QN05984M", "QN05985M", "QN05986M", "QN05988M"]}
SEED = {"mno": 16, "melt": 61}

CATEGORIES = ["A", "B", "C"]
SEXES = ["F", "H"]
AGE_BANDS = ["moins_25", "25_49", "50_plus"]
DURATIONS = ["moins_12m", "12_23m", "24m_plus"]
FAMILIES = {"emploi": ["CDD de moins de 6 mois", "Contrat aidé (PEC)"],
            "formation": ["Formation qualifiante", "Remise à niveau"],
            "mobilisation": ["Atelier CV", "Mobilité"], "social": ["Logement", "Santé"]}
CONTACT_TYPES = ["entretien", "atelier", "telephone", "courriel", "sms"]
SITUATIONS = ["emploi", "alternance", "formation", "immersion", "volontariat", "scolarite"]
AID_SCHEMES = ["allocation_cej", "allocation_pacea", "fajem", "fonds_ml", "fonds_ml_repas",
               "mobilite"]


def _day(rng, year: int, lo: int = 1, hi: int = 365) -> dt.date:
    return dt.date(year, 1, 1) + dt.timedelta(days=int(rng.integers(lo, hi)) - 1)


def _qpv(rng, code: str, p: float = 0.45):
    return str(rng.choice(QPV[code])) if code in QPV and rng.random() < p else None


def _job_seekers(territory: str, rng) -> pd.DataFrame:
    """Each commune's month-end stock spread over the 54 cells category × sex × age ×
    duration; tiny communes' stocks run through 1 … 10 over the months."""
    cells = [(c, s, a, d) for c in CATEGORIES for s in SEXES for a in AGE_BANDS
             for d in DURATIONS]
    rows = []
    for k, (code, size) in enumerate(SIZES[territory].items()):
        for m, month in enumerate(MONTHS):
            if size == TINY:
                n = 1 + (3 * m + k) % 10
            elif size == SMALL:
                n = 9 + (m + k) % 10
            elif size == MEDIUM:
                n = 25 + (2 * m + k) % 30
            else:
                n = 180 + 7 * ((m + k) % 20)
            weights = rng.dirichlet(np.ones(len(cells)) * (0.5 if size <= SMALL else 2))
            for (c, s, a, d), v in zip(cells, rng.multinomial(n, weights), strict=True):
                if v:
                    rows.append({"month": pd.Timestamp(month), "code_insee": code, "category": c,
                                 "sex": s, "age_band": a, "duration_band": d, "count": int(v)})
    return pd.DataFrame(rows)


def _people_per_year(size: int, rng, year: int) -> int:
    if size == TINY:
        return int(rng.integers(1, 6))
    return int(size * rng.integers(3, 6))


def _plie(territory: str, rng) -> tuple[pd.DataFrame, pd.DataFrame]:
    reasons = [(kind, r) for kind, rs in EXIT_REASONS.items() for r in rs]
    people, steps = [], []
    n = 0
    for code, size in SIZES[territory].items():
        for year in YEARS:
            for _ in range(_people_per_year(size, rng, year)):
                n += 1
                entry = _day(rng, year, 1, 330)
                exit_date, reason = None, None
                if rng.random() < 0.55:
                    exit_date = entry + dt.timedelta(days=int(rng.integers(20, 400)))
                    if exit_date > dt.date(2025, 12, 31):
                        exit_date = None
                    else:
                        _, reason = reasons[int(rng.integers(len(reasons)))]
                sex = "F" if rng.random() < 0.5 else "H"
                age = int(rng.integers(19, 62))
                people.append({
                    "person_id": f"P-{territory}-{n:05d}", "code_insee": code,
                    "qpv_code": _qpv(rng, code), "sex": sex,
                    "birth_date": pd.Timestamp(entry.replace(year=entry.year - age, day=1)),
                    "rsa": bool(rng.random() < 0.4), "education_level": int(rng.integers(1, 9)),
                    "prescriber": PRESCRIBERS[int(rng.integers(len(PRESCRIBERS)))],
                    "entry_date": pd.Timestamp(entry),
                    "exit_date": pd.Timestamp(exit_date) if exit_date else pd.NaT,
                    "exit_kind": None, "exit_reason": reason,
                })
                for _ in range(int(rng.integers(0, 4))):
                    family = list(FAMILIES)[int(rng.integers(len(FAMILIES)))]
                    start = entry + dt.timedelta(days=int(rng.integers(0, 200)))
                    if start > dt.date(2025, 12, 31):
                        continue
                    steps.append({
                        "person_id": f"P-{territory}-{n:05d}", "family": family,
                        "step_type": FAMILIES[family][int(rng.integers(2))],
                        "start_date": pd.Timestamp(start),
                        "end_date": pd.Timestamp(start + dt.timedelta(days=int(rng.integers(5, 90)))),
                        "qualifying": (bool(rng.random() < 0.5) if family == "formation"
                                       else None),
                    })
    return pd.DataFrame(people), pd.DataFrame(steps)


def _ml(territory: str, rng) -> dict[str, pd.DataFrame]:
    young, contacts, programmes, situations, aid = [], [], [], [], []
    n = 0
    for code, size in SIZES[territory].items():
        for year in YEARS:
            for _ in range(_people_per_year(size, rng, year)):
                n += 1
                pid = f"J-{territory}-{n:05d}"
                registered = _day(rng, year)
                age = int(rng.integers(16, 26))
                young.append({
                    "person_id": pid, "code_insee": code, "qpv_code": _qpv(rng, code),
                    "sex": "F" if rng.random() < 0.5 else "H",
                    "birth_date": pd.Timestamp(registered.replace(year=registered.year - age,
                                                                  day=1)),
                    "education_level": int(rng.integers(1, 6)),
                    "registration_date": pd.Timestamp(registered),
                })
                for y in range(year, YEARS[-1] + 1):
                    lo = (registered - dt.date(y, 1, 1)).days + 1 if y == year else 1
                    for _ in range(int(rng.integers(1, 6))):
                        kind = CONTACT_TYPES[int(rng.integers(len(CONTACT_TYPES)))]
                        contacts.append({"person_id": pid,
                                         "contact_date": pd.Timestamp(_day(rng, y, lo, 366)),
                                         "contact_type": kind})
                draw = rng.random()
                if draw < 0.55:
                    programme = "CEJ" if draw < 0.3 else "PACEA"
                    start = registered + dt.timedelta(days=int(rng.integers(0, 60)))
                    end = start + dt.timedelta(days=int(rng.integers(90, 400)))
                    ended = end <= dt.date(2025, 12, 31)
                    programmes.append({
                        "person_id": pid, "programme": programme,
                        "start_date": pd.Timestamp(start),
                        "end_date": pd.Timestamp(end) if ended else pd.NaT,
                        "exit_reason": "Emploi durable" if ended else None})
                    if rng.random() < 0.6:
                        s0 = start + dt.timedelta(days=int(rng.integers(5, 80)))
                        if s0 <= dt.date(2025, 12, 31):
                            situations.append({
                                "person_id": pid,
                                "category": SITUATIONS[int(rng.integers(len(SITUATIONS)))],
                                "start_date": pd.Timestamp(s0),
                                "end_date": pd.Timestamp(s0 + dt.timedelta(days=30))})
                    for _ in range(int(rng.integers(0, 4))):
                        paid = start + dt.timedelta(days=int(rng.integers(0, 120)))
                        if paid > dt.date(2025, 12, 31):
                            continue
                        scheme = ("allocation_cej" if programme == "CEJ" else "allocation_pacea") \
                            if rng.random() < 0.5 else AID_SCHEMES[int(rng.integers(2, 6))]
                        aid.append({"person_id": pid, "scheme": scheme,
                                    "payment_date": pd.Timestamp(paid),
                                    "amount": float(rng.integers(20, 500))})
    return {"ml_young": pd.DataFrame(young), "ml_contacts": pd.DataFrame(contacts),
            "ml_programmes": pd.DataFrame(programmes), "ml_situations": pd.DataFrame(situations),
            "financial_aid": pd.DataFrame(aid)}


def _events(territory: str, rng) -> pd.DataFrame:
    rows = []
    codes = list(SIZES[territory])
    for year in YEARS:
        for i, code in enumerate(codes[::2]):
            small = i % 2 == 0
            rows.append({
                "event_date": pd.Timestamp(_day(rng, year, 10 + 50 * i, 40 + 50 * i)),
                "name": f"Forum de l'emploi n° {i + 1}",
                "code_insee": code,
                "exhibitors": int(rng.integers(1, 11)) if small else int(rng.integers(12, 60)),
                "participants": int(rng.integers(1, 11)) if small else int(rng.integers(40, 400)),
                "interviews": int(rng.integers(1, 11)) if small else int(rng.integers(20, 90)),
            })
    df = pd.DataFrame(rows)
    df["interviews"] = df["interviews"].astype("Int64")
    return df


def _clauses(territory: str, rng) -> pd.DataFrame:
    rows = []
    codes = list(SIZES[territory])
    n = 0
    for code, size in SIZES[territory].items():
        workers = int(rng.integers(1, 4)) if size == TINY else 2 * size
        for _ in range(workers):
            n += 1
            site = codes[int(rng.integers(len(codes)))]
            for month in MONTHS[int(rng.integers(0, 20)):][:int(rng.integers(1, 6))]:
                rows.append({"month": pd.Timestamp(month), "operation": f"OP-{site} Chantier",
                             "operation_insee": site, "person_id": f"C-{territory}-{n:04d}",
                             "resident_insee": code,
                             "hours": float(rng.integers(10, 140))})
    return pd.DataFrame(rows)


def records(territory: str) -> dict[str, pd.DataFrame]:
    """The fixture's records of a territory, in `build_records`' columns."""
    rng = np.random.default_rng(SEED[territory])
    participants, steps = _plie(territory, rng)
    tables = {"job_seekers": _job_seekers(territory, rng), "plie_participants": participants,
              "plie_steps": steps, **_ml(territory, rng), "mde_events": _events(territory, rng),
              "clause_hours": _clauses(territory, rng)}
    for df in tables.values():
        for col in df.columns:
            if df[col].dtype == object and col not in ("qualifying",):
                df[col] = df[col].astype("str").where(df[col].notna(), None)
    tables["plie_steps"]["qualifying"] = tables["plie_steps"]["qualifying"].astype("boolean")
    return tables


def build(data_dir: Path) -> Path:
    """Write each territory's files, import them through the pipeline, add the accounts."""
    from ingest.pipeline import commit, prepare

    store = Store(data_dir)
    for territory in SIZES:
        for path in write_files(territory, data_dir / "fichiers" / territory,
                                records(territory)):
            prepared = prepare(store, path.read_bytes(), path.name, territory=territory)
            commit(store, prepared, user=USER)
    for name, role, communes in ACCOUNTS:
        users.add(name, role, PASSWORD, communes=communes, data_dir=data_dir)
    return data_dir
