"""`cli import --map-value` and `cli mappings [--source S]`, `cli mappings remove …`."""

import pytest

from cli.__main__ import main as cli
from data import mappings
from data.store import Store

HEADER = "N° dossier;Civilité;Code postal;Commune;Date d'entrée"
ROWS = ["P001;Hme;59130;LAMBERSART;03/02/2025", "P002;Fme;59700;MARCQ EN BAROEUL;10/03/2025",
        "P003;Hme;59130;LAMBERSART;14/04/2025"]


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("TBE_DATA_DIR", str(tmp_path / "store"))
    return tmp_path / "store"


def write(tmp_path, name="plie.csv", rows=ROWS):
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def sexes(data_dir):
    return Store(data_dir).connection().execute(
        "select sex, count(*) from plie_participants group by 1 order by 1").fetchall()


def test_unknown_values_are_printed_once_per_column_with_what_to_type(tmp_path, data_dir, capsys):
    assert cli(["import", str(write(tmp_path)), "--source", "plie"]) == 2
    out = capsys.readouterr().out
    # grouped report: the rule on one line (values, their lines, 3 lines in all), its advice
    # on the next, not one line per cell
    lines = [line for line in out.splitlines() if "Civilité" in line]
    assert len(lines) == 2
    assert lines[0].startswith("[ERREUR] Civilité : 2 valeurs inconnues")
    assert "Hme (2 lignes), Fme (1 ligne) — 3 lignes" in lines[0]
    assert lines[1].startswith("  → ") and "--map-value « Civilité:Hme=H »" in lines[1]
    assert not [line for line in out.splitlines() if line.startswith("  ligne ")]
    assert Store(data_dir).is_empty()


def test_map_value_imports_and_is_remembered_for_the_source(tmp_path, data_dir, capsys):
    path = write(tmp_path)
    assert cli(["import", str(path), "--source", "plie", "--map-value", "Civilité:Hme=H",
                "--map-value", "Civilité:Fme=femme"]) == 0
    assert sexes(data_dir) == [("F", 1), ("H", 2)]
    # saved by field, as the stored value
    assert mappings.load_values(Store(data_dir), "plie") == {"sex": {"Hme": "H", "Fme": "F"}}
    # next month: no option, not even --source
    nxt = write(tmp_path, "plie_2.csv", [*ROWS, "P004;Fme;59130;LAMBERSART;05/05/2025"])
    assert cli(["import", str(nxt)]) == 0
    assert sexes(data_dir) == [("F", 2), ("H", 2)]


def test_map_value_naming_no_column_is_refused(tmp_path, data_dir, capsys):
    assert cli(["import", str(write(tmp_path)), "--source", "plie", "--map-value", "Genre:Hme=H"]) == 2
    err = capsys.readouterr().err
    assert "« Genre »" in err and "Sexe" in err
    assert cli(["import", str(write(tmp_path)), "--map-value", "Civilité=H"]) == 2
    assert "--map-value attend" in capsys.readouterr().err
    assert mappings.load_values_all(Store(data_dir)) == {}


def test_mappings_are_listed_and_removed(tmp_path, data_dir, capsys):
    store = Store(data_dir)
    mappings.save(store, "plie", {"Réf. interne": "person_id"})
    mappings.save_values(store, "plie", {"sex": {"Hme": "H", "Fme": "F"}})
    mappings.save_values(store, "ml", {"education_level": {"Infra 3": "2"}})
    assert cli(["mappings"]) == 0
    out = capsys.readouterr().out
    assert "Source « plie »" in out and "Source « ml »" in out
    assert "colonne « Réf. interne » → Identifiant (person_id)" in out
    assert "valeur Sexe « Hme » → H — homme" in out
    assert "valeur Niveau de formation « Infra 3 » → 2 — sans diplôme" in out
    assert cli(["mappings", "--source", "ml"]) == 0
    assert "plie" not in capsys.readouterr().out

    assert cli(["mappings", "remove", "--source", "plie", "Civilité:hme", "réf. interne"]) == 0
    out = capsys.readouterr().out
    assert "Sexe « Hme »" in out and "colonne « Réf. interne »" in out
    assert mappings.load(store, "plie") == {}
    assert mappings.load_values(store, "plie") == {"sex": {"Fme": "F"}}
    assert cli(["mappings", "remove", "--source", "plie", "Civilité:Zz"]) == 2
    assert "n'est pas une association enregistrée" in capsys.readouterr().err
    assert cli(["mappings", "--source", "inconnue"]) == 2


def test_no_mapping_saved_yet(data_dir, capsys):
    assert cli(["mappings"]) == 0
    assert "Aucune association enregistrée" in capsys.readouterr().out


def test_a_saved_column_mapping_makes_a_file_recognisable_without_source(tmp_path, data_dir, capsys):
    # « Réf. interne » is no synonym of the identifier: without the saved mapping the file
    # is no PLIE export the importer can recognise.
    rows = [r.replace("Hme", "Monsieur").replace("Fme", "Madame") for r in ROWS]
    path = tmp_path / "plie.csv"
    path.write_text("\n".join([HEADER.replace("N° dossier", "Réf. interne"), *rows]) + "\n", encoding="utf-8")
    assert cli(["import", str(path)]) == 2
    mappings.save(Store(data_dir), "plie", {"Réf. interne": "person_id"})
    assert cli(["import", str(path)]) == 0
    assert sexes(data_dir) == [("F", 1), ("H", 2)]


def test_a_file_already_imported_keeps_the_new_mappings_and_says_how_to_reimport(
        tmp_path, data_dir, capsys):
    path = write(tmp_path, rows=["P001;H;59130;LAMBERSART;03/02/2025"])
    assert cli(["import", str(path), "--source", "plie"]) == 0
    capsys.readouterr()
    assert cli(["import", str(path), "--source", "plie", "--map-value", "Civilité:Hme=H"]) == 0
    out = capsys.readouterr().out
    assert "Fichier déjà importé (import n° 1)" in out
    assert "python -m cli rollback 1" in out
    assert mappings.load_values(Store(data_dir), "plie") == {"sex": {"Hme": "H"}}


EVENTS = "Date;Manifestation;Commune;Visiteurs\n12/03/2025;Forum emploi;Lambersart;90\n"


def test_map_takes_the_header_a_message_names_and_refuses_an_unknown_field(
        tmp_path, data_dir, capsys):
    path = tmp_path / "forums.csv"
    path.write_text(EVENTS, encoding="utf-8")
    assert cli(["import", str(path), "--source", "mde_events", "--map", "Manifestation=blabla"]) == 2
    assert "« blabla » n'est ni un champ ni un en-tête connu" in capsys.readouterr().err
    # « Événement » is how the report names the field `name`
    assert cli(["import", str(path), "--source", "mde_events", "--map", "Manifestation=Événement",
                "--map", "Visiteurs=participants"]) == 0
    rows = Store(data_dir).connection().execute(
        "select name, participants from mde_events").fetchall()
    assert rows == [("Forum emploi", 90)]


# A PLIE export whose « MARQUETTE » is Marquette-lez-Lille (59386) or Marquette-en-Ostrevant
# (59387): the importer cannot tell, the manager says it once.
COMMUNE_ROWS = ["P001;Monsieur;59130;LAMBERSART;03/02/2025",
                "P002;Madame;;MARQUETTE;10/03/2025",
                "P003;Monsieur;59130;LAMBERSART;14/04/2025",
                "P004;Madame;;MARQUETTE;15/04/2025"]


def communes(data_dir):
    return dict(Store(data_dir).connection().execute(
        "select code_insee, count(*) from plie_participants group by 1").fetchall())


def test_map_value_associates_a_commune_and_is_remembered(tmp_path, data_dir, capsys):
    path = write(tmp_path, rows=COMMUNE_ROWS)
    assert cli(["import", str(path), "--source", "plie"]) == 2
    out = capsys.readouterr().out
    assert "[ERREUR] Commune : 1 commune non reconnue, MARQUETTE (2 lignes) — 2 lignes" in out
    assert "--map-value « Commune:MARQUETTE=59386 »" in out
    assert Store(data_dir).is_empty()

    assert cli(["import", str(path), "--source", "plie",
                "--map-value", "Commune:MARQUETTE=59386"]) == 0
    out = capsys.readouterr().out
    assert "Commune associée par vous : « MARQUETTE » → Marquette-lez-Lille (59386) (2 lignes)" in out
    # by hand: P002 and P004 in Marquette-lez-Lille, P001 and P003 in Lambersart
    assert communes(data_dir) == {"59386": 2, "59328": 2}
    assert mappings.load_values(Store(data_dir), "plie") == {"commune_name": {"MARQUETTE": "59386"}}
    assert cli(["mappings", "--source", "plie"]) == 0
    assert "valeur Commune « MARQUETTE » → Marquette-lez-Lille (59386)" in capsys.readouterr().out

    # next month: no option, not even --source; by hand P005 is the third of Marquette
    nxt = write(tmp_path, "plie_2.csv", [*COMMUNE_ROWS, "P005;Monsieur;;Marquette;05/05/2025"])
    assert cli(["import", str(nxt)]) == 0
    assert communes(data_dir) == {"59386": 3, "59328": 2}


def test_map_value_to_no_commune_is_refused_in_french(tmp_path, data_dir, capsys):
    path = write(tmp_path, rows=COMMUNE_ROWS)
    assert cli(["import", str(path), "--source", "plie",
                "--map-value", "Commune:MARQUETTE=99999"]) == 2
    out = capsys.readouterr().out
    assert "Association de commune impossible" in out
    assert "« MARQUETTE = 99999 » : la commune retenue n'existe pas" in out
    assert Store(data_dir).is_empty()
    assert mappings.load_values_all(Store(data_dir)) == {}


PLIE_EXITS = ("Identifiant;Commune;Date d'entrée;Fin PLIE\n"
              "P001;Lambersart;03/02/2025;30/06/2025\nP002;Lambersart;10/03/2025;\n")


def test_map_takes_a_header_several_sources_share(tmp_path, data_dir, capsys):
    # « Date de sortie » names the PLIE's exit date and a programme's end: once the source
    # is known, it is the PLIE's (it was refused: « n'est pas un champ de la source »)
    path = tmp_path / "plie.csv"
    path.write_text(PLIE_EXITS, encoding="utf-8")
    assert cli(["import", str(path), "--source", "plie", "--territory", "mno",
                "--map", "Fin PLIE=Date de sortie"]) == 0
    rows = Store(data_dir).connection().execute(
        "select count(exit_date) from plie_participants").fetchall()
    assert rows == [(1,)]
    assert mappings.load(Store(data_dir), "plie") == {"Fin PLIE": "exit_date"}


def test_rollback_says_which_import_is_active_again(tmp_path, data_dir, capsys):
    path = tmp_path / "plie.csv"
    path.write_text(PLIE_EXITS, encoding="utf-8")
    assert cli(["import", str(path), "--source", "plie", "--territory", "mno",
                "--period", "2025-06"]) == 0
    path.write_text(PLIE_EXITS + "P003;Lambersart;01/04/2025;\n", encoding="utf-8")
    assert cli(["import", str(path), "--source", "plie", "--territory", "mno",
                "--period", "2025-06"]) == 0
    capsys.readouterr()
    assert cli(["rollback", "2"]) == 0
    out = capsys.readouterr().out
    assert "Import n° 2 annulé" in out
    assert "L'import n° 1 est de nouveau actif." in out
