"""Ranked guesses of the field an unrecognised column holds, from its header and its values.

A header no synonym knows (« Réf. dossier », « Orienté par ») is compared with every
synonym of the profile's fields (rapidfuzz), and a sample of its cells with what each
field kind accepts (dates, sexes, QPV codes, communes, ASP codes…). The best guesses are
offered first on the import page and named in the report; nothing is mapped without the
manager's choice.
"""

import re

import numpy as np
import pandas as pd
from rapidfuzz import fuzz

from ingest import vocab
from ingest.communes import CommuneResolver, clean_code, commune_key
from ingest.parse import norm_label, parse_bool, parse_date, parse_month, parse_number
from ingest.profiles import SheetProfile

SAMPLE = 200  # distinct cells looked at per column
MIN_SCORE = 70
QPV_CODE = re.compile(r"^Q[PN][0-9]{2}[0-9AB][0-9A-Z]{3,4}$")


def _share(flags) -> float:
    flags = list(flags)
    return sum(flags) / len(flags) if flags else 0.0


def _values_score(kind: str, values: list[str], unique_ratio: float) -> float:
    """How well the cells fit a field kind, 0-100."""
    if not values:
        return 0.0
    s = pd.Series(values, dtype=object)
    v = vocab.for_kind(kind)
    if kind in ("sex", "education_level", "prescriber") or kind.startswith("enum:"):
        fit = _share(v.lookup(x) is not None for x in values)
        return 90.0 * fit if fit >= 0.8 else 0.0
    if kind == "exit_reason":
        fit = _share(v.lookup(x) is not None for x in values)
        return 80.0 * fit if fit >= 0.6 else 0.0
    if kind == "qpv":
        _, invalid = parse_bool(s)
        fit = _share(bool(QPV_CODE.match(x.upper().replace(" ", ""))) or not bad or v.lookup(x) is not None
                     for x, bad in zip(values, invalid, strict=True))
        return 75.0 if fit >= 0.9 else 0.0
    if kind == "bool":
        _, invalid = parse_bool(s)
        return 70.0 if _share(~invalid) >= 0.95 else 0.0
    if kind == "date":
        parsed, invalid = parse_date(s)
        numeric = _share(re.fullmatch(r"\d+([.,]\d+)?", x) is not None for x in values)
        return 70.0 if _share(~invalid & parsed.notna()) >= 0.9 and numeric < 0.5 else 0.0
    if kind == "month":
        parsed, invalid = parse_month(s)
        return 60.0 if _share(~invalid & parsed.notna()) >= 0.9 else 0.0
    ref = CommuneResolver().ref
    if kind == "commune_code":
        return 85.0 if _share((clean_code(x) or "") in ref.target for x in values) >= 0.8 else 0.0
    if kind == "postal_code":
        return 85.0 if _share((clean_code(x) or "") in ref.postal for x in values) >= 0.8 else 0.0
    if kind == "commune_name":
        return 80.0 if _share(commune_key(x) in ref.primary for x in values) >= 0.8 else 0.0
    if kind in ("count", "int", "decimal", "count_decimal"):
        _, _, invalid = parse_number(s)
        return 45.0 if _share(~invalid) >= 0.9 else 0.0
    if kind == "person_id":
        short = _share(len(x) <= 20 and re.fullmatch(r"[\w\-/. ]+", x) is not None for x in values)
        return 50.0 if unique_ratio >= 0.95 and short >= 0.95 else 0.0
    return 0.0


def _name_score(header: str, synonyms) -> float:
    h = norm_label(header)
    if not h:
        return 0.0
    best = 0.0
    for s in synonyms:
        n = norm_label(s)
        # a header inside a longer synonym (« Quartier » / « Quartier prioritaire ») is weaker
        score = max(fuzz.ratio(h, n), 0.85 * fuzz.token_set_ratio(h, n) if min(len(h), len(n)) > 3 else 0)
        best = max(best, score)
    return best


def rank(header: str, cells: pd.Series | None, profile: SheetProfile,
         exclude: set[str] = frozenset(), limit: int = 3,
         only: set[str] | None = None) -> list[tuple[str, int]]:
    """The fields of `profile` (or of `only`) this column may hold, best first:
    [(field name, score 0-100)]."""
    values: list[str] = []
    unique_ratio = 0.0
    if cells is not None:
        filled = [str(v).strip() for v in cells.tolist()
                  if v is not None and not (isinstance(v, float) and np.isnan(v)) and str(v).strip()]
        if filled:
            unique_ratio = len(set(filled)) / len(filled)
            values = list(dict.fromkeys(filled))[:SAMPLE]
    scored = []
    for f in profile.fields:
        if f.name in exclude or (only is not None and f.name not in only):
            continue
        by_name = _name_score(header, f.synonyms)
        by_values = _values_score(f.kind, values, unique_ratio)
        score = max(by_name, by_values)
        if by_name >= 50 and by_values >= 50:
            score = min(100.0, score + 10)
        if score >= MIN_SCORE:
            scored.append((f.name, int(round(score))))
    scored.sort(key=lambda fs: -fs[1])
    return scored[:limit]


def for_headers(frame: pd.DataFrame, header_row: int, headers: list[str], profile: SheetProfile,
                wanted: list[int], exclude: set[str] = frozenset(),
                only: set[str] | None = None) -> dict[str, list[tuple[str, int]]]:
    """Ranked guesses for the columns `wanted` (indexes) of a raw sheet: {header: [(field, score)]}."""
    body = frame.iloc[header_row + 1: header_row + 1 + 2000]
    out = {}
    for i in wanted:
        if i < len(headers) and headers[i]:
            ranked = rank(headers[i], body[i] if i in body.columns else None, profile, exclude, only=only)
            if ranked:
                out[headers[i]] = ranked
    return out


def sentence(guesses: dict[str, list[tuple[str, int]]], profile: SheetProfile) -> str:
    """« « Orienté par » ressemble à « Prescripteur » ; … » for the report."""
    parts = [f"« {h} » ressemble à « {profile.header(ranked[0][0])} »" for h, ranked in guesses.items()]
    return " ; ".join(parts)


def map_example(guesses: dict[str, list[tuple[str, int]]], profile: SheetProfile) -> str:
    """« --map « Orienté par=Prescripteur » »: how the command line says the first guess (the
    field's label is accepted), empty without a guess."""
    for h, ranked in guesses.items():
        return f"--map « {h}={profile.header(ranked[0][0])} »"
    return ""
