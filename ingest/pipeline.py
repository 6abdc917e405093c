"""Import pipeline: read → match profile → parse → validate → (commit). Same code for the page and the CLI.

`prepare()` never writes anything: it returns what would be stored and the validation
report. `commit()` stores it in one all-or-nothing step, or refuses when rows are
invalid and the manager has not chosen to import without them.

Both take an optional `progress(step, seconds)` callback, called with `seconds=None` when
a step starts and with its duration when it ends; the steps are `STEPS` (lecture,
reconnaissance and contrôle in `prepare`, écriture in `commit`).

Every row of the file is accounted for: imported, invalid (an error names it), or excluded
for a stated reason (`SheetResult.excluded`: totals, identical duplicates, notes, blank
lines). Counts are in lines of the file, also for layouts with a column per month.
"""

import contextlib
import datetime as dt
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from data import reference, territories
from data.schema import TABLES
from data.store import PEOPLE_TABLES, Store
from ingest import codes, commune_map, detect, fields, grain, redact, suggest, vocab
from ingest.communes import AGGREGATE_KINDS, LABEL_KINDS, CommuneResolver, aggregate_kind, commune_key
from ingest.match import SheetMatch, all_sources, candidates, is_personal
from ingest.parse import norm_label, parse_month
from ingest.profiles import END_DATES, PLANNED_DAYS, PLANNED_ENDS, SOURCES, SheetProfile
from ingest.readers import ReadError, read_workbook
from ingest.report import ERROR, INFO, WARNING, LinesProblem, Problem
from wording import texts
from wording.format import fmt_date, fmt_month

log = logging.getLogger(__name__)  # the detection's scores: never in the manager's text

STEPS = ("lecture", "reconnaissance", "contrôle", "écriture")
Progress = Callable[[str, "float | None"], None]
ONPV_THEMES = {"de_qpv": "insertion_professionnelle", "pop_qpv": "demographie"}
# Tables whose rows carry no date: the period their figures describe must be given.
UNDATED_TABLES = ("qpv_indicators",)
PERIOD = re.compile(r"((?:19|20)\d{2})(?:-(0[1-9]|1[0-2]))?")
# Reasons a line of the file is left out (keys of SheetResult.excluded).
EXCLUDED_NOTE = "note"
EXCLUDED_BLANK = "ligne vide"
EXCLUDED_DUPLICATE = "doublon identique"
EXCLUDED_HEADER = "en-tête répété"
DETECTION_RULE = "Source reconnue"  # the information line naming the guessed source


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
    rows_read: int  # lines of the file holding data, excluded ones left out
    frame: pd.DataFrame  # canonical columns of the table + `_bad` and `_file_row`
    unmapped: list[str] = field(default_factory=list)
    personal_dropped: list[str] = field(default_factory=list)
    excluded: dict[str, int] = field(default_factory=dict)  # reason -> lines of the file
    context: list[str] = field(default_factory=list)  # recognised columns, not stored
    merged: dict[str, str] = field(default_factory=dict)  # former commune -> current code
    # unrecognised headers -> ranked guesses [(field, score)] (ingest.suggest)
    suggestions: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    # a second table read from the lines of a sheet already read (a flat extraction: one
    # line per programme, the young person repeated): its lines are counted once, there
    companion: bool = False

    @property
    def excluded_totals(self) -> int:
        """Lines left out as totals (département, région, France, « Total »…)."""
        return sum(n for reason, n in self.excluded.items()
                   if reason in AGGREGATE_KINDS.values())

    @property
    def invalid_rows(self) -> int:
        """Lines of the file with at least one error."""
        return int(self.frame.loc[self.frame["_bad"].to_numpy(bool), "_file_row"].nunique())


@dataclass
class Prepared:
    file_name: str
    raw: bytes
    source: str
    territory: str
    period: str
    sheets: list[SheetResult]
    problems: list[Problem]
    detection: detect.Detection | None = None
    durations: dict[str, float] = field(default_factory=dict)  # step -> seconds
    # the manager's value mappings that applied, by field (to be saved), and the keys
    # of the given value mappings that name no coded column of the file
    value_mapping: dict[str, dict[str, str]] = field(default_factory=dict)
    unused_value_keys: list[str] = field(default_factory=list)
    # sheets of the chosen source left out whole (a required column absent): no import,
    # not even « without the invalid lines », may drop them without a word
    unusable_sheets: list[str] = field(default_factory=list)
    # the months a Mission Locale extraction covers (ImportRecord.covers), None for one
    covers: str | None = None

    @property
    def unusable_names(self) -> str:
        """The unusable sheets as the messages name them: « Participants », « Étapes »."""
        return ", ".join(f"« {n} »" for n in self.unusable_sheets)

    @property
    def rows_read(self) -> int:
        return sum(s.rows_read for s in self.sheets if not s.companion)

    @property
    def invalid_rows(self) -> int:
        """Lines of the file with at least one error (not cells: a line with a bad value
        in 60 month columns counts once, a line of a flat sheet read for two tables too)."""
        lines = set()
        for s in self.sheets:
            bad = s.frame.loc[s.frame["_bad"].to_numpy(bool), "_file_row"]
            lines |= {(s.name, int(r)) for r in bad.unique()}
        return len(lines)

    @property
    def excluded(self) -> dict[str, int]:
        """Lines left out of the import, by reason, over every sheet."""
        out: dict[str, int] = {}
        for s in self.sheets:
            for reason, n in s.excluded.items():
                out[reason] = out.get(reason, 0) + n
        return out

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


class _Steps:
    """Times the steps of an import and tells `progress` about them."""

    def __init__(self, progress: Progress | None, durations: dict[str, float]):
        self.progress, self.durations = progress, durations

    @contextlib.contextmanager
    def step(self, name: str):
        if self.progress:
            self.progress(name, None)
        start = time.perf_counter()
        yield
        self.durations[name] = time.perf_counter() - start
        if self.progress:
            self.progress(name, self.durations[name])


def prepare(store: Store, raw: bytes, file_name: str, source: str | None = None,
            period: str | None = None, territory: str | None = None,
            mapping: dict[str, str] | None = None, today: dt.date | None = None,
            progress: Progress | None = None,
            value_mapping: dict[str, dict[str, str]] | None = None) -> Prepared:
    """`mapping`: header -> field; `value_mapping`: column (header, field or its label) ->
    {value as written: value to store} (see ingest.vocab)."""
    today = today or dt.date.today()
    if source is not None and source not in SOURCES:
        raise ImportRefused(f"Source inconnue : « {source} ». Sources possibles : {', '.join(SOURCES)}.")
    durations: dict[str, float] = {}
    steps = _Steps(progress, durations)
    with steps.step("lecture"):
        try:
            sheets = read_workbook(raw, file_name)
        except ReadError as e:
            raise ImportRefused(str(e)) from e
    with steps.step("reconnaissance"):
        sources = [SOURCES[source]] if source else all_sources()
        found = [(s, candidates(s.frame, sources, mapping)) for s in sheets]
        every = [m for _, ms in found for m in ms]
        # each sheet's best match, its companions' scores added (a flat extraction: the
        # young people and their programmes on one line)
        matches = [(s, best_flat(ms)) for s, ms in found if any(m.enough for m in ms)]
        if not matches:
            raise ImportRefused(_unrecognised(file_name, source, every, sheets))
        best_per_sheet = [m for _, ms in found for m in _best_per_source(ms)]
        by_name = {s.name: ms for s, ms in found}
        flat_score = {s.name: _flat_score(m, by_name[s.name]) for s, m in matches}
        chosen = source or max(
            {m.source.key for _, m in matches},
            key=lambda k: sum(flat_score[s.name] for s, m in matches if m.source.key == k),
        )
        detection = detect.detection(chosen, best_per_sheet, given=source is not None)
        log.info("detection: %s", detection.scores())
        problems: list[Problem] = []
        taken = []
        unusable: list[str] = []
        matches = _named_sheets(sheets, matches, chosen, mapping, problems, unusable)
        fixed_months: dict[str, dt.date] = {}  # sheet -> the month of a file without month column
        for sheet, m in matches:
            if m.source.key != chosen:
                continue
            why_no_month = ""
            if _month_may_be_fixed(m):
                month, why_no_month = _month_without_column(sheet.name, sheet.frame, m, period,
                                                            problems, today)
                if month is not None:
                    fixed_months[sheet.name] = month
                    taken.append((sheet, m))
                    continue
            if m.missing_required:
                names = [f"« {m.profile.header(n)} »" for n in m.missing_required]
                labels = " et ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)
                free = [i for i in range(len(m.headers)) if i not in m.columns.values()]
                hint = suggest.sentence(suggest.for_headers(sheet.frame, m.header_row, m.headers,
                                                            m.profile, free,
                                                            only=set(m.missing_required)), m.profile)
                problems.append(Problem(sheet.name, m.header_row + 1, "", "",
                                        "Colonne obligatoire absente",
                                        ("Ajoutez ou associez la colonne " if len(m.missing_required) == 1
                                         else "Ajoutez ou associez les colonnes ") + labels
                                        + (f" ({hint})" if hint else "") + "."
                                        + (f" {why_no_month}" if why_no_month else ""), ERROR))
                unusable.append(sheet.name)
                continue
            if m.unread_sub_headers and not m.value_columns:  # no label below the months known
                _report_unread_sub_headers(sheet.name, m, problems)
                unusable.append(sheet.name)
                continue
            taken.append((sheet, m))
        if taken:
            _unread_sheets(found, chosen, {s.name for s, _ in taken}, problems, unusable)
            companions = _flat_companions(taken, by_name)
        else:
            companions = []
        if not taken:
            not_export = detect.not_an_export([(s.name, s.frame) for s in sheets])
            if not_export:
                raise ImportRefused(f"Le fichier « {file_name} » : {not_export}")
            unread = [p for p in problems if p.rule == texts.CHECK_SUB_HEADER_UNREAD_RULE]
            if unread:
                raise ImportRefused(texts.IMPORT_NO_FIGURE_COLUMN.format(
                    file=file_name, advice=unread[0].advice))
            if problems:
                guess = "" if source else (detection.nearest() + " Il")
                raise ImportRefused(
                    (guess or "Le fichier") + " ne contient pas les colonnes obligatoires : "
                    + " ; ".join(p.advice[:1].lower() + p.advice[1:] for p in problems),
                )
            raise ImportRefused(_unrecognised(file_name, source, every, sheets))
        reference_period = _reference_period(chosen, [m for _, m in taken], period, file_name)
    with steps.step("contrôle"):
        results = []
        for sheet, m in taken:
            mine = [c for s, _main, c in companions if s.name == sheet.name]
            others = set().union(*(c.imported_columns for c in mine)) if mine else set()
            results.append(_parse_sheet(store, sheet.name, sheet.frame, m, problems, today,
                                        reference_period, value_mapping,
                                        fixed_months.get(sheet.name), also_read=others,
                                        repeated=bool(mine)))
        for sheet, m in taken:
            _hidden_lines(sheet, m, problems)
        for sheet, main, c in companions:
            results.append(_parse_sheet(store, sheet.name, sheet.frame, c, problems, today,
                                        reference_period, value_mapping,
                                        also_read=main.imported_columns, companion_of=main))
        taken += [(sheet, c) for sheet, _main, c in companions]
        _across_sheets(results, problems)
        if all(r.rows_read == 0 for r in results):
            left_out = {}
            for r in results:
                for reason, n in r.excluded.items():
                    left_out[reason] = left_out.get(reason, 0) + n
            detail = "" if not left_out else " (lignes écartées : " + ", ".join(
                f"{reason} : {n}" for reason, n in left_out.items()) + ")"
            raise ImportRefused(f"Le fichier « {file_name} » ne contient aucune ligne de "
                                f"données{detail}.")
        if not source:
            problems.insert(0, Problem("", None, "", "", DETECTION_RULE,
                                       detection.sentence() + " Si ce n'est pas la bonne, "
                                       "indiquez la source.", INFO))
        for r, (_, m) in zip(results, taken, strict=True):
            _report_sheet(r, m.profile, problems)
        problems = _unique(problems)
        if not territory:
            territory = _infer_territory(results)
            if territory == "autre":  # no commune: the territory of the people it names
                territory = _territory_of_people(store, chosen, results, problems) or territory
        _check_territory(territory, results, problems)
        covers = None
        if not period:
            period = _infer_period(SOURCES[chosen].period_kind, results, problems)
            covers = _ml_covered_months(results, period) if chosen == "ml" else None
        coded = [(m.headers[i], f.name, f.synonyms[0], f.kind) for _, m in taken
                 for f in m.profile.fields if (i := m.columns.get(f.name)) is not None]
        used, unused = vocab.resolve(value_mapping, coded)
    return Prepared(file_name, raw, chosen, territory, period, results, problems, detection,
                    durations, used, unused, unusable, covers)


def _best_per_source(ms: list[SheetMatch]) -> list[SheetMatch]:
    """The best match of each source for one sheet (`ms` is sorted best first)."""
    seen, out = set(), []
    for m in ms:
        if m.source.key not in seen:
            seen.add(m.source.key)
            out.append(m)
    return out


def companions(m: SheetMatch, ms: list[SheetMatch]) -> list[SheetMatch]:
    """The other tables of `m`'s source that the same lines hold, `m` being the table of
    its people (a flat extraction: the young person and one of their programmes on each
    line; a participant and one of their steps): same header row, the person's
    identifier in the same column, every required column found and those other than the
    identifier not read by `m`."""
    if "person_id" not in m.columns or m.profile.table not in PEOPLE_TABLES:
        return []  # (the table listing the people reads the line first)
    mine = m.imported_columns
    out = []
    for c in ms:
        if (c.source.key != m.source.key or c.profile.table in PEOPLE_TABLES or c.profile.wide
                or c.header_row != m.header_row or c.missing_required
                or c.columns.get("person_id") != m.columns["person_id"]):
            continue
        own = [f.name for f in c.profile.fields if f.required and f.name != "person_id"]
        if own and all(c.columns[f] not in mine for f in own):
            out.append(c)
    return out


def _flat_score(m: SheetMatch, ms: list[SheetMatch]) -> float:
    return m.score + sum(c.score for c in companions(m, ms))


def best_flat(ms: list[SheetMatch]) -> SheetMatch:
    """A sheet's best match, a flat extraction's companions counted with it: an i-milo
    extraction with one line per programme is the Mission Locale's, even where its
    columns of the young people alone look as much like a PLIE export's."""
    enough = [m for m in ms if m.enough]
    return max(enough, key=lambda m: (_flat_score(m, ms), -enough.index(m)))


def _flat_companions(taken: list, found: dict) -> list:
    """(sheet, main match, companion match) for each table that a sheet taken for another
    table also holds (`companions`), unless another sheet of the file holds that table."""
    tables = {m.profile.table for _, m in taken}
    out = []
    for sheet, m in taken:
        for c in companions(m, found.get(sheet.name, [])):
            if c.profile.table not in tables:
                tables.add(c.profile.table)
                out.append((sheet, m, c))
    return out


def _hidden_lines(sheet, m: SheetMatch, problems: list[Problem]) -> None:
    """Lines of data that the workbook hides (an Excel filter on another PLIE's people, lines
    hidden by hand): read like the others, never left out, and said, so that a manager who
    filtered before exporting knows they count."""
    rows = sorted(r for r in sheet.hidden_rows if r > m.header_row and r < len(sheet.frame)
                  and sheet.frame.iloc[r].notna().any())
    if not rows:
        return
    n, lines = len(rows), ", ".join(str(r + 1) for r in rows[:MAX_LISTED_LINES])
    more = f"… ({n - MAX_LISTED_LINES} autres)" if n > MAX_LISTED_LINES else ""
    problems.append(LinesProblem(
        sheet.name, rows[0] + 1, "", "", "Lignes masquées dans le fichier",
        f"{n} ligne{'s' if n > 1 else ''} masquée{'s' if n > 1 else ''} dans le classeur "
        f"(un filtre, ou masquée{'s' if n > 1 else ''} à la main) "
        f"{'sont importées' if n > 1 else 'est importée'} comme les autres : "
        f"ligne{'s' if n > 1 else ''} {lines}{more}. Si elles ne doivent pas compter, "
        "supprimez-les du fichier (un filtre ne les retire pas) et importez-le de nouveau.",
        WARNING, line_rows=frozenset(r + 1 for r in rows)))


MAX_LISTED_LINES = 20
MAX_LISTED_COLUMNS = 12  # a report line names at most these columns, then how many more


def listed_columns(names: list[str]) -> str:
    """« A, B, C » — or the first `MAX_LISTED_COLUMNS` and « et 283 autres » (a sheet of 300
    columns named them all on one line)."""
    if len(names) <= MAX_LISTED_COLUMNS:
        return ", ".join(names)
    rest = len(names) - MAX_LISTED_COLUMNS
    return (", ".join(names[:MAX_LISTED_COLUMNS])
            + f" et {rest} autre{'s' if rest > 1 else ''}")


def _report_sheet(r: SheetResult, profile: SheetProfile, problems: list[Problem]) -> None:
    if r.unmapped:
        hint = suggest.sentence(r.suggestions, profile)
        example = suggest.map_example(r.suggestions, profile)
        how = (f" (sur la page d'import, ou avec {example} en ligne de commande ; "
               "l'association est retenue pour les prochains fichiers)" if example else "")
        problems.append(Problem(r.name, r.header_row + 1, listed_columns(r.unmapped), "",
                                "Colonnes non utilisées",
                                "Ces colonnes ne sont pas importées. Associez-les à un champ "
                                "si elles doivent l'être" + (f" : {hint}" if hint else "")
                                + how + ".", WARNING, about_columns=True))
    if r.context:
        problems.append(Problem(r.name, r.header_row + 1, ", ".join(r.context), "",
                                "Colonnes descriptives non importées",
                                "Elles décrivent ce que disent déjà les colonnes importées "
                                "(le département d'une commune) : rien n'est perdu.", INFO,
                                about_columns=True))
    if r.personal_dropped:
        problems.append(Problem(r.name, r.header_row + 1, ", ".join(r.personal_dropped), "",
                                "Données personnelles écartées",
                                "Ces colonnes ne sont jamais conservées.", INFO,
                                about_columns=True))


def _unique(problems: list[Problem]) -> list[Problem]:
    """Wide layouts repeat a row's problem once per value column: report it once."""
    seen, unique = set(), []
    for p in problems:
        key = (p.sheet, p.row, p.column, p.rule, p.value)
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


def _reference_period(source: str, matches: list[SheetMatch], period: str | None,
                      file_name: str) -> tuple[int, int | None] | None:
    """(year, month or None) the figures of an undated file describe, from `--period`.

    ONPV files carry no date, and the year in their name (IPRO_2018) is the millésime, not
    the date the figures describe: the manager gives it, or the import is refused."""
    if period:
        m = PERIOD.fullmatch(period.strip())
        if not m:
            raise ImportRefused(f"Période illisible : « {period} ». Écrivez l'année (2024) ou "
                                "le mois (2024-12).")
        year, month = int(m[1]), int(m[2]) if m[2] else None
    else:
        year = month = None
    if not any(m.profile.table in UNDATED_TABLES for m in matches):
        return (year, month) if year else None
    if year is None:
        named = re.search(r"(?<!\d)(19|20)\d{2}(?!\d)", file_name)
        hint = (f" L'année {named.group(0)} du nom du fichier est celle du millésime, pas "
                "forcément celle des chiffres." if named else "")
        raise ImportRefused(
            f"Le fichier « {file_name} » ({SOURCES[source].label}) ne dit pas à quelle date se "
            f"rapportent ses chiffres.{hint} Indiquez la période de référence des chiffres "
            "(champ « Période » de la page, ou option --period AAAA ou AAAA-MM de la ligne de "
            "commande), par exemple 2017-12 pour des demandeurs d'emploi au 31 décembre 2017.")
    return year, month


MONTH_RULE_TITLE = "Mois lu dans le titre"
MONTH_RULE_PERIOD = "Mois de la période indiquée"
GIVE_PERIOD = "Indiquez la période (--period AAAA-MM ou le champ Période)"


def _repeated_header_lines(m: SheetMatch, distinct: dict, n_rows: int) -> np.ndarray:
    """Lines of the body that repeat the header in the columns read (two exports put end to
    end, the second one's header in the middle): at least two read columns, and every read
    column that is filled, hold their header's text. Read per distinct value."""
    same = np.zeros(n_rows, dtype=np.int64)
    other = np.zeros(n_rows, dtype=np.int64)
    for i in set(m.columns.values()):
        header = str(m.headers[i] or "").strip().casefold() if i < len(m.headers) else ""
        if not header or i not in distinct:
            continue
        codes, uniques = distinct[i]
        hit = np.array([str(u).strip().casefold() == header for u in uniques] + [False])
        same += hit[codes]  # code -1 (empty cell) reads the last slot: False
        other += (codes >= 0) & ~hit[codes]
    return (same >= 2) & (other == 0)


def _month_may_be_fixed(m: SheetMatch) -> bool:
    """A job-seeker stock file whose only missing column is the month: one month for all."""
    return (m.profile.table == "job_seekers" and not m.profile.wide
            and m.missing_required == ["month"])


def _month_without_column(sheet: str, frame: pd.DataFrame, m: SheetMatch, period: str | None,
                          problems: list[Problem], today: dt.date | None = None,
                          ) -> tuple[dt.date | None, str]:
    """The month of a stock file without month column: (month, "") with an information line
    saying where it came from, or (None, a French sentence saying why and what to do).

    First a month named in the title block (the lines above the header), then the declared
    period when it is a month. A year is not a month; a quarter in the title is stored at its
    last month, as quarter columns are (ingest/grain.py). A month that has not begun
    (after `today`) is no month of a stock: (None, why), as a month column says it."""
    def not_begun(month: dt.date, where: str) -> str:
        return (f"Le mois {where}, {grain.month_label(month)}, n'a pas encore commencé "
                f"(nous sommes le {today:%d/%m/%Y}) : vérifiez l'année.")

    title = []
    for i in range(m.header_row):
        cells = [str(v).strip() for v in frame.iloc[i] if v is not None and str(v).strip()]
        if cells:
            title.append((i + 1, " ".join(cells)))
    found = grain.months_in_title(title)
    declared = None
    if period:
        p = PERIOD.fullmatch(period.strip())
        if p and p[2]:
            declared = dt.date(int(p[1]), int(p[2]), 1)
    distinct = sorted({f.month for f in found})
    if len(distinct) == 1:
        f = next(f for f in found if f.month == distinct[0])
        line = dict(title)[f.line]
        line = line if len(line) <= 120 else line[:117] + "…"
        if today is not None and f.month > today:
            return None, not_begun(f.month, f"lu dans le titre (« {line} »)")
        if f.quarter:
            said = (f"son titre nomme un trimestre (« {f.text} » : « {line} ») : "
                    f"ses chiffres sont enregistrés au dernier mois du trimestre, "
                    f"{grain.month_label(f.month)}, lus comme le stock en fin de trimestre.")
        else:
            said = (f"ses chiffres sont ceux {grain.of_month(f.month)}, mois lu dans son "
                    f"titre (« {line} »).")
        problems.append(Problem(sheet, f.line, "", "", MONTH_RULE_TITLE,
                                "Le fichier n'a pas de colonne « Mois » : " + said, INFO))
        if declared is not None and declared != f.month:
            problems.append(Problem(
                sheet, f.line, "", period, "Période indiquée différente du titre",
                f"La période indiquée ({period}) n'est pas le mois du titre "
                f"({grain.month_label(f.month)}) : les chiffres sont rattachés au mois du "
                "titre. Vérifiez la période.", WARNING))
        return f.month, ""
    if declared is not None and today is not None and declared > today:
        return None, not_begun(declared, f"de la période indiquée ({period})")
    if declared is not None:
        several = (" (son titre nomme plusieurs mois : "
                   + ", ".join(f"« {f.text} »" for f in found) + ")") if found else ""
        problems.append(Problem(
            sheet, None, "", period, MONTH_RULE_PERIOD,
            f"Le fichier n'a pas de colonne « Mois » ni de mois unique dans son titre{several} : "
            f"ses chiffres sont rattachés au mois de la période indiquée, "
            f"{grain.month_label(declared)} ({declared:%Y-%m}).", INFO))
        return declared, ""
    if found:
        why = ("Le titre du fichier nomme plusieurs mois ("
               + ", ".join(f"« {f.text} »" for f in found) + ") : lequel est celui des chiffres ?")
    else:
        why = ("Le fichier n'a ni colonne « Mois » ni mois dans son titre : le mois de ses "
               "chiffres est inconnu.")
    if period:
        why += (f" La période indiquée « {period} » n'est pas un mois : une année ou un "
                "trimestre ne dit pas de quel mois est le stock.")
    return None, f"{why} {GIVE_PERIOD}, si tous ses chiffres sont du même mois."


def _named_sheets(sheets, matches, chosen: str, mapping, problems: list[Problem],
                  unusable: list[str]) -> list:
    """The sheets to read for the chosen source: those recognised, and those named as one
    of its sheets (« Participants », « Étapes »…) that the guess left out because a column
    it needs was not recognised. Such a sheet is read with the source's profile, so that
    its missing column is reported (and the import blocked) instead of its lines being
    left out without a word; one with no column recognised at all is reported too."""
    source = SOURCES[chosen]
    kept = {s.name: m for s, m in matches if m.source.key == chosen}
    out = []
    for sheet in sheets:
        named = [p for p in source.sheets
                 if norm_label(sheet.name) in {norm_label(n) for n in p.sheet_names}]
        if sheet.name not in kept and named:
            own = [m for m in candidates(sheet.frame, [source], mapping) if m.profile in named]
            if own:
                kept[sheet.name] = own[0]
            else:
                problems.append(Problem(
                    sheet.name, None, "", "", "Feuille non reconnue",
                    f"La feuille « {sheet.name} » devrait contenir les {named[0].label.lower()} "
                    "mais aucune de ses colonnes n'est reconnue : vérifiez la ligne d'en-tête.",
                    ERROR))
                unusable.append(sheet.name)
        if sheet.name in kept:
            out.append((sheet, kept[sheet.name]))
    return out + [(s, m) for s, m in matches if m.source.key != chosen]


def _unread_sheets(found, chosen: str, read: set[str], problems: list[Problem],
                   unusable: list[str]) -> None:
    """Say every sheet with data that the import does not read, never leave it out without a
    word. A sheet of the chosen source's persons (its identifier column is recognised) that
    matches none of its tables blocks the import, as a named sheet missing a column does
    (an « Accompagnements » sheet of CEJ entries whose headers were not recognised read 0
    CEJ entries); any other is a warning."""
    for sheet, ms in found:
        if sheet.name in read or sheet.name in unusable or sheet.frame.dropna(how="all").shape[0] < 2:
            continue
        own = [m for m in ms if m.source.key == chosen]
        best = own[0] if own else None
        if best is not None and "person_id" in best.columns and len(SOURCES[chosen].sheets) > 1:
            needed = ", ".join(f"« {best.profile.header(n)} »" for n in best.missing_required)
            closest = (" : seule la colonne de l'identifiant y est reconnue"
                       if len(best.columns) == 1 else
                       f" (la plus proche, « {best.profile.label} », demande {needed})")
            problems.append(Problem(
                sheet.name, best.header_row + 1, "", "", "Feuille non lue",
                f"La feuille « {sheet.name} » a la colonne « {best.headers[best.columns['person_id']]} » "
                f"des personnes de cet export, mais aucune de ses tables ne s'y reconnaît{closest}. "
                "Associez ses colonnes, ou retirez la feuille du fichier si elle ne doit pas être "
                "importée : sans cela ses lignes seraient perdues.", ERROR))
            unusable.append(sheet.name)
        else:
            other = next((m.source for m in ms if m.enough and m.source.key != chosen), None)
            why = (f"elle ressemble à un export « {other.label} » : importez-la dans un fichier "
                   "à part" if other else
                   f"ses colonnes ne correspondent à aucune table de l'export "
                   f"« {SOURCES[chosen].label} ». Si elle devait l'être, associez ses colonnes")
            problems.append(Problem(
                sheet.name, None, "", "", "Feuille non lue",
                f"La feuille « {sheet.name} » n'est pas importée : {why}.", WARNING))


def commit(store: Store, prepared: Prepared, user: str = "cli", drop_invalid_rows: bool = False,
           progress: Progress | None = None):
    invalid = prepared.invalid_rows
    if prepared.unusable_sheets:
        raise ImportRefused(
            f"Import refusé : la feuille {prepared.unusable_names} n'a pas ses colonnes obligatoires, et "
            "l'importer sans elle perdrait toutes ses lignes. Rien n'a été enregistré. "
            "Associez la colonne manquante (ou corrigez le fichier), puis importez à nouveau.",
            prepared,
        )
    if (invalid or prepared.errors) and not drop_invalid_rows:
        raise ImportRefused(
            f"Import refusé : {invalid} ligne(s) invalide(s) sur {prepared.rows_read}. "
            "Rien n'a été enregistré. Corrigez le fichier, ou importez sans ces lignes "
            "(option --drop-invalid-rows).",
            prepared,
        )
    with _Steps(progress, prepared.durations).step("écriture"):
        frames = prepared.frames(drop_invalid=drop_invalid_rows)
        return store.commit_import(
            source=prepared.source, territory=prepared.territory, period=prepared.period,
            frames=frames, file_name=prepared.file_name, raw=prepared.raw, user=user,
            rows_read=prepared.rows_read, rows_rejected=invalid if drop_invalid_rows else 0,
            dropped_invalid_rows=bool(drop_invalid_rows and invalid),
            covers=prepared.covers,
        )


def already_imported(store: Store, prepared: Prepared):
    """The active import of this very file for the same source, territory and period, if
    any: importing it again would store nothing (`Store.commit_import` returns it)."""
    import hashlib

    sha = hashlib.sha256(prepared.raw).hexdigest()
    key = (prepared.source, prepared.territory, prepared.period)
    return next((r for r in store.catalog().active() if r.key == key and r.sha256 == sha), None)


def _unrecognised(file_name: str, source: str | None, every: list[SheetMatch],
                  sheets) -> str:
    not_export = detect.not_an_export([(s.name, s.frame) for s in sheets])
    if not_export:
        return f"Le fichier « {file_name} » : {not_export}"
    closest = detect.closest_sources(every)
    near = f" Les plus proches : {closest}." if closest else ""
    if source:
        return (f"Le fichier « {file_name} » ne ressemble pas à un export « {SOURCES[source].label} » : "
                f"aucune ligne d'en-tête ne contient ses colonnes.{near}")
    return (f"Le fichier « {file_name} » n'a été reconnu comme aucun des exports connus "
            f"({', '.join(s.label for s in SOURCES.values())}).{near} Vérifiez le fichier ou "
            "indiquez la source et associez les colonnes.")


def _melt(body: pd.DataFrame, file_rows: pd.Series, m: SheetMatch,
          value_cols: list[int]) -> tuple[pd.DataFrame, pd.Series]:
    """One row per (row of the file, value column) for layouts with a column per month/measure."""
    ids = list(m.columns.values())
    parts = []
    for c in value_cols:
        part = body[ids].copy()
        part["__wide"] = m.headers[c]
        for dim, value in m.sub_headers.get(c, {}).items():  # a second header row
            part[f"__{dim}"] = value
        part["__value"] = body[c]
        part["__file_row"] = file_rows
        parts.append(part)
    long = pd.concat(parts, ignore_index=True)
    return long, long.pop("__file_row")


def _left_out(sheet: str, mask: pd.Series, key: str, rule: str, advice: str,
              excluded: dict, problems: list[Problem]) -> None:
    """Lines of `mask` left out of the import (notes, repeated headers): counted under
    `key` and said in one information line (`rule` with {n} and the plural {s})."""
    n = int(mask.sum())
    excluded[key] = n
    lines = frozenset(int(i) + 1 for i in mask[mask].index)
    problems.append(LinesProblem(sheet, min(lines), "", "",
                                 rule.format(n=n, s="s" if n > 1 else ""), advice, INFO,
                                 line_rows=lines))


def _parse_sheet(store: Store, name: str, frame: pd.DataFrame, m: SheetMatch,
                 problems: list[Problem], today: dt.date,
                 period: tuple[int, int | None] | None,
                 value_mapping: dict[str, dict[str, str]] | None = None,
                 month: dt.date | None = None, also_read: set[int] = frozenset(),
                 repeated: bool = False,
                 companion_of: SheetMatch | None = None) -> SheetResult:
    """`month`: the month of every line of a file without month column (its title's, or
    the declared period's). A flat sheet is read once per table it holds: `also_read`, the
    columns the other tables read (not « unused »); `repeated`, the lines repeat the
    person once per line of another table (identical copies are the layout, not
    duplicates to report); `companion_of`, the main table's match when this one is a
    second table of the lines (a line without any of its own cells holds none of it)."""
    body = frame.iloc[m.header_row + m.header_rows:]
    excluded: dict[str, int] = {}
    if companion_of is not None:
        own = sorted(m.imported_columns - companion_of.imported_columns)
        empty = body[own].isna().all(axis=1) if own else pd.Series(False, index=body.index)
        main_label = companion_of.profile.label.lower()
        if empty.any() and not empty.all():
            n = int(empty.sum())
            problems.append(Problem(
                name, int(empty[empty].index[0]) + 1, "", "",
                f"Lignes sans {m.profile.label.lower()}",
                f"{n} ligne{'s' if n > 1 else ''} ne rempli{'ssent' if n > 1 else 't'} "
                f"aucune colonne des {m.profile.label.lower()} (« {m.headers[own[0]]} »…) : "
                f"lue{'s' if n > 1 else ''} pour les {main_label} seulement.", INFO))
        body = body[~empty]
    # Each mapped column is factorised once: its values are then read once per distinct value,
    # and its codes tell which cells are filled (read_workbook gives None for blank cells).
    distinct = {i: fields.factorize(body[i]) for i in set(m.columns.values())}
    filled = np.zeros(len(body), dtype=np.int64)
    for i in body.columns:
        filled += distinct[i][0] >= 0 if i in distinct else body[i].to_numpy() != None  # noqa: E711
    n_filled = pd.Series(filled, index=body.index)
    # Notes under or above a table ("Source : France Travail…") fill a single cell.
    notes = (n_filled == 1) & (sum(bool(h) for h in m.headers) >= 3)
    blank = n_filled == 0
    keep = ~blank & ~notes
    if notes.any():
        _left_out(name, notes, EXCLUDED_NOTE, "{n} ligne{s} de note ignorée{s}",
                  "Les lignes qui ne remplissent qu'une cellule sont des notes (« Source : … », "
                  "« Champ : … ») : elles ne sont pas importées.", excluded, problems)
    repeated_header = _repeated_header_lines(m, distinct, len(body))
    if repeated_header.any():
        repeated_header = pd.Series(repeated_header, index=body.index) & keep
        _left_out(name, repeated_header, EXCLUDED_HEADER,
                  "{n} ligne{s} d'en-tête répétée{s} ignorée{s}",
                  "Les titres des colonnes y sont répétés (deux exports mis bout à bout) : ces "
                  "lignes ne sont pas importées, celles qui les suivent le sont.",
                  excluded, problems)
        keep &= ~repeated_header
    if blank.any() and keep.any():
        # blank lines inside or under the table (before a footer); none after the last line
        inside = blank & (blank.index < keep[keep].index[-1])
        if inside.any():
            excluded[EXCLUDED_BLANK] = int(inside.sum())
    totals = _total_lines(body, m, distinct, keep)
    if totals.notna().any():
        _report_totals(name, m, body, totals, problems, excluded)
        keep &= totals.isna()
    if not keep.all():
        body = body[keep]
        distinct = {i: fields.subset(d, keep.to_numpy()) for i, d in distinct.items()}
    if m.profile.wide:
        distinct = {}
    file_rows = pd.Series(body.index + 1, index=body.index)
    used = set(m.columns.values())
    kinds = {f.name: f.kind for f in m.profile.fields}
    headers = dict(enumerate(m.headers))
    value_cols: list[int] = []
    if m.profile.wide:
        value_cols = m.value_columns
        if m.profile.wide == "month":
            _report_unread_sub_headers(name, m, problems)
            _report_same_month_columns(name, m, value_cols, problems)
        body, file_rows = _melt(body, file_rows, m, value_cols)
        kinds[m.profile.wide] = "month" if m.profile.wide == "month" else "text"
        kinds[m.profile.wide_value] = "count" if m.profile.table == "job_seekers" else "count_decimal"
        headers.update({"__wide": m.profile.wide,
                        "__value": "valeurs des colonnes de mois" if m.profile.wide == "month"
                        else "valeurs des indicateurs"})
    context = set(m.context_columns)
    unmapped, personal, described = [], [], []
    for i, h in enumerate(m.headers):
        if (i in used or i in value_cols or i in m.unread_sub_headers or not h
                or i in also_read):
            continue
        if companion_of is not None:  # (its columns are reported with the main table's)
            continue
        if i in context:
            described.append(h)
        else:
            (personal if is_personal(h) else unmapped).append(h)
    guesses = {} if m.profile.wide or not unmapped else suggest.for_headers(
        frame, m.header_row, m.headers, m.profile,
        [i for i, h in enumerate(m.headers) if h in unmapped], set(m.columns))
    columns = dict(m.columns)
    if m.profile.wide:
        columns.update({m.profile.wide: "__wide", m.profile.wide_value: "__value"})
        for dim in dict.fromkeys(d for sub in m.sub_headers.values() for d in sub):
            columns[dim] = f"__{dim}"
            headers[f"__{dim}"] = m.profile.header(dim)
    cols = {f: fields.Column(name, headers[i], body[i], file_rows, problems, distinct.get(i))
            for f, i in columns.items()}
    labels = {f.name: f.synonyms[0] for f in m.profile.fields}
    for f, col in cols.items():
        col.field = f
        col.value_map = vocab.column_map(value_mapping, col.header, f, labels.get(f, f))
    dimensions = grain.DIMENSIONS if m.profile.table == "job_seekers" else ()
    for f in m.profile.fields:
        if (f.required or f.name in dimensions) and f.name in cols:
            advice = ("Complétez la cellule ou retirez la ligne." if f.required else
                      f"Complétez la cellule (« {grain.MARGIN[f.name]} » pour l'ensemble) ou "
                      "retirez la ligne.")
            cols[f.name].report(cols[f.name].blank(), "Valeur obligatoire manquante", advice)
    out = pd.DataFrame(index=body.index)
    total = pd.Series(False, index=body.index)
    for fname, col in cols.items():
        kind = kinds[fname]
        if fname in dimensions:  # job seekers: detail values and margins (ingest/grain.py)
            out[fname], _ = fields.vocabulary(col, vocab.for_dimension(fname))
        elif kind.startswith("enum:"):
            values, is_total = fields.vocabulary(col, getattr(codes, kind[5:]), allow_total=True)
            out[fname] = values
            total |= is_total
        elif kind == "sex":
            out[fname], _ = fields.vocabulary(col, codes.SEX)
        elif kind == "date":
            out[fname] = (fields.dates(col, today, PLANNED_DAYS) if fname in PLANNED_ENDS
                          else fields.dates(col, today))
        elif kind == "month":
            out[fname] = fields.months(col, today)
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
    if month is not None and "month" not in out:
        out["month"] = pd.Series(pd.Timestamp(month), index=out.index, dtype="datetime64[ns]")
    if total.any():  # a « Total » label in a coded column of a line not caught above
        kind_label = AGGREGATE_KINDS["total"]
        lines = file_rows[total]
        excluded[kind_label] = excluded.get(kind_label, 0) + int(lines.nunique())
        for row in lines.unique():
            problems.append(Problem(name, int(row), "", "", f"Ligne de total exclue ({kind_label})",
                                    TOTAL_ADVICE, INFO))
    bad = pd.Series(False, index=body.index)
    for col in cols.values():
        bad |= col.bad
    table = _build_table(store, m, out, cols, file_rows, problems, name, period)
    extra, table.attrs = table.attrs, {}
    for c in extra.get("bad_masks", []):
        bad |= c
    merged = extra.get("merged", {})
    stands = pd.Series(False, index=body.index)
    if m.profile.table == "mde_events" and "exhibitor" in out and out["exhibitor"].notna().any():
        numbers = pd.to_numeric(out["exhibitor"], errors="coerce")
        if numbers.notna().sum() > out["exhibitor"].notna().sum() / 2:
            # « Exposant » holding counts: the number of exhibitors of each event
            if "exhibitors" not in cols:
                table["exhibitors"] = numbers.round().astype("Int64")
        else:
            table, stands = _stands_to_events(name, table, out, bad | total, file_rows,
                                              problems)
    total = total | stands
    dup_bad, identical = _duplicates(m.profile.table, table, total, file_rows, problems, name,
                                     extra.get("origin"), extra.get("sub_band"),
                                     say_identical=not repeated, cols=cols,
                                     repeated=repeated)
    if repeated and identical.any():  # a person's lines, one per programme: said once
        n = int(identical.sum())
        problems.append(Problem(
            name, int(file_rows[identical].min()), "", "",
            f"{m.profile.label} sur plusieurs lignes",
            f"{n} ligne{'s' if n > 1 else ''} répète{'nt' if n > 1 else ''} une personne déjà "
            "lue, pour une autre ligne de la même feuille (un autre dispositif, une autre "
            "étape) : chaque personne est comptée une fois.", INFO))
    bad |= dup_bad
    drop = total | identical
    # lines of the file left out as a whole (wide layouts: every cell of the line)
    # (a repeated person's line holds another table's; a stand's line is its event's)
    gone = (total & ~stands) if repeated else (drop & ~stands)
    dropped_lines = set(file_rows[gone].unique()) - set(file_rows[~gone].unique())
    if identical.any() and not repeated:
        n = len(dropped_lines & set(file_rows[identical].unique()))
        if n:
            excluded[EXCLUDED_DUPLICATE] = n
    # an error anywhere in a line makes the whole line invalid (wide layouts: every month)
    if m.profile.wide and bad.any():
        bad = file_rows.isin(file_rows[bad].unique())
    if drop.any():
        table = table.loc[~drop]
    table["_bad"] = bad.loc[~drop].to_numpy()
    table["_file_row"] = file_rows.loc[~drop].to_numpy()
    n_rows = file_rows.nunique() if m.profile.wide else len(file_rows)  # else one row per line
    return SheetResult(name, m.profile.table, m.header_row, int(n_rows - len(dropped_lines)), table,
                       unmapped, personal, excluded, described, merged, guesses,
                       companion=companion_of is not None)


def _stands_to_events(sheet: str, table: pd.DataFrame, out: pd.DataFrame, skip: pd.Series,
                      file_rows: pd.Series, problems: list[Problem]
                      ) -> tuple[pd.DataFrame, pd.Series]:
    """A fair's list of stands (one line per exhibitor, the event repeated) as its events:
    the first line of each event (date, name, commune) holds the number of its stands and
    the sum of their interviews; its visitors, when each line gives the stand's, are not
    summed (a visitor sees several stands) unless every line repeats the same total. The
    other lines are the event's (returned True: left out of the table, not as duplicates)."""
    rows = ~skip & table["event_date"].notna() & table["name"].notna()
    keys = table.loc[rows, ["event_date", "name", "code_insee"]].astype(str).agg(" | ".join,
                                                                                 axis=1)
    others = pd.Series(False, index=table.index)
    table = table.copy()
    for _, idx in keys.groupby(keys, sort=False).groups.items():
        lines = table.loc[idx]
        first = idx[0]
        named = out.loc[idx, "exhibitor"].dropna().astype(str).str.strip()
        if len(idx) > 1 or pd.isna(table.at[first, "exhibitors"]):
            table.at[first, "exhibitors"] = int(named.nunique()) or len(idx)
        if "interviews" in out:
            table.at[first, "interviews"] = lines["interviews"].sum(min_count=1)
        visitors = lines["participants"].dropna().unique()
        table.at[first, "participants"] = visitors[0] if len(visitors) == 1 and len(idx) > 1 \
            else (lines["participants"].iloc[0] if len(idx) == 1 else None)
        others.loc[idx[1:]] = True
        if len(idx) > 1:
            event = str(lines["name"].iloc[0])
            n = len(idx)
            problems.append(Problem(
                sheet, int(file_rows.loc[first]), "", event, "Une ligne par stand",
                f"« {event} » : {n} lignes, une par stand, lues comme un événement de "
                f"{int(table.at[first, 'exhibitors'])} exposants"
                + (" ; les visiteurs de chaque stand ne sont pas additionnés (un visiteur "
                   "passe à plusieurs stands) : indiquez le nombre de visiteurs de "
                   "l'événement dans une colonne « Participants »"
                   if len(visitors) > 1 else "") + ".", INFO))
    return table, others


def _column_letter(i: int) -> str:
    """0 -> « A », 26 -> « AA »: the spreadsheet's name of a column."""
    letters = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        letters = chr(65 + r) + letters
    return letters


def _report_unread_sub_headers(sheet: str, m: SheetMatch, problems: list[Problem]) -> None:
    """One error for the labels of a second header row that name nothing the importer
    knows (« dont femmes de 50 ans », « Part ») : their columns are not imported."""
    if not m.unread_sub_headers:
        return
    cs = sorted(m.unread_sub_headers)
    labels = list(dict.fromkeys(m.unread_sub_headers[c] for c in cs))
    problems.append(Problem(
        sheet, m.header_row + m.header_rows, ", ".join(labels), "",
        texts.CHECK_SUB_HEADER_UNREAD_RULE,
        texts.CHECK_SUB_HEADER_UNREAD.format(
            labels=", ".join(f"« {v} »" for v in labels[:5]) + (", …" if len(labels) > 5 else ""),
            columns=_letters(cs)),
        ERROR))


def _letters(columns: list[int]) -> str:
    """« B », « B et C », « B, C et D »."""
    letters = [_column_letter(c) for c in columns]
    return letters[0] if len(letters) == 1 else ", ".join(letters[:-1]) + " et " + letters[-1]


def _report_same_month_columns(sheet: str, m: SheetMatch, value_cols: list[int],
                               problems: list[Problem]) -> None:
    """One error at the header for columns that read as the same month and the same
    modalities (« 3e trimestre 2025 » merged over « Total », « Femmes », « Hommes » with
    labels not understood): every line would repeat the month; their lines are invalid, and
    the duplicates check says no more about them (`_duplicates`)."""
    months, _ = parse_month(pd.Series([m.headers[c] for c in value_cols], dtype=object))
    groups: dict[tuple, list[int]] = {}
    for c, month in zip(value_cols, months, strict=True):
        dims = tuple(sorted((d, norm_label(v)) for d, v in m.sub_headers.get(c, {}).items()))
        groups.setdefault((month, dims), []).append(c)
    for cs in groups.values():
        if len(cs) > 1:
            problems.append(Problem(
                sheet, m.header_row + m.header_rows, ", ".join(m.headers[c] for c in cs), "",
                texts.CHECK_SAME_MONTH_COLUMNS_RULE,
                texts.CHECK_SAME_MONTH_COLUMNS.format(columns=_letters(cs),
                                                      month=m.headers[cs[0]]),
                ERROR))


TOTAL_ADVICE = ("Les totaux sont recalculés à partir des lignes de détail : cette ligne n'est pas "
                "importée.")
# a « dont QPV … » line under a commune: a part of the line it follows, already counted there
PART_RULE = "Ligne « dont » exclue (détail d'une autre ligne)"
PART_ADVICE = ("Une ligne « dont … » détaille la ligne qu'elle suit (une partie de ses chiffres, "
               "par exemple ceux d'un quartier prioritaire) : ses chiffres y sont déjà comptés, "
               "elle n'est donc pas ajoutée (ni comptée deux fois, ni en erreur).")
# Columns that identify a line: a line whose only identification is a total label (or
# none, with « Total » in its first cell) is a total line.
ID_FIELDS = ("person_id", "qpv_code", "operation", "name")


def _total_lines(body: pd.DataFrame, m: SheetMatch, distinct: dict, keep: pd.Series) -> pd.Series:
    """For each line of `body`, the kind of aggregate it is (AGGREGATE_KINDS), else None.

    Explicit rules only: a département, region, France or EPCI code in the commune code
    column; with that column empty, a total label or a territory with its code glued on in
    the commune name column; a total label in an identifier column (participant, QPV,
    operation, event); or, when every identifying cell of the line is empty, a total label
    in its first cell (« Total », « Ensemble »). A sub-total (« Sous-total communes 1 à
    5 ») and a part of another line (« dont QPV … ») are read the same way."""
    kinds = np.full(len(body), None, dtype=object)
    cols = m.columns
    code_i, name_i = cols.get("commune_code"), cols.get("commune_name")
    has_code = np.zeros(len(body), dtype=bool)
    if code_i is not None:
        codes_, uniques = distinct[code_i]
        per = np.array([aggregate_kind(u) for u in uniques] + [None], dtype=object)
        kinds = per[codes_]
        has_code = codes_ >= 0
    if name_i is not None:
        codes_, uniques = distinct[name_i]
        per = np.array([aggregate_kind(None, u) for u in uniques] + [None], dtype=object)
        kinds = np.where(has_code, kinds, per[codes_])
    blank_ids = np.ones(len(body), dtype=bool)
    # a QPV code identifies the lines of ONPV files only (a person's QPV code does not)
    ids = [f for f in ID_FIELDS if f != "qpv_code" or m.profile.table == "qpv_indicators"]
    for i in [cols[f] for f in (*ids, "commune_code", "commune_name", "postal_code")
              if f in cols]:
        codes_, uniques = distinct[i]
        blank_ids &= codes_ < 0
        if i in (code_i, name_i):
            continue
        said = [aggregate_kind(None, u) for u in uniques]
        per = np.array([k if k in LABEL_KINDS else None for k in said] + [None], dtype=object)
        kinds = np.where(kinds == None, per[codes_], kinds)  # noqa: E711
    # identifiers all empty: « Total » in the first cell of the line
    for pos in np.flatnonzero(blank_ids & keep.to_numpy(bool) & (kinds == None)):  # noqa: E711
        first = next((v for v in body.iloc[pos].tolist() if v is not None and str(v).strip()),
                     None)
        if first is not None and (kind := aggregate_kind(None, first)) in LABEL_KINDS:
            kinds[pos] = kind
    # lists of persons: « Nombre de participants », « Sous-total », « Effectif » in the
    # identifier of a line that fills none of the required dates (fields.person_total_lines)
    person_totals = fields.person_total_lines(body, m).to_numpy(bool)
    kinds = np.where((kinds == None) & person_totals, "total", kinds)  # noqa: E711
    kinds = np.where(keep.to_numpy(bool), kinds, None)
    return pd.Series(kinds, index=body.index, dtype=object)


def _report_totals(sheet: str, m: SheetMatch, body: pd.DataFrame, totals: pd.Series,
                   problems: list[Problem], excluded: dict[str, int]) -> None:
    code_i, name_i = m.columns.get("commune_code"), m.columns.get("commune_name")
    shown = code_i if code_i is not None else name_i
    header = m.headers[shown] if shown is not None else ""
    for idx, kind in totals.dropna().items():
        label = AGGREGATE_KINDS[kind]
        excluded[label] = excluded.get(label, 0) + 1
        value = ""
        for i in (code_i, name_i):
            if i is not None and body.at[idx, i] is not None:
                value = " ".join(str(body.at[idx, c]) for c in (code_i, name_i)
                                 if c is not None and body.at[idx, c] is not None)
                break
        column = header
        if not value:  # a total line of persons or events: its first filled cell
            value = next((str(v).strip() for v in body.loc[idx].tolist()
                          if v is not None and str(v).strip()), "")
            column = ""
        if kind == "part":
            problems.append(Problem(sheet, int(idx) + 1, column, value, PART_RULE, PART_ADVICE,
                                    INFO))
        else:
            problems.append(Problem(sheet, int(idx) + 1, column, value,
                                    f"Ligne de total exclue ({label})", TOTAL_ADVICE, INFO))


def _resolve_communes(out: pd.DataFrame, cols: dict, problems: list[Problem], sheet: str,
                      file_rows: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """(current INSEE code, invalid rows, former commune read from the file or None)."""
    code, name, postal = out.get("commune_code"), out.get("commune_name"), out.get("postal_code")
    bad = pd.Series(False, index=out.index)
    none = pd.Series(None, index=out.index, dtype=object)
    if code is None and name is None and postal is None:
        problems.append(Problem(sheet, None, "", "", "Commune absente",
                                "Ajoutez une colonne « Code commune » ou « Commune ».", ERROR))
        bad[:] = True
        return none, bad, none
    res = resolver().resolve_frame(code, name, postal)
    res.index = out.index
    # the manager's associations (« MARQUETTE » = 59386) win over the resolver's reading
    chosen = commune_map.associate(out, cols, resolver(), problems, sheet, file_rows)
    mapped = chosen.notna()
    if mapped.any():
        res.loc[mapped, "code_insee"] = chosen[mapped]
        for column in ("problem", "suggestions", "merged_from", "note", "warning"):
            res.loc[mapped, column] = None
    unresolved = res["problem"].notna()
    header = next((cols[k].header for k in ("commune_code", "commune_name", "postal_code")
                   if k in cols), "Commune")
    # one grouped error per column: each spelling, its lines, the closest communes
    commune_map.report_unknown(out, cols, res, unresolved, resolver(), problems, sheet, file_rows)
    bad |= unresolved
    # rows read loosely (a note) or by a code their name contradicts (a warning): one
    # problem per sentence, with how many lines it concerns
    for column, shown, rule, after, severity in (
            ("note", (name, postal), "Commune reconnue d'après une partie du nom écrit",
             "Si ce n'est pas la bonne commune, corrigez le nom ou indiquez le code INSEE.", INFO),
            ("warning", (code, name), "Code et nom de commune contradictoires",
             "Si c'est le nom qui est juste, corrigez le code.", WARNING)):
        said = res[column].notna() & ~unresolved
        for sentence, rows in file_rows[said].groupby(res[column][said], sort=False):
            n, first = rows.nunique(), rows.idxmin()
            written = " ".join(str(s.at[first]) for s in shown if s is not None and s.at[first])
            problems.append(Problem(sheet, int(rows.min()), header, written, rule,
                                    f"{sentence.rstrip('.')} ({n} ligne{'s' if n > 1 else ''}). "
                                    + after, severity))
    return res["code_insee"], bad, res["merged_from"].where(~unresolved, None)


def _report_merged(merged_from: pd.Series, code: pd.Series, file_rows: pd.Series, header: str,
                   problems: list[Problem], sheet: str) -> dict[str, str]:
    """An information line per former commune of the file, added to its current commune."""
    found = merged_from.notna()
    if not found.any():
        return {}
    pairs: dict[str, str] = {}
    names = resolver()
    frame = pd.DataFrame({"former": merged_from[found], "code": code[found],
                          "row": file_rows[found]})
    for (former, current), group in frame.groupby(["former", "code"], sort=True):
        pairs[former] = current
        former_code = former if former[:1].isdigit() else _former_code(former, current)
        former_name = names.name(former_code) if former_code else None
        what = f"{former_name} ({former_code})" if former_name else f"« {former} »"
        since = (f"est une commune associée à {names.name(current)} ({current})"
                 if former_code in territories.associated_communes() else
                 f"fait partie de {names.name(current)} ({current}) depuis la création de la "
                 "commune nouvelle")
        n = group["row"].nunique()
        problems.append(Problem(
            sheet, int(group["row"].min()), header, former,
            "Ancienne commune ajoutée à sa commune actuelle",
            f"{what} {since} : {'ses' if n > 1 else 'sa'} {n} ligne{'s' if n > 1 else ''} "
            f"{'sont ajoutées' if n > 1 else 'est ajoutée'} à celles de {names.name(current)} "
            f"({f'codes : {former_code} → {current}' if former_code else f'code {current}'}).",
            INFO))
    return pairs


def _former_code(name: str, current: str) -> str | None:
    """The code of the former commune `name` (as written) of `current`, if the COG has it."""
    key = commune_key(name)
    return next((code for code, (former, parent) in territories.former_communes().items()
                 if parent == current and commune_key(former) == key), None)


def _quarters() -> dict[str, tuple[str, frozenset[str]]]:
    """{QPV code, 2024 or 2015: (its name, its communes)} of the reference data."""
    out: dict[str, tuple[str, set[str]]] = {}
    names = dict(zip(reference.qpv()["qpv_code"], reference.qpv()["qpv_name"], strict=True))
    corr = reference.qpv_correspondence()
    names.update({c: n for c, n in zip(corr["qpv_code_2015"], corr["qpv_name_2015"], strict=True)
                  if c})
    for commune, code in reference.qpv_codes().itertuples(index=False):
        out.setdefault(code, (names.get(code, code), set()))[1].add(commune)
    return {code: (name, frozenset(communes)) for code, (name, communes) in out.items()}


def _check_qpv(qpv: pd.Series, commune: pd.Series, cols: dict, file_rows: pd.Series,
               problems: list[Problem], sheet: str) -> None:
    """A person declared in a QPV where the reference data says there is none: a commune of
    the MEL without any quarter (« Oui »), or a quarter's code that lies in other communes.
    A warning per line: which of the commune and the flag is wrong cannot be told, and the
    line is kept as declared (the manager's software is the record)."""
    flagged = qpv.notna() & (qpv != codes.QPV_UNKNOWN) & commune.notna()
    if not flagged.any():
        return
    quarters = _quarters()
    with_quarter = {c for _, communes in quarters.values() for c in communes}
    mel = reference.mel_communes()

    def verdict(value: str, insee: str) -> tuple[str, str] | None:
        name = reference.commune_name(insee)
        if value in quarters:
            quarter, places = quarters[value]
            if insee in places:
                return None
            return texts.CHECK_QPV_ELSEWHERE_RULE, texts.CHECK_QPV_ELSEWHERE.format(
                code=value, name=quarter, commune=name,
                where=", ".join(sorted(reference.commune_name(c) for c in places)))
        if insee in mel and insee not in with_quarter:
            return texts.CHECK_QPV_NONE_RULE, texts.CHECK_QPV_NONE.format(commune=name)
        return None  # a quarter the app does not know, or a commune whose quarters it does not

    pairs = pd.DataFrame({"value": qpv[flagged].astype(str), "insee": commune[flagged].astype(str)})
    verdicts = {pair: verdict(*pair) for pair in set(pairs.itertuples(index=False, name=None))}
    code_col, flag_col = cols.get("qpv_code"), cols.get("qpv")
    for idx, value, insee in pairs.itertuples(name=None):
        found = verdicts[(value, insee)]
        if found is None:
            continue
        col = code_col if code_col is not None and _written(code_col, idx) else flag_col
        written = str(col.raw.at[idx]).strip() if col is not None else value
        problems.append(Problem(sheet, int(file_rows.at[idx]), col.header if col else "",
                                written, *found, WARNING))


def _written(col, idx) -> bool:
    v = col.raw.at[idx]
    return v is not None and not (isinstance(v, float) and pd.isna(v)) and bool(str(v).strip())


def _age(birth: pd.Series, at: pd.Series) -> pd.Series:
    b, a = pd.to_datetime(birth), pd.to_datetime(at)
    before_birthday = (a.dt.month < b.dt.month) | ((a.dt.month == b.dt.month) & (a.dt.day < b.dt.day))
    years = a.dt.year - b.dt.year - before_birthday.astype(int)
    return years.astype("Int16")


def _build_table(store: Store, m: SheetMatch, out: pd.DataFrame, cols: dict,
                 file_rows: pd.Series, problems: list[Problem], sheet: str,
                 period: tuple[int, int | None] | None) -> pd.DataFrame:
    table = m.profile.table
    t = pd.DataFrame(index=out.index)
    bad_masks = []
    g = out.get
    if "person_id" in out:
        t["person_key"] = store.pseudonymise(out["person_id"])
    if table in ("plie_participants", "ml_young", "job_seekers", "mde_events", "indicator_values"):
        code, bad, merged_from = _resolve_communes(out, cols, problems, sheet, file_rows)
        t["code_insee"] = code
        bad_masks.append(bad)
        header = next((cols[k].header for k in ("commune_code", "commune_name", "postal_code")
                       if k in cols), "Commune")
        t.attrs["merged"] = _report_merged(merged_from, code, file_rows, header, problems, sheet)
        # a former commune's rows are added to its current commune's, never taken for
        # duplicates of them: the key keeps the code read from the file
        t.attrs["origin"] = merged_from.where(merged_from.notna(), code)
    if table in ("plie_participants", "ml_young"):
        # a QPV code column wins over the flag (which only says « QPV »), and so does
        # whatever it says where the flag is unknown (its « Non » is an answer)
        code, flag = g("qpv_code"), g("qpv")
        if code is not None and flag is not None:
            real = code.notna() & ~code.isin(["QPV", codes.QPV_UNKNOWN])
            code = code.where(real | (flag == codes.QPV_UNKNOWN), flag)
        answer = code if code is not None else flag
        # no QPV column: every answer is unknown, not « Non »
        t["qpv_code"] = answer if answer is not None else codes.QPV_UNKNOWN
        _check_qpv(t["qpv_code"], t["code_insee"], cols, file_rows, problems, sheet)
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
        if table == "job_seekers":  # a dimension the file does not have is its margin
            for c in grain.DIMENSIONS:
                if c not in out:
                    t[c] = grain.MARGIN[c]
            if "duration_band" in cols:  # « moins de 3 mois », « 3 à 6 mois »: rows that add up
                t.attrs["sub_band"] = cols["duration_band"].per_value(vocab.duration_sub_band)
    elif table == "qpv_indicators":
        codes_ = out["qpv_code"].map(lambda v: None if v is None else str(v).strip().upper())
        gen = codes_.map(lambda v: 2015 if v and v.startswith("QP") else 2024 if v and v.startswith("QN") else None)
        col = cols["qpv_code"]
        col.report(gen.isna() & codes_.notna(), "Code QPV non reconnu",
                   "Un code QPV commence par QP (2015) ou QN (2024).")
        bad_masks.append(col.bad)
        t["qpv_code"], t["generation"], t["qpv_name"] = codes_, gen, g("qpv_name")
        t["theme"] = ONPV_THEMES.get(m.source.key)
        t["measure"] = out["measure"].map(lambda v: str(v).strip())
        t["value"] = out["value"]
        year, month = period  # required for undated files (_reference_period)
        t["year"] = year
        t["reference_month"] = pd.Timestamp(year, month, 1) if month else None
    elif table == "indicator_values":
        t["period"], t["indicator"], t["value"] = out["period"], out["indicator"], out["value"]
    elif table == "clause_hours":
        for c in ("month", "operation", "hours"):
            t[c] = out[c]
        for target, fname in (("operation_insee", "operation_commune"), ("resident_insee", "resident_commune")):
            v = g(fname)
            if v is not None:
                # a commune given by its code or by its name, resolved (and its problems
                # reported) as every other commune column; a blank cell stays unknown
                given = v.notna() & (v.astype("string").str.strip() != "")
                is_code = v.astype("string").str.strip().str.fullmatch(r"\d[\dAB]\d{3}")
                is_code = is_code.fillna(False).astype(bool)
                parts = pd.DataFrame({"commune_code": v.where(is_code & given),
                                      "commune_name": v.where(~is_code & given)})[given]
                code, bad, _merged = _resolve_communes(
                    parts, {"commune_code": cols[fname], "commune_name": cols[fname]},
                    problems, sheet, file_rows[given])
                bad_masks.append(bad.reindex(out.index, fill_value=False))
                v = code.reindex(out.index)
            t[target] = v
    for c in TABLES[table].columns:
        if c not in t:
            t[c] = None
    _redact_free_text(t, cols, file_rows, problems, sheet)
    t.attrs["bad_masks"] = bad_masks
    return t


def _redact_free_text(t: pd.DataFrame, cols: dict, file_rows: pd.Series,
                      problems: list[Problem], sheet: str) -> None:
    """E-mails, phone numbers, NIR and names typed into free-text cells are replaced before
    anything is stored (ingest.redact); the report says how many cells, never what."""
    for c in redact.FREE_TEXT:
        if c not in t or t[c] is None or not t[c].map(lambda v: isinstance(v, str)).any():
            continue
        t[c], changed = redact.redact_series(t[c])
        if changed.any():
            header = cols[c].header if c in cols and hasattr(cols[c], "header") else c
            rows = file_rows[changed]
            problems.append(Problem(
                sheet, int(rows.iloc[0]), header, "",
                "Données personnelles retirées d'un texte libre",
                f"{int(changed.sum())} cellule(s) de cette colonne contenaient un courriel, un "
                "téléphone, un NIR ou un nom : ils ont été remplacés avant l'enregistrement, "
                "le reste du texte est gardé.", INFO))


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


# How a duplicate is named to the manager: « valeurs différentes pour … ».
DUPLICATE_WORDS = {
    "job_seekers": "la même commune et le même mois",
    "plie_participants": "le même participant et la même date d'entrée",
    "ml_young": "le même jeune",
    "ml_programmes": "le même jeune, le même dispositif et la même date de début",
    "mde_events": "le même événement à la même date",
    "qpv_indicators": "le même quartier et le même indicateur",
    "indicator_values": "la même commune, la même période et le même indicateur",
}


def _ids(frame: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """One integer per distinct combination of `columns` (an empty cell is a value of its
    own), numbered in order of first appearance; no strings built."""
    combined, size = np.zeros(len(frame), dtype=np.int64), 1
    for c in columns:
        codes_, uniques = pd.factorize(frame[c].to_numpy(), use_na_sentinel=True)
        if size * (len(uniques) + 1) >= 2**62:
            combined, seen = pd.factorize(combined)
            size = len(seen)
        combined = combined * (len(uniques) + 1) + codes_ + 1
        size *= len(uniques) + 1
    return pd.factorize(combined)[0]


def _duplicates(table_name: str, table: pd.DataFrame, total: pd.Series, file_rows: pd.Series,
                problems: list[Problem], sheet: str, origin: pd.Series | None = None,
                sub_band: pd.Series | None = None,
                say_identical: bool = True, cols: dict | None = None,
                repeated: bool = False) -> tuple[pd.Series, pd.Series]:
    """(invalid, identical): rows whose key an earlier row already has.

    With different values, both lines are invalid (an error names them, and the columns of
    the file that differ with their value on each line, from `cols`: which one is right
    cannot be guessed); an identical copy is a warning (unless not `say_identical`: a flat
    sheet repeats its people) and is left out of the import. `repeated`: the lines are a
    flat export's (one line per step or programme, the person repeated), where deleting a
    line deletes a step: the advice is to correct the wrong value."""
    flags = pd.Series(False, index=table.index)
    identical = pd.Series(False, index=table.index)
    key = DUPLICATE_KEYS.get(table_name)
    if not key:
        return flags, identical
    if "code_insee" in key:  # an unresolved commune is reported as such, not as a duplicate
        total = total | table["code_insee"].isna().to_numpy(bool)
    keyed = table.loc[~total, key]
    if keyed.empty:
        return flags, identical
    if origin is not None and "code_insee" in key:
        keyed = keyed.assign(code_insee=origin.loc[keyed.index])
    if sub_band is not None:  # finer duration bands of one stored band are no duplicates
        keyed = keyed.assign(_sub_band=sub_band.loc[keyed.index])
        key = [*key, "_sub_band"]
    combined = _ids(keyed, key)
    dup = np.zeros(len(combined), dtype=bool)
    dup[1:] = combined[1:] <= np.maximum.accumulate(combined)[:-1]
    if not dup.any():
        return flags, identical
    first = np.flatnonzero(~dup)  # first[k]: first row of key k
    # whole rows compared, only among the rows of repeated keys
    involved = np.unique(np.concatenate([np.flatnonzero(dup), first[combined[dup]]]))
    values = np.full(len(combined), -1, dtype=np.int64)
    values[involved] = _ids(table.loc[keyed.index[involved], list(TABLES[table_name].columns)],
                            list(TABLES[table_name].columns))
    rows = file_rows.loc[keyed.index].to_numpy()
    words = DUPLICATE_WORDS.get(table_name, "la même clé")
    different = np.zeros(len(combined), dtype=bool)
    positions = np.flatnonzero(~total.to_numpy(bool))  # of the keyed rows in `table`
    for i in np.flatnonzero(dup):
        j = first[combined[i]]
        a, b = int(rows[j]), int(rows[i])
        if values[i] == values[j]:
            identical.iloc[positions[i]] = True
            if say_identical:
                problems.append(Problem(sheet, b, "", "", "Ligne en double (identique)",
                                        f"Identique à la ligne {a} : elle n'est comptée "
                                        "qu'une fois.", WARNING))
            continue
        different[[i, j]] = True
        if a == b:  # two columns of one line read as the same month: said at the header
            continue
        detail = _key_detail(table_name, keyed.iloc[i])
        diffs = _differences(table, cols, positions[j], positions[i], a, b)
        what = f" — {' ; '.join(text for _, text in diffs)}" if diffs else ""
        if repeated:
            advice = (f"Valeurs différentes pour {words}{detail}, lignes {a} et {b}{what}. Ce "
                      "fichier a une ligne par étape ou par dispositif, la personne répétée "
                      "sur chacune : ne supprimez aucune ligne (ce serait perdre une étape) ; "
                      "corrigez la valeur sur la ligne qui se trompe, pour que les lignes de "
                      "la personne disent la même chose (aucune des deux n'est importée telle "
                      "quelle).")
        else:
            advice = (f"Valeurs différentes pour {words}{detail}, lignes {a} et {b}{what} : "
                      "gardez la bonne valeur et supprimez l'autre ligne (aucune des deux n'est "
                      "importée telle quelle).")
        column = ", ".join(header for header, _ in diffs)
        for row in (a, b):
            problems.append(Problem(sheet, row, column, "", f"Valeurs différentes pour {words}",
                                    advice, ERROR))
    flags.loc[keyed.index[different]] = True
    return flags, identical


# Tables of figures whose duplicate key is the whole stored key: one key twice in a
# workbook, on two sheets, is counted twice (people's tables may list a person on two
# sheets; ONPV's key lacks the theme and year its sheets may differ by).
ACROSS_SHEETS = ("job_seekers", "indicator_values")


def _across_sheets(results: list[SheetResult], problems: list[Problem]) -> None:
    """A key that an earlier sheet already gives (a copy of the sheet, the corrected sheet
    added beside the first): an identical row is left out with a warning, once per pair of
    sheets, as an identical line of one sheet is; different values make both lines invalid,
    as on one sheet. Without it both were stored and every figure counted twice."""
    eligible = [r.table for r in results
                if r.table in ACROSS_SHEETS and not r.companion and not r.frame.empty]
    seen: dict[str, dict[tuple, tuple[int, int]]] = {}  # table -> key -> (sheet, position)
    for k, r in enumerate(results):
        if r.table not in ACROSS_SHEETS or r.companion or r.frame.empty \
                or eligible.count(r.table) < 2:  # one sheet: nothing to compare (and fast)
            continue
        key_cols = DUPLICATE_KEYS[r.table]
        columns = list(TABLES[r.table].columns)
        earlier = seen.setdefault(r.table, {})
        frame = r.frame
        keys = list(frame[key_cols].astype(object).where(frame[key_cols].notna(), None)
                    .itertuples(index=False, name=None))
        drop = np.zeros(len(frame), dtype=bool)
        same: dict[int, list[int]] = {}  # earlier sheet -> lines of this one left out
        for i, key in enumerate(keys):
            if key not in earlier:
                earlier[key] = (k, i)
                continue
            j_sheet, j = earlier[key]
            other = results[j_sheet]
            a, b = int(other.frame["_file_row"].iloc[j]), int(frame["_file_row"].iloc[i])
            if all(_same(x, y) for x, y in zip(other.frame[columns].iloc[j],
                                               frame[columns].iloc[i], strict=True)):
                drop[i] = True
                same.setdefault(j_sheet, []).append(b)
                continue
            detail = _key_detail(r.table, frame.iloc[i])
            words = DUPLICATE_WORDS.get(r.table, "la même clé")
            advice = (f"Valeurs différentes pour {words}{detail} dans la feuille "
                      f"« {other.name} » (ligne {a}) et dans la feuille « {r.name} » "
                      f"(ligne {b}) : importées toutes deux, elles seraient comptées deux "
                      "fois. Gardez la bonne feuille et supprimez l'autre (ou la ligne qui "
                      "se trompe) ; aucune des deux lignes n'est importée telle quelle.")
            for sheet_result, pos, line in ((other, j, a), (r, i, b)):
                sheet_result.frame.iloc[pos, sheet_result.frame.columns.get_loc("_bad")] = True
                problems.append(Problem(sheet_result.name, line, "", "",
                                        f"Valeurs différentes pour {words} sur deux feuilles",
                                        advice, ERROR))
        if not drop.any():
            continue
        for j_sheet, lines in same.items():
            n = len(set(lines))
            counted = "elles ne sont comptées" if n > 1 else "elle n'est comptée"
            problems.append(Problem(
                r.name, min(lines), "", "", "Lignes déjà lues dans une autre feuille",
                f"{n} ligne{'s' if n > 1 else ''} de la feuille « {r.name} » "
                f"{'répètent' if n > 1 else 'répète'} à l'identique celles de la feuille "
                f"« {results[j_sheet].name} » (une copie de la feuille ?) : "
                f"{counted} qu'une fois.",
                WARNING))
        rows = frame["_file_row"]
        gone = set(rows[drop].unique()) - set(rows[~drop].unique())
        r.frame = frame.loc[~drop]
        r.rows_read -= len(gone)
        if gone:
            r.excluded[EXCLUDED_DUPLICATE] = r.excluded.get(EXCLUDED_DUPLICATE, 0) + len(gone)


COMMUNE_FIELDS = ("commune_code", "commune_name", "postal_code")


def _cell_text(col, v) -> str:
    if v is None or (isinstance(v, float) and pd.isna(v)) or not str(v).strip():
        return "(vide)"
    return col.shown(v) if col.shown else str(v).strip()


def _same(x, y) -> bool:
    x_na = x is None or (not isinstance(x, (str, bytes)) and bool(pd.isna(x)) is True)
    y_na = y is None or (not isinstance(y, (str, bytes)) and bool(pd.isna(y)) is True)
    if x_na or y_na:
        return x_na and y_na
    return bool(x == y)


def _differences(table: pd.DataFrame, cols: dict | None, first: int, second: int, a: int,
                 b: int) -> list[tuple[str, str]]:
    """(header, « Commune : Lambersart (ligne 5), Wambrechies (ligne 6) ») for each column
    of the file whose cells differ between two rows of `table` (positions `first` and
    `second`, lines `a` and `b`) where the table reads them differently."""
    if not cols:
        return []
    x, y = table.iloc[first], table.iloc[second]
    changed = {c for c in table.columns if not str(c).startswith("_") and not _same(x[c], y[c])}
    out = []
    for f, col in cols.items():
        if len(col.raw) != len(table):
            continue
        u, v = _cell_text(col, col.raw.iloc[first]), _cell_text(col, col.raw.iloc[second])
        if u == v or (f in table.columns and f not in changed):
            continue
        if f in COMMUNE_FIELDS and "code_insee" in table.columns and "code_insee" not in changed:
            continue  # « LAMBERSART » and « Lambersart »: one commune
        out.append((col.header, f"{col.header} : {u} (ligne {a}), {v} (ligne {b})"))
    return out


def _key_detail(table_name: str, row: pd.Series) -> str:
    """« (catégorie A, femmes) »: the dimensions of a job-seeker row that are not margins."""
    if table_name != "job_seekers":
        return ""
    parts = [grain.label(c, row[c]) for c in grain.DIMENSIONS
             if c in row and row[c] is not None and row[c] != grain.MARGIN[c]]
    return f" ({', '.join(parts)})" if parts else ""


def classify_exit(reason) -> str | None:
    """Default rule: the first keyword list that matches the reason gives its kind; a
    reason no rule knows counts « autre » (the import reports it, see fields.exit_reasons)."""
    if reason is None or (isinstance(reason, float) and pd.isna(reason)) or not norm_label(reason):
        return None
    return vocab.for_kind("exit_reason").lookup(reason) or "autre"


def _infer_territory(results: list[SheetResult]) -> str:
    parts = [r.frame[c] for r in results for c in ("code_insee", "resident_insee")
             if c in r.frame]
    communes = pd.concat(parts) if parts else pd.Series(dtype=object)
    if communes.dropna().empty:
        return "autre"
    tc = reference.territory_communes()
    # the territories (built-in and defined), not the reference ones (Nord, France…)
    builtin = tc[tc["territory"].isin(list(territories.definitions()))]
    counts = builtin[builtin["code_insee"].isin(set(communes.dropna()))]["territory"].value_counts()
    hits = communes.isin(set(builtin["code_insee"])).mean()
    return str(counts.index[0]) if len(counts) and hits >= 0.5 else "autre"


def _territory_of_people(store: Store, source: str, results: list[SheetResult],
                         problems: list[Problem]) -> str | None:
    """The territory of a file that names people but no commune (an i-milo table exported
    alone: « dispositifs.csv »): the territory of the active extraction of the same source
    that lists most of its people (at least half of them), said in the report; None
    otherwise. Read from the active imports' files, without building the store."""
    named = [r.frame["person_key"] for r in results if "person_key" in r.frame]
    keys = pd.concat(named, ignore_index=True).dropna() if named else pd.Series(dtype=object)
    if keys.empty:
        return None
    wanted = set(keys)
    found: dict[str, int] = {}
    for r in store.catalog().active():
        if r.source != source or r.territory in (None, "autre"):
            continue
        for table in RESIDENT_TABLES:
            if table in r.tables:
                path = store.data_dir / r.tables[table]
                listed = set(pd.read_parquet(path, columns=["person_key"])["person_key"].dropna())
                found[r.territory] = found.get(r.territory, 0) + len(wanted & listed)
    if not found:
        return None
    territory, n = max(found.items(), key=lambda kv: kv[1])
    if n < 0.5 * len(wanted):
        return None
    label = reference.territory_labels().get(territory, territory)
    problems.append(Problem(
        "", None, "", "", "Territoire lu d'après les personnes",
        f"Le fichier ne nomme aucune commune : il est rattaché au territoire {label}, dont "
        f"l'extraction en cours suit {n} de ses {len(wanted)} personnes. Si ce n'est pas le bon "
        "territoire, indiquez-le.", INFO))
    return territory


# Tables of persons whose commune is where they live.
RESIDENT_TABLES = ("plie_participants", "ml_young")
OUTSIDE_LISTED = 5  # communes named in the line about residents outside the territory


def _check_territory(territory: str, results: list[SheetResult], problems: list[Problem]) -> None:
    """People living outside the territory of the import: kept (a PLIE may follow people
    from elsewhere), and said, since the territory's tables count only its communes. One
    warning per sheet, its communes by number of lines."""
    communes = set(reference.communes_of(territory))
    if not communes:  # « autre », or a territory unknown: nothing to compare with
        return
    label = reference.territory_labels().get(territory, territory)
    _check_none_in_territory(territory, communes, label, results, problems)
    for r in results:
        if r.table not in RESIDENT_TABLES:
            continue
        f = r.frame
        outside = f[~f["_bad"].to_numpy(bool) & f["code_insee"].notna()
                    & ~f["code_insee"].isin(communes)]
        if outside.empty:
            continue
        lines = outside.groupby("code_insee", sort=False)["_file_row"].nunique()
        lines = lines.sort_values(ascending=False, kind="stable")
        names = [reference.commune_name(c) for c in lines.index]
        n = int(outside["_file_row"].nunique())
        if n == 1:
            advice = texts.CHECK_OUTSIDE_ONE.format(communes=names[0], territory=label)
        else:
            listed = (names[0] if len(names) == 1 else ", ".join(
                f"{name} : {count}" for name, count in
                zip(names[:OUTSIDE_LISTED], lines.iloc[:OUTSIDE_LISTED], strict=False)))
            if len(names) > OUTSIDE_LISTED:
                listed += " " + texts.CHECK_OUTSIDE_OTHERS.format(n=len(names) - OUTSIDE_LISTED)
            advice = texts.CHECK_OUTSIDE_MANY.format(lines=n, communes=listed, territory=label)
        rows = frozenset(int(v) for v in outside["_file_row"])
        problems.append(LinesProblem(r.name, min(rows), "", ", ".join(names[:OUTSIDE_LISTED]),
                                     texts.CHECK_OUTSIDE_RULE, advice, WARNING, line_rows=rows))


def _check_none_in_territory(territory: str, communes: set[str], label: str,
                             results: list[SheetResult], problems: list[Problem]) -> None:
    """A file none of whose communes is in the territory chosen (MNO's communes imported
    for MELT): kept, as a file of a whole département would be, but nothing of it shows in
    the territory's pages; said, with the defined territory that holds most of them."""
    named: dict[str, int] = {}
    for r in results:
        f = r.frame
        if "code_insee" not in f or r.table in RESIDENT_TABLES:
            continue
        valid = f[~f["_bad"].to_numpy(bool) & f["code_insee"].notna()]
        for code, n in valid["code_insee"].value_counts().items():
            named[str(code)] = named.get(str(code), 0) + int(n)
    if not named or set(named) & communes:
        return
    best, best_n = None, 0
    for code in territories.definitions():
        n = len(set(named) & set(reference.communes_of(code)))
        if n > best_n and code != territory:
            best, best_n = code, n
    hint = (texts.CHECK_NONE_IN_TERRITORY_HINT.format(
        territory=territories.territory_label(best), n=best_n) if best else "")
    said = (texts.CHECK_NONE_IN_TERRITORY.format(n=len(named), territory=label)
            if len(named) > 1 else texts.CHECK_NONE_IN_TERRITORY_ONE.format(
                commune=reference.commune_name(next(iter(named))), territory=label))
    problems.append(Problem("", None, "", "", texts.CHECK_NONE_IN_TERRITORY_RULE,
                            said + hint, WARNING))


# Dates of a Mission Locale extraction's own activity: its contacts and aid payments fall
# within the period it was extracted for. First welcomes, programme starts and situations
# go back years (a young person first welcomed in 2019 and still followed).
ML_FLOW_DATES = {("ml_contacts", "contact_date"), ("financial_aid", "payment_date")}


def _ml_covered_months(results: list[SheetResult], period: str) -> str | None:
    """The months a Mission Locale extraction covers, "2024-02/2025-12", None for one month:
    from its first contact or aid payment, or its first dated line of the year of its last
    month (`period`) when earlier; other dates of earlier years do not count — the years
    data/store.py's ML_EXTRACTION_YEARS makes available."""
    if not re.fullmatch(r"\d{4}-\d{2}", period or ""):
        return None
    last_year = int(period[:4])
    firsts = []
    for r in results:
        for c, sql_type in TABLES[r.table].columns.items():
            if sql_type != "DATE" or c not in r.frame or c in END_DATES:
                continue
            dates = pd.to_datetime(r.frame[c]).dropna()
            if (r.table, c) not in ML_FLOW_DATES:
                dates = dates[dates.dt.year == last_year]
            if len(dates):
                firsts.append(dates.min())
    if not firsts:
        return None
    first = f"{min(firsts).year}-{min(firsts).month:02d}"
    return None if first >= period else f"{first}/{period}"


def _infer_period(kind: str, results: list[SheetResult], problems: list[Problem]) -> str:
    """The last month (or year) of the dates that say what happened: entries, first
    welcomes, contacts, starts, payments, events, months. End dates (`END_DATES`) may be
    planned: an extraction made on 05/01/2026 holds steps ending on 28/02/2026, which must
    not make it « février 2026 »; they set the period only of a file without other dates.
    When planned ends go past the period, an information line says so."""
    latest = ends = None
    for r in results:
        for c, sql_type in TABLES[r.table].columns.items():
            if sql_type != "DATE" or c not in r.frame:
                continue
            dates = pd.to_datetime(r.frame[c])
            if c in END_DATES and "exit_reason" in r.frame:
                # an end given with its reason happened (« Formation », 01/12/2025): it
                # sets the period as a PLIE exit does; the others may be planned
                said = r.frame["exit_reason"].notna().to_numpy()
                happened = dates[said].max()
                if pd.notna(happened) and (latest is None or happened > latest):
                    latest = happened
                dates = dates[~said]
            v = dates.max()
            if pd.isna(v):
                continue
            if c in END_DATES:
                ends = v if ends is None or v > ends else ends
            elif latest is None or v > latest:
                latest = v
    if latest is None:
        latest = ends
    elif ends is not None and (ends.year, ends.month) > (latest.year, latest.month):
        problems.append(Problem("", None, "", "", texts.CHECK_PERIOD_RULE,
                                texts.CHECK_PERIOD_PLANNED_ENDS.format(
                                    month=fmt_month(latest), latest=fmt_date(latest),
                                    end=fmt_date(ends)), INFO))
    if latest is None:
        years = [int(y) for r in results if "year" in r.frame for y in r.frame["year"].dropna().unique()]
        return str(max(years)) if years else "inconnue"
    return f"{latest.year}" if kind == "year" else f"{latest.year}-{latest.month:02d}"
