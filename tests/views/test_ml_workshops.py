"""« Mission Locale » page as an élu sees a month of one young person's workshop
(i-milo-like extraction of tests/queries/test_ml_workshops_secret.py): its bar reads « s »."""

import json

from tests.queries.test_ml_workshops_secret import CODE, store
from tests.views.dashboard_app import assert_ok, legends, run_page
from wording import texts

__all__ = ["store"]


def test_the_page_draws_the_hidden_workshops_as_s(store):
    """« Contacts par mois »: the workshops' bars of March and April read « s », and the
    kind stays in the legend though none of its months is shown."""
    at = run_page("mission_locale", role="elu", territory=CODE, year="2025")
    assert_ok(at)
    contacts = legends(at)[0]
    assert texts.CONTACT_TYPES["atelier"] in contacts
    chart = json.loads(at.get("plotly_chart")[0].proto.spec)
    workshops = next(t for t in chart["data"] if t["name"] == texts.CONTACT_TYPES["atelier"])
    # (stacked bars carry their figure in the hover: customdata's second item)
    shown = dict(zip(workshops["x"], [c[1] for c in workshops["customdata"]], strict=True))
    hidden = [month for month, figure in shown.items() if figure == "s"]
    assert len(hidden) == 2 and "1" not in shown.values() and "12" not in shown.values()
