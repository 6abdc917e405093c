"""Lines that are not lines of detail, and how the report speaks of lines.

- A « dont … » line (« dont QPV Pacot-Vandracq » under its commune, « dont : femmes »,
  « - dont », « Halluin dont QPV ») is a part of another line: excluded like a total, said
  in an information line, never added, never an error (it was refused as an unknown
  commune, « Don (59670) » suggested).
- « Sous-total communes 1 à 2 » is a sub-total, said as such (it was read as the
  département 02 from its trailing number).
- Two lines of one participant with different values name the columns and their values;
  in a flat export (one line per step) the advice is to correct the wrong value, not to
  delete a line (that deletes a step).
- « 1 ligne de note ignorée » / « 2 lignes de note ignorées », with their lines.

Files are written the way France Travail and PLIE tools write them: a title block, `;`,
latin-1, « Total » and « Sous-total » lines, « dont QPV » under a commune; a PLIE flat
export with one line per step. Every expected figure is worked out by hand below.
"""


import pandas as pd
import pytest

from data.store import Store
from ingest.pipeline import commit, prepare
from ingest.report import ERROR, INFO, LinesProblem, grouped
from ingest.service import Importer
from queries.figures import key_figures
from tests.cli.test_import_cli import cli
from tests.ingest.test_newuser import xlsx_with_titles

TITLE = ("France Travail - Demandeurs d'emploi en fin de mois (DEFM)\r\n"
         "Période : janvier 2024 - Territoire : MEL Tourcoing Vallée de la Lys\r\n"
         "Source : France Travail, données brutes\r\n")
HEADER = "Code commune;Libellé commune;Catégorie;Nombre de DEFM\r\n"


def ft_file(dont_label: str = "dont QPV Halluin Centre", notes: str = "") -> bytes:
    lines = (
        "59090;Bondues;A;141\r\n"
        "59090;Bondues;B;298\r\n"
        "59090;Bondues;C;86\r\n"
        "59173;Deûlémont;A;139\r\n"
        "59173;Deûlémont;B;118\r\n"
        "59173;Deûlémont;C;260\r\n"
        ";Sous-total communes 1 à 2;;1042\r\n"  # 141+298+86+139+118+260
        "59279;Halluin;A;296\r\n"
        f";{dont_label};A;81\r\n"  # part of Halluin A, already in its 296
        "59279;Halluin;B;263\r\n"
        ";- dont QPV Halluin Centre;B;70\r\n"
        "59279;Halluin;C;223\r\n"
        "Total;;;1824\r\n"
    )
    return (TITLE + HEADER + lines + notes).encode("latin-1")


# by hand, from the detail lines only (no sub-total, no « dont », no total)
BONDUES = 141 + 298 + 86  # 525
DEULEMONT = 139 + 118 + 260  # 517
HALLUIN = 296 + 263 + 223  # 782
# file lines (1-based): 3 title lines, the header on line 4, data from line 5
SUBTOTAL_LINE, DONT_LINES, TOTAL_LINE = 11, (13, 15), 17


@pytest.fixture
def store(tmp_path, monkeypatch) -> Store:
    monkeypatch.setenv("TBE_DATA_DIR", str(tmp_path / "store"))
    return Store(tmp_path / "store")


def stored(store: Store) -> dict:
    rows = store.connection().execute(
        "select code_insee, sum(count) from job_seekers group by all").fetchall()
    return {code: int(n) for code, n in rows}


@pytest.mark.parametrize("dont_label", ["dont QPV Halluin Centre", "dont : femmes",
                                        "Halluin dont QPV Centre", "- dont QPV Halluin Centre"])
def test_dont_and_sub_total_lines_are_excluded_and_said(store, dont_label):
    importer = Importer(store, user="test")
    check = importer.check("ft_janvier2024.csv", ft_file(dont_label), territory="melt")
    assert check.refused is None, check.refused
    p = check.prepared
    assert [x for x in p.problems if x.severity == ERROR] == []
    # 13 lines under the header: 9 of detail, 1 sub-total, 2 « dont », 1 total
    assert (p.rows_read, p.invalid_rows) == (9, 0)
    assert p.excluded == {"sous-total": 1, "ligne « dont »": 2, "total": 1}
    said = {x.row: x for x in p.problems if x.severity == INFO and x.row is not None}
    assert said[SUBTOTAL_LINE].rule == "Ligne de total exclue (sous-total)"
    for line in DONT_LINES:
        assert said[line].rule == "Ligne « dont » exclue (détail d'une autre ligne)"
        assert "n'est donc pas ajoutée" in said[line].advice
        assert "Don (59670)" not in said[line].advice
    assert said[TOTAL_LINE].rule == "Ligne de total exclue (total)"
    assert importer.commit(check).refused is None
    assert stored(store) == {"59090": BONDUES, "59173": DEULEMONT, "59279": HALLUIN}
    assert sum(stored(store).values()) == 1824  # the file's own total, never 1824 + 81 + 70


# -- notes under the table: « 1 ligne de note ignorée », « 2 lignes … », with their lines --
@pytest.mark.parametrize(("notes", "rule", "lines"), [
    ("Source : France Travail, STMT\r\n", "1 ligne de note ignorée", {18}),
    ("Source : France Travail, STMT\r\n;;;\r\nChamp : DEFM catégories A, B, C\r\n",
     "2 lignes de note ignorées", {18, 20}),  # a blank line between the two notes
])
def test_note_lines_are_said_in_french_with_their_lines(store, notes, rule, lines):
    check = Importer(store, user="test").check("ft_janvier2024.csv", ft_file(notes=notes),
                                               territory="melt")
    p = check.prepared
    said = [x for x in p.problems if "note" in x.rule]
    assert [x.rule for x in said] == [rule]
    assert isinstance(said[0], LinesProblem) and set(said[0].line_rows) == lines
    assert said[0].row == min(lines)
    group = next(g for g in grouped(p.problems) if g.rule == rule)
    assert group.lines == len(lines)
    assert p.excluded["note"] == len(lines)
    assert p.rows_read == 9  # the notes are not lines of data


def test_the_terminal_lists_the_note_lines(tmp_path, monkeypatch):
    monkeypatch.setenv("TBE_DATA_DIR", str(tmp_path / "store"))
    path = tmp_path / "ft_janvier2024.csv"
    path.write_bytes(ft_file(notes="Source : France Travail, STMT\r\n;;;\r\n"
                                   "Champ : DEFM catégories A, B, C\r\n"))
    code, out, err = cli("import", path, "--territory", "melt")
    assert code == 0, err
    block = out[out.index("[INFORMATION] 2 lignes de note ignorées"):].split("\n\n")[0]
    assert "  lignes 18, 20" in block.splitlines()
    assert "autre(s) ligne(s)" not in block  # both lines listed, none left to the report


# -- two lines of one participant that disagree ----------------------------------------
# A PLIE flat export, one line per step, as the tracking tool writes it: a title, a blank
# line, the header on line 3, data from line 4. P1 has two steps (lines 4 and 5), the
# commune of line 5 typed wrong; P2 one step (line 6); P3 none yet (line 7).
STEPS = pd.DataFrame({
    "N° participant": ["P1", "P1", "P2", "P3"],
    "Sexe": ["F", "F", "H", "F"],
    "Commune": ["Lambersart", "Wambrechies", "La Madeleine", "Wambrechies"],
    "Date d'entrée": ["06/01/2025", "06/01/2025", "03/02/2025", "10/03/2025"],
    "Famille d'étape": ["Formation", "Emploi", "Mobilisation", None],
    "Étape": ["Formation CACES", "CDD 6 mois", "Atelier CV", None],
    "Date de début": ["15/02/2025", "01/06/2025", "10/03/2025", None],
})


def steps_file(df: pd.DataFrame) -> bytes:
    return xlsx_with_titles(df, ["Extraction des parcours et étapes"])


def conflicts(prepared) -> list:
    return [p for p in prepared.problems
            if p.severity == ERROR and p.rule.startswith("Valeurs différentes")]


def test_a_flat_export_names_the_column_and_says_to_correct_not_to_delete(empty_store):
    prepared = prepare(empty_store, steps_file(STEPS), "parcours_etapes.xlsx", territory="mno")
    found = conflicts(prepared)
    assert [p.row for p in found] == [4, 5]
    assert {p.column for p in found} == {"Commune"}
    advice = found[0].advice
    assert "Commune : Lambersart (ligne 4), Wambrechies (ligne 5)" in advice
    assert "corrigez la valeur sur la ligne qui se trompe" in advice
    assert "supprimez l'autre ligne" not in advice and "ne supprimez aucune ligne" in advice
    # the columns that agree are not named
    assert "Sexe" not in advice and "Date d'entrée :" not in advice
    # the advice followed: the wrong value of line 5 corrected, every step kept
    fixed = STEPS.copy()
    fixed.loc[1, "Commune"] = "Lambersart"
    prepared = prepare(empty_store, steps_file(fixed), "parcours_etapes.xlsx", territory="mno")
    assert not conflicts(prepared) and not prepared.errors
    commit(empty_store, prepared)
    kf = key_figures(empty_store.connection(), "mno", 2025).set_index("indicator")
    # by hand: P1, P2, P3; steps Formation CACES + CDD 6 mois (P1), Atelier CV (P2) = 3,
    # where deleting « the other line » (line 5), as the old advice said, left 2
    assert kf.at["plie_participants", "value"] == 3
    assert kf.at["plie_etapes", "value"] == 3




def test_a_true_duplicate_of_a_one_line_per_person_table_names_columns_and_values(empty_store):
    # one line per participant, no step columns: P1 twice (lines 4 and 6, Lambersart and
    # Wambrechies); P2 twice (lines 5 and 7), the same commune spelled two ways and the sex
    # differing: only « Sexe » is named for P2
    df = pd.DataFrame({
        "N° participant": ["P1", "P2", "P1", "P2"],
        "Sexe": ["F", "H", "F", "F"],
        "Commune": ["Lambersart", "La Madeleine", "Wambrechies", "LA MADELEINE"],
        "Date d'entrée": ["06/01/2025", "03/02/2025", "06/01/2025", "03/02/2025"],
    })
    prepared = prepare(empty_store, xlsx_with_titles(df, ["Liste des participants PLIE"]),
                       "participants.xlsx", territory="mno")
    found = {p.row: p for p in conflicts(prepared)}
    assert sorted(found) == [4, 5, 6, 7]
    p1, p2 = found[4].advice, found[5].advice
    assert found[6].advice == p1 and found[7].advice == p2
    assert "lignes 4 et 6 — Commune : Lambersart (ligne 4), Wambrechies (ligne 6)" in p1
    assert "Sexe" not in p1
    assert "lignes 5 et 7 — Sexe : H (ligne 5), F (ligne 7)" in p2
    assert "Commune" not in p2  # « La Madeleine » and « LA MADELEINE »: one commune
    for advice in (p1, p2):
        assert "gardez la bonne valeur et supprimez l'autre ligne" in advice
    assert (found[4].column, found[5].column) == ("Commune", "Sexe")
