"""Texts made safe for the files the app hands out (formula injection, file names).

A spreadsheet evaluates a cell whose text starts with `=`, `+`, `-` or `@` as a formula
(and a leading tab or carriage return can hide such a character): a commune name, a
label or a file name coming from an uploaded file could then run `=HYPERLINK(…)` or
`=WEBSERVICE(…)` when the export is opened (CSV/formula injection, OWASP). Every text
written to a workbook or to a chart's embedded data goes through `neutralise`, which
prefixes such a text with an apostrophe so it stays plain text.
"""

import re
import unicodedata

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(text) -> bool:
    """True for a text a spreadsheet could read as a formula."""
    return isinstance(text, str) and text.startswith(FORMULA_TRIGGERS)


def neutralise(text) -> str:
    """The text as a string a spreadsheet will never evaluate (None → "")."""
    s = "" if text is None else str(text)
    return "'" + s if is_formula_like(s) else s


def file_stem(text: str, default: str = "export") -> str:
    """A portable file-name part: "Marcq-en-Barœul" → "marcq-en-baroeul"."""
    s = unicodedata.normalize("NFKD", str(text).replace("œ", "oe").replace("Œ", "Oe"))
    s = s.encode("ascii", "ignore").decode("ascii").lower()
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s or default
