"""French phrasing for the narrative (`queries.narrative`): the qualifier of a change, the
position against another place, agreement in gender and number, places with their article.

Thresholds (why these values: see README, « Ce que disent les chiffres »):

- a change over a year, in %, **rounded to one decimal as it is printed** (so the word
  always agrees with the number beside it): under 1 % « stable »; from 1 % to under 5 %
  « légère hausse / baisse »; from 5 % to under 15 % « hausse / baisse »; 15 % and more
  « forte hausse / baisse »;
- a place against another (per 1 000 inhabitants, both rounded to one decimal as printed):
  a gap under 5 % of the other's value « au même niveau »; from 5 % to under 20 %
  « au-dessus / en dessous »; 20 % and more « nettement au-dessus / en dessous ».

Pure functions, no Streamlit; wording from `wording.texts`, numbers from `wording.format`.
"""

import datetime as dt
from decimal import Decimal

from wording import texts
from wording.format import (
    UNIT_SEP,
    as_date,
    fmt_decimal,
    fmt_eur,
    fmt_hours,
    fmt_int,
    fmt_pct,
    fmt_value,
    is_missing,
    round_half_up,
    round_half_up_floats,
)

STABLE_BELOW = Decimal("1")  # % a year
SLIGHT_BELOW = Decimal("5")
STRONG_FROM = Decimal("15")
SAME_LEVEL_BELOW = Decimal("0.05")  # relative gap between two places
FAR_FROM = Decimal("0.20")


def shown(value, digits: int = 1) -> Decimal:
    """The value as it is printed: rounded half up (`wording.format`)."""
    return round_half_up(float(value), digits)


def shown_all(values, digits: int = 1) -> list[float]:
    """`float(shown(v))` of each value, at once (the standouts rank every commune:
    France, 35 000)."""
    return round_half_up_floats(values, digits).tolist()


def qualifier(evolution_pct) -> str | None:
    """Key of `texts.NARRATIVE_QUALIFIERS` for a change in % (None when unknown)."""
    if is_missing(evolution_pct):
        return None
    e = shown(evolution_pct)
    size = abs(e)
    if size < STABLE_BELOW:
        return "stable"
    way = "hausse" if e > 0 else "baisse"
    if size < SLIGHT_BELOW:
        return f"legere_{way}"
    if size < STRONG_FROM:
        return way
    return f"forte_{way}"


def position(value, other) -> str | None:
    """Key of `texts.NARRATIVE_POSITIONS`: where `value` stands against `other`."""
    if is_missing(value) or is_missing(other):
        return None
    mine, theirs = shown(value), shown(other)
    if theirs <= 0:
        return None
    gap = mine / theirs - 1
    if abs(gap) < SAME_LEVEL_BELOW:
        return "same"
    way = "above" if gap > 0 else "below"
    return way if abs(gap) < FAR_FROM else f"far_{way}"


# -- agreement ---------------------------------------------------------------------------
def is_plural(value, digits: int = 0) -> bool:
    """French number agreement: plural from 2 on (0, 1 and 1,5 take the singular)."""
    return abs(shown(value, digits)) >= 2


def number_of(value, digits: int = 0) -> str:
    """ "s" or "p", the key of the verb forms in `wording.texts`."""
    return "p" if is_plural(value, digits) else "s"


def count(value, one: str, many: str) -> str:
    """ "9 948 demandeurs d'emploi", "1 participant", "0 sortie"."""
    return f"{fmt_int(value)} {many if is_plural(value) else one}"


def decimal_count(value, one: str, many: str) -> str:
    """ "67,2 demandeurs d'emploi", "1,3 participant" (one decimal)."""
    return f"{fmt_decimal(value, 1)} {many if is_plural(value, 1) else one}"


def be(number: str) -> str:
    return texts.NARRATIVE_BE[number]


def stayed_stable(gender: str, number: str) -> str:
    """ "resté stable", "restée stable", "restés stables", "restées stables"."""
    return texts.NARRATIVE_STAYED_STABLE[(gender, number)]


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def join(items: list[str]) -> str:
    """ "A", "A et B", "A, B et C"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + texts.NARRATIVE_AND + items[-1]


# -- places ------------------------------------------------------------------------------
def at_place(name: str) -> str:
    """ "à Lompret", "à La Madeleine", "au Cateau-Cambrésis", "aux Rues-des-Vignes"."""
    if name.startswith("Le "):
        return "au " + name[3:]
    if name.startswith("Les "):
        return "aux " + name[4:]
    return "à " + name


# -- numbers -----------------------------------------------------------------------------
def amount(value, unit: str) -> str:
    """A figure in a sentence: "9 948", "182 542 h", "2 135 534 €", "49,6 %"."""
    if unit == "€":
        return fmt_eur(value, cents=False)
    if unit == "heures":
        return fmt_hours(value)
    if unit == "ETP":
        return fmt_decimal(value, 1) + UNIT_SEP + "ETP"
    return fmt_value(value, unit)


def size_of_change(evolution_pct) -> str:
    """ "8,0 %" (no sign: the qualifier says which way)."""
    return fmt_decimal(abs(shown(evolution_pct)), 1) + UNIT_SEP + "%"


def percent(fraction, digits: int = 1) -> str:
    return fmt_pct(fraction, digits)


def month_start(day) -> dt.date | None:
    """The first day of the month of a date, Timestamp or ISO text (None if missing)."""
    day = as_date(day)
    return None if day is None else day.replace(day=1)


def months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    """Every first day of a month from `first` to `last`, both included."""
    out, index = [], first.year * 12 + first.month - 1
    end = last.year * 12 + last.month - 1
    while index <= end:
        out.append(dt.date(index // 12, index % 12 + 1, 1))
        index += 1
    return out
