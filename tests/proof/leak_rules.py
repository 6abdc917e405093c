"""How the secret proof reads what a person sees, and tells person counts from other numbers.

Everything here reads rendered output only: the elements of an AppTest run (tables, metrics,
texts, HTML, Plotly figure JSON) and the bytes of downloaded files (xlsx, pptx, html). It
knows nothing of how the app computes or masks its figures.

**Which numbers are person counts** (the rule, strict by default: a number is a person count
unless its element says otherwise; a false alarm is investigated, a miss is a leak):

* Only whole numbers written without a unit are candidates: "3", "1 234". A value written
  with a unit or decimals ("49,6 %", "5,3" per 1 000, "12 h", "250,00 €", "8,6 mois",
  "+3,0 %") is a rate, a mean, hours or euros, never a count; the masked marker is "s".
* Tables (st.dataframe, xlsx sheets): the column header names the figure. Headers listed in
  `NON_PERSON_HEADERS` for that page (contacts, interviews, steps, situations, payments,
  events, exhibitors) are counts of things, not of people; every other header is a person
  count. Tables with one indicator per row (Ma commune, the key-figures table, the fiche,
  the workbook's « Chiffres clés » and « Données ») take the unit of the row's indicator in
  the registry (`queries/indicators.toml`: « personnes » is a person count, « nombre » is
  not), found by its label (or its id where the file gives it).
* Plotly figures: a trace's name is its header; its rendered values (`customdata`, `text`)
  decide whether it holds whole numbers; its raw `x`/`y` are checked when they do. Titles,
  annotations, legends and hover templates are texts.
* Metrics: the label is the header, the note is a text.
* Texts (markdown, captions, HTML, slide text, xlsx text cells): any whole number from 1 to
  10 is a person count unless what follows it is a unit, a date, a rank, a counter or a
  non-person noun (`_ALLOWED_AFTER`, `_ALLOWED_AROUND`), or it belongs to the app's static
  wording (`wording/texts.py` strings without placeholders, the registry's definitions), which
  does not depend on the data.
* Participants of employment events (`evt_participants`, unit « nombre » in the registry)
  are visits to public events, added up over the events (the organisers publish them):
  the product does not apply the secret to them (README, statistical secret), so
  `EVENT_PARTICIPANTS_ARE_PERSONS` is False. Set it to True to check them as persons.

**Recomputation** (`recomputable`): in a table with a total row, or a group of figures that
add up to a total shown on the same page (women + men, the modalities of a dimension, the
months of a year, the communes of a territory, the PLIE steps of each family or type and
the year's steps), one masked cell alone with every other part and the total visible can
be recomputed as total − the others; several masked cells whose sum, total − the others,
is 0 are all 0.

**« dont » lines** (`dont_lines`): a figure that is part of another (« dont QPV » of the
participants, a registry indicator's `part_of`, a column headed « dont … ») shown beside
its masked total describes the masked persons: « s » participants, dont QPV : 0 says that
none of them lives in a QPV. A « dont » line is shown only when its total is.
"""

import html.parser
import io
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

import openpyxl
import pandas as pd
from pptx import Presentation

import settings
from data import territories
from queries import registry
from wording import texts

THRESHOLD = settings.SECRET_THRESHOLD
SECRET = "s"
EVENT_PARTICIPANTS_ARE_PERSONS = False

# -- what a column header, a series or a metric label means, page by page -----------------
_CONTACTS = {*texts.CONTACT_TYPES.values(), texts.ML_CONTACTS, texts.ML_INTERVIEWS,
             texts.ML_SITUATIONS, texts.ML_AID_PAYMENTS}
_EVENTS = {texts.MDE_EVENTS, texts.MDE_EXHIBITORS, texts.MDE_INTERVIEWS}
if not EVENT_PARTICIPANTS_ARE_PERSONS:
    _EVENTS.add(texts.MDE_PARTICIPANTS)
NON_PERSON_HEADERS = {
    "mission_locale": _CONTACTS,
    "plie": {texts.PLIE_STEPS_RUNNING, texts.PLIE_STEPS_STARTED},
    "maison_emploi": _EVENTS,
}
# Column headers that count people wherever a page does not say otherwise, although a
# registry label reads the same (« Participants » of events is a number of visits).
PERSON_HEADERS = {texts.PLIE_PARTICIPANTS, texts.T2_PARTICIPANTS}
# Columns that never hold figures (names, dates, codes, classes, ranks).
NOT_FIGURES = {texts.COL_COMMUNE, texts.COL_DATE, texts.COL_EVENT, texts.COL_MONTH,
               texts.COL_QUARTER, texts.COL_QPV_CODE, texts.COL_QPV_NAME, texts.MAP_COL_CODE,
               texts.MAP_COL_CLASS, texts.COL_RANK, texts.COL_FAMILY, texts.COL_LABEL,
               texts.COL_PERIOD, texts.COL_DEFINITION, texts.COL_INDICATOR,
               texts.COL_EVOLUTION, texts.COL_SHARE, "Code", "code_insee", "commune_insee",
               "indicator", "label", "territory", "commune", "period", "unit"}


def norm(text) -> str:
    """Lower case, every kind of space as one space, no "dont " prefix, no trailing « : »."""
    t = unicodedata.normalize("NFC", str(text)).replace("\u202f", " ").replace("\u00a0", " ")
    t = re.sub(r"\s+", " ", t).strip().lower()
    t = re.sub(r"^dont ", "", t)
    return t.rstrip(" :")


def _indicator_units() -> tuple[dict[str, set[str]], dict[str, str]]:
    """{normalised label: units} of every registry indicator, both territories' wordings,
    and {id: unit}."""
    labels: dict[str, set[str]] = {}
    ids = {}
    for ind in registry.indicators().values():
        unit = ind.unit
        if ind.id == "evt_participants" and EVENT_PARTICIPANTS_ARE_PERSONS:
            unit = "personnes"
        ids[ind.id] = unit
        for territory in territories.definitions():
            labels.setdefault(norm(ind.texts(territory)[0]), set()).add(unit)
    return labels, ids


LABEL_UNITS, ID_UNITS = _indicator_units()


def label_unit(label) -> str | None:
    """The registry unit a label names; "personnes" when it names several units (strict),
    None when it names no indicator."""
    units = LABEL_UNITS.get(norm(label))
    if not units:
        return None
    return next(iter(units)) if len(units) == 1 else "personnes"


def header_is_person(header, page: str) -> bool:
    """Strict: every header is a person count unless the page lists it as something else."""
    h = str(header)
    if h in NOT_FIGURES:
        return False
    if h in NON_PERSON_HEADERS.get(page, ()):
        return False
    if h in PERSON_HEADERS:  # « Participants » of the PLIE, the key-figure tables…
        return True
    unit = label_unit(h)
    return unit is None or unit == "personnes"


# -- numbers --------------------------------------------------------------------------------
_INT = re.compile(r"^\s*(\d{1,3}(?:[\u202f\u00a0 ]\d{3})*|\d+)\s*$")


def as_count(value) -> int | None:
    """A whole number written without a unit ("3", "1 234", 3, 3.0), else None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        if value != value or value != int(value):
            return None
        return int(value)
    m = _INT.match(str(value))
    return int(re.sub(r"\D", "", m.group(1))) if m else None


def is_small(n) -> bool:
    return n is not None and 0 < n < THRESHOLD


def cell_state(value) -> tuple[str, int | None]:
    """("masked", None), ("count", n) or ("other", None) for a rendered cell."""
    if isinstance(value, str) and value.strip() == SECRET:
        return "masked", None
    if isinstance(value, str) and value.strip() in ("", "—"):
        return "count", 0  # no figure: counted as nothing (strict for recomputation)
    n = as_count(value)
    return ("count", n) if n is not None else ("other", None)


# -- texts ----------------------------------------------------------------------------------
def _static_strings() -> list[str]:
    """Wording that does not depend on the data: texts without placeholders, the secret
    rule as printed, the registry's definitions of both territories."""
    out = []

    def walk(x):
        if isinstance(x, str):
            if "{" not in x and re.search(r"\d", x):
                out.append(x)
        elif isinstance(x, dict):
            for v in x.values():
                walk(v)
        elif isinstance(x, list | tuple):
            for v in x:
                walk(v)

    for name in dir(texts):
        if name.isupper():
            walk(getattr(texts, name))
    t = THRESHOLD
    out += [texts.EXPORT_SECRET_RULE.format(largest=t - 1, threshold=t),
            texts.MAP_SECRET_NOTE.format(below=t - 1)]
    for ind in registry.indicators().values():
        for territory in territories.definitions():
            label, definition = ind.texts(territory)
            out += [definition, label]
    for territory in territories.definitions():
        out.append(_territory_definitions(territory))
    # longest first, so that a sentence goes before the words it contains
    return sorted({norm_spaces(s) for s in out}, key=len, reverse=True)


def _territory_definitions(territory: str) -> str:
    from exports import content
    return content.territory_definitions(territory)


def norm_spaces(text: str) -> str:
    return re.sub(r"[\u202f\u00a0 ]+", " ", str(text))


_STATIC = None


def static_strings() -> list[str]:
    global _STATIC
    if _STATIC is None:
        _STATIC = [s for s in _static_strings() if re.search(r"(?<!\d)([1-9]|10)(?!\d)", s)]
    return _STATIC


_MONTHS = ("janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|"
           "décembre|janv\\.|févr\\.|avr\\.|juil\\.|sept\\.|oct\\.|nov\\.|déc\\.")
# What may follow a small whole number that is not a person count.
_ALLOWED_AFTER = re.compile(
    r"^(?:\s?(?:%|‰|€|h\b|heures?\b|mois\b|ans?\b|ETP\b)"  # units
    r"|(?:er|e|ème|ᵉ)\b"  # ordinals, "1er janvier"
    r"|\s(?:" + _MONTHS + r")"  # dates
    r"|\s?/\s?\d"  # counters "1 / 20"
    r"|:\d\d"  # times "03:34"
    r"|\ssur\s\d"  # ranks "3 sur 10"
    r"|\sà\s\d"  # the lower bound of a map class « 1 à 24 personnes »: the bound below + 1
    r"|\scommunes?\b|\scommune\(s\)"  # numbers of communes
    r"|\s(?:événements?|événement\(s\)|étapes|étape|contacts?|entretiens?|types?|exposants?"
    r"|mesures?|versements?|situations?|classes?|diapositives?|QPV 2024|quartiers?)\b"
    r")")
# Around: "de 1 à 10", "niveau 3" (nomenclature), slide counters "3 / 20" (second number).
_ALLOWED_BEFORE = re.compile(r"(?:\d\s?/\s?|\bsur\s|niveau\s|n°\s?|T|étape\s)$")


@dataclass
class Hit:
    value: int
    context: str


def small_numbers_in_text(text: str, label_after: bool = True) -> list[Hit]:
    """Whole numbers from 1 to 10 of a text that may be person counts (see the module's
    docstring): the static wording removed, units, dates, ranks, counters and non-person
    nouns allowed; a number followed by a registry label takes that label's unit."""
    if not text:
        return []
    t = norm_spaces(text)
    for s in static_strings():
        if s in t:
            t = t.replace(s, " ¦ ")
    hits = []
    for m in re.finditer(r"(?<![\w,.+\-−/:])(?!0\d)(\d{1,3}(?:[\u202f\u00a0 ]\d{3})+|\d+)(?:,\d+)?"
                         r"(?![\w,]|\.\d)", t):
        if "," in m.group(0):
            continue
        n = int(re.sub(r"\D", "", m.group(1)))
        if not is_small(n):
            continue
        after, before = t[m.end():m.end() + 60], t[max(0, m.start() - 20):m.start()]
        if _ALLOWED_AFTER.match(after) or _ALLOWED_BEFORE.search(before):
            continue
        if label_after and _non_person_label_after(after):
            continue
        hits.append(Hit(n, t[max(0, m.start() - 50):m.end() + 50].strip()))
    return hits


def _template(template: str) -> re.Pattern:
    parts = re.split(r"(\{\w+\})", template)
    return re.compile("^" + "".join(f"(?P<{p[1:-1]}>.+?)" if p.startswith("{") else re.escape(p)
                                     for p in parts) + "$", re.S)


# Text alternatives of charts: "{label} : … ({top_value}) …": their values have the unit of
# the series they name.
_ALT = [(_template(texts.ALT_BAR), ("top_value", "low_value")),
        (_template(texts.ALT_BAR_ONE), ("value",)),
        (_template(texts.ALT_LINE), ("first", "last"))]


def chart_alt(text: str) -> list[tuple[str, list[str]]] | None:
    """[(series label, [values as written])] of a chart's text alternative, or None."""
    out = []
    for part in str(text).rstrip(".").split(" ; "):
        for rx, keys in _ALT:
            m = rx.match(part)
            if m:
                out.append((m.group("label"), [m.group(k) for k in keys]))
                break
        else:
            return None
    return out


def _non_person_label_after(after: str) -> bool:
    """ "5 événements emploi organisés", "3 contacts pendant le CEJ": the number is followed
    by the label of a registry indicator that does not count people."""
    words = norm(after.lstrip()).split(" ")
    for k in range(len(words), 0, -1):
        unit = label_unit(" ".join(words[:k]))
        if unit is not None:
            return unit != "personnes"
    return False


# -- findings and tables ---------------------------------------------------------------------
@dataclass
class Finding:
    where: str  # account · surface · view
    element: str
    location: str
    value: int
    detail: str = ""

    def line(self) -> str:
        extra = f" — {self.detail}" if self.detail else ""
        return f"{self.where} | {self.element} | {self.location} = {self.value}{extra}"


@dataclass
class Grid:
    """A table as shown: rows of (label, cells), the person-count columns, a total row."""

    where: str
    element: str
    columns: list[str]
    rows: list[tuple[str, list]]
    person_columns: list[str]
    total_label: str | None = None
    row_units: dict[str, str] = field(default_factory=dict)


class Collector:
    def __init__(self):
        self.findings: list[Finding] = []
        self.recomputed: list[Finding] = []
        self.grids: list[Grid] = []
        self.checked = 0  # person-count cells and numbers looked at
        self.views = 0
        self.files = 0
        self.pages: set[tuple[str, str]] = set()  # (account, page) seen
        # names of each territory's communes: a table of communes is whole (its masked
        # cells recomputable from its total) only when it lists all of its territory's
        self.commune_sets: list[set[str]] = []

    def whole(self, labels) -> bool:
        names = set(map(str, labels))
        for communes in self.commune_sets:
            if names & communes:
                return communes <= names
        return True

    def number(self, where, element, location, value, detail=""):
        """A value known to be a person count (or strictly taken as one)."""
        state, n = cell_state(value)
        if state != "count":
            return
        self.checked += 1
        if is_small(n):
            self.findings.append(Finding(where, element, location, n, detail))

    def text(self, where, element, text, location="texte", page: str = ""):
        alt = chart_alt(text) if text else None
        if alt:
            for label, values in alt:
                if header_is_person(label, page):
                    for v in values:
                        self.number(where, element, f"{location} « {label} »", v,
                                    f"« {str(text)[:120]} »")
            return
        for hit in small_numbers_in_text(text):
            self.checked += 1
            self.findings.append(Finding(where, element, location, hit.value,
                                         f"« {hit.context} »"))


# -- tables -----------------------------------------------------------------------------------
def row_label(value) -> str:
    """A table's first cell: a commune link ("…#Lompret") shows its name."""
    text = str(value)
    return text.rsplit("#", 1)[-1] if "#" in text and "?" in text else text


TOTAL_LABELS = {texts.TOTAL, texts.EXPORT_TOTAL}


def read_frame(c: Collector, where: str, element: str, frame: pd.DataFrame, page: str,
               unit_of_column: dict[str, str] | None = None) -> None:
    """A table as a person sees it. `unit_of_column` overrides the header rule."""
    if frame is None or frame.empty:
        return
    frame = frame.reset_index(drop=True)
    columns = [str(col) for col in frame.columns]
    first = columns[0]
    label_col = next((col for col in (texts.COL_INDICATOR, texts.COL_LABEL) if col in columns),
                     None)
    if label_col is not None:
        _read_indicator_rows(c, where, element, frame, columns, label_col)
        return
    person = []
    for col in columns:
        unit = (unit_of_column or {}).get(col)
        if unit is not None:
            if unit == "personnes":
                person.append(col)
        elif header_is_person(col, page):
            person.append(col)
    rows = []
    for _, r in frame.iterrows():
        label = row_label(r.iloc[0])
        rows.append((label, [r[col] for col in columns]))
        for col in person:
            if col == first and not _numeric_column(frame[col]):
                continue
            c.number(where, element, f"ligne « {label} », colonne « {col} »", r[col])
        for col in columns:  # texts inside cells (« Autres communes : 2 événement(s) »…)
            v = r[col]
            if isinstance(v, str) and as_count(v) is None and v.strip() not in (SECRET, "—") \
                    and not re.match(r"^[\w./]*\?[^ ]*#", v):  # not a link « page?…#name »
                c.text(where, element, v, f"ligne « {label} », colonne « {col} »", page=page)
    total = next((lab for lab, _ in rows if lab in TOTAL_LABELS), None)
    c.grids.append(Grid(where, element, columns, rows, person, total))


def _numeric_column(series: pd.Series) -> bool:
    return all(as_count(v) is not None or v in (SECRET, "—", "") for v in series)


def _read_indicator_rows(c, where, element, frame, columns, label_col) -> None:
    """One indicator per row: the row's label gives its unit, for every value column."""
    value_cols = [col for col in columns if col not in NOT_FIGURES and col != label_col]
    units = {}
    for _, r in frame.iterrows():
        label = str(r[label_col])
        unit = label_unit(label)
        units[label] = unit or "personnes"
        if unit not in (None, "personnes"):
            continue
        for col in value_cols:
            v = r[col]
            if isinstance(v, str) and "(" in v:  # "3 (30,0 %)"
                v = v.split("(")[0].strip()
            c.number(where, element, f"ligne « {label} », colonne « {col} »", v)
    rows = [(str(r[label_col]), [r[col] for col in columns]) for _, r in frame.iterrows()]
    c.grids.append(Grid(where, element, columns, rows, value_cols, None, units))


# -- Plotly ------------------------------------------------------------------------------------
def _flat(x) -> list:
    if isinstance(x, list | tuple):
        return [v for item in x for v in _flat(item)]
    return [x]


def read_figure(c: Collector, where: str, spec: dict, page: str,
                person_unit: bool | None = None) -> str:
    """Every number of a Plotly figure's JSON: traces (values, texts, custom data, hover
    templates) and layout texts. `person_unit`: the map's own rule (its indicator), which
    replaces the header rule for its traces. Returns the figure's title."""
    layout = spec.get("layout", {})
    title = layout.get("title", {})
    name = title.get("text", "") if isinstance(title, dict) else str(title)
    element = f"graphique « {_strip_tags(name).strip()} »"
    for key in ("title", "legend"):
        part = layout.get(key)
        if isinstance(part, dict):
            c.text(where, element, _strip_tags(json.dumps(part, ensure_ascii=False)), key)
    for ann in layout.get("annotations", []) or []:
        c.text(where, element, _strip_tags(str(ann.get("text", ""))), "annotation")
    for trace in spec.get("data", []):
        _read_trace(c, where, element, trace, page, person_unit)
    return name


def _strip_tags(text: str) -> str:
    return re.sub(r"<[^>]+>", " ", text)


def _read_trace(c, where, element, trace, page, person_unit) -> None:
    tname = str(trace.get("name") or "")
    loc = f"série « {tname} »"
    template = str(trace.get("hovertemplate") or "")
    c.text(where, element, _strip_tags(re.sub(r"%\{[^}]*\}", " ¦ ", template)),
           loc + " (infobulle)")
    if tname:
        c.text(where, element, tname, loc + " (nom)")
    if trace.get("type", "").startswith("choropleth") or trace.get("type") == "scattermap":
        # a map: z is a class number, locations are codes; the values are in customdata
        for row in trace.get("customdata") or []:
            if isinstance(row, list) and len(row) >= 2:
                value = str(row[1])
                if person_unit:
                    c.number(where, element, f"{loc}, commune « {row[0]} »", value)
                elif as_count(value) is not None:
                    pass  # a rate or a share written without decimals cannot be a count here
        return
    rendered = [v for v in _flat(trace.get("customdata") or []) + _flat(trace.get("text") or [])
                if v is not None]
    values = [v for v in rendered if isinstance(v, str) and v.strip() not in (SECRET, "—", "")]
    categories = [str(row[0]) for row in trace.get("customdata") or []
                  if isinstance(row, list) and row]
    whole = bool(values) and all(as_count(v) is not None or _is_category(v, categories)
                                 for v in values)
    is_person = person_unit if person_unit is not None else header_is_person(tname, page)
    if whole and is_person:
        for row in trace.get("customdata") or []:
            if isinstance(row, list) and len(row) >= 2:
                c.number(where, element, f"{loc}, « {row[0]} »", row[1])
        for v in _flat(trace.get("text") or []):
            c.number(where, element, f"{loc} (étiquette)", v)
        axis = "x" if trace.get("orientation") == "h" else "y"
        for v in _flat(trace.get(axis) or []):
            c.number(where, element, f"{loc} (valeur tracée)", v)
    elif not whole:
        for v in values:
            if as_count(v) is None and not _is_category(v, categories):
                c.text(where, element, v, loc)


def _is_category(value, categories) -> bool:
    return str(value) in categories


# -- HTML ----------------------------------------------------------------------------------------
class _Blocks(html.parser.HTMLParser):
    """Text nodes with their ancestors' classes and aria-labels; table rows as lists."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str, str | None]] = []
        self.blocks: list[tuple[str, tuple[str, ...], str | None]] = []
        self.rows: list[list[str]] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("style", "script", "title"):
            self._skip += 1
        if tag in ("br", "meta", "link", "img", "input", "hr"):
            return
        self.stack.append((tag, a.get("class") or "", a.get("aria-label")))
        if tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("style", "script", "title"):
            self._skip = max(0, self._skip - 1)
        if tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append(" ".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None
        while self.stack:
            t, _, _ = self.stack.pop()
            if t == tag:
                break

    def handle_data(self, data):
        if self._skip or not data.strip():
            return
        classes = tuple(cls for _, c, _ in self.stack for cls in c.split())
        # a key-figure tile names its indicator in its aria-label
        aria = next((a for _, c, a in reversed(self.stack) if a and "tbe-tile" in c), None)
        self.blocks.append((data.strip(), classes, aria))
        if self._cell is not None:
            self._cell.append(data.strip())


def read_html(c: Collector, where: str, element: str, document: str) -> None:
    """A page of HTML (tiles, slide, fiche): a bare number takes the unit of its tile's or
    slide's label (aria-label, or the label right after it, or the row's first cell);
    anything else is a text."""
    p = _Blocks()
    p.feed(document)
    blocks = p.blocks
    in_rows = {cell for row in p.rows for cell in row}
    for i, (text, classes, aria) in enumerate(blocks):
        if "tbe-tip" in classes or "tbe-help" in classes:
            c.text(where, element, text, "définition")
            continue
        if text in in_rows and as_count(text.split("(")[0]) is not None:
            continue  # table cells are read below, row by row
        n = as_count(text)
        if n is None:
            c.text(where, element, text)
            continue
        label = aria
        if label is None:
            nxt = next((b for b in blocks[i + 1:] if "tbe-help" not in b[1]
                        and "tbe-tip" not in b[1]), None)
            label = nxt[0] if nxt and label_unit(nxt[0]) else None
        unit = label_unit(label) if label else None
        if unit not in (None, "personnes"):
            continue
        c.number(where, element, f"« {label or '?'} »", text)
    for row in p.rows:
        if len(row) < 2 or not row[0]:
            continue
        unit = label_unit(row[0])
        if unit not in (None, "personnes"):
            continue
        for k, cell in enumerate(row[1:], start=1):
            value = cell.split("(")[0].strip()
            if as_count(value) is not None:
                c.number(where, element, f"ligne « {row[0]} », colonne {k}", value)
            elif value and value != SECRET and not value.endswith("%"):
                c.text(where, element, cell, f"ligne « {row[0]} »")
    if p.rows:
        header, body = p.rows[0], p.rows[1:]
        rows = [(r[0], r[1:]) for r in body if len(r) == len(header)]
        c.grids.append(Grid(where, element, header[1:], rows, header[1:2],
                            None, {r[0]: label_unit(r[0]) or "personnes" for r in body if r}))


# -- files -----------------------------------------------------------------------------------
def read_xlsx(c: Collector, where: str, data: bytes) -> None:
    """Every sheet: text cells are texts; a number is a person count unless its cell's
    format gives a unit (%, h, €, decimals) or its row's indicator (an id or unit column)
    or its column's header says otherwise. Tables with a « Total » row and tables keyed
    by indicator go to the recomputation checks."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    c.files += 1
    for ws in wb:
        element = f"classeur, feuille « {ws.title} »"
        rows = [list(r) for r in ws.iter_rows()]
        header_at = next((i for i, r in enumerate(rows)
                          if sum(isinstance(x.value, str) for x in r) >= 3
                          and not any(isinstance(x.value, int | float) for x in r)), None)
        header = [str(x.value) if x.value is not None else "" for x in rows[header_at]] \
            if header_at is not None else []
        id_col = next((header.index(h) for h in (texts.EXPORT_COL_ID, "indicator")
                       if h in header), None)
        unit_col = header.index("unit") if "unit" in header else None
        by_commune_col = header.index("commune_insee") if "commune_insee" in header else None
        body, keyed = [], {}
        for r, row in enumerate(rows):
            if header_at is None or r <= header_at:
                for x in row:
                    if isinstance(x.value, str):
                        c.text(where, element, x.value, f"cellule {x.coordinate}")
                continue
            label = next((str(x.value) for x in row if isinstance(x.value, str)), "")
            if id_col is not None and isinstance(row[id_col].value, str):
                label = row[id_col].value  # the indicator's id names the row best
            unit = _row_unit(row, id_col, unit_col)
            cells = [x.value for x in row]
            for k, x in enumerate(row):
                v, col = x.value, (header[k] if k < len(header) else "")
                if isinstance(v, str):
                    if v.strip() != SECRET and col not in NOT_FIGURES | {texts.EXPORT_COL_ID}:
                        c.text(where, element, v, f"cellule {x.coordinate}")
                    continue
                if not isinstance(v, int | float) or isinstance(v, bool):
                    continue
                fmt = x.number_format or ""
                if "%" in fmt or '"' in fmt or "0.0" in fmt:
                    continue  # a rate, hours, euros, FTE or months
                if unit is not None and unit != "personnes":
                    continue
                if unit is None and not header_is_person(col, ""):
                    continue
                c.number(where, element, f"cellule {x.coordinate} (« {label} », « {col} »)", v)
            if id_col is not None and isinstance(cells[id_col], str):
                group = cells[by_commune_col] if by_commune_col is not None else ""
                keyed.setdefault(group or "", []).append((cells[id_col], cells))
            body.append((label, cells))
        if header_at is None:
            continue
        if id_col is not None:
            for group, id_rows in keyed.items():
                c.grids.append(Grid(where, f"{element} {group}".strip(), header, id_rows,
                                    [], None, {i: ID_UNITS.get(i, "personnes")
                                               for i, _ in id_rows}))
        else:
            person = [h for h in header if h and header_is_person(h, "")]
            c.grids.append(Grid(where, element, header, body, person, texts.EXPORT_TOTAL))


def _row_unit(row, id_col, unit_col) -> str | None:
    if unit_col is not None and unit_col < len(row) and isinstance(row[unit_col].value, str):
        unit = row[unit_col].value
        return "personnes" if unit == "nombre" and _is_event_participants(row) else unit
    if id_col is not None and id_col < len(row) and isinstance(row[id_col].value, str):
        return ID_UNITS.get(row[id_col].value, "personnes")
    return None


def _is_event_participants(row) -> bool:
    return EVENT_PARTICIPANTS_ARE_PERSONS and any(x.value == "evt_participants" for x in row)


def read_pptx(c: Collector, where: str, data: bytes) -> None:
    """Slide texts (a figure slide: the value box, then its label box) and the native
    charts' data (every deck chart counts people)."""
    prs = Presentation(io.BytesIO(data))
    c.files += 1
    for s, slide in enumerate(prs.slides, start=1):
        element = f"présentation, diapositive {s}"
        boxes = [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame]
        for k, text in enumerate(boxes):
            if as_count(text) is not None:
                label = boxes[k + 1] if k + 1 < len(boxes) else ""
                unit = label_unit(label)
                if unit in (None, "personnes"):
                    c.number(where, element, f"chiffre « {label} »", text)
            else:
                c.text(where, element, text)
        for sh in slide.shapes:
            if not sh.has_chart:
                continue
            plot = sh.chart.plots[0]
            cats = [str(x) for x in plot.categories]
            for series in plot.series:
                for cat, v in zip(cats, series.values, strict=False):
                    c.number(where, f"{element}, graphique", f"« {series.name} », « {cat} »", v)
                c.text(where, f"{element}, graphique", str(series.name))
            for cat in cats:
                c.text(where, f"{element}, graphique", cat, "catégorie")


def read_text_lines(c: Collector, where: str, element: str, lines: Iterable[str]) -> None:
    for line in lines:
        c.text(where, element, line)


# -- recomputation ------------------------------------------------------------------------------
def recomputable(c: Collector) -> None:
    """Every table with a total row: a column with one masked cell, the total and every
    other cell visible."""
    for g in c.grids:
        if g.total_label is None:
            continue
        total_rows = [cells for lab, cells in g.rows if lab == g.total_label]
        if not total_rows:
            continue
        body = [(lab, cells) for lab, cells in g.rows if lab != g.total_label]
        if not c.whole(lab for lab, _ in body):
            continue  # an account limited to some communes sees only theirs
        for k, col in enumerate(g.columns):
            if col not in g.person_columns:
                continue
            check_group(c, g.where, g.element, f"colonne « {col} »",
                        [(lab, cells[k]) for lab, cells in body if k < len(cells)],
                        total_rows[0][k] if k < len(total_rows[0]) else None)


def check_group(c: Collector, where: str, element: str, what: str,
                parts: list[tuple[str, object]], total) -> None:
    """Parts that add up to `total`: one masked part alone can be recomputed; so can
    several whose sum, total − the others, is 0 (each is 0) under a positive total."""
    t_state, t = cell_state(total)
    if t_state != "count" or t is None:
        return
    states = [(lab, *cell_state(v)) for lab, v in parts]
    masked = [lab for lab, s, _ in states if s == "masked"]
    if not masked or any(s == "other" for _, s, _ in states):
        return
    value = t - sum(n for _, s, n in states if s == "count")
    if len(masked) == 1:
        c.recomputed.append(Finding(where, element, f"{what}, « {masked[0]} » masqué", value,
                                    f"total {t} − {len(states) - 1} autre(s) visible(s)"))
    elif value == 0 and t > 0:
        c.recomputed.append(Finding(where, element, f"{what}, « {masked[0]} » et "
                                    f"{len(masked) - 1} autre(s) masqué(s)", 0,
                                    f"total {t} − les parts visibles = 0 : chaque part "
                                    "masquée vaut 0"))


# Figures of a page that add up to one of its metrics: (first column headers, column,
# metric label). Modalities of a job seekers' dimension add up to the stock; exits by
# reason to the exits; new entries by prescriber to the new entries; the months' new
# registrations to the year's.
METRIC_SUMS = {
    "demandeurs_emploi": [(set(texts.DIMENSIONS.values()), texts.SERIES_ABC, texts.DE_ABC)],
    "plie": [({texts.COL_REASON}, texts.PLIE_EXITS, texts.PLIE_EXITS),
             ({texts.COL_PRESCRIBER}, texts.PLIE_ENTRIES, texts.PLIE_ENTRIES)],
    "mission_locale": [({texts.COL_MONTH}, texts.ML_NEW, texts.ML_NEW)],
}


# The year's PLIE steps, given in the text alternative of the steps' chart (a caption):
# a table of steps (by family, by type) adds up to them in its « En cours dans l'année »
# column.
_STEPS_ALT = _template(texts.PLIE_STEPS_ALT)


def parts_of_steps(c: Collector, where: str, page: str, grids: list[Grid],
                   captions: Iterable[str]) -> None:
    if page != "plie":
        return
    total = next((m.group("steps") for m in map(_STEPS_ALT.match, map(str, captions)) if m),
                 None)
    if total is None:
        return
    for g in grids:
        if texts.PLIE_STEPS_RUNNING in g.columns:
            k = g.columns.index(texts.PLIE_STEPS_RUNNING)
            check_group(c, where, f"{g.element} et les étapes de l'année",
                        f"colonne « {texts.PLIE_STEPS_RUNNING} »",
                        [(lab, cells[k]) for lab, cells in g.rows if k < len(cells)], total)


def parts_of_metrics(c: Collector, where: str, page: str, grids: list[Grid],
                     metrics: dict[str, str]) -> None:
    for firsts, column, metric in METRIC_SUMS.get(page, []):
        if metric not in metrics:
            continue
        for g in grids:
            if g.columns and g.columns[0] in firsts and column in g.columns:
                k = g.columns.index(column)
                check_group(c, where, f"{g.element} et l'indicateur « {metric} »",
                            f"colonne « {column} »", [(lab, cells[k]) for lab, cells in g.rows],
                            metrics[metric])


# Tables whose rows split a whole: their shares add up to 100 %.
SHARE_TABLES = {*texts.DIMENSIONS.values(), texts.COL_PRESCRIBER}
_PCT = re.compile(r"^\s*(\d+(?:,\d+)?)[\u00a0\u202f ]?%\s*$")


def share_groups(c: Collector, where: str, grids: list[Grid]) -> None:
    """A column of shares of a whole (job seekers by age…, entries by prescriber) with one
    share masked and the others shown: the masked one is 100 % − the others."""
    for g in grids:
        if not g.columns or g.columns[0] not in SHARE_TABLES:
            continue
        for k, col in enumerate(g.columns[1:], start=1):
            cells = [(lab, cells[k]) for lab, cells in g.rows if k < len(cells)]
            masked = [lab for lab, v in cells if isinstance(v, str) and v.strip() == SECRET]
            shares = [_PCT.match(v) for _, v in cells if isinstance(v, str)
                      and v.strip() != SECRET]
            if len(masked) != 1 or not shares or not all(shares) \
                    or len(shares) + 1 != len(cells):
                continue
            rest = round(100 - sum(float(m.group(1).replace(",", ".")) for m in shares), 1)
            c.recomputed.append(Finding(where, g.element, f"colonne « {col} » (parts en %), "
                                        f"« {masked[0]} » masqué", rest,
                                        "100 % − les autres parts visibles"))


# Registry figures that add up to another (women + men = participants…).
EXHAUSTIVE = [
    ("plie_participants", ["plie_femmes", "plie_hommes"]),
    ("plie_participants", ["plie_cohorte_annee", "plie_cohorte_deux_ans",
                           "plie_cohorte_anterieure"]),
    ("plie_nouvelles_entrees", ["plie_entrees_femmes", "plie_entrees_hommes"]),
    ("plie_sorties", ["plie_sorties_positives", "plie_sorties_neutres", "plie_sorties_autres"]),
    ("plie_sorties_positives", ["plie_sp_femmes", "plie_sp_hommes"]),
]


def resolve_rows(labels: list[str]) -> list[str | None]:
    """The registry id of each row of a table with one indicator per row, in order: a
    "dont …" row belongs to the nearest row above it that it is part of."""
    inds = registry.indicators()
    if labels and all(lab in inds for lab in labels):
        return list(labels)
    by_label: dict[str, list[str]] = {}
    for ind in inds.values():
        for territory in territories.definitions():
            ids = by_label.setdefault(norm(ind.texts(territory)[0]), [])
            if ind.id not in ids:
                ids.append(ind.id)
    out, chain = [], []
    for label in labels:
        candidates = by_label.get(norm(label), [])
        part = str(label).strip().lower().startswith("dont ")
        chosen = None
        if part:
            for depth in range(len(chain) - 1, -1, -1):
                chosen = next((i for i in candidates if inds[i].part_of == chain[depth]), None)
                if chosen:
                    chain = chain[:depth + 1] + [chosen]
                    break
        else:
            chosen = next((i for i in candidates if not inds[i].part_of), None) or \
                (candidates[0] if candidates else None)
            chain = [chosen] if chosen else []
        out.append(chosen)
    return out


# Counts of events of persons (steps) and the person count they bound: each participant
# with a step has at least one, so a small number of steps tells a small number of them.
STEP_EVENTS = {"plie_etapes": "plie_etapes_participants",
               "plie_etapes_demarrees_annee": "plie_etapes_participants",
               "plie_etapes_emploi": "plie_etapes_participants"}


def row_groups(c: Collector) -> None:
    """Tables with one indicator per row: an exhaustive group with one masked part (its
    total shown: recomputable; its total hidden or absent: its other parts all zero tell
    the attribute of the whole group), a small step count beside masked participants."""
    for g in c.grids:
        if not g.row_units:
            continue
        ids = resolve_rows([lab for lab, _ in g.rows])
        by_id = {i: cells for i, (_, cells) in zip(ids, g.rows, strict=True) if i}
        for total, parts in EXHAUSTIVE:
            if not all(p in by_id for p in parts):
                continue
            for k, col in enumerate(g.columns):
                what = f"« {total} » = {' + '.join(parts)}, colonne « {col} »"
                values = [(p, _cell_value(by_id[p], k)) for p in parts]
                if total in by_id and cell_state(_cell_value(by_id[total], k))[0] == "count":
                    check_group(c, g.where, g.element, what, values,
                                _cell_value(by_id[total], k))
                else:
                    lone_beside_zeros(c, g.where, g.element, what, values)
        for step, persons in STEP_EVENTS.items():
            if step not in by_id or persons not in by_id:
                continue
            for k, col in enumerate(g.columns):
                state, n = cell_state(_cell_value(by_id[step], k))
                if state == "count" and is_small(n) and \
                        cell_state(_cell_value(by_id[persons], k))[0] == "masked":
                    c.recomputed.append(Finding(
                        g.where, g.element, f"« {step} » à côté de « {persons} » masqué, "
                        f"colonne « {col} »", n, f"{n} étape(s): au plus {n} participant(s)"))


def lone_beside_zeros(c: Collector, where: str, element: str, what: str,
                      parts: list[tuple[str, object]]) -> None:
    """Parts of a hidden total: one masked part alone beside zeros is the whole group
    (« s » women, 0 men: every participant is a woman)."""
    states = [(lab, *cell_state(v)) for lab, v in parts]
    masked = [lab for lab, s, _ in states if s == "masked"]
    others = [(s, n) for lab, s, n in states if lab not in masked]
    if len(masked) == 1 and others and all(s == "count" and n == 0 for s, n in others):
        c.recomputed.append(Finding(where, element, f"{what}, « {masked[0]} » masqué à côté "
                                    "de zéros", 0, "la part masquée est tout le groupe"))


def _cell_value(cells: list, k: int):
    if k >= len(cells):
        return None
    v = cells[k]
    return v.split("(")[0].strip() if isinstance(v, str) and "(" in v else v


# -- « dont » lines ------------------------------------------------------------------------------
# Column headers of « dont » lines that do not say « dont », with their total's header.
DONT_HEADERS = {texts.T2_QPV_ENTRIES: texts.T2_ENTRIES, texts.QPV_RESIDENTS: texts.QPV_ALL}


def dont_columns(columns: list[str]) -> list[tuple[int, int]]:
    """(total, part) column indexes of a table: a column headed « dont … » is a part of
    the nearest column on its left that is a figure but neither a « dont » nor a rate;
    `DONT_HEADERS` name the others."""
    out = []
    for k, h in enumerate(columns):
        if h in DONT_HEADERS and DONT_HEADERS[h] in columns:
            out.append((columns.index(DONT_HEADERS[h]), k))
        elif str(h).strip().lower().startswith("dont "):
            total = next((j for j in range(k - 1, -1, -1)
                          if not str(columns[j]).strip().lower().startswith("dont ")
                          and "%" not in str(columns[j]) and columns[j] not in NOT_FIGURES
                          and columns[j]), None)
            if total is not None:
                out.append((total, k))
    return out


def dont_lines(c: Collector) -> None:
    """Every table: a « dont » cell shown (a count, zero included) beside its masked total,
    in a column of « dont » lines beside their totals' column or, in a table with one
    indicator per row, in the row of an indicator part of another one (registry)."""
    inds = registry.indicators()
    for g in c.grids:
        if g.row_units:
            ids = resolve_rows([lab for lab, _ in g.rows])
            by_id = {i: cells for i, (_, cells) in zip(ids, g.rows, strict=True) if i}
            pairs = [(inds[i].part_of, i) for i in by_id
                     if i in inds and inds[i].part_of in by_id]
            for total, part in pairs:
                for k, col in enumerate(g.columns):
                    _dont_cell(c, g, f"« {part} » de « {total} », colonne « {col} »",
                               _cell_value(by_id[total], k), _cell_value(by_id[part], k))
            continue
        for t, p in dont_columns(g.columns):
            for lab, cells in g.rows:
                if p < len(cells):
                    _dont_cell(c, g, f"ligne « {lab} », colonne « {g.columns[p]} » de "
                               f"« {g.columns[t]} »", cells[t], cells[p])


def _dont_cell(c: Collector, g: Grid, what: str, total, part) -> None:
    if cell_state(total)[0] != "masked" or (isinstance(part, str) and part.strip() in ("", "—")):
        return
    shown = as_count(part)
    if shown is not None:
        c.recomputed.append(Finding(g.where, g.element, f"{what} : total masqué", shown,
                                    "une ligne « dont » à côté de son total masqué le "
                                    "décrit" + (" (0 : aucun d'eux)" if shown == 0 else "")))
