"""Fixtures shared by the page tests."""

import pytest


@pytest.fixture
def poitiers(tmp_path, monkeypatch):
    """A PLIE outside the Nord (the PLIE du Grand Poitiers, 2 communes) whose boundaries
    nobody has imported, and whose QPV the app does not list (it ships the MEL's); one
    month of job seekers, as the Dares writes them."""
    from data import territories
    from data.store import Store
    from ingest.pipeline import commit, prepare

    monkeypatch.setenv("TBE_DATA_DIR", str(tmp_path / "store"))
    territories.add("gp", "PLIE du Grand Poitiers", ["86194", "86214"])
    store = Store(tmp_path / "store")
    csv = ("Code commune;Commune;Mois;Demandeurs d'emploi ABC\r\n"
           "86194;Poitiers;2025-09;7215\r\n86214;Saint-Benoît;2025-09;385\r\n")
    commit(store, prepare(store, csv.encode("latin-1"), "de.csv"))
    return tmp_path / "store"
