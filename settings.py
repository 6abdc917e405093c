"""Every setting of the application, in one place, each documented.

Values can be overridden by environment variables named `TBE_<NAME>`.
"""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def _env(name: str, default: str) -> str:
    return os.environ.get(f"TBE_{name}", default)


def data_dir() -> Path:
    """Where the store lives: catalogue of imports, Parquet files, archived raw files,
    the per-installation secret (env TBE_DATA_DIR, default `data/`). Created on first
    use; what it holds at run time is ignored by git. Read at call time so tests can
    point it elsewhere."""
    return Path(_env("DATA_DIR", str(ROOT / "data")))

# Reference files shipped with the repository (COG, populations, postal codes, ASP lists).
REF_DIR = ROOT / "data" / "ref"
GEO_DIR = ROOT / "geo" / "data"

# Largest file a manager may upload, in bytes (the import refuses larger files).
MAX_UPLOAD_BYTES = int(_env("MAX_UPLOAD_BYTES", str(50 * 1024 * 1024)))

# Largest uncompressed size of an xlsx/ods archive (zip-bomb guard), in bytes.
MAX_UNCOMPRESSED_BYTES = int(_env("MAX_UNCOMPRESSED_BYTES", str(500 * 1024 * 1024)))

# Statistical secret: person counts below this threshold are masked for officials.
SECRET_THRESHOLD = int(_env("SECRET_THRESHOLD", "11"))

# How many months an archived raw file (encrypted, see data/archive.py) is kept before
# it is purged, for aggregated sources (job seekers, QPV, events, indicator tables).
ARCHIVE_RETENTION_MONTHS = int(_env("ARCHIVE_RETENTION_MONTHS", "24"))

# The same for person-level exports (PLIE, Mission Locale, clauses: one row per person,
# names, NIR, e-mails and phone numbers in the raw file): kept only long enough to
# re-import or check a recent file. The purge runs at each import, when the app starts
# (then hourly while it serves), at each `python -m cli` command and before a backup.
PERSON_ARCHIVE_RETENTION_MONTHS = int(_env("PERSON_ARCHIVE_RETENTION_MONTHS", "3"))

# Login sessions (`data/sessions.py`): a session ends after this many minutes without
# activity (decimals allowed, e.g. 0.5), and in any case this many hours after login (also
# the lifetime of the session cookie in the browser).
SESSION_MINUTES = float(_env("SESSION_MINUTES", "30"))
SESSION_MAX_HOURS = float(_env("SESSION_MAX_HOURS", "12"))

# How many parts of a page (the selection, the year before, the reference territory) query
# the store at once (`queries.runner.parallel`): DuckDB plans and runs a query without
# holding Python's lock, and planning our queries costs more than running them on a few
# communes. 1 runs them one after the other.
QUERY_THREADS = max(1, int(_env("QUERY_THREADS", str(min(4, os.cpu_count() or 1)))))

# Query results the cursors of one store version share (`queries.runner.run_once`): the
# reference territory's figures, the year before, a territory's figures asked by several
# pages and sessions are computed once per version. Bounded: the least recently used go
# beyond this many megabytes (0 turns the sharing off).
QUERY_CACHE_MB = float(_env("QUERY_CACHE_MB", "64"))

# The app prepares the reference territories' figures of each new store version in a
# background thread (queries/references.py): a page then reads them instead of computing
# them. 0 leaves them to the pages (the test suite: no thread behind the tests' back).
PREPARE_REFERENCES = _env("PREPARE_REFERENCES", "1") != "0"

# Maximum entries of each Streamlit data cache (bounded memory).
CACHE_MAX_ENTRIES = int(_env("CACHE_MAX_ENTRIES", "64"))

# Built-in territories (the others are data: `python -m cli territory add`, read with
# them through `data.territories.definitions()`, never from here directly). Their
# `communes` are read from geo/data/territoires_melt_mno.csv;
# `fte_hours` converts insertion-clause hours into full-time equivalents (the MNO
# report uses the statutory 1 607 h; the MELT report's figures imply about 1 810 h);
# `senior_age` and `low_level_max` follow each report's own definitions.
TERRITORIES = {
    "mno": {
        "label": "Métropole Nord-Ouest (ALPES)",
        "csv_code": "MNO",
        "fte_hours": 1607,
        "senior_age": 50,
        "low_level_max": 3,  # niveau ≤ CAP
        "demo_years": (2024, 2025),
    },
    "melt": {
        "label": "Lys-Tourcoing (MELT)",
        "csv_code": "MELT",
        "fte_hours": 1810,
        "senior_age": 45,
        "low_level_max": 4,  # niveau ≤ BAC
        "demo_years": (2022, 2023),
    },
}
