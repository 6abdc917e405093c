"""A QPV column that names the young person's quarter, as i-milo exports it (« Bourges
Nord », « Val d'Auron », « QP018001 - Bourges Nord ») beside « Non » and « Non renseigné »:
a quarter's name is a yes, read with the quarter's code. Found with the Mission Locale of
Bourges (Cher): its 8 young people of Bourges Nord and Val d'Auron were counted « réponse
inconnue », and its CEJ entries of QPV residents read 0 %.

Fixture written as i-milo writes it (title lines, « Identifiant jeune », « Date de 1er
accueil », dates as text and as Excel serials); the codes are those of the ONPV's list
(`data/ref/qpv-onpv/DEMO_2022.csv`: QP018001 Bourges Nord, QP018002 « Val D'Auron -
Bourges »; 2024: QN05965M « Pont de Bois-Hôtel de ville », Villeneuve-d'Ascq)."""

import pytest

from ingest.pipeline import commit, prepare
from ingest.report import INFO, WARNING
from tests.workbooks import workbook

TITLE = [["Mission Locale de l'agglomération de Bourges"], ["Liste des jeunes suivis"], []]
# (identifiant, commune, QPV as written) -> the qpv_code stored, by hand
YOUNG = [
    ("J01", "BOURGES", "Bourges Nord", "QP018001"),
    ("J02", "Bourges", "BOURGES NORD", "QP018001"),
    ("J03", "BOURGES", "QP018001 - Bourges Nord", "QP018001"),
    ("J04", "BOURGES", "Val d'Auron", "QP018002"),
    ("J05", "BOURGES", "Val D'Auron - Bourges", "QP018002"),
    ("J06", "BOURGES", "Non", None),
    ("J07", "ST DOULCHARD", "Non", None),
    ("J08", "BOURGES", "Non renseigné", "inconnu"),
    # a 2024 quarter of the MEL, by its name: its 2024 code
    ("J09", "VILLENEUVE D ASCQ", "Pont de Bois-Hôtel de ville", "QN05965M"),
]


def extraction(rows=YOUNG) -> bytes:
    lines = [*TITLE, ["Identifiant jeune", "Commune de résidence", "QPV", "Date de 1er accueil"]]
    lines += [[j, commune, qpv, "03/02/2025" if k % 2 else 45720]
              for k, (j, commune, qpv, _) in enumerate(rows)]
    return workbook({"Liste des jeunes": lines})


@pytest.fixture
def imported(empty_store):
    prepared = prepare(empty_store, extraction(), "Extraction_imilo.xlsx", source="ml")
    assert not prepared.errors, [(p.rule, p.value) for p in prepared.errors]
    commit(empty_store, prepared)
    return empty_store, prepared


def test_a_quarter_s_name_is_read_as_its_code(imported):
    store, _ = imported
    got = dict(store.connection().execute(
        "select person_key, qpv_code from ml_young").fetchall())
    assert sorted(got.values(), key=str) == sorted((q for *_, q in YOUNG), key=str)
    # by hand: 5 in Bourges' two quarters, 1 in Villeneuve-d'Ascq's, 2 « Non », 1 unknown
    in_qpv = [v for v in got.values() if v not in (None, "inconnu")]
    assert len(in_qpv) == 6


def test_the_names_read_are_said_not_warned(imported):
    _, prepared = imported
    qpv = [p for p in prepared.problems if p.column == "QPV"]
    assert not [p for p in qpv if p.severity == WARNING], [(p.rule, p.value) for p in qpv]
    info = [p for p in qpv if p.severity == INFO]
    assert len(info) == 1
    text = f"{info[0].rule} {info[0].value} {info[0].advice}"
    assert "Bourges Nord" in text and "QP018001" in text and "QP018002" in text


def test_a_name_no_list_holds_is_still_an_unknown_value(empty_store):
    rows = [("J01", "BOURGES", "Quartier des Gibjoncs-Est", None),
            ("J02", "BOURGES", "Non", None)]
    prepared = prepare(empty_store, extraction(rows), "Extraction_imilo.xlsx", source="ml")
    warned = [p for p in prepared.problems if p.column == "QPV" and p.severity == WARNING]
    assert len(warned) == 1 and "Gibjoncs" in warned[0].value
