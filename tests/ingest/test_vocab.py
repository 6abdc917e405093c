"""Vocabularies of coded fields, the manager's value mappings, grouped unknown values and
ranked guesses for unrecognised headers."""

import pytest

from ingest import suggest
from ingest.pipeline import ImportRefused, commit, prepare
from ingest.profiles import SOURCES
from ingest.vocab import UnknownValues, for_kind, parse_map_value

PLIE = SOURCES["plie"].sheets[0]


def plie_csv(rows: list[dict]) -> bytes:
    header = list(rows[0])
    lines = [";".join(header)] + [";".join(str(r[h]) for h in header) for r in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def person(i: int, **cells) -> dict:
    base = {"N° dossier": f"P{i:03d}", "Civilité": "Madame", "Code postal": "59130", "Commune": "LAMBERSART",
            "Date d'entrée": "03/02/2025"}
    return {**base, **cells}


def stored(store, sql):
    return store.connection().execute(sql).fetchall()


@pytest.mark.parametrize(("kind", "cell", "value"), [
    ("sex", "Monsieur", "H"), ("sex", "Madame", "F"), ("sex", "M.", "H"), ("sex", "Mme", "F"),
    ("sex", "Homme", "H"), ("sex", "FEMME", "F"), ("sex", "H", "H"), ("sex", "f", "F"), ("sex", "1", "H"),
    ("sex", "2", "F"), ("sex", "Mlle", "F"), ("sex", "1 - Homme", "H"),
    ("bool", "Bénéficiaire", "Oui"), ("bool", "Non bénéficiaire", "Non"),
    ("qpv", "Hors QPV", "Non"), ("qpv", "En QPV", "Oui"), ("qpv", "qn 05970m", "QN05970M"),
    ("education_level", "V bis", 2), ("education_level", "Niveau V", 3), ("education_level", "IV", 4),
    ("education_level", "III", 5), ("education_level", "niveau 3", 3), ("education_level", "Niveau 6", 6),
    ("education_level", "40", 4), ("education_level", "50", 3), ("education_level", "10", 7),
    ("education_level", "FORMATION DE NIVEAU BTS OU DUT", 5), ("education_level", "CAP / BEP", 3),
    ("prescriber", "3", "France Travail"), ("prescriber", "03", "France Travail"),
    ("prescriber", "Pôle emploi Tourcoing", "France Travail"), ("prescriber", "9", "SPIP"),
    ("prescriber", "CCAS de Lambersart", "CCAS"), ("prescriber", "UTPAS", "Département"),
    ("prescriber", "5 - Service social du conseil départemental", "Département"),
    ("prescriber", "Candidature spontanée", "Candidature spontanée"),
    ("prescriber", "17", "CAF"),
    ("enum:JOB_SEEKER_CATEGORY", "Catégorie A", "A"), ("enum:JOB_SEEKER_CATEGORY", "cat. B", "B"),
    ("enum:JOB_SEEKER_CATEGORY", "A - sans emploi", "A"),
    ("enum:JOB_SEEKER_CATEGORY", "Catégorie C - activité réduite longue", "C"),
    ("enum:PROGRAMME", "Contrat d'Engagement Jeune", "CEJ"), ("enum:PROGRAMME", "AIJ", "AIJ"),
    ("enum:CONTACT_TYPE", "Entretien individuel conseiller", "entretien"),
    ("enum:CONTACT_TYPE", "Information collective", "atelier"),
    ("exit_reason", "Emploi durable (plus de 6 mois)", "positive"),
    ("exit_reason", "CDD/CTT >= 6 mois", "positive"),
    ("exit_reason", "Emploi court (moins de 6 mois)", "autre"),
    ("exit_reason", "Déménagement", "neutre"), ("exit_reason", "Sans nouvelles", "autre"),
])
def test_built_in_vocabularies(kind, cell, value):
    assert for_kind(kind).lookup(cell) == value


def test_unknown_cells_are_unknown_not_guessed():
    assert for_kind("sex").lookup("Hme") is None
    assert for_kind("exit_reason").lookup("Service civique") is None
    assert for_kind("prescriber").lookup("Association Les Amis") is None
    assert for_kind("text") is None  # free text has no vocabulary


def test_asp_codes_with_or_without_their_leading_zero(empty_store):
    # ASP codes 00 and 01 lose their zero in Excel: « 0 », « 1 » in a column of ASP codes.
    rows = [person(i, **{"Niveau de formation": code}) for i, code in enumerate(["0", "1", "40", "50", "01"])]
    prepared = prepare(empty_store, plie_csv(rows), "plie.csv", source="plie")
    assert prepared.sheets[0].frame["education_level"].tolist() == [2, 1, 4, 3, 1]


def test_yes_no_spellings(empty_store):
    cells = ["Oui", "Non", "O", "N", "X", "1", "0", "Vrai", "Faux", "oui"]
    rows = [person(i, **{"Bénéficiaire RSA": c}) for i, c in enumerate(cells)]
    prepared = prepare(empty_store, plie_csv(rows), "plie.csv", source="plie")
    assert prepared.sheets[0].frame["rsa"].tolist() == [True, False, True, False, True, True, False, True,
                                                        False, True]


def test_unknown_values_are_reported_once_grouped_with_the_closest_entries(empty_store):
    rows = [person(i, Civilité=c) for i, c in enumerate(["Hme", "Fme", "Hme", "Madame", "Hme", "Fme"])]
    prepared = prepare(empty_store, plie_csv(rows), "plie.csv")
    (problem,) = [p for p in prepared.problems if isinstance(p, UnknownValues)]
    assert (problem.column, problem.field, problem.rule) == ("Civilité", "sex", "2 valeurs inconnues")
    assert problem.value == "Hme (3 lignes), Fme (2 lignes)"
    assert problem.row == 2 and problem.severity == "erreur"
    assert [(v, n, closest[0]) for v, n, closest in problem.values] == [("Hme", 3, "H"), ("Fme", 2, "F")]
    assert "--map-value « Civilité:Hme=H »" in problem.advice
    assert prepared.invalid_rows == 5 and len(prepared.errors) == 1  # one problem, five lines
    with pytest.raises(ImportRefused):
        commit(empty_store, prepared)


def test_a_value_mapping_makes_the_file_importable(empty_store):
    rows = [person(i, Civilité=c) for i, c in enumerate(["Hme", "Fme", "Hme", "Madame"])]
    prepared = prepare(empty_store, plie_csv(rows), "plie.csv",
                       value_mapping={"Civilité": {"Hme": "homme", "fme": "F"}})
    assert not prepared.errors
    assert prepared.value_mapping == {"sex": {"Hme": "homme", "fme": "F"}}
    commit(empty_store, prepared)
    assert stored(empty_store, "select sex, count(*) from plie_participants group by 1 order by 1") \
        == [("F", 2), ("H", 2)]


def test_a_value_mapping_by_field_name_and_one_naming_no_column(empty_store):
    rows = [person(i, Civilité=c) for i, c in enumerate(["Hme", "Madame"])]
    prepared = prepare(empty_store, plie_csv(rows), "plie.csv",
                       value_mapping={"sex": {"Hme": "H"}, "Genre": {"X": "H"}, "Date d'entrée": {"a": "b"}})
    assert not prepared.errors
    assert prepared.unused_value_keys == ["Genre", "Date d'entrée"]


def test_a_mapping_to_a_value_the_field_does_not_have_is_an_error(empty_store):
    rows = [person(1, Civilité="Hme")]
    prepared = prepare(empty_store, plie_csv(rows), "plie.csv", value_mapping={"Civilité": {"Hme": "Z"}})
    rules = [p.rule for p in prepared.errors]
    assert "Association de valeur impossible" in rules and "1 valeur inconnue" in rules


def test_the_manager_mapping_wins_over_the_built_in_one(empty_store):
    rows = [person(1, Civilité="1"), person(2, Civilité="2")]  # a tool coding 1 = femme
    prepared = prepare(empty_store, plie_csv(rows), "plie.csv", value_mapping={"Civilité": {"1": "F", "2": "H"}})
    assert prepared.sheets[0].frame["sex"].tolist() == ["F", "H"]


def test_unknown_exit_reasons_count_autre_are_reported_and_can_be_mapped(empty_store):
    rows = [person(i, **{"Date de sortie": "30/06/2025", "Motif de sortie": m})
            for i, m in enumerate(["Service civique", "CDI", "Service civique"])]
    prepared = prepare(empty_store, plie_csv(rows), "plie.csv")
    (problem,) = [p for p in prepared.problems if isinstance(p, UnknownValues)]
    assert problem.severity == "avertissement" and problem.value == "Service civique (2 lignes)"
    assert "Autre sortie" in problem.advice
    assert prepared.sheets[0].frame["exit_kind"].tolist() == ["autre", "positive", "autre"]
    mapped = prepare(empty_store, plie_csv(rows), "plie.csv",
                     value_mapping={"Motif de sortie": {"Service civique": "Sortie positive"}})
    assert mapped.sheets[0].frame["exit_kind"].tolist() == ["positive", "positive", "positive"]
    assert mapped.sheets[0].frame["exit_reason"].tolist() == ["Service civique", "CDI", "Service civique"]
    assert not [p for p in mapped.problems if isinstance(p, UnknownValues)]


def test_unknown_prescribers_are_kept_as_written_and_reported(empty_store):
    rows = [person(i, **{"Orienté par": o}) for i, o in enumerate(["Association Relais", "Pôle emploi"])]
    prepared = prepare(empty_store, plie_csv(rows), "plie.csv")
    assert prepared.sheets[0].frame["prescriber"].tolist() == ["Association Relais", "France Travail"]
    (problem,) = [p for p in prepared.problems if isinstance(p, UnknownValues)]
    assert problem.severity == "avertissement" and not prepared.errors


def test_qpv_flag_and_qpv_code_are_two_columns_and_the_code_is_kept(empty_store):
    rows = [person(1, **{"Quartier prioritaire": "Oui", "Code quartier": "QN05970M"}),
            person(2, **{"Quartier prioritaire": "Oui", "Code quartier": ""}),
            person(3, **{"Quartier prioritaire": "Non", "Code quartier": ""})]
    prepared = prepare(empty_store, plie_csv(rows), "plie.csv")
    assert prepared.sheets[0].unmapped == []
    assert prepared.sheets[0].frame["qpv_code"].tolist() == ["QN05970M", "QPV", None]


def test_a_totals_line_under_the_persons_is_excluded_and_counted(empty_store):
    rows = [person(1), person(2), {"N° dossier": "TOTAL : 2 participants", "Civilité": "2", "Code postal": "",
                                    "Commune": "", "Date d'entrée": ""}]
    prepared = prepare(empty_store, plie_csv(rows), "plie.csv")
    assert not prepared.errors
    assert (prepared.rows_read, prepared.sheets[0].excluded_totals) == (2, 1)


def test_parse_map_value():
    assert parse_map_value("Civilité:Monsieur=H") == ("Civilité", "Monsieur", "H")
    assert parse_map_value(" Motif de sortie : CDD >= 6 mois = positive ") == (
        "Motif de sortie", "CDD >= 6 mois", "positive")
    for wrong in ("Civilité=H", "Civilité:Monsieur", ":Monsieur=H", "Civilité:=H"):
        with pytest.raises(ValueError, match="--map-value"):
            parse_map_value(wrong)


@pytest.mark.parametrize(("header", "cells", "best"), [
    ("Orienteur principal", ["Pôle emploi", "CCAS"], "prescriber"),
    ("Genre / civilité", ["Monsieur", "Madame"], "sex"),
    ("Colonne 7", ["Monsieur", "Madame", "M.", "Mme"], "sex"),  # by its cells alone
    ("Code du QP", ["QN05970M", "QN05977M"], "qpv_code"),
    ("Habite un quartier", ["Oui", "Non", "QN05970M"], "qpv"),
    ("Date entrée dispositif", ["03/02/2025", "10/03/2025"], "entry_date"),
    ("Réf. participant", ["A-001", "A-002", "A-003"], "person_id"),
])
def test_unknown_headers_get_ranked_guesses(header, cells, best):
    import pandas as pd

    ranked = suggest.rank(header, pd.Series(cells, dtype=object), PLIE)
    assert ranked and ranked[0][0] == best


def test_no_guess_for_a_column_like_nothing():
    import pandas as pd

    assert suggest.rank("latitude", pd.Series(["50.65", "50.70"], dtype=object), PLIE) == []


def test_a_missing_identifier_names_the_column_that_looks_like_it(empty_store):
    rows = [{"Réf. participant": "A-001", "Civilité": "Madame", "Commune": "Lambersart",
             "Date d'entrée": "03/02/2025"}]
    with pytest.raises(ImportRefused, match="« Réf. participant » ressemble à « Identifiant »"):
        prepare(empty_store, plie_csv(rows), "plie.csv", source="plie")


def test_an_unused_column_names_the_field_it_looks_like(empty_store):
    rows = [person(1, **{"Orienteur principal": "Pôle emploi"})]
    prepared = prepare(empty_store, plie_csv(rows), "plie.csv")
    (unused,) = [p for p in prepared.problems if p.rule == "Colonnes non utilisées"]
    assert "« Orienteur principal » ressemble à « Prescripteur »" in unused.advice
    assert prepared.sheets[0].suggestions["Orienteur principal"][0][0] == "prescriber"


def test_mapping_targets_may_be_any_spelling_of_a_stored_value(empty_store):
    rows = [person(1, **{"Bénéficiaire RSA": "RSA socle", "Niveau de formation": "Infra 3"}),
            person(2, **{"Bénéficiaire RSA": "Sans RSA", "Niveau de formation": "Niveau 4"})]
    prepared = prepare(empty_store, plie_csv(rows), "plie.csv", value_mapping={
        "RSA": {"RSA socle": "1", "Sans RSA": "non"}, "Niveau de formation": {"Infra 3": "sans diplôme"}})
    assert not prepared.errors
    frame = prepared.sheets[0].frame
    assert frame["rsa"].tolist() == [True, False] and frame["education_level"].tolist() == [2, 4]
