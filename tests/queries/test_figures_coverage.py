"""A figure is « absent » only when the table it reads has no data: a young people's
sheet without contacts still gives the first registrations."""

import math

import pandas as pd

from data.schema import TABLES
from data.store import Store
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
