"""Sections several dashboard pages draw the same way."""

import pandas as pd

from queries import series
from ui import charts, tables
from ui.charts import PALETTE, Marker, Series
from ui.scaffold import Opened
from wording import texts
from wording.format import fmt_int, fmt_month


def partial_month_note(partial: dict | None) -> str | None:
    """« Octobre 2025 : données pour 4 communes sur 10 seulement ; les chiffres sont ceux de
    septembre 2025. » when a month after the job-seeker figures' month has rows for fewer
    communes (`queries.series.partial_job_seeker_month`), else None."""
    if not partial:
        return None
    n = partial["communes"]
    return texts.DE_PARTIAL_MONTH.format(partial=fmt_month(partial["month"]).capitalize(),
                                         n=fmt_int(n), s="s" if n > 1 else "",
                                         of=fmt_int(partial["of"]),
                                         month=fmt_month(partial["reference"]))


def secret_cells_note(monthly: pd.DataFrame, month) -> str | None:
    """« 1 cellule sous secret statistique … » when cells behind the month's A, B, C total
    are under the producer's secret (« s », « < 5 »): left out, never counted as 0, so the
    total is lower than the truth; None when there is none."""
    return secret_cells_sentence({"month": month, "n": series.secret_cells_at(monthly, month)})


def secret_cells_sentence(cells: dict | None) -> str | None:
    """`secret_cells_note`'s sentence from {"month", "n"} (`series.secret_cells_of_year`)."""
    if not cells or cells["n"] <= 0:
        return None
    n = cells["n"]
    return (texts.DE_SECRET_CELLS if n > 1 else texts.DE_SECRET_CELL).format(
        n=fmt_int(n), month=fmt_month(cells["month"]))


def job_seekers_cover_sentence(cover: dict | None) -> str | None:
    """« Demandeurs d'emploi de septembre 2025 : les fichiers importés donnent 13 communes
    du territoire sur 265 … » (`series.job_seekers_cover`), or None."""
    if not cover:
        return None
    return texts.DE_COVER.format(month=fmt_month(cover["month"]),
                                 covered=fmt_int(cover["covered"]), of=fmt_int(cover["of"]))


def reference_name(f, table: pd.DataFrame, row: str) -> str:
    """The reference territory's name where its figure of `row` shows (a card's note, a
    legend); when only some of its communes have data, how many: its figure is computed on
    those (« Département du Nord, 10 communes couvertes sur 647 ») and would else read as
    the whole département's. `table` is `compare`'s (`ref_covered`, `ref_communes`)."""
    covered, communes = table.at[row, "ref_covered"], table.at[row, "ref_communes"]
    if pd.notna(covered) and pd.notna(communes) and 0 < covered < communes:
        return texts.REFERENCE_PARTIAL.format(reference=f.reference_label,
                                              covered=fmt_int(covered),
                                              communes=fmt_int(communes))
    return f.reference_label


def reference_name_of_rows(f, rows: pd.DataFrame) -> str:
    """`reference_name` for a figure shown for several rows whose sources cover more or
    fewer of the reference's communes (the QPV page's PLIE and Mission Locale people):
    « France, 10 communes couvertes sur 34 935 », or « 8 à 10 communes » when they differ.
    `rows` has `ref_covered` and `ref_communes`."""
    known = rows.dropna(subset=["ref_covered", "ref_communes"])
    if known.empty:
        return f.reference_label
    low, high = int(known["ref_covered"].min()), int(known["ref_covered"].max())
    communes = int(known["ref_communes"].max())
    if high >= communes:
        return f.reference_label
    if low == high:
        return texts.REFERENCE_PARTIAL.format(reference=f.reference_label,
                                              covered=fmt_int(low), communes=fmt_int(communes))
    return texts.REFERENCE_PARTIAL_RANGE.format(reference=f.reference_label, low=fmt_int(low),
                                                high=fmt_int(high), communes=fmt_int(communes))


def reference_note(f, table: pd.DataFrame, row: str, value: str) -> str:
    """« Département du Nord, 10 communes couvertes sur 647 : 67,2 » under a card."""
    return texts.REFERENCE_VALUE.format(reference=reference_name(f, table, row), value=value)


def markers(page: Opened, row: str, column: str = "measure",
            ref_column: str = "ref_measure") -> list[Marker]:
    """The place's value of `row` as a line on a chart by commune, and the reference
    territory's as a dotted one."""
    f, table = page.f, page.data["table"]
    found = [Marker(table.at[row, column], f.short_place)]
    if f.reference:
        found.append(Marker(table.at[row, ref_column], reference_name(f, table, row),
                            PALETTE[3], "dot"))
    return found


def per_1000_by_commune(shown, page: Opened, indicator: str, series: Series, *,
                        extra: list[Series], title: str, key: str,
                        subtitle: str | None = None) -> None:
    """The communes (links to « Ma commune ») ranked by `series`, a rate per 1 000
    inhabitants, with the place's and the reference's rates of `indicator` as markers."""
    f = page.f
    charts.show(charts.bar_chart(
        shown, category="commune", links=tables.links(shown, f), total_row=True,
        category_label=texts.COL_COMMUNE, unit=charts.PER_1000,
        series=[series], markers=markers(page, indicator), extra=extra, title=title,
        subtitle=subtitle or texts.YEAR_UNIT.format(year=f.year, unit=texts.UNIT_PER_1000),
        definitions=charts.define(f.territory, indicator, "pour_1000", "reference_coverage"),
        confidential=not page.masked), key=key)
