"""Charts and tables built once per value (`ui.charts.by_value`) and shared by every session:
a viewer never receives what was built for another audience, territory or year."""

import pytest

from tests.views.dashboard_app import assert_ok, demo, run_page, shown_text
from ui import charts

__all__ = ["demo"]

# (role, query parameters): the élu's secret against the manager's unmasked figures,
# another year, another territory
CASES = [("elu", {}), ("gestionnaire", {}), ("elu", {"year": "2024"}),
         ("elu", {"territory": "melt", "year": "2023", "ref": "mno"})]


def _seen(page: str, role: str, params: dict):
    at = run_page(page, role, **params)
    assert_ok(at)
    specs = [c.proto.spec for c in at.get("plotly_chart")]
    frames = [(list(d.value.columns), d.value.astype(str).values.tolist()) for d in at.dataframe]
    return specs, frames, shown_text(at)


@pytest.mark.parametrize("page", ["plie", "demandeurs_emploi", "ma_commune"])
def test_a_viewer_sees_what_was_built_for_them_alone(demo, page):
    cold = {}
    for role, params in CASES:
        charts.clear_built()  # built for this view alone
        cold[role, str(params)] = _seen(page, role, params)
    assert cold["elu", "{}"] != cold["gestionnaire", "{}"]  # the secret shows
    assert cold["elu", "{}"][1] != cold["elu", str({"year": "2024"})][1]
    charts.clear_built()
    for role, params in CASES + CASES[::-1]:  # every view built once, then reused
        assert _seen(page, role, params) == cold[role, str(params)], (role, params)
