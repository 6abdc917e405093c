"""« PLIE » page, headless, on the demo store: report figures, table T2, statistical secret."""

import re

from tests.views.dashboard_app import (
    assert_ok,
    demo,
    legends,
    metrics,
    row,
    run_page,
    shown_text,
    table_with,
)
from wording import texts

__all__ = ["demo"]


def t2(at):
    return table_with(at, texts.T2_QPV_SHARE_ENTRIES)


def test_officials_see_t2_with_the_statistical_secret(demo):
    at = run_page("plie", territory="mno", year="2025")
    assert_ok(at)
    assert metrics(at)[texts.PLIE_PARTICIPANTS] == "463"  # MNO 2025 report
    assert metrics(at)[texts.PLIE_POSITIVE] == "49,6\u00a0%"
    table = t2(at)
    # Lompret has 2 participants: shown as "s"; so is Verlinghem's 2, so Lompret's
    # cannot be recomputed from the total.
    assert row(table, "Lompret")[texts.T2_PARTICIPANTS] == "s"
    assert (table[texts.T2_PARTICIPANTS] == "s").sum() >= 2
    # « dont » lines of a hidden total are hidden, zeros included: Lompret's and
    # Verlinghem's 0 QPV participants; then 47 − 33 − 0 − 0 would give them back: Marcq's
    # 14 (not small) is hidden too. Marcq's 7 QPV entries are small, protected by the
    # hidden 0 of the communes whose entries are « s » (Lambersart's 11 shown).
    assert row(table, "Lompret")[texts.T2_QPV] == "s"
    assert row(table, "Marcq-en-Barœul")[texts.T2_QPV] == "s"
    assert row(table, "Marcq-en-Barœul")[texts.T2_QPV_ENTRIES] == "s"
    assert row(table, "Lompret")[texts.T2_QPV_ENTRIES] == "s"
    assert row(table, "Lambersart")[texts.T2_QPV_ENTRIES] == "11"
    assert row(table, "Lambersart")[texts.T2_PARTICIPANTS] == "160"
    assert row(table, "Lambersart")[texts.T2_QPV_SHARE] == "20,6\u00a0%"  # printed 20,6 %
    assert row(table, "Total")[texts.T2_PARTICIPANTS] == "463"
    assert texts.SECRET_LEGEND in shown_text(at)


def test_managers_see_unmasked_figures_marked_confidential(demo):
    at = run_page("plie", role="gestionnaire", territory="mno", year="2025")
    assert_ok(at)
    table = t2(at)
    assert row(table, "Lompret")[texts.T2_PARTICIPANTS] == "2"
    assert row(table, "Marcq-en-Barœul")[texts.T2_QPV_ENTRIES] == "7"
    assert not (table == "s").any().any()
    assert texts.CONFIDENTIAL_NOTICE in shown_text(at)
    assert texts.CONFIDENTIAL in shown_text(at)  # under each table
    # the pathways' mean length fits its card: « 15,6 », the unit in the note under it
    duration = metrics(at)[texts.PLIE_DURATION]
    assert re.fullmatch(r"\d+,\d", duration), duration
    assert texts.PLIE_DURATION_NOTE == "mois en moyenne"


def test_melt_2023_and_one_commune(demo):
    at = run_page("plie", territory="melt", year="2023", ref="aucun")
    assert_ok(at)
    assert metrics(at)[texts.PLIE_PARTICIPANTS] == "1\u202f002"  # MELT 2023 report
    at = run_page("plie", territory="mno", year="2025", commune="59328")
    assert_ok(at)
    assert metrics(at)[texts.PLIE_PARTICIPANTS] == "160"


def test_year_without_data_says_so(demo):
    at = run_page("plie", territory="melt", year="2010")
    assert_ok(at)
    assert not at.metric
    assert "Aucune donnée pour Lys-Tourcoing (MELT) en 2010" in shown_text(at)


def test_reference_says_it_covers_some_of_its_communes(demo):
    """In the demo, the Nord's PLIE data are MNO's 10 communes of its 647: its figures are
    MNO's, and every place they show says so, as the job seekers' card does."""
    at = run_page("plie", territory="mno", year="2025", ref="nord")
    assert_ok(at)
    nord = "Département du Nord, 10 communes couvertes sur 647"
    names = [n for chart in legends(at) for n in chart]
    assert nord in names  # the positive-exit rates
    assert f"Participants, {nord}" in names  # the profile
    # per 1 000 inhabitants: 463 participants / 147 999 inhabitants = 3,13 ‰, the Nord's
    # (its covered communes are MNO's) the same
    assert "MNO : 3,1" in names and f"{nord} : 3,1" in names
    assert "Département du Nord" not in names  # nowhere without its coverage


def test_reference_covering_all_its_communes_is_named_plainly(demo):
    at = run_page("plie", territory="melt", year="2023", ref="mno")
    assert_ok(at)
    names = [n for chart in legends(at) for n in chart]
    assert not any("couvertes" in n for n in names)
    assert any(n.startswith("Métropole Nord-Ouest") for n in names)
