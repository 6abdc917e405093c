"""« Quartiers prioritaires » page, headless, on the demo store."""

from tests.pages.dashboard_app import assert_ok, demo, row, run_page, shown_text, table_with
from ui import texts

__all__ = ["demo"]


def test_mno_2025(demo):
    at = run_page("qpv", territory="mno", year="2025")
    assert_ok(at)
    qpv = table_with(at, texts.COL_QPV_CODE)
    assert set(qpv[texts.COL_QPV_NAME]) >= {"Pacot - Vandracq", "La Briquetterie"}
    shares = table_with(at, texts.COL_POPULATION).set_index(texts.COL_POPULATION)
    # 47 of 463 participants live in a QPV (the report truncates to 10,1 %)
    assert shares.at["Participants du PLIE", texts.QPV_RESIDENTS] == "47"
    assert shares.at["Participants du PLIE", "MNO"] == "10,2\u00a0%"
    by_commune = table_with(at, texts.QPV_SHARE)
    assert row(by_commune, "Lambersart")[texts.QPV_SHARE] == "20,6\u00a0%"  # 33 / 160
    assert row(by_commune, "Lompret")[texts.QPV_ALL] == "s"
    assert texts.QPV_JOB_SEEKERS in shown_text(at)


def test_melt_commune_and_empty_year(demo):
    at = run_page("qpv", territory="melt", year="2023", commune="59090")  # Bondues
    assert_ok(at)
    assert texts.QPV_NONE.format(place="Bondues") in shown_text(at)
    at = run_page("qpv", territory="mno", year="2019")
    assert_ok(at)
    assert "en 2019" in shown_text(at)
