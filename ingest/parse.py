"""Vectorised parsers of raw cell values (numbers, dates, months, booleans, codes, labels)."""

import datetime as dt
import math
import re
import unicodedata
from functools import lru_cache
from numbers import Number

import numpy as np
import pandas as pd

# Cells meaning "statistical secret" or "no value" in a count; compared case-insensitively
# after strip. Any "<N" ("<5", "< 10", "<=3") is a secret marker too. Never read as 0.
SECRET_MARKERS = frozenset({
    "", "*", "**", "***", "s", "ss", "nd", "n.d.", "n.d", "n/d", "nc", "n.c.", "-", "--", "—",
    "–", "<5", "< 5", "secret", "secret stat", "secret statistique", "na", "n/a", "#n/a",
    "nan", "null", "none", "..", "...",
})
# Cells meaning "no value" in a date, month or yes/no column: read as empty, not invalid.
MISSING_MARKERS = frozenset({"-", "--", "—", "–", "nd", "n.d.", "n/d", "nc", "na", "n/a",
                             "#n/a", "nan", "null", "none", "néant", "neant"})
EXCEL_EPOCH = dt.date(1899, 12, 30)
MIN_YEAR, MAX_YEAR = 1900, 2100
MONTH_NAMES = {name: i + 1 for i, names in enumerate((
    "janvier janv jan january", "fevrier fevr fev february feb", "mars mar march",
    "avril avr april apr", "mai may", "juin jun june", "juillet juil jul july",
    "aout aou august aug", "septembre sept sep september", "octobre oct october",
    "novembre nov november", "decembre dec december")) for name in names.split()}
TRUE_WORDS = frozenset({"oui", "o", "yes", "y", "vrai", "true", "x", "1", "1.0", "1,0"})
FALSE_WORDS = frozenset({"non", "n", "no", "faux", "false", "0", "0.0", "0,0"})

_LABEL_TABLE = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss",
                              **dict.fromkeys("'’‘`´ʼ-‐‑‒–—−_.", " ")})
_SECRET_LT = r"<\s*=?\s*\d+"
_SIMPLE_NUMBER = r"[+-]?\d+(?:[.,]\d+)?"
_SPACED_NUMBER = r"[+-]?\d{1,3}(?:[ \u00a0\u202f\u2009\u2007]\d{3})+(?:,\d+)?"
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?")
_DMY = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})"
                  r"(?:[ t]+\d{1,2}[:h]\d{2}(?::\d{2}(?:[.,]\d+)?)?)?")
_YMD = re.compile(r"(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})"
                  r"(?:[ t]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})?)?")
_TEXT_DATE = re.compile(r"(?:le )?(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s)?"
                        r"(\d{1,2}) ?(?:er)? ([a-z]+) (\d{4})")
_YM = re.compile(r"(\d{4}) (\d{1,2})")
_MY = re.compile(r"(\d{1,2}) (\d{4})")
_YQ = re.compile(r"(\d{4}) ?[tq]([1-4])")
_QY = re.compile(r"[tq]([1-4]) ?(\d{4})")
# Quarters in words: « 3e trimestre 2025 », « 1er trim. 2025 », « Trimestre 3 2025 »,
# « Trim. 3 2025 », « 2025 - 3e trimestre », « 2025 trimestre 3 » (normalised by norm_label).
_ORDINAL = r"([1-4])(?:e|er|ere|eme|ieme|th|st|nd|rd)?"
_TRIM = r"trim(?:estre)?"
_Q_WORDS = re.compile(rf"{_ORDINAL} {_TRIM} (?:de )?(\d{{4}})")
_WORD_Q = re.compile(rf"{_TRIM} ?([1-4]) (?:de )?(\d{{4}})")
_Y_Q_WORDS = re.compile(rf"(\d{{4}}) (?:{_ORDINAL} {_TRIM}|{_TRIM} ?([1-4]))")
# A quarter as its first and last months: « juil.-sept. 2025 », « jan.-mars 2025 »,
# « avril-juin 2025 »; months that are not a calendar quarter name no month. (« de janvier
# à mars 2024 » in words stays a range, as in a title: ingest/grain.py.)
_MONTH_RANGE = re.compile(r"([a-z]+) ([a-z]+) (\d{4})")
_YYYYMM = re.compile(r"(\d{4})(\d{2})")
_NAME_Y = re.compile(r"([a-z]+) ?(\d{4}|\d{2})")
_Y_NAME = re.compile(r"(\d{4}) ([a-z]+)")


@lru_cache(maxsize=65536)
def _norm_str(text: str) -> str:
    text = text.translate(_LABEL_TABLE)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c)).translate(_LABEL_TABLE)
    return " ".join(text.lower().split())


def norm_label(text) -> str:
    """Normalise a header or a name for matching: no accents, lower case, single spaces."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    if isinstance(text, float) and text.is_integer():
        text = int(text)
    return _norm_str(str(text))


def _is_number(v) -> bool:
    return isinstance(v, Number) and not isinstance(v, (bool, np.bool_))


def _obj(s) -> pd.Series:
    return s if isinstance(s, pd.Series) else pd.Series(s, dtype=object)


def parse_number(s: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Read counts/amounts: (float values with NaN, secret_mask, invalid_mask).

    Empty cells and secret markers give NaN with secret_mask True (never 0); any other
    non-number gives NaN with invalid_mask True."""
    s = _obj(s)
    arr = s.to_numpy(dtype=object)
    n = len(arr)
    values = np.full(n, np.nan)
    secret = pd.isna(arr).astype(bool) if n else np.zeros(0, bool)
    is_str = np.fromiter((isinstance(v, str) for v in arr), bool, n)
    is_num = np.fromiter((_is_number(v) for v in arr), bool, n) & ~secret
    invalid = ~(secret | is_str | is_num)
    if is_num.any():
        values[is_num] = pd.to_numeric(pd.Series(arr[is_num], dtype=object)).astype(float)
    if is_str.any():
        idx = np.flatnonzero(is_str)
        st = pd.Series(arr[is_str], dtype=object).str.strip()
        low = st.str.lower()
        sec = (low.isin(SECRET_MARKERS) | low.str.fullmatch(_SECRET_LT)).to_numpy(bool)
        simple = st.str.fullmatch(_SIMPLE_NUMBER).to_numpy(bool) & ~sec
        spaced = st.str.fullmatch(_SPACED_NUMBER).to_numpy(bool) & ~sec & ~simple
        fast = simple | spaced
        if fast.any():
            cleaned = st[fast].str.replace(r"[ \u00a0\u202f\u2009\u2007]", "", regex=True)
            values[idx[fast]] = cleaned.str.replace(",", ".", regex=False).astype(float)
        rest = ~(sec | fast)
        for i, text in zip(idx[rest], st[rest], strict=True):
            values[i] = _number_from_text(text)
        secret[idx[sec]] = True
        invalid[idx[rest]] = np.isnan(values[idx[rest]])
    return (pd.Series(values, index=s.index, dtype=float),
            pd.Series(secret, index=s.index, dtype=bool),
            pd.Series(invalid, index=s.index, dtype=bool))


_APPROX = re.compile(r"(?:env(?:iron)?\.?|~|≈|±|\+/-|approx(?:\.|imativement)?|autour de|"
                     r"pres de|près de|ca\.?)\s*(\d[\d\s\u00a0\u202f.,]*)"
                     r"|(\d[\d\s\u00a0\u202f.,]*?)\s*(?:env(?:iron)?\.?|~|\(env(?:iron)?\.?\)|"
                     r"approx(?:\.|imativement)?)", re.IGNORECASE)


def approximate_number(text) -> float:
    """A count written as an estimate (« env. 90 », « ~90 », « environ 90 », « 90 env. »):
    its number, NaN if the cell is not one."""
    if not isinstance(text, str):
        return math.nan
    m = _APPROX.fullmatch(text.strip())
    if not m:
        return math.nan
    return _number_from_text((m[1] or m[2]).strip())


def _number_from_text(text: str) -> float:
    """Slow path: '1.234,5', '1,234.5', '12 712,5 %', '(123)', '−5', '5 €'. NaN if not a number."""
    t = text.strip().replace("\u2212", "-").lower()
    t = t.removesuffix("%").removesuffix("€").removesuffix("eur").strip()
    negative = t.startswith("(") and t.endswith(")")
    if negative:
        t = t[1:-1].strip()
    t = re.sub(r"(?<=\d)[\s\u00a0\u202f\u2009\u2007'’](?=\d{3}(?:\D|$))", "", t)
    if "," in t and "." in t:
        if t.rfind(",") > t.rfind("."):
            t = t.replace(".", "").replace(",", ".")
        else:
            t = t.replace(",", "")
    elif t.count(",") > 1 or t.count(".") > 1:
        sep = "," if "," in t else "."
        if not re.fullmatch(r"[+-]?\d{1,3}(?:" + re.escape(sep) + r"\d{3})+", t):
            return math.nan
        t = t.replace(sep, "")
    else:
        t = t.replace(",", ".")
    if not _NUMBER.fullmatch(t):
        return math.nan
    value = float(t)
    return -value if negative else value


def _by_unique(s: pd.Series, func) -> tuple[np.ndarray, list]:
    """Apply func once per distinct non-null value; return (codes, results), code -1 = null."""
    codes, uniques = pd.factorize(_obj(s).to_numpy(dtype=object))
    return codes, [func(u) for u in uniques]


def _valid_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d) if MIN_YEAR <= y <= MAX_YEAR else None
    except ValueError:
        return None


def _year(text: str) -> int:
    y = int(text)
    if len(text) == 2:  # Excel's rule: 00-29 -> 2000s, 30-99 -> 1900s
        y += 2000 if y < 30 else 1900
    return y


def _date_from_number(v: float):
    if math.isnan(v):
        return None, False
    if 1 <= v < 80000:
        return EXCEL_EPOCH + dt.timedelta(days=math.floor(v)), False
    if v.is_integer() and 19000101 <= v <= 21001231:  # 20240115
        d = _valid_date(int(v) // 10000, int(v) // 100 % 100, int(v) % 100)
        return d, d is None
    return None, True


def _date_from_value(v):
    """(datetime.date or None, invalid) for one raw cell."""
    if isinstance(v, (bool, np.bool_)):
        return None, True
    if isinstance(v, (dt.date, pd.Timestamp, np.datetime64)):
        d = v.date() if isinstance(v, dt.datetime) else (
            v if isinstance(v, dt.date) else pd.Timestamp(v).date())
        return (d, False) if MIN_YEAR <= d.year <= MAX_YEAR else (None, True)
    if _is_number(v):
        return _date_from_number(float(v))
    if not isinstance(v, str):
        return None, True
    t = v.strip().lower()
    if not t or t in MISSING_MARKERS:
        return None, False
    if re.fullmatch(r"\d+(?:[.,]\d+)?", t):
        return _date_from_number(float(t.replace(",", ".")))
    if m := _DMY.fullmatch(t):
        d = _valid_date(_year(m[3]), int(m[2]), int(m[1]))
    elif m := _YMD.fullmatch(t):
        d = _valid_date(int(m[1]), int(m[2]), int(m[3]))
    elif (m := _TEXT_DATE.fullmatch(norm_label(t))) and m[2] in MONTH_NAMES:
        d = _valid_date(int(m[3]), MONTH_NAMES[m[2]], int(m[1]))
    else:
        d = None
    return d, d is None


def _parse_dates(s, func) -> tuple[pd.Series, pd.Series]:
    """Run func(value) -> (date or None, invalid) once per distinct value."""
    s = _obj(s)
    codes, results = _by_unique(s, func)
    table = np.array([np.datetime64(d, "D") if d is not None else np.datetime64("NaT")
                      for d, _ in results] + [np.datetime64("NaT")], dtype="datetime64[D]")
    return (pd.Series(table[codes].astype("datetime64[ns]"), index=s.index),
            _invalid_series(s, codes, [r[1] for r in results]))


def _invalid_series(s: pd.Series, codes: np.ndarray, flags: list) -> pd.Series:
    table = np.array(list(flags) + [False], dtype=bool)
    return pd.Series(table[codes], index=s.index, dtype=bool)


def parse_date(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Read dates: (datetime64 at midnight, NaT if empty; invalid_mask)."""
    return _parse_dates(s, _date_from_value)


def _month_from_text(t: str) -> dt.date | None:
    t = " ".join(norm_label(t).replace("/", " ").replace(",", " ").split())
    y = m = None
    if match := (_YM.fullmatch(t) or _YYYYMM.fullmatch(t)):
        y, m = int(match[1]), int(match[2])
    elif match := _MY.fullmatch(t):
        y, m = int(match[2]), int(match[1])
    elif match := _YQ.fullmatch(t):
        y, m = int(match[1]), 3 * int(match[2])
    elif match := (_QY.fullmatch(t) or _Q_WORDS.fullmatch(t) or _WORD_Q.fullmatch(t)):
        y, m = int(match[2]), 3 * int(match[1])
    elif match := _Y_Q_WORDS.fullmatch(t):
        y, m = int(match[1]), 3 * int(match[2] or match[3])
    elif (match := _MONTH_RANGE.fullmatch(t)) and match[1] in MONTH_NAMES \
            and match[2] in MONTH_NAMES:
        first, last = MONTH_NAMES[match[1]], MONTH_NAMES[match[2]]
        if last % 3 == 0 and first == last - 2:  # a quarter: its last month, as « T3 2025 »
            y, m = int(match[3]), last
    elif (match := _NAME_Y.fullmatch(t)) and match[1] in MONTH_NAMES:
        y, m = _year(match[2]), MONTH_NAMES[match[1]]
    elif (match := _Y_NAME.fullmatch(t)) and match[2] in MONTH_NAMES:
        y, m = int(match[1]), MONTH_NAMES[match[2]]
    return _valid_date(y, m, 1) if y is not None and 1 <= m <= 12 else None


def _month_from_value(v):
    if _is_number(v) and not (isinstance(v, float) and math.isnan(v)):
        f = float(v)
        if f.is_integer() and 190001 <= f <= 210012:  # 202412
            d = _valid_date(int(f) // 100, int(f) % 100, 1) if 1 <= int(f) % 100 <= 12 else None
            return d, d is None
    if isinstance(v, str) and v.strip() and (d := _month_from_text(v)) is not None:
        return d, False
    d, invalid = _date_from_value(v)
    return (d.replace(day=1) if d else None), invalid


def parse_month(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Read months: (datetime64 of the first day of the month; invalid_mask).

    A quarter ("2024-T4", "T4 2024", "4e trimestre 2024", "Trim. 4 2024", "2024 - 4e
    trimestre", "oct.-déc. 2024") gives the LAST month of the quarter (2024-12-01).
    """
    return _parse_dates(s, _month_from_value)


def _bool_from_value(v):
    if isinstance(v, (bool, np.bool_)) or (_is_number(v) and v in (0, 1)):
        return bool(v), False
    if not isinstance(v, str):
        return None, True
    t = v.strip().lower()
    for candidate in (t, norm_label(t)):
        if candidate in TRUE_WORDS:
            return True, False
        if candidate in FALSE_WORDS:
            return False, False
    if not t or t in MISSING_MARKERS:
        return None, False
    return None, True


def parse_bool(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Read yes/no cells: (pandas 'boolean' dtype with NA for empty; invalid_mask)."""
    s = _obj(s)
    codes, results = _by_unique(s, _bool_from_value)
    table = pd.array([r[0] for r in results] + [None], dtype="boolean")
    return (pd.Series(table.take(codes), index=s.index, dtype="boolean"),
            _invalid_series(s, codes, [r[1] for r in results]))


def _code_from_value(v, width: int):
    if _is_number(v) and float(v).is_integer() and v >= 0:
        return str(int(v)).zfill(width)
    t = str(v).strip().upper()
    if re.fullmatch(r"\d+(?:\.0+)?", t):
        t = t.split(".")[0]
    return t.zfill(width) if t.isdigit() else (t or None)


def parse_code(s: pd.Series, width: int) -> pd.Series:
    """Restore codes that lost their leading zeros: 1 -> '01' (width 2), 59599.0 -> '59599'."""
    s = _obj(s)
    codes, results = _by_unique(s, lambda v: _code_from_value(v, width))
    table = np.array(results + [None], dtype=object)
    return pd.Series(table[codes], index=s.index, dtype=object)
