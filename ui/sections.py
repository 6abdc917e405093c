"""Sections several dashboard pages draw the same way."""

from ui import charts, tables
from ui.charts import PALETTE, Marker, Series
from ui.scaffold import Opened
from wording import texts


def markers(page: Opened, row: str, column: str = "measure",
            ref_column: str = "ref_measure") -> list[Marker]:
    """The place's value of `row` as a line on a chart by commune, and the reference
    territory's as a dotted one."""
    f, table = page.f, page.data["table"]
    found = [Marker(table.at[row, column], f.short_place)]
    if f.reference:
        found.append(Marker(table.at[row, ref_column], f.reference_label, PALETTE[3], "dot"))
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
