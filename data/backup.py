"""Backup and restore of the store (imports, archive, catalogue, accounts, mappings, audit,
secret and archive keys, defined territories, imported boundaries).

A backup is a tar.gz taken under the catalogue lock, so it is consistent with one
catalogue version. It holds no personal data in clear: the Parquet files hold pseudonyms,
and the archived raw files are encrypted (clear ones an older version left are encrypted,
and archives past their retention purged, just before the backup is taken; a clear file
in archive/ would be left out). A restore checks the archive first (catalogue readable,
every file it names present, the archive key there if archives are encrypted), then moves
the current store aside into `before-restore-<time>/` (nothing is deleted) and puts the
backup in place, catalogue last; clear archives of a backup made by an older version are
then encrypted.
"""

import datetime as dt
import io
import shutil
import tarfile
import tempfile
from pathlib import Path

from data import archive, audit
from data.catalog import read_catalog
from data.store import Store, StoreError

ENTRIES = ["imports", "archive", "catalog.json", "users.json", "mappings.json", "audit.jsonl",
           "secret.key", archive.KEY_FILE,
           # the territories managers defined and the boundaries they imported
           "territories.json", "geo"]


def backup(store: Store, out: Path, user: str = "cli") -> Path:
    store.ensure()
    from data.catalog import locked

    store.maintain(user=user)  # no clear archive, none past its retention, in the backup

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
    if "/.tmp-" in f"/{info.name}":
        return None
    # only encrypted raw files (maintain() just encrypted the others)
    if info.isfile() and info.name.startswith("archive/") and not info.name.endswith(archive.SUFFIX):
        return None
    return info


def restore(store: Store, archive_file: Path, user: str = "cli") -> Path:
    """Put a backup in place; returns the folder where the previous store was moved."""
    store.ensure()
    from data.catalog import locked

    with tempfile.TemporaryDirectory(dir=store.data_dir) as tmp:
        staging = Path(tmp)
        try:
            with tarfile.open(archive_file, mode="r:gz") as tar:
                tar.extractall(staging, filter="data")
        except (tarfile.TarError, OSError, EOFError) as e:
            raise StoreError(f"Sauvegarde illisible : {archive_file.name} ({e}).") from e
        cat = read_catalog(staging / "catalog.json")
        if not (staging / "catalog.json").exists():
            raise StoreError("Cette archive ne contient pas de catalogue : ce n'est pas une sauvegarde.")
        missing = [rel for r in cat.imports if r.status == "active" for rel in r.tables.values()
                   if not (staging / rel).is_file()]
        if missing:
            raise StoreError(f"Sauvegarde incomplète : {len(missing)} fichier(s) manquant(s).")
        if not (staging / archive.KEY_FILE).is_file() and any(
                r.archive_path.endswith(archive.SUFFIX) and not r.archive_purged_at
                for r in cat.imports):
            raise StoreError(f"Sauvegarde incomplète : la clé des fichiers bruts archivés "
                             f"({archive.KEY_FILE}) manque.")
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
    audit.record("restauration", user, store.data_dir, file=archive_file.name, previous=aside.name)
    # a backup of an older version may hold clear archives: encrypted now (or, should
    # that fail, at the next maintenance; the restore itself is done)
    store.maintain_if_due(user=user, force=True)
    return aside
