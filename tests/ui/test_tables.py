"""Per-commune tables: statistical secret for officials, links to « Ma commune »."""

import pandas as pd

from ui import tables
from ui.filters import Filters

F = Filters("mno", 2025, (2025, 2024), (), ("59328", "59356", "59378", "59611"), "nord")


def t2() -> pd.DataFrame:  # MNO 2025, four communes of table T2 and a total row
    return pd.DataFrame({
        "code_insee": ["59328", "59356", "59378", "59611", None],
        "commune": ["Lambersart", "Lompret", "Marcq-en-Barœul", "Verlinghem", "Total"],
        "entrees": [67.0, 1.0, 30.0, 1.0, 99.0],
        "entrees_qpv": [11.0, 0.0, 7.0, 0.0, 18.0],
    }).assign(share=lambda d: d["entrees_qpv"] / d["entrees"])


def test_officials_see_s_secondary_suppression_and_hidden_rates():
    shown, mask = tables.protect(t2(), ["entrees", "entrees_qpv"], masked=True,
                                 rates={"share": ("entrees_qpv", "entrees")})
    assert mask["entrees"].tolist() == [False, True, False, True, False]
    # Marcq's 7 is small; Lambersart's 11 is hidden too, or 18 − 11 would give it away.
    assert mask["entrees_qpv"].tolist() == [True, False, True, False, False]
    assert mask["share"].tolist() == [True, True, True, True, False]
    assert shown["entrees_qpv"].isna().tolist() == [True, False, True, False, False]


def test_managers_see_everything():
    shown, mask = tables.protect(t2(), ["entrees", "entrees_qpv"], masked=False)
    assert not mask.any().any()
    assert shown["entrees"].tolist() == t2()["entrees"].tolist()


def test_parts_of_a_total_shown_elsewhere_are_protected():
    reasons = pd.DataFrame({"reason": ["CDI", "CDD", "Création"], "n": [21.0, 16.0, 3.0]})
    _, mask = tables.protect_parts(reasons, ["n"], masked=True)
    assert mask["n"].tolist() == [False, True, True]  # 3 is small, then the next smallest


def test_commune_table_links_and_formats():
    shown, mask = tables.protect(t2(), ["entrees", "entrees_qpv"], masked=True,
                                 rates={"share": ("entrees_qpv", "entrees")})
    table, config = tables.commune_table(shown, [tables.Column("entrees", "Entrées"),
                                                 tables.Column("share", "% QPV", "%")], F, mask)
    assert table["Entrées"].tolist() == ["67", "s", "30", "s", "99"]
    assert table["% QPV"].iloc[-1] == "18,2\u00a0%"
    link = table["Commune"].iloc[0]
    assert link == ("ma_commune?territory=mno&year=2025&ref=nord&commune=59328#Lambersart")
    assert table["Commune"].iloc[-1] == "chiffres_cles?territory=mno&year=2025#Total"
    assert "Commune" in config


def test_hide_figures_uses_the_key_figures_rule():
    figures = pd.DataFrame({"value": [40.0, 35.0, 5.0, 9.0, 4.0, 4 / 9]}, index=[
        "plie_participants", "plie_femmes", "plie_hommes", "plie_sorties",
        "plie_sorties_positives", "plie_taux_sorties_positives"])
    hidden = tables.hide_figures(figures, masked=True)
    assert hidden["plie_hommes"] and hidden["plie_femmes"]  # complement of a hidden part
    assert hidden["plie_taux_sorties_positives"] and not hidden["plie_participants"]
    assert not tables.hide_figures(figures, masked=False).any()
