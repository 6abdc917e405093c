"""Saved column mappings: per source, merged, written atomically, and used by `cli import`."""

import json

import pandas as pd

from cli.__main__ import main as cli
from data import mappings
from data.store import Store

# « Rdv » is no synonym of any field: only a mapping makes it the « Entretiens » column.
EVENTS_WITH_RDV = (
    "Date;Événement;Commune;Exposants;Participants;Rdv\n"
    "12/03/2025;Job dating;Lambersart;4;40;12\n"
)


def test_nothing_saved_yet(empty_store):
    assert mappings.load(empty_store, "mde_events") == {}
    assert mappings.load_all(empty_store) == {}


def test_save_then_load(empty_store):
    saved = mappings.save(empty_store, "mde_events", {"Rdv": "interviews"})
    assert saved == {"Rdv": "interviews"}
    assert mappings.load(empty_store, "mde_events") == {"Rdv": "interviews"}
    assert mappings.load(empty_store, "plie") == {}
    raw = json.loads((empty_store.data_dir / "mappings.json").read_text(encoding="utf-8"))
    assert raw == {"mde_events": {"Rdv": "interviews"}}


def test_save_merges_with_what_is_saved(empty_store):
    mappings.save(empty_store, "mde_events", {"Rdv": "interviews", "Lieu": "commune_name"})
    mappings.save(empty_store, "mde_events", {"Visiteurs du jour": "participants"})
    mappings.save(empty_store, "plie", {"N° dossier": "person_id"})
    assert mappings.load(empty_store, "mde_events") == {
        "Rdv": "interviews", "Lieu": "commune_name", "Visiteurs du jour": "participants"}
    assert mappings.load(empty_store, "plie") == {"N° dossier": "person_id"}


def test_a_new_choice_replaces_the_old_one_and_an_empty_one_forgets_it(empty_store):
    mappings.save(empty_store, "mde_events", {"Rdv": "interviews", "Lieu": "commune_name"})
    mappings.save(empty_store, "mde_events", {"Rdv": "exhibitors", "Lieu": ""})
    assert mappings.load(empty_store, "mde_events") == {"Rdv": "exhibitors"}
    mappings.save(empty_store, "mde_events", {"Rdv": None})
    assert mappings.load_all(empty_store) == {}


def test_written_atomically_leaves_no_temporary_file(empty_store):
    for i in range(3):
        mappings.save(empty_store, "mde_events", {f"Colonne {i}": "interviews"})
    names = {p.name for p in empty_store.data_dir.iterdir()}
    assert "mappings.json" in names
    assert not [n for n in names if n.endswith(".tmp")]


def test_an_unreadable_file_counts_as_empty(empty_store):
    empty_store.ensure()
    (empty_store.data_dir / "mappings.json").write_text("{pas du json", encoding="utf-8")
    assert mappings.load(empty_store, "mde_events") == {}
    mappings.save(empty_store, "mde_events", {"Rdv": "interviews"})
    assert mappings.load(empty_store, "mde_events") == {"Rdv": "interviews"}


def _stored_interviews(store: Store) -> list:
    record = store.catalog().active()[-1]
    return pd.read_parquet(store.data_dir / record.tables["mde_events"])["interviews"].tolist()


def test_cli_saves_map_items_and_reuses_them_for_the_source(tmp_path, monkeypatch, capsys):
    data_dir = tmp_path / "store"
    monkeypatch.setenv("TBE_DATA_DIR", str(data_dir))
    first = tmp_path / "mars.csv"
    first.write_text(EVENTS_WITH_RDV, encoding="utf-8")
    # a target that is no field is refused, with nothing stored or remembered
    assert cli(["import", str(first), "--map", "Rdv=interviews", "--map", "Rdv2=nonsense"]) == 2
    assert "« nonsense » n'est ni un champ ni un en-tête connu" in capsys.readouterr().err
    store = Store(data_dir)
    assert store.is_empty() and mappings.load(store, "mde_events") == {}
    assert cli(["import", str(first), "--map", "Rdv=interviews"]) == 0
    assert mappings.load(store, "mde_events") == {"Rdv": "interviews"}
    assert _stored_interviews(store) == [12]

    second = tmp_path / "avril.csv"
    second.write_text(EVENTS_WITH_RDV.replace(";12\n", ";15\n"), encoding="utf-8")
    assert cli(["import", str(second), "--source", "mde_events"]) == 0
    assert _stored_interviews(store) == [15]  # the saved mapping was used


def test_cli_map_overrides_the_saved_mapping(tmp_path, monkeypatch):
    data_dir = tmp_path / "store"
    monkeypatch.setenv("TBE_DATA_DIR", str(data_dir))
    store = Store(data_dir)
    mappings.save(store, "mde_events", {"Rdv": "exhibitors"})
    path = tmp_path / "mars.csv"
    path.write_text(EVENTS_WITH_RDV, encoding="utf-8")
    assert cli(["import", str(path), "--source", "mde_events", "--map", "Rdv=interviews"]) == 0
    assert _stored_interviews(store) == [12]
    assert mappings.load(store, "mde_events") == {"Rdv": "interviews"}


def test_cli_refused_import_saves_nothing(tmp_path, monkeypatch):
    data_dir = tmp_path / "store"
    monkeypatch.setenv("TBE_DATA_DIR", str(data_dir))
    path = tmp_path / "mars.csv"
    path.write_text(EVENTS_WITH_RDV.replace("Lambersart", "Lambersartt"), encoding="utf-8")
    assert cli(["import", str(path), "--map", "Rdv=interviews"]) == 2
    assert mappings.load_all(Store(data_dir)) == {}


# -- value mappings -----------------------------------------------------------------------------
def test_value_mappings_are_saved_per_source_and_field_beside_the_column_mappings(empty_store):
    mappings.save(empty_store, "plie", {"N° dossier": "person_id"})
    mappings.save_values(empty_store, "plie", {"sex": {"Hme": "H", "Fme": "F"}})
    mappings.save_values(empty_store, "plie", {"sex": {"Fme": "F"}, "prescriber": {"UT Roubaix": "Département"}})
    mappings.save_values(empty_store, "ml", {"sex": {"G": "H"}})
    assert mappings.load_values(empty_store, "plie") == {
        "sex": {"Hme": "H", "Fme": "F"}, "prescriber": {"UT Roubaix": "Département"}}
    assert mappings.load_values(empty_store, "ml") == {"sex": {"G": "H"}}
    # the column mappings are untouched, and "_values" is no source
    assert mappings.load_all(empty_store) == {"plie": {"N° dossier": "person_id"}}
    mappings.save(empty_store, "plie", {"Réf.": "person_id"})
    assert mappings.load_values(empty_store, "plie")["sex"] == {"Hme": "H", "Fme": "F"}


def test_an_empty_target_forgets_a_value_mapping(empty_store):
    mappings.save_values(empty_store, "plie", {"sex": {"Hme": "H", "Fme": "F"}})
    mappings.save_values(empty_store, "plie", {"sex": {"Hme": None, "Fme": ""}})
    assert mappings.load_values_all(empty_store) == {}
    raw = json.loads((empty_store.data_dir / "mappings.json").read_text(encoding="utf-8"))
    assert raw == {}


def test_remove_forgets_the_named_column_and_value_mappings_only(empty_store):
    mappings.save(empty_store, "plie", {"N° dossier": "person_id", "Réf.": "person_id"})
    mappings.save_values(empty_store, "plie", {"sex": {"Hme": "H", "Fme": "F"}})
    gone = mappings.remove(empty_store, "plie", ["Réf.", "Absent"], [("sex", "Hme"), ("sex", "Zz")])
    assert gone == (["Réf."], [("sex", "Hme")])
    assert mappings.load(empty_store, "plie") == {"N° dossier": "person_id"}
    assert mappings.load_values(empty_store, "plie") == {"sex": {"Fme": "F"}}


def test_a_file_of_the_previous_format_still_reads(empty_store):
    empty_store.ensure()
    (empty_store.data_dir / "mappings.json").write_text('{"mde_events": {"Rdv": "interviews"}}', encoding="utf-8")
    assert mappings.load_values_all(empty_store) == {}
    mappings.save_values(empty_store, "mde_events", {"sex": {"a": "F"}})
    assert mappings.load(empty_store, "mde_events") == {"Rdv": "interviews"}
