"""A job-seeker series read from the Dares' quarterly file is not « missing » the months
between two quarters; a quarter it lacks is said.

The PLIE du Grand Poitiers imports the Dares file (stocks at the end of each quarter,
stored at the quarter's last month): the summary said « 8 mois manquent entre octobre
2024 et août 2025 » for a complete series of quarters. Files written as the Dares writes
them (latin-1, title lines, `;`).
"""

import pytest

from data import territories
from data.store import Store
from ingest.pipeline import commit, prepare
from queries import narrative

GP = ["86194", "86214"]
HEADER = ("Date;Code région;Région;Code département;Département;Code commune;Commune;"
          "Type de données;Catégorie;Sexe;Tranche d'âge;Nombre de demandeurs d'emploi")


def dares(quarters: dict[str, tuple[int, int]]) -> bytes:
    lines = ["Demandeurs d'emploi inscrits à France Travail en fin de trimestre, par commune",
             "Données brutes - Vienne", "", HEADER]
    for quarter, counts in quarters.items():
        for (code, name), n in zip((("86194", "Poitiers"), ("86214", "Saint-Benoît")),
                                   counts, strict=True):
            lines.append(f"{quarter};75;Nouvelle-Aquitaine;86;Vienne;{code};{name};Brutes;"
                         f"ABC;Total;Total;{n}")
    return ("\r\n".join(lines) + "\r\n").encode("latin-1")


@pytest.fixture
def store(tmp_path, monkeypatch) -> Store:
    monkeypatch.setenv("TBE_DATA_DIR", str(tmp_path / "store"))
    territories.add("gp", "PLIE du Grand Poitiers", GP)
    return Store(tmp_path / "store")


def caveats(store, raw: bytes) -> list[str]:
    prepared = prepare(store, raw, "dares_defm.csv")
    assert prepared.source == "de_commune" and not prepared.errors, prepared.problems
    commit(store, prepared)
    n = narrative.build(store.connection(), "gp", 2025, audience="elu")
    return [s.text for s in n.sentences if s.rule == "caveat"]


def test_every_quarter_of_the_year_no_month_is_missing(store):
    quarters = {"2024-T3": (6890, 370), "2024-T4": (6950, 372), "2025-T1": (7010, 375),
                "2025-T2": (7150, 380), "2025-T3": (7215, 385)}
    assert not any("manque" in c for c in caveats(store, dares(quarters)))


def test_a_quarter_missing_is_said(store):
    quarters = {"2024-T3": (6890, 370), "2025-T3": (7215, 385)}
    said = [c for c in caveats(store, dares(quarters)) if "manque" in c]
    # by hand: the quarters ending in December 2024, March and June 2025
    assert said == ["Les mois de décembre 2024, mars 2025 et juin 2025 manquent dans les "
                    "données de demandeurs d'emploi importées."]
