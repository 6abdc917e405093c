"""Statistical secret: primary and secondary suppression, on tables and key figures."""

import pandas as pd

from queries.secret import apply, mask_key_figures, suppress


def t2_like() -> pd.DataFrame:
    return pd.DataFrame(
        {"participants": [76, 160, 2, 83, 15, 336], "femmes": [40, 90, 1, 50, 8, 189],
         "hommes": [36, 70, 1, 33, 7, 147]},
        index=["La Madeleine", "Lambersart", "Lompret", "Marcq", "Wambrechies", "Total"],
    )


def test_primary_masks_counts_between_one_and_threshold_but_not_zero():
    df = pd.DataFrame({"n": [0, 1, 10, 11, 250]})
    assert suppress(df, ["n"], threshold=11)["n"].tolist() == [False, True, True, False, False]


def test_secondary_suppression_protects_a_lone_masked_cell_of_a_column():
    df = pd.DataFrame({"n": [2, 40, 300, 342]}, index=["a", "b", "c", "Total"])
    mask = suppress(df, ["n"], threshold=11, total_row="Total")
    assert mask["n"].tolist() == [True, True, False, False]  # b masked so a can't be recovered


def test_no_masked_cell_can_be_recomputed_from_margins():
    df = t2_like()
    cols = ["participants", "femmes", "hommes"]
    mask = suppress(df, cols, threshold=11, total_row="Total",
                    row_groups=[("participants", ["femmes", "hommes"])])
    body = mask.drop(index="Total")
    for col in cols:  # each column: never exactly one masked cell
        assert body[col].sum() != 1
    for idx in mask.index:  # each row: women/men never exactly one masked when total shown
        if not mask.at[idx, "participants"]:
            assert mask.loc[idx, ["femmes", "hommes"]].sum() != 1
    shown = apply(df, mask)
    small = (df[cols] > 0) & (df[cols] < 11)
    assert shown[cols][small].isna().all().all()


def test_key_figures_mask_small_counts_rates_and_their_complements():
    figures = pd.DataFrame({
        "indicator": ["plie_participants", "plie_femmes", "plie_hommes", "plie_sorties",
                      "plie_sorties_positives", "plie_sorties_neutres", "plie_sorties_autres",
                      "plie_taux_sorties_positives"],
        "value": [40, 35, 5, 9, 4, 2, 3, 4 / 9],
    })
    for col in ("share", "evolution_pct", "previous_value"):
        figures[col] = 1.0
    out = mask_key_figures(figures, threshold=11).set_index("indicator")
    assert out.loc["plie_hommes", "secret"] and out.loc["plie_femmes", "secret"]
    assert not out.loc["plie_participants", "secret"]
    assert out.loc["plie_taux_sorties_positives", "secret"]  # denominator 9 < 11
    assert pd.isna(out.loc["plie_hommes", "value"])


def test_rates_and_means_built_on_masked_counts_are_masked():
    """Adjusted rate = positives / (exits − neutral): with neutral exits masked, the rate
    would give them back; a mean duration over 2 participants describes 2 people."""
    figures = pd.DataFrame({
        "indicator": ["plie_participants", "plie_sorties", "plie_sorties_positives",
                      "plie_sorties_neutres", "plie_sorties_autres", "plie_taux_sorties_positives",
                      "plie_taux_sorties_positives_ajuste", "plie_duree_moyenne"],
        "value": [2, 31, 18, 6, 7, 18 / 31, 18 / 25, 14.2],
    })
    for col in ("share", "evolution_pct", "previous_value"):
        figures[col] = 1.0
    out = mask_key_figures(figures, threshold=11).set_index("indicator")
    assert out.loc["plie_sorties_neutres", "secret"]
    assert out.loc["plie_taux_sorties_positives_ajuste", "secret"]
    assert not out.loc["plie_taux_sorties_positives", "secret"]  # 18 / 31: both shown
    assert out.loc["plie_duree_moyenne", "secret"]
