"""A file none of whose communes is in the territory chosen (MNO's communes imported for
MELT): kept, as a file of a whole département would be, and said, with the territory
that holds them."""

from ingest.pipeline import WARNING, commit, prepare
from wording import texts

# Lambersart, Wambrechies, Verlinghem: three communes of MNO, none of MELT
MNO_FILE = (b"Code commune;Mois;Nombre de demandeurs d'emploi\n"
            b"59328;10/2025;1700\n59636;10/2025;600\n59611;10/2025;220\n")


def _warnings(prepared):
    return [p for p in prepared.problems
            if p.rule == texts.CHECK_NONE_IN_TERRITORY_RULE and p.severity == WARNING]


def test_a_file_of_another_territory_is_said(empty_store):
    prepared = prepare(empty_store, MNO_FILE, "defm_octobre.csv", territory="melt")
    [warning] = _warnings(prepared)
    assert warning.advice.startswith(
        "Aucune des 3 communes du fichier n'est dans le territoire Lys-Tourcoing (MELT)")
    assert warning.advice.endswith(
        "Ces communes sont celles du territoire Métropole Nord-Ouest (ALPES) (3).")
    assert not prepared.errors
    commit(empty_store, prepared)  # a warning: the file is kept all the same


def test_the_right_territory_says_nothing(empty_store):
    assert not _warnings(prepare(empty_store, MNO_FILE, "defm_octobre.csv", territory="mno"))


def test_one_commune_of_the_territory_is_enough(empty_store):
    # a file of the Nord's communes, one of which is MELT's (Tourcoing): a wider file
    raw = MNO_FILE + b"59599;10/2025;9000\n"
    assert not _warnings(prepare(empty_store, raw, "defm_nord.csv", territory="melt"))


def test_a_very_wide_sheet_names_its_first_unused_columns_and_counts_the_others(empty_store):
    # a job-seeker file with 300 extra columns « Colonne 1 » … « Colonne 300 »
    extra = [f"Colonne {i}" for i in range(1, 301)]
    header = "Code commune;Mois;Nombre de demandeurs d'emploi;" + ";".join(extra) + "\n"
    line = "59328;10/2025;1700;" + ";".join("x" for _ in extra) + "\n"
    prepared = prepare(empty_store, (header + line).encode(), "large.csv", territory="mno")
    [unused] = [p for p in prepared.problems if p.rule == "Colonnes non utilisées"]
    assert unused.column == ", ".join(extra[:12]) + " et 288 autres"
