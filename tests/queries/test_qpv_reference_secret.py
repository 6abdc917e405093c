"""The QPV page's reference share is hidden with the reference's small counts.

Outside the Nord, a territory's reference is its département, read on the communes its
imports cover: the PLIE du Grand Poitiers' imports cover its own communes only, so
« Vienne (département) » is the PLIE itself. Its share of QPV residents was public: the
élu read « s » for the PLIE and 36,4 % for the Vienne, the same 4 of 11 participants.
The PLIE export is written as the tracking software writes it; figures by hand.
"""

import io

import openpyxl
import pytest

from data import territories
from data.store import Store
from ingest.pipeline import commit, prepare
from queries import dashboards

GP = ("86194", "86214")  # Poitiers, Saint-Benoît
# 12 participants entered in 2025: 4 living in a QPV, 7 not, 1 unknown (blank cell)
QPV = ["Oui"] * 4 + ["Non"] * 7 + [None]


def plie_xlsx() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["N° participant", "Commune", "QPV", "Date d'entrée PLIE"])
    for n, qpv in enumerate(QPV, start=1):
        ws.append([f"PL-{n:04d}", "POITIERS" if n % 2 else "ST-BENOIT", qpv,
                   f"{n:02d}/03/2025"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.fixture
def con(tmp_path, monkeypatch):
    monkeypatch.setenv("TBE_DATA_DIR", str(tmp_path / "store"))
    territories.add("gp", "PLIE du Grand Poitiers", list(GP))
    store = Store(tmp_path / "store")
    prepared = prepare(store, plie_xlsx(), "plie_export.xlsx")
    assert prepared.source == "plie" and not prepared.errors, prepared.problems
    commit(store, prepared)
    return store.connection()


def participants(con, audience: str) -> dict:
    data = dashboards.qpv_page(con, "gp", GP, 2025, "dep-86", audience=audience)
    return data["summary"].set_index("population").loc["plie_participants"].to_dict()


def test_a_reference_made_of_the_territory_hides_its_share_too(con):
    row = participants(con, "gestionnaire")
    # by hand: 4 of the 11 known answers, for the PLIE and for its Vienne (same communes)
    assert round(row["share"] * 100, 1) == round(row["ref_share"] * 100, 1) == 36.4
    elu = participants(con, "elu")
    assert elu["personnes"] == 12  # 12 participants: shown
    assert elu["share__secret"] and elu["ref_share__secret"]  # 4 in a QPV: « s » both
