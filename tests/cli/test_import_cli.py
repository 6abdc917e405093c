"""`python -m cli import`: steps, a report grouped per rule, the full report on request, and
help in French for every command."""

import argparse
import contextlib
import io

import openpyxl
import pytest

from cli.__main__ import main, parser


@pytest.fixture
def store_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("TBE_DATA_DIR", str(tmp_path / "store"))
    return tmp_path / "store"


def cli(*argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main([str(a) for a in argv])
        except SystemExit as e:  # --help
            code = e.code
    return code, out.getvalue(), err.getvalue()


def commands(p: argparse.ArgumentParser, prefix=()):
    """(path of sub-commands, parser) for the parser and every sub-command, recursively."""
    yield prefix, p
    for action in p._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from commands(sub, (*prefix, name))


def test_every_command_and_option_is_explained_in_french():
    seen = 0
    for path, p in commands(parser()):
        text = p.format_help()
        for english in ("usage:", "show this help", "positional arguments", "optional arguments"):
            assert english not in text, (path, english)
        assert text.startswith("utilisation : ")
        for action in p._actions:
            if isinstance(action, argparse._SubParsersAction):
                continue
            assert action.help, (path, action.dest)
            # a sentence: capital first letter, final full stop
            assert action.help[0].isupper() and action.help.rstrip().endswith("."), \
                (path, action.dest, action.help)
            seen += 1
    assert seen > 40


def test_help_exits_cleanly_in_french():
    code, out, _ = cli("import", "--help")
    assert code == 0
    assert "--report RAPPORT.xlsx" in out and "Afficher cette aide et quitter." in out


def test_argparse_errors_are_in_french():
    code, _, err = cli("figures", "--year", "deux-mille")
    assert code == 2
    assert "arguments obligatoires absents" in err or "nombre entier attendu" in err
    assert "required" not in err and "invalid int" not in err and "choose from" not in err


EVENTS = "Date;Événement;Commune;Exposants;Participants\n"


def test_the_report_is_grouped_per_rule_with_the_first_five_lines(store_dir, tmp_path):
    bad = "".join(f"1{i}/03/2025;Forum {i};Lambersart;x{i};40\n" for i in range(8))
    path = tmp_path / "evenements.csv"
    path.write_text(EVENTS + bad, encoding="utf-8")
    code, out, err = cli("import", path)
    assert code == 2 and "8 ligne(s) invalide(s) sur 8" in err
    for step in ("Lecture du fichier : ", "Reconnaissance de l'export : ",
                 "Contrôle des lignes : "):
        assert step in out
    assert "Écriture dans le stockage" not in out  # refused: nothing written
    block = out[out.index("[ERREUR] Nombre illisible — 8 lignes"):]
    listed = [line for line in block.splitlines()[1:] if line.startswith("  ligne ")]
    assert listed == [f"  ligne {i + 2} « x{i} »" for i in range(5)]
    assert "… et 3 autre(s) ligne(s)" in block
    assert block.count("→ Écrivez un nombre") == 1  # the advice once, not per cell


def test_a_refused_file_still_gets_its_report(store_dir, tmp_path):
    path = tmp_path / "vide.csv"
    path.write_text("Colonne A;Colonne B\n1;2\n", encoding="utf-8")
    report = tmp_path / "rapport.xlsx"
    code, out, err = cli("import", path, "--report", report)
    assert code == 2 and err.startswith("Erreur : ")
    rows = list(openpyxl.load_workbook(report).active.iter_rows(values_only=True))
    (problem,) = [r for r in rows[8:] if r[0] == "erreur"]
    assert problem[5] == "Import refusé" and "n'a été reconnu" in problem[6]


def test_the_import_writes_and_says_how_long_it_took(store_dir, tmp_path):
    path = tmp_path / "evenements.csv"
    path.write_text(EVENTS + "12/03/2025;Forum;Lambersart;4;40\n", encoding="utf-8")
    code, out, _ = cli("import", path)
    assert code == 0
    assert "Écriture dans le stockage : " in out
    assert "Import n° 1 enregistré : 1 valeur(s) enregistrée(s) pour 1 ligne(s)" in out


def test_an_unknown_territory_is_refused_before_reading(store_dir, tmp_path):
    """« --territory xyz » (a typo) stored the file under a territory no page shows, and
    the import replaced the active one of the same communes: refused, nothing stored."""
    path = tmp_path / "evenements.csv"
    path.write_text(EVENTS + "12/03/2025;Forum;Lambersart;4;40\n", encoding="utf-8")
    code, out, err = cli("import", path, "--territory", "xyz")
    assert code == 2
    assert "territoire inconnu « xyz » (territoires : mno, melt)" in err
    assert "Import n°" not in out
    code, out, _ = cli("history", "--format", "csv")
    assert code == 0 and "evenements.csv" not in out
    code, out, _ = cli("import", path, "--territory", "MNO")  # the case aside, as elsewhere
    assert code == 0 and "Import n° 1 enregistré" in out
