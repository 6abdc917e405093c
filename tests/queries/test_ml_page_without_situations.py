"""The Mission Locale page, with an i-milo extraction without its « Situations » sheet:
the CEJ young people's professional solutions read « non disponible », as the key figures
do (tests/queries/test_ml_without_situations.py), never « 0 » young people with a solution
and « 0,0 % » in the programmes chart, the shares chart and the communes' table (found
with the Mission Locale of Bourges, Cher, whose extraction had young people, programmes,
contacts and aid, no situations). Fixture written as i-milo writes it; figures by hand."""

import math

import pytest

from cli.__main__ import main
from data.store import Store
from queries import dashboards, masking
from tests.workbooks import workbook

CODE = "ml-bourges"
BOURGES, TROUY = "18033", "18267"
TITLE = [["Mission Locale de l'agglomération de Bourges"], ["Extraction i-milo"], []]


def extraction(with_situations: bool) -> bytes:
    young = [*TITLE, ["Identifiant jeune", "Commune de résidence", "QPV", "Date de 1er accueil"]]
    young += [[f"J{i:02d}", "BOURGES" if i <= 10 else "TROUY", "Non", "06/01/2025"]
              for i in range(1, 13)]
    # 12 CEJ entries in 2025
    programmes = [*TITLE, ["Identifiant jeune", "Dispositif", "Date d'entrée", "Date de sortie"]]
    programmes += [[f"J{i:02d}", "CEJ", "03/02/2025", None] for i in range(1, 13)]
    events = [*TITLE, ["Identifiant jeune", "Date de l'événement", "Type d'événement"]]
    events += [[f"J{i:02d}", "10/03/2025", "Entretien individuel"] for i in range(1, 13)]
    sheets = {"Liste des jeunes": young, "Dispositifs": programmes, "Evenements": events}
    if with_situations:
        # J01-J03 start a job during their CEJ: 3 of the 12 young people, 25,0 %
        situations = [*TITLE, ["Identifiant jeune", "Situation", "Date de début"]]
        situations += [[f"J{i:02d}", "Emploi", "01/06/2025"] for i in (1, 2, 3)]
        sheets["Situations"] = situations
    return workbook(sheets)


def imported(tmp_path, monkeypatch, with_situations: bool) -> Store:
    monkeypatch.setenv("TBE_DATA_DIR", str(tmp_path / "donnees"))
    assert main(["territory", "add", CODE, "--label", "Mission Locale de Bourges",
                 "--communes", BOURGES, TROUY]) == 0
    path = tmp_path / "Extraction_imilo.xlsx"
    path.write_bytes(extraction(with_situations))
    assert main(["import", str(path), "--territory", CODE]) == 0
    return Store(tmp_path / "donnees")


def ml_table(store):
    return dashboards.ml_page(store.connection(), CODE, (BOURGES, TROUY), 2025, None,
                              audience="gestionnaire")


def test_without_situations_the_solutions_are_not_available(tmp_path, monkeypatch, capsys):
    store = imported(tmp_path, monkeypatch, with_situations=False)
    data = ml_table(store)
    table = data["table"]
    assert table.at["cej_entrees", "value"] == 12
    assert math.isnan(table.at["cej_jeunes_solution", "value"])
    assert math.isnan(table.at["cej_jeunes_solution", "measure"])
    assert math.isnan(table.at["cej_mesures", "value"])
    cej = data["programmes"].set_index("programme").loc["CEJ"]
    assert math.isnan(cej["solution"])
    shares = data["shares"].set_index("indicator")
    assert math.isnan(shares.at["cej_jeunes_solution", "measure"])
    by_commune = data["by_commune"].set_index("code_insee", drop=False)
    assert by_commune["cej_jeunes_solution"].isna().all()
    # the key figures say the same
    kf = masking.key_figures(store.connection(), CODE, 2025, audience="gestionnaire")
    assert math.isnan(kf.set_index("indicator").at["cej_jeunes_solution", "value"])


def test_with_situations_the_solutions_are_counted(tmp_path, monkeypatch, capsys):
    store = imported(tmp_path, monkeypatch, with_situations=True)
    table = ml_table(store)["table"]
    assert table.at["cej_jeunes_solution", "value"] == 3
    assert table.at["cej_jeunes_solution", "measure"] == pytest.approx(0.25)
