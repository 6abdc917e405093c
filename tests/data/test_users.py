"""Local accounts: Argon2 hashes, lock after repeated failures, audit of every change."""

import contextlib
import datetime as dt
import io
import json

import argon2
import pytest

from data import audit, users


def test_password_is_hashed_and_checked(tmp_path):
    users.add("marie", "gestionnaire", "un mot de passe long", data_dir=tmp_path)
    raw = (tmp_path / "users.json").read_text()
    assert "un mot de passe long" not in raw and "$argon2" in raw
    assert users.authenticate("marie", "un mot de passe long", data_dir=tmp_path).role == "gestionnaire"
    with pytest.raises(users.UserError, match="incorrect"):
        users.authenticate("marie", "mauvais mot de passe", data_dir=tmp_path)
    with pytest.raises(users.UserError, match="incorrect"):
        users.authenticate("inconnu", "un mot de passe long", data_dir=tmp_path)


def test_account_locks_after_repeated_failures_then_unlocks(tmp_path):
    users.add("paul", "elu", "mot de passe correct", data_dir=tmp_path)
    now = dt.datetime(2026, 1, 1, 10, 0, tzinfo=dt.UTC)
    for _ in range(users.MAX_FAILURES):
        with pytest.raises(users.UserError, match="incorrect"):
            users.authenticate("paul", "faux", data_dir=tmp_path, now=now)
    with pytest.raises(users.UserError, match="verrouillé"):
        users.authenticate("paul", "mot de passe correct", data_dir=tmp_path, now=now)
    later = now + dt.timedelta(minutes=users.LOCK_MINUTES + 1)
    assert users.authenticate("paul", "mot de passe correct", data_dir=tmp_path, now=later).name == "paul"


def test_rules_for_accounts(tmp_path):
    with pytest.raises(users.UserError, match="Rôle inconnu"):
        users.add("x", "admin", "mot de passe correct", data_dir=tmp_path)
    with pytest.raises(users.UserError, match="trop court"):
        users.add("x", "elu", "court", data_dir=tmp_path)
    users.add("x", "elu", "mot de passe correct", data_dir=tmp_path)
    with pytest.raises(users.UserError, match="existe déjà"):
        users.add("x", "elu", "mot de passe correct", data_dir=tmp_path)
    users.set_role("x", "lecteur", data_dir=tmp_path)
    assert users.load(tmp_path)["x"].role == "lecteur"
    users.remove("x", data_dir=tmp_path)
    assert users.load(tmp_path) == {}


def test_audit_log_is_append_only_and_records_account_events(tmp_path):
    users.add("anne", "elu", "mot de passe correct", data_dir=tmp_path)
    users.set_role("anne", "gestionnaire", data_dir=tmp_path)
    with pytest.raises(users.UserError):
        users.authenticate("anne", "faux", data_dir=tmp_path)
    first = (tmp_path / "audit.jsonl").read_bytes()
    users.authenticate("anne", "mot de passe correct", data_dir=tmp_path)
    second = (tmp_path / "audit.jsonl").read_bytes()
    assert second.startswith(first)  # appended, never rewritten
    actions = [e["action"] for e in audit.entries(tmp_path)]
    assert actions == ["compte_cree", "role_modifie", "connexion_refusee", "connexion"]


def test_cli_users_commands(tmp_path, monkeypatch):
    from cli.__main__ import main

    monkeypatch.setenv("TBE_DATA_DIR", str(tmp_path))
    monkeypatch.setattr("sys.stdin", io.StringIO("un mot de passe long\n"))
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["users", "add", "lea", "--role", "elu", "--password-stdin",
                     "--communes", "59328"]) == 0
        assert main(["users", "list"]) == 0
        assert main(["users", "set-role", "lea", "lecteur"]) == 0
    assert "lea\telu\t59328" in out.getvalue()
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        assert main(["users", "set-role", "lea", "roi"]) == 2
    assert "Rôle inconnu" in err.getvalue()
    assert json.loads((tmp_path / "users.json").read_text())[0]["role"] == "lecteur"


def test_communes_are_checked_against_the_cog_and_can_be_changed(tmp_path):
    with pytest.raises(users.UserError, match="inconnu.*99999"):
        users.add("paul", "elu", "un mot de passe long", communes=["59328", "99999"],
                  data_dir=tmp_path)
    assert users.load(tmp_path) == {}  # nothing half-written
    users.add("paul", "elu", "un mot de passe long", communes=[" 59328", "59328", "59356"],
              data_dir=tmp_path)
    assert users.load(tmp_path)["paul"].communes == ["59328", "59356"]
    users.set_communes("paul", ["59350"], data_dir=tmp_path, by="admin")
    assert users.load(tmp_path)["paul"].communes == ["59350"]
    users.set_communes("paul", [], data_dir=tmp_path)
    assert users.load(tmp_path)["paul"].communes == []
    with pytest.raises(users.UserError, match="n'existe pas"):
        users.set_communes("personne", ["59350"], data_dir=tmp_path)
    changes = [e for e in audit.entries(tmp_path) if e["action"] == "communes_modifiees"]
    assert changes[0]["old_communes"] == ["59328", "59356"] and changes[0]["communes"] == ["59350"]


def test_cli_set_communes(tmp_path, monkeypatch):
    from cli.__main__ import main

    monkeypatch.setenv("TBE_DATA_DIR", str(tmp_path))
    monkeypatch.setattr("sys.stdin", io.StringIO("un mot de passe long\n"))
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        assert main(["users", "add", "lea", "--role", "elu", "--password-stdin"]) == 0
        assert main(["users", "set-communes", "lea", "59328", "59356"]) == 0
        assert main(["users", "set-communes", "lea", "1234"]) == 2
        assert main(["users", "list"]) == 0
    assert "lea\telu\t59328, 59356" in out.getvalue()
    assert "inconnu" in err.getvalue() and "Traceback" not in err.getvalue()


def test_unknown_name_costs_the_same_argon2_check_as_a_wrong_password(tmp_path, monkeypatch):
    """Not a timing assertion: the unknown-name path verifies a password against an Argon2
    hash of the same parameters as the accounts' hashes, as the wrong-password path does."""
    users.add("marie", "elu", "un mot de passe long", data_dir=tmp_path)
    real = users._hasher
    checked = []

    class Spy:
        def hash(self, password):
            return real.hash(password)

        def verify(self, hash_, password):
            checked.append(hash_)
            return real.verify(hash_, password)

    monkeypatch.setattr(users, "_hasher", Spy())
    with pytest.raises(users.UserError, match="incorrect"):
        users.authenticate("inconnu", "un mot de passe long", data_dir=tmp_path)
    assert len(checked) == 1
    with pytest.raises(users.UserError, match="incorrect"):
        users.authenticate("marie", "mauvais mot de passe", data_dir=tmp_path)
    assert len(checked) == 2
    dummy, account = checked
    assert dummy != account
    assert argon2.extract_parameters(dummy) == argon2.extract_parameters(account)
    assert json.loads((tmp_path / "users.json").read_text())[0]["name"] == "marie"  # nothing added
    assert [e["action"] for e in audit.entries(tmp_path)][-2:] == ["connexion_refusee"] * 2
