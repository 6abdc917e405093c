"""A later month an import covers for only some communes (October 2025, 4 of MNO's 10):
the job-seekers page and the key figures show September 2025's figures and say why.
The store is `tests/queries/test_latest_month_partial.py`'s."""

import pytest

from tests.queries.test_latest_month_partial import FULL, PARTIAL, load
from tests.views.dashboard_app import assert_ok, metrics, run_page, shown_text
from tests.views.test_chiffres_cles import page_text
from wording import texts

NNBSP = "\u202f"
NOTE = ("Octobre 2025 : données pour 4 communes sur 10 seulement ; les chiffres sont ceux de "
        "septembre 2025.")


@pytest.fixture
def partial(empty_store, monkeypatch):
    load(empty_store, FULL + PARTIAL)
    monkeypatch.setenv("TBE_DATA_DIR", str(empty_store.data_dir))
    return empty_store


def test_job_seekers_page_reads_september_and_says_why(partial):
    at = run_page("demandeurs_emploi", territory="mno", year="2025")
    assert_ok(at)
    assert metrics(at)[texts.DE_ABC] == f"9{NNBSP}998"  # September 2025, not October's 4 490
    assert metrics(at)[texts.DE_A] == f"6{NNBSP}060"
    assert NOTE in [i.value for i in at.info]
    assert "fin septembre 2025" in shown_text(at)


def test_key_figures_page_says_why(partial):
    at = run_page("chiffres_cles", territory="mno", year="2025")
    assert_ok(at)
    assert NOTE in [i.value for i in at.info]
    assert f"9{NNBSP}998" in page_text(at)  # the A, B, C tile: September 2025
