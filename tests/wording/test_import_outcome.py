"""What an import says it replaces and keeps (`wording.import_outcome`)."""

from data.catalog import ImportRecord
from wording.import_outcome import preview_lines, replacement_lines


def record(**kw) -> ImportRecord:
    base = dict(id=5, source="ml", territory="mno", period="2025-12", file_name="jeunes.csv",
                sha256="x", user="marie", created_at="2026-01-05T10:00:00")
    return ImportRecord(**{**base, **kw})


def test_before_import_the_tables_a_file_lacks_are_said_to_be_kept():
    lines = preview_lines([3], [], "2025-12", None, kept=["ml_contacts", "ml_programmes",
                                                          "ml_situations"])
    assert lines[1] == ("Ce fichier ne contient pas les contacts, les programmes (CEJ, PACEA…) "
                        "et les situations : ceux de l'import n° 3 seront gardés avec le "
                        "nouvel import, rien n'en sera perdu.")
    assert len(preview_lines([3], [], "2025-12", None)) == 1  # nothing lacking: not said


def test_after_import_the_kept_tables_and_their_rows_are_said():
    lines = replacement_lines(record(replaces=[3], carried={"ml_contacts": 1250}), None)
    assert lines[-1] == ("Ce fichier ne contenait pas les contacts : ceux de l'import n° 3 "
                         "ont été gardés avec le nouvel import (1\u202f250 lignes).")


def test_several_replaced_imports_are_said_in_the_plural():
    before = preview_lines([3, 12], [], "2025-12", None, kept=["ml_contacts"])
    assert before[0].startswith("**Cet import remplacera les imports n° 3, 12** (")
    assert "ils resteront dans l'historique" in before[0]
    assert before[1] == ("Ce fichier ne contient pas les contacts : ceux des imports n° 3, 12 "
                         "seront gardés avec le nouvel import, rien n'en sera perdu.")
    after = replacement_lines(record(replaces=[3, 12]), None)
    assert after[0] == ("Il remplace les imports n° 3, 12, qui restent dans l'historique : "
                        "annuler ce nouvel import les rendrait de nouveau actifs.")
    one = replacement_lines(record(replaces=[3]), None)
    assert one[0].startswith("Il remplace l'import n° 3, qui reste")
