"""Statistical secret: which person counts officials and exports may not see.

Rule (settings.SECRET_THRESHOLD, default 11, the public statistics' rule for data on
natural persons): a count of persons from 1 to threshold − 1 is masked ("s"); so is any
rate whose numerator or denominator is masked or below the threshold. Secondary
suppression then masks further cells so that no masked cell can be recomputed as a
total minus the other cells of its column (a table with a total row) or of an exhaustive
group of its row (women + men = participants). Zero is shown: it discloses nobody, unless
it is a « dont » line of a hidden total: when a total is hidden, its « dont » lines are
hidden too, zeros included (« s » participants, dont QPV : 0 says that none of them lives
in a QPV); a zero is shown only when its total is shown.

One code path for screen, maps, Excel and slides: they all call `suppress` or
`mask_key_figures`. Managers (role "gestionnaire") see unmasked figures.
"""

from collections.abc import Hashable, Iterable

import numpy as np
import pandas as pd

import settings

UNMASKED_ROLES = {"gestionnaire"}

# "dont" lines that add up to their total: masking one alone would reveal it.
EXHAUSTIVE_GROUPS = [
    ("plie_participants", ["plie_femmes", "plie_hommes"]),
    ("plie_nouvelles_entrees", ["plie_entrees_femmes", "plie_entrees_hommes"]),
    ("plie_sorties", ["plie_sorties_positives", "plie_sorties_neutres", "plie_sorties_autres"]),
    ("plie_sorties_positives", ["plie_sp_femmes", "plie_sp_hommes"]),
    ("plie_participants", ["plie_cohorte_annee", "plie_cohorte_deux_ans", "plie_cohorte_anterieure"]),
    # every scheme of ingest/codes.py AID_SCHEME: one amount hidden alone would be the
    # total less the others
    ("aide_total", ["aide_cej_allocation", "aide_pacea_allocation", "aide_fajem",
                    "aide_fonds_ml", "aide_fonds_ml_repas", "aide_mobilite_ml"]),
]


# Figures that would reveal the indicators they are computed from (a mean over two
# people; exits minus a masked number of neutral exits).
DERIVED = {
    "plie_duree_moyenne": ["plie_participants"],
    "plie_sorties_hors_neutres": ["plie_sorties", "plie_sorties_neutres"],
    # hours worked by fewer residents than the threshold describe them
    "clause_heures": ["clause_personnes"],
    "clause_etp": ["clause_personnes"],
    # amounts of aid paid to fewer young people than the threshold (what they received)
    "aide_total": ["aide_beneficiaires"],
    "aide_cej_allocation": ["aide_cej_beneficiaires"],
    "aide_pacea_allocation": ["aide_pacea_beneficiaires"],
    "aide_fajem": ["aide_fajem_beneficiaires"],
    "aide_fonds_ml": ["aide_fonds_ml_beneficiaires"],
    "aide_fonds_ml_repas": ["aide_fonds_ml_repas_beneficiaires"],
    "aide_mobilite_ml": ["aide_mobilite_beneficiaires"],
}

# Counts of events of persons (steps, contacts, interviews, measures): each person counted
# has at least one, so an event count is at least the person count it belongs to, and a
# small one bounds a small person count. Masked when small themselves, or with that person
# count (masked, or small). Amounts of aid (€) and the events of job fairs (anonymous
# visitors, not persons followed) are not counts of persons' events: they stay as they are.
EVENTS = {
    "plie_etapes": ["plie_etapes_participants"],
    "plie_etapes_demarrees_annee": ["plie_etapes_participants"],
    "plie_etapes_emploi": ["plie_etapes_participants"],
    "plie_etapes_qualifiantes": ["plie_etapes_participants"],
    "ml_contacts": ["ml_jeunes_accompagnes"],
    "ml_entretiens": ["ml_jeunes_accompagnes"],
    "cej_contacts": ["cej_accompagnes"],
    "cej_entretiens": ["cej_accompagnes"],
    "cej_mesures": ["cej_jeunes_solution"],
    "pacea_entretiens": ["pacea_accompagnes"],
}


def bases_of(ids: Iterable[str]) -> list[str]:
    """The hidden indicators (not shown, `hidden` in the registry) that figures of `ids`
    are built on (`DERIVED`: the recipients of an amount of aid): read beside them so that
    the secret can hide them, then left out (`masking.Figures`)."""
    from queries import registry

    inds = registry.indicators()
    return list(dict.fromkeys(b for i in ids for b in DERIVED.get(i, ())
                              if b in inds and inds[b].hidden))


def dont_lines(columns: Iterable[str]) -> list[tuple[str, list[str]]]:
    """The « dont » lines among `columns` (registry ids): [(total, [its parts present])]
    for each total present that has some (`part_of` in the registry; the parts of the
    exhaustive groups are « dont » lines of their total too)."""
    from queries import registry

    present = list(dict.fromkeys(columns))
    inds = registry.indicators()
    groups: dict[str, list[str]] = {}
    for c in present:
        ind = inds.get(c)
        if ind is not None and ind.part_of in present:
            groups.setdefault(ind.part_of, []).append(c)
    for total, parts in EXHAUSTIVE_GROUPS:
        if total in present:
            for p in parts:
                if p in present and p not in groups.get(total, []):
                    groups.setdefault(total, []).append(p)
    return list(groups.items())


def sees_unmasked(role: str | None) -> bool:
    return role in UNMASKED_ROLES


def is_small(value, threshold: int) -> bool:
    return value is not None and not pd.isna(value) and 0 < value < threshold


def small_cells(values: pd.Series, threshold: int) -> pd.Series:
    """`is_small` of each value (a boolean Series, same index), vectorised: a page's
    tables of 35 000 communes hold hundreds of thousands of cells."""
    try:
        numbers = floats(values)
    except (TypeError, ValueError):  # not numbers: one at a time, as `is_small` does
        return values.map(lambda v: is_small(v, threshold)).astype(bool)
    return pd.Series((numbers > 0) & (numbers < threshold), index=values.index, dtype=bool)


def floats(values: pd.Series) -> np.ndarray:
    """`values.astype("float64")` as an array (NaN for no value); numpy's own conversion
    for numpy numbers (pandas' cost a wide table's secret tens of ms), pandas' for others.
    Read only."""
    dtype = values.dtype
    if isinstance(dtype, np.dtype) and dtype.kind in "fiub":
        return values.to_numpy(dtype="float64")
    return values.astype("float64").to_numpy(dtype="float64")


def suppress(table: pd.DataFrame, count_columns: list[str], threshold: int | None = None,
             total_row: Hashable | None = None,
             row_groups: list[tuple[str, list[str]]] = (),
             primary: pd.DataFrame | None = None,
             dont: list[tuple[str, list[str]]] = (),
             total_columns: Iterable[str] | None = None) -> pd.DataFrame:
    """Boolean mask (same index, `count_columns`) of the cells to hide, secondary included.

    Primary: counts from 1 to threshold − 1. Secondary, repeated until nothing changes: in
    each column with a total row, and in each row group (a total column and its parts) whose
    total is shown, a cell masked alone gets the smallest other cell masked with it (a
    positive one, else a zero: a 0 beside a lone « s » tells the « s »), and so do hidden
    cells that are all zeros (the total minus the cells shown, 0, would tell them). A row
    group whose total is hidden too still gets a zero hidden beside a lone « s » whose
    other parts are all zero: « s » women beside 0 men says that every participant is a
    woman.
    `dont`: (total column, its « dont » columns): in a row whose total is hidden, its
    « dont » cells are hidden too, zeros included (« s » participants, dont QPV : 0).
    `total_columns`: the columns protected against `total_row` (default: all of them; the
    others do not add up to it).
    `primary`: the cells hidden before secondary suppression, instead of the small ones."""
    threshold = settings.SECRET_THRESHOLD if threshold is None else threshold
    vals = np.column_stack([pd.to_numeric(table[c], errors="coerce").to_numpy(dtype=float)
                            for c in count_columns]) if count_columns else \
        np.empty((len(table), 0))
    first = None if primary is None else primary[list(count_columns)].to_numpy(dtype=bool)
    body = None if total_row is None else \
        np.flatnonzero(np.asarray(table.index != total_row))
    mask = suppress_values(vals, list(count_columns), threshold, body=body,
                           row_groups=row_groups, primary=first, dont=dont,
                           total_columns=total_columns)
    return pd.DataFrame(mask, index=table.index, columns=list(count_columns))


def suppress_values(vals: np.ndarray, count_columns: list[str], threshold: int,
                    body: np.ndarray | None = None,
                    row_groups: Iterable[tuple[str, list[str]]] = (),
                    primary: np.ndarray | None = None,
                    dont: Iterable[tuple[str, list[str]]] = (),
                    total_columns: Iterable[str] | None = None) -> np.ndarray:
    """`suppress` on the values themselves: `vals` (rows × `count_columns`, floats, NaN
    for no value), `body` the positions of the rows that add up to the total row (None: no
    total row), `primary` the cells hidden before secondary suppression (a boolean array
    like `vals`, not modified) or None for the small ones. The boolean mask, same shape."""
    if primary is not None:  # cells hidden already (counts of events)
        mask = np.array(primary, dtype=bool, copy=True)
    else:
        with np.errstate(invalid="ignore"):
            mask = (vals > 0) & (vals < threshold)
    known = ~np.isnan(vals)
    position = {c: j for j, c in enumerate(count_columns)}
    groups = [(position.get(t), [position[p] for p in parts]) for t, parts in row_groups]
    donts = [(position[t], [position[p] for p in parts if p in position])
             for t, parts in dont if t in position]
    summed = range(len(count_columns)) if total_columns is None else \
        [position[c] for c in total_columns if c in position]
    changed = True
    while changed:
        changed = False
        for total_j, parts in donts:
            more = mask[:, [total_j]] & ~mask[:, parts] & known[:, parts]
            if more.any():
                mask[:, parts] |= more
                changed = True
        if body is not None:
            for j in summed:
                pick = _second(vals[body, j], mask[body, j])
                if pick is None:
                    pick = _beside_hidden_zeros(vals[body, j], mask[body, j])
                if pick is not None:
                    mask[body[pick], j] = changed = True
        for total_j, parts in groups:
            if not parts or len(vals) == 0:
                continue
            if total_j in parts:  # (a total among its own parts: row by row, as it changes)
                for i in range(len(vals)):
                    pick = _second(vals[i, parts], mask[i, parts], bool(mask[i, total_j]))
                    if pick is not None:
                        mask[i, parts[pick]] = changed = True
                continue
            zeros_only = mask[:, total_j].copy() if total_j is not None else \
                np.zeros(len(vals), dtype=bool)
            rows, cols = _seconds(vals[:, parts], mask[:, parts], known[:, parts], zeros_only)
            if rows.size:
                mask[rows, np.asarray(parts)[cols]] = changed = True
    return mask


def _seconds(vals: np.ndarray, masked: np.ndarray, known: np.ndarray,
             zeros_only: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`_second` of every row at once (a row group of each row: women, men): the rows
    where a second cell is hidden and the position of that cell in the group."""
    lone = masked.sum(axis=1) == 1
    open_ = ~masked & known
    with np.errstate(invalid="ignore"):
        positive = open_ & (vals > 0)
    any_positive, any_open = positive.any(axis=1), open_.any(axis=1)
    # a hidden total: only a zero beside nothing but zeros, the first one
    zero_rows = lone & zeros_only & ~any_positive & any_open
    # a shown total: the smallest positive open cell, else the first open zero
    candidates = np.where(any_positive[:, None], positive, open_)
    smallest = np.argmin(np.where(candidates, vals, np.inf), axis=1)
    first_open = np.argmax(open_, axis=1)
    shown_rows = lone & ~zeros_only & any_open
    cols = np.where(zeros_only, first_open, smallest)
    rows = np.flatnonzero(zero_rows | shown_rows)
    cols = cols[rows]
    # an infinite candidate (never a count) is left to the scalar rule
    odd = np.isinf(vals[rows, cols]) | ~candidates[rows, cols] & ~zeros_only[rows]
    if odd.any():
        for n in np.flatnonzero(odd):
            r = rows[n]
            pick = _second(vals[r], masked[r], bool(zeros_only[r]))
            cols[n] = -1 if pick is None else pick
        keep = cols >= 0
        rows, cols = rows[keep], cols[keep]
    return rows, cols


def _second(vals: np.ndarray, masked: np.ndarray, zeros_only: bool = False) -> int | None:
    """Where a group with one masked cell alone hides a second one: the smallest positive
    open cell, or if there is none the first open zero; None if nothing is to hide.
    `zeros_only` (the group's total is hidden): only a lone « s » beside nothing but
    zeros tells something (the attribute of the whole group): the first zero is hidden."""
    if masked.sum() != 1:
        return None
    open_ = ~masked & ~np.isnan(vals)
    positive = open_ & (vals > 0)
    if zeros_only:
        if positive.any() or not open_.any():
            return None
        return int(np.flatnonzero(open_)[0])
    candidates = np.flatnonzero(positive if positive.any() else open_)
    if candidates.size == 0:
        return None
    return int(candidates[np.argmin(vals[candidates])])


def _beside_hidden_zeros(vals: np.ndarray, masked: np.ndarray) -> int | None:
    """Where a column whose hidden cells are all zeros (« dont » lines of hidden totals)
    hides one more: its smallest positive open cell, or the total minus the cells shown,
    0, would tell that every hidden one is 0. None if nothing is to hide."""
    hidden = vals[masked]
    if hidden.size < 2 or np.isnan(hidden).any() or (hidden != 0).any():
        return None
    positive = np.flatnonzero(~masked & ~np.isnan(vals) & (vals > 0))
    if positive.size == 0:
        return None
    return int(positive[np.argmin(vals[positive])])


def apply(table: pd.DataFrame, mask: pd.DataFrame) -> pd.DataFrame:
    """The table with masked cells set to NaN (displayed as "s")."""
    out = table.copy()
    for col in mask.columns:
        out[col] = out[col].astype("float64").mask(mask[col])
    return out


def figure_secret(values: pd.Series, threshold: int | None = None,
                  forced: Iterable[str] = ()) -> pd.Series:
    """Which registry figures (`values` indexed by indicator id) an official may not see:
    small person counts, the figures of `forced` (hidden elsewhere by secondary
    suppression), the other parts of an exhaustive group with a single one hidden, the
    « dont » lines of a hidden total (zeros included), the figures derived from a hidden
    or small count, and the rates built on them. Population figures are public."""
    from queries import registry

    threshold = settings.SECRET_THRESHOLD if threshold is None else threshold
    inds = registry.indicators()
    values = values[~values.index.duplicated()]
    forced = set(forced)
    secret = {i: i in forced or ((is_person_count(inds[i]) and is_small(v, threshold))
                                 if i in inds else False)
              for i, v in values.items()}
    # a total hidden with its « dont » lines (zeros included: « s » participants, dont
    # QPV : 0 tells that none lives in a QPV); the exhaustive groups' parts are some
    donts = dont_lines(secret)
    changed = True
    while changed:
        changed = False
        for total, parts in EXHAUSTIVE_GROUPS:
            present = [p for p in parts if p in secret]
            if not present:
                continue
            # a hidden (or absent) total: only zeros beside a lone « s » tell something,
            # the attribute of the whole group (« s » women, 0 men: all are women)
            zeros_only = total not in secret or secret[total]
            hidden = [p for p in present if secret[p]]
            if len(hidden) == 1:
                open_ = [p for p in present if not secret[p] and pd.notna(values.get(p))]
                if zeros_only and any(values[p] > 0 for p in open_):
                    continue
                visible = [p for p in open_ if values[p] > 0] or open_  # a lone 0 tells too
                if visible:
                    secret[min(visible, key=lambda p: values[p])] = True
                    changed = True
        for total, parts in donts:
            if secret[total]:
                for p in parts:
                    if not secret[p] and pd.notna(values.get(p)):
                        secret[p] = changed = True
        # figures computed from a masked or small count are masked with it
        for i, base in DERIVED.items():
            if i in secret and not secret[i] and any(
                    secret.get(b) or is_small(values.get(b), threshold) for b in base):
                secret[i] = changed = True
        # counts of persons' events: small, or with the persons they belong to
        for i, base in EVENTS.items():
            if i in secret and not secret[i] and (is_small(values.get(i), threshold) or any(
                    secret.get(b) or is_small(values.get(b), threshold) for b in base)):
                secret[i] = changed = True
    for i, ind in inds.items():
        if ind.is_ratio and i in secret:
            parts = [ind.numerator, ind.denominator, *DERIVED.get(ind.numerator, []),
                     *DERIVED.get(ind.denominator, [])]
            secret[i] = bool(secret.get(i) or any(
                secret.get(p) or is_small(values.get(p), threshold) for p in parts))
    return pd.Series(secret, dtype=bool).reindex(values.index, fill_value=False)


def is_person_count(ind) -> bool:
    return ind.unit == "personnes" and ind.period != "population"


def mask_key_figures(figures: pd.DataFrame, threshold: int | None = None,
                     forced: Iterable[str] = (), bases: pd.DataFrame | None = None
                     ) -> pd.DataFrame:
    """Key figures (queries.figures.key_figures) as an official may see them.

    Adds boolean columns `secret` (the value is hidden; so are its share and evolution)
    and `previous_secret` (the year before is hidden, so is the evolution); hidden cells
    are NaN. `bases`: hidden indicators (`value`, `previous_value`, indexed by id) that
    figures of `DERIVED` are built on (the recipients of an amount of aid), read for the
    secret and not shown.
    """
    df = figures.copy()
    ids = df["indicator"]
    if bases is None:
        bases = pd.DataFrame(columns=["value", "previous_value"], dtype="float64")

    def with_bases(column: str) -> pd.Series:
        return pd.concat([pd.Series(df[column].to_numpy(dtype="float64"), index=ids),
                          bases[column].astype("float64")])

    now = figure_secret(with_bases("value"), threshold, forced)
    before = figure_secret(with_bases("previous_value"), threshold)
    df["secret"] = ids.map(now).fillna(False).astype(bool).to_numpy()
    df["previous_secret"] = ids.map(before).fillna(False).astype(bool).to_numpy()
    # a share of a hidden parent would give the parent away with the part
    parents = dict(zip(ids, df["secret"], strict=True))
    part_of = df["part_of"] if "part_of" in df else pd.Series(None, index=df.index, dtype=object)
    parent_hidden = part_of.map(lambda p: bool(parents.get(p, False))
                                if isinstance(p, str) else False).astype(bool)
    for col, hide in (("value", df["secret"]), ("share", df["secret"] | parent_hidden),
                      ("previous_value", df["previous_secret"]),
                      ("evolution_pct", df["secret"] | df["previous_secret"])):
        df[col] = df[col].astype("float64").mask(hide)
    if "unknown" in df:  # the parent's unknown answers (QPV residence, sex…): persons
        limit = settings.SECRET_THRESHOLD if threshold is None else threshold
        small = df["unknown"].map(lambda v: is_small(v, limit)).astype(bool)
        df["unknown"] = df["unknown"].astype("float64").mask(
            df["secret"] | parent_hidden | small)
        # a share of the known answers, with the part and the parent shown, would give a
        # small number of unknown answers away (parent − part ÷ share)
        df["share"] = df["share"].mask(small)
    return df
