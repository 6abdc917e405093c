"""Class breaks (geo/classify.py) and the choropleth figures (geo/maps.py)."""

import itertools
import json
import math
import os
import random

import numpy as np
import pandas as pd
import plotly.io
import pytest

from geo import boundaries, classify, maps
from queries import context, figures, registry
from wording.format import THOUSANDS_SEP, UNIT_SEP

NBSP = UNIT_SEP
INDS = registry.indicators()


# -- class breaks --------------------------------------------------------------------------
def brute_force_jenks(x: list[float], k: int) -> float:
    """Smallest within-class sum of squares over every split of the sorted values."""
    x = sorted(x)
    best = math.inf
    for cuts in itertools.combinations(range(1, len(x)), k - 1):
        bounds = [0, *cuts, len(x)]
        cost = sum(float(((np.array(x[a:b]) - np.mean(x[a:b])) ** 2).sum())
                   for a, b in itertools.pairwise(bounds))
        best = min(best, cost)
    return best


def within(x: list[float], breaks: list[float]) -> float:
    arr = np.array(x)
    cls = classify.classify(arr, breaks)
    return sum(float(((arr[cls == c] - arr[cls == c].mean()) ** 2).sum()) for c in set(cls))


def test_jenks_finds_obvious_groups():
    values = [1, 2, 3, 10, 11, 12, 20, 21, 22]
    assert classify.jenks_breaks(values, 3) == [1, 3, 12, 22]
    assert classify.jenks_breaks(random.Random(3).sample(values, 9), 3) == [1, 3, 12, 22]


@pytest.mark.parametrize("seed", range(40))
def test_jenks_is_the_exact_optimum(seed):
    rng = random.Random(seed)
    x = [rng.choice([rng.randint(0, 40), round(rng.random() * 100, 1)])
         for _ in range(rng.randint(6, 11))]
    k = rng.randint(2, 4)
    breaks = classify.jenks_breaks(x, k)
    if len(set(x)) > k:
        assert len(breaks) == k + 1
        assert within(x, breaks) == pytest.approx(brute_force_jenks(x, k), abs=1e-6)
    assert breaks[0] == min(x) and breaks[-1] == max(x)


def test_jenks_on_700_values_is_better_than_quantiles():
    x = np.random.default_rng(5).lognormal(3, 1, 700)
    jenks = classify.jenks_breaks(x, 6)
    quantiles = classify.quantile_breaks(x, 6)
    assert len(jenks) == len(quantiles) == 7
    gvf_j = classify.goodness_of_variance_fit(x, jenks)
    assert gvf_j > classify.goodness_of_variance_fit(x, quantiles)
    assert gvf_j > 0.9


def test_quantiles_make_classes_of_equal_counts():
    x = list(range(1, 101))
    breaks = classify.quantile_breaks(x, 4)
    assert breaks == [1, 25, 50, 75, 100]
    counts = np.bincount(classify.classify(x, breaks))
    assert counts.tolist() == [25, 25, 25, 25]


def test_few_distinct_values_give_fewer_classes():
    assert classify.jenks_breaks([5, 5, 5, 9], 4) == [5, 5, 9]
    assert classify.quantile_breaks([5, 5, 5, 5, 9], 4) == [5, 5, 9]
    assert classify.jenks_breaks([3, 3], 5) == [3, 3]
    assert classify.jenks_breaks([], 5) == classify.quantile_breaks([math.nan], 5) == []


def test_rounded_breaks_and_classification_agree_with_the_display():
    breaks = classify.round_breaks([1.96, 3.449, 5.07], 1)
    assert breaks == [1.9, 3.4, 5.1]  # extremes outward, inner break half up
    # 3.44 is shown « 3,4 »: first class; 3.46 is shown « 3,5 »: second class
    assert classify.classify([1.96, 3.44, 3.46, 5.07, math.nan], breaks, 1).tolist() == [
        0, 0, 1, 1, -1]


def test_unknown_method_is_refused():
    with pytest.raises(ValueError):
        classify.breaks([1, 2, 3], 2, "égales")


# -- legend wording ------------------------------------------------------------------------
def test_french_legend_with_units():
    rate = maps.spec_for(INDS["de_abc"], "taux", "mno")
    labels = maps.legend_labels([2.0, 3.5, 5.1], rate)
    assert labels == [f"2,0 à 3,5 pour 1{THOUSANDS_SEP}000 habitants",
                      f"3,6 à 5,1 pour 1{THOUSANDS_SEP}000 habitants"]
    share = maps.spec_for(INDS["plie_qpv"], "part", "mno")
    assert maps.legend_labels([0.0, 0.0, 0.169, 0.207], share) == [
        f"0,0{NBSP}%", f"0,1 à 16,9{NBSP}%", f"17,0 à 20,7{NBSP}%"]
    count = maps.spec_for(INDS["plie_participants"], "valeur", "mno")
    assert maps.legend_labels([15, 28, 1200], count) == [
        "15 à 28 personnes", f"29 à 1{THOUSANDS_SEP}200 personnes"]
    assert maps.SECRET_LABEL == f"s{NBSP}: secret statistique"


def test_a_class_of_one_person_is_singular():
    """The Mission Locale of Bourges' map of new registrations, by hand: Berry-Bouy 0,
    Marmagne 1, Mehun-sur-Yèvre 2, Saint-Doulchard 4, Bourges 10; its legend read
    « 0 personnes », « 1 personnes »."""
    count = maps.spec_for(INDS["ml_nouveaux_inscrits"], "valeur", "mno")
    assert maps.legend_labels([0, 0, 1, 2, 4, 10], count) == [
        "0 personne", "1 personne", "2 personnes", "3 à 4 personnes", "5 à 10 personnes"]


def test_measures_offered_for_each_kind_of_indicator():
    assert maps.measures_for(INDS["de_abc"]) == ["valeur", "taux"]
    assert maps.measures_for(INDS["plie_qpv"]) == ["valeur", "part", "taux"]
    assert maps.measures_for(INDS["plie_taux_sorties_positives"]) == ["valeur"]
    assert maps.measures_for(INDS["pop_totale"]) == ["valeur"]
    assert maps.measures_for(INDS["aide_total"]) == ["valeur"]
    assert "nb_communes" not in {i.id for i in maps.mappable()}


def test_default_measure_and_comparable_indicators():
    assert maps.default_measure(INDS["de_abc"]) == "taux"
    assert maps.default_measure(INDS["plie_taux_sorties_positives"]) == "valeur"
    assert maps.default_measure(INDS["aide_total"]) == "valeur"
    # counts of people share classes with counts of people, not with a share or euros
    assert maps.comparable(INDS["plie_participants"], INDS["de_abc"], "valeur")
    assert not maps.comparable(INDS["plie_taux_sorties_positives"], INDS["de_abc"], "valeur")
    assert not maps.comparable(INDS["aide_total"], INDS["de_abc"], "valeur")
    assert maps.comparable(INDS["plie_qpv"], INDS["de_abc"], "taux")
    assert not maps.comparable(INDS["aide_total"], INDS["de_abc"], "taux")  # no rate for €


def test_option_labels_follow_the_territory_definitions(tmp_path, monkeypatch):
    from data import territories

    monkeypatch.setenv("TBE_DATA_DIR", str(tmp_path))
    labels = maps.option_labels("mno")
    assert labels == {i.id: maps.option_label(i, "mno") for i in maps.mappable()}
    assert "50 ans" in labels["plie_seniors"]
    territories.add("lens", "Lens", ["59328", "59350"], senior_age=55, by="test")
    assert "55 ans" in maps.option_labels("lens")["plie_seniors"]
    # a definition changed: labels of the new one, never the cached ones
    territories.remove("lens", by="test")
    territories.add("lens", "Lens", ["59328", "59350"], senior_age=60, by="test")
    assert "60 ans" in maps.option_labels("lens")["plie_seniors"]
    assert maps.option_labels("lens") == {i.id: maps.option_label(i, "lens")
                                          for i in maps.mappable()}


def test_value_classes_as_the_table_shows_them():
    spec = maps.spec_for(INDS["plie_participants"], "valeur", "mno")
    frame = pd.DataFrame({"value": [15.0, 1200.0, float("nan"), float("nan")],
                          "secret": [False, False, True, False]})
    assert maps.value_classes(frame, [15, 28, 1200], spec) == [
        ("15", "15 à 28 personnes"),
        (f"1{THOUSANDS_SEP}200", f"29 à 1{THOUSANDS_SEP}200 personnes"),
        ("s", maps.SECRET_LABEL), ("—", maps.MISSING_LABEL)]
    assert maps.reference_text(spec, {"value": 28.0, "secret": False}) == "28"
    assert maps.reference_text(spec, {"value": 3.0, "secret": True}) == "s"


# -- values --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def con(demo_store):
    c = demo_store.connection()
    yield c
    c.close()


def values(con, territory, year, ind_id, measure="valeur", masked=True, covered=None):
    ind = INDS[ind_id]
    table = figures.by_commune(con, territory, year, maps.needed_ids(ind, measure))
    frame, ref = maps.map_values(table, ind, measure, populations=maps.populations_by_commune(),
                                 masked=masked, covered=covered)
    return frame.set_index("code_insee"), ref


def test_gestionnaire_sees_every_count(con):
    frame, ref = values(con, "mno", 2025, "plie_participants", masked=False)
    assert len(frame) == 10
    assert frame.at["59328", "value"] == 160  # Lambersart, MNO 2025
    assert ref == {"value": 463, "secret": False}
    assert not frame["secret"].any()


def test_officials_never_see_a_count_below_the_threshold(con):
    frame, ref = values(con, "mno", 2025, "plie_participants", masked=True)
    assert frame.at["59328", "value"] == 160
    assert frame.loc[["59356", "59611"], "secret"].all()  # Lompret and Verlinghem: 2 each
    assert frame.loc[frame["secret"], "value"].isna().all()
    shown = frame["value"].dropna()
    assert not ((shown > 0) & (shown < 11)).any()


def test_secondary_suppression_protects_a_lone_small_count():
    table = pd.DataFrame({
        "code_insee": ["59328", "59356", "59368", None],
        "commune": ["Lambersart", "Lompret", "La Madeleine", "Total"],
        "plie_participants": [160.0, 4.0, 76.0, 240.0],
    })
    frame, ref = maps.map_values(table, INDS["plie_participants"], "valeur", masked=True)
    secret = dict(zip(frame["code_insee"], frame["secret"], strict=True))
    # Lompret (4) alone would be 240 − 160 − 76: La Madeleine, the next smallest, is masked
    assert secret == {"59328": False, "59356": True, "59368": True}
    assert ref == {"value": 240, "secret": False}


def test_share_and_rate(con):
    frame, ref = values(con, "mno", 2025, "plie_qpv", "part", masked=False)
    assert frame.at["59328", "value"] == pytest.approx(33 / 160)
    assert ref["value"] == pytest.approx(47 / 463)
    frame, _ = values(con, "mno", 2025, "plie_qpv", "part", masked=True)
    assert frame.at["59356", "secret"]  # Lompret: 0 out of 2 participants, masked anyway
    rate, ref = values(con, "mno", 2025, "de_abc", "taux", masked=True)
    pops = maps.populations_by_commune()
    assert rate.at["59328", "value"] == pytest.approx(1997 / pops["59328"] * 1000)
    assert 60 < ref["value"] < 75


def test_rate_divides_each_commune_by_its_own_population():
    table = pd.DataFrame({
        "code_insee": ["59328", "59356", "59999", None],
        "commune": ["Lambersart", "Lompret", "Sans population", "Total"],
        "de_abc": [100.0, 50.0, 7.0, 157.0],
    })
    pops = {"59356": 500.0, "59328": 1000.0, "59350": 230000.0}
    frame, ref = maps.map_values(table, INDS["de_abc"], "taux", populations=pops,
                                 masked=False)
    rates = dict(zip(frame["code_insee"], frame["value"], strict=True))
    assert rates["59328"] == pytest.approx(100.0) and rates["59356"] == pytest.approx(100.0)
    assert math.isnan(rates["59999"])  # no population: no rate
    # the reference divides by the population of the communes whose figure is known
    assert ref["value"] == pytest.approx(157 / 1500 * 1000)
    frame, ref = maps.map_values(table, INDS["de_abc"], "taux", populations=None,
                                 masked=False)
    assert frame["value"].isna().all() and math.isnan(ref["value"])


def test_ratio_indicator_is_a_share(con):
    frame, ref = values(con, "melt", 2023, "plie_taux_sorties_positives", masked=False)
    assert frame["value"].dropna().between(0, 1).all()
    assert 0 < ref["value"] < 1


def test_uncovered_communes_are_missing_not_zero(con):
    covered = set(context.territory_communes("mno")) | set(context.territory_communes("melt"))
    frame, _ = values(con, "nord", 2025, "plie_participants", masked=False, covered=covered)
    assert len(frame) == 647
    assert math.isnan(frame.at["59350", "value"])  # Lille: nothing imported, not « 0 »
    assert frame.at["59328", "value"] == 160
    population, _ = values(con, "nord", 2025, "pop_totale", covered=covered)
    assert population["value"].notna().all()  # the population is known everywhere


# -- figures -------------------------------------------------------------------------------
def build(con, territory, year, ind_id, measure="valeur", masked=True, **kw):
    frame, ref = values(con, territory, year, ind_id, measure, masked, kw.pop("covered", None))
    frame = frame.reset_index()
    spec = maps.spec_for(INDS[ind_id], measure, territory)
    breaks = maps.class_breaks(frame["value"], spec, 5)
    fig = maps.build_figure(frame, spec, breaks, reference=maps.Reference(
        "Métropole Nord-Ouest (ALPES)", spec.text(ref["value"])), **kw)
    return fig, frame, breaks, spec


def customdata_of(fig) -> dict[str, list]:
    out = {}
    for trace in fig.data:
        if trace.type == "choroplethmap" and trace.customdata is not None:
            for loc, data in zip(trace.locations, trace.customdata, strict=True):
                out[loc] = list(data)
    return out


def test_one_feature_per_commune_with_its_value(con):
    fig, frame, breaks, spec = build(con, "mno", 2025, "plie_participants", masked=False)
    drawn = maps.commune_features_in(fig)
    assert sorted(drawn) == sorted(context.territory_communes("mno"))
    labels = maps.legend_labels(breaks, spec)
    assert drawn["59328"] == labels[-1]  # Lambersart, the largest, in the top class
    data = customdata_of(fig)
    assert data["59328"] == ["Lambersart", "160"]
    hover = next(t.hovertemplate for t in fig.data if t.name == drawn["59328"])
    assert "Métropole Nord-Ouest (ALPES) : 463" in hover
    assert "%{z" not in hover and ":," not in hover  # formatted here, never by d3


def test_secret_communes_are_grey_hatched_and_say_s(con):
    fig, *_ = build(con, "mno", 2025, "plie_participants", masked=True)
    drawn = maps.commune_features_in(fig)
    assert drawn["59356"] == drawn["59611"] == maps.SECRET_LABEL
    secret = next(t for t in fig.data if t.name == maps.SECRET_LABEL and t.type == "choroplethmap")
    assert secret.colorscale[0][1] == maps.SECRET_FILL
    assert customdata_of(fig)["59356"][1].startswith("s")
    hatch = [t for t in fig.data if t.type == "scattermap" and t.legendgroup == "secret"]
    assert hatch and len(hatch[0].lon) > 10


def test_figure_key_changes_with_anything_the_figure_draws(tmp_path, monkeypatch):
    monkeypatch.setenv("TBE_DATA_DIR", str(tmp_path))
    frame = pd.DataFrame({"code_insee": ["59328", "59356"], "commune": ["Lambersart", "Lompret"],
                          "value": [160.0, float("nan")], "secret": [False, True]})
    spec = maps.spec_for(INDS["plie_participants"], "valeur", "mno")
    options = {"reference": maps.Reference("MNO", "463"), "context": True, "period": "2025"}
    key = maps.figure_key(frame, spec, [160.0, 160.0], **options)
    assert maps.figure_key(frame.copy(), spec, [160.0, 160.0], **dict(options)) == key
    others = [
        maps.figure_key(frame.assign(value=[160.0, 2.0], secret=[False, False]), spec,
                        [160.0, 160.0], **options),  # a manager's view of the same communes
        maps.figure_key(frame.assign(secret=[False, False]), spec, [160.0, 160.0],
                        **options),  # missing, not secret
        maps.figure_key(frame.assign(value=[161.0, float("nan")]), spec, [160.0, 160.0],
                        **options),  # another import
        maps.figure_key(frame.assign(commune=["Lambersart", "Lompret (ancienne)"]), spec,
                        [160.0, 160.0], **options),
        maps.figure_key(frame, maps.spec_for(INDS["plie_participants"], "taux", "mno"),
                        [160.0, 160.0], **options),
        maps.figure_key(frame, spec, [150.0, 160.0], **options),
        maps.figure_key(frame, spec, [160.0, 160.0],
                        **{**options, "reference": maps.Reference("MNO", "s")}),
        maps.figure_key(frame, spec, [160.0, 160.0], **{**options, "qpv": True}),
    ]
    assert len({key, *others}) == 1 + len(others)
    # the communes' boundaries imported (again): other outlines, another figure
    layer = tmp_path / "geo" / "communes.geojson"
    layer.parent.mkdir()
    layer.write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    imported = maps.figure_key(frame, spec, [160.0, 160.0], **options)
    assert imported != key
    os.utime(layer, ns=(1, 1))
    assert maps.figure_key(frame, spec, [160.0, 160.0], **options) not in (key, imported)


def test_offline_style_without_text_or_symbol_layers(con):
    fig, *_ = build(con, "mno", 2025, "de_abc", "taux", qpv=True, context=True)
    spec = json.loads(plotly.io.to_json(fig, validate=False))
    assert spec["layout"]["map"]["style"] == "white-bg"
    assert not spec["layout"]["map"].get("layers")
    for trace in spec["data"]:
        assert trace["type"] in ("choroplethmap", "scattermap")
        if trace["type"] == "scattermap":
            assert trace["mode"] == "lines"  # no markers or text: no sprite, no glyphs
    assert spec["layout"]["separators"] == ", "


def test_qpv_overlay_shows_name_and_code(con):
    fig, *_ = build(con, "mno", 2025, "de_abc", "taux", qpv=True)
    qpv = next(t for t in fig.data if t.name == maps.QPV_LABEL)
    assert sorted(qpv.locations) == ["QN05970M", "QN05977M"]  # the two QPV of MNO
    assert ["Pacot - Vandracq", "QN05970M", "Lambersart"] in [list(c) for c in qpv.customdata]
    assert "%{customdata[0]}" in qpv.hovertemplate and "%{customdata[1]}" in qpv.hovertemplate


def test_empty_classes_keep_their_legend_entry():
    frame = pd.DataFrame({"code_insee": ["59328", "59356"], "commune": ["Lambersart", "Lompret"],
                          "value": [10.0, 12.0], "secret": [False, False]})
    spec = maps.spec_for(INDS["plie_participants"], "valeur")
    fig = maps.build_figure(frame, spec, [0.0, 5.0, 12.0, 40.0], show_secret=True)
    names = [t.name for t in fig.data if t.showlegend]
    assert names == ["0 à 5 personnes", "6 à 12 personnes", "13 à 40 personnes",
                     maps.SECRET_LABEL]
    assert maps.commune_features_in(fig) == {"59328": "6 à 12 personnes",
                                             "59356": "6 à 12 personnes"}


def test_nord_map_is_light_enough(con):
    covered = set(context.territory_communes("mno")) | set(context.territory_communes("melt"))
    fig, frame, *_ = build(con, "nord", 2023, "de_abc", "taux", covered=covered, qpv=True,
                           outline_codes=context.territory_communes("melt"),
                           outline_name="Lys-Tourcoing (MELT)")
    assert len(maps.commune_features_in(fig)) == 647
    assert maps.figure_size(fig) <= 1_500_000
    outline = next(t for t in fig.data if t.name == "Lys-Tourcoing (MELT)")
    assert outline.type == "scattermap" and None in outline.lon


def test_geometry_is_not_copied_into_each_figure(con):
    fig, *_ = build(con, "mno", 2025, "de_abc", "taux")
    first = next(t for t in fig.data if t.type == "choroplethmap")
    again = fig.to_dict()["data"][fig.data.index(first)]["geojson"]
    assert isinstance(again, boundaries.SharedGeoJSON)


def test_every_indicator_and_measure_can_be_mapped(con):
    inds = maps.mappable()
    ids = sorted({i for ind in inds for m in maps.measures_for(ind)
                  for i in maps.needed_ids(ind, m)})
    table = figures.by_commune(con, "mno", 2025, ids)
    pops = maps.populations_by_commune()
    for ind in inds:
        for measure in maps.measures_for(ind):
            for masked in (True, False):
                frame, ref = maps.map_values(table, ind, measure, populations=pops,
                                             masked=masked)
                spec = maps.spec_for(ind, measure, "mno")
                breaks = maps.class_breaks(frame["value"], spec, 5, "quantiles")
                fig = maps.build_figure(frame, spec, breaks, reference=maps.Reference(
                    "MNO", spec.text(ref["value"])))
                assert len(maps.commune_features_in(fig)) == 10, (ind.id, measure)
                if masked and ind.unit == "personnes" and measure == "valeur" \
                        and ind.period != "population":
                    shown = frame["value"].dropna()
                    assert not ((shown > 0) & (shown < 11)).any(), ind.id


# -- quartiers prioritaires coloured by an ONPV figure ----------------------------------------
def qpv_figure(store, audience, indicator, measure, year=2021):
    from queries import dashboards

    data = dashboards.qpv_onpv_page(store.connection(), "mno", year, audience=audience)
    ind = registry.indicators()[indicator]
    frame = maps.qpv_values(data["quartiers"], ind, measure)
    spec = maps.qpv_spec(ind, measure, "mno")
    breaks = maps.class_breaks(frame["value"], spec, 5)
    fig = maps.build_qpv_figure(frame, spec, breaks, communes=context.territory_communes("mno"),
                                outline_name="MNO")
    return fig, frame, spec


def test_qpv_map_colours_the_quarters_by_their_onpv_figure(onpv_store):
    fig, frame, spec = qpv_figure(onpv_store, "gestionnaire", "qpv_de_abc", "valeur")
    assert dict(zip(frame["qpv_code"], frame["value"], strict=True)) == {
        "QN05970M": 150, "QN05977M": 250}  # IPRO 2021 of tests/onpv_files.py
    drawn = maps.qpv_features_in(fig)
    assert set(drawn) == {"QN05970M", "QN05977M"}
    assert drawn["QN05970M"] != drawn["QN05977M"]  # two values, two classes
    trace = next(t for t in fig.data if t.name == drawn["QN05970M"])
    assert ["Pacot - Vandracq", "150", "Lambersart"] in [list(c) for c in trace.customdata]
    # the territory's communes underneath, the offline style
    spec_json = json.loads(plotly.io.to_json(fig, validate=False))
    assert spec_json["layout"]["map"]["style"] == "white-bg"
    base = next(t for t in spec_json["data"] if t["name"] == maps.QPV_BASE_LABEL)
    assert set(base["locations"]) == set(context.territory_communes("mno"))
    for trace in spec_json["data"]:
        if trace["type"] == "scattermap":
            assert trace["mode"] == "lines"


def test_qpv_map_secret_of_the_app_and_of_the_file(onpv_store):
    # 50 and over: 8 in Pacot, hidden for an official with Briquetterie's (secondary)
    fig, frame, _ = qpv_figure(onpv_store, "elu", "qpv_de_abc_50plus", "part")
    assert frame["secret"].all() and frame["value"].isna().all()
    assert set(maps.qpv_features_in(fig).values()) == {maps.SECRET_LABEL}
    # under 25 in Briquetterie: an empty cell of the file, « s » for a manager too
    fig, frame, _ = qpv_figure(onpv_store, "gestionnaire", "qpv_de_abc_moins_25", "valeur")
    assert maps.qpv_features_in(fig) == {"QN05970M": maps.legend_labels(
        maps.class_breaks(frame["value"], maps.qpv_spec(INDS["qpv_de_abc_moins_25"], "valeur"),
                          5), maps.qpv_spec(INDS["qpv_de_abc_moins_25"], "valeur"))[0],
        "QN05977M": maps.SECRET_LABEL}


def test_qpv_map_rates_in_percent(onpv_store):
    _, frame, spec = qpv_figure(onpv_store, "gestionnaire", "qpv_taux_emploi", "valeur")
    assert spec.text(frame.loc[frame["qpv_code"] == "QN05970M", "value"].iloc[0]) == \
        f"52,5{NBSP}%"
    assert maps.qpv_measures_for(INDS["qpv_de_a"]) == ["valeur", "part"]
    assert maps.qpv_measures_for(INDS["qpv_population"]) == ["valeur"]


def test_the_map_divides_by_the_population_every_rate_of_the_app_uses():
    """Lambersart: 27 572 inhabitants (population totale, the figure « Ma commune » and the
    MNO report give, T1), not its population municipale: the map's rate per 1 000 was
    another number than the commune page's for the same indicator."""
    assert maps.populations_by_commune()["59328"] == 27572
