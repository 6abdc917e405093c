"""What the import page keeps between reruns and draws: the file, the check, the mapping choices.

The uploaded bytes live in `st.session_state` (a rerun never re-reads the widget) and
the result of a check is kept there too, keyed by everything it depends on, so moving a
selector re-checks the file but a click elsewhere does not. Checking and importing are
`ingest.service.Importer`'s, as for the CLI: a check uses the column and value mappings
saved for the detected source (`data.mappings`) under the manager's own choices: a
selector per unrecognised header (its likeliest fields first) and per unknown value of a
coded column (its closest stored values first), so that a new layout imports in one visit.
"""

import contextvars
import functools
import hashlib
from dataclasses import dataclass, field, fields

import pandas as pd
import streamlit as st

from data import territories, users
from data.catalog import demo_only
from data.store import Store
from exports.validation_report import report_file_name, sorted_problems, validation_report_xlsx
from ingest import service
from ingest.match import SheetMatch, is_personal
from ingest.parse import norm_label
from ingest.pipeline import Prepared
from ingest.profiles import SOURCES, SheetProfile
from ingest.report import ERROR, WARNING, problems_frame
from ingest.vocab import COMMUNE, UnknownValues, for_field, for_kind
from ui import auth
from wording import texts
from wording.format import fmt_decimal, fmt_int
from wording.import_outcome import period_label, replacement_lines

FILE_KEY = "import_file"  # {"name": str, "raw": bytes}, as the page would keep an upload
CHOICES_KEY = "import_choices"  # header in the file -> field name ("" = do not import)
# "<field>\x1f<value as written>" -> ValueChoice: the stored value chosen for an unknown value
VALUE_CHOICES_KEY = "import_value_choices"
CHECK_KEY = "import_check"  # (what the check depends on, Check)
DONE_KEY = "import_done"  # French sentences about the last import, shown until the next file
ERROR_KEY = "import_error"  # a refusal at import time, shown once
NONCE_KEY = "import_nonce"  # part of the uploader's key: a new value empties the widget
# selector key -> the options marked « suggéré » when it was first shown: kept for the visit,
# since Streamlit matches the browser's choice by its label (a label that changed once the
# choice was made lost the choice, or stored the label itself as the choice)
SUGGESTED_KEY = "import_suggested"
# the first manager account, asked while demo mode has no account: name, password, again
ACCOUNT_KEYS = ("import_account_name", "import_account_password", "import_account_confirm")
ACCOUNT_NOTE_KEY = "import_account_note"  # the account was created but the import refused


@dataclass
class Check(service.Check):
    """The outcome of checking the current file with the current choices (`ingest.service`),
    with the validation report the page offers for download."""

    report: bytes | None = None


@dataclass
class ValueChoice:
    """A value of a coded column the manager chose a stored value for, in this visit."""

    sheet: str
    header: str
    field: str
    kind: str
    value: str
    lines: int
    target: str
    # (option, label) offered when it was chosen: a commune's selector offers the communes
    # near the file's, which no vocabulary lists
    options: tuple = ()


MAX_VALUE_SELECTORS = 20  # per column: beyond, the column itself is likely mismatched


@dataclass
class ValueRow:
    """A selector for one value of a coded column: unknown, or chosen in this visit."""

    sheet: str
    header: str
    field: str
    kind: str
    value: str
    lines: int
    current: str | None  # the stored value chosen, None = left unknown
    options: list[str | None]  # closest first
    labels: dict[str, str]
    suggested: set[str]
    blocking: bool = True  # its lines are invalid until it is mapped


@dataclass
class MappingRow:
    header: str
    current: str | None  # field the header is mapped to by a saved or chosen mapping
    options: list[str | None]  # None = do not import; the likeliest fields first
    suggested: set[str] = field(default_factory=set)


# -- state ---------------------------------------------------------------------------
def set_file(name: str, raw: bytes) -> None:
    """Keep a new upload and forget everything about the previous file."""
    st.session_state[FILE_KEY] = {"name": name, "raw": raw}
    for key in (CHOICES_KEY, VALUE_CHOICES_KEY, CHECK_KEY, DONE_KEY, ERROR_KEY, SUGGESTED_KEY):
        st.session_state.pop(key, None)


def clear_file() -> None:
    for key in (FILE_KEY, CHOICES_KEY, VALUE_CHOICES_KEY, CHECK_KEY, SUGGESTED_KEY):
        st.session_state.pop(key, None)


def uploader_key() -> str:
    return f"import_upload_{st.session_state.get(NONCE_KEY, 0)}"


def file_token(file: dict) -> str:
    if "token" not in file:
        file["token"] = hashlib.sha256(file["raw"]).hexdigest()[:16]
    return file["token"]


def stable_suggested(key: str, context: str, suggested: set[str]) -> set[str]:
    """The options of selector `key` marked « suggéré »: those of its first display in this
    visit for the same `context` (the sheet's profile, the value's vocabulary), so that its
    labels do not change once a choice moves it to another list."""
    return st.session_state.setdefault(SUGGESTED_KEY, {}).setdefault((key, context), set(suggested))


def choices() -> dict[str, str]:
    return st.session_state.setdefault(CHOICES_KEY, {})


def value_choices() -> dict[str, ValueChoice]:
    return st.session_state.setdefault(VALUE_CHOICES_KEY, {})


def chosen_values(chosen: dict[str, ValueChoice]) -> dict[str, dict[str, str]]:
    """The value choices as a value mapping: field -> value as written -> stored value."""
    out: dict[str, dict[str, str]] = {}
    for c in chosen.values():
        out.setdefault(c.field, {})[c.value] = c.target
    return out


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
        found = None
        try:
            found = fn(*args, **kwargs)
            return found
        finally:
            _PROGRESS.reset(token)
            steps = " · ".join(texts.IMPORT_STEP_DURATION.format(
                step=texts.IMPORT_STEPS.get(k, k), seconds=fmt_decimal(v, 2))
                for k, v in done.items())
            if found is None or found.refused is not None:  # unreadable: no step to list
                box.update(label=texts.IMPORT_STATUS_REFUSED_STEPS.format(steps=steps) if steps
                           else texts.IMPORT_STATUS_REFUSED, state="error")
            else:
                box.update(label=texts.IMPORT_STATUS_DONE.format(steps=steps), state="complete")
    return wrapped


# -- checking ------------------------------------------------------------------------
@with_status
def run_check(store: Store, name: str, raw: bytes, source: str | None, territory: str | None,
              period: str | None, chosen: dict[str, str],
              chosen_values_: dict[str, dict[str, str]] | None = None) -> Check:
    """Check the file with the saved mappings of its source under the manager's choices
    (`ingest.service.Importer.check`), with what the selectors need and the report."""
    found = service.Importer(store).check(name, raw, source=source, territory=territory,
                                          period=period, columns=chosen, values=chosen_values_,
                                          progress=_PROGRESS.get(), selectors=True,
                                          preview=True)
    report = validation_report_xlsx(found.prepared, name) if found.prepared is not None else None
    return Check(**{f.name: getattr(found, f.name) for f in fields(service.Check)}, report=report)


def mapping_rows(m: SheetMatch, mapping: dict[str, str],
                 suggested: dict[str, list[str]] | None = None) -> list[MappingRow]:
    """The headers a manager may map: unused ones, and those mapped by a mapping.

    `suggested`: header -> likeliest fields, offered first. The value columns of a wide
    layout (months, ONPV indicators) are imported under their header: no selector."""
    used = {i: f for f, i in m.columns.items()}
    mapped = {norm_label(h): f for h, f in mapping.items() if f}
    order = {f.name: n for n, f in enumerate(m.profile.fields)}
    required = {f.name for f in m.profile.fields if f.required}
    free = [f.name for f in m.profile.fields if f.name not in m.columns]
    guesses = suggested or {}
    rows = []
    imported = set(m.value_columns) | set(m.context_columns)  # ONPV indicators, months…
    for i, header in enumerate(m.headers):
        if not header or is_personal(header) or i in imported:
            continue
        current = used.get(i)
        if current is not None and mapped.get(norm_label(header)) != current:
            continue  # recognised by its own name: nothing to choose
        fields = set(free) | ({current} if current else set())
        first = [f for f in guesses.get(header, []) if f in fields]
        rest = sorted(fields - set(first), key=lambda f: (f not in required, order[f]))
        rows.append(MappingRow(header, current, [None, *first, *rest], set(first)))
    return rows


def value_rows(p: Prepared, chosen: dict[str, ValueChoice]) -> list[ValueRow]:
    """A selector per unknown value of a coded column, and per value chosen in this visit."""
    rows, seen = [], set()
    for q in p.problems:
        if not isinstance(q, UnknownValues):
            continue
        labels = dict(q.options)
        for value, lines, closest in q.values[:MAX_VALUE_SELECTORS]:
            first = [c for c in closest if c in labels]
            options = [None, *first, *[o for o in labels if o not in first]]
            rows.append(ValueRow(q.sheet, q.column, q.field, q.kind, value, lines, None, options,
                                 labels, set(first), q.severity == ERROR))
            seen.add((q.field, value))
    for c in chosen.values():
        vocab = for_kind(c.kind)
        if (c.field, c.value) in seen or vocab is None:
            continue
        labels = dict(c.options or vocab.options())
        rows.append(ValueRow(c.sheet, c.header, c.field, c.kind, c.value, c.lines, c.target,
                             [None, *labels], labels, set()))
    return rows


def field_label(profile: SheetProfile, name: str | None, suggested: set[str] = frozenset()) -> str:
    if name is None:
        return texts.IMPORT_MAPPING_NONE
    f = next(f for f in profile.fields if f.name == name)
    label = f.synonyms[0]
    label = texts.IMPORT_MAPPING_REQUIRED.format(label=label) if f.required else label
    return texts.IMPORT_MAPPING_SUGGESTED.format(label=label) if name in suggested else label


# -- the first account -----------------------------------------------------------------
def new_account() -> tuple[str, str, str]:
    """The first manager account as typed: name (stripped), password, password again."""
    name, password, confirm = (st.session_state.get(k) or "" for k in ACCOUNT_KEYS)
    return name.strip(), password, confirm


def account_problems(name: str, password: str, confirm: str) -> list[str]:
    """Why the account cannot be created as typed (the rules of `data.users`, as for the
    CLI), checked field by field as soon as it is filled."""
    problems = []
    for value, check in ((name, users.check_name), (password, users.check_password)):
        if value:
            try:
                check(value)
            except users.UserError as e:
                problems.append(str(e))
    if password and confirm and password != confirm:
        problems.append(texts.FIRST_LOGIN_MISMATCH)
    return problems


def account_ready(name: str, password: str, confirm: str) -> bool:
    return bool(name and password and confirm) and not account_problems(name, password, confirm)


def needs_first_account(store: Store) -> bool:
    """Demo mode, local accounts and none yet: the next real import would lock everyone out."""
    first = auth.first_login(store)
    return first is not None and not first.oidc and not first.accounts


def render_first_login(store: Store) -> bool:
    """Before the first real import, say that the app will then ask for a login, and with
    which accounts; when there is none, ask for the first manager's. True when the import
    may go ahead (always, except while that account is not filled in correctly)."""
    first = auth.first_login(store)
    if first is None:
        return True
    st.subheader(texts.FIRST_LOGIN_HEADER, anchor=False)
    names = ", ".join(f"«\u00a0{n}\u00a0»" for n in first.accounts)
    if first.oidc:
        st.warning(texts.FIRST_LOGIN_OIDC.format(names=names) if names
                   else texts.FIRST_LOGIN_OIDC_NONE, icon=":material/lock:")
        return True
    if first.accounts:
        st.warning(texts.FIRST_LOGIN_ACCOUNTS.format(names=names), icon=":material/lock:")
        return True
    st.warning(texts.FIRST_LOGIN_NO_ACCOUNT, icon=":material/lock:")
    name_col, password_col, confirm_col = st.columns(3)
    name_col.text_input(texts.FIRST_LOGIN_NAME, key=ACCOUNT_KEYS[0], autocomplete="username",
                        help=texts.FIRST_LOGIN_NAME_HELP)
    password_col.text_input(texts.FIRST_LOGIN_PASSWORD, key=ACCOUNT_KEYS[1], type="password",
                            autocomplete="new-password",
                            help=texts.FIRST_LOGIN_PASSWORD_HELP.format(
                                n=users.MIN_PASSWORD_LENGTH))
    confirm_col.text_input(texts.FIRST_LOGIN_CONFIRM, key=ACCOUNT_KEYS[2], type="password",
                           autocomplete="new-password")
    typed = new_account()
    for problem in account_problems(*typed):
        st.error(problem, icon=":material/person_alert:")
    return account_ready(*typed)


def _create_first_account(store: Store) -> str | None:
    """Create the first manager account just before the import that ends demo mode: its
    name, None when none was needed, UserError (French) when it is refused.

    Before rather than after: an import stored without its account would lock everyone
    out (the very case this prevents), whereas an account without an import leaves the
    demo open without login, the page then naming the account for the next import."""
    if not needs_first_account(store):
        return None
    typed = new_account()
    if not account_ready(*typed):  # the button is disabled then: a stale page
        raise users.UserError(" ".join(account_problems(*typed)) or texts.IMPORT_BLOCKED_ACCOUNT)
    name, password, _ = typed
    # audit-logged by `users.add` (« compte_cree »), as from the CLI, by the account's owner
    users.add(name, "gestionnaire", password, data_dir=store.data_dir, by=name)
    for key in ACCOUNT_KEYS:
        st.session_state.pop(key, None)
    return name


# -- importing -----------------------------------------------------------------------
def import_checked(store: Store, drop_invalid_rows: bool) -> None:
    """Store the checked file (button callback); the outcome is left in the session."""
    entry = st.session_state.get(CHECK_KEY)
    if entry is None or entry[1].prepared is None:
        return
    was_demo = demo_only(store.catalog().imports)
    try:
        account = _create_first_account(store)
    except users.UserError as e:  # nothing is imported
        st.session_state[ERROR_KEY] = texts.FIRST_LOGIN_NOT_CREATED.format(reason=str(e))
        return
    outcome = service.Importer(store, user=account or auth.user_name()).commit(
        entry[1], drop_invalid_rows=drop_invalid_rows)
    if outcome.refused:
        st.session_state[ERROR_KEY] = outcome.refused
        if account:
            st.session_state[ACCOUNT_NOTE_KEY] = texts.FIRST_LOGIN_CREATED_NOT_IMPORTED.format(
                name=account)
        return
    st.cache_data.clear()  # figures computed before this import are out of date
    st.session_state[DONE_KEY] = outcome_messages(outcome.record, outcome.prepared, outcome.already,
                                                  outcome.catalog)
    if was_demo and not demo_only(outcome.catalog.imports):
        # the first real data: from now on the app asks for a login, whose page says why
        st.session_state[auth.FIRST_IMPORT] = st.session_state[DONE_KEY]
        if account:
            st.session_state[auth.FIRST_ACCOUNT] = account
    clear_file()
    st.session_state[NONCE_KEY] = st.session_state.get(NONCE_KEY, 0) + 1


def outcome_messages(record, prepared: Prepared, already_there: bool, cat=None) -> list[str]:
    if already_there:
        return [texts.IMPORT_SAME_FILE.format(id=record.id)]
    lines = [texts.IMPORT_SUCCESS.format(
        id=record.id, rows=fmt_int(record.rows_stored), source=source_label(prepared.source),
        territory=territory_label(prepared.territory), period=period_label(prepared.period, prepared.covers))]
    if record.rows_rejected:
        lines.append(texts.IMPORT_SUCCESS_DROPPED.format(rejected=fmt_int(record.rows_rejected)))
    lines += replacement_lines(record, cat)
    if "écriture" in prepared.durations:  # set by `commit`
        lines.append(texts.IMPORT_WRITTEN_IN.format(
            seconds=fmt_decimal(prepared.durations["écriture"], 2)))
    return lines


# -- labels --------------------------------------------------------------------------
def source_label(source: str) -> str:
    return SOURCES[source].label if source in SOURCES else source


def territory_label(territory: str) -> str:
    if territory == "autre" and territory not in territories.definitions():
        return texts.IMPORT_TERRITORY_OTHER
    return territories.territory_label(territory)


# -- drawing -------------------------------------------------------------------------
def render_summary(p: Prepared) -> None:
    st.subheader(texts.IMPORT_SUMMARY_HEADER, anchor=False)
    st.markdown(texts.IMPORT_SUMMARY.format(
        source=source_label(p.source), territory=territory_label(p.territory),
        period=period_label(p.period, p.covers), file=p.file_name))
    n_err = sum(q.severity == ERROR for q in p.problems)
    n_warn = sum(q.severity == WARNING for q in p.problems)
    figures = ((texts.IMPORT_METRIC_ROWS, p.rows_read),
               (texts.IMPORT_METRIC_INVALID, p.invalid_rows),
               (texts.IMPORT_METRIC_ERRORS, n_err), (texts.IMPORT_METRIC_WARNINGS, n_warn))
    for column, (label, value) in zip(st.columns(4), figures, strict=True):
        column.metric(label, fmt_int(value), border=True)
    if p.unusable_sheets:  # a whole sheet unread: no import « without invalid lines »
        st.error(texts.IMPORT_SHEET_UNREAD.format(sheets=p.unusable_names),
                 icon=":material/error:")
    elif n_err:
        st.error(texts.IMPORT_HAS_ERRORS.format(invalid=fmt_int(p.invalid_rows),
                                                rows=fmt_int(p.rows_read)), icon=":material/error:")
    elif n_warn:
        st.warning(texts.IMPORT_READY_WARNINGS, icon=":material/warning:")
    else:
        st.success(texts.IMPORT_READY, icon=":material/check_circle:")
    if p.territory not in territories.definitions():
        st.warning(texts.IMPORT_TERRITORY_UNKNOWN, icon=":material/map:")
    # every line refused (a date the calendar lacks, a month not begun): the errors say
    # what to correct; typing a period would correct nothing
    if p.period == "inconnue" and not (n_err and p.invalid_rows >= p.rows_read):
        st.warning(texts.IMPORT_PERIOD_NOT_FOUND, icon=":material/event:")


def problems_table(p: Prepared) -> pd.DataFrame:
    df = problems_frame(sorted_problems(p.problems))
    # a problem of the whole file or column has no line: « fichier », never « None »
    lines = pd.to_numeric(df["Ligne"]).astype("Int64")
    df["Ligne"] = lines.map(lambda v: texts.IMPORT_WHOLE_FILE if pd.isna(v) else str(v))
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
    """A selector per header that could be mapped; a choice re-checks the file.

    « Colonnes non reconnues » lists the headers still mapped to no field; those mapped
    (in this visit or by a saved mapping) follow under « Colonnes associées », where the
    choice can still be changed or undone."""
    sheets = [(name, m, rows) for name, m in check.matches
              if (rows := mapping_rows(m, check.mapping, {h: f for (sh, h), f in check.suggestions.items()
                                                           if sh == name}))]
    several = len(check.matches) > 1
    for mapped, header, intro in ((False, texts.IMPORT_MAPPING_HEADER, texts.IMPORT_MAPPING_INTRO),
                                  (True, texts.IMPORT_MAPPED_HEADER, texts.IMPORT_MAPPED_INTRO)):
        shown = [(name, m, part) for name, m, rows in sheets
                 if (part := [r for r in rows if (r.current is not None) == mapped])]
        if not shown:
            continue
        st.subheader(header, anchor=False)
        st.caption(intro)
        for name, m, rows in shown:
            if several:
                st.markdown(texts.IMPORT_MAPPING_SHEET.format(sheet=name))
            for row in rows:
                key = f"import_map_{token}_{name}_{row.header}"
                row.suggested = stable_suggested(key, m.profile.table, row.suggested)
            # a wide sheet (300 columns): the columns with a suggestion first, then the
            # others, the first `MAPPING_SHOWN` in view and the rest folded
            if not mapped and len(rows) > MAPPING_SHOWN:
                rows = sorted(rows, key=lambda r: not r.suggested)
            for row in rows[:MAPPING_SHOWN] if not mapped else rows:
                _mapping_selector(token, name, m, row)
            if not mapped and len(rows) > MAPPING_SHOWN:
                with st.expander(texts.IMPORT_MAPPING_MORE.format(n=len(rows) - MAPPING_SHOWN)):
                    for row in rows[MAPPING_SHOWN:]:
                        _mapping_selector(token, name, m, row)


MAPPING_SHOWN = 12  # unrecognised columns shown before the others are folded


def _mapping_selector(token: str, name: str, m, row) -> None:
    key = f"import_map_{token}_{name}_{row.header}"
    first = [o for o in row.options if o in row.suggested]
    row.options = [None, *first, *[o for o in row.options[1:] if o not in first]]
    st.selectbox(texts.IMPORT_MAPPING_COLUMN.format(header=row.header), row.options,
                 index=row.options.index(row.current), key=key,
                 format_func=lambda f, profile=m.profile, s=row.suggested: field_label(profile, f, s),
                 on_change=_remember_choice, args=(row.header, key))


def _remember_choice(header: str, key: str) -> None:
    choices()[header] = st.session_state[key] or ""


def value_key(token: str, row: ValueRow) -> str:
    return f"import_value_{token}_{row.field}_{row.value}"


def render_values(check: Check, token: str) -> None:
    """A selector per unknown value of a coded column; a choice re-checks the file."""
    p = check.prepared
    rows = value_rows(p, value_choices()) if p is not None else []
    if rows:
        st.subheader(texts.IMPORT_VALUES_HEADER, anchor=False)
        st.caption(texts.IMPORT_VALUES_INTRO)
        if any(r.kind == COMMUNE for r in rows):
            st.caption(texts.IMPORT_COMMUNES_INTRO)
        kept = [r for r in rows if not r.blocking]
        for row in rows:
            if row.blocking:
                _value_selector(row, token)
        if kept:  # values kept as written, or left empty: the file imports without a choice
            with st.expander(texts.IMPORT_VALUES_KEPT.format(n=fmt_int(len(kept)))):
                for row in kept:
                    _value_selector(row, token)
    applied = _saved_values_applied(check)
    if applied:
        st.caption(texts.IMPORT_VALUES_SAVED.format(values=applied))


def _value_selector(row: ValueRow, token: str) -> None:
    key = value_key(token, row)
    row.suggested = stable_suggested(key, row.kind, row.suggested)
    first = [o for o in row.options if o in row.suggested]
    row.options = [None, *first, *[o for o in row.options[1:] if o not in first]]
    st.selectbox(texts.IMPORT_VALUES_VALUE.format(header=row.header, value=row.value,
                                                  lines=fmt_int(row.lines)),
                 row.options, index=row.options.index(row.current), key=key,
                 format_func=lambda o, r=row: _value_label(r, o),
                 on_change=_remember_value, args=(row, key))


def _value_label(row: ValueRow, option: str | None) -> str:
    if option is None:
        return texts.IMPORT_VALUES_NONE
    label = row.labels.get(option, option)
    return texts.IMPORT_MAPPING_SUGGESTED.format(label=label) if option in row.suggested else label


def _remember_value(row: ValueRow, key: str) -> None:
    target = st.session_state[key]
    chosen = value_choices()
    ident = f"{row.field}\x1f{row.value}"
    if target is None:
        chosen.pop(ident, None)
    else:
        chosen[ident] = ValueChoice(row.sheet, row.header, row.field, row.kind, row.value, row.lines,
                                    target, tuple(row.labels.items()))


def _saved_values_applied(check: Check) -> str:
    """« Sexe « Hme » → H — homme, … »: the saved value mappings that applied to this file."""
    p = check.prepared
    if p is None:
        return ""
    mine = chosen_values(value_choices())
    kinds = {f.name: (for_field(sheet.table, f.name, f.kind), f.synonyms[0])
             for sheet in SOURCES[p.source].sheets for f in sheet.fields}
    parts = []
    for f, by_value in p.value_mapping.items():
        vocab, label = kinds.get(f, (None, f))
        for value, target in by_value.items():
            if value in mine.get(f, {}) or vocab is None:
                continue
            stored = vocab.canonical(target)
            parts.append(f"{label} «\u00a0{value}\u00a0» → {vocab.label(stored) if stored is not None else target}")
    return ", ".join(parts)


def render_personal(p: Prepared) -> None:
    columns = [c for s in p.sheets for c in s.personal_dropped]
    if columns:
        st.subheader(texts.IMPORT_PERSONAL_HEADER, anchor=False)
        quoted = ", ".join(f"«\u00a0{c}\u00a0»" for c in columns)  # no break inside « »
        st.info(texts.IMPORT_PERSONAL.format(columns=quoted), icon=":material/shield_person:")
