"""The statistical secret in the query layer: rules that classify every column, flags,
secondary suppression against totals, parts, exhaustive groups and trends."""

import math

import pandas as pd
import pytest

from queries import dashboards, masking
from queries.masking import Figures, Table, flag


def t2() -> pd.DataFrame:  # MNO 2025, four communes of table T2 and a total row
    return pd.DataFrame({
        "code_insee": ["59328", "59356", "59378", "59611", None],
        "commune": ["Lambersart", "Lompret", "Marcq-en-Barœul", "Verlinghem", "Total"],
        "entrees": [67.0, 1.0, 30.0, 1.0, 99.0],
        "entrees_qpv": [11.0, 0.0, 7.0, 0.0, 18.0],
        "pop_totale": [21000.0, 2300.0, 39000.0, 2400.0, 64700.0],
    }).assign(share=lambda d: d["entrees_qpv"] / d["entrees"])


T2 = Table(counts=("entrees", "entrees_qpv"), derived={"share": ("entrees_qpv", "entrees")},
           public=("pop_totale",), total="code_insee")


def test_officials_see_secondary_suppression_and_hidden_rates():
    shown = T2.protect(t2(), "elu")
    mask = masking.mask_of(shown)
    assert mask["entrees"].tolist() == [False, True, False, True, False]
    # Marcq's 7 is small; Lambersart's 11 is hidden too, or 18 − 11 would give it away.
    assert mask["entrees_qpv"].tolist() == [True, False, True, False, False]
    assert mask["share"].tolist() == [True, True, True, True, False]
    assert shown["entrees_qpv"].isna().tolist() == [True, False, True, False, False]
    assert shown["entrees"].tolist()[::2] == [67.0, 30.0, 99.0]
    assert shown["pop_totale"].tolist() == t2()["pop_totale"].tolist()  # public


def test_readers_are_masked_like_officials_and_unknown_roles_like_readers():
    assert masking.masks("lecteur") and masking.masks("elu")
    assert not masking.masks("gestionnaire")
    assert masking.audience_of(None) == "lecteur"
    assert masking.audience_of("admin") == "lecteur"
    with pytest.raises(ValueError):
        masking.masks("admin")


def test_managers_see_everything_with_the_same_flag_columns():
    shown = T2.protect(t2(), "gestionnaire")
    assert shown["entrees"].tolist() == t2()["entrees"].tolist()
    assert {flag("entrees"), flag("entrees_qpv"), flag("share")} <= set(shown.columns)
    assert not masking.mask_of(shown).any().any()


def test_a_numeric_column_without_a_rule_is_refused():
    frame = t2().assign(entrees_femmes=[30.0, 1.0, 12.0, 0.0, 43.0])
    with pytest.raises(masking.UnclassifiedColumn, match="entrees_femmes"):
        T2.protect(frame, "elu")
    with pytest.raises(masking.UnclassifiedColumn, match="frame 'extra'"):
        masking.protect_all({"t2": t2(), "extra": t2()}, {"t2": T2}, "elu")


def test_parts_of_a_total_shown_elsewhere_are_protected_per_group():
    reasons = pd.DataFrame({"kind": ["positive", "positive", "positive", "autre", "autre"],
                            "reason": ["CDI", "CDD", "Création", "Déménagement", "Abandon"],
                            "n": [21.0, 16.0, 3.0, 40.0, 30.0]})
    shown = Table(counts=("n",), parts=True, by="kind").protect(reasons, "elu")
    # 3 is small, then the next smallest of its kind; the other kind has nothing small
    assert masking.hidden(shown, "n").tolist() == [False, True, True, False, False]


def test_exhaustive_groups_within_a_row():
    frame = pd.DataFrame({"code_insee": ["59328", None], "participants": [40.0, 40.0],
                          "femmes": [35.0, 35.0], "hommes": [5.0, 5.0]})
    rule = Table(counts=("participants", "femmes", "hommes"), total="code_insee",
                 row_groups=(("participants", ("femmes", "hommes")),))
    mask = masking.mask_of(rule.protect(frame, "elu"))
    # 5 men are hidden; women too, or 40 − 35 would give them away
    assert mask["hommes"].all() and mask["femmes"].all()
    assert not mask["participants"].any()


def test_a_trend_is_hidden_while_its_window_holds_a_hidden_month():
    counts = [20.0, 20.0, 4.0, 20.0, 20.0, 20.0]
    frame = pd.DataFrame({"month": pd.date_range("2025-01-01", periods=6, freq="MS"),
                          "n": counts})
    frame["trend"] = frame["n"].rolling(3).mean()
    shown = Table(counts=("n",), windows={"trend": ("n", 3)}).protect(frame, "elu")
    assert masking.hidden(shown, "n").tolist() == [False, False, True, False, False, False]
    # the 3-month means of March, April and May contain March's 4
    assert masking.hidden(shown, "trend").tolist() == [False, False, True, True, True, False]
    assert shown["trend"].iloc[5] == 20.0


def test_figures_hide_counts_their_complement_rates_and_evolutions():
    table = pd.DataFrame({"value": [40.0, 35.0, 5.0, 9.0, 4.0, 4 / 9],
                          "prev": [38.0, 30.0, 8.0, 12.0, 6.0, 0.5],
                          "covered": [3, 3, 3, 3, 3, 3]},
                         index=["plie_participants", "plie_femmes", "plie_hommes",
                                "plie_sorties", "plie_sorties_positives",
                                "plie_taux_sorties_positives"])
    table["evol"] = (table["value"] - table["prev"]) / table["prev"] * 100
    rule = Figures(values=("value", "prev"), derived={"evol": ("value", "prev")},
                   public=("covered",))
    mask = masking.mask_of(rule.protect(table, "elu"))
    assert mask["value"]["plie_hommes"] and mask["value"]["plie_femmes"]
    assert mask["value"]["plie_taux_sorties_positives"]
    assert not mask["value"]["plie_participants"]
    # 38 participants the year before are shown; 6 positive exits are not, nor any
    # evolution built on them
    assert not mask["prev"]["plie_participants"] and mask["prev"]["plie_sorties_positives"]
    assert mask["evol"]["plie_sorties"]  # 12 → 9: its value is small
    assert not mask["evol"]["plie_participants"]


def test_a_figure_forced_hidden_takes_its_exhaustive_group_with_it():
    table = pd.DataFrame({"indicator": ["plie_participants", "plie_femmes", "plie_hommes"],
                          "value": [60.0, 30.0, 30.0], "elsewhere": [False, True, False]})
    rule = Figures(key="indicator", forced={"value": "elsewhere"})
    hidden = masking.hidden(rule.protect(table, "elu"), "value")
    assert hidden.tolist() == [False, True, True]


def test_population_is_public():
    table = pd.DataFrame({"value": [8.0, 3.0]}, index=["pop_totale", "plie_participants"])
    hidden = masking.hidden(Figures().protect(table, "elu"), "value")
    assert hidden.tolist() == [False, True]


def test_every_dashboard_requires_an_audience():
    for name in ("job_seekers_page", "plie_page", "ml_page", "mde_page", "qpv_page",
                 "commune_page", "map_page"):
        fn = getattr(dashboards, name)
        with pytest.raises(TypeError, match="audience"):
            fn(None, "mno", ("59328",), 2025, None)


def test_views_carry_the_secret_of_the_table_they_are_cut_from():
    table = pd.DataFrame({"value": [12.0, 4.0], flag("value"): [False, True],
                          "measure": [0.3, math.nan], flag("measure"): [False, True]},
                         index=["plie_femmes", "plie_rsa"])
    cell = dashboards._cell(table, "plie_rsa", "value", "participants")
    assert cell == {"participants": 4.0, flag("participants"): True}


def test_a_lone_masked_cell_beside_zeros_hides_a_zero_too():
    """Women 4 (under 5), men 0, total 4 shown as « s »… but shares: 100 % − 0 % tells
    the « s ». With no positive cell left, a zero is hidden with it."""
    from queries import secret

    table = pd.DataFrame({"n": [4, 0, 4]}, index=["femmes", "hommes", "total"])
    mask = secret.suppress(table, ["n"], threshold=5, total_row="total")
    assert mask["n"].tolist() == [True, True, True]
    table = pd.DataFrame({"n": [3, 0, 40]}, index=["femmes", "hommes", "total"])
    assert secret.suppress(table, ["n"], threshold=5, total_row="total")["n"].tolist() == \
        [True, True, False]
