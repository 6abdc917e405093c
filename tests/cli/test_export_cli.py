"""`python -m cli export`: the workbook, the slides and the fiche, written from the CLI.

Expected figures: MNO 2025 report (463 PLIE participants; Lompret's 2, masked for an
official). Run in-process through `cli.__main__.main` on the demo store.
"""

import io

import openpyxl
import pytest
from pptx import Presentation

from cli.__main__ import main
from wording import texts


@pytest.fixture
def demo(demo_data_dir, monkeypatch):
    monkeypatch.setenv("TBE_DATA_DIR", str(demo_data_dir))
    return demo_data_dir


def data_values(path) -> dict:
    wb = openpyxl.load_workbook(io.BytesIO(path.read_bytes()))
    rows = list(wb[texts.EXPORT_DATA_SHEET].iter_rows(values_only=True))
    return {(r[0], r[3] or None): r[6] for r in rows[1:]}


@pytest.mark.parametrize("role, lompret", [(None, "s"), ("lecteur", "s"), ("gestionnaire", 2)])
def test_workbook(demo, tmp_path, capsys, role, lompret):
    out = tmp_path / "mno.xlsx"
    args = ["export", "--territory", "mno", "--year", "2025", "--out", str(out)]
    assert main(args + (["--role", role] if role else [])) == 0
    values = data_values(out)
    assert values[("plie_participants", None)] == 463
    assert values[("plie_participants", "59356")] == lompret
    assert "Fichier écrit" in capsys.readouterr().out
    assert [p.name for p in tmp_path.iterdir()] == ["mno.xlsx"]  # no temporary file left


def test_commune_workbook_slides_and_fiche(demo, tmp_path):
    base = ["export", "--territory", "mno", "--year", "2025"]
    assert main(base + ["--commune", "59328", "--out", str(tmp_path / "f.xlsx")]) == 0
    assert data_values(tmp_path / "f.xlsx")[("plie_participants", "59328")] == 160
    assert main(base + ["--out", str(tmp_path / "ag.pptx")]) == 0
    prs = Presentation(str(tmp_path / "ag.pptx"))
    assert any("463" in s.text_frame.text for slide in prs.slides for s in slide.shapes
               if s.has_text_frame)
    assert main(base + ["--commune", "59356", "--out", str(tmp_path / "f.html")]) == 0
    assert "@page{size:A4" in (tmp_path / "f.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("extra, message", [
    (["--year", "2019", "--out", "x.xlsx"], "aucune donnée pour mno en 2019"),
    (["--year", "2025", "--out", "x.csv"], "--out doit finir par"),
    (["--year", "2025", "--commune", "59350", "--out", "x.xlsx"], "n'appartient pas"),
    (["--year", "2025", "--out", "x.html"], "ajoutez --commune"),
    (["--year", "2025", "--commune", "59328", "--out", "x.pptx"], "retirez --commune"),
    (["--year", "2025", "--role", "admin", "--out", "x.xlsx"], "argument invalide"),
    (["--year", "2025", "--communes", "59350", "--out", "x.xlsx"], "hors du territoire"),
    (["--year", "2025", "--commune", "59328", "--communes", "59356", "--out", "x.xlsx"],
     "n'est pas parmi les communes de --communes"),
])
def test_wrong_arguments_give_a_french_message_and_exit_2(demo, tmp_path, capsys, monkeypatch,
                                                           extra, message):
    monkeypatch.chdir(tmp_path)
    try:
        code = main(["export", "--territory", "mno", *extra])
    except SystemExit as exit_:  # argparse's own refusals
        code = exit_.code
    assert code == 2
    assert message in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_unknown_territory(demo, tmp_path, capsys):
    assert main(["export", "--territory", "xyz", "--year", "2025",
                 "--out", str(tmp_path / "x.xlsx")]) == 2
    assert "territoire inconnu" in capsys.readouterr().err


def slides_text(path) -> str:
    prs = Presentation(str(path))
    texts_ = [s.text_frame.text for slide in prs.slides for s in slide.shapes if s.has_text_frame]
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_chart:
                texts_ += [str(c) for plot in shape.chart.plots for c in plot.categories]
    return "\n".join(texts_)


def test_communes_limit_the_detail_but_not_the_totals(demo, tmp_path):
    base = ["export", "--territory", "mno", "--year", "2025"]
    assert main(base + ["--out", str(tmp_path / "all.xlsx")]) == 0
    assert main(base + ["--communes", "59356", "--out", str(tmp_path / "lompret.xlsx")]) == 0
    everyone, lompret = data_values(tmp_path / "all.xlsx"), data_values(tmp_path / "lompret.xlsx")
    communes = lambda values: {c for _, c in values if c}  # noqa: E731
    assert {"59328", "59356"} <= communes(everyone)
    assert communes(lompret) == {"59356"}
    assert lompret[("plie_participants", None)] == 463  # the territory's total stays whole
    assert lompret[("plie_participants", "59356")] == "s"  # and the secret still applies
    assert main(base + ["--out", str(tmp_path / "all.pptx")]) == 0
    assert main(base + ["--communes", "59356", "--out", str(tmp_path / "lompret.pptx")]) == 0
    assert "Lambersart" in slides_text(tmp_path / "all.pptx")
    assert "Lambersart" not in slides_text(tmp_path / "lompret.pptx")
