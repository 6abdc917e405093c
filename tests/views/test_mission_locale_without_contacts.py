"""« Mission Locale » page of an i-milo extraction without its contacts sheet (Mission Locale
of Bourges, territory defined as data): the year is offered, its first welcomes shown, and
the contacts say they are not in the file instead of twelve months of 0."""

import pytest

from tests.queries.test_ml_without_contacts import BOURGES, CODE, MEHUN, extraction
from tests.views.dashboard_app import assert_ok, metrics, run_page, shown_text
from tests.workbooks import defined_and_imported
from wording import texts


@pytest.fixture
def bourges(tmp_path, monkeypatch, capsys):
    store = defined_and_imported(tmp_path, monkeypatch, CODE, "Mission Locale de Bourges",
                                 (BOURGES, MEHUN), extraction())
    capsys.readouterr()
    return store


def test_the_page_shows_the_year_and_says_the_contacts_are_not_in_the_file(bourges):
    at = run_page("mission_locale", role="gestionnaire", territory=CODE, year="2025")
    assert_ok(at)
    shown = metrics(at)
    assert shown[texts.ML_NEW] == "10"  # J01-J10 first welcomed in 2025
    assert shown[texts.ML_CONTACTS] == "n.d."
    assert shown[texts.ML_FOLLOWED] == "n.d."
    assert texts.ML_CONTACTS_NOT_AVAILABLE in [i.value for i in at.info]
    assert "aucune" not in shown_text(at)


def test_the_key_figures_page_offers_the_year(bourges):
    """« Chiffres clés » said « années disponibles : aucune »."""
    at = run_page("chiffres_cles", role="gestionnaire", territory=CODE, year="2025")
    assert_ok(at)
    text = shown_text(at)
    assert texts.NO_YEARS.format(territory="Mission Locale de Bourges") not in text
    assert "5 jeunes sont entrés en CEJ" in text  # J01-J04, J09
