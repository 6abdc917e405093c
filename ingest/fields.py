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
                 problems: list[Problem], distinct: tuple[np.ndarray, np.ndarray] | None = None):
        """`distinct`: `factorize(raw)` when the caller already has it."""
        self.sheet, self.header, self.raw, self.file_rows = sheet, header, raw, file_rows
        self.problems = problems
        self.bad = pd.Series(False, index=raw.index)
        self._factorized = distinct
        self._distinct: tuple[np.ndarray, pd.Series] | None = None
        self._has_empty = False

    def distinct(self) -> tuple[np.ndarray, pd.Series]:
        """(codes, values): the distinct raw values followed by None, and for each row the
        position of its value (-1, i.e. the last one, for an empty cell). Computed once."""
        if self._distinct is None:
            codes, uniques = self._factorized or factorize(self.raw)
            values = np.empty(len(uniques) + 1, dtype=object)
            values[:-1] = uniques
            self._distinct = codes, pd.Series(values, dtype=object)
            self._has_empty = bool((codes < 0).any())
        return self._distinct

    def expand(self, per_value) -> np.ndarray:
        """Per-value results (aligned on `distinct()[1]`) spread back to every row."""
        codes, _ = self.distinct()
        return np.asarray(per_value)[codes]

    def per_value(self, func) -> pd.Series:
        """`func` applied once per distinct value (exports repeat the same labels on every row)."""
        _, values = self.distinct()
        table = np.empty(len(values), dtype=object)
        table[:] = [func(v) for v in values]
        return pd.Series(self.expand(table), index=self.raw.index, dtype=object)

    def mask(self, per_value) -> pd.Series:
        flags = np.asarray(per_value, dtype=bool)
        self.distinct()
        if flags[:-1].any() or (flags[-1] and self._has_empty):  # the last one: empty cells
            rows = self.expand(flags)
        else:
            rows = np.zeros(len(self.raw), dtype=bool)
        return pd.Series(rows, index=self.raw.index, dtype=bool)

    def blank(self) -> pd.Series:
        _, values = self.distinct()
        return self.mask([_blank(v) for v in values])

    def report(self, mask: pd.Series, rule: str, advice: str, severity: str = ERROR) -> None:
        mask = mask.fillna(False).astype(bool)
        if not mask.any():
            return
        for idx in mask[mask].index:
            v = self.raw.at[idx]
            self.problems.append(Problem(self.sheet, int(self.file_rows.at[idx]), self.header,
                                         "" if v is None else str(v), rule, advice, severity))
        if severity == ERROR:
            self.bad |= mask


def factorize(s: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(code of each row, distinct values); code -1 for an empty cell."""
    return pd.factorize(s.to_numpy(dtype=object), use_na_sentinel=True)


def subset(distinct: tuple[np.ndarray, np.ndarray], keep: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`factorize` of the rows where `keep` is True, from the factorisation of all the rows."""
    codes, uniques = distinct
    codes = codes[keep]
    present = np.zeros(len(uniques) + 1, dtype=bool)
    present[codes] = True  # an empty cell (-1) marks the last slot, dropped below
    present = present[:-1]
    if present.all():
        return codes, uniques
    renumber = np.append(np.cumsum(present) - 1, -1)
    return renumber[codes], uniques[present]


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
    return col.per_value(lambda v: None if _blank(v) else str(v).strip())


def vocabulary(col: Column, vocab: dict, allow_total: bool = False) -> tuple[pd.Series, pd.Series]:
    """Map labels to stored values; returns (values, total_mask)."""
    lookup = {norm_label(s): k for k, syns in vocab.items() for s in [k, *syns]}
    _, raw = col.distinct()
    labels = [norm_label(v) for v in raw]
    values = [lookup.get(s) for s in labels]
    # labels such as "Entretien individuel conseiller" match by their first words
    for i, s in enumerate(labels):
        if values[i] is None and s:
            hits = {k for key, k in lookup.items() if len(key) > 2 and (s.startswith(key + " ") or key == s)}
            values[i] = hits.pop() if len(hits) == 1 else None
    total = [allow_total and s in codes.TOTAL_LABELS for s in labels]
    expected = ", ".join(vocab)
    col.report(col.mask([v is None and s != "" and not t for v, s, t in zip(values, labels, total, strict=True)]),
               "Valeur non reconnue",
               f"Valeurs attendues : {expected}. Corrigez la cellule ou ajoutez le libellé au profil.")
    table = np.empty(len(values), dtype=object)
    table[:] = values
    return pd.Series(col.expand(table), index=col.raw.index, dtype=object), col.mask(total)


def _spread(col: Column, values: pd.Series) -> pd.Series:
    return pd.Series(col.expand(values.to_numpy()), index=col.raw.index, dtype=values.dtype)


def dates(col: Column, today: dt.date) -> pd.Series:
    _, raw = col.distinct()
    per_value, invalid = parse_date(raw)
    future = per_value.notna() & (per_value > pd.Timestamp(today) + pd.Timedelta(days=31))
    values = _spread(col, per_value.where(~invalid & ~future))
    col.report(col.mask(invalid), "Date impossible ou illisible",
               "Écrivez la date au format jj/mm/aaaa (par exemple 05/03/2025).")
    col.report(col.mask(future), "Date dans le futur", "Vérifiez l'année de cette date.")
    return values


YEAR_ONLY = re.compile(r"^(19|20)\d{2}(\.0)?$")


def months(col: Column) -> pd.Series:
    """Months (first day); a bare year such as 2024 means January of that year."""
    _, raw = col.distinct()
    raw = raw.map(lambda v: f"01/01/{str(v).strip()[:4]}"
                  if v is not None and YEAR_ONLY.match(str(v).strip()) else v)
    per_value, invalid = parse_month(raw)
    col.report(col.mask(invalid), "Mois illisible",
               "Écrivez le mois comme « septembre 2025 » ou 09/2025.")
    return _spread(col, per_value)


def numbers(col: Column, integer: bool, secret_allowed: bool) -> pd.Series:
    _, raw = col.distinct()
    per_value, secret, invalid = parse_number(raw)
    col.report(col.mask(invalid), "Nombre illisible", "Écrivez un nombre (virgule pour les décimales).")
    if integer:
        frac = per_value.notna() & (per_value != per_value.round())
        col.report(col.mask(frac), "Nombre entier attendu", "Un effectif ne peut pas avoir de décimales.")
        neg = per_value.notna() & (per_value < 0)
        col.report(col.mask(neg), "Nombre négatif", "Un effectif ne peut pas être négatif.")
    if not secret_allowed:
        marked = secret & ~raw.map(_blank).astype(bool)
        col.report(col.mask(marked), "Valeur masquée inattendue", "Indiquez la valeur réelle.",
                   WARNING)
    return _spread(col, per_value)


def booleans(col: Column) -> pd.Series:
    _, raw = col.distinct()
    per_value, invalid = parse_bool(raw)
    col.report(col.mask(invalid), "Oui/Non attendu", "Écrivez Oui ou Non.")
    return pd.Series(per_value.array.take(col.distinct()[0]), index=col.raw.index, dtype="boolean")


def qpv_codes(col: Column) -> pd.Series:
    """A QPV code (2015 `QP…` or 2024 `QN…`, kept as is), or `QPV` when only a yes is given."""
    _, raw = col.distinct()
    flags, _ = parse_bool(raw)

    def one(v, flag):
        if v is None or (isinstance(v, float) and pd.isna(v)):
            return None
        s = str(v).strip().upper().replace(" ", "")
        if QPV_CODE.match(s):
            return s
        if flag is not pd.NA and bool(flag):
            return "QPV"
        return None

    per_value = [one(v, f) for v, f in zip(raw, flags, strict=True)]
    unknown = [v is None and not _blank(r) and f is pd.NA
               for v, r, f in zip(per_value, raw, flags, strict=True)]
    col.report(col.mask(unknown), "Code QPV non reconnu",
               "Indiquez un code QPV (QN… ou QP…), Oui ou Non.", WARNING)
    table = np.empty(len(per_value), dtype=object)
    table[:] = per_value
    return pd.Series(col.expand(table), index=col.raw.index, dtype=object)


def education_levels(col: Column) -> pd.Series:
    lookup = {norm_label(s): k for k, syns in codes.EDUCATION_LABELS.items() for s in syns}
    _, raw = col.distinct()
    codes_asp = parse_code(raw, 2)
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

    per_value = [one(v, c) for v, c in zip(raw, codes_asp, strict=True)]
    col.report(col.mask([v == -1 for v in per_value]), "Niveau de formation non reconnu",
               "Indiquez un niveau (Sans diplôme, CAP/BEP, Bac, Bac+2…) ou un code ASP.", WARNING)
    table = np.empty(len(per_value), dtype=object)
    table[:] = [None if v == -1 else v for v in per_value]
    return pd.Series(col.expand(table), index=col.raw.index, dtype=object).astype("Int16")
