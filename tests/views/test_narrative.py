"""« Ce que disent les chiffres » at the top of « Chiffres clés » and « Ma commune »
(AppTest, demo store): the sentences, their footnotes, the secret per role."""

import html

from tests.views.dashboard_app import assert_ok, demo, run_page
from wording import texts

NNBSP, NBSP = "\u202f", "\u00a0"
__all__ = ["demo"]


def flat(node):
    """Every element of a page, in the order it is drawn."""
    for child in getattr(node, "children", {}).values():
        yield child
        yield from flat(child)


def narrative_block(at) -> tuple[str, str]:
    """(the sentences, the footnotes) the page shows under « Ce que disent les chiffres »."""
    headers = [h.value for h in at.subheader]
    assert texts.NARRATIVE_TITLE in headers, headers
    sentences = next(m.value for m in at.markdown if m.value.startswith("- "))
    [expander] = [e for e in at.expander if e.label == texts.NARRATIVE_EVIDENCE]
    notes = "\n".join(m.value for m in expander.markdown)
    return sentences, notes


def test_chiffres_cles_opens_with_the_year_in_sentences(demo):
    at = run_page("chiffres_cles", role="elu", territory="mno", year="2025")
    assert_ok(at)
    sentences, notes = narrative_block(at)
    assert sentences.startswith(
        f"- Fin septembre 2025, le territoire compte 9{NNBSP}948 demandeurs d'emploi de "
        f"catégorie A, B et C : une hausse de 8,0{NBSP}% en un an.¹")
    assert "juste en dessous de l'objectif de 50" in sentences
    # footnotes: the registry ids and values each sentence rests on
    assert notes.startswith(f"¹ de\\_abc (valeur, septembre 2025) : 9{NNBSP}948 ; "
                            f"de\\_abc (un an plus tôt) : 9{NNBSP}211")
    assert f"plie\\_taux\\_sorties\\_positives (valeur, 2025) : 49,6{NBSP}%" in notes
    # the place of the values, said once
    assert any("Métropole Nord-Ouest (ALPES), sauf autre lieu indiqué" in c.value
               for c in at.caption)
    # the block comes before the tiles
    kinds = [(type(e).__name__, str(getattr(e, "value", ""))) for e in flat(at.main)]
    title = kinds.index(("Subheader", texts.NARRATIVE_TITLE))
    tiles = next(i for i, (k, v) in enumerate(kinds) if k == "Html" and "tbe-famil" in v)
    assert title < tiles


def test_chiffres_cles_melt_2023(demo):
    at = run_page("chiffres_cles", role="lecteur", territory="melt", year="2023")
    assert_ok(at)
    sentences, _ = narrative_block(at)
    assert f"18{NNBSP}367 demandeurs d'emploi de catégorie A, B et C : une légère hausse de 4,5{NBSP}%" \
        in sentences
    assert texts.NARRATIVE_LPE not in sentences


def test_ma_commune_for_an_official_and_for_the_manager(demo):
    at = run_page("ma_commune", role="elu", commune="59356", territory="mno", year="2025")
    assert_ok(at)
    sentences, notes = narrative_block(at)
    assert sentences.startswith("- Fin septembre 2025, Lompret compte 136 demandeurs d'emploi")
    assert "Lompret se situe en dessous de la moyenne du territoire (67,2)" in sentences
    # 2 PLIE participants and 10 CEJ entries: under the secret threshold for an official
    assert "parcours PLIE" not in sentences and "entrés en CEJ" not in sentences
    assert "cej\\_entrees" not in notes and "plie\\_participants" not in notes
    at = run_page("ma_commune", role="gestionnaire", commune="59356", territory="mno", year="2025")
    assert_ok(at)
    sentences, notes = narrative_block(at)
    assert "En 2025, à Lompret, 2 habitants ont suivi un parcours PLIE." in sentences
    assert "En 2025, à Lompret, 10 jeunes sont entrés en CEJ." in sentences
    assert "⁶ cej\\_entrees (valeur, 2025) : 10" in notes


def test_assemblee_generale_presents_what_to_remember_after_the_title(demo):
    at = run_page("assemblee_generale", territory="mno", year="2025", slide="2")
    assert_ok(at)
    at.button(key="ag_present_button").click().run()
    assert not at.title  # presentation mode: the slide alone
    [shown] = [html.unescape(str(h.value)) for h in at.html if "ag-slide" in str(h.value)]
    assert 'aria-label="2 / ' in shown and texts.NARRATIVE_SLIDE_TITLE in shown
    assert (f"Fin septembre 2025, le territoire compte 9{NNBSP}948 demandeurs d'emploi de "
            f"catégorie A, B et C") in shown
    # an AG is public: the official's narrative, whoever presents it
    assert 'title="de_abc (valeur, septembre 2025)' in shown
