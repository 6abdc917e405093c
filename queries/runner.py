"""Run a named SQL file of `queries/sql/` with bound parameters, at most once per page.

Every SQL text of the app's queries lives in `queries/sql/` (a test holds the Python
modules to it: `tests/queries/test_sql_in_files.py`); this module is the only one that
hands them to DuckDB.
"""

import contextlib
import contextvars
import datetime as dt
import functools
import re
import threading
import weakref
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import pandas as pd

import settings
from data import store

SQL_DIR = Path(__file__).parent / "sql"
# A query may have a calendar-year form, `sql/calendar_year/<name>.sql`: the same result, read
# from the sums per year made at the store's build (data/store.py: derive) instead of the
# persons' rows. `run` takes it when $start … $end is one calendar year up to the current one
# (the sums reach at least next year): every page's period. Its text is short, and DuckDB
# spends more time planning our queries than running them on a few communes.
CALENDAR_YEAR_DIR = SQL_DIR / "calendar_year"
PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")
# A line `-- include: name` is replaced by the text of `sql/_name.sql`: common table
# expressions shared by several queries (a file whose name starts with `_` is no query).
INCLUDE = re.compile(r"^[ \t]*-- include: ([a-z_][a-z0-9_]*)[ \t]*$", re.MULTILINE)


@functools.cache
def sql_text(name: str) -> str:
    path = SQL_DIR / f"{name}.sql"
    if not path.is_file():
        raise KeyError(f"unknown query {name!r}")
    return INCLUDE.sub(lambda m: sql_text(f"_{m[1]}").rstrip("\n"), path.read_text(encoding="utf-8"))


@functools.cache
def calendar_year_text(name: str) -> str | None:
    """The calendar-year form of a query, or None when it has none."""
    path = CALENDAR_YEAR_DIR / f"{name}.sql"
    if not path.is_file():
        return None
    return INCLUDE.sub(lambda m: sql_text(f"_{m[1]}").rstrip("\n"), path.read_text(encoding="utf-8"))


def calendar_year_names() -> list[str]:
    return sorted(p.stem for p in CALENDAR_YEAR_DIR.glob("*.sql"))


def is_calendar_year(start, end, today: dt.date | None = None) -> bool:
    """Whether [start, end] is one whole calendar year, not after the current one."""
    if not isinstance(start, dt.date) or not isinstance(end, dt.date):
        return False
    if isinstance(start, dt.datetime) or isinstance(end, dt.datetime):
        return False
    year = start.year
    return (start == dt.date(year, 1, 1) and end == dt.date(year, 12, 31)
            and year <= (today or dt.date.today()).year)


def text_for(name: str, params: dict) -> str:
    """The SQL text `run` executes for these parameters (its calendar-year form or not)."""
    form = calendar_year_text(name)
    if form is not None and is_calendar_year(params.get("start"), params.get("end")):
        return form
    return sql_text(name)


def parameters(name: str) -> set[str]:
    """The parameters a query may use (both forms: the caller passes the same ones)."""
    return set(PARAM.findall(sql_text(name))) | set(PARAM.findall(calendar_year_text(name) or ""))


def query_names() -> list[str]:
    return sorted(p.stem for p in SQL_DIR.glob("*.sql") if not p.stem.startswith("_"))


def _bound(name: str, params: dict) -> tuple[str, dict]:
    """(the text to run, the parameters it uses) for a call of query `name`."""
    missing = parameters(name) - params.keys()
    if missing:
        raise TypeError(f"query {name!r} needs parameters {sorted(missing)}")
    text = text_for(name, params)
    used = set(PARAM.findall(text))
    return text, {k: v for k, v in params.items() if k in used}


def run(con: duckdb.DuckDBPyConnection, name: str, **params) -> pd.DataFrame:
    """Execute `sql/<name>.sql` (or its calendar-year form); parameters are bound, never
    formatted into the text."""
    text, bound = _bound(name, params)
    return con.execute(text, bound).df()


def scalar(con: duckdb.DuckDBPyConnection, name: str, **params):
    """The first column of the first row of `sql/<name>.sql` (a yes/no check, a count),
    without building a DataFrame."""
    text, bound = _bound(name, params)
    return con.execute(text, bound).fetchone()[0]


# Queries already run in the current page (`one_page`): {(connection, query, parameters): frame}
_PAGE: contextvars.ContextVar[dict | None] = contextvars.ContextVar("page_queries", default=None)


@contextlib.contextmanager
def one_page():
    """Within this block, a query asked twice with the same parameters runs once: the pieces
    of a page (the selection, the year before, the key figures) ask for the same ones."""
    if _PAGE.get() is not None:
        yield
        return
    token = _PAGE.set({})
    try:
        yield
    finally:
        _PAGE.reset(token)


# Within `unshared`, `run_once` keeps its frames to the page (`one_page`) only: work done
# once for a store version (queries/references.py) would otherwise push the pages' frames
# out of the shared results with its own (a France-wide reference: 35 000 rows a query).
_UNSHARED: contextvars.ContextVar[bool] = contextvars.ContextVar("unshared", default=False)


@contextlib.contextmanager
def _within(flag: contextvars.ContextVar[bool]):
    """`flag` set within the block (this thread, and the parts `parallel` starts there)."""
    token = flag.set(True)
    try:
        yield
    finally:
        flag.reset(token)


def unshared():
    return _within(_UNSHARED)


def version_of(con: duckdb.DuckDBPyConnection) -> str | None:
    """The token of the store version `con` reads (a cursor of `parallel` included), None
    for a connection no store gave."""
    return _token(con)


def within_one_page(fn):
    """Decorator: the function's queries run within `one_page` (a page of the app, a
    workbook, a fiche, the AG slides: each asks for the territory's figures several times)."""
    @functools.wraps(fn)
    def wrapped(*args, **kwargs):
        with one_page():
            return fn(*args, **kwargs)
    return wrapped


def run_once(con: duckdb.DuckDBPyConnection, name: str, **params) -> pd.DataFrame:
    """`run`, or a copy of the frame the same query already gave: within `one_page`, on
    the same cursor; on any cursor of the same store version, while the shared results
    (`settings.QUERY_CACHE_MB`) keep it, or when the version prepared it."""
    if _PAGE.get() is None and (_UNSHARED.get() or _token(con) is None):
        return run(con, name, **params)
    return _once(con, name, _key_args(name, params), lambda: run(con, name, **params))


def _once(con: duckdb.DuckDBPyConnection, name: str, args: tuple,
          compute) -> pd.DataFrame:
    """A copy of result `(name, args)` of `con`'s version: from the page's memo, the
    version's prepared results, the shared results, or `compute()` (kept in each)."""
    memo = _PAGE.get()
    token = None if _UNSHARED.get() else _token(con)
    key = (_owner(con), name, args)
    if memo is not None and key in memo:
        return _copy(memo[key])
    if token is None:
        frame = compute()
    elif (frame := _prepared(token, name, args)) is None:
        shared = (token, name, args)
        frame = _SHARED.get_or_claim(shared)
        # (a page woken by the preparation's thread reads what it prepared: a France-wide
        # result is too big to be shared, and computing it again doubled the work on the
        # machine's cores while the preparation ran)
        if frame is None and (frame := _prepared(token, name, args)) is not None:
            _SHARED.done(shared, None)
        elif frame is None:  # this thread computes it; others asking meanwhile wait for it
            try:
                frame = compute()
                if _PREPARING.get():  # kept before the waiting threads wake
                    _prepare(token, name, args, frame)
            finally:
                _SHARED.done(shared, frame)
        elif _PREPARING.get():
            _prepare(token, name, args, frame)
    if memo is not None:
        memo[key] = frame
    return _copy(frame)


def _copy(result):
    """A copy a caller may change: frames copied, dicts and lists rebuilt around copies,
    the rest (numbers, dates, strings, None, and objects holding read-only arrays, such as
    `masking.SecretRows`) as it is."""
    if isinstance(result, pd.DataFrame):
        return result.copy()
    if isinstance(result, dict):
        return {k: _copy(v) for k, v in result.items()}
    if isinstance(result, list):
        return [_copy(v) for v in result]
    return result


def kept(fn):
    """Decorator of `fn(con, *args)` giving a DataFrame (or a dict of frames and values: a
    dashboard's figures before the secret) that depends only on the store version and its
    hashable `args` (the key figures of a territory, a commune): its result is kept as a
    query's is (`run_once`: the page's memo, the version's prepared and shared results),
    callers get copies. A fiche asks for the key figures three times and the Python around
    their queries cost more than reading them; a France-wide page's Python (35 000
    communes) costs more than its queries."""
    label = f"{fn.__module__}.{fn.__qualname__}"

    @functools.wraps(fn)
    def wrapped(con, *values):
        # (position, value): the shape of a query's arguments
        return _once(con, label, tuple(enumerate(values)), lambda: fn(con, *values))
    return wrapped


def _key_args(name: str, params: dict) -> tuple:
    """The parameters that name a result. A selection of communes is a set for every query
    (a row per commune and one for all; no query orders its rows by the list's order): the
    same communes listed in another order are the same result. (A territory's list and a
    reference's, or a page's and a fiche's, come in different orders.)"""
    out = []
    for k, v in params.items():
        if k not in parameters(name):
            continue
        if isinstance(v, (list, tuple)):
            v = _as_set(tuple(v)) if k == "communes" else tuple(v)
        out.append((k, v))
    return tuple(sorted(out))


@functools.lru_cache(maxsize=64)
def _as_set(communes: tuple) -> tuple:
    """A selection's communes in one order (kept: sorting France's 35 000 codes took 3 ms,
    for each query a page reads; hashing the tuple to find them, a tenth of that)."""
    return tuple(sorted(communes, key=str))


# -- results shared by the cursors of a store version -------------------------------------
# A store version never changes once it serves (data/store.py: `version_token`): a query
# gives the same frame to every page, session and thread reading it. The frames are kept
# here, least recently used dropped first, within `settings.QUERY_CACHE_MB`; no caller
# gets a kept frame itself, only a copy (`run_once`). The person counts are raw, as the
# queries give them: the statistical secret applies after, by audience, as without it.
class _SharedResults:
    def __init__(self):
        self._lock = threading.Lock()
        self._frames: OrderedDict[tuple, tuple[pd.DataFrame, int]] = OrderedDict()
        # a computation under way: its event, and its result for whoever waited on it
        self._running: dict[tuple, tuple[threading.Event, list]] = {}
        self.bytes = 0

    def get_or_claim(self, key: tuple) -> pd.DataFrame | None:
        """The kept frame; or None, and the caller computes it then calls `done`. While
        another thread computes the same key (the parts of a page, sessions after an
        import), wait for it rather than run the query twice at once. (A computation is
        one query, which never waits on another: no thread waits for itself.)"""
        while True:
            with self._lock:
                hit = self._frames.get(key)
                if hit is not None:
                    self._frames.move_to_end(key)
                    return hit[0]
                running = self._running.get(key)
                if running is None:
                    self._running[key] = (threading.Event(), [])
                    return None
            event, result = running
            event.wait()
            # the result itself, kept or not (a France-wide frame is too big to keep: two
            # sessions opening a page at once computed it twice); none: the query failed,
            # compute it (or wait for who does)
            if result:
                return result[0]

    def done(self, key: tuple, frame: pd.DataFrame | None) -> None:
        """End a claim: keep the frame (None: the query failed) and wake who waits."""
        try:
            if frame is not None:
                self.put(key, frame)
        finally:
            with self._lock:
                running = self._running.pop(key, None)
            if running is not None:
                if frame is not None:
                    running[1].append(frame)
                running[0].set()

    def put(self, key: tuple, frame: pd.DataFrame) -> None:
        budget = settings.QUERY_CACHE_MB * 1e6
        size = _size(key, frame)
        if size > budget / 4:  # one frame never takes most of the room
            return
        with self._lock:
            if key in self._frames:
                return
            self._frames[key] = (frame, size)
            self.bytes += size
            while self.bytes > budget and self._frames:
                _key, (_frame, dropped) = self._frames.popitem(last=False)
                self.bytes -= dropped

    def clear(self) -> None:
        with self._lock:
            self._frames.clear()
            self.bytes = 0

    def __len__(self) -> int:
        return len(self._frames)


def _size(key: tuple, frame) -> int:
    """Bytes a kept frame holds, roughly: 128 the frame itself, 8 a number or a row's
    index, 64 a string or other value, and the lists of its key (a France-wide selection
    is 34 935 codes). Counted, not measured: `memory_usage` costs 0,3 ms a frame, paid by
    each page's every query. A dict (`kept`): its frames and 64 a value."""
    return _result_size(frame) + sum(64 * len(v) for _k, v in key[2] if isinstance(v, tuple))


def _result_size(result) -> int:
    if isinstance(result, pd.DataFrame):
        others = sum(not pd.api.types.is_numeric_dtype(d) for d in result.dtypes)
        return 128 + len(result) * (8 * (result.shape[1] - others + 1) + 64 * others)
    if isinstance(result, dict):
        return 128 + sum(_result_size(v) for v in result.values())
    if isinstance(result, list):
        return 64 + sum(_result_size(v) for v in result)
    return getattr(result, "nbytes", 64)  # (read-only arrays given as they are)


_SHARED = _SharedResults()


def clear_shared() -> None:
    """Forget the shared results (benchmarks: a page measured as its first reader)."""
    _SHARED.clear()


# -- results prepared for a store version --------------------------------------------------
# What a new version prepares in the background (queries/prepare.py: each defined
# territory's default views) is kept for the version, outside the shared results' budget
# and never dropped while the version is among the newest `PREPARED_VERSIONS`: the first
# visitor after an import reads it as the next ones do. Within `preparing`, every result
# `run_once` gives (computed, shared or already prepared) is kept so.
PREPARED_VERSIONS = 2
_PREPARED: "OrderedDict[str, dict[tuple, pd.DataFrame]]" = OrderedDict()
_PREPARED_LOCK = threading.Lock()
_PREPARING: contextvars.ContextVar[bool] = contextvars.ContextVar("preparing", default=False)


def preparing():
    return _within(_PREPARING)


def _prepared(token: str, name: str, args: tuple) -> pd.DataFrame | None:
    with _PREPARED_LOCK:
        kept = _PREPARED.get(token)
        return None if kept is None else kept.get((name, args))


def _prepare(token: str, name: str, args: tuple, frame: pd.DataFrame) -> None:
    with _PREPARED_LOCK:
        if token not in _PREPARED:
            _PREPARED[token] = {}
            while len(_PREPARED) > PREPARED_VERSIONS:
                _PREPARED.popitem(last=False)
        kept = _PREPARED.get(token)
        if kept is not None:
            kept[(name, args)] = frame


def prepared_results(con: duckdb.DuckDBPyConnection) -> int:
    """How many results are prepared for `con`'s version."""
    with _PREPARED_LOCK:
        return len(_PREPARED.get(_token(con) or "", {}))


def forget_prepared() -> None:
    """Forget the prepared results (tests, benchmarks measuring a page's first reader)."""
    with _PREPARED_LOCK:
        _PREPARED.clear()


def _token(con: duckdb.DuckDBPyConnection) -> str | None:
    return _CHILD_TOKEN.get(con) or store.version_token(con)


# -- parts of a page at once ------------------------------------------------------------------
# A cursor opened by `parallel` answers for the cursor it was opened from (`run_once`'s memo).
_PARENT: "weakref.WeakKeyDictionary[duckdb.DuckDBPyConnection, int]" = weakref.WeakKeyDictionary()
# … and reads its store version (`_token`).
_CHILD_TOKEN: "weakref.WeakKeyDictionary[duckdb.DuckDBPyConnection, str]" = weakref.WeakKeyDictionary()
_POOL: ThreadPoolExecutor | None = None
_POOL_LOCK = threading.Lock()
_IN_WORKER = threading.local()


def _owner(con: duckdb.DuckDBPyConnection) -> int:
    return _PARENT.get(con, id(con))


def _pool() -> ThreadPoolExecutor:
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = ThreadPoolExecutor(max_workers=settings.QUERY_THREADS - 1,
                                       thread_name_prefix="tbe-queries")
        return _POOL


def parallel(con: duckdb.DuckDBPyConnection, *parts):
    """`[part(con) for part in parts]`, the parts at once: the first in this thread, the
    others on cursors of the same database version in a small pool of threads
    (`settings.QUERY_THREADS` in all). Within `one_page`, the parts share its memo: a query
    one part ran is not run again by the others, nor after. A part run by the pool runs its
    own parts one after the other (the pool never waits for itself). An exception in a
    part is raised here, once every part has ended."""
    if len(parts) < 2 or settings.QUERY_THREADS < 2 or getattr(_IN_WORKER, "active", False):
        return [part(con) for part in parts]
    schema = scalar(con, "current_schema")
    owner, token = _owner(con), _token(con)

    def work(part, context):
        cursor = con.cursor()
        _PARENT[cursor] = owner
        if token is not None:
            _CHILD_TOKEN[cursor] = token
        _IN_WORKER.active = True
        try:
            cursor.execute(f'use "{schema}"')
            return context.run(part, cursor)
        finally:
            _IN_WORKER.active = False
            cursor.close()

    futures = [_pool().submit(work, part, contextvars.copy_context()) for part in parts[1:]]
    try:
        first = parts[0](con)
    finally:
        others = [f.exception() for f in futures]  # wait for every part
    for exc in others:
        if exc is not None:
            raise exc
    return [first, *(f.result() for f in futures)]
