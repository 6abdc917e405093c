"""The workbook of a Mission Locale holds its figures per commune, as the page's table
does: the Mission Locale of Bourges (Cher) exported a workbook whose only per-commune
sheets were the PLIE's and the job seekers', both empty. i-milo-like extraction written
as that tool writes it; figures by hand."""

import openpyxl
import pytest

from cli.__main__ import main
from tests.workbooks import defined_and_imported, workbook
from wording import texts

CODE = "ml-bourges"
BOURGES, TROUY, SUBDRAY = "18033", "18267", "18255"
TITLE = [["Mission Locale de l'agglomération de Bourges"], ["Extraction i-milo"], []]


def extraction() -> bytes:
    # Bourges: J01-J14 (14 first welcomes in 2025, J01-J12 in Bourges Nord); Trouy: J15-J16;
    # Le Subdray: J17 (welcomed in 2024)
    young = [*TITLE, ["Identifiant jeune", "Commune de résidence", "QPV", "Date de 1er accueil"]]
    for i in range(1, 18):
        commune = "BOURGES" if i <= 14 else "TROUY" if i <= 16 else "LE SUBDRAY"
        qpv = "Bourges Nord" if i <= 12 else "Non"
        young.append([f"J{i:02d}", commune, qpv, "12/11/2024" if i == 17 else "06/01/2025"])
    # CEJ entries in 2025: J01-J13 (13 in Bourges, 12 of them in Bourges Nord), J15 (Trouy)
    programmes = [*TITLE, ["Identifiant jeune", "Dispositif", "Date d'entrée"]]
    programmes += [[f"J{i:02d}", "CEJ", "03/02/2025"] for i in (*range(1, 14), 15)]
    programmes += [["J16", "PACEA", "03/03/2025"]]
    # an interview each in 2025
    events = [*TITLE, ["Identifiant jeune", "Date de l'événement", "Type d'événement"]]
    events += [[f"J{i:02d}", "10/03/2025", "Entretien individuel"] for i in range(1, 18)]
    return workbook({"Liste des jeunes": young, "Dispositifs": programmes, "Evenements": events})


@pytest.fixture
def exported(tmp_path, monkeypatch, capsys):
    defined_and_imported(tmp_path, monkeypatch, CODE, "Mission Locale de Bourges",
                         (BOURGES, TROUY, SUBDRAY), extraction())

    def export(role):
        out = tmp_path / f"{role}.xlsx"
        assert main(["export", "--territory", CODE, "--year", "2025", "--role", role,
                     "--out", str(out)]) == 0
        ws = openpyxl.load_workbook(out, data_only=True)[texts.EXPORT_TABLE_ML]
        rows = [r for r in ws.iter_rows(values_only=True)]
        header = next(i for i, r in enumerate(rows) if r[0] == texts.EXPORT_COL_COMMUNE)
        return {r[0]: dict(zip(rows[header], r, strict=True)) for r in rows[header + 1:]
                if r[0]}
    return export


def test_the_manager_s_workbook_gives_each_commune(exported):
    rows = exported("gestionnaire")
    h = texts.EXPORT_ML_COLUMNS
    bourges, trouy, total = rows["Bourges"], rows["Trouy"], rows[texts.EXPORT_TOTAL]
    assert (bourges[h["new"]], bourges[h["followed"]], bourges[h["cej"]],
            bourges[h["cej_qpv"]], bourges[h["pacea"]]) == (14, 14, 13, 12, 0)
    assert bourges[h["cej_qpv_rate"]] == pytest.approx(12 / 13, abs=1e-3)
    assert (trouy[h["new"]], trouy[h["cej"]], trouy[h["pacea"]]) == (2, 1, 1)
    assert rows["Le Subdray"][h["new"]] == 0 and rows["Le Subdray"][h["followed"]] == 1
    assert (total[h["new"]], total[h["followed"]], total[h["cej"]]) == (16, 17, 14)


def test_the_elu_s_workbook_hides_the_small_counts(exported):
    rows = exported("elu")
    h = texts.EXPORT_ML_COLUMNS
    assert rows["Trouy"][h["new"]] == "s" and rows["Trouy"][h["cej"]] == "s"
    assert rows["Le Subdray"][h["followed"]] == "s"
    assert rows[texts.EXPORT_TOTAL][h["new"]] == 16
    # no person count from 1 to 10, and Trouy's 2 not the total less the others
    counts = [h[k] for k in ("new", "followed", "cej", "cej_qpv", "pacea")]
    assert not [(c, k, r[k]) for c, r in rows.items() for k in counts
                if isinstance(r[k], (int, float)) and 0 < r[k] < 11]
    assert rows["Bourges"][h["new"]] == "s"  # 16 − 14 − 0 would give Trouy's 2


def test_the_ag_deck_has_the_young_people_followed_by_commune(exported, tmp_path):
    from pptx import Presentation

    exported("gestionnaire")  # (the import, done)
    out = tmp_path / "ag.pptx"
    assert main(["export", "--territory", CODE, "--year", "2025", "--role", "gestionnaire",
                 "--out", str(out)]) == 0
    charts = {}
    for slide in Presentation(str(out)).slides:
        for shape in slide.shapes:
            if getattr(shape, "has_chart", False) and shape.has_chart:
                plot = shape.chart.plots[0]
                charts[plot.series[0].name] = dict(zip(plot.categories, plot.series[0].values,
                                                       strict=True))
    title = texts.AG_CHART_ML.format(year=2025)
    # by hand: Bourges 14, Trouy 2, Le Subdray 1 young people with an interview in 2025
    assert charts[title] == {"Bourges": 14, "Trouy": 2, "Le Subdray": 1}
