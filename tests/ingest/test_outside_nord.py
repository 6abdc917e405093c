"""An association outside the Nord: the PLIE du Grand Poitiers (Vienne) imports its files.

The territory is defined as data (12 communes of Grand Poitiers); the files are written as
the other tools write them (a PLIE tracking software's one-line-per-step sheet, birth dates
as Excel serial numbers, entry dates as dd/mm/yyyy text, communes typed « ST-BENOIT » or
« Saint Benoît »). The expected figures are counted by hand from the lines below.
"""

import io

import openpyxl
import pytest

from data import territories
from data.store import Store
from ingest.pipeline import commit, prepare
from queries.figures import key_figures

GRAND_POITIERS = ["86194", "86041", "86214", "86027", "86062", "86158", "86157", "86133",
                  "86297", "86088", "86100", "86113"]


@pytest.fixture
def store(tmp_path, monkeypatch) -> Store:
    monkeypatch.setenv("TBE_DATA_DIR", str(tmp_path / "store"))
    territories.add("gp", "PLIE du Grand Poitiers", GRAND_POITIERS)
    return Store(tmp_path / "store")


def sheet(header: list[str], lines: list[list]) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Export"
    ws.append(header)
    for line in lines:
        ws.append(line)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# One line per step, the participant repeated; « Début étape » / « Fin étape » as the
# tracking software names them. Birth dates: 29292 = 12/03/1980, 25020 = 01/07/1968,
# 35007 = 04/11/1995.
STEP_HEADER = ["N° participant", "Nom", "Sexe", "Date de naissance", "Commune", "Code postal",
               "Bénéficiaire RSA", "QPV", "Date d'entrée PLIE", "Date de sortie PLIE",
               "Motif de sortie", "Type d'étape", "Intitulé de l'étape", "Début étape",
               "Fin étape"]
STEP_LINES = [
    ["PL-0001", "NOM01", "Femme", 29292, "POITIERS", "86000", "Oui", "Oui", "15/01/2024",
     "30/06/2025", "CDI", "Formation", "Remise à niveau", "10/09/2024", "20/12/2024"],
    ["PL-0001", "NOM01", "Femme", 29292, "POITIERS", "86000", "Oui", "Oui", "15/01/2024",
     "30/06/2025", "CDI", "Emploi", "CDD aide à domicile", "01/03/2025", "31/05/2025"],
    ["PL-0002", "NOM02", "Homme", 25020, "ST-BENOIT", "86280", "Non", "Non", "03/02/2025",
     None, None, "Formation", "Permis B", "03/02/2025", None],
    ["PL-0003", "NOM03", "Femme", 35007, "Saint Benoît", "86280", "Oui", "Non", "10/03/2025",
     "15/09/2025", "Formation qualifiante", None, None, None, None],
]


def test_a_one_line_per_step_export_with_debut_etape_reads_its_steps(store):
    prepared = prepare(store, sheet(STEP_HEADER, STEP_LINES), "plie_export_suivi.xlsx")
    assert prepared.source == "plie" and not prepared.errors, prepared.problems
    rules = {p.rule for p in prepared.problems}
    # the step columns are the steps', not unused columns; PL-0001's two lines are two steps
    assert "Colonnes non utilisées" not in rules
    assert "Ligne en double (identique)" not in rules
    commit(store, prepared)
    kf = key_figures(store.connection(), "gp", 2025).set_index("indicator")
    # by hand: 3 participants in 2025 (PL-0001 leaves on 30/06/2025), 2 women, all three
    # in Grand Poitiers (Poitiers, Saint-Benoît twice)
    assert kf.at["plie_participants", "value"] == 3
    assert kf.at["plie_femmes", "value"] == 2
    # steps: 3 lines with a step; active in 2025: PL-0001's CDD (March–May 2025) and
    # PL-0002's driving licence (from 03/02/2025); the 2024 training ended in December 2024
    assert kf.at["plie_etapes", "value"] == 2
    assert kf.at["plie_etapes_participants", "value"] == 2
    assert kf.at["plie_etapes_emploi", "value"] == 1
    # exits in 2025: PL-0001 (CDI) and PL-0003 (formation qualifiante), both positive
    assert kf.at["plie_sorties", "value"] == 2
    assert kf.at["plie_sorties_positives", "value"] == 2


# A participants' export (one line each, cp1252, `;`), communes typed short of room:
# « Vouneuil s/ Biard » is Vouneuil-sous-Biard (« s/ » for « sous »: no commune is
# « Vouneuil-sur-Biard »), « Quesnoy/Deûle »-like « sur » readings stay as they were.
PARTICIPANTS_CSV = (
    "Identifiant;Sexe;Ville;CP;QPV;Date d'entrée\r\n"
    "P1;F;POITIERS CEDEX;86000;Non;06/01/2025\r\n"
    "P2;H;Vouneuil s/ Biard;86580;Non;03/02/2025\r\n"
    "P3;F;VOUNEUIL S/BIARD;;NSP;10/03/2025\r\n"
)


def test_s_slash_reads_sous_when_no_commune_is_sur(store):
    prepared = prepare(store, PARTICIPANTS_CSV.encode("cp1252"), "plie_participants.csv")
    assert prepared.source == "plie" and not prepared.errors, prepared.problems
    notes = [p.advice for p in prepared.problems if "« s/ » pour « sous »" in p.advice]
    assert len(notes) == 2 and all("Vouneuil-sous-Biard (86297)" in n for n in notes)
    commit(store, prepared)
    kf = key_figures(store.connection(), "gp", 2025).set_index("indicator")
    # by hand: 3 participants of Grand Poitiers, 2 women; QPV: 2 « Non », 1 « NSP » unknown
    assert kf.at["plie_participants", "value"] == 3
    assert kf.at["plie_femmes", "value"] == 2
    assert kf.at["plie_qpv", "value"] == 0
    unknown = store.connection().execute(
        "select count(*) from plie_participants where qpv_code = 'inconnu'").fetchone()
    assert unknown == (1,)  # « NSP »: not known, not « Non »


# A tracking software's CSV: dates written as Excel serial numbers (45663 = 06/01/2025),
# « O » / « N », the postal code and the commune in one column named « CP Ville ».
SERIAL_CSV = (
    "Code bénéficiaire;Civilité;Né(e) le;CP Ville;BRSA;QPV;Entrée;Sortie;Motif\r\n"
    "A1;Mme;29292;86000 POITIERS;O;N;45663;;\r\n"
    "A2;M.;25020;86280 ST BENOIT;N;N;45691;45838;Emploi durable (CDI)\r\n"
    "A3;Mme;35007;86180 BUXEROLLES;O;O;45361;45915;Formation qualifiante\r\n"
)


def test_an_unknown_header_s_advice_gives_the_command_line_mapping(store):
    raw = SERIAL_CSV.encode("cp1252")
    prepared = prepare(store, raw, "plie_export.csv")
    unused = next(p for p in prepared.problems if p.rule == "Colonnes non utilisées")
    assert "--map « CP Ville=Commune »" in unused.advice
    prepared = prepare(store, raw, "plie_export.csv", mapping={"CP Ville": "Commune"})
    assert prepared.source == "plie" and not prepared.errors, prepared.problems
    commit(store, prepared)
    kf = key_figures(store.connection(), "gp", 2025).set_index("indicator")
    # by hand: 3 participants in 2025 (A3 entered 10/03/2024, left 15/09/2025), 2 women,
    # 2 on the RSA, 1 in a QPV; exits in 2025: A2 (30/06) and A3, both positive
    assert kf.at["plie_participants", "value"] == 3
    assert kf.at["plie_femmes", "value"] == 2
    assert kf.at["plie_rsa", "value"] == 2
    assert kf.at["plie_qpv", "value"] == 1
    assert kf.at["plie_nouvelles_entrees", "value"] == 2
    assert kf.at["plie_sorties_positives", "value"] == 2
