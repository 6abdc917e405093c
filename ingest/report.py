"""The validation report: one line per problem, in plain French, as a manager reads it."""

from dataclasses import asdict, dataclass

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


REPORT_COLUMNS = {
    "severity": "Gravité",
    "sheet": "Feuille",
    "row": "Ligne",
    "column": "Colonne",
    "value": "Valeur",
    "rule": "Règle",
    "advice": "Que faire",
}


def problems_frame(problems: list[Problem]) -> pd.DataFrame:
    df = pd.DataFrame([asdict(p) for p in problems], columns=list(REPORT_COLUMNS))
    return df.rename(columns=REPORT_COLUMNS)


def summary(problems: list[Problem]) -> str:
    n_err = sum(p.severity == ERROR for p in problems)
    n_warn = sum(p.severity == WARNING for p in problems)
    parts = []
    if n_err:
        parts.append(f"{n_err} erreur{'s' if n_err > 1 else ''}")
    if n_warn:
        parts.append(f"{n_warn} avertissement{'s' if n_warn > 1 else ''}")
    return ", ".join(parts) or "aucun problème"
