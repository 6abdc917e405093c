"""The import pipeline on small files of each source and messy variant, made here."""

import datetime as dt
import io
from pathlib import Path

import pandas as pd
import pytest

from data.store import Store
from ingest.pipeline import ImportRefused, commit, prepare

REF = Path(__file__).resolve().parents[2] / "data" / "ref"


def xlsx(sheets: dict[str, pd.DataFrame], startrow: int = 0, titles=()) -> bytes:
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="xlsxwriter") as w:
        for name, df in sheets.items():
            df.to_excel(w, sheet_name=name, index=False, startrow=startrow)
            for i, t in enumerate(titles):
                w.sheets[name].write(i, 0, t)
    return buf.getvalue()


def stored(store: Store, sql: str):
    return store.connection().execute(sql).fetchall()


def test_france_travail_wide_export_with_titles_footer_and_aggregate_rows(empty_store):
    text = (
        "Demandeurs d'emploi inscrits au 1er du mois\n"
        "Communes de plus de 5 000 habitants\n"
        "\n"
        "Mois;janvier 2020;février 2020;mars 2020\n"
        "Tourcoing 59599;13 910;13 850;13 790\n"
        "Lambersart 59328;1 520;1 510;*\n"
        "Nord 59;245 000;244 100;243 900\n"
        "\n"
        "Source : France Travail, STMT\n"
        "Note : données brutes\n"
        "Champ : France\n"
    ).encode("cp1252")
    prepared = prepare(empty_store, text, "stmt.csv")
    assert prepared.source == "de_commune" and prepared.period == "2020-03"
    assert prepared.invalid_rows == 0
    assert prepared.sheets[0].excluded_totals == 1  # the Nord row, not summed with communes
    commit(empty_store, prepared)
    rows = dict(((c, str(m)[:7]), n) for c, m, n in stored(
        empty_store, "select code_insee, month, count from job_seekers"))
    assert rows[("59599", "2020-01")] == 13910
    assert rows[("59328", "2020-03")] is None  # secret marker kept unknown, not 0
    assert stored(empty_store, "select sum(count) from job_seekers where month = '2020-03-01'") \
        == [(13790,)]


def test_onpv_ipro_2018_keeps_qpv_totals_secret_cells_and_drops_ensemble(empty_store):
    raw = (REF / "qpv-onpv" / "IPRO_2018.csv").read_bytes()
    prepared = prepare(empty_store, raw, "IPRO_2018.csv", period="2017-12")
    assert prepared.source == "de_qpv" and prepared.period == "2017-12"
    commit(empty_store, prepared)
    assert stored(empty_store, "select distinct year, reference_month from qpv_indicators") \
        == [(2017, dt.date(2017, 12, 1))]
    assert stored(empty_store, "select count(*) from qpv_indicators where qpv_code = 'ENSEMBLE'") \
        == [(0,)]
    # La Bourgogne (Tourcoing): a real row of the file, kept as printed
    (abc, gen, name), = stored(empty_store, "select value, generation, qpv_name from qpv_indicators "
                                            "where qpv_code = 'QP059087' and measure = 'ABC'")
    assert abc > 0 and gen == 2015 and name == "La Bourgogne"
    # empty cells are the statistical secret: unknown, never zero
    secret, zeros = stored(empty_store, "select count(*) filter (where value is null), "
                                        "count(*) filter (where value = 0) from qpv_indicators")[0]
    assert secret > 0
    raw_text = raw.decode("utf-8-sig")
    assert zeros == sum(cell.strip() in ("0", "0,0") for line in raw_text.splitlines()[2:]
                        for cell in line.split(";")[2:85])


def test_onpv_demo_file_is_recognised_as_qpv_population(empty_store):
    raw = (REF / "qpv-onpv" / "DEMO_2022.csv").read_bytes()
    prepared = prepare(empty_store, raw, "DEMO_2022.csv", period="2019")
    assert prepared.source == "pop_qpv"
    commit(empty_store, prepared)
    (pop,), = stored(empty_store, "select value from qpv_indicators where qpv_code = 'QP001001' "
                                  "and measure = 'POP_MUN'")
    assert pop == 6490


def test_generic_indicator_table_with_years(empty_store):
    text = "Code commune;Année;Indicateur;Valeur\n59328;2024;salaries_prives;12 345\n" \
           "59378;2024;salaries_prives;s\n"
    prepared = prepare(empty_store, text.encode(), "indicateurs.csv")
    assert prepared.source == "indicateurs"
    commit(empty_store, prepared)
    got = dict(stored(empty_store, "select code_insee, value from indicator_values"))
    assert got == {"59328": 12345.0, "59378": None}


def plie_frame() -> pd.DataFrame:
    return pd.DataFrame({
        "N° participant": ["A1", "A2", "A3", "A4"],
        "Nom": ["Dupont", "Durand", "Martin", "Petit"],
        "NIR": ["1850759599123", "2900759328456", "1790759378789", "2810759378012"],
        "Sexe": ["F", "Homme", "Femme", "H"],
        "Date de naissance": ["12/03/1970", "05/05/1990", "31/02/1985", "01/01/1980"],
        "Code postal": ["59130", "59700", "59700", "59200"],
        "Commune": ["LAMBERSART", "Marcq-en-Baroeul", "Marcq en Barœul", "Tourcoing"],
        "QPV": ["QN05970M", "Non", "Non", "Oui"],
        "RSA": ["Oui", "non", "OUI", "N"],
        "Niveau de formation": ["50", "40", "70", "10"],
        "Date d'entrée": ["01/02/2025", "01/03/2024", "05/01/2025", "45292"],
        "Date de sortie": ["", "01/06/2025", "", ""],
        "Motif de sortie": ["", "CDD de 6 mois et plus", "", ""],
        "Téléphone": ["0600000000", "0611111111", "0622222222", "0633333333"],
    })


def test_plie_file_with_an_impossible_date_is_refused_then_imported_without_it(empty_store):
    df = plie_frame()
    raw = df.to_csv(sep=";", index=False).encode("cp1252")
    prepared = prepare(empty_store, raw, "plie.csv")
    assert prepared.source == "plie"
    bad = [p for p in prepared.errors]
    assert [(p.row, p.column, p.value) for p in bad] == [(4, "Date de naissance", "31/02/1985")]
    with pytest.raises(ImportRefused, match="1 ligne"):
        commit(empty_store, prepared)
    assert empty_store.is_empty()
    rec = commit(empty_store, prepared, drop_invalid_rows=True)
    assert rec.dropped_invalid_rows and rec.rows_rejected == 1 and rec.rows_stored == 3
    rows = stored(empty_store, "select code_insee, sex, qpv_code, rsa, education_level, "
                               "exit_kind, entry_date from plie_participants order by code_insee")
    assert [r[0] for r in rows] == ["59328", "59378", "59599"]
    assert rows[0][1:5] == ("F", "QN05970M", True, 3)  # ASP "50" → CAP/BEP level 3
    assert rows[1][5] == "positive"
    assert str(rows[2][6]) == "2024-01-01"  # Excel serial date 45292
    assert rows[2][2] == "QPV"  # "Oui" without a code


def test_personal_data_is_never_stored(empty_store):
    df = plie_frame().drop(index=2)
    prepared = prepare(empty_store, xlsx({"Participants": df}), "plie.xlsx")
    dropped = prepared.sheets[0].personal_dropped
    assert set(dropped) == {"Nom", "NIR", "Téléphone"}
    commit(empty_store, prepared)
    blob = b"".join(p.read_bytes() for p in empty_store.imports_dir.rglob("*.parquet"))
    for secret in ["Dupont", "Durand", "1850759599123", "0600000000", "A1", "12/03/1970"]:
        assert secret.encode() not in blob
    assert stored(empty_store, "select count(*) from plie_participants "
                               "where person_key in ('A1', 'A2')") == [(0,)]


def test_unknown_commune_gets_a_suggestion_and_blocks_the_import(empty_store):
    text = "Date;Événement;Commune;Exposants;Participants\n12/03/2025;Forum;Mouveaux;4;40\n"
    prepared = prepare(empty_store, text.encode(), "evenements.csv")
    (problem,) = prepared.errors
    assert problem.row == 2 and "Mouvaux (59421)" in problem.advice
    with pytest.raises(ImportRefused):
        commit(empty_store, prepared)


def test_unmapped_columns_are_listed_and_can_be_mapped(empty_store):
    text = "Date;Événement;Ville;Stands;Participants\n12/03/2025;Forum;Lambersart;4;40\n"
    prepared = prepare(empty_store, text.encode(), "evenements.csv")
    assert prepared.sheets[0].unmapped == ["Stands"]
    mapped = prepare(empty_store, text.encode(), "evenements.csv", mapping={"Stands": "exhibitors"})
    assert mapped.sheets[0].unmapped == []
    commit(empty_store, mapped)
    assert stored(empty_store, "select exhibitors from mde_events") == [(4,)]


def test_file_of_the_wrong_source_is_refused_in_french(empty_store):
    text = "Date;Événement;Commune;Exposants;Participants\n12/03/2025;Forum;Lambersart;4;40\n"
    with pytest.raises(ImportRefused, match="ne ressemble pas à un export"):
        prepare(empty_store, text.encode(), "evenements.csv", source="plie")


def test_headers_only_file_is_refused(empty_store):
    with pytest.raises(ImportRefused, match="aucune"):
        prepare(empty_store, b"Date;Evenement;Commune;Exposants;Participants\n", "vide.csv")


def test_future_dates_are_errors(empty_store):
    text = "Date;Événement;Commune;Exposants;Participants\n12/03/2099;Forum;Lambersart;4;40\n"
    prepared = prepare(empty_store, text.encode(), "evenements.csv")
    assert [p.rule for p in prepared.errors] == ["Date dans le futur"]


def test_columns_named_like_personal_data_are_never_offered(empty_store):
    df = plie_frame().drop(index=2).assign(**{"Référent PLIE": "Mme X", "Adresse e-mail": "a@b.fr",
                                            "Nom du conjoint": "Y"})
    prepared = prepare(empty_store, xlsx({"Participants": df}), "plie.xlsx")
    assert {"Référent PLIE", "Adresse e-mail", "Nom du conjoint"} <= set(prepared.sheets[0].personal_dropped)
    assert prepared.sheets[0].unmapped == []


def test_an_identical_duplicate_is_a_warning_and_counted_once(empty_store):
    text = ("Date;Événement;Commune;Exposants;Participants\n12/03/2025;Forum;Lambersart;4;40\n"
            "13/03/2025;Salon;Lambersart;4;40\n12/03/2025;Forum;Lambersart;4;40\n")
    prepared = prepare(empty_store, text.encode(), "evenements.csv")
    assert not prepared.errors
    (problem,) = [p for p in prepared.problems if p.severity == "avertissement"]
    assert problem.row == 4 and problem.rule == "Ligne en double (identique)"
    assert "ligne 2" in problem.advice
    assert prepared.excluded == {"doublon identique": 1}
    commit(empty_store, prepared)
    assert stored(empty_store, "select sum(participants) from mde_events") == [(80,)]  # 40 + 40


def test_a_duplicate_with_different_values_is_an_error_naming_both_lines(empty_store):
    text = ("Date;Événement;Commune;Exposants;Participants\n12/03/2025;Forum;Lambersart;4;40\n"
            "13/03/2025;Salon;Lambersart;4;40\n12/03/2025;Forum;Lambersart;5;41\n")
    prepared = prepare(empty_store, text.encode(), "evenements.csv")
    assert sorted(p.row for p in prepared.errors) == [2, 4]
    assert all("lignes 2 et 4" in p.advice for p in prepared.errors)
    assert prepared.invalid_rows == 2
    with pytest.raises(ImportRefused):
        commit(empty_store, prepared)


def test_a_totals_line_of_a_participant_export_is_left_out_and_counted(empty_store):
    df = plie_frame().drop(index=2)
    total = {c: None for c in df.columns}
    total["N° participant"] = "Total"
    total["Nom"] = "3 participants"
    blank_id = {c: None for c in df.columns}
    blank_id["Nom"] = "Ensemble"  # identifiers empty, a total label in the first cell
    blank_id["Date d'entrée"] = "3"
    df = pd.concat([df, pd.DataFrame([total, blank_id])], ignore_index=True)
    prepared = prepare(empty_store, df.to_csv(sep=";", index=False).encode(), "plie.csv")
    assert not prepared.errors
    assert prepared.excluded == {"total": 2} and prepared.rows_read == 3
    assert [p.row for p in prepared.problems if p.rule == "Ligne de total exclue (total)"] \
        == [5, 6]


def test_a_file_of_totals_only_is_refused(empty_store):
    text = "Code commune;Mois;Nombre de demandeurs d'emploi\n59;12/2024;245000\nreg32;12/2024;1\n"
    with pytest.raises(ImportRefused, match="aucune ligne de données.*département : 1"):
        prepare(empty_store, text.encode(), "totaux.csv")
