"""Territoires (managers): the territories as data, as `python -m cli territory` does:
define one from its communes, an EPCI or a département, change its communes, remove it;
and import boundaries, as `python -m cli geo import`. The work is `data.territories` and
`geo.importer` (COG check, audit log); the page only draws widgets."""

import re
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

import settings
from data import territories
from geo import boundaries
from queries.registry import LOW_LEVEL_LABELS
from ui import auth, panels
from wording import texts
from wording.format import fmt_int

DONE_KEY = "territories_done"  # (success sentence, [information sentences]) shown once
ERROR_KEY = "territories_error"


def _sentence(error: Exception) -> str:
    text = str(error)
    return text[:1].upper() + text[1:]


def codes_of(text: str) -> list[str]:
    return [c for c in re.split(r"[\s,;]+", text or "") if c]


def territories_table() -> pd.DataFrame:
    rows = []
    for key, d in territories.definitions().items():
        rows.append({
            texts.TERRITORIES_COL_CODE: key,
            texts.TERRITORIES_COL_LABEL: d["label"],
            texts.TERRITORIES_COL_SHORT: d.get("csv_code", key),
            texts.TERRITORIES_COL_COMMUNES: fmt_int(len(d["communes"])),
            texts.TERRITORIES_COL_BOUNDARIES: fmt_int(len(boundaries.missing(d["communes"]))),
            texts.TERRITORIES_COL_KIND: texts.TERRITORIES_KIND[d["builtin"]],
        })
    return pd.DataFrame(rows)


def _done(message: str, notes: list[str]) -> None:
    st.session_state[DONE_KEY] = (message, notes)
    st.cache_data.clear()  # pages cached for the old communes


def _add() -> None:
    s = st.session_state
    try:
        how = s["territory_how"]
        if how == "communes":
            communes = codes_of(s.get("territory_communes", ""))
        elif how == "epci":
            communes = territories.epci_communes(s.get("territory_epci", ""))
        else:
            communes = territories.departement_communes(s.get("territory_dep", ""))
        code = (s.get("territory_code") or "").strip()
        notes = territories.add(code, s.get("territory_label", ""), communes,
                                fte_hours=s["territory_fte"], senior_age=s["territory_senior"],
                                low_level_max=s["territory_low"],
                                short_label_=s.get("territory_short"), by=auth.user_name())
    except territories.TerritoryError as e:
        s[ERROR_KEY] = _sentence(e)
        return
    n = len(territories.get(code)["communes"])
    _done(texts.TERRITORIES_ADDED.format(code=code, n=fmt_int(n)), notes)


def _save(code: str) -> None:
    try:
        notes = territories.set_communes(
            code, codes_of(st.session_state.get(f"territory_edit_{code}", "")),
            by=auth.user_name())
    except territories.TerritoryError as e:
        st.session_state[ERROR_KEY] = _sentence(e)
        return
    n = len(territories.get(code)["communes"])
    _done(texts.TERRITORIES_SAVED.format(code=code, n=fmt_int(n)), notes)


def _remove(code: str) -> None:
    try:
        territories.remove(code, by=auth.user_name())
    except territories.TerritoryError as e:
        st.session_state[ERROR_KEY] = _sentence(e)
        return
    _done(texts.TERRITORIES_REMOVED.format(code=code), [])


def add_form() -> None:
    st.subheader(texts.TERRITORIES_ADD_HEADER, anchor=False)
    c1, c2, c3 = st.columns([1, 2, 1])
    c1.text_input(texts.TERRITORIES_CODE_LABEL, key="territory_code",
                  help=texts.TERRITORIES_CODE_HELP)
    c2.text_input(texts.TERRITORIES_LABEL_LABEL, key="territory_label")
    c3.text_input(texts.TERRITORIES_SHORT_LABEL, key="territory_short",
                  help=texts.TERRITORIES_SHORT_HELP)
    how = st.radio(texts.TERRITORIES_HOW_LABEL, list(texts.TERRITORIES_HOW), horizontal=True,
                   key="territory_how", format_func=texts.TERRITORIES_HOW.get)
    if how == "communes":
        st.text_area(texts.TERRITORIES_COMMUNES_LABEL, key="territory_communes",
                     help=texts.TERRITORIES_COMMUNES_HELP)
    elif how == "epci":
        st.text_input(texts.TERRITORIES_EPCI_LABEL, key="territory_epci")
    else:
        st.text_input(texts.TERRITORIES_DEP_LABEL, key="territory_dep")
    c1, c2, c3 = st.columns(3)
    defaults = territories.DEFAULTS
    c1.number_input(texts.TERRITORIES_FTE_LABEL, 1, 3000, defaults["fte_hours"],
                    key="territory_fte")
    c2.number_input(texts.TERRITORIES_SENIOR_LABEL, 30, 70, defaults["senior_age"],
                    key="territory_senior")
    c3.selectbox(texts.TERRITORIES_LOW_LABEL, [3, 4, 5], index=0, key="territory_low",
                 format_func=lambda n: f"{n} ({LOW_LEVEL_LABELS[n]})")
    st.button(texts.TERRITORIES_ADD_BUTTON, on_click=_add, key="territory_add",
              icon=":material/add:")


def edit_form() -> None:
    st.subheader(texts.TERRITORIES_EDIT_HEADER, anchor=False)
    defined = territories.defined()
    if not defined:
        st.info(texts.TERRITORIES_NONE_DEFINED, icon=":material/info:")
        return
    code = st.selectbox(texts.TERRITORIES_SELECT, list(defined), key="territory_edit",
                        format_func=lambda k: f"{defined[k]['label']} ({k})")
    key = f"territory_edit_{code}"
    if key not in st.session_state:
        st.session_state[key] = " ".join(defined[code]["communes"])
    st.text_area(texts.TERRITORIES_COMMUNES_LABEL, key=key, help=texts.TERRITORIES_COMMUNES_HELP)
    st.button(texts.TERRITORIES_SAVE_BUTTON, on_click=_save, args=(code,),
              key="territory_save", icon=":material/save:")
    confirmed = st.checkbox(texts.TERRITORIES_REMOVE_CONFIRM.format(code=code),
                            key=f"territory_confirm_{code}")
    st.button(texts.TERRITORIES_REMOVE_BUTTON, on_click=_remove, args=(code,),
              disabled=not confirmed, key="territory_remove", icon=":material/delete:")


def _import_boundaries() -> None:
    s = st.session_state
    uploaded = s.get("territory_geo_file")
    if uploaded is None:
        return
    if uploaded.size > settings.MAX_UPLOAD_BYTES:
        s[ERROR_KEY] = texts.TERRITORIES_GEO_TOO_BIG.format(
            mb=settings.MAX_UPLOAD_BYTES // (1024 * 1024))
        return
    from geo import importer  # geopandas: loaded only when a file is imported

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / Path(uploaded.name).name
        path.write_bytes(uploaded.getvalue())
        try:
            result = importer.import_layer(
                path, layer=(s.get("territory_geo_layer") or "").strip() or None,
                code_column=(s.get("territory_geo_column") or "").strip() or None,
                kind=s.get("territory_geo_kind", "communes"), by=auth.user_name())
        except importer.GeoImportError as e:
            s[ERROR_KEY] = _sentence(e)
            return
    _done(result.summary(), result.messages)


def boundaries_form() -> None:
    st.subheader(texts.TERRITORIES_GEO_HEADER, anchor=False)
    st.caption(texts.TERRITORIES_GEO_INTRO)
    types = ["gpkg", "zip", "geojson", "json"]
    panels.uploader_in_french("territory_geo_file", st.get_option("server.maxUploadSize"), types)
    st.file_uploader(texts.TERRITORIES_GEO_FILE, type=types, key="territory_geo_file")
    c1, c2, c3 = st.columns(3)
    c1.radio(texts.TERRITORIES_GEO_KIND, list(texts.TERRITORIES_GEO_KINDS), horizontal=True,
             key="territory_geo_kind", format_func=texts.TERRITORIES_GEO_KINDS.get)
    c2.text_input(texts.TERRITORIES_GEO_LAYER, key="territory_geo_layer",
                  help=texts.TERRITORIES_GEO_LAYER_HELP)
    c3.text_input(texts.TERRITORIES_GEO_COLUMN, key="territory_geo_column",
                  help=texts.TERRITORIES_GEO_COLUMN_HELP)
    st.button(texts.TERRITORIES_GEO_BUTTON, on_click=_import_boundaries, key="territory_geo",
              icon=":material/map:")


def main() -> None:
    st.title(texts.TERRITORIES_TITLE, anchor=False)
    st.caption(texts.TERRITORIES_INTRO)
    if done := st.session_state.pop(DONE_KEY, None):
        message, notes = done
        st.success(message, icon=":material/check_circle:")
        for note in notes:
            st.info(note, icon=":material/info:")
    if error := st.session_state.pop(ERROR_KEY, None):
        st.error(error, icon=":material/error:")
    table = territories_table()
    st.dataframe(table, hide_index=True)
    if (table[texts.TERRITORIES_COL_BOUNDARIES] != "0").any():
        st.caption(texts.TERRITORIES_BOUNDARIES_NOTE)
    add_form()
    edit_form()
    boundaries_form()


main()
