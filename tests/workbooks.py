"""Workbooks written the way spreadsheet users and other tools write them, for tests."""

import io

import openpyxl


def workbook(sheets: dict[str, list[list]]) -> bytes:
    """An xlsx whose sheets hold `sheets` ({title: lines}), in that order."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, lines in sheets.items():
        ws = wb.create_sheet(name)
        for line in lines:
            ws.append(line)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def defined_and_imported(tmp_path, monkeypatch, code: str, label: str, communes,
                         content: bytes, name: str = "Extraction_imilo.xlsx"):
    """A data directory under `tmp_path` (TBE_DATA_DIR) where a manager defined territory
    `code` (`cli territory add`) and imported the file `content` for it (`cli import`), as a
    new user would: its Store. The commands must succeed."""
    from cli.__main__ import main
    from data.store import Store

    monkeypatch.setenv("TBE_DATA_DIR", str(tmp_path / "donnees"))
    assert main(["territory", "add", code, "--label", label, "--communes", *communes]) == 0
    path = tmp_path / name
    path.write_bytes(content)
    assert main(["import", str(path), "--territory", code]) == 0
    return Store(tmp_path / "donnees")
