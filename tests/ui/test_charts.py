"""Chart builders: French formats, the secret's "s", titles, tables and text alternatives."""

import datetime as dt
import json

import pandas as pd
import pytest

from queries.masking import Table
from ui import charts, tables
from ui.charts import Marker, Series
from wording import texts
from wording.format import THOUSANDS_SEP, UNIT_SEP

NNBSP = THOUSANDS_SEP


def monthly() -> pd.DataFrame:
    months = pd.date_range("2024-07-01", "2025-06-01", freq="MS")
    return pd.DataFrame({"month": months, "de_abc": range(9000, 9012),
                         "de_abc_tendance": [None] * 11 + [9005.5]})


def communes() -> pd.DataFrame:
    return pd.DataFrame({"code_insee": ["59328", "59356", "59378", None],
                         "commune": ["Lambersart", "Lompret", "Marcq-en-Barœul", "Total"],
                         "n": [160.0, 2.0, 83.0, 245.0]})


def test_fmt_french_units_and_secret():
    assert charts.fmt(9948, "personnes") == f"9{NNBSP}948"
    assert charts.fmt(0.496183, "%") == f"49,6{UNIT_SEP}%"
    assert charts.fmt(5.8029, charts.PER_1000) == "5,8"
    assert charts.fmt(5.8029, charts.PER_MILLE) == f"5,8{UNIT_SEP}‰"
    assert charts.fmt(-6.1, charts.EVOLUTION) == f"\u22126,1{UNIT_SEP}%"
    assert charts.fmt(2, "personnes", masked=True) == "s"
    assert charts.fmt(None, "personnes") == "—"
    assert charts.month_short(dt.date(2025, 1, 1)) == "janv. 2025"


def test_line_chart_speaks_french():
    chart = charts.line_chart(
        monthly(), x="month", unit="personnes", lpe=True,
        series=[Series("de_abc", "A, B, C"), Series("de_abc_tendance", "Tendance", dash=True)],
        title="Demandeurs d'emploi, MNO — source France Travail", subtitle="personnes")
    fig = chart.figure
    assert fig.layout.separators == ",\u202f"
    # the title and subtitle are drawn above the figure, as text that wraps (`show`)
    assert chart.title.endswith("source France Travail") and chart.subtitle == "personnes"
    assert fig.layout.title.text is None
    data, trend = fig.data
    assert list(data.customdata[-1]) == ["juin 2025", f"9{NNBSP}011"]  # pre-formatted
    assert "%{customdata[1]}" in data.hovertemplate
    assert trend.line.dash == "dash" and trend.mode == "lines"
    assert "janv. 2025" in fig.layout.xaxis.ticktext  # French month names on the axis
    assert any(s.x0 == dt.date(2025, 1, 1) for s in fig.layout.shapes)  # LPE marker
    assert chart.table.columns.tolist() == [texts.COL_MONTH, "A, B, C", "Tendance"]
    assert chart.table.iloc[0].tolist() == ["juillet 2024", f"9{NNBSP}000", "—"]
    assert chart.alt == f"A, B, C : 9{NNBSP}000 en juillet 2024, 9{NNBSP}011 en juin 2025."


def test_line_chart_without_january_2025_has_no_lpe_marker():
    frame = monthly()
    frame["month"] = pd.date_range("2022-01-01", "2022-12-01", freq="MS")
    chart = charts.line_chart(frame, x="month", unit="personnes", lpe=True,
                              series=[Series("de_abc", "A, B, C")], title="t", subtitle="s")
    assert not chart.figure.layout.shapes


def test_bar_chart_masks_draws_s_and_keeps_the_total_in_the_table():
    frame = communes()
    shown = Table(counts=("n",), total="code_insee").protect(frame, "elu")
    chart = charts.bar_chart(shown, category="commune", series=[Series("n", "Participants")],
                             unit="personnes", total_row=True, title="t",
                             subtitle="s", markers=[Marker(3.13, "MNO")],
                             links=tables.links(shown, _filters()), category_label="Commune")
    bars = chart.figure.data[0]
    assert list(bars.y) == ["Lambersart", "Lompret", "Marcq-en-Barœul"]  # total not drawn
    # Lompret's 2 is small; Marcq's 83 is hidden too, or 245 − 160 − 83 would give it away.
    assert list(bars.text) == ["160", "s", "s"]
    assert bars.x[1] == 0  # an empty bar carrying its "s"
    assert chart.secret
    assert chart.table["Participants"].tolist() == ["160", "s", "s", "245"]
    assert chart.table["Commune"].iloc[0].startswith("ma_commune?")
    assert chart.table["Commune"].iloc[0].endswith("#Lambersart")
    assert chart.table["Commune"].iloc[-1].startswith("./?")
    assert "Commune" in chart.column_config
    assert any(t.name == "MNO : 3" for t in chart.figure.data)  # marker in the legend
    assert chart.alt == "Participants : 160 pour Lambersart"


def test_bar_chart_percentages_and_colours():
    frame = pd.DataFrame({"label": ["Taux", "Taux ajusté"], "v": [0.496, 0.602],
                          "r": [0.48, None]})
    chart = charts.bar_chart(frame, category="label", unit="%", title="t", subtitle="s",
                             series=[Series("v", "MNO"), Series("r", "Nord")],
                             markers=[Marker(0.5, "Objectif")])
    first, second = chart.figure.data[:2]
    assert first.x[0] == pytest.approx(49.6)  # drawn in points, the axis says "%"
    assert chart.figure.layout.xaxis.ticksuffix == f"{UNIT_SEP}%"
    assert first.marker.color == charts.PALETTE[0] and second.marker.color == charts.PALETTE[1]
    assert list(second.text) == [f"48,0{UNIT_SEP}%", "—"]
    assert any(t.name == f"Objectif : 50,0{UNIT_SEP}%" for t in chart.figure.data)


def test_palette_is_okabe_ito_without_yellow():
    assert charts.PALETTE[:4] == ("#0072B2", "#E69F00", "#009E73", "#D55E00")
    assert "#F0E442" not in charts.PALETTE
    assert len(set(charts.PALETTE)) == len(charts.PALETTE)


def test_definitions_follow_the_territory():
    (label, text), = charts.define("melt", "plie_seniors")
    assert label.startswith("Sont des séniors (45 ans")  # MELT's own definition
    assert "45 ans" in text
    assert charts.define("mno", "pour_1000")[0][0] == "Pour 1 000 habitants"
    assert charts.define("mno", "inconnu") == []


def _filters():
    from ui.filters import Filters

    return Filters("mno", 2025, (2025, 2024), (), ("59328", "59356", "59378"), "nord")


# -- built once per value (charts.by_value) ---------------------------------------------------
def _participants(frame, audience, f=None):
    shown = Table(counts=("n",), total="code_insee").protect(frame, audience)
    return charts.bar_chart(shown, category="commune", series=[Series("n", "Participants")],
                            unit="personnes", total_row=True, title="t", subtitle="s",
                            links=tables.links(shown, f or _filters()), category_label="Commune")


def test_a_chart_is_shared_only_by_calls_with_the_same_values():
    charts.clear_built()
    elu = _participants(communes(), "elu")
    manager = _participants(communes(), "gestionnaire")  # same figures, not masked
    assert elu.table["Participants"].tolist() == ["160", "s", "s", "245"]
    assert manager.table["Participants"].tolist() == ["160", "2", "83", "245"]
    # the élu's chart again, after the manager's: the élu's, masked
    again = _participants(communes(), "elu")
    assert again is elu and again.table["Participants"].tolist() == ["160", "s", "s", "245"]
    # another store version: one figure changed
    changed = communes()
    changed.loc[0, "n"] = 161.0
    assert _participants(changed, "elu").table["Participants"].iloc[0] == "161"
    # another year or territory: other links
    other = _participants(communes(), "elu", _filters().__class__(
        "mno", 2024, (2025, 2024), (), ("59328", "59356", "59378"), "nord"))
    assert "year=2024" in other.table["Commune"].iloc[0]
    assert "year=2025" in elu.table["Commune"].iloc[0]


def test_by_value_keeps_at_most_max_entries():
    calls = []

    @charts.by_value(max_entries=2)
    def double(x):
        calls.append(x)
        return [x * 2]

    double(1), double(2), double(1)  # 1 is the most recently used, 2 the least
    double(3)  # 2 goes
    assert double(1) == [2] and double(3) == [6]
    assert calls == [1, 2, 3]
    assert double(2) == [4] and calls == [1, 2, 3, 2]
    assert double.cache_len() == 2


def test_by_value_in_a_page_script_keeps_results_across_reruns():
    """Streamlit runs a page's script again at each rerun, redefining its functions: they
    find the results of the previous runs, unless the function's code changed."""
    source = ("from ui import charts\n"
              "@charts.by_value\n"
              "def table(x):\n"
              "    calls.append(x)\n"
              "    return {'x': x}\n")
    calls = []
    results = []
    for _ in range(2):  # two reruns of the same script
        namespace = {"calls": calls}
        exec(compile(source, "/tmp/tbe_page_script.py", "exec"), namespace)
        results.append(namespace["table"](7))
    assert calls == [7] and results[0] is results[1]
    namespace = {"calls": calls}
    exec(compile(source.replace("{'x': x}", "{'y': x}"), "/tmp/tbe_page_script.py", "exec"),
         namespace)
    assert namespace["table"](7) == {"y": 7} and calls == [7, 7]  # edited: built anew


def test_unpicklable_arguments_are_not_cached():
    calls = []

    @charts.by_value
    def call(f):
        calls.append(1)
        return f()

    assert call(lambda: 1) == 1 and call(lambda: 1) == 1
    assert calls == [1, 1]


def test_drawn_figure_sends_plotlys_own_dict_and_show_leaves_the_chart_unchanged():
    import plotly.graph_objects as go
    import plotly.io

    charts.clear_built()
    chart = _participants(communes(), "elu")
    table = chart.table.copy()
    fresh = go.Figure.to_dict(chart.figure)  # Plotly's deep copy, computed now
    assert chart.figure.to_dict() == fresh
    # what st.plotly_chart sends: the same JSON as for a plain figure
    assert plotly.io.to_json(chart.figure, validate=False) == plotly.io.to_json(
        fresh, validate=False)
    charts.show(chart, key="c")  # bare mode: what st.plotly_chart and st.dataframe do to it
    assert chart.figure.to_dict() == fresh == go.Figure.to_dict(chart.figure)
    pd.testing.assert_frame_equal(chart.table, table)


def test_definitions_follow_a_territory_defined_again(tmp_path, monkeypatch):
    from data import territories

    monkeypatch.setenv("TBE_DATA_DIR", str(tmp_path))
    territories.add("lens", "ML de Lens", ["62498"], senior_age=55, data_dir=tmp_path)
    assert "55 ans" in charts.define("lens", "plie_seniors")[0][1]
    territories.remove("lens", data_dir=tmp_path)
    territories.add("lens", "ML de Lens", ["62498"], senior_age=60, data_dir=tmp_path)
    assert "60 ans" in charts.define("lens", "plie_seniors")[0][1]


def test_data_table_columns_fit_their_figures():
    """A long header (a reference with its coverage) no longer makes its column wider than
    the table, its right-aligned figures out of sight: at most 170 px, the header whole on
    hover; a short one as wide as its figures."""
    long = "Département du Nord, 10 communes couvertes sur 647"  # 50 characters
    frame = pd.DataFrame({"label": ["Taux de sorties positives", "Taux hors sorties neutres"],
                          "value": [0.496, 0.602], "ref_value": [0.496, 0.602]})
    chart = charts.bar_chart(frame, category="label", unit="%", title="t", subtitle="s",
                             series=[Series("value", "MNO"), Series("ref_value", long)])
    config = chart.column_config
    # 32 px padding + 7,5 px a character: « MNO » has 3, « 49,6 % » 6 → 32 + 45 = 77 px
    assert config["MNO"]["width"] == 77
    assert "help" not in config["MNO"] or config["MNO"]["help"] is None
    # 32 + 7,5 × 50 = 407 px wanted: capped, the header on hover
    assert config[long]["width"] == 170
    assert config[long]["help"] == long
    assert config[long]["alignment"] == "right"


def test_wrap_cuts_long_legend_entries_at_spaces():
    long = "Département du Nord, 10 communes couvertes sur 647 : 3,1"
    # at most 32 characters a line where the words allow it
    assert charts.wrap(long) == "Département du Nord, 10 communes<br>couvertes sur 647 : 3,1"
    assert charts.wrap("MNO : 3,1") == "MNO : 3,1"
    assert charts.wrap("Anticonstitutionnellement", 10) == "Anticonstitutionnellement"


def test_show_writes_the_title_above_the_figure():
    """Plotly does not wrap a title: cut on a phone (« Profil des participants et des
    nouvelles entr… »). The title is Streamlit text above the figure, which wraps."""
    from streamlit.testing.v1 import AppTest

    def page():
        import pandas as pd

        from ui import charts
        from ui.charts import Series

        frame = pd.DataFrame({"label": ["Femmes"], "share": [0.577]})
        charts.show(charts.bar_chart(
            frame, category="label", unit="%", series=[Series("share", "Participants")],
            title="Profil des participants et des nouvelles entrées",
            subtitle="2025 · MNO · source PLIE"), key="c")

    at = AppTest.from_function(page).run()
    assert not at.exception
    assert at.markdown[0].value == ("**Profil des participants et des nouvelles entrées**  \n"
                                    ":small[:gray[2025 · MNO · source PLIE]]")
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert "title" not in spec["layout"]
    # the plot keeps its height: the figure loses the 74 px its title took
    assert spec["layout"]["height"] == 260 - 74 and spec["layout"]["margin"]["t"] == 10


def test_a_line_s_text_names_its_first_and_last_months_even_under_the_secret():
    # a small Mission Locale's first welcomes by month (Poitiers, 2025), as an élu reads
    # them: January 1, February 1, March 1, April 0, May 1 — the ones « s ». The text said
    # « 0 en avril 2025, 0 en avril 2025 », the first and last months shown
    frame = pd.DataFrame({"month": pd.date_range("2025-01-01", "2025-05-01", freq="MS"),
                          "n": [1, 1, 1, 0, 1]})
    shown = Table(counts=("n",), parts=True).protect(frame, "elu")
    chart = charts.line_chart(shown, x="month", unit="personnes",
                              series=[Series("n", "Nouveaux inscrits")], title="t", subtitle="s")
    assert chart.alt == "Nouveaux inscrits : s en janvier 2025, s en mai 2025."
