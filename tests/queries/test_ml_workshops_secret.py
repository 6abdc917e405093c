"""Workshops (« ateliers », « information collective ») are contacts of young people, one
row per young person who attended, as i-milo writes them: a month with one workshop
attendance tells that one young person came. The Mission Locale page's « Contacts par
mois » hides such a month from an élu, as it hides a small number of interviews. Seen in
Chromium as an élu of a Mission Locale of the Cher: April showed « 1 » contact while
« Nouveaux inscrits par mois » hid its small months.

Fixture written as i-milo writes it (title lines, one sheet per table); figures by hand."""

import math

import pytest

from queries import dashboards
from queries.masking import flag
from tests.workbooks import defined_and_imported, workbook

CODE = "ml-bourges"
BOURGES = "18033"
TITLE = [["Mission Locale de l'agglomération de Bourges"], ["Extraction i-milo"], []]


def extraction() -> bytes:
    young = [*TITLE, ["Identifiant jeune", "Commune de résidence", "QPV",
                      "Date de 1er accueil"]]
    young += [[f"J{i:02d}", "BOURGES", "Non", "03/02/2025"] for i in range(1, 16)]
    events = [*TITLE, ["Identifiant jeune", "Date de l'événement", "Type d'événement"]]
    # March: 15 interviews (J01-J15) and 12 workshop attendances (J01-J12)
    events += [[f"J{i:02d}", "10/03/2025", "Entretien individuel"] for i in range(1, 16)]
    events += [[f"J{i:02d}", "12/03/2025", "Information collective"] for i in range(1, 13)]
    # April: one workshop attendance, J07's: one young person
    events += [["J07", "15/04/2025", "Atelier collectif"]]
    return workbook({"Liste des jeunes": young, "Evenements": events})


@pytest.fixture
def store(tmp_path, monkeypatch, capsys):
    store = defined_and_imported(tmp_path, monkeypatch, CODE, "Mission Locale de Bourges",
                                 (BOURGES,), extraction())
    capsys.readouterr()
    return store


def monthly(store, audience):
    data = dashboards.ml_page(store.connection(), CODE, (BOURGES,), 2025, None,
                              audience=audience)
    frame = data["monthly"]
    return frame.set_index(frame["month"].dt.month)


def test_the_manager_sees_every_workshop(store):
    m = monthly(store, "gestionnaire")
    assert m.at[3, "ml_ateliers"] == 12
    assert m.at[3, "ml_entretiens"] == 15
    assert m.at[4, "ml_ateliers"] == 1
    assert m.at[4, "ml_contacts"] == 1


def test_one_young_persons_workshop_is_hidden_from_an_elu(store):
    m = monthly(store, "elu")
    assert math.isnan(m.at[4, "ml_ateliers"]) and m.at[4, flag("ml_ateliers")]
    assert math.isnan(m.at[4, "ml_contacts"])
    # the months add up to the year's contacts, shown above: March's 12 attendances (27
    # contacts) are hidden too, or the year less March would give April
    assert math.isnan(m.at[3, "ml_ateliers"]) and math.isnan(m.at[3, "ml_contacts"])
    # the interviews are « dont » lines of the contacts: hidden with them, zeros included
    assert math.isnan(m.at[4, "ml_entretiens"]) and math.isnan(m.at[3, "ml_entretiens"])
    # a month without any contact is 0, which discloses nobody; so are the kinds no month
    # has; the 15 first welcomes of February are shown
    assert m.at[1, "ml_ateliers"] == 0 and m.at[1, "ml_contacts"] == 0
    assert (m["ml_contacts_distance"] == 0).all()
    assert m.at[2, "ml_nouveaux_inscrits"] == 15

