"""Catalogue of imports: one small JSON file, replaced atomically under a file lock.

The catalogue is the single source of truth for which Parquet files are visible.
Readers only ever read a complete catalogue (`os.replace` is atomic), and a writer
holds an exclusive `flock` so two imports (the app and the CLI) never interleave.
"""

import contextlib
import fcntl
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

# An import's status as the history shows it (page, CLI, messages of the store).
STATUS_WORDS = {"active": "actif", "replaced": "remplacé", "rolled_back": "annulé"}

# `user` of the imports written by `python -m cli demo` (demo/generate.py)
DEMO_USER = "demo"


@dataclass
class ImportRecord:
    id: int
    source: str
    territory: str
    period: str
    file_name: str
    sha256: str
    user: str
    created_at: str
    status: str = "active"  # active, replaced, rolled_back
    tables: dict[str, str] = field(default_factory=dict)  # table -> path relative to data dir
    rows_read: int = 0
    rows_stored: int = 0
    rows_rejected: int = 0
    dropped_invalid_rows: bool = False
    archive_path: str = ""
    replaces: list[int] = field(default_factory=list)
    # active imports of the same source whose rows this one hides for the units it covers
    # (communes × months, a territory's extraction…) but which stay active for the rest
    overrides: list[int] = field(default_factory=list)
    replaced_by: int | None = None
    rolled_back_at: str | None = None
    rolled_back_by: str | None = None
    changes: dict = field(default_factory=dict)
    archive_purged_at: str | None = None
    # rows describe persons (PLIE, Mission Locale, clauses): the raw file holds personal
    # data and is kept for the shorter retention; None in catalogues written before the
    # flag existed (then the tables tell, see Store.is_person_level)
    person_level: bool | None = None
    # tables this extraction did not hold, kept from the one it replaced: {table: rows}
    # (Store._carry_over)
    carried: dict[str, int] = field(default_factory=dict)
    # of those rows, the ones of people this extraction holds ({table: rows}): the others
    # join nobody and count in no figure (a new extraction that follows other people)
    carried_people: dict[str, int] = field(default_factory=dict)
    # tables this extraction did not hold whose rows, in the one it replaced, all belong to
    # people it no longer lists: not kept with it (they would join nobody and read 0
    # instead of « non disponible »), still in the replaced import ({table: rows})
    not_carried: dict[str, int] = field(default_factory=dict)
    # what this import replaced of each import it replaced or overrode, per table with a
    # period, counted in the table's unit (Store._replaced_rows): [{"import", "table",
    # "rows", "periods", "new_rows", "kept_rows", "kept_periods", "communes", "amount",
    # "new_amount"}]; empty in catalogues written before it was recorded
    replaced_rows: list[dict] = field(default_factory=list)
    # the months a Mission Locale extraction covers, "2024-02/2025-12" (its `period` is the
    # last one, the key re-imports replace by): shown as « février 2024 – décembre 2025 »;
    # None for one month, other sources and catalogues written before it was recorded
    covers: str | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.source, self.territory, self.period)


@dataclass
class Catalog:
    version: int = 0
    imports: list[ImportRecord] = field(default_factory=list)

    def active(self) -> list[ImportRecord]:
        return [r for r in self.imports if r.status == "active"]

    def get(self, import_id: int) -> ImportRecord | None:
        return next((r for r in self.imports if r.id == import_id), None)

    def next_id(self, imports_dir: Path) -> int:
        used = [r.id for r in self.imports]
        if imports_dir.exists():
            used += [int(p.name) for p in imports_dir.iterdir() if p.name.isdigit()]
        return max(used, default=0) + 1

    def to_json(self) -> str:
        return json.dumps(
            {"version": self.version, "imports": [asdict(r) for r in self.imports]},
            ensure_ascii=False,
            indent=1,
        )

    @classmethod
    def from_json(cls, text: str) -> "Catalog":
        raw = json.loads(text)
        return cls(raw["version"], [ImportRecord(**r) for r in raw["imports"]])


def demo_only(records: Iterable[ImportRecord] | None, territory: str | None = None) -> bool:
    """True when there are active imports (of `territory`, when given) and all of them are
    demonstration data: the app then opens without login, the exports say « démonstration »."""
    mine = [r for r in records or [] if r.status == "active"
            and (territory is None or r.territory == territory)]
    return bool(mine) and all(r.user == DEMO_USER for r in mine)


def demo_mixed(records: Iterable[ImportRecord] | None, territory: str | None = None
               ) -> list[ImportRecord]:
    """The active demonstration imports (of `territory`, when given) beside real ones: after
    a first real import the demo's other sources and territories still count, and would be
    taken for real figures. Empty when the store holds real data only, or demo data only."""
    active = [r for r in records or [] if r.status == "active"]
    demo = [r for r in active if r.user == DEMO_USER
            and (territory is None or r.territory == territory)]
    return demo if demo and any(r.user != DEMO_USER for r in active) else []


def read_catalog(path: Path) -> Catalog:
    try:
        return Catalog.from_json(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Catalog()


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that a crash leaves either the old or the new file."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    fsync_dir(path.parent)


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def locked(lock_path: Path) -> Iterator[None]:
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)
