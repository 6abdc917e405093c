"""An élu whose account lists communes sees the detail of those communes only (ui.access).

Run on the demo store with `st.session_state["allowed_communes"]` set as app.py sets it
from the account. Lambersart (59328) is in MNO; Lompret (59356), Marcq-en-Barœul (59378)
are its neighbours in the same tables.
"""

import pytest
from streamlit.testing.v1 import AppTest

from tests.views.dashboard_app import PAGES, TIMEOUT, assert_ok, demo, row, shown_text, table_with
from ui import access
from wording import texts

__all__ = ["demo"]

LAMBERSART = "59328"
MNO_NEIGHBOURS = ["La Madeleine", "Lompret", "Marcq-en-Barœul", "Wambrechies"]
MELT_COMMUNES = ["Tourcoing", "Halluin"]


def run_page(name: str, communes: list[str], role: str = "elu", **params) -> AppTest:
    at = AppTest.from_file(str(PAGES / f"{name}.py"), default_timeout=TIMEOUT)
    at.session_state["role"] = role
    at.session_state[access.KEY] = communes
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def commune_column(at: AppTest, column: str) -> list[str]:
    table = table_with(at, column)
    return [str(v).rsplit("#", 1)[-1] for v in table[table.columns[0]]]


def test_plie_table_keeps_the_communes_rows_and_the_total_with_the_same_secret(demo):
    marcq = "59378"
    at = run_page("plie", [marcq], territory="mno", year="2025")
    assert_ok(at)
    assert commune_column(at, texts.T2_QPV_SHARE_ENTRIES) == ["Marcq-en-Barœul", "Total"]
    table = table_with(at, texts.T2_QPV_SHARE_ENTRIES)
    assert row(table, "Marcq-en-Barœul")[texts.T2_PARTICIPANTS] == "83"
    # 14 QPV participants, hidden by secondary suppression for the sake of Lompret's and
    # Verlinghem's hidden zeros (test_plie): the secret is computed on every commune
    # before the other rows are dropped, so it stays hidden here
    assert row(table, "Marcq-en-Barœul")[texts.T2_QPV] == "s"
    assert row(table, "Total")[texts.T2_PARTICIPANTS] == "463"


def test_unrestricted_elu_still_sees_every_commune(demo):
    at = run_page("plie", [], territory="mno", year="2025")
    assert_ok(at)
    assert set(MNO_NEIGHBOURS) <= set(commune_column(at, texts.T2_QPV_SHARE_ENTRIES))


def test_a_manager_is_never_restricted(demo):
    at = run_page("plie", [LAMBERSART], role="gestionnaire", territory="mno", year="2025")
    assert_ok(at)
    assert set(MNO_NEIGHBOURS) <= set(commune_column(at, texts.T2_QPV_SHARE_ENTRIES))


@pytest.mark.parametrize("page", ["demandeurs_emploi", "mission_locale", "maison_emploi"])
def test_other_dashboards_list_only_the_commune(demo, page):
    at = run_page(page, [LAMBERSART], territory="mno", year="2025")
    assert_ok(at)
    listed = set()
    for df in at.dataframe:
        first = df.value[df.value.columns[0]].astype(str)
        listed |= {v.rsplit("#", 1)[-1] for v in first if "#" in v}
    assert "Lambersart" in listed
    assert not listed & set(MNO_NEIGHBOURS)


def test_territory_and_commune_selectors_offer_only_what_the_account_sees(demo):
    at = run_page("ma_commune", [LAMBERSART], territory="mno", year="2025", commune="59356")
    assert_ok(at)
    assert len(at.selectbox(key="territory").options) == 1  # MNO, not MELT
    assert at.selectbox(key="commune").options == ["Lambersart"]
    assert "Lambersart" in at.title[0].value  # Lompret asked in the URL: not shown
    assert "Lompret" not in shown_text(at)


def test_an_account_without_any_commune_of_the_territory_is_told_so(demo):
    at = run_page("plie", ["75056"], territory="mno", year="2025")  # Paris
    assert_ok(at)
    assert any("aucune commune" in i.value for i in at.info)
    assert not at.dataframe


def test_map_colours_and_lists_only_the_commune(demo):
    at = run_page("carte", [LAMBERSART], territory="mno", year="2025")
    assert_ok(at)
    table = at.dataframe[0].value
    assert table[texts.MAP_COL_CODE].tolist() == [LAMBERSART]
    assert texts.MAP_RESTRICTED_NOTE in shown_text(at)
    assert at.selectbox(key="carte_commune").options == ["Lambersart"]
    at = run_page("carte", [], territory="mno", year="2025")
    assert len(at.dataframe[0].value) == 10


def events_table(at: AppTest):
    return next(df.value for df in at.dataframe if texts.COL_EVENT in df.value.columns)


def test_events_of_other_communes_are_one_line_and_the_total_stays(demo):
    everyone = run_page("maison_emploi", [], territory="mno", year="2025")
    limited = run_page("maison_emploi", [LAMBERSART], territory="mno", year="2025")
    assert_ok(everyone)
    assert_ok(limited)
    full, mine = events_table(everyone), events_table(limited)
    communes = lambda t: {str(v).rsplit("#", 1)[-1] for v in t[texts.COL_COMMUNE] if v}  # noqa: E731
    assert "Lambersart" in communes(full) and communes(full) - {"Lambersart"}
    assert communes(mine) == {"Lambersart"}
    n_lambersart = sum(str(v).endswith("#Lambersart") for v in full[texts.COL_COMMUNE])
    n_all = len(full) - 1  # the total row
    others = mine[mine[texts.COL_EVENT].str.startswith("Autres communes")]
    assert len(others) == 1
    assert others[texts.COL_EVENT].iloc[0].endswith(f"{n_all - n_lambersart} événement(s)")
    # the total row is the same for both: nothing is hidden from the territory's figures
    total = lambda t: t[t[texts.COL_DATE] == texts.TOTAL].iloc[0].drop(texts.COL_COMMUNE)  # noqa: E731
    assert total(mine).equals(total(full))
    # and the other line's participants are the total's minus Lambersart's rows
    num = lambda v: int(str(v).replace("\u202f", "").replace(" ", "").replace("\xa0", ""))  # noqa: E731
    lamb = mine[mine[texts.COL_COMMUNE].astype(str).str.endswith("#Lambersart")]
    col = texts.MDE_PARTICIPANTS
    assert num(others[col].iloc[0]) == num(total(mine)[col]) - sum(map(num, lamb[col]))
