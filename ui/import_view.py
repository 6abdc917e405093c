"""What the import page keeps between reruns and draws: the file, the check, the mapping choices.

The uploaded bytes live in `st.session_state` (a rerun never re-reads the widget) and
the result of a check is kept there too, keyed by everything it depends on, so moving a
selector re-checks the file but a click elsewhere does not. A check uses the mapping
saved for the detected source (`data.mappings`) under the manager's own choices.
"""

import contextvars
import functools
import hashlib
from dataclasses import dataclass, field

import pandas as pd
import streamlit as st

import settings
from data import mappings
from data.store import Store, StoreError
from exports.validation_report import report_file_name, sorted_problems, validation_report_xlsx
from ingest.match import SheetMatch, all_sources, best_match, is_personal
from ingest.parse import norm_label
from ingest.pipeline import ImportRefused, Prepared, commit, prepare
from ingest.profiles import SOURCES, SheetProfile
from ingest.readers import ReadError, read_workbook
from ingest.report import ERROR, WARNING, problems_frame
from ui import auth, texts
from ui.format import fmt_decimal, fmt_int, fmt_month

FILE_KEY = "import_file"  # {"name": str, "raw": bytes}, as the page would keep an upload
CHOICES_KEY = "import_choices"  # header in the file -> field name ("" = do not import)
CHECK_KEY = "import_check"  # (what the check depends on, Check)
DONE_KEY = "import_done"  # French sentences about the last import, shown until the next file
ERROR_KEY = "import_error"  # a refusal at import time, shown once
NONCE_KEY = "import_nonce"  # part of the uploader's key: a new value empties the widget


@dataclass
class Check:
    """The outcome of checking the current file with the current choices."""

    prepared: Prepared | None
    refused: str | None  # French message of ImportRefused
    mapping: dict[str, str]  # mapping given to `prepare`
    # (sheet name, how its columns match), for the mapping selectors
    matches: list[tuple[str, SheetMatch]] = field(default_factory=list)
    report: bytes | None = None


@dataclass
class MappingRow:
    header: str
    current: str | None  # field the header is mapped to by a saved or chosen mapping
    options: list[str | None]  # None = do not import


# -- state ---------------------------------------------------------------------------
def set_file(name: str, raw: bytes) -> None:
    """Keep a new upload and forget everything about the previous file."""
    st.session_state[FILE_KEY] = {"name": name, "raw": raw}
    for key in (CHOICES_KEY, CHECK_KEY, DONE_KEY, ERROR_KEY):
        st.session_state.pop(key, None)


def clear_file() -> None:
    for key in (FILE_KEY, CHOICES_KEY, CHECK_KEY):
        st.session_state.pop(key, None)


def uploader_key() -> str:
    return f"import_upload_{st.session_state.get(NONCE_KEY, 0)}"


def file_token(file: dict) -> str:
    if "token" not in file:
        file["token"] = hashlib.sha256(file["raw"]).hexdigest()[:16]
    return file["token"]


def choices() -> dict[str, str]:
    return st.session_state.setdefault(CHOICES_KEY, {})


# -- progress of a check ---------------------------------------------------------------
_PROGRESS: contextvars.ContextVar = contextvars.ContextVar("import_progress", default=None)


def with_status(fn):
    """Run a check inside a `st.status` box that names each step of the import as it runs
    (lecture, reconnaissance, contrôle), then gives their durations."""
    @functools.wraps(fn)
    def wrapped(*args, **kwargs):
        box = st.status(texts.IMPORT_STATUS_RUNNING, expanded=False)
        done: dict[str, float] = {}

        def progress(step: str, seconds: float | None) -> None:
            if seconds is None:
                box.update(label=texts.IMPORT_STEPS.get(step, step) + "…")
            else:
                done[step] = done.get(step, 0.0) + seconds

        token = _PROGRESS.set(progress)
        try:
            return fn(*args, **kwargs)
        finally:
            _PROGRESS.reset(token)
            steps = " · ".join(texts.IMPORT_STEP_DURATION.format(
                step=texts.IMPORT_STEPS.get(k, k), seconds=fmt_decimal(v, 2))
                for k, v in done.items())
            box.update(label=texts.IMPORT_STATUS_DONE.format(steps=steps), state="complete")
    return wrapped


# -- checking ------------------------------------------------------------------------
@with_status
def run_check(store: Store, name: str, raw: bytes, source: str | None, territory: str | None,
              period: str | None, chosen: dict[str, str]) -> Check:
    """Check the file with the saved mapping of its source under the manager's choices.

    Without a source chosen, the file is first recognised with the choices alone; if it
    is refused, each source with a saved mapping is tried, since that mapping may be what
    makes its columns recognisable.
    """
    manual = {h: f for h, f in chosen.items() if f}
    refused = {norm_label(h) for h, f in chosen.items() if not f}

    def with_saved(src: str) -> dict[str, str]:
        saved = {h: f for h, f in mappings.load(store, src).items()
                 if norm_label(h) not in refused}
        return {**saved, **manual}

    def attempt(src: str | None, mapping: dict[str, str]) -> Prepared:
        return prepare(store, raw, name, source=src, period=period, territory=territory,
                       mapping=mapping, progress=_PROGRESS.get())

    def checked(p: Prepared, mapping: dict[str, str]) -> Check:
        return Check(p, None, mapping, sheet_matches(raw, name, p.source, mapping),
                     validation_report_xlsx(p, name))

    try:
        if source:
            mapping = with_saved(source)
            return checked(attempt(source, mapping), mapping)
        try:
            first = attempt(None, manual)
        except ImportRefused:
            for src in mappings.load_all(store):
                if src in SOURCES:
                    mapping = with_saved(src)
                    try:
                        return checked(attempt(src, mapping), mapping)
                    except ImportRefused:
                        continue
            raise
        mapping = with_saved(first.source)
        return checked(first if mapping == manual else attempt(first.source, mapping), mapping)
    except ImportRefused as e:
        mapping = with_saved(source) if source else manual
        return Check(None, str(e), mapping, sheet_matches(raw, name, source, mapping))


def sheet_matches(raw: bytes, name: str, source: str | None,
                  mapping: dict[str, str]) -> list[tuple[str, SheetMatch]]:
    """(sheet name, how its columns match) for the sheets of the source the pipeline picks."""
    try:
        sheets = read_workbook(raw, name)
    except ReadError:
        return []
    candidates = [SOURCES[source]] if source in SOURCES else all_sources()
    found = [(s.name, m) for s in sheets if (m := best_match(s.frame, candidates, mapping))]
    if not found:
        return []
    best = source or max({m.source.key for _, m in found},
                         key=lambda k: sum(m.score for _, m in found if m.source.key == k))
    return [(n, m) for n, m in found if m.source.key == best]


def mapping_rows(m: SheetMatch, mapping: dict[str, str]) -> list[MappingRow]:
    """The headers a manager may map: unused ones, and those mapped by a mapping."""
    used = {i: f for f, i in m.columns.items()}
    mapped = {norm_label(h): f for h, f in mapping.items() if f}
    order = {f.name: n for n, f in enumerate(m.profile.fields)}
    required = {f.name for f in m.profile.fields if f.required}
    free = [f.name for f in m.profile.fields if f.name not in m.columns]
    rows = []
    imported = set(m.value_columns) | set(m.context_columns)  # ONPV indicators, months…
    for i, header in enumerate(m.headers):
        if not header or is_personal(header) or i in imported:
            continue
        current = used.get(i)
        if current is not None and mapped.get(norm_label(header)) != current:
            continue  # recognised by its own name: nothing to choose
        fields = sorted(set(free) | ({current} if current else set()),
                        key=lambda f: (f not in required, order[f]))
        rows.append(MappingRow(header, current, [None, *fields]))
    return rows


def field_label(profile: SheetProfile, name: str | None) -> str:
    if name is None:
        return texts.IMPORT_MAPPING_NONE
    f = next(f for f in profile.fields if f.name == name)
    label = f.synonyms[0]
    return texts.IMPORT_MAPPING_REQUIRED.format(label=label) if f.required else label


# -- importing -----------------------------------------------------------------------
def import_checked(store: Store, drop_invalid_rows: bool) -> None:
    """Store the checked file (button callback); the outcome is left in the session."""
    entry = st.session_state.get(CHECK_KEY)
    prepared = entry[1].prepared if entry else None
    if prepared is None:
        return
    known = {r.id for r in store.catalog().imports}
    try:
        record = commit(store, prepared, user=auth.user_name(),
                        drop_invalid_rows=drop_invalid_rows)
    except (ImportRefused, StoreError) as e:
        st.session_state[ERROR_KEY] = str(e)
        return
    mine = {h: f for h, f in choices().items() if h}
    if mine:
        mappings.save(store, prepared.source, mine)
    st.cache_data.clear()  # figures computed before this import are out of date
    st.session_state[DONE_KEY] = outcome_messages(record, prepared, record.id in known)
    clear_file()
    st.session_state[NONCE_KEY] = st.session_state.get(NONCE_KEY, 0) + 1


def outcome_messages(record, prepared: Prepared, already_there: bool) -> list[str]:
    if already_there:
        return [texts.IMPORT_SAME_FILE.format(id=record.id)]
    lines = [texts.IMPORT_SUCCESS.format(
        id=record.id, rows=fmt_int(record.rows_stored), source=source_label(prepared.source),
        territory=territory_label(prepared.territory), period=period_label(prepared.period))]
    if record.rows_rejected:
        lines.append(texts.IMPORT_SUCCESS_DROPPED.format(rejected=fmt_int(record.rows_rejected)))
    if record.replaces:
        ids = ", ".join(str(i) for i in record.replaces)
        lines.append(texts.IMPORT_SUCCESS_REPLACES.format(ids=ids))
    else:
        lines.append(texts.IMPORT_SUCCESS_FIRST)
    if "écriture" in prepared.durations:  # set by `commit`
        lines.append(texts.IMPORT_WRITTEN_IN.format(
            seconds=fmt_decimal(prepared.durations["écriture"], 2)))
    return lines


# -- labels --------------------------------------------------------------------------
def source_label(source: str) -> str:
    return SOURCES[source].label if source in SOURCES else source


def territory_label(territory: str) -> str:
    if territory in settings.TERRITORIES:
        return settings.TERRITORIES[territory]["label"]
    return texts.IMPORT_TERRITORY_OTHER if territory == "autre" else territory


def period_label(period: str) -> str:
    if len(period) == 7 and period[4] == "-" and period.replace("-", "").isdigit():
        return fmt_month(f"{period}-01")
    return texts.IMPORT_PERIOD_UNKNOWN if period == "inconnue" else period


# -- drawing -------------------------------------------------------------------------
def render_summary(p: Prepared) -> None:
    st.subheader(texts.IMPORT_SUMMARY_HEADER, anchor=False)
    st.markdown(texts.IMPORT_SUMMARY.format(
        source=source_label(p.source), territory=territory_label(p.territory),
        period=period_label(p.period), file=p.file_name))
    n_err = sum(q.severity == ERROR for q in p.problems)
    n_warn = sum(q.severity == WARNING for q in p.problems)
    figures = ((texts.IMPORT_METRIC_ROWS, p.rows_read),
               (texts.IMPORT_METRIC_INVALID, p.invalid_rows),
               (texts.IMPORT_METRIC_ERRORS, n_err), (texts.IMPORT_METRIC_WARNINGS, n_warn))
    for column, (label, value) in zip(st.columns(4), figures, strict=True):
        column.metric(label, fmt_int(value), border=True)
    if n_err:
        st.error(texts.IMPORT_HAS_ERRORS.format(invalid=fmt_int(p.invalid_rows),
                                                rows=fmt_int(p.rows_read)), icon=":material/error:")
    elif n_warn:
        st.warning(texts.IMPORT_READY_WARNINGS, icon=":material/warning:")
    else:
        st.success(texts.IMPORT_READY, icon=":material/check_circle:")
    if p.territory not in settings.TERRITORIES:
        st.warning(texts.IMPORT_TERRITORY_UNKNOWN, icon=":material/map:")
    if p.period == "inconnue":
        st.warning(texts.IMPORT_PERIOD_NOT_FOUND, icon=":material/event:")


def problems_table(p: Prepared) -> pd.DataFrame:
    df = problems_frame(sorted_problems(p.problems))
    df["Ligne"] = pd.to_numeric(df["Ligne"]).astype("Int64")
    return df


def render_problems(p: Prepared, report: bytes | None) -> None:
    st.subheader(texts.IMPORT_PROBLEMS_HEADER, anchor=False)
    if not p.problems:
        st.caption(texts.IMPORT_NO_PROBLEMS)
    else:
        st.dataframe(problems_table(p), hide_index=True, column_config={
            "Règle": st.column_config.TextColumn(width="medium"),
            "Que faire": st.column_config.TextColumn(width="large")})
    if report is not None:
        st.download_button(texts.IMPORT_REPORT_DOWNLOAD, report,
                           file_name=report_file_name(p.file_name),
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           on_click="ignore", icon=":material/download:")


def render_mapping(check: Check, token: str) -> None:
    """A selector per header that could be mapped; a choice re-checks the file."""
    sheets = [(name, m, rows) for name, m in check.matches
              if (rows := mapping_rows(m, check.mapping))]
    if not sheets:
        return
    st.subheader(texts.IMPORT_MAPPING_HEADER, anchor=False)
    st.caption(texts.IMPORT_MAPPING_INTRO)
    for name, m, rows in sheets:
        if len(check.matches) > 1:
            st.markdown(texts.IMPORT_MAPPING_SHEET.format(sheet=name))
        for row in rows:
            key = f"import_map_{token}_{name}_{row.header}"
            st.selectbox(texts.IMPORT_MAPPING_COLUMN.format(header=row.header), row.options,
                         index=row.options.index(row.current), key=key,
                         format_func=lambda f, profile=m.profile: field_label(profile, f),
                         on_change=_remember_choice, args=(row.header, key))


def _remember_choice(header: str, key: str) -> None:
    choices()[header] = st.session_state[key] or ""


def render_personal(p: Prepared) -> None:
    columns = [c for s in p.sheets for c in s.personal_dropped]
    if columns:
        st.subheader(texts.IMPORT_PERSONAL_HEADER, anchor=False)
        quoted = ", ".join(f"«\u00a0{c}\u00a0»" for c in columns)  # no break inside « »
        st.info(texts.IMPORT_PERSONAL.format(columns=quoted), icon=":material/shield_person:")
