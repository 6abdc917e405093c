"""French formats: exact strings, half-up rounding, missing values.

Spacing is part of the contract: thousands are separated by U+202F (narrow no-break
space) and a unit sign follows U+00A0 (no-break space); a negative evolution starts
with U+2212. The strings below spell them with escapes so nobody "fixes" them.
"""

import datetime as dt
import math
import os
import random
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from wording.format import (
    MISSING,
    SECRET,
    fmt_date,
    fmt_decimal,
    fmt_eur,
    fmt_evolution,
    fmt_int,
    fmt_month,
    fmt_pct,
    fmt_value,
    round_half_up,
    round_half_up_array,
    round_half_up_floats,
)

NNBSP = "\u202f"  # thousands
NBSP = "\u00a0"  # before a unit
MINUS = "\u2212"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (9948, f"9{NNBSP}948"),  # MNO 2025: DE ABC at 30/09/2025
        (18367, f"18{NNBSP}367"),  # MELT 2023: DE ABC
        (463, "463"),
        (1234567, f"1{NNBSP}234{NNBSP}567"),
        (0, "0"),
        (9948.0, f"9{NNBSP}948"),
        (2.5, "3"),  # half up, not half to even
        (-1200, f"{MINUS}1{NNBSP}200"),
    ],
)
def test_fmt_int(value, expected):
    assert fmt_int(value) == expected


@pytest.mark.parametrize(
    ("fraction", "digits", "expected"),
    [
        (0.4962, 1, f"49,6{NBSP}%"),
        (65 / 131, 1, f"49,6{NBSP}%"),  # MNO 2025: 65 positive exits of 131, printed 49,6 %
        (367 / 463, 1, f"79,3{NBSP}%"),  # MNO 2025: RSA 367/463 = 79,27 %, printed 79,3 %
        (0.7925, 1, f"79,3{NBSP}%"),  # exactly half: up (half-to-even would give 79,2)
        (0.49625, 2, f"49,63{NBSP}%"),
        (0.125, 0, f"13{NBSP}%"),
        (1.0, 1, f"100,0{NBSP}%"),
        (0.0, 1, f"0,0{NBSP}%"),
        (12.5, 1, f"1{NNBSP}250,0{NBSP}%"),
    ],
)
def test_fmt_pct(fraction, digits, expected):
    assert fmt_pct(fraction, digits) == expected


def test_fmt_decimal():
    assert fmt_decimal(1234.56) == f"1{NNBSP}234,6"
    assert fmt_decimal(2.25) == "2,3"
    assert fmt_decimal(17.7, 1) == "17,7"
    assert fmt_decimal(3.14159, 3) == "3,142"
    assert fmt_decimal(-0.04) == "0,0"  # never "−0,0"


def test_fmt_eur():
    # MNO 2025: total of the financial aid to young people.
    assert fmt_eur(2135533.46) == f"2{NNBSP}135{NNBSP}533,46{NBSP}€"
    assert fmt_eur(2135533.46, cents=False) == f"2{NNBSP}135{NNBSP}533{NBSP}€"
    assert fmt_eur(5173.31) == f"5{NNBSP}173,31{NBSP}€"
    assert fmt_eur(60659) == f"60{NNBSP}659,00{NBSP}€"
    assert fmt_eur(0.005) == f"0,01{NBSP}€"


@pytest.mark.parametrize(
    ("pct", "expected"),
    [
        (8.0, f"+8,0{NBSP}%"),  # MNO 2025: DE ABC over one year
        (27.4, f"+27,4{NBSP}%"),
        (-2.1, f"{MINUS}2,1{NBSP}%"),
        (-6.45, f"{MINUS}6,5{NBSP}%"),
        (0.0, f"0,0{NBSP}%"),
        (0.04, f"0,0{NBSP}%"),
        (-0.04, f"0,0{NBSP}%"),
        (1234.5, f"+1{NNBSP}234,5{NBSP}%"),
        (math.nan, ""),
        (None, ""),
    ],
)
def test_fmt_evolution(pct, expected):
    assert fmt_evolution(pct) == expected


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (9948, "personnes", f"9{NNBSP}948"),
        (43992.0, "nombre", f"43{NNBSP}992"),
        (0.49618, "%", f"49,6{NBSP}%"),
        (2135533.46, "€", f"2{NNBSP}135{NNBSP}533,46{NBSP}€"),
        (61234, "heures", f"61{NNBSP}234{NBSP}h"),
        (38.14, "ETP", "38,1"),
        (17.66, "mois", f"17,7{NBSP}mois"),
        (12, "unité inconnue", "12"),
        (math.nan, "%", MISSING),
        (None, "€", MISSING),
    ],
)
def test_fmt_value(value, unit, expected):
    assert fmt_value(value, unit) == expected


@pytest.mark.parametrize("missing", [None, math.nan, float("nan"), pd.NA, "pas un nombre"])
@pytest.mark.parametrize("fmt", [fmt_int, fmt_decimal, fmt_pct, fmt_eur])
def test_missing_values_show_a_dash(fmt, missing):
    assert fmt(missing) == MISSING == "—"


def test_secret_marker_is_s():
    assert SECRET == "s"


@pytest.mark.parametrize(
    "day",
    [
        dt.date(2025, 9, 30),
        dt.datetime(2025, 9, 30, 12, 0),
        pd.Timestamp("2025-09-30"),
        "2025-09-30",
    ],
)
def test_fmt_date(day):
    assert fmt_date(day) == "30 septembre 2025"
    assert fmt_month(day) == "septembre 2025"


def test_round_half_up_and_its_vectorised_form_agree():
    """The maps classify with the vectorised rounding, the figures are printed with the
    exact one: a value must fall in the class whose legend shows it."""
    halves = [2.675, 0.125, 49.625, 79.25, -2.675, -0.05, 0.5, 1.5, 2.5, 1e6 + 0.5]
    grid = [i / 1000 for i in range(-3000, 3001, 7)] + halves
    for digits in (0, 1, 2):
        exact = [float(round_half_up(v, digits)) for v in grid]
        assert round_half_up_array(grid, digits).tolist() == pytest.approx(exact, abs=1e-12)
    assert float(round_half_up(2.675, 2)) == 2.68 and float(round_half_up(2.5, 0)) == 3.0


def test_fmt_date_first_of_month_and_missing():
    assert fmt_date(dt.date(2025, 1, 1)) == "1er janvier 2025"
    assert fmt_date(dt.date(2023, 12, 31)) == "31 décembre 2023"
    assert fmt_month(dt.date(2024, 8, 1)) == "août 2024"
    assert fmt_date(None) == MISSING
    assert fmt_date(pd.NaT) == MISSING
    assert fmt_month(math.nan) == MISSING


def test_format_module_does_not_import_streamlit():
    root = Path(__file__).resolve().parents[2]
    code = "import sys, wording.format; sys.exit('streamlit' in sys.modules)"
    env = {**os.environ, "PYTHONPATH": str(root)}
    done = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, check=False)
    assert done.returncode == 0


def test_round_half_up_floats_is_the_exact_rounding_of_each_value():
    # by hand: 63.75 computed as (655 - 400) / 400 * 100 is 63.74999999999999, printed 63,7;
    # 2.675 is printed 2,68 (its decimal writing); a half goes away from zero
    values = [(655 - 400) / 400 * 100, 2.675, -2.675, 0.125, 1 / 3, -0.0001, math.nan]
    assert round_half_up_floats(values, 1).tolist()[:2] == [63.7, 2.7]
    got = round_half_up_floats(values, 2).tolist()
    assert got[:6] == [63.75, 2.68, -2.68, 0.13, 0.33, 0.0] and math.isnan(got[6])
    assert str(round_half_up_floats([-0.0001], 2)[0]) == "0.0"  # never -0.0
    rng = random.Random(7)
    grid = [rng.randint(0, 20_000) / rng.randint(1, 20_000) * 100 for _ in range(20_000)]
    assert round_half_up_floats(grid, 1).tolist() == [float(round_half_up(v, 1)) for v in grid]
