"""The store: immutable Parquet files per import, a catalogue, and read connections.

Promises (tested in tests/data/test_store.py):
- a reader never sees half an import: Parquet files are complete before the catalogue
  names them, and the catalogue is replaced atomically;
- an import can run from the CLI while the app serves: there is no database file to
  lock, the app queries an in-memory DuckDB whose views read the active Parquet files;
- any import can be rolled back: rollback only flips statuses in the catalogue;
- a crash at any moment loses nothing already committed: committed files are never
  rewritten, and an interrupted import leaves at most an orphan folder that no
  catalogue entry names.
"""

import datetime as dt
import hashlib
import hmac
import os
import re
import secrets
import shutil
import threading
from pathlib import Path

import duckdb
import pandas as pd

import settings
from data import audit, reference
from data.catalog import Catalog, ImportRecord, fsync_dir, locked, read_catalog, write_atomically
from data.schema import TABLES, empty_select


class StoreError(Exception):
    """A store operation refused, with a message in French for the user."""


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).astimezone().isoformat(timespec="seconds")


class Store:
    def __init__(self, data_dir: Path | str | None = None):
        self.data_dir = Path(data_dir or settings.data_dir())
        self.imports_dir = self.data_dir / "imports"
        self.archive_dir = self.data_dir / "archive"
        self.catalog_path = self.data_dir / "catalog.json"
        self.lock_path = self.data_dir / "catalog.lock"
        self._con: duckdb.DuckDBPyConnection | None = None
        self._con_stamp: tuple | None = None
        self._con_lock = threading.Lock()

    # -- setup -----------------------------------------------------------------
    def ensure(self) -> None:
        for d in (self.data_dir, self.imports_dir, self.archive_dir):
            d.mkdir(parents=True, exist_ok=True)

    def secret_key(self) -> bytes:
        """Per-installation secret used to pseudonymise person identifiers."""
        self.ensure()
        path = self.data_dir / "secret.key"
        if not path.exists():
            with locked(self.lock_path):
                if not path.exists():
                    write_atomically(path, secrets.token_hex(32).encode())
                    os.chmod(path, 0o600)
        return path.read_bytes().strip()

    def pseudonymise(self, values: pd.Series) -> pd.Series:
        key = self.secret_key()
        cache: dict[str, str] = {}

        def one(v):
            if v is None or (isinstance(v, float) and pd.isna(v)) or str(v).strip() == "":
                return None
            s = str(v).strip()
            if s not in cache:
                cache[s] = hmac.new(key, s.encode(), hashlib.sha256).hexdigest()[:20]
            return cache[s]

        return values.map(one)

    # -- catalogue -------------------------------------------------------------
    def catalog(self) -> Catalog:
        return read_catalog(self.catalog_path)

    def is_empty(self) -> bool:
        return not self.catalog().active()

    def _write_catalog(self, cat: Catalog) -> None:
        cat.version += 1
        write_atomically(self.catalog_path, cat.to_json().encode("utf-8"))

    # -- writing ---------------------------------------------------------------
    def commit_import(
        self,
        *,
        source: str,
        territory: str,
        period: str,
        frames: dict[str, pd.DataFrame],
        file_name: str,
        raw: bytes,
        user: str = "cli",
        rows_read: int = 0,
        rows_rejected: int = 0,
        dropped_invalid_rows: bool = False,
    ) -> ImportRecord:
        """Store one accepted import, all or nothing, and make it the active one."""
        self.ensure()
        unknown = set(frames) - set(TABLES)
        if unknown:
            raise StoreError(f"Tables inconnues : {', '.join(sorted(unknown))}")
        sha = hashlib.sha256(raw).hexdigest()
        with locked(self.lock_path):
            cat = self.catalog()
            same = [r for r in cat.active() if r.key == (source, territory, period)]
            if any(r.sha256 == sha for r in same):
                return next(r for r in same if r.sha256 == sha)
            import_id = cat.next_id(self.imports_dir)
            tmp_dir = self.imports_dir / f".tmp-{import_id}-{secrets.token_hex(4)}"
            tmp_dir.mkdir(parents=True)
            try:
                paths = {}
                for name, df in frames.items():
                    self._write_parquet(tmp_dir / f"{name}.parquet", TABLES[name], df,
                                        import_id, territory)
                    paths[name] = f"imports/{import_id}/{name}.parquet"
                fsync_dir(tmp_dir)
                changes = self._changes(cat, source, territory, tmp_dir, list(frames))
                final_dir = self.imports_dir / str(import_id)
                os.rename(tmp_dir, final_dir)
                fsync_dir(self.imports_dir)
                archive = self._archive(import_id, sha, file_name, raw)
            except BaseException:
                shutil.rmtree(tmp_dir, ignore_errors=True)
                raise
            record = ImportRecord(
                id=import_id,
                source=source,
                territory=territory,
                period=period,
                file_name=file_name,
                sha256=sha,
                user=user,
                created_at=now_iso(),
                tables=paths,
                rows_read=rows_read,
                rows_stored=int(sum(len(df) for df in frames.values())),
                rows_rejected=rows_rejected,
                dropped_invalid_rows=dropped_invalid_rows,
                archive_path=archive,
                replaces=[r.id for r in same],
                changes=changes,
            )
            for r in same:
                r.status = "replaced"
                r.replaced_by = import_id
            cat.imports.append(record)
            self._write_catalog(cat)
        audit.record("import", user, self.data_dir, import_id=import_id, source=source,
                     territory=territory, period=period, file=file_name, rows=record.rows_stored,
                     replaces=record.replaces, dropped_invalid_rows=record.dropped_invalid_rows)
        return record

    def _write_parquet(self, path: Path, table, df: pd.DataFrame, import_id: int,
                       territory: str) -> None:
        missing = set(table.columns) - set(df.columns)
        if missing:
            raise StoreError(f"Colonnes manquantes pour {table.name} : {', '.join(sorted(missing))}")
        con = duckdb.connect()
        try:
            con.register("frame", df[list(table.columns)])
            casts = ", ".join(f'cast("{c}" as {t}) as "{c}"' for c, t in table.columns.items())
            con.execute(
                f"copy (select {casts}, cast($id as varchar) as _import_id, "
                f"cast($seq as bigint) as _seq, cast($territory as varchar) as _territory "
                f"from frame) to '{path}' (format parquet, compression zstd)",
                {"id": str(import_id), "seq": import_id, "territory": territory},
            )
        finally:
            con.close()
        with open(path, "rb") as f:
            os.fsync(f.fileno())

    def _changes(self, cat: Catalog, source: str, territory: str, new_dir: Path,
                 tables: list[str]) -> dict:
        """Rows added and removed against the latest import of the same source and territory."""
        previous = [r for r in cat.imports if r.source == source and r.territory == territory
                    and r.status in ("active", "replaced")]
        if not previous:
            return {}
        prev = max(previous, key=lambda r: r.id)
        out: dict = {"compared_with": prev.id}
        con = duckdb.connect()
        try:
            for name in tables:
                cols = ", ".join(f'"{c}"' for c in TABLES[name].columns)
                new_sql = f"select {cols} from read_parquet('{new_dir / (name + '.parquet')}')"
                if name in prev.tables:
                    old_path = self.data_dir / prev.tables[name]
                    # a file written before a column was added reads it as NULL
                    have = {r[0] for r in con.execute(
                        f"describe select * from read_parquet('{old_path}')").fetchall()}
                    old_cols = ", ".join(f'"{c}"' if c in have else f'null as "{c}"'
                                         for c in TABLES[name].columns)
                    old_sql = f"select {old_cols} from read_parquet('{old_path}')"
                else:
                    old_sql = f"select {cols} from ({new_sql}) where false"
                before, after, added, removed = con.execute(
                    f"select (select count(*) from ({old_sql})), (select count(*) from ({new_sql})), "
                    f"(select count(*) from ({new_sql} except all {old_sql})), "
                    f"(select count(*) from ({old_sql} except all {new_sql}))").fetchone()
                out[name] = {"before": before, "after": after, "added": added, "removed": removed}
        finally:
            con.close()
        return out

    def _archive(self, import_id: int, sha: str, file_name: str, raw: bytes) -> str:
        safe = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(file_name).name)[-80:] or "fichier"
        rel = f"archive/{import_id:06d}-{sha[:12]}-{safe}"
        write_atomically(self.data_dir / rel, raw)
        return rel

    def rollback(self, import_id: int, user: str = "cli") -> ImportRecord:
        """Withdraw an import; the import it had replaced becomes active again."""
        with locked(self.lock_path):
            cat = self.catalog()
            rec = cat.get(import_id)
            if rec is None:
                raise StoreError(f"L'import n° {import_id} n'existe pas.")
            if rec.status != "active":
                raise StoreError(
                    f"L'import n° {import_id} n'est pas actif (statut : {rec.status}) : "
                    "seul un import actif peut être annulé."
                )
            rec.status = "rolled_back"
            rec.rolled_back_at = now_iso()
            rec.rolled_back_by = user
            for prev_id in rec.replaces:
                prev = cat.get(prev_id)
                if prev is not None and prev.status == "replaced":
                    prev.status = "active"
                    prev.replaced_by = None
            self._write_catalog(cat)
        audit.record("annulation_import", user, self.data_dir, import_id=import_id,
                     reactivated=[i for i in rec.replaces])
        return rec

    def purge_archive(self, months: int | None = None, now: dt.datetime | None = None,
                      user: str = "cli") -> list[int]:
        """Delete archived raw files older than the retention period (settings); the
        imported rows stay. Returns the import numbers whose raw file was removed."""
        months = settings.ARCHIVE_RETENTION_MONTHS if months is None else months
        now = now or dt.datetime.now(dt.UTC)
        limit = now - dt.timedelta(days=months * 365.25 / 12)
        purged = []
        with locked(self.lock_path):
            cat = self.catalog()
            for r in cat.imports:
                if r.archive_purged_at or not r.archive_path:
                    continue
                if dt.datetime.fromisoformat(r.created_at) < limit:
                    (self.data_dir / r.archive_path).unlink(missing_ok=True)
                    r.archive_purged_at = now.isoformat(timespec="seconds")
                    purged.append(r.id)
            if purged:
                self._write_catalog(cat)
        if purged:
            audit.record("purge_archives", user, self.data_dir, imports=purged, months=months)
        return purged

    # -- reading ---------------------------------------------------------------
    def _stamp(self) -> tuple:
        try:
            st = self.catalog_path.stat()
            return (st.st_ino, st.st_mtime_ns, st.st_size)
        except FileNotFoundError:
            return (0, 0, 0)

    def connection(self) -> duckdb.DuckDBPyConnection:
        """A cursor on an in-memory database whose views show the active imports.

        A new database is built whenever the catalogue changes; queries already running
        keep their own cursor on the previous one, so they finish on a consistent state.
        """
        with self._con_lock:
            stamp = self._stamp()
            if self._con is None or stamp != self._con_stamp:
                self._con = self._build(self.catalog())
                self._con_stamp = stamp
            return self._con.cursor()

    def _build(self, cat: Catalog) -> duckdb.DuckDBPyConnection:
        con = duckdb.connect(":memory:", config={"enable_external_access": True})
        for name, df in reference.tables().items():
            con.register(f"_ref_{name}", df)
            con.execute(f"create table {name} as select * from _ref_{name}")
            con.unregister(f"_ref_{name}")
        # Dated facts stored by date, so that DuckDB's min/max per row group skips the
        # other years of the big tables (national data: contacts 2-5× faster, +1 s load).
        # Job seekers are not sorted: 22 million rows a year cost more to sort (+3 s, +2 GB
        # peak) than their queries, already limited to a month or a territory, would gain.
        order = {"ml_contacts": "contact_date", "financial_aid": "payment_date",
                 "ml_situations": "start_date", "clause_hours": "month"}
        for name, table in TABLES.items():
            files = [
                str(self.data_dir / r.tables[name]) for r in cat.active() if name in r.tables
            ]
            if files:
                file_list = ", ".join("'" + f.replace("'", "''") + "'" for f in files)
                sort = f" order by {order[name]}" if name in order else ""
                con.execute(
                    f"create table {name} as select * from read_parquet([{file_list}], "
                    f"union_by_name = true) qualify _seq = max(_seq) over "
                    f"(partition by {table.replace_by}){sort}"
                )
            else:
                con.execute(f"create table {name} as {empty_select(table)}")
        # Nothing a query does needs the file system once the tables are loaded.
        con.execute("set enable_external_access = false")
        con.execute("set lock_configuration = true")
        return con
