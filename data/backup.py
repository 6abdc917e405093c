"""Backup and restore of the store (imports, archive, catalogue, accounts, mappings, audit, secret).

A backup is a tar.gz taken under the catalogue lock, so it is consistent with one
catalogue version. A restore checks the archive first (catalogue readable, every file it
names present), then moves the current store aside into `before-restore-<time>/` (nothing
is deleted) and puts the backup in place, catalogue last.
"""

import datetime as dt
import io
import shutil
import tarfile
import tempfile
from pathlib import Path

from data import audit
from data.catalog import read_catalog
from data.store import Store, StoreError

ENTRIES = ["imports", "archive", "catalog.json", "users.json", "mappings.json", "audit.jsonl",
           "secret.key"]


def backup(store: Store, out: Path, user: str = "cli") -> Path:
    store.ensure()
    from data.catalog import locked

    with locked(store.lock_path):
        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode="w:gz") as tar:
            for name in ENTRIES:
                path = store.data_dir / name
                if path.exists():
                    tar.add(path, arcname=name, filter=_skip_tmp)
    out.write_bytes(buf.getvalue())
    audit.record("sauvegarde", user, store.data_dir, file=out.name)
    return out


def _skip_tmp(info: tarfile.TarInfo) -> tarfile.TarInfo | None:
    return None if "/.tmp-" in f"/{info.name}" else info


def restore(store: Store, archive: Path, user: str = "cli") -> Path:
    """Put a backup in place; returns the folder where the previous store was moved."""
    store.ensure()
    from data.catalog import locked

    with tempfile.TemporaryDirectory(dir=store.data_dir) as tmp:
        staging = Path(tmp)
        try:
            with tarfile.open(archive, mode="r:gz") as tar:
                tar.extractall(staging, filter="data")
        except (tarfile.TarError, OSError, EOFError) as e:
            raise StoreError(f"Sauvegarde illisible : {archive.name} ({e}).") from e
        cat = read_catalog(staging / "catalog.json")
        if not (staging / "catalog.json").exists():
            raise StoreError("Cette archive ne contient pas de catalogue : ce n'est pas une sauvegarde.")
        missing = [rel for r in cat.imports if r.status == "active" for rel in r.tables.values()
                   if not (staging / rel).is_file()]
        if missing:
            raise StoreError(f"Sauvegarde incomplète : {len(missing)} fichier(s) manquant(s).")
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        aside = store.data_dir / f"before-restore-{stamp}"
        with locked(store.lock_path):
            aside.mkdir()
            # the audit log is append-only: it is kept, never rewound to the backup's
            for name in ENTRIES:
                if name != "audit.jsonl" and (store.data_dir / name).exists():
                    shutil.move(str(store.data_dir / name), aside / name)
            for name in ENTRIES:
                if name not in ("catalog.json", "audit.jsonl") and (staging / name).exists():
                    shutil.move(str(staging / name), store.data_dir / name)
            shutil.move(str(staging / "catalog.json"), store.data_dir / "catalog.json")
    store.ensure()
    audit.record("restauration", user, store.data_dir, file=archive.name, previous=aside.name)
    return aside
