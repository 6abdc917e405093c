"""ONPV figures of the quartiers prioritaires (queries/qpv.py, dashboards.qpv_onpv_page).

Expected figures are computed by hand from the files written in tests/onpv_files.py
(their table is in its docstring), or read from the real ONPV files with the csv module.
"""

import csv
import datetime as dt
import io
import math
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from data.store import Store
from ingest.pipeline import commit, prepare
from queries import dashboards, qpv
from queries.context import available_years
from queries.masking import flag, hidden
from queries.runner import run
from tests import onpv_files as files
from tests.onpv_files import BRIQUETTERIE, PACOT

REF = Path(__file__).resolve().parents[2] / "data" / "ref" / "qpv-onpv"


@pytest.fixture(scope="module")
def con(onpv_store):
    return onpv_store.connection()


def page(con, year, audience="gestionnaire", territory="mno", communes=None):
    return dashboards.qpv_onpv_page(con, territory, year, communes, audience=audience)


def rows(frame: pd.DataFrame) -> dict:
    return {c if isinstance(c, str) else "total": r
            for c, r in zip(frame["qpv_code"], frame.to_dict("records"), strict=True)}


def test_2015_codes_matched_to_2024_quarters_with_the_files_figures(con):
    data = page(con, 2021)
    assert (data["ipro_year"], data["demo_year"]) == (2021, 2021)
    q = rows(data["quartiers"])
    assert set(q) == {PACOT, BRIQUETTERIE, "total"}
    pacot = q[PACOT]
    assert (pacot["onpv_code"], pacot["generation"], pacot["match"]) == ("QP059072", 2015,
                                                                          "identique")
    assert pacot["qpv_population"] == 1300 and pacot["qpv_de_abc"] == 150
    assert pacot["qpv_de_a"] == 100  # the job seekers' A, not DEMO's 451 CAF recipients
    assert pacot["qpv_de_abc_longue_duree"] == 50 + 30  # ABC_DUR3 + ABC_DUR4
    assert pacot["qpv_de_abc_niveau_bas"] == 30 + 60  # ≤ CAP in MNO: INFCAPBEP + CAPBEP
    assert pacot["qpv_taux_emploi"] == pytest.approx(0.525)
    assert pacot["qpv_de_abc_femmes_part"] == pytest.approx(80 / 150)
    assert pacot["qpv_de_a_part"] == pytest.approx(100 / 150)
    total = q["total"]
    assert (total["qpv_de_abc"], total["qpv_de_a"], total["qpv_population"]) == \
        (150 + 250, 100 + 170, 1300 + 1280)
    assert math.isnan(total["qpv_taux_emploi"])  # a rate has no total


def test_empty_cells_of_the_file_stay_secret_for_every_audience(con):
    for audience in ("gestionnaire", "elu"):
        q = page(con, 2021, audience)["quartiers"]
        briq = q.index[q["qpv_code"] == BRIQUETTERIE][0]
        total = q.index[q["qpv_code"].isna()][0]
        # ABC_25 is empty: the count, its share and the total are « s », not 0 nor missing
        for column in ("qpv_de_abc_moins_25", "qpv_de_abc_moins_25_part"):
            assert hidden(q, column).at[briq] and math.isnan(q.at[briq, column])
        assert hidden(q, "qpv_de_abc_moins_25").at[total]
        # ABC_DUR4 is empty: DUR3 + DUR4 is secret too
        assert hidden(q, "qpv_de_abc_longue_duree").at[briq]
    q = page(con, 2021, "gestionnaire")["quartiers"]
    pacot = q.index[q["qpv_code"] == PACOT][0]
    assert not hidden(q, "qpv_de_abc_moins_25").at[pacot]


def test_small_counts_hidden_for_officials_with_secondary_suppression(con):
    q = rows(page(con, 2021, "elu")["quartiers"])
    # Pacot's 8 job seekers of 50 and over are hidden; with the total (48) shown,
    # Briquetterie's 40 would give them away: hidden too, and both shares
    assert q[PACOT][flag("qpv_de_abc_50plus")] and q[BRIQUETTERIE][flag("qpv_de_abc_50plus")]
    assert q[PACOT][flag("qpv_de_abc_50plus_part")]
    assert q["total"]["qpv_de_abc_50plus"] == 48 and not q["total"][flag("qpv_de_abc_50plus")]
    assert q[PACOT]["qpv_de_abc"] == 150 and not q[PACOT][flag("qpv_de_abc")]
    managers = rows(page(con, 2021, "gestionnaire")["quartiers"])
    assert managers[PACOT]["qpv_de_abc_50plus"] == 8
    # the evolution repeats the latest millésime: what is hidden there is hidden here
    evolution = page(con, 2021, "elu")["evolution"]
    assert not hidden(evolution, "qpv_de_abc").any()


def test_share_of_job_seekers_living_in_a_qpv_at_the_same_month(con):
    data = page(con, 2021)
    assert data["onpv_month"] == dt.date(2021, 12, 1)
    assert data["job_seekers_month"] == dt.date(2021, 12, 1)
    c = {code if isinstance(code, str) else "total": r for code, r in
         zip(data["communes"]["code_insee"], data["communes"].to_dict("records"), strict=True)}
    assert set(c) == {files.LAMBERSART, files.MARCQ, "total"}  # Lompret has no quarter
    assert c[files.LAMBERSART]["de_abc"] == 600 + 250 + 150
    assert c[files.LAMBERSART]["qpv_part_de_abc"] == pytest.approx(150 / 1000)
    assert c[files.MARCQ]["qpv_part_de_abc"] == pytest.approx(250 / 1500)
    assert c[files.MARCQ]["qpv_part_de_a"] == pytest.approx(170 / 900)
    # the territory: its quarters over all its communes' job seekers (Lompret's 100 too)
    assert c["total"]["de_abc"] == 1000 + 1500 + 100
    assert c["total"]["qpv_part_de_abc"] == pytest.approx(400 / 2600)


def test_2024_codes_the_latest_millesime_and_the_evolution(con):
    data = page(con, 2022)
    assert (data["ipro_year"], data["demo_year"]) == (2022, 2021)
    q = rows(data["quartiers"])
    assert (q[PACOT]["onpv_code"], q[PACOT]["generation"]) == (PACOT, 2024)
    assert q[PACOT]["qpv_de_abc"] == 160 and q[PACOT]["qpv_population"] == 1300
    # no ABC_DUR column in that file: unknown, not secret
    assert math.isnan(q[PACOT]["qpv_de_abc_longue_duree"])
    assert not q[PACOT][flag("qpv_de_abc_longue_duree")]
    assert data["job_seekers_month"] == dt.date(2022, 12, 1)
    c = data["communes"].set_index(data["communes"]["code_insee"].fillna("total"))
    assert c.at[files.LAMBERSART, "qpv_part_de_abc"] == pytest.approx(160 / 1100)
    assert c.at["total", "qpv_part_de_abc"] == pytest.approx(400 / 2800)
    e = data["evolution"]
    e = e.set_index([e["year"], e["qpv_code"].fillna("total")])
    assert e.at[(2021, PACOT), "qpv_de_abc"] == 150
    assert e.at[(2022, PACOT), "qpv_de_abc_evol"] == pytest.approx((160 / 150 - 1) * 100)
    assert e.at[(2022, BRIQUETTERIE), "qpv_de_abc_evol"] == pytest.approx((240 / 250 - 1) * 100)
    assert e.at[(2022, "total"), "qpv_de_abc_evol"] == pytest.approx(0)


def test_figures_after_the_selected_year_are_not_used(con):
    data = page(con, 2020)
    assert data["ipro_year"] is None and data["demo_year"] is None
    q = rows(data["quartiers"])
    assert math.isnan(q[PACOT]["qpv_de_abc"]) and not q[PACOT][flag("qpv_de_abc")]


def test_nearest_job_seeker_month_when_the_dates_differ(tmp_path):
    store = files.load(Store(tmp_path), job_seeker_months=("2021-12",))
    data = page(store.connection(), 2022)
    assert data["onpv_month"] == dt.date(2022, 12, 1)
    assert data["job_seekers_month"] == dt.date(2021, 12, 1)  # the only month imported
    c = data["communes"].set_index(data["communes"]["code_insee"].fillna("total"))
    assert c.at[files.LAMBERSART, "qpv_part_de_abc"] == pytest.approx(160 / 1000)


def test_a_selection_keeps_its_quarters_and_the_territorys_total(con):
    data = page(con, 2021, "elu", communes=(files.LAMBERSART,))
    assert data["quartiers"]["qpv_code"].tolist() == [PACOT, None]
    # masked on the whole territory first: the same « s » as in the territory's table
    assert data["quartiers"][flag("qpv_de_abc_50plus")].iloc[0]
    assert data["communes"]["code_insee"].tolist()[0] == files.LAMBERSART
    assert data["comparison"]["qpv_code"].unique().tolist() == [PACOT]


def test_comparison_with_the_commune_and_the_territory(con):
    c = page(con, 2021)["comparison"]
    a = c[(c["qpv_code"] == PACOT) & (c["indicator"] == "qpv_de_a")].iloc[0]
    assert a["qpv_share"] == pytest.approx(100 / 150)
    assert a["commune_share"] == pytest.approx(600 / 1000)
    assert a["territory_share"] == pytest.approx((600 + 900 + 60) / 2600)
    low = c[(c["qpv_code"] == PACOT) & (c["indicator"] == "qpv_de_abc_niveau_bas")].iloc[0]
    assert math.isnan(low["commune_share"])  # no education level in the commune files


def test_only_the_job_seekers_a_is_read(tmp_path):
    """DEMO's `A` (CAF recipients) and IPRO's `A` (job seekers) of the same quarter and
    year: only the one of an import that also gave ABC is read."""
    con = duckdb.connect()
    con.execute("create table qpv_indicators (qpv_code varchar, generation smallint, "
                "qpv_name varchar, year smallint, measure varchar, value double, "
                "_import_id varchar, _seq bigint, _territory varchar)")
    con.execute("insert into qpv_indicators values "
                "('QP059072', 2015, 'Pacot', 2021, 'ABC', 150, '1', 1, 'autre'), "
                "('QP059072', 2015, 'Pacot', 2021, 'A', 100, '1', 1, 'autre'), "
                "('QP059072', 2015, 'Pacot', 2021, 'POP_MUN', 1300, '2', 2, 'autre'), "
                "('QP059072', 2015, 'Pacot', 2021, 'A', 451, '2', 2, 'autre')")
    got = run(con, "qpv_onpv", codes=["QP059072"], year=2021, measures=["A", "ABC", "POP_MUN"])
    assert sorted(zip(got["measure"], got["value"], strict=True)) == \
        [("A", 100.0), ("ABC", 150.0), ("POP_MUN", 1300.0)]


def test_reference_month_stored_or_december():
    frame = pd.DataFrame({"year": [2021, 2021], "measure": ["ABC", "A"],
                          "reference_month": [pd.Timestamp("2021-06-01"), pd.NaT]})
    assert qpv.reference_month(frame, 2021) == dt.date(2021, 6, 1)
    assert qpv.reference_month(frame.drop(columns="reference_month"), 2021) == \
        dt.date(2021, 12, 1)
    assert qpv.nearest_month([dt.date(2021, 11, 1), dt.date(2022, 1, 1)],
                             dt.date(2021, 12, 1)) == dt.date(2021, 11, 1)  # tie: earlier


def test_onpv_years_count_for_the_communes_of_their_quarters(tmp_path):
    store = Store(tmp_path)
    commit(store, prepare(store, files.IPRO_2021.encode(), "IPRO_2021.csv", source="de_qpv",
                          period="2021"))
    con = store.connection()
    assert available_years(con, "mno") == [2021]
    assert available_years(con, "melt") == []  # QP001001 and MNO's quarters are not MELT's


def test_resolve_a_users_code():
    assert qpv.resolve("qp059072", "mno") == PACOT
    assert qpv.resolve(" QN05977M", "mno") == BRIQUETTERIE
    with pytest.raises(qpv.QpvError, match="n'est dans aucune commune"):
        qpv.resolve("QN05985M", "mno")  # La Bourgogne, Tourcoing (MELT)
    with pytest.raises(qpv.QpvError, match="pas d'équivalent"):
        qpv.resolve("QP059068", "mno")
    with pytest.raises(qpv.QpvError, match="inconnu"):
        qpv.resolve("QN99999Z", "mno")


def _raw(name: str) -> dict[str, dict[str, str]]:
    """The real file's rows by code, as printed (decimal comma, narrow spaces)."""
    text = (REF / name).read_text(encoding="utf-8-sig")
    return {r["CODGEO"]: r for r in csv.DictReader(io.StringIO(text), delimiter=";")}


def _number(printed: str) -> float:
    return float(printed.replace("\u202f", "").replace(" ", "").replace(",", "."))


@pytest.fixture(scope="module")
def real_store(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("real_onpv"))
    for name, period in (("IPRO_2018.csv", "2017"), ("DEMO_2022.csv", "2018")):
        commit(store, prepare(store, (REF / name).read_bytes(), name, period=period))
    return store


def test_real_files_values_of_lambersart_and_marcq(real_store):
    ipro, demo = _raw("IPRO_2018.csv"), _raw("DEMO_2022.csv")
    q = rows(page(real_store.connection(), 2025)["quartiers"])
    for code_2024, code_2015 in ((PACOT, "QP059072"), (BRIQUETTERIE, "QP059079")):
        r = q[code_2024]
        assert r["onpv_code"] == code_2015
        assert r["qpv_de_abc"] == _number(ipro[code_2015]["ABC"])
        assert r["qpv_de_a"] == _number(ipro[code_2015]["A"])
        assert r["qpv_population"] == _number(demo[code_2015]["POP_MUN"])
        assert r["qpv_taux_emploi"] == pytest.approx(_number(ipro[code_2015]["TX_TOT_EMPL"]) / 100)
    assert q[PACOT]["qpv_de_abc"] == 185 and q[BRIQUETTERIE]["qpv_population"] == 1282


def test_real_files_intercommunal_quarters_stay_out_of_the_total(real_store):
    ipro = _raw("IPRO_2018.csv")
    data = page(real_store.connection(), 2025, territory="melt")
    q = rows(data["quartiers"])
    assert not q["QN05980M"]["in_total"] and not q["QN05988M"]["in_total"]
    pure = ("QP059085", "QP059086", "QP059087", "QP059088")  # Tourcoing only
    assert q["total"]["qpv_de_abc"] == sum(_number(ipro[c]["ABC"]) for c in pure)
    assert q["QN05980M"]["qpv_de_abc"] == _number(ipro["QP059082"]["ABC"])


def test_dont_lines_of_a_total_the_file_hides_are_hidden_with_it():
    """A hand-made ONPV-like extraction (`qpv_onpv.sql`'s rows): Pacot's ABC is empty in
    the file (its secret, « s » or blank: stored null), its « dont » cells are not. Shown
    beside an « s », women 7, long-term 4 + 1… would say what the source withheld: they
    are « s » too, and the totals built on them, for every audience; Briquetterie's whole
    ABC keeps its figures."""
    pacot = {"ABC": None, "A": 12, "ABC_F": 7, "ABC_25": 3, "ABC_50": 2, "ABC_DUR3": 4,
             "ABC_DUR4": 1, "ABC_INFCAPBEP": 2, "ABC_CAPBEP": 3, "TX_TOT_EMPL": 50.0,
             "POP_MUN": 1000}
    briq = {"ABC": 240, "A": 150, "ABC_F": 118, "ABC_25": 30, "ABC_50": 41, "ABC_DUR3": 50,
            "ABC_DUR4": 20, "ABC_INFCAPBEP": 30, "ABC_CAPBEP": 40, "TX_TOT_EMPL": 45.0,
            "POP_MUN": 1280}
    extraction = pd.DataFrame(
        [{"qpv_code": code, "year": 2022, "measure": m, "value": v}
         for code, cells in ((PACOT, pacot), (BRIQUETTERIE, briq)) for m, v in cells.items()])
    quarters = qpv.quarters([files.LAMBERSART, files.MARCQ])
    now = quarters.merge(qpv.values(extraction, quarters, {"ipro": 2022, "demo": 2022}, "mno"),
                         on="qpv_code", how="left")
    ids = [i for i, ind in qpv.indicators().items() if ind.unit != "%"]
    built = qpv.add_shares(qpv.with_total(now, ids))
    dont = ["qpv_de_a", "qpv_de_abc_femmes", "qpv_de_abc_moins_25", "qpv_de_abc_50plus",
            "qpv_de_abc_longue_duree", "qpv_de_abc_niveau_bas"]
    for audience in ("gestionnaire", "elu"):
        q = rows(dashboards.QPV_ONPV_RULES["quartiers"].protect(built, audience))
        assert q[PACOT][flag("qpv_de_abc")]
        for column in dont:
            assert q[PACOT][flag(column)], (audience, column)
            assert math.isnan(q[PACOT][column]), (audience, column)
            assert q[PACOT][flag(f"{column}_part")], (audience, column)
            assert q["total"][flag(column)], (audience, column)  # 12 + 150 would tell
        # not « dont » lines: the employment rate and the population stay
        assert q[PACOT]["qpv_taux_emploi"] == pytest.approx(0.50)
        assert q[PACOT]["qpv_population"] == 1000
        assert q["total"]["qpv_population"] == 1000 + 1280
    q = rows(dashboards.QPV_ONPV_RULES["quartiers"].protect(built, "gestionnaire"))
    assert q[BRIQUETTERIE]["qpv_de_abc_femmes"] == 118
    assert q[BRIQUETTERIE]["qpv_de_abc_longue_duree"] == 50 + 20
    assert q[BRIQUETTERIE]["qpv_de_abc_niveau_bas"] == 30 + 40  # ≤ CAP in MNO
    assert q[BRIQUETTERIE]["qpv_de_a_part"] == pytest.approx(150 / 240)


def test_comparison_rows_by_hand():
    """Two quarters, the second intercommunal: its commune share is empty; a hidden share
    of the commune stays hidden; the territory is the total row (code null)."""
    shares = qpv.share_ids()
    quarters = {"qpv_code": ["QA", "QB", None], "code_insee": ["59350", "59009", None],
                "intercommunal": [False, True, False]}
    for n, share in enumerate(shares):
        quarters[share] = [0.1 * (n + 1), 0.2, 0.3]
    quarters[flag("qpv_de_a_part")] = [True, False, False]
    js = pd.DataFrame({"code_insee": ["59350", "59009", None], "de_a_part": [0.6, 0.5, 0.55],
                       flag("de_a_part"): [False, True, False]})
    c = qpv.comparison(pd.DataFrame(quarters), js)
    assert len(c) == 2 * len(shares)
    assert c["qpv_code"].tolist()[:2] == ["QA", "QA"] and c["qpv_code"].iloc[-1] == "QB"
    a = c[(c["qpv_code"] == "QA") & (c["indicator"] == "qpv_de_a")].iloc[0]
    assert (a["qpv_share"], a["commune_share"], a["territory_share"]) == (0.1, 0.6, 0.55)
    assert a[flag("qpv_share")] and not a[flag("commune_share")]
    b = c[(c["qpv_code"] == "QB") & (c["indicator"] == "qpv_de_a")].iloc[0]
    assert math.isnan(b["commune_share"]) and b["territory_share"] == 0.55
    assert not b[flag("commune_share")] and not b[flag("qpv_share")]
    # a share without a commune equivalent (education level): both sides empty
    low = c[(c["qpv_code"] == "QA") & (c["indicator"] == "qpv_de_abc_niveau_bas")].iloc[0]
    assert math.isnan(low["commune_share"]) and math.isnan(low["territory_share"])
