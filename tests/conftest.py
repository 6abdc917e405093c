"""Shared fixtures: a store loaded once with the demo data of both territories."""

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from data.store import Store

CACHE_DIR = Path(__file__).resolve().parent.parent / ".pytest_cache" / "demo_store"


def _fingerprint() -> str:
    """Changes when the demo generator, the importer or the schema change."""
    root = Path(__file__).resolve().parent.parent
    parts = []
    for pattern in ("data/*.py", "ingest/*.py"):
        for p in sorted(root.glob(pattern)):
            parts.append(f"{p}:{p.stat().st_mtime_ns}:{p.stat().st_size}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


@pytest.fixture(scope="session")
def demo_data_dir(tmp_path_factory) -> Path:
    """A data directory holding the demo data, loaded through the import pipeline.

    Built once per session (and reused across sessions while the generator and the
    importer are unchanged); every test gets the same read-only store, and the env
    variable TBE_DATA_DIR points at it so the app uses it too.
    """
    from data import demo

    stamp = CACHE_DIR / "fingerprint"
    if not (stamp.exists() and stamp.read_text() == _fingerprint()):
        shutil.rmtree(CACHE_DIR, ignore_errors=True)
        demo.load(Store(CACHE_DIR), log=lambda *_: None)
        stamp.write_text(_fingerprint())
    os.environ["TBE_DATA_DIR"] = str(CACHE_DIR)
    return CACHE_DIR


@pytest.fixture(scope="session")
def demo_store(demo_data_dir) -> Store:
    return Store(demo_data_dir)


@pytest.fixture
def empty_store(tmp_path) -> Store:
    return Store(tmp_path / "store")


@pytest.fixture(scope="session")
def onpv_store(tmp_path_factory) -> Store:
    """A store holding only the small ONPV and job-seeker files of `tests/onpv_files.py`
    (MNO), read-only for the tests that share it."""
    from tests import onpv_files

    return onpv_files.load(Store(tmp_path_factory.mktemp("onpv_store")))
