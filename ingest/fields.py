"""Turn the raw cells of one mapped column into stored values, reporting every problem."""

import datetime as dt
import math
import re

import numpy as np
import pandas as pd

from data import reference
from ingest import codes
from ingest import vocab as vocabularies
from ingest.parse import (
    EXCEL_EPOCH,
    MAX_YEAR,
    MIN_YEAR,
    approximate_number,
    norm_label,
    parse_bool,
    parse_code,
    parse_date,
    parse_month,
    parse_number,
)
from ingest.report import ERROR, INFO, WARNING, LinesProblem, Problem
from wording import texts

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
        self.field = ""  # the profile field this column feeds
        self.value_map: dict[str, str] = {}  # the manager's mapping: normalised value -> target
        self.shown = None  # cell -> text of the report, as the manager sees it (dates); else str

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
            shown = "" if v is None else (self.shown(v) if self.shown else str(v))
            self.problems.append(Problem(self.sheet, int(self.file_rows.at[idx]), self.header,
                                         shown, rule, advice, severity))
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


# The identifier cell of a totals line under a list of persons: « Total », « TOTAL : 260 »,
# « Nombre de participants », « Sous-total », « Ensemble ».
PERSON_TOTAL = re.compile(r"^(sous total|total|ensemble|nombre|nb|effectif)\b")


def person_total_lines(body: pd.DataFrame, m) -> pd.Series:
    """Lines of a person-level sheet that are a totals line, not a person: the identifier
    cell reads as a total and no date the profile requires is filled."""
    flags = pd.Series(False, index=body.index)
    person = m.columns.get("person_id")
    if person is None:
        return flags
    dates = [m.columns[f.name] for f in m.profile.fields
             if f.required and f.kind in ("date", "month") and f.name in m.columns]
    if not dates:
        return flags
    no_date = pd.Series(True, index=body.index)
    for i in dates:
        no_date &= body[i].isna().to_numpy() | is_blank(body[i])
    if no_date.any():  # few lines: the identifier is only read there
        ids = body.loc[no_date, person]
        flags.loc[no_date] = [v is not None and bool(PERSON_TOTAL.match(norm_label(v))) for v in ids]
    return flags


def _blank(v) -> bool:
    return v is None or (isinstance(v, float) and pd.isna(v)) or str(v).strip() == ""


def is_blank(s: pd.Series) -> pd.Series:
    return by_value(s, _blank).astype(bool)


def text(col: Column) -> pd.Series:
    return col.per_value(lambda v: None if _blank(v) else str(v).strip())


def coded(col: Column, vocab: "vocabularies.Vocabulary", known: list, severity: str = ERROR,
          skip: list[bool] | None = None, note: str = "") -> list:
    """Per distinct value of the column (aligned on `col.distinct()[1]`): the value the
    manager mapped, else `known` (what the built-in vocabulary found, None if nothing).

    The values still unknown (neither blank nor in `skip`) are reported once for the
    column, grouped with their number of lines and the closest entries; with an error
    severity their lines are invalid."""
    codes_, raw = col.distinct()
    out = list(known)
    wrong = []
    for i, v in enumerate(raw):
        key = norm_label(v) if v is not None else ""
        if key and key in col.value_map:
            target = vocab.canonical(col.value_map[key])
            if target is None:
                wrong.append(f"{str(v).strip()} = {col.value_map[key]}")
            else:
                out[i] = target
    if wrong:
        choices = ", ".join(label for _, label in vocab.options())
        col.problems.append(Problem(col.sheet, None, col.header, " ; ".join(wrong),
                                    "Association de valeur impossible",
                                    f"La valeur retenue n'existe pas pour cette colonne. Valeurs possibles : "
                                    f"{choices}.", ERROR))
    unknown = np.array([o is None and not _blank(v) and not (skip is not None and skip[i])
                        for i, (o, v) in enumerate(zip(out, raw, strict=True))], dtype=bool)
    if unknown.any():
        rows = np.isin(codes_, np.flatnonzero(unknown))
        lines = pd.Series(col.file_rows.to_numpy()[rows]).groupby(codes_[rows]).nunique()
        counted = [(str(raw.iloc[i]).strip(), int(lines.get(i, 0))) for i in np.flatnonzero(unknown)]
        mask = col.mask(unknown)
        first = int(col.file_rows[mask].min())
        problem = vocabularies.unknown_values(col.sheet, col.header, col.field, vocab, counted, first,
                                              severity)
        problem.line_rows = frozenset(int(r) for r in col.file_rows[mask].unique())
        if note:
            problem.advice = f"{note} {problem.advice}"
        col.problems.append(problem)
        if severity == ERROR:
            col.bad |= mask
    return out


def _table(col: Column, per_value: list) -> pd.Series:
    table = np.empty(len(per_value), dtype=object)
    table[:] = per_value
    return pd.Series(col.expand(table), index=col.raw.index, dtype=object)


def vocabulary(col: Column, vocab, allow_total: bool = False) -> tuple[pd.Series, pd.Series]:
    """Map labels to stored values; returns (values, total_mask)."""
    v = vocabularies.of_codes(vocab)
    _, raw = col.distinct()
    labels = [norm_label(x) for x in raw]
    total = [allow_total and s in codes.TOTAL_LABELS for s in labels]
    values = coded(col, v, [v.lookup(x) for x in raw], skip=total)
    return _table(col, values), col.mask(total)


def _spread(col: Column, values: pd.Series) -> pd.Series:
    return pd.Series(col.expand(values.to_numpy()), index=col.raw.index, dtype=values.dtype)


_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?)?")


def date_as_shown(v) -> str:
    """A cell of a date column as the manager sees it in Excel, for the report: a date
    cell (read as « 2025-01-21 ») or a serial number of a plausible date (45678) as
    « 21/01/2025 », with the time when there is one; anything else as written."""
    d = None
    if isinstance(v, (dt.date, pd.Timestamp)):
        d = v
    elif isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, (bool, np.bool_)):
        d = _serial(float(v))
    elif isinstance(v, str):
        t = v.strip()
        if re.fullmatch(r"\d+(?:[.,]\d+)?", t):
            d = _serial(float(t.replace(",", ".")))
        elif m := _ISO.fullmatch(t):
            try:
                d = dt.datetime(int(m[1]), int(m[2]), int(m[3]), int(m[4] or 0), int(m[5] or 0))
            except ValueError:
                d = None
    if d is None:
        return str(v).strip() if isinstance(v, str) else str(v)
    text = f"{d.day:02d}/{d.month:02d}/{d.year:04d}"
    if isinstance(d, dt.datetime) and (d.hour or d.minute):
        text += f" {d.hour:02d}:{d.minute:02d}"
    return text


def _serial(f: float) -> dt.date | None:
    """The day of an Excel serial number, when it is a plausible date (years MIN_YEAR to
    MAX_YEAR of `ingest.parse`)."""
    if not 1 <= f < 80000:
        return None
    d = EXCEL_EPOCH + dt.timedelta(days=math.floor(f))
    return d if MIN_YEAR <= d.year <= MAX_YEAR else None


def dates(col: Column, today: dt.date, ahead_days: int = 31) -> pd.Series:
    """Dates; one more than `ahead_days` after `today` is an error (« Date dans le futur »)."""
    col.shown = date_as_shown
    _, raw = col.distinct()
    per_value, invalid = parse_date(raw)
    future = per_value.notna() & (per_value > pd.Timestamp(today) + pd.Timedelta(days=ahead_days))
    values = _spread(col, per_value.where(~invalid & ~future))
    col.report(col.mask(invalid), "Date impossible ou illisible",
               "Écrivez la date au format jj/mm/aaaa (par exemple 05/03/2025).")
    col.report(col.mask(future), "Date dans le futur", "Vérifiez l'année de cette date.")
    return values


YEAR_ONLY = re.compile(r"^(19|20)\d{2}(\.0)?$")


def months(col: Column, today: dt.date | None = None) -> pd.Series:
    """Months (first day); a bare year such as 2024 means January of that year. With `today`,
    a month that has not begun is an error (« Mois dans le futur »): no export counts it yet,
    it is a mistyped year (2027 for 2025), and importing it would make it the latest month."""
    _, raw = col.distinct()
    raw = raw.map(lambda v: f"01/01/{str(v).strip()[:4]}"
                  if v is not None and YEAR_ONLY.match(str(v).strip()) else v)
    per_value, invalid = parse_month(raw)
    col.report(col.mask(invalid), texts.CHECK_MONTH_UNREADABLE_RULE, texts.CHECK_MONTH_UNREADABLE)
    if today is not None:
        future = per_value.notna() & (per_value > pd.Timestamp(today))
        per_value = per_value.where(~future)
        col.report(col.mask(future), texts.CHECK_MONTH_FUTURE_RULE,
                   texts.CHECK_MONTH_FUTURE.format(today=f"{today:%d/%m/%Y}"))
    return _spread(col, per_value)


def numbers(col: Column, integer: bool, secret_allowed: bool) -> pd.Series:
    _, raw = col.distinct()
    per_value, secret, invalid = parse_number(raw)
    if invalid.any():  # « env. 90 », « ~90 »: the number, with a warning naming the cell
        approx = raw.map(approximate_number).astype(float)
        estimated = invalid & approx.notna()
        if estimated.any():
            per_value = per_value.where(~estimated, approx)
            invalid = invalid & ~estimated
            col.report(col.mask(estimated), "Nombre approximatif",
                       "La valeur estimée est importée telle quelle (« env. 90 » → 90) : "
                       "remplacez-la par le nombre exact si vous l'avez.", WARNING)
    col.report(col.mask(invalid), "Nombre illisible", "Écrivez un nombre (virgule pour les décimales).")
    if integer:
        frac = per_value.notna() & (per_value != per_value.round())
        col.report(col.mask(frac), "Nombre entier attendu", "Un effectif ne peut pas avoir de décimales.")
        neg = per_value.notna() & (per_value < 0)
        col.report(col.mask(neg), "Nombre négatif", "Un effectif ne peut pas être négatif.")
    marked = secret & ~raw.map(_blank).astype(bool)
    if not secret_allowed:
        col.report(col.mask(marked), "Valeur masquée inattendue", "Indiquez la valeur réelle.",
                   WARNING)
    elif marked.any():
        _report_secret(col, marked, raw)
    return _spread(col, per_value)


def _report_secret(col: Column, marked: pd.Series, raw: pd.Series) -> None:
    """One information line per column: how many cells are under statistical secret (« s »,
    « <3 »…) and left empty, so that a commune without a value is understood."""
    cells = col.mask(marked.to_numpy(bool))
    n = int(cells.sum())
    written = list(dict.fromkeys(str(v).strip() for v in raw[marked]))
    shown = ", ".join(f"« {w} »" for w in written[:5]) + (", …" if len(written) > 5 else "")
    plural = "s" if n > 1 else ""
    lines = frozenset(int(r) for r in col.file_rows[cells].unique())
    col.problems.append(LinesProblem(
        col.sheet, min(lines), col.header, ", ".join(written[:5]),
        f"{n} cellule{plural} sous secret ({shown}) laissée{plural} vide{plural}",
        "Ces cellules sont masquées par le producteur (secret statistique, petit effectif) : "
        "elles ne sont pas comptées comme 0 et la commune ou le mois concerné reste sans "
        "valeur pour ce chiffre.", INFO, line_rows=lines))


def booleans(col: Column) -> pd.Series:
    _, raw = col.distinct()
    parsed, invalid = parse_bool(raw)
    v = vocabularies.for_kind("bool")
    known = [v.lookup(x) if bad else (None if p is pd.NA else ("Oui" if p else "Non"))
             for x, p, bad in zip(raw, parsed.astype(object), invalid, strict=True)]
    missing = [not bad and p is pd.NA for p, bad in zip(parsed.astype(object), invalid, strict=True)]
    out = coded(col, v, known, skip=missing)
    table = pd.array([None if o is None else o == "Oui" for o in out], dtype="boolean")
    return pd.Series(table.take(col.distinct()[0]), index=col.raw.index, dtype="boolean")


def qpv_codes(col: Column) -> pd.Series:
    """A QPV code (2015 `QP…` or 2024 `QN…`, kept as is), or `QPV` when only a yes is given;
    None for « Non »; `codes.QPV_UNKNOWN` for an unknown answer (a blank cell, « Inconnu »,
    « Non renseigné », a value not associated), which is not a « Non »."""
    _, raw = col.distinct()
    parsed, invalid = parse_bool(raw)
    v = vocabularies.for_kind("qpv")
    known, missing = [], []
    for x, p, bad in zip(raw, parsed.astype(object), invalid, strict=True):
        code = None if _blank(x) else str(x).strip().upper().replace(" ", "")
        if code and QPV_CODE.match(code):
            known.append(code)
        elif not bad and p is not pd.NA:
            known.append("Oui" if p else "Non")
        else:
            known.append(v.lookup(x))
        missing.append(not bad and p is pd.NA)
    named = _quarters_named(raw, known, missing)
    for i, code in named.items():
        known[i] = code
    out = coded(col, v, known, severity=WARNING, skip=missing,
                note="Ces personnes sont comptées en réponse inconnue (ni en QPV ni hors QPV) "
                     "tant que la valeur n'est pas associée.")
    _report_quarters_named(col, {i: c for i, c in named.items() if out[i] == c})
    return _table(col, [None if o == "Non" else "QPV" if o == "Oui"
                        else codes.QPV_UNKNOWN if o in (None, "Inconnu") else o for o in out])


QPV_CODE_IN_TEXT = re.compile(r"\bQ[PN][0-9]{2}[0-9AB][0-9A-Z]{3,4}\b", re.IGNORECASE)


def _quarters_named(raw: pd.Series, known: list, missing: list) -> dict[int, str]:
    """{position: code} of the values no vocabulary reads that name a quarter, as i-milo
    writes the young person's quarter in its QPV column (« Bourges Nord »,
    « QP018001 - Bourges Nord »): the code written in the text, else the code of the
    quarter of that name (`reference.qpv_names`: 2024 first, then 2015; « Val D'Auron -
    Bourges » is also named without its commune), `QPV` (in a quarter, which one unknown)
    when several quarters bear the name."""
    todo = [i for i, (x, k, m) in enumerate(zip(raw, known, missing, strict=True))
            if k is None and not m and not _blank(x)]
    if not todo:
        return {}
    by_name: dict[str, dict[int, set]] = {}
    for code, name, commune, generation in reference.qpv_names().itertuples(index=False):
        key, town = norm_label(name), norm_label(commune)
        keys = {key}
        if town and key.endswith(f" {town}") and len(key) > len(town) + 1:
            keys.add(key[: -len(town) - 1])
        for k in keys:
            by_name.setdefault(k, {}).setdefault(int(generation), set()).add(code)
    found = {}
    for i in todo:
        text = str(raw.iloc[i])
        if m := QPV_CODE_IN_TEXT.search(text):
            found[i] = m[0].upper()
            continue
        generations = by_name.get(norm_label(text))
        if generations:
            newest = generations[max(generations)]
            found[i] = next(iter(newest)) if len(newest) == 1 else "QPV"
    return found


def _report_quarters_named(col: Column, named: dict[int, str]) -> None:
    """One information line: the quarters read from their names, with their lines."""
    if not named:
        return
    codes_, raw = col.distinct()
    flags = np.zeros(len(raw), dtype=bool)
    flags[list(named)] = True
    rows = np.isin(codes_, np.flatnonzero(flags))
    lines = pd.Series(col.file_rows.to_numpy()[rows]).groupby(codes_[rows]).nunique()
    said = []
    for i, code in named.items():
        n = int(lines.get(i, 0))
        where = ("un quartier prioritaire, lequel n'est pas connu (plusieurs portent ce nom)"
                 if code == "QPV" else code)
        said.append(f"{str(raw.iloc[i]).strip()} → {where} ({n} ligne{'s' if n > 1 else ''})")
    mask = col.mask(flags)
    line_rows = frozenset(int(r) for r in col.file_rows[mask].unique())
    col.problems.append(LinesProblem(
        col.sheet, min(line_rows), col.header, " ; ".join(said),
        "Quartier prioritaire reconnu d'après son nom",
        "Ces personnes sont comptées comme résidant en QPV, dans le quartier indiqué. Si ce "
        "n'est pas le bon, associez la valeur sur la page d'import ou avec --map-value.",
        INFO, line_rows=line_rows))


def education_levels(col: Column) -> pd.Series:
    _, raw = col.distinct()
    v = vocabularies.for_kind("education_level")
    codes_asp = parse_code(raw, 2)
    numeric = set(codes_asp.dropna().unique())
    # ASP codes (00…70) when every value is one and at least one is not also a 2019 level
    levels_2019 = {f"0{i}" for i in range(1, 9)}
    asp_like = (bool(numeric) and numeric <= set(codes.EDUCATION_ASP)
                and any(len(str(c)) == 2 and c not in levels_2019 for c in numeric))

    def one(x, code):
        if _blank(x):
            return None
        if asp_like and code in codes.EDUCATION_ASP:
            return codes.EDUCATION_ASP[code]
        return v.lookup(x)

    out = coded(col, v, [one(x, c) for x, c in zip(raw, codes_asp, strict=True)], severity=WARNING)
    return _table(col, out).astype("Int16")


def prescribers(col: Column) -> pd.Series:
    """Prescribers under one label (« Pôle emploi », « 3 » -> France Travail); others kept as written."""
    _, raw = col.distinct()
    v = vocabularies.for_kind("prescriber")
    out = coded(col, v, [v.lookup(x) for x in raw], severity=WARNING)
    return _table(col, [o if o is not None else (None if _blank(x) else str(x).strip())
                        for o, x in zip(out, raw, strict=True)])


def exit_reasons(col: Column, kind_given: "Column | None" = None) -> tuple[pd.Series, pd.Series]:
    """(reason as written, its kind: positive, neutre or autre). A reason no rule knows
    counts « autre » and is reported, unless every line of it says its kind itself."""
    codes_, raw = col.distinct()
    v = vocabularies.for_kind("exit_reason")
    skip = None
    if kind_given is not None:
        blank_kind = kind_given.blank().to_numpy()
        without = np.zeros(len(raw), dtype=bool)
        without[np.unique(codes_[blank_kind])] = True  # values with a line lacking its kind
        skip = list(~without)
    out = coded(col, v, [v.lookup(x) for x in raw], severity=WARNING, skip=skip,
                note="Ces motifs sont comptés « Autre sortie » tant qu'ils ne sont pas associés.")
    text_ = _table(col, [None if _blank(x) else str(x).strip() for x in raw])
    kinds = _table(col, [o if o is not None else (None if _blank(x) else "autre")
                         for o, x in zip(out, raw, strict=True)])
    return text_, kinds
