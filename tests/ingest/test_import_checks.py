"""Three gaps a new user found importing files written by other tools (PLIE, Mission
Locale): the period of an extraction with planned end dates, « QPV : Oui » in a commune
without any quarter, residents outside the territory. Fixtures written by hand, the way
the other tool writes them (title lines, its own header names, dates as Excel serial
numbers or text); expected figures by hand."""

import datetime as dt
import io

import pandas as pd

from ingest.pipeline import commit, prepare
from ingest.report import INFO, WARNING, summary

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


# -- 2. « QPV : Oui » where the commune has no quarter, a quarter of another commune --------
QPV_NONE = "QPV déclaré dans une commune sans quartier prioritaire"
QPV_ELSEWHERE = "Code QPV d'une autre commune"


def plie_with_qpv(rows: list[tuple[str, str, str]]) -> bytes:
    """Participants as (postal code, commune, QPV cell), one title line: the header is
    line 3 of the file, the first participant line 4."""
    df = pd.DataFrame({
        "N° dossier": [f"P-{i}" for i in range(len(rows))],
        "Code postal": [r[0] for r in rows],
        "Ville": [r[1] for r in rows],
        "Résident QPV": [r[2] for r in rows],
        "Date d'entrée": ["02/09/2025"] * len(rows),
    })
    return workbook({"Participants": df}, ["PLIE - participants"])


def test_qpv_yes_in_a_commune_without_quarter_is_a_warning_and_the_line_is_kept(empty_store):
    # Bondues and Wervicq-Sud (MEL) have no QPV, neither of 2015 nor of 2024; Tourcoing has
    raw = plie_with_qpv([("59910", "BONDUES", "Oui"), ("59117", "WERVICQ SUD", "Non"),
                         ("59200", "TOURCOING", "Oui"), ("59910", "BONDUES", "QPV"),
                         ("59117", "WERVICQ SUD", "")])
    p = prepare(empty_store, raw, "plie.xlsx", today=IMPORTED_ON)
    assert not p.errors and p.invalid_rows == 0
    found = [q for q in p.problems if q.rule == QPV_NONE]
    assert [(q.row, q.value, q.severity) for q in found] == [(4, "Oui", WARNING),
                                                              (7, "QPV", WARNING)]
    assert all("Bondues" in q.advice and q.column == "Résident QPV" for q in found)
    commit(empty_store, p)
    # kept as declared: 2 QPV residents in Bondues, 1 in Tourcoing, 5 lines stored; the
    # blank answer in Wervicq-Sud is unknown (neither in a QPV nor out of one)
    got = {c: (q, u) for c, q, u in empty_store.connection().execute(
        "select code_insee, count(*) filter (where qpv_code <> 'inconnu'), "
        "count(*) filter (where qpv_code = 'inconnu') from plie_participants group by 1"
    ).fetchall()}
    assert got == {"59090": (2, 0), "59656": (0, 1), "59599": (1, 0)}


def test_qpv_code_of_another_commune_is_a_warning(empty_store):
    # QN05981M « Nouveau Roubaix » lies in Roubaix only; QN05970M « Pacot - Vandracq » and
    # its 2015 code QP059072 in Lambersart; QN05980M in Croix, Roubaix, Tourcoing, Wattrelos
    raw = plie_with_qpv([("59130", "LAMBERSART", "QN05981M"), ("59130", "LAMBERSART", "QN05970M"),
                         ("59130", "LAMBERSART", "QP059072"), ("59200", "TOURCOING", "QN05980M"),
                         ("59910", "BONDUES", "QN05983M")])
    p = prepare(empty_store, raw, "plie.xlsx", today=IMPORTED_ON)
    assert not p.errors
    found = [q for q in p.problems if q.rule == QPV_ELSEWHERE]
    assert [(q.row, q.value, q.severity) for q in found] == [(4, "QN05981M", WARNING),
                                                              (8, "QN05983M", WARNING)]
    assert "Roubaix" in found[0].advice and "Lambersart" in found[0].advice
    assert "Tourcoing" in found[1].advice and "Bondues" in found[1].advice
    # one message per line: a code of another commune, not also « no quarter » for Bondues
    assert not [q for q in p.problems if q.rule == QPV_NONE]


def test_qpv_yes_outside_the_known_quarters_says_nothing(empty_store):
    # Lens (Pas-de-Calais): the app ships the QPV of the MEL only, it cannot tell
    raw = plie_with_qpv([("62300", "LENS", "Oui")])
    p = prepare(empty_store, raw, "plie.xlsx", today=IMPORTED_ON)
    assert not [q for q in p.problems if q.rule in (QPV_NONE, QPV_ELSEWHERE)]


def test_qpv_code_column_is_the_one_named(empty_store):
    df = pd.DataFrame({"N° dossier": ["P-1"], "Code postal": ["59130"], "Ville": ["LAMBERSART"],
                       "QPV": ["Oui"], "Code QPV": ["QN05981M"], "Date d'entrée": ["02/09/2025"]})
    p = prepare(empty_store, workbook({"Participants": df}, ["PLIE"]), "plie.xlsx",
                today=IMPORTED_ON)
    found = [q for q in p.problems if q.rule == QPV_ELSEWHERE]
    assert [(q.row, q.column, q.value) for q in found] == [(4, "Code QPV", "QN05981M")]


# -- 3. residents outside the territory: kept, and said ---------------------------------------
OUTSIDE = "Personnes domiciliées hors du territoire"


def plie_of(communes: list[tuple[str, str]]) -> bytes:
    """Participants living in (postal code, commune); the first one on line 4."""
    return plie_with_qpv([(cp, name, "") for cp, name in communes])


def test_one_resident_outside_the_territory_is_kept_with_a_warning(empty_store):
    # MNO: Lambersart, La Madeleine, Marcq-en-Barœul are in it; Roubaix is not
    raw = plie_of([("59130", "LAMBERSART"), ("59110", "LA MADELEINE"), ("59100", "ROUBAIX"),
                   ("59700", "MARCQ EN BAROEUL")])
    p = prepare(empty_store, raw, "plie.xlsx", today=IMPORTED_ON)
    assert p.territory == "mno" and not p.errors
    found = [q for q in p.problems if q.rule == OUTSIDE]
    assert len(found) == 1
    q = found[0]
    assert (q.sheet, q.row, q.value, q.severity) == ("Participants", 6, "Roubaix", WARNING)
    assert q.advice == ("1 ligne de personnes domiciliées hors du territoire (Roubaix) : "
                        "conservée, elle ne compte pas dans les tableaux du territoire "
                        "Métropole Nord-Ouest (ALPES).")
    # the report counts one line with a warning
    assert summary(p.problems) == "1 ligne avec avertissement"
    commit(empty_store, p)
    assert empty_store.connection().execute(
        "select count(*) from plie_participants where code_insee = '59512'").fetchone()[0] == 1


def test_residents_outside_a_given_territory_counted_by_commune(empty_store):
    # the manager says MNO; three of five people live elsewhere (lines 5, 6 and 8)
    raw = plie_of([("59130", "LAMBERSART"), ("59100", "ROUBAIX"), ("59000", "LILLE"),
                   ("59130", "LAMBERSART"), ("59100", "ROUBAIX")])
    p = prepare(empty_store, raw, "plie.xlsx", territory="mno", today=IMPORTED_ON)
    found = [q for q in p.problems if q.rule == OUTSIDE]
    assert len(found) == 1
    assert found[0].row == 5 and found[0].value == "Roubaix, Lille"
    assert "3 lignes de personnes domiciliées hors du territoire" in found[0].advice
    assert "(Roubaix : 2, Lille : 1) : conservées, elles ne comptent pas" in found[0].advice
    assert summary(p.problems) == "3 lignes avec avertissement"


def test_no_word_for_residents_of_the_territory_or_of_an_unknown_one(empty_store):
    inside = plie_of([("59130", "LAMBERSART"), ("59110", "LA MADELEINE")])
    p = prepare(empty_store, inside, "plie.xlsx", today=IMPORTED_ON)
    assert p.territory == "mno" and not [q for q in p.problems if q.rule == OUTSIDE]
    # a file of Roubaix only: no territory recognised (« autre »), nothing to compare with
    elsewhere = plie_of([("59100", "ROUBAIX"), ("59100", "ROUBAIX")])
    p = prepare(empty_store, elsewhere, "plie.xlsx", today=IMPORTED_ON)
    assert p.territory == "autre" and not [q for q in p.problems if q.rule == OUTSIDE]


# -- 1b. planned ends imported the day after the extraction are not « in the future » -------
def test_planned_step_end_two_months_ahead_is_kept(empty_store):
    """Imported on 06/01/2026, the day after the extraction: the step planned to end on
    28/02/2026 (53 days ahead) is a valid line; an end in 2062 is still a typing error, and
    so is an exit from the PLIE dated in two months (an exit counts when it happened)."""
    participants = pd.DataFrame({
        "N° dossier": ["P-1", "P-2", "P-3"], "Code postal": ["59130"] * 3,
        "Ville": ["LAMBERSART"] * 3,
        "Date d'entrée": ["03/11/2025", "15/12/2025", "01/12/2025"],
        "Date de sortie": ["", "", "28/02/2026"],
    })
    steps = pd.DataFrame({
        "N° dossier": ["P-1", "P-2"], "Type d'étape": ["Formation", "Emploi"],
        "Date début étape": ["03/11/2025", "05/01/2026"],
        "Date fin étape": ["28/02/2026", "28/02/2062"],
    })
    raw = workbook({"Participants": participants, "Étapes": steps}, ["PLIE"])
    p = prepare(empty_store, raw, "plie.xlsx", today=dt.date(2026, 1, 6))
    assert [(q.sheet, q.row, q.value, q.rule) for q in p.errors] == [
        ("Participants", 6, "28/02/2026", "Date dans le futur"),
        ("Étapes", 5, "28/02/2062", "Date dans le futur"),
    ]
    assert p.period == "2026-01"
    commit(empty_store, p, drop_invalid_rows=True)
    assert empty_store.connection().execute(
        "select end_date from plie_steps").fetchall() == [(dt.date(2026, 2, 28),)]


def test_a_warning_about_columns_is_not_counted_as_a_line(empty_store):
    # every line fine, one unused column: the summary said « 1 ligne avec avertissement »
    raw = (b"Code commune;Mois;Nombre de demandeurs d'emploi;Agence\n"
           b"59328;06/2025;1870;Lambersart\n59636;06/2025;640;Wambrechies\n")
    p = prepare(empty_store, raw, "de.csv")
    assert [q.rule for q in p.problems if q.severity == WARNING] == ["Colonnes non utilisées"]
    assert summary(p.problems) == "1 avertissement sur les colonnes"
