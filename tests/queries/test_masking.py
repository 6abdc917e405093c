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


# -- Warneton (MELT, 2023): one step of one participant, « s » women beside 0 men ----------
def warneton_figures() -> pd.DataFrame:
    """The commune's key figures as the user test found them (2 participants, both women,
    one of whom had the commune's single step, an « emploi » one), hand-made."""
    ids = ["plie_participants", "plie_femmes", "plie_hommes", "plie_cohorte_annee",
           "plie_cohorte_deux_ans", "plie_cohorte_anterieure", "plie_etapes",
           "plie_etapes_participants", "plie_etapes_demarrees_annee", "plie_etapes_emploi"]
    values = [2.0, 2.0, 0.0, 2.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0]
    frame = pd.DataFrame({"indicator": ids, "value": values})
    for col in ("share", "evolution_pct", "previous_value"):
        frame[col] = math.nan
    return frame


def test_steps_of_a_masked_participant_are_masked_for_officials_not_managers():
    from queries import secret

    shown = secret.mask_key_figures(warneton_figures(), threshold=11).set_index("indicator")
    # 1 step, 1 « emploi » step, 1 started this year: each says that 1 participant had one
    for i in ("plie_etapes_participants", "plie_etapes", "plie_etapes_emploi",
              "plie_etapes_demarrees_annee"):
        assert shown.loc[i, "secret"] and pd.isna(shown.loc[i, "value"]), i
    rule = dashboards.COMMUNE_RULES["table"]
    for audience, hidden in (("elu", True), ("lecteur", True), ("gestionnaire", False)):
        mask = masking.mask_of(rule.protect(warneton_figures(), audience)).set_axis(
            warneton_figures()["indicator"])
        assert mask.loc[["plie_etapes", "plie_etapes_participants", "plie_etapes_emploi"],
                        "value"].tolist() == [hidden] * 3, audience


def test_a_zero_beside_a_lone_masked_part_of_a_masked_total_is_masked():
    from queries import secret

    shown = secret.mask_key_figures(warneton_figures(), threshold=11).set_index("indicator")
    # participants 2 (« s »), women 2 (« s »), men 0: the 0 would tell that both are women
    assert shown.loc["plie_femmes", "secret"] and shown.loc["plie_hommes", "secret"]
    # cohorts: 2 this year, 0 and 0 before: « dont » lines of a hidden total, all hidden
    # (a zero is shown only when its total is shown)
    cohorts = shown.loc[["plie_cohorte_annee", "plie_cohorte_deux_ans",
                         "plie_cohorte_anterieure"], "secret"].tolist()
    assert cohorts == [True, True, True]
    # a total hidden elsewhere takes its « dont » lines with it, a positive one too (a
    # « dont » line is shown only with its total; with women shown too, 27 + their number
    # would give back the total that the per-commune table hides):
    # 30 participants hidden elsewhere, 3 women hidden, 27 men hidden
    figures = pd.DataFrame({"indicator": ["plie_participants", "plie_femmes", "plie_hommes"],
                            "value": [30.0, 3.0, 27.0], "forced": [True, False, False]})
    rule = Figures(key="indicator", forced={"value": "forced"})
    assert masking.hidden(rule.protect(figures, "elu"), "value").tolist() == \
        [True, True, True]


def test_per_commune_tables_hide_steps_and_the_zero_of_a_sex_split():
    frame = pd.DataFrame({
        "code_insee": ["59291", "59643", None],
        "plie_participants": [120.0, 2.0, 122.0], "plie_femmes": [60.0, 2.0, 62.0],
        "plie_hommes": [60.0, 0.0, 60.0], "plie_etapes": [300.0, 1.0, 301.0],
        "plie_etapes_participants": [100.0, 1.0, 101.0], "pop_totale": [21000.0, 2300.0, 23300.0]})
    rule = dashboards.commune_rule(["plie_participants", "plie_femmes", "plie_hommes",
                                    "plie_etapes", "plie_etapes_participants"])
    mask = masking.mask_of(rule.protect(frame, "elu"))
    warneton = mask.iloc[1]
    assert warneton[["plie_participants", "plie_femmes", "plie_hommes", "plie_etapes",
                     "plie_etapes_participants"]].all()
    # Halluin: its participants, women and men are hidden by secondary suppression
    # (122 − 2); its 300 steps go with its 100 participants with a step, hidden too
    assert mask.at[0, "plie_etapes"] == mask.at[0, "plie_etapes_participants"]
    assert not masking.mask_of(rule.protect(frame, "gestionnaire")).any().any()


def test_a_small_step_count_is_masked_even_beside_many_participants():
    steps = pd.DataFrame({"family": ["emploi"] * 3,
                          "plie_etapes_participants": [30.0, 3.0, 40.0],
                          "plie_etapes": [45.0, 12.0, 2.0],
                          "plie_etapes_demarrees_annee": [20.0, 12.0, 2.0],
                          "plie_etapes_qualifiantes": [15.0, 0.0, 0.0]})
    mask = masking.mask_of(dashboards.PLIE_RULES["steps"].protect(steps, "elu"))
    # row 1: 12 steps of 3 participants (hidden); row 2: 2 steps bound 2 participants
    assert mask["plie_etapes"].tolist() == [False, True, True]
    assert mask["plie_etapes_qualifiantes"].tolist() == [False, True, False]
    assert not masking.mask_of(
        dashboards.PLIE_RULES["steps"].protect(steps, "gestionnaire")).any().any()


def test_a_hidden_step_count_is_protected_against_the_total_row():
    # 2 « emploi » steps in Warneton (hidden: they bound 2 participants) with 30 and 20
    # elsewhere and 52 in all: the 20 is hidden too, or 52 − 30 − 20 would give the 2
    frame = pd.DataFrame({"code_insee": ["59291", "59643", "59350", None],
                          "plie_etapes_participants": [100.0, 50.0, 60.0, 210.0],
                          "plie_etapes_emploi": [30.0, 2.0, 20.0, 52.0]})
    rule = dashboards.commune_rule(["plie_etapes_participants", "plie_etapes_emploi"])
    mask = masking.mask_of(rule.protect(frame.assign(pop_totale=1000.0), "elu"))
    assert mask["plie_etapes_emploi"].tolist() == [False, True, True, False]
    assert not mask["plie_etapes_participants"].any()
    # the fiche of the commune with 20 hides what the per-commune table hides
    assert masking.commune_secret(frame, "59350", ["plie_etapes_participants",
                                                   "plie_etapes_emploi"]) == \
        {"plie_etapes_emploi"}


def test_groups_are_protected_by_position_when_the_index_repeats_a_label():
    """Rows of two groups under the same label (a month per commune…): each row gets its
    own group's mask (protecting by label once gave the last group's mask to both)."""
    frame = pd.DataFrame({"kind": ["a", "a", "b", "b"], "n": [3.0, 40.0, 50.0, 60.0]},
                         index=[7, 8, 7, 8])
    shown = Table(counts=("n",), parts=True, by="kind").protect(frame, "elu")
    assert masking.mask_of(shown)["n"].tolist() == [True, True, False, False]
    assert shown["n"].isna().tolist() == [True, True, False, False]
    assert shown.index.tolist() == [7, 8, 7, 8]
