"""A France Travail stock file without month column takes its month from its title block,
else from the declared period when that is a month; without either it is refused with the
way out (give the period).

Files are written here the way France Travail writes them: a 3-line title block, `;`,
latin-1, a « Total » line. Every expected figure is worked out by hand from the lines below.
"""

import datetime as dt
import io

import pandas as pd
import pytest

from data.store import Store
from ingest.grain import months_in_title
from ingest.pipeline import MONTH_RULE_PERIOD, MONTH_RULE_TITLE
from ingest.report import INFO, WARNING
from ingest.service import Importer

LINES = (
    "59090;Bondues;A;141\r\n"
    "59090;Bondues;B;298\r\n"
    "59090;Bondues;C;86\r\n"
    "59173;Deûlémont;A;139\r\n"
    "59173;Deûlémont;B;118\r\n"
    "59173;Deûlémont;C;260\r\n"
    "59279;Halluin;A;296\r\n"
    "59279;Halluin;B;263\r\n"
    "59279;Halluin;C;223\r\n"
    "Total;;;1824\r\n"
)
HEADER = "Code commune;Libellé commune;Catégorie;Nombre de DEFM\r\n"
# sums of the lines above, per commune (categories A + B + C)
BY_COMMUNE = {"59090": 141 + 298 + 86, "59173": 139 + 118 + 260, "59279": 296 + 263 + 223}


def ft_file(period_line: str | None) -> bytes:
    title = ("France Travail - Demandeurs d'emploi en fin de mois (DEFM)\r\n"
             + (f"{period_line} - Territoire : MEL Tourcoing Vallée de la Lys\r\n"
                if period_line is not None else "Territoire : MEL Tourcoing Vallée de la Lys\r\n")
             + "Source : France Travail, données brutes\r\n")
    return (title + HEADER + LINES).encode("latin-1")


@pytest.fixture
def store(tmp_path, monkeypatch) -> Store:
    monkeypatch.setenv("TBE_DATA_DIR", str(tmp_path / "store"))
    return Store(tmp_path / "store")


def stored(store: Store) -> dict:
    rows = store.connection().execute(
        "select code_insee, month, sum(count) from job_seekers group by all").fetchall()
    return {(code, month): n for code, month, n in rows}


def rules(check, severity=None) -> dict[str, str]:
    return {p.rule: p.advice for p in check.prepared.problems
            if severity is None or p.severity == severity}


@pytest.mark.parametrize("period_line", ["Période : janvier 2024", "janvier 2024",
                                         "Janv. 2024", "01/2024", "Situation au 31/01/2024"])
def test_the_month_of_the_title_block_is_the_month_of_every_line(store, period_line):
    importer = Importer(store, user="test")
    check = importer.check("ft_janvier2024.csv", ft_file(period_line), territory="melt")
    assert check.refused is None, check.refused
    p = check.prepared
    assert (p.source, p.period, p.rows_read, p.invalid_rows) == ("de_commune", "2024-01", 9, 0)
    assert p.excluded == {"total": 1}
    info = rules(check, INFO)
    assert MONTH_RULE_TITLE in info and "janvier 2024" in info[MONTH_RULE_TITLE]
    assert period_line in info[MONTH_RULE_TITLE]  # the line of the title is quoted
    assert importer.commit(check).refused is None
    assert stored(store) == {(code, dt.date(2024, 1, 1)): n for code, n in BY_COMMUNE.items()}


def test_without_a_month_in_the_title_the_declared_month_is_taken(store):
    importer = Importer(store, user="test")
    check = importer.check("ft.csv", ft_file(None), territory="melt", period="2024-01")
    assert check.refused is None, check.refused
    assert check.prepared.period == "2024-01"
    info = rules(check, INFO)
    assert MONTH_RULE_TITLE not in info
    assert "période indiquée" in info[MONTH_RULE_PERIOD] and "janvier 2024" in info[MONTH_RULE_PERIOD]
    assert importer.commit(check).refused is None
    assert stored(store) == {(code, dt.date(2024, 1, 1)): n for code, n in BY_COMMUNE.items()}


def test_the_title_wins_over_a_different_declared_month_with_a_warning(store):
    check = Importer(store).check("ft.csv", ft_file("Période : janvier 2024"), territory="melt",
                                  period="2024-02")
    assert check.refused is None
    assert set(check.prepared.frames(False)["job_seekers"]["month"]) == {pd.Timestamp(2024, 1, 1)}
    assert "2024-02" in rules(check, WARNING)["Période indiquée différente du titre"]


GIVE = "Indiquez la période (--period AAAA-MM ou le champ Période)"


def test_without_title_month_nor_period_the_refusal_says_to_give_the_period(store):
    check = Importer(store).check("ft.csv", ft_file(None), territory="melt")
    assert check.prepared is None
    assert "obligatoires : ajoutez ou associez la colonne « Mois »" in check.refused
    assert "ni mois dans son titre" in check.refused and GIVE in check.refused
    assert store.catalog().imports == []


@pytest.mark.parametrize("period", ["2024", "2024-T1"])
def test_a_year_or_a_quarter_given_as_period_is_not_turned_into_a_month(store, period):
    check = Importer(store).check("ft.csv", ft_file(None), territory="melt", period=period)
    assert check.prepared is None
    assert f"« {period} » n'est pas un mois" in check.refused and GIVE in check.refused


def test_a_year_in_the_title_is_not_a_month(store):
    check = Importer(store).check("ft.csv", ft_file("Année 2024"), territory="melt")
    assert check.prepared is None and GIVE in check.refused


def test_a_range_of_months_in_the_title_is_not_one_month(store):
    check = Importer(store).check("ft.csv", ft_file("Période : de janvier à mars 2024"),
                                  territory="melt")
    assert check.prepared is None
    assert "plusieurs mois" in check.refused and GIVE in check.refused


def test_a_quarter_in_the_title_is_stored_at_its_last_month_and_said(store):
    check = Importer(store).check("ft.csv", ft_file("Période : T4 2023"), territory="melt")
    assert check.refused is None
    assert check.prepared.period == "2023-12"
    said = rules(check, INFO)[MONTH_RULE_TITLE]
    assert "trimestre" in said and "décembre 2023" in said


def test_an_extraction_date_in_the_title_is_not_the_period():
    assert months_in_title([(1, "Extrait le 05/02/2024"), (2, "Période : janvier 2024")]) \
        == [m for m in months_in_title([(2, "Période : janvier 2024")])]
    assert months_in_title([(1, "Extraction du 05/02/2024")]) == []


@pytest.mark.parametrize("text,month", [
    ("Période : janvier 2024", dt.date(2024, 1, 1)), ("Janv. 2024", dt.date(2024, 1, 1)),
    ("01/2024", dt.date(2024, 1, 1)), ("Situation au 31/01/2024", dt.date(2024, 1, 1)),
    ("2024-01", dt.date(2024, 1, 1)), ("Décembre 2023", dt.date(2023, 12, 1)),
    ("DEFM mai 2024", dt.date(2024, 5, 1)), ("Février 2024 (cat. A, B, C)", dt.date(2024, 2, 1)),
])
def test_months_named_in_a_title(text, month):
    assert [m.month for m in months_in_title([(2, text)])] == [month]


def test_a_file_with_a_month_column_is_unchanged(store):
    raw = ("Mois;Code commune;Nombre de DEFM\r\n"
           "janvier 2024;59090;525\r\n").encode("latin-1")
    check = Importer(store).check("defm.csv", raw, territory="melt", period="2024-02")
    assert check.refused is None
    assert MONTH_RULE_TITLE not in rules(check) and MONTH_RULE_PERIOD not in rules(check)
    assert set(check.prepared.frames(False)["job_seekers"]["month"]) == {pd.Timestamp(2024, 1, 1)}


def test_the_same_export_as_a_workbook_takes_its_month_from_the_title(store):
    rows = [line.split(";") for line in LINES.strip().split("\r\n")]
    buf = io.BytesIO()
    df = pd.DataFrame([[c, n, cat, int(v)] for c, n, cat, v in rows],
                      columns=HEADER.strip().split(";"))
    with pd.ExcelWriter(buf, engine="xlsxwriter") as w:
        df.to_excel(w, sheet_name="DEFM", index=False, startrow=3)
        w.sheets["DEFM"].write(0, 0, "France Travail - Demandeurs d'emploi en fin de mois")
        w.sheets["DEFM"].write(1, 0, "Situation au 31/01/2024")
    importer = Importer(store, user="test")
    check = importer.check("ft_janvier2024.xlsx", buf.getvalue(), territory="melt")
    assert check.refused is None, check.refused
    assert "Situation au 31/01/2024" in rules(check, INFO)[MONTH_RULE_TITLE]
    assert importer.commit(check).refused is None
    assert stored(store) == {(code, dt.date(2024, 1, 1)): n for code, n in BY_COMMUNE.items()}
