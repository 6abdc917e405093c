"""Login sessions: signed identifiers, pending login → session under a new identifier,
inactivity and maximum duration, logout, and the audit of each end."""

import os
import stat

import pytest

from data import audit, sessions

T0 = 1_800_000_000.0  # a fixed "now"
MINUTES, MAX_HOURS = 30, 12


def opened(tmp_path, user="marie", now=T0) -> str:
    """The cookie of a session opened at `now`."""
    anonymous = sessions.new_token(tmp_path)
    sessions.begin(anonymous, user, tmp_path, now=now)
    token = sessions.confirm(anonymous, tmp_path, now=now + 1)
    assert token
    return token


def look(token, tmp_path, now):
    return sessions.lookup(token, tmp_path, now=now, minutes=MINUTES, max_hours=MAX_HOURS)


def test_tokens_are_signed_with_the_installation_key(tmp_path):
    token = sessions.new_token(tmp_path / "a")
    assert sessions.verify(token, tmp_path / "a")
    assert not sessions.verify(token, tmp_path / "b")  # another installation's key
    value, mac = token.split(".")
    assert not sessions.verify(f"{value}x.{mac}", tmp_path / "a")  # value changed
    assert not sessions.verify(f"{value}.{mac[:-2]}", tmp_path / "a")
    assert not sessions.verify(value, tmp_path / "a")
    assert not sessions.verify(None, tmp_path / "a")
    key = tmp_path / "a" / "session.key"
    assert stat.S_IMODE(os.stat(key).st_mode) == 0o600
    assert len(key.read_bytes().strip()) == 64  # 32 random bytes, hex


def test_a_pending_login_becomes_a_session_under_a_new_identifier(tmp_path):
    anonymous = sessions.new_token(tmp_path)
    assert sessions.lookup(anonymous, tmp_path).status == "none"
    sessions.begin(anonymous, "marie", tmp_path, now=T0)
    assert look(anonymous, tmp_path, T0).status == "none"  # pending is not logged in
    token = sessions.confirm(anonymous, tmp_path, now=T0 + 2)
    assert token and token != anonymous and sessions.verify(token, tmp_path)
    assert look(token, tmp_path, T0 + 3) == sessions.Lookup("active", "marie", "local")
    assert look(anonymous, tmp_path, T0 + 3).status == "none"
    assert sessions.confirm(anonymous, tmp_path, now=T0 + 4) is None  # only once
    assert sessions.confirm(token, tmp_path, now=T0 + 4) is None  # a session is no pending login
    assert look(token, tmp_path, T0 + 5).status == "active"
    raw = (tmp_path / "sessions.json").read_text()
    assert token not in raw and token.split(".")[0] not in raw  # digests only


def test_a_pending_login_not_confirmed_in_time_is_dropped(tmp_path):
    anonymous = sessions.new_token(tmp_path)
    sessions.begin(anonymous, "marie", tmp_path, now=T0)
    assert sessions.confirm(anonymous, tmp_path, now=T0 + sessions.PENDING_SECONDS + 1) is None
    assert "session_expiree" not in [e["action"] for e in audit.entries(tmp_path)]


def test_unsigned_identifiers_are_refused(tmp_path):
    with pytest.raises(ValueError):
        sessions.begin("forged.token", "marie", tmp_path)
    assert sessions.confirm("forged.token", tmp_path) is None
    assert sessions.lookup("forged.token", tmp_path).status == "none"


def test_session_ends_after_inactivity_and_the_end_is_audited(tmp_path):
    token = opened(tmp_path)
    assert look(token, tmp_path, T0 + MINUTES * 60 - 10).status == "active"  # renews activity
    # 29 min 50 s later again: active, since the last lookup counted as activity
    assert look(token, tmp_path, T0 + 2 * MINUTES * 60 - 20).status == "active"
    ended = look(token, tmp_path, T0 + 3 * MINUTES * 60)
    assert (ended.status, ended.user, ended.reason) == ("expired", "marie", "inactivite")
    assert look(token, tmp_path, T0 + 3 * MINUTES * 60 + 1).status == "none"  # gone
    expiry = [e for e in audit.entries(tmp_path) if e["action"] == "session_expiree"]
    assert [(e["user"], e["reason"]) for e in expiry] == [("marie", "inactivite")]


def test_session_ends_after_the_maximum_duration_even_when_active(tmp_path):
    token = opened(tmp_path)
    now = T0
    while now < T0 + MAX_HOURS * 3600 - 600:
        now += 600
        assert look(token, tmp_path, now).status == "active"
    ended = look(token, tmp_path, T0 + MAX_HOURS * 3600 + 600)
    assert (ended.status, ended.reason) == ("expired", "duree_maximale")


def test_logout_forgets_the_session(tmp_path):
    token = opened(tmp_path)
    other = opened(tmp_path, "paul")
    assert sessions.end(token, tmp_path) == "marie"
    assert sessions.lookup(token, tmp_path).status == "none"
    assert sessions.end(token, tmp_path) is None
    assert look(other, tmp_path, T0 + 5).user == "paul"  # other sessions untouched


def test_sessions_nobody_comes_back_to_are_purged_and_audited(tmp_path):
    forgotten = opened(tmp_path, "paul")
    later = T0 + (MINUTES + 5) * 60
    sessions.begin(sessions.new_token(tmp_path), "marie", tmp_path, now=later)  # any write purges
    assert sessions.lookup(forgotten, tmp_path, now=later).status == "none"
    assert [(e["user"], e["action"]) for e in audit.entries(tmp_path)] == [("paul", "session_expiree")]


def test_destination_noted_before_an_oidc_login(tmp_path):
    anonymous = sessions.new_token(tmp_path)
    sessions.note_destination(anonymous, "/ma_commune?commune=59356", tmp_path, now=T0)
    assert sessions.confirm(anonymous, tmp_path, now=T0 + 1) is None  # a destination is no login
    assert sessions.begin(anonymous, "claire@asso.fr", tmp_path, method="oidc",
                          now=T0 + 30) == "/ma_commune?commune=59356"
    token = sessions.confirm(anonymous, tmp_path, now=T0 + 31)
    assert sessions.lookup(token, tmp_path, now=T0 + 32).method == "oidc"
    fresh = sessions.new_token(tmp_path)
    assert sessions.begin(fresh, "marie", tmp_path, now=T0 + 40) is None
