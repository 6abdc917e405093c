"""Shared fixtures: a store loaded once with the demo data of both territories."""

import fcntl
import hashlib
import os
import shutil
from pathlib import Path

import pytest

# The app's background preparation of reference figures (queries/references.py) stays
# off (before `settings` reads it): pages compute them, and no thread works behind a
# test's back. tests/queries/test_references.py prepares them where it checks them.
os.environ.setdefault("TBE_PREPARE_REFERENCES", "0")

from data.store import Store  # noqa: E402

CACHE_DIR = Path(__file__).resolve().parent.parent / ".pytest_cache" / "demo_store"


def _fingerprint() -> str:
    """Changes when the demo generator, the importer or the schema change."""
    root = Path(__file__).resolve().parent.parent
    parts = []
    for pattern in ("data/*.py", "demo/*.py", "ingest/*.py"):
        for p in sorted(root.glob(pattern)):
            parts.append(f"{p}:{p.stat().st_mtime_ns}:{p.stat().st_size}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


@pytest.fixture(autouse=True)
def _fresh_shared_results():
    """Each test starts without the query results an earlier test's pages left for the
    same store version (queries/runner.py: shared results), so that counting the queries a
    piece of code runs does not depend on the tests before it."""
    from queries import references, runner
    runner.clear_shared()
    runner.forget_prepared()
    references.forget()


@pytest.fixture(scope="session")
def demo_data_dir(tmp_path_factory) -> Path:
    """A data directory holding the demo data, loaded through the import pipeline.

    Built once per session (and reused across sessions while the generator and the
    importer are unchanged); every test gets the same read-only store, and the env
    variable TBE_DATA_DIR points at it so the app uses it too.
    """
    from demo import generate

    stamp = CACHE_DIR / "fingerprint"
    CACHE_DIR.parent.mkdir(parents=True, exist_ok=True)
    # the test workers (`make test` runs two) build it once: the first holds the lock
    with open(CACHE_DIR.parent / "demo_store.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (stamp.exists() and stamp.read_text() == _fingerprint()):
            shutil.rmtree(CACHE_DIR, ignore_errors=True)
            generate.load(Store(CACHE_DIR), log=lambda *_: None)
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


# The longest files start first, so that `make test`'s two workers finish together (a file
# stays on one worker: its tests share module fixtures). xdist would otherwise order the files
# by their number of tests (`--loadscope-reorder`, its default), which left long files of one
# or two tests (the map in Chromium, the OIDC login) for the end: the Makefile turns that off.
# Measured with `make test` on the 2-core machine (seconds a file took, slowest first).
LONGEST_FIRST = ("tests/queries/test_aggregates.py", "tests/proof/test_no_small_counts.py",
                 "tests/browser/test_browser.py", "tests/browser/test_sessions.py",
                 "tests/proof/test_crash_and_concurrency.py", "tests/queries/test_references.py",
                 "tests/data/test_store.py", "tests/cli/test_export_cli.py",
                 "tests/browser/test_login_gate.py", "tests/browser/test_narrow.py",
                 "tests/queries/test_narrative.py", "tests/browser/test_map_offline.py",
                 "tests/test_territory_outside_nord.py", "tests/proof/test_bad_input.py",
                 "tests/geo/test_maps.py")


def pytest_collection_modifyitems(config, items):
    rank = {path: n for n, path in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::")[0], len(rank)))
