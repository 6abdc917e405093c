"""Pages on a store holding only published job-seeker statistics: France Travail's
open-data file gives categories A, B and C together, so category A and the profile are
« non disponible dans ce fichier », never 0 and never silently missing."""

import pytest
import streamlit as st

from data.store import Store
from ingest.pipeline import commit, prepare
from tests.ingest.corpus_public import francetravail_opendata
from tests.views.dashboard_app import assert_ok, metrics, run_page, shown_text
from wording import texts

NNBSP = "\u202f"
# MELT communes in December 2024, as written in the fixture's OPENDATA_DEC
MELT_DEC_2024 = 420 + 300 + 1010 + 100 + 1520 + 560 + 870 + 480 + 13910 + 140 + 390


@pytest.fixture(scope="module")
def opendata_store(tmp_path_factory):
    d = tmp_path_factory.mktemp("opendata") / "store"
    store = Store(d)
    name, raw = francetravail_opendata()
    commit(store, prepare(store, raw, name), user="gestionnaire")
    return d


@pytest.fixture
def opendata(opendata_store, monkeypatch):
    monkeypatch.setenv("TBE_DATA_DIR", str(opendata_store))
    st.cache_data.clear()
    return opendata_store


def test_job_seekers_page_says_what_the_file_does_not_give(opendata):
    at = run_page("demandeurs_emploi", territory="melt", year="2024")
    assert_ok(at)
    shown = metrics(at)
    assert MELT_DEC_2024 == 19700
    assert shown[texts.DE_ABC] == f"19{NNBSP}700"
    # a card says « n.d. » and, under it, « non disponible dans ce fichier »
    assert shown[texts.DE_A] == texts.NOT_IN_FILE_SHORT
    assert shown[texts.DE_LONG] == texts.NOT_IN_FILE_SHORT
    assert texts.NOT_IN_FILE in [m.proto.delta_description for m in at.metric
                                 if m.label == texts.DE_A]
    text = shown_text(at)
    for dim in ("sex", "age_band", "duration_band", "category"):
        assert texts.NOT_IN_FILE_WHAT[dim] in text


def test_key_figures_tile_lists_the_details_as_not_in_the_file(opendata):
    at = run_page("chiffres_cles", territory="melt", year="2024")
    assert_ok(at)
    tiles = "\n".join(str(e.value) for e in at.html if 'class="tbe-tile' in str(e.value))
    assert f">19{NNBSP}700<" in tiles
    # the five « dont » lines of the job-seeker tile (A, long duration, < 25, 50+, women)
    assert tiles.count(texts.NOT_IN_FILE) == 5
