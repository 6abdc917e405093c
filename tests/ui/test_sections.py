"""ui/sections.py: how a reference territory is named where its figure shows."""

from types import SimpleNamespace

import pandas as pd

from ui import sections

NNBSP = "\u202f"
F = SimpleNamespace(reference_label="France")


def rows(*covered, communes=34_935):
    return pd.DataFrame({"ref_covered": list(covered), "ref_communes": communes})


def test_one_count_of_covered_communes():
    assert sections.reference_name_of_rows(F, rows(10.0, 10.0)) == (
        f"France, 10 communes couvertes sur 34{NNBSP}935")


def test_sources_covering_more_or_fewer_communes_give_a_range():
    assert sections.reference_name_of_rows(F, rows(8.0, 10.0, 10.0)) == (
        f"France, 8 à 10 communes couvertes sur 34{NNBSP}935")


def test_a_reference_covered_whole_or_unknown_is_its_name():
    assert sections.reference_name_of_rows(F, rows(647.0, communes=647)) == "France"
    assert sections.reference_name_of_rows(F, rows(float("nan"))) == "France"
