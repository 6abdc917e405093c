"""Personal details typed into free text never reach the store."""

import pandas as pd

from ingest.redact import redact, redact_series


def test_contacts_and_names_are_removed_and_the_label_kept():
    typed = "CDI chez Boulangerie Dupont (contact M. Jean Dupont 06 12 34 56 78)"
    out = redact(typed)
    assert out == "CDI chez Boulangerie Dupont (contact [nom retiré] [téléphone retiré])"
    assert out.startswith("CDI chez Boulangerie Dupont")
    assert "[téléphone retiré]" in out and "[nom retiré]" in out
    assert redact("Sortie emploi, mail: ali.ben@free.fr") == "Sortie emploi, mail: [courriel retiré]"
    assert redact("Déménagement à Lyon, NIR 2 80 11 59 378 045 12") == \
        "Déménagement à Lyon, NIR [NIR retiré]"
    assert redact("RDV psychologue Mme Leroy 03 20 11 22 33") == \
        "RDV psychologue [nom retiré] [téléphone retiré]"
    assert redact("+33 6 12 34 56 78") == "[téléphone retiré]"


def test_ordinary_labels_are_left_alone():
    for label in ("CDD + 6 mois", "Formation qualifiante", "CDI", "Atelier CV 2025",
                  "Forum emploi 12/03/2025", "Prescripteur : Département du Nord",
                  "Salon Marcq-en-Barœul 59700", "Mission Locale Métropole Sud"):
        assert redact(label) == label


def test_a_series_says_which_cells_changed():
    s = pd.Series(["CDI", None, "contact jean@x.fr"])
    cleaned, changed = redact_series(s)
    assert cleaned.tolist()[0] == "CDI" and cleaned.isna().tolist()[1]
    assert cleaned.tolist()[2] == "contact [courriel retiré]"
    assert changed.tolist() == [False, False, True]
