"""Commune resolution: codes first, postal codes, names in any spelling, never a silent guess."""


import pandas as pd
import pytest

from ingest.communes import CommuneResolver, commune_key


@pytest.fixture(scope="module")
def resolver() -> CommuneResolver:
    return CommuneResolver()


@pytest.mark.parametrize("name,code", [
    ("MARCQ EN BAROEUL", "59378"), ("Marcq-en-Baroeul", "59378"), ("Marcq en Barœul", "59378"),
    ("MARCQ-EN-BAROEUL", "59378"), ("St-André-lez-Lille", "59527"),
    ("ST ANDRE LEZ LILLE", "59527"), ("Saint André les Lille", "59527"),
    ("La Madeleine", "59368"), ("Madeleine (La)", "59368"), ("LA MADELEINE", "59368"),
    ("Quesnoy sur Deule", "59482"), ("Quesnoy s/ Deûle", "59482"), ("Deûlémont", "59173"),
    ("WERVICQ SUD", "59656"), ("Neuville-en-Ferrain", "59426"), ("Warneton", "59643"),
    ("Wambrechies", "59636"), ("Mouvaux", "59421"), ("TOURCOING CEDEX", "59599"),
])
def test_names_in_any_spelling(resolver, name, code):
    match = resolver.resolve(name=name)
    assert (match.code_insee, match.problem) == (code, None)


def test_misspelling_is_never_matched_silently(resolver):
    match = resolver.resolve(name="Mouveaux")
    assert match.code_insee is None
    assert match.problem == "Commune inconnue : « Mouveaux »."
    assert "Mouvaux (59421)" in match.suggestions
    assert len(match.suggestions) <= 3


def test_unknown_name_without_close_candidate(resolver):
    match = resolver.resolve(name="Xyzzyqw")
    assert match.code_insee is None and match.problem.startswith("Commune inconnue")


@pytest.mark.parametrize("name,code", [
    ("Tourcoing 59599", "59599"),  # INSEE code glued on
    ("TOURCOING (59200)", "59599"),  # postal code; 59200 is also Eringhem's INSEE code
    ("59200 TOURCOING", "59599"),
    ("SAINT ANDRE LEZ LILLE 59350", "59527"),  # 59350 is Lille's INSEE code
    ("Halluin - 59250", "59279"),
])
def test_code_glued_on_the_name(resolver, name, code):
    assert resolver.resolve(name=name).code_insee == code


def test_glued_code_contradicting_the_name_is_flagged(resolver):
    match = resolver.resolve(name="Roubaix 59599")
    assert match.code_insee is None
    assert match.problem == ("Le nom « Roubaix » ne correspond pas au code 59599 (Tourcoing) : "
                             "vérifiez la commune.")
    assert match.suggestions == ["Roubaix (59512)", "Tourcoing (59599)"]
    assert resolver.resolve(name="Marseille 13001").code_insee == "13201"  # postal, not Aix
    assert resolver.resolve(name="59599").code_insee == "59599"  # code in the name column


def test_codes_win_over_names(resolver):
    assert resolver.resolve(code="59599").code_insee == "59599"
    assert resolver.resolve(code=59599.0).code_insee == "59599"
    read = resolver.resolve(code="59599", name="Roubaix")
    assert read.code_insee == "59599"  # the code wins, the contradiction is said
    assert "Roubaix (59512)" in read.warning and "Tourcoing (59599)" in read.warning
    assert resolver.resolve(code="59350").code_insee == "59350"  # Lille, not a postal code


def test_lost_leading_zero(resolver):
    assert resolver.resolve(code=1001).code_insee == "01001"
    assert resolver.resolve(code="1001").code_insee == "01001"
    assert resolver.name(1001) == "L'Abergement-Clémenciat"


def test_delegated_and_associated_codes_resolve_to_parent(resolver):
    assert resolver.resolve(code="59154").code_insee == "59588"  # COMD Coudekerque-Village
    assert resolver.resolve(code="59355").code_insee == "59350"  # COMA Lomme -> Lille
    assert resolver.resolve(name="Lomme").code_insee == "59350"


def test_arrondissement_resolves_to_itself(resolver):
    match = resolver.resolve(code="75101")
    assert (match.code_insee, match.problem) == ("75101", None)
    assert resolver.resolve(name="Paris").code_insee == "75056"


def test_postal_code_in_the_code_column(resolver):
    assert resolver.resolve(code="59700").code_insee == "59378"  # not an INSEE code
    assert resolver.resolve(code="59560", name="Comines").code_insee == "59152"


def test_postal_code_serving_one_commune(resolver):
    assert resolver.resolve(postal_code="59130").code_insee == "59328"  # Lambersart
    assert resolver.resolve(postal_code=59250).code_insee == "59279"


def test_shared_postal_code_needs_the_name(resolver):
    match = resolver.resolve(postal_code="59560")
    assert match.code_insee is None
    assert match.problem == ("Le code postal 59560 correspond à plusieurs communes "
                             "(Comines, Warneton) : indiquez le nom de la commune.")
    assert resolver.resolve(postal_code="59560", name="WARNETON").code_insee == "59643"
    assert resolver.resolve(postal_code="59560", name="Comines").code_insee == "59152"
    assert resolver.resolve(postal_code="59840", name="Pérenchies").code_insee == "59457"
    assert resolver.resolve(postal_code="59890", name="Quesnoy-sur-Deûle").code_insee == "59482"
    assert "Lompret" in resolver.resolve(postal_code="59840").problem


def test_shared_postal_code_with_a_misspelt_name(resolver):
    match = resolver.resolve(postal_code="59560", name="Commines")
    assert match.code_insee is None
    assert "ne correspond à aucune des communes du code postal 59560" in match.problem
    assert match.suggestions[0] == "Comines (59152)"


def test_preferred_departments(resolver):
    assert resolver.resolve(name="Croix").code_insee == "59163"
    assert CommuneResolver(preferred_departements=("90",)).resolve(name="Croix").code_insee \
        == "90030"
    match = CommuneResolver(preferred_departements=("62",)).resolve(name="Croix")
    assert match.code_insee is None and "Plusieurs communes" in match.problem
    assert "Croix (59163)" in match.suggestions


def test_unknown_codes_and_empty(resolver):
    assert resolver.resolve(code="99999").problem == "Code commune inconnu : « 99999 »."
    assert resolver.resolve().problem == "Commune non renseignée."
    assert resolver.resolve(code="99999", name="Halluin").code_insee == "59279"


def test_name_lookup(resolver):
    assert resolver.name("59378") == "Marcq-en-Barœul"
    assert resolver.name("59368") == "La Madeleine"
    assert resolver.name("00000") is None


def test_commune_key():
    assert commune_key("Madeleine (La)") == commune_key("LA MADELEINE") == "la madeleine"
    assert commune_key("St-André-lez-Lille") == "saint andre les lille"


def test_resolve_frame_many_rows_few_communes(resolver, monkeypatch):
    names = ["Tourcoing", "Halluin", "Mouveaux", "Comines", "MARCQ EN BAROEUL", None] * 2
    postal = [None, None, None, "59560", None, "59130"] + [None] * 6
    codes = [None] * 6 + ["59599", "59279", 59421.0, None, None, "59378"]
    n = 200_000 // len(names)
    index = pd.RangeIndex(1000, 1000 + n * len(names))
    # 200 000 rows, 12 distinct (code, name, postal code): each is resolved once, not per
    # row (the speed itself is bench/'s: tests never assert timings)
    calls = []
    real = type(resolver).resolve
    monkeypatch.setattr(type(resolver), "resolve",
                        lambda self, *a, **k: calls.append(a) or real(self, *a, **k))
    out = resolver.resolve_frame(pd.Series(codes * n, index=index, dtype=object),
                                 pd.Series(names * n, index=index, dtype=object),
                                 pd.Series(postal * n, index=index, dtype=object))
    assert 0 < len(calls) <= 2 * 12  # (a name read again with the file's département)
    assert list(out.columns) == ["code_insee", "problem", "suggestions", "merged_from", "note",
                                 "warning"]
    assert out.index.equals(index)
    first = out.iloc[:12]
    assert first.code_insee.tolist() == ["59599", "59279", None, "59152", "59378", "59328",
                                         "59599", "59279", "59421", "59152", "59378", "59378"]
    assert first.problem.iloc[2] == "Commune inconnue : « Mouveaux »."
    assert first.suggestions.iloc[2][0] == "Mouvaux (59421)"
    assert first.problem.iloc[8] is None and first.suggestions.iloc[8] == []
    assert out.code_insee.iloc[-12:].tolist() == first.code_insee.tolist()


def test_resolve_frame_with_only_names(resolver):
    out = resolver.resolve_frame(None, pd.Series(["Lambersart", "Verlinghem"]), None)
    assert out.code_insee.tolist() == ["59328", "59611"]
    with pytest.raises(ValueError):
        resolver.resolve_frame(None, None, None)


def test_name_contradicting_a_single_commune_postal_code_is_flagged(resolver):
    """A postal code serving one commune does not silence a name of another commune."""
    match = resolver.resolve(postal_code="59000", name="Mouveaux")
    assert match.code_insee is None
    assert "59000" in match.problem
    assert resolver.resolve(postal_code="59420", name="Mouvaux").code_insee == "59421"
