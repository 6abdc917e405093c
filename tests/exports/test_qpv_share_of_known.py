"""The workbook's « % QPV » of the PLIE per commune is a share of the known answers, as on
the pages and the key figures (« dont 4 résident en QPV (36,4 %) »).

A tracking software export often leaves the QPV cell empty for some participants. The
workbook divided by every participant (4 of 12, 33,3 %) beside key figures that say
36,4 % (4 of the 11 whose residence is known). The PLIE export of
`tests/queries/test_qpv_reference_secret` (Grand Poitiers): 12 participants entered in
March 2025, odd numbers in Poitiers, even ones in Saint-Benoît; QPV « Oui » for PL-0001 to
PL-0004, « Non » for PL-0005 to PL-0011, empty for PL-0012. Figures by hand.
"""

from exports import content
from tests.queries.test_qpv_reference_secret import con  # noqa: F401 (fixture)


def test_the_qpv_share_per_commune_is_of_the_known_answers(con):  # noqa: F811
    table = content.commune_tables(con, "gp", 2025, ["plie"], role="gestionnaire")[0]
    df = table.frame.set_index(table.frame["code_insee"].fillna("total"))
    # by hand, the total: 4 in a QPV of 11 known answers (PL-0012 unknown), not of 12
    assert df.at["total", "participants"] == 12 and df.at["total", "participants_qpv"] == 4
    assert df.at["total", "participants_qpv_rate"] == 0.364
    assert df.at["total", "entries_qpv_rate"] == 0.364  # all 12 entered in 2025
    # Poitiers (PL-0001, 3, 5, 7, 9, 11): 2 in a QPV (1 and 3), 6 known: 33,3 %
    assert df.at["86194", "participants_qpv_rate"] == 0.333
    # Saint-Benoît (PL-0002 … 12): 2 in a QPV (2 and 4), 5 known (12 unknown): 40,0 %
    assert df.at["86214", "participants_qpv_rate"] == 0.4
    # the helper counts of the unknown answers are no column of the workbook
    assert [c.key for c in table.columns] == list(table.frame.columns[2:])
