"""« Maison de l'Emploi » page, headless, on the demo store: events (table T5), clauses."""

from tests.views.dashboard_app import (
    assert_ok,
    demo,
    metrics,
    row,
    run_page,
    shown_text,
    table_with,
)
from wording import texts

NNBSP = "\u202f"
__all__ = ["demo"]


def test_mno_2025_events_and_clauses(demo):
    at = run_page("maison_emploi", territory="mno", year="2025")
    assert_ok(at)
    assert metrics(at)[texts.MDE_EVENTS] == "10"  # T5: 10 events
    assert metrics(at)[texts.MDE_FTE] == "25,7"  # 41 277 h / 1 607 h
    events = table_with(at, texts.COL_EVENT)
    assert len(events) == 11  # ten events and the total
    total = events.iloc[-1]
    assert (total[texts.MDE_EXHIBITORS], total[texts.MDE_PARTICIPANTS],
            total[texts.MDE_INTERVIEWS]) == ("251", f"3{NNBSP}217", "321")
    assert events.iloc[0][texts.COL_COMMUNE].endswith("#Lambersart")
    quarters = table_with(at, texts.COL_QUARTER)
    assert quarters[texts.MDE_EVENTS].tolist() == ["2", "4", "1", "3"]
    clauses = table_with(at, texts.MDE_CLAUSE_PEOPLE)
    assert row(clauses, "Total")[texts.MDE_HOURS_RESIDENTS] == f"41{NNBSP}277\u00a0h"
    assert row(clauses, "Verlinghem")[texts.MDE_HOURS_RESIDENTS] == "s"  # 4 residents
    assert "1\u202f607 h" in shown_text(at)


def test_melt_2023_and_empty_year(demo):
    at = run_page("maison_emploi", territory="melt", year="2023")
    assert_ok(at)
    assert metrics(at)[texts.MDE_EVENTS] == "4"
    at = run_page("maison_emploi", territory="mno", year="2019")
    assert_ok(at)
    assert not at.metric and "en 2019" in shown_text(at)


def test_no_reference_box_where_no_reference_shows(demo):
    # the page shows no reference figure: offering « Comparer avec » did nothing visible
    at = run_page("maison_emploi", territory="mno", year="2025", ref="france")
    assert_ok(at)
    assert texts.REFERENCE_LABEL not in [s.label for s in at.selectbox]
    assert at.query_params.get("ref") in ("france", ["france"])  # kept for the other pages
    plie = run_page("plie", territory="mno", year="2025", ref="france")
    assert [s.value for s in plie.selectbox if s.label == texts.REFERENCE_LABEL] == ["france"]


def test_mno_2025_events_attended_beside_those_organised(demo):
    # the report: « participation de la MDE à 24 événements emploi », 6 per quarter; the
    # demo's events sheet says « Participation » in its « Organisateur » column for them
    at = run_page("maison_emploi", territory="mno", year="2025")
    assert_ok(at)
    assert metrics(at)[texts.MDE_PARTICIPATIONS] == "24"
    assert metrics(at)[texts.MDE_EVENTS] == "10"  # the fairs attended are not organised
    attended = [df.value for df in at.dataframe if texts.COL_EVENT in df.value.columns][1]
    assert len(attended) == 24
    assert attended.iloc[0][texts.COL_EVENT] == "Salon du Lycéen et de l'Étudiant"
    assert attended.iloc[0][texts.COL_COMMUNE] == "Lille"
    assert "24 en 2025 (T1 : 6, T2 : 6, T3 : 6, T4 : 6)" in shown_text(at)


def test_melt_2023_has_no_events_attended_to_show(demo):
    at = run_page("maison_emploi", territory="melt", year="2023")
    assert texts.MDE_PARTICIPATIONS not in metrics(at)
