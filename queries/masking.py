"""What each audience may see: the statistical secret applied, in the query layer, to every
frame handed to pages, maps and exports.

Audiences: "gestionnaire" (managers: unmasked figures, marked confidential by the UI),
"elu" and "lecteur" (officials and readers: person counts from 1 to threshold − 1 masked,
with secondary suppression; `queries.secret` holds the rule). An unknown role is treated
as the most restricted audience.

Every frame is protected by a rule that classifies each of its numeric columns:

- person counts (`counts`), masked when small and by secondary suppression against the
  frame's total row, the total the rows are parts of, or an exhaustive group of the row;
  the « dont » lines of a hidden total are hidden with it, zeros included (« s »
  participants, dont QPV : 0 says that none of them lives in a QPV);
- figures derived from counts (`derived`: rates, shares, per 1 000, evolutions, means,
  amounts of aid paid to the persons counted), masked with any count they come from or
  when one of those counts is small;
- counts of persons' events (`events`: steps, contacts, interviews), masked when small
  themselves (each person counted has at least one, so a small event count bounds a small
  person count) and with the person count they belong to (hidden, or small);
- trends (`windows`: a moving mean over n rows), masked when a count of their window is;
- public numbers (`public`: population, numbers of communes or of events, hours worked on
  sites), never masked.

A numeric column the rule does not name raises `UnclassifiedColumn`: a new table cannot
forget the secret. A protected frame holds its masked cells as NaN and, for each classified
column `c`, a boolean column `flag(c)` (True: hidden by the secret) that the UI renders as
« s » (`hidden`, `mask_of`). Managers get the same columns, all False, except where the
source itself hides a cell: a frame may arrive with flag columns of its own (`Table`
rules), cells its source already hides (the empty cells of the ONPV files), hidden for
every audience, managers included, and with them the figures derived from them.
"""

import functools
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from pandas.api.types import is_bool_dtype, is_numeric_dtype

import settings
from queries import runner, secret

AUDIENCES = ("gestionnaire", "elu", "lecteur")
FLAG = "__secret"
_VIRTUAL_TOTAL = "__virtual_total__"


class UnclassifiedColumn(TypeError):
    """A numeric column that no rule classifies (a programming error, not a user's)."""


def audience_of(role: str | None) -> str:
    """The audience of a session's role; anything unknown gets the most restricted one."""
    return role if role in AUDIENCES else "lecteur"


def masks(audience: str) -> bool:
    """True when small counts must be hidden for this audience."""
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience {audience!r} (audiences: {', '.join(AUDIENCES)})")
    return not secret.sees_unmasked(audience)


# -- flags ---------------------------------------------------------------------------------
def flag(column: Hashable) -> str:
    return f"{column}{FLAG}"


def is_flag(column: Hashable) -> bool:
    return isinstance(column, str) and column.endswith(FLAG)


def hidden(frame: pd.DataFrame, column: str) -> pd.Series:
    """Which cells of `column` the secret hides (all False for a column without a flag)."""
    name = flag(column)
    if name in frame:
        return frame[name].astype(bool)
    return pd.Series(False, index=frame.index)


def is_hidden(frame: pd.DataFrame, row, column: str) -> bool:
    name = flag(column)
    return bool(frame.at[row, name]) if name in frame else False


def mask_of(frame: pd.DataFrame) -> pd.DataFrame:
    """The flags of a protected frame as a mask: same index, one boolean column per
    classified column (named as the column itself)."""
    names = [c for c in frame.columns if is_flag(c)]
    return pd.DataFrame({c[: -len(FLAG)]: frame[c].astype(bool) for c in names},
                        index=frame.index)


def without_flags(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[[c for c in frame.columns if not is_flag(c)]]


def is_protected(frame: pd.DataFrame) -> bool:
    return any(is_flag(c) for c in frame.columns)


def _numeric_columns(frame: pd.DataFrame, but: set = frozenset()) -> list:
    """The numeric columns of the frame but flags and booleans (and the names of `but`)."""
    if not frame.columns.is_unique:  # (a repeated name is a frame, not a column)
        return [c for c in frame.columns if c not in but and not is_flag(c)
                and is_numeric_dtype(frame[c]) and not is_bool_dtype(frame[c])]
    return [c for c, dtype in frame.dtypes.items() if c not in but and not is_flag(c)
            and is_numeric_dtype(dtype) and not is_bool_dtype(dtype)]


def _small(values: pd.Series, threshold: int) -> pd.Series:
    return secret.small_cells(values, threshold)


def _check(frame: pd.DataFrame, known: set, what: str) -> None:
    # (a column without any value, such as the names of an empty frame, holds nothing)
    missing = [c for c in _numeric_columns(frame, known) if frame[c].notna().any()]
    if missing:
        raise UnclassifiedColumn(
            f"{what}: numeric column(s) {missing} not classified as counts, derived or public")


def _apply(frame: pd.DataFrame, mask: Mapping[str, np.ndarray]) -> pd.DataFrame:
    """The frame with masked cells emptied and a flag column per masked-able column (added
    at the end in one go, as one block: inserting them one by one cost more than the
    secret itself). `mask`: {column: boolean array, one per row}."""
    out = frame.copy()
    added = {}
    for col, hidden_ in mask.items():
        hidden_ = np.asarray(hidden_, dtype=bool)
        if hidden_.any():  # (numpy: a Series' `mask` cost a wide table tens of ms)
            out[col] = np.where(hidden_, np.nan, secret.floats(out[col]))
        if flag(col) in out.columns:
            out[flag(col)] = hidden_
        else:
            added[flag(col)] = hidden_
    if added:
        # positional: an index may repeat a label (a month per commune…)
        flags = pd.DataFrame(np.column_stack(list(added.values())), columns=list(added))
        out = pd.concat([out.reset_index(drop=True), flags], axis=1)
        out.index = frame.index
    return out


# -- rules ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Table:
    """A frame of rows (communes, months, categories…) and count columns.

    `total`: a column that is null on the total row (``code_insee``): secondary
    suppression protects the rows against it. `parts`: the rows are the parts of a total
    shown elsewhere (exits by reason add up to the exits; months add up to the year), so
    they are protected against their sum, per group of `by` if given (a dimension); True
    for every column, or the names of the columns whose sums are shown (steps by type add
    up to the year's steps, their participants do not: a person has steps of several
    types). `row_groups`: (total column, part columns) that add up within a row (women +
    men). `dont`: (total column, its « dont » columns) not named as registry indicators
    (the registry's `part_of` gives the others): in a row whose total is hidden, they are
    hidden too, zeros included. `events`: counts of persons' events (steps) and the
    person counts they belong to.
    """

    counts: tuple[str, ...] = ()
    derived: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    public: tuple[str, ...] = ()
    windows: Mapping[str, tuple[str, int]] = field(default_factory=dict)
    total: str | None = None
    parts: bool | tuple[str, ...] = False
    by: str | None = None
    row_groups: tuple[tuple[str, tuple[str, ...]], ...] = ()
    events: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    dont: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def known(self) -> set:
        return {*self.counts, *self.derived, *self.public, *self.windows, *self.events}

    def _summed(self, columns: list[str]) -> list[str]:
        """The columns protected against the sum of the rows (`parts`)."""
        if self.parts is True:
            return list(columns)
        return [c for c in columns if c in (self.parts or ())]

    def _dont(self, columns: list[str]) -> list[tuple[str, list[str]]]:
        """« dont » lines among `columns`: the registry's and the rule's own."""
        return _dont_lines(self.dont, tuple(columns))

    def _groups(self, frame: pd.DataFrame) -> list[np.ndarray | None]:
        """The positions of the rows protected together: every row (None), or those of
        each value of `by` (missing values one group), in order of first appearance."""
        if self.by is None:
            return [None]
        codes, uniques = pd.factorize(frame[self.by], use_na_sentinel=False)
        return [np.flatnonzero(codes == k) for k in range(len(uniques))]

    def protect(self, frame: pd.DataFrame, audience: str, name: str = "table",
                threshold: int | None = None) -> pd.DataFrame:
        return _apply(frame, self.mask(frame, audience, name, threshold))

    def mask(self, frame: pd.DataFrame, audience: str, name: str = "table",
             threshold: int | None = None) -> dict[str, np.ndarray]:
        """What `protect` hides: {classified column: boolean array, one per row}."""
        _check(frame, self.known(), name)
        threshold = settings.SECRET_THRESHOLD if threshold is None else threshold
        columns = [c for c in dict.fromkeys([*self.counts, *self.derived, *self.windows,
                                             *self.events]) if c in frame]
        # cells the source hides itself (flag columns given with the frame)
        given = {c: frame[flag(c)].fillna(False).astype(bool).to_numpy(dtype=bool)
                 if flag(c) in frame else np.zeros(len(frame), dtype=bool) for c in columns}
        mask = {c: hidden_.copy() for c, hidden_ in given.items()}  # {column: bool array}
        cells = _Cells(frame, threshold)
        if not masks(audience) or frame.empty:
            self._derive(cells, mask, small=False)
            return mask
        groups = self._groups(frame)
        counts = [c for c in dict.fromkeys(self.counts) if c in frame]
        if counts:
            for rows in groups:
                hidden_ = self._suppress(frame, cells, rows, counts, threshold)
                for j, c in enumerate(counts):
                    if rows is None:
                        mask[c] = hidden_[:, j] | given[c]
                    else:
                        mask[c][rows] = hidden_[:, j] | given[c][rows]
        self._derive(cells, mask, small=True)
        # a hidden event count is protected against the total row or the sum of the parts
        # like a person count (300 steps shown beside « s » and a total of 301 tell 1)
        events = [c for c in dict.fromkeys(self.events) if c in frame]
        if events and (self.total is not None or self._summed(events)
                       or self._dont(events)):
            for rows in groups:
                at = slice(None) if rows is None else rows
                first = np.column_stack([mask[c][at] for c in events])
                hidden_ = self._suppress(frame, cells, rows, events, threshold, primary=first)
                for j, c in enumerate(events):
                    mask[c][at] = hidden_[:, j]
        for col, (source, n) in self.windows.items():
            if col not in frame:
                continue
            inside = mask[source] | cells.small(source)
            mask[col] = _trailing_any(inside, n) | cells.small(col)
        return mask

    def _derive(self, cells: "_Cells", mask: dict, small: bool) -> None:
        """Derived figures hidden with a count they come from (hidden, or small when
        `small`: the audience is masked)."""
        for col, sources in self.derived.items():
            if col not in cells.frame:
                continue
            hide = mask[col].copy()  # a count that is also built on others (exits − neutral)
            for s in sources:
                if s in mask:
                    hide |= mask[s] | cells.small(s) if small else mask[s]
            mask[col] = hide
        for col, sources in self.events.items():
            if col not in cells.frame:
                continue
            hide = mask[col] | cells.small(col) if small else mask[col].copy()
            for s in sources:
                if s in mask:
                    hide |= mask[s] | cells.small(s) if small else mask[s]
            mask[col] = hide

    def _suppress(self, frame: pd.DataFrame, cells: "_Cells", rows: np.ndarray | None,
                  counts: list[str], threshold: int,
                  primary: np.ndarray | None = None) -> np.ndarray:
        """The secret's mask of the rows at positions `rows` (None: all; same order, one
        column per count), secondary suppression included. `primary`: the cells already
        hidden (event counts), instead of the small ones; row groups are then left out
        (they are groups of person counts)."""
        at = slice(None) if rows is None else rows
        work = np.column_stack([cells.floats(c)[at] for c in counts])
        first = primary
        body, summed, virtual = None, None, False
        if self.total is not None:
            totals = np.flatnonzero(cells.missing(self.total)[at])
            if len(totals):
                body = np.delete(np.arange(len(work)), totals[0])
        elif self._summed(counts):
            summed = self._summed(counts)
            # the sum of the rows as their total row (NaN where no row has a value)
            known = ~np.isnan(work)
            total = np.where(known.any(axis=0), np.where(known, work, 0.0).sum(axis=0),
                             np.nan)
            body = np.arange(len(work))
            work = np.vstack([work, total])
            virtual = True
            if first is not None:
                first = np.vstack([first, np.zeros(len(counts), dtype=bool)])
        groups = [(t, list(p)) for t, p in self.row_groups
                  if t in counts and all(c in counts for c in p)] if first is None else []
        hidden_ = secret.suppress_values(work, counts, threshold, body=body,
                                         row_groups=groups, primary=first,
                                         dont=self._dont(counts), total_columns=summed)
        return hidden_[:-1] if virtual else hidden_


class _Cells:
    """A frame's columns as numpy arrays, converted once per protection: floats (NaN for
    no value), small counts, missing values."""

    def __init__(self, frame: pd.DataFrame, threshold: int):
        self.frame, self.threshold = frame, threshold
        self._floats: dict = {}
        self._small: dict = {}
        self._missing: dict = {}

    def floats(self, column: str) -> np.ndarray:
        if column not in self._floats:
            self._floats[column] = secret.floats(self.frame[column])
        return self._floats[column]

    def small(self, column: str) -> np.ndarray:
        """`secret.small_cells` of the column."""
        if column not in self._small:
            try:
                numbers = self.floats(column)
            except (TypeError, ValueError):  # not numbers: `small_cells`' own way
                self._small[column] = secret.small_cells(self.frame[column],
                                                         self.threshold).to_numpy(dtype=bool)
            else:
                self._small[column] = (numbers > 0) & (numbers < self.threshold)
        return self._small[column]

    def missing(self, column: str) -> np.ndarray:
        if column not in self._missing:
            self._missing[column] = self.frame[column].isna().to_numpy(dtype=bool)
        return self._missing[column]


def _trailing_any(inside: np.ndarray, n: int) -> np.ndarray:
    """Whether any of the `n` values up to each position (fewer at the start) is true:
    `rolling(n, min_periods=1).max()` of booleans."""
    if n < 1:
        return pd.Series(inside.astype(int)).rolling(n, min_periods=1).max().astype(
            bool).to_numpy()
    running = np.cumsum(inside, dtype=np.int64)
    before = np.zeros_like(running)
    before[n:] = running[:-n] if n < len(running) else before[n:]
    return (running - before) > 0


@functools.lru_cache(maxsize=512)
def _dont_lines(own: tuple, columns: tuple) -> list[tuple[str, list[str]]]:
    """`Table._dont`: the registry's « dont » lines among `columns` and the rule's own
    (`own`), a pure function of the registry. Do not modify the lists."""
    groups = dict(secret.dont_lines(columns))
    for total, parts in own:
        groups.setdefault(total, [])
        groups[total] += [p for p in parts if p not in groups[total]]
    return [(t, [p for p in parts if p in columns]) for t, parts in groups.items()
            if t in columns]


@dataclass(frozen=True)
class Figures:
    """Figures of the indicator registry, one row per indicator (index, or column `key`).

    Each column of `values` is masked like the key figures (`secret.figure_secret`:
    small person counts, the other parts of an exhaustive group, rates and means built
    on them). `derived` columns are masked with the value columns they come from.
    `forced` maps a value column to a boolean column: True where a figure is hidden
    whatever its value (a cell that secondary suppression hides in a per-commune table).
    `unknown` maps a share of the known answers (a « dont » line's share, its parent's
    unknown answers left out) to the column holding those unknown answers: shown with the
    part and the parent, the share gives them away (parent − part ÷ share), so it is hidden
    when they are few, and they are hidden when few or when the share is.
    """

    values: tuple[str, ...] = ("value",)
    derived: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    public: tuple[str, ...] = ()
    key: str | None = None
    forced: Mapping[str, str] = field(default_factory=dict)
    unknown: Mapping[str, str] = field(default_factory=dict)

    def known(self) -> set:
        return {*self.values, *self.derived, *self.public, *self.unknown.values()}

    def protect(self, frame: pd.DataFrame, audience: str, name: str = "figures",
                threshold: int | None = None) -> pd.DataFrame:
        _check(frame, self.known(), name)
        columns = [c for c in dict.fromkeys([*self.values, *self.derived,
                                             *self.unknown.values()]) if c in frame]
        mask = pd.DataFrame(False, index=frame.index, columns=columns)
        if masks(audience) and not frame.empty:
            limit = settings.SECRET_THRESHOLD if threshold is None else threshold
            ids = frame.index if self.key is None else pd.Index(frame[self.key])
            for col in self.values:
                if col not in frame:
                    continue
                values = pd.Series(frame[col].to_numpy(), index=ids)
                forced = ()
                if col in self.forced and self.forced[col] in frame:
                    forced = ids[frame[self.forced[col]].fillna(False).astype(bool).to_numpy()]
                mask[col] = secret.figure_secret(values, threshold, forced).to_numpy()
            for col, sources in self.derived.items():
                if col in frame:
                    hide = pd.Series(False, index=frame.index)
                    for s in sources:
                        if s in mask:
                            hide |= mask[s]
                    mask[col] = hide
            for col, unknown in self.unknown.items():
                if unknown in frame:
                    few = secret.small_cells(frame[unknown], limit).to_numpy(dtype=bool)
                    if col in mask:
                        mask[col] |= few
                    mask[unknown] |= few | (mask[col].to_numpy(dtype=bool) if col in mask
                                            else False)
        out = _apply(frame, mask)
        # the hidden counts read for the secret (the recipients of aid) are not shown
        ids = out.index if self.key is None else pd.Index(out[self.key])
        bases = set(secret.bases_of(ids.tolist())) & set(ids.tolist())
        return out[~ids.isin(bases)] if bases else out


Rule = Table | Figures


def protect(frame: pd.DataFrame, rule: Rule, audience: str, name: str = "table") -> pd.DataFrame:
    return rule.protect(frame, audience, name)


def protect_all(data: dict, rules: Mapping[str, Rule], audience: str) -> dict:
    """A page's dict with every frame protected by its rule. A frame without a rule is a
    programming error: every table a page receives goes through the secret."""
    out = {}
    for key, value in data.items():
        if isinstance(value, pd.DataFrame):
            if key not in rules:
                raise UnclassifiedColumn(f"no secret rule for the frame {key!r}")
            out[key] = rules[key].protect(value, audience, key)
        elif isinstance(value, dict) and any(isinstance(v, pd.DataFrame) for v in value.values()):
            if key not in rules:
                raise UnclassifiedColumn(f"no secret rule for the frames {key!r}")
            out[key] = {k: rules[key].protect(v, audience, f"{key}[{k}]") for k, v in value.items()}
        else:
            out[key] = value
    return out


# -- key figures -----------------------------------------------------------------------------
def commune_secret(by_commune: pd.DataFrame, commune: str, ids) -> set[str]:
    """The figures of `commune` that secondary suppression hides in its territory's
    per-commune table (`figures.by_commune`, every commune and the total row)."""
    return secret_of(table_secret(by_commune, ids), commune)


def table_secret(by_commune: pd.DataFrame, ids) -> pd.DataFrame:
    """Which counts secondary suppression hides in a per-commune table, for an élu: one
    row per commune (index: its code, "" for the total row), one boolean column per
    count (`commune_secret` of every commune at once; the query layer keeps it for the
    store version: France-wide, 80 ms a call)."""
    counts = tuple(i for i in ids if i in by_commune and _is_count(i))
    # counts of persons' events (steps…) too: hidden ones are protected against the total
    events = {i: tuple(b for b in secret.EVENTS[i] if b in counts) for i in ids
              if i in by_commune and i in secret.EVENTS and i not in counts}
    rule = Table(counts=counts, events=events,
                 public=tuple(c for c in _numeric_columns(by_commune)
                              if c not in counts and c not in events), total="code_insee")
    hidden_ = rule.mask(by_commune, "elu", "by_commune")
    index = pd.Index(by_commune["code_insee"].astype(object).fillna("").tolist(),
                     name="code_insee")
    return pd.DataFrame({c: np.asarray(hidden_[c], dtype=bool) for c in (*counts, *events)},
                        index=index)


def secret_of(hidden: pd.DataFrame, commune: str) -> set[str]:
    """The columns `table_secret` hides on `commune`'s row (its first)."""
    rows = np.flatnonzero(hidden.index == commune)
    if not len(rows):
        return set()
    return {c for c in hidden.columns if bool(hidden[c].iloc[rows[0]])}


class SecretRows:
    """`table_secret` kept for the store version as read-only arrays, which the kept
    results give as they are, not copied (France's, 35 000 communes × 60 counts, cost a
    copy of 12 MB and a lookup over its index for each commune's key figures):
    `of(commune)` is `secret_of(table, commune)`."""

    def __init__(self, hidden: pd.DataFrame):
        self.columns = tuple(hidden.columns)
        self.matrix = hidden.to_numpy(dtype=bool)
        self.matrix.flags.writeable = False
        self.rows: dict[str, int] = {}
        for i, code in enumerate(hidden.index.tolist()):
            self.rows.setdefault(code, i)  # (its first row, as `secret_of`)

    @property
    def nbytes(self) -> int:  # what the kept results count it for (runner._result_size)
        return self.matrix.nbytes + 100 * len(self.rows)

    def of(self, commune: str) -> set[str]:
        at = self.rows.get(commune)
        if at is None:
            return set()
        return {c for c, hidden in zip(self.columns, self.matrix[at], strict=True) if hidden}


def _is_count(indicator: str) -> bool:
    from queries import registry

    ind = registry.indicators().get(indicator)
    return ind is not None and secret.is_person_count(ind)


def key_figures(con, territory: str, year: int, commune: str | None = None, *,
                audience: str) -> pd.DataFrame:
    """`queries.figures.key_figures` as the audience may see them: columns `secret` and
    `previous_secret` (True where hidden), hidden cells NaN. A commune's figure is also
    hidden where the territory's per-commune table hides it, so that a fiche never gives
    away a cell that secondary suppression hides in a table."""
    from queries import figures

    if not masks(audience):
        return figures.key_figures(con, territory, year, commune).assign(
            secret=False, previous_secret=False)
    return _masked_key_figures(con, territory, year, commune)


@runner.kept
def _masked_key_figures(con, territory: str, year: int, commune: str | None) -> pd.DataFrame:
    """`key_figures` for an audience that masks (kept for the version: a fiche asks for
    the commune's and the territory's, each 30 ms on France's 35 000 communes)."""
    from queries import figures

    df = figures.key_figures(con, territory, year, commune)
    forced: set[str] = set()
    if commune:
        ids = [i for i in df["indicator"] if _is_count(i)]
        forced = _by_commune_secret(con, territory, year, tuple(ids)).of(commune)
    # the hidden counts some figures are built on (the recipients of an amount of aid)
    shown = set(df["indicator"])
    bases = tuple(dict.fromkeys(b for i, base in secret.DERIVED.items() if i in shown
                                for b in base if b not in shown))
    return secret.mask_key_figures(
        df, forced=forced, bases=figures.hidden_values(con, territory, year, commune, bases))


@runner.kept
def _by_commune_secret(con, territory: str, year: int, ids: tuple) -> SecretRows:
    from queries import figures

    return SecretRows(table_secret(figures.by_commune(con, territory, year, list(ids)), ids))
