"""An i-milo extraction without its « Situations » sheet: the CEJ's professional solutions
are unknown (« non disponible »), not 0.

Many Missions Locales export the young people, their programmes and their events only
(here the Mission Locale of Poitiers, territory defined as data). Nothing then says whether
a young person in CEJ found a job: « 0 jeune ayant bénéficié d'une solution » would be
false. With a « Situations » sheet, even one without any situation in the year, the figure
is a count. Expected figures counted by hand from the lines below.
"""

import datetime as dt

import pandas as pd
import pytest

from data import territories
from data.store import Store
from ingest.pipeline import commit, prepare
from queries.figures import key_figures
from tests.workbooks import workbook

POITIERS, BUXEROLLES = "86194", "86041"

YOUNG = [["N° dossier", "Civilité", "Date de naissance", "Code postal", "Commune",
          "Résident QPV", "Date d'inscription"],
         ["1502331", "Mme", dt.date(2004, 5, 10), "86000", "POITIERS", "Oui", dt.date(2025, 1, 15)],
         ["1502334", "M.", dt.date(2005, 12, 24), "86180", "BUXEROLLES", "Oui", dt.date(2025, 6, 2)]]
PROGRAMMES = [["N° dossier", "Dispositif", "Date de début", "Date de fin réelle", "Motif de fin"],
              ["1502331", "CEJ", dt.date(2025, 2, 1), dt.date(2025, 7, 31), "Emploi durable"],
              ["1502334", "CEJ", dt.date(2025, 6, 16), None, None]]
EVENTS = [["N° dossier", "Date de l'événement", "Type d'événement"],
          ["1502331", dt.date(2025, 2, 20), "Entretien individuel"],
          ["1502334", dt.date(2025, 7, 8), "Entretien individuel"]]
SITUATIONS = [["N° dossier", "Catégorie de situation", "Date de début", "Date de fin"],
              ["1502331", "Emploi", dt.date(2024, 3, 1), dt.date(2024, 6, 30)]]


def extraction(**sheets) -> bytes:
    return workbook(sheets)


@pytest.fixture
def store(tmp_path, monkeypatch) -> Store:
    monkeypatch.setenv("TBE_DATA_DIR", str(tmp_path / "store"))
    territories.add("mlp", "Mission Locale de Poitiers", [POITIERS, BUXEROLLES])
    return Store(tmp_path / "store")


def figures(store) -> dict:
    kf = key_figures(store.connection(), "mlp", 2025).set_index("indicator")
    return {i: kf.at[i, "value"] for i in ("cej_accompagnes", "cej_entrees", "cej_entretiens",
                                           "cej_jeunes_solution", "cej_mesures")}


def test_without_a_situations_sheet_the_solutions_are_not_available(store):
    raw = extraction(Jeunes=YOUNG, Dispositifs=PROGRAMMES, Evenements=EVENTS)
    prepared = prepare(store, raw, "imilo_extraction.xlsx")
    assert prepared.source == "ml" and not prepared.errors, prepared.problems
    commit(store, prepared)
    got = figures(store)
    # by hand: both young people in CEJ in 2025, both entered in 2025, one interview each
    # during their CEJ (20/02 within February–July; 08/07 after 16/06)
    assert (got["cej_accompagnes"], got["cej_entrees"], got["cej_entretiens"]) == (2, 2, 2)
    # nothing says whether they found a job: « non disponible », not 0
    assert pd.isna(got["cej_jeunes_solution"]) and pd.isna(got["cej_mesures"])


def test_with_a_situations_sheet_none_in_the_year_is_zero(store):
    # the only situation (a job in 2024) is before the CEJ: no solution in 2025, known
    raw = extraction(Jeunes=YOUNG, Dispositifs=PROGRAMMES, Evenements=EVENTS,
                     Situations=SITUATIONS)
    prepared = prepare(store, raw, "imilo_extraction.xlsx")
    assert prepared.source == "ml" and not prepared.errors, prepared.problems
    commit(store, prepared)
    got = figures(store)
    assert (got["cej_jeunes_solution"], got["cej_mesures"]) == (0, 0)
