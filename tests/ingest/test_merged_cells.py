"""Merged cells, as tracking software and hand-made Excel reports write them: a young
person's file number, commune, birth date… merged vertically over the rows of their
contacts. The reader saw the value on the first row of each block only, and blanks below:
« Erreurs 51 » for one file. Cells covered by a merged range now take the value of its
top-left cell, on the lines of the data; a title or a section line merged across the sheet
stays one cell. Expected figures by hand."""

import io
import zipfile

import openpyxl

from ingest.pipeline import commit, prepare
from ingest.readers import read_workbook

IDENTITY = ["N° dossier", "Nom", "Sexe", "Né(e) le", "Commune de résidence", "Date 1er accueil"]
CONTACT = ["Date du contact", "Type de contact", "Conseiller"]
# 3 young people, over 2, 3 and 2 contact rows: 7 contacts
PEOPLE = [
    (["J01", "MARTIN Léa", "F", "12/03/2004", "Lambersart", "10/01/2025"],
     [["14/01/2025", "Entretien individuel", "M. Kaci"],
      ["03/02/2025", "Contact téléphonique", "M. Kaci"]]),
    (["J02", "DUPONT Hugo", "H", "01/07/2003", "Wambrechies", "03/02/2025"],
     [["05/02/2025", "Entretien individuel", "C. Dupuis"],
      ["10/03/2025", "Atelier", "C. Dupuis"],
      ["01/04/2025", "Contact téléphonique", "C. Dupuis"]]),
    (["J03", "NGUYEN Inès", "F", "20/11/2005", "Marcq-en-Barœul", "15/03/2025"],
     [["16/03/2025", "Entretien individuel", "M. Kaci"],
      ["20/03/2025", "Contact téléphonique", "M. Kaci"]]),
]


def _title(ws, width: int) -> None:
    """The title block of an export: two lines merged across the table, an empty line."""
    for line in ("MISSION LOCALE METROPOLE NORD-OUEST",
                 "Suivi des jeunes et de leurs contacts - extraction du 15/01/2026"):
        ws.append([line])
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row,
                       end_column=width)
    ws.append([])


def _save(wb) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def flat_export() -> bytes:
    """One sheet, one line per contact, the identity merged over each person's lines, then
    a « Total » line whose label is merged across the identity columns."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Suivi"
    _title(ws, len(IDENTITY) + len(CONTACT))
    ws.append(IDENTITY + CONTACT)
    for identity, contacts in PEOPLE:
        first = ws.max_row + 1
        for i, contact in enumerate(contacts):
            ws.append((identity if i == 0 else [None] * len(identity)) + contact)
        for col in range(1, len(IDENTITY) + 1):
            ws.merge_cells(start_row=first, start_column=col, end_row=ws.max_row,
                           end_column=col)
    ws.append(["Total"] + [None] * (len(IDENTITY) - 1) + ["7 contacts"])
    ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row,
                   end_column=len(IDENTITY))
    return _save(wb)


def test_identity_merged_over_the_contact_lines_is_read_on_every_line(empty_store):
    prepared = prepare(empty_store, flat_export(), "suivi_jeunes.xlsx", territory="mno")
    assert prepared.source == "ml"
    assert not prepared.errors, [(p.rule, p.row, p.value) for p in prepared.errors]
    assert prepared.invalid_rows == 0
    assert not [p for p in prepared.problems if "manquante" in p.rule]
    commit(empty_store, prepared)
    con = empty_store.connection()
    # by hand: 3 young people, one per commune (the sheet is read as the young people's
    # table: its 7 lines repeat each person over their contacts)
    assert con.execute("select count(*) from ml_young").fetchone() == (3,)
    assert con.execute("select code_insee, count(*) from ml_young group by 1 order by 1"
                       ).fetchall() == [("59328", 1), ("59378", 1), ("59636", 1)]


def test_the_reader_fills_the_data_lines_only():
    frame = read_workbook(flat_export(), "suivi.xlsx")[0].frame
    # rows: 0-1 title, 2 empty, 3 header, 4-10 the 7 contacts, 11 the total
    assert frame.shape == (12, 9)
    assert frame.iloc[0].tolist() == ["MISSION LOCALE METROPOLE NORD-OUEST"] + [None] * 8
    assert frame.iloc[2].isna().all()
    assert frame.iloc[4:11, 0].tolist() == ["J01"] * 2 + ["J02"] * 3 + ["J03"] * 2
    assert frame.iloc[4:11, 4].tolist() == (["Lambersart"] * 2 + ["Wambrechies"] * 3
                                            + ["Marcq-en-Barœul"] * 2)
    assert frame.iloc[6, :6].tolist() == PEOPLE[1][0]  # the second row of J02's block
    assert frame.iloc[8, 6:].tolist() == PEOPLE[1][1][2]  # contacts untouched
    assert frame.iloc[11].tolist() == ["Total"] * 6 + ["7 contacts", None, None]


def test_a_section_line_merged_across_the_sheet_stays_one_cell():
    """« Antenne de Lambersart » merged across a line of its own: filling it would put the
    text in every column (a date « Antenne de Lambersart »); it stays in the first cell.
    A merged block running below the last line of data fills no empty line either."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["N° dossier", "Commune", "Date du contact"])
    ws.append(["Antenne de Lambersart"])
    ws.merge_cells("A2:C2")
    ws.append(["J01", "Lambersart", "14/01/2025"])
    ws.append([None, None, "03/02/2025"])
    ws.append([])
    ws.merge_cells("A3:A5")
    ws.merge_cells("B3:B4")
    frame = read_workbook(_save(wb), "antennes.xlsx")[0].frame
    assert frame.values.tolist() == [
        ["N° dossier", "Commune", "Date du contact"],
        ["Antenne de Lambersart", None, None],
        ["J01", "Lambersart", "14/01/2025"],
        ["J01", "Lambersart", "03/02/2025"],
    ]


def test_contacts_under_a_merged_file_number_and_a_two_line_header(empty_store):
    """A « Contacts » sheet as a hand-made report writes it: « N° dossier » and « Nom »
    merged down a two-line header whose second line names the contact columns under a
    « Contact » merged across them; each file number merged over its contacts."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Jeunes"
    _title(ws, len(IDENTITY))
    ws.append(IDENTITY)
    for identity, _ in PEOPLE:
        ws.append(identity)
    ws = wb.create_sheet("Contacts")
    _title(ws, 4)
    ws.append(["N° dossier", "Nom", "Contact"])
    ws.append([None, None, "Date du contact", "Type de contact"])
    ws.merge_cells("A4:A5")
    ws.merge_cells("B4:B5")
    ws.merge_cells("C4:D4")
    for identity, contacts in PEOPLE:
        first = ws.max_row + 1
        for i, contact in enumerate(contacts):
            ws.append((identity[:2] if i == 0 else [None, None]) + contact[:2])
        ws.merge_cells(start_row=first, start_column=1, end_row=ws.max_row, end_column=1)
        ws.merge_cells(start_row=first, start_column=2, end_row=ws.max_row, end_column=2)
    prepared = prepare(empty_store, _save(wb), "suivi_jeunes.xlsx", territory="mno")
    assert not prepared.errors, [(p.rule, p.row, p.value) for p in prepared.errors]
    assert prepared.invalid_rows == 0
    assert {s.table: s.rows_read for s in prepared.sheets} == {"ml_young": 3, "ml_contacts": 7}
    contacts = next(s for s in prepared.sheets if s.table == "ml_contacts")
    assert contacts.header_row == 4  # the second line of the header (line 5 of the file)
    commit(empty_store, prepared)
    con = empty_store.connection()
    assert con.execute("select count(*) from ml_young").fetchone() == (3,)
    # by hand: J01 2 contacts, J02 3, J03 2; 3 interviews, 3 phone calls, 1 workshop
    assert con.execute("select count(*) from ml_contacts").fetchone() == (7,)
    assert sorted(n for (n,) in con.execute(
        "select count(*) from ml_contacts join ml_young using (person_key) group by person_key"
    ).fetchall()) == [2, 2, 3]
    assert con.execute("select contact_type, count(*) from ml_contacts group by 1 order by 1"
                       ).fetchall() == [("atelier", 1), ("entretien", 3), ("telephone", 3)]


def _ods(table: str) -> bytes:
    """An OpenDocument spreadsheet whose single sheet is `table` (table:table-row markup)."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="Suivi">{table}'
        "</table:table></office:spreadsheet></office:body></office:document-content>")
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def _cell(value: str, rows: int = 1, cols: int = 1) -> str:
    span = (f' table:number-rows-spanned="{rows}" table:number-columns-spanned="{cols}"'
            if rows > 1 or cols > 1 else "")
    return (f'<table:table-cell office:value-type="string"{span}><text:p>{value}</text:p>'
            "</table:table-cell>")


def _covered(n: int = 1) -> str:
    return (f'<table:covered-table-cell table:number-columns-repeated="{n}"/>' if n > 1
            else "<table:covered-table-cell/>")


def _row(cells: str) -> str:
    return f"<table:table-row>{cells}</table:table-row>"


def ods_flat_export() -> bytes:
    """The flat export as LibreOffice writes it: a spanning cell, the cells it covers as
    covered cells (repeated), an empty line written once with a repeat count."""
    width = len(IDENTITY) + len(CONTACT)
    rows = [_row(_cell("MISSION LOCALE METROPOLE NORD-OUEST", cols=width) + _covered(width - 1)),
            '<table:table-row table:number-rows-repeated="2">'
            f'<table:table-cell table:number-columns-repeated="{width}"/></table:table-row>',
            _row("".join(_cell(h) for h in IDENTITY + CONTACT))]
    for identity, contacts in PEOPLE:
        for i, contact in enumerate(contacts):
            merged = ("".join(_cell(v, rows=len(contacts)) for v in identity) if i == 0
                      else _covered(len(identity)))
            rows.append(_row(merged + "".join(_cell(v) for v in contact)))
    rows.append(_row(_cell("Total", cols=len(IDENTITY)) + _covered(len(IDENTITY) - 1)
                     + _cell("7 contacts")))
    return _ods("".join(rows))


def test_an_ods_export_with_merged_cells(empty_store):
    """calamine gives no merged ranges for .ods: they are read from its content.xml."""
    frame = read_workbook(ods_flat_export(), "suivi.ods")[0].frame
    # rows: 0 title, 1-2 empty (one line repeated), 3 header, 4-10 contacts, 11 total
    assert frame.shape == (12, 9)
    assert frame.iloc[0].tolist() == ["MISSION LOCALE METROPOLE NORD-OUEST"] + [None] * 8
    assert frame.iloc[4:11, 0].tolist() == ["J01"] * 2 + ["J02"] * 3 + ["J03"] * 2
    assert frame.iloc[8].tolist() == PEOPLE[1][0] + PEOPLE[1][1][2]
    assert frame.iloc[11].tolist() == ["Total"] * 6 + ["7 contacts", None, None]
    prepared = prepare(empty_store, ods_flat_export(), "suivi_jeunes.ods", territory="mno")
    assert not prepared.errors, [(p.rule, p.row, p.value) for p in prepared.errors]
    assert prepared.invalid_rows == 0
    commit(empty_store, prepared)
    assert empty_store.connection().execute(
        "select code_insee, count(*) from ml_young group by 1 order by 1").fetchall() == [
        ("59328", 1), ("59378", 1), ("59636", 1)]


def test_merged_range_references_as_workbooks_write_them():
    """Ranges as Excel and other tools write them in <mergeCell ref="…">: plain, absolute,
    a single cell, reversed corners; anything else is left out rather than guessed."""
    from ingest.readers import _cell_ranges

    got = _cell_ranges([b"A5:A7", b"$B$2:$C$3", b"AA10", b"XFD1048576:A1", b"A1:B2:C3", b"",
                        b"1A:B2", b"ABCD1:A2", b"Z9:Z9", "É1:F2".encode()])
    # (first row, first column, last row, last column), 0-based, by hand
    assert got.tolist() == [[4, 0, 6, 0], [1, 1, 2, 2], [9, 26, 9, 26],
                            [0, 0, 1048575, 16383], [8, 25, 8, 25]]
