"""Resolve commune codes, postal codes and names in any spelling to COG 2024 INSEE codes."""

import copy
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

import settings
from ingest.parse import norm_label

COG_FILE = "v_commune_2024.csv"
LAPOSTE_FILE = "laposte_hexasmal.csv"
MAX_LISTED = 6  # communes listed in a problem sentence before "…"
_BRACKET_ARTICLE = re.compile(r"(.*?)\s*\(\s*(l'|l’|la|le|les)\s*\)\s*", re.IGNORECASE)
_GLUED_AFTER = re.compile(r"(.*?\D)[\s,;:\-–]*\(?\s*(\d{5}|2[ab]\d{3})\s*\)?\s*",
                          re.IGNORECASE)
_GLUED_BEFORE = re.compile(r"\s*(\d{5})[\s,;:\-–]+(\D.*)")
_SUR = re.compile(r"\bs/\s*")
_SLASH_SUR = re.compile(r"(?<=[a-z]{3})/(?=[a-z]{3})")
_BARE_CODE = re.compile(r"\d{4,5}|2[ab]\d{3}", re.IGNORECASE)  # a code alone in a name column
_NON_ALNUM = re.compile(r"[^a-z0-9/ ]")
_TOKENS = {"st": "saint", "ste": "sainte", "lez": "les", "s/": "sur"}
# « s/ » is « sur » first, but tools short of room also write it for « sous »
# (« Vouneuil s/ Biard », Vouneuil-sous-Biard): the second reading when the first finds none
_S_SLASH = re.compile(r"(?<![^\W\d_])s/\s*", re.IGNORECASE)


@dataclass
class CommuneMatch:
    code_insee: str | None
    problem: str | None  # French sentence when unresolved/ambiguous, else None
    suggestions: list[str] = field(default_factory=list)  # up to 3 "Nom (code)"
    # A former commune (COG 2024 `COMD`/`COMA` row: merged into a commune nouvelle) read
    # from the file, when `code_insee` is the commune it now belongs to: its code or name.
    merged_from: str | None = None
    # An information sentence when the name was read loosely (« ST ANDRE » with 59350 ->
    # Saint-André-lez-Lille, the only commune of the postal code whose name starts so).
    note: str | None = None
    # An ambiguous name's only commune of the preferred départements whose name starts so
    # (« St André »: Saint-André-lez-Lille, while Saint-André exists elsewhere), taken when
    # the file's other communes lie in that département (`resolve_frame`).
    local: str | None = None
    # A warning sentence when the row is read by its code although its name is another
    # commune's (« 59599 » with « Roubaix »): codes win, the contradiction is said.
    warning: str | None = None


def commune_key(text) -> str:
    """Normalised commune name: 'Madeleine (La)', 'LA MADELEINE' -> 'la madeleine'."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    return _commune_key(str(text))


@lru_cache(maxsize=262144)
def _commune_key(text: str) -> str:
    t = text.strip()
    if m := _BRACKET_ARTICLE.fullmatch(t):
        t = f"{m[2]} {m[1]}"
    # « Quesnoy/Deûle », as a tool short of room writes « Quesnoy-sur-Deûle »: the slash
    # between two words reads « sur » (« s/ » already does)
    t = _SUR.sub("s/ ", _SLASH_SUR.sub(" s/ ", norm_label(t)))
    tokens = [_TOKENS.get(tok, tok) for tok in _NON_ALNUM.sub(" ", t).split()]
    if "cedex" in tokens:  # "TOURCOING CEDEX 1"
        tokens = tokens[: tokens.index("cedex")]
    return " ".join(tok for tok in tokens if tok != "/")


def clean_code(value) -> str | None:
    """A code cell as a string: 59599.0 -> '59599', ' 59 599 ' -> '59599', 1001 -> '01001'."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    if isinstance(value, (int, np.integer)) or (isinstance(value, float) and value.is_integer()):
        value = str(int(value))
    t = re.sub(r"[\s\u00a0\u202f]", "", str(value)).upper()
    t = re.sub(r"^(\d+)\.0+$", r"\1", t)
    if not t:
        return None
    return t.zfill(5) if t.isdigit() and len(t) == 4 else t


# -- aggregate rows -------------------------------------------------------------------
# A row of a commune file is a total (a département, a region, France, an EPCI, a « Total »
# or « Sous-total » line) or a part of another row (« dont QPV … » under a commune) only by
# these explicit rules, never because of a commune's name: Nordausques (62618) and
# Francescas (47102) are communes. With a code in the file, the code alone decides; without
# one, the name must be a total, sub-total or « dont » label or a territory with its code
# glued on (« Nord 59 » in France Travail's exports).
AGGREGATE_KINDS = {
    "departement": "département",
    "region": "région",
    "france": "France",
    "epci": "intercommunalité",
    "total": "total",
    "subtotal": "sous-total",
    "part": "ligne « dont »",
}
# kinds a label alone says, whatever the column (an identifier, a first cell)
LABEL_KINDS = ("total", "subtotal", "part")
_DEP_CODE = re.compile(r"(?:d|dep|dept|departement)?[\s_\-]*(\d{1,2}|2[ab]|97[1-8])")
_REG_CODE = re.compile(r"(?:r|reg|region)[\s_\-]*(\d{2})")
_EPCI_CODE = re.compile(r"2\d{8}")
_FRANCE = re.compile(r"(fr|fra|frm|fxx|fe|metro|metropole|france|france entiere|"
                     r"france metropolitaine|france hors mayotte|france \(hors mayotte\)|"
                     r"france metro|france metropolitaine et drom|france entiere hors mayotte)")
_TOTAL_NAME = re.compile(r"(total|ensemble|non localise|non localises|tous|toutes)\b.*")
# « Sous-total communes 1 à 5 », « S/Total »: a sum of some lines above, not a commune
_SUBTOTAL_NAME = re.compile(r"(sous[\s\-]?tota(?:l|ux)|s/\s?total)\b.*")
# « dont QPV Pacot-Vandracq », « dont : femmes », « - dont », « Lambersart dont QPV »: a
# part of another line (France Travail, PLIE tools), already counted in it. No commune of
# the COG or La Poste has the word « dont » in its name (tests/ingest/test_detection.py).
_PART_NAME = re.compile(r"(?:.*[\s\-:(,/])?dont(?:[\s:,\-/].*)?")
_GLUED_AGGREGATE = re.compile(r"(\D.*?)[\s,;:\-–(]+((?:reg|r|dep|d)?\s*(?:\d{1,2}|2[ab]|97[1-8]))\)?",
                              re.IGNORECASE)


_ARRONDISSEMENT_CITIES = {"paris", "lyon", "marseille"}


def _label(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return norm_label(value)


def _code_kind(label: str) -> str | None:
    if not label:
        return None
    if _REG_CODE.fullmatch(label):
        return "region"
    if _DEP_CODE.fullmatch(label):
        return "departement"
    if _EPCI_CODE.fullmatch(label.replace(" ", "")):
        return "epci"
    if _FRANCE.fullmatch(label):
        return "france"
    if _TOTAL_NAME.fullmatch(label):
        return "total"
    return None


def label_kind(label: str) -> str | None:
    """« total », « subtotal » or « part » (a « dont » line) for a normalised label that
    says so by itself, else None."""
    if _SUBTOTAL_NAME.fullmatch(label):
        return "subtotal"
    if _TOTAL_NAME.fullmatch(label):
        return "total"
    if _PART_NAME.fullmatch(label):
        return "part"
    return None


def aggregate_kind(code=None, name=None) -> str | None:
    """Which kind of aggregate a row is (a key of AGGREGATE_KINDS), None for a commune row."""
    code_label = _label(code)
    if code_label:
        return _code_kind(code_label)
    name_label = _label(name)
    if not name_label:
        return None
    if kind := label_kind(name_label):
        return kind
    if _FRANCE.fullmatch(name_label) and name_label not in ("fe", "fr", "fra", "metro"):
        return "france"
    m = _GLUED_AGGREGATE.fullmatch(" ".join(str(name).split()))
    if m and norm_label(m[1]).strip() not in _ARRONDISSEMENT_CITIES:  # « PARIS 05 »
        return _code_kind(norm_label(m[2]))
    return None


class _Reference:
    """COG and La Poste tables turned into lookup dictionaries (built once per folder)."""

    def __init__(self, ref_dir: Path):
        cog = pd.read_csv(ref_dir / COG_FILE, dtype=object, keep_default_na=False)
        poste = pd.read_csv(ref_dir / LAPOSTE_FILE, sep=";", dtype=object,
                            keep_default_na=False)
        self.target: dict[str, str] = {}  # any COG code -> current code
        self.label: dict[str, str] = {}
        self.dep: dict[str, str] = {}
        self.primary: dict[str, set[str]] = {}  # name key -> current communes (COM, ARM)
        self.secondary: dict[str, set[str]] = {}  # former commune names -> current commune
        self.keys: dict[str, set[str]] = {}  # current code -> all its name keys
        rows = list(zip(*(cog[c].tolist() for c in ("TYPECOM", "COM", "DEP", "NCC", "NCCENR",
                                                    "LIBELLE", "COMPARENT")), strict=True))
        rows.sort(key=lambda r: r[0] not in ("COM", "ARM"))  # current communes first
        for typecom, code, dep, ncc, nccenr, libelle, parent in rows:
            current = typecom in ("COM", "ARM")
            target = code if current else parent
            self.target.setdefault(code, target)
            self.label.setdefault(code, libelle)
            if current:
                self.dep[code] = dep
            if typecom == "ARM" and parent in self.label:  # "Marseille" + 13001 -> 13201
                self.keys.setdefault(code, set()).add(commune_key(self.label[parent]))
            index = self.primary if current else self.secondary
            for key in {commune_key(ncc), commune_key(nccenr), commune_key(libelle)} - {""}:
                index.setdefault(key, set()).add(target)
                self.keys.setdefault(target, set()).add(key)
        self.postal: dict[str, set[str]] = {}
        self.postal_keys: dict[tuple[str, str], set[str]] = {}  # lieux-dits (Ligne_5)
        columns = ("Code_commune_INSEE", "Nom_commune", "Code_postal", "Ligne_5")
        for code, nom, postal, ligne5 in zip(*(poste[c].tolist() for c in columns), strict=True):
            target = self.target.get(code)
            if target is None:
                continue
            self.postal.setdefault(postal, set()).add(target)
            keys = {commune_key(nom), commune_key(ligne5)} - {""}
            self.postal_keys.setdefault((postal, target), set()).update(keys)
            self.keys.setdefault(target, set()).add(commune_key(nom))
        self.choices: dict[tuple[str, ...], tuple[list[str], list[set[str]]]] = {}

    def fuzzy_choices(self, deps: tuple[str, ...]) -> tuple[list[str], list[set[str]]]:
        """Name keys (and their communes) of the given departments, () = whole country."""
        if deps not in self.choices:
            keys, codes = [], []
            for key, targets in self.primary.items():
                kept = {c for c in targets if not deps or self.dep.get(c) in deps}
                if kept:
                    keys.append(key)
                    codes.append(kept)
            self.choices[deps] = (keys, codes)
        return self.choices[deps]


@lru_cache(maxsize=4)
def _reference(ref_dir: str) -> _Reference:
    return _Reference(Path(ref_dir))


class CommuneResolver:
    """Turn (code, name, postal code) cells into current INSEE codes, never guessing silently."""

    def __init__(self, ref_dir: Path = settings.REF_DIR,
                 preferred_departements: tuple[str, ...] = ("59",)):
        self.ref = _reference(str(ref_dir))
        self.preferred = tuple(preferred_departements)
        # how a code alone in the name column reads when it is both an INSEE code and the
        # postal code of other communes: "postal", "insee", or None (ask)
        self.bare: str | None = None

    def name(self, code_insee) -> str | None:
        """Official name (COG LIBELLE) of a code, None if unknown."""
        return self.ref.label.get(clean_code(code_insee) or "")

    def association_target(self, text) -> str | None:
        """The current INSEE code a manager's association names (`--map-value
        "Commune:MARQUETTE=59386"`): a code of the COG (a former commune's gives the commune
        it belongs to now), or a name only one commune has, read without guessing (no
        reading by the start of a name); None otherwise."""
        code = clean_code(text)
        if not code:
            return None
        if code in self.ref.target:
            return self.ref.target[code]
        if _BARE_CODE.fullmatch(code):  # an unknown code is never read as a postal code here
            return None
        found = self.resolve(name=text)
        return found.code_insee if found.code_insee and not (found.note or found.warning) else None

    def label_of(self, code: str) -> str:
        """« Marquette-lez-Lille (59386) »."""
        return self._fmt(code)

    def departement(self, code: str) -> str | None:
        return self.ref.dep.get(code)

    def communes_of(self, departements) -> list[str]:
        """Current communes of the given départements, by name."""
        deps = set(departements)
        return sorted((c for c, d in self.ref.dep.items() if d in deps),
                      key=lambda c: (commune_key(self.ref.label.get(c, c)), c))

    def _fmt(self, code: str) -> str:
        return f"{self.ref.label.get(code, code)} ({code})"

    def _listing(self, codes) -> str:
        names = sorted((self.ref.label.get(c, c) for c in codes), key=commune_key)
        return ", ".join(names[:MAX_LISTED]) + (", …" if len(names) > MAX_LISTED else "")

    def _ok(self, code: str, merged_from: str | None = None) -> CommuneMatch:
        return CommuneMatch(code, None, [], merged_from)

    def is_former(self, code: str) -> bool:
        """A code of the COG that is no longer a commune of its own (merged, delegated)."""
        target = self.ref.target.get(code)
        return target is not None and target != code

    def _matches(self, code: str, key: str, postal: str | None = None) -> bool:
        return key in self.ref.keys.get(code, ()) or (
            postal is not None and key in self.ref.postal_keys.get((postal, code), ()))

    def suggest(self, key: str, among: set[str] | None = None) -> list[str]:
        """Up to 3 "Nom (code)" close to a name key: the given communes, preferred departments,
        then the whole country (stricter)."""
        found: list[str] = []
        pools = [self.ref.fuzzy_choices(self.preferred) + (fuzz.WRatio, 80),
                 self.ref.fuzzy_choices(()) + (fuzz.ratio, 85)]
        if among:
            pairs = [(k, c) for c in sorted(among) for k in sorted(self.ref.keys.get(c, ()))]
            pools.insert(0, ([k for k, _ in pairs], [{c} for _, c in pairs], fuzz.ratio, 60))
        for choices, codes, scorer, cutoff in pools:
            for _, _, i in process.extract(key, choices, scorer=scorer, limit=12,
                                           score_cutoff=cutoff):
                for code in sorted(codes[i]):
                    if code not in found:
                        found.append(code)
            if len(found) >= 3:
                break
        return [self._fmt(c) for c in found[:3]]

    def _from_code(self, code: str, key: str, label: str,
                   glued: bool = False) -> CommuneMatch | None:
        insee = self.ref.target.get(code)
        postal = self.ref.postal.get(code, set())
        if key and not (insee and self._matches(insee, key)):
            chosen = [c for c in postal if self._matches(c, key, code)]
            if len(chosen) == 1:  # "TOURCOING 59200": a postal code, not Eringhem (59200)
                return self._ok(chosen[0])
            if glued and (insee or postal):  # digits in the name contradict the name
                meant = sorted(postal | ({insee} if insee else set()))
                by_name = self._from_name(key, label).code_insee
                return CommuneMatch(None, f"Le nom « {label} » ne correspond pas au code {code} "
                                    f"({self._listing(meant)}) : vérifiez la commune.",
                                    [self._fmt(c) for c in dict.fromkeys(
                                        ([by_name] if by_name else []) + meant)][:3])
        if key and insee and not glued and not self._matches(insee, key):
            # a code column's code whose commune the name on the same line contradicts:
            # « 59350 » with « ST ANDRE » is Saint-André-lez-Lille's postal code, not Lille
            near = [c for c in postal if c != insee and self._starts(c, key, code)]
            if len(near) == 1:
                return CommuneMatch(near[0], None, [], None,
                                    f"« {label} » avec le code {code} lu comme "
                                    f"{self._fmt(near[0])}, dont c'est le code postal ({code} "
                                    f"est aussi le code INSEE de {self._fmt(insee)})")
            by_name = self._from_name(key, label).code_insee
            if by_name and self.ref.target.get(by_name, by_name) != insee:
                return CommuneMatch(insee, None, [], code if insee != code else None,
                                    warning=f"« {label} » est le nom de {self._fmt(by_name)}, "
                                    f"mais le code {code} est celui de {self._fmt(insee)} : la "
                                    "ligne est comptée d'après son code")
        if glued and not key and insee and postal and insee not in postal:
            # « 59130 » alone: Cappelle-Brouck's INSEE code, Lambersart's postal code
            if self.bare == "postal":
                return self._from_postal(code, key, label)
            if self.bare != "insee":
                return CommuneMatch(
                    None, f"« {code} » est à la fois le code INSEE de {self._fmt(insee)} et le "
                    f"code postal de {self._listing(postal)} : indiquez le nom de la commune.",
                    [self._fmt(c) for c in [*sorted(postal), insee]][:3])
        if insee:
            return self._ok(insee, code if insee != code else None)
        if postal:
            return self._from_postal(code, key, label)
        return None

    def _starts(self, code: str, key: str, postal: str | None = None) -> bool:
        """The name of `code` starts with the words of `key` (« saint andre » for
        « saint andre les lille »)."""
        keys = self.ref.keys.get(code, set()) | (
            self.ref.postal_keys.get((postal, code), set()) if postal else set())
        return any(k.startswith(key + " ") for k in keys)

    def _by_prefix(self, codes, key: str, label: str, where: str,
                   postal: str | None = None) -> CommuneMatch | None:
        """The only commune of `codes` whose name starts with the words of `key`, if any."""
        if len(key) < 4:
            return None
        chosen = [c for c in codes if self._starts(c, key, postal)]
        if len(chosen) != 1:
            return None
        code = chosen[0]
        return CommuneMatch(code, None, [], None,
                            f"« {label} » lu comme {self._fmt(code)} : seule commune {where} "
                            "dont le nom commence ainsi.")

    def _from_postal(self, postal: str, key: str, label: str) -> CommuneMatch | None:
        communes = self.ref.postal.get(postal)
        if not communes:
            return None
        if len(communes) == 1 and (not key or self._matches(next(iter(communes)), key, postal)):
            return self._ok(next(iter(communes)))
        if not key:
            return CommuneMatch(None, f"Le code postal {postal} correspond à plusieurs communes "
                                f"({self._listing(communes)}) : indiquez le nom de la commune.",
                                [self._fmt(c) for c in sorted(communes)][:3])
        chosen = [c for c in communes if self._matches(c, key, postal)]
        if len(chosen) == 1:
            return self._ok(chosen[0])
        if found := self._by_prefix(sorted(communes), key, label,
                                    f"du code postal {postal}", postal):
            return found
        return CommuneMatch(None, f"« {label} » ne correspond à aucune des communes du code "
                            f"postal {postal} ({self._listing(communes)}) : vérifiez le nom "
                            "ou le code postal.", self.suggest(key, communes))

    def _from_name(self, key: str, label: str) -> CommuneMatch:
        # « St André » in a file of the Nord: the only commune of the preferred départements
        # whose name starts so (Saint-André-lez-Lille), taken when no commune elsewhere has
        # exactly that name, else named first among them
        local = None
        if self.preferred:
            keys, codes_ = self.ref.fuzzy_choices(self.preferred)
            near = sorted({c for k, cs in zip(keys, codes_, strict=True)
                           if k.startswith(key + " ") for c in cs})
            local = self._by_prefix(near, key, label, f"du département {', '.join(self.preferred)}")
        for national in (False, True):
            for index in (self.ref.primary, self.ref.secondary):
                codes = index.get(key, set())
                if not national:
                    codes = {c for c in codes if self.ref.dep.get(c) in self.preferred}
                if len(codes) == 1 and not (national and local):
                    return self._ok(next(iter(codes)),
                                    label if index is self.ref.secondary else None)
                if codes:
                    codes = sorted(codes, key=lambda c: (self.ref.dep.get(c) not in self.preferred, c))
                    listed = ", ".join(self._fmt(c) for c in codes[:MAX_LISTED])
                    more = ", …" if len(codes) > MAX_LISTED else ""
                    if national and local:
                        return CommuneMatch(
                            None, f"Plusieurs communes peuvent correspondre à « {label} » : "
                            f"{self._fmt(local.code_insee)} (seule commune du département "
                            f"{', '.join(self.preferred)} dont le nom commence ainsi), {listed}{more} "
                            ": indiquez le code INSEE, le code postal ou le nom complet.",
                            [self._fmt(c) for c in [local.code_insee, *codes][:3]],
                            note=f"« {label} » lu comme {self._fmt(local.code_insee)} : seule "
                            f"commune du département {self.ref.dep.get(local.code_insee)} dont "
                            "le nom commence ainsi, où sont les autres communes du fichier "
                            f"(d'autres communes s'appellent ainsi ailleurs : {listed}{more})",
                            local=local.code_insee)
                    return CommuneMatch(None, f"Plusieurs communes s'appellent « {label} » "
                                        f"({listed}{more}) : indiquez le code INSEE ou le code "
                                        "postal.", [self._fmt(c) for c in codes[:3]])
            if not national and local:
                # no exact name in the preferred départements: the prefix match, unless the
                # name is exactly another commune's elsewhere (then ambiguous, see above)
                if not any(index.get(key) for index in (self.ref.primary, self.ref.secondary)):
                    return local
        if found := self._within(key, label):
            return found
        return CommuneMatch(None, f"Commune inconnue : « {label} ».", self.suggest(key))

    def _within(self, key: str, label: str) -> CommuneMatch | None:
        """A place named with its commune (« Salle des fêtes de Marquette-lez-Lille »,
        « Kinépolis Lomme »): the commune whose whole name the text holds, the longest when
        one name holds another (Marquette-lez-Lille, not Lille), in the file's
        départements when known; None when no commune or several are named."""
        words = key.split()
        if len(words) < 2:
            return None
        spans: list[tuple[int, int, str]] = []  # (first word, after last, commune)
        for n in range(min(6, len(words) - 1), 0, -1):
            for i in range(len(words) - n + 1):
                name = " ".join(words[i:i + n])
                for index in (self.ref.primary, self.ref.secondary):
                    for code in index.get(name, ()):
                        if not self.preferred or self.ref.dep.get(code) in self.preferred:
                            spans.append((i, i + n, code))
        # a name within a longer one is part of it (Lille in Marquette-lez-Lille)
        kept = {c for i, j, c in spans
                if not any(a <= i and j <= b and (b - a) > (j - i) for a, b, _ in spans)}
        if len(kept) != 1:
            return None
        code = next(iter(kept))
        longest = max(len(" ".join(words[i:j])) for i, j, c in spans if c == code)
        if not self.preferred and longest < 5:  # « Eu », « Y » anywhere in France: no evidence
            return None
        return CommuneMatch(code, None, [], None,
                            f"« {label} » lu comme {self._fmt(code)} : le nom de la commune "
                            "figure dans celui du lieu.")

    def resolve(self, code=None, name=None, postal_code=None) -> CommuneMatch:
        """Resolve one row: codes first, then postal code (+ name), then the name alone;
        « s/ » read « sur », else « sous » (said in a note)."""
        match = self._resolve(code, name, postal_code)
        if match.code_insee is None and isinstance(name, str) and _S_SLASH.search(name):
            sous = self._resolve(code, _S_SLASH.sub("sous ", name), postal_code)
            if sous.code_insee is not None and not sous.warning:
                label = " ".join(name.split())
                return CommuneMatch(sous.code_insee, None, [], sous.merged_from,
                                    f"« {label} » lu comme {self._fmt(sous.code_insee)} : "
                                    "« s/ » pour « sous ».")
        return match

    def _resolve(self, code=None, name=None, postal_code=None) -> CommuneMatch:
        code_s, postal_s = clean_code(code), clean_code(postal_code)
        label = "" if name is None or (isinstance(name, float) and math.isnan(name)) \
            else " ".join(str(name).split())
        glued = None
        if re.fullmatch(r"\d{4,5}|2[ab]\d{3}", label, re.IGNORECASE):  # a code in the name column
            label, glued = "", clean_code(label)
        elif label and (m := _GLUED_AFTER.fullmatch(label)):
            label, glued = m[1].strip(" ,;:-–("), clean_code(m[2])
        elif label and (m := _GLUED_BEFORE.fullmatch(label)):
            glued, label = m[1], m[2].strip()
        key = commune_key(label)
        for candidate, is_glued in ((code_s, False), (glued, True)):
            if candidate and (match := self._from_code(candidate, key, label, is_glued)):
                return match
        if postal_s and (match := self._from_postal(postal_s, key, label)):
            return match
        if key:
            return self._from_name(key, label)
        unknown = code_s or glued
        if unknown:
            return CommuneMatch(None, f"Code commune inconnu : « {unknown} ».", [])
        if postal_s:
            return CommuneMatch(None, f"Code postal inconnu : « {postal_s} ».", [])
        return CommuneMatch(None, "Commune non renseignée.", [])

    def _file_departement(self, results: list[CommuneMatch]) -> str | None:
        """The département of most communes the file names (at least 80 % of them), when
        it is not already a preferred one."""
        deps = pd.Series([self.ref.dep.get(r.code_insee) for r in results if r.code_insee],
                         dtype=object).dropna()
        if deps.empty:
            return None
        top = deps.value_counts()
        dep = str(top.index[0])
        return dep if top.iloc[0] >= 0.8 * len(deps) and dep not in self.preferred else None

    def _file_locals(self, results: list[CommuneMatch]) -> list[CommuneMatch]:
        """An ambiguous name with a local reading (`CommuneMatch.local`) takes it when at
        least 80 % of the file's other communes lie in that commune's département (two at
        least two): « St André » among communes of the Nord is Saint-André-lez-Lille, not one
        of the Saint-André of the Haute-Garonne. Said in a note, never silently."""
        if not any(r.local for r in results):
            return results
        deps = pd.Series([self.ref.dep.get(r.code_insee) for r in results if r.code_insee],
                         dtype=object).dropna()
        out = []
        for r in results:
            dep = self.ref.dep.get(r.local) if r.local else None
            if dep and len(deps) >= 2 and (deps == dep).sum() >= 0.8 * len(deps):
                r = CommuneMatch(r.local, None, [], None, r.note)
            out.append(r)
        return out

    def _bare_reading(self, names) -> str | None:
        """How the codes alone in a name column read: "postal" when some of them can only be
        postal codes (« 59700 ») and none only an INSEE code, "insee" the other way round
        (« 59599 »), else None."""
        insee_only = postal_only = False
        for value in names:
            if value is None or (isinstance(value, float) and math.isnan(value)):
                continue
            text = " ".join(str(value).split())
            if not _BARE_CODE.fullmatch(text):
                continue
            c = clean_code(text) or ""
            is_insee, is_postal = c in self.ref.target, c in self.ref.postal
            insee_only |= is_insee and not is_postal
            postal_only |= is_postal and not is_insee
        if insee_only != postal_only:
            return "postal" if postal_only else "insee"
        return None

    def resolve_frame(self, code: pd.Series | None, name: pd.Series | None,
                      postal: pd.Series | None) -> pd.DataFrame:
        """Resolve every row (columns code_insee, problem, suggestions), once per distinct row."""
        given = [s for s in (code, name, postal) if s is not None]
        if not given:
            raise ValueError("resolve_frame needs at least one of code, name, postal")
        index = given[0].index
        n = len(index)
        parts = []
        for s in (code, name, postal):
            if s is None:
                parts.append((np.full(n, -1, dtype=np.int64), []))
            else:
                codes, uniques = pd.factorize(s.to_numpy(dtype=object))
                parts.append((codes.astype(np.int64), list(uniques)))
        sizes = [len(u) + 1 for _, u in parts]
        combined = ((parts[0][0] + 1) * sizes[1] + parts[1][0] + 1) * sizes[2] + parts[2][0] + 1
        distinct, inverse = np.unique(combined, return_inverse=True)
        rows = []
        for k in distinct.tolist():
            k, c2 = divmod(k, sizes[2])
            c0, c1 = divmod(k, sizes[1])
            rows.append([u[c - 1] if c else None for (_, u), c in zip(parts, (c0, c1, c2),
                                                                     strict=True)])
        this = self
        if name is not None and (reading := self._bare_reading(list(name.unique()))):
            this = copy.copy(self)
            this.bare = reading
        results = [this.resolve(*values) for values in rows]
        # a name the file's own département does not explain (« St André » without a postal
        # code, among communes of the Nord): read again preferring that département
        local = self._file_departement(results)
        if local and any(r.code_insee is None for r in results):
            again = copy.copy(this)
            again.preferred = (local,)
            results = [again.resolve(*values) if r.code_insee is None else r
                       for r, values in zip(results, rows, strict=True)]
        results = self._file_locals(results)
        pick = np.asarray(inverse).reshape(-1)
        columns = {}
        for column in ("code_insee", "problem", "suggestions", "merged_from", "note", "warning"):
            table = np.empty(len(results), dtype=object)
            table[:] = [getattr(r, column) for r in results]
            columns[column] = pd.Series(table[pick], index=index, dtype=object)
        return pd.DataFrame(columns, index=index)
