"""The reference month of the job-seeker key figures is the latest month at which the
selection's job-seeker data are complete, not merely the latest month with a row.

A manager imports a France Travail agency's file for October 2025 covering 4 of MNO's 10
communes, after files covering all 10 for September 2024 and September 2025. October
stays in the monthly series, but the key figures read September 2025: otherwise their
total (4 communes) would read as a fall of over half the job seekers in a year.

Files are written like `tests/onpv_files.py` writes France Travail's commune file
(« Mois;Code commune;Catégorie;Nombre de demandeurs d'emploi »). Figures by hand below.
"""

import datetime as dt
import math

import pytest

from ingest.pipeline import commit, prepare
from queries import runner
from queries.context import latest_job_seeker_month, territory_communes, year_bounds
from queries.figures import key_figures

LAMBERSART, LA_MADELEINE, MARCQ, MARQUETTE = "59328", "59368", "59378", "59386"
SAINT_ANDRE, WAMBRECHIES, VERLINGHEM, PERENCHIES = "59527", "59636", "59611", "59457"
LOMPRET, QUESNOY = "59356", "59482"

# (A, B, C) per commune
SEPTEMBER_2025 = {
    LAMBERSART: (1000, 400, 300),   # 1 700
    LA_MADELEINE: (1200, 500, 300),  # 2 000
    MARCQ: (1500, 600, 400),        # 2 500
    MARQUETTE: (500, 200, 100),     # 800
    SAINT_ANDRE: (700, 300, 200),   # 1 200
    WAMBRECHIES: (400, 150, 50),    # 600
    VERLINGHEM: (150, 50, 30),      # 230
    PERENCHIES: (300, 100, 70),     # 470
    LOMPRET: (60, 30, 10),          # 100
    QUESNOY: (250, 100, 48),        # 398
}
# A: 1000+1200+1500+500+700+400+150+300+60+250 = 6 060
# ABC: 1700+2000+2500+800+1200+600+230+470+100+398 = 9 998
SEPTEMBER_2025_A, SEPTEMBER_2025_ABC = 6060, 9998

# September 2024: as September 2025 but Lambersart 1 100 / 400 / 300 (1 800)
SEPTEMBER_2024 = {**SEPTEMBER_2025, LAMBERSART: (1100, 400, 300)}
SEPTEMBER_2024_A, SEPTEMBER_2024_ABC = 6160, 10098

# the agency's file: 4 communes only
OCTOBER_2025 = {
    LAMBERSART: (990, 400, 300),    # 1 690
    MARCQ: (1480, 600, 400),        # 2 480
    VERLINGHEM: (140, 50, 30),      # 220
    LOMPRET: (60, 30, 10),          # 100
}
OCTOBER_2025_ABC = 4490  # 1690 + 2480 + 220 + 100
# the 6 other communes' October, imported later in test_a_completed_month_becomes_the_reference
OCTOBER_2025_REST = {code: SEPTEMBER_2025[code] for code in SEPTEMBER_2025
                     if code not in OCTOBER_2025}


def job_seekers_csv(month_label: str, counts: dict[str, tuple[int, int, int]]) -> bytes:
    lines = ["Mois;Code commune;Catégorie;Nombre de demandeurs d'emploi"]
    for code, abc in counts.items():
        for category, n in zip("ABC", abc, strict=True):
            lines.append(f"{month_label};{code};{category};{n}")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def load(store, files) -> None:
    for name, label, counts in files:
        prepared = prepare(store, job_seekers_csv(label, counts), name, source="de_commune",
                           territory="mno")
        assert not prepared.errors, [p.rule for p in prepared.errors]
        commit(store, prepared, user="test")


FULL = [("de_mno_2024_09.csv", "septembre 2024", SEPTEMBER_2024),
        ("de_mno_2025_09.csv", "septembre 2025", SEPTEMBER_2025)]
PARTIAL = [("de_agence_2025_10.csv", "octobre 2025", OCTOBER_2025)]


@pytest.fixture
def partial_store(empty_store):
    load(empty_store, FULL + PARTIAL)
    return empty_store


def test_the_fixture_communes_are_mno(partial_store):
    assert sorted(SEPTEMBER_2025) == sorted(territory_communes("mno"))
    con = partial_store.connection()
    rows = con.execute("select month, count(distinct code_insee), sum(count) from job_seekers "
                       "group by month order by month").fetchall()
    assert rows == [(dt.date(2024, 9, 1), 10, SEPTEMBER_2024_ABC),
                    (dt.date(2025, 9, 1), 10, SEPTEMBER_2025_ABC),
                    (dt.date(2025, 10, 1), 4, OCTOBER_2025_ABC)]


def test_key_figures_read_the_latest_complete_month(partial_store):
    con = partial_store.connection()
    assert latest_job_seeker_month(con, territory_communes("mno"), 2025) == dt.date(2025, 9, 1)
    kf = key_figures(con, "mno", 2025).set_index("indicator")
    abc, a = kf.loc["de_abc"], kf.loc["de_a"]
    assert abc["value"] == SEPTEMBER_2025_ABC  # not October's 4 490
    assert a["value"] == SEPTEMBER_2025_A
    assert abc["period"] == a["period"] == "septembre 2025"
    assert abc["reference_date"] == dt.date(2025, 9, 30)
    # compared with September 2024, not with an October 2024 that has no data
    assert abc["previous_value"] == SEPTEMBER_2024_ABC
    assert math.isclose(abc["evolution_pct"], (9998 - 10098) / 10098 * 100)  # −0,99 %
    assert a["previous_value"] == SEPTEMBER_2024_A


def test_a_communes_key_figures_read_the_territorys_reference_month(partial_store):
    # Lambersart has October rows, but its figures are those of the territory's month
    kf = key_figures(partial_store.connection(), "mno", 2025, LAMBERSART).set_index("indicator")
    assert kf.at["de_abc", "value"] == 1700
    assert kf.at["de_abc", "period"] == "septembre 2025"


def test_the_partial_month_stays_in_the_monthly_series(partial_store):
    con = partial_store.connection()
    start, end = year_bounds(2025)
    monthly = runner.run(con, "job_seekers_monthly", communes=territory_communes("mno"),
                         start=start, end=end)
    monthly = monthly.set_index(monthly["month"].dt.date)
    assert monthly.at[dt.date(2025, 10, 1), "de_abc"] == OCTOBER_2025_ABC
    assert monthly.at[dt.date(2025, 10, 1), "communes_reported"] == 4
    assert monthly.at[dt.date(2025, 9, 1), "de_abc"] == SEPTEMBER_2025_ABC


def test_a_selection_the_partial_month_covers_takes_it(partial_store):
    # for the 4 communes of the agency's file, October is complete
    con = partial_store.connection()
    assert latest_job_seeker_month(con, list(OCTOBER_2025), 2025) == dt.date(2025, 10, 1)
    # a year without data: no month
    assert latest_job_seeker_month(con, territory_communes("mno"), 2023) is None


def test_a_completed_month_becomes_the_reference(partial_store):
    load(partial_store, [("de_agences_2025_10.csv", "octobre 2025", OCTOBER_2025_REST)])
    con = partial_store.connection()
    assert latest_job_seeker_month(con, territory_communes("mno"), 2025) == dt.date(2025, 10, 1)
    kf = key_figures(con, "mno", 2025).set_index("indicator")
    # October: 4 490 + the other 6 communes' September figures (9 998 − 1 700 − 2 500 − 230
    # − 100 = 5 468)
    assert kf.at["de_abc", "value"] == OCTOBER_2025_ABC + 5468
    assert kf.at["de_abc", "period"] == "octobre 2025"


def test_the_partial_month_is_named_with_its_communes(partial_store):
    from queries import dashboards
    from queries.series import partial_job_seeker_month
    from ui.sections import partial_month_note

    con = partial_store.connection()
    mno = territory_communes("mno")
    partial = partial_job_seeker_month(con, mno, 2025)
    assert partial == {"month": dt.date(2025, 10, 1), "communes": 4, "of": 10,
                       "reference": dt.date(2025, 9, 1)}
    assert partial_month_note(partial) == ("Octobre 2025 : données pour 4 communes sur 10 "
                                           "seulement ; les chiffres sont ceux de septembre 2025.")
    page = dashboards.job_seekers_page(con, "mno", tuple(mno), 2025, None, audience="elu")
    assert page["month"] == dt.date(2025, 9, 1)
    assert page["partial"] == partial
    assert page["table"].at["de_abc", "value"] == SEPTEMBER_2025_ABC
    # no later month: nothing to say (2024's reference month is its latest)
    assert partial_job_seeker_month(con, mno, 2024) is None
    assert partial_month_note(None) is None


def test_a_single_commune_is_singular():
    from ui.sections import partial_month_note

    note = partial_month_note({"month": dt.date(2025, 10, 1), "communes": 1, "of": 10,
                               "reference": dt.date(2025, 9, 1)})
    assert note.startswith("Octobre 2025 : données pour 1 commune sur 10 seulement")
