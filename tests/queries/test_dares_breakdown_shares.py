"""The job seekers' profile charts read shares of the whole stock, as the key figures do.

The Dares quarterly commune file gives, per commune, the A, B, C total, its margins by sex
and age, and category A; neither B nor C. Its counts are rounded to 5 and a small
commune's cells are « s ». The page's « par catégorie » chart read A as 100 % (the share of
the categories the file gives) and « par sexe » 51,1 % of women (the share of the known
sexes) where the key figures print 51,0 %. The file is written as the Dares writes it
(latin-1, title lines, `;`), for two communes of Grand Poitiers; figures by hand.
"""

import pytest

from data import territories
from data.store import Store
from ingest.pipeline import commit, prepare
from queries import dashboards
from queries.figures import key_figures

GP = ["86194", "86088"]  # Poitiers, Croutelle
HEADER = ("Date;Code région;Région;Code département;Département;Code commune;Commune;"
          "Type de données;Catégorie;Sexe;Tranche d'âge;Nombre de demandeurs d'emploi")
# (commune, name, ABC, hommes, femmes, A)
LINES = [("86194", "Poitiers", 7215, 3560, 3655, 4140),
         ("86088", "Croutelle", 25, "s", "s", 15)]


def dares_csv() -> bytes:
    lines = ["Demandeurs d'emploi inscrits à France Travail en fin de trimestre, par commune",
             "Données brutes - Vienne - 3e trimestre 2025", "", HEADER]
    for code, name, total, men, women, cat_a in LINES:
        where = f"2025-T3;75;Nouvelle-Aquitaine;86;Vienne;{code};{name};Brutes"
        lines += [f"{where};ABC;Total;Total;{total}", f"{where};ABC;Hommes;Total;{men}",
                  f"{where};ABC;Femmes;Total;{women}", f"{where};A;Total;Total;{cat_a}"]
    return ("\r\n".join(lines) + "\r\n").encode("latin-1")


@pytest.fixture
def store(tmp_path, monkeypatch) -> Store:
    monkeypatch.setenv("TBE_DATA_DIR", str(tmp_path / "store"))
    territories.add("gp", "PLIE du Grand Poitiers", GP)
    store = Store(tmp_path / "store")
    prepared = prepare(store, dares_csv(), "dares_defm_vienne_T3.csv")
    assert prepared.source == "de_commune" and not prepared.errors, prepared.problems
    commit(store, prepared)
    return store


def test_profile_shares_are_of_the_whole_stock(store):
    con = store.connection()
    data = dashboards.job_seekers_page(con, "gp", tuple(GP), 2025, None,
                                       audience="gestionnaire")
    b = data["breakdown"].set_index(["dimension", "modality"])
    # by hand: A, B, C = 7 215 + 25 = 7 240; A = 4 140 + 15 = 4 155, 57,4 % (not 100 %)
    assert b.at[("category", "A"), "de_abc"] == 4155
    assert round(b.at[("category", "A"), "share"] * 100, 1) == 57.4
    # B and C are not in the file: unknown, no share
    assert b[["de_abc", "share"]].loc["category"].loc[["B", "C"]].isna().all().all()
    # women: Poitiers' 3 655 (Croutelle's « s »), 50,5 % of 7 240, as the key figures say
    assert b.at[("sex", "F"), "de_abc"] == 3655
    assert round(b.at[("sex", "F"), "share"] * 100, 1) == 50.5
    kf = key_figures(con, "gp", 2025).set_index("indicator")
    assert round(kf.at["de_abc_femmes", "share"] * 100, 1) == 50.5
