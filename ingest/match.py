"""Find the header row of a sheet and which profile (source, sheet) it matches."""

import re
from dataclasses import dataclass, field

import pandas as pd

from ingest import grain, vocab
from ingest.parse import norm_label, parse_month, parse_number
from ingest.profiles import PERSONAL_COLUMNS, SOURCES, SheetProfile, Source

HEADER_SCAN_ROWS = 30


@dataclass
class SheetMatch:
    source: Source
    profile: SheetProfile
    header_row: int  # 0-based index in the raw frame
    headers: list[str]  # as written in the file
    columns: dict[str, int]  # field name -> column index
    score: float
    enough: bool = True  # recognised enough columns to be taken for this profile
    # Two header rows (`sub_headers`): the data start on the second line below `header_row`.
    header_rows: int = 1
    # Column of a month -> {job-seeker dimension: its value} read on the second header row
    # (« 3e trimestre 2025 » above « Femmes »): the label as written, or the dimension's
    # margin (« total », « ABC ») where the label does not break the dimension down.
    sub_headers: dict[int, dict[str, str]] = field(default_factory=dict)
    # Month columns whose label on the second header row is not understood: not imported.
    unread_sub_headers: dict[int, str] = field(default_factory=dict)

    @property
    def missing_required(self) -> list[str]:
        return [f.name for f in self.profile.fields if f.required and f.name not in self.columns]

    @property
    def value_columns(self) -> list[int]:
        """Wide layouts: the columns whose cells are imported as values (months, measures)."""
        if not self.profile.wide:
            return []
        return [i for i in value_columns(self.headers, self.profile, set(self.columns.values()))
                if i not in self.unread_sub_headers]

    @property
    def context_columns(self) -> list[int]:
        """Columns recognised as context of the profile: known, not stored."""
        labels = {norm_label(h) for h in self.profile.context}
        used = set(self.columns.values())
        return [i for i, h in enumerate(self.headers)
                if h and i not in used and norm_label(h) in labels]

    @property
    def imported_columns(self) -> set[int]:
        """Every column whose content is imported: mapped fields and wide value columns."""
        return set(self.columns.values()) | set(self.value_columns)


def _synonym_index(profile: SheetProfile, mapping: dict[str, str] | None) -> dict[str, str]:
    index = {}
    for f in profile.fields:
        for s in f.synonyms:
            index.setdefault(norm_label(s), f.name)
    for header, target in (mapping or {}).items():
        name = field_of(profile, target)
        if name:
            index[norm_label(header)] = name
    return index


def field_of(profile: SheetProfile, target: str | None) -> str | None:
    """The field of `profile` a mapping names: its name (`exit_date`), or one of its
    headers as the messages show them (« Date de sortie »)."""
    if not target:
        return None
    if any(f.name == target for f in profile.fields):
        return target
    key = norm_label(target)
    return next((f.name for f in profile.fields if key in map(norm_label, f.synonyms)), None)


def _row_headers(frame: pd.DataFrame, row: int) -> list[str]:
    return ["" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v).strip()
            for v in frame.iloc[row].tolist()]


# A hint after a header, in brackets or after a colon: « QPV (O/N) », « Sexe (H/F) », « Date
# de naissance (jj/mm/aaaa) », « Montant [€] », « Type dispositif : CEJ/PACEA ». The header
# is matched as written first, then without it.
HEADER_HINT = re.compile(r"\s*(?:[(\[][^()\[\]]*[)\]]|:[^:]+)\s*$")


def match_columns(headers: list[str], profile: SheetProfile,
                  mapping: dict[str, str] | None = None) -> dict[str, int]:
    index = _synonym_index(profile, mapping)
    columns: dict[str, int] = {}
    for i, h in enumerate(headers):
        name = index.get(norm_label(h))
        if name is None and HEADER_HINT.search(h):
            name = index.get(norm_label(HEADER_HINT.sub("", h)))
        if name and name not in columns:
            columns[name] = i
    return columns


def candidates(frame: pd.DataFrame, sources: list[Source],
               mapping: dict[str, str] | None = None) -> list[SheetMatch]:
    """For each (source, sheet profile), the header row that recognises the most columns of
    this sheet, best first; `enough` says whether it recognises enough to be taken.

    When guessing among several sources, a sheet of persons (PLIE, Mission Locale) is only
    enough with its identifier and one of its dates: a population table or a list of
    postal codes shares its commune columns, not those."""
    best: dict[tuple[str, str], SheetMatch] = {}
    detecting = len(sources) > 1
    for row in range(min(HEADER_SCAN_ROWS, len(frame))):
        row_headers = _row_headers(frame, row)
        if sum(bool(h) for h in row_headers) < 2:
            continue
        for source in sources:
            for profile in source.sheets:
                headers, header_rows, subs, unread = row_headers, 1, {}, {}
                columns = match_columns(headers, profile, mapping)
                if not columns:
                    continue
                if profile.wide == "month" and profile.table == "job_seekers":
                    two = two_header_rows(frame, row, headers, profile, columns)
                    if two is not None:
                        headers, subs, unread = two
                        header_rows = 2
                required = [f for f in profile.fields if f.required]
                n_req = sum(f.name in columns for f in required)
                score = n_req * 2 + (len(columns) - n_req) - (len(required) - n_req) * 3
                enough = len(columns) >= 2
                if profile.wide:
                    extra = wide_score(headers, profile, set(columns.values()))
                    enough = n_req == len(required) and extra >= 2
                    score += extra
                if detecting and not _person_level_fits(profile, columns):
                    enough = False
                key = (source.key, profile.label)
                kept = best.get(key)
                if kept is None or (enough, score) > (kept.enough, kept.score):
                    best[key] = SheetMatch(source, profile, row, headers, columns, score, enough,
                                           header_rows, subs, unread)
    order = {key: n for n, key in enumerate((s.key, p.label) for s in sources for p in s.sheets)}
    # ties: the first found, as a scan row by row, source by source, would keep it
    return sorted(best.values(), key=lambda m: (not m.enough, -m.score, m.header_row,
                                                order[(m.source.key, m.profile.label)]))


def best_match(frame: pd.DataFrame, sources: list[Source],
               mapping: dict[str, str] | None = None) -> SheetMatch | None:
    """The (profile, header row) that recognises the most columns of this sheet."""
    found = [m for m in candidates(frame, sources, mapping) if m.enough]
    return found[0] if found else None


def _person_level_fits(profile: SheetProfile, columns: dict[str, int]) -> bool:
    person = next((f for f in profile.fields if f.name == "person_id"), None)
    if person is None or not person.required:
        return True
    return "person_id" in columns and any(
        f.name in columns for f in profile.fields if f.kind in ("date", "month"))


def value_columns(headers: list[str], profile: SheetProfile, used: set[int]) -> list[int]:
    """Columns of a wide layout that hold values: month headers, or every other header."""
    candidates = [i for i, h in enumerate(headers) if h and i not in used and not is_personal(h)]
    if profile.wide == "month":
        months, invalid = parse_month(pd.Series([headers[i] for i in candidates], dtype=object))
        return [i for i, ok in zip(candidates, months.notna() & ~invalid, strict=True) if ok]
    return candidates


def two_header_rows(frame: pd.DataFrame, row: int, headers: list[str], profile: SheetProfile,
                    columns: dict[str, int]
                    ) -> tuple[list[str], dict[int, dict[str, str]], dict[int, str]] | None:
    """A job-seeker table with two header rows: the months (or quarters) on `row`, each
    written once over its columns (a merged cell, or a cell followed by empty ones), and on
    the next row what each column counts (« Total », « Femmes », « Cat. A », « Moins de 25
    ans »…). Returns (the headers with each month repeated over its columns, {column: its
    dimensions}, {column: a label not understood}), or None when the next row is not such a
    row (a line of data, notes).

    Every month column has a label below it, text that is no figure nor secret mark, that
    names a value of a job-seeker dimension the file has no column for, or its total (else
    it is not understood: `_label_dimensions`); the identifying columns stay empty below
    their header (or repeat it, a cell merged over both rows)."""
    if row + 1 >= len(frame):
        return None
    below = _row_headers(frame, row + 1)
    width = max(len(headers), len(below))
    headers = headers + [""] * (width - len(headers))
    below = below + [""] * (width - len(below))
    used = set(columns.values())
    if any(below[i] and below[i] != headers[i] for i in used):
        return None
    is_month = _months_among(headers)
    filled, last = list(headers), ""
    for i, h in enumerate(headers):  # a merged header read as repeating over its columns
        if h:
            last = h if is_month[i] and i not in used else ""
        elif last and below[i]:
            filled[i] = last
    months = value_columns(filled, profile, used)
    if len(months) < 2 or any(not below[i] for i in months):
        return None
    labels = {i: below[i] for i in months}
    _, secret, invalid = parse_number(pd.Series(list(labels.values()), dtype=object))
    if (secret | ~invalid).any() or not all(re.search(r"[^\W\d_]", v) for v in labels.values()):
        return None  # figures (« 1 », « 2 » are also sex codes) or secret marks: a line of data
    free = [d for d in grain.DIMENSIONS if d not in columns]
    dims, unread = _label_dimensions(labels, free)
    return filled, dims, unread


def _months_among(headers: list[str]) -> list[bool]:
    months, invalid = parse_month(pd.Series(headers, dtype=object))
    return [bool(h) and ok for h, ok in zip(headers, months.notna() & ~invalid, strict=True)]


# Labels of a second header row that name the count itself (« Nombre », « Effectif »):
# every dimension's total.
COUNT_LABELS = {norm_label(s) for p in SOURCES["de_commune"].sheets for f in p.fields
                if f.name == "count" for s in f.synonyms}


def _label_dimensions(labels: dict[int, str], free: list[str]
                      ) -> tuple[dict[int, dict[str, str]], dict[int, str]]:
    """({column: {dimension: value}}, {column: label not understood}) for the labels of a
    second header row: each names one value of a dimension among `free` (« Femmes »: sex)
    or a total (« Total », « Nombre »: every dimension's margin); a label naming none, or
    several dimensions alike, is not understood."""
    named: dict[int, tuple[str, str]] = {}
    unread: dict[int, str] = {}
    for i, label in labels.items():
        found = {d: vocab.for_dimension(d).lookup(label) for d in free}
        found = {d: value for d, value in found.items() if value is not None}
        detail = {d: value for d, value in found.items() if value != grain.MARGIN[d]}
        if len(detail) > 1:  # « De 25 à 49 ans »: an age band by name, a duration by reading
            detail = {d: value for d, value in detail.items()
                      if norm_label(label) in vocab.for_dimension(d).index}
        if len(detail) == 1:
            named[i] = (next(iter(detail)), label)
        elif detail or not (found or norm_label(label) in COUNT_LABELS):
            unread[i] = label
    dims = [d for d in free if any(d == dim for dim, _ in named.values())]
    out = {}
    for i in labels:
        if i not in unread:
            out[i] = {d: grain.MARGIN[d] for d in dims}
            if i in named:
                out[i][named[i][0]] = named[i][1]
    return out, unread


def wide_score(headers: list[str], profile: SheetProfile, used: set[int]) -> float:
    if profile.wide == "month":
        return float(len(value_columns(headers, profile, used)))
    signature = {norm_label(s) for s in profile.signature}
    hits = sum(norm_label(h) in signature for h in headers)
    return 2.0 * hits if hits >= 2 else 0.0


PERSONAL_LABELS = {norm_label(c) for c in PERSONAL_COLUMNS}


# An unmatched column whose name starts with one of these words is treated as personal
# ("Nom du jeune", "Téléphone portable", "Référent PLIE", "Adresse e-mail"…).
PERSONAL_FIRST_WORDS = {"nom", "prenom", "nir", "courriel", "email", "mail", "telephone", "tel",
                        "portable", "adresse", "referent", "referente", "conseiller",
                        "conseillere", "rue", "voie", "nss", "secu"}


# Direct identifiers named anywhere in a header: social security number, phone, first name,
# e-mail, place of birth, an external person identifier (France Travail, Pôle emploi, CAF).
PERSONAL_WORDS = re.compile(
    r"\b(securite sociale|secu|nss|nir|ss|insee du (?:beneficiaire|participant|jeune)|"
    r"telephone|tel|tel portable|mobile|portable|gsm|"
    r"prenoms?|prenom\(s\)|nom de famille|nom d usage|nom de naissance|"
    r"e ?mail|courriel|mail|"
    r"lieu de naissance|ville de naissance|commune de naissance|pays de naissance|"
    r"departement de naissance)\b")
_ID_WORDS = r"(?:n|no|n°|num|numero|nr|id|identifiant|ident|matricule|code|ref|reference)"
EXTERNAL_ID = re.compile(rf"\b{_ID_WORDS}\b.*\b(france travail|pole emploi|ft|pe|caf|"
                         r"allocataire|cpam|ide|demandeur d emploi)\b")

# « Code agence France Travail », « Réf. structure CAF »: an office, not a person
_NOT_A_PERSON = re.compile(r"\b(agence|site|structure|antenne|bureau|prescripteur|territoire|"
                           r"departement|region|operation|offre|marche)\b")


def is_personal(header: str) -> bool:
    label = norm_label(header)
    if not label:
        return False
    return (label in PERSONAL_LABELS or label.split(" ")[0] in PERSONAL_FIRST_WORDS
            or bool(PERSONAL_WORDS.search(label))
            or (bool(EXTERNAL_ID.search(label)) and not _NOT_A_PERSON.search(label)))


def all_sources() -> list[Source]:
    return list(SOURCES.values())
