"""The « Carte » page, run headless with AppTest on the demo store.

The page runs on its own here (no st.navigation), so opening « Ma commune » falls back
to putting the commune in the URL; with the navigation of the app, it switches page.
"""

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo import maps
from wording import texts

ROOT = Path(__file__).resolve().parents[2]
PAGE = str(ROOT / "views" / "carte.py")
MA_COMMUNE = ROOT / "views" / "ma_commune.py"
TIMEOUT = 60


@pytest.fixture
def demo(demo_data_dir, monkeypatch):
    monkeypatch.setenv("TBE_DATA_DIR", str(demo_data_dir))
    return demo_data_dir


def run_page(role: str | None = None, **params) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    if role:
        at.session_state["role"] = role
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def assert_ok(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def charts(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def drawn(spec: dict) -> dict[str, str]:
    """{INSEE code: legend entry} of the communes drawn in a chart's spec."""
    out = {}
    for trace in spec["data"]:
        if trace["type"] != "choroplethmap" or trace["name"] in (maps.QPV_LABEL,
                                                                  maps.CONTEXT_LABEL):
            continue
        ids = {f["id"] for f in trace["geojson"]["features"]}
        out.update({loc: trace["name"] for loc in trace["locations"] if loc in ids})
    return out


def table(at: AppTest, n: int = 0):
    return at.dataframe[n].value.set_index(texts.MAP_COL_CODE)


def test_default_view(demo):
    at = run_page()
    assert_ok(at)
    assert at.selectbox(key="territory").value == "mno"
    assert at.selectbox(key="carte_indicator").value == "de_abc"
    assert at.radio(key="carte_measure").value == "taux"
    [spec] = charts(at)
    assert len(drawn(spec)) == 10
    assert spec["layout"]["map"]["style"] == "white-bg"
    assert at.query_params["indicator"] in ("de_abc", ["de_abc"])


def test_gestionnaire_sees_lambersart_160(demo):
    at = run_page("gestionnaire", territory="mno", year="2025", indicator="plie_participants",
                  measure="valeur")
    assert_ok(at)
    rows = table(at)
    assert rows.at["59328", texts.MAP_COL_VALUE] == "160"
    assert rows.at["59356", texts.MAP_COL_VALUE] == "2"  # Lompret, unmasked for managers
    assert "Lambersart (160)" in " ".join(c.value for c in at.caption)


def test_officials_get_the_secret(demo):
    at = run_page(territory="mno", year="2025", indicator="plie_participants", measure="valeur")
    assert_ok(at)
    rows = table(at)
    assert rows.at["59328", texts.MAP_COL_VALUE] == "160"
    assert rows.at["59356", texts.MAP_COL_VALUE] == "s"
    assert rows.at["59356", texts.MAP_COL_CLASS] == maps.SECRET_LABEL
    for value in rows[texts.MAP_COL_VALUE]:
        assert not (value.isdigit() and 0 < int(value) < 11), value
    [spec] = charts(at)
    assert drawn(spec)["59356"] == maps.SECRET_LABEL
    assert any("secret statistique" in c.value for c in at.caption)


def test_a_shared_figure_is_never_another_audiences(demo):
    """The page shares the figures it built (keyed by what they draw): a manager's map seen
    first never reaches an official, nor the official's a manager."""
    params = {"territory": "mno", "year": "2025", "indicator": "plie_participants",
              "measure": "valeur"}
    for role in ("gestionnaire", "elu", "gestionnaire", "elu"):
        at = run_page(role, **params)
        assert_ok(at)
        [spec] = charts(at)
        hovers = {row[0]: row[1] for t in spec["data"] if t["type"] == "choroplethmap"
                  for row in t.get("customdata") or [] if len(row) > 1}
        if role == "elu":
            assert drawn(spec)["59356"] == maps.SECRET_LABEL  # Lompret: 2 participants
            assert hovers["Lompret"] == "s (secret statistique)"
        else:
            assert drawn(spec)["59356"] != maps.SECRET_LABEL
            assert hovers["Lompret"] == "2"


# one indicator of each kind: count, "dont" line, rate, ratio, euros, hours, FTE, months,
# population, and a count that is not of persons (every indicator × measure is checked
# without the page in tests/geo/test_maps.py)
SAMPLE = ["de_abc", "plie_qpv", "plie_taux_sorties_positives", "aide_total", "clause_heures",
          "clause_etp", "plie_duree_moyenne", "pop_totale", "ml_contacts", "evt_participants"]


@pytest.mark.parametrize("role", ["elu", "gestionnaire"])
@pytest.mark.parametrize("territory,year", [("mno", "2025"), ("melt", "2023")])
def test_indicators_and_measures(demo, territory, year, role):
    at = run_page(role, territory=territory, year=year)
    assert_ok(at)
    for ind_id in SAMPLE:
        at.selectbox(key="carte_indicator").set_value(ind_id).run()
        assert_ok(at)
        ind = maps.registry.indicators()[ind_id]
        for measure in maps.measures_for(ind):
            if len(maps.measures_for(ind)) > 1:
                at.radio(key="carte_measure").set_value(measure).run()
            assert_ok(at)
            [spec] = charts(at)
            assert len(drawn(spec)) == (10 if territory == "mno" else 11), (ind_id, measure)


@pytest.mark.parametrize("role", ["elu", "gestionnaire"])
@pytest.mark.parametrize("indicator,measure", [
    ("de_abc", "taux"), ("plie_qpv", "part"), ("pop_totale", "valeur"),
    ("plie_taux_sorties_positives", "valeur"),
])
def test_whole_nord(demo, role, indicator, measure):
    at = run_page(role, territory="melt", year="2023", indicator=indicator, measure=measure,
                  scope="nord")
    assert_ok(at)
    [spec] = charts(at)
    codes = drawn(spec)
    assert len(codes) == 647
    assert any(t["name"] == "Lys-Tourcoing (MELT)" for t in spec["data"])  # the outline
    assert len(json.dumps(spec)) < 1_500_000
    if indicator != "pop_totale":
        assert codes["59350"] == maps.MISSING_LABEL  # Lille: no data imported


def test_switching_scope_and_territory(demo):
    at = run_page(territory="mno", year="2025")
    at.radio(key="carte_scope").set_value("nord").run()
    assert_ok(at)
    assert len(drawn(charts(at)[0])) == 647
    at.selectbox(key="territory").set_value("melt").run()
    assert_ok(at)
    at.radio(key="carte_scope").set_value("territory").run()
    assert_ok(at)
    assert len(drawn(charts(at)[0])) == 11
    assert at.selectbox(key="year").value == 2023  # MELT's latest year


def test_qpv_overlay(demo):
    at = run_page(territory="melt", year="2023")
    at.toggle(key="carte_qpv").set_value(True).run()
    assert_ok(at)
    [spec] = charts(at)
    qpv = next(t for t in spec["data"] if t["name"] == maps.QPV_LABEL)
    assert "QN05984M" in qpv["locations"]  # Virolois, Tourcoing
    assert texts.MAP_QPV_NOTE in " ".join(c.value for c in at.caption)


def legend(spec: dict) -> list[str]:
    return [t["name"] for t in spec["data"] if t.get("showlegend")]


def test_two_years_side_by_side_share_their_classes(demo):
    at = run_page(territory="mno", year="2025", indicator="de_abc", measure="taux")
    at.toggle(key="carte_compare").set_value(True).run()
    assert_ok(at)
    assert at.selectbox(key="carte_year2").value == 2024
    first, second = charts(at)
    assert legend(first) == legend(second)
    assert len(drawn(first)) == len(drawn(second)) == 10
    assert "septembre 2025" in first["layout"]["legend"]["title"]["text"]
    assert "2024" in second["layout"]["legend"]["title"]["text"]
    assert texts.MAP_SAME_CLASSES in [c.value for c in at.caption]


def test_two_indicators_side_by_side(demo):
    at = run_page(territory="mno", year="2025", indicator="de_abc_femmes", measure="part")
    at.toggle(key="carte_compare").set_value(True).run()
    at.radio(key="carte_compare_what").set_value("indicators").run()
    assert_ok(at)
    options = at.selectbox(key="carte_indicator2").options
    assert "de_abc_femmes" not in options  # another one, with a share too
    at.selectbox(key="carte_indicator2").set_value("de_a").run()
    assert_ok(at)
    first, second = charts(at)
    assert legend(first) == legend(second)
    assert all("%" in name for name in legend(first)[:3])


def test_choosing_a_commune_opens_ma_commune_or_keeps_it_in_the_url(demo):
    at = run_page(territory="mno", year="2025")
    at.selectbox(key="carte_commune").set_value("59328").run()
    assert_ok(at)
    # standalone page: « Ma commune » is not registered, the URL designates the commune
    assert at.query_params["commune"] in ("59328", ["59328"])
    assert any("Lambersart" in i.value for i in at.info)
    assert at.selectbox(key="carte_commune").value == "59328"


def test_switches_to_ma_commune_inside_the_navigation(demo, tmp_path):
    if not MA_COMMUNE.exists():
        pytest.skip("views/ma_commune.py is not there yet")
    app = tmp_path / "nav.py"
    app.write_text(
        "import streamlit as st\n"
        f"st.navigation([st.Page({PAGE!r}, default=True), st.Page({str(MA_COMMUNE)!r})]).run()\n",
        encoding="utf-8")
    at = AppTest.from_file(str(app), default_timeout=TIMEOUT)
    at.query_params["territory"] = "mno"
    at.query_params["year"] = "2025"
    at.run()
    assert_ok(at)
    at.selectbox(key="carte_commune").set_value("59328").run()
    assert not at.exception, [e.value for e in at.exception]
    assert texts.MAP_TITLE not in [t.value for t in at.title]  # left the map
    assert any("Lambersart" in t.value for t in at.title)


def test_empty_store(tmp_path, monkeypatch):
    monkeypatch.setenv("TBE_DATA_DIR", str(tmp_path / "vide"))
    at = run_page()
    assert_ok(at)
    assert not at.get("plotly_chart")
    assert any("Aucune donnée n'a encore été importée" in i.value for i in at.info)


@pytest.fixture
def onpv(onpv_store, monkeypatch):
    monkeypatch.setenv("TBE_DATA_DIR", str(onpv_store.data_dir))
    return onpv_store


def test_qpv_layer_colours_the_quarters_and_lists_them(onpv):
    at = run_page("gestionnaire", territory="mno", year="2021", layer="qpv")
    assert_ok(at)
    spec = charts(at)[0]
    drawn = {loc for t in spec["data"] if t["type"] == "choroplethmap"
             and t["name"] not in (maps.CONTEXT_LABEL, maps.QPV_BASE_LABEL)
             for loc in t["locations"]}
    assert [t.value for t in at.title] == [texts.MAP_QPV_TITLE]
    assert drawn == {"QN05970M", "QN05977M"}
    rows = at.dataframe[0].value.set_index(texts.COL_QPV_CODE)
    # job seekers A, B, C of the IPRO 2021 file of tests/onpv_files.py
    assert rows.at["QN05970M", texts.MAP_COL_VALUE] == "150"
    assert rows.at["QN05977M", texts.MAP_COL_VALUE] == "250"
    assert at.query_params["layer"] in ("qpv", ["qpv"])


def test_qpv_layer_keeps_the_secret_for_officials(onpv):
    at = run_page("elu", territory="mno", year="2021", layer="qpv",
                  qpv_indicator="qpv_de_abc_50plus", qpv_measure="part")
    assert_ok(at)
    rows = at.dataframe[0].value.set_index(texts.COL_QPV_CODE)
    assert set(rows[texts.MAP_COL_VALUE]) == {"s"}
    assert texts.QPV_ONPV_SECRET in "\n".join(c.value for c in at.caption)


def test_qpv_layer_without_onpv_files_says_so(demo):
    at = run_page("gestionnaire", territory="mno", year="2025", layer="qpv")
    assert_ok(at)
    assert texts.MAP_QPV_NO_DATA.format(year=2025) in [i.value for i in at.info]


@pytest.mark.parametrize(("role", "says"), [
    ("gestionnaire", "python -m cli geo import FICHIER"),
    ("elu", "importés par un gestionnaire"),
])
def test_without_boundaries_the_map_says_what_the_viewer_can_do(poitiers, role, says):
    at = run_page(role, territory="gp", year="2025")
    assert_ok(at)
    note = " ".join(i.value for i in at.info)
    assert "Pas de contours pour les communes de PLIE du Grand Poitiers" in note
    assert says in note
    if role == "elu":  # neither the command nor the managers' page
        assert "python -m cli" not in note and "« Territoires »" not in note


def test_without_a_territory_in_the_address_the_page_opens_on_the_imported_one(poitiers):
    # the built-in MNO comes first in the list, but holds nothing: the élu of the PLIE du
    # Grand Poitiers opens the app on their territory, not on « Aucune donnée pour MNO »
    at = run_page("elu", year="2025")
    assert_ok(at)
    assert at.selectbox(key="territory").value == "gp"


def test_a_territory_without_data_tells_an_elu_nothing_to_do_himself(poitiers):
    at = run_page("elu", territory="mno", year="2025")  # the built-in MNO: nothing imported
    assert_ok(at)
    note = " ".join(i.value for i in at.info)
    assert "Aucune donnée pour" in note and "réservée aux gestionnaires" in note
    assert "Importez" not in note
