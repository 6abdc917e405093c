"""Import pipeline: read → match profile → parse → validate → (commit). Same code for the page and the CLI.

`prepare()` never writes anything: it returns what would be stored and the validation
report. `commit()` stores it in one all-or-nothing step, or refuses when rows are
invalid and the manager has not chosen to import without them.
"""

import datetime as dt
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from data import reference
from data.schema import TABLES
from data.store import Store
from ingest import codes, fields, suggest, vocab
from ingest.communes import CommuneResolver
from ingest.match import SheetMatch, all_sources, best_match, is_personal, value_columns
from ingest.parse import norm_label
from ingest.profiles import SOURCES
from ingest.readers import ReadError, read_workbook
from ingest.report import ERROR, INFO, WARNING, Problem


class ImportRefused(Exception):
    """The file cannot be imported as is; `str(e)` is a French sentence for the user."""

    def __init__(self, message: str, prepared: "Prepared | None" = None):
        super().__init__(message)
        self.prepared = prepared


@dataclass
class SheetResult:
    name: str
    table: str
    header_row: int
    rows_read: int
    frame: pd.DataFrame  # canonical columns of the table + `_bad` and `_file_row`
    unmapped: list[str] = field(default_factory=list)
    personal_dropped: list[str] = field(default_factory=list)
    excluded_totals: int = 0
    # unrecognised headers -> ranked guesses [(field, score)] (ingest.suggest)
    suggestions: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


@dataclass
class Prepared:
    file_name: str
    raw: bytes
    source: str
    territory: str
    period: str
    sheets: list[SheetResult]
    problems: list[Problem]
    # the manager's value mappings that applied, by field (to be saved), and the keys
    # of the given value mappings that name no coded column of the file
    value_mapping: dict[str, dict[str, str]] = field(default_factory=dict)
    unused_value_keys: list[str] = field(default_factory=list)

    @property
    def rows_read(self) -> int:
        return sum(s.rows_read for s in self.sheets)

    @property
    def invalid_rows(self) -> int:
        return int(sum(s.frame["_bad"].sum() for s in self.sheets))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    def frames(self, drop_invalid: bool) -> dict[str, pd.DataFrame]:
        out: dict[str, pd.DataFrame] = {}
        for s in self.sheets:
            df = s.frame[~s.frame["_bad"]] if drop_invalid else s.frame
            cols = list(TABLES[s.table].columns)
            out[s.table] = pd.concat([out[s.table], df[cols]]) if s.table in out else df[cols]
        return out


_resolver: CommuneResolver | None = None


def resolver() -> CommuneResolver:
    global _resolver
    if _resolver is None:
        _resolver = CommuneResolver()
    return _resolver


def prepare(store: Store, raw: bytes, file_name: str, source: str | None = None,
            period: str | None = None, territory: str | None = None,
            mapping: dict[str, str] | None = None, today: dt.date | None = None,
            value_mapping: dict[str, dict[str, str]] | None = None) -> Prepared:
    """`mapping`: header -> field; `value_mapping`: column (header, field or its label) ->
    {value as written: value to store} (see ingest.vocab)."""
    today = today or dt.date.today()
    if source is not None and source not in SOURCES:
        raise ImportRefused(f"Source inconnue : « {source} ». Sources possibles : {', '.join(SOURCES)}.")
    try:
        sheets = read_workbook(raw, file_name)
    except ReadError as e:
        raise ImportRefused(str(e)) from e
    candidates = [SOURCES[source]] if source else all_sources()
    matches = [(s, best_match(s.frame, candidates, mapping)) for s in sheets]
    matches = [(s, m) for s, m in matches if m is not None]
    if not matches:
        raise ImportRefused(_unrecognised(file_name, source))
    chosen = source or max(
        {m.source.key for _, m in matches},
        key=lambda k: sum(m.score for _, m in matches if m.source.key == k),
    )
    problems: list[Problem] = []
    results = []
    for sheet, m in matches:
        if m.source.key != chosen:
            continue
        if m.missing_required:
            labels = ", ".join(f"« {m.profile.header(n)} »" for n in m.missing_required)
            free = [i for i in range(len(m.headers)) if i not in m.columns.values()]
            hint = suggest.sentence(suggest.for_headers(sheet.frame, m.header_row, m.headers, m.profile, free,
                                                        only=set(m.missing_required)), m.profile)
            problems.append(Problem(sheet.name, m.header_row + 1, "", "",
                                    "Colonne obligatoire absente",
                                    f"Ajoutez ou associez la colonne {labels}"
                                    + (f" ({hint})" if hint else "") + ".", ERROR))
            continue
        results.append(_parse_sheet(store, sheet.name, sheet.frame, m, problems, today,
                                    _file_year(file_name, period), value_mapping))
    if not results:
        if problems:
            raise ImportRefused(
                "Le fichier ne contient pas les colonnes obligatoires : "
                + " ; ".join(p.advice for p in problems),
            )
        raise ImportRefused(_unrecognised(file_name, source))
    if all(r.rows_read == 0 for r in results):
        raise ImportRefused(f"Le fichier « {file_name} » ne contient aucune ligne de données.")
    for r in results:
        if r.unmapped:
            profile = next(m.profile for _, m in matches if m.profile.table == r.table)
            hint = suggest.sentence(r.suggestions, profile)
            problems.append(Problem(r.name, r.header_row + 1, ", ".join(r.unmapped), "",
                                    "Colonnes non utilisées",
                                    "Ces colonnes ne sont pas importées. Associez-les à un champ "
                                    "si elles doivent l'être" + (f" : {hint}" if hint else "") + ".",
                                    WARNING))
        if r.personal_dropped:
            problems.append(Problem(r.name, r.header_row + 1, ", ".join(r.personal_dropped), "",
                                    "Données personnelles écartées",
                                    "Ces colonnes ne sont jamais conservées.", INFO))
        if r.excluded_totals:
            problems.append(Problem(r.name, None, "", str(r.excluded_totals),
                                    "Lignes de total exclues",
                                    "Les totaux sont recalculés par l'application.", INFO))
    # wide layouts repeat a row's problem once per value column: report it once
    seen, unique = set(), []
    for p in problems:
        key = (p.sheet, p.row, p.column, p.rule, p.value)
        if key not in seen:
            seen.add(key)
            unique.append(p)
    problems = unique
    territory = territory or _infer_territory(results)
    period = period or _infer_period(SOURCES[chosen].period_kind, results)
    coded = [(m.headers[i], f.name, f.synonyms[0], f.kind) for _, m in matches if m.source.key == chosen
             for f in m.profile.fields if (i := m.columns.get(f.name)) is not None]
    used, unused = vocab.resolve(value_mapping, coded)
    return Prepared(file_name, raw, chosen, territory, period, results, problems, used, unused)


def commit(store: Store, prepared: Prepared, user: str = "cli", drop_invalid_rows: bool = False):
    invalid = prepared.invalid_rows
    if (invalid or prepared.errors) and not drop_invalid_rows:
        raise ImportRefused(
            f"Import refusé : {invalid} ligne(s) invalide(s) sur {prepared.rows_read}. "
            "Rien n'a été enregistré. Corrigez le fichier, ou importez sans ces lignes "
            "(option --drop-invalid-rows).",
            prepared,
        )
    frames = prepared.frames(drop_invalid=drop_invalid_rows)
    return store.commit_import(
        source=prepared.source, territory=prepared.territory, period=prepared.period,
        frames=frames, file_name=prepared.file_name, raw=prepared.raw, user=user,
        rows_read=prepared.rows_read, rows_rejected=invalid if drop_invalid_rows else 0,
        dropped_invalid_rows=bool(drop_invalid_rows and invalid),
    )


def _unrecognised(file_name: str, source: str | None) -> str:
    if source:
        return (f"Le fichier « {file_name} » ne ressemble pas à un export « {SOURCES[source].label} » : "
                "aucune ligne d'en-tête ne contient ses colonnes.")
    return (f"Le fichier « {file_name} » n'a été reconnu comme aucun des exports connus "
            f"({', '.join(s.label for s in SOURCES.values())}). Vérifiez le fichier ou indiquez "
            "la source et associez les colonnes.")


def _melt(body: pd.DataFrame, file_rows: pd.Series, m: SheetMatch,
          value_cols: list[int]) -> tuple[pd.DataFrame, pd.Series]:
    """One row per (row of the file, value column) for layouts with a column per month/measure."""
    ids = list(m.columns.values())
    parts = []
    for c in value_cols:
        part = body[ids].copy()
        part["__wide"] = m.headers[c]
        part["__value"] = body[c]
        part["__file_row"] = file_rows
        parts.append(part)
    long = pd.concat(parts, ignore_index=True)
    return long, long.pop("__file_row")


def _parse_sheet(store: Store, name: str, frame: pd.DataFrame, m: SheetMatch,
                 problems: list[Problem], today: dt.date, file_year: int | None,
                 value_mapping: dict[str, dict[str, str]] | None = None) -> SheetResult:
    body = frame.iloc[m.header_row + 1:]
    # Each mapped column is factorised once: its values are then read once per distinct value,
    # and its codes tell which cells are filled (read_workbook gives None for blank cells).
    distinct = {} if m.profile.wide else {i: fields.factorize(body[i])
                                          for i in set(m.columns.values())}
    filled = np.zeros(len(body), dtype=np.int64)
    for i in body.columns:
        filled += distinct[i][0] >= 0 if i in distinct else body[i].to_numpy() != None  # noqa: E711
    n_filled = pd.Series(filled, index=body.index)
    # Notes under or above a table ("Source : France Travail…") fill a single cell.
    notes = (n_filled == 1) & (sum(bool(h) for h in m.headers) >= 3)
    person_totals = fields.person_total_lines(body, m)  # « Total : 260 participants »
    keep = (n_filled > 0) & ~notes & ~person_totals
    if not keep.all():
        body = body[keep]
        distinct = {i: fields.subset(d, keep.to_numpy()) for i, d in distinct.items()}
    if notes.any():
        problems.append(Problem(name, int(notes[notes].index[0]) + 1, "", "",
                                f"{int(notes.sum())} ligne(s) de note ignorée(s)",
                                "Les lignes qui ne remplissent qu'une cellule sont des notes.", INFO))
    file_rows = pd.Series(body.index + 1, index=body.index)
    used = set(m.columns.values())
    kinds = {f.name: f.kind for f in m.profile.fields}
    headers = dict(enumerate(m.headers))
    value_cols: list[int] = []
    if m.profile.wide:
        value_cols = value_columns(m.headers, m.profile, used)
        body, file_rows = _melt(body, file_rows, m, value_cols)
        kinds[m.profile.wide] = "month" if m.profile.wide == "month" else "text"
        kinds[m.profile.wide_value] = "count" if m.profile.table == "job_seekers" else "count_decimal"
        headers.update({"__wide": m.profile.wide, "__value": "valeurs"})
    unmapped, personal = [], []
    for i, h in enumerate(m.headers):
        if i in used or i in value_cols or not h:
            continue
        (personal if is_personal(h) else unmapped).append(h)
    guesses = {} if m.profile.wide or not unmapped else suggest.for_headers(
        frame, m.header_row, m.headers, m.profile,
        [i for i, h in enumerate(m.headers) if h in unmapped], set(m.columns))
    columns = dict(m.columns)
    if m.profile.wide:
        columns.update({m.profile.wide: "__wide", m.profile.wide_value: "__value"})
    cols = {f: fields.Column(name, headers[i], body[i], file_rows, problems, distinct.get(i))
            for f, i in columns.items()}
    labels = {f.name: f.synonyms[0] for f in m.profile.fields}
    for f, col in cols.items():
        col.field = f
        col.value_map = vocab.column_map(value_mapping, col.header, f, labels.get(f, f))
    for f in m.profile.fields:
        if f.required and f.name in cols:
            cols[f.name].report(cols[f.name].blank(), "Valeur obligatoire manquante",
                                "Complétez la cellule ou retirez la ligne.")
    out = pd.DataFrame(index=body.index)
    total = pd.Series(False, index=body.index)
    for fname, col in cols.items():
        kind = kinds[fname]
        if kind.startswith("enum:"):
            values, is_total = fields.vocabulary(col, getattr(codes, kind[5:]), allow_total=True)
            out[fname] = values
            total |= is_total
        elif kind == "sex":
            out[fname], _ = fields.vocabulary(col, codes.SEX)
        elif kind == "date":
            out[fname] = fields.dates(col, today)
        elif kind == "month":
            out[fname] = fields.months(col)
        elif kind in ("count", "int"):
            out[fname] = fields.numbers(col, integer=True, secret_allowed=(kind == "count"))
        elif kind == "decimal":
            out[fname] = fields.numbers(col, integer=False, secret_allowed=False)
        elif kind == "count_decimal":
            out[fname] = fields.numbers(col, integer=False, secret_allowed=True)
        elif kind == "bool":
            out[fname] = fields.booleans(col)
        elif kind == "qpv":
            out[fname] = fields.qpv_codes(col)
        elif kind == "education_level":
            out[fname] = fields.education_levels(col)
        elif kind == "prescriber":
            out[fname] = fields.prescribers(col)
        elif kind == "exit_reason":
            out[fname], out["exit_reason_kind"] = fields.exit_reasons(col, cols.get("exit_kind"))
        elif kind in ("text", "person_id", "commune_name", "postal_code", "commune_code"):
            out[fname] = fields.text(col)
        else:  # pragma: no cover - a profile error, caught by tests/ingest/test_profiles.py
            raise ValueError(f"unknown field kind {kind}")
    bad = pd.Series(False, index=body.index)
    for col in cols.values():
        bad |= col.bad
    table = _build_table(store, m, out, cols, file_rows, problems, name, file_year)
    extra, table.attrs = table.attrs, {}
    for c in extra.get("bad_masks", []):
        bad |= c
    total |= extra.get("totals", False)
    bad |= _duplicates(m.profile.table, table, total, file_rows, problems, name)
    if total.any():
        table = table.loc[~total]
    table["_bad"] = bad.loc[~total].to_numpy()
    table["_file_row"] = file_rows.loc[~total].to_numpy()
    n_rows = file_rows.nunique() if m.profile.wide else len(file_rows)  # else one row per line
    n_totals = file_rows[total].nunique()
    return SheetResult(name, m.profile.table, m.header_row, int(n_rows - n_totals), table,
                       unmapped, personal, int(n_totals + person_totals.sum()), guesses)


def _resolve_communes(out: pd.DataFrame, cols: dict, problems: list[Problem], sheet: str,
                      file_rows: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    code, name, postal = out.get("commune_code"), out.get("commune_name"), out.get("postal_code")
    bad = pd.Series(False, index=out.index)
    if code is None and name is None and postal is None:
        problems.append(Problem(sheet, None, "", "", "Commune absente",
                                "Ajoutez une colonne « Code commune » ou « Commune ».", ERROR))
        bad[:] = True
        return pd.Series(None, index=out.index, dtype=object), bad, pd.Series(False, index=out.index)
    res = resolver().resolve_frame(code, name, postal)
    res.index = out.index
    aggregate = _aggregate_rows(code, name)
    res.loc[aggregate, "problem"] = None
    unresolved = res["problem"].notna()
    header = next((cols[k].header for k in ("commune_code", "commune_name", "postal_code")
                   if k in cols), "Commune")
    for idx in unresolved[unresolved].index:
        sugg = res.at[idx, "suggestions"] or []
        advice = ("Vous vouliez peut-être : " + ", ".join(sugg) + "." if sugg
                  else "Corrigez le nom ou indiquez le code INSEE de la commune.")
        value = " ".join(str(v) for v in (
            code.at[idx] if code is not None else None, name.at[idx] if name is not None else None,
            postal.at[idx] if postal is not None else None) if v)
        problems.append(Problem(sheet, int(file_rows.at[idx]), header, value,
                                res.at[idx, "problem"], advice, ERROR))
    bad |= unresolved
    return res["code_insee"].where(~aggregate, None), bad, aggregate


AGGREGATE = re.compile(
    r"^(total|ensemble|france|region|departement|metropole|hauts de france|nord|non localise)"
    r"|\b(reg ?\d{2}|\d{2,3})$")


def _aggregate_rows(code: pd.Series | None, name: pd.Series | None) -> pd.Series:
    """Rows of départements, regions or totals mixed with communes: excluded, reported."""
    index = (code if code is not None else name).index
    flag = pd.Series(False, index=index)
    for s in (code, name):
        if s is not None:
            flag |= fields.by_value(s, lambda v: bool(v) and bool(AGGREGATE.search(norm_label(v)))
                                    and not re.search(r"\d{5}", str(v))).astype(bool)
    return flag


def _age(birth: pd.Series, at: pd.Series) -> pd.Series:
    b, a = pd.to_datetime(birth), pd.to_datetime(at)
    before_birthday = (a.dt.month < b.dt.month) | ((a.dt.month == b.dt.month) & (a.dt.day < b.dt.day))
    years = a.dt.year - b.dt.year - before_birthday.astype(int)
    return years.astype("Int16")


def _build_table(store: Store, m: SheetMatch, out: pd.DataFrame, cols: dict,
                 file_rows: pd.Series, problems: list[Problem], sheet: str,
                 file_year: int | None) -> pd.DataFrame:
    table = m.profile.table
    t = pd.DataFrame(index=out.index)
    bad_masks = []
    totals = pd.Series(False, index=out.index)
    g = out.get
    if "person_id" in out:
        t["person_key"] = store.pseudonymise(out["person_id"])
    if table in ("plie_participants", "ml_young", "job_seekers", "mde_events", "indicator_values"):
        code, bad, aggregate = _resolve_communes(out, cols, problems, sheet, file_rows)
        t["code_insee"] = code
        bad_masks.append(bad)
        totals |= aggregate
    if table in ("plie_participants", "ml_young"):
        # a QPV code column wins over the flag (which only says « QPV »)
        code, flag = g("qpv_code"), g("qpv")
        if code is not None and flag is not None:
            code = code.where(code.notna() & (code != "QPV"), flag)
        t["qpv_code"] = code if code is not None else flag
        t["sex"] = g("sex")
        t["education_level"] = g("education_level")
        date_col = "entry_date" if table == "plie_participants" else "registration_date"
        age = _age(out["birth_date"], out[date_col]) if "birth_date" in out else None
        if age is None and "age" in out:
            age = out["age"].astype("Int16")
        age_name = "age_at_entry" if table == "plie_participants" else "age_at_registration"
        t[age_name] = age
        if age is not None and "birth_date" in out:
            odd = age.notna() & ((age < 14) | (age > 80))
            if odd.any():
                c = cols["birth_date"]
                c.report(odd, "Âge improbable", "Vérifiez la date de naissance.")
                bad_masks.append(c.bad)
    if table == "plie_participants":
        t["rsa"] = g("rsa")
        t["prescriber"] = g("prescriber")
        t["entry_date"] = out["entry_date"]
        t["exit_date"] = g("exit_date")
        t["exit_reason"] = g("exit_reason")
        kind = g("exit_kind")
        classified = g("exit_reason_kind")
        if classified is None:
            classified = pd.Series(None, index=out.index, dtype=object)
        if kind is None:
            kind = classified
        else:
            kind = kind.where(kind.notna(), classified)
        t["exit_kind"] = kind.where(t["exit_date"].notna(), None) if t["exit_date"] is not None else None
        if t["exit_date"] is not None:
            before = t["exit_date"].notna() & (t["exit_date"] < t["entry_date"])
            if before.any():
                c = cols["exit_date"]
                c.report(before, "Sortie avant l'entrée", "Vérifiez les dates d'entrée et de sortie.")
                bad_masks.append(c.bad)
    elif table == "ml_young":
        t["registration_date"] = out["registration_date"]
    elif table in ("plie_steps", "ml_programmes", "ml_situations"):
        for c in TABLES[table].columns:
            if c != "person_key":
                t[c] = g(c)
    elif table in ("ml_contacts", "financial_aid", "mde_events", "job_seekers"):
        for c in TABLES[table].columns:
            if c not in ("person_key", "code_insee"):
                t[c] = g(c)
                if TABLES[table].columns[c] == "INTEGER" and t[c] is not None:
                    t[c] = pd.to_numeric(t[c]).round().astype("Int64")
    elif table == "qpv_indicators":
        codes_ = out["qpv_code"].map(lambda v: None if v is None else str(v).strip().upper())
        totals |= codes_.map(lambda v: norm_label(v or "") in codes.TOTAL_LABELS)
        gen = codes_.map(lambda v: 2015 if v and v.startswith("QP") else 2024 if v and v.startswith("QN") else None)
        col = cols["qpv_code"]
        col.report(gen.isna() & ~totals & codes_.notna(), "Code QPV non reconnu",
                   "Un code QPV commence par QP (2015) ou QN (2024).")
        bad_masks.append(col.bad)
        t["qpv_code"], t["generation"], t["qpv_name"] = codes_, gen, g("qpv_name")
        t["measure"] = out["measure"].map(lambda v: str(v).strip())
        t["value"] = out["value"]
        t["year"] = file_year
        if file_year is None:
            problems.append(Problem(sheet, None, "", "", "Année inconnue",
                                    "Indiquez l'année des données (option --period AAAA).", ERROR))
            bad_masks.append(pd.Series(True, index=out.index))
    elif table == "indicator_values":
        t["period"], t["indicator"], t["value"] = out["period"], out["indicator"], out["value"]
    elif table == "clause_hours":
        for c in ("month", "operation", "hours"):
            t[c] = out[c]
        for target, fname in (("operation_insee", "operation_commune"), ("resident_insee", "resident_commune")):
            v = g(fname)
            if v is not None:
                res = resolver().resolve_frame(v, None, None)
                res.index = out.index
                v = res["code_insee"]
            t[target] = v
    for c in TABLES[table].columns:
        if c not in t:
            t[c] = None
    t.attrs["bad_masks"] = bad_masks
    t.attrs["totals"] = totals
    return t


# What identifies a row: a second row with the same key would be counted twice.
DUPLICATE_KEYS = {
    "job_seekers": ["code_insee", "month", "category", "sex", "age_band", "duration_band"],
    "plie_participants": ["person_key", "entry_date"],
    "ml_young": ["person_key"],
    "ml_programmes": ["person_key", "programme", "start_date"],
    "mde_events": ["event_date", "name"],
    "qpv_indicators": ["qpv_code", "measure"],
    "indicator_values": ["code_insee", "period", "indicator"],
}


def _duplicates(table_name: str, table: pd.DataFrame, total: pd.Series, file_rows: pd.Series,
                problems: list[Problem], sheet: str) -> pd.Series:
    """Second and later rows with the same key: errors pointing at the first one."""
    flags = pd.Series(False, index=table.index)
    key = DUPLICATE_KEYS.get(table_name)
    if not key:
        return flags
    keyed = table.loc[~total, key]
    if keyed.empty:
        return flags
    # One integer per distinct key (an empty cell is a value of its own), no strings built.
    combined, size = np.zeros(len(keyed), dtype=np.int64), 1
    for c in key:
        codes, uniques = pd.factorize(keyed[c].to_numpy(), use_na_sentinel=True)
        if size * (len(uniques) + 1) >= 2**62:
            combined, seen = pd.factorize(combined)
            size = len(seen)
        combined = combined * (len(uniques) + 1) + codes + 1
        size *= len(uniques) + 1
    combined, _ = pd.factorize(combined)  # keys numbered in order of first appearance
    dup = np.zeros(len(combined), dtype=bool)
    dup[1:] = combined[1:] <= np.maximum.accumulate(combined)[:-1]
    if not dup.any():
        return flags
    first = np.flatnonzero(~dup)  # first[k]: first row of key k
    rows = file_rows.loc[keyed.index].to_numpy()
    for i in np.flatnonzero(dup):
        problems.append(Problem(sheet, int(rows[i]), "", "", "Ligne en double",
                                f"Identique à la ligne {int(rows[first[combined[i]]])} : supprimez "
                                "l'une des deux pour ne pas compter deux fois.", ERROR))
    flags.loc[keyed.index[dup]] = True
    return flags


def _file_year(file_name: str, period: str | None) -> int | None:
    """The data year of a yearly file: from --period, else a 20xx in the file name."""
    for text in (period or "", file_name):
        m = re.search(r"(?<!\d)(19|20)\d{2}(?!\d)", text)
        if m:
            return int(m.group(0))
    return None


def classify_exit(reason) -> str | None:
    """Default rule: the first keyword list that matches the reason gives its kind; a
    reason no rule knows counts « autre » (the import reports it, see fields.exit_reasons)."""
    if reason is None or (isinstance(reason, float) and pd.isna(reason)) or not norm_label(reason):
        return None
    return vocab.for_kind("exit_reason").lookup(reason) or "autre"


def _infer_territory(results: list[SheetResult]) -> str:
    parts = [r.frame["code_insee"] for r in results if "code_insee" in r.frame]
    communes = pd.concat(parts) if parts else pd.Series(dtype=object)
    if communes.dropna().empty:
        return "autre"
    tc = reference.territory_communes()
    builtin = tc[tc["territory"] != "nord"]
    counts = builtin[builtin["code_insee"].isin(set(communes.dropna()))]["territory"].value_counts()
    hits = communes.isin(set(builtin["code_insee"])).mean()
    return str(counts.index[0]) if len(counts) and hits >= 0.5 else "autre"


def _infer_period(kind: str, results: list[SheetResult]) -> str:
    latest = None
    for r in results:
        for c in TABLES[r.table].columns:
            if TABLES[r.table].columns[c] == "DATE" and c in r.frame:
                v = pd.to_datetime(r.frame[c]).max()
                if pd.notna(v) and (latest is None or v > latest):
                    latest = v
    if latest is None:
        years = [int(y) for r in results if "year" in r.frame for y in r.frame["year"].dropna().unique()]
        return str(max(years)) if years else "inconnue"
    return f"{latest.year}" if kind == "year" else f"{latest.year}-{latest.month:02d}"
