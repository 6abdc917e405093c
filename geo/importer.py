"""Commune (or QPV) boundaries a user downloaded, prepared for the maps:
`python -m cli geo import FILE [--layer L] [--code-column C] [--kind communes|qpv]`.

Reads IGN ADMIN EXPRESS or Etalab contours (GeoPackage, zipped Shapefile, Shapefile,
GeoJSON; Lambert-93 or WGS84) with geopandas (pyogrio and pyproj under it, nothing
fetched: pyproj uses its bundled database), then:

1. finds the code column (`INSEE_COM` in ADMIN EXPRESS, `code_insee`, `codgeo`, `code`…;
   `code_qp` for QPV) and the name column, checks the codes against the COG 2024: a
   former commune is merged into its current one, an unknown code is left out (said);
2. repairs invalid polygons and merges the pieces of one code;
3. simplifies the whole layer at once with shapely 2's coverage simplification
   (Visvalingam-Whyatt on the shared edges, so neighbours keep exactly the same border,
   no gap, no overlap), in a metric projection (`TOLERANCE_M`);
4. reprojects to WGS84 and rounds to `DECIMALS` decimals (about 1 m);
5. writes `<data dir>/geo/communes.geojson` (or `qpv.geojson`) atomically, merged with
   what an earlier import stored (the new file wins for its codes), and records it in the
   audit log.

`prepare_communes` is also what `geo/prepare.py` runs on the shipped Nord layer.
"""

import json
import logging
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from data import audit, layers
from data.catalog import write_atomically

DECIMALS = 5
TOLERANCE_M = 25.0  # about two pixels of a territory map (~11 m per pixel)
QPV_TOLERANCE_M = 5.0
SUFFIXES = (".gpkg", ".zip", ".shp", ".geojson", ".json")
CODE_COLUMNS = {
    "communes": ("insee_com", "code_insee", "codgeo", "insee", "code_commune", "com",
                 "codecommune", "code"),
    "qpv": ("code_qp", "code_qpv", "code_quartier", "cod_qp", "code"),
}
NAME_COLUMNS = {
    "communes": ("nom", "nom_com", "nom_commune", "libelle", "libgeo", "nom_officiel", "name"),
    "qpv": ("lib_qp", "nom_qp", "libelle", "nom", "name"),
}
EPCI_COLUMNS = ("siren_epci", "code_epci", "epci")
# ADMIN EXPRESS GeoPackages hold many layers: the communes' one is named so.
PREFERRED_LAYERS = {"communes": ("commune", "communes"), "qpv": ("qpv", "quartiers")}


log = logging.getLogger(__name__)


class GeoImportError(Exception):
    """A file that cannot be imported; the message is French."""


@dataclass
class Result:
    kind: str
    path: Path
    count: int  # features of this import
    total: int  # features of the stored layer
    size: int  # bytes of the stored layer
    seconds: float
    messages: list[str] = field(default_factory=list)

    def summary(self) -> str:
        what = "communes" if self.kind == "communes" else "quartiers prioritaires"
        seconds = f"{self.seconds:.1f}".replace(".", ",")
        size = f"{self.size / 1e6:.1f}".replace(".", ",")
        return (f"Contours importés : {_int(self.count)} {what} ({seconds} s) ; la couche "
                f"enregistrée en compte {_int(self.total)} ({size} Mo).")


def _int(n: int) -> str:
    return f"{n:,}".replace(",", "\u202f")


# -- reading -----------------------------------------------------------------------------
def _source(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise GeoImportError(f"format non reconnu « {path.name} » : GeoPackage (.gpkg), "
                             "Shapefile zippé (.zip) ou GeoJSON (.geojson, .json) attendu.")
    if suffix == ".zip":
        try:
            with zipfile.ZipFile(path) as z:
                shps = [n for n in z.namelist() if n.lower().endswith(".shp")]
                others = [n for n in z.namelist()
                          if n.lower().endswith((".gpkg", ".geojson", ".json"))]
        except zipfile.BadZipFile:
            raise GeoImportError(f"archive zip illisible : {path.name}.") from None
        if len(shps) == 1:
            return f"/vsizip/{path}/{shps[0]}"
        if not shps and len(others) == 1:
            return f"/vsizip/{path}/{others[0]}"
        if not shps and not others:
            raise GeoImportError(f"l'archive {path.name} ne contient aucun Shapefile (.shp).")
        raise GeoImportError(f"l'archive {path.name} contient plusieurs couches "
                             f"({', '.join(shps + others)}) : décompressez celle des communes.")
    return str(path)


def _choose_layer(source: str, layer: str | None, kind: str, name: str) -> str | None:
    import pyogrio

    try:
        names = [str(n) for n in pyogrio.list_layers(source)[:, 0]]
    except Exception as e:
        log.warning("boundaries %s unreadable: %s", name, e)
        raise GeoImportError(f"fichier de contours illisible : {name} (ni GeoPackage, ni "
                             "Shapefile, ni GeoJSON lisible).") from None
    if layer is not None:
        same = [n for n in names if n.lower() == layer.lower()]
        if layer not in names and len(same) == 1:  # « COMMUNE » for « commune »
            return same[0]
        if layer not in names:
            raise GeoImportError(f"couche « {layer} » absente de {name} (couches : "
                                 f"{', '.join(names)}).")
        return layer
    if len(names) <= 1:
        return None
    lowered = {n.lower(): n for n in names}
    for wanted in PREFERRED_LAYERS[kind]:
        if wanted in lowered:
            return lowered[wanted]
    raise GeoImportError(f"{name} contient plusieurs couches ({', '.join(names)}) : "
                         "choisissez-la avec --layer.")


def read(path: Path, layer: str | None = None, kind: str = "communes"):
    """The file as a GeoDataFrame in its own CRS (a French message when it cannot be read)."""
    import geopandas as gpd

    source = _source(path)
    chosen = _choose_layer(source, layer, kind, path.name)
    try:
        gdf = gpd.read_file(source, layer=chosen, engine="pyogrio")
    except Exception as e:
        log.warning("boundaries %s unreadable: %s", path.name, e)
        raise GeoImportError(f"fichier de contours illisible : {path.name} (ni GeoPackage, "
                             "ni Shapefile, ni GeoJSON lisible).") from None
    if gdf.empty:
        raise GeoImportError(f"{path.name} ne contient aucun contour.")
    if gdf.crs is None:
        west, south, east, north = gdf.total_bounds
        if -180 <= west <= east <= 180 and -90 <= south <= north <= 90:
            gdf = gdf.set_crs(4326)
        elif 0 <= west <= east <= 1_300_000 and 6_000_000 <= south <= north <= 7_200_000:
            gdf = gdf.set_crs(2154)
        else:
            raise GeoImportError(f"{path.name} ne dit pas dans quel système de coordonnées "
                                 "il est (ni WGS84, ni Lambert-93 reconnaissables) : "
                                 "joignez son fichier .prj.")
    return gdf


def _column(gdf, given: str | None, candidates: tuple[str, ...], what: str,
            name: str) -> str | None:
    columns = [c for c in gdf.columns if c != gdf.geometry.name]
    if given:
        for c in columns:
            if c.lower() == given.lower():
                return c
        raise GeoImportError(f"colonne « {given} » absente de {name} (colonnes : "
                             f"{', '.join(columns)}).")
    lowered = {c.lower(): c for c in columns}
    for wanted in candidates:
        if wanted in lowered:
            return lowered[wanted]
    if what == "code":
        raise GeoImportError(f"colonne du code introuvable dans {name} (colonnes : "
                             f"{', '.join(columns)}) : indiquez-la avec --code-column.")
    return None


# -- preparing ---------------------------------------------------------------------------
def _polygonal(geom):
    """Valid (Multi)Polygon of a geometry, or None."""
    if geom is None or geom.is_empty:
        return None
    if shapely.has_z(geom):  # BD TOPO and some exports carry heights
        geom = shapely.force_2d(geom)
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in getattr(geom, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else None


def _round(geoms, decimals: int = DECIMALS):
    return shapely.transform(geoms, lambda xy: np.round(xy, decimals))


def simplify(gdf, tolerance_m: float, coverage: bool = True):
    """The geometries simplified in a metric projection, back in WGS84, rounded."""
    metric_crs = gdf.crs if gdf.crs and gdf.crs.is_projected else gdf.estimate_utm_crs()
    projected = gdf.to_crs(metric_crs)
    geoms = projected.geometry.values
    if coverage and bool(shapely.coverage_is_valid(np.asarray(geoms))):
        simple = shapely.coverage_simplify(np.asarray(geoms), tolerance_m)
    else:  # not a coverage (overlaps, or QPV): each polygon on its own
        simple = shapely.simplify(np.asarray(geoms), tolerance_m, preserve_topology=True)
    out = projected.set_geometry(list(simple), crs=metric_crs).to_crs(4326)
    # GeoJSON's right-hand rule (RFC 7946): exteriors counter-clockwise, holes clockwise
    rounded = shapely.orient_polygons(_round(np.asarray(out.geometry.values)),
                                      exterior_cw=False)
    out = out.set_geometry(list(rounded), crs=4326)
    return out


def _codes(column) -> pd.Series:
    """INSEE codes as 5-character strings, also from a numeric column (62498.0, 1001)."""
    codes = column.astype(str).str.strip().str.upper().str.replace(r"\.0+$", "", regex=True)
    return codes.where(~(codes.str.len() == 4) | ~codes.str.isdigit(), "0" + codes)


def prepare_communes(gdf, code_column: str | None = None, name: str = "",
                     tolerance_m: float = TOLERANCE_M):
    """(GeoDataFrame code_insee, nom, siren_epci, geometry in WGS84, messages)."""
    from data import territories

    messages = []
    code_col = _column(gdf, code_column, CODE_COLUMNS["communes"], "code", name)
    name_col = _column(gdf, None, NAME_COLUMNS["communes"], "name", name)
    epci_col = _column(gdf, None, EPCI_COLUMNS, "epci", name)
    codes = _codes(gdf[code_col])
    current, former = territories.current_communes(), territories.former_communes()
    target = [c if c in current else former[c][1] if c in former else None for c in codes]
    merged = sorted({c for c, t in zip(codes, target, strict=True) if t and t != c})
    if merged:
        messages.append(f"{len(merged)} ancienne(s) commune(s) rattachée(s) à leur commune "
                        f"actuelle (COG 2024) : {', '.join(merged[:5])}"
                        f"{', …' if len(merged) > 5 else ''}.")
    unknown = sorted({c for c, t in zip(codes, target, strict=True) if t is None})
    if unknown:
        messages.append(f"{len(unknown)} code(s) inconnu(s) du COG 2024 laissé(s) de côté : "
                        f"{', '.join(unknown[:5])}{', …' if len(unknown) > 5 else ''}.")
    frame = gdf.assign(code_insee=target)
    frame = frame[frame["code_insee"].notna()]
    if frame.empty:
        raise GeoImportError(f"aucun code commune du COG 2024 dans la colonne « {code_col} » "
                             f"de {name} : est-ce la bonne colonne (--code-column) ?")
    frame = frame.set_geometry([_polygonal(g) for g in frame.geometry.values], crs=gdf.crs)
    frame = frame[frame.geometry.notna()]
    epci = {}
    if epci_col:
        for code, value in zip(frame["code_insee"], frame[epci_col], strict=True):
            if isinstance(value, str) and value.strip().isdigit():
                epci.setdefault(code, value.strip())
    dissolved = frame[["code_insee", frame.geometry.name]].dissolve(by="code_insee",
                                                                    as_index=False)
    dissolved["nom"] = [territories.commune_name(c) for c in dissolved["code_insee"]]
    if name_col and not merged:  # the file's own names when nothing was merged
        names = dict(zip(frame["code_insee"], frame[name_col].astype(str), strict=True))
        dissolved["nom"] = [names.get(c) or n for c, n in zip(dissolved["code_insee"],
                                                             dissolved["nom"], strict=True)]
    dissolved["siren_epci"] = [epci.get(c, "") for c in dissolved["code_insee"]]
    return simplify(dissolved, tolerance_m), messages


def prepare_qpv(gdf, code_column: str | None = None, name: str = ""):
    code_col = _column(gdf, code_column, CODE_COLUMNS["qpv"], "code", name)
    name_col = _column(gdf, None, NAME_COLUMNS["qpv"], "name", name)
    lowered = {c.lower(): c for c in gdf.columns}
    frame = gdf.set_geometry([_polygonal(g) for g in gdf.geometry.values], crs=gdf.crs)
    frame = frame[frame.geometry.notna()].copy()
    frame["code_qp"] = frame[code_col].astype(str).str.strip().str.upper()
    frame["lib_qp"] = frame[name_col].astype(str) if name_col else frame["code_qp"]
    for col in ("insee_com", "lib_com"):
        frame[col] = frame[lowered[col]].astype(str) if col in lowered else ""
    frame = frame[["code_qp", "lib_qp", "insee_com", "lib_com", frame.geometry.name]]
    return simplify(frame, QPV_TOLERANCE_M, coverage=False), []


# -- writing ------------------------------------------------------------------------------
def feature_lines(gdf, properties: list[str]) -> dict[str, str]:
    """{code: one compact GeoJSON feature} (code = the first property)."""
    out = {}
    for row, geom in zip(gdf[properties].itertuples(index=False), gdf.geometry.values,
                         strict=True):
        props = dict(zip(properties, row, strict=True))
        if properties[0] == "code_insee" and not props.get("siren_epci"):
            props.pop("siren_epci", None)
        geometry = shapely.to_geojson(geom)
        out[props[properties[0]]] = (
            '{"type":"Feature","properties":'
            + json.dumps(props, ensure_ascii=False, separators=(",", ":"))
            + ',"geometry":' + geometry + "}")
    return out


def collection_text(lines: list[str], name: str) -> str:
    head = ('{"type":"FeatureCollection","name":' + json.dumps(name) + ","
            '"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}},'
            '"features":[\n')
    return head + ",\n".join(lines) + "\n]}\n"


def _existing(path: Path, key: str) -> dict[str, str]:
    if not path.exists():
        return {}
    raw = json.loads(path.read_text(encoding="utf-8"))
    return {f["properties"][key]: json.dumps(f, ensure_ascii=False, separators=(",", ":"))
            for f in raw["features"]}


def import_layer(path: Path, layer: str | None = None, code_column: str | None = None,
                 kind: str = "communes", data_dir: Path | None = None,
                 by: str = "cli") -> Result:
    """Read, prepare and store a boundary layer; GeoImportError with a French message."""
    started = time.perf_counter()
    if kind not in layers.FILES:
        raise GeoImportError(f"nature de contours inconnue « {kind} » (communes ou qpv).")
    gdf = read(Path(path), layer, kind)
    if kind == "communes":
        prepared, messages = prepare_communes(gdf, code_column, Path(path).name)
        lines = feature_lines(prepared, ["code_insee", "nom", "siren_epci"])
        key = "code_insee"
    else:
        prepared, messages = prepare_qpv(gdf, code_column, Path(path).name)
        lines = feature_lines(prepared, ["code_qp", "lib_qp", "insee_com", "lib_com"])
        key = "code_qp"
    target = layers.imported_path(kind, data_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    everything = {**_existing(target, key), **lines}
    text = collection_text([everything[c] for c in sorted(everything)], target.stem)
    write_atomically(target, text.encode("utf-8"))
    audit.record("contours importés", by, data_dir, kind=kind, file=Path(path).name,
                 features=len(lines))
    return Result(kind, target, len(lines), len(everything), len(text.encode("utf-8")),
                  time.perf_counter() - started, messages)
