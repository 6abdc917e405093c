"""An unknown QPV answer is stored apart from « Non » (ingest/fields.py: qpv_codes).

`qpv_code`: a QPV code, or `QPV` for a yes without code; NULL for « Non »; 'inconnu'
(ingest/codes.py: QPV_UNKNOWN) for a blank cell, « Inconnu », « Non renseigné », or a value
the manager has not associated yet (a warning says so).
"""

import pandas as pd

from ingest.pipeline import commit, prepare
from tests.ingest.test_import_checks import IMPORTED_ON, plie_with_qpv, workbook


def stored(store) -> list:
    return [r[0] for r in store.connection().execute(
        "select qpv_code from plie_participants order by entry_date, person_key").fetchall()]


def test_blank_and_unknown_words_are_unknown_not_non(empty_store):
    cells = ["Oui", "Non", "", "Inconnu", "Non renseigné", "QN05970M", "Hors QPV", "??"]
    raw = plie_with_qpv([("59130", "LAMBERSART", c) for c in cells])
    p = prepare(empty_store, raw, "plie.xlsx", today=IMPORTED_ON)
    assert not p.errors and p.invalid_rows == 0
    # « ?? » is not associated: a warning that says the lines count as unknown
    warned = [q for q in p.problems if q.value and "??" in q.value]
    assert len(warned) == 1 and "réponse inconnue" in warned[0].advice
    commit(empty_store, p)
    got = sorted(stored(empty_store), key=str)
    assert got == sorted(["QPV", None, "inconnu", "inconnu", "inconnu", "QN05970M", None,
                          "inconnu"], key=str)


def test_a_code_column_answers_where_the_flag_is_blank(empty_store):
    # (code column, flag column): the code wins; a code column's « Non » is an answer where
    # the flag is blank; both blank: unknown
    pairs = [("QN05970M", "Oui"), ("", "Non"), ("Non", ""), ("", ""), ("", "Oui"),
             ("QN05970M", "")]
    df = pd.DataFrame({
        "N° dossier": [f"P-{i}" for i in range(len(pairs))],
        "Code postal": ["59130"] * len(pairs), "Ville": ["LAMBERSART"] * len(pairs),
        "Code QPV": [a for a, _ in pairs], "Résident QPV": [b for _, b in pairs],
        "Date d'entrée": [f"0{i + 1}/09/2025" for i in range(len(pairs))],
    })
    raw = workbook({"Participants": df}, ["PLIE - participants"])
    p = prepare(empty_store, raw, "plie.xlsx", today=IMPORTED_ON)
    assert not p.errors and p.invalid_rows == 0
    commit(empty_store, p)
    assert stored(empty_store) == ["QN05970M", None, None, "inconnu", "QPV", "QN05970M"]


def test_an_extraction_without_qpv_column_knows_no_answer(empty_store):
    # without a QPV column nobody is known to live outside a QPV: the share has no base
    df = pd.DataFrame({"N° dossier": ["P-0", "P-1"], "Code postal": ["59130", "59130"],
                       "Ville": ["LAMBERSART", "LAMBERSART"],
                       "Date d'entrée": ["01/09/2025", "02/09/2025"]})
    p = prepare(empty_store, workbook({"Participants": df}, ["PLIE - participants"]),
                "plie.xlsx", today=IMPORTED_ON)
    assert not p.errors and p.invalid_rows == 0
    commit(empty_store, p)
    assert stored(empty_store) == ["inconnu", "inconnu"]
