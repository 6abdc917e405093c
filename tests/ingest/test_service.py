"""`ingest.service.Importer`, the import path the CLI and the import page share, used directly.

Files are a few lines written here; every expected figure is worked out by hand from the
lines below, never read back from the importer.
"""

import pandas as pd
import pytest

import settings
from data import audit, mappings
from data.store import Store
from ingest.service import CHECKED_AGAIN, RECOGNISED_WITH_SAVED, Importer, size_refusal
from ingest.vocab import UnknownValues


@pytest.fixture
def store(tmp_path, monkeypatch) -> Store:
    monkeypatch.setenv("TBE_DATA_DIR", str(tmp_path / "store"))
    return Store(tmp_path / "store")


def imports(store: Store) -> list[tuple]:
    return [(r.id, r.status, r.source, r.territory, r.period, r.rows_stored)
            for r in store.catalog().imports]


def audited(store: Store) -> list[str]:
    return [e["action"] for e in audit.entries(store.data_dir)]


# A France Travail statistics export: a title line, `Mois` then a column per month, the
# commune's name and code in one cell, a space between thousands, a département line.
FRANCE_TRAVAIL = (
    "Demandeurs d'emploi inscrits à France Travail en fin de mois - catégories A, B, C\r\n"
    "Mois;janvier 2025;février 2025\r\n"
    "Lambersart 59328;1 200;1 210\r\n"
    "Marcq-en-Barœul 59378;2 100;2 080\r\n"
    "Nord 59;245 000;245 100\r\n"
).encode("cp1252")


def test_a_france_travail_export_with_a_title_line_is_checked_then_stored(store):
    steps = []
    importer = Importer(store, user="test")
    check = importer.check("defm_2025.csv", FRANCE_TRAVAIL,
                           progress=lambda step, seconds: steps.append((step, seconds is None)))
    assert check.refused is None and check.already is None
    p = check.prepared
    assert (p.source, p.territory, p.period) == ("de_commune", "mno", "2025-02")
    # 2 communes read; the Nord's line is a total, left out with its reason
    assert (p.rows_read, p.invalid_rows, p.excluded) == (2, 0, {"département": 1})
    assert [s for s, started in steps if started] == ["lecture", "reconnaissance", "contrôle"]
    assert store.catalog().imports == []  # checking writes nothing

    outcome = importer.commit(check)
    assert outcome.refused is None and not outcome.already
    # 2 communes × 2 months
    assert imports(store) == [(1, "active", "de_commune", "mno", "2025-02", 4)]
    assert outcome.record.id == 1 and outcome.record.user == "test"
    assert outcome.catalog.get(1).status == "active"
    assert audited(store) == ["import"]  # one audit line, written by the store
    assert not outcome.saved and mappings.load_all(store) == {}  # the user gave none
    by_month = store.connection().execute(
        "select strftime(month, '%Y-%m'), sum(count) from job_seekers group by 1 order by 1").fetchall()
    assert by_month == [("2025-01", 1200 + 2100), ("2025-02", 1210 + 2080)]


def test_a_file_over_the_size_limit_is_refused_unread(store, monkeypatch):
    monkeypatch.setattr(settings, "MAX_UPLOAD_BYTES", 1024 * 1024)
    assert size_refusal("gros.csv", 1024 * 1024) is None  # the limit itself is allowed
    message = "le fichier « gros.csv » dépasse la taille maximale de 1 Mo."
    assert size_refusal("gros.csv", 1024 * 1024 + 1) == message
    steps = []
    raw = FRANCE_TRAVAIL + b" " * (1024 * 1024 + 1 - len(FRANCE_TRAVAIL))
    importer = Importer(store)
    check = importer.check("gros.csv", raw, progress=lambda *step: steps.append(step))
    assert (check.prepared, check.refused, steps) == (None, message, [])  # never read
    outcome = importer.commit(check)
    assert (outcome.record, outcome.refused) == (None, message)
    assert store.catalog().imports == [] and audited(store) == []


EVENTS = "Date;Événement;Commune;Exposants;Participants;Rdv\n12/03/2025;Job dating;Lambersart;4;40;12\n"


def test_an_unknown_header_is_given_as_data_then_mapped_and_remembered(store):
    importer = Importer(store, user="test")
    check = importer.check("evenements.csv", EVENTS.encode(), selectors=True)
    p = check.prepared
    assert p.source == "mde_events" and not p.errors  # an unused column does not block
    assert "Colonnes non utilisées" in {q.rule for q in p.problems}
    # what the page needs for a selector: the header nothing reads yet
    (_, match), = check.matches
    assert "Rdv" in match.headers and "interviews" not in match.columns

    mapped = importer.check("evenements.csv", EVENTS.encode(), columns={"Rdv": "interviews"})
    assert "Colonnes non utilisées" not in {q.rule for q in mapped.prepared.problems}
    assert mapped.mapping == {"Rdv": "interviews"} and mapped.unknown_fields == []
    outcome = importer.commit(mapped)
    assert outcome.saved and mappings.load(store, "mde_events") == {"Rdv": "interviews"}
    stored = pd.read_parquet(store.data_dir / outcome.record.tables["mde_events"])
    assert stored[["participants", "interviews"]].values.tolist() == [[40, 12]]

    # next month, no mapping given: the saved one applies, after a second check
    notes = []
    again = importer.check("avril.csv", EVENTS.replace(";12\n", ";15\n").encode(), note=notes.append)
    assert again.mapping == {"Rdv": "interviews"}
    assert notes == again.notes == [CHECKED_AGAIN.format(source="mde_events")]
    assert "Colonnes non utilisées" not in {q.rule for q in again.prepared.problems}
    # a field the source does not have is given back, for the CLI to refuse
    wrong = importer.check("evenements.csv", EVENTS.encode(), columns={"Rdv": "sex"})
    assert wrong.unknown_fields == ["sex"]


def test_a_missing_required_column_is_refused_then_recognised_with_the_saved_mapping(store):
    raw = EVENTS.replace("Date;", "Quand;").encode()
    importer = Importer(store)
    refused = importer.check("evenements.csv", raw, source="mde_events", selectors=True)
    assert refused.prepared is None and "colonnes obligatoires" in refused.refused
    (_, match), = refused.matches  # selectors even for a refused file
    assert "event_date" in refused.suggestions[(refused.matches[0][0], "Quand")]
    assert "event_date" in match.missing_required

    mappings.save(store, "mde_events", {"Quand": "event_date"})
    check = importer.check("evenements.csv", raw)  # no source given: tried with saved mappings
    assert check.refused is None and check.prepared.source == "mde_events"
    assert check.notes == [RECOGNISED_WITH_SAVED.format(source="mde_events")]
    # a header the user sets aside is no longer read with its saved mapping
    aside = importer.check("evenements.csv", raw, source="mde_events", columns={"Quand": ""})
    assert aside.prepared is None and "Quand" not in aside.mapping


PLIE = ("N° dossier;Civilité;Code postal;Commune;Date d'entrée\n"
        "P001;Hme;59130;LAMBERSART;03/02/2025\n"
        "P002;Fme;59700;MARCQ EN BAROEUL;10/03/2025\n"
        "P003;Hme;59130;LAMBERSART;14/04/2025\n")


def test_unknown_values_are_given_as_data_then_mapped_and_saved_as_stored_values(store):
    importer = Importer(store)
    check = importer.check("plie.csv", PLIE.encode(), source="plie")
    (unknown,) = [q for q in check.prepared.problems if isinstance(q, UnknownValues)]
    assert unknown.field == "sex"
    assert [(value, lines) for value, lines, _ in unknown.values] == [("Hme", 2), ("Fme", 1)]
    assert check.prepared.invalid_rows == 3

    mapped = importer.check("plie.csv", PLIE.encode(), source="plie",
                            values={"Civilité": {"Hme": "H", "Fme": "femme"}})
    assert mapped.prepared.invalid_rows == 0 and mapped.unused_values == []
    importer.commit(mapped)
    # saved by field, as the stored value (« femme » is F)
    assert mappings.load_values(store, "plie") == {"sex": {"Hme": "H", "Fme": "F"}}
    sexes = store.connection().execute(
        "select sex, count(*) from plie_participants group by 1 order by 1").fetchall()
    assert sexes == [("F", 1), ("H", 2)]
    unused = importer.check("plie.csv", PLIE.encode(), source="plie", values={"Genre": {"Hme": "H"}})
    assert unused.unused_values == ["Genre"]


def test_the_same_file_again_is_already_imported_and_stores_nothing(store):
    importer = Importer(store)
    first = importer.commit(importer.check("defm_2025.csv", FRANCE_TRAVAIL))
    assert first.record.id == 1 and not first.already
    check = importer.check("copie.csv", FRANCE_TRAVAIL)  # same content, another name
    assert check.already is not None and check.already.id == 1
    files = sorted(p.relative_to(store.data_dir) for p in store.imports_dir.rglob("*"))
    outcome = importer.commit(check)
    assert outcome.already and outcome.record.id == 1 and outcome.refused is None
    assert imports(store) == [(1, "active", "de_commune", "mno", "2025-02", 4)]
    assert sorted(p.relative_to(store.data_dir) for p in store.imports_dir.rglob("*")) == files
    assert audited(store) == ["import"]  # no second line

    # a mapping given with it is saved all the same (the CLI says how to re-import)
    given = importer.check("copie.csv", FRANCE_TRAVAIL, columns={"Libellé": ""})
    assert importer.commit(given).saved


def test_a_file_with_errors_commits_nothing_and_leaves_the_store_as_it_was(store):
    importer = Importer(store)
    importer.commit(importer.check("defm_2025.csv", FRANCE_TRAVAIL))
    before = (imports(store), sorted(store.data_dir.rglob("*")), audited(store))
    bad = EVENTS + "13/03/2025;Forum;Lambersart;x;50;3\n"  # « x » exhibitors: line 3 invalid
    check = importer.check("evenements.csv", bad.encode(), columns={"Rdv": "interviews"})
    assert (check.prepared.rows_read, check.prepared.invalid_rows) == (2, 1)
    outcome = importer.commit(check)
    assert outcome.record is None
    assert outcome.refused.startswith("Import refusé : 1 ligne(s) invalide(s) sur 2.")
    # nothing stored, no audit line, and the mapping given is not saved either
    assert (imports(store), sorted(store.data_dir.rglob("*")), audited(store)) == before
    assert mappings.load_all(store) == {}

    kept = importer.commit(check, drop_invalid_rows=True)  # the manager's choice
    assert (kept.record.rows_read, kept.record.rows_stored, kept.record.rows_rejected) == (2, 1, 1)
    assert kept.record.dropped_invalid_rows and kept.saved


def _plie_workbook(entry_header: str) -> bytes:
    """A tracking software's PLIE extraction: a participants sheet and a steps sheet."""
    import io

    participants = pd.DataFrame({
        "N° dossier": ["P001", "P002", "P003"],
        "Commune": ["LAMBERSART", "MARCQ EN BAROEUL", "LAMBERSART"],
        "Code postal": ["59130", "59700", "59130"],
        entry_header: ["03/02/2025", "10/03/2025", "14/04/2025"],
    })
    steps = pd.DataFrame({"N° dossier": ["P001", "P002"],
                          "Famille d'étape": ["Emploi", "Formation"],
                          "Date de début": ["05/03/2025", "01/04/2025"]})
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="xlsxwriter") as w:
        participants.to_excel(w, sheet_name="Participants", index=False)
        steps.to_excel(w, sheet_name="Étapes", index=False)
    return buf.getvalue()


def test_a_sheet_without_a_required_column_blocks_even_the_import_without_invalid_lines(store):
    # « Début d'accompagnement » is no known name of the entry date: the participants sheet
    # cannot be read. Importing « without the invalid lines » would store the 2 steps and
    # drop the 3 participants without a word: refused, nothing stored.
    importer = Importer(store)
    check = importer.check("suivi_plie.xlsx", _plie_workbook("Début d'accompagnement"),
                           source="plie", territory="mno", period="2025-04")
    p = check.prepared
    assert p.unusable_sheets == ["Participants"]
    assert p.rows_read == 2 and p.invalid_rows == 0  # the steps alone
    outcome = importer.commit(check, drop_invalid_rows=True)
    assert outcome.refused and "« Participants »" in outcome.refused
    assert "Rien n'a été enregistré" in outcome.refused
    assert imports(store) == []
    # with the column mapped, both sheets go in: 3 participants, 2 steps (counted by hand)
    mapped = importer.check("suivi_plie.xlsx", _plie_workbook("Début d'accompagnement"),
                            source="plie", territory="mno", period="2025-04",
                            columns={"Début d'accompagnement": "entry_date"})
    assert mapped.prepared.unusable_sheets == []
    done = importer.commit(mapped)
    assert done.refused is None
    con = store.connection()
    assert con.execute("select count(*) from plie_participants").fetchone()[0] == 3
    assert con.execute("select count(*) from plie_steps").fetchone()[0] == 2


def test_a_plie_entry_date_named_as_in_the_mission_locale_is_recognised(store):
    # « Date d'entrée dans le dispositif »: how a tracking software may name a PLIE entry
    importer = Importer(store)
    check = importer.check("suivi_plie.xlsx", _plie_workbook("Date d'entrée dans le dispositif"),
                           territory="mno", period="2025-04")
    assert check.prepared.source == "plie" and check.prepared.unusable_sheets == []
    assert importer.commit(check).refused is None
    assert store.connection().execute(
        "select count(*) from plie_participants").fetchone()[0] == 3
