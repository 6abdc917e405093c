"""Append-only audit log: logins, imports, rollbacks, exports, account changes.

One JSON object per line in `<data dir>/audit.jsonl`, appended with O_APPEND and fsynced;
nothing in the application rewrites or truncates it.
"""

import datetime as dt
import json
import os
from pathlib import Path

import settings


def log_path(data_dir: Path | None = None) -> Path:
    return Path(data_dir or settings.data_dir()) / "audit.jsonl"


def record(action: str, user: str, data_dir: Path | None = None, **details) -> None:
    path = log_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    entry = {"at": dt.datetime.now(dt.UTC).astimezone().isoformat(timespec="seconds"),
             "user": user, "action": action, **details}
    line = (json.dumps(entry, ensure_ascii=False, default=str) + "\n").encode("utf-8")
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, line)
        os.fsync(fd)
    finally:
        os.close(fd)


def entries(data_dir: Path | None = None, limit: int | None = None) -> list[dict]:
    path = log_path(data_dir)
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines if line.strip()]
    return rows[-limit:] if limit else rows
