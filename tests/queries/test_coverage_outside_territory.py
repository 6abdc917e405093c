"""A resident outside the territory of their import does not make their commune covered.

The MNO PLIE export holds one participant living in Roubaix (outside MNO): kept, but the
Nord reference must not then count Roubaix's whole population for that one person. An
import declared for no territory (« autre ») still covers the communes its rows name.
Populations are read from the reference file (the Nord's legal populations, 2023).
"""

import datetime as dt

import pandas as pd
import pytest

import settings
from data.schema import TABLES
from queries import runner
from queries.comparison import compare
from queries.context import territory_communes
from queries.series import coverage

MNO = territory_communes("mno")
NORD = territory_communes("nord")
LAMBERSART, ROUBAIX, DUNKERQUE = "59328", "59512", "59183"


def population(codes) -> float:
    df = pd.read_csv(settings.GEO_DIR / "communes_nord_59_population.csv", dtype=str)
    pops = dict(zip(df["code_insee"], df["population_totale"].astype(int), strict=True))
    return float(sum(pops[c] for c in codes))


def frame(table: str, **columns) -> pd.DataFrame:
    df = pd.DataFrame(columns)
    for c in df.columns:
        if TABLES[table].columns[c] == "DATE":
            df[c] = pd.to_datetime(df[c])
    return df.reindex(columns=list(TABLES[table].columns))


@pytest.fixture
def con(empty_store):
    # MNO's PLIE export: three participants of MNO (Lambersart, a commune of MNO) and one
    # living in Roubaix
    plie_mno = frame("plie_participants", person_key=["a", "b", "c", "r"],
                     code_insee=[LAMBERSART, LAMBERSART, MNO[2], ROUBAIX],
                     entry_date=["2025-01-06", "2025-02-03", "2025-03-03", "2025-04-07"])
    # a PLIE export whose territory is « autre »: one participant in Dunkerque
    plie_other = frame("plie_participants", person_key=["d"], code_insee=[DUNKERQUE],
                       entry_date=["2025-05-05"])
    # MNO's Mission Locale: a young person of Lambersart and one of Roubaix, both with an
    # individual interview in 2025
    young = frame("ml_young", person_key=["y1", "y2"], code_insee=[LAMBERSART, ROUBAIX],
                  registration_date=["2024-10-01", "2024-11-04"])
    contacts = frame("ml_contacts", person_key=["y1", "y2"],
                     contact_date=["2025-03-10", "2025-04-14"],
                     contact_type=["entretien", "entretien"])
    for source, territory, frames in (
            ("plie", "mno", {"plie_participants": plie_mno}),
            ("plie", "autre", {"plie_participants": plie_other}),
            ("ml", "mno", {"ml_young": young, "ml_contacts": contacts})):
        empty_store.commit_import(source=source, territory=territory, period="2025-12",
                                  frames=frames, file_name=f"{source}_{territory}.xlsx",
                                  raw=f"{source}{territory}".encode())
    return empty_store.connection()


@pytest.mark.parametrize("start, end", [
    (dt.date(2025, 1, 1), dt.date(2025, 12, 31)),  # the calendar-year form
    (dt.date(2025, 1, 1), dt.date(2025, 11, 30)),  # the form reading the rows
])
def test_roubaix_is_not_covered_by_a_resident_of_an_mno_import(con, start, end):
    assert runner.is_calendar_year(start, end) is (end.month == 12)
    cov = coverage(con, NORD, start, end)
    # MNO's export covers MNO's ten communes (declared); « autre » covers Dunkerque (named)
    assert cov["plie"] == set(MNO) | {DUNKERQUE}
    assert cov["ml"] == set(MNO)
    assert ROUBAIX not in cov["plie"] | cov["ml"]


def test_the_nord_per_1000_divides_by_the_covered_communes_only(con):
    _, table = compare(con, "mno", MNO, 2025, "nord",
                       ["plie_participants", "ml_jeunes_accompagnes"])
    plie = table.loc["plie_participants"]
    # MNO: its three residents; the Roubaix resident is not one of its communes'
    assert plie["value"] == 3
    # the Nord: MNO's ten communes and Dunkerque; a, b, c and d, not Roubaix's resident
    # (neither Roubaix's population nor its participant)
    assert plie["ref_covered"] == 11 and plie["ref_communes"] == 647
    assert plie["ref_value"] == 4
    assert plie["ref_measure"] == pytest.approx(4 / population([*MNO, DUNKERQUE]) * 1000)
    ml = table.loc["ml_jeunes_accompagnes"]
    assert ml["ref_covered"] == 10 and ml["ref_value"] == 1
    assert ml["ref_measure"] == pytest.approx(1 / population(MNO) * 1000)


def test_an_import_without_territory_covers_the_communes_of_its_rows(con):
    # Dunkerque alone: covered by the « autre » export's participant, for any period form
    for end in (dt.date(2025, 12, 31), dt.date(2025, 6, 30)):
        df = runner.run(con, "data_coverage", communes=[DUNKERQUE, ROUBAIX],
                        start=dt.date(2025, 1, 1), end=end, month=None)
        assert df.values.tolist() == [["plie", DUNKERQUE]]


def test_a_commune_taken_out_of_a_territory_is_no_longer_covered_by_its_residents(
        tmp_path, monkeypatch):
    # the coverage is summed at the store's build (data/store.py: derive, `coverage_years`)
    # from the territories' communes: a new definition gives a new version, summed again
    from data import territories
    from data.store import Store

    monkeypatch.setenv("TBE_DATA_DIR", str(tmp_path))
    territories.add("lam", "Lambersart et Roubaix", [LAMBERSART, ROUBAIX], by="test")
    store = Store(tmp_path)
    plie = frame("plie_participants", person_key=["a", "r"], code_insee=[LAMBERSART, ROUBAIX],
                 entry_date=["2025-01-06", "2025-04-07"])
    store.commit_import(source="plie", territory="lam", period="2025-12",
                        frames={"plie_participants": plie}, file_name="plie_lam.xlsx",
                        raw=b"plie lam")

    def plie_covered(end):
        df = runner.run(store.connection(), "data_coverage", communes=[LAMBERSART, ROUBAIX],
                        start=dt.date(2025, 1, 1), end=end, month=None)
        return sorted(df[df["source"] == "plie"]["code_insee"])

    calendar_year, months = dt.date(2025, 12, 31), dt.date(2025, 11, 30)
    assert plie_covered(calendar_year) == plie_covered(months) == [LAMBERSART, ROUBAIX]
    # Roubaix leaves the territory: its resident no longer covers it (nor the declaration)
    territories.set_communes("lam", [LAMBERSART], by="test")
    assert plie_covered(calendar_year) == plie_covered(months) == [LAMBERSART]
