"""`python -m cli summary`: the year in sentences, as text or JSON, for each role.

Expected: MNO 2025 report (9 948 job seekers A, B, C, +8,0 %); MELT 2023 (+4,5 %);
Lompret's 10 CEJ entries are under the secret threshold for an official.
"""

import json

import pytest

from cli.__main__ import main

NNBSP, NBSP = "\u202f", "\u00a0"


@pytest.fixture
def demo(demo_data_dir, monkeypatch):
    monkeypatch.setenv("TBE_DATA_DIR", str(demo_data_dir))
    return demo_data_dir


def test_text(demo, capsys):
    assert main(["summary", "--territory", "mno", "--year", "2025"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "Ce que disent les chiffres : Métropole Nord-Ouest (ALPES), 2025 (profil élu)"
    assert lines[2] == (f"1. Fin septembre 2025, le territoire compte 9{NNBSP}948 demandeurs "
                        f"d'emploi de catégorie A, B et C : une hausse de 8,0{NBSP}% en un an.")
    notes = out.split("Sur quels chiffres reposent ces phrases")[1]
    assert f"1. de_abc (valeur, septembre 2025) : 9{NNBSP}948" in notes


def test_melt(demo, capsys):
    assert main(["summary", "--territory", "melt", "--year", "2023", "--format", "text"]) == 0
    assert f"une légère hausse de 4,5{NBSP}% en un an" in capsys.readouterr().out


@pytest.mark.parametrize("role, shown", [(None, False), ("lecteur", False),
                                         ("gestionnaire", True)])
def test_json_per_role(demo, capsys, role, shown):
    args = ["summary", "--territory", "mno", "--year", "2025", "--commune", "59356",
            "--format", "json"]
    assert main(args + (["--role", role] if role else [])) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["commune"] == "59356" and data["audience"] == (role or "elu")
    assert 5 <= len(data["sentences"]) <= 8
    cited = {(e["indicator"], e["measure"]): e["value"]
             for s in data["sentences"] for e in s["evidence"]}
    assert cited[("de_abc", "value")] == 136
    assert (cited.get(("cej_entrees", "value")) == 10) is shown
    assert all(s["evidence"] for s in data["sentences"])


@pytest.mark.parametrize("extra, message", [
    (["--territory", "mno", "--year", "2019"], "aucune donnée pour mno en 2019"),
    (["--territory", "lille", "--year", "2025"], "territoire inconnu"),
    (["--territory", "mno", "--year", "2025", "--commune", "59599"], "n'appartient pas"),
    (["--territory", "mno", "--year", "2025", "--role", "maire"], "argument invalide"),
    (["--territory", "mno", "--year", "2025", "--format", "csv"], "argument invalide"),
])
def test_bad_arguments_say_so_in_french(demo, capsys, extra, message):
    try:
        code = main(["summary", *extra])
    except SystemExit as stop:  # argparse refuses a choice outside the list
        code = stop.code
    assert code == 2
    assert message in capsys.readouterr().err
