"""Vocabularies of coded fields, and the values a manager maps for a source.

Every coded field (sex, categories, yes/no, QPV flag, education level, prescriber, exit
reason, contact type…) reads its cells through a `Vocabulary`: the manager's mapping for
the source first (`--map-value "Civilité:Monsieur=H"` or the import page, saved by
`data.mappings`), then the built-in synonyms of `ingest.codes` and of the ASP reference
lists (`data/ref/asp`). A value neither knows is reported once per column, grouped, with
the closest entries of the vocabulary proposed (`UnknownValues`).
"""

import csv
import math
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, cached_property

from rapidfuzz import fuzz, process

import settings
from ingest import codes, grain
from ingest.communes import CommuneResolver
from ingest.parse import FALSE_WORDS, TRUE_WORDS, norm_label
from ingest.report import Problem
from wording import texts

ASP_DIR = settings.REF_DIR / "asp"
QPV_CODE = re.compile(r"^Q[PN][0-9]{2}[0-9AB][0-9A-Z]{3,4}$")
MAX_LISTED = 8  # unknown values named in one problem before « … »
MAX_SUGGESTED = 50  # unknown values (the most frequent) given closest entries


@dataclass(frozen=True)
class Vocabulary:
    """The values a coded field stores, each with its French label and the spellings seen."""

    name: str  # the field kind it reads: "sex", "bool", "enum:CONTACT_TYPE"…
    entries: dict  # stored value -> synonyms (any spelling; compared normalised)
    display: dict = field(default_factory=dict)  # stored value -> French label
    # True: an unknown value is kept as written and only reported (prescribers, exit reasons)
    open: bool = False

    @cached_property
    def index(self) -> dict[str, object]:
        index: dict[str, object] = {}
        for value, synonyms in self.entries.items():
            for s in (str(value), self.label(value), *synonyms):
                index.setdefault(norm_label(s), value)
        index.pop("", None)
        return index

    @cached_property
    def _choices(self) -> tuple[list[str], list[object]]:
        keys = list(self.index)
        return keys, [self.index[k] for k in keys]

    def label(self, value) -> str:
        return self.display.get(value) or str(value)

    def lookup(self, raw) -> object | None:
        """The stored value of a cell, or None when the vocabulary does not know it.

        Labels longer than a known one match by their first words (« Entretien individuel
        conseiller », « Pôle emploi Tourcoing ») when only one entry fits."""
        key = norm_label(raw)
        if not key:
            return None
        if key in self.index:
            return self.index[key]
        if key.isdigit() and key.lstrip("0") in self.index:  # ASP codes written "03"
            return self.index[key.lstrip("0")]
        hits = {v for k, v in self.index.items() if len(k) > 2 and key.startswith(k + " ")}
        if len(hits) == 1:
            return hits.pop()
        # « 1 - Homme », « 03 - Pôle emploi »: a code then its label
        m = re.fullmatch(r"[0-9a-z]{1,3} (.+)", key)
        return self.index.get(m[1]) if m and not hits else None

    def canonical(self, text) -> object | None:
        """The stored value a manager's choice names: the value itself, its label or a synonym."""
        return self.lookup(text)

    def suggest(self, raw, limit: int = 3) -> list:
        """The stored values whose spellings are closest to `raw`, best first."""
        key = norm_label(raw)
        if not key:
            return []
        keys, values = self._choices
        found: list = []
        hits = process.extract(key, keys, scorer=_closeness, limit=20, score_cutoff=60)
        for _, score, i in hits:
            if values[i] not in found and score >= hits[0][1] - 10:  # only the close seconds
                found.append(values[i])
        return found[:limit]

    def options(self) -> list[tuple[str, str]]:
        """(value as a mapping target, French label) of every stored value."""
        return [(str(v), self.label(v)) for v in self.entries]


def _closeness(a: str, b: str, score_cutoff: float | None = None, **_) -> float:
    """Spelling closeness; words in another order or a label inside a longer one count a bit less."""
    score = fuzz.ratio(a, b)
    if min(len(a), len(b)) > 3:
        score = max(score, 0.9 * fuzz.token_set_ratio(a, b))
    return score


class EducationVocabulary(Vocabulary):
    """Levels of the 2019 nomenclature (1…8); 2-digit ASP codes and old levels map to them."""

    def lookup(self, raw) -> object | None:
        key = norm_label(raw)
        if re.fullmatch(r"[1-8](\.0)?", key):
            return int(float(key))
        if re.fullmatch(r"\d{2}", key) and key in codes.EDUCATION_ASP:
            return codes.EDUCATION_ASP[key]
        if key in self.index:
            return self.index[key]
        if re.search(r"\bjamais scolarise", key):
            return 1
        if re.search(r"\b(sans|aucun|non) (diplome|qualification|qualifie)|\bnon diplome", key):
            return 2
        # « Infra niveau 3 », « niveau infra V », « infra bac »: below the level named
        if m := re.search(r"\b(?:infra|inferieur (?:au|a)|sous le|avant le)\b(?: (?:niveau|le|au))? ?(.+)", key):
            below = self.lookup(m[1]) if m[1] != key else None
            if isinstance(below, int):
                return max(1, below - 1)
        m = re.search(r"niveau (\d)\b", key)
        if m and 1 <= int(m.group(1)) <= 8:
            return int(m.group(1))
        for k, level in sorted(self.index.items(), key=lambda kv: -len(kv[0])):
            if len(k) > 2 and re.search(rf"\b{re.escape(k)}\b", key):
                return level
        return None


class QpvVocabulary(Vocabulary):
    """A QPV flag (Oui/Non) or a QPV code, kept as written (QP059087, QN05980M)."""

    def lookup(self, raw) -> object | None:
        code = str(raw).strip().upper().replace(" ", "") if raw is not None else ""
        if QPV_CODE.match(code):
            return code
        return super().lookup(raw)


class ExitReasonVocabulary(Vocabulary):
    """Exit reasons are kept as written; what is looked up is their kind (positive, neutre,
    autre), by the keyword rules of `codes.EXIT_KIND_RULES`."""

    @cached_property
    def index(self) -> dict[str, object]:
        index = dict(super().index)
        for kind, keywords in codes.EXIT_KIND_RULES:
            for k in keywords:
                index.setdefault(norm_label(k), kind)
        return index

    def lookup(self, raw) -> object | None:
        label = f" {norm_label(raw)} "
        if not label.strip():
            return None
        by_length = contract_duration_kind(raw)
        neutral = any(f" {norm_label(k)} " in label for kind, keywords in codes.EXIT_KIND_RULES
                      if kind == "neutre" for k in keywords)
        if by_length and not neutral:  # « Déménagement après 2 mois d'emploi » stays neutral
            return by_length
        for kind, keywords in codes.EXIT_KIND_RULES:
            if any(f" {norm_label(k)} " in label for k in keywords):
                return kind
        return None

    def canonical(self, text) -> object | None:
        return super().lookup(text)

    def suggest(self, raw, limit: int = 3) -> list:
        """A contract whose length the reason states is never suggested as another kind
        (« Sortie en CDD de 4 mois » is not a positive exit)."""
        by_length = self.lookup(raw) if contract_duration_kind(raw) else None
        return [by_length] if by_length else super().suggest(raw, limit)


# A contract (CDD, intérim, emploi…) of a stated length: under 6 months it is not a
# positive exit (PLIE rules: « autre »), 6 months or more it is (« positive »).
_CONTRACT = re.compile(r"\b(cdd|ctt|cdi|interim|contrat|emploi|mission|travail)\b")
_SHORT_OPS = ("-", "<", "<=", "≤", "moins de", "inferieur a", "inferieure a", "de moins de")
_LONG_OPS = ("+", ">", ">=", "≥", "plus de", "au moins", "superieur a", "superieure a",
             "superieur ou egal a", "superieure ou egale a", "de plus de")
_LENGTH = re.compile(
    r"(de moins de|moins de|inferieure? a|de plus de|plus de|au moins|"
    r"superieure? ou egale? a|superieure? a|<=|>=|≤|≥|<|>|\+|-)?\s*(?:de\s+)?(\d{1,2})\s*mois"
    r"(\s*(?:et|ou)\s*(?:plus|\+)|\s*(?:et|ou)\s*moins)?")

_DASHES = str.maketrans({"−": "-", "–": "-", "—": "-", "‐": "-", "‑": "-", "’": "'"})
_RANGE = re.compile(r"(\d{1,2})\s*(?:mois\s*)?(?:a|-|/)\s*(\d{1,2})\s*mois")


def contract_duration_kind(raw) -> str | None:
    """« positive » or « autre » for a contract of a stated length (« CDD - 6 mois »,
    « CDD < 6 mois », « CDD + 6 mois », « CDD ≥ 6 mois », « Sortie en CDD de 4 mois »),
    None when the reason states no contract length."""
    if raw is None:
        return None
    text = str(raw).lower().translate(_DASHES)
    text = unicodedata.normalize("NFKD", text)
    text = " ".join("".join(c for c in text if not unicodedata.combining(c)).split())
    if not _CONTRACT.search(text):
        return None
    if r := _RANGE.search(text):  # « CDD 3 à 6 mois »: under 6 months unless it starts at 6
        return "positive" if int(r[1]) >= 6 else "autre"
    m = _LENGTH.search(text)
    if not m:
        return None
    op, months, after = (m[1] or "").strip(), int(m[2]), (m[3] or "").strip()
    if op in _SHORT_OPS or after.endswith("moins"):
        return "autre" if months <= 6 else None
    if op in _LONG_OPS or after:
        return "positive" if months >= 6 else None
    return "positive" if months >= 6 else "autre"


# -- registration durations (job seekers) ----------------------------------------------------
# France Travail publishes its « ancienneté d'inscription » in bands finer or coarser than
# the three stored ones (ingest/grain.py): « moins de 3 mois », « 3 mois à moins de 6 mois »,
# « 6 mois à moins d'un an », « 1 an à moins de 2 ans », « 2 ans à moins de 3 ans », « 3 ans
# et plus »… A label is read as a range of months and stored in the band that holds it; a
# finer band (a sub-band) is told apart by `duration_sub_band` so that its rows add up.
DURATION_BANDS = {"moins_12m": (0, 12), "12_23m": (12, 24), "24m_plus": (24, math.inf)}
_WORD_NUMBERS = {"un": "1", "une": "1", "deux": "2", "trois": "3", "quatre": "4", "cinq": "5",
                 "six": "6", "neuf": "9", "douze": "12", "dix huit": "18", "vingt quatre": "24"}
_AMOUNT = r"(\d+)\s*(mois|ans?|annees?)?"
_DURATION_PATTERNS = [  # (regex on the normalised label, kind)
    (re.compile(rf"(?:de )?{_AMOUNT} (?:a|jusqu a) (?:moins de |moins d )?{_AMOUNT}( exclus)?"), "range"),
    (re.compile(rf"entre {_AMOUNT} et {_AMOUNT}"), "range"),
    (re.compile(rf"{_AMOUNT} {_AMOUNT}"), "range"),  # « 12-23 mois » (hyphen read as a space)
    (re.compile(rf"(?:moins de|moins d|inferieure? a|<) ?{_AMOUNT}"), "under"),
    (re.compile(rf"{_AMOUNT} (?:et|ou) (?:plus|\+)"), "over"),
    (re.compile(rf"(?:plus de|\+ de|>=|≥|au moins|superieure? ou egale? a) ?{_AMOUNT}"), "over"),
]


def _months(number: str, unit: str | None, other_unit: str | None = None) -> float:
    unit = unit or other_unit or "mois"
    return int(number) * (1 if unit.startswith("mois") else 12)


def duration_range(raw) -> tuple[float, float] | None:
    """The months a registration-duration label covers, [low, high): « 1 an à moins de 2
    ans » -> (12, 24), « moins de 3 mois » -> (0, 3), « 3 ans et plus » -> (36, inf)."""
    key = f" {norm_label(raw)} "
    for word, digits in _WORD_NUMBERS.items():
        key = key.replace(f" {word} ", f" {digits} ").replace(f" d {word} ", f" de {digits} ")
    key = re.sub(r"\bd (\d)", r"de \1", key).strip()
    key = re.sub(r"^(?:inscrits? (?:depuis )?|anciennete (?:de )?)", "", key)
    for pattern, kind in _DURATION_PATTERNS:
        m = pattern.fullmatch(key)
        if not m:
            continue
        if kind == "range":
            low, high = _months(m[1], m[2], m[4]), _months(m[3], m[4], m[2])
            inclusive = "moins" not in key and "exclus" not in key
            if inclusive and high % 12 == 11:  # « 12 à 23 mois », « 0 à 11 mois »
                high += 1
            elif inclusive and (m[4] or "mois").startswith("mois") and high % 12 and high % 3 == 2:
                high += 1  # « 3 à 5 mois »
            return (low, high) if low < high else None
        if kind == "under":
            return 0, _months(m[1], m[2])
        return _months(m[1], m[2]), math.inf
    return None


def duration_band(raw) -> str | None:
    """The stored band holding a duration label's range, None if it straddles two."""
    found = duration_range(raw)
    if found is None:
        return None
    low, high = found
    return next((band for band, (lo, hi) in DURATION_BANDS.items() if lo <= low and high <= hi),
                None)


def duration_sub_band(raw) -> str:
    """« 0-3 » for « moins de 3 mois »: the part of its stored band a finer label covers,
    "" when the label is the whole band (or not a duration)."""
    band = duration_band(raw)
    if band is None:
        return ""
    found = duration_range(raw)
    return "" if found == DURATION_BANDS[band] else f"{found[0]:g}-{found[1]:g}"


class DurationVocabulary(Vocabulary):
    """Registration durations: the labels of `codes.DURATION_BAND`, then any label whose
    range of months fits in one stored band (`duration_band`)."""

    def lookup(self, raw) -> object | None:
        found = super().lookup(raw)
        if found is not None:
            return found
        band = duration_band(raw)
        return band if band in self.entries else None

    def suggest(self, raw, limit: int = 3) -> list:
        if duration_range(raw) is not None:  # a range across two bands is none of them
            band = duration_band(raw)
            return [band] if band in self.entries else []
        return super().suggest(raw, limit)


def _asp_rows(name: str) -> list[dict]:
    with (ASP_DIR / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter=";"))


@cache
def _education() -> Vocabulary:
    entries = {level: list(labels) for level, labels in codes.EDUCATION_LABELS.items()}
    for row in _asp_rows("ref_niveau_formation_v3.csv"):
        asp = row["rnf_code_form_empl"].strip().zfill(2)
        if asp in codes.EDUCATION_ASP:
            entries[codes.EDUCATION_ASP[asp]].append(row["rnf_libelle_niveau_form_empl"])
    display = {1: "1 — jamais scolarisé", 2: "2 — sans diplôme", 3: "3 — CAP, BEP",
               4: "4 — baccalauréat", 5: "5 — bac+2 (BTS, DUT)", 6: "6 — licence, bac+3",
               7: "7 — master, bac+5", 8: "8 — doctorat"}
    return EducationVocabulary("education_level", entries, display)


@cache
def _prescriber() -> Vocabulary:
    entries = {label: list(synonyms) for label, synonyms in codes.PRESCRIBER.items()}
    known_codes = {s for synonyms in entries.values() for s in synonyms if s.isdigit()}
    for row in _asp_rows("ref_orienteur_v5.csv"):
        code, label = row["ror_code"].strip(), row["ror_libelle_orienteur"].strip()
        if not code or code in known_codes:
            continue
        known_codes.add(code)
        short = label.split(" - ")[0].strip() if " - " in label else label
        entries.setdefault(short, []).extend([code, label])
    return Vocabulary("prescriber", entries, open=True)


_DISPLAY = {
    "sex": {"F": "F — femme", "H": "H — homme"},
    "JOB_SEEKER_CATEGORY": {k: f"Catégorie {k}" for k in ("A", "B", "C", "D", "E", "ABC")},
    "EXIT_KIND_LABELS": {"positive": "Sortie positive", "neutre": "Sortie neutre", "autre": "Autre sortie"},
    # as the dashboards name them (« Fonds Mission Locale », not « Fonds ml »)
    "AID_SCHEME": texts.AID_SCHEMES,
    "CONTACT_TYPE": texts.IMPORT_CONTACT_TYPES,
    "EVENT_ROLE": texts.IMPORT_EVENT_ROLES,
}


def _with_yes_no(vocab: dict) -> dict:
    """Oui/Non entries with every word ingest.parse reads as yes or no (O, N, X, 1, 0, Vrai…)."""
    return {"Oui": [*vocab["Oui"], *sorted(TRUE_WORDS)], "Non": [*vocab["Non"], *sorted(FALSE_WORDS)]}


_EXTRA_LABELS = {"JOB_SEEKER_CATEGORY": codes.FT_CATEGORY_LABELS}


def _first_label(vocab: dict) -> dict:
    return {k: (syns[0][:1].upper() + syns[0][1:]) if syns else str(k) for k, syns in vocab.items()}


# Field kinds of a commune column: a manager associates a spelling with an INSEE code.
COMMUNE_KINDS = ("commune_name", "commune_code", "postal_code")
COMMUNE = "commune"  # the vocabulary's name, a kind `for_kind` reads back


class CommuneVocabulary:
    """A commune column read as a vocabulary of current INSEE codes: what a manager's
    association may name (`--map-value "Commune:MARQUETTE=59386"`). The spellings
    themselves are read by `ingest.communes.CommuneResolver`; this only checks targets.
    Its options are too many to list (the page offers the communes near the file's)."""

    name = COMMUNE
    open = False

    def __init__(self):
        self._resolver = CommuneResolver()

    def canonical(self, text) -> str | None:
        """The INSEE code a target names: a code of the COG or an unambiguous name."""
        return self._resolver.association_target(text)

    lookup = canonical

    def label(self, value) -> str:
        return self._resolver.label_of(str(value))

    def options(self) -> list[tuple[str, str]]:
        return []

    def suggest(self, raw, limit: int = 3) -> list:
        return []


@cache
def for_kind(kind: str) -> Vocabulary | None:
    """The vocabulary of a field kind (`ingest.profiles.Field.kind`), None if not coded."""
    if kind in COMMUNE_KINDS or kind == COMMUNE:
        return CommuneVocabulary()
    if kind == "sex":
        return Vocabulary("sex", codes.SEX, _DISPLAY["sex"])
    if kind == "bool":
        return Vocabulary("bool", _with_yes_no(codes.YES_NO))
    if kind == "qpv":
        return QpvVocabulary("qpv", {**_with_yes_no(codes.QPV_FLAG),
                                     "Inconnu": codes.QPV_FLAG["Inconnu"]})
    if kind == "education_level":
        return _education()
    if kind == "prescriber":
        return _prescriber()
    if kind == "exit_reason":
        return ExitReasonVocabulary("exit_reason", codes.EXIT_KIND_LABELS, _DISPLAY["EXIT_KIND_LABELS"],
                                    open=True)
    if kind.startswith("grain:"):
        return for_dimension(kind[6:])
    if kind.startswith("enum:"):
        name = kind[5:]
        vocab = getattr(codes, name)
        extra = _EXTRA_LABELS.get(name, {})
        entries = {k: [*syns, *extra.get(k, [])] for k, syns in vocab.items()}
        cls = DurationVocabulary if name == "DURATION_BAND" else Vocabulary
        return cls(kind, entries, {**_first_label(vocab), **_DISPLAY.get(name, {})})
    return None


# Labels of a job-seeker dimension's margin (ingest.grain), as offered to the manager.
_MARGIN_DISPLAY = {"category": "Catégories A, B, C ensemble (ABC)", "sex": "total — les deux sexes",
                   "age_band": "total — tous âges", "duration_band": "total — toutes anciennetés"}


@cache
def for_dimension(dimension: str) -> Vocabulary:
    """A job-seeker dimension's vocabulary with its margin (`ingest.grain`): A, B, C and ABC;
    F, H and total… Its name, « grain:<dimension> », is a kind `for_kind` reads back."""
    base = for_kind("sex" if dimension == "sex" else f"enum:{grain.BASE_VOCABULARY[dimension]}")
    margin = grain.MARGIN[dimension]
    return type(base)(f"grain:{dimension}", grain.vocabulary(dimension, base.entries),
                      {**base.display, margin: _MARGIN_DISPLAY[dimension]})


def for_field(table: str, field_name: str, kind: str) -> Vocabulary | None:
    """The vocabulary a field of a profile's table is read with: job-seeker dimensions
    accept their margin (ABC, total), other fields their kind's vocabulary."""
    if table == "job_seekers" and field_name in grain.DIMENSIONS:
        return for_dimension(field_name)
    return for_kind(kind)


# -- the manager's mappings ---------------------------------------------------------------
def column_map(value_mapping: dict[str, dict[str, str]] | None, header: str, field_name: str,
               field_label: str) -> dict[str, str]:
    """The manager's mapping for one column: normalised cell value -> target as written.

    A key of `value_mapping` names the column by its header in the file, its field name or
    the field's label; later keys win (saved mappings first, then the ones just given)."""
    names = {norm_label(header), norm_label(field_name), norm_label(field_label)}
    out: dict[str, str] = {}
    for key, values in (value_mapping or {}).items():
        if norm_label(key) in names:
            out.update({norm_label(raw): str(target) for raw, target in values.items()
                        if norm_label(raw)})
    return out


def resolve(value_mapping: dict[str, dict[str, str]] | None,
            columns: list[tuple[str, str, str, str]]) -> tuple[dict[str, dict[str, str]], list[str]]:
    """Which field each key of `value_mapping` maps, given the file's coded columns
    (header, field name, field label, kind): ({field: {value: target}}, unused keys)."""
    by_field: dict[str, dict[str, str]] = {}
    unused = []
    for key, values in (value_mapping or {}).items():
        k = norm_label(key)
        hits = [f for h, f, label, kind in columns
                if k in {norm_label(h), norm_label(f), norm_label(label)} and for_kind(kind)]
        if not hits:
            unused.append(key)
        for f in dict.fromkeys(hits):
            by_field.setdefault(f, {}).update({str(r): str(t) for r, t in values.items()})
    return by_field, unused


def parse_map_value(item: str) -> tuple[str, str, str]:
    """« Colonne:valeur=cible » -> (colonne, valeur, cible); ValueError with a French message."""
    column, sep, rest = item.partition(":")
    value, eq, target = rest.rpartition("=")
    if not (sep and eq and column.strip() and value.strip() and target.strip()):
        raise ValueError(f"--map-value attend « Colonne:valeur=valeur retenue » "
                         f"(par exemple « Civilité:Monsieur=H »), reçu « {item} ».")
    return column.strip(), value.strip(), target.strip()


# -- reporting ------------------------------------------------------------------------------
@dataclass
class UnknownValues(Problem):
    """Values of one column that the vocabulary does not know, reported once, grouped.

    Carries what the import page needs to offer a choice per value."""

    field: str = ""
    kind: str = ""
    # (value as written, number of lines, closest stored values as mapping targets)
    values: tuple = ()
    options: tuple = ()  # (stored value as a mapping target, French label)
    # the lines of the file holding them (`row` is the first): counts are in lines
    line_rows: frozenset = frozenset()


def _closest(vocab: Vocabulary, value: str) -> tuple[str, ...]:
    """The stored values closest to an unknown value, never the value itself (an open
    vocabulary keeps it as written: it is not its own match)."""
    own = norm_label(value)
    return tuple(str(s) for s in vocab.suggest(value)
                 if norm_label(s) != own and norm_label(vocab.label(s)) != own)


def unknown_values(sheet: str, header: str, field_name: str, vocab: Vocabulary,
                   counted: list[tuple[str, int]], first_row: int | None, severity: str) -> UnknownValues:
    """The grouped problem of a column: « Civilité : 2 valeurs inconnues, Monsieur (131 lignes)… »."""
    counted = sorted(counted, key=lambda vc: (-vc[1], norm_label(vc[0])))
    values = tuple((v, n, _closest(vocab, v) if k < MAX_SUGGESTED else ())
                   for k, (v, n) in enumerate(counted))
    listed = ", ".join(f"{v} ({n} ligne{'s' if n > 1 else ''})" for v, n in counted[:MAX_LISTED])
    if len(counted) > MAX_LISTED:
        listed += f", … ({len(counted) - MAX_LISTED} autres)"
    n = len(counted)
    rule = f"{n} valeur{'s' if n > 1 else ''} inconnue{'s' if n > 1 else ''}"
    close = [f"« {v} » → {' ou '.join(vocab.label(vocab.canonical(s)) for s in closest)}"
             for v, _, closest in values[:3] if closest]
    example_value = counted[0][0]
    # never a stored value the value is not close to: copied as is, it would be wrong
    example_target = values[0][2][0] if values[0][2] else "valeur retenue"
    possible = "" if values[0][2] else (
        "Valeurs possibles : " + ", ".join(f"{v} ({label})" if label != v else v
                                           for v, label in vocab.options()[:12]) + ". ")
    advice = (f"Valeurs proches : {' ; '.join(close)}. " if close else "") + possible + (
        "Associez chaque valeur une fois sur la page d'import ou avec "
        f"--map-value « {header}:{example_value}={example_target} » ; l'association est "
        "retenue pour les prochains fichiers de cette source.")
    if vocab.open:
        advice = "Valeurs conservées telles quelles. " + advice
    elif severity != "erreur":
        advice = "Valeurs laissées vides. " + advice
    return UnknownValues(sheet, first_row, header, listed, rule, advice, severity,
                         field=field_name, kind=vocab.name, values=values,
                         options=tuple(vocab.options()))


def of_codes(vocab) -> Vocabulary:
    """The Vocabulary of one of `ingest.codes`' dictionaries (or the vocabulary itself)."""
    if isinstance(vocab, Vocabulary):
        return vocab
    if vocab is codes.SEX:
        return for_kind("sex")
    name = next((n for n in dir(codes) if getattr(codes, n) is vocab), None)
    return for_kind(f"enum:{name}") if name else Vocabulary("enum", vocab, _first_label(vocab))
