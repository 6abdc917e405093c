"""The period an i-milo extraction is shown with: what it covers, not its last month.

A Mission Locale of the Cher (Bourges) imported a year of i-milo and the « Historique des
imports » page and the import's report said « décembre 2025 ». The import's `period` stays
its last month (the key a re-import of the same source and period replaces); `covers` says
the months it holds: from its first contact or aid payment — first welcomes, programme
starts and situations go back years (people still followed), so only those of its last
year count — to its last dated line. Fixture written as i-milo writes it; months by hand."""

import pytest

from cli.__main__ import main
from tests.workbooks import workbook
from wording.import_outcome import period_label

CODE = "ml-bourges"
BOURGES = "18033"
TITLE = [["Mission Locale de l'agglomération de Bourges"], ["Extraction i-milo"], []]


def extraction(events: list[list], first_welcomes: tuple[str, ...] = ("15/09/2019",
                                                                      "03/02/2025")) -> bytes:
    young = [*TITLE, ["Identifiant jeune", "Commune de résidence", "QPV", "Date de 1er accueil"]]
    young += [[f"J{i:02d}", "BOURGES", "Non", d] for i, d in enumerate(first_welcomes, 1)]
    sheet = [*TITLE, ["Identifiant jeune", "Date de l'événement", "Type d'événement"]]
    return workbook({"Liste des jeunes": young, "Evenements": [*sheet, *events]})


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("TBE_DATA_DIR", str(tmp_path / "donnees"))
    assert main(["territory", "add", CODE, "--label", "Mission Locale de Bourges",
                 "--communes", BOURGES]) == 0
    return tmp_path


def imported(data_dir, name: str, raw: bytes):
    path = data_dir / name
    path.write_bytes(raw)
    assert main(["import", str(path), "--territory", CODE]) == 0
    from data.store import Store
    return Store(data_dir / "donnees").catalog().imports[-1]


def test_the_labels():
    assert period_label("2025-12", "2025-01/2025-12") == "janvier à décembre 2025"
    assert period_label("2025-12", "2024-02/2025-12") == "février 2024 – décembre 2025"
    assert period_label("2025-12") == "décembre 2025"
    assert period_label("2025-12", None) == "décembre 2025"


def test_a_year_of_contacts_is_labelled_with_its_months(data_dir, capsys):
    # J01 first welcomed in 2019 (still followed), J02 in February 2025; contacts from
    # 10 January to 12 December 2025: « janvier à décembre 2025 », not « septembre 2019 – »
    events = [["J01", "10/01/2025", "Entretien individuel"],
              ["J02", "12/12/2025", "Entretien individuel"]]
    record = imported(data_dir, "imilo_2025.xlsx", extraction(events))
    assert record.period == "2025-12"  # the key re-imports replace by
    assert record.covers == "2025-01/2025-12"
    out = capsys.readouterr().out
    assert "période janvier à décembre 2025" in out
    assert main(["history"]) == 0
    assert "janvier à décembre 2025" in capsys.readouterr().out


def test_two_years_and_the_re_import_of_the_same_period_replaces_it(data_dir, capsys):
    events = [["J01", "20/02/2024", "Entretien individuel"],
              ["J02", "12/12/2025", "Entretien individuel"]]
    first = imported(data_dir, "imilo_2024_2025.xlsx", extraction(events))
    assert first.covers == "2024-02/2025-12"
    assert "février 2024 – décembre 2025" in capsys.readouterr().out
    # the same period (last month December 2025) from March 2024 on: it replaces the first
    events[0][1] = "05/03/2024"
    second = imported(data_dir, "imilo_2024_2025_bis.xlsx", extraction(events))
    assert second.covers == "2024-03/2025-12" and second.replaces == [first.id]


def test_an_extraction_of_one_month_is_that_month(data_dir, capsys):
    # first welcomes of 2019 and of December 2025 only, no contact before December
    events = [["J02", "12/12/2025", "Entretien individuel"]]
    record = imported(data_dir, "imilo_12_2025.xlsx",
                      extraction(events, first_welcomes=("15/09/2019", "01/12/2025")))
    assert record.covers is None
    assert "période décembre 2025" in capsys.readouterr().out
