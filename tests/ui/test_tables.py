"""Per-commune tables: statistical secret for officials, links to « Ma commune »."""

import pandas as pd

from queries.masking import Table
from ui import tables
from ui.filters import Filters

F = Filters("mno", 2025, (2025, 2024), (), ("59328", "59356", "59378", "59611"), "nord")


def t2() -> pd.DataFrame:  # MNO 2025, four communes of table T2 and a total row
    return pd.DataFrame({
        "code_insee": ["59328", "59356", "59378", "59611", None],
        "commune": ["Lambersart", "Lompret", "Marcq-en-Barœul", "Verlinghem", "Total"],
        "entrees": [67.0, 1.0, 30.0, 1.0, 99.0],
        "entrees_qpv": [11.0, 0.0, 7.0, 0.0, 18.0],
    }).assign(share=lambda d: d["entrees_qpv"] / d["entrees"])


T2_RULE = Table(counts=("entrees", "entrees_qpv"), derived={"share": ("entrees_qpv", "entrees")},
                total="code_insee")


def test_commune_table_links_and_formats():
    shown = T2_RULE.protect(t2(), "elu")
    table, config = tables.commune_table(shown, [tables.Column("entrees", "Entrées"),
                                                 tables.Column("share", "% QPV", "%")], F)
    assert table["Entrées"].tolist() == ["67", "s", "30", "s", "99"]
    assert table["% QPV"].iloc[-1] == "18,2\u00a0%"
    link = table["Commune"].iloc[0]
    assert link == ("ma_commune?territory=mno&year=2025&ref=nord&commune=59328#Lambersart")
    assert table["Commune"].iloc[-1] == "./?territory=mno&year=2025#Total"
    assert "Commune" in config


def test_commune_table_of_a_manager_has_no_s():
    table, _ = tables.commune_table(T2_RULE.protect(t2(), "gestionnaire"),
                                    [tables.Column("entrees", "Entrées")], F)
    assert table["Entrées"].tolist() == ["67", "1", "30", "1", "99"]
