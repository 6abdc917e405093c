"""Turn the raw cells of one mapped column into stored values, reporting every problem."""

import datetime as dt
import re

import numpy as np
import pandas as pd

from ingest import codes
from ingest.parse import norm_label, parse_bool, parse_code, parse_date, parse_month, parse_number
from ingest.report import ERROR, WARNING, Problem

QPV_CODE = re.compile(r"^Q[PN]\s*[0-9]{2}[0-9AB][0-9A-Z]{3,4}$", re.IGNORECASE)


class Column:
    """One column of a sheet being imported: values, and a place to report problems."""

    def __init__(self, sheet: str, header: str, raw: pd.Series, file_rows: pd.Series,
                 problems: list[Problem]):
        self.sheet, self.header, self.raw, self.file_rows = sheet, header, raw, file_rows
        self.problems = problems
        self.bad = pd.Series(False, index=raw.index)

    def report(self, mask: pd.Series, rule: str, advice: str, severity: str = ERROR) -> None:
        mask = mask.fillna(False).astype(bool)
        for idx in mask[mask].index:
            v = self.raw.at[idx]
            self.problems.append(Problem(self.sheet, int(self.file_rows.at[idx]), self.header,
                                         "" if v is None else str(v), rule, advice, severity))
        if severity == ERROR:
            self.bad |= mask


def by_value(s: pd.Series, func) -> pd.Series:
    """Apply `func` once per distinct value (exports repeat the same labels on every row)."""
    codes, uniques = pd.factorize(s.to_numpy(dtype=object), use_na_sentinel=True)
    table = np.array([func(u) for u in uniques] + [func(None)], dtype=object)
    return pd.Series(table[codes], index=s.index, dtype=object)


def _blank(v) -> bool:
    return v is None or (isinstance(v, float) and pd.isna(v)) or str(v).strip() == ""


def is_blank(s: pd.Series) -> pd.Series:
    return by_value(s, _blank).astype(bool)


def text(col: Column) -> pd.Series:
    return by_value(col.raw, lambda v: None if _blank(v) else str(v).strip())


def vocabulary(col: Column, vocab: dict, allow_total: bool = False) -> tuple[pd.Series, pd.Series]:
    """Map labels to stored values; returns (values, total_mask)."""
    lookup = {norm_label(s): k for k, syns in vocab.items() for s in [k, *syns]}
    labels = by_value(col.raw, norm_label)
    values = by_value(labels, lambda s: lookup.get(s))
    # labels such as "Entretien individuel conseiller" match by their first words
    unresolved = values.isna() & (labels != "")
    if unresolved.any():
        def by_prefix(s):
            hits = {k for key, k in lookup.items() if len(key) > 2 and (s.startswith(key + " ") or key == s)}
            return hits.pop() if len(hits) == 1 else None
        values[unresolved] = by_value(labels[unresolved], lambda s: by_prefix(s) if s else None)
    total = labels.isin(codes.TOTAL_LABELS) if allow_total else pd.Series(False, index=labels.index)
    expected = ", ".join(vocab)
    col.report(values.isna() & (labels != "") & ~total, "Valeur non reconnue",
               f"Valeurs attendues : {expected}. Corrigez la cellule ou ajoutez le libellé au profil.")
    return values, total


def dates(col: Column, today: dt.date) -> pd.Series:
    values, invalid = parse_date(col.raw)
    col.report(invalid, "Date impossible ou illisible",
               "Écrivez la date au format jj/mm/aaaa (par exemple 05/03/2025).")
    future = values.notna() & (values > pd.Timestamp(today) + pd.Timedelta(days=31))
    col.report(future, "Date dans le futur", "Vérifiez l'année de cette date.")
    return values.where(~invalid & ~future)


YEAR_ONLY = re.compile(r"^(19|20)\d{2}(\.0)?$")


def months(col: Column) -> pd.Series:
    """Months (first day); a bare year such as 2024 means January of that year."""
    raw = col.raw.map(lambda v: f"01/01/{str(v).strip()[:4]}"
                      if v is not None and YEAR_ONLY.match(str(v).strip()) else v)
    values, invalid = parse_month(raw)
    col.report(invalid, "Mois illisible", "Écrivez le mois comme « septembre 2025 » ou 09/2025.")
    return values


def numbers(col: Column, integer: bool, secret_allowed: bool) -> pd.Series:
    values, secret, invalid = parse_number(col.raw)
    col.report(invalid, "Nombre illisible", "Écrivez un nombre (virgule pour les décimales).")
    if integer:
        frac = values.notna() & (values != values.round())
        col.report(frac, "Nombre entier attendu", "Un effectif ne peut pas avoir de décimales.")
        neg = values.notna() & (values < 0)
        col.report(neg, "Nombre négatif", "Un effectif ne peut pas être négatif.")
    if not secret_allowed:
        marked = secret & ~is_blank(col.raw)
        col.report(marked, "Valeur masquée inattendue", "Indiquez la valeur réelle.", WARNING)
    return values


def booleans(col: Column) -> pd.Series:
    values, invalid = parse_bool(col.raw)
    col.report(invalid, "Oui/Non attendu", "Écrivez Oui ou Non.")
    return values


def qpv_codes(col: Column) -> pd.Series:
    """A QPV code (2015 `QP…` or 2024 `QN…`, kept as is), or `QPV` when only a yes is given."""
    flags, _ = parse_bool(col.raw)

    def one(v, flag):
        if v is None or (isinstance(v, float) and pd.isna(v)):
            return None
        s = str(v).strip().upper().replace(" ", "")
        if QPV_CODE.match(s):
            return s
        if flag is not pd.NA and bool(flag):
            return "QPV"
        return None

    values = pd.Series([one(v, f) for v, f in zip(col.raw, flags, strict=True)], index=col.raw.index,
                       dtype=object)
    unknown = values.isna() & ~is_blank(col.raw) & flags.isna()
    col.report(unknown, "Code QPV non reconnu",
               "Indiquez un code QPV (QN… ou QP…), Oui ou Non.", WARNING)
    return values


def education_levels(col: Column) -> pd.Series:
    lookup = {norm_label(s): k for k, syns in codes.EDUCATION_LABELS.items() for s in syns}
    codes_asp = parse_code(col.raw, 2)
    numeric = set(codes_asp.dropna().unique())
    # ASP codes (00…70) when every value is one and at least one is not also a 2019 level
    levels_2019 = {f"0{i}" for i in range(1, 9)}
    asp_like = (bool(numeric) and numeric <= set(codes.EDUCATION_ASP)
                and any(len(str(c)) == 2 and c not in levels_2019 for c in numeric))

    def one(v, code):
        if v is None or (isinstance(v, float) and pd.isna(v)) or str(v).strip() == "":
            return None
        if asp_like and code in codes.EDUCATION_ASP:
            return codes.EDUCATION_ASP[code]
        s = str(v).strip()
        if re.fullmatch(r"[1-8](\.0)?", s):
            return int(float(s))
        label = norm_label(s)
        if label in lookup:
            return lookup[label]
        m = re.search(r"niveau (\d)", label)
        if m and 1 <= int(m.group(1)) <= 8:
            return int(m.group(1))
        for key, lvl in sorted(lookup.items(), key=lambda kv: -len(kv[0])):
            if len(key) > 2 and re.search(rf"\b{re.escape(key)}\b", label):
                return lvl
        return -1

    values = pd.Series([one(v, c) for v, c in zip(col.raw, codes_asp, strict=True)],
                       index=col.raw.index, dtype=object)
    col.report(values == -1, "Niveau de formation non reconnu",
               "Indiquez un niveau (Sans diplôme, CAP/BEP, Bac, Bac+2…) ou un code ASP.", WARNING)
    return values.where(values != -1).astype("Int16")
