"""Archived raw files: encrypted at rest, read back by a manager, purged after their
retention (3 months for person-level exports), clear archives of an older version migrated."""

import datetime as dt
import functools
import hashlib
import io
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import settings
from data import archive, audit
from data.catalog import locked
from data.store import Store, StoreError, holds_persons
from tests.data.test_store import commit, count, events

ROOT = Path(__file__).resolve().parents[2]

# -- person-level files, as a PLIE or a Mission Locale exports them -----------------------
PLIE = pd.DataFrame({
    "Identifiant": ["PX-4471", "PX-4472"],
    "Nom": ["Quenouille", "Barthélémy-Strauss"],
    "Prénom": ["Ombeline", "Théodore"],
    "NIR": ["2 71 05 59 350 111 22", "1 84 11 59 599 333 44"],
    "Courriel": ["ombeline.quenouille@exemple.fr", "theo.bs@exemple.net"],
    "Téléphone": ["07 61 23 45 89", "+33 6 98 76 12 34"],
    "Sexe": ["F", "H"],
    "Date de naissance": ["05/05/1971", "11/11/1984"],
    "Code postal": ["59130", "59700"],
    "Commune": ["Lambersart", "Marcq-en-Barœul"],
    "Date d'entrée": ["03/02/2025", "10/03/2025"],
})
ML_YOUNG = pd.DataFrame({
    "Identifiant jeune": ["ML-77001", "ML-77002"],
    "Nom": ["Vandersnickt", "Ziegenbalg"],
    "Prénom": ["Clothilde", "Marius"],
    "NIR": ["2 03 05 59 350 555 66", "1 04 11 59 599 777 88"],
    "Courriel": ["clothilde.v@exemple.org", "marius.ziegenbalg@exemple.com"],
    "Téléphone": ["06 45 67 89 01", "07 12 98 34 56"],
    "Sexe": ["Femme", "Homme"],
    "Date de naissance": ["05/05/2003", "11/11/2004"],
    "Code postal": ["59130", "59700"],
    "Commune": ["Lambersart", "Marcq-en-Barœul"],
    "Date de premier accueil": ["03/02/2025", "10/03/2025"],
})
ML_CONTACTS = pd.DataFrame({"Identifiant jeune": ["ML-77001", "ML-77002"],
                            "Date du contact": ["04/03/2025", "12/03/2025"],
                            "Type de contact": ["Entretien individuel", "Téléphone"]})


def plie_csv() -> bytes:
    return PLIE.to_csv(sep=";", index=False).encode("utf-8")


@functools.cache  # xlsxwriter stamps the time: the same bytes each time they are asked for
def ml_xlsx() -> bytes:
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="xlsxwriter") as writer:
        ML_YOUNG.to_excel(writer, sheet_name="Jeunes", index=False)
        ML_CONTACTS.to_excel(writer, sheet_name="Contacts", index=False)
    return buf.getvalue()


def personal_values(parsed_forms: bool = True) -> list[str]:
    """Every name, NIR, e-mail, phone number and source identifier of the two files, as
    written and (`parsed_forms`) in the form they could take once parsed (digits only)."""
    values = []
    for df, id_col in ((PLIE, "Identifiant"), (ML_YOUNG, "Identifiant jeune")):
        for col in (id_col, "Nom", "Prénom", "NIR", "Courriel", "Téléphone"):
            values += list(df[col])
        if parsed_forms:
            values += ["".join(c for c in v if c.isdigit()) for v in (*df["NIR"], *df["Téléphone"])]
    return values


def import_person_files(store: Store) -> list:
    from ingest.pipeline import commit as commit_file
    from ingest.pipeline import prepare

    return [commit_file(store, prepare(store, plie_csv(), "plie_participants.csv", territory="mno")),
            commit_file(store, prepare(store, ml_xlsx(), "mission_locale.xlsx", territory="mno"))]


def plie_frame() -> pd.DataFrame:
    return pd.DataFrame({
        "person_key": ["a1", "b2"], "code_insee": ["59328", "59328"], "qpv_code": [None, None],
        "sex": ["F", "H"], "age_at_entry": [40, 30], "rsa": [True, False], "education_level": [3, 4],
        "prescriber": ["x", "y"], "entry_date": pd.to_datetime(["2025-02-03", "2025-03-10"]),
        "exit_date": [None, None], "exit_kind": [None, None], "exit_reason": [None, None],
    })


def commit_plie(store: Store, raw: bytes, territory: str = "mno"):
    return store.commit_import(source="plie", territory=territory, period="2025-03",
                               frames={"plie_participants": plie_frame()},
                               file_name="plie.csv", raw=raw)


def backdate(store: Store, import_id: int, days: int) -> None:
    """Make an import look `days` days old, as if it had been made then."""
    with locked(store.lock_path):
        cat = store.catalog()
        rec = cat.get(import_id)
        rec.created_at = (dt.datetime.now(dt.UTC) - dt.timedelta(days=days)).isoformat(timespec="seconds")
        store._write_catalog(cat)


# -- encryption ------------------------------------------------------------------------------
def test_archived_raw_file_is_encrypted_with_a_per_installation_key(tmp_path):
    store = Store(tmp_path / "a")
    raw = plie_csv()
    rec = commit_plie(store, raw)
    blob = (store.data_dir / rec.archive_path).read_bytes()
    assert rec.archive_path.endswith(".enc") and blob.startswith(archive.MAGIC)
    for value in personal_values()[:12]:
        assert value.encode() not in blob
    key_file = store.data_dir / "archive.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(bytes.fromhex(key_file.read_text())) == 32
    assert key_file.read_bytes() != store.secret_key()  # not the pseudonymisation secret
    # the catalogue keeps the fingerprint of the clear file (identical re-imports)
    assert rec.sha256 == hashlib.sha256(raw).hexdigest()
    assert store.read_archive(rec.id) == ("plie.csv", raw)

    # a random nonce per file: the same file archived twice gives two ciphertexts
    again = commit_plie(store, raw, territory="melt")
    assert (store.data_dir / again.archive_path).read_bytes() != blob

    # another installation has another key: the file alone cannot be read there
    other = Store(tmp_path / "b")
    commit_plie(other, b"autre fichier")
    assert (other.data_dir / "archive.key").read_bytes() != key_file.read_bytes()
    (other.data_dir / rec.archive_path).write_bytes(blob)
    with locked(other.lock_path):
        cat = other.catalog()
        cat.imports[0].archive_path, cat.imports[0].sha256 = rec.archive_path, rec.sha256
        other._write_catalog(cat)
    with pytest.raises(StoreError, match="déchiffré"):
        other.read_archive(1)


def test_a_damaged_archive_is_refused_not_returned(empty_store):
    rec = commit_plie(empty_store, plie_csv())
    path = empty_store.data_dir / rec.archive_path
    blob = bytearray(path.read_bytes())
    blob[-20] ^= 0x01
    path.write_bytes(bytes(blob))
    with pytest.raises(StoreError, match="déchiffré"):
        empty_store.read_archive(rec.id)
    with pytest.raises(StoreError, match="n'existe pas"):
        empty_store.read_archive(99)


def test_reading_an_archive_back_is_audited(empty_store):
    rec = commit_plie(empty_store, plie_csv())
    empty_store.read_archive(rec.id, user="marie")
    last = audit.entries(empty_store.data_dir)[-1]
    assert (last["action"], last["user"], last["import_id"]) == ("lecture_archive", "marie", rec.id)


def test_identical_reimport_is_still_detected(empty_store):
    raw = plie_csv()
    first = commit_plie(empty_store, raw)
    assert commit_plie(empty_store, raw).id == first.id
    empty_store.purge_archive(person_months=0, now=dt.datetime.now(dt.UTC) + dt.timedelta(days=1))
    assert empty_store.catalog().get(first.id).archive_purged_at
    assert commit_plie(empty_store, raw).id == first.id  # even once its raw file is purged
    assert len(empty_store.catalog().imports) == 1


# -- which imports are person-level -------------------------------------------------------------
def test_person_level_sources_are_those_the_profiles_mark_individual():
    from ingest.profiles import SOURCES

    for source in SOURCES.values():
        assert holds_persons([s.table for s in source.sheets]) == source.individual, source.key


def test_imports_through_the_pipeline_are_flagged_person_level(empty_store):
    plie, ml = import_person_files(empty_store)
    assert plie.person_level and ml.person_level and (plie.source, ml.source) == ("plie", "ml")
    assert commit(empty_store, events(3)).person_level is False


# -- retention ------------------------------------------------------------------------------------
def test_person_level_archives_are_kept_3_months_the_others_24(empty_store):
    assert settings.PERSON_ARCHIVE_RETENTION_MONTHS == 3
    assert settings.ARCHIVE_RETENTION_MONTHS == 24
    person = commit_plie(empty_store, plie_csv())
    other = commit(empty_store, events(3))
    now = dt.datetime.now(dt.UTC)
    assert empty_store.purge_archive(now=now + dt.timedelta(days=80)) == []
    assert empty_store.purge_archive(now=now + dt.timedelta(days=100)) == [person.id]
    assert not (empty_store.data_dir / person.archive_path).exists()
    assert (empty_store.data_dir / other.archive_path).exists()
    assert empty_store.purge_archive(now=now + dt.timedelta(days=700)) == []
    assert empty_store.purge_archive(now=now + dt.timedelta(days=740)) == [other.id]
    assert count(empty_store) == 3  # the imported rows stay
    with pytest.raises(StoreError, match="supprimé"):
        empty_store.read_archive(person.id)


def test_person_retention_is_a_setting_overridable_by_environment():
    code = "import settings; print(settings.PERSON_ARCHIVE_RETENTION_MONTHS)"
    env = {**os.environ, "TBE_PERSON_ARCHIVE_RETENTION_MONTHS": "1"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                         text=True, check=True).stdout
    assert out.strip() == "1"


def test_purge_runs_at_each_import_and_is_audited(empty_store):
    old = commit_plie(empty_store, plie_csv())
    backdate(empty_store, old.id, days=100)
    kept = commit(empty_store, events(3))  # an aggregated import 100 days old stays
    backdate(empty_store, kept.id, days=100)
    commit(empty_store, events(4), period="2024")
    cat = empty_store.catalog()
    assert cat.get(old.id).archive_purged_at and not cat.get(kept.id).archive_purged_at
    assert not (empty_store.data_dir / old.archive_path).exists()
    purge = [e for e in audit.entries(empty_store.data_dir) if e["action"] == "purge_archives"]
    assert [(e["imports"], e["reason"], e["person_months"]) for e in purge] == [([old.id], "import", 3)]


def test_purge_runs_when_the_app_starts_and_again_while_it_serves(empty_store, monkeypatch):
    first = commit_plie(empty_store, plie_csv())
    backdate(empty_store, first.id, days=100)
    app = Store(empty_store.data_dir)  # a new process: the app starting
    app.connection().close()
    assert app.catalog().get(first.id).archive_purged_at
    second = commit_plie(app, b"Identifiant;Nom\nPX-1;Autre\n", territory="melt")
    backdate(app, second.id, days=100)
    app.connection().close()  # within the interval: not yet
    assert not app.catalog().get(second.id).archive_purged_at
    monkeypatch.setattr("data.store.MAINTENANCE_INTERVAL_S", 0)
    app.connection().close()
    assert app.catalog().get(second.id).archive_purged_at


# -- migration of clear archives written by an older version ------------------------------------
def old_version_store(path: Path, monkeypatch) -> tuple[Store, list, dict[int, bytes]]:
    """A data directory as the version before encryption left it: clear raw files named
    without `.enc`, no archive key, catalogue entries without `person_level`, plus a stale
    temporary file and the clear raw file of an import interrupted before its catalogue."""
    def clear_archive(self, import_id, sha, file_name, raw):
        rel = f"archive/{import_id:06d}-{sha[:12]}-{Path(file_name).name}"
        (self.data_dir / rel).write_bytes(raw)
        return rel

    store = Store(path)
    with monkeypatch.context() as m:
        m.setattr(Store, "_archive", clear_archive)
        m.setattr(Store, "purge_archive", lambda self, **kw: [])
        m.setattr(Store, "maintain_if_due", lambda self, **kw: None)
        recs = [commit_plie(store, plie_csv()), commit(store, events(3))]
    raws = {recs[0].id: plie_csv(), recs[1].id: events(3).to_csv().encode()}
    text = json.loads(store.catalog_path.read_text())
    for r in text["imports"]:
        del r["person_level"]
    store.catalog_path.write_text(json.dumps(text))
    (store.data_dir / "archive.key").unlink(missing_ok=True)
    (store.archive_dir / ".000003-abc-plie.csv.4242.tmp").write_bytes(plie_csv())
    (store.archive_dir / "000003-abcdef123456-plie.csv").write_bytes(plie_csv())
    return store, recs, raws


def assert_migrated(store: Store, recs: list, raws: dict[int, bytes]) -> None:
    cat = store.catalog()
    files = sorted(p.name for p in store.archive_dir.iterdir())
    assert files == sorted(Path(cat.get(r.id).archive_path).name for r in recs)
    for path in store.archive_dir.iterdir():
        blob = path.read_bytes()
        assert blob.startswith(archive.MAGIC) and b"Quenouille" not in blob
    for r in recs:
        assert store.read_archive(r.id)[1] == raws[r.id]
    assert cat.get(recs[0].id).person_level is None and store.is_person_level(cat.get(recs[0].id))
    assert not store.is_person_level(cat.get(recs[1].id))
    done = [e for e in audit.entries(store.data_dir) if e["action"] == "chiffrement_archives"]
    assert [(e["imports"], e["removed_files"]) for e in done] == [([r.id for r in recs], 2)]


def test_clear_archives_of_an_older_version_are_encrypted_at_first_start(tmp_path, monkeypatch):
    store, recs, raws = old_version_store(tmp_path / "old", monkeypatch)
    assert b"Quenouille" in (store.data_dir / recs[0].archive_path).read_bytes()
    Store(store.data_dir).connection().close()  # the app starting on this directory
    assert_migrated(store, recs, raws)


def test_clear_archives_are_encrypted_by_the_cli_command(tmp_path, monkeypatch, capsys):
    from cli.__main__ import main

    store, recs, raws = old_version_store(tmp_path / "old", monkeypatch)
    monkeypatch.setenv("TBE_DATA_DIR", str(store.data_dir))
    assert main(["archive", "encrypt"]) == 0
    assert "2 fichier(s) brut(s) chiffré(s), 2 fichier(s) non référencé(s)" in capsys.readouterr().out
    assert_migrated(store, recs, raws)


def test_old_person_level_archives_get_the_short_retention(tmp_path, monkeypatch):
    store, recs, _ = old_version_store(tmp_path / "old", monkeypatch)
    for r in recs:
        backdate(store, r.id, days=100)
    Store(store.data_dir).connection().close()
    cat = store.catalog()
    assert cat.get(recs[0].id).archive_purged_at and not cat.get(recs[1].id).archive_purged_at
    assert [p.name for p in store.archive_dir.iterdir()] == [Path(cat.get(recs[1].id).archive_path).name]


def test_a_migration_interrupted_after_the_catalogue_leaves_no_clear_copy(tmp_path, monkeypatch):
    store, recs, raws = old_version_store(tmp_path / "old", monkeypatch)
    clear = store.data_dir / recs[0].archive_path
    # as if the process had died after writing the catalogue, before deleting the clear file
    with monkeypatch.context() as m:
        m.setattr(Path, "unlink", lambda self, missing_ok=False: None)
        store.secure_archives()
    assert clear.exists() and store.catalog().get(recs[0].id).archive_path.endswith(".enc")
    store.secure_archives()
    assert not clear.exists()
    assert store.read_archive(recs[0].id)[1] == raws[recs[0].id]


# -- command line ---------------------------------------------------------------------------------
def test_cli_archive_get_writes_the_clear_file_for_a_manager(tmp_path, monkeypatch, capsys):
    from cli.__main__ import main

    store = Store(tmp_path / "store")
    rec = commit_plie(store, plie_csv())
    monkeypatch.setenv("TBE_DATA_DIR", str(store.data_dir))
    out = tmp_path / "copie.csv"
    assert main(["archive", "get", str(rec.id), "--out", str(out), "--user", "marie"]) == 0
    assert out.read_bytes() == plie_csv() and stat.S_IMODE(out.stat().st_mode) == 0o600
    assert "données personnelles" in capsys.readouterr().out
    assert audit.entries(store.data_dir)[-1]["action"] == "lecture_archive"
    assert main(["archive", "get", str(rec.id), "--out", str(out)]) == 2  # never overwrites
    assert "existe déjà" in capsys.readouterr().err
    assert main(["archive", "get", "42", "--out", str(tmp_path / "x.csv")]) == 2
    assert "n'existe pas" in capsys.readouterr().err

    backdate(store, rec.id, days=100)
    assert main(["history"]) == 0  # any command purges what is past its retention first
    purged_at = store.catalog().get(rec.id).archive_purged_at
    assert purged_at and f"supprimé le {purged_at[:10]}" in capsys.readouterr().out
    assert not (tmp_path / "y.csv").exists()
    assert main(["archive", "get", str(rec.id), "--out", str(tmp_path / "y.csv")]) == 2
    assert "supprimé" in capsys.readouterr().err


def test_cli_purge_archive_takes_both_retentions(tmp_path, monkeypatch, capsys):
    from cli.__main__ import main

    store = Store(tmp_path / "store")
    person = commit_plie(store, plie_csv())
    other = commit(store, events(3))
    monkeypatch.setenv("TBE_DATA_DIR", str(store.data_dir))
    assert main(["history"]) == 0
    assert "chiffré, jusqu'au" in capsys.readouterr().out
    assert main(["purge-archive", "--months", "0", "--person-months", "12"]) == 0
    assert "1 fichier(s) brut(s) supprimé(s)" in capsys.readouterr().out
    cat = store.catalog()
    assert cat.get(other.id).archive_purged_at and not cat.get(person.id).archive_purged_at
    assert main(["purge-archive", "--person-months", "-1"]) == 2
