"""A job-seeker cell the producer hid (« s », « < 5 ») is not counted: the page says the
month's A, B, C total leaves it out, instead of showing a low total with no mark."""

import pandas as pd

from ingest.pipeline import commit, prepare
from tests.views.dashboard_app import assert_ok, metrics, run_page
from wording import texts

NNBSP = "\u202f"


def load(store, monkeypatch):
    # an agency's table by category for September 2025; Verlinghem's category B is « s ».
    # By hand: 812 + 650 + 420 (Lambersart) + 60 + 30 (Verlinghem, B hidden) = 1 972
    df = pd.DataFrame({
        "Code commune": ["59328", "59328", "59328", "59611", "59611", "59611"],
        "Mois": ["2025-09"] * 6,
        "Catégorie": ["A", "B", "C", "A", "B", "C"],
        "Nombre de demandeurs": ["812", "650", "420", "60", "s", "30"],
    })
    prepared = prepare(store, df.to_csv(sep=";", index=False).encode(), "defm.csv",
                       territory="mno")
    assert not prepared.errors
    commit(store, prepared)
    monkeypatch.setenv("TBE_DATA_DIR", str(store.data_dir))


def test_the_key_figures_page_says_it_too(empty_store, monkeypatch):
    load(empty_store, monkeypatch)
    at = run_page("chiffres_cles", territory="mno", year="2025")
    assert_ok(at)
    assert texts.DE_SECRET_CELL.format(month="septembre 2025") in [c.value for c in at.caption]


def test_the_job_seekers_page_says_a_cell_under_secret_is_left_out(empty_store, monkeypatch):
    load(empty_store, monkeypatch)
    at = run_page("demandeurs_emploi", territory="mno", year="2025")
    assert_ok(at)
    assert metrics(at)[texts.DE_ABC] == f"1{NNBSP}972"
    assert texts.DE_SECRET_CELL.format(month="septembre 2025") in [c.value for c in at.caption]


def test_the_key_figures_page_says_which_communes_the_files_give(empty_store, monkeypatch):
    # the agency's file gives 2 of MNO's 10 communes (Lambersart, Verlinghem)
    load(empty_store, monkeypatch)
    at = run_page("chiffres_cles", territory="mno", year="2025")
    assert_ok(at)
    assert texts.DE_COVER.format(month="septembre 2025", covered="2", of="10") in [
        i.value for i in at.info]
