"""Where the boundary layers the maps draw are: the Nord layer shipped in `geo/data/` (so
maps work offline at once) and the layers imported with `python -m cli geo import`
(`<data dir>/geo/communes.geojson`, `<data dir>/geo/qpv.geojson`, prepared by
`geo/importer.py`). An imported commune replaces the shipped one of the same code.

Plain Python (no geopandas, no Streamlit): the app only reads prepared GeoJSON.
"""

import json
from pathlib import Path

import settings

SHIPPED = {"communes": settings.GEO_DIR / "communes_nord_59_carte.geojson",
           "qpv": settings.GEO_DIR / "qpv_2024_melt_mno.geojson"}
FILES = {"communes": "communes.geojson", "qpv": "qpv.geojson"}


def imported_path(kind: str, data_dir: Path | None = None) -> Path:
    return Path(data_dir or settings.data_dir()) / "geo" / FILES[kind]


def _stamp(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except FileNotFoundError:
        return -1


def sources(kind: str, data_dir: Path | None = None) -> tuple[tuple[str, int], ...]:
    """((path, modification time), …) of the layers of a kind, shipped first: a cache key
    that changes when a layer is imported again."""
    out = [(str(SHIPPED[kind]), 0)]
    imported = imported_path(kind, data_dir)
    mtime = _stamp(imported)
    if mtime >= 0:
        out.append((str(imported), mtime))
    return tuple(out)


def stamp(data_dir: Path | None = None) -> tuple:
    return tuple(_stamp(imported_path(k, data_dir)) for k in FILES)


def imported_epci(data_dir: Path | None = None) -> dict[str, tuple[str, str]]:
    """{INSEE code: (EPCI SIREN, EPCI name)} of the imported communes that carry them."""
    path = imported_path("communes", data_dir)
    if not path.exists():
        return {}
    raw = json.loads(path.read_text(encoding="utf-8"))
    out = {}
    for f in raw["features"]:
        p = f["properties"]
        if p.get("siren_epci"):
            out[p["code_insee"]] = (p["siren_epci"],
                                    p.get("nom_epci") or f"EPCI {p['siren_epci']}")
    return out


def imported_codes(kind: str = "communes", data_dir: Path | None = None) -> list[str]:
    path = imported_path(kind, data_dir)
    if not path.exists():
        return []
    key = "code_insee" if kind == "communes" else "code_qp"
    raw = json.loads(path.read_text(encoding="utf-8"))
    return [f["properties"][key] for f in raw["features"]]


def imported_qpv(data_dir: Path | None = None):
    """code_qp, lib_qp, insee_com (comma-separated) of the imported QPV boundaries."""
    import pandas as pd

    path = imported_path("qpv", data_dir)
    columns = ["code_qp", "lib_qp", "insee_com"]
    if not path.exists():
        return pd.DataFrame(columns=columns)
    raw = json.loads(path.read_text(encoding="utf-8"))
    return pd.DataFrame([{c: str(f["properties"].get(c) or "") for c in columns}
                         for f in raw["features"]], columns=columns)
