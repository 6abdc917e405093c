"""Backup and restore give back the same figures; a damaged backup changes nothing."""

import pytest

from data.backup import backup, restore
from data.store import Store, StoreError
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
    import tarfile
    foreign = tmp_path / "foreign.tar.gz"
    (tmp_path / "notes.txt").write_text("x")
    with tarfile.open(foreign, "w:gz") as tar:
        tar.add(tmp_path / "notes.txt", arcname="notes.txt")
    with pytest.raises(StoreError, match="catalogue"):
        restore(store, foreign)
    assert store.catalog_path.read_bytes() == before and count(store) == 3
