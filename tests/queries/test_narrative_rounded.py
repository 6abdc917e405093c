"""Counts a producer publishes rounded to ten: a change of one step (80 → 90) may be
rounding only, and is not told as the territory's largest rise. Figures by hand."""

import pandas as pd

from queries import narrative
from tests.queries.test_secret_evolution import load


def standout(store) -> str:
    story = narrative.build(store.connection(), "mno", 2025, audience="gestionnaire")
    return next(s.text for s in story.sentences if s.key == "standout_change")


def test_a_change_of_one_rounding_step_is_not_the_largest_rise(empty_store):
    # Lambersart 1 650 → 1 700 (+3,0 %), Wambrechies 640 → 600 (−6,3 %), Lompret 80 → 90
    # (+12,5 %: one step of ten), Verlinghem 200 → 220 (+10,0 %: two steps); the
    # territory 2 570 → 2 610, +1,6 %: a rise, whose largest is Verlinghem's
    load(empty_store, "09/2024", {"59328": 1650, "59636": 640, "59356": 80, "59611": 200})
    load(empty_store, "09/2025", {"59328": 1700, "59636": 600, "59356": 90, "59611": 220})
    text = standout(empty_store)
    assert "Verlinghem" in text and "+10,0\u00a0%" in text and "Lompret" not in text
    assert "hors écarts d'un arrondi (chiffres publiés arrondis à 10)" in text


def test_counts_not_rounded_keep_every_commune(empty_store):
    # the same with Lompret 81 → 91 (+12,3 %): nothing says the file is rounded
    load(empty_store, "09/2024", {"59328": 1650, "59636": 640, "59356": 81, "59611": 200})
    load(empty_store, "09/2025", {"59328": 1700, "59636": 600, "59356": 91, "59611": 220})
    text = standout(empty_store)
    assert "Lompret" in text and "+12,3\u00a0%" in text and "arrondi" not in text


def test_the_rounding_step_of_counts():
    frame = pd.DataFrame({"a": [10, 20, 1650, None, 0], "b": [30, 40, 50, 60, 70]})
    assert narrative.rounding_step(frame) == 10
    assert narrative.rounding_step(frame.assign(b=[35, 40, 50, 60, 70])) == 5
    assert narrative.rounding_step(frame.assign(b=[31, 40, 50, 60, 70])) == 1
    assert narrative.rounding_step(pd.DataFrame({"a": [10, 20, 30, 40]})) == 1  # too few
