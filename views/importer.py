"""Importer un fichier: a manager drops an export, reads the check, maps columns, imports."""

import re

import streamlit as st

import settings
from data import territories
from ingest.profiles import SOURCES
from ui import auth, panels, state
from ui import import_view as view
from wording import texts
from wording.format import fmt_date, fmt_int
from wording.import_outcome import loss_warnings, preview_lines

FILE_TYPES = ["xlsx", "xls", "ods", "csv"]
PERIOD = re.compile(r"^\d{4}(-(0[1-9]|1[0-2]))?$")
AUTO = ""  # selector value: detected from the file


def _on_upload(key: str) -> None:
    uploaded = st.session_state.get(key)
    if uploaded is None:
        view.clear_file()
    else:
        view.set_file(uploaded.name, uploaded.getvalue())


def _selectors() -> tuple[str | None, str | None, str]:
    # AUTO rather than None: a None option would give the selectors a « clear » cross.
    source_col, territory_col, period_col = st.columns(3)
    with source_col:
        source = st.selectbox(
            texts.IMPORT_SOURCE_LABEL, [AUTO, *SOURCES], key="import_source",
            format_func=lambda k: texts.IMPORT_SOURCE_AUTO if k == AUTO else SOURCES[k].label,
            help=texts.IMPORT_SOURCE_HELP)
    with territory_col:
        territory = st.selectbox(
            texts.IMPORT_TERRITORY_LABEL, [AUTO, *territories.definitions()], key="import_territory",
            format_func=lambda k: texts.IMPORT_TERRITORY_AUTO if k == AUTO
            else territories.definitions()[k]["label"], help=texts.IMPORT_TERRITORY_HELP)
    with period_col:
        period = st.text_input(texts.IMPORT_PERIOD_LABEL, key="import_period",
                               placeholder=texts.IMPORT_PERIOD_PLACEHOLDER,
                               help=texts.IMPORT_PERIOD_HELP).strip()
    return (None if source == AUTO else source), (None if territory == AUTO else territory), period


def _check(file: dict, source: str | None, territory: str | None,
           period: str | None) -> view.Check:
    chosen = view.choices()
    values = view.chosen_values(view.value_choices())
    key = (view.file_token(file), source, territory, period, tuple(sorted(chosen.items())),
           tuple(sorted((f, tuple(sorted(v.items()))) for f, v in values.items())))
    kept = st.session_state.get(view.CHECK_KEY)
    if kept is None or kept[0] != key:
        check = view.run_check(state.get_store(), file["name"], file["raw"], source,
                               territory, period, chosen, values)  # shows its steps in st.status
        kept = st.session_state[view.CHECK_KEY] = (key, check)
    return kept[1]


def _buttons(check: view.Check, account_ready: bool) -> None:
    p = check.prepared
    has_errors = bool(p.errors)
    row = st.container(horizontal=True)
    row.button(texts.IMPORT_BUTTON, type="primary", disabled=has_errors or not account_ready,
                icon=":material/upload:", on_click=view.import_checked,
                args=(state.get_store(), False), key="import_all")
    valid = p.rows_read - p.invalid_rows
    if has_errors:
        row.button(texts.IMPORT_DROP_BUTTON,
                   disabled=valid <= 0 or bool(p.unusable_sheets) or not account_ready,
                   icon=":material/filter_alt:", on_click=view.import_checked,
                   args=(state.get_store(), True), key="import_valid")
        if p.unusable_sheets:  # a whole sheet would go: no import until it is mapped
            st.caption(texts.IMPORT_BLOCKED_SHEETS.format(sheets=p.unusable_names))
        else:
            st.caption(texts.IMPORT_BLOCKED + " " + texts.IMPORT_DROP_CAPTION.format(
                invalid=fmt_int(p.invalid_rows), valid=fmt_int(valid)))
    if not account_ready:
        st.caption(texts.IMPORT_BLOCKED_ACCOUNT)


def main() -> None:
    st.title(texts.IMPORT_TITLE, anchor=False)
    st.caption(texts.IMPORT_INTRO)
    store = state.get_store()
    if auth.first_login(store) is not None:
        st.info(texts.IMPORT_DEMO_NOTICE, icon=":material/lock_open:")
    if error := st.session_state.pop(view.ERROR_KEY, None):
        st.error(error, icon=":material/error:")
    if note := st.session_state.pop(view.ACCOUNT_NOTE_KEY, None):
        st.info(note, icon=":material/person_add:")
    if done := st.session_state.get(view.DONE_KEY):
        warned = [line for line in done if line.startswith(texts.IMPORT_WARNING_START)]
        st.success("  \n".join(line for line in done if line not in warned),
                   icon=":material/check_circle:")
        for line in warned:  # what it replaced beyond what it brought: stands out
            st.warning(line, icon=":material/warning:")

    key = view.uploader_key()
    max_mb = max(1, settings.MAX_UPLOAD_BYTES // 2**20)
    panels.uploader_in_french(key, max_mb, FILE_TYPES)
    # No `type=`: Streamlit would refuse another extension in the browser with an English
    # tooltip (« text/plain files are not allowed. ») and tell the page nothing; every file
    # reaches `ingest.readers`, which says in French what it is and what to do (a zip to
    # unzip, a PDF, a Word document…). FILE_TYPES stays the list the page advertises.
    st.file_uploader(texts.IMPORT_UPLOAD_LABEL, key=key,
                     help=texts.IMPORT_UPLOAD_HELP, on_change=_on_upload, args=(key,),
                     max_upload_size=max_mb)
    source, territory, period = _selectors()
    file = st.session_state.get(view.FILE_KEY)
    if not file:
        return
    if period and not PERIOD.match(period):
        st.error(texts.IMPORT_PERIOD_INVALID.format(period=period), icon=":material/event:")
        return

    check = _check(file, source, territory, period or None)
    if check.prepared is None:
        st.error(check.refused, icon=":material/error:")
        view.render_mapping(check, view.file_token(file))
        return
    view.render_summary(check.prepared)
    view.render_problems(check.prepared, check.report)
    view.render_mapping(check, view.file_token(file))
    view.render_values(check, view.file_token(file))
    view.render_personal(check.prepared)
    st.divider()
    if check.already is not None:
        st.info(texts.IMPORT_SAME_FILE_PREVIEW.format(
            id=check.already.id, date=fmt_date(check.already.created_at[:10])),
            icon=":material/content_copy:")
    else:
        if lines := preview_lines(check.replaces, check.overrides, check.prepared.period,
                                  state.catalog(), check.kept, check.replaced_rows):
            st.warning("  \n".join(lines), icon=":material/swap_horiz:")
        # far more replaced than brought (one event over the year's list): apart, just
        # above « Importer », with how to add instead
        for line in loss_warnings(check.replaced_rows):
            st.warning(line, icon=":material/warning:")
    _buttons(check, view.render_first_login(store))


main()
