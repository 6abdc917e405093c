"""An unknown QPV answer is not a « non »: the QPV shares are of the known answers.

A Mission Locale extraction had 10 new CEJ entries: 4 living in a QPV, 5 not, 1 with a blank
QPV cell. The page said 4/10 = 40,0 %; the share is 4 of the 9 known answers (44,4 %), with
the unknown answer counted apart. The same for the PLIE's new entries and participants.
In the store, NULL `qpv_code` is « not in a QPV » and 'inconnu' an unknown answer
(ingest/codes.py: QPV_UNKNOWN).
"""

import datetime as dt

import pandas as pd
import pytest

from data.schema import TABLES
from queries import dashboards, runner
from queries.context import territory_communes
from queries.figures import key_figures

MNO = territory_communes("mno")
LAMBERSART = "59328"
QUARTER = "QN05970M"  # « Pacot - Vandracq », Lambersart
# 10 people: 4 in the quarter, 5 not in a QPV (NULL), 1 unknown answer
ANSWERS = [QUARTER] * 4 + [None] * 5 + ["inconnu"]
SHARE = 4 / 9  # 0,4444…: 44,4 % (not 4 / 10 = 40,0 %)


def frame(table: str, **columns) -> pd.DataFrame:
    df = pd.DataFrame(columns)
    for c in df.columns:
        if TABLES[table].columns[c] == "DATE":
            df[c] = pd.to_datetime(df[c])
    return df.reindex(columns=list(TABLES[table].columns))


@pytest.fixture
def con(empty_store):
    keys = [f"p{i}" for i in range(10)]
    plie = frame("plie_participants", person_key=keys, code_insee=[LAMBERSART] * 10,
                 qpv_code=ANSWERS, entry_date=[f"2025-{m:02d}-06" for m in range(1, 11)])
    young = frame("ml_young", person_key=keys, code_insee=[LAMBERSART] * 10, qpv_code=ANSWERS,
                  registration_date=["2024-10-01"] * 10)
    programmes = frame("ml_programmes", person_key=keys, programme=["CEJ"] * 10,
                       start_date=[f"2025-{m:02d}-03" for m in range(1, 11)])
    contacts = frame("ml_contacts", person_key=keys, contact_type=["entretien"] * 10,
                     contact_date=[f"2025-{m:02d}-10" for m in range(1, 11)])
    for source, frames in (("plie", {"plie_participants": plie}),
                           ("ml", {"ml_young": young, "ml_programmes": programmes,
                                   "ml_contacts": contacts})):
        empty_store.commit_import(source=source, territory="mno", period="2025-12",
                                  frames=frames, file_name=f"{source}.xlsx",
                                  raw=source.encode())
    return empty_store.connection()


@pytest.mark.parametrize("end", [dt.date(2025, 12, 31),   # the calendar-year form
                                 dt.date(2025, 11, 30)])  # the form reading the periods
def test_cej_entries_count_the_unknown_answer_apart(con, end):
    df = runner.run(con, "ml_programme", communes=MNO, start=dt.date(2025, 1, 1), end=end,
                    programme="CEJ")
    total = df[df["code_insee"].isna()].iloc[0]
    assert (total["entrees"], total["entrees_qpv"], total["entrees_qpv_inconnu"]) == (10, 4, 1)


def test_plie_entries_and_participants_count_the_unknown_answer_apart(con):
    params = {"communes": MNO, "start": dt.date(2025, 1, 1), "end": dt.date(2025, 12, 31),
              "senior_age": 50, "low_level_max": 3}
    entries = runner.run(con, "plie_entries", **params)
    e = entries[entries["code_insee"].isna()].iloc[0]
    assert (e["plie_nouvelles_entrees"], e["plie_entrees_qpv"],
            e["plie_entrees_qpv_inconnu"]) == (10, 4, 1)
    stock = runner.run(con, "plie_participants", **params)
    s = stock[stock["code_insee"].isna()].iloc[0]
    assert (s["plie_participants"], s["plie_participants_qpv"],
            s["plie_participants_qpv_inconnu"]) == (10, 4, 1)


def test_key_figures_share_is_of_the_known_answers(con):
    kf = key_figures(con, "mno", 2025).set_index("indicator")
    for ind, parent in (("cej_entrees_qpv", "cej_entrees"),
                        ("plie_entrees_qpv", "plie_nouvelles_entrees"),
                        ("plie_qpv", "plie_participants")):
        assert (kf.at[ind, "value"], kf.at[parent, "value"]) == (4, 10), ind
        assert kf.at[ind, "share"] == pytest.approx(SHARE), ind
        assert kf.at[ind, "unknown"] == 1, ind
    assert f"{kf.at['cej_entrees_qpv', 'share'] * 100:.1f}" == "44.4"
    # a share without unknown answers keeps its parent as base
    assert kf.at["cej_entrees", "share"] == pytest.approx(10 / 10)


def test_pages_share_is_of_the_known_answers(con):
    ml = dashboards.ml_page(con, "mno", MNO, 2025, None, audience="gestionnaire")
    shares = ml["shares"].set_index("indicator")
    assert shares.at["cej_entrees_qpv", "measure"] == pytest.approx(SHARE)
    plie = dashboards.plie_page(con, "mno", MNO, 2025, None, audience="gestionnaire")
    profile = plie["profile"].set_index("key")
    assert profile.at["qpv", "share"] == pytest.approx(SHARE)
    assert profile.at["qpv", "entrees_share"] == pytest.approx(SHARE)
    by_commune = plie["by_commune"].set_index("code_insee")
    assert by_commune.at[LAMBERSART, "entrees_qpv_share"] == pytest.approx(SHARE)
    assert by_commune.at[LAMBERSART, "qpv_share"] == pytest.approx(SHARE)
    qpv = dashboards.qpv_page(con, "mno", MNO, 2025, None, audience="gestionnaire")
    summary = qpv["summary"].set_index("population")
    for pop in ("cej_entrees", "plie_nouvelles_entrees", "plie_participants"):
        assert summary.at[pop, "personnes_qpv_inconnu"] == 1, pop
        assert summary.at[pop, "share"] == pytest.approx(SHARE), pop
    # the unknown answer is no quarter of its own
    quartiers = qpv["quartiers"]
    assert set(quartiers["qpv_code"]) == {QUARTER}


def test_the_map_share_is_of_the_known_answers_too(con):
    # the map of « dont en QPV » as a share: Lambersart's 4 of its 9 known answers, as the
    # pages say (the manager's view: the counts are not hidden)
    from geo import maps
    from queries import registry

    ind = registry.indicators()["plie_entrees_qpv"]
    ids = maps.needed_ids(ind, "part")
    assert ids == ["plie_entrees_qpv", "plie_nouvelles_entrees", "plie_entrees_qpv_inconnu"]
    table = dashboards.map_page(con, "mno", 2025, tuple(ids), audience="gestionnaire")["by_commune"]
    frame, _reference = maps.map_values(table, ind, "part", masked=False)
    lambersart = frame.set_index("code_insee").loc[LAMBERSART]
    assert lambersart["value"] == pytest.approx(SHARE)
