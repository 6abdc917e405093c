"""Reading messy uploads: xlsx/ods/csv variants, damaged or disguised files, size guards."""

import datetime as dt
import io
import zipfile

import pandas as pd
import pytest
import xlsxwriter

import settings
from ingest.parse import parse_number
from ingest.readers import RawSheet, ReadError, read_workbook, sniff_separator

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" '
    'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>")


def make_xlsx(tmp_path, sheets: dict, hidden=(), name="classeur.xlsx") -> bytes:
    """Write {sheet: {(row, col): value}} with xlsxwriter; dates get a date format."""
    path = tmp_path / name
    wb = xlsxwriter.Workbook(str(path))
    date_format = wb.add_format({"num_format": "dd/mm/yyyy"})
    for sheet_name, cells in sheets.items():
        ws = wb.add_worksheet(sheet_name)
        for (r, c), v in cells.items():
            if isinstance(v, dt.date):
                ws.write_datetime(r, c, dt.datetime.combine(v, dt.time()), date_format)
            else:
                ws.write(r, c, v)
        if sheet_name in hidden:
            ws.hide()
    wb.close()
    return path.read_bytes()


def make_ods(rows: list[list[str]]) -> bytes:
    cells = "".join(
        "<table:table-row>" + "".join(
            f'<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>'
            for v in row) + "</table:table-row>" for row in rows)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="Feuille1">{cells}'
        "</table:table></office:spreadsheet></office:body></office:document-content>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml", MANIFEST, compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def only(sheets: list[RawSheet]) -> pd.DataFrame:
    assert len(sheets) == 1
    return sheets[0].frame


def test_xlsx_title_rows_keep_file_row_numbers(tmp_path):
    data = make_xlsx(tmp_path, {"Données": {
        (0, 0): "Demandeurs d'emploi par commune", (1, 0): "Source : France Travail – STMT",
        (3, 0): "Commune", (3, 1): "Date", (3, 2): "DEFM ABC",
        (4, 0): "TOURCOING", (4, 1): dt.date(2024, 12, 31), (4, 2): 13910,
        (5, 0): "Halluin", (5, 1): dt.date(2024, 11, 30), (5, 2): "1 234",
    }})
    sheets = read_workbook(data, "export.xlsx")
    frame = only(sheets)
    assert sheets[0].name == "Données"
    assert frame.shape == (6, 3)
    assert list(frame.columns) == [0, 1, 2]
    assert all(d == "object" for d in frame.dtypes)
    assert frame.iloc[0, 0] == "Demandeurs d'emploi par commune"
    assert frame.iloc[2].isna().all()  # empty row 3 of the file is kept
    assert frame.iloc[3].tolist() == ["Commune", "Date", "DEFM ABC"]  # header on row 4
    assert frame.iloc[4, 2] == "13910"  # workbook numbers and dates come as text
    assert pd.Timestamp(frame.iloc[4, 1]) == pd.Timestamp("2024-12-31")
    assert frame.iloc[5, 2] == "1 234"  # number stored as text stays raw
    assert frame.iloc[0, 1] is None


def test_xlsx_hidden_and_empty_sheets_are_skipped(tmp_path):
    data = make_xlsx(tmp_path, {
        "Vide": {}, "Jeunes": {(0, 0): "Identifiant", (1, 0): "A1"},
        "Paramètres": {(0, 0): "secret"}, "Contacts": {(2, 1): "Date"},
    }, hidden=("Paramètres",))
    sheets = read_workbook(data, "imilo.xlsx")
    assert [s.name for s in sheets] == ["Jeunes", "Contacts"]
    contacts = sheets[1].frame
    assert contacts.shape == (3, 2)  # column A and rows 1-2 kept: positions match the file
    assert contacts.iloc[2, 1] == "Date"


def test_xlsm_is_read_as_data(tmp_path):
    data = make_xlsx(tmp_path, {"Heures": {(0, 0): "Heures", (1, 0): 35}}, name="clauses.xlsm")
    assert only(read_workbook(data, "clauses.xlsm")).iloc[1, 0] == "35"


def test_ods_is_read():
    frame = only(read_workbook(make_ods([["Commune", "DEFM"], ["Halluin", "1 250"]]), "x.ods"))
    assert frame.values.tolist() == [["Commune", "DEFM"], ["Halluin", "1 250"]]


def test_csv_utf8_bom_semicolon_crlf():
    data = "\ufeffDate;Code commune;Nombre\r\n2024-T4;59599;13 910\r\n2024-T4;59279;\r\n"
    sheets = read_workbook(data.encode("utf-8"), "dares_defm.csv")
    assert sheets[0].name == "dares_defm"
    frame = only(sheets)
    assert frame.iloc[0].tolist() == ["Date", "Code commune", "Nombre"]  # no BOM left
    assert frame.iloc[1].tolist() == ["2024-T4", "59599", "13 910"]
    assert frame.iloc[2, 2] is None
    assert frame.shape == (3, 3)


def test_csv_cp1252_accents():
    data = "Commune;Sortie\nPérenchies;Déménagement\nMarcq-en-Barœul;Côté\n".encode("cp1252")
    frame = only(read_workbook(data, "plie.csv"))
    assert frame.iloc[1].tolist() == ["Pérenchies", "Déménagement"]
    assert frame.iloc[2, 0] == "Marcq-en-Barœul"


def test_csv_tab_separated():
    frame = only(read_workbook(b"Commune\tDEFM\tTaux\nHalluin\t1250\t12,5\n", "export.txt"))
    assert frame.iloc[1].tolist() == ["Halluin", "1250", "12,5"]


def test_csv_comma_with_quotes():
    data = b'"TYPECOM","COM","LIBELLE"\n"COM","59378","Marcq-en-Bar\xc5\x93ul, test; x"\n'
    frame = only(read_workbook(data, "cog.csv"))
    assert frame.iloc[1].tolist() == ["COM", "59378", "Marcq-en-Barœul, test; x"]


def test_sniff_prefers_semicolon_over_decimal_commas():
    text = "Commune;Taux;Part\nHalluin;12,5;3,1\nTourcoing;14,2;2,9\nComines;9,8;1,0\n"
    assert sniff_separator(text) == ";"
    assert sniff_separator("a,b,c\n1,2,3\n4,5,6\n") == ","


def test_csv_title_lines_and_footer_like_stmt():
    data = ("Demandeurs d'emploi inscrits\nCatégorie ABC\n\nMois;janvier 2020;février 2020\n"
            "Tourcoing 59200;13 910;13 850\nHalluin 59250;1 250;1 240\n"
            "Source : France Travail\n").encode()
    frame = only(read_workbook(data, "stmt.csv"))
    assert frame.iloc[3].tolist() == ["Mois", "janvier 2020", "février 2020"]
    assert frame.iloc[2].isna().all()
    assert frame.iloc[4, 1] == "13 910"
    assert frame.iloc[6, 0] == "Source : France Travail"


def test_csv_trailing_empty_columns_dropped_inner_kept():
    data = b"a;;c;;;;\n1;;3;;;\n"
    frame = only(read_workbook(data, "x.csv"))
    assert frame.shape == (2, 3)
    assert frame[1].isna().all()


def test_csv_excel_sep_hint_and_utf16():
    frame = only(read_workbook(b"sep=,\na,b\n1,2\n", "x.csv"))
    assert frame.iloc[0].isna().all() and frame.iloc[2].tolist() == ["1", "2"]
    utf16 = "Commune\tDEFM\nDeûlémont\t80\n".encode("utf-16")
    assert only(read_workbook(utf16, "unicode.txt")).iloc[1].tolist() == ["Deûlémont", "80"]


def test_csv_renamed_xlsx_is_still_read():
    assert only(read_workbook(b"Commune;DEFM\nHalluin;1\n", "faux.xlsx")).iloc[1, 0] == "Halluin"


def test_real_onpv_ipro_2018():
    data = (settings.REF_DIR / "qpv-onpv" / "IPRO_2018.csv").read_bytes()
    frame = only(read_workbook(data, "IPRO_2018.csv"))
    header = frame.iloc[0].tolist()
    assert header[0] == "CODGEO"  # BOM removed
    assert header[-1] == "NOTE_PE_T"  # the ~160 empty trailing columns are dropped
    assert frame.shape[1] == 85 and None not in header
    row = frame[frame[0] == "QP059087"]
    assert len(row) == 1 and row.iloc[0, 1] == "La Bourgogne"
    abc = row.iloc[0, header.index("ABC")]
    assert abc == "1\u202f359"  # U+202F thousands separator kept raw
    values, secret, invalid = parse_number(pd.Series([abc], dtype=object))
    assert values.iloc[0] == 1359 and not secret.iloc[0] and not invalid.iloc[0]


@pytest.mark.parametrize("data,name,expected", [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3 rapport", "rapport.xlsx",
     "n'est pas un classeur Excel lisible : c'est un document PDF"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "capture.xlsx", "c'est une image"),
    (b"<html><body><table><tr><td>1</td></tr></table></body></html>", "export.xls",
     "page web (HTML)"),
    (b"\x00\x01\x02\x03binary", "x.csv", "format non reconnu"),
])
def test_disguised_files_are_refused(data, name, expected):
    with pytest.raises(ReadError, match=expected.replace("(", r"\(").replace(")", r"\)")):
        read_workbook(data, name)


def test_truncated_xlsx(tmp_path):
    data = make_xlsx(tmp_path, {"F": {(r, 0): f"ligne {r}" for r in range(200)}})
    with pytest.raises(ReadError, match="endommagé ou incomplet"):
        read_workbook(data[: len(data) // 2], "coupé.xlsx")


@pytest.mark.parametrize("entry,expected", [
    ("word/document.xml", "c'est un document Word"),
    ("photos/vacances.jpg", "archive ZIP qui ne contient pas de classeur"),
])
def test_zip_without_workbook_is_refused(entry, expected):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        if entry.startswith("word/"):
            z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(entry, "<w/>")
    with pytest.raises(ReadError, match=expected):
        read_workbook(buf.getvalue(), "note.xlsx")


def test_zip_holding_a_workbook_says_to_unzip_it(tmp_path):
    """A manager zips the export to mail it, then drops the zip: the message names the
    file inside and says to take it out (a zip as Windows' « Envoyer vers » writes it)."""
    inner = make_xlsx(tmp_path, {"F": {(0, 0): "Mois", (0, 1): "Code commune"}})
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("export/demandeurs_octobre.xlsx", inner)
        z.writestr("__MACOSX/export/._demandeurs_octobre.xlsx", b"\x00")
    with pytest.raises(ReadError) as e:
        read_workbook(buf.getvalue(), "envoi.zip")
    assert str(e.value) == (
        "Le fichier « envoi.zip » n'est pas un classeur lisible : c'est une archive ZIP ; "
        "décompressez-la (clic droit > Extraire tout) puis déposez le fichier qu'elle "
        "contient (« demandeurs_octobre.xlsx »).")


def test_encrypted_ole2_is_reported_as_password_protected():
    fake = OLE2 + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 64
    for name in ("protégé.xlsx", "protégé.xls"):
        with pytest.raises(ReadError, match="protégé par un mot de passe"):
            read_workbook(fake, name)


def test_damaged_ole2_xls():
    with pytest.raises(ReadError, match="n'est pas un classeur Excel lisible"):
        read_workbook(OLE2 + b"\x00" * 1024, "ancien.xls")


def test_oversized_file(monkeypatch):
    monkeypatch.setattr(settings, "MAX_UPLOAD_BYTES", 100)
    with pytest.raises(ReadError, match="trop volumineux"):
        read_workbook(b"a;b\n" * 100, "gros.csv")
    assert only(read_workbook(b"a;b\n1;2\n", "petit.csv")).shape == (2, 2)


def test_zip_bomb_guard(tmp_path, monkeypatch):
    data = make_xlsx(tmp_path, {"F": {(0, 0): "x"}})
    monkeypatch.setattr(settings, "MAX_UNCOMPRESSED_BYTES", 1000)
    with pytest.raises(ReadError, match="décompressé"):
        read_workbook(data, "bombe.xlsx")
    monkeypatch.setattr(settings, "MAX_UNCOMPRESSED_BYTES", 500 * 1024 * 1024)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\x00" * (20 * 1024 * 1024))
    with pytest.raises(ReadError, match="décompressé"):
        read_workbook(buf.getvalue(), "bombe.xlsx")


@pytest.mark.parametrize("data,name", [(b"", "vide.csv"), (b"\r\n;;\r\n ; \r\n", "vide.csv")])
def test_empty_csv(data, name):
    with pytest.raises(ReadError, match="ne contient aucune donnée"):
        read_workbook(data, name)


def test_empty_workbook(tmp_path):
    with pytest.raises(ReadError, match="ne contient aucune donnée"):
        read_workbook(make_xlsx(tmp_path, {"Feuil1": {}, "Feuil2": {}}), "vide.xlsx")


# The speed of reading 200 000 lines is bench/'s (« Import d'un export xlsx de 200 000
# lignes »): tests never assert timings. These check that every line is read.
def test_large_csv_is_read_whole():
    line = "Tourcoing;59599;2024-12-31;13 910;oui;12,5;x;y;z;fin\r\n"
    data = ("Commune;Code;Date;DEFM;QPV;Taux;a;b;c;d\r\n" + line * 200_000).encode("utf-8")
    frame = only(read_workbook(data, "gros.csv"))
    assert frame.shape == (200_001, 10)
    assert frame.iloc[200_000].tolist()[:4] == ["Tourcoing", "59599", "2024-12-31", "13 910"]


@pytest.mark.slow
def test_large_xlsx_is_read_whole(tmp_path):
    path = tmp_path / "gros.xlsx"
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("Données")
    for r in range(200_000):
        ws.write_row(r, 0, [r, "Tourcoing", 59599, "oui", 12.5, "x", r * 2, "a b", "c", "fin"])
    wb.close()
    frame = only(read_workbook(path.read_bytes(), "gros.xlsx"))
    assert frame.shape == (200_000, 10) and frame.iloc[199_999, 0] == "199999"


def test_xlsx_cells_come_as_the_text_excel_shows(tmp_path):
    path = tmp_path / "types.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    day, stamp = wb.add_format({"num_format": "dd/mm/yyyy"}), wb.add_format({"num_format": "dd/mm/yyyy hh:mm"})
    ws = wb.add_worksheet("Données")
    ws.write_row(2, 1, ["Code", "Date", "Nombre", "RSA", "Niveau"])  # starts at B3
    ws.write_row(3, 1, [59599, None, 12.5, True, 50])
    ws.write_datetime(3, 2, dt.datetime(2024, 12, 31), day)
    ws.write_row(4, 1, ["  ", None, 1 / 3, False, "  "])
    ws.write_datetime(4, 2, dt.datetime(2024, 1, 5, 14, 30), stamp)
    ws.write_row(5, 1, ["059599", "45657", 1e3, "oui", "Semaine 52 00:00:00"])
    wb.close()
    frame = only(read_workbook(path.read_bytes(), "types.xlsx"))
    assert frame.shape == (6, 6) and frame.iloc[:2].isna().all().all() and frame[0].isna().all()
    assert frame.iloc[3].tolist() == [None, "59599", "2024-12-31", "12.5", "true", "50"]
    assert frame.iloc[4].tolist() == [None, None, "2024-01-05 14:30:00", "0.333333333", "false", None]
    assert frame.iloc[5].tolist() == [None, "059599", "45657", "1000", "oui", "Semaine 52 00:00:00"]
    # the parsers read these texts as they read the typed cells
    from ingest.parse import parse_bool, parse_code, parse_date
    dates, invalid = parse_date(frame.iloc[3:, 2])
    assert dates.tolist() == [pd.Timestamp("2024-12-31"), pd.Timestamp("2024-01-05"),
                              pd.Timestamp("2024-12-31")] and not invalid.any()
    values, secret, invalid = parse_number(frame.iloc[3:, 3])
    assert values.tolist() == [12.5, 0.333333333, 1000.0] and not (secret | invalid).any()
    assert parse_code(frame.iloc[3:, 1], 5).tolist() == ["59599", None, "059599"]
    assert parse_bool(frame.iloc[3:, 4])[0].tolist() == [True, False, True]


def test_xlsx_is_read_by_calamine_when_fastexcel_fails(tmp_path, monkeypatch):
    import ingest.readers as readers

    data = make_xlsx(tmp_path, {"F": {(0, 1): "Commune", (0, 2): "DEFM", (1, 1): "Halluin",
                                      (1, 2): 1250, (2, 1): "  "}})

    def broken(*args, **kwargs):
        raise RuntimeError("fastexcel en panne")

    monkeypatch.setattr(readers, "_fastexcel_frame", broken)
    frame = only(read_workbook(data, "x.xlsx"))
    assert frame.values.tolist() == [[None, "Commune", "DEFM"], [None, "Halluin", 1250]]
    monkeypatch.setattr(readers.fastexcel, "read_excel", broken)
    assert only(read_workbook(data, "x.xlsx")).iloc[1, 2] == 1250


def test_xlsx_export_with_notes_totals_and_duplicates_is_imported(tmp_path):
    from data.store import Store
    from ingest.pipeline import prepare

    path = tmp_path / "defm.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    month = wb.add_format({"num_format": "mmmm yyyy"})
    ws = wb.add_worksheet("DEFM")
    ws.write(0, 0, "Demandeurs d'emploi par commune")
    ws.write_row(2, 0, ["Mois", "Code commune", "Commune", "Catégorie", "Sexe", "Nombre"])
    rows = [(59599, "Tourcoing", "A", "Femmes", 120), (59279, "Halluin", "A", "Hommes", 30),
            ("59599", "TOURCOING", "A", "F", 7), (None, "Total", "A", "Femmes", 157)]
    for r, values in enumerate(rows, start=3):
        ws.write_datetime(r, 0, dt.datetime(2024, 12, 1), month)
        ws.write_row(r, 1, values)
    ws.write(8, 0, "Source : France Travail")
    wb.close()
    prepared = prepare(Store(tmp_path / "store"), path.read_bytes(), "defm.xlsx", source="de_commune")
    table = prepared.sheets[0].frame
    assert prepared.rows_read == 3 and prepared.sheets[0].excluded_totals == 1
    assert table["code_insee"].tolist() == ["59599", "59279", "59599"]
    assert table["month"].tolist() == [pd.Timestamp("2024-12-01")] * 3
    assert table["count"].tolist() == [120, 30, 7] and table["sex"].tolist() == ["F", "H", "F"]
    # "F" and "Femmes" are the same key, with different counts: both lines are named
    assert [(p.rule, p.row) for p in prepared.errors] == [
        ("Valeurs différentes pour la même commune et le même mois", 4),
        ("Valeurs différentes pour la même commune et le même mois", 6)]
    assert "lignes 4 et 6" in prepared.errors[0].advice
    assert table["_bad"].tolist() == [True, False, True] and table["_file_row"].tolist() == [4, 5, 6]
    assert [p.rule for p in prepared.problems if p.severity != "erreur"][:1] == [
        "1 ligne de note ignorée"]


@pytest.mark.parametrize("name,noun", [("casse.xlsx", "classeur Excel"),
                                       ("casse.xls", "classeur Excel"),
                                       ("casse.ods", "classeur OpenDocument")])
def test_text_renamed_as_workbook_without_a_table_is_not_a_valid_workbook(name, noun):
    data = "Ceci n'est pas un classeur Excel\nmais un fichier texte renommé.\n".encode()
    with pytest.raises(ReadError) as e:
        read_workbook(data, name)
    assert str(e.value) == (f"Le fichier « {name} » n'est pas un {noun} valide (il est "
                            "peut-être endommagé ou d'un autre format).")


def test_text_without_a_table_named_csv_is_still_read():
    frame = only(read_workbook(b"Une seule colonne\nHalluin\n", "liste.csv"))
    assert frame.iloc[1, 0] == "Halluin"
