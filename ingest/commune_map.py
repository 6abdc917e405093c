"""Communes a file names that the resolver cannot read, and the manager's associations.

An ambiguous « MARQUETTE » (Marquette-lez-Lille 59386 or Marquette-en-Ostrevant 59387), a
spelling such as « ST ANDRE CDX » or a code the COG does not know is reported once per
column, grouped (`UnknownCommunes`: each spelling as written, its lines, the closest
communes), and blocks the import until the manager associates it once with a commune, on
the import page or with `--map-value "Commune:MARQUETTE=59386"`. The association is saved
for the source with the coded values' (`data.mappings`, by field) and applied before the
resolver reads the rows (`associate`); the rows read that way are said, one information
line per spelling. A spelling is compared normalised (case, accents, « ST » for « Saint »).
"""

import re
from dataclasses import dataclass

import pandas as pd

from ingest.communes import CommuneResolver, clean_code, commune_key
from ingest.parse import norm_label
from ingest.report import ERROR, INFO, LinesProblem, Problem
from ingest.vocab import COMMUNE, MAX_LISTED, UnknownValues
from wording import texts

# the commune columns of a row, in the order their cell is taken as the row's spelling
ORDER = ("commune_name", "commune_code", "postal_code")
_CODE_LIKE = re.compile(r"[\d\s.\u00a0]+|2[ab]\d{3}", re.IGNORECASE)
_SUGGESTED_CODE = re.compile(r"\((\w{5})\)$")
MAX_CLOSE = 3  # spellings whose closest communes the advice names


@dataclass
class UnknownCommunes(UnknownValues):
    """The spellings of one commune column that no commune answers, reported once, grouped
    (`values`: spelling, lines, closest INSEE codes; `options`: those codes, then the
    communes of the file's départements, with « Nom (code) » labels).

    `line_values` keeps (line of the file, spelling, the resolver's sentence) for every
    line, so that the validation report still lists them one by one."""

    line_values: tuple = ()


def spelling_key(value) -> str:
    """A spelling as compared with the manager's associations: a code as a code
    (« 59999.0 » is « 59999 »), a name as a commune key (« St André » is « saint andre »)."""
    if value is None:
        return ""
    text = str(value).strip()
    if _CODE_LIKE.fullmatch(text):
        return (clean_code(text) or "").lower()
    return commune_key(text)


def written(out: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """(spelling as written, commune field it is read from) of each row: its name, else its
    code, else its postal code; None where the row names no commune."""
    spelling = pd.Series(None, index=out.index, dtype=object)
    source = pd.Series(None, index=out.index, dtype=object)
    for key in ORDER:
        if key not in out:
            continue
        cells = out[key].map(lambda v: None if v is None or pd.isna(v) or not str(v).strip()
                             else " ".join(str(v).split()))
        take = spelling.isna() & cells.notna()
        spelling[take] = cells[take]
        source[take] = key
    return spelling, source


def associate(out: pd.DataFrame, cols: dict, resolver: CommuneResolver, problems: list[Problem],
              sheet: str, file_rows: pd.Series) -> pd.Series:
    """The INSEE code the manager's association gives each row (None where none applies).

    A column's associations (`Column.value_map`, normalised spelling -> target as written)
    are tried on its cells in `ORDER`; a target that names no commune is an error (the row
    stays unread); the rows read by an association are said once per spelling."""
    found: dict = {}  # row index -> INSEE code
    for key in ORDER:
        col = cols.get(key)
        if key not in out or col is None or not col.value_map:
            continue
        by_key = {**{spelling_key(k): t for k, t in col.value_map.items()}, **col.value_map}
        targets = {t: resolver.association_target(t) for t in set(by_key.values())}
        wrong: dict[str, str] = {}
        # once per distinct cell (an export repeats its communes on every line)
        positions, uniques = pd.factorize(out[key].to_numpy(dtype=object), use_na_sentinel=True)
        per_cell = []
        for cell in uniques:
            target = (by_key.get(norm_label(cell), by_key.get(spelling_key(cell)))
                      if str(cell).strip() else None)
            if target is not None and targets[target] is None:
                wrong.setdefault(" ".join(str(cell).split()), target)
            per_cell.append(None if target is None else targets[target])
        here = {idx: per_cell[pos] for idx, pos in zip(out.index, positions, strict=True)
                if pos >= 0 and per_cell[pos] is not None and idx not in found}
        found.update(here)
        if wrong:
            pairs = " ; ".join(f"« {v} = {t} »" for v, t in wrong.items())
            problems.append(Problem(sheet, None, col.header, " ; ".join(wrong),
                                    texts.COMMUNE_ASSOCIATION_WRONG_RULE,
                                    texts.COMMUNE_ASSOCIATION_WRONG.format(pairs=pairs), ERROR))
        said = pd.Series(here, index=out.index, dtype=object)
        _say_associated(out[key], said, key, col.header, resolver, problems, sheet, file_rows)
    chosen = pd.Series(None, index=out.index, dtype=object)
    for idx, code in found.items():
        chosen.at[idx] = code
    return chosen


def _say_associated(cells: pd.Series, chosen: pd.Series, key: str, header: str,
                    resolver: CommuneResolver, problems: list[Problem], sheet: str,
                    file_rows: pd.Series) -> None:
    """One information line per spelling read by an association, with its lines."""
    spelling, source = written(cells.to_frame(key))
    done = chosen.notna() & (source == key)
    if not done.any():
        return
    frame = pd.DataFrame({"spelling": spelling[done], "code": chosen[done],
                          "row": file_rows[done]})
    frame["key"] = frame["spelling"].map(spelling_key)
    for (_, code), group in frame.groupby(["key", "code"], sort=True):
        value = group["spelling"].value_counts().index[0]  # as written most often
        rows = frozenset(int(r) for r in group["row"].unique())
        n = len(rows)
        problems.append(LinesProblem(
            sheet, min(rows), header, value, texts.COMMUNE_ASSOCIATED_RULE,
            texts.COMMUNE_ASSOCIATED.format(value=value, commune=resolver.label_of(code),
                                            lines=f"{n} ligne{'s' if n > 1 else ''}"),
            INFO, line_rows=rows))


def _codes(suggestions) -> tuple[str, ...]:
    """The INSEE codes of the resolver's « Nom (code) » suggestions."""
    return tuple(m[1] for s in suggestions or () if (m := _SUGGESTED_CODE.search(str(s))))


def report_unknown(out: pd.DataFrame, cols: dict, res: pd.DataFrame, unresolved: pd.Series,
                   resolver: CommuneResolver, problems: list[Problem], sheet: str,
                   file_rows: pd.Series) -> None:
    """One `UnknownCommunes` error per commune column for the rows `unresolved` marks."""
    if not unresolved.any():
        return
    spelling, source = written(out)
    known = res["code_insee"][~unresolved].dropna()
    file_deps = sorted({d for c in set(known) if (d := resolver.departement(c))})
    blank = spelling.isna() & unresolved
    if blank.any():  # no commune written: nothing to associate, the line is said as before
        col = next((cols[k] for k in ORDER if k in cols), None)
        for idx in blank[blank].index:
            problems.append(Problem(sheet, int(file_rows.at[idx]),
                                    col.header if col is not None else "Commune", "",
                                    res.at[idx, "problem"],
                                    texts.COMMUNE_BLANK_ADVICE, ERROR))
    for key in ORDER:
        rows_here = unresolved & ~blank & (source == key)
        if not rows_here.any():
            continue
        col = cols.get(key)
        header = col.header if col is not None else "Commune"
        field_name = (col.field or key) if col is not None else key
        per_value: dict[str, dict] = {}  # spelling key -> its lines, forms, closest
        lines = []
        for idx in rows_here[rows_here].index:
            value, row = spelling.at[idx], int(file_rows.at[idx])
            entry = per_value.setdefault(spelling_key(value) or value, {
                "rows": set(), "forms": {}, "closest": _codes(res.at[idx, "suggestions"])})
            entry["rows"].add(row)
            entry["forms"][value] = entry["forms"].get(value, 0) + 1
            lines.append((row, value, res.at[idx, "problem"]))
        for e in per_value.values():  # a spelling as written most often (first seen on a tie)
            e["shown"] = max(e["forms"], key=e["forms"].get)
        per_value = {e["shown"]: e for e in per_value.values()}
        counted = sorted(per_value.items(), key=lambda kv: (-len(kv[1]["rows"]), commune_key(kv[0])))
        values = tuple((v, len(e["rows"]), e["closest"]) for v, e in counted)
        proposed = list(dict.fromkeys(c for _, _, closest in values for c in closest))
        deps = file_deps or sorted({d for c in proposed if (d := resolver.departement(c))}) \
            or list(resolver.preferred)
        options = list(dict.fromkeys([*proposed, *resolver.communes_of(deps)]))
        n = len(values)
        listed = ", ".join(f"{v or '(vide)'} ({k} ligne{'s' if k > 1 else ''})"
                           for v, k, _ in values[:MAX_LISTED])
        if n > MAX_LISTED:
            listed += f", … ({n - MAX_LISTED} autres)"
        rule = (texts.COMMUNE_UNKNOWN_RULE_ONE if n == 1
                else texts.COMMUNE_UNKNOWN_RULE_MANY.format(n=n))
        close = " ; ".join(f"« {v} » → {' ou '.join(resolver.label_of(c) for c in closest)}"
                           for v, _, closest in values[:MAX_CLOSE] if closest)
        first_value, _, first_closest = values[0]
        advice = (texts.COMMUNE_UNKNOWN_CLOSE.format(close=close) if close else "") + \
            texts.COMMUNE_UNKNOWN_ADVICE.format(
                header=header, value=first_value or "valeur",
                target=first_closest[0] if first_closest else texts.COMMUNE_UNKNOWN_TARGET)
        all_rows = frozenset(r for e in per_value.values() for r in e["rows"])
        problems.append(UnknownCommunes(
            sheet, min(all_rows), header, listed, rule, advice, ERROR, field=field_name,
            kind=COMMUNE, values=values,
            options=tuple((c, resolver.label_of(c)) for c in options),
            line_rows=all_rows, line_values=tuple(sorted(set(lines)))))
