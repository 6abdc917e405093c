"""Read an uploaded spreadsheet (xlsx, xlsm, xlsb, xls, ods, csv) into raw sheets without header."""

import array
import codecs
import csv
import html
import io
import posixpath
import re
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath

import fastexcel
import numpy as np
import pandas as pd
import python_calamine

import settings

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
# Zip-bomb guard: beyond this many uncompressed bytes, a compression ratio above
# MAX_ZIP_RATIO is absurd for a spreadsheet (real xlsx compress about 10 times).
ZIP_RATIO_FLOOR_BYTES = 10 * 1024 * 1024
MAX_ZIP_RATIO = 300
SNIFF_CHARS = 65536
SNIFF_LINES = 50
CSV_SEPARATORS = (";", "\t", ",")  # order = preference on ties (French exports first)
OTHER_FORMATS = (
    (b"%PDF", "c'est un document PDF"),
    (b"\x89PNG", "c'est une image PNG"),
    (b"\xff\xd8\xff", "c'est une image JPEG"),
    (b"GIF8", "c'est une image GIF"),
    (b"II*\x00", "c'est une image TIFF"),
    (b"MM\x00*", "c'est une image TIFF"),
    (b"Rar!", "c'est une archive RAR"),
    (b"7z\xbc\xaf", "c'est une archive 7-Zip"),
    (b"\x1f\x8b", "c'est une archive compressée (gzip)"),
    (b"{\\rtf", "c'est un document RTF"),
)
RESAVE = "ouvrez-le dans votre tableur puis « Enregistrer sous » au format .xlsx"

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Merged cells of an xlsx sheet: <mergeCell ref="A5:A7"/> after the cells (any prefix).
MERGE_MARK = b"mergeCells"
MERGE_OPEN = re.compile(rb"<(?:\w{1,20}:)?$")  # before the mark: the element ("<" is never text)
MERGE_REF = re.compile(rb'\sref="([^"]{1,40})"')  # within <mergeCells>: the ranges
XML_TAG = re.compile(r"<(?:\w+:)?(sheet|Relationship)\b([^>]*)>")
XML_ATTR = re.compile(r'([\w:]+)\s*=\s*"([^"]*)"')
# Merged cells of an .ods sheet: a cell with table:number-rows-spanned / -columns-spanned,
# the cells it covers written as <table:covered-table-cell>.
ODS_SPAN = b"-spanned="
ODS_TOKEN = re.compile(rb"<(/?)table:(table|table-row|table-cell|covered-table-cell)(?=[\s/>])"
                       rb"([^>]*?)(/?)>")
ODS_NUMBER = re.compile(rb'table:number-(rows-repeated|columns-repeated|rows-spanned|'
                        rb'columns-spanned)="(\d{1,9})"')
ODS_NAME = re.compile(rb'table:name="([^"]*)"')
MAX_MERGES = 3_000_000  # beyond, a sheet's merges are ignored (no real export has as many)

csv.field_size_limit(16 * 1024 * 1024)


class ReadError(Exception):
    """Raised with a clear French message for the user (str(e) is shown as is)."""


@dataclass
class RawSheet:
    name: str
    # No header: columns 0..n-1 (column j = spreadsheet column j+1), object dtype. Row i =
    # row i+1 of the file. Cells are str or None (blank or spaces only); workbook numbers and
    # dates come as text ("1.5", "13910", "2024-01-05", "2024-01-05 14:30:00"), except from
    # the calamine fallback, which gives int, float, bool, datetime/date/time. A cell covered by
    # a merged range holds the range's value on the lines of data (`_fill_merged`).
    frame: pd.DataFrame
    # rows hidden in the workbook (an Excel filter, or hidden by hand), 0-based as `frame`'s:
    # read like the others, and said (ingest/pipeline.py: `_hidden_lines`). xlsx only.
    hidden_rows: frozenset = frozenset()


def _base_name(file_name: str) -> str:
    return PurePosixPath((file_name or "fichier").replace("\\", "/")).name or "fichier"


def _unreadable(file_name: str, reason: str) -> ReadError:
    ext = PurePosixPath(file_name.lower()).suffix
    noun = {".ods": "classeur OpenDocument", ".csv": "fichier CSV", ".txt": "fichier texte",
            ".tsv": "fichier texte"}.get(ext, "classeur Excel" if ext.startswith(".xl") else
                                            "classeur")
    return ReadError(f"Le fichier « {file_name} » n'est pas un {noun} lisible : {reason}.")


WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")


def _workbook_name(file_name: str) -> bool:
    return PurePosixPath(file_name.lower()).suffix in WORKBOOK_SUFFIXES


def _not_a_workbook(file_name: str) -> ReadError:
    noun = ("classeur OpenDocument" if file_name.lower().endswith(".ods")
            else "classeur Excel")
    return ReadError(f"Le fichier « {file_name} » n'est pas un {noun} valide (il est peut-être "
                     "endommagé ou d'un autre format).")


def _no_data(file_name: str) -> ReadError:
    return ReadError(f"Le fichier « {file_name} » ne contient aucune donnée.")


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f}".replace(".", ",")


def read_workbook(data: bytes, file_name: str) -> list[RawSheet]:
    """Read every non-empty sheet of an uploaded file; raise ReadError (French) if impossible."""
    name = _base_name(file_name)
    if len(data) > settings.MAX_UPLOAD_BYTES:
        raise ReadError(f"Le fichier « {name} » est trop volumineux ({_mb(len(data))} Mo) : "
                        f"la taille maximale est de {_mb(settings.MAX_UPLOAD_BYTES)} Mo.")
    if not data.strip():
        raise _no_data(name)
    head = data[:8]
    if head.startswith(ZIP_MAGICS):
        _check_zip(data, name)
        sheets = _read_excel(data, name)
    elif head == OLE2_MAGIC:
        if ENCRYPTED_PACKAGE in data or PurePosixPath(name.lower()).suffix in (".xlsx", ".xlsm"):
            raise _protected(name)
        sheets = _read_excel(data, name)
    else:
        for magic, reason in OTHER_FORMATS:
            if data.startswith(magic):
                raise _unreadable(name, reason)
        frame = _read_csv(data, name)
        if _workbook_name(name) and frame.shape[1] < 2:
            # a text renamed .xlsx is read when it holds a table (CSV saved under the wrong
            # name); text without one is no export: say the workbook is not valid
            raise _not_a_workbook(name)
        sheets = [RawSheet(PurePosixPath(name).stem or name, frame)]
    sheets = [s for s in sheets if not s.frame.empty]
    if not sheets:
        raise _no_data(name)
    return sheets


def _protected(name: str) -> ReadError:
    return ReadError(f"Le fichier « {name} » est protégé par un mot de passe : ouvrez-le dans "
                     "Excel, retirez le mot de passe (Fichier > Informations > Protéger le "
                     "classeur) puis déposez-le à nouveau.")


def _check_zip(data: bytes, name: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            manifest = (zf.read("META-INF/manifest.xml") if "META-INF/manifest.xml" in names
                        else b"")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError,
            NotImplementedError) as e:
        raise _unreadable(name, "le fichier est endommagé ou incomplet (téléchargement "
                                "interrompu ?) ; enregistrez-le à nouveau puis réessayez") from e
    total = sum(i.file_size for i in infos)
    packed = max(1, sum(i.compress_size for i in infos))
    if total > settings.MAX_UNCOMPRESSED_BYTES or (
            total > ZIP_RATIO_FLOOR_BYTES and total / packed > MAX_ZIP_RATIO):
        raise _unreadable(name, f"une fois décompressé il occuperait {_mb(total)} Mo, ce qui "
                                "dépasse la limite autorisée")
    if any(n.startswith("word/") for n in names):
        raise _unreadable(name, "c'est un document Word")
    if any(n.startswith("ppt/") for n in names):
        raise _unreadable(name, "c'est une présentation PowerPoint")
    if b"encryption-data" in manifest:
        raise _protected(name)
    if not names & {"[Content_Types].xml", "mimetype", "content.xml"}:
        inside = [PurePosixPath(n).name for n in sorted(names)
                  if PurePosixPath(n.lower()).suffix in (*WORKBOOK_SUFFIXES, ".csv", ".txt")
                  and not PurePosixPath(n).name.startswith(".")
                  and not n.startswith("__MACOSX/")]
        if inside:  # a workbook sent zipped: say which file to take out of it
            shown = ", ".join(f"« {n} »" for n in inside[:3]) + (" …" if len(inside) > 3 else "")
            raise _unreadable(name, "c'est une archive ZIP ; décompressez-la (clic droit > "
                                    f"Extraire tout) puis déposez le fichier qu'elle contient "
                                    f"({shown})")
        raise _unreadable(name, "c'est une archive ZIP qui ne contient pas de classeur")


def _read_excel(data: bytes, name: str) -> list[RawSheet]:
    """Workbooks (xlsx, xlsm, xlsb, xls, ods): calamine lists the sheets, fastexcel reads them.

    fastexcel builds Arrow string columns in Rust, several times faster than calamine's Python
    rows; a sheet that fastexcel cannot load is read again with calamine. Merged cells are then
    filled (`_fill_merged`)."""
    try:
        wb = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except python_calamine.PasswordError as e:
        raise _protected(name) from e
    except Exception as e:  # calamine raises several error types for damaged files
        raise _unreadable(name, "son contenu est endommagé ou d'un format non reconnu ; "
                          + RESAVE) from e
    try:
        try:
            fast = fastexcel.read_excel(data)
        except Exception:  # calamine opened it: read it with calamine alone
            fast = None

        def read_cells(sheet: str) -> RawSheet:
            if fast is not None:
                try:
                    return RawSheet(sheet, _fastexcel_frame(fast, sheet))
                except Exception:
                    pass
            return RawSheet(sheet, _rows_to_frame(
                wb.get_sheet_by_name(sheet).to_python(skip_empty_area=False)))

        merges = _merge_finder(data, wb)

        hidden = _hidden_finder(data)

        def read(sheet: str) -> RawSheet:
            raw = read_cells(sheet)
            raw.hidden_rows = hidden(sheet)
            try:
                return RawSheet(sheet, _fill_merged(raw.frame, lambda: merges(sheet)),
                                raw.hidden_rows)
            except Exception:  # filling merged cells helps; it never refuses a sheet
                return raw

        metas = [m for m in wb.sheets_metadata
                 if m.typ == python_calamine.SheetTypeEnum.WorkSheet]
        visible = [m for m in metas if m.visible == python_calamine.SheetVisibleEnum.Visible]
        sheets = [read(m.name) for m in visible]
        if not any(not s.frame.empty for s in sheets):  # only hidden sheets hold data
            shown = {m.name for m in visible}
            sheets = [read(m.name) for m in metas if m.name not in shown]
    except python_calamine.PasswordError as e:
        raise _protected(name) from e
    except Exception as e:
        raise _unreadable(name, "une feuille est endommagée ; " + RESAVE) from e
    finally:
        wb.close()
    return sheets


def _fastexcel_frame(reader: "fastexcel.ExcelReader", sheet: str) -> pd.DataFrame:
    """Every cell as text, at its place in the file (fastexcel drops leading empty columns,
    `absolute_index` gives them back). Numbers as Excel shows them ("1.5", "13910", at most 9
    decimals), dates "2024-01-05" or "2024-01-05 14:30:00", booleans "true"/"false"."""
    positions: list[int] = []

    def column(info) -> bool:  # every column, noting its position in the sheet
        positions.append(info.absolute_index)
        return True

    batch = reader.load_sheet(sheet, header_row=None, skip_rows=0, dtypes="string", eager=True,
                              use_columns=column)
    # Exports repeat the same labels: each distinct text becomes a Python str once, and a
    # column is that short list indexed by the row codes.
    columns = []  # (position, distinct values + None, code of each row, which values are filled)
    for position, col in zip(positions, batch.columns, strict=True):
        enc = col.dictionary_encode()
        words = [_cell_text(w) for w in enc.dictionary.to_pylist()]
        values = np.empty(len(words) + 1, dtype=object)  # the last one (None): empty cells
        values[:-1] = words
        codes = enc.indices.fill_null(len(words)).to_numpy(zero_copy_only=False)
        columns.append((position, values, codes, np.array([w is not None for w in values])))
    del batch
    columns = [c for c in columns if c[3][c[2]].any()]
    if not columns:
        return pd.DataFrame(dtype=object)
    rows = int(np.logical_or.reduce([keep[codes] for _, _, codes, keep in columns])
               .nonzero()[0][-1]) + 1
    block = np.empty((max(c[0] for c in columns) + 1, rows), dtype=object)  # None: nothing read
    for position, values, codes, _ in columns:
        np.take(values, codes[:rows], out=block[position])
    return pd.DataFrame(block.T, dtype=object, copy=False)


# Merged ranges of a sheet: one line each, first row, first column, last row, last column
# (0-based), as an int64 array of shape (n, 4).
Merges = np.ndarray
NO_MERGES = np.empty((0, 4), dtype=np.int64)


def _merges(flat: "array.array") -> Merges:
    if len(flat) > 4 * MAX_MERGES:
        return NO_MERGES
    return np.frombuffer(flat, dtype=np.int64).reshape(-1, 4)


def _merge_finder(data: bytes, wb: "python_calamine.CalamineWorkbook"):
    """sheet name -> its merged ranges. xlsx/xlsm: read from the sheet's XML (calamine would
    parse the whole sheet again to give them, doubling the reading time); ods: from
    content.xml (calamine gives none); xls: calamine, which parsed the whole file on
    opening. xlsb: none (calamine gives none, its binary records are not read here)."""
    parts: dict[str, str] = {}
    if data.startswith(ZIP_MAGICS):
        ods: dict[str, Merges] = {}
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                parts = _xlsx_sheet_parts(zf)
                if not parts and "content.xml" in zf.namelist():
                    ods = _ods_merges(zf.read("content.xml"))
        except Exception:  # merges help reading; they never refuse a file
            parts, ods = {}, {}
        if ods:
            return lambda sheet: ods.get(sheet, NO_MERGES)

        def from_xml(sheet: str) -> Merges:
            if sheet not in parts:
                return NO_MERGES
            try:
                with zipfile.ZipFile(io.BytesIO(data)) as zf:
                    return _xlsx_merges(zf, parts[sheet])
            except Exception:
                return NO_MERGES
        return from_xml

    def from_calamine(sheet: str) -> Merges:
        try:
            ranges = wb.get_sheet_by_name(sheet).merged_cell_ranges or []
            return _merges(array.array("q", [int(v) for a, b in ranges for v in (*a, *b)]))
        except Exception:
            return NO_MERGES
    return from_calamine


HIDDEN_ROW = re.compile(rb'<(?:\w{1,20}:)?row\b[^>]*?\shidden="(?:1|true)"[^>]*>')
ROW_NUMBER = re.compile(rb'\sr="(\d{1,9})"')


def _hidden_finder(data: bytes) -> Callable[[str], frozenset]:
    """sheet name -> the rows hidden in it (0-based). xlsx/xlsm: the <row hidden="1">
    elements of the sheet's XML; other formats: none known."""
    parts: dict[str, str] = {}
    if data.startswith(ZIP_MAGICS):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                parts = _xlsx_sheet_parts(zf)
        except Exception:  # hidden rows are said when known; they never refuse a file
            parts = {}

    def find(sheet: str) -> frozenset:
        if sheet not in parts:
            return frozenset()
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                return _xlsx_hidden_rows(zf, parts[sheet])
        except Exception:
            return frozenset()
    return find


def _xlsx_hidden_rows(zf: zipfile.ZipFile, part: str) -> frozenset:
    """The rows of one sheet part whose <row> element says hidden (0-based). The part is
    read through; a chunk is searched only when it holds `hidden="`."""
    found: set[int] = set()
    tail = b""
    with zf.open(part) as f:
        while chunk := f.read(1 << 20):
            text = tail + chunk
            if b'hidden="' in text:
                for m in HIDDEN_ROW.finditer(text):
                    r = ROW_NUMBER.search(m.group(0))
                    if r:
                        found.add(int(r.group(1)) - 1)
            tail = text[-1024:]
    return frozenset(found)


def _xml_attrs(text: str) -> dict[str, str]:
    return {k: html.unescape(v) for k, v in XML_ATTR.findall(text)}


def _xlsx_sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> path of its XML part in the package (xl/worksheets/sheet1.xml)."""
    names = set(zf.namelist())
    if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
        return {}
    targets = {}
    for tag, attrs in XML_TAG.findall(zf.read("xl/_rels/workbook.xml.rels").decode("utf-8",
                                                                                  "replace")):
        a = _xml_attrs(attrs)
        if tag == "Relationship" and "Id" in a and "Target" in a:
            target = a["Target"]
            targets[a["Id"]] = (target.lstrip("/") if target.startswith("/")
                                else posixpath.normpath("xl/" + target))
    parts = {}
    for tag, attrs in XML_TAG.findall(zf.read("xl/workbook.xml").decode("utf-8", "replace")):
        if tag != "sheet":
            continue
        a = _xml_attrs(attrs)
        rid = next((v for k, v in a.items() if k.endswith(":id")), None)
        if "name" in a and rid in targets and targets[rid] in names:
            parts[a["name"]] = targets[rid]
    return parts


def _xlsx_merges(zf: zipfile.ZipFile, part: str) -> Merges:
    """The <mergeCell> ranges of one sheet part. They follow the cells: the part is read
    through (about 0,1 s for 200 000 rows of 8 columns) and kept from the first mark on."""
    kept, tail, found = [], b"", False
    with zf.open(part) as f:
        while chunk := f.read(1 << 20):
            if found:
                kept.append(chunk)
                continue
            at = _merge_element(tail + chunk)
            if at >= 0:
                found = True
                kept.append((tail + chunk)[at:])
            tail = chunk[-32:]
    if not found:
        return NO_MERGES
    section = b"".join(kept)
    end = section.rfind(b"mergeCells>")
    return _cell_ranges(MERGE_REF.findall(section[:end] if end >= 0 else section))


def _merge_element(text: bytes) -> int:
    """Where the <mergeCells> element starts in `text`, -1 if it does not."""
    at = text.find(MERGE_MARK)
    while at >= 0:
        if MERGE_OPEN.search(text, max(0, at - 22), at):
            return at
        at = text.find(MERGE_MARK, at + 1)
    return -1


def _cell_ranges(refs: list[bytes]) -> Merges:
    """Ranges "A5:A7", "$B$2:$C$3", "AA10" as (first row, first column, last row, last
    column), 0-based; a ref that is not one is left out. Vectorised over the characters:
    600 000 refs in 0,5 to 0,8 s on a busy server, where a loop over them took 2,3 s."""
    if not refs or len(refs) > MAX_MERGES:
        return NO_MERGES
    chars = np.frombuffer(b" ".join(refs) + b" ", dtype=np.uint8)
    chars = chars[chars != ord("$")]
    is_sep = (chars == ord(" ")) | (chars == ord(":"))
    letter = (chars >= ord("A")) & (chars <= ord("Z"))
    digit = (chars >= ord("0")) & (chars <= ord("9"))
    if not (is_sep | letter | digit).all():
        bad = np.zeros(len(refs), dtype=bool)  # refs holding other characters: left out
        owner = np.cumsum(chars == ord(" ")) - (chars == ord(" "))
        bad[owner[~(is_sep | letter | digit)]] = True
        return _cell_ranges([r for r, b in zip(refs, bad, strict=True) if not b])
    seps = np.flatnonzero(is_sep)  # token t (a cell "AB12") ends at separator t
    n = len(seps)
    token = np.cumsum(is_sep) - is_sep  # the token of each character
    starts = np.concatenate(([0], seps[:-1] + 1))
    place = np.arange(len(chars)) - starts[token]
    n_letters = np.bincount(token[letter], minlength=n)
    n_digits = np.bincount(token[digit], minlength=n)
    ordered = np.bincount(token[letter & (place >= n_letters[token])], minlength=n) == 0
    ok = (n_letters >= 1) & (n_letters <= 3) & (n_digits >= 1) & (n_digits <= 7) & ordered
    power = np.where(letter, n_letters[token] - 1 - place, n_letters[token] + n_digits[token]
                     - 1 - place).clip(0)
    col = np.bincount(token[letter], weights=(chars[letter] - 64) * 26.0 ** power[letter],
                      minlength=n).astype(np.int64) - 1
    row = np.bincount(token[digit], weights=(chars[digit] - 48) * 10.0 ** power[digit],
                      minlength=n).astype(np.int64) - 1
    ends_ref = chars[seps] == ord(" ")
    last = np.flatnonzero(ends_ref)
    first = np.concatenate(([0], last[:-1] + 1))
    valid = (last - first <= 1) & ok[first] & ok[last]
    first, last = first[valid], last[valid]
    return np.stack([np.minimum(row[first], row[last]), np.minimum(col[first], col[last]),
                     np.maximum(row[first], row[last]), np.maximum(col[first], col[last])],
                    axis=1)


def _ods_merges(content: bytes) -> dict[str, Merges]:
    """Sheet name -> merged ranges of an OpenDocument spreadsheet's content.xml: the
    position of each spanning cell, counting repeated rows and cells."""
    if ODS_SPAN not in content:
        return {}
    out: dict[str, array.array] = {}
    merges: array.array | None = None
    row = col = 0
    rows_here = 1
    for closing, tag, attrs, empty in ODS_TOKEN.findall(content):
        numbers = dict(ODS_NUMBER.findall(attrs)) if b"number-" in attrs else {}
        if tag == b"table":
            if closing:
                merges = None
            else:
                name = ODS_NAME.search(attrs)
                merges = out.setdefault(html.unescape(name[1].decode("utf-8", "replace"))
                                        if name else "", array.array("q"))
                row = 0
        elif merges is None:
            continue
        elif tag == b"table-row":
            if closing:
                row += rows_here
            else:
                col, rows_here = 0, int(numbers.get(b"rows-repeated", 1))
                if empty:
                    row += rows_here
        elif not closing:
            span_rows = int(numbers.get(b"rows-spanned", 1))
            span_cols = int(numbers.get(b"columns-spanned", 1))
            if tag == b"table-cell" and (span_rows > 1 or span_cols > 1):
                merges.extend((row, col, row + span_rows - 1, col + span_cols - 1))
            col += int(numbers.get(b"columns-repeated", 1))
    return {name: _merges(m) for name, m in out.items() if m}


def _fill_merged(frame: pd.DataFrame, merges: Callable[[], Merges]) -> pd.DataFrame:
    """Cells covered by a merged range take the value of its top-left cell (a tracking tool
    merges a young person's file number, commune, birth date over the rows of their
    contacts), on the rows of the range that hold values outside it: a title or a section
    line merged across the sheet is a line of its own and stays one cell. Covered cells that
    hold a value keep it; a range is cut to the sheet's filled area.

    `merges` is only called when some line has both a value and an empty cell: a full table
    (200 000 lines of a machine export) skips reading the merged ranges (0,1 s). Vectorised:
    600 000 ranges (100 000 young people, 6 merged columns) fill in well under a second."""
    if frame.empty:
        return frame
    cells = frame.to_numpy(dtype=object)  # may be the frame's own array: copied before a fill
    height, width = cells.shape
    filled = cells != None  # noqa: E711 (element-wise)
    per_row = filled.sum(axis=1)
    if not ((per_row > 0) & (per_row < width)).any():
        return frame
    ranges = np.asarray(merges(), dtype=np.int64).reshape(-1, 4)
    r0, c0 = ranges[:, 0], ranges[:, 1]
    r1, c1 = np.minimum(ranges[:, 2], height - 1), np.minimum(ranges[:, 3], width - 1)
    ok = (r0 >= 0) & (c0 >= 0) & (r0 < height) & (c0 < width) & (r1 >= r0) & (c1 >= c0)
    ok[ok] = filled[r0[ok], c0[ok]]  # a range with an empty top-left cell fills nothing
    r0, c0, r1, c1 = r0[ok], c0[ok], r1[ok], c1[ok]
    n_rows, n_cols = r1 - r0 + 1, c1 - c0 + 1
    if not len(r0) or int((n_rows * n_cols).sum()) > cells.size:
        return frame  # nothing to fill, or ranges overlapping over and over: no real sheet
    # one entry per (range, line of the range), then one per (range, covered cell)
    line_range = np.repeat(np.arange(len(r0)), n_rows)
    line = r0[line_range] + np.arange(len(line_range)) - np.repeat(np.cumsum(n_rows) - n_rows,
                                                                   n_rows)
    width_of = n_cols[line_range]
    cell_line = np.repeat(np.arange(len(line)), width_of)
    row = line[cell_line]
    col = c0[line_range][cell_line] + (np.arange(len(cell_line))
                                       - np.repeat(np.cumsum(width_of) - width_of, width_of))
    inside = filled[row, col]
    outside = per_row[line] - np.bincount(cell_line, weights=inside, minlength=len(line)) > 0
    target = ~inside & outside[cell_line]
    if not target.any():
        return frame
    values = cells[r0, c0][line_range][cell_line][target]
    cells = cells.copy()
    cells[row[target], col[target]] = values
    return pd.DataFrame(cells, dtype=object, copy=False)


def _cell_text(text: str) -> str | None:
    """None for a blank cell; a date at midnight "2024-01-05 00:00:00" as "2024-01-05", the
    text of a date cell (as calamine gave it and as .ods files give it)."""
    if text == "" or text.isspace():
        return None
    if len(text) == 19 and text.endswith(" 00:00:00") and ISO_DATE.fullmatch(text, 0, 10):
        return text[:10]
    return text


def _rows_to_frame(rows: list[list]) -> pd.DataFrame:
    """Cells '' or blank -> None, then drop trailing empty rows and columns."""
    rows = [[None if (v == "" or (v.__class__ is str and v.isspace())) else v for v in row]
            for row in rows]
    return _trim(rows)


def _trim(rows: list[list]) -> pd.DataFrame:
    while rows and all(v is None for v in rows[-1]):
        rows.pop()
    if not rows:
        return pd.DataFrame(dtype=object)
    width = max(len(r) for r in rows)
    rows = [r + [None] * (width - len(r)) if len(r) < width else r for r in rows]
    frame = pd.DataFrame(rows, dtype=object)
    filled = frame.notna().to_numpy().any(axis=0).nonzero()[0]
    last = int(filled[-1]) + 1 if len(filled) else 0
    if last < frame.shape[1]:
        frame = frame.iloc[:, :last].copy()
    frame.columns = range(frame.shape[1])
    return frame


def _decode(data: bytes, name: str) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise _unreadable(name, "son encodage (UTF-16) est invalide") from e
    start = data[:4096]
    if len(start) >= 4 and start[1::2].count(0) > len(start) // 4 and start[0::2].count(0) == 0:
        try:
            return data.decode("utf-16-le")
        except UnicodeDecodeError:
            pass
    if b"\x00" in start:
        raise _unreadable(name, "c'est un fichier binaire d'un format non reconnu ; " + RESAVE)
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _check_text_format(text: str, name: str) -> None:
    start = text[:2048].lstrip().lower()
    if start.startswith(("<!doctype html", "<html")) or (
            start.startswith("<") and "<table" in start):
        raise _unreadable(name, "c'est une page web (HTML) enregistrée sous un nom de classeur ; "
                          + RESAVE)
    if start.startswith("<?xml") and "urn:schemas-microsoft-com:office:spreadsheet" in text[:8192]:
        raise _unreadable(name, "c'est un classeur au format « XML 2003 » ; " + RESAVE)


def sniff_separator(text: str) -> str:
    """Pick the separator among ; TAB , that splits the first lines most consistently."""
    sample = text[:SNIFF_CHARS]
    if len(text) > SNIFF_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    best, best_score = CSV_SEPARATORS[0], None
    for sep in CSV_SEPARATORS:
        counts = []
        for row in csv.reader(io.StringIO(sample, newline=""), delimiter=sep):
            if any(c.strip() for c in row):
                counts.append(len(row))
                if len(counts) >= SNIFF_LINES:
                    break
        if not counts:
            continue
        width, freq = Counter(counts).most_common(1)[0]
        if width < 2:
            continue
        score = (freq / len(counts), width)
        if best_score is None or score > best_score:
            best, best_score = sep, score
    return best


def _read_csv(data: bytes, name: str) -> pd.DataFrame:
    text = _decode(data, name).lstrip("\ufeff")
    _check_text_format(text, name)
    first_line = text[:20].split("\n", 1)[0].strip().strip('"').lower()
    sep_line = first_line.startswith("sep=") and len(first_line) == 5
    sep = first_line[4] if sep_line else sniff_separator(text)
    rows = []
    try:
        for i, row in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=sep)):
            if i == 0 and sep_line:
                row = []  # Excel's "sep=;" hint line: keep it as an empty row for numbering
            while row and not row[-1].strip():
                row.pop()
            rows.append([c if c.strip() else None for c in row])
    except csv.Error as e:
        raise _unreadable(name, f"la ligne {len(rows) + 1} est mal formée ({e})") from e
    return _trim(rows)
