"""The young people's aid fund is the Métropole's FAJeM in the MEL, the département's FAJ
elsewhere: a Mission Locale of Poitiers reads « Fonds d'aide aux jeunes (FAJ) », not « Fonds
d'Aide aux Jeunes en Métropole (FAJeM) ». An i-milo extraction with its « Aides
financières » sheet, as i-milo writes it; amounts by hand."""

import datetime as dt

from ingest.pipeline import commit, prepare
from queries import registry
from queries.figures import key_figures
from tests.queries.test_ml_without_situations import (  # noqa: F401 (fixture)
    EVENTS,
    PROGRAMMES,
    YOUNG,
    extraction,
    store,
)

AID = [["N° dossier", "Dispositif d'aide", "Date de paiement", "Montant"],
       ["1502331", "FAJ", dt.date(2025, 3, 12), 150.0],
       ["1502331", "Allocation CEJ", dt.date(2025, 3, 31), 528.0],
       ["1502334", "FAJ", dt.date(2025, 7, 2), 80.5]]


def test_outside_the_mel_the_fund_is_the_faj(store):  # noqa: F811
    raw = extraction(Jeunes=YOUNG, Dispositifs=PROGRAMMES, Evenements=EVENTS, Aides=AID)
    prepared = prepare(store, raw, "imilo_extraction.xlsx")
    assert prepared.source == "ml" and not prepared.errors, prepared.problems
    commit(store, prepared)
    kf = key_figures(store.connection(), "mlp", 2025).set_index("indicator")
    assert kf.at["aide_fajem", "label"] == "Fonds d'aide aux jeunes (FAJ)"
    assert "FAJ," in kf.at["aide_total", "definition"]
    # by hand: FAJ 150 + 80,50 = 230,50 € ; with the CEJ allowance 758,50 €
    assert kf.at["aide_fajem", "value"] == 230.5
    assert kf.at["aide_total", "value"] == 758.5


def test_in_the_mel_it_stays_the_fajem():
    label, definition = registry.indicators()["aide_fajem"].texts("mno")
    assert label == "Fonds d'Aide aux Jeunes en Métropole (FAJeM)"
    assert definition == "Aides du FAJeM accordées dans l'année."
