"""« Ma commune » page, headless, on the demo store."""

import pytest

from tests.views.dashboard_app import (
    assert_ok,
    demo,
    metrics,
    param,
    run_page,
    shown_text,
    table_with,
)
from wording import texts

NNBSP = "\u202f"
__all__ = ["demo"]


def test_lambersart(demo):
    at = run_page("ma_commune", commune="59328", year="2025")
    assert_ok(at)
    assert at.title[0].value == "Ma commune : Lambersart"
    assert metrics(at)[texts.DE_ABC] == f"1{NNBSP}997"
    assert metrics(at)[texts.PLIE_PARTICIPANTS] == "160"
    assert "Pacot - Vandracq (QN05970M)" in shown_text(at)
    assert f"27{NNBSP}572 habitants" in shown_text(at)  # T1
    plie = table_with(at, texts.COL_RANK)
    plie = next(df.value for df in at.dataframe
                if texts.COL_RANK in df.value.columns
                and "Participants en parcours dans l'année" in set(df.value[texts.COL_INDICATOR]))
    line = plie.set_index(texts.COL_INDICATOR).loc["Participants en parcours dans l'année"]
    assert line["Lambersart"] == "5,8\u00a0‰" and line["MNO"] == "3,1\u00a0‰"
    assert line[texts.COL_RANK] == "1 sur 10"


def test_a_link_to_another_territorys_commune_opens_its_territory(demo):
    at = run_page("ma_commune", commune="59599")  # Tourcoing, MELT
    assert_ok(at)
    assert at.title[0].value == "Ma commune : Tourcoing"
    assert at.selectbox(key="territory").value == "melt"
    assert param(at, "territory") == "melt" and param(at, "commune") == "59599"


def test_small_commune_for_officials_and_empty_year(demo):
    at = run_page("ma_commune", commune="59356", territory="mno", year="2025")  # Lompret
    assert_ok(at)
    assert metrics(at)[texts.PLIE_PARTICIPANTS] == "s"  # 2 participants
    at = run_page("ma_commune", commune="59356", territory="mno", year="2019")
    assert_ok(at)
    assert "en 2019" in shown_text(at)


def test_empty_store_points_to_the_import(tmp_path, monkeypatch):
    monkeypatch.setenv("TBE_DATA_DIR", str(tmp_path / "vide"))
    at = run_page("ma_commune")
    assert_ok(at)
    assert "Aucune donnée n'a encore été importée" in shown_text(at)


@pytest.fixture
def onpv(onpv_store, monkeypatch):
    monkeypatch.setenv("TBE_DATA_DIR", str(onpv_store.data_dir))
    return onpv_store


def test_qpv_section_with_the_onpv_figures(onpv):
    at = run_page("ma_commune", role="gestionnaire", territory="mno", year="2022",
                  commune="59328")
    assert_ok(at)
    quarters = table_with(at, texts.QPV_MATCH_COL).set_index(texts.COL_QPV_CODE)
    # IPRO 2022 and DEMO 2021 of tests/onpv_files.py
    assert quarters.at["QN05970M", texts.QPV_ONPV_COLUMNS["qpv_de_abc"]] == "160"
    assert quarters.at["QN05970M", texts.QPV_ONPV_COLUMNS["qpv_population"]] == "1\u202f300"
    assert list(quarters.index) == ["QN05970M"]  # Lambersart's quarter only
    text = shown_text(at)
    # 160 of Lambersart's 1 100 job seekers of December 2022
    assert texts.COMMUNE_QPV_SHARE.format(part="14,5\u00a0%", commune="Lambersart", qpv="160",
                                          all="1\u202f100") in text
    assert texts.QPV_SHARE_DATES.format(onpv="2022", month="décembre 2022") in text


def test_qpv_section_without_onpv_files(demo):
    at = run_page("ma_commune", territory="mno", year="2025", commune="59328")
    assert_ok(at)
    assert texts.COMMUNE_QPV_NO_ONPV.format(year=2025) in shown_text(at)


def test_a_reference_with_data_for_part_of_its_communes_says_so(demo):
    """France holds data for the demo's communes only: in 2025, MNO's 10 for every source
    (residents of other communes in MNO's files do not cover them: their communes' whole
    population would divide a few people), of the COG's 34 935."""
    at = run_page("ma_commune", commune="59328", year="2025", ref="france")
    assert_ok(at)
    said = [c.value for c in at.caption if c.value.startswith("France : comparaison")]
    assert said == ["France : comparaison calculée sur les 10 communes (sur 34\u202f935) dont "
                    "les données sont importées."], [c.value for c in at.caption]
    # with the territory's own département as reference no such caveat is needed for MNO
    # communes only if every source covers the Nord: it does not, so it is said there too
    at = run_page("ma_commune", commune="59328", year="2025", ref="nord")
    assert any("(sur 647)" in c.value for c in at.caption)
