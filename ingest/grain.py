"""Job-seeker figures as published: detail cells and margins, stored as what they are.

A France Travail or Dares file gives margins, not always cells: categories A, B and C
together (`ABC`), both sexes together, all ages together. A row is stored with the value
of each dimension it describes, and `ABC` / `total` where it covers the whole dimension:

| dimension | detail | margin |
| --- | --- | --- |
| category | A, B, C | ABC |
| sex | F, H | total |
| age_band | moins_25, 25_49, 50_plus | total |
| duration_band | moins_12m, 12_23m, 24m_plus | total |

A dimension the file does not have (no « Sexe » column) is its margin. Margins are never
added to detail: the queries (`queries/sql/job_seekers_*.sql`) pick for each commune and
month the rows that answer a figure (see `queries/sql/job_seekers_cells.sql`).

Periods: a month is stored as its first day and means the stock at the end of that
month. A quarter (« 2024-T4 ») is stored as its last month (2024-12-01): the value is
read as the stock at the end of the quarter. The Dares commune file publishes the mean of
the quarter's three month-ends; it is stored at the quarter's last month all the same,
and pages must not draw it in one series with month-end stocks of another source.

A table with one column per month may say on a second header row what each column
counts (« 3e trimestre 2025 » merged over « Total », « Femmes », « Hommes », or « Cat. A »,
« Cat. ABC »): each label is the value of its dimension, a dimension the table breaks down
in some columns only is its margin in the others (ingest/match.py, `two_header_rows`).

A stock file without a month column (a France Travail export whose month is only in its
title block, « Période : janvier 2024 ») takes its month from the title (`months_in_title`),
else from the period the manager gives when it is a month (ingest/pipeline.py); a year is
never taken for a month, and a quarter in the title follows the rule above.
"""

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from ingest import codes
from ingest.parse import MONTH_NAMES, norm_label
from wording.format import fmt_month

ALL_CATEGORIES = "ABC"
TOTAL = "total"
DIMENSIONS = ("category", "sex", "age_band", "duration_band")
MARGIN = {"category": ALL_CATEGORIES, "sex": TOTAL, "age_band": TOTAL, "duration_band": TOTAL}

_TOTAL_WORDS = ["total", "ensemble", "tous", "toutes", "total general", "tout", "ens"]
# Labels of each dimension's margin (normalised with `norm_label`).
MARGIN_LABELS = {
    "category": ["abc", "a b c", "a+b+c", "a, b, c", "a,b,c", "a b et c", "a, b et c",
                 "categories a b c", "categories a, b, c", "categories a b et c",
                 "categories a, b et c", "categories abc", "categorie abc", "categorie a b c",
                 "categorie a, b, c", "categorie a b et c", "categorie a, b et c",
                 "categorie a+b+c", "cat abc", "cat. abc", "cat a b c", "cat. a, b, c"],
    "sex": [*_TOTAL_WORDS, "les deux sexes", "deux sexes", "ensemble des sexes", "tous sexes",
            "hommes et femmes", "femmes et hommes", "hommes femmes", "h+f", "f+h", "hf", "fh"],
    "age_band": [*_TOTAL_WORDS, "tous ages", "ensemble des ages", "toutes tranches d age",
                 "toutes les tranches d age", "tout age"],
    "duration_band": [*_TOTAL_WORDS, "toutes anciennetes", "toutes durees",
                      "toutes anciennetes d inscription", "ensemble des anciennetes"],
}
BASE_VOCABULARY = {"category": "JOB_SEEKER_CATEGORY", "sex": "SEX", "age_band": "AGE_BAND",
                   "duration_band": "DURATION_BAND"}


def vocabulary(dimension: str, base: dict | None = None) -> dict:
    """The vocabulary of a job-seeker dimension with its margin: {stored value: labels}."""
    base = base if base is not None else getattr(codes, BASE_VOCABULARY[dimension])
    margin = MARGIN[dimension]
    labels = [lab for lab in MARGIN_LABELS[dimension]
              if not any(norm_label(lab) == norm_label(s) for k, syns in base.items()
                         if k != margin for s in [k, *syns])]
    return {**base, margin: list(dict.fromkeys([*base.get(margin, []), *labels]))}


# French words for a stored value, in sentences (« catégorie A, femmes, moins de 25 ans »).
LABELS = {
    "sex": {"F": "femmes", "H": "hommes"},
    "age_band": {"moins_25": "moins de 25 ans", "25_49": "25 à 49 ans", "50_plus": "50 ans et plus"},
    "duration_band": {"moins_12m": "inscrits depuis moins d'un an", "12_23m": "depuis 1 à 2 ans",
                      "24m_plus": "depuis 2 ans et plus"},
}


def label(dimension: str, value) -> str:
    if dimension == "category":
        return f"catégorie {value}"
    return LABELS.get(dimension, {}).get(value, str(value))


def month_label(month: dt.date) -> str:
    """« janvier 2024 » (the app's one French month format)."""
    return fmt_month(month)


def of_month(month: dt.date) -> str:
    """« de janvier 2024 », « d'octobre 2025 » (the elision before a vowel: avril, août,
    octobre)."""
    label = month_label(month)
    return f"d'{label}" if label[:1] in "aeiouy" else f"de {label}"


@dataclass(frozen=True)
class TitleMonth:
    month: dt.date  # first day of the month (a quarter: of its last month)
    text: str  # in words (« janvier 2024 », « T4 2024 ») or as written (« 31/01/2024 »)
    line: int  # line of the file (1-based)
    quarter: bool = False


_YEAR = r"((?:19|20)\d{2})"
_NAMES = "|".join(sorted(MONTH_NAMES, key=len, reverse=True))
_TITLE_PATTERNS = (  # (regex, kind): kind tells how to read the groups
    (re.compile(rf"(?<![a-z])({_NAMES})(?![a-z])\.?\s*{_YEAR}(?!\d)"), "name_year"),
    (re.compile(rf"(?<![\d/])(\d{{1,2}})/(\d{{1,2}})/{_YEAR}(?![\d/])"), "dmy"),
    (re.compile(rf"(?<![\d/])(\d{{1,2}})/{_YEAR}(?![\d/])"), "my"),
    (re.compile(rf"(?<![\d-]){_YEAR}-(\d{{2}})-(\d{{2}})(?![\d-])"), "ymd"),
    (re.compile(rf"(?<![\d-]){_YEAR}-(\d{{2}})(?![\d-])"), "ym"),
    (re.compile(rf"(?<![a-z\d])[tq]([1-4])\s*-?\s*{_YEAR}(?!\d)"), "qy"),
    (re.compile(rf"(?<!\d){_YEAR}\s*-?\s*[tq]([1-4])(?![a-z\d])"), "yq"),
    (re.compile(rf"(?<![\d])([1-4])\s*(?:er|e|eme|ieme)?\s+trimestre\s+(?:de\s+)?{_YEAR}(?!\d)"),
     "qy"),
    # « Trimestre 3 2025 », « Trim. 3 2025 », « 2025 - 3e trimestre »
    (re.compile(rf"(?<![a-z])trim(?:estre|\.)?\s*([1-4])\s+(?:de\s+)?{_YEAR}(?!\d)"), "qy"),
    (re.compile(rf"(?<!\d){_YEAR}\s*-?\s*([1-4])\s*(?:er|e|eme|ieme)?\s+trim(?:estre|\.)?"
                r"(?![a-z])"), "yq"),
)
# Lines of a title block whose dates are not those of the figures (« Extrait le 05/02/2024 »).
_NOT_THE_PERIOD = re.compile(r"extrait|extraction|edite|edition|genere|mis a jour|mise a jour|"
                             r"publie|publication|telecharge|imprime|cree le|date de creation")


def _plain(text: str) -> str:
    """Lower case, no accents, single spaces; « / », « - », « . » kept."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    return " ".join(text.split())


def _found(kind: str, m: re.Match) -> tuple[dt.date, bool] | None:
    if kind == "name_year":
        y, mo = int(m[2]), MONTH_NAMES[m[1]]
    elif kind == "dmy":
        y, mo = int(m[3]), int(m[2])
        if not 1 <= int(m[1]) <= 31:
            return None
    elif kind == "my":
        y, mo = int(m[2]), int(m[1])
    elif kind in ("ymd", "ym"):
        y, mo = int(m[1]), int(m[2])
    elif kind == "qy":
        return dt.date(int(m[2]), 3 * int(m[1]), 1), True
    else:  # yq
        return dt.date(int(m[1]), 3 * int(m[2]), 1), True
    return (dt.date(y, mo, 1), False) if 1 <= mo <= 12 else None


def months_in_title(lines: Iterable[tuple[int, str]]) -> list[TitleMonth]:
    """The months (or quarters) named in the title lines [(line of the file, text)].

    « Période : janvier 2024 », « Janv. 2024 », « 01/2024 », « 2024-01 », « Situation au
    31/01/2024 » name January 2024; « T4 2024 », « 4e trimestre 2024 » the quarter (its last
    month, `quarter=True`). A bare year names no month. Dates of lines that say when the file
    was made (« Extrait le … ») are not periods. A month name without its year (« de janvier
    à mars 2024 ») makes a range: its line gives both ends, so the caller sees two months."""
    out: list[TitleMonth] = []
    for line, text in lines:
        plain = _plain(text)
        if not plain or _NOT_THE_PERIOD.search(plain):
            continue
        spans: list[tuple[int, int]] = []
        for pattern, kind in _TITLE_PATTERNS:
            for m in pattern.finditer(plain):
                if any(a < m.end() and m.start() < b for a, b in spans):
                    continue  # « 31/01/2024 » is not also « 01/2024 »
                got = _found(kind, m)
                if got:
                    spans.append(m.span())
                    month, quarter = got
                    said = (f"T{month.month // 3} {month.year}" if quarter else month_label(month)
                            if kind == "name_year" else m.group(0))
                    out.append(TitleMonth(month, said, line, quarter))
        # month names standing without a year: one end of a range
        for m in re.finditer(rf"(?<![a-z])({_NAMES})(?![a-z])", plain):
            if len(m[1]) >= 4 and not any(a <= m.start() < b for a, b in spans):
                out.append(TitleMonth(dt.date(1, MONTH_NAMES[m[1]], 1),
                                      month_label(dt.date(2000, MONTH_NAMES[m[1]], 1)).split()[0],
                                      line))
    return out
