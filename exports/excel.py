"""The Excel workbook of a territory's (or one commune's) figures for a year.

Sheets: « À propos » (title, territory, period, extraction date, sources, secret rule,
role, definitions), « Chiffres clés » (by family, "dont" lines indented), one sheet per
per-commune table (PLIE like the report's T2, job seekers), and « Données » in long
form for pivot tables. Figures come from `exports.content`, hence from the page's own
queries and secret rule. Numbers are written as numbers with number-format codes
(`#,##0`, `0.0%`) that a French Excel or LibreOffice displays as `9 948` and `49,6 %`;
a masked cell holds the text "s"; every text goes through `exports.safe.neutralise`.
Written with XlsxWriter, with every automatic string conversion off.
"""

import datetime as dt
import io
import math
from collections.abc import Collection, Iterable

import duckdb
import pandas as pd
import xlsxwriter

from data import reference, territories
from data.catalog import ImportRecord, demo_only
from exports import content
from exports.safe import file_stem, neutralise
from queries import masking, narrative, registry, secret
from queries.runner import within_one_page
from wording import texts
from wording.format import SECRET, is_missing

NAVY = "#1D4F91"
NUMBER_FORMATS = {"personnes": "#,##0", "nombre": "#,##0", "heures": '#,##0" h"',
                  "€": '#,##0.00" €"', "ETP": "#,##0.0", "mois": '#,##0.0" mois"', "%": "0.0%"}
EVOLUTION_FORMAT = "+0.0%;-0.0%;0.0%"
TABLE_STYLE = "Table Style Light 9"
HEADER_ROW = 3  # 0-based row of a sheet's table header, under a title and a subtitle


def workbook_file_name(territory: str, year: int, commune: str | None = None) -> str:
    if commune:
        return texts.EXPORT_FILE_FICHE.format(
            commune=file_stem(reference.commune_name(commune)), year=year, ext="xlsx")
    return texts.EXPORT_FILE_WORKBOOK.format(territory=file_stem(territory), year=year)


class _Styles:
    """XlsxWriter formats, created once per combination."""

    def __init__(self, wb: xlsxwriter.Workbook):
        self.wb = wb
        self._cache: dict[tuple, object] = {}

    def get(self, **props):
        key = tuple(sorted(props.items()))
        if key not in self._cache:
            base = {"font_name": "Calibri", "font_size": 11, "valign": "top"}
            self._cache[key] = self.wb.add_format({**base, **props})
        return self._cache[key]

    def number(self, unit: str, **props):
        return self.get(num_format=NUMBER_FORMATS.get(unit, "#,##0.##"), **props)


def _cell(ws, st: _Styles, row: int, col: int, value, unit: str, masked: bool,
          num_format: str | None = None, **props) -> None:
    """A number with its unit's format, "s" if masked, blank if missing."""
    if masked:
        ws.write_string(row, col, SECRET, st.get(align="right", font_color="#5B6472", **props))
    elif is_missing(value):
        ws.write_blank(row, col, None, st.get(**props))
    else:
        fmt = st.get(num_format=num_format, **props) if num_format else st.number(unit, **props)
        ws.write_number(row, col, float(value), fmt)


def _text(ws, st: _Styles, row: int, col: int, value, **props) -> None:
    text = "" if value is None or (isinstance(value, float) and value != value) else value
    ws.write_string(row, col, neutralise(text), st.get(**props))


def _fit_row(ws, row: int, cells: list[tuple[str, float]], minimum: float = 15) -> None:
    """Row height for wrapped texts: LibreOffice does not grow a row when opening a file,
    so the height is estimated (about 1.15 characters of text per unit of column width)."""
    lines = max([1, *(math.ceil(len(t or "") / max(1.15 * w - 2, 1)) for t, w in cells)])
    ws.set_row(row, max(minimum, 15 * lines))


def _titles(ws, st: _Styles, title: str, subtitle: str) -> None:
    ws.write_string(0, 0, neutralise(title), st.get(bold=True, font_size=14, font_color=NAVY))
    ws.set_row(0, 22)
    ws.write_string(1, 0, neutralise(subtitle), st.get(font_color="#5B6472"))


def _table(ws, st: _Styles, name: str, columns: list[tuple[str, float, bool]], first_row: int,
           n_rows: int, freeze_cols: int = 2) -> None:
    """An Excel table (filters, banded rows) over data already written cell by cell: its
    headers are ours, so nothing is re-written or converted by the table.
    `columns`: (header, width, numeric); numeric headers are right-aligned."""
    for c, (_, width, _) in enumerate(columns):
        ws.set_column(c, c, width)
    header = {"bold": True, "font_color": "#FFFFFF", "bg_color": NAVY, "text_wrap": True,
              "border": 1, "border_color": NAVY, "valign": "bottom"}
    ws.add_table(first_row, 0, first_row + max(n_rows, 1), len(columns) - 1, {
        "name": name, "style": TABLE_STYLE, "autofilter": True,
        "columns": [{"header": neutralise(h),
                     "header_format": st.get(**header, align="right" if numeric else "left")}
                    for h, _, numeric in columns],
    })
    _fit_row(ws, first_row, [(h, w - 2) for h, w, _ in columns], minimum=30)
    ws.freeze_panes(first_row + 1, freeze_cols)


def _print_setup(ws, header_row: int) -> None:
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(header_row)


# -- sheets -------------------------------------------------------------------------------
ABOUT_WIDTHS = (30, 110)


def _about(wb, st, facts: list[tuple[str, list[str]]], title: str, role: str,
           definitions: list[tuple[str, str]], story: narrative.Narrative | None = None) -> None:
    ws = wb.add_worksheet(texts.EXPORT_ABOUT_SHEET)
    ws.set_column(0, 0, ABOUT_WIDTHS[0])
    ws.set_column(1, 1, ABOUT_WIDTHS[1])
    ws.write_string(0, 0, neutralise(title), st.get(bold=True, font_size=16, font_color=NAVY))
    ws.set_row(0, 26)
    ws.write_string(1, 0, texts.EXPORT_APP_NAME, st.get(font_color="#5B6472"))
    row = 3
    if secret.sees_unmasked(role):
        ws.merge_range(row, 0, row, 1, texts.EXPORT_CONFIDENTIAL,
                       st.get(bold=True, font_color="#FFFFFF", bg_color="#B42318",
                              text_wrap=True, valign="vcenter"))
        ws.set_row(row, 36)
        row += 2
    row = _summary(ws, st, row, story)
    for label, lines in facts:
        for i, line in enumerate(lines):
            if i == 0:
                ws.write_string(row, 0, neutralise(label), st.get(bold=True, text_wrap=True))
            ws.write_string(row, 1, neutralise(line), st.get(text_wrap=True))
            _fit_row(ws, row, [(label if i == 0 else "", ABOUT_WIDTHS[0]),
                               (line, ABOUT_WIDTHS[1])])
            row += 1
    row += 1
    ws.write_string(row, 0, texts.EXPORT_DEFINITIONS, st.get(bold=True, font_size=12,
                                                             font_color=NAVY))
    row += 1
    for label, definition in definitions:
        ws.write_string(row, 0, neutralise(label), st.get(text_wrap=True, bold=True))
        ws.write_string(row, 1, neutralise(definition), st.get(text_wrap=True))
        _fit_row(ws, row, [(label, ABOUT_WIDTHS[0]), (definition, ABOUT_WIDTHS[1])])
        row += 1
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.activate()


def _summary(ws, st, row: int, story: narrative.Narrative | None) -> int:
    """« Ce que disent les chiffres » at the top of the cover: each sentence, and under it
    (grey) the registry ids and values it rests on. Returns the next free row."""
    if story is None or not story.sentences:
        return row
    ws.write_string(row, 0, texts.NARRATIVE_TITLE,
                    st.get(bold=True, font_size=12, font_color=NAVY, text_wrap=True))
    for s, evidence in zip(story.sentences, story.footnotes, strict=True):
        ws.write_string(row, 1, neutralise(s.text), st.get(text_wrap=True))
        _fit_row(ws, row, [(s.text, ABOUT_WIDTHS[1])])
        ws.write_string(row + 1, 1, neutralise(evidence),
                        st.get(text_wrap=True, font_size=9, font_color="#5B6472"))
        _fit_row(ws, row + 1, [(evidence, ABOUT_WIDTHS[1] * 1.2)], minimum=12)
        row += 2
    return row + 1


def _figures_sheet(wb, st, df: pd.DataFrame, title: str, subtitle: str,
                   territory_df: pd.DataFrame | None) -> None:
    """Territory mode: one value column; commune mode: commune, territory and weight."""
    ws = wb.add_worksheet(texts.EXPORT_FIGURES_SHEET)
    _titles(ws, st, title, subtitle)
    ter = territory_df.set_index("indicator") if territory_df is not None else None
    cols = [(texts.COL_FAMILY, 20, False), (texts.COL_LABEL, 50, False)]
    if ter is None:
        cols += [(texts.COL_VALUE, 15, True), (texts.COL_PERIOD, 22, False),
                 (texts.COL_PREVIOUS, 15, True), (texts.COL_EVOLUTION, 12, True),
                 (texts.COL_SHARE, 11, True)]
    else:
        cols += [(texts.EXPORT_COL_COMMUNE_VALUE, 15, True),
                 (texts.EXPORT_COL_COMMUNE_SHARE, 12, True),
                 (texts.EXPORT_COL_TERRITORY_VALUE, 15, True),
                 (texts.EXPORT_COL_TERRITORY_SHARE, 12, True),
                 (texts.EXPORT_COL_WEIGHT, 14, True), (texts.COL_PERIOD, 22, False),
                 (texts.COL_PREVIOUS, 15, True), (texts.COL_EVOLUTION, 12, True)]
    cols += [(texts.EXPORT_COL_REMARK, 30, False), (texts.COL_DEFINITION, 70, False),
             (texts.EXPORT_COL_ID, 30, False)]
    for i, r in enumerate(df.to_dict("records")):
        row = HEADER_ROW + 1 + i
        top = r["depth"] == 0
        bold = {"bold": True} if top else {}
        label = r["label"] if top else f"dont {r['label']}"
        unit, masked = r["unit"], bool(r["secret"])
        before_masked = bool(r.get("previous_secret", False))
        when = content.when_text(r["period"], r["reference_date"])
        evolution = _fraction(r["evolution_pct"])
        _text(ws, st, row, 0, r["family"])
        _text(ws, st, row, 1, label, indent=int(r["depth"]), **bold)
        _cell(ws, st, row, 2, r["value"], unit, masked, **bold)
        if ter is None:
            _text(ws, st, row, 3, when, indent=1)
            _cell(ws, st, row, 4, r["previous_value"], unit, before_masked)
            _cell(ws, st, row, 5, evolution, "%", masked or before_masked, EVOLUTION_FORMAT)
            _cell(ws, st, row, 6, r["share"], "%", masked)
            c = 7
        else:
            t = ter.loc[r["indicator"]]
            t_masked = bool(t["secret"])
            _cell(ws, st, row, 3, r["share"], "%", masked)
            _cell(ws, st, row, 4, t["value"], unit, t_masked, **bold)
            _cell(ws, st, row, 5, t["share"], "%", t_masked)
            _cell(ws, st, row, 6, weight(r["value"], t["value"], unit), "%", masked or t_masked)
            _text(ws, st, row, 7, when, indent=1)
            _cell(ws, st, row, 8, r["previous_value"], unit, before_masked)
            _cell(ws, st, row, 9, evolution, "%", masked or before_masked, EVOLUTION_FORMAT)
            c = 10
        remark = texts.EXPORT_LPE_REMARK if r["lpe"] else ""
        _text(ws, st, row, c, remark, text_wrap=True)
        _text(ws, st, row, c + 1, r["definition"], text_wrap=True)
        _text(ws, st, row, c + 2, r["indicator"])
        _fit_row(ws, row, [(remark, cols[c][1]), (r["definition"], cols[c + 1][1])])
    if df.empty:
        _text(ws, st, HEADER_ROW + 1, 0, texts.EXPORT_NO_DATA)
    _table(ws, st, "ChiffresCles", cols, HEADER_ROW, len(df))
    _print_setup(ws, HEADER_ROW)


def weight(value, total, unit: str) -> float:
    """The commune's part of the territory's total, for figures that add up over communes."""
    if unit not in content.ADDITIVE_UNITS or is_missing(value) or is_missing(total) or not total:
        return math.nan
    return content.rounded(value / total, 3)


def _fraction(evolution_pct) -> float:
    return math.nan if is_missing(evolution_pct) else content.rounded(evolution_pct / 100, 3)


def _commune_sheet(wb, st, table: content.CommuneTable, subtitle: str, name: str,
                   highlight: str | None) -> None:
    ws = wb.add_worksheet(table.sheet)
    _titles(ws, st, table.title, subtitle)
    cols = [(texts.EXPORT_COL_COMMUNE, 24, False), (texts.EXPORT_COL_CODE, 10, False),
            *[(c.header, 14, True) for c in table.columns]]
    body = table.frame[table.frame["code_insee"].notna()]
    row = HEADER_ROW
    for idx, r in body.iterrows():
        row += 1
        props = {"bold": True, "bg_color": "#FFF1D6"} if r["code_insee"] == highlight else {}
        _text(ws, st, row, 0, r["commune"], **props)
        _text(ws, st, row, 1, r["code_insee"], **props)
        for c, col in enumerate(table.columns, start=2):
            _cell(ws, st, row, c, r[col.key], table.unit(col),
                  bool(table.secret.at[idx, col.key]), **props)
    _table(ws, st, name, cols, HEADER_ROW, len(body))
    # The total is the territory's, outside the table: filtering communes leaves it whole.
    total = table.frame[table.frame["code_insee"].isna()]
    if not total.empty:
        row += 1
        idx, r = next(total.iterrows())
        line = {"bold": True, "top": 2, "top_color": NAVY}
        _text(ws, st, row, 0, texts.EXPORT_TOTAL, **line)
        _text(ws, st, row, 1, "", **line)
        for c, col in enumerate(table.columns, start=2):
            _cell(ws, st, row, c, r[col.key], table.unit(col),
                  bool(table.secret.at[idx, col.key]), **line)
    _print_setup(ws, HEADER_ROW)


DATA_COLUMNS = ["indicator", "label", "territory", "commune_insee", "commune", "period", "value",
                "unit", "qpv_code"]
DATA_WIDTHS = [30, 50, 10, 14, 24, 18, 14, 11, 12]


def data_rows(territory: str, frames: list[tuple[str | None, pd.DataFrame]],
              tables: list[content.CommuneTable], labels: dict[str, tuple[str, str, str]]
              ) -> list[dict]:
    """Long form: each figure once per (indicator, commune); a masked one has value "s"."""
    rows, seen = [], set()

    def add(indicator, code, name, value, masked):
        if (indicator, code) in seen:
            return
        seen.add((indicator, code))
        label, period, unit = labels[indicator]
        rows.append({"indicator": indicator, "label": label, "territory": territory,
                     "commune_insee": code or "", "commune": name or "", "period": period,
                     "value": SECRET if masked else value, "unit": unit, "qpv_code": ""})

    for code, df in frames:
        name = reference.commune_name(code) if code else ""
        for r in df.to_dict("records"):
            add(r["indicator"], code, name, r["value"], bool(r["secret"]))
    for table in tables:
        for idx, r in table.frame[table.frame["code_insee"].notna()].iterrows():
            for col in table.columns:
                if col.indicator:
                    add(col.indicator, r["code_insee"], r["commune"], r[col.key],
                        bool(table.secret.at[idx, col.key]))
    return rows


def _notes(ws, st, row: int, notes: list[str], width: int) -> None:
    for note in notes:
        ws.merge_range(row, 0, row, width, neutralise(note),
                       st.get(text_wrap=True, font_color="#5B6472"))
        _fit_row(ws, row, [(note, 150)])
        row += 1


def _qpv_sheet(wb, st, data: dict, subtitle: str, highlight: str | None) -> None:
    """One row per quarter (its 2015 counterpart, the code the file names it by) and the
    territory's total outside the table, as the QPV page shows them."""
    from wording import qpv_format

    ws = wb.add_worksheet(texts.EXPORT_QPV_SHEET)
    _titles(ws, st, texts.EXPORT_QPV_TITLE, f"{subtitle} · {content.qpv_period_text(data)}")
    heads = texts.EXPORT_QPV_COLUMNS
    shares = {k: v.format(low_level=data["low_level"]) for k, v in texts.QPV_ONPV_COLUMNS.items()
              if k in content.QPV_SHARES}
    cols = [(heads["qpv_name"], 30, False), (heads["qpv_code"], 11, False),
            (heads["commune_names"], 22, False), (heads["match"], 34, False),
            (heads["onpv_code"], 11, False),
            *[(heads[k], 13, True) for k in content.QPV_COUNTS],
            *[(shares[k], 12, True) for k in content.QPV_SHARES]]
    q = data["quartiers"]
    body = q[q["qpv_code"].notna()]
    row = HEADER_ROW
    for idx, r in body.iterrows():
        row += 1
        props = ({"bold": True, "bg_color": "#FFF1D6"} if highlight and highlight in r["communes"]
                 else {})
        _text(ws, st, row, 0, r["qpv_name"], **props)
        _text(ws, st, row, 1, r["qpv_code"], **props)
        _text(ws, st, row, 2, r["commune_names"], **props)
        _text(ws, st, row, 3, qpv_format.match_text(r["match"], r["qpv_code_2015"],
                                                    r["qpv_name_2015"]), text_wrap=True, **props)
        _text(ws, st, row, 4, r["onpv_code"] if isinstance(r["onpv_code"], str) else "", **props)
        for c, key in enumerate([*content.QPV_COUNTS, *content.QPV_SHARES], start=5):
            unit = "personnes" if key in content.QPV_COUNTS else "%"
            value = content.rounded(r[key], content.unit_digits(unit))
            _cell(ws, st, row, c, value, unit, bool(masking.hidden(q, key).at[idx]), **props)
    _table(ws, st, "Quartiers", cols, HEADER_ROW, len(body))
    total = q[q["qpv_code"].isna()]
    if not total.empty:
        row += 1
        idx, r = next(total.iterrows())
        line = {"bold": True, "top": 2, "top_color": NAVY}
        _text(ws, st, row, 0, texts.QPV_ONPV_TOTAL, **line)
        for c in range(1, 5):
            _text(ws, st, row, c, "", **line)
        for c, key in enumerate([*content.QPV_COUNTS, *content.QPV_SHARES], start=5):
            unit = "personnes" if key in content.QPV_COUNTS else "%"
            value = math.nan if key == "qpv_taux_emploi" else content.rounded(
                r[key], content.unit_digits(unit))
            _cell(ws, st, row, c, value, unit, bool(masking.hidden(q, key).at[idx]), **line)
    notes = [texts.QPV_ONPV_SECRET, texts.QPV_LIST_MATCH_CAPTION, texts.QPV_ONPV_NO_REFERENCE]
    inter = body[~body["in_total"].astype(bool)]
    if not inter.empty:
        notes.insert(0, texts.QPV_ONPV_INTERCOMMUNAL.format(
            quartiers=", ".join(inter["qpv_name"])))
    _notes(ws, st, row + 2, notes, len(cols) - 1)
    _print_setup(ws, HEADER_ROW)


def _qpv_share_sheet(wb, st, data: dict, subtitle: str, highlight: str | None) -> None:
    """Per commune holding a quarter, and the territory: the job seekers living in its
    quarters (ONPV), the commune's (France Travail, Dares) and the share."""
    ws = wb.add_worksheet(texts.EXPORT_QPV_SHARE_SHEET)
    dates = content.qpv_dates_text(data) or texts.QPV_SHARE_NO_MONTH
    _titles(ws, st, texts.EXPORT_QPV_SHARE_TITLE, f"{subtitle} · {dates}")
    keys = list(texts.QPV_SHARE_COLUMNS)
    cols = [(texts.EXPORT_COL_COMMUNE, 24, False), (texts.EXPORT_COL_CODE, 10, False),
            *[(texts.QPV_SHARE_COLUMNS[k], 15, True) for k in keys]]
    c = data["communes"]
    body = c[c["code_insee"].notna()]
    row = HEADER_ROW
    for idx, r in body.iterrows():
        row += 1
        props = {"bold": True, "bg_color": "#FFF1D6"} if r["code_insee"] == highlight else {}
        _text(ws, st, row, 0, r["commune"], **props)
        _text(ws, st, row, 1, r["code_insee"], **props)
        for n, key in enumerate(keys, start=2):
            unit = "%" if "part" in key else "personnes"
            _cell(ws, st, row, n, content.rounded(r[key], content.unit_digits(unit)), unit,
                  bool(masking.hidden(c, key).at[idx]), **props)
    _table(ws, st, "DemandeursEnQPV", cols, HEADER_ROW, len(body))
    total = c[c["code_insee"].isna()]
    if not total.empty:
        row += 1
        idx, r = next(total.iterrows())
        line = {"bold": True, "top": 2, "top_color": NAVY}
        _text(ws, st, row, 0, texts.EXPORT_TOTAL, **line)
        _text(ws, st, row, 1, "", **line)
        for n, key in enumerate(keys, start=2):
            unit = "%" if "part" in key else "personnes"
            _cell(ws, st, row, n, content.rounded(r[key], content.unit_digits(unit)), unit,
                  bool(masking.hidden(c, key).at[idx]), **line)
    _notes(ws, st, row + 2, [texts.QPV_SHARE_CAPTION, dates], len(cols) - 1)
    _print_setup(ws, HEADER_ROW)


def _data_sheet(wb, st, rows: list[dict]) -> None:
    ws = wb.add_worksheet(texts.EXPORT_DATA_SHEET)
    for i, r in enumerate(rows, start=1):
        for c, key in enumerate(DATA_COLUMNS):
            if key == "value":
                masked = r["value"] == SECRET
                _cell(ws, st, i, c, None if masked else r["value"], r["unit"], masked)
            else:
                _text(ws, st, i, c, r[key])
    cols = [(h, w, h == "value") for h, w in zip(DATA_COLUMNS, DATA_WIDTHS, strict=True)]
    _table(ws, st, "Donnees", cols, 0, len(rows), freeze_cols=0)
    _print_setup(ws, 0)


# -- the workbook ---------------------------------------------------------------------------
@within_one_page
def build_workbook(con: duckdb.DuckDBPyConnection, territory: str, year: int,
                   commune: str | None = None, role: str = content.DEFAULT_ROLE, *,
                   sources: Iterable[ImportRecord] | None = None,
                   now: dt.datetime | None = None,
                   communes: Collection[str] | None = None) -> bytes:
    """The workbook as the bytes of an .xlsx file. `sources`: the catalogue's imports
    (`Store.catalog().imports`), named on the cover. `communes`: the communes the viewer
    may see in detail (None: all); the per-commune sheets and « Données » keep only
    their rows and the totals, a `commune` outside them is refused."""
    content.check_role(role)
    content.check_commune(commune, communes)
    sources = list(sources or [])
    now = now or dt.datetime.now()
    ter_df = content.figures(con, territory, year, role=role)
    when = content.job_seekers_when(ter_df)
    # Masked on every commune first (secondary suppression), restricted afterwards.
    tables = content.commune_tables(con, territory, year, content.TABLES, role, when)
    com_df = content.figures(con, territory, year, commune, role) if commune else None
    tables = content.restrict(tables, communes)
    qpv = content.qpv_figures(con, territory, year, role, communes)
    label = territories.territory_label(territory)
    if commune:
        name = reference.commune_name(commune)
        title = texts.EXPORT_FICHE_TITLE.format(commune=name, year=year)
        main = content.shown(com_df, ter_df)
    else:
        title = texts.EXPORT_TITLE.format(year=year, territory=label)
        main = content.shown(ter_df)
    period = content.period_text(ter_df, year)
    subtitle = f"{label} · {period}"

    facts = [(texts.EXPORT_TERRITORY, [label])]
    if commune:
        facts.append((texts.EXPORT_COMMUNE, [texts.EXPORT_COMMUNE_VALUE.format(
            name=reference.commune_name(commune), code=commune)]))
    if (limited := content.restriction_text(tables, communes)) is not None:
        facts.append((texts.EXPORT_COMMUNES_LIMITED, [limited]))
    facts += [(texts.EXPORT_PERIOD, [period]),
              (texts.EXPORT_EXTRACTED, [content.extraction_text(now)]),
              (texts.EXPORT_ROLE, [content.role_text(role)]),
              (texts.EXPORT_SECRET, [content.secret_text()]),
              (texts.EXPORT_READING, [texts.EXPORT_READING_TEXT]),
              (texts.EXPORT_SOURCES, content.source_lines(sources, territory)),
              (texts.EXPORT_TERRITORY_DEFINITIONS, [content.territory_definitions(territory)])]
    if any(main["lpe"]):
        facts.append((texts.LPE_NOTE_TITLE, [texts.LPE_NOTE]))
    if demo_only(sources, territory):
        facts.insert(0, (texts.EXPORT_DEMO_LABEL, [texts.EXPORT_DEMO]))
    elif mixed := content.demo_note(sources, territory):
        facts.insert(0, (texts.EXPORT_DEMO_LABEL, [mixed]))
    qpv_sheets = [texts.EXPORT_QPV_SHEET, texts.EXPORT_QPV_SHARE_SHEET] if qpv["has_data"] \
        else []
    if qpv["has_data"]:
        facts.append((texts.EXPORT_QPV_SHEET, [content.qpv_period_text(qpv)]))
    sheets = [texts.EXPORT_FIGURES_SHEET, *[t.sheet for t in tables], *qpv_sheets,
              texts.EXPORT_DATA_SHEET]
    facts.append((texts.EXPORT_CONTENTS, sheets))
    definitions = [(r["label"], r["definition"]) for r in main.to_dict("records")]
    if qpv["has_data"]:
        inds = registry.indicators()
        definitions += [(inds[i].texts(territory)[0][:1].upper() + inds[i].texts(territory)[0][1:],
                         inds[i].texts(territory)[1])
                        for i in (*content.QPV_COUNTS, "qpv_de_abc_longue_duree",
                                  "qpv_de_abc_niveau_bas", "qpv_taux_emploi", "qpv_part_de_abc")]

    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False,
                                   "strings_to_urls": False, "strings_to_numbers": False})
    wb.set_properties({"title": title, "subject": subtitle, "author": texts.EXPORT_APP_NAME,
                       "created": now})
    st = _Styles(wb)
    story = narrative.build(con, territory, year, commune, audience=role, visible=communes)
    _about(wb, st, facts, title, role, definitions, story)
    _figures_sheet(wb, st, main, title, subtitle, ter_df if commune else None)
    for name, table in zip(("PlieParCommune", "DemandeursParCommune", "MissionLocaleParCommune"),
                           tables, strict=True):
        _commune_sheet(wb, st, table, subtitle, name, commune)
    if qpv["has_data"]:
        _qpv_sheet(wb, st, qpv, label, commune)
        _qpv_share_sheet(wb, st, qpv, label, commune)
    frames = [(commune, com_df)] if commune else []
    frames.append((None, ter_df))
    labels = {r["indicator"]: (r["label"], r["period"], r["unit"])
              for r in ter_df.to_dict("records")}
    rows = data_rows(territory, frames, tables, labels)
    if qpv["has_data"]:
        rows += content.qpv_data_rows(qpv, territory)
    _data_sheet(wb, st, rows)
    wb.close()
    return out.getvalue()
