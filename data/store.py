"""The store: immutable Parquet files per import, a catalogue, and read connections.

Promises (tested in tests/data/test_store.py):
- a reader never sees half an import: Parquet files are complete before the catalogue
  names them, and the catalogue is replaced atomically;
- an import can run from the CLI while the app serves: there is no database file to
  lock, the app queries an in-memory DuckDB whose views read the active Parquet files;
- any import can be rolled back: rollback only flips statuses in the catalogue;
- a crash at any moment loses nothing already committed: committed files are never
  rewritten, and an interrupted import leaves at most an orphan folder that no
  catalogue entry names;
- raw files are archived encrypted (data/archive.py) and purged after their retention
  period (shorter for person-level exports), automatically; clear archives left by an
  older version are encrypted at the first maintenance.
"""

import datetime as dt
import hashlib
import hmac
import logging
import os
import re
import secrets
import shutil
import tempfile
import threading
import time
import weakref
from pathlib import Path

import duckdb
import pandas as pd

import settings
from data import archive, audit, reference
from data.catalog import (
    DEMO_USER,
    STATUS_WORDS,
    Catalog,
    ImportRecord,
    fsync_dir,
    locked,
    read_catalog,
    write_atomically,
)
from data.schema import TABLES, empty_select

log = logging.getLogger(__name__)

# While the app serves, the archive maintenance (encryption of clear files, purge) runs
# again when a connection is asked for and this many seconds have passed.
MAINTENANCE_INTERVAL_S = 3600

# The version each cursor of `Store.connection()` reads: a token drawn when the version is
# built, never reused (another store, a rebuild). A version's tables never change once it
# serves, so a query's result is the same for every cursor of a version: the query layer
# shares them (queries/runner.py: `run_once`).
_VERSION_OF: "weakref.WeakKeyDictionary[duckdb.DuckDBPyConnection, str]" = weakref.WeakKeyDictionary()


def version_token(con: duckdb.DuckDBPyConnection) -> str | None:
    """The token of the store version `con` reads, None for a cursor no store gave."""
    return _VERSION_OF.get(con)


class StoreError(Exception):
    """A store operation refused, with a message in French for the user."""


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).astimezone().isoformat(timespec="seconds")


def holds_persons(tables) -> bool:
    """True when one of these tables has one row per person (a pseudonymised key)."""
    return any(TABLES[t].personal for t in tables if t in TABLES)


def _months_ago(now: dt.datetime, months: int) -> dt.datetime:
    return now - dt.timedelta(days=months * 365.25 / 12)


class Store:
    def __init__(self, data_dir: Path | str | None = None):
        self.data_dir = Path(data_dir or settings.data_dir())
        self.imports_dir = self.data_dir / "imports"
        self.archive_dir = self.data_dir / "archive"
        self.catalog_path = self.data_dir / "catalog.json"
        self.lock_path = self.data_dir / "catalog.lock"
        self._db: duckdb.DuckDBPyConnection | None = None  # the versions' DuckDB instance
        self._versions: dict[int, dict] = {}  # n → {"tables": …, "cursors": WeakSet}
        self._current = 0
        self._physical: set[str] = set()  # the loaded tables, in schema main
        # the job-seeker sums of the last build: {"files": (path, …), "tables": {sum:
        # physical table}}, to which the next build may add new months (`derive`)
        self._con_stamp: tuple | None = None
        self._con_lock = threading.Lock()
        self._maintenance_lock = threading.Lock()
        self._maintained_at: float | None = None
        self._audit_dir = self.data_dir  # archive maintenance of a kept-aside state logs here
        # called (without argument) each time a new version is built, before its first
        # cursor is handed out: the app starts preparing the version then (ui/state.py,
        # queries/prepare.py). It must not wait for a cursor: the build holds the lock
        # `connection()` takes.
        self.on_new_version = None

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

    def archive_key(self) -> bytes:
        """Per-installation key of the archived raw files (data/archive.py), created on first use."""
        self.ensure()
        if not (self.data_dir / archive.KEY_FILE).exists():
            with locked(self.lock_path):
                return self._archive_key_locked()
        return archive.read_key(self.data_dir / archive.KEY_FILE)

    def _archive_key_locked(self) -> bytes:
        """The archive key; the caller holds the catalogue lock (flock is not re-entrant)."""
        path = self.data_dir / archive.KEY_FILE
        if not path.exists():
            write_atomically(path, archive.new_key_text())
            os.chmod(path, 0o600)
        return archive.read_key(path)

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
        covers: str | None = None,
        person_level: bool | None = None,
    ) -> ImportRecord:
        """Store one accepted import, all or nothing, and make it the active one.

        `person_level` says whether the rows describe persons (the source profile's
        `individual`); by default, whether one of the tables has a pseudonymised person key.
        The archived raw file is encrypted; archives past their retention are purged.
        """
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
            same, same_source = _candidates(cat, source, territory, period, list(frames))
            import_id = cat.next_id(self.imports_dir)
            tmp_dir = self.imports_dir / f".tmp-{import_id}-{secrets.token_hex(4)}"
            tmp_dir.mkdir(parents=True)
            try:
                paths = {}
                for name, df in frames.items():
                    self._write_parquet(tmp_dir / f"{name}.parquet", TABLES[name], df,
                                        import_id, territory)
                    paths[name] = f"imports/{import_id}/{name}.parquet"
                coverage = {r.id: self._coverage(r, tmp_dir, list(frames)) for r in same_source}
                replaced_rows = [d for r in same_source if coverage[r.id][1]
                                 or (r in same and coverage[r.id][0])
                                 for d in self._replaced_rows(r, tmp_dir, list(frames))]
                carried, carried_people, not_carried = self._carry_over(
                    [r for r in same if coverage[r.id][0]], frames, tmp_dir, import_id)
                paths.update({name: f"imports/{import_id}/{name}.parquet" for name in carried})
                fsync_dir(tmp_dir)
                changes = self._changes(cat, source, territory, tmp_dir, list(frames))
                final_dir = self.imports_dir / str(import_id)
                os.rename(tmp_dir, final_dir)
                fsync_dir(self.imports_dir)
                archived = self._archive(import_id, sha, file_name, raw)
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
                carried=carried,
                carried_people=carried_people,
                not_carried=not_carried,
                rows_rejected=rows_rejected,
                dropped_invalid_rows=dropped_invalid_rows,
                archive_path=archived,
                # an import of the same key is replaced only if this one covers all of it
                replaces=[r.id for r in same if coverage[r.id][0]],
                overrides=[r.id for r in same_source
                           if coverage[r.id][1] and not (r in same and coverage[r.id][0])],
                changes=changes,
                replaced_rows=replaced_rows,
                person_level=holds_persons(frames) if person_level is None else bool(person_level),
                covers=covers,
            )
            for r in same:
                if coverage[r.id][0]:
                    r.status = "replaced"
                    r.replaced_by = import_id
            cat.imports.append(record)
            self._write_catalog(cat)
        audit.record("import", user, self.data_dir, import_id=import_id, source=source,
                     territory=territory, period=period, file=file_name, rows=record.rows_stored,
                     replaces=record.replaces, dropped_invalid_rows=record.dropped_invalid_rows)
        try:
            self.purge_archive(user=user, reason="import")
        except Exception:  # the import is committed; the next maintenance purges again
            log.exception("Archive purge after import %s failed", import_id)
        return record

    def replacement_preview(self, *, source: str, territory: str, period: str,
                            frames: dict[str, pd.DataFrame]
                            ) -> tuple[list[int], list[int], list[dict]]:
        """(replaces, overrides, replaced_rows) that `commit_import` would record for these
        frames now: the imports it would replace whole, those whose values it would replace
        for the units it holds (`replace_by`), and what it would replace of each, counted
        (`_replaced_rows`). Nothing is stored (the frames are written to a temporary
        folder, as the commit writes them, to compare their units)."""
        cat = self.catalog()
        same, same_source = _candidates(cat, source, territory, period, list(frames))
        if not same_source:
            return [], [], []
        with tempfile.TemporaryDirectory(prefix="apercu-") as tmp:
            for name, df in frames.items():
                self._write_parquet(Path(tmp) / f"{name}.parquet", TABLES[name], df, 0,
                                    territory, sync=False)
            coverage = {r.id: self._coverage(r, Path(tmp), list(frames)) for r in same_source}
            replaced_rows = [d for r in same_source if coverage[r.id][1]
                             or (r in same and coverage[r.id][0])
                             for d in self._replaced_rows(r, Path(tmp), list(frames))]
        return ([r.id for r in same if coverage[r.id][0]],
                [r.id for r in same_source
                 if coverage[r.id][1] and not (r in same and coverage[r.id][0])],
                replaced_rows)

    def _replaced_rows(self, prev: ImportRecord, new_dir: Path, tables: list[str]) -> list[dict]:
        """What the new import, written in `new_dir`, replaces of `prev`, per table with a
        `period` (data/schema.py), counted so that the import can say it in the table's own
        unit: the rows of `prev` in the units of replacement both hold (`rows`, and the sum
        of the table's `measure`: `amount`), their periods, the new rows in those units
        (`new_rows`, `new_amount`), and the rows of `prev` outside them, which stay
        (`kept_rows`, `kept_periods`); `communes`: the communes the new rows in those units
        describe, for a unit of replacement by commune (job seekers). An events sheet is
        replaced per territory and year: one event of 2025 replaces every event of 2025,
        of every commune — this is what lets the import say so."""
        out = []
        con = duckdb.connect()
        try:
            for name in tables:
                table = TABLES[name]
                if name not in prev.tables or not table.period:
                    continue
                keys = [k.strip() for k in table.replace_by.split(",")]
                by_commune = "code_insee" in keys
                cols = ", ".join(f"{k} as _k{i}" for i, k in enumerate(keys))
                extra = (f", cast({table.period} as varchar) as _p, "
                         f"{f'cast({table.measure} as double)' if table.measure else 'null'} as _m, "
                         f"{'code_insee' if by_commune else 'null'} as _c")
                old_path = str(self.data_dir / prev.tables[name]).replace("'", "''")
                new_path = str(new_dir / f"{name}.parquet").replace("'", "''")
                ks = ", ".join(f"_k{i}" for i in range(len(keys)))

                match = " and ".join(f"c._k{i} is not distinct from {{a}}._k{i}"
                                     for i in range(len(keys)))

                def held(alias: str, match: str = match) -> str:
                    return f"exists (select 1 from c where {match.format(a=alias)})"

                con.execute(
                    f"create or replace temp view o as select {cols}{extra} "
                    f"from read_parquet('{old_path}')")
                con.execute(
                    f"create or replace temp view n as select {cols}{extra} "
                    f"from read_parquet('{new_path}')")
                con.execute(f"create or replace temp view c as "
                            f"select {ks} from o intersect select {ks} from n")
                rows, amount, periods = con.execute(
                    f"select count(*), sum(_m), list(distinct _p order by _p) from o "
                    f"where {held('o')}").fetchone()
                if not rows:
                    continue
                new_rows, new_amount, communes = con.execute(
                    f"select count(*), sum(_m), count(distinct _c) from n "
                    f"where {held('n')}").fetchone()
                kept_rows, kept_periods = con.execute(
                    f"select count(*), list(distinct _p order by _p) from o "
                    f"where not {held('o')}").fetchone()
                out.append({
                    "import": prev.id, "table": name, "rows": int(rows),
                    "periods": [p for p in periods if p is not None],
                    "new_rows": int(new_rows),
                    "kept_rows": int(kept_rows),
                    "kept_periods": [p for p in kept_periods or [] if p is not None],
                    "communes": int(communes) if by_commune else None,
                    "amount": None if amount is None else round(float(amount), 2),
                    "new_amount": None if new_amount is None else round(float(new_amount), 2),
                })
        finally:
            con.close()
        return out

    def _carry_over(self, replaced: list[ImportRecord], frames: dict, new_dir: Path,
                    import_id: int) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
        """The person tables of the extractions `replaced` that the new one does not hold
        (a tool that exports one CSV per table, a file without its contacts sheet), copied
        into `new_dir` as the new import's rows: ({table: rows}, {table: rows of people the
        new extraction holds}, {table: rows not kept}). A new extraction replaces the
        previous one whole (its sheets describe the same people), but what it does not
        bring is kept, never dropped without a word; rows of people it no longer holds join
        nobody, and are counted apart so that the import says so. A table none of whose
        rows is of the new extraction's people is not kept (its figures read « non
        disponible », not 0): it stays with the replaced import, and the import says so."""
        carried: dict[str, int] = {}
        matched: dict[str, int] = {}
        left: dict[str, int] = {}
        people = next((frames[t]["person_key"] for t in PEOPLE_TABLES
                       if t in frames and "person_key" in frames[t]), None)
        for name in carried_tables(replaced, list(frames)):
            files = [str(self.data_dir / r.tables[name]) for r in replaced if name in r.tables]
            path = str(new_dir / f"{name}.parquet").replace("'", "''")
            con = duckdb.connect()
            try:
                con.execute(
                    f"copy (select * replace (cast($id as varchar) as _import_id, "
                    f"cast($seq as bigint) as _seq) from read_parquet({parquet_list(files)}, "
                    f"union_by_name = true)) to '{path}' (format parquet, compression zstd)",
                    {"id": str(import_id), "seq": import_id})
                carried[name] = con.execute(
                    f"select count(*) from read_parquet('{path}')").fetchall()[0][0]
                if people is not None and name not in PEOPLE_TABLES:
                    con.register("_people", pd.DataFrame({"person_key": people.dropna()
                                                                      .astype(str).unique()}))
                    matched[name] = con.execute(
                        f"select count(*) from read_parquet('{path}') "
                        "where person_key in (select person_key from _people)").fetchall()[0][0]
            finally:
                con.close()
            if matched.get(name, 1) == 0:  # none of the new extraction's people
                left[name] = carried.pop(name)
                del matched[name]
                os.unlink(new_dir / f"{name}.parquet")
                continue
            with open(new_dir / f"{name}.parquet", "rb") as f:
                os.fsync(f.fileno())
        return carried, matched, left

    def _write_parquet(self, path: Path, table, df: pd.DataFrame, import_id: int,
                       territory: str, sync: bool = True) -> None:
        missing = set(table.columns) - set(df.columns)
        if missing & set(table.optional):
            df = df.assign(**{c: None for c in missing & set(table.optional)})
            missing -= set(table.optional)
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
        if sync:
            with open(path, "rb") as f:
                os.fsync(f.fileno())

    def _coverage(self, prev: ImportRecord, new_dir: Path, tables: list[str]) -> tuple[bool, bool]:
        """(covered, overlapping): whether the new import, written in `new_dir`, holds every
        unit of replacement of `prev` (`replace_by`: commune × month for job seekers, the
        territory's extraction for PLIE…), and whether it holds at least one of them.
        A re-import that covers only some communes or months leaves the rest of `prev` in
        place."""
        covered, overlapping = True, False
        # an extraction of tracking software (tables replaced per territory) is one whole:
        # its sheets describe the same people, so a new extraction replaces all of them
        # (the tables it does not hold are carried over to it: `_carry_over`)
        extraction = any(TABLES[t].replace_by == "_territory" for t in tables)
        con = duckdb.connect()
        try:
            for name, rel in prev.tables.items():
                if name not in tables:
                    if not (extraction and of_extraction(name)):
                        covered = False
                    continue
                unit = TABLES[name].replace_by
                old_path = str(self.data_dir / rel).replace("'", "''")
                new_path = str(new_dir / f"{name}.parquet").replace("'", "''")
                old = f"select distinct {unit} from read_parquet('{old_path}')"
                new = f"select distinct {unit} from read_parquet('{new_path}')"
                left, common = con.execute(
                    f"select (select count(*) from ({old} except {new})), "
                    f"(select count(*) from ({old} intersect {new}))").fetchone()
                covered &= left == 0
                overlapping |= common > 0
        finally:
            con.close()
        return covered, overlapping

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
        """Write the raw file, encrypted, into archive/; the caller holds the lock."""
        safe = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(file_name).name)[-80:] or "fichier"
        rel = f"archive/{import_id:06d}-{sha[:12]}-{safe}{archive.SUFFIX}"
        write_atomically(self.data_dir / rel, archive.encrypt(self._archive_key_locked(), raw))
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
                    f"L'import n° {import_id} n'est pas actif (statut : "
                    f"{STATUS_WORDS.get(rec.status, rec.status)}) : "
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

    def withdraw_demo(self, user: str = "cli") -> list[int]:
        """Withdraw every demonstration import, active or replaced (a replaced one would
        come back with a rollback of the real import that replaced it), in one catalogue
        write; the real imports stay as they are. Returns the imports withdrawn."""
        with locked(self.lock_path):
            cat = self.catalog()
            withdrawn = []
            for rec in cat.imports:
                if rec.user == DEMO_USER and rec.status in ("active", "replaced"):
                    rec.status = "rolled_back"
                    rec.rolled_back_at = now_iso()
                    rec.rolled_back_by = user
                    withdrawn.append(rec.id)
            if withdrawn:
                self._write_catalog(cat)
        if withdrawn:
            audit.record("retrait_demonstration", user, self.data_dir, imports=withdrawn)
        return withdrawn

    # -- archived raw files ------------------------------------------------------
    def is_person_level(self, rec: ImportRecord) -> bool:
        """Whether the import's raw file describes persons (shorter retention)."""
        return holds_persons(rec.tables) if rec.person_level is None else rec.person_level

    def archive_retention_months(self, rec: ImportRecord, months: int | None = None,
                                 person_months: int | None = None) -> int:
        if self.is_person_level(rec):
            return settings.PERSON_ARCHIVE_RETENTION_MONTHS if person_months is None else person_months
        return settings.ARCHIVE_RETENTION_MONTHS if months is None else months

    def archive_expires_at(self, rec: ImportRecord) -> dt.datetime:
        """When the raw file of `rec` is purged, with the retention settings."""
        months = self.archive_retention_months(rec)
        return dt.datetime.fromisoformat(rec.created_at) + dt.timedelta(days=months * 365.25 / 12)

    def read_archive(self, import_id: int, user: str = "cli") -> tuple[str, bytes]:
        """The raw file of an import, decrypted: (original file name, bytes). Audited."""
        rec = self.catalog().get(import_id)
        if rec is None:
            raise StoreError(f"L'import n° {import_id} n'existe pas.")
        if rec.archive_purged_at:
            raise StoreError(
                f"Le fichier brut de l'import n° {import_id} a été supprimé le "
                f"{rec.archive_purged_at[:10]} (durée de conservation écoulée).")
        path = self.data_dir / rec.archive_path if rec.archive_path else None
        if path is None or not path.is_file():
            raise StoreError(f"Le fichier brut de l'import n° {import_id} n'est pas archivé.")
        blob = path.read_bytes()
        if archive.is_encrypted(blob):
            key_path = self.data_dir / archive.KEY_FILE
            if not key_path.is_file():
                raise StoreError(f"Le fichier brut de l'import n° {import_id} ne peut pas être "
                                 f"déchiffré : la clé {archive.KEY_FILE} manque.")
            try:
                blob = archive.decrypt(archive.read_key(key_path), blob)
            except archive.ArchiveCryptoError as e:
                raise StoreError(f"Le fichier brut de l'import n° {import_id} ne peut pas être "
                                 f"déchiffré ({e}).") from e
        if hashlib.sha256(blob).hexdigest() != rec.sha256:
            raise StoreError(f"Le fichier brut de l'import n° {import_id} est abîmé "
                             "(empreinte différente de celle de l'import).")
        audit.record("lecture_archive", user, self.data_dir, import_id=import_id,
                     file=rec.file_name, source=rec.source)
        return rec.file_name, blob

    def secure_archives(self, user: str = "systeme") -> dict[str, list]:
        """Encrypt the clear archives an older version left, and delete every file of
        archive/ that no catalogue entry names (a stale temporary file, the raw file of an
        interrupted import, the clear copy of a file already encrypted).

        Crash-safe: the encrypted copy is complete before the catalogue names it, and the
        clear file is deleted only once the catalogue no longer names it.
        Returns {"encrypted": [import ids], "removed": [names of the unnamed files deleted]}.
        """
        self.ensure()
        encrypted: list[int] = []
        replaced: set[str] = set()  # clear files now encrypted beside them
        removed: list[str] = []  # files no catalogue entry names
        with locked(self.lock_path):
            cat = self.catalog()
            for r in cat.imports:
                if r.archive_purged_at or not r.archive_path or r.archive_path.endswith(archive.SUFFIX):
                    continue
                clear_path = self.data_dir / r.archive_path
                if not clear_path.is_file():
                    continue
                blob = clear_path.read_bytes()
                if not archive.is_encrypted(blob):
                    blob = archive.encrypt(self._archive_key_locked(), blob)
                write_atomically(self.data_dir / (r.archive_path + archive.SUFFIX), blob)
                replaced.add(clear_path.name)
                r.archive_path += archive.SUFFIX
                encrypted.append(r.id)
            if encrypted:
                self._write_catalog(cat)
            named = {Path(r.archive_path).name for r in cat.imports
                     if r.archive_path and not r.archive_purged_at}
            deleted = False
            for path in sorted(self.archive_dir.iterdir()):
                if path.name not in named and (path.is_file() or path.is_symlink()):
                    path.unlink()
                    deleted = True
                    if path.name not in replaced:
                        removed.append(path.name)
            if deleted:
                fsync_dir(self.archive_dir)
        if encrypted or removed:
            audit.record("chiffrement_archives", user, self._audit_dir, imports=encrypted,
                         removed_files=len(removed), **self._audit_folder())
        return {"encrypted": encrypted, "removed": removed}

    def purge_archive(self, months: int | None = None, now: dt.datetime | None = None,
                      user: str = "cli", person_months: int | None = None,
                      reason: str = "commande") -> list[int]:
        """Delete archived raw files older than their retention period: `person_months`
        for person-level imports, `months` for the others (settings by default); the
        imported rows stay. Returns the import numbers whose raw file was removed."""
        now = now or dt.datetime.now(dt.UTC)
        purged = []
        with locked(self.lock_path):
            cat = self.catalog()
            for r in cat.imports:
                if r.archive_purged_at or not r.archive_path:
                    continue
                limit = _months_ago(now, self.archive_retention_months(r, months, person_months))
                if dt.datetime.fromisoformat(r.created_at) < limit:
                    (self.data_dir / r.archive_path).unlink(missing_ok=True)
                    # a clear copy an older version left beside it goes too
                    if r.archive_path.endswith(archive.SUFFIX):
                        (self.data_dir / r.archive_path[:-len(archive.SUFFIX)]).unlink(missing_ok=True)
                    r.archive_purged_at = now.isoformat(timespec="seconds")
                    purged.append(r.id)
            if purged:
                fsync_dir(self.archive_dir)
                self._write_catalog(cat)
        if purged:
            audit.record(
                "purge_archives", user, self._audit_dir, **self._audit_folder(),
                imports=purged, reason=reason,
                months=settings.ARCHIVE_RETENTION_MONTHS if months is None else months,
                person_months=(settings.PERSON_ARCHIVE_RETENTION_MONTHS if person_months is None
                               else person_months))
        return purged

    def _audit_folder(self) -> dict:
        return {} if self._audit_dir == self.data_dir else {"folder": self.data_dir.name}

    def maintain(self, user: str = "systeme") -> dict[str, list]:
        """Archive maintenance: encrypt clear archives, then purge those past retention;
        the same for the states a restore kept aside (`before-restore-*`)."""
        done = self.secure_archives(user=user)
        done["purged"] = self.purge_archive(user=user, reason="automatique")
        for aside in sorted(self.data_dir.glob("before-restore-*")):
            if (aside / "catalog.json").is_file():
                kept = Store(aside)
                kept._audit_dir = self.data_dir  # one audit log: the installation's
                kept.secure_archives(user=user)
                kept.purge_archive(user=user, reason="automatique")
        self._maintained_at = time.monotonic()
        return done

    def maintain_if_due(self, user: str = "systeme", force: bool = False) -> None:
        """`maintain()` on first use of this store, then at most every MAINTENANCE_INTERVAL_S
        (or now, with `force`); a failure is logged, never raised (reading must not depend
        on it)."""
        last = self._maintained_at
        if not force and last is not None and time.monotonic() - last < MAINTENANCE_INTERVAL_S:
            return
        if not self._maintenance_lock.acquire(blocking=False):
            return  # another thread is at it
        try:
            self.maintain(user=user)
        except Exception:
            self._maintained_at = time.monotonic()  # retried at the next interval
            log.exception("Archive maintenance of %s failed", self.data_dir)
        finally:
            self._maintenance_lock.release()

    # -- reading ---------------------------------------------------------------
    def _stamp(self) -> tuple:
        from data import (
            layers,  # and the imported quarters
            territories,  # the reference tables hold the territories' communes
        )

        extra = (territories.stamp(), layers.stamp())
        try:
            st = self.catalog_path.stat()
            return (st.st_ino, st.st_mtime_ns, st.st_size, *extra)
        except FileNotFoundError:
            return (0, 0, 0, *extra)

    def connection(self) -> duckdb.DuckDBPyConnection:
        """A cursor on an in-memory database whose views show the active imports.

        A new version of the database is built whenever the catalogue changes; queries
        already running keep their own cursor on the previous one, so they finish on a
        consistent state. The archive maintenance runs first when it is due (so at app
        start).

        Versions share one DuckDB instance: each is a schema (`v<n>`, the cursor's
        `search_path`) of views onto tables named by their active files, so a table whose
        files did not change is not loaded twice (an import of job seekers reloads no
        person-level table). A version no cursor holds any more is dropped, with the
        tables no other version reads, when the next cursor is asked for.
        """
        self.maintain_if_due()
        with self._con_lock:
            stamp = self._stamp()
            if self._db is None or stamp != self._con_stamp:
                self._build(self.catalog())
                self._con_stamp = stamp
                if self.on_new_version is not None:
                    try:
                        self.on_new_version()
                    except Exception:  # a version serves without what the hook adds
                        log.exception("The new version's hook failed")
            self._collect()
            version = self._versions[self._current]
            cursor = self._db.cursor()
            cursor.execute(f"use v{self._current}")
            version["cursors"].add(cursor)
            _VERSION_OF[cursor] = version["token"]
            return cursor

    def _collect(self) -> None:
        """Drop the versions before the current one that no cursor holds, then the tables
        no remaining version reads."""
        for n in [n for n, v in self._versions.items() if n != self._current and not v["cursors"]]:
            self._db.execute(f"drop schema v{n} cascade")
            del self._versions[n]
        kept = set().union(*(v["tables"] for v in self._versions.values()))
        for name in sorted(self._physical - kept):
            self._db.execute(f'drop table main."{name}"')
            self._physical.discard(name)

    def _open(self) -> duckdb.DuckDBPyConnection:
        """The instance the versions share: it reads files under imports/ only (the builds
        and the views of cells), and its configuration is locked."""
        db = duckdb.connect(":memory:", config={"enable_external_access": True})
        db.execute("set allowed_directories = $dirs",
                   {"dirs": [os.path.abspath(self.imports_dir) + os.sep]})
        db.execute("set enable_external_access = false")
        db.execute("set lock_configuration = true")
        return db

    def _build(self, cat: Catalog) -> None:
        if self._db is None:
            self._db = self._open()
        n = self._current + 1
        tables: set[str] = set()
        con = self._db.cursor()
        con.execute(f"create schema v{n}")
        try:
            con.execute(f"use v{n}")
            self._fill(con, cat, tables)
        except BaseException:
            con.execute(f"drop schema if exists v{n} cascade")
            con.close()
            self._collect_tables(tables)
            raise
        con.close()
        self._versions[n] = {"tables": tables, "cursors": weakref.WeakSet(),
                             "token": secrets.token_hex(8)}
        self._current = n

    def _load_part(self, con: duckdb.DuckDBPyConnection, table, files: list[str],
                   sort: str | None) -> str:
        """The table of schema main that holds the active rows of `files` (one partition of
        `table`, `partitions`), loaded unless an earlier version has it: its name."""
        key = hashlib.sha256("\n".join([table.name, *files]).encode()).hexdigest()[:16]
        physical = f"{table.name}__{key}"
        if physical not in self._physical:
            order_by = f" order by {sort}" if files and sort else ""
            select = f"{active_rows(files, table)}{order_by}" if files else empty_select(table)
            con.execute(f'create table main."{physical}" as {select}')
            if files:
                _add_missing_columns(con, physical, table)
            self._physical.add(physical)
        return physical

    def _collect_tables(self, candidates: set[str]) -> None:
        kept = set().union(*(v["tables"] for v in self._versions.values()))
        for name in sorted(candidates - kept):
            self._db.execute(f'drop table if exists main."{name}"')
            self._physical.discard(name)

    def _fill(self, con: duckdb.DuckDBPyConnection, cat: Catalog, tables: set[str]) -> None:
        """Version `con`'s schema: the reference tables, a view per table onto the table of
        its active files (loaded unless an earlier version has it), and the sums."""
        for name, df in reference.tables().items():
            con.register(f"_ref_{name}", df)
            con.execute(f"create table {name} as select * from _ref_{name}")
            con.unregister(f"_ref_{name}")
        # Dated facts stored by date, so that DuckDB's min/max per row group skips the
        # other years of the big tables (national data: contacts 2-5× faster, +1 s load);
        # people by commune, read for a selection of communes (national data: PLIE
        # queries 10-18 % faster for MNO or the Nord).
        order = {"ml_contacts": "contact_date", "financial_aid": "payment_date",
                 "ml_situations": "start_date", "clause_hours": "month",
                 "plie_participants": "code_insee", "ml_young": "code_insee"}
        # Job-seeker cells are not loaded: the pages read their sums (`derive`), built
        # straight from the files; `job_seekers` is a view over the active files, for the
        # rare reader of cells (tests, diagnostics), never read by a page.
        files_of: dict[str, list[str]] = {}
        keys: dict[str, str] = {}
        for name, table in TABLES.items():
            records = [r for r in cat.active() if name in r.tables]
            files = [os.path.abspath(self.data_dir / r.tables[name]) for r in records]
            files_of[name] = files
            keys[name] = hashlib.sha256("\n".join([name, *files]).encode()).hexdigest()[:16]
            if name in CELL_VIEWS and files:
                con.execute(f"create view {name} as {active_rows(files, table)}")
                continue
            parts = []
            for part in partitions(table, records, files):
                parts.append(self._load_part(con, table, part, order.get(name)))
                tables.add(parts[-1])
            con.execute(f"create view {name} as {union_of(con, parts)}")
        # the territories' communes, as an input of the sums that depend on them
        keys["territory_communes"] = con.execute(
            "select md5(coalesce(string_agg(territory || ' ' || code_insee, ',' "
            "order by territory, code_insee), '')) from territory_communes").fetchone()[0][:16]
        try:
            derive(con, job_seeker_files=files_of["job_seekers"], keys=keys,
                   existing=self._physical, used=tables)
        finally:
            self._physical |= tables


def _candidates(cat: Catalog, source: str, territory: str, period: str,
                tables: list[str]) -> tuple[list[ImportRecord], list[ImportRecord]]:
    """(same, same_source): the active imports of the same key, which a new import replaces
    when it covers them, and every active import of the source, whose values it replaces
    where it overlaps them. An extraction of tracking software (tables replaced per
    territory) replaces the territory's previous extraction whatever period each has."""
    same = [r for r in cat.active() if r.key == (source, territory, period)]
    same_source = [r for r in cat.active() if r.source == source]
    if any(TABLES[t].replace_by == "_territory" for t in tables if t in TABLES):
        same = [r for r in same_source if r.territory == territory]
    return same, same_source


def of_extraction(name: str) -> bool:
    """Whether a table is part of a tracking software's extraction (people of a territory,
    replaced together by the next extraction of the territory)."""
    table = TABLES.get(name)
    return (table is not None and "person_key" in table.columns
            and table.replace_by.startswith("_territory"))


def carried_tables(replaced: list[ImportRecord], tables: list[str]) -> list[str]:
    """The extraction tables of the imports `replaced` that a new import holding `tables`
    does not bring: kept with it (`Store._carry_over`)."""
    return sorted(t for t in {t for r in replaced for t in r.tables} - set(tables)
                  if of_extraction(t))


def partitions(table, records: list[ImportRecord], files: list[str]) -> list[list[str]]:
    """The files of `table` grouped so that each group's active rows can be loaded apart.

    A table replaced per territory (`replace_by` starting with `_territory`: the PLIE and
    Mission Locale extractions, aid, events, clauses) is split by the territory its imports
    were declared for, into `PARTITIONS` groups at most (`partition_of`): each file's rows
    carry that `_territory`, so the newest import of a territory replaces rows of its group
    only, and a group's active rows are the table's rows of its territories. An extraction
    imported, replaced or rolled back then loads again its group's rows, not the whole table
    beside the previous version's (on the national set, 101 départements' Mission Locale
    extractions: 1 GiB of tables). A group per territory would leave a partly filled block
    per column and table (+320 MB for 101 territories). Other tables: one group."""
    if not files or not table.replace_by.startswith("_territory"):
        return [files]
    groups: dict[int, list[str]] = {}
    for r, f in zip(records, files, strict=True):
        groups.setdefault(partition_of(r.territory), []).append(f)
    return [groups[g] for g in sorted(groups)]


PARTITIONS = 8


def partition_of(territory: str) -> int:
    """The group of a territory's rows in the tables replaced per territory (stable across
    processes and versions, so that a version's unchanged groups are read from the tables
    an earlier one loaded)."""
    return int(hashlib.sha256(territory.encode("utf-8")).hexdigest(), 16) % PARTITIONS


def union_of(con: duckdb.DuckDBPyConnection, parts: list[str]) -> str:
    """A SELECT of the rows of the tables `parts` (of schema main): by position when they
    have the same columns in the same order, by name otherwise (a partition of files written
    before a column was added has it last, `_add_missing_columns`)."""
    if len(parts) == 1:
        return f'select * from main."{parts[0]}"'
    columns = {tuple(r[0] for r in con.execute(f'describe main."{p}"').fetchall()) for p in parts}
    glue = " union all " if len(columns) == 1 else " union all by name "
    return glue.join(f'select * from main."{p}"' for p in parts)


# Tables read from their files (a view) instead of being loaded: the pages read their sums.
CELL_VIEWS = ("job_seekers",)


def _add_missing_columns(con: duckdb.DuckDBPyConnection, physical: str, table) -> None:
    """The schema's columns that the files of `table` predate (a column added since, such
    as the events' « role »), added as NULL: the files stay as they were written."""
    have = {r[0] for r in con.execute(f'describe main."{physical}"').fetchall()}
    for column, kind in table.all_columns.items():
        if column not in have:
            con.execute(f'alter table main."{physical}" add column "{column}" {kind}')


def parquet_list(files: list[str]) -> str:
    return "[" + ", ".join("'" + f.replace("'", "''") + "'" for f in files) + "]"


def active_rows(files: list[str], table) -> str:
    """The rows of `files` that are active: for each unit of replacement (`replace_by`),
    those of the newest import (`_seq`) that has it."""
    return (f"select * from read_parquet({parquet_list(files)}, union_by_name = true) "
            f"qualify _seq = max(_seq) over (partition by {table.replace_by})")


# The modalities of `job_seekers_grains`: (column suffix, SQL condition on a cell).
JOB_SEEKER_MODALITIES = [
    ("cat_a", "category = 'A'"), ("cat_b", "category = 'B'"), ("cat_c", "category = 'C'"),
    ("sex_f", "sex = 'F'"), ("sex_h", "sex = 'H'"),
    ("age_moins_25", "age_band = 'moins_25'"), ("age_25_49", "age_band = '25_49'"),
    ("age_50_plus", "age_band = '50_plus'"),
    ("dur_moins_12m", "duration_band = 'moins_12m'"), ("dur_12_23m", "duration_band = '12_23m'"),
    ("dur_24m_plus", "duration_band = '24m_plus'"),
    ("dur_longue", "duration_band in ('12_23m', '24m_plus')"),
]


ML_TABLES = ("ml_young", "ml_contacts", "ml_programmes", "ml_situations")
PLIE_TABLES = ("plie_participants", "plie_steps")
# the table of an extraction that lists its people (the others hang on them)
PEOPLE_TABLES = ("plie_participants", "ml_young")



def grains_select(source: str, imports: str) -> str:
    """The select of `job_seekers_grains` (see `derive`) over the cells of `source`, whose
    imports' B-or-C flags are in `imports`."""
    modalities = ",\n".join(
        f"count(*) filter (where {cond}) as n_{name}, "
        f"sum(count) filter (where {cond}) as s_{name}"
        for name, cond in JOB_SEEKER_MODALITIES)
    return f"""
        with cells as (
            select
                j.month, j.code_insee, j.count,
                coalesce(i.has_bc, false) as detail_import,
                coalesce(j.category, 'ABC') as category,
                coalesce(j.sex, 'total') as sex,
                coalesce(j.age_band, 'total') as age_band,
                coalesce(j.duration_band, 'total') as duration_band
            from {source} as j
            left join {imports} as i
                on i._import_id is not distinct from j._import_id
            where coalesce(j.category, 'ABC') in ('A', 'B', 'C', 'ABC')
        )
        select
            month, code_insee,
            (case when category <> 'ABC' then 8 else 0 end)
            + (case when sex <> 'total' then 4 else 0 end)
            + (case when age_band <> 'total' then 2 else 0 end)
            + (case when duration_band <> 'total' then 1 else 0 end) as grain,
            count(*) as n_rows,
            sum(count) as s_all,
            count(*) filter (where count is null) as secret_cells,
            bool_or(category in ('B', 'C') or detail_import) as more_than_a,
            {modalities}
        from cells
        group by all"""


# The figures of `job_seekers_figures`: (name, grain bits it needs in detail, whether it
# counts categories A, B and C together, its value from the chosen grain's sums).
JOB_SEEKER_FIGURES = [
    ("de_abc", 0, True, "s_all"),
    ("de_a", 8, False, "case when n_cat_a = 0 then 0 else s_cat_a end"),
    ("de_abc_longue_duree", 1, True, "case when n_dur_longue = 0 then 0 else s_dur_longue end"),
    ("de_abc_moins_25", 2, True, "case when n_age_moins_25 = 0 then 0 else s_age_moins_25 end"),
    ("de_abc_25_49", 2, True, "case when n_age_25_49 = 0 then 0 else s_age_25_49 end"),
    ("de_abc_50plus", 2, True, "case when n_age_50_plus = 0 then 0 else s_age_50_plus end"),
    ("de_abc_femmes", 4, True, "case when n_sex_f = 0 then 0 else s_sex_f end"),
]
# The breakdown's dimensions: (dimension, grain bit, all categories, its modalities' columns).
JOB_SEEKER_DIMENSIONS = [
    ("category", 8, False, ["cat_a", "cat_b", "cat_c"]),
    ("sex", 4, True, ["sex_f", "sex_h"]),
    ("age_band", 2, True, ["age_moins_25", "age_25_49", "age_50_plus"]),
    ("duration_band", 1, True, ["dur_moins_12m", "dur_12_23m", "dur_24m_plus"]),
]


def figures_select(grains: str) -> str:
    """The select of `job_seekers_figures` (see `derive`) from the grains of `grains`.

    For each figure, commune and month, the grain whose rows answer it: the one that details
    what the figure needs with the fewest other dimensions to sum over. That is the published
    margin when the file has it (the ABC total for de_abc, ABC women for de_abc_femmes), the
    sum of the detail otherwise (A + B + C). A figure no grain of a commune answers (de_a when
    only ABC was imported, women when only both sexes) is not `_ok`: the queries give NULL,
    never a guess. Category detail counts all job seekers when it has more than category A,
    or when its import details B or C for other communes (a detail file that omits a small
    commune's empty B and C cells); an A-only file, or the Dares file's A rows published
    beside the ABC margin, are not A + B + C. The breakdown's modalities (`b_<modality>`)
    come from the grain chosen for their dimension: a modality without rows there is 0 (a
    file omits empty cells), but for categories only in a full A, B, C detail; a row whose
    count is secret stays unknown. `secret_cells`: the cells under secret behind de_abc."""
    wanted = [(f, needs, every) for f, needs, every, _ in JOB_SEEKER_FIGURES] + \
        [(d, bit, every) for d, bit, every, _ in JOB_SEEKER_DIMENSIONS]
    values = ", ".join(f"('{f}', {needs}, {str(every).lower()})" for f, needs, every in wanted)
    columns = ["any_value(a.secret_cells) filter (where a.figure = 'de_abc') as secret_cells"]
    for f, _needs, _every, expr in JOB_SEEKER_FIGURES:
        columns.append(f"any_value({expr}) filter (where a.figure = '{f}') as {f}")
        columns.append(f"coalesce(bool_or(a.figure = '{f}'), false) as {f}_ok")
    for d, _bit, _every, modalities in JOB_SEEKER_DIMENSIONS:
        zero = "n_{m} = 0" if d != "category" else "n_{m} = 0 and more_than_a"
        for m in modalities:
            columns.append(f"any_value(case when {zero.format(m=m)} then 0 when n_{m} > 0 "
                           f"then s_{m} end) filter (where a.figure = '{d}') as b_{m}")
        columns.append(f"coalesce(bool_or(a.figure = '{d}'), false) as b_{d}_ok")
    body = ",\n            ".join(columns)
    return f"""
        with figures (figure, needs, all_categories) as (values {values}),
        chosen as (
            select
                g.month, g.code_insee, f.figure,
                arg_min(g.grain, bit_count(g.grain - (g.grain & f.needs)) * 16 + g.grain)
                    as grain
            from {grains} as g
            cross join figures as f
            where (g.grain & f.needs) = f.needs
              and (not f.all_categories or (g.grain & 8) = 0 or g.more_than_a)
            group by g.month, g.code_insee, f.figure
        ),
        answers as (
            select ch.figure, g.*
            from chosen as ch
            inner join {grains} as g
                on g.month = ch.month and g.code_insee = ch.code_insee and g.grain = ch.grain
        ),
        commune_months as (select distinct month, code_insee from {grains})
        select
            cm.month, cm.code_insee,
            {body}
        from commune_months as cm
        left join answers as a on a.month = cm.month and a.code_insee = cm.code_insee
        group by cm.month, cm.code_insee"""


def job_seeker_years(con: duckdb.DuckDBPyConnection, files: list[str], existing: set[str],
                     used: set[str]) -> dict[str, list[str]]:
    """The store's job-seeker sums of the active Parquet `files`, one table per calendar year:
    {sum: [physical tables of main, by year]} for `job_seekers_figures` and
    `job_seekers_commune_months`, and the one table of `job_seekers_imports`.

    A first pass keeps, per commune × month, the newest import that has it (`units`, a few
    bytes per commune-month, read from the files' key columns); an import's B-or-C flag is
    read over its units. A year's tables are named by a digest of its units and of the flags
    of their imports: what decides which cells it sums and how (the files never change). A
    year whose digest an earlier version already built (`existing`) is not summed again:
    an import of a new month sums its year only, a corrected month or a rollback the years
    it touches, and the reload holds one year of sums more, not a second copy of them all.
    The years are summed one after the other, a month at a time (`_sum_job_seeker_year`),
    each streaming its own cells. Equal to the sums of every cell (tests/data/test_store.py)."""
    replace_by = [c.strip() for c in TABLES["job_seekers"].replace_by.split(",")]
    unit = ", ".join(replace_by)
    cells = f"read_parquet({parquet_list(files)}, union_by_name = true)"
    con.execute(f"""
        create or replace temp table _job_seeker_units as
        select {unit}, _seq, _import_id, bool_or(category in ('B', 'C')) as has_bc
        from {cells}
        group by {unit}, _seq, _import_id
        qualify _seq = max(_seq) over (partition by {unit})""")
    try:
        con.execute("""
            create or replace temp table _job_seeker_flags as
            select _import_id, bool_or(has_bc) as has_bc
            from _job_seeker_units group by _import_id""")
        years = con.execute("""
            select year(u.month) as year,
                   bit_xor(hash(u.code_insee, u.month, u._seq, u._import_id, f.has_bc)),
                   count(*)
            from _job_seeker_units as u
            inner join _job_seeker_flags as f on f._import_id is not distinct from u._import_id
            group by all
            order by year nulls first""").fetchall()
        out: dict[str, list[str]] = {"job_seekers_figures": [], "job_seekers_commune_months": []}
        for year, digest, n in years:
            key = hashlib.sha256(f"{JOB_SEEKER_SUMS_FORMAT}:{year}:{digest}:{n}".encode())
            suffix = f"{year}__{key.hexdigest()[:16]}"
            names = {s: f"{s}__{suffix}" for s in out}
            if not all(name in existing for name in names.values()):
                _sum_job_seeker_year(con, cells, replace_by, year, names)
            for s, name in names.items():
                out[s].append(name)
                used.add(name)
        digest = hashlib.sha256("\n".join(
            f"{y}:{d}:{n}" for y, d, n in years).encode()).hexdigest()[:16]
        imports = f"job_seekers_imports__{digest}"
        if imports not in existing:
            con.execute(f'create table main."{imports}" as '
                        'select * from _job_seeker_flags order by _import_id')
        used.add(imports)
        out["job_seekers_imports"] = [imports]
        return out
    finally:
        con.execute("drop table if exists _job_seeker_units")
        con.execute("drop table if exists _job_seeker_flags")


# Bumped when the job-seeker sums' columns or rules change: their tables are summed again.
JOB_SEEKER_SUMS_FORMAT = 1
# A year's months are summed together while they hold this many commune-months at most: a
# small store (the demo's 21 communes) sums a year in one statement instead of twelve (each
# costs ~40 ms to plan and run, 1,6 s of the demo store's 2,5 s build), while a month of a
# département (the Nord's 648 communes) or of France is still summed alone: the peak stays
# one month's grains where it matters.
MONTHS_SUMMED_TOGETHER_UNITS = 500


def _month_batches(months: list[tuple], limit: int) -> list[list]:
    """[(month, commune-months), …] in order → consecutive months grouped while their
    commune-months add up to `limit` at most (a month above it alone)."""
    batches: list[list] = []
    size = 0
    for month, n in months:
        if batches and size + n <= limit:
            batches[-1].append(month)
            size += n
        else:
            batches.append([month])
            size = n
    return batches


def _sum_job_seeker_year(con: duckdb.DuckDBPyConnection, cells: str, replace_by: list[str],
                         year: int | None, names: dict[str, str]) -> None:
    """Sum one calendar year's cells (`job_seeker_years`) into the tables `names`, a month at
    a time (or a few small months together, `MONTHS_SUMMED_TOGETHER_UNITS`): the aggregation
    holds one month's commune grains, not the year's (a reload's peak), and the figures are
    appended month by month, in the order of (month, commune)."""
    def where(alias: str, months: list) -> str:
        if months == [None]:
            return f"{alias}.month is null"
        dates = ", ".join(f"DATE '{m}'" for m in months)
        return f"{alias}.month in ({dates})"

    in_year = ("y.month is null" if year is None else
               f"y.month >= make_date({int(year)}, 1, 1) "
               f"and y.month < make_date({int(year) + 1}, 1, 1)")
    months = con.execute(
        f"select month, count(*) from _job_seeker_units as y where {in_year} "
        "group by month order by month").fetchall()
    same = " and ".join(f"u.{c} is not distinct from j.{c}" for c in [*replace_by, "_seq"])
    figures = names["job_seekers_figures"]
    created = []
    try:
        for i, batch in enumerate(_month_batches(months, MONTHS_SUMMED_TOGETHER_UNITS)):
            source = (f"(select j.* from {cells} as j semi join "
                      f"(select * from _job_seeker_units as y where {where('y', batch)}) as u "
                      f"on {same} where {where('j', batch)})")
            con.execute("create or replace temp table _job_seekers_month_grains as "
                        + grains_select(source, "_job_seeker_flags"))
            select = (f'{figures_select("_job_seekers_month_grains")} '
                      "order by month, code_insee")
            if i == 0:
                created.append(figures)
                con.execute(f'create table main."{figures}" as {select}')
            else:
                con.execute(f'insert into main."{figures}" {select}')
        created.append(names["job_seekers_commune_months"])
        con.execute(f'create table main."{names["job_seekers_commune_months"]}" as '
                    f'select distinct code_insee, month from _job_seeker_units as y '
                    f'where {in_year} order by code_insee, month')
    except BaseException:
        for name in created:
            con.execute(f'drop table if exists main."{name}"')
        raise
    finally:
        con.execute("drop table if exists _job_seekers_month_grains")


# The days an extraction of tracking software (PLIE, Mission Locale) has rows, per source and
# declared territory: PLIE entries and exits, contacts (`coverage_days`, `coverage_spans`).
EXTRACTION_DAYS = """\
                select 'plie' as source, _territory as territory, entry_date as day
                from plie_participants
                union all
                select 'plie', _territory, exit_date from plie_participants
                union all
                select 'ml', _territory, contact_date from ml_contacts
"""


# The years a Mission Locale extraction covers, per declared territory: the year of its
# latest dated line (the year it was extracted for, its import's period) and the years of
# its aid payments, beside those of its contacts (`commune_years`, `coverage_days`). An
# extraction without a contacts sheet (young people, programmes, situations, aid) then still
# has its year. First welcomes, programme starts and situations go back years (a young
# person first welcomed in 2019 and still followed, a PACEA begun in 2022): they make no
# year available on their own, as they describe the people still followed, not that year's
# activity. Within a covered year, the figures needing contacts stay « non disponible »
# (coverage.sql: `ml_contacts` is read from the contacts' days only).
ML_EXTRACTION_YEARS = """\
                select distinct _territory as territory, year(payment_date) as year
                from financial_aid
                where payment_date is not null
                union
                select territory, max(year) from (
                    select _territory as territory, year(registration_date) as year
                    from ml_young
                    union all
                    select _territory, year(contact_date) from ml_contacts
                    union all
                    select _territory, year(start_date) from ml_programmes
                    union all
                    select _territory, year(start_date) from ml_situations
                    union all
                    select _territory, year(payment_date) from financial_aid
                )
                where year is not null
                group by territory
"""
ML_TABLES_DATED = ("ml_young", "ml_contacts", "ml_programmes", "ml_situations",
                   "financial_aid")

# A sum grouped by person (`ml_activity_years`, `financial_aid_years`, `ml_programme_years`)
# marks where its people are read with `people("alias.person_key")`: the store builds it a
# share of the people at a time (`_make_by_chunks`), as each row and each join is of one
# person. Built at once, its joins' hash tables held up to 1 GiB on the national set (800 000
# young people) beside the previous version's tables: a Mission Locale import peaked at
# × 1,5 the resident memory. Elsewhere (tests, views, small stores) the mark reads `true`.
PEOPLE_MARK = re.compile(r"/\*people ([\w.]+)\*/ true")
PEOPLE_PER_CHUNK = 200_000


def people(column: str) -> str:
    return f"/*people {column}*/ true"


def people_chunks(con: duckdb.DuckDBPyConnection) -> int:
    """How many shares of the young people a sum grouped by person is built in."""
    n = con.execute("select count(*) from ml_young").fetchone()[0]
    return max(1, -(-n // PEOPLE_PER_CHUNK))


def _make_by_chunks(con: duckdb.DuckDBPyConnection, table: str, select: str,
                    chunks: int) -> None:
    """`create table main.<table> as <select>`, the people of `select` (its `people` marks)
    taken a share at a time (by a hash of their key: a person is in one share), then sorted
    as `select` orders its rows."""
    body, order = select.rsplit(" order by ", 1)
    order = re.sub(r"\b\w+\.", "", order)  # the select's aliases: the columns' names

    def share(i: int) -> str:
        return PEOPLE_MARK.sub(lambda m: f"hash({m.group(1)}) % {chunks} = {i}", body)

    first, *rest = [k.strip() for k in order.split(",")]
    try:
        con.execute(f"create or replace temp table _people_chunks as {share(0)}")
        for i in range(1, chunks):
            con.execute(f"insert into _people_chunks {share(i)}")
        if first != "year" or not rest:
            con.execute(f'create table main."{table}" as '
                        f"select * from _people_chunks order by {order}")
            return
        # a year at a time, in order: the same rows in the same order, without sorting them
        # all at once (the sort of the aid's sums held 300 MB on the national set)
        con.execute(f'create table main."{table}" as select * from _people_chunks limit 0')
        for (year,) in con.execute("select distinct year from _people_chunks "
                                   "order by year").fetchall():
            con.execute(f'insert into main."{table}" select * from _people_chunks '
                        f"where year is not distinct from $y order by {', '.join(rest)}",
                        {"y": year})
    finally:
        con.execute("drop table if exists _people_chunks")


def derive(con: duckdb.DuckDBPyConnection, kind: str = "table",
           job_seeker_files: list[str] | None = None, keys: dict[str, str] | None = None,
           existing: set[str] = frozenset(), used: set[str] | None = None) -> None:
    """Small tables computed from the loaded ones, once per catalogue version, before the
    new database serves anyone (a reader sees all of them, or the previous version's).

    - `job_seekers_imports`: whether each import details job-seeker categories B or C
      (then a commune with category A rows only has no B or C job seekers: its category A
      rows are part of a full A, B, C detail whose empty B and C cells were left out).
    - `job_seekers_grains`: the job-seeker cells summed per month × commune × grain, with
      the row count and the sum of each modality, instead of the 54 cells of each
      commune-month of a detailed export. A row is a detail cell or a published margin
      (ingest/grain.py; `ABC` = A, B and C together, `total` = the whole dimension); its
      grain is the set of dimensions it details (bits: 8 category, 4 sex, 2 age band, 1
      duration), and a figure is read from the rows of one grain only. Imports made before
      margins were stored have NULL dimensions: read as margins. `n_<m>` rows of the
      modality, `s_<m>` their sum (NULL when every one is under statistical secret),
      `secret_cells` rows with a NULL count, `more_than_a` whether the grain has category B
      or C rows or its import details B or C elsewhere. Rows of other categories (D, E) are
      left out. The store does not keep it (a temporary table of its build): the figures
      are chosen from it.
    - `job_seekers_figures`: per commune × month, each figure the job-seeker queries read
      (`de_abc`, `de_a`, …, the breakdown's modalities `b_<m>`), from the grain that answers
      it, with whether one does (`<figure>_ok`, `b_<dimension>_ok`) — `figures_select`. A
      page sums a few rows of it, and the France-wide selection its 34 935 communes.
    - `job_seekers_commune_months`: each (code_insee, month) with any job-seeker row, for
      the questions « which months, which communes have data ».
    - `coverage_days`: each (source, territory, day) on which a source's rows of imports
      declared for that territory have a date (`data_coverage.sql`'s `declared`: PLIE
      entries and exits, contacts, aid payments, events, clause months; `coverage.sql`:
      the aid payments). Kept by day: both filter it by period (by source and territory,
      `declared` read 13 ms instead of 5 on the national set; a per-year copy saved less
      than the planning of its branch).
    - `coverage_spans`: per source × territory (the `_territory` an import was declared
      for) the first and last day of its rows: `plie` PLIE entries and exits, `ml`
      contacts (as `coverage_days` keeps them), `plie_steps` and `ml_programmes` their
      start dates. `coverage.sql` reads these few hundred rows to know whether the
      selection's extractions describe a period, instead of `coverage_days` by day.
    - `extraction_communes`: each (source, code_insee, territory) of the rows that name a
      commune, `plie` for `plie_participants`, `ml` for `ml_young`: the extractions that
      name a commune of the selection (`coverage.sql`), without reading every person.
    - `commune_years`: each (code_insee, year) in which a commune has any data that
      `available_years.sql` counts (job-seeker months, PLIE entries and exits, contacts of
      its young people, the years a Mission Locale extraction of its young people covers —
      its latest dated line's, its aid payments' —, employment events); the ONPV quarters are read from
      `qpv_indicators` by the query, as they are few.
    - `ml_commune_contact_days`: each (code_insee, territory, contact_date) on which a
      young person of the commune, of an import declared for the territory, had a contact
      (`data_coverage.sql`: the communes the Mission Locale covers in a period), instead of
      the contacts of every young person of the selection.
    - `coverage_years`, `coverage_declared_years`: `data_coverage.sql`'s two halves by
      calendar year, for its calendar-year form: each (source, code_insee, year) whose rows
      name the commune (PLIE entries or exits, a young person's contacts, events, clause
      months of residents) within the territory their import was declared for (a resident
      elsewhere leaves their commune uncovered), and each (source, territory, year) in
      which imports declared for the territory have rows (`coverage_days` by year).
    - `ml_activity_years`: per young person × commune (a row of `ml_young`) × calendar year
      in which they registered or had a contact: whether they registered that year, their
      contacts and individual interviews that year (summed over their `ml_young` rows of
      the commune, as the person-level join gives). `ml_activity.sql` reads it when the
      period is a calendar year, instead of the contacts of every young person.
    - `financial_aid_years`: per young person × commune × calendar year of payment, the
      aid paid (in all and per scheme) and whether they received each allowance counted
      as recipients (CEJ, PACEA, FAJeM), summed over their `ml_young` rows of the commune
      as the person-level join gives. `financial_aid.sql` reads it for a calendar year:
      rows stay per person, so that the selection's total counts a recipient once.
    - `mde_events_years`: per commune × calendar year, the employment events the Maison
      de l'Emploi organised (not those it only attended) and the sums
      of their exhibitors, participants and interviews (NULL when no event of the year
      records interviews, as `mde_events.sql` gives). Read by it for a calendar year.
    - `clause_hours_years`: per resident commune × site commune × person × calendar year,
      the insertion-clause hours worked: `clause_hours.sql` sums the residents' hours per
      person, those of residents on the selection's sites (both communes matter) and those
      on the selection's sites. Read by it for a calendar year.
    - `ml_programme_years`: per programme (CEJ, PACEA) × commune × young person × calendar
      year their programme period overlaps (open periods up to `ml_programme_last_year`,
      the later of next year and the year after the last date of the Mission Locale
      tables): whether a period started that year (in a QPV; with a known QPV answer,
      `'inconnu'` being an unknown one), and the contacts, individual
      interviews and situations of that year within a period (counted per period, as the
      person-level join gives). `ml_programme.sql` reads it for a calendar year up to
      `ml_programme_last_year`.
    - `plie_steps_years`: per commune × calendar year the PLIE steps running that year
      (open steps up to `plie_steps_last_year`, as for programmes) of the participants
      whose latest pathway is in the commune (one commune a person, so communes add up):
      the counts `plie_steps.sql` gives, and the participants with a step. Read by it for
      a calendar year up to `plie_steps_last_year`.
    (All but the job-seeker ones only when the tables they read exist: a test may build
    job seekers alone.)
    Tested equal to the cell-level queries in tests/queries/test_aggregates.py. `kind`
    "view" defines them as views instead (bench/national.py: the store read from Parquet at
    each query).

    With `job_seeker_files` (the store's build), the job-seeker sums are summed straight
    from the active Parquet files, whose cells are never loaded, one table per calendar year
    (`job_seeker_years`): a year whose units an earlier version summed is read from its
    table, so an import of a month sums that month's year only, and a corrected month or a
    rollback the years it touches; each sum is a view over its years' tables. Without,
    they read the `job_seekers` table (tests, views).

    With `keys` (the store's build: each table's key, from its active files), each sum is
    a table of schema main named by the keys of what it reads (and the year, for those
    spread up to next year), and a view of the current schema shows it; a name already in
    `existing` (an earlier version's) is not computed again. The names used are added to
    `used`.
    """
    assert kind in ("table", "view") and not (job_seeker_files and kind == "view")
    this_year = str(dt.date.today().year)  # open periods are spread up to next year

    def physical(name: str, inputs: tuple) -> str:
        key = hashlib.sha256("\n".join([name, *(keys.get(i, i) for i in inputs)]).encode())
        return f"{name}__{key.hexdigest()[:16]}"

    def make(name: str, inputs: tuple, statement: str) -> None:
        """Run `create or replace <kind> <name> as <sql>`; with `keys` (the store), keep the
        table in main under a name keyed by its inputs' files, unless a version has it."""
        if keys is None:
            con.execute(statement)
            return
        table = physical(name, inputs)
        used.add(table)
        if table not in existing:
            select = statement.split(f" {name} as", 1)[1]
            chunks = people_chunks(con) if PEOPLE_MARK.search(select) else 1
            if chunks == 1:
                con.execute(f'create table main."{table}" as {select}')
            else:
                _make_by_chunks(con, table, select, chunks)
        con.execute(f'create view {name} as select * from main."{table}"')

    job_seeker_sums = ("job_seekers_imports", "job_seekers_figures", "job_seekers_commune_months")
    by_year = (job_seeker_years(con, job_seeker_files, existing, used)
               if keys is not None and job_seeker_files else None)
    if by_year and by_year["job_seekers_figures"]:
        for n in job_seeker_sums:  # each year's table, in the order of the years
            con.execute(f"create view {n} as " + " union all ".join(
                f'select * from main."{t}"' for t in by_year[n]))
    else:  # tests and views: from the `job_seekers` table (or the view of cells)
        make("job_seekers_imports", ("job_seekers",),
             f"create or replace {kind} job_seekers_imports as "
             "select _import_id, bool_or(category in ('B', 'C')) as has_bc "
             "from job_seekers group by _import_id")
        grains_sql = (f"{grains_select('job_seekers', 'job_seekers_imports')} "
                      "order by code_insee, month, grain")
        if keys is None:
            con.execute(f"create or replace {kind} job_seekers_grains as {grains_sql}")
            grains = "job_seekers_grains"
        else:  # the store keeps the figures, not the grains they are chosen from
            con.execute(f"create or replace temp table _job_seekers_grains as {grains_sql}")
            grains = "_job_seekers_grains"
        make("job_seekers_figures", ("job_seekers",),
             f"create or replace {kind} job_seekers_figures as {figures_select(grains)} "
             "order by month, code_insee")
        make("job_seekers_commune_months", ("job_seekers",),
             f"create or replace {kind} job_seekers_commune_months as "
             "select distinct code_insee, month from job_seekers order by code_insee, month")
        if keys is not None:
            con.execute("drop table _job_seekers_grains")
    have = {r[0] for r in con.execute("select table_name from duckdb_tables() "
                                      "union all select view_name from duckdb_views()").fetchall()}
    if {"plie_participants", "mde_events", "clause_hours", *ML_TABLES_DATED} <= have:
        # the Mission Locale's days: its contacts (EXTRACTION_DAYS), and the dates of its
        # other tables within the years it covers (ML_EXTRACTION_YEARS): an extraction
        # without contacts still covers its territory that year
        make("coverage_days", ("plie_participants", "mde_events", "clause_hours",
                               *ML_TABLES_DATED), f"""
            create or replace {kind} coverage_days as
            with ml_extraction_years as (
{ML_EXTRACTION_YEARS}            ),
            ml_days as (
                select _territory as territory, registration_date as day from ml_young
                union all
                select _territory, start_date from ml_programmes
                union all
                select _territory, start_date from ml_situations
                union all
                select _territory, payment_date from financial_aid
            )
            select distinct * from (
{EXTRACTION_DAYS}                union all
                select 'ml', d.territory, d.day
                from ml_days as d
                inner join ml_extraction_years as e
                    on e.territory = d.territory and e.year = year(d.day)
                union all
                select 'aid', _territory, payment_date from financial_aid
                union all
                select 'mde', _territory, event_date from mde_events
                union all
                select 'clauses', _territory, month from clause_hours
            )
            where day is not null
            order by day""")
    if {"plie_participants", "ml_contacts", "plie_steps", "ml_programmes"} <= have:
        make("coverage_spans", ("plie_participants", "ml_contacts", "plie_steps",
                                "ml_programmes"), f"""
            create or replace {kind} coverage_spans as
            with days as (
{EXTRACTION_DAYS}                union all
                select 'plie_steps', _territory, start_date from plie_steps
                union all
                select 'ml_programmes', _territory, start_date from ml_programmes
            )
            select source, territory, min(day) as first_day, max(day) as last_day
            from days
            where day is not null
            group by source, territory
            order by source, territory""")
    if {"plie_participants", "ml_young"} <= have:
        make("extraction_communes", ("plie_participants", "ml_young"), f"""
            create or replace {kind} extraction_communes as
            select distinct * from (
                select 'plie' as source, code_insee, _territory as territory
                from plie_participants
                union all
                select 'ml', code_insee, _territory from ml_young
            )
            where code_insee is not null and territory is not null
            order by source, code_insee, territory""")
    if {"plie_participants", "ml_young", "ml_contacts", "mde_events", "ml_programmes",
            "ml_situations", "financial_aid"} <= have:
        # (ML_EXTRACTION_YEARS: an extraction without contacts still has its year)
        make("commune_years", ("job_seekers", "plie_participants", "ml_young", "ml_contacts",
                               "mde_events", "ml_programmes", "ml_situations",
                               "financial_aid"), f"""
            create or replace {kind} commune_years as
            with contact_years as (
                select distinct person_key, year(contact_date) as year
                from ml_contacts
                where person_key is not null and contact_date is not null
            ),
            ml_extraction_years as (
{ML_EXTRACTION_YEARS}            )
            select distinct * from (
                select code_insee, year(month) as year from job_seekers_commune_months
                union all
                select code_insee, year(entry_date) from plie_participants
                union all
                select code_insee, year(exit_date) from plie_participants
                union all
                select y.code_insee, c.year
                from ml_young as y
                inner join contact_years as c on c.person_key = y.person_key
                union all
                select y.code_insee, e.year
                from ml_young as y
                inner join ml_extraction_years as e on e.territory = y._territory
                union all
                select code_insee, year(event_date) from mde_events
                where role is distinct from 'participation'  -- (held elsewhere)
            )
            where code_insee is not null and year is not null
            order by code_insee, year""")
    if {"ml_young", "ml_contacts"} <= have:
        make("ml_commune_contact_days", ("ml_young", "ml_contacts"), f"""
            create or replace {kind} ml_commune_contact_days as
            select distinct y.code_insee, y._territory as territory, c.contact_date
            from ml_young as y
            inner join ml_contacts as c on c.person_key = y.person_key
            where c.contact_date is not null
            order by y.code_insee, c.contact_date""")
        make("ml_activity_years", ("ml_young", "ml_contacts"), f"""
            create or replace {kind} ml_activity_years as
            with young as (
                select person_key, code_insee, registration_date
                from ml_young
                where person_key is not null and {people("person_key")}
            ),
            contacts as (
                select person_key, year(contact_date) as year, count(*) as ml_contacts,
                       count(*) filter (where contact_type = 'entretien') as ml_entretiens
                from ml_contacts
                where contact_date is not null and person_key in (select person_key from young)
                group by all
            ),
            years as (
                select person_key, year from contacts
                union
                select person_key, year(registration_date) from young
                where registration_date is not null
            )
            select
                y.code_insee, y.person_key, yr.year,
                bool_or(year(y.registration_date) = yr.year) as inscrit,
                sum(c.ml_contacts) as ml_contacts,
                sum(c.ml_entretiens) as ml_entretiens
            from young as y
            inner join years as yr on yr.person_key = y.person_key
            left join contacts as c on c.person_key = y.person_key and c.year = yr.year
            group by y.code_insee, y.person_key, yr.year
            order by yr.year, y.code_insee""")
    if {"plie_participants", "ml_young", "ml_contacts", "mde_events", "clause_hours",
            "financial_aid"} <= have:
        # A row names its commune only where its import's territory allows it (a commune
        # of that territory, or an import declared for no territory of
        # `territory_communes`): data_coverage.sql's `named`, applied here once, so the
        # table depends on the territories' communes too (`keys`).
        within = ("""
            left join (select distinct territory from territory_communes) as bounded
                on bounded.territory = r.territory
            left join territory_communes as tc
                on tc.territory = r.territory and tc.code_insee = r.code_insee"""
                  if "territory_communes" in have else  # a bare database (tests): none known
                  "cross join (select null as territory, null as code_insee) as bounded, "
                  "(select null as code_insee) as tc")
        make("coverage_years", ("plie_participants", "ml_young", "ml_contacts", "mde_events",
                                "clause_hours", "territory_communes"), f"""
            create or replace {kind} coverage_years as
            select distinct r.source, r.code_insee, r.year
            from (
                select 'plie' as source, code_insee, _territory as territory,
                       year(entry_date) as year
                from plie_participants
                union all
                select 'plie', code_insee, _territory, year(exit_date) from plie_participants
                union all
                select 'ml', code_insee, territory, year(contact_date)
                from ml_commune_contact_days
                union all
                select 'mde', code_insee, _territory, year(event_date) from mde_events
                where role is distinct from 'participation'
                union all
                select 'clauses', resident_insee, _territory, year(month) from clause_hours
            ) as r
            {within}
            where r.code_insee is not null and r.year is not null
              and (bounded.territory is null or tc.code_insee is not null)
            order by r.year, r.source, r.code_insee""")
        make("coverage_declared_years", ("plie_participants", "mde_events", "clause_hours",
                                         *ML_TABLES_DATED), f"""
            create or replace {kind} coverage_declared_years as
            select distinct source, territory, year(day) as year
            from coverage_days
            where territory is not null
            order by year, source, territory""")
    if {"ml_young", "financial_aid"} <= have:
        make("financial_aid_years", ("ml_young", "financial_aid"), f"""
            create or replace {kind} financial_aid_years as
            select
                y.code_insee, a.person_key, year(a.payment_date) as year,
                sum(a.amount) as total,
                sum(a.amount) filter (where a.scheme = 'allocation_cej') as cej,
                sum(a.amount) filter (where a.scheme = 'allocation_pacea') as pacea,
                sum(a.amount) filter (where a.scheme = 'fajem') as fajem,
                sum(a.amount) filter (where a.scheme = 'fonds_ml') as fonds_ml,
                sum(a.amount) filter (where a.scheme = 'fonds_ml_repas') as fonds_ml_repas,
                sum(a.amount) filter (where a.scheme = 'mobilite') as mobilite,
                bool_or(a.scheme = 'allocation_cej') as cej_recipient,
                bool_or(a.scheme = 'allocation_pacea') as pacea_recipient,
                bool_or(a.scheme = 'fajem') as fajem_recipient
            from financial_aid as a
            inner join ml_young as y on y.person_key = a.person_key
            where a.payment_date is not null and y.code_insee is not null
                and {people("a.person_key")}
            group by y.code_insee, a.person_key, year(a.payment_date)
            order by year, y.code_insee""")
    if "mde_events" in have:
        make("mde_events_years", ("mde_events",), f"""
            create or replace {kind} mde_events_years as
            select
                code_insee, year(event_date) as year,
                count(*) as events,
                sum(exhibitors) as exhibitors,
                sum(participants) as participants,
                sum(interviews) as interviews
            from mde_events
            where event_date is not null and code_insee is not null
              and role is distinct from 'participation'
            group by code_insee, year(event_date)
            order by year, code_insee""")
    if "clause_hours" in have:
        make("clause_hours_years", ("clause_hours",), f"""
            create or replace {kind} clause_hours_years as
            select resident_insee, operation_insee, person_key, year(month) as year,
                   sum(hours) as hours
            from clause_hours
            where month is not null
              and (resident_insee is not null or operation_insee is not null)
            group by resident_insee, operation_insee, person_key, year(month)
            order by year, resident_insee, operation_insee""")
    if {"ml_young", "ml_contacts", "ml_programmes", "ml_situations"} <= have:
        make("ml_programme_last_year", (*ML_TABLES, this_year), f"""
            create or replace {kind} ml_programme_last_year as
            select greatest(year(current_date) + 1, (
                select max(year(d)) + 1 from (
                    select start_date as d from ml_programmes
                    union all select end_date from ml_programmes
                    union all select contact_date from ml_contacts
                    union all select start_date from ml_situations
                    union all select registration_date from ml_young
                ))) as last_year""")
        make("ml_programme_years", (*ML_TABLES, this_year), f"""
            create or replace {kind} ml_programme_years as
            with periods as (
                select p.programme, p.person_key, p.start_date, p.end_date, y.code_insee,
                       y.qpv_code
                from ml_programmes as p
                inner join ml_young as y on y.person_key = p.person_key
                where {people("p.person_key")}
            ),
            followed as (
                select programme, code_insee, person_key, year,
                       bool_or(year(start_date) = year) as entree,
                       bool_or(year(start_date) = year and qpv_code is not null
                               and qpv_code <> 'inconnu') as entree_qpv,
                       bool_or(year(start_date) = year
                               and qpv_code is distinct from 'inconnu') as entree_qpv_connue
                from (
                    select *, unnest(range(year(start_date), year(coalesce(
                        end_date, make_date((select last_year from ml_programme_last_year),
                                            12, 31))) + 1)) as year
                    from periods
                )
                group by programme, code_insee, person_key, year
            ),
            contacts as (
                select pe.programme, pe.code_insee, pe.person_key,
                       year(c.contact_date) as year,
                       count(*) as contacts,
                       count(*) filter (where c.contact_type = 'entretien') as entretiens
                from ml_contacts as c
                inner join periods as pe
                    on pe.person_key = c.person_key
                    and c.contact_date >= pe.start_date
                    and (pe.end_date is null or c.contact_date <= pe.end_date)
                group by all
            ),
            solutions as (
                select pe.programme, pe.code_insee, pe.person_key,
                       year(si.start_date) as year, count(*) as mesures
                from ml_situations as si
                inner join periods as pe
                    on pe.person_key = si.person_key
                    and si.start_date >= pe.start_date
                    and (pe.end_date is null or si.start_date <= pe.end_date)
                group by all
            )
            select f.programme, f.year, f.code_insee, f.person_key, f.entree, f.entree_qpv,
                   f.entree_qpv_connue, c.contacts, c.entretiens, so.mesures
            from followed as f
            left join contacts as c
                on c.programme = f.programme and c.code_insee is not distinct from f.code_insee
                and c.person_key = f.person_key and c.year = f.year
            left join solutions as so
                on so.programme = f.programme and so.code_insee is not distinct from f.code_insee
                and so.person_key = f.person_key and so.year = f.year
            order by f.year, f.programme, f.code_insee""")
    if {"plie_participants", "plie_steps"} <= have:
        make("plie_steps_last_year", (*PLIE_TABLES, this_year), f"""
            create or replace {kind} plie_steps_last_year as
            select greatest(year(current_date) + 1, (
                select max(year(d)) + 1 from (
                    select start_date as d from plie_steps
                    union all select end_date from plie_steps
                    union all select entry_date from plie_participants
                    union all select exit_date from plie_participants
                ))) as last_year""")
        make("plie_steps_years", (*PLIE_TABLES, this_year), f"""
            create or replace {kind} plie_steps_years as
            with participants as (
                select person_key, arg_max(code_insee, entry_date) as code_insee
                from plie_participants
                where person_key is not null
                group by person_key
            ),
            steps as (
                select pa.code_insee, st.person_key, st.family, st.qualifying, st.start_date,
                       unnest(range(year(st.start_date), year(coalesce(
                           st.end_date, make_date((select last_year from plie_steps_last_year),
                                                  12, 31))) + 1)) as year
                from plie_steps as st
                inner join participants as pa on pa.person_key = st.person_key
            ),
            people as (
                select
                    code_insee, year,
                    count(*) as plie_etapes,
                    count(*) filter (where year(start_date) = year)
                        as plie_etapes_demarrees_annee,
                    count(*) filter (where family = 'emploi') as plie_etapes_emploi,
                    count(*) filter (where family = 'emploi' and year(start_date) = year)
                        as plie_etapes_emploi_annee,
                    count(*) filter (where family = 'formation') as plie_etapes_formation,
                    count(*) filter (where family = 'formation' and qualifying)
                        as plie_etapes_formation_qualif
                from steps
                group by code_insee, person_key, year
            )
            select
                code_insee, year,
                count(*) as participants,
                sum(plie_etapes) as plie_etapes,
                sum(plie_etapes_demarrees_annee) as plie_etapes_demarrees_annee,
                sum(plie_etapes_emploi) as plie_etapes_emploi,
                sum(plie_etapes_emploi_annee) as plie_etapes_emploi_annee,
                sum(plie_etapes_formation) as plie_etapes_formation,
                sum(plie_etapes_formation_qualif) as plie_etapes_formation_qualif
            from people
            group by code_insee, year
            order by year, code_insee""")
