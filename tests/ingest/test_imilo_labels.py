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


def test_a_programme_exit_with_its_reason_sets_the_period(empty_store):
    """The Bourges « Dispositifs » table exported alone (csv, as i-milo writes it): entries
    up to 13/10/2025, a CEJ left on 01/12/2025 « Formation ». That exit happened: the
    extraction describes December 2025, and no line calls it a « fin prévue » (as a PLIE
    exit with its reason, tests/ingest/test_newuser.py). A young person's planned end
    without a reason (28/02/2026) still does not set the period."""
    from ingest.pipeline import prepare

    lines = ["Identifiant jeune;Dispositif;Date d'entrée;Date de sortie;Motif de sortie",
             "J01;CEJ;20/01/2025;20/10/2025;Emploi durable",
             "J04;CEJ;03/03/2025;01/12/2025;Formation",
             "J40;PACEA;13/10/2025;;",
             "J41;CEJ;06/10/2025;28/02/2026;"]
    raw = ("\r\n".join(lines) + "\r\n").encode("cp1252")
    prepared = prepare(empty_store, raw, "dispositifs_imilo.csv", source="ml", territory="mno")
    assert prepared.period == "2025-12"
    said = [p.advice for p in prepared.problems if p.rule == "Période déduite des dates du fichier"]
    assert len(said) == 1 and "jusqu'au 28 février 2026" in said[0]
    assert "(1er décembre 2025)" in said[0] and "sortie avec son motif" in said[0]
