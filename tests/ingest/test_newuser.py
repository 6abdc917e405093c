"""Problems a new user met with real-looking exports (PLIE, events, job seekers), each
with a small fixture written the way the other tool writes it; expected figures by hand."""

import io

import pandas as pd
import pytest

from ingest.pipeline import commit, prepare
from ingest.report import ERROR, INFO, WARNING, per_line
from ingest.vocab import for_kind


def xlsx_with_titles(df: pd.DataFrame, titles: list[str], sheet: str = "Export") -> bytes:
    """A sheet as the PLIE tracking tool writes it: title lines, a blank line, the table."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="xlsxwriter") as w:
        df.to_excel(w, sheet_name=sheet, index=False, startrow=len(titles) + 1)
        for i, t in enumerate(titles):
            w.sheets[sheet].write(i, 0, t)
    return buf.getvalue()


def stored(store, sql):
    return store.connection().execute(sql).fetchall()


# -- 1. exit reasons: a CDD under 6 months is not a positive exit ---------------------------
@pytest.mark.parametrize(("reason", "kind"), [
    ("CDD - 6 mois", "autre"), ("CDD -6 mois", "autre"), ("CDD de moins de 6 mois", "autre"),
    ("CDD < 6 mois", "autre"), ("CDD −6 mois", "autre"), ("CDD – 6 mois", "autre"),
    ("CDD de +6 mois", "positive"), ("Déménagement après 2 mois d'emploi", "neutre"),
    ("Sortie en CDD de 4 mois", "autre"), ("CDD 3 à 6 mois", "autre"),
    ("CDD + 6 mois", "positive"), ("CDD de 6 mois et plus", "positive"), ("CDD ≥ 6 mois", "positive"),
    ("CDD >= 6 mois", "positive"), ("CDI", "positive"), ("Formation qualifiante", "positive"),
    ("Emploi court (moins de 6 mois)", "autre"), ("Emploi durable (plus de 6 mois)", "positive"),
])
def test_exit_reasons_of_a_stated_contract_length(reason, kind):
    v = for_kind("exit_reason")
    assert v.lookup(reason) == kind
    assert v.suggest(reason) == [kind]  # never « positive » for a CDD of 4 months


def test_an_unknown_exit_reason_is_never_its_own_closest_value():
    from ingest.vocab import unknown_values

    v = for_kind("exit_reason")
    p = unknown_values("Export", "Motif de sortie", "exit_reason", v, [("Sortie positive", 2)], 6,
                       WARNING)
    assert "« Sortie positive » → Sortie positive" not in p.advice
    assert all("positive" not in closest for _, _, closest in p.values)


def plie_participants() -> pd.DataFrame:
    """Eight participants: seven exits in 2025 (four positive by PLIE rules), one in 2024."""
    exits = [  # (date d'entrée, date de sortie, motif)
        ("02/09/2024", "12/03/2025", "CDI"),
        ("10/10/2024", "30/06/2025", "CDD + 6 mois"),
        ("15/11/2024", "15/04/2025", "Formation qualifiante"),
        ("03/12/2024", "22/05/2025", "Abandon"),
        ("06/01/2025", "03/11/2025", "Déménagement"),
        ("13/01/2025", "28/10/2025", "CDD - 6 mois"),
        ("20/01/2025", "15/12/2025", "CDI"),
        ("01/03/2023", "15/12/2024", "CDI"),
    ]
    return pd.DataFrame({
        "N° dossier": [f"P-2025-{i:04d}" for i in range(len(exits))],
        "Civilité": ["Mme", "M.", "Mme", "M.", "Mme", "M.", "Mme", "M."],
        "Nom": ["A", "B", "C", "D", "E", "F", "G", "H"],
        "Code postal": ["59130"] * len(exits),
        "Ville": ["LAMBERSART"] * len(exits),
        "Date d'entrée": [e[0] for e in exits],
        "Date de sortie": [e[1] for e in exits],
        "Motif de sortie": [e[2] for e in exits],
        "Niveau de formation": ["Infra niveau 3", "Niveau infra V", "Sans diplôme", "Infra V",
                                "Niveau 3 (CAP, BEP)", "Niveau 4 (Bac)", "infra bac",
                                "Niveau 2 (sans diplôme)"],
    })


def test_plie_positive_exit_rate_counts_a_short_cdd_as_other(empty_store):
    raw = xlsx_with_titles(plie_participants(), ["PLIE - Liste des participants",
                                                  "Extraction du 06/01/2026"])
    prepared = prepare(empty_store, raw, "plie_suivi.xlsx")
    assert prepared.source == "plie"
    assert not [p for p in prepared.problems if p.column == "Motif de sortie"]  # all known
    commit(empty_store, prepared)
    rows = stored(empty_store, "select exit_kind, count(*) from plie_participants "
                               "where year(exit_date) = 2025 group by exit_kind")
    kinds = dict(rows)
    # by hand: CDI, CDD + 6 mois, Formation qualifiante, CDI positive; Déménagement neutral;
    # Abandon and CDD - 6 mois other
    assert kinds == {"positive": 4, "neutre": 1, "autre": 2}
    assert round(100 * kinds["positive"] / sum(kinds.values()), 1) == 57.1


# -- 2. education levels below a level ---------------------------------------------------------
@pytest.mark.parametrize(("cell", "level"), [
    ("Infra niveau 3", 2), ("infra niveau 3", 2), ("Niveau infra V", 2), ("Infra V", 2),
    ("infra niveau V", 2), ("Sans diplôme", 2), ("Aucun diplôme", 2), ("Infra bac", 3),
    ("Niveau 3 (CAP, BEP)", 3), ("Niveau 2 (sans diplôme)", 2), ("Jamais scolarisé", 1),
    ("Niveau inférieur au CAP", 2),
])
def test_education_levels_below_a_level(cell, level):
    assert for_kind("education_level").lookup(cell) == level


def test_plie_education_levels_stored(empty_store):
    raw = xlsx_with_titles(plie_participants(), ["PLIE - Liste des participants"])
    commit(empty_store, prepare(empty_store, raw, "plie_suivi.xlsx"))
    got = [r[0] for r in stored(empty_store, "select education_level from plie_participants "
                                             "order by person_key")]
    assert sorted(got) == sorted([2, 2, 2, 2, 3, 4, 3, 2])


# -- 3. commune names: abbreviations and the only commune whose name starts so -------------
def test_abbreviated_commune_names_with_their_postal_code(empty_store):
    df = plie_participants().iloc[:4].copy()
    df["Code postal"] = ["59350", "59350", "59520", "59130"]
    df["Ville"] = ["ST ANDRE", "SAINT ANDRE", "MARQUETTE", "LAMBERSART"]
    prepared = prepare(empty_store, xlsx_with_titles(df, ["PLIE"]), "plie.xlsx")
    assert not prepared.errors
    notes = [p for p in prepared.problems if p.rule == "Commune reconnue d'après une partie du nom écrit"]
    assert {p.severity for p in notes} == {INFO}
    assert any("Saint-André-lez-Lille (59527)" in p.advice for p in notes)
    assert any("Marquette-lez-Lille (59386)" in p.advice for p in notes)
    commit(empty_store, prepared)
    got = stored(empty_store, "select code_insee, count(*) from plie_participants group by 1")
    assert dict(got) == {"59527": 2, "59386": 1, "59328": 1}


@pytest.mark.parametrize(("name", "postal", "code"), [
    ("SAINT ANDRE", "59350", "59527"), ("St André", "59350", "59527"),
    ("ST ANDRE LES LILLE", None, "59527"), ("Marquette lez Lille", None, "59386"),
])
def test_commune_name_variants(name, postal, code):
    from ingest.communes import CommuneResolver

    assert CommuneResolver().resolve(None, name, postal).code_insee == code


def test_a_name_without_postal_code_proposes_the_files_departement_first():
    from ingest.communes import CommuneResolver

    # a resolver told nothing of the Nord reads the file's other communes; « St André » is
    # also the exact name of communes in the south, but the file's other communes are all
    # in the Nord: read as Saint-André-lez-Lille, and said (with the others named)
    resolver = CommuneResolver(preferred_departements=("62",))
    names = pd.Series(["Lambersart", "Marcq-en-Barœul", "St André", "Wambrechies"], dtype=object)
    got = resolver.resolve_frame(None, names, None)
    assert got["code_insee"].tolist() == ["59328", "59378", "59527", "59636"]
    assert "Saint-André-lez-Lille (59527)" in got["note"].iloc[2]
    assert "Saint-André (31468)" in got["note"].iloc[2]
    # alone it stays a question, never guessed; among communes of the Haute-Garonne it is
    # the Saint-André of that département
    alone = CommuneResolver().resolve_frame(None, pd.Series(["St André"], dtype=object), None)
    assert alone["code_insee"].iloc[0] is None
    assert alone["suggestions"].iloc[0][0] == "Saint-André-lez-Lille (59527)"
    south = pd.Series(["Toulouse", "Blagnac", "St André", "Colomiers"], dtype=object)
    assert CommuneResolver().resolve_frame(None, south, None)["code_insee"].iloc[2] == "31468"
    # no commune elsewhere is named exactly « Marquette lez »: the Nord's one is taken
    assert CommuneResolver().resolve(name="Marquette lez").code_insee == "59386"


# -- 4. two unknown communes are not duplicates of each other -------------------------------
def test_two_unknown_communes_each_get_their_own_error(empty_store):
    df = pd.DataFrame({"Code commune": ["59328", None, "59378", None],
                       "Commune": ["Lambersart", "Lambersat", "Marcq-en-Barœul", "Marcq en Bareuil"],
                       "Mois": ["06/2025"] * 4,
                       "Nombre de demandeurs d'emploi": [1870, 15, 2480, 12]})
    prepared = prepare(empty_store, xlsx_with_titles(df, [], sheet="DEFM juin 2025"), "de.xlsx")
    errors = prepared.errors
    assert not [p for p in errors if p.rule.startswith("Valeurs différentes")]
    # one grouped error for the column, each spelling with its own line and proposal
    (group,) = errors
    assert group.line_rows == {4, 6}  # title-free sheet: header line 2, data from line 3
    assert [(v, n) for v, n, _ in group.values] == [("Lambersat", 1), ("Marcq en Bareuil", 1)]
    assert "« Lambersat » → Lambersart (59328)" in group.advice
    assert "« Marcq en Bareuil » → Marcq-en-Barœul (59378)" in group.advice
    by_row = {p.row: p for p in per_line(errors)}  # the report still lists both lines
    assert set(by_row) == {4, 6}
    assert "Commune inconnue" in by_row[4].rule and by_row[4].value == "Lambersat"
    assert "Commune inconnue" in by_row[6].rule and by_row[6].value == "Marcq en Bareuil"
    commit(empty_store, prepared, drop_invalid_rows=True)
    assert dict(stored(empty_store, "select code_insee, count from job_seekers")) == {
        "59328": 1870, "59378": 2480}


# -- 5. personal data headers ----------------------------------------------------------------
PERSONAL_HEADERS = ["N° de sécurité sociale", "N° SS", "Num. Sécu", "Numéro de téléphone", "Mobile",
                    "Prénom(s)", "E-mail du jeune", "Lieu de naissance", "N° France Travail",
                    "Identifiant France Travail"]


@pytest.mark.parametrize("header", PERSONAL_HEADERS)
def test_personal_headers_are_recognised(header):
    from ingest.match import is_personal

    assert is_personal(header)


@pytest.mark.parametrize("header", ["Observations", "Partenaires", "Lieu", "Motif de sortie",
                                    "Prescripteur", "Nb de visiteurs", "Date de naissance",
                                    "Code agence France Travail", "Aide mobilité"])
def test_other_headers_are_not_personal(header):
    from ingest.match import is_personal

    assert not is_personal(header)


def test_personal_columns_are_dropped_and_never_offered(empty_store):
    df = plie_participants().iloc[:2].copy()
    values = ["1850759599123", "185075959912", "1 85 07", "0600000000", "0611111111", "Jean",
              "jean@example.org", "Lille", "1234567A", "7654321B"]
    for header, value in zip(PERSONAL_HEADERS, values, strict=True):
        df[header] = value
    prepared = prepare(empty_store, xlsx_with_titles(df, ["PLIE"]), "plie.xlsx")
    sheet = prepared.sheets[0]
    assert set(PERSONAL_HEADERS) <= set(sheet.personal_dropped)
    assert not set(PERSONAL_HEADERS) & set(sheet.unmapped)
    assert not set(PERSONAL_HEADERS) & set(sheet.suggestions)
    unused = [p for p in prepared.problems if p.rule == "Colonnes non utilisées"]
    assert not any(h in p.column for p in unused for h in PERSONAL_HEADERS)
    commit(empty_store, prepared)
    blob = b"".join(p.read_bytes() for p in empty_store.imports_dir.rglob("*.parquet"))
    for v in ("1850759599123", "0611111111", "jean@example.org", "7654321B"):
        assert v.encode() not in blob


# -- 6, 8. the event sheet of the Maison de l'Emploi -----------------------------------------
def events_sheet() -> bytes:
    df = pd.DataFrame({
        "Date": [pd.Timestamp("2025-03-18"), "12/06/2025", "jeudi 25 septembre 2025",
                 "Lundi 1er décembre 2025", pd.Timestamp("2025-11-20")],
        "Manifestation": ["Forum de l'alternance", "Job dating logistique", "Forum emploi seniors",
                          "Forum de décembre", "Rencontres entreprises QPV"],
        "Ville": ["Lambersart", "Marcq-en-Barœul", "La Madeleine", "ST ANDRE LEZ LILLE",
                  "Wambrechies"],
        "Nb de visiteurs": [420, 150, 210, "~ 40", "env. 90"],
        "Nb d'exposants": [35, 12, 28, "environ 10", 15],
        "Nb d'entretiens": [60, 48, 35, "12 env.", 22],
    })
    return xlsx_with_titles(df, ["Bilan des événements emploi 2025 - Maison de l'Emploi"],
                            sheet="Forums 2025")


def test_event_sheet_is_recognised_and_every_event_kept(empty_store):
    prepared = prepare(empty_store, events_sheet(), "evenements.xlsx")
    assert prepared.source == "mde_events"
    assert not prepared.errors
    approx = [p for p in prepared.problems if p.rule == "Nombre approximatif"]
    assert {(p.row, p.value) for p in approx} == {(7, "~ 40"), (8, "env. 90"), (7, "environ 10"),
                                                  (7, "12 env.")}
    assert {p.severity for p in approx} == {WARNING}
    commit(empty_store, prepared)
    rows = stored(empty_store, "select event_date, participants, exhibitors, interviews, code_insee "
                               "from mde_events order by event_date")
    assert len(rows) == 5
    assert [str(r[0]) for r in rows] == ["2025-03-18", "2025-06-12", "2025-09-25", "2025-11-20",
                                         "2025-12-01"]
    # by hand: 420 + 150 + 210 + 90 + 40 visitors
    assert sum(r[1] for r in rows) == 910
    assert sum(r[2] for r in rows) == 35 + 12 + 28 + 15 + 10
    assert rows[4][4] == "59527"


@pytest.mark.parametrize(("text", "date"), [
    ("jeudi 25 septembre 2025", "2025-09-25"), ("1er octobre 2025", "2025-10-01"),
    ("Lundi 1er décembre 2025", "2025-12-01"), ("14 fevrier 2025", "2025-02-14"),
    ("14 Février 2025", "2025-02-14"), ("le mardi 14 octobre 2025", "2025-10-14"),
])
def test_french_long_dates(text, date):
    from ingest.parse import parse_date

    values, invalid = parse_date(pd.Series([text], dtype=object))
    assert not invalid.iloc[0] and str(values.iloc[0].date()) == date


# -- 7. cells under statistical secret are named in the report ----------------------------
def test_secret_cells_are_left_empty_with_an_information_line(empty_store):
    raw = ("Code commune;Commune;Mois;Nombre de demandeurs d'emploi\n"
           "59328;Lambersart;06/2025;1870\n59636;Wambrechies;06/2025;s\n"
           "59386;Marquette-lez-Lille;06/2025;<3\n59527;Saint-André-lez-Lille;06/2025;s\n"
           "59368;La Madeleine;06/2025;< 5\n59378;Marcq-en-Barœul;06/2025;n.d.\n").encode()
    prepared = prepare(empty_store, raw, "de.csv")
    (info,) = [p for p in prepared.problems if "sous secret" in p.rule]
    assert info.severity == INFO
    assert info.rule.startswith("5 cellules sous secret (« s », « <3 », « < 5 », « n.d. »)")
    assert info.rule.endswith("laissées vides")
    assert info.row == 3
    # the report counts them on their five lines (it said « 1 ligne », the first)
    assert info.line_rows == {3, 4, 5, 6, 7}
    commit(empty_store, prepared)
    got = dict(stored(empty_store, "select code_insee, count from job_seekers"))
    assert got == {"59328": 1870, "59636": None, "59386": None, "59527": None, "59368": None,
                   "59378": None}


# -- 9. France Travail's registration-duration labels ------------------------------------------
def ft_detail_csv(durations: list[str], counts: list[int]) -> bytes:
    """France Travail's agency detail file: one line per commune, month, category, sex, age
    band and duration band, as Excel saves it (semicolons, cp1252, « sept.-25 » months)."""
    lines = ["Code INSEE;Commune;Mois;Catégorie;Sexe;Tranche d'âge;Ancienneté d'inscription;Nombre"]
    for i, (d, n) in enumerate(zip(durations, counts, strict=True)):
        sex = "Homme" if i % 2 else "Femme"
        lines.append(f"59328;LAMBERSART;sept.-25;Cat. A;{sex};Moins de 25 ans;{d};{n}")
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


@pytest.mark.parametrize(("label", "band"), [
    ("Moins d'un an", "moins_12m"), ("1 an à moins de 2 ans", "12_23m"), ("2 ans et plus", "24m_plus"),
    ("moins de 3 mois", "moins_12m"), ("3 mois à moins de 6 mois", "moins_12m"),
    ("6 mois à moins d'un an", "moins_12m"), ("6 à 12 mois", "moins_12m"),
    ("2 ans à moins de 3 ans", "24m_plus"), ("3 ans et plus", "24m_plus"), ("12 à 23 mois", "12_23m"),
])
def test_duration_labels(label, band):
    from ingest.vocab import for_dimension

    assert for_dimension("duration_band").lookup(label) == band


def test_a_duration_across_two_bands_is_never_given_a_wrong_example():
    from ingest.vocab import for_dimension, unknown_values

    v = for_dimension("duration_band")
    assert v.lookup("6 mois à 2 ans") is None
    p = unknown_values("f", "Ancienneté", "duration_band", v, [("6 mois à 2 ans", 4)], 2, "erreur")
    assert "=valeur retenue" in p.advice and "moins_12m »" not in p.advice


def test_ft_detail_file_with_three_duration_bands(empty_store):
    # both sexes, the three bands: 115 + 143 + 119 (F) and 100 + 20 + 30 (H)
    raw = ft_detail_csv(["Moins d'un an", "Moins d'un an", "1 an à moins de 2 ans",
                         "1 an à moins de 2 ans", "2 ans et plus", "2 ans et plus"],
                        [115, 100, 143, 20, 119, 30])
    prepared = prepare(empty_store, raw, "ft.csv")
    assert not prepared.errors and not [p for p in prepared.problems if p.severity == WARNING]
    commit(empty_store, prepared)
    got = dict(stored(empty_store, "select duration_band, sum(count) from job_seekers group by 1"))
    assert got == {"moins_12m": 215, "12_23m": 163, "24m_plus": 149}
    # registered 12 months or more, by hand: 143 + 20 + 119 + 30
    assert got["12_23m"] + got["24m_plus"] == 312


def test_ft_finer_duration_bands_add_up_without_duplicates(empty_store):
    labels = ["moins de 3 mois", "3 mois à moins de 6 mois", "6 mois à moins d'un an",
              "1 an à moins de 2 ans", "2 ans à moins de 3 ans", "3 ans et plus"]
    # every label twice (Femme, Homme) so that each sex has all six bands
    raw = ft_detail_csv([lab for lab in labels for _ in (0, 1)],
                        [10, 11, 20, 21, 30, 31, 40, 41, 50, 51, 60, 61])
    prepared = prepare(empty_store, raw, "ft.csv")
    assert not prepared.errors
    commit(empty_store, prepared)
    got = dict(stored(empty_store, "select duration_band, sum(count) from job_seekers group by 1"))
    # by hand: under a year 10+11+20+21+30+31; 1 to 2 years 40+41; 2 years or more 50+51+60+61
    assert got == {"moins_12m": 123, "12_23m": 81, "24m_plus": 222}


def test_a_repeated_duration_band_is_still_a_duplicate(empty_store):
    raw = ft_detail_csv(["Moins d'un an", "Moins d'un an", "moins de 12 mois"], [5, 6, 7])
    prepared = prepare(empty_store, raw, "ft.csv")
    assert [p.row for p in prepared.errors if p.rule.startswith("Valeurs différentes")] == [2, 4]


# -- a count header that names categories A, B, C ---------------------------------------------
@pytest.mark.parametrize("header", ["Demandeurs d'emploi A, B, C", "DEFM ABC",
                                    "Demandeurs d'emploi catégories A, B et C"])
def test_a_count_header_naming_categories_abc_is_the_count(empty_store, header):
    """A department's statistics sheet: one column of stocks named after A, B, C; by hand
    4 210 + 3 120 + 1 555 = 8 885 in June 2025."""
    raw = (f"Code commune;Commune;Mois;{header}\n62498;Lens;2025-06;4210\n"
           "62510;Liévin;2025-06;3120\n62065;Avion;2025-06;1555\n").encode()
    prepared = prepare(empty_store, raw, "de.csv")
    assert prepared.source == "de_commune" and not prepared.errors
    commit(empty_store, prepared)
    got = stored(empty_store, "select coalesce(category, 'ABC'), sum(count) from job_seekers "
                              "group by 1")
    assert got == [("ABC", 8885)]


# -- headers with a hint in brackets, as a tracking software writes them ----------------------
def test_headers_with_a_hint_in_brackets_are_recognised(empty_store):
    # « QPV (O/N) » and « Sexe (H/F) » were left out (« ressemble à ») and the figures read
    # 0 women and 0 QPV residents; by hand: 2 women of 3, 1 QPV resident
    df = pd.DataFrame({
        "N° dossier": ["D1", "D2", "D3"],
        "Date d'entrée dans le PLIE": ["06/01/2025", "03/02/2025", "10/03/2025"],
        "Date de sortie": [None, "30/06/2025", None],
        "Motif de sortie": [None, "CDI temps plein", None],
        "Commune de résidence": ["Lambersart", "LAMBERSART", "Lambersart"],
        "QPV (O/N)": ["O", "N", "N"],
        "Sexe (H/F)": ["F", "H", "F"],
        "Date de naissance (jj/mm/aaaa)": ["12/05/1990", "01/02/1975", "23/09/2001"],
    })
    raw = xlsx_with_titles(df, ["Export PLIE", "Extraction du 06/01/2026"])
    prepared = prepare(empty_store, raw, "export_plie.xlsx")
    assert prepared.source == "plie"
    assert not [p for p in prepared.problems if "ressemble" in f"{p.rule} {p.advice} {p.value}"]
    commit(empty_store, prepared)
    rows = stored(empty_store, "select sex, qpv_code is not null, age_at_entry "
                               "from plie_participants order by entry_date")
    assert [r[0] for r in rows] == ["F", "H", "F"]
    assert [r[1] for r in rows] == [True, False, False]
    # born 12/05/1990, entered 06/01/2025: 34; 01/02/1975 → 03/02/2025: 50; 2001 → 23
    assert [r[2] for r in rows] == [34, 50, 23]


def test_the_last_exits_set_the_period_of_a_plie_extraction(empty_store):
    # entries up to October, exits up to 2 December 2025 (each with its reason): the
    # extraction describes December, and its exits are no « fins prévues »
    df = pd.DataFrame({
        "N° dossier": ["D1", "D2", "D3"],
        "Date d'entrée": ["06/01/2025", "03/02/2025", "10/10/2025"],
        "Date de sortie": ["30/06/2025", "02/12/2025", None],
        "Motif de sortie": ["CDI", "Abandon", None],
        "Commune": ["Lambersart"] * 3,
    })
    prepared = prepare(empty_store, xlsx_with_titles(df, ["Export PLIE"]), "plie.xlsx")
    assert prepared.source == "plie"
    assert prepared.period == "2025-12"
    assert not [p for p in prepared.problems if "prévue" in p.advice]


# -- the Dares quarterly table by commune: modalities in columns, one column per quarter ------
def test_a_quarterly_table_with_one_column_per_quarter_and_modalities(empty_store):
    from queries.figures import key_figures

    cells = [  # (catégorie, sexe, âge, 2025T2, 2025T3)
        ("A", "Hommes", "Moins de 25 ans", 60, 70), ("A", "Hommes", "25 à 49 ans", 150, 160),
        ("A", "Hommes", "50 ans ou plus", "< 5", "s"), ("A", "Femmes", "Moins de 25 ans", 50, 60),
        ("A", "Femmes", "25 à 49 ans", 170, 180), ("A", "Femmes", "50 ans ou plus", 40, 50),
        ("ABC", "Hommes", "Moins de 25 ans", 110, 120), ("ABC", "Hommes", "25 à 49 ans", 290, 300),
        ("ABC", "Hommes", "50 ans ou plus", 80, 90), ("ABC", "Femmes", "Moins de 25 ans", 100, 110),
        ("ABC", "Femmes", "25 à 49 ans", 300, 310), ("ABC", "Femmes", "50 ans ou plus", 90, 100),
    ]
    df = pd.DataFrame([("59328", "Lambersart", *c) for c in cells] + [("Total", *[None] * 4, 0, 0)],
                      columns=["Code commune", "Libellé commune", "Catégorie", "Sexe",
                               "Tranche d'âge", "2025T2", "2025T3"])
    raw = xlsx_with_titles(df, ["Demandeurs d'emploi inscrits en fin de trimestre",
                                "Source : France Travail - Dares, STMT"])
    prepared = prepare(empty_store, raw, "dares_stmt_commune.xlsx")
    assert prepared.source == "de_commune" and prepared.period == "2025-09"
    assert [p for p in prepared.problems if p.severity == ERROR] == []
    commit(empty_store, prepared)
    kf = key_figures(empty_store.connection(), "mno", 2025).set_index("indicator")
    # by hand: A, B, C at the end of the third quarter 120 + 300 + 90 + 110 + 310 + 100 = 1 030,
    # a year before nothing; at the end of the second, 110 + 290 + 80 + 100 + 300 + 90 = 970
    assert kf.at["de_abc", "value"] == 1030
    rows = stored(empty_store, "select month, sum(count) from job_seekers where category = 'ABC' "
                               "group by month order by month")
    assert [(str(m), n) for m, n in rows] == [("2025-06-01", 970), ("2025-09-01", 1030)]
