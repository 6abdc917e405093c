"""Historique des imports: every import, newest first, and the rollback of an active one."""

import datetime as dt

import pandas as pd
import streamlit as st

from data.catalog import STATUS_WORDS, Catalog, ImportRecord, demo_mixed
from data.store import StoreError
from ui import auth, state
from ui import import_view as view
from wording import texts
from wording.format import fmt_int
from wording.import_outcome import demo_sources
from wording.rollback import rollback_lines

DONE_KEY = "history_done"  # French sentences about the last rollback, shown once
ERROR_KEY = "history_error"


def _when(iso: str | None) -> dt.datetime | None:
    # Stored with the server's offset: show the wall-clock time of the server.
    return dt.datetime.fromisoformat(iso).replace(tzinfo=None) if iso else None


def _note(r: ImportRecord) -> str:
    notes = []
    if r.replaces:
        notes.append(texts.HISTORY_NOTE_REPLACES.format(ids=", ".join(map(str, r.replaces))))
    if r.overrides:
        notes.append(texts.HISTORY_NOTE_OVERRIDES.format(ids=", ".join(map(str, r.overrides))))
    if r.replaced_by is not None and r.status == "replaced":
        notes.append(texts.HISTORY_NOTE_REPLACED_BY.format(id=r.replaced_by))
    if r.status == "rolled_back":
        when = _when(r.rolled_back_at)
        notes.append(texts.HISTORY_NOTE_ROLLED_BACK.format(
            date=when.strftime("%d/%m/%Y %H:%M") if when else "", user=r.rolled_back_by or ""))
    if r.dropped_invalid_rows:
        notes.append(texts.HISTORY_NOTE_DROPPED)
    if r.archive_purged_at:
        when = _when(r.archive_purged_at)
        notes.append(texts.HISTORY_NOTE_ARCHIVE_PURGED.format(
            date=when.strftime("%d/%m/%Y") if when else ""))
    return " ; ".join(notes)


def history_table(cat: Catalog) -> pd.DataFrame:
    """One row per import, newest first, with French labels and formats."""
    rows = [{
        texts.HISTORY_COL_ID: r.id,
        texts.HISTORY_COL_DATE: _when(r.created_at),
        # The status first: it is what a manager looks for, and it stays in view.
        texts.HISTORY_COL_STATUS: STATUS_WORDS.get(r.status, r.status),
        texts.HISTORY_COL_SOURCE: view.source_label(r.source),
        texts.HISTORY_COL_TERRITORY: view.territory_label(r.territory),
        texts.HISTORY_COL_PERIOD: view.period_label(r.period, r.covers),
        texts.HISTORY_COL_FILE: r.file_name,
        texts.HISTORY_COL_USER: r.user,
        texts.HISTORY_COL_READ: fmt_int(r.rows_read),
        texts.HISTORY_COL_STORED: fmt_int(r.rows_stored),
        texts.HISTORY_COL_REJECTED: fmt_int(r.rows_rejected),
        texts.HISTORY_COL_NOTE: _note(r),
    } for r in sorted(cat.imports, key=lambda r: r.id, reverse=True)]
    return pd.DataFrame(rows)


def _rollback(import_id: int) -> None:
    store = state.get_store()
    try:
        record = store.rollback(import_id, user=auth.user_name())
    except StoreError as e:
        st.session_state[ERROR_KEY] = str(e)
        return
    st.cache_data.clear()  # the figures computed with this import are out of date
    st.session_state[DONE_KEY] = rollback_lines(record, store.catalog())


def _withdraw_demo() -> None:
    withdrawn = state.get_store().withdraw_demo(user=auth.user_name())
    st.cache_data.clear()  # the figures computed with the demo are out of date
    st.session_state[DONE_KEY] = [texts.HISTORY_DEMO_DONE.format(
        ids=", ".join(map(str, withdrawn)))]


def _demo_form(cat: Catalog) -> None:
    """Withdraw the demonstration imports that still count beside real ones."""
    demo = demo_mixed(cat.imports)
    if not demo:
        return
    st.subheader(texts.HISTORY_DEMO_HEADER, anchor=False)
    sources = demo_sources(demo, view.territory_label)
    st.caption(texts.HISTORY_DEMO_INTRO.format(n=len(demo), sources=sources))
    confirmed = st.checkbox(texts.HISTORY_DEMO_CONFIRM, key="history_demo_confirm")
    st.button(texts.HISTORY_DEMO_BUTTON, disabled=not confirmed, icon=":material/delete_sweep:",
              on_click=_withdraw_demo, key="history_demo_withdraw")


def _option(r: ImportRecord) -> str:
    return texts.HISTORY_ROLLBACK_OPTION.format(
        id=r.id, source=view.source_label(r.source), territory=view.territory_label(r.territory),
        period=view.period_label(r.period, r.covers), file=r.file_name)


def _rollback_form(cat: Catalog) -> None:
    st.subheader(texts.HISTORY_ROLLBACK_HEADER, anchor=False)
    st.caption(texts.HISTORY_ROLLBACK_INTRO)
    active = {r.id: r for r in sorted(cat.active(), key=lambda r: r.id, reverse=True)}
    if not active:
        st.info(texts.HISTORY_ROLLBACK_NONE, icon=":material/info:")
        return
    chosen = st.selectbox(texts.HISTORY_ROLLBACK_SELECT, list(active), key="history_import",
                          format_func=lambda i: _option(active[i]))
    confirmed = st.checkbox(texts.HISTORY_ROLLBACK_CONFIRM.format(id=chosen),
                            key=f"history_confirm_{chosen}")
    st.button(texts.HISTORY_ROLLBACK_BUTTON, disabled=not confirmed, icon=":material/undo:",
              on_click=_rollback, args=(chosen,), key="history_rollback")


def main() -> None:
    st.title(texts.HISTORY_TITLE, anchor=False)
    st.caption(texts.HISTORY_INTRO)
    if done := st.session_state.pop(DONE_KEY, None):
        st.success("  \n".join(done), icon=":material/check_circle:")
    if error := st.session_state.pop(ERROR_KEY, None):
        st.error(error, icon=":material/error:")

    cat = state.catalog()
    if not cat.imports:
        st.info(texts.HISTORY_EMPTY, icon=":material/upload_file:")
        return
    st.dataframe(history_table(cat), hide_index=True, column_config={
        texts.HISTORY_COL_DATE: st.column_config.DatetimeColumn(format="DD/MM/YYYY HH:mm"),
        texts.HISTORY_COL_ID: st.column_config.NumberColumn(format="%d", width="small"),
    })
    _demo_form(cat)
    _rollback_form(cat)


main()
