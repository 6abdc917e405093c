"""What an import says it replaces and keeps (`wording.import_outcome`)."""

from data.catalog import ImportRecord
from wording import texts
from wording.import_outcome import preview_lines, replacement_lines


def record(**kw) -> ImportRecord:
    base = dict(id=5, source="ml", territory="mno", period="2025-12", file_name="jeunes.csv",
                sha256="x", user="marie", created_at="2026-01-05T10:00:00")
    return ImportRecord(**{**base, **kw})


def test_before_import_the_tables_a_file_lacks_are_said_to_be_kept():
    lines = preview_lines([3], [], "2025-12", None, kept=["ml_contacts", "ml_programmes",
                                                          "ml_situations"])
    assert lines[1] == ("Ce fichier ne contient pas les contacts, les programmes (CEJ, PACEA…) "
                        "et les situations : les lignes de l'import n° 3 seront gardées avec "
                        "le nouvel import si elles concernent des personnes de ce fichier "
                        "(seules celles-ci compteront dans les chiffres) ; sinon ces chiffres "
                        "seront « non disponibles ». Rien n'en sera perdu : l'import remplacé "
                        "reste dans l'historique.")
    assert len(preview_lines([3], [], "2025-12", None)) == 1  # nothing lacking: not said


def test_after_import_the_kept_tables_and_their_rows_are_said():
    lines = replacement_lines(record(replaces=[3], carried={"ml_contacts": 1250}), None)
    assert lines[-1] == ("Ce fichier ne contenait pas les contacts : les lignes de l'import "
                         "n° 3 ont été gardées avec le nouvel import (1\u202f250 lignes).")


def test_several_replaced_imports_are_said_in_the_plural():
    before = preview_lines([3, 12], [], "2025-12", None, kept=["ml_contacts"])
    assert before[0].startswith("**Cet import remplacera les imports n° 3, 12** (")
    assert "ils resteront dans l'historique" in before[0]
    assert before[1].startswith("Ce fichier ne contient pas les contacts : les lignes des "
                                "imports n° 3, 12 seront gardées avec le nouvel import")
    after = replacement_lines(record(replaces=[3, 12]), None)
    assert after[0] == ("Il remplace les imports n° 3, 12, qui restent dans l'historique : "
                        "annuler ce nouvel import les rendrait de nouveau actifs.")
    one = replacement_lines(record(replaces=[3]), None)
    assert one[0].startswith("Il remplace l'import n° 3, qui reste")


def test_kept_rows_of_people_the_file_no_longer_lists_are_said_not_to_count():
    # 2 432 steps kept, of which 32 belong to people of the new file: 2 400 count nowhere
    lines = replacement_lines(record(replaces=[2], carried={"plie_steps": 2432},
                                     carried_people={"plie_steps": 32}), None)
    assert lines[-1].startswith("**2\u202f400 de ces lignes concernent des personnes absentes "
                                "de ce fichier** : elles ne comptent plus dans les chiffres "
                                "(32 lignes de personnes du fichier comptent).")
    one = replacement_lines(record(replaces=[2], carried={"plie_steps": 40},
                                   carried_people={"plie_steps": 1}), None)
    assert "(1 ligne de personnes du fichier compte)" in one[-1]
    every = replacement_lines(record(replaces=[2], carried={"plie_steps": 5},
                                     carried_people={"plie_steps": 5}), None)
    assert "absentes" not in every[-1]


def test_a_table_of_absent_people_only_is_said_not_kept():
    lines = replacement_lines(record(replaces=[2], not_carried={"plie_steps": 2432}), None)
    assert lines[-1] == texts.IMPORT_SUCCESS_NOT_CARRIED.format(
        tables="les étapes", of_imports="de l'import n° 2", rows="2\u202f432")
