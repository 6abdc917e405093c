"""A figure is « absent » (n.d.) only when the table it reads has no data for the year: a
young people's sheet without contacts still gives the first registrations; an extraction
that ends before the year gives none of the year's figures (neither 0 nor −100 %)."""

import datetime as dt
import math
import shutil

import pandas as pd
import pytest

from data.schema import TABLES
from data.store import Store
from queries import runner
from queries.context import territory_communes
from queries.figures import key_figures


def test_first_registrations_without_any_contact_sheet(tmp_path):
    store = Store(tmp_path / "store")
    young = pd.DataFrame({
        "person_key": ["a", "b", "c"], "code_insee": ["59328", "59328", "59378"],
        "registration_date": pd.to_datetime(["2025-02-03", "2025-05-12", "2024-11-04"]),
    }).reindex(columns=list(TABLES["ml_young"].columns))
    store.commit_import(source="ml", territory="mno", period="2025-12",
                        frames={"ml_young": young}, file_name="jeunes.csv", raw=b"jeunes")
    df = key_figures(store.connection(), "mno", 2025).set_index("indicator")
    # two first receptions in 2025 (a, b); c came in 2024
    assert df.at["ml_nouveaux_inscrits", "value"] == 2
    # nothing says how many were followed, or how many contacts: absent, not 0
    assert math.isnan(df.at["ml_contacts", "value"])
    assert math.isnan(df.at["ml_jeunes_accompagnes", "value"])


# -- a year that only the job seekers reach (a user's test on the demo store) -------------------
@pytest.fixture(scope="module")
def melt_2024(demo_data_dir, tmp_path_factory):
    """The demo store plus one month of job seekers for January 2024 in MELT: 2024 has job
    seekers, while MELT's PLIE and Mission Locale extractions are dated 2023-12 (MNO's,
    another territory, reach 2025)."""
    copy = tmp_path_factory.mktemp("melt_2024") / "store"
    shutil.copytree(demo_data_dir, copy)
    store = Store(copy)
    communes = territory_communes("melt")
    cells = pd.DataFrame({
        "month": pd.to_datetime(["2024-01-01"] * len(communes)), "code_insee": communes,
        "category": "A", "count": 100,
    }).reindex(columns=list(TABLES["job_seekers"].columns))
    store.commit_import(source="de_commune", territory="melt", period="2024-01",
                        frames={"job_seekers": cells}, file_name="de_2024_01.csv", raw=b"de")
    return store.connection()


PLIE_AND_ML = ["plie_participants", "plie_cohorte_annee", "plie_nouvelles_entrees",
               "plie_sorties", "plie_sorties_positives", "plie_etapes",
               "plie_etapes_demarrees_annee", "ml_contacts", "ml_jeunes_accompagnes",
               "cej_accompagnes", "cej_entrees", "pacea_entrees", "aide_total"]


@pytest.mark.parametrize("commune", [None, "59279"])  # the territory, Halluin
def test_an_extraction_that_ends_before_the_year_gives_no_figure(melt_2024, commune):
    df = key_figures(melt_2024, "melt", 2024, commune).set_index("indicator")
    assert df.at["de_a", "value"] > 0  # the year's job seekers are there
    for ind in PLIE_AND_ML:
        # not 0, not −100 %: n.d.; nor the pathways still open at the 2023-12 extraction
        assert math.isnan(df.at[ind, "value"]), (ind, df.at[ind, "value"])
        assert math.isnan(df.at[ind, "evolution_pct"]), ind
    # the year before, which the extractions describe, keeps its figures
    assert df.at["plie_nouvelles_entrees", "previous_value"] > 0
    assert df.at["ml_jeunes_accompagnes", "previous_value"] > 0
    assert not (df["evolution_pct"] == -100).any()


def test_the_extraction_still_describes_its_own_year(melt_2024):
    """The same store for 2023: the extractions' last year keeps every figure."""
    df = key_figures(melt_2024, "melt", 2023).set_index("indicator")
    for ind in PLIE_AND_ML:
        assert not math.isnan(df.at[ind, "value"]), ind


def test_another_territorys_extraction_covers_nothing_here(melt_2024):
    """MNO's Mission Locale extraction has contacts and programmes in 2024; they do not
    make MELT's 2024 covered (the checks read the selection's own imports)."""
    con = melt_2024
    melt, mno = territory_communes("melt"), territory_communes("mno")
    start, end = dt.date(2024, 1, 1), dt.date(2024, 12, 31)
    of_mno = runner.run(con, "coverage", communes=mno, start=start, end=end).iloc[0]
    of_melt = runner.run(con, "coverage", communes=melt, start=start, end=end).iloc[0]
    for table in ("ml_contacts", "ml_programmes", "financial_aid", "plie_participants",
                  "plie_steps"):
        assert of_mno[table], table
        assert not of_melt[table], table
    # the year before, MELT's own extractions describe it
    before = runner.run(con, "coverage", communes=melt, start=dt.date(2023, 1, 1),
                        end=dt.date(2023, 12, 31)).iloc[0]
    assert before[["ml_contacts", "ml_programmes", "financial_aid", "plie_participants",
                   "plie_steps"]].all()


def test_a_periods_checks_cost_one_query(demo_store, monkeypatch):
    """Within a page, the coverage checks of a period (ten of them for the key figures) run
    one query, `coverage.sql`; the year before runs its own."""
    asked = []
    run = runner.run

    def counting(con, name, **params):
        asked.append(name)
        return run(con, name, **params)

    monkeypatch.setattr(runner, "run", counting)
    key_figures(demo_store.connection(), "mno", 2025)
    assert asked.count("coverage") == 2
    assert not any(name.startswith("covered_") for name in asked)
