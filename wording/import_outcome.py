"""What an import did, in words (page and CLI): no Streamlit here."""

import datetime as dt

from babel.dates import format_date

from wording import texts
from wording.format import LOCALE, fmt_decimal, fmt_int, fmt_month


def period_label(period: str, covers: str | None = None) -> str:
    """An import's period as the pages say it: « décembre 2025 », or, for an extraction
    covering several months (`covers`, "2025-01/2025-12"), « janvier à décembre 2025 »,
    « février 2024 – décembre 2025 »."""
    if covers and "/" in covers:
        first, last = (fmt_month(f"{m}-01") for m in covers.split("/", 1))
        if first.rsplit(" ", 1)[1] == last.rsplit(" ", 1)[1]:  # the same year
            return texts.PERIOD_COVERS_ONE_YEAR.format(first=first.rsplit(" ", 1)[0], last=last)
        return texts.PERIOD_COVERS.format(first=first, last=last)
    if len(period) == 7 and period[4] == "-" and period.replace("-", "").isdigit():
        return fmt_month(f"{period}-01")
    return texts.IMPORT_PERIOD_UNKNOWN if period == "inconnue" else period


def replacement_lines(record, cat) -> list[str]:
    """What a new import replaces: whole imports of the same key, and the part of other
    active imports of the source for the communes and periods it covers (CLI and page)."""
    lines = []
    rows = getattr(record, "replaced_rows", None) or []
    if record.replaces:
        many = len(record.replaces) > 1
        lines.append((texts.IMPORT_SUCCESS_REPLACES_MANY if many else texts.IMPORT_SUCCESS_REPLACES)
                     .format(ids=", ".join(str(i) for i in record.replaces)))
        lines += [_capital(replaced_detail(d, future=False)) + "." for d in rows
                  if d["import"] in record.replaces and d.get("communes") is None]
        for i in record.replaces:
            lines += _newer(record, cat, i)
    if record.overrides:
        said = {d["import"] for d in rows}
        unsaid = [i for i in record.overrides if i not in said]
        for d in rows:
            if d["import"] in record.overrides:
                lines.append(texts.IMPORT_SUCCESS_OVERRIDES_BY_COMMUNE.format(
                    id=d["import"], **by_commune(d)) if d.get("communes") is not None
                    else _capital(replaced_detail(d, future=False)) + ".")
        if unsaid:  # a table without periods (QPV, other indicators): its own units
            lines.append((texts.IMPORT_SUCCESS_OVERRIDES_MANY if len(unsaid) > 1
                          else texts.IMPORT_SUCCESS_OVERRIDES)
                         .format(ids=", ".join(str(i) for i in unsaid)))
        for i in record.overrides:
            lines += _newer(record, cat, i)
    lines += loss_warnings(rows, new_id=record.id)
    if getattr(record, "carried", None):
        lines.append(texts.IMPORT_SUCCESS_KEPT.format(
            tables=table_names(record.carried), of_imports=of_imports(record.replaces),
            rows=fmt_int(sum(record.carried.values()))))
        present = getattr(record, "carried_people", None) or {}
        kept = sum(record.carried[t] for t in present)
        if present and sum(present.values()) < kept:
            lines.append(texts.IMPORT_SUCCESS_KEPT_ABSENT.format(
                absent=fmt_int(kept - sum(present.values())),
                present=(lambda n: f"{fmt_int(n)} ligne de personnes du fichier compte" if n < 2
                         else f"{fmt_int(n)} lignes de personnes du fichier comptent")(
                    sum(present.values()))))
    if left := getattr(record, "not_carried", None):
        lines.append(texts.IMPORT_SUCCESS_NOT_CARRIED.format(
            tables=table_names(left), of_imports=of_imports(record.replaces),
            rows=fmt_int(sum(left.values()))))
    if not lines:
        lines.append(texts.IMPORT_SUCCESS_FIRST)
    return lines


def demo_sources(demo, territory_label) -> str:
    """The demonstration imports still counting, short, by territory: « Métropole
    Nord-Ouest (ALPES) : demandeurs d'emploi, Mission Locale ; Lys-Tourcoing (MELT) :
    demandeurs d'emploi, PLIE »; `territory_label(code)` names a territory."""
    by_territory: dict[str, list[str]] = {}
    for r in demo:
        names = by_territory.setdefault(territory_label(r.territory), [])
        name = texts.DEMO_SOURCE_SHORT.get(r.source, r.source)
        if name not in names:
            names.append(name)
    return " ; ".join(f"{place} : {', '.join(names)}" for place, names in by_territory.items())


def of_imports(ids) -> str:
    """« de l'import n° 3 », « des imports n° 3, 12 »."""
    joined = ", ".join(map(str, ids))
    return f"des imports n° {joined}" if len(ids) > 1 else f"de l'import n° {joined}"


def table_names(tables) -> str:
    """« les contacts, les programmes (CEJ, PACEA…) et les situations »."""
    names = [texts.EXTRACTION_TABLES.get(t, t) for t in tables]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " et " + names[-1]


def _newer(record, cat, other_id: int) -> list[str]:
    """A warning when the import replaced (in whole or in part) describes a later period."""
    other = cat.get(other_id) if cat is not None else None
    if other is None or "inconnue" in (other.period, record.period) \
            or other.period <= record.period:
        return []
    return [texts.IMPORT_SUCCESS_OVERRIDES_NEWER.format(
        id=other_id, period=period_label(other.period), new=record.id)]


def preview_lines(replaces: list[int], overrides: list[int], period: str, cat,
                  kept=(), replaced_rows=()) -> list[str]:
    """What importing the checked file would replace, said before the manager imports it
    (the page; `replacement_lines` says it after); `kept`: the replaced extraction's tables
    this file does not hold, kept with it; `replaced_rows`: what it would replace of each
    import, counted (`Store.replacement_preview`). The warning when it would replace far
    more than it brings is apart: `loss_warnings`."""
    lines = []
    if replaces:
        many = len(replaces) > 1
        lines.append((texts.IMPORT_PREVIEW_REPLACES_MANY if many else texts.IMPORT_PREVIEW_REPLACES)
                     .format(ids=", ".join(map(str, replaces))))
        lines += [_capital(replaced_detail(d, future=True)) + "." for d in replaced_rows
                  if d["import"] in replaces and d.get("communes") is None]
    if kept:
        lines.append(texts.IMPORT_PREVIEW_KEPT.format(tables=table_names(kept),
                                                      of_imports=of_imports(replaces)))
    if overrides:
        said = {d["import"] for d in replaced_rows}
        unsaid = [i for i in overrides if i not in said]
        for d in replaced_rows:
            if d["import"] in overrides:
                lines.append(texts.IMPORT_PREVIEW_OVERRIDES_BY_COMMUNE.format(
                    id=d["import"], **by_commune(d)) if d.get("communes") is not None
                    else texts.IMPORT_PREVIEW_OVERRIDES_PART.format(
                        id=d["import"], detail=replaced_detail(d, future=True)))
        if unsaid:  # a table without periods (QPV, other indicators): its own units
            lines.append((texts.IMPORT_PREVIEW_OVERRIDES_MANY if len(unsaid) > 1
                          else texts.IMPORT_PREVIEW_OVERRIDES)
                         .format(ids=", ".join(map(str, unsaid))))
    for i in [*replaces, *overrides]:
        other = cat.get(i) if cat is not None else None
        if other is not None and "inconnue" not in (other.period, period) \
                and other.period > period:
            lines.append(texts.IMPORT_PREVIEW_NEWER.format(id=i, period=period_label(other.period)))
    return lines


# -- what a re-import replaces, counted (Store._replaced_rows) --------------------------
def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _of(part: str) -> str:
    """« de 2025 », « d'avril à juin 2025 »."""
    return ("d'" if part[:1].lower() in "aeiouyéèêàâîôû" else "de ") + part


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " et " + parts[-1]


def _month_name(year: int, month: int) -> str:
    return format_date(dt.date(year, month, 1), format="MMMM", locale=LOCALE)


def period_parts(periods) -> list[str]:
    """Years as they are (« 2024 »); months (« 2025-01-01 ») by year, in runs: « janvier
    à mars 2025 », « mai 2025 », a whole year « 2024 »."""
    years: dict[int, list[int]] = {}
    parts = []
    for p in sorted(periods):
        if len(p) >= 7 and p[4] == "-":
            years.setdefault(int(p[:4]), []).append(int(p[5:7]))
        else:
            parts.append(p)
    for year, months in sorted(years.items()):
        months = sorted(set(months))
        if len(months) == 12:
            parts.append(str(year))
            continue
        runs: list[list[int]] = []
        for m in months:
            if runs and m == runs[-1][-1] + 1:
                runs[-1].append(m)
            else:
                runs.append([m])
        words = [_month_name(year, r[0]) if len(r) == 1
                 else f"{_month_name(year, r[0])} à {_month_name(year, r[-1])}" for r in runs]
        parts.append(f"{_and(words)} {year}")
    return parts


def of_periods(periods) -> str:
    """« de 2025 », « de 2024 et d'avril à décembre 2025 »."""
    return _and([_of(p) for p in period_parts(periods)])


def _hours(x) -> str:
    """702.42 → « 702,42 heures », 1500 → « 1 500 heures »."""
    text = fmt_decimal(x, 2)
    if text.endswith(",00"):
        text = text[:-3]
    return f"{text} heure" if abs(x) < 2 else f"{text} heures"


def _count(n: int, table: str) -> str:
    one, many, _ = texts.REPLACED_NOUNS.get(table, texts.REPLACED_NOUN_DEFAULT)
    return f"{fmt_int(n)} {one if n == 1 else many}"


def replaced_detail(d: dict, future: bool) -> str:
    """« son événement de 2025 remplace les 10 événements de 2025 de l'import n° 4, de
    toutes les communes ; ceux de 2024 (5 événements) restent actifs »: what a re-import
    replaces of one table of an import replaced by period for the whole territory (no
    capital, no full stop)."""
    table, periods = d["table"], of_periods(d["periods"])
    kept = ""
    if d["amount"] is not None:  # a quantity: the clause hours
        text = texts.IMPORT_REPLACED_HOURS.format(
            periods=periods, new=_hours(d["new_amount"] or 0), old=_hours(d["amount"]),
            verb="remplaceront" if future else "remplacent", id=d["import"])
        if d["kept_rows"]:
            kept = texts.IMPORT_REPLACED_KEPT.format(
                kept=f"celles {of_periods(d['kept_periods'])}",
                stay="resteront actives" if future else "restent actives")
        return text + kept
    one, many, feminine = texts.REPLACED_NOUNS.get(table, texts.REPLACED_NOUN_DEFAULT)
    new, old = d["new_rows"], d["rows"]
    subject = (("sa " if feminine else "son ") + one if new == 1
               else f"ses {fmt_int(new)} {many}")
    verb = ("remplacera" if new == 1 else "remplaceront") if future \
        else ("remplace" if new == 1 else "remplacent")
    replaced = (("la " if feminine else "l'" if _of(one).startswith("d'") else "le ") + one
                if old == 1 else f"les {fmt_int(old)} {many}")
    text = texts.IMPORT_REPLACED_ROWS.format(subject=subject, periods=periods, verb=verb,
                                            old=replaced, id=d["import"])
    if d["kept_rows"]:
        n = d["kept_rows"]
        who = ("celle" if feminine else "celui") if n == 1 else ("celles" if feminine else "ceux")
        state = "active" if feminine else "actif"
        stay = (("restera " if n == 1 else "resteront ") if future
                else ("reste " if n == 1 else "restent ")) + state + ("" if n == 1 else "s")
        kept = texts.IMPORT_REPLACED_KEPT.format(
            kept=f"{who} {of_periods(d['kept_periods'])} ({_count(n, table)})", stay=stay)
    return text + kept


def by_commune(d: dict) -> dict:
    """The communes and months a job-seeker file replaces: {communes: « 2 communes »,
    periods: « octobre 2025 »}."""
    n = d["communes"] or 0
    return {"communes": f"{fmt_int(n)} commune" + ("s" if n > 1 else ""),
            "periods": _and(period_parts(d["periods"]))}


# far more rows replaced than brought: at least twice as many, and 3 more
LOSS_RATIO = 2
LOSS_MARGIN = 3


def is_loss(d: dict) -> bool:
    """Whether a re-import replaces far more of a table replaced for the whole territory
    (events of a year, clause hours of a month) than it brings: one event of 2025 over the
    year's ten. A job-seeker file replaces only its communes: never a loss."""
    return (d.get("communes") is None and d["rows"] >= LOSS_RATIO * d["new_rows"]
            and d["rows"] - d["new_rows"] >= LOSS_MARGIN)


def loss_warnings(replaced_rows, new_id: int | None = None) -> list[str]:
    """The warning when a file would replace (`new_id` None: before the import) or replaced
    (the import `new_id`) far more than it brings, with how to add instead."""
    lines = []
    for d in replaced_rows:
        if not is_loss(d):
            continue
        periods = of_periods(d["periods"])
        if d["amount"] is not None:
            template = texts.IMPORT_PREVIEW_LOSS_HOURS if new_id is None \
                else texts.IMPORT_SUCCESS_LOSS_HOURS
            lines.append(template.format(new=_hours(d["new_amount"] or 0), periods=periods,
                                         old=_hours(d["amount"]), id=d["import"], new_id=new_id))
            continue
        one, many, feminine = texts.REPLACED_NOUNS.get(d["table"], texts.REPLACED_NOUN_DEFAULT)
        n = d["new_rows"]
        new = (f"qu'une {one}" if feminine else f"qu'un {one}") if n == 1 \
            else f"que {_count(n, d['table'])}"
        template = texts.IMPORT_PREVIEW_LOSS_ROWS if new_id is None else texts.IMPORT_SUCCESS_LOSS_ROWS
        lines.append(template.format(new=new, periods=periods, old=f"les {_count(d['rows'], d['table'])}",
                                     id=d["import"], many=many, of_many=_of(many),
                                     new_id=new_id))
    return lines
