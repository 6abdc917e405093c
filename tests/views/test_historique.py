"""The « Historique des imports » page, run headless with AppTest on a temporary store."""

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from data.store import Store
from ingest.pipeline import commit, prepare
from wording import texts

PAGE = str(Path(__file__).resolve().parents[2] / "views" / "historique.py")
TIMEOUT = 30

EVENTS = "Date;Événement;Commune;Exposants;Participants\n12/03/2025;Job dating;Lambersart;4;{n}\n"


@pytest.fixture
def store(tmp_path, monkeypatch) -> Store:
    data_dir = tmp_path / "store"
    monkeypatch.setenv("TBE_DATA_DIR", str(data_dir))
    st.cache_data.clear()
    return Store(data_dir)


def add_import(store: Store, participants: int, name: str, user: str = "gestionnaire"):
    prepared = prepare(store, EVENTS.format(n=participants).encode(), name)
    return commit(store, prepared, user=user)


def open_page() -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def statuses(store: Store) -> dict[int, str]:
    return {r.id: r.status for r in store.catalog().imports}


def test_an_empty_store_says_how_to_start(store):
    at = open_page()
    assert at.info[0].value == texts.HISTORY_EMPTY
    assert not at.dataframe


def test_imports_are_listed_newest_first_with_french_statuses(store):
    add_import(store, 40, "mars.csv", user="demo")
    add_import(store, 45, "mars_corrige.csv")
    table = open_page().dataframe[0].value
    assert table[texts.HISTORY_COL_ID].tolist() == [2, 1]
    assert table[texts.HISTORY_COL_STATUS].tolist() == ["actif", "remplacé"]
    assert table[texts.HISTORY_COL_FILE].tolist() == ["mars_corrige.csv", "mars.csv"]
    assert table[texts.HISTORY_COL_USER].tolist() == ["gestionnaire", "demo"]
    first = table.iloc[0]
    assert first[texts.HISTORY_COL_SOURCE] == "Événements emploi de la Maison de l'Emploi"
    assert first[texts.HISTORY_COL_TERRITORY] == "Métropole Nord-Ouest (ALPES)"
    assert (first[texts.HISTORY_COL_READ], first[texts.HISTORY_COL_STORED],
            first[texts.HISTORY_COL_REJECTED]) == ("1", "1", "0")
    assert first[texts.HISTORY_COL_NOTE] == "remplace n° 1"
    assert table.iloc[1][texts.HISTORY_COL_NOTE] == "remplacé par n° 2"


def test_rollback_needs_confirmation_and_reactivates_the_replaced_import(store):
    add_import(store, 40, "mars.csv")
    add_import(store, 45, "mars_corrige.csv")
    at = open_page()
    assert at.selectbox(key="history_import").value == 2  # newest active import first
    rollback = at.button(key="history_rollback")
    assert rollback.disabled

    at.checkbox(key="history_confirm_2").check().run()
    at.button(key="history_rollback").click().run()
    assert not at.exception
    assert statuses(store) == {1: "active", 2: "rolled_back"}
    message = at.success[0].value
    assert texts.HISTORY_ROLLBACK_DONE.format(id=2) in message
    assert texts.HISTORY_ROLLBACK_REACTIVATED.format(ids="1") in message
    table = at.dataframe[0].value
    assert table[texts.HISTORY_COL_STATUS].tolist() == ["annulé", "actif"]
    assert table.iloc[0][texts.HISTORY_COL_NOTE].startswith("remplace n° 1 ; annulé le ")


def test_rolling_back_the_only_import_says_nothing_comes_back(store):
    add_import(store, 40, "mars.csv")
    at = open_page()
    at.checkbox(key="history_confirm_1").check().run()
    at.button(key="history_rollback").click().run()
    assert not at.exception
    assert statuses(store) == {1: "rolled_back"}
    assert texts.HISTORY_ROLLBACK_NOTHING_BACK in at.success[0].value
    assert at.info[0].value == texts.HISTORY_ROLLBACK_NONE


def test_an_import_withdrawn_meanwhile_gives_a_french_error(store):
    add_import(store, 40, "mars.csv")
    at = open_page()
    at.checkbox(key="history_confirm_1").check().run()
    store.rollback(1, user="cli")  # from the command line, while the page is open
    at.button(key="history_rollback").click().run()
    assert not at.exception
    assert "n'est pas actif" in at.error[0].value
    assert statuses(store) == {1: "rolled_back"}


def test_a_purged_raw_file_is_said_in_the_notes(store):
    import datetime as dt

    add_import(store, 40, "mars.csv")
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=400)
    purged = store.purge_archive(months=1, person_months=1, now=later)
    assert purged == [1]
    note = open_page().dataframe[0].value.iloc[0][texts.HISTORY_COL_NOTE]
    assert note.startswith("fichier brut supprimé le ")


# -- demonstration data left beside real imports ----------------------------------------------
JOB_SEEKERS = "Code commune;Mois;Nombre de demandeurs\n59328;{month};{n}\n59636;{month};{m}\n"


def add_job_seekers(store: Store, month: str, n: int, m: int, user: str = "gestionnaire"):
    prepared = prepare(store, JOB_SEEKERS.format(month=month, n=n, m=m).encode(), f"de_{month}.csv")
    return commit(store, prepared, user=user)


def test_demo_data_left_beside_real_imports_can_be_withdrawn(store):
    # the demo's events (replaced by a real file) and its job seekers (still counting)
    add_import(store, 40, "demo_evenements.csv", user="demo")
    add_job_seekers(store, "2025-09", 1500, 800, user="demo")
    add_import(store, 45, "evenements.csv")
    at = open_page()
    assert texts.HISTORY_DEMO_HEADER in [s.value for s in at.subheader]
    assert "demandeurs d'emploi" in " ".join(c.value for c in at.caption)
    assert at.button(key="history_demo_withdraw").disabled
    at.checkbox(key="history_demo_confirm").check().run()
    at.button(key="history_demo_withdraw").click().run()
    assert not at.exception
    # both demo imports withdrawn, the replaced one too: rolling back the real file later
    # must not bring the demo's events back
    assert statuses(store) == {1: "rolled_back", 2: "rolled_back", 3: "active"}
    assert texts.HISTORY_DEMO_DONE.format(ids="1, 2") in at.success[0].value
    assert texts.HISTORY_DEMO_HEADER not in [s.value for s in at.subheader]
    store.rollback(3)
    assert statuses(store) == {1: "rolled_back", 2: "rolled_back", 3: "rolled_back"}


def test_no_demo_section_with_real_data_only_or_demo_only(store):
    add_import(store, 40, "demo_evenements.csv", user="demo")
    assert texts.HISTORY_DEMO_HEADER not in [s.value for s in open_page().subheader]


def test_rollback_of_a_partial_replacement_says_whose_values_come_back(store):
    # September (2 communes), then a corrected file for Lambersart alone: it replaces
    # import 1 where it overlaps only, so import 1 stays active
    add_job_seekers(store, "2025-09", 1500, 800)
    prepared = prepare(store, b"Code commune;Mois;Nombre de demandeurs\n59328;2025-09;1550\n",
                       "de_corrige.csv")
    commit(store, prepared)
    assert statuses(store) == {1: "active", 2: "active"}
    at = open_page()
    at.selectbox(key="history_import").select(2).run()
    at.checkbox(key="history_confirm_2").check().run()
    at.button(key="history_rollback").click().run()
    message = at.success[0].value
    assert texts.HISTORY_ROLLBACK_OVERRIDES_BACK.format(ids="1") in message
    assert texts.HISTORY_ROLLBACK_NOTHING_BACK not in message
