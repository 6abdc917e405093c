"""What an import did, in words (page and CLI): no Streamlit here."""

from wording import texts
from wording.format import fmt_int, fmt_month


def period_label(period: str) -> str:
    if len(period) == 7 and period[4] == "-" and period.replace("-", "").isdigit():
        return fmt_month(f"{period}-01")
    return texts.IMPORT_PERIOD_UNKNOWN if period == "inconnue" else period


def replacement_lines(record, cat) -> list[str]:
    """What a new import replaces: whole imports of the same key, and the part of other
    active imports of the source for the communes and periods it covers (CLI and page)."""
    lines = []
    if record.replaces:
        many = len(record.replaces) > 1
        lines.append((texts.IMPORT_SUCCESS_REPLACES_MANY if many else texts.IMPORT_SUCCESS_REPLACES)
                     .format(ids=", ".join(str(i) for i in record.replaces)))
        for i in record.replaces:
            lines += _newer(record, cat, i)
    if record.overrides:
        many = len(record.overrides) > 1
        lines.append((texts.IMPORT_SUCCESS_OVERRIDES_MANY if many else texts.IMPORT_SUCCESS_OVERRIDES)
                     .format(ids=", ".join(str(i) for i in record.overrides)))
        for i in record.overrides:
            lines += _newer(record, cat, i)
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
                  kept=()) -> list[str]:
    """What importing the checked file would replace, said before the manager imports it
    (the page; `replacement_lines` says it after); `kept`: the replaced extraction's tables
    this file does not hold, kept with it."""
    lines = []
    if replaces:
        many = len(replaces) > 1
        lines.append((texts.IMPORT_PREVIEW_REPLACES_MANY if many else texts.IMPORT_PREVIEW_REPLACES)
                     .format(ids=", ".join(map(str, replaces))))
    if kept:
        lines.append(texts.IMPORT_PREVIEW_KEPT.format(tables=table_names(kept),
                                                      of_imports=of_imports(replaces)))
    if overrides:
        many = len(overrides) > 1
        lines.append((texts.IMPORT_PREVIEW_OVERRIDES_MANY if many else texts.IMPORT_PREVIEW_OVERRIDES)
                     .format(ids=", ".join(map(str, overrides))))
    for i in [*replaces, *overrides]:
        other = cat.get(i) if cat is not None else None
        if other is not None and "inconnue" not in (other.period, period) \
                and other.period > period:
            lines.append(texts.IMPORT_PREVIEW_NEWER.format(id=i, period=period_label(other.period)))
    return lines
