"""The quartiers prioritaires in `python -m cli figures`: one row per indicator and quarter
(the ONPV files' figures, `queries/qpv.py`), the territory's (or the commune's) total, and
the share of job seekers living in a QPV; `--qpv CODE` (2015 or 2024 code) keeps one
quarter. Unmasked like the key figures of the command line, but the files' own secret
cells stay « s »."""

import pandas as pd

from exports import content
from queries import qpv

COLUMNS = ["indicator", "label", "value", "unit", "period", "territory", "commune",
           "evolution_pct", "qpv_code", "qpv_name"]


def rows(con, territory: str, year: int, commune: str | None = None,
         quarter: str | None = None) -> pd.DataFrame:
    """The QPV rows of `figures` (raises `qpv.QpvError` for an unknown or foreign code)."""
    code = qpv.resolve(quarter, territory) if quarter else None
    data = content.qpv_figures(con, territory, year, "gestionnaire",
                               [commune] if commune else None)
    out = pd.DataFrame(content.qpv_data_rows(data, territory),
                       columns=[*content_columns(), "qpv_code"])
    names = dict(zip(data["quartiers"]["qpv_code"], data["quartiers"]["qpv_name"],
                     strict=True))
    evolution = data["evolution"]
    latest = evolution[evolution["year"] == data["ipro_year"]]
    change = dict(zip(latest["qpv_code"].fillna(""), latest["qpv_de_abc_evol"], strict=True))
    if code:
        if code not in names:
            raise qpv.QpvError(f"le quartier {code} n'est pas dans la commune {commune}.")
        out = out[out["qpv_code"] == code]
    elif commune:
        # the commune's quarters and its own sums, not the territory's total
        quarters = {c for c, cs in zip(data["quartiers"]["qpv_code"], data["quartiers"]["communes"],
                                       strict=True) if isinstance(cs, tuple) and commune in cs}
        out = out[out["qpv_code"].isin(quarters) | (out["commune_insee"] == commune)]
    out = out.assign(
        commune=out["commune_insee"].replace("", None),
        qpv_name=out["qpv_code"].map(names),
        evolution_pct=[change.get(q, float("nan")) if i == "qpv_de_abc" else float("nan")
                       for i, q in zip(out["indicator"], out["qpv_code"], strict=True)])
    out["qpv_code"] = out["qpv_code"].replace("", None)
    return out[COLUMNS].reset_index(drop=True)


def content_columns() -> list[str]:
    return ["indicator", "label", "territory", "commune_insee", "commune", "period", "value",
            "unit"]
