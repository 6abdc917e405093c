"""The validation report: one line per problem, in plain French, as a manager reads it."""

from dataclasses import dataclass

import pandas as pd

ERROR = "erreur"
WARNING = "avertissement"
INFO = "information"


@dataclass
class Problem:
    sheet: str
    row: int | None  # row number as in the file (1-based), None for the whole sheet/file
    column: str  # header as written in the file
    value: str
    rule: str
    advice: str
    severity: str = ERROR
    # about the header's columns (unused, personal ones dropped), not a line of data: the
    # summary counts it apart, never as « 1 ligne avec avertissement »
    about_columns: bool = False


@dataclass
class LinesProblem(Problem):
    """A problem reported once for several lines of a sheet (`row` is the first): the
    report counts its lines, not one."""

    line_rows: frozenset = frozenset()


REPORT_COLUMNS = {
    "severity": "Gravité",
    "sheet": "Feuille",
    "row": "Ligne",
    "column": "Colonne",
    "value": "Valeur",
    "rule": "Règle",
    "advice": "Que faire",
}


def per_line(problems: list[Problem]) -> list[Problem]:
    """Problems as a report lists them: a problem grouped over a column that keeps its
    lines (`line_values`: line, value as written, rule of that line; communes a file names
    that no commune answers, ingest.commune_map) becomes one problem per line, with the
    group's advice; the others stay as they are."""
    out: list[Problem] = []
    for p in problems:
        lines = getattr(p, "line_values", ())
        if not lines:
            out.append(p)
            continue
        out += [Problem(p.sheet, row, p.column, value, rule or p.rule, p.advice, p.severity)
                for row, value, rule in lines]
    return out


def problems_frame(problems: list[Problem]) -> pd.DataFrame:
    df = pd.DataFrame([{k: getattr(p, k) for k in REPORT_COLUMNS} for p in problems],
                      columns=list(REPORT_COLUMNS))
    return df.rename(columns=REPORT_COLUMNS)


def _rows(p: Problem) -> set[int]:
    """The lines of the file a problem is about: its row, or every line of a problem
    grouped over a column (`line_rows`, ingest.vocab.UnknownValues)."""
    grouped_rows = getattr(p, "line_rows", None)
    if grouped_rows:
        return set(grouped_rows)
    return {p.row} if p.row is not None else set()


def _lines(problems: list[Problem], severity: str) -> int:
    """Lines of the file with a problem of this severity (one for each problem of the
    whole file), never cells: a line with a bad value in 60 month columns counts once."""
    lines = [p for p in problems if p.severity == severity and not p.about_columns]
    rows = {(p.sheet, r) for p in lines for r in _rows(p)}
    return len(rows) + sum(p.row is None for p in lines)


def summary(problems: list[Problem]) -> str:
    n_err, n_warn = _lines(problems, ERROR), _lines(problems, WARNING)
    n_columns = sum(p.severity == WARNING and p.about_columns for p in problems)
    parts = []
    if n_err:
        parts.append(f"{n_err} ligne{'s' if n_err > 1 else ''} en erreur")
    if n_warn:
        parts.append(f"{n_warn} ligne{'s' if n_warn > 1 else ''} avec avertissement")
    if n_columns:
        parts.append(f"{n_columns} avertissement{'s' if n_columns > 1 else ''} sur les colonnes")
    return ", ".join(parts) or "aucun problème"


SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}
EXAMPLES = 5  # lines shown per group


@dataclass
class Group:
    """The problems of one rule (same severity, sheet, rule and column), as a person reads
    them: how many lines, the first few, and the advice when it is the same for all."""

    severity: str
    sheet: str
    rule: str
    column: str
    lines: int  # distinct lines of the file (a problem of the whole file counts once)
    examples: list[Problem]  # the first EXAMPLES problems, in file order
    advice: str | None  # the advice shared by every problem of the group, else None


def grouped(problems: list[Problem]) -> list[Group]:
    """Problems grouped per rule: errors first, then warnings, then information; within a
    severity, in order of first appearance."""
    groups: dict[tuple, list[Problem]] = {}
    for p in problems:
        groups.setdefault((p.severity, p.sheet, p.rule, p.column), []).append(p)
    out = []
    for (severity, sheet, rule, column), items in groups.items():
        rows = {r for p in items for r in _rows(p)}
        lines = len(rows) + sum(p.row is None for p in items)
        ordered = sorted(items, key=lambda p: (p.row is not None, p.row or 0))
        advices = {p.advice for p in items}
        out.append(Group(severity, sheet, rule, column, lines, ordered[:EXAMPLES],
                         advices.pop() if len(advices) == 1 else None))
    return sorted(out, key=lambda g: SEVERITY_ORDER.get(g.severity, 3))
