"""French number and date formats for everything the app shows (pure, no Streamlit).

Spacing follows CLDR for `fr_FR`, as Babel produces it, and the French typographic
rules: thousands are separated by a narrow no-break space U+202F (`9 948`), and a
unit sign is preceded by a no-break space U+00A0 (`49,6 %`, `12 €`, `250 h`,
`17,7 mois`).
Both are exported as `THOUSANDS_SEP` and `UNIT_SEP` so tests can spell them.
A negative evolution uses the true minus sign U+2212 (`−2,1 %`).

Rounding is half up (49,625 → 49,63, 79,25 → 79,3), not Python's half-to-even: the
reports round that way, and 0.5 must never round differently depending on parity.
Missing values (None, NaN) are shown as `MISSING`; `SECRET` is the marker of a value
hidden by the statistical secret.
"""

import datetime as dt
import functools
import math
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import numpy as np
from babel.dates import format_date
from babel.numbers import format_decimal

LOCALE = "fr_FR"
THOUSANDS_SEP = "\u202f"  # narrow no-break space (CLDR fr)
UNIT_SEP = "\u00a0"  # no-break space before %, €, h
MINUS = "\u2212"
MISSING = "—"
SECRET = "s"


def is_missing(x) -> bool:
    """True for None, NaN, pandas NA/NaT and anything that is not a number."""
    if x is None:
        return True
    try:
        return bool(math.isnan(float(x)))
    except (TypeError, ValueError):
        return True


def round_half_up(x, digits: int) -> Decimal:
    """`x` rounded half up to `digits` decimals, exactly (the rounding of every figure the
    app, the exports and the narrative print)."""
    # str() gives the shortest repr of a float, so 0.49625 stays 0.49625 (not 0.4962499…).
    try:
        d = Decimal(str(x))
    except InvalidOperation:
        d = Decimal(float(x))
    return d.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)



def round_half_up_floats(x, digits: int) -> np.ndarray:
    """`float(round_half_up(v, digits))` of each value (NaN stays NaN), vectorised: the
    two array roundings, with and without `round_half_up_array`'s epsilon, agree but
    within a hair of a boundary, where the exact rounding decides (63.74999999999999,
    printed 63,7; 2.675, printed 2,68). -0.0 is 0.0."""
    arr = np.asarray(x, dtype="float64")
    scale = 10.0**digits
    high = round_half_up_array(arr, digits)
    low = np.sign(arr) * np.floor(np.abs(arr) * scale + 0.5) / scale
    out = high + 0.0
    for i in np.flatnonzero((high != low) & ~np.isnan(arr)):
        out[i] = float(round_half_up(float(arr[i]), digits))
    return out


def round_half_up_array(x, digits: int) -> np.ndarray:
    """The same rounding, vectorised, for the maps' classes (thousands of values at once)."""
    scale = 10.0**digits
    arr = np.asarray(x, dtype="float64")
    # the small epsilon keeps 2.675 (2.67499999…) rounding up like its decimal writing
    return np.sign(arr) * np.floor(np.abs(arr) * scale + 0.5 + 1e-9) / scale

def _number(x, digits: int) -> str:
    rounded = round_half_up(x, digits)
    if rounded == 0:
        rounded = abs(rounded)  # never "-0,0"
    return _formatted(rounded, digits)


@functools.lru_cache(maxsize=65536)
def _formatted(rounded: Decimal, digits: int) -> str:
    """Babel's formatting of a number already rounded to `digits` (a page formats the same
    few thousand numbers at each run: Babel took a third of its presentation time)."""
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    text = format_decimal(rounded, format=pattern, locale=LOCALE)
    return text.replace("-", MINUS)


def fmt_int(x) -> str:
    """9948 → "9 948" (rounded half up to the unit)."""
    if is_missing(x):
        return MISSING
    return _number(x, 0)


def fmt_decimal(x, digits: int = 1) -> str:
    """1234.56 → "1 234,6"."""
    if is_missing(x):
        return MISSING
    return _number(x, digits)


def fmt_pct(fraction, digits: int = 1) -> str:
    """0.4962 → "49,6 %" (the argument is a fraction 0..1)."""
    if is_missing(fraction):
        return MISSING
    percent = Decimal(str(fraction)) * 100
    return _number(percent, digits) + UNIT_SEP + "%"


def fmt_eur(x, cents: bool = True) -> str:
    """2135533.46 → "2 135 533,46 €"; without cents, rounded to the euro."""
    if is_missing(x):
        return MISSING
    return _number(x, 2 if cents else 0) + UNIT_SEP + "€"


def fmt_hours(x) -> str:
    """61234 → "61 234 h"."""
    if is_missing(x):
        return MISSING
    return _number(x, 0) + UNIT_SEP + "h"


def fmt_evolution(pct, digits: int = 1) -> str:
    """8.0 → "+8,0 %", -2.1 → "−2,1 %", 0 → "0,0 %", NaN → "" (the argument is in %)."""
    if is_missing(pct):
        return ""
    text = _number(pct, digits)
    if round_half_up(pct, digits) > 0:
        text = "+" + text
    return text + UNIT_SEP + "%"


def fmt_value(value, unit: str) -> str:
    """Format a figure according to its unit (see queries.figures)."""
    if is_missing(value):
        return MISSING
    if unit == "%":
        return fmt_pct(value)
    if unit == "€":
        return fmt_eur(value)
    if unit == "heures":
        return fmt_hours(value)
    if unit == "ETP":
        return fmt_decimal(value, 1)
    if unit == "mois":
        return fmt_decimal(value, 1) + UNIT_SEP + "mois"
    return fmt_int(value)  # "personnes", "nombre" and anything countable


def as_date(d) -> dt.date | None:
    """A `datetime.date` from a date, datetime, pandas Timestamp or ISO text; None if missing."""
    if d is None or d != d:  # NaN and NaT are not equal to themselves
        return None
    if hasattr(d, "to_pydatetime"):  # pandas Timestamp
        return d.to_pydatetime().date()
    if isinstance(d, dt.datetime):
        return d.date()
    if isinstance(d, dt.date):
        return d
    if isinstance(d, str):
        try:
            return dt.date.fromisoformat(d[:10])
        except ValueError:
            return None
    return None


def fmt_date(d) -> str:
    """date(2025, 9, 30) → "30 septembre 2025"; the first of a month → "1er janvier 2025"."""
    day = as_date(d)
    if day is None:
        return MISSING
    text = format_date(day, format="d MMMM y", locale=LOCALE)
    if day.day == 1:
        text = "1er" + text[1:]
    return text


def fmt_month(d) -> str:
    """date(2025, 9, 30) → "septembre 2025"."""
    day = as_date(d)
    if day is None:
        return MISSING
    return format_date(day, format="MMMM y", locale=LOCALE)
