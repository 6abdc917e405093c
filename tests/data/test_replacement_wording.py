"""What a re-import says it replaces, before (the preview) and after (the commit's message,
page and CLI), against what the store then holds.

An events sheet is the year's list: it is replaced per territory and year, whatever
communes it names; clause hours are replaced per territory and month; job seekers per
commune and month. The files are written here as their producers write them (a Maison
de l'Emploi's events sheet with its title line, a clause facilitator's CSV, a monthly
job-seeker table); every count below is counted by hand from these files.
"""

import io

import openpyxl
import pytest

from cli.__main__ import main as cli
from data.store import Store
from ingest.service import Importer
from wording.import_outcome import loss_warnings, preview_lines, replacement_lines

# -- events: 10 of 2025 (4 communes) and 5 of 2024, then a sheet of one 2025 event ------
EVENTS_HEADER = ["Date", "Événement", "Lieu", "Exposants", "Participants", "Entretiens réalisés"]
EVENTS_2025 = [
    ("14/01/2025", "Job dating hôtellerie", "Lambersart", 8, 60, 25),
    ("06/02/2025", "Forum de l'alternance", "Lambersart", 22, 310, 90),
    ("13/03/2025", "Job dating logistique", "Pérenchies", 6, 45, 20),
    ("10/04/2025", "Rencontres emploi senior", "Quesnoy-sur-Deûle", 9, 70, 31),
    ("22/05/2025", "Job dating BTP", "Lambersart", 7, 52, 18),
    ("12/06/2025", "Forum des métiers d'été", "Pérenchies", 15, 220, 64),
    ("18/09/2025", "Job dating services à la personne", "Wambrechies", 5, 38, 15),
    ("09/10/2025", "Salon de l'emploi", "Lambersart", 40, 900, 150),
    ("20/11/2025", "Job dating commerce", "Quesnoy-sur-Deûle", 6, 41, 19),
    ("04/12/2025", "Forum de l'intérim", "Pérenchies", 12, 160, 48),
]
EVENTS_2024 = [
    ("16/05/2024", "Job dating restauration", "Lambersart", 6, 40, 17),
    ("19/06/2024", "Forum de l'emploi d'été", "La Madeleine", 14, 200, 55),
    ("10/10/2024", "Salon de l'emploi", "Lambersart", 38, 850, 140),
    ("14/11/2024", "Job dating industrie", "La Madeleine", 5, 35, 14),
    ("05/12/2024", "Rencontres entreprises", "Verlinghem", 9, 60, 22),
]
ONE_EVENT_2025 = [("26/06/2025", "Job dating transport", "Lambersart", 6, 48, 21)]


def events_sheet(rows, title: str) -> bytes:
    """The sheet as a Maison de l'Emploi keeps it: a title line, an empty line, then the
    table."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Événements"
    sheet.append([title])
    sheet.append([])
    sheet.append(EVENTS_HEADER)
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# -- clause hours: January to June 2025 for three communes' residents, then a ------------
# facilitator's file of Lambersart's residents for January to March only
CLAUSES_HEADER = "N° salarié;Opération;Commune de l'opération;Commune de résidence;Mois;Heures réalisées"
MONTHS = ["janv.-25", "févr.-25", "mars-25", "avr.-25", "mai-25", "juin-25"]
# per month: Lambersart 100 h, Wambrechies 50 h, Pérenchies 30,5 h → 180,5 h a month;
# January to March: 3 × 180,5 = 541,5 h in 9 lines; April to June stay
HOURS = [("S01", "Lambersart", "100,00"), ("S02", "Wambrechies", "50,00"),
         ("S03", "Pérenchies", "30,50")]
# Lambersart's residents only, 120 h a month: 3 × 120 = 360 h in 3 lines
LAMBERSART_Q1 = [("S01", "Lambersart", "120,00")]


def clauses_file(hours, months) -> bytes:
    lines = ["Suivi des heures d'insertion - clauses sociales (facilitateur MDE)", "",
             CLAUSES_HEADER]
    lines += [f"{who};Réhabilitation groupe scolaire;Lambersart;{commune};{month};{h}"
              for month in months for who, commune, h in hours]
    return ("\n".join(lines) + "\n").encode("cp1252")


# -- job seekers: September 2025 for four communes, then a file of two of them -----------
DE_HEADER = "Code commune;Commune;Mois;Demandeurs d'emploi ABC"
DE_FOUR = ["59368;La Madeleine;2025-09;1230", "59328;Lambersart;2025-09;1670",
           "59356;Lompret;2025-09;88", "59636;Wambrechies;2025-09;650"]
DE_TWO = ["59328;Lambersart;2025-09;1700", "59356;Lompret;2025-09;90"]


def de_file(rows) -> bytes:
    return ("\n".join([DE_HEADER, *rows]) + "\n").encode("utf-8")


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("TBE_DATA_DIR", str(tmp_path / "store"))
    return tmp_path / "store"


def imported(store: Store, name: str, raw: bytes, **kw):
    importer = Importer(store, user="marie")
    outcome = importer.commit(importer.check(name, raw, territory="mno", **kw))
    assert outcome.refused is None, outcome.refused
    return outcome


def preview(store: Store, name: str, raw: bytes, **kw):
    check = Importer(store, user="marie").check(name, raw, territory="mno", preview=True, **kw)
    assert check.prepared is not None, check.refused
    lines = preview_lines(check.replaces, check.overrides, check.prepared.period,
                          store.catalog(), check.kept, check.replaced_rows)
    return lines, loss_warnings(check.replaced_rows)


def events_by_year(store: Store) -> list[tuple]:
    return store.connection().execute(
        "select year(event_date), count(*) from mde_events group by 1 order by 1").fetchall()


def test_one_event_of_2025_says_it_replaces_the_ten_of_2025_and_keeps_2024(data_dir):
    store = Store(data_dir)
    first = imported(store, "evenements_2024_2025.xlsx",
                     events_sheet(EVENTS_2024 + EVENTS_2025, "Événements emploi 2024-2025"))
    assert events_by_year(store) == [(2024, 5), (2025, 10)]
    raw = events_sheet(ONE_EVENT_2025, "Événements emploi 2025")

    lines, warnings = preview(store, "job_dating_transport.xlsx", raw)
    n = first.record.id
    assert lines == [
        f"**Cet import remplacera une partie de l'import n° {n}** : son événement de 2025 "
        f"remplacera les 10 événements de 2025 de l'import n° {n}, de toutes les communes ; "
        "ceux de 2024 (5 événements) resteront actifs."]
    assert warnings == [
        "**Attention : ce fichier ne contient qu'un événement de 2025, mais il remplacera les "
        f"10 événements de 2025 de l'import n° {n}, de toutes les communes.** Un fichier "
        "d'événements est la liste complète de l'année : pour en ajouter, n'importez pas ce "
        "fichier seul ; mettez dans un même fichier tous les événements de 2025 (ceux déjà "
        "importés et les nouveaux), puis importez-le."]

    outcome = imported(store, "job_dating_transport.xlsx", raw)
    new = outcome.record.id
    said = replacement_lines(outcome.record, outcome.catalog)
    assert said[0] == (f"Son événement de 2025 remplace les 10 événements de 2025 de l'import "
                       f"n° {n}, de toutes les communes ; ceux de 2024 (5 événements) restent "
                       "actifs.")
    assert said[-1].startswith(
        "**Attention : cet import ne contenait qu'un événement de 2025, mais il a remplacé les "
        f"10 événements de 2025 de l'import n° {n}, de toutes les communes.** S'il devait en "
        f"ajouter, annulez-le (page Historique ou python -m cli rollback {new})")
    assert not [line for line in said if "pour le reste" in line or "communes et les" in line]
    # what was said is what the store holds
    assert events_by_year(store) == [(2024, 5), (2025, 1)]


def test_the_cli_prints_the_replaced_events_and_the_warning(data_dir, tmp_path, capsys):
    year = tmp_path / "evenements_2024_2025.xlsx"
    year.write_bytes(events_sheet(EVENTS_2024 + EVENTS_2025, "Événements emploi 2024-2025"))
    one = tmp_path / "job_dating_transport.xlsx"
    one.write_bytes(events_sheet(ONE_EVENT_2025, "Événements emploi 2025"))
    assert cli(["import", str(year), "--territory", "mno"]) == 0
    capsys.readouterr()
    assert cli(["import", str(one), "--territory", "mno"]) == 0
    out = capsys.readouterr().out
    assert ("Son événement de 2025 remplace les 10 événements de 2025 de l'import n° 1, de "
            "toutes les communes ; ceux de 2024 (5 événements) restent actifs.") in out
    assert ("\n[AVERTISSEMENT] Attention : cet import ne contenait qu'un événement de 2025, "
            "mais il a remplacé les 10 événements de 2025 de l'import n° 1") in out
    assert "pour le reste" not in out and "**" not in out


def test_a_whole_year_brought_again_warns_of_nothing(data_dir):
    """The year's list again, one event corrected: 10 events replace 10, no warning."""
    store = Store(data_dir)
    imported(store, "evenements_2024_2025.xlsx",
             events_sheet(EVENTS_2024 + EVENTS_2025, "Événements emploi 2024-2025"))
    corrected = [EVENTS_2025[0][:4] + (61, 25), *EVENTS_2025[1:]]
    lines, warnings = preview(store, "evenements_2025.xlsx",
                              events_sheet(corrected, "Événements emploi 2025"))
    assert lines == [
        "**Cet import remplacera une partie de l'import n° 1** : ses 10 événements de 2025 "
        "remplaceront les 10 événements de 2025 de l'import n° 1, de toutes les communes ; "
        "ceux de 2024 (5 événements) resteront actifs."]
    assert warnings == []


def test_clause_hours_of_one_commune_say_they_replace_every_communes_hours(data_dir):
    store = Store(data_dir)
    first = imported(store, "heures_2025_s1.csv", clauses_file(HOURS, MONTHS), source="clauses")
    n = first.record.id
    raw = clauses_file(LAMBERSART_Q1, MONTHS[:3])
    lines, warnings = preview(store, "heures_lambersart_t1.csv", raw, source="clauses")
    assert lines == [
        f"**Cet import remplacera une partie de l'import n° {n}** : ses heures de janvier à "
        "mars 2025 (360 heures) remplaceront les heures de janvier à mars 2025 de toutes les "
        f"communes de l'import n° {n} (541,50 heures) ; celles d'avril à juin 2025 resteront "
        "actives."]
    assert len(warnings) == 1 and warnings[0].startswith(
        "**Attention : ce fichier ne contient que 360 heures de janvier à mars 2025, mais il "
        f"remplacera les 541,50 heures de ces mois de l'import n° {n}, de toutes les communes.**")

    outcome = imported(store, "heures_lambersart_t1.csv", raw, source="clauses")
    said = replacement_lines(outcome.record, outcome.catalog)
    assert said[0] == ("Ses heures de janvier à mars 2025 (360 heures) remplacent les heures "
                       "de janvier à mars 2025 de toutes les communes de l'import n° "
                       f"{n} (541,50 heures) ; celles d'avril à juin 2025 restent actives.")
    assert said[-1].startswith("**Attention : cet import ne contenait que 360 heures")
    # what was said is what the store holds: Wambrechies and Pérenchies' first quarter gone
    held = store.connection().execute(
        "select resident_insee, sum(hours) from clause_hours where month < '2025-04-01' "
        "group by 1").fetchall()
    assert [(c, float(h)) for c, h in held] == [("59328", 360.0)]


def test_job_seekers_of_two_communes_keep_the_communes_and_months_wording(data_dir):
    store = Store(data_dir)
    first = imported(store, "de_septembre.csv", de_file(DE_FOUR))
    n = first.record.id
    lines, warnings = preview(store, "de_septembre_correction.csv", de_file(DE_TWO))
    assert lines == [
        f"**Cet import remplacera une partie de l'import n° {n}** : pour les communes et les "
        "mois qu'il contient (2 communes, septembre 2025), ses valeurs prendront la place des "
        f"siennes ; le reste de l'import n° {n} restera actif."]
    assert warnings == []
    outcome = imported(store, "de_septembre_correction.csv", de_file(DE_TWO))
    assert replacement_lines(outcome.record, outcome.catalog) == [
        "Pour les communes et les mois qu'il contient (2 communes, septembre 2025), ses "
        f"valeurs remplacent celles de l'import n° {n} ; pour le reste, celui-ci reste actif."]
    # La Madeleine and Wambrechies kept: 1230 + 650 + 1700 + 90
    total = store.connection().execute(
        "select sum(count) from job_seekers where month = '2025-09-01' "
        "and coalesce(category, 'ABC') = 'ABC' and coalesce(sex, 'total') = 'total' "
        "and coalesce(age_band, 'total') = 'total' "
        "and coalesce(duration_band, 'total') = 'total'").fetchone()[0]
    assert total == 3670
