"""Problems a new user met with real-looking exports (PLIE, events, job seekers), each
with a small fixture written the way the other tool writes it; expected figures by hand."""

import io

import pandas as pd
import pytest

from ingest.pipeline import commit, prepare
from ingest.report import WARNING
from ingest.vocab import for_kind


def xlsx_with_titles(df: pd.DataFrame, titles: list[str], sheet: str = "Export") -> bytes:
    """A sheet as the PLIE tracking tool writes it: title lines, a blank line, the table."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="xlsxwriter") as w:
        df.to_excel(w, sheet_name=sheet, index=False, startrow=len(titles) + 1)
        for i, t in enumerate(titles):
            w.sheets[sheet].write(i, 0, t)
    return buf.getvalue()


def stored(store, sql):
    return store.connection().execute(sql).fetchall()


# -- 1. exit reasons: a CDD under 6 months is not a positive exit ---------------------------
@pytest.mark.parametrize(("reason", "kind"), [
    ("CDD - 6 mois", "autre"), ("CDD -6 mois", "autre"), ("CDD de moins de 6 mois", "autre"),
    ("CDD < 6 mois", "autre"), ("Sortie en CDD de 4 mois", "autre"), ("CDD 3 à 6 mois", "autre"),
    ("CDD + 6 mois", "positive"), ("CDD de 6 mois et plus", "positive"), ("CDD ≥ 6 mois", "positive"),
    ("CDD >= 6 mois", "positive"), ("CDI", "positive"), ("Formation qualifiante", "positive"),
    ("Emploi court (moins de 6 mois)", "autre"), ("Emploi durable (plus de 6 mois)", "positive"),
])
def test_exit_reasons_of_a_stated_contract_length(reason, kind):
    v = for_kind("exit_reason")
    assert v.lookup(reason) == kind
    assert v.suggest(reason) == [kind]  # never « positive » for a CDD of 4 months


def test_an_unknown_exit_reason_is_never_its_own_closest_value():
    from ingest.vocab import unknown_values

    v = for_kind("exit_reason")
    p = unknown_values("Export", "Motif de sortie", "exit_reason", v, [("Sortie positive", 2)], 6,
                       WARNING)
    assert "« Sortie positive » → Sortie positive" not in p.advice
    assert all("positive" not in closest for _, _, closest in p.values)


def plie_participants() -> pd.DataFrame:
    """Eight participants: seven exits in 2025 (four positive by PLIE rules), one in 2024."""
    exits = [  # (date d'entrée, date de sortie, motif)
        ("02/09/2024", "12/03/2025", "CDI"),
        ("10/10/2024", "30/06/2025", "CDD + 6 mois"),
        ("15/11/2024", "15/04/2025", "Formation qualifiante"),
        ("03/12/2024", "22/05/2025", "Abandon"),
        ("06/01/2025", "03/11/2025", "Déménagement"),
        ("13/01/2025", "28/10/2025", "CDD - 6 mois"),
        ("20/01/2025", "15/12/2025", "CDI"),
        ("01/03/2023", "15/12/2024", "CDI"),
    ]
    return pd.DataFrame({
        "N° dossier": [f"P-2025-{i:04d}" for i in range(len(exits))],
        "Civilité": ["Mme", "M.", "Mme", "M.", "Mme", "M.", "Mme", "M."],
        "Nom": ["A", "B", "C", "D", "E", "F", "G", "H"],
        "Code postal": ["59130"] * len(exits),
        "Ville": ["LAMBERSART"] * len(exits),
        "Date d'entrée": [e[0] for e in exits],
        "Date de sortie": [e[1] for e in exits],
        "Motif de sortie": [e[2] for e in exits],
        "Niveau de formation": ["Infra niveau 3", "Niveau infra V", "Sans diplôme", "Infra V",
                                "Niveau 3 (CAP, BEP)", "Niveau 4 (Bac)", "infra bac",
                                "Niveau 2 (sans diplôme)"],
    })


def test_plie_positive_exit_rate_counts_a_short_cdd_as_other(empty_store):
    raw = xlsx_with_titles(plie_participants(), ["PLIE - Liste des participants",
                                                  "Extraction du 06/01/2026"])
    prepared = prepare(empty_store, raw, "plie_suivi.xlsx")
    assert prepared.source == "plie"
    assert not [p for p in prepared.problems if p.column == "Motif de sortie"]  # all known
    commit(empty_store, prepared)
    rows = stored(empty_store, "select exit_kind, count(*) from plie_participants "
                               "where year(exit_date) = 2025 group by exit_kind")
    kinds = dict(rows)
    # by hand: CDI, CDD + 6 mois, Formation qualifiante, CDI positive; Déménagement neutral;
    # Abandon and CDD - 6 mois other
    assert kinds == {"positive": 4, "neutre": 1, "autre": 2}
    assert round(100 * kinds["positive"] / sum(kinds.values()), 1) == 57.1


# -- 2. education levels below a level ---------------------------------------------------------
@pytest.mark.parametrize(("cell", "level"), [
    ("Infra niveau 3", 2), ("infra niveau 3", 2), ("Niveau infra V", 2), ("Infra V", 2),
    ("infra niveau V", 2), ("Sans diplôme", 2), ("Aucun diplôme", 2), ("Infra bac", 3),
    ("Niveau 3 (CAP, BEP)", 3), ("Niveau 2 (sans diplôme)", 2), ("Jamais scolarisé", 1),
    ("Niveau inférieur au CAP", 2),
])
def test_education_levels_below_a_level(cell, level):
    assert for_kind("education_level").lookup(cell) == level


def test_plie_education_levels_stored(empty_store):
    raw = xlsx_with_titles(plie_participants(), ["PLIE - Liste des participants"])
    commit(empty_store, prepare(empty_store, raw, "plie_suivi.xlsx"))
    got = [r[0] for r in stored(empty_store, "select education_level from plie_participants "
                                             "order by person_key")]
    assert sorted(got) == sorted([2, 2, 2, 2, 3, 4, 3, 2])
