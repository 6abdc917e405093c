"""One import path for the command line and the import page: check a file, then store it.

`Importer.check` does what both callers need before anything is written: the size limit,
the column and value mappings saved for the source (`data.mappings`) under the user's own
(`--map` / `--map-value`, or the page's selectors), recognition and validation
(`ingest.pipeline.prepare`), and whether this very file is already imported.
`Importer.commit` stores a checked file, all or nothing (`Store.commit_import`, which also
writes the audit line), then saves the mappings the user gave for the source.

Everything comes back as data: a `Check` (the prepared file and its report, or the French
reason it is refused; the headers and values still to map; the import of this very file if
there is one) and an `Outcome` (the import record, or the reason it was refused, and the
catalogue after it, for what it replaced). The CLI prints them, the page draws them. The
steps of a check are told to an optional `progress(step, seconds)` as in `ingest.pipeline`,
and an optional `note(sentence)` hears when saved mappings led to a second check. No
Streamlit here.
"""

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field

import settings
from data import mappings
from data.catalog import Catalog, ImportRecord
from data.store import Store, StoreError, carried_tables
from ingest import pipeline, suggest
from ingest.match import SheetMatch, all_sources, field_of
from ingest.match import candidates as match_candidates
from ingest.parse import norm_label
from ingest.pipeline import (
    ImportRefused,
    Prepared,
    Progress,
    already_imported,
    best_flat,
    companions,
    prepare,
)
from ingest.profiles import SOURCES
from ingest.readers import ReadError, read_workbook
from ingest.vocab import for_field

Note = Callable[[str], None]

RECOGNISED_WITH_SAVED = "Reconnu avec les associations enregistrées pour la source « {source} »."
CHECKED_AGAIN = "Nouveau contrôle avec les associations enregistrées pour la source « {source} » :"


def size_refusal(name: str, size: int) -> str | None:
    """The French reason a file of `size` bytes is refused (over `settings.MAX_UPLOAD_BYTES`),
    or None when it may be read."""
    if size <= settings.MAX_UPLOAD_BYTES:
        return None
    return (f"le fichier « {name} » dépasse la taille maximale de "
            f"{settings.MAX_UPLOAD_BYTES // (1024 * 1024)} Mo.")


@dataclass
class Check:
    """A file checked with the mappings of its source: prepared, or refused with a reason."""

    file_name: str
    prepared: Prepared | None
    refused: str | None  # French reason the file cannot be read or recognised
    mapping: dict[str, str]  # column mapping given to `prepare`: the saved ones under the user's
    columns: dict[str, str] = field(default_factory=dict)  # the user's: header -> field, "" = none
    # the user's value mappings: column (header, field or its label) -> value as written -> target
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    # (sheet name, how its columns match), for mapping selectors (`selectors=True`)
    matches: list[tuple[str, SheetMatch]] = field(default_factory=list)
    # (sheet name, header) -> likeliest fields of a header nothing recognises, best first
    suggestions: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    already: ImportRecord | None = None  # the active import of this very file, if any
    notes: list[str] = field(default_factory=list)  # sentences given to `note`, in order
    # with `preview=True`: the imports committing now would replace whole, and those whose
    # values it would replace for its communes and periods (`Store.replacement_preview`)
    replaces: list[int] = field(default_factory=list)
    overrides: list[int] = field(default_factory=list)
    # what it would replace of each, counted (`Store._replaced_rows`)
    replaced_rows: list[dict] = field(default_factory=list)
    # tables of the replaced extraction this file does not hold, kept with it
    kept: list[str] = field(default_factory=list)

    @property
    def unknown_fields(self) -> list[str]:
        """Fields the user mapped a header to that the recognised source does not have."""
        if self.prepared is None:
            return []
        sheets = SOURCES[self.prepared.source].sheets
        return [f for f in self.columns.values()
                if f and not any(field_of(sheet, f) for sheet in sheets)]

    @property
    def unused_values(self) -> list[str]:
        """Columns of the user's value mappings that name no coded column of the file."""
        if self.prepared is None:
            return []
        return [k for k in self.prepared.unused_value_keys if k in self.values]


@dataclass
class Outcome:
    """What `Importer.commit` did with a checked file."""

    check: Check
    record: ImportRecord | None = None  # the new import, or the one of this very file
    already: bool = False  # the file was already imported: nothing was stored
    refused: str | None = None  # French reason nothing was stored
    catalog: Catalog | None = None  # after the import (what it replaced, in part or whole)
    saved: bool = False  # the user's mappings were saved for the source

    @property
    def prepared(self) -> Prepared | None:
        return self.check.prepared


class Importer:
    """Checks and imports files into `store` in the name of `user` (catalogue and audit log)."""

    def __init__(self, store: Store, user: str = "cli"):
        self.store, self.user = store, user

    # -- checking ------------------------------------------------------------------------
    def check(self, name: str, raw: bytes, *, source: str | None = None,
              territory: str | None = None, period: str | None = None,
              columns: dict[str, str] | None = None,
              values: dict[str, dict[str, str]] | None = None,
              progress: Progress | None = None, note: Note | None = None,
              selectors: bool = False, preview: bool = False) -> Check:
        """Check the file with the mappings saved for its source under the user's `columns`
        (header -> field, "" = do not import, which also sets a saved mapping aside) and
        `values` (column -> value as written -> value to store).

        Without a source, the file is first recognised with the user's mappings alone,
        then checked again with those saved for the source it looks like; if it is refused,
        each source with saved mappings is tried in turn, since they may be what makes its
        columns recognisable (the steps of those attempts reach `progress` only for the one
        that recognises the file). `selectors=True` also gives the headers that could be
        mapped and their likeliest fields (`Check.matches`, `Check.suggestions`);
        `preview=True` what committing it now would replace (`Check.replaces`,
        `Check.overrides`), so that the page can say so before the manager imports.
        """
        columns, values = dict(columns or {}), {k: dict(v) for k, v in (values or {}).items()}
        manual = {h: f for h, f in columns.items() if f}
        set_aside = {norm_label(h) for h, f in columns.items() if not f}
        notes: list[str] = []

        def tell(sentence: str) -> None:
            notes.append(sentence)
            if note:
                note(sentence)

        def with_saved(src: str) -> dict[str, str]:
            saved = {h: f for h, f in mappings.load(self.store, src).items()
                     if norm_label(h) not in set_aside}
            return {**saved, **manual}

        def attempt(src: str | None, mapping: dict[str, str], steps: Progress | None) -> Prepared:
            return prepare(self.store, raw, name, source=src, period=period, territory=territory,
                           mapping=mapping, progress=steps,
                           value_mapping=with_saved_values(
                               mappings.load_values(self.store, src) if src else {}, values))

        def done(p: Prepared, mapping: dict[str, str]) -> Check:
            found = Check(name, p, None, mapping, columns, values, notes=notes,
                          already=already_imported(self.store, p))
            if selectors:
                found.matches = sheet_matches(raw, name, p.source, mapping)
                found.suggestions = header_suggestions(raw, name, found.matches)
            if preview and found.already is None:
                frames = p.frames(drop_invalid=True)
                found.replaces, found.overrides, found.replaced_rows = \
                    self.store.replacement_preview(source=p.source, territory=p.territory,
                                                   period=p.period, frames=frames)
                cat = self.store.catalog()
                found.kept = carried_tables([cat.get(i) for i in found.replaces], list(frames))
            return found

        too_big = size_refusal(name, len(raw))
        if too_big:
            return Check(name, None, too_big, manual, columns, values, notes=notes)
        try:
            if source:
                mapping = with_saved(source)
                return done(attempt(source, mapping, progress), mapping)
            try:
                first = attempt(None, manual, progress)
            except ImportRefused:
                saved = set(mappings.load_all(self.store)) | set(mappings.load_values_all(self.store))
                for src in sorted(s for s in saved if s in SOURCES):
                    mapping = with_saved(src)
                    steps: list[tuple[str, float | None]] = []
                    try:
                        p = attempt(src, mapping, lambda n, s, kept=steps: kept.append((n, s)))
                    except ImportRefused:
                        continue
                    tell(RECOGNISED_WITH_SAVED.format(source=src))
                    for n, s in steps:
                        if progress:
                            progress(n, s)
                    return done(p, mapping)
                raise
            mapping = with_saved(first.source)
            # the source's saved mappings (columns or values) apply once it is known: the
            # first attempt knew neither
            if mapping != manual or mappings.load_values(self.store, first.source):
                tell(CHECKED_AGAIN.format(source=first.source))
                return done(attempt(first.source, mapping, progress), mapping)
            return done(first, mapping)
        except ImportRefused as e:
            mapping = with_saved(source) if source else manual
            found = Check(name, None, str(e), mapping, columns, values, notes=notes)
            if selectors:
                found.matches = sheet_matches(raw, name, source, mapping)
                found.suggestions = header_suggestions(raw, name, found.matches)
            return found

    # -- importing -----------------------------------------------------------------------
    def commit(self, check: Check, drop_invalid_rows: bool = False,
               progress: Progress | None = None) -> Outcome:
        """Store a checked file, all or nothing, and save the user's mappings for its source.

        A file already imported (same source, territory, period and content) stores nothing
        but still has its mappings saved; a refusal (invalid rows and `drop_invalid_rows`
        not chosen, the store refusing) stores and saves nothing."""
        p = check.prepared
        if p is None:
            return Outcome(check, refused=check.refused)
        record = already_imported(self.store, p)
        already = record is not None
        if record is None:
            known = {r.id for r in self.store.catalog().imports}
            try:
                record = pipeline.commit(self.store, p, user=self.user,
                                         drop_invalid_rows=drop_invalid_rows, progress=progress)
            except (ImportRefused, StoreError) as e:
                return Outcome(check, refused=str(e))
            already = record.id in known  # imported meanwhile by someone else
        saved = self._save_mappings(check)
        return Outcome(check, record, already, None, self.store.catalog(), saved)

    def _save_mappings(self, check: Check) -> bool:
        """Save for the source the column and value mappings the user gave (a header mapped
        to nothing forgets its saved mapping); True when there were some."""
        p = check.prepared
        sheets = SOURCES[p.source].sheets
        named = {h: next((n for sheet in sheets if (n := field_of(sheet, f))), None) if f else f
                 for h, f in check.columns.items()}  # a header as the messages show it: its field
        kept = {h: f for h, f in named.items() if h and (not f or f in source_fields(p.source))}
        if kept:
            mappings.save(self.store, p.source, kept)
        if check.values:
            mappings.save_values(self.store, p.source, valid_value_mappings(p))
        return bool(kept or check.values)


# -- mappings --------------------------------------------------------------------------
def with_saved_values(saved: dict, given: dict) -> dict[str, dict[str, str]]:
    """Saved value mappings (by field) first, then the given ones (by column): later win."""
    out = {f: dict(v) for f, v in saved.items()}
    for column, by_value in given.items():
        out[column] = {**out.get(column, {}), **by_value}
    return out


def source_fields(source: str) -> set[str]:
    return {f.name for sheet in SOURCES[source].sheets for f in sheet.fields}


def field_vocabularies(source: str) -> dict:
    """field name -> its vocabulary (None for a field that is not coded) in a source."""
    out: dict = {}
    for sheet in SOURCES[source].sheets:
        for f in sheet.fields:
            out[f.name] = out.get(f.name) or for_field(sheet.table, f.name, f.kind)
    return out


def valid_value_mappings(prepared: Prepared) -> dict[str, dict[str, str]]:
    """The value mappings that applied to the file, as stored values (what is saved)."""
    vocabularies = field_vocabularies(prepared.source)
    out: dict[str, dict[str, str]] = {}
    for field_name, by_value in prepared.value_mapping.items():
        vocab = vocabularies.get(field_name)
        for value, target in by_value.items():
            stored = vocab.canonical(target) if vocab else None
            if stored is not None:
                out.setdefault(field_name, {})[value] = str(stored)
    return out


# -- what could be mapped ------------------------------------------------------------------
def sheet_matches(raw: bytes, name: str, source: str | None,
                  mapping: dict[str, str]) -> list[tuple[str, SheetMatch]]:
    """(sheet name, how its columns match) for the sheets of the source the pipeline picks."""
    try:
        sheets = read_workbook(raw, name)
    except ReadError:
        return []
    candidates = [SOURCES[source]] if source in SOURCES else all_sources()
    found = [(s.name, m) for s in sheets if (m := _read_with(s.frame, candidates, mapping))]
    if not found:
        return []
    best = source or max({m.source.key for _, m in found},
                         key=lambda k: sum(m.score for _, m in found if m.source.key == k))
    return [(n, m) for n, m in found if m.source.key == best]


def _read_with(frame, sources, mapping) -> SheetMatch | None:
    """The sheet's match as the pipeline reads it (`pipeline.best_flat`), the columns a
    second table of the same lines reads (`pipeline.companions`: a flat extraction's
    programmes) counted as recognised: nothing to offer for them."""
    ms = match_candidates(frame, sources, mapping)
    if not any(m.enough for m in ms):
        return None
    m = best_flat(ms)
    read = set(m.columns.values())
    extra = {f"{c.profile.table}.{name}": i for c in companions(m, ms)
             for name, i in c.columns.items() if i not in read}
    return dataclasses.replace(m, columns={**extra, **m.columns}) if extra else m


def header_suggestions(raw: bytes, name: str,
                       matches: list[tuple[str, SheetMatch]]) -> dict[tuple[str, str], list[str]]:
    """(sheet, header) -> the likeliest fields of the headers nothing recognises, best first."""
    if not matches:
        return {}
    try:
        frames = {s.name: s.frame for s in read_workbook(raw, name)}
    except ReadError:
        return {}
    out = {}
    for sheet, m in matches:
        if sheet not in frames or m.profile.wide:
            continue
        free = [i for i in range(len(m.headers)) if i not in m.columns.values()]
        for header, ranked in suggest.for_headers(frames[sheet], m.header_row, m.headers, m.profile,
                                                  free, set(m.columns)).items():
            out[(sheet, header)] = [f for f, _ in ranked]
    return out
