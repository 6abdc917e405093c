"""The QPV page says whose QPV residence is unknown, as the shares leave them out
(tests/queries/test_qpv_unknown_share.py: 10 people, 4 in a QPV, 5 not, 1 unknown)."""

from queries import dashboards
from tests.queries.test_qpv_unknown_share import MNO, con
from views import qpv as qpv_view
from wording import texts

__all__ = ["con"]


def note(con, audience):
    summary = dashboards.qpv_page(con, "mno", MNO, 2025, None, audience=audience)["summary"]
    return qpv_view.unknown_note(
        summary.assign(label=summary["population"].map(texts.QPV_POPULATIONS)))


def test_a_manager_reads_how_many_answers_are_unknown(con):
    assert note(con, "gestionnaire") == (
        "Parts calculées sur les personnes dont la résidence en QPV est connue. Résidence "
        "inconnue : Participants du PLIE : 1 ; Nouvelles entrées au PLIE : 1 ; Jeunes "
        "accompagnés (Mission Locale) : 1 ; Entrées en CEJ : 1.")


def test_an_official_reads_the_secret_mark_for_a_small_count(con):
    text = note(con, "elu")
    assert "Participants du PLIE : s" in text and ": 1" not in text


def test_nothing_is_said_when_every_answer_is_known(demo_store):
    con = demo_store.connection()
    summary = dashboards.qpv_page(con, "mno", MNO, 2025, None, audience="elu")["summary"]
    assert qpv_view.unknown_note(summary.assign(label=summary["population"])) is None
