"""Reference data shipped with the repository: communes, populations, territories, QPV.

Loaded once per process and handed to every new store connection as in-memory tables.
"""

import functools

import pandas as pd

import settings


@functools.cache
def communes() -> pd.DataFrame:
    """Every commune of the COG 2024 (code, official name, département)."""
    cog = pd.read_csv(settings.REF_DIR / "v_commune_2024.csv", dtype=str, keep_default_na=False)
    cog = cog[cog["TYPECOM"] == "COM"]
    return pd.DataFrame(
        {"code_insee": cog["COM"], "name": cog["LIBELLE"], "departement": cog["DEP"]}
    ).reset_index(drop=True)


@functools.cache
def populations() -> pd.DataFrame:
    """Legal populations by commune and millésime (2021 for France, 2023 for the Nord)."""
    pl21 = pd.read_csv(
        settings.REF_DIR / "donnees_communes_PL2021.csv", sep=";", dtype={"COM": str}
    )
    nord = pd.read_csv(
        settings.GEO_DIR / "communes_nord_59_population.csv", dtype={"code_insee": str}
    )
    return pd.concat(
        [
            pd.DataFrame(
                {
                    "code_insee": pl21["COM"],
                    "millesime": 2021,
                    "population_municipale": pl21["PMUN"],
                    "population_totale": pl21["PTOT"],
                }
            ),
            pd.DataFrame(
                {
                    "code_insee": nord["code_insee"],
                    "millesime": 2023,
                    "population_municipale": nord["population_municipale"],
                    "population_totale": nord["population_totale"],
                }
            ),
        ],
        ignore_index=True,
    )


@functools.cache
def territory_communes() -> pd.DataFrame:
    """Built-in territories (MELT, MNO) and the whole Nord as a reference territory."""
    rows = pd.read_csv(settings.GEO_DIR / "territoires_melt_mno.csv", dtype=str)
    by_csv_code = {t["csv_code"]: key for key, t in settings.TERRITORIES.items()}
    builtin = pd.DataFrame(
        {"territory": rows["territoire"].map(by_csv_code), "code_insee": rows["code_insee"]}
    )
    nord = pd.read_csv(settings.GEO_DIR / "communes_nord_59_population.csv", dtype=str)
    return pd.concat(
        [builtin, pd.DataFrame({"territory": "nord", "code_insee": nord["code_insee"]})],
        ignore_index=True,
    )


def territory_labels() -> dict[str, str]:
    labels = {key: t["label"] for key, t in settings.TERRITORIES.items()}
    labels["nord"] = "Département du Nord"
    return labels


@functools.cache
def qpv() -> pd.DataFrame:
    """QPV of the 2024 generation in the MEL, one row per (QPV, commune)."""
    raw = pd.read_csv(settings.GEO_DIR / "qpv_2024_mel_liste.csv", dtype=str)
    raw = raw.assign(code_insee=raw["insee_com"].str.split(",")).explode("code_insee")
    return pd.DataFrame(
        {
            "qpv_code": raw["code_qp"],
            "qpv_name": raw["lib_qp"],
            "generation": 2024,
            "code_insee": raw["code_insee"].str.strip(),
        }
    ).reset_index(drop=True)


def tables() -> dict[str, pd.DataFrame]:
    terr = pd.DataFrame(
        [
            {"territory": k, "label": v, "fte_hours": settings.TERRITORIES.get(k, {}).get("fte_hours")}
            for k, v in territory_labels().items()
        ]
    )
    return {
        "communes": communes(),
        "populations": populations(),
        "territories": terr,
        "territory_communes": territory_communes(),
        "qpv": qpv(),
    }
