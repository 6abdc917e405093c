"""Labels an i-milo extraction of the Mission Locale of Bourges (Cher) writes that no
vocabulary read: each would have blocked the import until mapped by hand. Expected
values by hand: an apprenticeship contract is alternance, a FAJ aid written « Aide
financière FAJ » is the FAJ, a driving-licence aid is a mobility aid."""

import pytest

from ingest.vocab import for_kind


@pytest.mark.parametrize(("kind", "label", "stored"), [
    ("enum:SITUATION", "Contrat d'apprentissage", "alternance"),
    ("enum:SITUATION", "Contrat de professionnalisation", "alternance"),
    ("enum:AID_SCHEME", "Aide financière FAJ", "fajem"),
    ("enum:AID_SCHEME", "Aide au permis", "mobilite"),
    ("enum:AID_SCHEME", "Aide au permis de conduire", "mobilite"),
    ("enum:AID_SCHEME", "Bourse permis", "mobilite"),
    # already read, kept so
    ("enum:AID_SCHEME", "FAJ urgence", "fajem"),
    ("enum:AID_SCHEME", "Aide à la mobilité (permis)", "mobilite"),
    ("enum:SITUATION", "Alternance", "alternance"),
])
def test_an_imilo_label_is_read(kind, label, stored):
    assert for_kind(kind).lookup(label) == stored
