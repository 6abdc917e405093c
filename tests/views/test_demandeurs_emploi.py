"""« Demandeurs d'emploi » page, headless, on the demo store (MNO 2025, MELT 2023 reports)."""

from tests.views.dashboard_app import (
    assert_ok,
    demo,
    legends,
    metrics,
    param,
    row,
    run_page,
    shown_text,
    table_with,
)
from wording import texts

NNBSP = "\u202f"
__all__ = ["demo"]


def test_default_view_mno_2025(demo):
    at = run_page("demandeurs_emploi")
    assert_ok(at)
    assert metrics(at)[texts.DE_ABC] == f"9{NNBSP}948"  # 30/09/2025, MNO 2025 report
    assert metrics(at)[texts.DE_A] == f"5{NNBSP}884"
    assert texts.LPE_NOTE_TITLE in shown_text(at)  # 2024 → 2025 spans January 2025
    # The filters are in the URL, so the view can be bookmarked.
    assert (param(at, "territory"), param(at, "year"), param(at, "ref")) == ("mno", "2025",
                                                                             "nord")
    table = table_with(at, texts.DE_PER_1000)
    assert row(table, "Lambersart")[texts.DE_PER_1000] == "72,4"
    assert table.iloc[-1, 0].endswith("#Total")
    # The Nord is compared on the communes whose job seekers are imported: in the demo, MNO's
    # 10 of its 647, so its rate is MNO's (9 948 / 147 999 inhabitants = 67,2 ‰): the card
    # says so, or it would read as the whole département's.
    assert _note(at, texts.DE_PER_1000) == (
        "Département du Nord, 10 communes couvertes sur 647 : 67,2")
    # and so do the profile charts' legends (the Nord's profile is MNO's)
    names = [n for chart in legends(at) for n in chart]
    assert names.count("Département du Nord, 10 communes couvertes sur 647") == 4
    assert "Département du Nord" not in names


def _note(at, label: str) -> str:
    return next(m.proto.delta_description for m in at.metric if m.label == label)


def test_melt_2023_against_mno(demo):
    at = run_page("demandeurs_emploi", territory="melt", year="2023", ref="mno")
    assert_ok(at)
    assert metrics(at)[texts.DE_ABC] == f"18{NNBSP}367"  # MELT 2023 report
    # MNO's 10 communes all have data in 2023: the reference's plain rate
    assert "couvertes" not in _note(at, texts.DE_PER_1000)
    assert _note(at, texts.DE_PER_1000).startswith("Métropole Nord-Ouest")
    assert texts.LPE_NOTE_TITLE not in shown_text(at)


def test_one_commune(demo):
    at = run_page("demandeurs_emploi", territory="mno", year="2025", commune="59328")
    assert_ok(at)
    assert metrics(at)[texts.DE_ABC] == f"1{NNBSP}997"
    assert at.multiselect(key="communes").value == ["59328"]
    assert len(table_with(at, texts.DE_PER_1000)) == 2  # Lambersart and the total


def test_year_without_data_says_so(demo):
    at = run_page("demandeurs_emploi", territory="mno", year="2019")
    assert_ok(at)
    assert not at.metric
    assert "Aucune donnée pour Métropole Nord-Ouest (ALPES) en 2019" in shown_text(at)


def test_france_as_reference_says_its_communes_in_french(demo):
    at = run_page("demandeurs_emploi", territory="mno", year="2025", ref="france")
    assert_ok(at)
    # the caption under the communes' table: « 34 935 », not « 34935 »
    assert (f"France : comparaison calculée sur les 10 communes (sur 34{NNBSP}935) dont les "
            "données sont importées.") in [c.value for c in at.caption]
