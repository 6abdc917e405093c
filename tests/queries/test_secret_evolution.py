"""An evolution over a year compares the same communes: a commune whose job seekers the
producer hid (« s », « nd ») one of the two years is left out of both.

DARES files hide small communes' counts. With Lompret hidden in September 2025 but
published in September 2024, the territory's change compared two communes with three.
Figures counted by hand."""

import math

import pytest

from ingest.pipeline import commit, prepare
from queries.figures import key_figures


def load(store, month: str, counts: dict[str, str]) -> None:
    raw = ("Code commune;Mois;Nombre de demandeurs d'emploi\n" + "".join(
        f"{code};{month};{n}\n" for code, n in counts.items())).encode()
    prepared = prepare(store, raw, f"defm_{month.replace('/', '_')}.csv", territory="mno")
    assert not prepared.errors, prepared.errors
    commit(store, prepared)


@pytest.fixture
def hidden_one_year(empty_store):
    # Lambersart 1 650 → 1 700, Wambrechies 640 → 600, Lompret 80 → « s »
    load(empty_store, "09/2024", {"59328": "1650", "59636": "640", "59356": "80"})
    load(empty_store, "09/2025", {"59328": "1700", "59636": "600", "59356": "s"})
    return empty_store.connection()


def test_the_territory_s_change_leaves_out_the_hidden_commune(hidden_one_year):
    kf = key_figures(hidden_one_year, "mno", 2025).set_index("indicator")
    assert kf.at["de_abc", "value"] == 1700 + 600
    assert kf.at["de_abc", "previous_value"] == 1650 + 640 + 80
    # by hand, Lambersart and Wambrechies only: 2 300 against 2 290, +0,44 % (not −2,95 %)
    assert kf.at["de_abc", "evolution_pct"] == pytest.approx((2300 - 2290) / 2290 * 100)


def test_the_hidden_commune_has_no_change(hidden_one_year):
    kf = key_figures(hidden_one_year, "mno", 2025, "59356").set_index("indicator")
    assert math.isnan(kf.at["de_abc", "evolution_pct"])
    kf = key_figures(hidden_one_year, "mno", 2025, "59328").set_index("indicator")
    assert kf.at["de_abc", "evolution_pct"] == pytest.approx((1700 - 1650) / 1650 * 100)


def test_without_hidden_cells_nothing_changes(empty_store):
    load(empty_store, "09/2024", {"59328": "1650", "59636": "640"})
    load(empty_store, "09/2025", {"59328": "1700", "59636": "600"})
    kf = key_figures(empty_store.connection(), "mno", 2025).set_index("indicator")
    assert kf.at["de_abc", "evolution_pct"] == pytest.approx((2300 - 2290) / 2290 * 100)


def test_the_job_seekers_page_says_the_same(hidden_one_year):
    from queries import dashboards
    from queries.context import territory_communes

    data = dashboards.job_seekers_page(hidden_one_year, "mno", tuple(territory_communes("mno")),
                                       2025, None, audience="gestionnaire")
    assert data["table"].at["de_abc", "evol"] == pytest.approx((2300 - 2290) / 2290 * 100)
    # the per-commune table's total row, which the summary's standouts compare with
    total = data["by_commune"].set_index(data["by_commune"]["code_insee"].fillna("total"))
    assert total.at["total", "de_abc_evol"] == pytest.approx((2300 - 2290) / 2290 * 100)


def test_the_year_summary_says_a_cell_is_missing(hidden_one_year):
    from queries import narrative

    story = narrative.build(hidden_one_year, "mno", 2025, audience="elu")
    first = next(s.text for s in story.sentences if s.key == "headline")
    assert first.startswith("Fin septembre 2025, le territoire compte 2\u202f300 demandeurs")
    # the file gives 3 of MNO's 10 communes: the count is theirs, and it says so
    assert ("(3 communes sur 10 dans les fichiers importés, "
            "hors 1 cellule sous secret statistique)") in first


def test_the_year_summary_says_which_communes_its_count_is_of(empty_store):
    from queries import narrative

    load(empty_store, "09/2025", {"59328": "1700", "59636": "600"})
    story = narrative.build(empty_store.connection(), "mno", 2025, audience="elu")
    first = next(s.text for s in story.sentences if s.key == "headline")
    assert first == ("Fin septembre 2025, le territoire compte 2\u202f300 demandeurs d'emploi "
                     "de catégorie A, B et C (2 communes sur 10 dans les fichiers importés).")


def test_a_summary_over_every_commune_says_nothing_of_them(demo_store):
    from queries import narrative

    story = narrative.build(demo_store.connection(), "mno", 2025, audience="elu")
    first = next(s.text for s in story.sentences if s.key == "headline")
    assert "fichiers importés" not in first  # the demo's files give MNO's 10 communes
    assert first.startswith("Fin septembre 2025, le territoire compte 9\u202f948 demandeurs")


def test_the_cover_of_the_year_s_job_seekers(hidden_one_year, demo_store):
    import datetime as dt

    from queries import series
    from queries.context import territory_communes

    mno = territory_communes("mno")
    # Lambersart, Wambrechies and Lompret (« s », but a row all the same) of MNO's 10
    assert series.job_seekers_cover(hidden_one_year, mno, 2025) == {
        "month": dt.date(2025, 9, 1), "covered": 3, "of": 10}
    assert series.job_seekers_cover(demo_store.connection(), mno, 2025) is None  # all 10
    assert series.job_seekers_cover(hidden_one_year, mno, 2023) is None  # no file
