"""`data_coverage.sql`: which communes each source covers, on the demo store.

A source covers a commune when its rows name it, or when one of its imports was declared
for a territory the commune belongs to. The reference territory's figures use it.
"""

import datetime as dt

import pytest

from data.store import Store
from queries import context, runner

MNO = set(context.territory_communes("mno"))
MELT = set(context.territory_communes("melt"))
NORD = context.territory_communes("nord")
DUNKERQUE, LILLE = "59183", "59350"


@pytest.fixture(scope="module")
def con(demo_data_dir):
    return Store(demo_data_dir).connection()


def coverage(con, year: int, month: dt.date | None = None, communes=NORD) -> dict[str, set]:
    df = runner.run(con, "data_coverage", communes=list(communes), start=dt.date(year, 1, 1),
                    end=dt.date(year, 12, 31), month=month)
    return {s: set(g["code_insee"]) for s, g in df.groupby("source")}


def test_2025_is_covered_by_mno_imports_only(con):
    cov = coverage(con, 2025)
    assert cov["plie"] == MNO  # declared for MNO: every commune, even without participants
    assert cov["ml"] == MNO and cov["aid"] == MNO and cov["mde"] == MNO
    assert cov["job_seekers"] == MNO
    # residents of Lille worked on MNO's sites: the rows of an import declared for MNO name
    # only MNO's communes, Lille's hours there are not all of its residents' hours
    assert cov["clauses"] == MNO and LILLE not in cov["clauses"]
    assert not any(DUNKERQUE in codes for codes in cov.values())


def test_2023_plie_is_melts_export_and_the_mno_pathways_that_began_in_2023(con):
    cov = coverage(con, 2023)
    # MELT's 2023 export is declared for MELT; MNO's 2025 export names its communes through
    # pathways entered in 2023 (an entry in the year covers it)
    assert cov["plie"] == MELT | MNO
    assert cov["job_seekers"] == MELT
    assert cov["aid"] == MELT  # declared territory only: payments name no commune


def test_a_month_and_the_selection_limit_what_is_returned(con):
    assert coverage(con, 2025, month=dt.date(2025, 9, 1))["job_seekers"] == MNO
    assert coverage(con, 2025, month=dt.date(2025, 10, 1)).get("job_seekers", set()) == set()
    only = coverage(con, 2025, communes=["59328", DUNKERQUE])
    assert all(codes == {"59328"} for codes in only.values())
