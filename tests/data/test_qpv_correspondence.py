"""The QPV 2015 → 2024 correspondence shipped in data/ref/qpv-correspondance/."""

from data import qpv_correspondence as corr
from data import reference


def test_shipped_file_is_what_the_builder_writes():
    assert corr.TARGET.read_text(encoding="utf-8") == corr.render(corr.build())


def test_matches_by_commune_and_name():
    rows = {r["code_qpv_2024"] or r["code_qpv_2015"]: r for r in corr.build()}
    # MNO's two quarters keep their name and commune
    assert (rows["QN05970M"]["code_qpv_2015"], rows["QN05970M"]["correspondance"]) == \
        ("QP059072", "identique")
    assert (rows["QN05977M"]["code_qpv_2015"], rows["QN05977M"]["correspondance"]) == \
        ("QP059079", "identique")
    # the intercommunal Roubaix-Tourcoing quarter gained « Wattrelos Nord » in its name
    assert (rows["QN05980M"]["code_qpv_2015"], rows["QN05980M"]["correspondance"]) == \
        ("QP059082", "nom_proche")
    # one 2015 spelling, « Briquetterie », became « Briqueterie » in Armentières
    assert rows["QN05968M"]["code_qpv_2015"] == "QP059070"
    # a quarter new in 2024 and one of 2015 left alone are said so
    assert rows["QN05991N"]["correspondance"] == "sans_equivalent_2015"
    assert rows["QN05991N"]["code_qpv_2015"] == ""
    assert rows["QP059068"]["correspondance"] == "sans_equivalent_2024"
    # never two quarters on one side
    pairs = [r for r in corr.build() if r["code_qpv_2024"] and r["code_qpv_2015"]]
    assert len({r["code_qpv_2015"] for r in pairs}) == len(pairs)
    assert {r["code_qpv_2024"] for r in corr.build() if r["code_qpv_2024"]} == \
        set(reference.qpv()["qpv_code"])


def test_names_are_compared_without_accents_and_punctuation():
    assert corr.normalise("Marcq-en-Barœul") == "marcq en baroeul"
    assert corr._score("Pont de Bois", "Pont de Bois-Hôtel de ville")[0] == "nom_proche"
    assert corr._score("Secteur Nord", "Secteur Sud")[0] is None
    assert corr._score("Clémenceau-Kiener", "Clemenceau Kiener") == ("identique", 1.0)


def test_reference_tables_give_both_codes_of_a_commune():
    codes = reference.qpv_codes()
    lambersart = set(codes.loc[codes["code_insee"] == "59328", "qpv_code"])
    assert lambersart == {"QN05970M", "QP059072"}
    table = reference.qpv_correspondence().set_index("qpv_code_2015")
    assert table.at["QP059082", "communes_2015"] == ("59163", "59512", "59599", "59650")
