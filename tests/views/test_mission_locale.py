"""« Mission Locale » page, headless, on the demo store (MNO 2025, MELT 2023 reports)."""

from tests.views.dashboard_app import (
    assert_ok,
    demo,
    legends,
    metrics,
    run_page,
    shown_text,
    table_with,
)
from wording import texts

NNBSP = "\u202f"
__all__ = ["demo"]


def test_mno_2025(demo):
    at = run_page("mission_locale", territory="mno", year="2025")
    assert_ok(at)
    shown = metrics(at)
    assert shown[texts.ML_NEW] == "815"  # MNO 2025 report: 815 (+9 %)
    assert shown[texts.ML_FOLLOWED] == f"1{NNBSP}863"
    assert shown[texts.ML_CONTACTS] == f"43{NNBSP}992"
    aid = table_with(at, texts.ML_AID_AMOUNT).set_index(texts.COL_SCHEME)
    assert aid.at["Allocation CEJ", texts.ML_AID_AMOUNT] == f"2{NNBSP}026{NNBSP}189,00\u00a0€"
    assert aid.at["Allocation CEJ", texts.ML_AID_RECIPIENTS] == "917"
    assert aid.at["Fonds Mission Locale", texts.ML_AID_RECIPIENTS] == "s"  # 6 young people


def test_melt_2023(demo):
    at = run_page("mission_locale", territory="melt", year="2023")
    assert_ok(at)
    assert metrics(at)[texts.ML_NEW] == f"1{NNBSP}340"  # MELT 2023 report


def test_year_without_data_says_so(demo):
    at = run_page("mission_locale", territory="mno", year="2019")
    assert_ok(at)
    assert not at.metric and "en 2019" in shown_text(at)


def test_reference_says_it_covers_some_of_its_communes(demo):
    """The Nord's Mission Locale data are MNO's 10 communes of its 647 in the demo: its
    shares and its rate are MNO's, and they say so."""
    at = run_page("mission_locale", territory="mno", year="2025", ref="nord")
    assert_ok(at)
    nord = "Département du Nord, 10 communes couvertes sur 647"
    names = [n for chart in legends(at) for n in chart]
    assert nord in names  # CEJ shares
    # 1 863 young people followed / 147 999 inhabitants = 12,59 per 1 000
    assert "MNO : 12,6" in names and f"{nord} : 12,6" in names
    assert "Département du Nord" not in names
