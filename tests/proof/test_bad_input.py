"""Proof: bad or hostile files get a clear French message, no traceback, and the store is unchanged."""

import contextlib
import io

import pytest

import settings
from cli.__main__ import main
from tests.proof.corpus import bad_files, hostile_but_valid

FORCED_SOURCE = {"evenements_plie.csv": "plie"}
BOMB_LIMIT = 5 * 1024 * 1024


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def store_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("TBE_DATA_DIR", str(tmp_path / "store"))
    monkeypatch.setattr(settings, "MAX_UNCOMPRESSED_BYTES", BOMB_LIMIT)
    # a first good import, so "unchanged" means something
    good = tmp_path / "ok.csv"
    good.write_text("Date;Événement;Commune;Exposants;Participants\n01/02/2025;Job dating;Lambersart;3;30\n",
                    encoding="utf-8")
    assert run_cli(["import", str(good)])[0] == 0
    return tmp_path / "store"


CASES = bad_files(bomb_size=BOMB_LIMIT + 1024)


def test_corpus_is_large_enough():
    assert len(CASES) + len(hostile_but_valid()) >= 40


@pytest.mark.parametrize("case, name, data", CASES, ids=[c[0] for c in CASES])
def test_bad_file_is_refused_in_french_and_changes_nothing(case, name, data, store_dir, tmp_path):
    catalog_before = (store_dir / "catalog.json").read_bytes()
    path = tmp_path / "upload" / name.replace("/", "_")
    path.parent.mkdir()
    path.write_bytes(data)
    argv = ["import", str(path)]
    if name in FORCED_SOURCE:
        argv += ["--source", FORCED_SOURCE[name]]
    code, out, err = run_cli(argv)
    assert code == 2, (case, out, err)
    assert err.startswith("Erreur : "), err
    assert "Traceback" not in err + out and "Erreur interne" not in err
    assert any(w in err.lower() for w in ("fichier", " pas ", "aucune", "ligne", "colonne", "commune"))
    assert (store_dir / "catalog.json").read_bytes() == catalog_before
    assert not [p for p in (store_dir / "imports").iterdir() if p.name.startswith(".tmp")]


@pytest.mark.parametrize("case, name, data", hostile_but_valid(),
                         ids=[c[0] for c in hostile_but_valid()])
def test_hostile_text_is_stored_as_inert_text(case, name, data, store_dir, tmp_path):
    from data.store import Store

    path = tmp_path / "upload" / "f"
    path.mkdir(parents=True)
    target = path / name.replace("/", "_")
    target.write_bytes(data)
    code, out, err = run_cli(["import", str(target)])
    assert code == 0, err
    store = Store(store_dir)
    rec = max(store.catalog().active(), key=lambda r: r.id)
    archive = (store_dir / rec.archive_path).resolve()
    assert archive.is_relative_to(store_dir.resolve())  # a file name cannot escape the store
    names = [n for (n,) in store.connection().execute("select name from mde_events").fetchall()]
    if "formule" in case:
        assert "=cmd|'/C calc'!A0" in names and "@SUM(1+1)" in names
