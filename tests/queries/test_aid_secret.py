"""Amounts of aid paid to fewer young people than the secret threshold are hidden from an
élu in the key figures (Chiffres clés, Ma commune, workbooks, AG deck), as the Mission
Locale page's aid chart hides them: an amount paid to one person tells what that person
received. Found with a Mission Locale of the Cher (Bourges) whose i-milo extraction paid
a mobility aid of 300 € to one young person of Mehun-sur-Yèvre, PACEA allowances to two,
and whose only aid of the year before was one CEJ allowance of 528 €.

Fixture written as i-milo writes it (title lines, one sheet per table, dates as text and
as Excel serials, amounts as numbers and as « 528,00 € » text); figures by hand."""

import math

import pytest

from cli.__main__ import main
from queries import masking
from tests.workbooks import defined_and_imported, workbook

CODE = "ml-bourges"
BOURGES, MEHUN = "18033", "18141"
TITLE = [["Mission Locale de l'agglomération de Bourges"], ["Extraction i-milo"], []]


def extraction() -> bytes:
    young = [[*TITLE[0]], *TITLE[1:],
             ["Identifiant jeune", "Commune de résidence", "QPV", "Date de 1er accueil"]]
    # J01-J12: Bourges (12 people), J13: Mehun-sur-Yèvre, J14-J15: Bourges
    for i in range(1, 16):
        commune = "MEHUN SUR YEVRE" if i == 13 else "BOURGES"
        young.append([f"J{i:02d}", commune, "Non", "03/02/2025" if i % 2 else 45720])
    aid = [*TITLE, ["Identifiant jeune", "Nature de l'aide", "Date de paiement", "Montant"]]
    # CEJ allowances in 2025: J01-J12, 528 € each = 6 336 € to 12 young people
    aid += [[f"J{i:02d}", "Allocation CEJ", "05/06/2025", 528] for i in range(1, 13)]
    # PACEA allowances: J14 250 €, J15 « 250,00 € » = 500 € to 2 young people
    aid += [["J14", "Allocation PACEA", "05/05/2025", 250],
            ["J15", "Allocation PACEA", "05/05/2025", "250,00 €"]]
    # a mobility aid of 300 € to one young person (J13, Mehun-sur-Yèvre)
    aid += [["J13", "Aide à la mobilité (permis)", "20/05/2025", 300]]
    # the year before: one CEJ allowance of 528 € to one young person (J01)
    aid += [["J01", "Allocation CEJ", "05/12/2024", 528]]
    # one interview each in 2025 (the years a page offers are those of contacts)
    events = [*TITLE, ["Identifiant jeune", "Date de l'événement", "Type d'événement"]]
    events += [[f"J{i:02d}", "10/03/2025", "Entretien individuel"] for i in range(1, 16)]
    return workbook({"Liste des jeunes": young, "Evenements": events,
                     "Aides financières": aid})


@pytest.fixture
def bourges(tmp_path, monkeypatch, capsys):
    store = defined_and_imported(tmp_path, monkeypatch, CODE, "Mission Locale de Bourges",
                                 (BOURGES, MEHUN), extraction())
    capsys.readouterr()
    return store


def figures(store, audience, commune=None):
    df = masking.key_figures(store.connection(), CODE, 2025, commune, audience=audience)
    return df.set_index("indicator")


def test_the_manager_sees_every_amount(bourges):
    f = figures(bourges, "gestionnaire")
    # by hand: 6 336 + 500 + 300 = 7 136 € in 2025; 528 € in 2024
    assert f.at["aide_total", "value"] == 7136
    assert f.at["aide_cej_allocation", "value"] == 6336
    assert f.at["aide_pacea_allocation", "value"] == 500
    assert f.at["aide_mobilite_ml", "value"] == 300
    assert f.at["aide_total", "previous_value"] == 528


def test_an_amount_paid_to_fewer_than_eleven_is_hidden_from_an_elu(bourges):
    f = figures(bourges, "elu")
    # 15 recipients in all, 12 of the CEJ allowance: shown
    assert f.at["aide_total", "value"] == 7136
    assert f.at["aide_cej_allocation", "value"] == 6336
    # 2 recipients of the PACEA allowance, 1 of the mobility aid: « s »
    for i in ("aide_pacea_allocation", "aide_mobilite_ml"):
        assert f.at[i, "secret"], i
        assert math.isnan(f.at[i, "value"]), i
        assert math.isnan(f.at[i, "share"]), i
    # the year before: 528 € paid to one young person, and the evolution built on it
    assert f.at["aide_total", "previous_secret"]
    assert math.isnan(f.at["aide_total", "previous_value"])
    assert math.isnan(f.at["aide_total", "evolution_pct"])


def test_a_commune_s_aid_paid_to_one_person_is_hidden(bourges):
    f = figures(bourges, "elu", MEHUN)
    # Mehun-sur-Yèvre: 300 € to J13 alone
    assert f.at["aide_total", "secret"]
    assert math.isnan(f.at["aide_total", "value"])
    assert figures(bourges, "gestionnaire", MEHUN).at["aide_total", "value"] == 300


def test_the_workbook_of_an_elu_holds_no_amount_paid_to_one_person(bourges, tmp_path):
    import openpyxl

    out = tmp_path / "elu.xlsx"
    assert main(["export", "--territory", CODE, "--year", "2025", "--role", "elu",
                 "--out", str(out)]) == 0
    rows = {r[1]: r for r in openpyxl.load_workbook(out, data_only=True)["Chiffres clés"]
            .iter_rows(values_only=True) if r and r[1]}
    assert rows["dont aide à la mobilité"][2] == "s"
    assert rows["dont allocations PACEA"][2] == "s"
    assert rows["aides financières octroyées aux jeunes"][4] == "s"  # 528 € in 2024


def test_the_pages_tables_hide_them_as_the_key_figures_do(bourges):
    """Ma commune's « Tous les indicateurs » gave the territory's share of each scheme
    beside its total (88,6 % of 10 806 €: the CEJ allowances hidden above); the Mission
    Locale page's table and its per-commune table the amounts of Mehun's one recipient."""
    from queries import dashboards

    con = bourges.connection()
    ml = dashboards.ml_page(con, CODE, (BOURGES, MEHUN), 2025, None, audience="elu")
    assert ml["table"].at["aide_total", "value"] == 7136
    # 528 € paid to one young person in 2024: the year before and the evolution hidden
    assert math.isnan(ml["table"].at["aide_total", "prev"])
    assert math.isnan(ml["table"].at["aide_total", "evol"])
    assert "aide_beneficiaires" not in ml["table"].index  # read, never shown
    mine = ml["by_commune"].set_index(ml["by_commune"]["code_insee"].fillna(""))
    assert math.isnan(mine.at[MEHUN, "aide_total"])  # 300 € to J13 alone
    page = dashboards.commune_page(con, CODE, MEHUN, 2025, None, audience="elu")
    table = page["table"].set_index("indicator")
    assert math.isnan(table.at["aide_total", "value"])
    for i in ("aide_pacea_allocation", "aide_mobilite_ml"):  # 2 and 1 recipients
        assert math.isnan(table.at[i, "territory_value"]), i
        assert math.isnan(table.at[i, "territory_measure"]), i
    assert table.at["aide_cej_allocation", "territory_value"] == 6336  # 12 recipients
    assert not table.index.str.endswith("_beneficiaires").any()
    manager = dashboards.commune_page(con, CODE, MEHUN, 2025, None, audience="gestionnaire")
    assert manager["table"].set_index("indicator").at["aide_total", "value"] == 300


def test_the_narrative_tells_no_change_of_an_amount_paid_to_few_the_year_before(bourges):
    """« Le montant des aides financières versées aux jeunes est en forte hausse : 7 136 €
    en 2025, +1 251,5 % en un an » rested on 528 € paid to one young person in 2024: the
    base of a percentage is its recipients, at least narrative.MIN_BASE (20)."""
    from queries import narrative

    told = narrative.build(bourges.connection(), CODE, 2025, audience="gestionnaire")
    assert not [s for s in told.sentences if "aides financières" in s.text], told.texts
