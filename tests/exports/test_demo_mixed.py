"""Demonstration data still counting beside real imports is said in the exports, and can be
withdrawn from the command line; the real imports stay."""

import io

from openpyxl import load_workbook

from cli.__main__ import main as cli_main
from exports import content, excel
from ingest.pipeline import commit, prepare
from wording import texts

EVENTS = "Date;Événement;Commune;Exposants;Participants\n12/03/2025;Job dating;Lambersart;4;40\n"
JOB_SEEKERS = "Code commune;Mois;Nombre de demandeurs\n59328;2025-09;1500\n59636;2025-09;800\n"


def mixed(store):
    commit(store, prepare(store, JOB_SEEKERS.encode(), "demo_de.csv"), user="demo")
    commit(store, prepare(store, EVENTS.encode(), "evenements.csv"), user="gestionnaire")
    return store


def test_the_workbook_says_which_figures_are_demo(empty_store):
    store = mixed(empty_store)
    records = store.catalog().imports
    note = content.demo_note(records, "mno")
    assert note == texts.EXPORT_DEMO_MIXED.format(
        sources="Métropole Nord-Ouest (ALPES) : demandeurs d'emploi")
    lines = content.source_lines(records, "mno")
    assert [line.endswith(texts.EXPORT_SOURCE_DEMO_MARK) for line in lines[:2]] == [True, False]
    raw = excel.build_workbook(store.connection(), "mno", 2025, role="elu", sources=records)
    cells = [c for row in load_workbook(io.BytesIO(raw)).worksheets[0].iter_rows(values_only=True)
             for c in row if c]
    assert note in cells
    # real data only: nothing said
    store.withdraw_demo()
    assert content.demo_note(store.catalog().imports, "mno") is None


def test_the_cli_withdraws_the_demo(empty_store, monkeypatch, capsys):
    store = mixed(empty_store)
    monkeypatch.setenv("TBE_DATA_DIR", str(store.data_dir))
    assert cli_main(["demo", "--remove"]) == 0
    assert "imports n° 1" in capsys.readouterr().out
    assert [r.status for r in store.catalog().imports] == ["rolled_back", "active"]
    assert cli_main(["demo", "--remove"]) == 0
    assert "Aucune donnée de démonstration" in capsys.readouterr().out
