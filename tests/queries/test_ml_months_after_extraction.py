"""The Mission Locale's months after its extraction are not known yet, not months of 0.

An i-milo extraction made in October 2025 (its last event on 8 July here) read for 2025:
the monthly charts drew 0 first welcomes and 0 contacts in October, November and December
(« Nouveaux inscrits : 0 en décembre 2025 »). Those months are left out; the months before
keep their counts and their zeros. Figures counted by hand from the extraction of
`test_ml_without_situations` (Mission Locale de Poitiers).
"""

import datetime as dt

import pandas as pd

from ingest.pipeline import commit, prepare
from queries import series
from tests.queries.test_ml_without_situations import (
    BUXEROLLES,
    EVENTS,
    POITIERS,
    PROGRAMMES,
    YOUNG,
    extraction,
    store,  # noqa: F401 (fixture)
)


def test_the_months_after_the_last_contact_are_left_out(store):  # noqa: F811
    raw = extraction(Jeunes=YOUNG, Dispositifs=PROGRAMMES, Evenements=EVENTS)
    commit(store, prepare(store, raw, "imilo_extraction.xlsx"))
    df = series.ml_activity_monthly(store.connection(), [POITIERS, BUXEROLLES],
                                    dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    # by hand: the last event is the interview of 08/07/2025: January to July
    got = df.set_index(pd.to_datetime(df["month"]).dt.month)
    assert got.index.tolist() == [1, 2, 3, 4, 5, 6, 7]
    # first welcomes: 15/01 (Poitiers), 02/06 (Buxerolles); interviews: 20/02, 08/07
    assert got.loc[[1, 6], "ml_nouveaux_inscrits"].tolist() == [1, 1]
    assert got["ml_nouveaux_inscrits"].sum() == 2
    assert got.loc[[2, 7], "ml_entretiens"].tolist() == [1, 1]
    assert got.loc[3, "ml_contacts"] == 0  # a month of the extraction without contact: 0
