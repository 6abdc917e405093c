"""An events sheet that says who organised each event (« Organisateur »).

A Maison de l'Emploi's own spreadsheet of the year lists the events it organised, those it
co-organised with partners and the fairs of other organisers where it only held a stand.
Only the first two are « événements organisés »: the others' exhibitors and visitors are
their organisers', not the Maison de l'Emploi's. The sheet is written the way such
spreadsheets are (a title line, « Nb visiteurs », « Organisateur »), the expected figures
counted by hand.
"""

import duckdb
import pandas as pd
import pytest

from data.store import Store
from ingest.pipeline import commit, prepare
from queries import dashboards
from queries.context import territory_communes
from queries.figures import key_figures
from tests.ingest.test_newuser import xlsx_with_titles

SHEET = pd.DataFrame({
    "Date": ["27/02/2025", "27/03/2025", "16/01/2025", "23/04/2025", "14/05/2025",
             "20/05/2025"],
    "Intitulé de l'événement": [
        "Décroche ton Job IAE", "Salon Les Clés de l'Emploi", "Salon du Lycéen et de l'Étudiant",
        "Salon de l'Emploi et du Recrutement", "Job Day", "Rendez-vous des Possibles"],
    "Commune": ["Lambersart", "Marquette-lez-Lille", "Lille", "Wambrechies", "Lambersart",
                "Quesnoy-sur-Deûle"],
    "Organisateur": ["MDE", "Co-organisé", "Participation", "Participation", "Stand",
                     "Organisé par la MDE"],
    "Nb exposants": [10, 160, None, 40, None, 3],
    "Nb visiteurs": [54, 2578, None, 1200, None, 15],
    "Entretiens réalisés": [105, None, None, None, None, None],
})


def load(store: Store, df: pd.DataFrame = SHEET) -> duckdb.DuckDBPyConnection:
    data = xlsx_with_titles(df, ["Bilan des actions emploi 2025 — Maison de l'Emploi"])
    prepared = prepare(store, data, "evenements_2025.xlsx", territory="mno")
    assert prepared.source == "mde_events" and not prepared.errors, prepared.problems
    commit(store, prepared)
    return store.connection()


def test_events_only_attended_are_not_organised_ones(empty_store):
    con = load(empty_store)
    kf = key_figures(con, "mno", 2025).set_index("indicator")
    # by hand: organised 27/02 Lambersart, 27/03 Marquette (co-organised), 20/05 Quesnoy
    assert kf.at["evt_organises", "value"] == 3
    assert kf.at["evt_exposants", "value"] == 10 + 160 + 3
    assert kf.at["evt_participants", "value"] == 54 + 2578 + 15
    assert kf.at["evt_entretiens", "value"] == 105


def test_the_page_lists_the_fairs_attended_by_quarter(empty_store):
    con = load(empty_store)
    data = dashboards.mde_page(con, "mno", tuple(territory_communes("mno")), 2025, None,
                               audience="elu")
    assert list(data["events"]["name"]) == [
        "Décroche ton Job IAE", "Salon Les Clés de l'Emploi", "Rendez-vous des Possibles"]
    # attended wherever they took place (Lille: outside MNO)
    assert list(data["participations"]["name"]) == [
        "Salon du Lycéen et de l'Étudiant", "Salon de l'Emploi et du Recrutement", "Job Day"]
    quarters = data["quarters"].set_index("quarter")
    assert list(quarters["evt_participations"]) == [1, 2, 0, 0]
    assert list(quarters["evt_organises"]) == [2, 1, 0, 0]
    # a commune of the territory chosen alone: the Maison de l'Emploi's participations stay
    one = dashboards.mde_page(con, "mno", ("59328",), 2025, None, audience="elu")
    assert len(one["participations"]) == 3 and list(one["events"]["name"]) == [
        "Décroche ton Job IAE"]


def test_a_sheet_without_organiser_counts_every_event_as_organised(empty_store):
    # by hand: the five events in MNO communes (the one in Lille is outside)
    con = load(empty_store, SHEET.drop(columns="Organisateur"))
    kf = key_figures(con, "mno", 2025).set_index("indicator")
    assert kf.at["evt_organises", "value"] == 5
    assert kf.at["evt_exposants", "value"] == 10 + 160 + 40 + 3


def test_events_imported_before_the_organiser_column_still_read(empty_store, tmp_path):
    # a store written before the column existed: its files have no « role »
    load(empty_store, SHEET.drop(columns="Organisateur"))
    files = list((empty_store.data_dir).rglob("*mde_events*.parquet"))
    assert files
    for f in files:
        old = tmp_path / "old.parquet"
        duckdb.execute(f"copy (select * exclude (role) from read_parquet('{f}')) to '{old}' "
                       "(format parquet)")
        old.replace(f)
        assert "role" not in {r[0] for r in duckdb.execute(
            f"describe select * from read_parquet('{f}')").fetchall()}
    con = Store(empty_store.data_dir).connection()
    kf = key_figures(con, "mno", 2025).set_index("indicator")
    assert kf.at["evt_organises", "value"] == 5
    assert kf.at["evt_entretiens", "value"] == 105


@pytest.mark.parametrize("written", ["Participation seule", "Événement partenaire",
                                     "participation MDE"])
def test_other_words_for_an_event_only_attended(empty_store, written):
    df = SHEET.assign(Organisateur=["MDE", "Co-organisé", written, written, written, "MDE"])
    kf = key_figures(load(empty_store, df), "mno", 2025).set_index("indicator")
    assert kf.at["evt_organises", "value"] == 3


def test_a_fair_attended_elsewhere_gives_that_commune_no_data(empty_store):
    # MNO's Maison de l'Emploi held a stand at Adopt 1 Job in Tourcoing (MELT): MELT has
    # no event of its own, hence no year with data
    from queries.context import available_years

    df = SHEET.assign(Commune=SHEET["Commune"].replace({"Lille": "Tourcoing"}))
    con = load(empty_store, df)
    assert available_years(con, "melt") == []
    assert 2025 in available_years(con, "mno")


STANDS = pd.DataFrame({
    "Date": ["27/03/2025"] * 4 + ["16/10/2025"] * 2,
    "Événement": ["20e Salon Les Clés de l'Emploi"] * 4 + ["Décroche ton Job"] * 2,
    "Lieu": ["Marquette-lez-Lille"] * 4 + ["Lambersart"] * 2,
    "N° stand": [1, 2, 3, 4, 1, 2],
    "Exposant": ["Auchan Retail", "Adecco", "CHU de Lille", "AFPA", "Leroy Merlin", "ADMR"],
    "Visiteurs au stand": [85, 120, 95, 45, 30, 22],
    "Entretiens réalisés": [14, 22, 11, 0, 9, 7],
})


def test_a_fair_s_list_of_stands_is_its_event(empty_store):
    # one line per stand: before, every line was an error (« gardez la bonne valeur et
    # supprimez l'autre ligne » would have deleted the stands); by hand: two events, 4 and
    # 2 exhibitors, 14 + 22 + 11 + 0 = 47 and 9 + 7 = 16 interviews; visitors per stand
    # are not the event's (a visitor sees several stands): not available
    prepared = prepare(empty_store, xlsx_with_titles(STANDS, ["Salons 2025 — stands"]),
                       "stands.xlsx", territory="mno")
    assert not prepared.errors, prepared.errors
    assert prepared.rows_read == 6
    said = [p for p in prepared.problems if p.rule == "Une ligne par stand"]
    assert [p.value for p in said] == ["20e Salon Les Clés de l'Emploi", "Décroche ton Job"]
    commit(empty_store, prepared)
    kf = key_figures(empty_store.connection(), "mno", 2025).set_index("indicator")
    assert kf.at["evt_organises", "value"] == 2
    assert kf.at["evt_exposants", "value"] == 6
    assert kf.at["evt_entretiens", "value"] == 47 + 16
    assert pd.isna(kf.at["evt_participants", "value"])


def test_an_exposant_column_of_counts_is_a_count(empty_store):
    df = SHEET.rename(columns={"Nb exposants": "Exposant"})
    kf = key_figures(load(empty_store, df), "mno", 2025).set_index("indicator")
    assert kf.at["evt_exposants", "value"] == 10 + 160 + 3
