"""The whole app, from demonstration data to the first login: the manager imports a real
file, creates the first account on the import page, lands on the login page that names
it, and logs in with it (AppTest on `app.py`, no cookie: the login lives in the tab)."""

import pandas as pd
import streamlit as st
from streamlit.testing.v1 import AppTest

from data.catalog import DEMO_USER
from data.store import Store
from wording import texts

APP = "../../app.py"
CSV = "Date;Événement;Commune;Exposants;Participants\n12/03/2025;Job dating;Lambersart;4;40\n"


def test_from_demo_to_the_first_login(tmp_path, monkeypatch):
    data_dir = tmp_path / "store"
    monkeypatch.setenv("TBE_DATA_DIR", str(data_dir))
    st.cache_data.clear()
    Store(data_dir).commit_import(
        source="mde_events", territory="mno", period="2024", user=DEMO_USER,
        frames={"mde_events": pd.DataFrame({
            "event_date": pd.to_datetime(["2024-03-12"]), "name": ["Forum"],
            "code_insee": ["59328"], "exhibitors": [3], "participants": [30],
            "interviews": [None]})},
        file_name="demo.csv", raw=b"demo")

    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.warning[0].value == texts.DEMO_BANNER  # open without login
    at.switch_page("views/importer.py").run()
    at.file_uploader[0].set_value(("evenements.csv", CSV.encode(), "text/csv")).run()
    fields = {t.label: t for t in at.text_input}
    fields[texts.FIRST_LOGIN_NAME].input("marie")
    fields[texts.FIRST_LOGIN_PASSWORD].input("un long secret")
    fields[texts.FIRST_LOGIN_CONFIRM].input("un long secret")
    at.run()
    next(b for b in at.button if b.label == texts.IMPORT_BUTTON).click().run()
    assert not at.exception, [e.value for e in at.exception]

    # the same run now shows the login page, with the import and the account to use
    assert [t.value for t in at.title] == ["Connexion"]
    assert at.success[0].value.startswith("**Import n° 2 enregistré**")
    assert "**Connectez-vous avec le compte « marie »**" in at.info[0].value
    assert at.text_input[0].value == "marie"
    at.text_input[1].input("un long secret")
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] != ["Connexion"]
    assert "Connecté : **marie** (gestionnaire)" in [c.value for c in at.sidebar.caption]
