"""Tiles built from a small key-figures frame written here, in the shape of
`queries.figures.key_figures` (one row per indicator)."""

import datetime as dt
import math

import pandas as pd

from ui.tiles import build_tiles, data_table, families_html, spans_lpe, when_text
from wording import texts

NAN = math.nan
COLUMNS = ["indicator", "label", "family", "unit", "value", "previous_value", "evolution_pct",
           "part_of", "share", "period", "reference_date", "definition"]


def frame(*rows) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=COLUMNS)
    df["territory"] = "mno"
    df["commune"] = None
    return df


SEPT_2025 = dt.date(2025, 9, 30)
END_2025 = dt.date(2025, 12, 31)
MNO_2025 = frame(
    ("de_abc", "demandeurs d'emploi de catégorie A, B et C", "Demandeurs d'emploi", "personnes",
     9948, 9211, 8.0, None, NAN, "septembre 2025", SEPT_2025, "Inscrits en fin de mois."),
    ("de_a", "de catégorie A", "Demandeurs d'emploi", "personnes",
     5884, 5364, 9.7, "de_abc", 5884 / 9948, "septembre 2025", SEPT_2025, "Sans activité."),
    ("plie_participants", "participants", "PLIE", "personnes",
     463, NAN, NAN, None, NAN, "2025", END_2025, "En parcours dans l'année."),
    ("plie_qpv", "résident en QPV", "PLIE", "personnes",
     47, NAN, NAN, "plie_participants", 47 / 463, "2025", END_2025, ""),
    ("plie_sorties", "sorties", "PLIE", "nombre",
     131, NAN, NAN, None, NAN, "2025", END_2025, ""),
    ("plie_sorties_positives", "sorties positives", "PLIE", "nombre",
     65, NAN, NAN, "plie_sorties", 65 / 131, "2025", END_2025, ""),
    ("plie_sp_femmes", "femmes", "PLIE", "personnes",
     35, NAN, NAN, "plie_sorties_positives", 35 / 65, "2025", END_2025, ""),
    ("plie_sorties_neutres", "sorties neutres", "PLIE", "nombre",
     NAN, NAN, NAN, "plie_sorties", NAN, "2025", END_2025, ""),
    ("plie_taux", "taux de sorties positives", "PLIE", "%",
     65 / 131, 0.47, NAN, None, NAN, "2025", END_2025, ""),
    ("clause_heures", "heures d'insertion", "Clauses sociales", "heures",
     NAN, NAN, NAN, None, NAN, "2025", END_2025, ""),
)


def tiles_by_id():
    return {t.indicator: t for t in build_tiles(MNO_2025)}


def test_one_tile_per_top_level_indicator_in_order():
    assert [t.indicator for t in build_tiles(MNO_2025)] == [
        "de_abc", "plie_participants", "plie_sorties", "plie_taux", "clause_heures"]


def test_tile_texts():
    de = tiles_by_id()["de_abc"]
    assert de.value == "9\u202f948"
    assert de.when == "au 30 septembre 2025"
    assert de.evolution == "+8,0\u00a0%"
    assert de.arrow == texts.ARROW_UP
    assert [(p.value, p.label, p.share) for p in de.parts] == [
        ("5\u202f884", "de catégorie A", "59,1\u00a0%")]
    plie = tiles_by_id()["plie_participants"]
    assert plie.when == "en 2025" and plie.evolution == "" and plie.previous == ""


def test_rate_without_evolution_shows_previous_value():
    rate = tiles_by_id()["plie_taux"]
    assert rate.value == "49,6\u00a0%"
    assert rate.previous == "47,0\u00a0% un an plus tôt"


def test_nested_parts_and_missing_parts_left_out():
    exits = tiles_by_id()["plie_sorties"]
    assert [p.label for p in exits.parts] == ["sorties positives"]  # neutral exits: no value
    assert [(p.label, p.share) for p in exits.parts[0].parts] == [("femmes", "53,8\u00a0%")]


def test_family_without_any_value_is_named_not_drawn():
    page = families_html(build_tiles(MNO_2025))
    assert "Clauses sociales" not in page.split('<p class="tbe-empty">')[0]
    assert texts.EMPTY_FAMILIES.format(families="Clauses sociales") in page


def test_lpe_note_only_for_job_seekers_across_january_2025():
    row = MNO_2025.iloc[0].to_dict()
    assert spans_lpe(row)
    assert not spans_lpe({**row, "reference_date": dt.date(2024, 9, 30)})
    assert not spans_lpe({**row, "reference_date": dt.date(2026, 1, 31)})
    assert spans_lpe({**row, "reference_date": dt.date(2025, 1, 31)})
    assert not spans_lpe({**row, "evolution_pct": NAN})
    assert not spans_lpe(MNO_2025.iloc[2].to_dict())  # PLIE
    page = families_html(build_tiles(MNO_2025))
    assert page.count(texts.LPE_NOTE_TITLE) == 1


def test_when_text():
    assert when_text("2025", END_2025) == "en 2025"
    assert when_text("septembre 2025", SEPT_2025) == "au 30 septembre 2025"
    assert when_text("population légale", dt.date(2025, 1, 1)) == "population légale"
    assert when_text(None, None) == ""


def test_html_is_escaped_and_on_one_line():
    hostile = frame(("x", "<script>alert(1)</script>", "A & B", "nombre", 1, NAN, NAN, None,
                     NAN, "2025", END_2025, 'définition "citée"'))
    page = families_html(build_tiles(hostile))
    assert "<script>" not in page
    assert "&lt;script&gt;" in page and "A &amp; B" in page
    assert "\n" not in page


def test_data_table_is_formatted_in_french():
    table = data_table(MNO_2025)
    first = table.iloc[0]
    assert first[texts.COL_VALUE] == "9\u202f948"
    assert first[texts.COL_PREVIOUS] == "9\u202f211"
    assert first[texts.COL_EVOLUTION] == "+8,0\u00a0%"
    assert first[texts.COL_PERIOD] == "au 30 septembre 2025"
    assert table.iloc[1][texts.COL_LABEL] == "dont de catégorie A"
    assert table.iloc[1][texts.COL_SHARE] == "59,1\u00a0%"
    assert len(table) == len(MNO_2025)


def test_a_family_all_under_the_secret_is_drawn_not_called_without_data():
    # a small Mission Locale as an élu reads it (PLIE du Grand Poitiers, 2025): 6 first
    # welcomes and 4 young people in CEJ, both under the threshold: « s », not « no data »
    df = frame(
        ("ml_nouveaux_inscrits", "nouveaux inscrits (premier accueil)", "Mission Locale",
         "personnes", NAN, NAN, NAN, None, NAN, "2025", END_2025, "Premier accueil."),
        ("cej_accompagnes", "jeunes accompagnés en CEJ", "CEJ", "personnes",
         NAN, NAN, NAN, None, NAN, "2025", END_2025, "En CEJ."),
        ("clause_heures", "heures d'insertion", "Clauses sociales", "heures",
         NAN, NAN, NAN, None, NAN, "2025", END_2025, "Heures."),
    )
    df["secret"] = [True, True, False]
    tiles = build_tiles(df)
    assert [t.value for t in tiles[:2]] == ["s", "s"] and all(t.secret for t in tiles[:2])
    page = families_html(tiles)
    assert texts.EMPTY_FAMILIES.format(families="Clauses sociales") in page
    drawn = page.split('<p class="tbe-empty">')[0]
    assert "Mission Locale" in drawn and "CEJ" in drawn
    assert texts.SECRET_LEGEND in drawn  # what a screen reader says of « s »
