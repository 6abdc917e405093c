"""PLIE and Mission Locale exports as their tools write them (tests/ingest/person_corpus.py),
imported with no option, checked through the key figures the pages and the CLI show.

Every expected figure is counted by hand from the rows of person_corpus.py, in the comments.
"""

import json

import pytest

from cli.__main__ import main as cli
from data.store import Store
from ingest.pipeline import commit, prepare
from queries.figures import key_figures
from tests.ingest import person_corpus as corpus


def imported(store: Store, builder, source: str | None = None):
    name, raw = builder()
    prepared = prepare(store, raw, name, source=source)
    commit(store, prepared)  # refused if a single line were invalid
    return prepared


def figures(store: Store, territory: str, year: int, ids) -> dict[str, float]:
    df = key_figures(store.connection(), territory, year)
    values = df.set_index("indicator")["value"]
    return {i: values[i] for i in ids}


def assert_nothing_personal_stored(store: Store, identifiers) -> None:
    blob = b"".join(p.read_bytes() for p in store.imports_dir.rglob("*.parquet"))
    for text in [*corpus.PERSONAL, *identifiers]:
        for encoding in ("utf-8", "cp1252"):
            assert text.encode(encoding) not in blob, text


def test_plie_tool1_export_imports_as_is_and_gives_its_figures(empty_store):
    prepared = imported(empty_store, corpus.plie_tool1)
    assert (prepared.source, prepared.territory, prepared.period) == ("plie", "mno", "2025-12")
    (sheet,) = prepared.sheets
    assert sheet.rows_read == 8 and sheet.excluded_totals == 1  # the « Total participants » line
    assert sheet.unmapped == []  # Orienté par, Bénéficiaire RSA, Code quartier: all used
    assert set(sheet.personal_dropped) == {"Nom", "Prénom", "Adresse", "Téléphone", "Courriel"}
    assert not [p for p in prepared.problems if p.severity != "information"]
    got = figures(empty_store, "mno", 2025, [
        "plie_participants", "plie_femmes", "plie_hommes", "plie_qpv", "plie_rsa", "plie_niveau_bas",
        "plie_seniors", "plie_nouvelles_entrees", "plie_entrees_femmes", "plie_entrees_qpv",
        "plie_entrees_rsa", "plie_prescripteur_france_travail", "plie_prescripteur_departement",
        "plie_sorties", "plie_sorties_positives", "plie_sorties_neutres", "plie_sorties_autres"])
    assert got == {
        # open in 2025: all but D-2023-0150 (left on 31/12/2024)
        "plie_participants": 7,
        "plie_femmes": 4, "plie_hommes": 3,  # Madame: 0101, 0001, 0003, 0005
        "plie_qpv": 3,  # Quartier prioritaire = Oui: 0101, 0002, 0003
        "plie_rsa": 4,  # 0101, 0001, 0004, 0005
        "plie_niveau_bas": 4,  # ASP 50, 70, 50, 60 -> levels 3, 2, 3, 2 (<= CAP)
        "plie_seniors": 2,  # 0102 (54 at entry), 0004 (51)
        "plie_nouvelles_entrees": 5,  # entered in 2025: 0001 … 0005
        "plie_entrees_femmes": 3, "plie_entrees_qpv": 2, "plie_entrees_rsa": 3,
        "plie_prescripteur_france_travail": 1,  # « Pôle emploi »: 0002
        "plie_prescripteur_departement": 1,  # « Conseil départemental »: 0005
        "plie_sorties": 4,  # 0101 (CDI), 0001 (déménagement), 0003 (abandon), 0004 (formation)
        "plie_sorties_positives": 2, "plie_sorties_neutres": 1, "plie_sorties_autres": 1,
    }
    # the QPV code column is what is kept, for the QPV figures
    qpv = empty_store.connection().execute(
        "select qpv_code, count(*) from plie_participants where qpv_code is not null group by 1 "
        "order by 1").fetchall()
    assert qpv == [("QN05970M", 2), ("QN05977M", 1)]
    assert_nothing_personal_stored(empty_store, [r[0] for r in corpus.PLIE_TOOL1_ROWS])


def test_plie_tool2_workbook_with_steps_imports_as_is(empty_store):
    prepared = imported(empty_store, corpus.plie_tool2)
    assert (prepared.source, prepared.territory) == ("plie", "melt")
    assert [(s.table, s.rows_read) for s in prepared.sheets] == [("plie_participants", 6), ("plie_steps", 4)]
    assert not [p for p in prepared.problems if p.severity != "information"]
    got = figures(empty_store, "melt", 2024, [
        "plie_participants", "plie_femmes", "plie_qpv", "plie_rsa", "plie_niveau_bas", "plie_seniors",
        "plie_nouvelles_entrees", "plie_entrees_femmes", "plie_entrees_qpv",
        "plie_prescripteur_france_travail", "plie_prescripteur_departement", "plie_sorties",
        "plie_sorties_positives", "plie_sorties_neutres", "plie_sorties_autres", "plie_etapes",
        "plie_etapes_participants", "plie_etapes_demarrees_annee", "plie_etapes_emploi"])
    assert got == {
        "plie_participants": 5,  # all but B0388 (left in 2023)
        "plie_femmes": 3,  # B0457, B0472, B0480
        "plie_qpv": 3,  # a quarter code: B0457, B0461, B0480
        "plie_rsa": 3,  # ticked X: B0457, B0461, B0480
        "plie_niveau_bas": 4,  # MELT counts up to bac: V, V bis, IV, VI (not III)
        "plie_seniors": 2,  # MELT: 45 and more at entry: B0461 (47), B0480 (53)
        "plie_nouvelles_entrees": 4,  # B0461, B0470, B0472, B0480
        "plie_entrees_femmes": 2, "plie_entrees_qpv": 2,
        "plie_prescripteur_france_travail": 1,  # ASP code 3: B0480
        "plie_prescripteur_departement": 1,  # ASP code 5: B0461
        "plie_sorties": 3,  # B0457 positive, B0470 « Autre sortie », B0472 neutre
        "plie_sorties_positives": 1, "plie_sorties_neutres": 1, "plie_sorties_autres": 1,
        "plie_etapes": 4, "plie_etapes_participants": 3, "plie_etapes_demarrees_annee": 3,
        "plie_etapes_emploi": 2,
    }
    assert_nothing_personal_stored(empty_store, [r[0] for r in corpus.PLIE_TOOL2_ROWS])


def test_imilo_report_imports_as_is_and_gives_its_figures(empty_store):
    prepared = imported(empty_store, corpus.ml_imilo)
    assert (prepared.source, prepared.territory) == ("ml", "mno")
    assert [(s.table, s.rows_read) for s in prepared.sheets] == [
        ("ml_young", 5), ("ml_programmes", 5), ("ml_contacts", 9)]
    assert not [p for p in prepared.problems if p.severity != "information"]
    got = figures(empty_store, "mno", 2025, [
        "ml_nouveaux_inscrits", "ml_jeunes_accompagnes", "ml_contacts", "ml_entretiens",
        "cej_accompagnes", "cej_entrees", "cej_entrees_qpv", "cej_contacts", "cej_entretiens",
        "pacea_accompagnes", "pacea_entrees", "pacea_entretiens"])
    assert got == {
        "ml_nouveaux_inscrits": 4,  # first reception in 2025: 01, 02, 04, 05
        "ml_jeunes_accompagnes": 3,  # an interview in 2025: 01, 02, 03 (with a partner)
        "ml_contacts": 8,  # 2025 events: 3 + 2 + 1 + 1 + 1 (« Visite » included)
        "ml_entretiens": 3,
        "cej_accompagnes": 4,  # 01, 02 (« Contrat d'Engagement Jeune »), 03, 04
        "cej_entrees": 3,  # 01, 02, 04
        "cej_entrees_qpv": 2,  # QPV = Oui: 01, 04
        "cej_contacts": 3,  # 01: 05/02 and 12/03; 03: 09/01
        "cej_entretiens": 1,  # 03: 09/01
        "pacea_accompagnes": 1, "pacea_entrees": 1, "pacea_entretiens": 0,
    }
    young = empty_store.connection().execute(
        "select sex, education_level, code_insee from ml_young order by registration_date").fetchall()
    assert young == [("H", 2, "59368"), ("F", 3, "59328"), ("H", 4, "59378"), ("F", 4, "59378"),
                     ("F", 2, "59636")]  # M./Mme; Niveau V bis, V, IV, IV, VI; « 59130 LAMBERSART »…
    assert_nothing_personal_stored(empty_store, ["1234567X", *(r[0] for r in corpus.ML_IMILO_YOUNG)])


def test_imilo_api_extract_imports_as_is_and_gives_its_figures(empty_store):
    prepared = imported(empty_store, corpus.ml_api)
    assert (prepared.source, prepared.territory) == ("ml", "melt")
    assert not [p for p in prepared.problems if p.severity != "information"]
    got = figures(empty_store, "melt", 2024, [
        "ml_nouveaux_inscrits", "ml_jeunes_accompagnes", "ml_contacts", "ml_entretiens",
        "cej_accompagnes", "cej_entrees", "cej_entrees_qpv", "cej_contacts", "cej_entretiens",
        "pacea_entrees"])
    assert got == {
        "ml_nouveaux_inscrits": 3,  # 88001, 88002, 88003 (88004 came in 2023)
        "ml_jeunes_accompagnes": 3, "ml_contacts": 6, "ml_entretiens": 4,
        "cej_accompagnes": 2, "cej_entrees": 2,  # 88001, 88003 (AIJ is no CEJ)
        "cej_entrees_qpv": 1,  # codeQPV of 88001
        "cej_contacts": 2,  # 88001 on 04/03, 88003 on 07/10
        "cej_entretiens": 1,
        "pacea_entrees": 1,
    }
    sexes = empty_store.connection().execute("select sex, count(*) from ml_young group by 1 order by 1").fetchall()
    assert sexes == [("F", 2), ("H", 2)]  # sexe 2 / 1
    assert_nothing_personal_stored(empty_store, [])


def test_cli_imports_plie_tool1_with_only_source_and_figures_match(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TBE_DATA_DIR", str(tmp_path / "store"))
    name, raw = corpus.plie_tool1()
    path = tmp_path / name
    path.write_bytes(raw)
    assert cli(["import", str(path), "--source", "plie"]) == 0
    capsys.readouterr()
    assert cli(["figures", "--territory", "mno", "--year", "2025", "--format", "json"]) == 0
    rows = {r["indicator"]: r["value"] for r in json.loads(capsys.readouterr().out)}
    assert (rows["plie_participants"], rows["plie_femmes"], rows["plie_qpv"], rows["plie_sorties_positives"]) \
        == (7, 4, 3, 2)


@pytest.mark.parametrize("ref_file", ["donnees_communes_PL2021.csv", "laposte_hexasmal.csv"])
def test_a_population_table_or_postal_codes_are_not_taken_for_a_plie_export(empty_store, ref_file):
    from pathlib import Path

    from ingest.match import all_sources, best_match
    from ingest.readers import read_workbook

    raw = (Path(__file__).resolve().parents[2] / "data" / "ref" / ref_file).read_bytes()
    (sheet,) = read_workbook(raw[:200_000], ref_file)
    m = best_match(sheet.frame, all_sources())
    assert m is None or not m.source.individual
