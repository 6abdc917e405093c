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
