"""Quartiers prioritaires: the figures of the ONPV files for the quarters of a territory.

The ONPV (Observatoire national de la politique de la ville, ANCT) publishes one file a
year per theme, one row per quarter: job seekers and employment (« IPRO »: `ABC`, `A`,
`ABC_F`, `ABC_25`, `ABC_50`, `ABC_DUR1…4`, `ABC_INFCAPBEP`…, `TX_TOT_EMPL`) and population
(« DEMO »: `POP_MUN`…). The importer stores them as they are (`qpv_indicators`: quarter
code, year, column name, value; an empty cell, the file's own statistical secret, null).
The registry names the figures read here (`period = "onpv"` in `indicators.toml`, the
file's column(s) in `column`).

Geography: the pages speak of the quarters of 2024 (`data.reference.qpv`). A file of the
2015 geography names them by their 2015 code (`QP…`), matched to the 2024 quarter through
the correspondence by commune and name (`data.reference.qpv_correspondence`); the code
used, its geography and the kind of match travel with the figures. When a year holds
both codes of a quarter, the 2024 code's figures win.

Dates: `year` is the year of the figures as the importer stored it (the reference year
given at import, or the year of the file's name); when the store also holds the month
they refer to (`reference_month`), it is used, otherwise the job seekers are read as a
stock at the end of December of that year. The communes' job seekers compared with them
(France Travail, Dares imports) are those of the nearest month imported; both dates are
returned so that the pages say which were used.

A quarter lying in several communes cannot be split between them: it counts in no
commune's sum, and in the total of a territory only when all its communes belong to it.
The secret of the source is kept: a figure built on an empty cell is flagged
(`masking.flag`), for every audience, and so are the « dont » lines of a total the file
hides (its women, its long-term job seekers…). Nothing here applies the statistical secret of the
app: `queries.dashboards.qpv_onpv_page` protects the frames.
"""

import datetime as dt
import math

import numpy as np
import pandas as pd

from data import reference
from queries import registry, series
from queries.context import codes_in, territory_communes
from queries.masking import FLAG, flag
from queries.runner import run_once

THEMES = ("ipro", "demo")
KEY_MEASURE = {"ipro": "ABC", "demo": "POP_MUN"}  # a quarter is in a file when it has it
DEMO_MEASURES = frozenset({"POP_MUN"})
PERCENT_MEASURES = frozenset({"TX_TOT_EMPL"})  # printed in %, kept here as fractions
LOW_LEVEL_BAC = "ABC_BAC"  # added to the low levels of a territory whose limit is the BAC
JOB_SEEKER_COLUMNS = ["de_abc", "de_a", "de_abc_femmes", "de_abc_moins_25", "de_abc_50plus",
                      "de_abc_longue_duree"]
# The France Travail figure of a commune that matches a quarter's share (no education
# level and no employment rate in the commune files).
COMMUNE_EQUIVALENT = {"qpv_de_a": "de_a", "qpv_de_abc_femmes": "de_abc_femmes",
                      "qpv_de_abc_moins_25": "de_abc_moins_25",
                      "qpv_de_abc_50plus": "de_abc_50plus",
                      "qpv_de_abc_longue_duree": "de_abc_longue_duree"}
SUMMED = ("qpv_de_abc", "qpv_de_a", "qpv_population")  # a commune's sum over its quarters


class QpvError(Exception):
    """A request about a quarter that cannot be answered; the message is French."""


# -- registry ------------------------------------------------------------------------------
def indicators() -> dict[str, registry.Indicator]:
    """The figures read from the ONPV files, in registry order."""
    return {i: ind for i, ind in registry.indicators().items()
            if ind.period == "onpv" and ind.query == "qpv_onpv"}


def count_ids() -> list[str]:
    """Person counts among them (job seekers: under the statistical secret)."""
    return [i for i, ind in indicators().items()
            if ind.unit == "personnes" and i != "qpv_population"]


def share_ids() -> dict[str, str]:
    """{share column: count}: each « dont » line as a share of the quarter's job seekers."""
    return {f"{i}_part": i for i, ind in indicators().items() if ind.part_of}


def theme_of(ind: registry.Indicator) -> str:
    return "demo" if set(ind.column.split("+")) <= DEMO_MEASURES else "ipro"


def measures_of(ind: registry.Indicator, territory: str) -> list[str]:
    """The columns of the ONPV file added up for the figure."""
    measures = ind.column.split("+")
    if ind.id == "qpv_de_abc_niveau_bas" and \
            series.territory_params(territory)["low_level_max"] >= 4:
        measures.append(LOW_LEVEL_BAC)
    return measures


# -- quarters ------------------------------------------------------------------------------
def quarters(communes) -> pd.DataFrame:
    """The 2024 quarters with a commune among `communes`, sorted by commune and name.

    Columns: qpv_code, qpv_name, communes (tuple of every INSEE code of the quarter),
    commune_names, code_insee (its first commune among `communes`), intercommunal,
    in_total (all its communes among `communes`), qpv_code_2015, qpv_name_2015, match
    (`identique`, `nom_proche`, `sans_equivalent_2015`), similarity."""
    wanted = set(communes)
    q = reference.qpv()
    corr = reference.qpv_correspondence()
    corr = corr[corr["qpv_code"].notna()].set_index("qpv_code")
    # each quarter's match as a dict (a row of the frame a quarter cost tens of µs)
    matches = corr.to_dict("index") if corr.index.is_unique else None
    names = reference.commune_names()
    # every commune of each quarter, in the reference's order (one pass, not one a quarter)
    communes_of: dict[str, list] = {}
    for code, commune in zip(q["qpv_code"].tolist(), q["code_insee"].tolist(), strict=True):
        communes_of.setdefault(code, []).append(commune)
    first_name: dict[str, str] = {}
    for code, commune, name in zip(q["qpv_code"].tolist(), q["code_insee"].tolist(),
                                   q["qpv_name"].tolist(), strict=True):
        if commune in wanted and isinstance(code, str):  # (groupby left out a null code)
            first_name.setdefault(code, name)
    rows = []
    for code, name in first_name.items():
        every = tuple(communes_of[code])
        inside = [c for c in every if c in wanted]
        match = matches.get(code) if matches is not None else \
            corr.loc[code] if code in corr.index else None
        rows.append({
            "qpv_code": code, "qpv_name": name, "communes": every,
            "commune_names": ", ".join(names.get(c, c) for c in every),
            "code_insee": min(inside, key=lambda c: names.get(c, c)),
            "commune": names.get(min(inside, key=lambda c: names.get(c, c)), inside[0]),
            "intercommunal": len(every) > 1, "in_total": set(every) <= wanted,
            "qpv_code_2015": None if match is None else match["qpv_code_2015"],
            "qpv_name_2015": None if match is None else match["qpv_name_2015"],
            "match": "sans_equivalent_2015" if match is None else match["match"],
            "similarity": math.nan if match is None else float(match["similarity"]),
        })
    columns = ["qpv_code", "qpv_name", "communes", "commune_names", "code_insee", "commune",
               "intercommunal", "in_total", "qpv_code_2015", "qpv_name_2015", "match",
               "similarity"]
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values(["commune", "qpv_name"], kind="stable").reset_index(drop=True)


def orphans_2015(communes) -> pd.DataFrame:
    """The 2015 quarters of these communes that have no 2024 equivalent."""
    corr = reference.qpv_correspondence()
    corr = corr[corr["match"] == "sans_equivalent_2024"]
    wanted = set(communes)
    keep = corr["communes_2015"].map(lambda cs: bool(set(cs) & wanted))
    return corr.loc[keep, ["qpv_code_2015", "qpv_name_2015", "communes_2015"]].reset_index(
        drop=True)


def resolve(code: str, territory: str) -> str:
    """The 2024 quarter of a code given by a user (2015 or 2024, any case), if it lies in
    the territory; else a French `QpvError`."""
    wanted = code.strip().upper()
    communes = set(territory_communes(territory))
    corr = reference.qpv_correspondence()
    q = reference.qpv()
    if wanted.startswith("QP"):
        row = corr[corr["qpv_code_2015"] == wanted]
        if row.empty:
            raise QpvError(f"le quartier {wanted} (géographie 2015) ne figure pas dans la "
                           "correspondance des quartiers de la Métropole européenne de Lille.")
        r = row.iloc[0]
        if not isinstance(r["qpv_code"], str):
            raise QpvError(f"le quartier {wanted} ({r['qpv_name_2015']}, géographie 2015) n'a "
                           "pas d'équivalent dans la géographie 2024 : aucun chiffre à "
                           "rattacher à un quartier actuel.")
        wanted = r["qpv_code"]
    rows = q[q["qpv_code"] == wanted]
    if rows.empty:
        raise QpvError(f"code de quartier prioritaire inconnu : « {code} » (codes QN… de 2024 "
                       "ou QP… de 2015).")
    if not set(rows["code_insee"]) & communes:
        raise QpvError(f"le quartier {wanted} ({rows['qpv_name'].iloc[0]}) n'est dans aucune "
                       f"commune du territoire « {territory} ».")
    return wanted


# -- the files' figures ------------------------------------------------------------------------
def read(con, quarters_: pd.DataFrame, year: int, territory: str) -> pd.DataFrame:
    """The ONPV rows of these quarters (2024 and 2015 codes), years up to `year`."""
    codes = sorted({*quarters_["qpv_code"], *quarters_["qpv_code_2015"].dropna()})
    measures = sorted({m for ind in indicators().values() for m in measures_of(ind, territory)}
                      | set(KEY_MEASURE.values()))
    if not codes:
        codes = [""]
    return run_once(con, "qpv_onpv", codes=codes, year=year, measures=measures)


def millesimes(rows: pd.DataFrame) -> dict[str, list[int]]:
    """{theme: years holding the theme's key figure, latest first}."""
    out = {}
    for theme, key in KEY_MEASURE.items():
        years = rows.loc[rows["measure"] == key, "year"].dropna().unique()
        out[theme] = sorted((int(y) for y in years), reverse=True)
    return out


def reference_month(rows: pd.DataFrame, year: int | None) -> dt.date | None:
    """The month the job seekers of an IPRO year refer to: the stored `reference_month`
    when the importer keeps one, else December of the year."""
    if year is None:
        return None
    if "reference_month" in rows:
        months = rows.loc[(rows["year"] == year) & (rows["measure"] == KEY_MEASURE["ipro"]),
                          "reference_month"].dropna()
        if len(months):
            return pd.Timestamp(months.max()).date().replace(day=1)
    return dt.date(year, 12, 1)


def _month_given(rows: pd.DataFrame, year: int | None) -> bool:
    """True when the store says which month the figures of the year refer to."""
    return year is not None and "reference_month" in rows and bool(
        rows.loc[rows["year"] == year, "reference_month"].notna().any())


def _combine(cells: dict, measures: list[str], percent: bool) -> tuple[float, bool]:
    """(value, hidden by the source): a figure that adds several columns is secret when
    one of them is, unknown when one is absent from the file."""
    if any(m in cells and pd.isna(cells[m]) for m in measures):
        return math.nan, True
    if not all(m in cells for m in measures):
        return math.nan, False
    value = float(sum(cells[m] for m in measures))
    return (value / 100 if percent else value), False


def values(rows: pd.DataFrame, quarters_: pd.DataFrame, years: dict[str, int | None],
           territory: str) -> pd.DataFrame:
    """One row per quarter (same order): each ONPV figure of the theme's year, its flag
    (the file's secret), the code the file names the quarter by (`onpv_code`, for the
    job seekers' file; `onpv_code_demo`), that code's geography and name in the file."""
    inds = indicators()
    by_key = {}
    for code, year, measure, value in zip(rows["qpv_code"], rows["year"], rows["measure"],
                                          rows["value"], strict=True):
        by_key.setdefault((code, int(year)), {})[measure] = value
    names = {}
    if "qpv_name" in rows:
        keys = zip(rows["qpv_code"], rows["year"].astype(int), strict=True)
        names = dict(zip(keys, rows["qpv_name"], strict=True))
    out = []
    for q in quarters_.to_dict("records"):
        row = {"qpv_code": q["qpv_code"]}
        for theme in THEMES:
            year = years.get(theme)
            suffix = "" if theme == "ipro" else "_demo"
            code = None
            if year is not None:
                for candidate in (q["qpv_code"], q["qpv_code_2015"]):
                    if candidate and KEY_MEASURE[theme] in by_key.get((candidate, year), {}):
                        code = candidate
                        break
            row[f"onpv_code{suffix}"] = code
            row[f"onpv_name{suffix}"] = names.get((code, year)) if code else None
            row[f"generation{suffix}"] = (2015 if code.startswith("QP") else 2024) if code \
                else math.nan
            cells = by_key.get((code, year), {}) if code else {}
            for i, ind in inds.items():
                if theme_of(ind) != theme:
                    continue
                measures = measures_of(ind, territory)
                row[i], row[flag(i)] = _combine(cells, measures,
                                                bool(set(measures) & PERCENT_MEASURES))
        for i, ind in inds.items():
            # the « dont » lines of a job seekers' total the file hides are hidden with it:
            # women, long-term… shown beside an « s » would say what the source withheld
            if ind.part_of in inds and row.get(flag(ind.part_of)):
                row[i], row[flag(i)] = math.nan, True
        out.append(row)
    frame = pd.DataFrame(out)
    if frame.empty:
        frame = pd.DataFrame(columns=["qpv_code"])
    return frame


def _sum(values_: pd.Series, hidden: pd.Series) -> tuple[float, bool]:
    """A total: secret when one part is, unknown when one is missing."""
    if hidden.any():
        return math.nan, True
    if values_.isna().any():
        return math.nan, False
    return float(values_.sum()), False


def with_total(frame: pd.DataFrame, ids, extra: dict | None = None) -> pd.DataFrame:
    """`frame` (one row per quarter, with `in_total`) and its total row: qpv_code null,
    each count the sum over the quarters `in_total` (secret or unknown with any of them).
    Rates have no total."""
    inside = frame[frame["in_total"].astype(bool)] if len(frame) else frame
    total = {"qpv_code": None, "in_total": True, **(extra or {})}
    for i in ids:
        if i not in frame:
            continue
        if not len(inside):
            total[i], total[flag(i)] = math.nan, False
            continue
        hidden = inside[flag(i)] if flag(i) in inside else pd.Series(False, index=inside.index)
        total[i], total[flag(i)] = _sum(inside[i].astype("float64"), hidden.astype(bool))
    return pd.concat([frame, pd.DataFrame([total])], ignore_index=True)


def add_shares(frame: pd.DataFrame) -> pd.DataFrame:
    """Each « dont » figure as a share of the quarter's job seekers (NaN when unknown)."""
    for share, count in share_ids().items():
        if count in frame and "qpv_de_abc" in frame:
            den = frame["qpv_de_abc"].astype("float64")
            frame[share] = frame[count].astype("float64") / den.where(den > 0)
    return frame


# -- communes' job seekers -------------------------------------------------------------------
def job_seeker_months(con, communes) -> list[dt.date]:
    df = run_once(con, "job_seekers_months", communes=list(communes))
    return [pd.Timestamp(m).date() for m in df["month"]]


def nearest_month(months: list[dt.date], target: dt.date | None) -> dt.date | None:
    """The imported month nearest the target (the earlier one on a tie)."""
    if target is None or not months:
        return None
    index = target.year * 12 + target.month
    return min(months, key=lambda m: (abs(m.year * 12 + m.month - index), m))


def job_seekers(con, communes, month: dt.date | None) -> pd.DataFrame:
    """The communes' job seekers at `month` (`job_seekers_snapshot`, the job seekers page's
    query), one row per commune and a total row (code_insee null), with the shares of the
    « dont » figures."""
    columns = ["code_insee", *JOB_SEEKER_COLUMNS]
    if month is None:
        frame = pd.DataFrame({"code_insee": [*communes, None]})
        for c in JOB_SEEKER_COLUMNS:
            frame[c] = math.nan
    else:
        frame = run_once(con, "job_seekers_snapshot", communes=list(communes), month=month)
        frame = frame[[c for c in columns if c in frame]].copy()
        for c in JOB_SEEKER_COLUMNS:
            frame[c] = frame[c].astype("float64") if c in frame else math.nan
    frame = series.name_communes(frame)
    den = frame["de_abc"].where(frame["de_abc"] > 0)
    for c in JOB_SEEKER_COLUMNS[1:]:
        frame[f"{c}_part"] = frame[c] / den
    return frame


# -- one territory ---------------------------------------------------------------------------
def territory_data(con, territory: str, year: int) -> dict:
    """Everything the QPV frames are built from, unprotected: `quartiers` (one row per
    2024 quarter of the territory, the latest millésimes up to `year`, and the total row),
    `evolution` (the same for every millésime), `job_seekers` (the territory's communes at
    the month nearest the ONPV date), the years and dates used."""
    communes = territory_communes(territory)
    q = quarters(communes)
    rows = read(con, q, year, territory)
    years = millesimes(rows)
    latest = {t: (years[t][0] if years[t] else None) for t in THEMES}
    ids = list(indicators())
    onpv_date = reference_month(rows, latest["ipro"])
    month = nearest_month(job_seeker_months(con, communes), onpv_date)

    now = q.merge(values(rows, q, latest, territory), on="qpv_code", how="left") \
        if len(q) else q.assign(**{i: pd.Series(dtype="float64") for i in ids})
    quartiers = add_shares(with_total(now, [i for i in ids if indicators()[i].unit != "%"]))

    frames = []
    for y in sorted({*years["ipro"], *years["demo"]}):
        at = {"ipro": y if y in years["ipro"] else None,
              "demo": y if y in years["demo"] else None}
        part = q.merge(values(rows, q, at, territory), on="qpv_code", how="left")
        part = with_total(part, SUMMED)[["qpv_code", "in_total", *SUMMED,
                                         *[flag(i) for i in SUMMED]]]
        part.insert(0, "year", y)
        frames.append(part)
    evolution = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["year", "qpv_code", "in_total", *SUMMED])
    evolution["group"] = [f"{y}:{bool(t)}" for y, t in
                          zip(evolution["year"], evolution["in_total"], strict=True)]
    return {
        "quartiers": _flags_false(quartiers), "evolution": _flags_false(evolution),
        "job_seekers": job_seekers(con, communes, month),
        "years": years, "ipro_year": latest["ipro"], "demo_year": latest["demo"],
        "onpv_month": onpv_date, "job_seekers_month": month,
        "onpv_month_given": _month_given(rows, latest["ipro"]),
        "orphans": orphans_2015(communes),
        "low_level": registry.LOW_LEVEL_LABELS.get(
            series.territory_params(territory)["low_level_max"], "CAP"),
    }


def _flags_false(frame: pd.DataFrame) -> pd.DataFrame:
    """Flag columns without a value (a total row, a quarter absent from a file) read False."""
    for c in frame.columns:
        if isinstance(c, str) and c.endswith(FLAG):
            frame[c] = frame[c].astype("boolean").fillna(False).astype(bool)
    return frame


# -- frames built from the protected ones (queries.dashboards) ---------------------------------
def _hidden(frame: pd.DataFrame, column: str) -> pd.Series:
    name = flag(column)
    if name in frame:
        return frame[name].fillna(False).astype(bool)
    return pd.Series(False, index=frame.index)


def communes_frame(quartiers: pd.DataFrame, job_seekers_: pd.DataFrame) -> pd.DataFrame:
    """One row per commune holding a quarter, and the territory's total row: the job
    seekers, categories A and population of its quarters lying entirely in the commune
    (`qpv_de_abc`…), the number of quarters and of intercommunal ones, the commune's job
    seekers (`de_abc`, `de_a`) and the share living in a QPV (`qpv_part_de_abc`, `…_a`).
    Built from protected frames: a sum with a hidden part is hidden."""
    body = quartiers[quartiers["qpv_code"].notna()]
    js = job_seekers_.set_index(job_seekers_["code_insee"].astype(object).fillna(""))
    in_js = set(js.index)
    codes = sorted({c for cs, t in zip(body["communes"], body["in_total"], strict=True)
                    for c in cs if c in in_js} if len(body) else set(),
                   key=lambda c: js.at[c, "commune"])
    # each commune's quarters (positions in `body`), and the columns as arrays, once
    touching_at: dict[str, list[int]] = {}
    for n, cs in enumerate(body["communes"].tolist()):
        for c in set(cs):
            touching_at.setdefault(c, []).append(n)
    intercommunal = body["intercommunal"].astype(bool).to_numpy()
    values_ = {c: body[c].astype("float64").to_numpy() for c in SUMMED}
    hidden_ = {c: _hidden(body, c).to_numpy() for c in SUMMED}
    total = quartiers["qpv_code"].isna().to_numpy()
    total_values = {c: quartiers[c].astype("float64").to_numpy()[total] for c in SUMMED}
    total_hidden = {c: _hidden(quartiers, c).to_numpy()[total] for c in SUMMED}
    js_hidden = {c: dict(zip(js.index, _hidden(js, c).tolist(), strict=True))
                 for c in ("de_abc", "de_a")}
    rows = []
    for code in [*codes, None]:
        if code is None:
            mine_values, mine_hidden = total_values, total_hidden
            row = {"code_insee": None, "commune": js.at["", "commune"] if "" in in_js
                   else "Total", "n_qpv": int(len(body)),
                   "n_intercommunal": int((~body["in_total"].astype(bool)).sum())}
        else:
            at = np.array(touching_at.get(code, []), dtype=np.intp)
            mine = at[~intercommunal[at]]
            mine_values = {c: v[mine] for c, v in values_.items()}
            mine_hidden = {c: h[mine] for c, h in hidden_.items()}
            row = {"code_insee": code, "commune": js.at[code, "commune"],
                   "n_qpv": int(len(at)),
                   "n_intercommunal": int(intercommunal[at].sum())}
        for c in SUMMED:
            if not len(mine_values[c]):
                row[c], row[flag(c)] = (0.0 if row["n_intercommunal"] == 0 else math.nan), False
            else:
                row[c], row[flag(c)] = _sum_values(mine_values[c], mine_hidden[c])
        key = code or ""
        for c in ("de_abc", "de_a"):
            row[c] = js.at[key, c] if key in in_js else math.nan
            row[flag(c)] = bool(js_hidden[c].get(key, False)) if key in in_js else False
        for qc, jc in (("qpv_de_abc", "de_abc"), ("qpv_de_a", "de_a")):
            name = "qpv_part_de_abc" if jc == "de_abc" else "qpv_part_de_a"
            hidden = row[flag(qc)] or row[flag(jc)]
            den = row[jc]
            row[name] = math.nan if hidden or not den or pd.isna(den) else row[qc] / den
            row[flag(name)] = bool(hidden)
        rows.append(row)
    return pd.DataFrame(rows)


def _sum_values(values_: np.ndarray, hidden: np.ndarray) -> tuple[float, bool]:
    """`_sum` of arrays."""
    if hidden.any():
        return math.nan, True
    if np.isnan(values_).any():
        return math.nan, False
    return float(values_.sum()), False


def comparison(quartiers: pd.DataFrame, job_seekers_: pd.DataFrame) -> pd.DataFrame:
    """For each quarter and each « dont » share: the quarter's, its commune's (a quarter
    lying in one commune; France Travail, at the month used) and the territory's (total
    row), each with its flag. Built from protected frames. (Column by column: the
    quarters of France are 1 500, their rows 6 000.)"""
    index = pd.Index(job_seekers_["code_insee"].astype(object).fillna("").tolist())
    shares = share_ids()
    body = quartiers[quartiers["qpv_code"].notna()]
    columns = ["qpv_code", "indicator", "qpv_share", "commune_share", "territory_share",
               flag("qpv_share"), flag("commune_share"), flag("territory_share")]
    if not len(body) or not shares:
        return pd.DataFrame(columns=columns)
    n, k = len(body), len(shares)
    # the job seekers' row of each quarter's commune (-1: intercommunal, or no row) and of
    # the territory (the total row, code "")
    keys = body["code_insee"].astype(object).where(
        ~body["intercommunal"].astype(bool), None).tolist()
    at_commune = np.where([c is None for c in keys], -1,
                          _last_row(index, [c if c is not None else "" for c in keys]))
    at_total = _last_row(index, [""] * n)
    out: dict[str, list] = {c: [] for c in columns}
    for share, count in shares.items():
        equivalent = COMMUNE_EQUIVALENT.get(count)
        column = f"{equivalent}_part" if equivalent else None
        out["qpv_code"].append(body["qpv_code"].to_numpy(dtype=object))
        out["indicator"].append(np.full(n, count, dtype=object))
        out["qpv_share"].append(body[share].to_numpy(dtype=object))
        out[flag("qpv_share")].append(_hidden(body, share).to_numpy(dtype=bool))
        for where, at in (("commune", at_commune), ("territory", at_total)):
            if column is None or column not in job_seekers_ or not len(job_seekers_):
                values, hidden = np.full(n, math.nan, dtype=object), np.zeros(n, dtype=bool)
            else:
                known = at >= 0
                pick = np.where(known, at, 0)
                values = np.where(known, job_seekers_[column].to_numpy(dtype=object)[pick],
                                  math.nan)
                hidden = np.where(known, _hidden(job_seekers_, column).to_numpy(dtype=bool)[pick],
                                  False)
            out[f"{where}_share"].append(values)
            out[flag(f"{where}_share")].append(hidden)
    # row order: each quarter, then each share (k blocks of n rows, interleaved)
    order = np.arange(n * k).reshape(k, n).T.ravel()
    # (lists: the columns' types inferred as from rows of Python values)
    return pd.DataFrame({c: np.concatenate(v)[order].tolist() for c, v in out.items()},
                        columns=columns)


def _last_row(index: pd.Index, keys: list) -> np.ndarray:
    """The position of each key's last row in `index` (-1: none)."""
    if not len(index):
        return np.full(len(keys), -1, dtype=np.intp)
    reversed_ = pd.Index(index[::-1])
    keep = ~reversed_.duplicated()
    positions = np.flatnonzero(keep)
    found = pd.Index(reversed_[keep]).get_indexer(keys)
    return np.where(found >= 0, len(index) - 1 - positions[np.maximum(found, 0)], -1)


def evolution_table(evolution: pd.DataFrame) -> pd.DataFrame:
    """The protected evolution frame with, for each quarter and the total, the change of
    its job seekers since the previous millésime that has them (hidden with either)."""
    out = evolution.copy()
    out["qpv_de_abc_evol"] = math.nan
    out[flag("qpv_de_abc_evol")] = False
    hidden = _hidden(out, "qpv_de_abc")
    for _, rows in out.groupby(out["qpv_code"].fillna(""), sort=False):
        known = rows[rows["qpv_de_abc"].notna() | hidden.loc[rows.index]].sort_values("year")
        for before, now in zip(known.index, known.index[1:], strict=False):
            if hidden.at[before] or hidden.at[now]:
                out.at[now, flag("qpv_de_abc_evol")] = True
            elif out.at[before, "qpv_de_abc"]:
                out.at[now, "qpv_de_abc_evol"] = (out.at[now, "qpv_de_abc"]
                                                  / out.at[before, "qpv_de_abc"] - 1) * 100
    return out


def restrict(frame: pd.DataFrame, communes, column: str = "communes") -> pd.DataFrame:
    """Rows of the quarters (or communes) of a selection, and the total rows."""
    wanted = set(communes)
    if column == "communes":
        keep = frame[column].map(lambda cs: not isinstance(cs, tuple) or bool(set(cs) & wanted))
    else:
        keep = frame[column].isna() | codes_in(frame[column], wanted)
    return frame[keep.astype(bool)].reset_index(drop=True)


def long_rows(quartiers: pd.DataFrame, communes: pd.DataFrame | None = None) -> pd.DataFrame:
    """The protected figures in long form, one row per (indicator, quarter) and, for the
    share of job seekers, per commune: indicator, qpv_code (null for a total), qpv_name,
    code_insee, value, secret (hidden, by the source or the app's secret)."""
    rows = []
    present = [i for i in indicators() if i in quartiers]
    hidden_q = {i: _hidden(quartiers, i).tolist() for i in present}
    for n, (_idx, q) in enumerate(quartiers.iterrows()):
        for i in present:
            hidden = bool(hidden_q[i][n])
            if pd.isna(q[i]) and not hidden:
                continue
            rows.append({"indicator": i, "qpv_code": q["qpv_code"],
                         "qpv_name": q.get("qpv_name"), "code_insee": q.get("code_insee"),
                         "value": q[i], "secret": hidden})
    if communes is not None:
        hidden_c = {column: _hidden(communes, column).tolist() for column in
                    (*SUMMED, "de_abc", "qpv_part_de_abc")}
        for n, (_idx, c) in enumerate(communes.iterrows()):
            # a commune's quarters added up (the total row is the quarters' total above)
            pairs = [(i, i) for i in SUMMED if isinstance(c["code_insee"], str)]
            for i, column in (*pairs, ("qpv_de_abc_communes", "de_abc"),
                              ("qpv_part_de_abc", "qpv_part_de_abc")):
                hidden = bool(hidden_c[column][n])
                if pd.isna(c[column]) and not hidden:
                    continue
                rows.append({"indicator": i, "qpv_code": None, "qpv_name": None,
                             "code_insee": c["code_insee"], "value": c[column],
                             "secret": hidden})
    return pd.DataFrame(rows, columns=["indicator", "qpv_code", "qpv_name", "code_insee",
                                       "value", "secret"])
