"""The indicator registry (`indicators.toml`): ids, French labels, units, definitions."""

import functools
import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from data import reference, territories
from wording import texts

REGISTRY_PATH = Path(__file__).parent / "indicators.toml"
LOW_LEVEL_LABELS = {3: "CAP", 4: "BAC", 5: "BAC+2"}


@dataclass(frozen=True)
class Indicator:
    id: str
    family: str
    label: str
    unit: str
    definition: str
    query: str | None = None
    column: str | None = None
    params: dict = field(default_factory=dict)
    period: str = "year"  # year, month (stock at a month end), population
    part_of: str | None = None
    # an indicator counting the people of `part_of` whose answer is unknown (QPV residence
    # not known: not a « non »): the share is of the others, those whose answer is known
    unknown: str | None = None
    numerator: str | None = None
    denominator: str | None = None
    hidden: bool = False

    @property
    def is_ratio(self) -> bool:
        return self.numerator is not None

    def texts(self, territory: str) -> tuple[str, str]:
        """Label and definition with the territory's own definitions filled in."""
        return _texts(self.label, self.definition, territory, territories.stamp())


@functools.lru_cache(maxsize=4096)
def _texts(label: str, definition: str, territory: str, _stamp: tuple) -> tuple[str, str]:
    """`Indicator.texts` for one version of the territories' definitions (`_stamp`): a
    page asks for hundreds of labels."""
    conf = territories.definitions().get(territory, {})
    # the MEL's FAJeM, or the département's FAJ (a reference territory: by its communes)
    communes = conf.get("communes") or reference.communes_of(territory)
    fund, fund_short = texts.YOUTH_FUND[not communes or reference.in_mel(communes)]
    values = {
        "senior_age": conf.get("senior_age", 50),
        "low_level": LOW_LEVEL_LABELS.get(conf.get("low_level_max", 3), "CAP"),
        "youth_fund": fund, "youth_fund_short": fund_short,
    }
    return label.format(**values), definition.format(**values)


@functools.cache
def load() -> tuple[list[str], dict[str, Indicator]]:
    raw = tomllib.loads(REGISTRY_PATH.read_text(encoding="utf-8"))
    indicators = {}
    for item in raw["indicator"]:
        ind = Indicator(**item)
        if ind.id in indicators:
            raise ValueError(f"indicator {ind.id} defined twice")
        indicators[ind.id] = ind
    return raw["families"]["order"], indicators


def share(value: float, parent: float, unknown: float = math.nan) -> float:
    """A "dont" line's share of its parent, the parent's unknown answers left out (NaN
    unknown: none); NaN when no answer is known."""
    base = parent - (0 if unknown is None or math.isnan(unknown) else unknown)
    if value is None or base is None or math.isnan(base) or base <= 0:
        return math.nan
    return value / base


def indicators() -> dict[str, Indicator]:
    return load()[1]


def families() -> list[str]:
    return load()[0]
