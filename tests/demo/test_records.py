"""The synthetic demo records reproduce the key figures of the two seed reports.

Every indicator is recomputed here with plain pandas, following the definitions the
dashboard's SQL uses (year Y = 1 January .. 31 December), and compared with the number
printed in the report, typed as a literal. MNO = ALPES, rapport d'activité 2025; MELT = Mission
Emploi Lys-Tourcoing, rapport d'activité 2023 (see shared/domain/indicator-catalogue.md).
"""


import numpy as np
import pandas as pd
import pytest

from data.schema import TABLES
from demo.records import EXIT_REASONS, build_records

MNO_CODES = {
    "La Madeleine": "59368",
    "Lambersart": "59328",
    "Lompret": "59356",
    "Marcq-en-Barœul": "59378",
    "Marquette-lez-Lille": "59386",
    "Pérenchies": "59457",
    "Quesnoy-sur-Deûle": "59482",
    "Saint-André-lez-Lille": "59527",
    "Verlinghem": "59611",
    "Wambrechies": "59636",
}
MELT_CODES = {
    "59090",
    "59098",
    "59152",
    "59173",
    "59279",
    "59352",
    "59421",
    "59426",
    "59599",
    "59643",
    "59656",
}
QPV_BY_COMMUNE = {
    "59328": {"QN05970M"},
    "59378": {"QN05977M"},
    "59599": {"QN05983M", "QN05984M", "QN05985M", "QN05986M", "QN05988M", "QN05980M"},
}


@pytest.fixture(scope="module")
def mno() -> dict[str, pd.DataFrame]:
    return build_records("mno")


@pytest.fixture(scope="module")
def melt() -> dict[str, pd.DataFrame]:
    return build_records("melt")


# --- helpers: the dashboard's definitions, written independently of the generator -------------


def bounds(year: int) -> tuple[pd.Timestamp, pd.Timestamp]:
    return pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31)


def dated_in(s: pd.Series, year: int) -> pd.Series:
    a, b = bounds(year)
    return s.notna() & (s >= a) & (s <= b)


def overlaps(start: pd.Series, end: pd.Series, year: int) -> pd.Series:
    a, b = bounds(year)
    return (start <= b) & (end.isna() | (end >= a))


def full_years(birth: pd.Series, ref: pd.Series) -> pd.Series:
    before = (ref.dt.month < birth.dt.month) | (
        (ref.dt.month == birth.dt.month) & (ref.dt.day < birth.dt.day)
    )
    return ref.dt.year - birth.dt.year - before.astype(int)


def plie_year(p: pd.DataFrame, year: int) -> pd.DataFrame:
    return p[overlaps(p["entry_date"], p["exit_date"], year)]


def plie_profile(df: pd.DataFrame, senior_age: int, low_max: int) -> dict[str, int]:
    age = full_years(df["birth_date"], df["entry_date"])
    return {
        "men": int(df.loc[df["sex"] == "H", "person_id"].nunique()),
        "women": int(df.loc[df["sex"] == "F", "person_id"].nunique()),
        "seniors": int(df.loc[age >= senior_age, "person_id"].nunique()),
        "rsa": int(df.loc[df["rsa"], "person_id"].nunique()),
        "low_level": int(df.loc[df["education_level"] <= low_max, "person_id"].nunique()),
    }


def job_seekers_at(js: pd.DataFrame, month: str) -> dict[str, int]:
    m = js[js["month"] == pd.Timestamp(month + "-01")]
    return {
        "abc": int(m["count"].sum()),
        "a": int(m.loc[m["category"] == "A", "count"].sum()),
        "long": int(m.loc[m["duration_band"].isin(["12_23m", "24m_plus"]), "count"].sum()),
        "under_25": int(m.loc[m["age_band"] == "moins_25", "count"].sum()),
        "50_plus": int(m.loc[m["age_band"] == "50_plus", "count"].sum()),
        "women": int(m.loc[m["sex"] == "F", "count"].sum()),
    }


def followed(contacts: pd.DataFrame, year: int) -> set[str]:
    c = contacts[dated_in(contacts["contact_date"], year)]
    return set(c.loc[c["contact_type"] == "entretien", "person_id"])


def programme_followed(prog: pd.DataFrame, name: str, year: int) -> set[str]:
    p = prog[prog["programme"] == name]
    return set(p.loc[overlaps(p["start_date"], p["end_date"], year), "person_id"])


def contacts_within(contacts, prog, name, year, contact_type=None) -> int:
    """Contacts dated in `year` falling within one of the person's `name` periods."""
    c = contacts[dated_in(contacts["contact_date"], year)].reset_index(drop=True)
    if contact_type:
        c = c[c["contact_type"] == contact_type]
    c = c.rename_axis("row").reset_index()
    p = prog[prog["programme"] == name]
    m = c.merge(p[["person_id", "start_date", "end_date"]], on="person_id")
    inside = (m["contact_date"] >= m["start_date"]) & (
        m["end_date"].isna() | (m["contact_date"] <= m["end_date"])
    )
    return int(m.loc[inside, "row"].nunique())


def cej_solutions(d: dict[str, pd.DataFrame], year: int) -> tuple[int, int]:
    """(young people with >= 1 situation started in their CEJ and in `year`, such rows)."""
    prog = d["ml_programmes"]
    who = programme_followed(prog, "CEJ", year)
    s = d["ml_situations"].rename_axis("row").reset_index()
    s = s[dated_in(s["start_date"], year) & s["person_id"].isin(who)]
    cej = prog[prog["programme"] == "CEJ"]
    m = s.merge(cej[["person_id", "start_date", "end_date"]], on="person_id", suffixes=("", "_c"))
    inside = (m["start_date"] >= m["start_date_c"]) & (
        m["end_date_c"].isna() | (m["start_date"] <= m["end_date_c"])
    )
    m = m[inside]
    return int(m["person_id"].nunique()), int(m["row"].nunique())


def aid(d: dict[str, pd.DataFrame], year: int) -> dict[str, tuple[float, int]]:
    a = d["financial_aid"]
    a = a[dated_in(a["payment_date"], year)]
    g = a.groupby("scheme").agg(amount=("amount", "sum"), persons=("person_id", "nunique"))
    return {k: (round(float(r.amount), 2), int(r.persons)) for k, r in g.iterrows()}


def pct(n: int, d: int) -> float:
    return round(100 * n / d, 1)


# --- structure --------------------------------------------------------------------------------


@pytest.mark.parametrize("territory", ["mno", "melt"])
def test_columns_follow_the_schema(territory, mno, melt):
    d = mno if territory == "mno" else melt
    # the demo feeds every table of the associations' own exports; the ONPV files
    # (qpv_indicators) and the generic indicator table come from public data instead
    assert set(d) == set(TABLES) - {"qpv_indicators", "indicator_values"}
    replaced = {
        "person_key": "person_id",
        "age_at_entry": "birth_date",
        "age_at_registration": "birth_date",
    }
    for name in d:
        table = TABLES[name]
        expected = [replaced.get(c, c) for c in table.columns]
        assert list(d[name].columns) == expected, name
        for col in d[name].columns:
            if col.endswith("_date") or col == "month":
                assert str(d[name][col].dtype).startswith("datetime64"), (name, col)
                values = d[name][col].dropna()
                assert (values == values.dt.normalize()).all(), (name, col)


def test_build_is_deterministic_and_bounded(mno, melt):
    again = {"mno": build_records("mno"), "melt": build_records("melt")}
    for first, second in ((mno, again["mno"]), (melt, again["melt"])):
        assert set(first) == set(second)
        for name in first:
            pd.testing.assert_frame_equal(first[name], second[name])
    assert len(mno["ml_contacts"]) + len(melt["ml_contacts"]) <= 150_000


def test_unknown_territory_is_refused():
    with pytest.raises(ValueError):
        build_records("lille")


@pytest.mark.parametrize("territory", ["mno", "melt"])
def test_people_are_consistent(territory, mno, melt):
    d = mno if territory == "mno" else melt
    codes = set(MNO_CODES.values()) if territory == "mno" else MELT_CODES
    for name in ("plie_participants", "ml_young"):
        df = d[name]
        assert df.groupby("person_id")["birth_date"].nunique().max() == 1, name
        assert df["code_insee"].isin(codes).all(), name
        assert df["sex"].isin(["F", "H"]).all(), name
        assert df["education_level"].between(2, 8).all(), name
        q = df[df["qpv_code"].notna()]
        assert all(
            c in QPV_BY_COMMUNE.get(i, set())
            for i, c in zip(q["code_insee"], q["qpv_code"], strict=True)
        )
    both = pd.concat([d["plie_participants"], d["ml_young"]])
    assert both.groupby("person_id")["birth_date"].nunique().max() == 1
    assert d["plie_participants"]["person_id"].str.startswith(f"PLIE-{territory.upper()}-").all()
    assert d["ml_young"]["person_id"].str.startswith(f"ML-{territory.upper()}-").all()
    # PLIE: exits, reasons, steps inside the pathway
    p = d["plie_participants"]
    open_ = p["exit_date"].isna()
    assert p.loc[open_, "exit_kind"].isna().all() and p.loc[open_, "exit_reason"].isna().all()
    closed = p[~open_]
    assert (closed["exit_date"] >= closed["entry_date"]).all()
    for kind, reasons in EXIT_REASONS.items():
        assert closed.loc[closed["exit_kind"] == kind, "exit_reason"].isin(reasons).all()
    assert set(closed["exit_kind"]) == {"positive", "neutre", "autre"}
    assert (
        p["prescriber"]
        .isin(
            [
                "Département",
                "France Travail",
                "CCAS",
                "Mission Locale",
                "Candidature spontanée",
                "Maison de l'Emploi",
            ]
        )
        .all()
    )
    s = d["plie_steps"].merge(p[["person_id", "entry_date", "exit_date"]], on="person_id")
    assert len(s) == len(d["plie_steps"])
    assert (s["start_date"] >= s["entry_date"]).all()
    assert (s["exit_date"].isna() | (s["start_date"] <= s["exit_date"])).all()
    assert (s["end_date"].isna() | (s["end_date"] >= s["start_date"])).all()
    assert s["family"].isin(["emploi", "formation", "mobilisation", "social"]).all()
    # Mission Locale: ages, dates, ids shared across tables
    y = d["ml_young"]
    age = full_years(y["birth_date"], y["registration_date"])
    assert age.between(16, 25).all()
    ids = set(y["person_id"])
    for name in ("ml_contacts", "ml_programmes", "ml_situations", "financial_aid"):
        assert set(d[name]["person_id"]) <= ids, name
    c = d["ml_contacts"].merge(y[["person_id", "registration_date"]], on="person_id")
    assert (c["contact_date"] >= c["registration_date"]).all()
    assert c["contact_type"].isin(["entretien", "atelier", "telephone", "courriel", "sms"]).all()
    pr = d["ml_programmes"].merge(y[["person_id", "registration_date"]], on="person_id")
    assert (pr["start_date"] >= pr["registration_date"]).all()
    assert pr["programme"].isin(["CEJ", "PACEA"]).all()
    assert (
        d["ml_situations"]["category"]
        .isin(["emploi", "alternance", "formation", "immersion", "volontariat", "scolarite"])
        .all()
    )
    amounts = d["financial_aid"]["amount"]
    assert (amounts > 0).all()
    assert np.allclose(amounts * 100, np.round(amounts * 100))
    js = d["job_seekers"]
    assert js["code_insee"].isin(codes).all()
    assert (js["count"] >= 0).all() and (js["month"].dt.day == 1).all()


# --- MNO 2025 ---------------------------------------------------------------------------------


def test_mno_job_seekers(mno):
    js = mno["job_seekers"]
    months = js["month"].drop_duplicates().sort_values()
    assert months.min() == pd.Timestamp("2024-01-01")
    assert months.max() == pd.Timestamp("2025-09-01")
    assert len(months) == 21
    # MNO 2025 report, "demande d'emploi" at 30/09/2025
    assert job_seekers_at(js, "2025-09") == {
        "abc": 9948,
        "a": 5884,
        "long": 3943,
        "under_25": 1422,
        "50_plus": 2300,
        "women": 5029,
    }
    # MNO 2025 report, previous-year values implied by the printed evolutions (30/09/2024)
    assert job_seekers_at(js, "2024-09") == {
        "abc": 9211,
        "a": 5364,
        "long": 3572,
        "under_25": 1116,
        "50_plus": 2257,
        "women": 4691,
    }
    # MNO 2025 report: +8,0 % ABC, +9,7 % A, +10,4 % long duration, +27,4 % under 25
    assert pct(9948 - 9211, 9211) == 8.0
    monthly = js.groupby("month")["count"].sum()
    dec, jan = monthly[pd.Timestamp("2024-12-01")], monthly[pd.Timestamp("2025-01-01")]
    assert jan - dec > 200  # Loi pour le plein emploi: automatic registration in January 2025


def test_mno_plie_table_t2(mno):
    p = mno["plie_participants"]
    stock = plie_year(p, 2025)
    entries = p[dated_in(p["entry_date"], 2025)]
    exits = p[dated_in(p["exit_date"], 2025)]
    positive = exits[exits["exit_kind"] == "positive"]

    def by_commune(df):
        return {
            n: int(df.loc[df["code_insee"] == c, "person_id"].nunique())
            for n, c in MNO_CODES.items()
        }

    # MNO 2025 report, PLIE table T2 "participants en parcours"
    assert by_commune(stock) == {
        "La Madeleine": 76,
        "Lambersart": 160,
        "Lompret": 2,
        "Marcq-en-Barœul": 83,
        "Marquette-lez-Lille": 28,
        "Pérenchies": 27,
        "Quesnoy-sur-Deûle": 24,
        "Saint-André-lez-Lille": 46,
        "Verlinghem": 2,
        "Wambrechies": 15,
    }
    # MNO 2025 report, PLIE table T2 "nouvelles entrées"
    assert by_commune(entries) == {
        "La Madeleine": 30,
        "Lambersart": 67,
        "Lompret": 1,
        "Marcq-en-Barœul": 30,
        "Marquette-lez-Lille": 12,
        "Pérenchies": 12,
        "Quesnoy-sur-Deûle": 12,
        "Saint-André-lez-Lille": 11,
        "Verlinghem": 1,
        "Wambrechies": 10,
    }
    # MNO 2025 report, PLIE table T2 "sorties positives"
    assert by_commune(positive) == {
        "La Madeleine": 12,
        "Lambersart": 18,
        "Lompret": 0,
        "Marcq-en-Barœul": 12,
        "Marquette-lez-Lille": 7,
        "Pérenchies": 4,
        "Quesnoy-sur-Deûle": 0,
        "Saint-André-lez-Lille": 10,
        "Verlinghem": 0,
        "Wambrechies": 2,
    }
    # MNO 2025 report, PLIE table T2 "dont QPV" (Lambersart 33 and 11, Marcq 14 and 7)
    qpv_stock = by_commune(stock[stock["qpv_code"].notna()])
    qpv_entries = by_commune(entries[entries["qpv_code"].notna()])
    assert {k: v for k, v in qpv_stock.items() if v} == {"Lambersart": 33, "Marcq-en-Barœul": 14}
    assert {k: v for k, v in qpv_entries.items() if v} == {"Lambersart": 11, "Marcq-en-Barœul": 7}
    assert stock["person_id"].nunique() == 463
    assert entries["person_id"].nunique() == 186
    assert stock["qpv_code"].notna().sum() == 47 and entries["qpv_code"].notna().sum() == 18
    assert pct(47, 463) == 10.2 and pct(18, 186) == 9.7  # printed truncated: 10,1 % and 9,6 %


def test_mno_plie_profiles_and_exits(mno):
    p = mno["plie_participants"]
    stock = plie_year(p, 2025)
    entries = p[dated_in(p["entry_date"], 2025)]
    exits = p[dated_in(p["exit_date"], 2025)]
    positive = exits[exits["exit_kind"] == "positive"]
    # MNO 2025 report, PLIE "profil des participants" (seniors = 50 and over, level <= CAP)
    assert plie_profile(stock, 50, 3) == {
        "men": 196,
        "women": 267,
        "seniors": 102,
        "rsa": 367,
        "low_level": 268,
    }
    # MNO 2025 report, new entries: H 94, F 92, seniors 22,6 %, RSA 76,3 %, <= CAP 53,2 %
    assert plie_profile(entries, 50, 3) == {
        "men": 94,
        "women": 92,
        "seniors": 42,
        "rsa": 142,
        "low_level": 99,
    }
    # MNO 2025 report, prescribers of the new entries: Département 57 %, France Travail 12 %,
    # Autres 31 %
    presc = entries["prescriber"].value_counts()
    assert presc["Département"] == 106 and presc["France Travail"] == 22
    assert presc.drop(["Département", "France Travail"]).sum() == 58
    assert (round(100 * 106 / 186), round(100 * 22 / 186), round(100 * 58 / 186)) == (57, 12, 31)
    # MNO 2025 report, exits: 131, of which 65 positive (49,6 %), adjusted rate 60 %
    kinds = exits["exit_kind"].value_counts()
    assert len(exits) == 131
    assert kinds["positive"] == 65
    assert kinds["positive"] + kinds["neutre"] + kinds["autre"] == 131
    assert pct(65, 131) == 49.6
    assert round(100 * kinds["positive"] / (131 - kinds["neutre"])) == 60
    # MNO 2025 report, positive exits: H 30, F 35, <= CAP 44,6 %, RSA 66,2 %, seniors 20,0 %
    assert plie_profile(positive, 50, 3) == {
        "men": 30,
        "women": 35,
        "seniors": 13,
        "rsa": 43,
        "low_level": 29,
    }
    # MNO 2025 report, stock by year of entry: 40 % in 2025, 51 % in 2023-2024, 9 % before
    year = stock["entry_date"].dt.year
    assert (
        int((year == 2025).sum()),
        int(year.isin([2023, 2024]).sum()),
        int((year <= 2022).sum()),
    ) == (186, 236, 41)
    # MNO 2025 report, "période moyenne de parcours : 17,7 mois" (days from entry to
    # min(exit, 31/12/2025), in months of 365,25 / 12 days)
    end = stock["exit_date"].fillna(pd.Timestamp("2025-12-31"))
    end = end.clip(upper=pd.Timestamp("2025-12-31"))
    months = (end - stock["entry_date"]).dt.days / (365.25 / 12)
    assert round(months.mean(), 1) == 17.7


def test_mno_plie_steps(mno):
    p = mno["plie_participants"]
    stock = set(plie_year(p, 2025)["person_id"])
    s = mno["plie_steps"]
    s = s[overlaps(s["start_date"], s["end_date"], 2025)]
    assert s["person_id"].isin(stock).all()  # the same figures with or without that filter
    started = dated_in(s["start_date"], 2025)
    # MNO 2025 report, PLIE "étapes de parcours": 778 steps for 348 participants
    assert len(s) == 778 and s["person_id"].nunique() == 348
    # MNO 2025 report: 83,2 % of the steps started in 2025
    assert started.sum() == 647 and pct(647, 778) == 83.2
    # MNO 2025 report: "Emploi" 38,4 % of the steps, 72,6 % of them started in 2025
    emploi = s["family"] == "emploi"
    assert emploi.sum() == 299 and (emploi & started).sum() == 217
    assert pct(299, 778) == 38.4 and pct(217, 299) == 72.6
    # MNO 2025 report: 34,2 % of training steps are qualifying (all, or started in 2025)
    f = s[s["family"] == "formation"]
    assert pct(int(f["qualifying"].sum()), len(f)) == 34.2
    fs = f[dated_in(f["start_date"], 2025)]
    assert pct(int(fs["qualifying"].sum()), len(fs)) == 34.2


def test_mno_plie_previous_year_is_plausible(mno):
    p = mno["plie_participants"]
    stock = plie_year(p, 2024)
    exits = p[dated_in(p["exit_date"], 2024)]
    assert 350 <= stock["person_id"].nunique() <= 500
    assert 100 <= dated_in(p["entry_date"], 2024).sum() <= 200
    assert 0.35 <= (exits["exit_kind"] == "positive").mean() <= 0.55
    # the 2025 stock's history is the same rows: nobody enters twice
    assert p["person_id"].is_unique


def test_mno_mission_locale(mno):
    y, c = mno["ml_young"], mno["ml_contacts"]
    # MNO 2025 report, B1: 815 new registrations (+9 % => 748 in 2024)
    assert dated_in(y["registration_date"], 2025).sum() == 815
    assert dated_in(y["registration_date"], 2024).sum() == 748
    # MNO 2025 report, B1: 1 863 young people followed in interviews (+7 % => 1 741 in 2024)
    assert len(followed(c, 2025)) == 1863
    assert len(followed(c, 2024)) == 1741
    # MNO 2025 report, B1: 43 992 contacts (+32 % => 33 327 in 2024), 16 564 interviews
    assert dated_in(c["contact_date"], 2025).sum() == 43992
    assert dated_in(c["contact_date"], 2024).sum() == 33327
    assert (dated_in(c["contact_date"], 2025) & (c["contact_type"] == "entretien")).sum() == 16564


def test_mno_cej_and_pacea(mno):
    prog, y = mno["ml_programmes"], mno["ml_young"]
    cej = prog[prog["programme"] == "CEJ"]
    entries = cej[dated_in(cej["start_date"], 2025)]
    # MNO 2025 report, C: 970 young people followed in CEJ, 648 entries of which 54 in a QPV
    assert len(programme_followed(prog, "CEJ", 2025)) == 970
    assert len(entries) == 648
    qpv = y.loc[y["person_id"].isin(entries["person_id"]), "qpv_code"].notna().sum()
    assert qpv == 54
    # MNO 2025 report, C: 21 751 contacts in CEJ ("22 contacts / jeune")
    n = contacts_within(mno["ml_contacts"], prog, "CEJ", 2025)
    assert n == 21751 and round(n / 970) == 22
    # MNO 2025 report, C: 563 young people with >= 1 professional solution, 1 694 measures
    assert cej_solutions(mno, 2025) == (563, 1694)
    # MNO 2025 report, D: 245 PACEA entries
    pacea = prog[prog["programme"] == "PACEA"]
    assert dated_in(pacea["start_date"], 2025).sum() == 245
    # everyone followed in a programme in 2025 had at least one interview in 2025
    assert programme_followed(prog, "CEJ", 2025) <= followed(mno["ml_contacts"], 2025)


def test_mno_financial_aid(mno):
    a = aid(mno, 2025)
    # MNO 2025 report, K: aid to young people in 2025 (amount in euros, recipients)
    assert a == {
        "allocation_cej": (2026189.00, 917),
        "allocation_pacea": (60659.00, 118),
        "fajem": (31451.00, 110),
        "fonds_ml": (5173.31, 6),
        "fonds_ml_repas": (9941.00, 84),
        "mobilite": (2120.15, 66),
    }
    # MNO 2025 report, K: total 2 135 533,46 €
    fa = mno["financial_aid"]
    cents = (fa.loc[dated_in(fa["payment_date"], 2025), "amount"] * 100).round().astype(int)
    assert cents.sum() == 213553346
    prog = mno["ml_programmes"]
    y25 = fa[dated_in(fa["payment_date"], 2025)]
    cej_paid = set(y25.loc[y25["scheme"] == "allocation_cej", "person_id"])
    pacea_paid = set(y25.loc[y25["scheme"] == "allocation_pacea", "person_id"])
    assert cej_paid <= programme_followed(prog, "CEJ", 2025)
    assert pacea_paid <= programme_followed(prog, "PACEA", 2025)
    assert set(aid(mno, 2024)) == set(a)  # the previous year exists too


def test_mno_events(mno):
    events = mno["mde_events"]
    e = events[dated_in(events["event_date"], 2025) & (events["role"] == "organise")]
    e = e.sort_values("event_date")
    # MNO 2025 report: « participation de la MDE à 24 événements emploi », 6 per quarter
    attended = events[dated_in(events["event_date"], 2025) & (events["role"] == "participation")]
    assert attended["event_date"].dt.quarter.value_counts().sort_index().tolist() == [6] * 4
    assert attended[["exhibitors", "participants", "interviews"]].isna().all().all()
    # MNO 2025 report, table T5 (events organised by the MDE)
    assert [
        (d.strftime("%m-%d"), c, x, p, None if pd.isna(i) else int(i))
        for d, c, x, p, i in zip(
            e["event_date"],
            e["code_insee"],
            e["exhibitors"],
            e["participants"],
            e["interviews"],
            strict=True,
        )
    ] == [
        ("02-27", "59328", 10, 54, 105),
        ("03-27", "59386", 160, 2578, None),
        ("05-20", "59482", 3, 15, None),
        ("05-30", "59328", 12, 55, 95),
        ("06-04", "59457", 4, 89, None),
        ("06-19", "59328", 4, 81, None),
        ("09-18", "59328", 7, 40, None),
        ("10-16", "59328", 11, 52, 121),
        ("11-20", "59457", 29, 142, None),
        ("12-04", "59328", 11, 111, None),
    ]
    # MNO 2025 report, T5 totals: 10 events, 251 exhibitors, 3 217 participants
    assert (len(e), e["exhibitors"].sum(), e["participants"].sum()) == (10, 251, 3217)
    assert e["interviews"].sum() == 321
    assert "Salon Les Clés de l'Emploi" in e["name"].iloc[1]


def test_mno_clause_hours(mno):
    ch = mno["clause_hours"]
    ch = ch[dated_in(ch["month"], 2025)]
    codes = set(MNO_CODES.values())
    resident = ch["resident_insee"].isin(codes)
    on_site = ch["operation_insee"].isin(codes)
    # MNO 2025 report, G: 41 277 h by MNO residents = 1 215 h on MNO sites + 40 062 h outside
    assert round(ch.loc[resident, "hours"].sum(), 2) == 41277
    assert round(ch.loc[resident & on_site, "hours"].sum(), 2) == 1215
    assert round(ch.loc[resident & ~on_site, "hours"].sum(), 2) == 40062
    # MNO 2025 report, G: on MNO sites 7 916 h = 1 215 h by 8 residents + 6 701 h by 29 others
    assert round(ch.loc[on_site, "hours"].sum(), 2) == 7916
    assert round(ch.loc[on_site & ~resident, "hours"].sum(), 2) == 6701
    assert ch.loc[on_site & resident, "person_id"].nunique() == 8
    assert ch.loc[on_site & ~resident, "person_id"].nunique() == 29
    # MNO 2025 report, G: 98 MNO residents worked under a clause; 25,7 FTE (1 607 h)
    assert ch.loc[resident, "person_id"].nunique() == 98
    assert round(41277 / 1607, 1) == 25.7
    assert ch["month"].dt.day.eq(1).all()
    assert (
        ch.loc[~on_site, "operation_insee"]
        .isin(["59350", "59512", "59009", "59017", "59360", "59299"])
        .all()
    )


# --- MELT 2023 --------------------------------------------------------------------------------


def test_melt_job_seekers(melt):
    js = melt["job_seekers"]
    months = js["month"].drop_duplicates()
    assert months.min() == pd.Timestamp("2022-01-01")
    assert months.max() == pd.Timestamp("2023-12-01")
    at = job_seekers_at(js, "2023-12")
    # MELT 2023 report, territory page: 18 367 job seekers ABC
    assert at["abc"] == 18367
    # MELT 2023 report: 12 % under 25, 25 % aged 50 and over, 50 % women
    assert round(100 * at["under_25"] / 18367) == 12
    assert round(100 * at["50_plus"] / 18367) == 25
    assert round(100 * at["women"] / 18367) == 50
    by_commune = js[js["month"] == pd.Timestamp("2023-12-01")].groupby("code_insee")["count"].sum()
    assert by_commune.idxmax() == "59599"  # Tourcoing is by far the largest


def test_melt_plie(melt):
    p = melt["plie_participants"]
    stock = plie_year(p, 2023)
    exits = p[dated_in(p["exit_date"], 2023)]
    # MELT 2023 report, PLIE: 1 002 people followed in the year, 410 new entries
    assert stock["person_id"].nunique() == 1002
    assert dated_in(p["entry_date"], 2023).sum() == 410
    # MELT 2023 report, PLIE: 48 % positive exits
    assert round(100 * (exits["exit_kind"] == "positive").sum() / len(exits)) == 48
    # MELT 2023 report, PLIE: 55 % women, 53 % RSA at entry, 81 % level BAC or below
    prof = plie_profile(stock, 45, 4)
    assert round(100 * prof["women"] / 1002) == 55
    assert round(100 * prof["rsa"] / 1002) == 53
    assert round(100 * prof["low_level"] / 1002) == 81
    # MELT 2023 report, PLIE: 1 224 steps = 183 training + 328 mobilisation + 713 contracts
    s = melt["plie_steps"]
    s = s[overlaps(s["start_date"], s["end_date"], 2023)]
    assert s["person_id"].isin(stock["person_id"]).all()
    fam = s["family"].value_counts()
    assert len(s) == 1224
    assert (fam["formation"], fam["mobilisation"], fam["emploi"]) == (183, 328, 713)


def test_melt_mission_locale(melt):
    y, c, prog = melt["ml_young"], melt["ml_contacts"], melt["ml_programmes"]
    # MELT 2023 report, B1: 1 340 new registrations
    assert dated_in(y["registration_date"], 2023).sum() == 1340
    cej = prog[prog["programme"] == "CEJ"]
    entries = cej[dated_in(cej["start_date"], 2023)].merge(y, on="person_id")
    # MELT 2023 report, C: 1 134 CEJ entries, 52.1 % men / 47.9 % women
    assert len(entries) == 1134
    sex = entries["sex"].value_counts()
    assert (sex["H"], sex["F"]) == (591, 543)
    assert pct(591, 1134) == 52.1
    # MELT 2023 report, C: 95 minors
    age = full_years(entries["birth_date"], entries["start_date"])
    assert (age < 18).sum() == 95
    assert age.between(16, 25).all()
    # MELT 2023 report, C: 83 % live in Tourcoing, 29.1 % in a QPV at entry
    assert round(100 * (entries["code_insee"] == "59599").sum() / 1134) == 83
    assert pct(int(entries["qpv_code"].notna().sum()), 1134) == 29.1
    # MELT 2023 report, C: 14 424 interviews in CEJ, "environ 13 par jeune"
    n = contacts_within(c, prog, "CEJ", 2023, contact_type="entretien")
    assert n == 14424 and round(n / 1134) == 13
    # MELT 2023 report, C: 1 107 young people started a professional situation during the CEJ
    assert cej_solutions(melt, 2023)[0] == 1107
    # MELT 2023 report, D: PACEA 1 462 followed, 726 entries, 6 818 interviews, 50.8 % women
    pacea_people = programme_followed(prog, "PACEA", 2023)
    assert len(pacea_people) == 1462
    pacea = prog[prog["programme"] == "PACEA"]
    assert dated_in(pacea["start_date"], 2023).sum() == 726
    assert contacts_within(c, prog, "PACEA", 2023, contact_type="entretien") == 6818
    women = (y.loc[y["person_id"].isin(pacea_people), "sex"] == "F").sum()
    assert women == 743 and pct(743, 1462) == 50.8


def test_melt_financial_aid(melt):
    a = aid(melt, 2023)
    # MELT 2023 report, D: 379 341 € of PACEA allowances
    assert a["allocation_pacea"][0] == 379341.00
    # MELT 2023 report, K: FAJeM 152 420 € (19 070 € thématique + 133 350 € urgence)
    assert a["fajem"][0] == 152420.00
    prog = melt["ml_programmes"]
    fa = melt["financial_aid"]
    paid = set(
        fa.loc[
            dated_in(fa["payment_date"], 2023) & (fa["scheme"] == "allocation_pacea"), "person_id"
        ]
    )
    assert paid <= programme_followed(prog, "PACEA", 2023)


def test_melt_events_and_clauses(melt):
    e = melt["mde_events"]
    assert e.loc[e["name"].str.startswith("Adopte1Job, 8e"), "event_date"].tolist() == [
        pd.Timestamp("2023-10-17")  # MELT 2023 report, poster: Tuesday 17 October 2023
    ]
    ch = melt["clause_hours"]
    ch = ch[dated_in(ch["month"], 2023)]
    resident = ch["resident_insee"].isin(MELT_CODES)
    on_site = ch["operation_insee"].isin(MELT_CODES)
    # MELT 2023 report, G: 44 183 h on the territory, 52 % by residents / 48 % by others
    assert round(ch.loc[on_site, "hours"].sum(), 2) == 44183
    assert round(100 * ch.loc[on_site & resident, "hours"].sum() / 44183) == 52
    # MELT 2023 report, G: 182 542 h by residents across the MEL, 138 359 h "exported"
    assert round(ch.loc[resident, "hours"].sum(), 2) == 182542
    # (the report's 138 359 h "bénéfice" is 182 542 - 44 183, a difference of two totals)
    assert 182542 - 44183 == 138359
    # MELT 2023 report, G: 142 people on the territory, 351 residents (77 % Tourcoing)
    assert ch.loc[on_site, "person_id"].nunique() == 142
    res = ch[resident].drop_duplicates("person_id")
    assert len(res) == 351
    assert round(100 * (res["resident_insee"] == "59599").sum() / 351) == 77
    # MELT 2023 report, G: 24 FTE on the territory and 101 FTE for residents (about 1 810 h)
    assert (round(44183 / 1810), round(182542 / 1810)) == (24, 101)
