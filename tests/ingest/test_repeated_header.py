"""Two monthly CSV exports put end to end (a manager's copy and paste): the second header
sits in the middle of the data. It was read as a line of data, refused with four errors
whose advice was to map « Catégorie » to category A (« --map-value Catégorie:Catégorie=A »),
which would have saved a junk mapping. Fixture written as France Travail's CSV (« ; »,
UTF-8); figures by hand."""

import datetime as dt

from ingest.pipeline import EXCLUDED_HEADER, commit, prepare
from ingest.report import INFO

TODAY = dt.date(2026, 1, 20)
HEAD = "Mois;Code commune;Commune;Catégorie;Nombre de demandeurs d'emploi"


def export(month: str, a: int) -> str:
    return (f"{HEAD}\n{month};59368;La Madeleine;A;{a}\n{month};59328;Lambersart;A;{a + 10}\n")


def test_a_repeated_header_line_is_left_out_and_said(empty_store):
    raw = (export("septembre 2025", 100) + export("octobre 2025", 200)).encode()
    p = prepare(empty_store, raw, "de.csv", today=TODAY)
    assert p.errors == []
    (said,) = [x for x in p.problems if "en-tête répétée" in x.rule]
    assert said.severity == INFO and said.row == 4  # header on line 1, repeated on line 4
    assert p.rows_read == 4 and p.excluded == {EXCLUDED_HEADER: 1}
    commit(empty_store, p)
    total = empty_store.connection().execute(
        "SELECT sum(count) FROM job_seekers WHERE month = DATE '2025-10-01'").fetchone()[0]
    assert total == 200 + 210


def test_a_commune_named_like_a_header_is_not_a_header(empty_store):
    """One read column holding its header's word is a value (its own error), not a header."""
    raw = f"{HEAD}\noctobre 2025;59368;Commune;A;120\n".encode()
    p = prepare(empty_store, raw, "de.csv", today=TODAY)
    assert EXCLUDED_HEADER not in p.excluded
