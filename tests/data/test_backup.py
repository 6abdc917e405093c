"""Backup and restore give back the same figures; a damaged backup changes nothing; a
backup holds no personal data in clear."""

import io
import json
import tarfile

import pandas as pd
import pytest

from data.backup import backup, restore
from data.store import Store, StoreError
from tests.data.test_archive import (
    commit_plie,
    import_person_files,
    ml_xlsx,
    old_version_store,
    personal_values,
    plie_csv,
)
from tests.data.test_store import commit, count, events


def test_backup_then_restore_returns_to_the_saved_state(tmp_path):
    store = Store(tmp_path / "store")
    commit(store, events(3))
    saved = backup(store, tmp_path / "sauvegarde.tar.gz")
    commit(store, events(7, name="Après"))
    assert count(store) == 7
    aside = restore(store, saved)
    assert count(store) == 3
    assert (aside / "catalog.json").exists()  # the replaced state is kept, not deleted
    assert Store(aside).catalog().imports[-1].rows_stored == 7


def test_damaged_or_foreign_backup_is_refused_and_changes_nothing(tmp_path):
    store = Store(tmp_path / "store")
    commit(store, events(3))
    before = store.catalog_path.read_bytes()
    bad = tmp_path / "bad.tar.gz"
    bad.write_bytes(b"not a tar")
    with pytest.raises(StoreError, match="illisible"):
        restore(store, bad)
    foreign = tmp_path / "foreign.tar.gz"
    (tmp_path / "notes.txt").write_text("x")
    with tarfile.open(foreign, "w:gz") as tar:
        tar.add(tmp_path / "notes.txt", arcname="notes.txt")
    with pytest.raises(StoreError, match="catalogue"):
        restore(store, foreign)
    assert store.catalog_path.read_bytes() == before and count(store) == 3


# -- no personal data in clear in a backup -----------------------------------------------------
def readable_texts(name: str, blob: bytes):
    """Every text a member of a backup gives once opened: zip entries (xlsx, ods) and
    gzip streams decompressed, Parquet files read back as tables, the bytes themselves."""
    import gzip
    import zipfile

    yield name, blob
    if blob.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(blob)) as z:
            for entry in z.namelist():
                yield from readable_texts(f"{name}!{entry}", z.read(entry))
    elif blob.startswith(b"\x1f\x8b"):
        yield from readable_texts(f"{name}!gunzip", gzip.decompress(blob))
    elif blob.startswith(b"PAR1"):
        df = pd.read_parquet(io.BytesIO(blob))
        yield f"{name}!rows", df.astype(str).to_csv().encode("utf-8")


def leaks(name: str, blob: bytes, values: list[str]) -> set[tuple[str, str]]:
    found = set()
    for where, text in readable_texts(name, blob):
        low = text.lower()
        for v in values:
            forms = {v.encode("utf-8"), v.lower().encode("utf-8"),
                     json.dumps(v).strip('"').encode(), json.dumps(v.lower()).strip('"').encode()}
            if any(f in text or f in low for f in forms):
                found.add((where, v))
    return found


def test_a_backup_holds_no_personal_data_in_clear(tmp_path):
    from data import mappings, users

    store = Store(tmp_path / "store")
    plie, ml = import_person_files(store)
    mappings.save(store, "plie", {"N° dossier": "person_id"})
    users.add("gestion", "gestionnaire", "un mot de passe solide", data_dir=store.data_dir)
    store.read_archive(ml.id, user="gestion")
    values = personal_values()

    # the searcher finds every value in the files as exported (the xlsx is a zip)
    found = {v for _, v in leaks("plie.csv", plie_csv(), values) | leaks("ml.xlsx", ml_xlsx(), values)}
    assert found >= set(personal_values(parsed_forms=False))

    saved = backup(store, tmp_path / "sauvegarde.tar.gz")
    members = {}
    with tarfile.open(saved, "r:gz") as tar:
        for info in tar.getmembers():
            if info.isfile():
                members[info.name] = tar.extractfile(info).read()
    assert {"catalog.json", "audit.jsonl", "users.json", "mappings.json", "secret.key",
            "archive.key"} <= set(members)
    assert any(n.startswith("imports/") and n.endswith(".parquet") for n in members)
    archived = sorted(n for n in members if n.startswith("archive/"))
    assert archived == sorted([plie.archive_path, ml.archive_path])
    assert sorted(store.catalog().get(i).archive_path for i in (plie.id, ml.id)) == archived
    everything = set()
    for name, blob in members.items():
        everything |= leaks(name, blob, values)
    everything |= leaks("sauvegarde.tar.gz", saved.read_bytes(), values)  # the whole file, gunzipped
    assert everything == set()

    # restored elsewhere, the raw files read back as they were, and re-importing the same
    # file is recognised as identical
    elsewhere = Store(tmp_path / "ailleurs")
    restore(elsewhere, saved)
    assert elsewhere.read_archive(plie.id) == ("plie_participants.csv", plie_csv())
    assert elsewhere.read_archive(ml.id) == ("mission_locale.xlsx", ml_xlsx())
    again = import_person_files(elsewhere)
    assert [r.id for r in again] == [plie.id, ml.id]
    assert len(elsewhere.catalog().imports) == 2


def test_a_backup_with_encrypted_archives_but_no_key_is_refused(tmp_path):
    store = Store(tmp_path / "store")
    commit_plie(store, plie_csv())
    saved = backup(store, tmp_path / "sauvegarde.tar.gz")
    stripped = tmp_path / "sans_cle.tar.gz"
    with tarfile.open(saved, "r:gz") as src, tarfile.open(stripped, "w:gz") as dst:
        for info in src.getmembers():
            if info.name != "archive.key":
                dst.addfile(info, src.extractfile(info) if info.isfile() else None)
    before = store.catalog_path.read_bytes()
    with pytest.raises(StoreError, match="archive.key"):
        restore(store, stripped)
    assert store.catalog_path.read_bytes() == before


def test_a_backup_of_an_older_version_is_encrypted_once_restored(tmp_path, monkeypatch):
    old, recs, raws = old_version_store(tmp_path / "old", monkeypatch)
    legacy = tmp_path / "ancienne.tar.gz"  # as the older version wrote it: clear raw files
    with tarfile.open(legacy, "w:gz") as tar:
        for name in ("imports", "archive", "catalog.json"):
            tar.add(old.data_dir / name, arcname=name)
    store = Store(tmp_path / "store")
    commit(store, events(2))
    restore(store, legacy)
    assert [store.read_archive(r.id)[1] for r in recs] == [raws[r.id] for r in recs]
    for path in store.archive_dir.iterdir():
        assert path.name.endswith(".enc") and b"Quenouille" not in path.read_bytes()


def test_the_state_a_restore_kept_aside_is_purged_too(tmp_path):
    from data import audit
    from tests.data.test_archive import backdate

    store = Store(tmp_path / "store")
    commit(store, events(2))
    saved = backup(store, tmp_path / "avant.tar.gz")
    person = commit_plie(store, plie_csv())
    aside = restore(store, saved)  # the import above now lives in the folder kept aside
    kept = Store(aside)
    assert (aside / person.archive_path).exists()
    backdate(kept, person.id, days=100)
    store.maintain()
    assert kept.catalog().get(person.id).archive_purged_at
    assert not (aside / person.archive_path).exists()
    purge = [e for e in audit.entries(store.data_dir) if e["action"] == "purge_archives"]
    assert [(e["folder"], e["imports"]) for e in purge] == [(aside.name, [person.id])]
