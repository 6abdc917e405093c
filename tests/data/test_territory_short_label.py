"""A defined territory's short label: charts, slides and tables named « ML-BOURGES » (its
code, upper-cased) where the built-in territories say « MNO », « MELT ». Derived from the
label when not given (`--short-label`, the « Territoires » page); a territories.json
written before has no key and gets the derived one. Expected labels written by hand."""

import json

import pytest

from cli.__main__ import main
from data import territories

BOURGES, MEHUN = "18033", "18141"


@pytest.mark.parametrize("label, short", [
    ("Mission Locale de Bourges", "ML Bourges"),
    ("Mission Locale de l'agglomération de Bourges", "ML Bourges"),
    ("Maison de l'Emploi du Pays de Lens-Liévin", "MDE Lens-Liévin"),
    ("PLIE du Grand Poitiers", "PLIE Grand Poitiers"),
    ("Communauté de communes du Pays de Mormal", "CC Pays de Mormal"),
    ("Lys-Tourcoing (MELT)", "MELT"),
    ("Vierzon", "Vierzon"),
])
def test_derived_from_the_label(label, short):
    assert territories.short_label(label) == short


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("TBE_DATA_DIR", str(tmp_path / "donnees"))
    return tmp_path / "donnees"


def test_a_territory_added_without_one_gets_the_derived_label(data_dir, capsys):
    assert main(["territory", "add", "ML-BOURGES", "--label", "Mission Locale de Bourges",
                 "--communes", BOURGES, MEHUN]) == 0
    assert territories.get("ML-BOURGES")["csv_code"] == "ML Bourges"  # not « ML-BOURGES »
    assert main(["territory", "show", "ML-BOURGES"]) == 0
    assert "Libellé court : ML Bourges" in capsys.readouterr().out


def test_a_short_label_given_is_kept(data_dir):
    assert main(["territory", "add", "ml-bourges", "--label", "Mission Locale de Bourges",
                 "--short-label", "MLB", "--communes", BOURGES]) == 0
    assert territories.get("ml-bourges")["csv_code"] == "MLB"
    raw = json.loads((data_dir / "territories.json").read_text(encoding="utf-8"))
    assert raw["ml-bourges"]["short_label"] == "MLB"


def test_a_short_label_too_long_is_refused(data_dir, capsys):
    assert main(["territory", "add", "ml-bourges", "--label", "Mission Locale de Bourges",
                 "--short-label", "Mission Locale de Bourges et du Cher",
                 "--communes", BOURGES]) == 2
    assert "libellé court" in capsys.readouterr().err


def test_a_file_written_before_reads_the_derived_label(data_dir):
    data_dir.mkdir(parents=True)
    (data_dir / "territories.json").write_text(json.dumps({"ml-bourges": {
        "label": "Mission Locale de Bourges", "communes": [BOURGES], "fte_hours": 1607,
        "senior_age": 50, "low_level_max": 3}}), encoding="utf-8")
    assert territories.get("ml-bourges")["csv_code"] == "ML Bourges"


def test_built_in_territories_keep_theirs():
    assert territories.get("mno")["csv_code"] == "MNO"
    assert territories.get("melt")["csv_code"] == "MELT"


def test_the_charts_name_the_territory_by_it(data_dir):
    from ui.filters import Filters

    assert main(["territory", "add", "ML-BOURGES", "--label", "Mission Locale de Bourges",
                 "--communes", BOURGES, MEHUN]) == 0
    f = Filters("ML-BOURGES", 2025, (2025,), (), (BOURGES, MEHUN), None)
    assert f.short_place == "ML Bourges"  # chart titles and legends
