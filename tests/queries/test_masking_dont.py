"""Two deductions of masked figures, figures by hand: a « dont » line beside its hidden
total (« s » participants, dont QPV : 0 tells that none of them lives in a QPV), and the
PLIE steps by type against the year's steps shown on the page."""

import math

import pandas as pd

from queries import dashboards, masking, secret


# -- a « dont » line of a hidden total is hidden, zeros included ----------------------------
def key_figures(values: dict) -> pd.DataFrame:
    frame = pd.DataFrame({"indicator": list(values), "value": list(values.values())})
    for col in ("share", "evolution_pct", "previous_value"):
        frame[col] = math.nan
    return frame


def test_a_zero_beside_a_masked_total_is_masked_in_the_key_figures():
    # 3 PLIE participants (« s »), none in a QPV, none on RSA; 12 new entries, 0 in a QPV
    figures = key_figures({"plie_participants": 3.0, "plie_qpv": 0.0, "plie_rsa": 0.0,
                           "plie_nouvelles_entrees": 12.0, "plie_entrees_qpv": 0.0})
    shown = secret.mask_key_figures(figures, threshold=11).set_index("indicator")
    assert shown["secret"].to_dict() == {
        "plie_participants": True, "plie_qpv": True, "plie_rsa": True,
        # a total shown: its zero is shown (it discloses nobody)
        "plie_nouvelles_entrees": False, "plie_entrees_qpv": False}
    assert shown.loc[["plie_qpv", "plie_rsa"], "value"].isna().all()
    assert shown.loc["plie_entrees_qpv", "value"] == 0


def test_the_dont_lines_of_a_total_hidden_elsewhere_are_hidden():
    # 30 participants hidden by the per-commune table: 15 women and 15 men would give
    # them back (15 + 15), and « dont QPV : 0 » would describe all 30
    figures = pd.DataFrame({"indicator": ["plie_participants", "plie_femmes", "plie_hommes",
                                          "plie_qpv", "pop_totale"],
                            "value": [30.0, 15.0, 15.0, 0.0, 2300.0],
                            "forced": [True, False, False, False, False]})
    rule = masking.Figures(key="indicator", forced={"value": "forced"})
    assert masking.hidden(rule.protect(figures, "elu"), "value").tolist() == \
        [True, True, True, True, False]
    assert not masking.hidden(rule.protect(figures, "gestionnaire"), "value").any()


def test_the_dont_lines_of_a_hidden_dont_line_are_hidden():
    # exits 20 shown, positive ones 4 (« s »), none of them on RSA: the 0 tells it
    figures = key_figures({"plie_sorties": 20.0, "plie_sorties_positives": 4.0,
                           "plie_sorties_neutres": 6.0, "plie_sorties_autres": 10.0,
                           "plie_sp_rsa": 0.0})
    shown = secret.mask_key_figures(figures, threshold=11).set_index("indicator")
    assert shown.loc[["plie_sorties_positives", "plie_sp_rsa"], "secret"].all()
    assert not shown.loc["plie_sorties", "secret"]


def plie_communes() -> pd.DataFrame:
    # Lompret: 3 participants (« s »), none in a QPV; Verlinghem: 4, 1 in a QPV
    return pd.DataFrame({
        "code_insee": ["59328", "59356", "59378", "59611", None],
        "plie_participants": [67.0, 3.0, 30.0, 4.0, 104.0],
        "plie_qpv": [11.0, 0.0, 14.0, 1.0, 26.0],
        "pop_totale": [21000.0, 2300.0, 39000.0, 2400.0, 64700.0]})


def test_a_zero_beside_a_masked_total_is_masked_in_a_per_commune_table():
    rule = dashboards.commune_rule(["plie_participants", "plie_qpv"])
    mask = masking.mask_of(rule.protect(plie_communes(), "elu"))
    assert mask["plie_participants"].tolist() == [False, True, False, True, False]
    # Lompret's 0 is hidden with its 3 participants; Verlinghem's 1 is small anyway (two
    # hidden cells: 26 − 11 − 14 gives neither)
    assert mask["plie_qpv"].tolist() == [False, True, False, True, False]
    assert not masking.mask_of(rule.protect(plie_communes(), "gestionnaire")).any().any()


def test_a_zero_beside_a_masked_total_on_the_qpv_page():
    # PLIE participants by commune on the QPV page: Lompret 3 (« s »), of whom 0 in a QPV
    frame = pd.DataFrame({"code_insee": ["59328", "59356", "59378", None],
                          "personnes": [67.0, 3.0, 30.0, 100.0],
                          "personnes_qpv": [11.0, 0.0, 14.0, 25.0]})
    frame["share"] = frame["personnes_qpv"] / frame["personnes"]
    rule = dashboards.QPV_RULES["by_commune"]
    mask = masking.mask_of(rule.protect(frame, "elu"))
    assert mask["personnes"].tolist() == [False, True, True, False]
    # the 0 is hidden; then 25 − 11 − 14 would give it back: 11 is hidden too
    assert mask["personnes_qpv"].tolist() == [True, True, True, False]
    assert not masking.mask_of(rule.protect(frame, "gestionnaire")).any().any()
    summary = pd.DataFrame({"population": ["plie_participants"], "personnes": [3.0],
                            "personnes_qpv": [0.0], "share": [0.0], "ref_share": [0.2]})
    mask = masking.mask_of(dashboards.QPV_RULES["summary"].protect(summary, "elu"))
    assert mask.loc[0, ["personnes", "personnes_qpv", "share"]].all()


def test_secret_suppress_hides_the_dont_cells_of_a_hidden_total():
    table = pd.DataFrame({"n": [3.0, 40.0], "qpv": [0.0, 12.0], "rsa": [math.nan, 15.0]})
    mask = secret.suppress(table, ["n", "qpv", "rsa"], threshold=11,
                           dont=[("n", ["qpv", "rsa"])])
    assert mask.to_dict("list") == {"n": [True, False], "qpv": [True, False],
                                    "rsa": [False, False]}  # nothing to hide in a NaN


# -- steps by type against the year's steps --------------------------------------------------
def steps_by_type() -> pd.DataFrame:
    """PLIE steps by type (series.plie_steps_by_type), 107 steps in the year: the
    « CDD » type's 12 steps of 3 participants are hidden (they describe 3 people)."""
    return pd.DataFrame({
        "family": ["emploi", "emploi", "formation"],
        "step_type": ["CDI", "CDD", "Qualifiante"],
        "plie_etapes": [45.0, 12.0, 50.0],
        "plie_etapes_demarrees_annee": [20.0, 12.0, 30.0],
        "plie_etapes_qualifiantes": [0.0, 0.0, 50.0],
        "plie_etapes_participants": [30.0, 3.0, 40.0]})


def test_steps_by_type_cannot_be_deduced_from_the_years_steps():
    steps = steps_by_type()
    shown = dashboards.PLIE_RULES["steps"].protect(steps, "elu")
    hidden = masking.hidden(shown, "plie_etapes")
    assert hidden[1]
    # 107 − 45 − 50 (and the « emploi » family's 57 − 45) would give the 12: the « CDI »
    # steps of the same family are hidden with them
    assert hidden.tolist() == [True, True, False]
    assert masking.hidden(shown, "plie_etapes_demarrees_annee").tolist() == [True, True, False]
    # participants by type do not add up to anything shown: only the small one is hidden
    assert masking.hidden(shown, "plie_etapes_participants").tolist() == [False, True, False]
    # whatever is shown, no type's steps is the year's total minus the others shown
    for col in ("plie_etapes", "plie_etapes_demarrees_annee"):
        assert masking.hidden(shown, col).sum() != 1
    assert not masking.mask_of(
        dashboards.PLIE_RULES["steps"].protect(steps, "gestionnaire")).any().any()



def test_hidden_zeros_of_a_column_are_not_given_back_by_its_total():
    """MNO 2025 (T2): Lompret and Verlinghem, 2 participants each (« s »), none in a QPV.
    Their two hidden zeros alone would be 47 − 33 − 14 = 0: both 0. The smallest positive
    cell of the column is hidden with them."""
    frame = pd.DataFrame({
        "code_insee": ["59328", "59356", "59378", "59611", None],
        "plie_participants": [160.0, 2.0, 83.0, 2.0, 247.0],
        "plie_qpv": [33.0, 0.0, 14.0, 0.0, 47.0],
        "pop_totale": [21000.0, 2300.0, 39000.0, 2400.0, 64700.0]})
    rule = dashboards.commune_rule(["plie_participants", "plie_qpv"])
    mask = masking.mask_of(rule.protect(frame, "elu"))
    assert mask["plie_qpv"].tolist() == [False, True, True, True, False]
    table = pd.DataFrame({"n": [0.0, 0.0, 5.0, 20.0, 25.0]})
    assert secret.suppress(table, ["n"], threshold=3, total_row=4,
                           primary=pd.DataFrame({"n": [True, True, False, False, False]})
                           )["n"].tolist() == [True, True, True, False, False]
