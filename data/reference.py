"""Reference data shipped with the repository: communes, populations, territories, QPV.

Loaded once per process and handed to every new store connection as in-memory tables.
"""

import functools
from pathlib import Path

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


_NAMES: list = [None, {}]  # [the COG frame the dict was built from, {code: name}]


def commune_names() -> dict[str, str]:
    """{code_insee: name} of the COG, built once per reference frame (35 000 communes: a
    dict built at each call cost a page about 100 ms). Not to be modified."""
    frame = communes()
    if _NAMES[0] is not frame:
        _NAMES[1] = dict(zip(frame["code_insee"].tolist(), frame["name"].tolist(), strict=True))
        _NAMES[0] = frame
    return _NAMES[1]


def commune_name(code: str) -> str:
    """The COG name of a commune, its code when unknown."""
    return str(commune_names().get(code, code))


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


def territory_communes() -> pd.DataFrame:
    """Every territory's communes (`data.territories`: the built-in MELT and MNO and those
    defined by managers) and the whole Nord as a reference territory."""
    return _territory_data()[0]


def communes_of(territory: str) -> tuple[str, ...]:
    """The communes of a territory or reference territory (() when unknown)."""
    return _territory_data()[2].get(territory, ())


def _territory_data() -> tuple[pd.DataFrame, dict[str, str], dict[str, tuple[str, ...]]]:
    from data import layers, territories

    return _territory_communes(territories.stamp(), layers.stamp(), str(settings.data_dir()))


@functools.lru_cache(maxsize=4)
def _territory_communes(stamp: tuple, layers_stamp: tuple, data_dir: str
                        ) -> tuple[pd.DataFrame, dict[str, str], dict[str, tuple[str, ...]]]:
    """The territories' communes, then the reference territories' (the Nord, and the
    EPCI, départements, régions and France of every territory: `data.territories`)."""
    from data import territories

    defs = territories.definitions()
    rows = pd.DataFrame([(key, code) for key, d in defs.items() for code in d["communes"]],
                        columns=["territory", "code_insee"])
    nord = pd.read_csv(settings.GEO_DIR / "communes_nord_59_population.csv", dtype=str)
    refs = territories.reference_frame()
    labels = {key: t["label"] for key, t in defs.items()}
    labels["nord"] = "Département du Nord"
    labels.update(dict(zip(refs["territory"], refs["label"], strict=True)))
    frame = pd.concat(
        [rows, pd.DataFrame({"territory": "nord", "code_insee": nord["code_insee"]}),
         refs[["territory", "code_insee"]]],
        ignore_index=True,
    )
    by_territory = {t: tuple(codes) for t, codes in
                    frame.groupby("territory", sort=False)["code_insee"]}
    return frame, labels, by_territory


@functools.cache
def mel_communes() -> frozenset[str]:
    """The communes of the Métropole européenne de Lille: the app ships every QPV of theirs,
    of 2024 (`geo/data/qpv_2024_mel_liste.csv`) and of 2015 (the correspondence)."""
    nord = pd.read_csv(settings.GEO_DIR / "communes_nord_59_population.csv", dtype=str)
    return frozenset(nord.loc[nord["membre_mel"] == "True", "code_insee"])


def in_mel(codes) -> bool:
    """Whether every commune of `codes` is of the MEL (none: False)."""
    codes = list(codes)
    return bool(codes) and set(codes) <= mel_communes()


def qpv_listed(codes) -> bool:
    """Whether the app knows the QPV (2024) of every commune of `codes`, so that « aucun
    quartier prioritaire » is true: the communes of the MEL (their list is shipped) and
    those of a département whose QPV boundaries were imported (`geo import --kind qpv`, a
    national or departmental file). Elsewhere (Poitiers, which has QPV) it is unknown."""
    from data import layers

    imported = layers.imported_qpv(settings.data_dir())
    deps = {_departement(c.strip()) for cs in imported["insee_com"] for c in cs.split(",")
            if len(c.strip()) == 5}
    mel = mel_communes()
    return all(c in mel or _departement(c) in deps for c in codes)


def _departement(code: str) -> str:
    return code[:3] if code.startswith("97") else code[:2]


def territory_labels() -> dict[str, str]:
    """{key: label} of every territory and reference territory."""
    return dict(_territory_data()[1])


def qpv() -> pd.DataFrame:
    """QPV of the 2024 generation, one row per (QPV, commune): those of the MEL and those
    whose boundaries were imported (`python -m cli geo import --kind qpv`, with their
    `insee_com`)."""
    from data import layers

    return _qpv(layers.stamp(), str(settings.data_dir()))


@functools.lru_cache(maxsize=4)
def _qpv(layers_stamp: tuple, data_dir: str) -> pd.DataFrame:
    from data import layers

    raw = pd.read_csv(settings.GEO_DIR / "qpv_2024_mel_liste.csv", dtype=str)
    rows = raw[["code_qp", "lib_qp", "insee_com"]]
    imported = layers.imported_qpv(Path(data_dir))
    if not imported.empty:
        rows = pd.concat([rows[~rows["code_qp"].isin(set(imported["code_qp"]))], imported],
                         ignore_index=True)
    rows = rows.assign(code_insee=rows["insee_com"].str.split(",")).explode("code_insee")
    rows = rows[rows["code_insee"].str.strip().str.len() == 5]
    return pd.DataFrame(
        {
            "qpv_code": rows["code_qp"],
            "qpv_name": rows["lib_qp"],
            "generation": 2024,
            "code_insee": rows["code_insee"].str.strip(),
        }
    ).reset_index(drop=True)


def qpv_names() -> pd.DataFrame:
    """Every quarter the app can name, for a file that names a young person's quarter
    rather than coding it (« Bourges Nord »): those of 2024 (`qpv`: the MEL's and the
    imported ones), then those of 2015 in all France (the ONPV's list,
    `data/ref/qpv-onpv/DEMO_2022.csv`). Columns: qpv_code, qpv_name, commune (its name),
    generation (2024, 2015)."""
    names = commune_names()
    now = qpv().drop_duplicates("qpv_code")
    recent = pd.DataFrame({"qpv_code": now["qpv_code"], "qpv_name": now["qpv_name"],
                           "commune": now["code_insee"].map(names), "generation": 2024})
    return pd.concat([recent, _qpv_names_2015()], ignore_index=True)


@functools.cache
def _qpv_names_2015() -> pd.DataFrame:
    raw = pd.read_csv(settings.REF_DIR / "qpv-onpv" / "DEMO_2022.csv", sep=";", dtype=str,
                      usecols=["CODGEO", "LIBGEO", "LIB_COM"], encoding="utf-8-sig")
    raw = raw.dropna(subset=["CODGEO", "LIBGEO"])
    return pd.DataFrame({"qpv_code": raw["CODGEO"], "qpv_name": raw["LIBGEO"],
                         "commune": raw["LIB_COM"], "generation": 2015}).reset_index(drop=True)


@functools.cache
def qpv_correspondence() -> pd.DataFrame:
    """The QPV of 2015 matched to those of 2024 in the MEL, by commune and name
    (`data/ref/qpv-correspondance/`, built by `data/qpv_correspondence.py`): one row per
    2024 quarter (with its 2015 quarter, or none) and one per 2015 quarter left alone.
    Columns: qpv_code (2024, or None), qpv_name, communes (tuple of INSEE codes),
    qpv_code_2015 (or None), qpv_name_2015, communes_2015, match (identique, nom_proche,
    sans_equivalent_2015, sans_equivalent_2024), similarity."""
    raw = pd.read_csv(settings.REF_DIR / "qpv-correspondance" / "qpv_2015_2024_mel.csv",
                      dtype=str, keep_default_na=False)

    def codes(text: str) -> tuple[str, ...]:
        return tuple(text.split())

    def text(value: str) -> str | None:
        return value or None

    return pd.DataFrame({
        "qpv_code": raw["code_qpv_2024"].map(text),
        "qpv_name": raw["nom_qpv_2024"].map(text),
        "communes": raw["insee_2024"].map(codes),
        "qpv_code_2015": raw["code_qpv_2015"].map(text),
        "qpv_name_2015": raw["nom_qpv_2015"].map(text),
        "communes_2015": raw["insee_2015"].map(codes),
        "match": raw["correspondance"],
        "similarity": pd.to_numeric(raw["similarite_nom"], errors="coerce"),
    })


def tables() -> dict[str, pd.DataFrame]:
    from data import territories

    terr = pd.DataFrame(
        [
            {"territory": k, "label": v, "fte_hours": territories.definitions().get(k, {}).get(
                "fte_hours")}
            for k, v in territory_labels().items()
        ]
    )
    return {
        "communes": communes(),
        "populations": populations(),
        "territories": terr,
        "territory_communes": territory_communes(),
        "qpv": qpv(),
        # the codes under which the ONPV files may name each quarter (2024 or 2015)
        "qpv_codes": qpv_codes(),
    }


def qpv_codes() -> pd.DataFrame:
    """One row per (commune, code of a quarter lying in it): the 2024 codes of `qpv`
    and the 2015 codes of `qpv_correspondence` (matched or not), for the SQL that asks
    which ONPV figures concern a selection of communes."""
    corr = qpv_correspondence()
    old = corr[corr["qpv_code_2015"].notna()]
    rows = [qpv()[["code_insee", "qpv_code"]]]
    rows.append(pd.DataFrame(
        [(c, q) for q, cs in zip(old["qpv_code_2015"], old["communes_2015"], strict=True)
         for c in cs], columns=["code_insee", "qpv_code"]))
    return pd.concat(rows, ignore_index=True).drop_duplicates().reset_index(drop=True)
