"""An i-milo extraction without its contacts (« Evenements ») sheet: the young people, their
programmes, situations and aid. Found with the Mission Locale of Bourges (Cher), territory
defined as data: the import went through but every page said « années disponibles :
aucune », the years being those of contacts only.

The rule (data/store.py: derive, `commune_years`): an extraction covers the year of its
latest dated line (the year it was extracted for) and the years of its aid payments and
contacts (flows, dated by the extraction's own activity). First welcomes, programme
entries and situations go back years (people registered in 2019 still followed): a year
does not become available through them alone. Within a covered year, the figures the file
has are counted and those that need contacts are « non disponible », never 0.

Fixture written as i-milo writes it (title lines, one sheet per table, dates as text);
figures counted by hand from the lines below."""

import math

import pytest

from cli.__main__ import main
from queries import masking
from queries.context import available_years
from tests.workbooks import defined_and_imported, workbook

CODE = "ml-bourges"
BOURGES, MEHUN = "18033", "18141"
TITLE = [["Mission Locale de l'agglomération de Bourges"], ["Extraction i-milo"], []]


def extraction() -> bytes:
    young = [*TITLE, ["Identifiant jeune", "Commune de résidence", "QPV",
                      "Date de 1er accueil"]]
    # J01-J08 Bourges, J09-J10 Mehun-sur-Yèvre: first welcomed in 2025
    young += [[f"J{i:02d}", "BOURGES" if i <= 8 else "MEHUN SUR YEVRE", "Non",
               f"{i + 2:02d}/03/2025"] for i in range(1, 11)]
    # still followed, first welcomed long ago: J11 in 2019, J12 in 2022 (Bourges)
    young += [["J11", "BOURGES", "Non", "15/09/2019"], ["J12", "BOURGES", "Non", "04/04/2022"]]
    programmes = [*TITLE, ["Identifiant jeune", "Dispositif", "Date de début", "Date de fin"]]
    # 2025: CEJ J01-J04 (J09 of Mehun too), PACEA J05-J06; J11's PACEA began in 2022
    programmes += [[f"J{i:02d}", "CEJ", "01/04/2025", ""] for i in (1, 2, 3, 4, 9)]
    programmes += [[f"J{i:02d}", "PACEA", "15/04/2025", ""] for i in (5, 6)]
    programmes += [["J11", "PACEA", "10/10/2022", ""]]
    situations = [*TITLE, ["Identifiant jeune", "Catégorie de situation", "Date de début",
                           "Date de fin"]]
    situations += [["J01", "Emploi", "01/06/2025", "30/09/2025"],
                   ["J12", "Formation", "01/09/2022", "30/06/2023"]]
    aid = [*TITLE, ["Identifiant jeune", "Nature de l'aide", "Date de paiement", "Montant"]]
    # CEJ allowances in 2025: J01-J04 and J09, 300 € each; PACEA to J05 and J06, 200 €
    aid += [[f"J{i:02d}", "Allocation CEJ", "05/06/2025", 300] for i in (1, 2, 3, 4, 9)]
    aid += [[f"J{i:02d}", "Allocation PACEA", "05/05/2025", 200] for i in (5, 6)]
    return workbook({"Liste des jeunes": young, "Dispositifs": programmes,
                     "Situations": situations, "Aides financières": aid})


@pytest.fixture
def bourges(tmp_path, monkeypatch, capsys):
    store = defined_and_imported(tmp_path, monkeypatch, CODE, "Mission Locale de Bourges",
                                 (BOURGES, MEHUN), extraction())
    capsys.readouterr()
    return store


def figures(store, commune=None):
    df = masking.key_figures(store.connection(), CODE, 2025, commune, audience="gestionnaire")
    return df.set_index("indicator")["value"]


def test_the_year_the_extraction_covers_is_available(bourges):
    con = bourges.connection()
    # 2025 only: not 2019 nor 2022 (J11, J12 first welcomed then, J11's PACEA, J12's
    # training), though both are still followed
    assert list(available_years(con, CODE)) == [2025]


def test_the_figures_the_file_has_are_counted(bourges):
    f = figures(bourges)
    assert f["ml_nouveaux_inscrits"] == 10  # J01-J10
    assert f["cej_entrees"] == 5  # J01-J04, J09
    assert f["pacea_entrees"] == 2  # J05, J06
    assert f["aide_total"] == 5 * 300 + 2 * 200  # 1 900 €
    assert f["cej_jeunes_solution"] == 1  # J01's job, begun during their CEJ
    mehun = figures(bourges, MEHUN)
    assert mehun["ml_nouveaux_inscrits"] == 2 and mehun["cej_entrees"] == 1  # J09, J10


def test_the_figures_that_need_contacts_are_not_available(bourges):
    f = figures(bourges)
    for i in ("ml_jeunes_accompagnes", "ml_contacts", "ml_entretiens", "cej_entretiens",
              "pacea_entretiens"):
        assert math.isnan(f[i]), i


def test_the_cli_gives_the_year_s_figures(bourges, capsys):
    assert main(["figures", "--territory", CODE, "--year", "2025", "--format", "json"]) == 0
    assert '"ml_nouveaux_inscrits"' in capsys.readouterr().out
    assert main(["figures", "--territory", CODE, "--year", "2022"]) == 2  # not covered


def test_the_mission_locale_page_shows_the_year_s_figures(bourges):
    """The page's table read « n.d. » for every figure: the communes a Mission Locale
    covers were those of its young people's contacts."""
    from queries import dashboards

    data = dashboards.ml_page(bourges.connection(), CODE, (BOURGES, MEHUN), 2025, None,
                              audience="gestionnaire")
    assert data["has_data"]
    table = data["table"]["value"]
    assert table["ml_nouveaux_inscrits"] == 10 and table["cej_entrees"] == 5
    assert table["pacea_entrees"] == 2 and table["aide_total"] == 1900
    assert math.isnan(table["ml_contacts"]) and math.isnan(table["ml_jeunes_accompagnes"])
    mine = data["by_commune"].set_index(data["by_commune"]["code_insee"].fillna(""))
    assert mine.at[BOURGES, "ml_nouveaux_inscrits"] == 8  # J01-J08
    assert mine.at[MEHUN, "cej_entrees"] == 1  # J09
