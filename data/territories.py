"""Territories: the two built-in ones and those a manager defines.

`definitions()` is the one place every module reads the territory definitions from:
the built-in territories (`settings.TERRITORIES`, communes from
`geo/data/territoires_melt_mno.csv`) and the territories defined with
`python -m cli territory add …` or the « Territoires » page, kept in
`<data dir>/territories.json` (replaced atomically under the catalogue lock, recorded in
the audit log, carried by backup / restore). A definition is a dict: `label`,
`csv_code` (short name: charts, slides, tables; a defined territory's `short_label`, or
`short_label(label)` when none was given), `fte_hours`, `senior_age`, `low_level_max`, `communes` (tuple of
current INSEE codes), `builtin`.

Communes are checked against the COG 2024: a former commune (merged into a commune
nouvelle, `COMD` / `COMA`) is replaced by its current commune with a message; an unknown
code is refused (`TerritoryError`, French message).
"""

import functools
import json
import re
from pathlib import Path

import pandas as pd

import settings
from data import audit
from data.catalog import locked, write_atomically

FILE_NAME = "territories.json"
DEFAULTS = {"fte_hours": 1607, "senior_age": 50, "low_level_max": 3}
# Keys of reference territories and of the import's « autre »: not a territory's code.
RESERVED = {"nord", "autre", "france", "aucun"}
CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{1,29}$")
BUILTIN_CSV = settings.GEO_DIR / "territoires_melt_mno.csv"


class TerritoryError(Exception):
    """A refused territory operation; the message is French."""


# -- short labels ---------------------------------------------------------------------------
SHORT_MAX = 20  # as long as a chart's legend and a table's column header read well
# The kinds of structures, as their short names say them (« Mission Locale » → « ML »)
ABBREVIATIONS = (
    ("mission locale", "ML"), ("maison de l'emploi", "MDE"),
    ("communauté d'agglomération", "CA"), ("communauté de communes", "CC"),
    ("communauté urbaine", "CU"), ("plan local pour l'insertion et l'emploi", "PLIE"),
)
SMALL_WORDS = {"de", "du", "des", "la", "le", "les", "l'", "d'", "et", "à", "au", "aux", "en"}
_ACRONYM = re.compile(r"\(([A-Z0-9][A-Z0-9&.-]{1,11})\)\s*$")


def short_label(label: str) -> str:
    """A territory's short name from its label, for charts and slides: an acronym in
    parentheses at its end (« Lys-Tourcoing (MELT) » → « MELT »); otherwise the kind of
    structure abbreviated and the words after it without the leading articles (« Mission
    Locale de Bourges » → « ML Bourges »), shortened to its last words when longer than
    SHORT_MAX (« Mission Locale de l'agglomération de Bourges » → « ML Bourges »)."""
    text = re.sub(r"\s+", " ", (label or "").replace("’", "'")).strip()
    if found := _ACRONYM.search(text):
        return found.group(1)
    head = ""
    for long, short in ABBREVIATIONS:
        if text.casefold().startswith(long):
            head, text = short, text[len(long):]
            break
    # « l'agglomération » → « l' » and « agglomération »: the article is a word of its own
    words = re.sub(r"\b([ld]')", r"\1 ", text, flags=re.IGNORECASE).split()
    if not head and len(words) > 1 and len(words[0]) > 1 and words[0].isupper():
        head, words = words[0], words[1:]  # an acronym names the structure: « PLIE du … »

    def trimmed(ws: list[str]) -> list[str]:  # without the articles they begin with
        while ws and ws[0].casefold() in SMALL_WORDS:
            ws = ws[1:]
        return ws

    def joined(ws: list[str]) -> str:
        return re.sub(r"([ld]') ", r"\1", " ".join([head, *ws]).strip(), flags=re.IGNORECASE)

    body = trimmed(words) if head else words
    if len(joined(body)) <= SHORT_MAX:
        return joined(body) or label.strip()[:SHORT_MAX]
    tail: list[str] = []  # the last words that fit (a place's name ends the label)
    for w in reversed(body):
        if len(joined(trimmed([w, *tail]))) > SHORT_MAX:
            break
        tail = [w, *tail]
    return joined(trimmed(tail)) or joined(body)[:SHORT_MAX].strip()


def _check_short_label(text: str | None) -> str | None:
    text = re.sub(r"\s+", " ", text or "").strip()
    if not text:
        return None
    if len(text) > SHORT_MAX:
        raise TerritoryError(f"le libellé court « {text} » a {len(text)} caractères : "
                             f"{SHORT_MAX} au plus (il nomme le territoire dans les graphiques).")
    return text


def _path(data_dir: Path | None = None) -> Path:
    return Path(data_dir or settings.data_dir()) / FILE_NAME


def stamp(data_dir: Path | None = None) -> tuple:
    """Changes whenever the defined territories change (part of cache keys)."""
    path = _path(data_dir)
    try:
        st = path.stat()
        return (str(path), st.st_ino, st.st_mtime_ns, st.st_size)
    except FileNotFoundError:
        return (str(path), 0, 0, 0)


@functools.cache
def _builtin() -> dict[str, dict]:
    rows = pd.read_csv(BUILTIN_CSV, dtype=str)
    out = {}
    for key, conf in settings.TERRITORIES.items():
        codes = rows.loc[rows["territoire"] == conf["csv_code"], "code_insee"].tolist()
        out[key] = {**DEFAULTS, **conf, "communes": tuple(codes), "builtin": True}
    return out


@functools.lru_cache(maxsize=8)
def _defined(path: str, stamp_: tuple) -> dict[str, dict]:
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    out = {}
    for key, d in raw.items():
        # a file written before short labels existed: the label's (never the code's)
        short = d.get("short_label") or d.get("csv_code") or short_label(d.get("label", key))
        out[key] = {**DEFAULTS, **d, "csv_code": short, "short_label": short,
                    "communes": tuple(d["communes"]), "builtin": False}
    return out


def defined(data_dir: Path | None = None) -> dict[str, dict]:
    """The territories defined by managers (not the built-in ones)."""
    return dict(_defined(str(_path(data_dir)), stamp(data_dir)))


def definitions(data_dir: Path | None = None) -> dict[str, dict]:
    """Every territory, built-in first: {code: definition}. Do not modify the dicts."""
    return {**_builtin(), **defined(data_dir)}


def resolve(code: str | None, data_dir: Path | None = None) -> str | None:
    """The territory's code as stored, the case aside (« LENS » for « lens »), or None."""
    if code is None:
        return None
    defs = definitions(data_dir)
    if code in defs:
        return code
    same = [k for k in defs if k.lower() == code.strip().lower()]
    return same[0] if len(same) == 1 else None


def get(code: str, data_dir: Path | None = None) -> dict:
    found = definitions(data_dir).get(code)
    if found is None:
        raise TerritoryError(f"territoire inconnu « {code} » (territoires : "
                             f"{', '.join(definitions(data_dir))}).")
    return found


# -- communes ---------------------------------------------------------------------------
@functools.cache
def _cog() -> pd.DataFrame:
    cog = pd.read_csv(settings.REF_DIR / "v_commune_2024.csv", dtype=str, keep_default_na=False)
    return cog


@functools.cache
def current_communes() -> dict[str, tuple[str, str]]:
    """{current commune code: (name, département)} of the COG 2024."""
    cog = _cog()
    com = cog[cog["TYPECOM"].isin(["COM", "ARM"])]
    return dict(zip(com["COM"], zip(com["LIBELLE"], com["DEP"], strict=True), strict=True))


@functools.cache
def associated_communes() -> frozenset[str]:
    """Codes of the communes associées of the COG 2024 (`COMA`: Lomme, Hellemmes-Lille to
    Lille), which keep a name and a code within their commune, unlike the communes
    déléguées of a commune nouvelle (`COMD`) and the communes merged away."""
    cog = _cog()
    return frozenset(cog.loc[cog["TYPECOM"] == "COMA", "COM"])


@functools.cache
def former_communes() -> dict[str, tuple[str, str]]:
    """{former commune code: (its name, current commune code)} (COG `COMD` / `COMA`)."""
    cog = _cog()
    old = cog[cog["TYPECOM"].isin(["COMD", "COMA"]) & (cog["COMPARENT"] != "")]
    current = current_communes()
    return {c: (n, p) for c, n, p in zip(old["COM"], old["LIBELLE"], old["COMPARENT"],
                                         strict=True) if c not in current}


def territory_label(territory: str) -> str:
    """The label of a territory (« Métropole Nord-Ouest »), its code when unknown."""
    return definitions().get(territory, {}).get("label", territory)


def commune_name(code: str) -> str:
    return current_communes().get(code, (code, ""))[0]


def check_communes(codes) -> tuple[list[str], list[str]]:
    """Current INSEE codes (in order, deduplicated) and French messages for the former
    communes replaced; TerritoryError naming the unknown codes."""
    current, former = current_communes(), former_communes()
    out, messages, unknown = [], [], []
    # « 62498,62510 » as one argument: several codes
    codes = [c for raw in codes for c in re.split(r"[\s,;]+", str(raw)) if c]
    for raw in codes:
        code = str(raw).strip().upper()
        if not code:
            continue
        if len(code) == 4 and code.isdigit():
            code = "0" + code
        if code in current:
            out.append(code)
        elif code in former:
            name, parent = former[code]
            messages.append(f"{code} ({name}) est une ancienne commune : elle fait partie de "
                            f"{commune_name(parent)} ({parent}), retenue à sa place.")
            out.append(parent)
        else:
            unknown.append(code)
    if unknown:
        raise TerritoryError(
            f"code(s) commune inconnu(s) du COG 2024 : {', '.join(unknown)} (codes INSEE à "
            "5 caractères, par exemple 62498 pour Lens).")
    out = list(dict.fromkeys(out))
    if not out:
        raise TerritoryError("aucune commune : donnez au moins un code INSEE.")
    return out, messages


def departement_communes(dep: str) -> list[str]:
    dep = dep.strip().upper()
    if len(dep) == 1 and dep.isdigit():
        dep = "0" + dep
    codes = [c for c, (_, d) in current_communes().items() if d == dep]
    if not codes:
        raise TerritoryError(f"département inconnu « {dep} » (par exemple 62 pour le "
                             "Pas-de-Calais, 2A pour la Corse-du-Sud).")
    return sorted(codes)


def commune_epci() -> dict[str, tuple[str, str]]:
    """{INSEE code: (SIREN of its EPCI, EPCI name)} where known: the Nord's reference file
    and the boundaries imported with an EPCI column (ADMIN EXPRESS `SIREN_EPCI`)."""
    from data import layers

    return _commune_epci(layers.stamp(), str(settings.data_dir()))


@functools.lru_cache(maxsize=4)
def _commune_epci(stamp_: tuple, data_dir: str) -> dict[str, tuple[str, str]]:
    nord = pd.read_csv(settings.GEO_DIR / "communes_nord_59_population.csv", dtype=str,
                       keep_default_na=False)
    out = {c: (s, n) for c, s, n in zip(nord["code_insee"], nord["siren_epci"],
                                        nord["nom_epci"], strict=True) if s}
    from data import layers  # no Streamlit there; geopandas is not imported for this

    out.update(layers.imported_epci(Path(data_dir)))
    return out


def epci_communes(siren: str) -> list[str]:
    siren = siren.strip()
    codes = sorted(c for c, (s, _) in commune_epci().items() if s == siren)
    if not codes:
        raise TerritoryError(
            f"EPCI inconnu « {siren} » : son SIREN ne figure ni dans le référentiel du Nord ni "
            "dans les contours importés (importez d'abord les contours ADMIN EXPRESS avec "
            "`python -m cli geo import`, qui portent la colonne SIREN_EPCI, ou donnez les "
            "communes avec --communes).")
    return codes


# -- changes ---------------------------------------------------------------------------
def _write(raw: dict, data_dir: Path | None) -> None:
    path = _path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, json.dumps(raw, ensure_ascii=False, indent=1).encode("utf-8"))


def _read(data_dir: Path | None) -> dict:
    try:
        return json.loads(_path(data_dir).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}


def _lock(data_dir: Path | None):
    return locked(Path(data_dir or settings.data_dir()) / "catalog.lock")


def _check_number(name: str, value, low: int, high: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise TerritoryError(f"{name} attend un nombre entier, reçu « {value} ».") from None
    if not low <= number <= high:
        raise TerritoryError(f"{name} doit être entre {low} et {high}, reçu {number}.")
    return number


def add(code: str, label_: str, communes, *, fte_hours=None, senior_age=None,
        low_level_max=None, short_label_: str | None = None, data_dir: Path | None = None,
        by: str = "cli") -> list[str]:
    """Define a territory; returns the French messages of `check_communes`."""
    code = (code or "").strip()
    if not CODE_RE.match(code):
        raise TerritoryError(f"code de territoire invalide « {code} » : 2 à 30 caractères, "
                             "lettres sans accent, chiffres, « - » ou « _ » (par exemple "
                             "lens-lievin).")
    if code.lower() in RESERVED or code.lower().startswith(("dep-", "reg-", "epci-")):
        raise TerritoryError(f"« {code} » est réservé : choisissez un autre code.")
    if not (label_ or "").strip():
        raise TerritoryError("donnez un libellé au territoire (--label).")
    short = _check_short_label(short_label_)
    codes, messages = check_communes(communes)
    entry = {
        "label": label_.strip(), "communes": codes,
        "fte_hours": _check_number("--fte-hours", fte_hours or DEFAULTS["fte_hours"], 1, 3000),
        "senior_age": _check_number("--senior-age", senior_age or DEFAULTS["senior_age"],
                                    30, 70),
        "low_level_max": _check_number("--low-level-max",
                                       low_level_max or DEFAULTS["low_level_max"], 3, 5),
    }
    if short:  # none given: derived from the label when read (`_defined`)
        entry["short_label"] = short
    with _lock(data_dir):
        if code.lower() in _builtin():
            raise TerritoryError(f"« {code} » est un territoire intégré : choisissez un "
                                 "autre code.")
        raw = _read(data_dir)
        if code.lower() in {k.lower() for k in raw}:
            raise TerritoryError(f"le territoire « {code} » existe déjà (modifiez ses "
                                 "communes avec `territory set-communes`).")
        raw[code] = entry
        _write(raw, data_dir)
    audit.record("territoire ajouté", by, data_dir, territory=code, label=entry["label"],
                 communes=len(codes))
    return messages


def set_communes(code: str, communes, *, data_dir: Path | None = None,
                 by: str = "cli") -> list[str]:
    codes, messages = check_communes(communes)
    with _lock(data_dir):
        raw = _read(data_dir)
        if code not in raw:
            raise TerritoryError(_not_defined(code, data_dir))
        before = len(raw[code]["communes"])
        raw[code]["communes"] = codes
        _write(raw, data_dir)
    audit.record("communes du territoire modifiées", by, data_dir, territory=code,
                 before=before, after=len(codes))
    return messages


def remove(code: str, *, data_dir: Path | None = None, by: str = "cli") -> None:
    with _lock(data_dir):
        raw = _read(data_dir)
        if code not in raw:
            raise TerritoryError(_not_defined(code, data_dir))
        del raw[code]
        _write(raw, data_dir)
    audit.record("territoire supprimé", by, data_dir, territory=code)


def _not_defined(code: str, data_dir: Path | None) -> str:
    if code in _builtin():
        return f"« {code} » est un territoire intégré : il ne peut être ni modifié ni supprimé."
    return f"territoire inconnu « {code} » (territoires définis : {', '.join(defined(data_dir)) or 'aucun'})."


# -- reference territories -----------------------------------------------------------------
# Names of the départements (COG 2024), for the reference territories' labels.
DEPARTEMENTS = dict(line.split(" ", 1) for line in """\
01 Ain
02 Aisne
03 Allier
04 Alpes-de-Haute-Provence
05 Hautes-Alpes
06 Alpes-Maritimes
07 Ardèche
08 Ardennes
09 Ariège
10 Aube
11 Aude
12 Aveyron
13 Bouches-du-Rhône
14 Calvados
15 Cantal
16 Charente
17 Charente-Maritime
18 Cher
19 Corrèze
2A Corse-du-Sud
2B Haute-Corse
21 Côte-d'Or
22 Côtes-d'Armor
23 Creuse
24 Dordogne
25 Doubs
26 Drôme
27 Eure
28 Eure-et-Loir
29 Finistère
30 Gard
31 Haute-Garonne
32 Gers
33 Gironde
34 Hérault
35 Ille-et-Vilaine
36 Indre
37 Indre-et-Loire
38 Isère
39 Jura
40 Landes
41 Loir-et-Cher
42 Loire
43 Haute-Loire
44 Loire-Atlantique
45 Loiret
46 Lot
47 Lot-et-Garonne
48 Lozère
49 Maine-et-Loire
50 Manche
51 Marne
52 Haute-Marne
53 Mayenne
54 Meurthe-et-Moselle
55 Meuse
56 Morbihan
57 Moselle
58 Nièvre
59 Nord
60 Oise
61 Orne
62 Pas-de-Calais
63 Puy-de-Dôme
64 Pyrénées-Atlantiques
65 Hautes-Pyrénées
66 Pyrénées-Orientales
67 Bas-Rhin
68 Haut-Rhin
69 Rhône
70 Haute-Saône
71 Saône-et-Loire
72 Sarthe
73 Savoie
74 Haute-Savoie
75 Paris
76 Seine-Maritime
77 Seine-et-Marne
78 Yvelines
79 Deux-Sèvres
80 Somme
81 Tarn
82 Tarn-et-Garonne
83 Var
84 Vaucluse
85 Vendée
86 Vienne
87 Haute-Vienne
88 Vosges
89 Yonne
90 Territoire de Belfort
91 Essonne
92 Hauts-de-Seine
93 Seine-Saint-Denis
94 Val-de-Marne
95 Val-d'Oise
971 Guadeloupe
972 Martinique
973 Guyane
974 La Réunion
976 Mayotte""".splitlines())
NORD = "nord"  # the reference key of the département du Nord (kept from before)
FRANCE = "france"


@functools.cache
def _regions() -> dict[str, str]:
    """{département: (région code)} and the régions' names, from the COG and the
    populations file."""
    pop = pd.read_csv(settings.REF_DIR / "donnees_communes_PL2021.csv", sep=";", dtype=str)
    return dict(zip(pop["REG"], pop["Région"], strict=True))


@functools.cache
def _commune_region() -> dict[str, str]:
    cog = _cog()
    com = cog[cog["TYPECOM"] == "COM"]
    return dict(zip(com["COM"], com["REG"], strict=True))


def _dep_key(dep: str) -> str:
    return NORD if dep == "59" else f"dep-{dep}"


def reference_territories(code: str) -> dict[str, str]:
    """{key: label} of the territories a territory is compared with, from the COG: its
    EPCI(s) (where known), département(s), région(s) and France."""
    d = definitions().get(code)
    if d is None:
        return {}
    current, epci, regions = current_communes(), commune_epci(), _commune_region()
    out: dict[str, str] = {}
    for siren, name in sorted({epci[c] for c in d["communes"] if c in epci}):
        out[f"epci-{siren}"] = name
    for dep in sorted({current[c][1] for c in d["communes"] if c in current}):
        out[_dep_key(dep)] = ("Département du Nord" if dep == "59"
                              else f"{DEPARTEMENTS.get(dep, dep)} (département)")
    for reg in sorted({regions[c] for c in d["communes"] if c in regions}):
        out[f"reg-{reg}"] = f"{_regions().get(reg, reg)} (région)"
    out[FRANCE] = "France"
    return out


def default_reference(code: str) -> str:
    """The département of most of the territory's communes (the Nord for MNO and MELT); a
    territory that holds every commune of it (a départemental deployment) is compared
    with its région instead, and one that holds a whole région with France: a reference
    is never the territory itself."""
    d = definitions().get(code)
    if d is None:
        return NORD
    return _default_reference(d["communes"])


@functools.lru_cache(maxsize=64)
def _default_reference(communes: tuple[str, ...]) -> str:
    """`default_reference` of a territory of `communes` (kept: France's 35 000 communes
    took 30 ms a call, and a fiche or the AG slides ask several times)."""
    current = current_communes()
    d = {"communes": communes}
    deps = pd.Series([current[c][1] for c in d["communes"] if c in current])
    if deps.empty:
        return NORD
    dep = deps.value_counts().index[0]
    communes = set(d["communes"])
    by_dep, by_region = _communes_of_each()
    if not by_dep.get(dep, frozenset()) <= communes:
        return _dep_key(dep)
    regions = pd.Series([r for c in d["communes"] if (r := _commune_region().get(c))])
    region = regions.value_counts().index[0] if len(regions) else None
    if region is not None and not by_region.get(region, frozenset()) <= communes:
        return f"reg-{region}"
    return FRANCE


@functools.cache
def _communes_of_each() -> tuple[dict[str, frozenset], dict[str, frozenset]]:
    """({département: its communes}, {région: its communes}) of the COG 2024."""
    cog = _cog()
    com = cog[cog["TYPECOM"] == "COM"]
    by_dep = {k: frozenset(v) for k, v in com.groupby("DEP")["COM"]}
    by_region = {k: frozenset(v) for k, v in com.groupby("REG")["COM"]}
    return by_dep, by_region


def reference_frame() -> pd.DataFrame:
    """territory, label, code_insee of every reference territory of every territory
    (the Nord apart: data/reference.py has it)."""
    current, epci, regions = current_communes(), commune_epci(), _commune_region()
    keys: dict[str, str] = {}
    for code in definitions():
        keys.update(reference_territories(code))
    rows = []
    for key, lab in keys.items():
        if key == NORD:
            continue
        if key == FRANCE:
            codes = [c for c in current if c in regions]
        elif key.startswith("epci-"):
            codes = [c for c, (s, _) in epci.items() if s == key[5:]]
        elif key.startswith("dep-"):
            codes = [c for c, (_, dep) in current.items() if dep == key[4:]]
        else:
            codes = [c for c, r in regions.items() if r == key[4:]]
        rows.extend((key, lab, c) for c in codes)
    return pd.DataFrame(rows, columns=["territory", "label", "code_insee"])
