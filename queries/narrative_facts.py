"""What the narrative (`queries.narrative`) reads: the frames of a territory or of one
commune, every one protected for the viewer's audience by the statistical secret.

The figures come from `masking.key_figures` (a territory) or `dashboards.commune_page` (a
commune), the comparisons with the reference territory from the pages' own `compare`
under the pages' rule (`dashboards.COMPARED`), the communes of a territory from
`dashboards.job_seekers_page`, which sources are imported from `data_coverage.sql`. A
page that already holds the key figures or the commune page passes them in.
"""

import datetime as dt
import math
from collections.abc import Collection
from dataclasses import dataclass, field

import pandas as pd

from data import reference as reference_data
from data import territories
from queries import dashboards, figures, masking, secret, series
from queries.comparison import compare
from queries.context import territory_communes, year_bounds
from wording import texts

DEFAULT_REFERENCE = "nord"
POSITION_IDS = ["de_abc", "plie_participants", "ml_jeunes_accompagnes"]  # in this order


@dataclass
class Facts:
    """What the rules read, every frame protected for `audience` (masked cells NaN).

    `figures`: one row per indicator (value, previous_value, evolution_pct, unit,
    period, reference_date). `compared`: per indicator, the place's measure, the
    territory's (`versus`, a commune only), the reference's, and how many communes each
    covers. `by_commune`: the job seekers' table by commune (a territory only)."""

    territory: str
    year: int
    audience: str
    place: str  # as a sentence names it: "le territoire", "Lompret"
    label: str  # as evidence names it
    figures: pd.DataFrame
    compared: pd.DataFrame
    month: dt.date | None = None
    months: list = field(default_factory=list)  # months with job-seeker rows
    covered: set = field(default_factory=set)  # sources imported for the year
    covered_before: set = field(default_factory=set)
    commune: str | None = None
    by_commune: pd.DataFrame | None = None
    standouts: bool = True
    reference_label: str = ""
    # cells under the producer's secret behind the month's job seekers (left out of them)
    secret_cells: int = 0
    # (communes whose imported job-seeker files give the month, communes of the selection)
    job_seekers_cover: tuple[int, int] | None = None
    # the year before, the hidden counts an amount is built on (`secret.bases_of`: the
    # recipients of aid), by id: a percentage's base, never shown
    bases_before: dict = field(default_factory=dict)


# -- facts -----------------------------------------------------------------------------------
@dashboards.page({"table": dashboards.COMPARED})
def _compared(con, territory: str, communes: tuple[str, ...], year: int, reference: str | None,
              ids: tuple[str, ...], month) -> dict:
    """The selection's and the reference's measures of `ids`, protected like the pages'."""
    return {"table": compare(con, territory, communes, year, reference, list(ids), month)[1]}


def _sources(con, communes, year: int) -> set[str]:
    return series.covering_sources(con, communes, *year_bounds(year))


def territory_facts(con, territory: str, year: int, *, audience: str,
                    reference: str | None = DEFAULT_REFERENCE,
                    visible: Collection[str] | None = None,
                    key_figures: pd.DataFrame | None = None) -> Facts:
    """`key_figures`: the page's own `masking.key_figures` frame for this audience, if any."""
    communes = tuple(territory_communes(territory))
    kf = key_figures if key_figures is not None else masking.key_figures(
        con, territory, year, audience=audience)
    js = dashboards.job_seekers_page(con, territory, communes, year, reference,
                                     audience=audience)
    month = js["month"]
    table = _compared(con, territory, communes, year, reference, tuple(POSITION_IDS), month,
                      audience=audience)["table"]
    compared = pd.DataFrame({"measure": table["measure"], "versus": math.nan,
                             "ref_measure": table["ref_measure"], "covered": table["covered"],
                             "ref_covered": table["ref_covered"],
                             "ref_communes": table["ref_communes"]})
    return Facts(
        territory=territory, year=year, audience=audience, place=texts.NARRATIVE_TERRITORY,
        label=territories.definitions().get(territory, {}).get("label", territory),
        figures=kf.set_index("indicator"), compared=compared, month=month,
        months=list(js["monthly"]["month"]) if month else [],
        covered=_sources(con, communes, year), covered_before=_sources(con, communes, year - 1),
        by_commune=js.get("by_commune"),
        standouts=visible is None or set(communes) <= set(visible),
        reference_label=_reference_label(reference),
        secret_cells=series.secret_cells_at(js.get("monthly"), month),
        job_seekers_cover=_cover(js.get("table"), "de_abc"),
        bases_before=_bases_before(con, territory, year, kf))


def _bases_before(con, territory: str, year: int, kf: pd.DataFrame) -> dict:
    bases = tuple(secret.bases_of(kf["indicator"].tolist()))
    if not bases:
        return {}
    return figures.hidden_values(con, territory, year, None, bases)["previous_value"].to_dict()


def _cover(table: pd.DataFrame | None, indicator: str) -> tuple[int, int] | None:
    """(covered, communes) of `indicator` in a page's compared table, or None."""
    if table is None or indicator not in table.index or "covered" not in table:
        return None
    covered, communes = table.at[indicator, "covered"], table.at[indicator, "communes"]
    if pd.isna(covered) or pd.isna(communes):
        return None
    return int(covered), int(communes)


def commune_facts(con, territory: str, commune: str, year: int, *, audience: str,
                  reference: str | None = DEFAULT_REFERENCE,
                  page: dict | None = None) -> Facts:
    """`page`: the page's own `dashboards.commune_page` result for this audience, if any."""
    communes = territory_communes(territory)
    data = page if page is not None else dashboards.commune_page(
        con, territory, commune, year, reference, audience=audience)
    table = data["table"].set_index("indicator")
    compared = pd.DataFrame({"measure": table["measure"], "versus": table["territory_measure"],
                             "ref_measure": table["ref_measure"],
                             "covered": table["territory_covered"],
                             "ref_covered": table["ref_covered"],
                             "ref_communes": table["ref_communes"]})
    name = reference_data.commune_name(commune)
    month = data["month"]
    return Facts(
        territory=territory, year=year, audience=audience, place=str(name),
        label=f"{name} ({commune})", figures=table, compared=compared, month=month,
        months=list(data["monthly"]["month"]) if month else [],
        covered=_sources(con, communes, year), covered_before=_sources(con, communes, year - 1),
        commune=commune, reference_label=_reference_label(reference),
        secret_cells=series.secret_cells_at(data.get("monthly"), month))


def _reference_label(reference: str | None) -> str:
    return reference_data.territory_labels().get(reference, "") if reference else ""
