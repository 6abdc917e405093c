"""The exports open in LibreOffice without a repair: headless conversions succeed.

A workbook LibreOffice cannot read (or would have to repair) fails to convert; the xlsx
is also converted back to xlsx and read with openpyxl, so what LibreOffice understood of
it is checked too. Skipped when `soffice` is absent on a developer machine; fails when
it is absent in CI (`apt-get install libreoffice-calc libreoffice-impress`).
"""

import io
import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from exports.excel import build_workbook
from exports.slides import build_deck
from wording import texts

pytestmark = pytest.mark.slow
TIMEOUT = 180  # seconds, first start of LibreOffice included


@pytest.fixture(scope="module")
def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is required in CI (apt-get install libreoffice-calc "
                        "libreoffice-impress)")
        pytest.skip("LibreOffice (soffice) not installed; required in CI")
    return found


@pytest.fixture(scope="module")
def files(demo_store, tmp_path_factory) -> dict[str, Path]:
    con = demo_store.connection()
    folder = tmp_path_factory.mktemp("exports")
    out = {"xlsx": folder / "chiffres_cles_mno_2025.xlsx",
           "pptx": folder / "assemblee_generale_mno_2025.pptx"}
    out["xlsx"].write_bytes(build_workbook(con, "mno", 2025))
    out["pptx"].write_bytes(build_deck(con, "mno", 2025))
    return out


@pytest.fixture(scope="module")
def profile(tmp_path_factory) -> Path:
    # A profile of its own, created once: no clash with a LibreOffice open on the machine.
    return tmp_path_factory.mktemp("lo_profile")


def convert(soffice: str, source: Path, target: str, outdir: Path, profile: Path) -> Path:
    result = subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", target, "--outdir", str(outdir), str(source)],
        capture_output=True, text=True, timeout=TIMEOUT)
    produced = outdir / f"{source.stem}.{target.split(':')[0]}"
    assert result.returncode == 0, result.stderr
    assert produced.exists() and produced.stat().st_size > 0, (result.stdout, result.stderr)
    return produced


def test_workbook_and_slides_convert_to_pdf(soffice, files, profile, tmp_path):
    for kind in ("xlsx", "pptx"):
        pdf = convert(soffice, files[kind], "pdf", tmp_path / kind, profile)
        assert pdf.read_bytes().startswith(b"%PDF")


def test_workbook_survives_a_libreoffice_round_trip(soffice, files, profile, tmp_path):
    again = convert(soffice, files["xlsx"], "xlsx:Calc MS Excel 2007 XML", tmp_path / "out",
                    profile)
    wb = openpyxl.load_workbook(io.BytesIO(again.read_bytes()))
    assert texts.EXPORT_DATA_SHEET in wb.sheetnames
    rows = list(wb[texts.EXPORT_DATA_SHEET].iter_rows(values_only=True))
    values = {(r[0], r[3] or None): r[6] for r in rows[1:]}
    assert values[("plie_participants", None)] == 463
    assert values[("de_abc", None)] == 9948
    assert values[("plie_participants", "59356")] == "s"
