"""What every export shows: the figures as a role may see them, per-commune tables, sources.

The workbook, the fiche commune, the slides and the Assemblée générale page all start
here, and this module only calls the queries the pages call (`queries.figures`) and the
secret rule they apply (`queries.secret`): the same filters and the same role give the
same figures everywhere. Values are rounded half up to the precision the screen shows
(`DIGITS`), so a spreadsheet displays exactly the screen's number.
"""

import datetime as dt
import math
from collections.abc import Collection, Iterable
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

import settings
from data import reference, territories
from data.catalog import DEMO_USER, ImportRecord, demo_mixed
from queries import figures as fig
from queries import masking, registry, secret
from queries.context import codes_in
from wording import texts
from wording.format import fmt_date, is_missing, round_half_up, round_half_up_floats
from wording.import_outcome import period_label

ROLES = ("gestionnaire", "elu", "lecteur")
TABLES = ["plie", "job_seekers", "ml"]  # the per-commune tables every export holds
DEFAULT_ROLE = "elu"
# Decimal places of a value as the screen shows it (a "%" value is a fraction 0..1).
DIGITS = {"personnes": 0, "nombre": 0, "heures": 0, "€": 2, "ETP": 1, "mois": 1, "%": 3}
# Units whose values add up over communes (a weight in the territory makes sense).
ADDITIVE_UNITS = {"personnes", "nombre", "heures", "€", "ETP"}
# Loi pour le plein emploi: automatic registration at France Travail from this date.
LPE_START = dt.date(2025, 1, 1)


def check_role(role: str) -> str:
    if role not in ROLES:
        raise ValueError(f"rôle inconnu « {role} » (rôles : {', '.join(ROLES)})")
    return role


def rounded(value, digits: int) -> float:
    """Half up, like `wording.format` (49,625 → 49,63); NaN stays NaN."""
    if is_missing(value):
        return math.nan
    return float(round_half_up(float(value), digits)) + 0.0  # never -0.0


def unit_digits(unit: str) -> int:
    return DIGITS.get(unit, 0)


def spans_lpe(indicator: str, evolution, reference_date) -> bool:
    """A job-seeker evolution whose year-earlier point precedes 1 January 2025."""
    if not str(indicator).startswith("de_") or is_missing(evolution) or reference_date is None:
        return False
    day = pd.Timestamp(reference_date).date()
    return day.replace(year=day.year - 1, day=min(day.day, 28)) < LPE_START <= day


# -- key figures ------------------------------------------------------------------------
def figures(con: duckdb.DuckDBPyConnection, territory: str, year: int,
            commune: str | None = None, role: str = DEFAULT_ROLE) -> pd.DataFrame:
    """`key_figures` as the role may see them (`queries.masking.key_figures`: `secret`
    and `previous_secret` columns, masked values NaN; a commune's figure hidden where the
    territory's per-commune table hides it), values rounded to the screen's precision,
    an `lpe` flag and a `depth` ("dont" level)."""
    df = masking.key_figures(con, territory, year, commune, audience=check_role(role))
    digits = df["unit"].map(unit_digits)
    df["value"] = [rounded(v, d) for v, d in zip(df["value"], digits, strict=True)]
    df["previous_value"] = [rounded(v, d) for v, d in zip(df["previous_value"], digits,
                                                          strict=True)]
    df["share"] = df["share"].map(lambda v: rounded(v, 3))
    df["evolution_pct"] = df["evolution_pct"].map(lambda v: rounded(v, 1))
    df["lpe"] = [spans_lpe(i, e, d) for i, e, d in
                 zip(df["indicator"], df["evolution_pct"], df["reference_date"], strict=True)]
    parents = dict(zip(df["indicator"], df["part_of"], strict=True))

    def depth(key) -> int:
        n, seen = 0, set()
        while isinstance(parents.get(key), str) and parents[key] in parents and key not in seen:
            seen.add(key)
            key, n = parents[key], n + 1
        return n

    df["depth"] = df["indicator"].map(depth)
    return df


def has_value(row) -> bool:
    return bool(row["secret"]) or not is_missing(row["value"])


def shown(df: pd.DataFrame, *others: pd.DataFrame) -> pd.DataFrame:
    """The rows of the families that hold at least one value (in `df` or in `others`,
    matched by indicator), like the page, which leaves out families without data."""
    frames = [df, *others]
    keep = set()
    for family in df["family"].unique():
        ids = df.loc[df["family"] == family, "indicator"]
        if any(has_value(r) for f in frames for _, r in f[f["indicator"].isin(ids)].iterrows()):
            keep.add(family)
    return df[df["family"].isin(keep)].reset_index(drop=True)


def job_seekers_when(df: pd.DataFrame) -> str | None:
    """ "septembre 2025": the month of the job-seeker figures, if any."""
    rows = df[df["indicator"] == "de_abc"]
    if rows.empty or rows.iloc[0]["period"] in (None, "") or rows.iloc[0]["period"].isdigit():
        return None
    return rows.iloc[0]["period"]


def period_text(df: pd.DataFrame, year: int) -> str:
    month = job_seekers_when(df)
    if month:
        return texts.EXPORT_PERIOD_MONTH.format(year=year, month=month)
    return texts.EXPORT_PERIOD_VALUE.format(year=year)


# -- per-commune tables -------------------------------------------------------------------
@dataclass(frozen=True)
class Column:
    key: str
    header: str
    indicator: str | None = None  # a count of the registry
    numerator: str | None = None  # or a rate: numerator / denominator (keys of this table)
    denominator: str | None = None
    # a share of the known answers: this indicator's count (unknown answers) leaves the
    # denominator, as on the pages (« 4 of the 11 participants whose QPV residence is known »)
    unknown: str | None = None

    @property
    def is_rate(self) -> bool:
        return self.numerator is not None


@dataclass
class CommuneTable:
    """One row per commune and a total row (code_insee None); masked cells are NaN with
    `secret` True. `unit` is "personnes" for counts, "%" for rates (fractions)."""

    key: str
    sheet: str
    title: str
    columns: list[Column]
    frame: pd.DataFrame
    secret: pd.DataFrame

    def unit(self, column: Column) -> str:
        return "%" if column.is_rate else "personnes"


def _plie_columns() -> list[Column]:
    h = texts.EXPORT_PLIE_COLUMNS
    return [
        Column("participants", h["participants"], "plie_participants"),
        Column("participants_qpv", h["participants_qpv"], "plie_qpv"),
        Column("participants_qpv_rate", h["participants_qpv_rate"],
               numerator="participants_qpv", denominator="participants",
               unknown="plie_qpv_inconnu"),
        Column("entries", h["entries"], "plie_nouvelles_entrees"),
        Column("entries_qpv", h["entries_qpv"], "plie_entrees_qpv"),
        Column("entries_qpv_rate", h["entries_qpv_rate"],
               numerator="entries_qpv", denominator="entries",
               unknown="plie_entrees_qpv_inconnu"),
        Column("positive_exits", h["positive_exits"], "plie_sorties_positives"),
    ]


def _job_seekers_columns() -> list[Column]:
    h = texts.EXPORT_JOB_SEEKERS_COLUMNS
    ids = {"abc": "de_abc", "a": "de_a", "long": "de_abc_longue_duree",
           "young": "de_abc_moins_25", "senior": "de_abc_50plus", "women": "de_abc_femmes"}
    return [Column(k, h[k], i) for k, i in ids.items()]


def _ml_columns() -> list[Column]:
    h = texts.EXPORT_ML_COLUMNS
    return [
        Column("new", h["new"], "ml_nouveaux_inscrits"),
        Column("followed", h["followed"], "ml_jeunes_accompagnes"),
        Column("cej", h["cej"], "cej_entrees"),
        Column("cej_qpv", h["cej_qpv"], "cej_entrees_qpv"),
        Column("cej_qpv_rate", h["cej_qpv_rate"], numerator="cej_qpv", denominator="cej",
               unknown="cej_entrees_qpv_inconnu"),
        Column("pacea", h["pacea"], "pacea_entrees"),
    ]


def _spec(which: str, year: int, when: str | None) -> tuple[list[Column], str, str]:
    if which == "plie":
        return _plie_columns(), texts.EXPORT_TABLE_PLIE, texts.EXPORT_TABLE_PLIE_TITLE
    if which == "job_seekers":
        return (_job_seekers_columns(), texts.EXPORT_TABLE_JOB_SEEKERS,
                texts.EXPORT_TABLE_JOB_SEEKERS_TITLE.format(when=when or year))
    if which == "ml":
        return _ml_columns(), texts.EXPORT_TABLE_ML, texts.EXPORT_TABLE_ML_TITLE.format(year=year)
    raise ValueError(f"unknown table {which!r}")


def commune_tables(con: duckdb.DuckDBPyConnection, territory: str, year: int,
                   which: list[str], role: str = DEFAULT_ROLE,
                   when: str | None = None, *,
                   communes: Collection[str] | None = None) -> list[CommuneTable]:
    """Tables by commune: "plie" (the report's T2), "job_seekers", "ml". One `by_commune` call
    (the page's query), each table masked with `secret.suppress` against its total row.
    `communes`: keep only these communes' rows (and the total), see `restrict`."""
    check_role(role)
    specs = [(w, *_spec(w, year, when)) for w in which]
    ids = list(dict.fromkeys(i for _, cols, _, _ in specs for c in cols
                             for i in ((c.unknown,) if c.is_rate else (c.indicator,)) if i))
    raw = fig.by_commune(con, territory, year, ids)
    tables = [_masked(key, cols, sheet, title, raw, role) for key, cols, sheet, title in specs]
    return restrict(tables, communes)


def restrict(tables: list[CommuneTable], communes: Collection[str] | None
             ) -> list[CommuneTable]:
    """The tables with only the rows of `communes` and the total rows (None: every row).

    Only ever applied to tables already masked: secondary suppression needs every row of
    the territory, so a cell masked in the whole table stays masked in the restricted one.
    """
    if communes is None:
        return tables
    allowed = set(communes)
    out = []
    for t in tables:
        codes = t.frame["code_insee"]
        keep = codes.isna() | codes_in(codes, allowed)
        out.append(CommuneTable(t.key, t.sheet, t.title, t.columns,
                                t.frame[keep].reset_index(drop=True),
                                t.secret[keep].reset_index(drop=True)))
    return out


def check_commune(commune: str | None, communes: Collection[str] | None) -> None:
    """Refuse a commune outside the viewer's communes (None: no limit)."""
    if commune and communes is not None and commune not in communes:
        raise ValueError(f"commune {commune} hors des communes du compte")


def restriction_text(tables: list[CommuneTable], communes: Collection[str] | None
                     ) -> str | None:
    """ "… Lompret (59356) …": the communes restricted tables detail (those of the account
    in this territory); None without a limit."""
    if communes is None:
        return None
    rows = {(r["commune"], r["code_insee"]) for t in tables
            for r in t.frame[t.frame["code_insee"].notna()].to_dict("records")}
    return texts.EXPORT_COMMUNES_LIMITED_VALUE.format(
        communes=", ".join(f"{n} ({c})" for n, c in sorted(rows)) or texts.EXPORT_COMMUNES_NONE)


def commune_table(con: duckdb.DuckDBPyConnection, territory: str, year: int, which: str,
                  role: str = DEFAULT_ROLE, when: str | None = None) -> CommuneTable:
    return commune_tables(con, territory, year, [which], role, when)[0]


def _masked(key: str, columns: list[Column], sheet: str, title: str, raw: pd.DataFrame,
            role: str) -> CommuneTable:
    """One table of `raw` (`figures.by_commune`) protected for the role by
    `queries.masking` (counts against the total row, rates with their counts)."""
    counts = [c for c in columns if not c.is_rate]
    frame = raw[["code_insee", "commune"]].copy()
    for c in counts:
        frame[c.key] = raw[c.indicator].astype("float64")
    # the unknown answers of a share: counts of the rule, not columns of the table
    helpers = {c.key: f"{c.key}__unknown" for c in columns if c.is_rate and c.unknown}
    for c in columns:
        if c.key in helpers:
            frame[helpers[c.key]] = raw[c.unknown].astype("float64")
    for c in columns:
        if c.is_rate:
            num = frame[c.numerator].to_numpy(dtype="float64", na_value=math.nan)
            den = frame[c.denominator].to_numpy(dtype="float64", na_value=math.nan)
            if c.key in helpers:  # a share of the known answers
                den = den - frame[helpers[c.key]].fillna(0).to_numpy(dtype="float64",
                                                                     na_value=math.nan)
            with np.errstate(divide="ignore", invalid="ignore"):
                rate = np.where(den != 0, num / np.where(den != 0, den, 1.0), math.nan)
            # `rounded` of each rate, at once (France: 35 000 communes a table)
            frame[c.key] = round_half_up_floats(rate, 3)
    # « dont » lines (dont QPV…) hidden with their total: named by indicator in the registry
    key_of = {c.indicator: c.key for c in counts}
    dont = tuple((key_of[t], tuple(key_of[p] for p in parts))
                 for t, parts in secret.dont_lines(key_of))
    rule = masking.Table(counts=tuple(c.key for c in counts) + tuple(helpers.values()),
                         derived={c.key: (c.numerator, c.denominator,
                                          *((helpers[c.key],) if c.key in helpers else ()))
                                  for c in columns if c.is_rate},
                         total="code_insee", dont=dont)
    shown = rule.protect(frame, role, key)
    ordered = [c.key for c in columns]
    mask = masking.mask_of(shown)[ordered]
    return CommuneTable(key, sheet, title, columns,
                        shown[["code_insee", "commune", *ordered]].reset_index(drop=True),
                        mask.reset_index(drop=True))


ONPV_SOURCES = ("de_qpv", "pop_qpv")


# -- sources and cover texts ----------------------------------------------------------------
def source_lines(records: Iterable[ImportRecord] | None, territory: str,
                 short: bool = False) -> list[str]:
    """One line per active import of the territory, then the reference data; `short`:
    the source and its period only (the printed fiche)."""
    from ingest.profiles import SOURCES

    lines = []
    for r in records or []:
        # the ONPV files are national: they serve every territory's quartiers prioritaires
        if r.status != "active" or (r.territory != territory and r.source not in ONPV_SOURCES):
            continue
        label = SOURCES[r.source].label if r.source in SOURCES else r.source
        template = texts.EXPORT_SOURCE_SHORT if short else texts.EXPORT_SOURCE_LINE
        # an extraction of several months by what it covers (« janvier à décembre 2025 »)
        period = period_label(r.period, r.covers) if r.covers else r.period
        line = template.format(label=label, period=period, file=r.file_name,
                               date=fmt_date(r.created_at))
        lines.append(line + texts.EXPORT_SOURCE_DEMO_MARK if r.user == DEMO_USER else line)
    return [*(lines or [texts.EXPORT_SOURCE_NONE]), texts.EXPORT_SOURCE_REFERENCE]


def demo_note(records: Iterable[ImportRecord] | None, territory: str) -> str | None:
    """When demonstration imports still count beside real ones for the territory (the demo
    loaded by `make run`, then a first real import): the sentence that says which, for the
    exports; None otherwise (all real, or all demo: `demo_only` says it then)."""
    from wording.import_outcome import demo_sources

    mine = [r for r in records or [] if r.territory == territory or r.source in ONPV_SOURCES]
    demo = demo_mixed(mine)
    if not demo:
        return None
    return texts.EXPORT_DEMO_MIXED.format(
        sources=demo_sources(demo, territories.territory_label))


def secret_text() -> str:
    t = settings.SECRET_THRESHOLD
    return texts.EXPORT_SECRET_RULE.format(largest=t - 1, threshold=t)


def role_text(role: str) -> str:
    if secret.sees_unmasked(role):
        return texts.EXPORT_CONFIDENTIAL
    return texts.EXPORT_SECRET_APPLIED.format(role=texts.EXPORT_ROLES[role])


def territory_definitions(territory: str) -> str:
    conf = territories.definitions().get(territory, {})
    low = registry.LOW_LEVEL_LABELS.get(conf.get("low_level_max", 3), "CAP")
    return texts.EXPORT_TERRITORY_DEFINITIONS_TEXT.format(
        senior_age=conf.get("senior_age", 50), low_level=low,
        fte_hours=f"{conf.get('fte_hours', 1607):,}".replace(",", "\u202f"))


def extraction_text(now: dt.datetime) -> str:
    return texts.EXPORT_EXTRACTED_VALUE.format(date=fmt_date(now), time=now.strftime("%H:%M"))


def french_spaces(text: str) -> str:
    """No-break spaces inside « » and before : ; ! ? so a line never starts with them."""
    for a, b in (("« ", "«\u00a0"), (" »", "\u00a0»"), (" :", "\u00a0:"), (" ;", "\u00a0;"),
                 (" !", "\u00a0!"), (" ?", "\u00a0?")):
        text = text.replace(a, b)
    return text


def when_text(period, reference_date) -> str:
    """ "en 2025" for a whole year, "au 30 septembre 2025" for a month's stock, else the
    period itself ("population légale"), as the page's tiles and table say it."""
    period = "" if is_missing(period) and not isinstance(period, str) else str(period)
    if period.isdigit():
        return texts.IN_PERIOD.format(period=period)
    if reference_date is not None and not pd.isna(reference_date):
        day = pd.Timestamp(reference_date).date()
        if period.endswith(str(day.year)):
            return texts.AT_DATE.format(date=fmt_date(day))
    return period


# -- quartiers prioritaires (ONPV files) ----------------------------------------------------
QPV_COUNTS = ("qpv_population", "qpv_de_abc", "qpv_de_a")
QPV_SHARES = ("qpv_de_a_part", "qpv_de_abc_femmes_part", "qpv_de_abc_moins_25_part",
              "qpv_de_abc_50plus_part", "qpv_de_abc_longue_duree_part",
              "qpv_de_abc_niveau_bas_part", "qpv_taux_emploi")


def qpv_figures(con: duckdb.DuckDBPyConnection, territory: str, year: int,
                role: str = DEFAULT_ROLE, communes: Collection[str] | None = None) -> dict:
    """The ONPV figures of the territory's quarters as the role may see them — the QPV
    page's frames (`queries.dashboards.qpv_onpv_page`), protected on the whole territory —
    restricted to the quarters and communes of `communes` (None: all) and the totals.
    `has_data`: some ONPV file was imported for these quarters."""
    from queries import dashboards
    from queries import qpv as qpv_queries

    data = dashboards.qpv_onpv_page(con, territory, year, None, audience=check_role(role))
    if communes is not None:
        data["quartiers"] = qpv_queries.restrict(data["quartiers"], communes)
        data["communes"] = qpv_queries.restrict(data["communes"], communes, "code_insee")
    quarters = data["quartiers"]["qpv_code"].notna().any()
    data["has_data"] = bool(quarters) and (data["ipro_year"] is not None
                                           or data["demo_year"] is not None)
    return data


def qpv_when(data: dict) -> tuple[str, str]:
    """(job seekers' date, population's date) of the ONPV figures, in words."""
    from wording import qpv_format

    return (qpv_format.onpv_when(data["ipro_year"], data["onpv_month"],
                                 data["onpv_month_given"]),
            qpv_format.onpv_when(data["demo_year"]))


def qpv_period_text(data: dict) -> str:
    ipro, demo = qpv_when(data)
    return texts.QPV_ONPV_WHEN.format(ipro=ipro, demo=demo)


def qpv_dates_text(data: dict) -> str | None:
    """The dates of the share of job seekers living in a QPV (None: no job-seeker month)."""
    from wording import qpv_format

    if data["job_seekers_month"] is None or data["ipro_year"] is None:
        return None
    return qpv_format.share_dates(data["ipro_year"], data["onpv_month"],
                                  data["onpv_month_given"], data["job_seekers_month"])[0]


def qpv_data_rows(data: dict, territory: str) -> list[dict]:
    """The figures of « Données » for the quarters (one row per indicator and quarter,
    `qpv_code` set; the territory's totals without it) and the communes' share of job
    seekers living in a QPV; values rounded like the screen, masked ones "s"."""
    from queries import qpv as qpv_queries

    inds = registry.indicators()
    ipro, demo = (texts.EXPORT_QPV_PERIOD.format(when=w) for w in qpv_when(data))
    quarters = data["quartiers"].set_index(data["quartiers"]["qpv_code"].fillna(""))
    long = qpv_queries.long_rows(data["quartiers"], data["communes"])
    rows = []
    for r in long.to_dict("records"):
        ind = inds[r["indicator"]]
        code = r["qpv_code"] if isinstance(r["qpv_code"], str) else ""
        if code:
            q = quarters.loc[code]
            insee = "" if q["intercommunal"] else q["code_insee"]
            name = q["commune_names"]
        else:
            insee = r["code_insee"] if isinstance(r["code_insee"], str) else ""
            name = reference.commune_name(insee) if insee else ""
        period = demo if ind.query == "qpv_onpv" and qpv_queries.theme_of(ind) == "demo" else ipro
        if ind.period == "onpv" and ind.query != "qpv_onpv" and data["job_seekers_month"]:
            from wording.format import fmt_month

            month = fmt_month(data["job_seekers_month"])
            period = month if ind.query else texts.EXPORT_QPV_SHARE_PERIOD.format(
                onpv=qpv_when(data)[0], month=month)
        label, _ = ind.texts(territory)
        rows.append({"indicator": ind.id, "label": label, "territory": territory,
                     "commune_insee": insee, "commune": name, "period": period,
                     "value": "s" if r["secret"] else rounded(r["value"], unit_digits(ind.unit)),
                     "unit": ind.unit, "qpv_code": code})
    return rows
