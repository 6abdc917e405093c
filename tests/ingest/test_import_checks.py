"""Three gaps a new user found importing files written by other tools (PLIE, Mission
Locale): the period of an extraction with planned end dates, « QPV : Oui » in a commune
without any quarter, residents outside the territory. Fixtures written by hand, the way
the other tool writes them (title lines, its own header names, dates as Excel serial
numbers or text); expected figures by hand."""

import datetime as dt
import io

import pandas as pd

from ingest.pipeline import commit, prepare
from ingest.report import INFO

# Excel serial numbers, by hand: 45658 is 1 January 2025 (epoch 30/12/1899).
SERIAL_2025_11_03 = 45658 + 306  # Jan 1 + (31+28+31+30+31+30+31+31+30+31) + 2 days
SERIAL_2025_12_15 = 45658 + 348  # + 334 (January to November) + 14
SERIAL_2026_01_05 = 45658 + 365 + 4
IMPORTED_ON = dt.date(2026, 1, 20)  # the extraction of 05/01/2026 imported two weeks later


def workbook(sheets: dict[str, pd.DataFrame], titles: list[str]) -> bytes:
    """Sheets as a tracking tool writes them: title lines, a blank line, the table."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="xlsxwriter") as w:
        for name, df in sheets.items():
            df.to_excel(w, sheet_name=name, index=False, startrow=len(titles) + 1)
            for i, t in enumerate(titles):
                w.sheets[name].write(i, 0, t)
    return buf.getvalue()


def ml_extraction() -> bytes:
    """A Mission Locale extraction made on 05/01/2026: last first welcome 15/12/2025 (an
    Excel serial), last programme start 05/01/2026 (text), and programme ends planned for
    15/02/2026 and 10/02/2026."""
    young = pd.DataFrame({
        "idJeune": ["J-001", "J-002", "J-003"],
        "Civilité": ["Mme", "M.", "Mme"],
        "Code postal": ["59130", "59130", "59110"],
        "Ville de résidence": ["LAMBERSART", "LAMBERSART", "LA MADELEINE"],
        "Date 1er accueil": [SERIAL_2025_11_03, SERIAL_2025_12_15, SERIAL_2025_11_03],
    })
    programmes = pd.DataFrame({
        "idJeune": ["J-001", "J-002", "J-003"],
        "Type d'accompagnement": ["CEJ", "PACEA", "CEJ"],
        "Date d'entrée dans le dispositif": ["12/12/2025", "05/01/2026", "20/11/2025"],
        "Date de fin": ["15/02/2026", "", "10/02/2026"],
    })
    return workbook({"Jeunes": young, "Dispositifs": programmes},
                    ["Mission Locale - extraction", "Extraction du 05/01/2026"])


def plie_extraction() -> bytes:
    """A PLIE extraction made on 05/01/2026: last entry 15/12/2025 (Excel serial), last
    step start 05/01/2026 (Excel serial), a step planned to end on 13/02/2026 (text)."""
    participants = pd.DataFrame({
        "N° dossier": ["P-1", "P-2"],
        "Code postal": ["59130", "59130"],
        "Ville": ["LAMBERSART", "LAMBERSART"],
        "Date d'entrée dans le dispositif": [SERIAL_2025_11_03, SERIAL_2025_12_15],
    })
    steps = pd.DataFrame({
        "N° dossier": ["P-1", "P-2"],
        "Type d'étape": ["Formation", "Emploi"],
        "Date début étape": [SERIAL_2025_11_03, SERIAL_2026_01_05],
        "Date fin étape": ["13/02/2026", "31/01/2026"],
    })
    return workbook({"Participants": participants, "Étapes": steps},
                    ["PLIE - Extraction du 05/01/2026"])


# -- 1. the period of an extraction comes from what happened, not from planned ends ---------
def test_serials_by_hand():
    assert dt.date(1899, 12, 30) + dt.timedelta(days=SERIAL_2025_12_15) == dt.date(2025, 12, 15)
    assert dt.date(1899, 12, 30) + dt.timedelta(days=SERIAL_2025_11_03) == dt.date(2025, 11, 3)
    assert dt.date(1899, 12, 30) + dt.timedelta(days=SERIAL_2026_01_05) == dt.date(2026, 1, 5)


def test_ml_period_ignores_planned_programme_ends(empty_store):
    p = prepare(empty_store, ml_extraction(), "extraction_ml.xlsx", today=IMPORTED_ON)
    assert p.source == "ml"
    assert not p.errors, [pp.advice for pp in p.errors]
    # by hand: the latest date of something that happened is the start of 05/01/2026;
    # the ends of 10/02 and 15/02/2026 are planned
    assert p.period == "2026-01"
    note = [q for q in p.problems if q.rule == "Période déduite des dates du fichier"]
    assert len(note) == 1 and note[0].severity == INFO
    assert "janvier 2026" in note[0].advice and "15 février 2026" in note[0].advice
    # the planned ends are stored as they are
    commit(empty_store, p)
    ends = empty_store.connection().execute(
        "select max(end_date) from ml_programmes").fetchone()[0]
    assert ends == dt.date(2026, 2, 15)


def test_plie_period_ignores_planned_step_ends(empty_store):
    p = prepare(empty_store, plie_extraction(), "plie.xlsx", today=IMPORTED_ON)
    assert p.source == "plie"
    assert not p.errors, [pp.advice for pp in p.errors]
    assert p.period == "2026-01"  # the step started on 05/01/2026, not its end of 13/02


def test_no_period_note_when_ends_stay_within_the_month(empty_store):
    young = pd.DataFrame({
        "idJeune": ["J-1"], "Code postal": ["59130"], "Ville": ["LAMBERSART"],
        "Date 1er accueil": ["02/12/2025"]})
    programmes = pd.DataFrame({
        "idJeune": ["J-1"], "Type d'accompagnement": ["CEJ"],
        "Date d'entrée dans le dispositif": ["03/12/2025"], "Date de fin": ["29/12/2025"]})
    p = prepare(empty_store, workbook({"Jeunes": young, "Dispositifs": programmes}, ["ML"]),
                "ml.xlsx", today=IMPORTED_ON)
    assert p.period == "2025-12"
    assert not [q for q in p.problems if q.rule == "Période déduite des dates du fichier"]
