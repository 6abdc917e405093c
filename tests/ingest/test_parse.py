"""Value parsers: numbers with French separators and secret markers, dates, months, flags."""

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest
import xlsxwriter

from ingest.parse import (
    SECRET_MARKERS,
    norm_label,
    parse_bool,
    parse_code,
    parse_date,
    parse_month,
    parse_number,
)
from ingest.readers import read_workbook


def obj(values) -> pd.Series:
    return pd.Series(values, dtype=object)


@pytest.mark.parametrize("raw,expected", [
    ("Marcq-en-Barœul", "marcq en baroeul"),
    ("  Nombre de demandeurs d’emploi ", "nombre de demandeurs d emploi"),
    ("EVOL_CA_N_E ", "evol ca n e"),
    ("Cat. A", "cat a"),
    ("ÉTAT  civil", "etat civil"),
    ("Cæcilia", "caecilia"),
    (None, ""),
    (2020.0, "2020"),
])
def test_norm_label(raw, expected):
    assert norm_label(raw) == expected


def test_parse_number_french_formats():
    raw = obj([12, 3.5, "12 712", "12\u00a0712", "12\u202f712", "44,6", "1.234,5", "12712.0",
               " 7 ", "-5", "−3,5", "1 234 567,25", "(12)"])
    values, secret, invalid = parse_number(raw)
    assert values.tolist() == [12, 3.5, 12712, 12712, 12712, 44.6, 1234.5, 12712, 7, -5, -3.5,
                               1234567.25, -12]
    assert not secret.any() and not invalid.any()
    assert values.dtype == float


def test_parse_number_secret_markers_stay_nan_and_are_not_summed_as_zero():
    raw = obj(["10", "*", "<5", "< 5", "<3", "s", "nd", "N.D.", "-", "secret", "", None, "  ",
               "20", float("nan"), "abc", True, dt.date(2024, 1, 1), "1 2"])
    values, secret, invalid = parse_number(raw)
    assert secret.tolist() == [False] + [True] * 12 + [False] + [True] + [False] * 4
    assert invalid.tolist() == [False] * 15 + [True] * 4
    assert values[secret | invalid].isna().all()  # never 0
    assert values.sum() == 30  # secrets are ignored, not counted as 0
    assert int(values.notna().sum()) == 2
    assert {"*", "<5", "nd", "s", "-", ""} <= SECRET_MARKERS


def test_decimal_commas_and_narrow_spaces_from_a_csv():
    data = "\ufeffQP;ABC;TX\r\nQP059087;1\u202f359;36,7\r\nQP059088;;28,1\r\n".encode("utf-8")
    frame = read_workbook(data, "ipro.csv")[0].frame
    abc, secret, invalid = parse_number(frame[1].iloc[1:])
    rate, _, rate_invalid = parse_number(frame[2].iloc[1:])
    assert abc.iloc[0] == 1359 and math.isnan(abc.iloc[1])
    assert secret.tolist() == [False, True] and not invalid.any()
    assert rate.tolist() == [36.7, 28.1] and not rate_invalid.any()
    assert list(abc.index) == [1, 2]  # index preserved for row reporting


def test_parse_date_formats():
    raw = obj([dt.datetime(2024, 1, 15, 10, 30), dt.date(2024, 2, 1), 45292, 45292.75, "45292",
               "15/01/2024", "15/01/24", "15-01-2024", "2024-01-15", "2024-01-15T10:30:00",
               "2024-01-15 08:00:00", "15.01.2024", "1er janvier 2024", pd.Timestamp("2024-03-05")])
    values, invalid = parse_date(raw)
    assert not invalid.any()
    assert values.dtype.kind == "M"
    assert values.dt.strftime("%Y-%m-%d").tolist() == [
        "2024-01-15", "2024-02-01", "2024-01-01", "2024-01-01", "2024-01-01", "2024-01-15",
        "2024-01-15", "2024-01-15", "2024-01-15", "2024-01-15", "2024-01-15", "2024-01-15",
        "2024-01-01", "2024-03-05"]
    assert (values == values.dt.normalize()).all()


def test_parse_date_invalid_and_empty():
    values, invalid = parse_date(obj(["31/02/2024", "00/00/0000", "abc", True, "", None, "  ",
                                      "13/13/2024", 150000]))
    assert invalid.tolist() == [True, True, True, True, False, False, False, True, True]
    assert values.isna().all()


def test_excel_serial_dates_read_from_an_xlsx(tmp_path):
    path = tmp_path / "dates.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet()
    ws.write_row(0, 0, ["Date d'entrée"])
    ws.write_column(1, 0, [45292, 45657, 45350.5])  # numbers without a date format
    wb.close()
    frame = read_workbook(path.read_bytes(), "dates.xlsx")[0].frame
    values, invalid = parse_date(frame[0].iloc[1:])
    assert values.dt.strftime("%Y-%m-%d").tolist() == ["2024-01-01", "2024-12-31", "2024-02-28"]
    assert not invalid.any()


@pytest.mark.parametrize("raw,expected", [
    ("janvier 2020", "2020-01-01"), ("Janv. 2020", "2020-01-01"), ("février 2024", "2024-02-01"),
    ("fevrier_2020", "2020-02-01"), ("aout_2024", "2024-08-01"), ("déc.-24", "2024-12-01"),
    ("dec-24", "2024-12-01"), ("2024-12", "2024-12-01"), ("12/2024", "2024-12-01"),
    ("2024-T4", "2024-12-01"), ("T4 2024", "2024-12-01"), ("2015-T1", "2015-03-01"),
    ("202412", "2024-12-01"), (202412, "2024-12-01"), ("15/03/2024", "2024-03-01"),
    (45292, "2024-01-01"), (dt.date(2024, 7, 14), "2024-07-01"), ("Septembre 2023", "2023-09-01"),
])
def test_parse_month(raw, expected):
    values, invalid = parse_month(obj([raw]))
    assert not invalid.iloc[0]
    assert values.iloc[0] == pd.Timestamp(expected)


def test_parse_month_invalid():
    values, invalid = parse_month(obj(["2024-T5", "truc 2024", "2024-13", "", None]))
    assert invalid.tolist() == [True, True, True, False, False]
    assert values.isna().all()


def test_parse_bool():
    raw = obj(["oui", "Non", "O", "n", "yes", "NO", "Vrai", "faux", "TRUE", "false", "x", "X", 1, 0,
               "1", "0", 1.0, True, False, "", None, "peut-être", 2])
    values, invalid = parse_bool(raw)
    assert str(values.dtype) == "boolean"
    expected = [True, False] * 5 + [True, True, True, False, True, False, True, True, False]
    assert values.iloc[:19].tolist() == expected
    assert values.iloc[19:].isna().all()
    assert invalid.tolist() == [False] * 21 + [True, True]


def test_parse_code_restores_leading_zeros():
    raw = obj([1, 1001, 59599, 59599.0, "59599.0", "2A004", " 1001 ", None, float("nan"), "2b004"])
    codes = parse_code(raw, 5)
    assert codes.tolist() == ["00001", "01001", "59599", "59599", "59599", "2A004", "01001",
                              None, None, "2B004"]
    assert parse_code(obj([1, "0", 10, 50]), 2).tolist() == ["01", "00", "10", "50"]


def test_parsers_keep_index_and_handle_empty_series():
    s = pd.Series(["1", "2"], index=[10, 20], dtype=object)
    assert list(parse_number(s)[0].index) == [10, 20]
    assert list(parse_date(s)[0].index) == [10, 20]
    empty = pd.Series([], dtype=object)
    assert len(parse_number(empty)[0]) == 0 and len(parse_month(empty)[0]) == 0


def test_parse_number_is_vectorised_enough(monkeypatch):
    # 200 000 cells in the two shapes exports write: read by the vectorised paths, never
    # one cell at a time (`_number_from_text`, for the rare odd ones). The speed itself is
    # bench/'s: tests never assert timings.
    from ingest import parse

    one_by_one = []
    real = parse._number_from_text
    monkeypatch.setattr(parse, "_number_from_text",
                        lambda text: one_by_one.append(text) or real(text))
    raw = obj(np.where(np.arange(200_000) % 7 == 0, "<5", "12 345,5").tolist())
    values, secret, _ = parse_number(raw)
    assert int(secret.sum()) == 28_572 and values.iloc[1] == 12345.5
    assert one_by_one == []
    # an odd cell still goes the slow way, alone
    assert parse_number(obj(["12 345,5", "528,00 €"]))[0].tolist() == [12345.5, 528.0]
    assert one_by_one == ["528,00 €"]
