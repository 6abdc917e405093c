"""Login sessions that survive a reload, a new tab and a shared link.

The browser holds one cookie, `COOKIE`: a random identifier signed with HMAC-SHA256 under a
per-installation key (`<data dir>/session.key`, created on first use, mode 0600). The web
layer (`ui/session_web.py`) sets it HttpOnly, so page scripts cannot read it. Before login
the identifier names nothing; the server keeps what a logged-in identifier means in
`<data dir>/sessions.json` (only a SHA-256 digest of each identifier is stored, so the file
gives no usable cookie):

1. The login form checks the password over the app's websocket, then `begin()` records a
   login *pending* on the browser's current identifier, for `PENDING_SECONDS`.
2. The browser is sent to the web layer's confirmation address; `confirm()` turns the
   pending login into a session under a *new* identifier (no session fixation) and the
   web layer sets it as the cookie before redirecting to the page that was asked for.
3. Every run of the app calls `lookup()`: the session ends after `SESSION_MINUTES` without
   activity, or `SESSION_MAX_HOURS` after login, and its end is written to the audit log.
4. `end()` (logout) forgets the session at once, in every tab; the web layer then deletes
   the cookie.

Nothing here imports Streamlit.
"""

import base64
import hashlib
import hmac
import json
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

import settings
from data import audit
from data.catalog import locked, write_atomically

COOKIE = "tbe_session"
PENDING_SECONDS = 60  # between the password check and the cookie being set
DESTINATION_SECONDS = 600  # for a login at an OpenID Connect provider


@dataclass(frozen=True)
class Lookup:
    """What a cookie means now: "active" (with the user), "expired" (the session just
    ended; with the user), or "none" (anonymous, or a session that no longer exists)."""

    status: str
    user: str | None = None
    method: str | None = None
    reason: str | None = None  # of an expiry: "inactivite" or "duree_maximale"


def _dir(data_dir: Path | None) -> Path:
    return Path(data_dir or settings.data_dir())


def _key(data_dir: Path | None) -> bytes:
    d = _dir(data_dir)
    path = d / "session.key"
    if not path.exists():
        d.mkdir(parents=True, exist_ok=True)
        with locked(d / "sessions.lock"):
            if not path.exists():
                tmp = d / f".session.key.{os.getpid()}.tmp"
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                try:
                    os.write(fd, secrets.token_hex(32).encode())
                    os.fsync(fd)
                finally:
                    os.close(fd)
                os.replace(tmp, path)
    return path.read_bytes().strip()


def _mac(value: str, data_dir: Path | None) -> str:
    digest = hmac.new(_key(data_dir), f"{COOKIE}|{value}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def new_token(data_dir: Path | None = None) -> str:
    """A fresh signed identifier (the cookie's value): `<random>.<signature>`."""
    value = secrets.token_urlsafe(32)
    return f"{value}.{_mac(value, data_dir)}"


def verify(token: str | None, data_dir: Path | None = None) -> bool:
    """True when the token was signed with this installation's key."""
    if not token or token.count(".") != 1:
        return False
    value, mac = token.split(".")
    return hmac.compare_digest(mac, _mac(value, data_dir))


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# -- the sessions file -------------------------------------------------------------------
def _path(data_dir: Path | None) -> Path:
    return _dir(data_dir) / "sessions.json"


def _load(data_dir: Path | None) -> dict[str, dict]:
    try:
        return json.loads(_path(data_dir).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}


def _save(records: dict[str, dict], data_dir: Path | None) -> None:
    write_atomically(_path(data_dir), json.dumps(records, ensure_ascii=False, indent=1).encode("utf-8"))
    os.chmod(_path(data_dir), 0o600)


def _lock(data_dir: Path | None):
    d = _dir(data_dir)
    d.mkdir(parents=True, exist_ok=True)
    return locked(d / "sessions.lock")


def _limits(minutes: float | None, max_hours: float | None) -> tuple[float, float]:
    idle = (settings.SESSION_MINUTES if minutes is None else minutes) * 60
    longest = (settings.SESSION_MAX_HOURS if max_hours is None else max_hours) * 3600
    return idle, longest


def _ended(record: dict, now: float, idle: float, longest: float) -> str | None:
    """Why a session is over ("inactivite", "duree_maximale"), or None."""
    if record.get("pending_until") is not None:
        return "attente" if now > record["pending_until"] else None
    if now - record["seen"] > idle:
        return "inactivite"
    if now - record["started"] > longest:
        return "duree_maximale"
    return None


def _purge(records: dict[str, dict], now: float, idle: float, longest: float,
           data_dir: Path | None) -> bool:
    """Drop finished sessions, auditing each expiry; True when something was dropped."""
    dropped = False
    for digest, record in list(records.items()):
        reason = _ended(record, now, idle, longest)
        if reason is None:
            continue
        del records[digest]
        dropped = True
        if reason != "attente":  # a login never confirmed was no session
            audit.record("session_expiree", record["user"], data_dir, reason=reason,
                         inactive_minutes=round((now - record["seen"]) / 60, 1), method=record.get("method"))
    return dropped


def note_destination(token: str, destination: str, data_dir: Path | None = None,
                     now: float | None = None) -> None:
    """Remember, for `DESTINATION_SECONDS`, the page a browser asked for before leaving for
    an OpenID Connect provider (whose return lands on the home page)."""
    if not verify(token, data_dir):
        raise ValueError("unsigned session token")
    now = time.time() if now is None else now
    with _lock(data_dir):
        records = _load(data_dir)
        _purge(records, now, *_limits(None, None), data_dir)
        records[_digest(token)] = {"user": None, "destination": destination,
                                   "pending_until": now + DESTINATION_SECONDS}
        _save(records, data_dir)


def begin(token: str, user: str, data_dir: Path | None = None, method: str = "local",
          now: float | None = None) -> str | None:
    """Record a login (password already checked) pending on the browser's identifier; the
    destination noted for it, if any."""
    if not verify(token, data_dir):
        raise ValueError("unsigned session token")
    now = time.time() if now is None else now
    with _lock(data_dir):
        records = _load(data_dir)
        _purge(records, now, *_limits(None, None), data_dir)
        before = records.get(_digest(token)) or {}
        records[_digest(token)] = {"user": user, "method": method,
                                   "pending_until": now + PENDING_SECONDS}
        _save(records, data_dir)
    return before.get("destination") if before.get("user") is None else None


def confirm(token: str | None, data_dir: Path | None = None, now: float | None = None) -> str | None:
    """The new identifier of the session a pending login on `token` becomes, or None."""
    if not verify(token, data_dir):
        return None
    now = time.time() if now is None else now
    with _lock(data_dir):
        records = _load(data_dir)
        _purge(records, now, *_limits(None, None), data_dir)
        pending = records.get(_digest(token))
        if pending is None or pending.get("pending_until") is None or not pending.get("user"):
            return None  # nothing pending (an active session stays as it is)
        del records[_digest(token)]
        fresh = new_token(data_dir)
        records[_digest(fresh)] = {"user": pending["user"], "method": pending["method"],
                                   "started": now, "seen": now}
        _save(records, data_dir)
    return fresh


def lookup(token: str | None, data_dir: Path | None = None, now: float | None = None,
           minutes: float | None = None, max_hours: float | None = None) -> Lookup:
    """What the identifier means now; an active session's activity time is renewed."""
    if not verify(token, data_dir):
        return Lookup("none")
    now = time.time() if now is None else now
    idle, longest = _limits(minutes, max_hours)
    digest = _digest(token)
    record = _load(data_dir).get(digest)
    if record is None or record.get("pending_until") is not None:
        return Lookup("none")
    if _ended(record, now, idle, longest) is None and now - record["seen"] < min(60.0, idle / 10):
        return Lookup("active", record["user"], record.get("method"))  # renewed recently: no write
    with _lock(data_dir):
        records = _load(data_dir)
        record = records.get(digest)
        if record is None:
            return Lookup("none")
        reason = _ended(record, now, idle, longest)
        if reason is not None:
            _purge(records, now, idle, longest, data_dir)
            _save(records, data_dir)
            return Lookup("expired", record["user"], record.get("method"), reason)
        record["seen"] = now
        _save(records, data_dir)
    return Lookup("active", record["user"], record.get("method"))


def end(token: str | None, data_dir: Path | None = None) -> str | None:
    """Forget the session (logout); the user it belonged to, or None."""
    if not verify(token, data_dir):
        return None
    with _lock(data_dir):
        records = _load(data_dir)
        record = records.pop(_digest(token), None)
        if record is not None:
            _save(records, data_dir)
    return record["user"] if record else None

