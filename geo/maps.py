"""Choropleth maps of commune indicators, drawn offline (pure: no Streamlit).

`map_values` turns the table of `queries.figures.by_commune` into one value per commune
for a measure of an indicator — its value, its share of the indicator it is part of, or
a rate per 1 000 inhabitants — with the statistical secret applied for officials
(`queries.secret`, the code path of tables and exports). `build_figure` draws it with
Plotly's MapLibre `choroplethmap` on the `white-bg` style: no tile server, no text or
symbol layer (so no glyph request), only the polygons of `geo/boundaries.py`.

Classes are drawn as one trace each (features split between traces, so the geometry is
sent once) with a French legend: « 2,0 à 3,5 pour 1 000 habitants », then
« s : secret statistique » (grey, hatched) and « donnée non disponible ». Hover texts
are formatted here (wording.format), never by Plotly's d3 formats.
"""

import functools
import hashlib
import math
import textwrap
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from data import layers, territories
from geo import boundaries, classify
from queries import context, dashboards, masking, registry
from wording import format as fmt
from wording.format import UNIT_SEP

MEASURES = {
    "valeur": "Nombre",
    "part": "Part",
    "taux": "Pour 1 000 habitants",
}
MEASURE_HOVER = {"valeur": "Valeur", "part": "Part", "taux": "Pour 1 000 habitants"}
NOT_MAPPED = {"nb_communes"}  # one per commune: not an indicator to map
# An average over persons says something about them: masked with its base count.
BASE_COUNT = {"plie_duree_moyenne": "plie_participants"}

# ColorBrewer YlGnBu (colour-blind safe, prints in grey), by number of classes.
PALETTES = {
    1: ["#41b6c4"],
    2: ["#a1dab4", "#225ea8"],
    3: ["#edf8b1", "#7fcdbb", "#2c7fb8"],
    4: ["#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"],
    5: ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"],
    6: ["#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"],
    7: ["#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"],
}
SECRET_FILL = "#c8c8c8"
SECRET_HATCH = "#6e6e6e"
MISSING_FILL = "#f1f1f1"
MISSING_LINE = "#d4d4d4"
BORDER = "#ffffff"
OUTLINE = "#1d1d1d"
QPV_FILL = "#d95f02"
QPV_LINE = "#7f2704"

SECRET_LABEL = f"{fmt.SECRET}{UNIT_SEP}: secret statistique"
MISSING_LABEL = "donnée non disponible"
QPV_LABEL = "quartier prioritaire (QPV 2024)"
CONTEXT_LABEL = "hors territoire"
CONTEXT_FILL = "#f7f7f7"
CONTEXT_LINE = "#dedede"

UNIT_SUFFIX = {"personnes": " personnes", "nombre": "", "€": f"{UNIT_SEP}€",
               "heures": f"{UNIT_SEP}h", "ETP": f"{UNIT_SEP}ETP", "mois": f"{UNIT_SEP}mois",
               "%": f"{UNIT_SEP}%"}


# -- what can be mapped -------------------------------------------------------------------
def mappable() -> list[registry.Indicator]:
    return [i for i in registry.indicators().values() if not i.hidden and i.id not in NOT_MAPPED]


def measures_for(ind: registry.Indicator) -> list[str]:
    """The measures that make sense for an indicator, the plain value first."""
    out = ["valeur"]
    if ind.part_of and not ind.is_ratio:
        out.append("part")
    if ind.unit in ("personnes", "nombre") and ind.period != "population":
        out.append("taux")
    return out


def default_measure(ind: registry.Indicator) -> str:
    """The rate per 1 000 inhabitants when it makes sense, else the share of a part, else
    the value."""
    options = measures_for(ind)
    return "taux" if "taux" in options else options[-1] if ind.part_of else options[0]


def comparable(a: registry.Indicator, b: registry.Indicator, measure: str) -> bool:
    """Two indicators can share classes when the measure means the same unit for both."""
    if measure not in measures_for(a):
        return False
    if measure == "valeur":
        return a.unit == b.unit and a.is_ratio == b.is_ratio
    return True


def needed_ids(ind: registry.Indicator, measure: str) -> list[str]:
    """Indicators whose commune values are needed to compute the measure."""
    if ind.is_ratio:
        ids = [ind.numerator, ind.denominator]
    elif measure == "part":
        # a QPV share is of the known answers: the parent's unknown ones are taken out
        ids = [ind.id, ind.part_of, *([ind.unknown] if ind.unknown else [])]
    else:
        ids = [ind.id]
    if ind.id in BASE_COUNT:
        ids.append(BASE_COUNT[ind.id])
    return ids


@dataclass(frozen=True)
class Spec:
    """How a measure of an indicator is shown: title, digits, formats."""

    indicator: str
    measure: str
    title: str  # « PLIE · participants en parcours dans l'année »
    unit: str  # registry unit, or "%" for shares and ratios, "taux" for rates
    digits: int  # precision of the display, in the unit of the stored value

    @property
    def suffix(self) -> str:
        if self.unit == "taux":
            return " pour 1\u202f000 habitants"
        return UNIT_SUFFIX.get(self.unit, "")

    def number(self, v) -> str:
        """The value without its unit (legend bounds)."""
        if fmt.is_missing(v):
            return fmt.MISSING
        if self.unit == "%":
            return fmt.fmt_decimal(v * 100, self.digits - 2)
        return fmt.fmt_decimal(v, self.digits) if self.digits else fmt.fmt_int(v)

    def text(self, v) -> str:
        """The value with its unit (hover, tables)."""
        if fmt.is_missing(v):
            return fmt.MISSING
        if self.unit == "taux":
            return self.number(v)
        if self.unit == "personnes" or self.unit == "nombre":
            return fmt.fmt_int(v)
        return self.number(v) + UNIT_SUFFIX.get(self.unit, "")

    def range_label(self, lo: float, hi: float, first: bool) -> str:
        """« 2,0 à 3,5 pour 1 000 habitants »; the lower bound of a class after the first
        is its break plus one display step (values are classified once rounded)."""
        step = 10.0 ** -self.digits
        low = lo if first else lo + step
        if fmt.round_half_up_array(low, self.digits) >= fmt.round_half_up_array(hi, self.digits):
            if self.unit == "personnes" and abs(hi) < 2:  # « 1 personne », « 0 personne »
                return self.number(hi) + " personne"
            return self.number(hi) + self.suffix
        return f"{self.number(low)} à {self.number(hi)}{self.suffix}"


def spec_for(ind: registry.Indicator, measure: str, territory: str = "") -> Spec:
    label, _ = ind.texts(territory)
    inds = registry.indicators()
    if measure == "part":
        parent, _ = inds[ind.part_of].texts(territory)
        title = f"{ind.family} · {parent} : part « {label} »"
        return Spec(ind.id, measure, title, "%", 3)
    if measure == "taux":
        return Spec(ind.id, measure, f"{ind.family} · {label} pour 1\u202f000 habitants",
                    "taux", 1)
    digits = {"%": 3, "ETP": 1, "mois": 1}.get(ind.unit, 0)
    return Spec(ind.id, "valeur", f"{ind.family} · {label}", ind.unit, digits)


def option_label(ind: registry.Indicator, territory: str = "") -> str:
    """« PLIE · participants en parcours dans l'année · dont résident en QPV »."""
    label, _ = ind.texts(territory)
    if ind.part_of:
        parent, _ = registry.indicators()[ind.part_of].texts(territory)
        return f"{ind.family} · {parent} · dont {label}"
    return f"{ind.family} · {label}"


def option_labels(territory: str = "") -> dict[str, str]:
    """{id: option_label} of every mappable indicator, for the selectors (which ask for
    each option's label at every rerun). Kept per territory and per state of the defined
    territories: a territory's own senior age or education level names some indicators."""
    return _option_labels(territory, territories.stamp())


@functools.lru_cache(maxsize=32)
def _option_labels(territory: str, stamp: tuple) -> dict[str, str]:
    return {i.id: option_label(i, territory) for i in mappable()}


# -- values -------------------------------------------------------------------------------
def _is_count(ind_id: str) -> bool:
    ind = registry.indicators()[ind_id]
    return ind.unit == "personnes" and ind.period != "population"


def map_values(table: pd.DataFrame, ind: registry.Indicator, measure: str, *,
               populations: dict[str, float] | None = None, masked: bool = True,
               covered: set[str] | None = None,
               threshold: int | None = None) -> tuple[pd.DataFrame, dict]:
    """One row per commune: code_insee, commune, value (NaN if unknown or secret), secret.

    `table` is `queries.dashboards.map_page`'s table for `needed_ids(ind, measure)`,
    already protected for the viewer by the statistical secret (`queries.masking` flags),
    or `queries.figures.by_commune` (its total row has no code), which `masked` then
    protects with the same rule (person counts below the threshold, then secondary
    suppression against the total). `covered`, when given (the whole-Nord map), lists the
    communes whose files were imported: elsewhere a count of 0 only means that nothing was
    imported, so it is shown as « donnée non disponible ».
    Also returns the reference (the total row) as {"value", "secret"}.
    """
    ids = needed_ids(ind, measure)
    # the unknown answers narrow a share's base: their hidden count hides the share only
    counts = [c for c in dict.fromkeys(ids) if _is_count(c) and c != ind.unknown]
    if not masking.is_protected(table):
        # a table straight from `figures.by_commune`: the rule of `dashboards.map_page`
        rule = dashboards.commune_rule([c for c in table.columns if c in registry.indicators()])
        table = rule.protect(table, "elu" if masked else "gestionnaire", "map",
                             threshold=threshold)
    # numpy on the columns: the pages call this at every rerun, and pandas' overhead on
    # a dozen small operations was most of the map's values
    t = table.reset_index(drop=True)
    codes = t["code_insee"]
    body = codes.notna().to_numpy()
    cols = {col: pd.to_numeric(t[col], errors="coerce").astype("float64").to_numpy(copy=True)
            for col in dict.fromkeys(ids)}
    total = np.flatnonzero(~body)
    total_row = int(total[0]) if total.size else None
    if covered is not None and ind.period != "population":
        outside = body & ~context.codes_in(codes, covered).to_numpy(dtype=bool)
        for arr in cols.values():
            arr[outside & (arr == 0)] = np.nan

    hidden = np.zeros(len(t), dtype=bool)
    for col in counts:
        hidden |= masking.hidden(t, col).to_numpy(dtype=bool)
    if measure == "part" and ind.unknown:
        # a share of the known answers, with the part and the parent shown elsewhere, gives
        # the unknown answers away: hidden with them (a small number is hidden)
        hidden |= masking.hidden(t, ind.unknown).to_numpy(dtype=bool)

    with np.errstate(divide="ignore", invalid="ignore"):
        if ind.is_ratio or measure == "part":
            num, den = cols[ids[0]], cols[ids[1]]
            if measure == "part" and ind.unknown:
                den = den - np.nan_to_num(cols[ind.unknown])
            value = num / np.where(den > 0, den, np.nan)
        elif measure == "taux":
            # looked up row by row: a Series of the ~35 000 communes of France, built and
            # indexed at each call, cost more than the whole rest of the map's values
            pops = populations or {}
            pop = np.array([pops.get(c, np.nan) if ok else np.nan
                            for c, ok in zip(codes, body, strict=True)], dtype="float64")
            if total_row is not None:
                # the reference rate counts only the communes whose figure is known
                known = (np.arange(len(t)) != total_row) & ~np.isnan(cols[ind.id])
                pop[total_row] = np.nansum(pop[known])
            value = cols[ind.id] / np.where(pop > 0, pop, np.nan) * 1000
        else:
            value = cols[ind.id]
    value = np.where(hidden, np.nan, value)

    frame = pd.DataFrame({
        "code_insee": codes[body].astype(str).reset_index(drop=True),
        "commune": t["commune"][body].astype(str).reset_index(drop=True),
        "value": value[body],
        "secret": hidden[body],
    })
    reference = {"value": math.nan, "secret": False}
    if total_row is not None:
        reference = {"value": float(value[total_row]), "secret": bool(hidden[total_row])}
    return frame, reference


def populations_by_commune() -> dict[str, float]:
    """Population totale (légale) of the latest millésime of each commune, the one every
    other rate per 1 000 of the app divides by (queries/sql/population.sql), so the map
    and « Ma commune » give the same rate."""
    from data import reference

    pops = reference.populations().sort_values("millesime")
    latest = pops.drop_duplicates("code_insee", keep="last")
    return dict(zip(latest["code_insee"], latest["population_totale"].astype(float),
                    strict=True))


# -- classes ------------------------------------------------------------------------------
def class_breaks(values, spec: Spec, k: int = 5, method: str = "jenks") -> list[float]:
    """Breaks over every value shown (both maps of a comparison), at display precision."""
    raw = classify.breaks(values, k, method)
    return classify.round_breaks(raw, spec.digits)


def legend_labels(breaks: list[float], spec: Spec) -> list[str]:
    return [spec.range_label(lo, hi, i == 0)
            for i, (lo, hi) in enumerate(zip(breaks, breaks[1:], strict=False))]


def value_classes(frame: pd.DataFrame, breaks: list[float],
                  spec: Spec) -> list[tuple[str, str]]:
    """Each row's value as the map's table shows it, and its class in the legend's words
    (secret and missing values included)."""
    labels = legend_labels(breaks, spec)
    cls = classify.classify(frame["value"], breaks, spec.digits)
    out = []
    for secret, value, c in zip(frame["secret"], frame["value"], cls, strict=True):
        if secret:
            out.append((fmt.SECRET, SECRET_LABEL))
        elif c < 0:
            out.append((fmt.MISSING, MISSING_LABEL))
        else:
            out.append((spec.text(value), labels[c]))
    return out


def palette(n: int) -> list[str]:
    return PALETTES[min(max(n, 1), 7)] if n <= 7 else PALETTES[7]


# -- figure -------------------------------------------------------------------------------
@dataclass
class Reference:
    """The value of the reference territory, shown in every hover."""

    name: str
    text: str


def reference_text(spec: Spec, reference: dict) -> str:
    """The reference territory's value (`map_values`' second result) as hovers show it."""
    return fmt.SECRET if reference["secret"] else spec.text(reference["value"])


def _hover(spec: Spec, reference: Reference | None) -> str:
    lines = ["<b>%{customdata[0]}</b>", f"{MEASURE_HOVER[spec.measure]} : %{{customdata[1]}}"]
    if reference is not None:
        lines.append(f"{reference.name} : {reference.text}")
    return "<br>".join(lines) + "<extra></extra>"


def _choropleth(codes: list[str], color: str, name: str, customdata, hovertemplate: str,
                line_width: float, legendrank: int, legendgroup: str,
                geometry: Path | str | None = None) -> dict:
    return {
        "type": "choroplethmap",
        "geojson": boundaries.feature_collection(codes, geometry),
        "locations": codes,
        "z": [0] * len(codes),
        "zmin": 0,
        "zmax": 1,
        "colorscale": [[0, color], [1, color]],
        "showscale": False,
        "marker": {"line": {"color": BORDER, "width": line_width}, "opacity": 1},
        "name": name,
        "showlegend": True,
        "legendgroup": legendgroup,
        "legendrank": legendrank,
        "customdata": customdata,
        "hovertemplate": hovertemplate,
        "unselected": {"marker": {"opacity": 0.55}},
    }


def _placeholder(color: str, name: str, legendrank: int, legendgroup: str) -> dict:
    """A legend entry for a class no commune of this map falls in (same legend on both
    maps of a comparison): a location absent from an empty geometry draws nothing."""
    return {"type": "choroplethmap", "geojson": EMPTY_COLLECTION, "locations": ["-"],
            "z": [0], "zmin": 0, "zmax": 1, "colorscale": [[0, color], [1, color]],
            "showscale": False, "name": name, "showlegend": True, "legendrank": legendrank,
            "legendgroup": legendgroup, "hoverinfo": "skip"}


EMPTY_COLLECTION = boundaries.SharedGeoJSON({"type": "FeatureCollection", "features": []})


def legend_height(labels: list[str], title: str, width_px: int) -> int:
    """Pixels under the map for the horizontal legend (Plotly lays it out in columns)."""
    widest = max((len(x) for x in labels), default=10)
    per_row = max(1, int(width_px // (48 + 7.2 * widest)))
    rows = math.ceil(len(labels) / per_row)
    title_rows = len(textwrap.wrap(title, max(20, int(width_px / 7.6)))) or 1
    return int(8 + 19 * title_rows + 20 * rows)


def _grow(box: tuple[float, float, float, float], share: float):
    west, south, east, north = box
    dx, dy = (east - west) * share, (north - south) * share
    return west - dx, south - dy, east + dx, north + dy


def qpv_codes_for(codes) -> list[str]:
    """QPV with a polygon lying (partly) in one of these communes."""
    table = boundaries.qpv_table()
    wanted = set(codes)
    return [q for q, coms in zip(table["code_qp"], table["insee_com"], strict=True)
            if wanted & {c.strip() for c in coms.split(",")}]


def build_figure(frame: pd.DataFrame, spec: Spec, breaks: list[float], *,
                 reference: Reference | None = None, qpv: bool = False,
                 outline_codes: list[str] | None = None, outline_name: str = "",
                 width_px: int = 1000, height_px: int = 620,
                 legend_title: str | None = None, period: str = "",
                 show_secret: bool | None = None, show_missing: bool | None = None,
                 context: bool = False, uirevision: str = "",
                 geometry: Path | str | None = None) -> go.Figure:
    """The choropleth of `frame` (map_values) with the given classes.

    One trace per class (a placeholder when no commune falls in it, so both maps of a
    comparison have the same legend), then the secret (grey, hatched), missing, outline
    and QPV layers. `show_secret` / `show_missing` force (or hide) their legend entries;
    by default they appear when some commune needs them. Every hover is pre-formatted;
    clicking a commune selects its INSEE code (`location`). `height_px` is the map's,
    the legend is added below it. With `context`, the other communes around are drawn
    in light grey (a commune outside the territory is not a hole in the map).
    `geometry` is the commune file (the prepared one; another for the benchmark).
    """
    codes = frame["code_insee"].tolist()
    cls = classify.classify(frame["value"], breaks, spec.digits)
    labels = legend_labels(breaks, spec)
    colors = palette(len(labels))
    is_secret = frame["secret"].to_numpy(dtype=bool)
    texts = [fmt.SECRET + " (secret statistique)" if s else spec.text(v)
             for v, s in zip(frame["value"], is_secret, strict=True)]
    names = frame["commune"].tolist()
    line_width = 0.3 if len(codes) > 100 else 0.9
    template = _hover(spec, reference)
    box = boundaries.bbox(codes, geometry)
    traces = []
    if context:
        drawn = set(codes)
        around = [c for c in boundaries.codes_in_box(_grow(box, 0.6), geometry)
                  if c not in drawn]
        if around:
            all_names = boundaries.commune_names(geometry)
            trace = _choropleth(around, CONTEXT_FILL, CONTEXT_LABEL,
                                [[all_names.get(c, c)] for c in around],
                                "%{customdata[0]} (" + CONTEXT_LABEL + ")<extra></extra>",
                                line_width, 200, "context", geometry)
            trace["marker"]["line"]["color"] = CONTEXT_LINE
            trace["showlegend"] = False
            traces.append(trace)
    for c, label in enumerate(labels):
        idx = np.flatnonzero(cls == c)
        if idx.size == 0:
            traces.append(_placeholder(colors[c], label, c, "classes"))
            continue
        traces.append(_choropleth([codes[i] for i in idx], colors[c], label,
                                  [[names[i], texts[i]] for i in idx], template,
                                  line_width, c, "classes", geometry))
    legend = list(labels)

    secret_idx = np.flatnonzero(is_secret)
    if secret_idx.size:
        sc = [codes[i] for i in secret_idx]
        traces.append(_choropleth(sc, SECRET_FILL, SECRET_LABEL,
                                  [[names[i], texts[i]] for i in secret_idx], template,
                                  line_width, 100, "secret", geometry))
        spacing = max(box[2] - box[0], box[3] - box[1]) / 140
        lon, lat = boundaries.hatch(sc, spacing, geometry)
        traces.append({"type": "scattermap", "mode": "lines", "lon": lon, "lat": lat,
                       "line": {"color": SECRET_HATCH, "width": 1}, "hoverinfo": "skip",
                       "showlegend": False, "legendgroup": "secret", "name": SECRET_LABEL})
    elif show_secret:
        traces.append(_placeholder(SECRET_FILL, SECRET_LABEL, 100, "secret"))
    if secret_idx.size or show_secret:
        legend.append(SECRET_LABEL)

    missing_idx = np.flatnonzero((cls < 0) & ~is_secret)
    if missing_idx.size and show_missing is not False:
        trace = _choropleth([codes[i] for i in missing_idx], MISSING_FILL, MISSING_LABEL,
                            [[names[i], fmt.MISSING] for i in missing_idx],
                            "<b>%{customdata[0]}</b><br>" + MISSING_LABEL + "<extra></extra>",
                            line_width, 101, "missing", geometry)
        trace["marker"]["line"]["color"] = MISSING_LINE
        traces.append(trace)
        legend.append(MISSING_LABEL)
    elif show_missing:
        traces.append(_placeholder(MISSING_FILL, MISSING_LABEL, 101, "missing"))
        legend.append(MISSING_LABEL)

    if outline_codes:
        lon, lat = boundaries.outline(outline_codes, geometry)
        traces.append({"type": "scattermap", "mode": "lines", "lon": lon, "lat": lat,
                       "line": {"color": OUTLINE, "width": 2}, "hoverinfo": "skip",
                       "name": outline_name, "showlegend": bool(outline_name),
                       "legendrank": 102})
        if outline_name:
            legend.append(outline_name)
    if qpv:
        table = boundaries.qpv_table()
        table = table[table["code_qp"].isin(qpv_codes_for(codes))]
        traces.append({
            "type": "choroplethmap", "geojson": boundaries.qpv_collection(),
            "locations": table["code_qp"].tolist(), "z": [0] * len(table), "zmin": 0,
            "zmax": 1, "colorscale": [[0, QPV_FILL], [1, QPV_FILL]], "showscale": False,
            "marker": {"line": {"color": QPV_LINE, "width": 1.6}, "opacity": 0.5},
            "name": QPV_LABEL, "showlegend": True, "legendrank": 103,
            "customdata": table[["lib_qp", "code_qp", "lib_com"]].values.tolist(),
            "hovertemplate": ("<b>QPV %{customdata[0]}</b><br>%{customdata[1]}"
                              "<br>%{customdata[2]}<extra></extra>"),
        })
        legend.append(QPV_LABEL)

    title = (legend_title or spec.title) + (f" · {period}" if period else "")
    chars = max(20, int(width_px / 7.6))
    title_html = "<b>" + "<br>".join(textwrap.wrap(title, chars)) + "</b>"
    below = legend_height(legend, title, width_px)
    center, zoom = boundaries.fit_view(box, width_px, height_px)
    layout = {
        "map": {"style": "white-bg", "center": center, "zoom": zoom},
        "height": height_px + below,
        "margin": {"l": 0, "r": 0, "t": 0, "b": below},
        "separators": ", ",
        "showlegend": True,
        "legend": {
            "orientation": "h", "x": 0, "xanchor": "left", "y": -0.01, "yanchor": "top",
            "title": {"text": title_html, "side": "top", "font": {"size": 14, "color": "#31333f"}},
            "font": {"size": 13, "color": "#31333f"},
            "itemclick": False, "itemdoubleclick": False, "traceorder": "normal",
        },
        "hoverlabel": {"bgcolor": "white", "font": {"size": 13, "color": "#31333f"}},
        "uirevision": uirevision or "carte",
        "clickmode": "event+select",
        "dragmode": "pan",
    }
    return go.Figure({"data": traces, "layout": layout})


def figure_key(frame: pd.DataFrame, spec: Spec, breaks: list[float], **options) -> str:
    """A digest of everything `build_figure(frame, spec, breaks, **options)` draws: each
    commune's code, name, value (its exact bits) and secret flag, the classes, every
    option, and the boundary layers read (a layer imported again changes it). The same
    key always means the same figure, whoever asks and whatever the database version:
    a value masked for one audience and shown to another, or changed by an import, is
    another key. Lets the page share a figure it built (read-only) between reruns."""
    h = hashlib.sha256()
    geometry = options.get("geometry")
    for part in (frame["code_insee"].tolist(), frame["commune"].tolist(), spec,
                 [float(b) for b in breaks], sorted(options.items()),
                 layers.sources("communes") if geometry is None else None,
                 layers.sources("qpv") if options.get("qpv") else None):
        h.update(repr(part).encode("utf-8"))
        h.update(b"\0")
    h.update(frame["value"].to_numpy(dtype="float64").tobytes())
    h.update(frame["secret"].to_numpy(dtype=bool).tobytes())
    return h.hexdigest()


def figure_size(fig: go.Figure) -> int:
    """Bytes of figure data sent to the browser (what st.plotly_chart serialises)."""
    import plotly.io

    return len(plotly.io.to_json(fig, validate=False))


def commune_features_in(fig: go.Figure) -> dict[str, str]:
    """{INSEE code: trace name} of every commune drawn (tests, checks)."""
    out = {}
    for trace in fig.data:
        if (trace.type == "choroplethmap" and trace.geojson
                and trace.name not in (QPV_LABEL, CONTEXT_LABEL)):
            ids = {f["id"] for f in trace.geojson["features"]}
            for loc in trace.locations or ():
                if loc in ids:
                    out[loc] = trace.name
    return out


# -- quartiers prioritaires coloured by an ONPV figure ---------------------------------------
QPV_NO_POLYGON = "quartier sans contour disponible"
QPV_BASE_LABEL = "commune du territoire"
QPV_BASE_FILL = "#f1f1f1"


def qpv_mappable() -> list[registry.Indicator]:
    """The ONPV figures a QPV map can show (`queries.qpv`)."""
    from queries import qpv

    return list(qpv.indicators().values())


def qpv_measures_for(ind: registry.Indicator) -> list[str]:
    """A number, or a share of the quarter's job seekers for a « dont » figure."""
    return ["valeur", "part"] if ind.part_of else ["valeur"]


def qpv_values(quartiers: pd.DataFrame, ind: registry.Indicator,
               measure: str) -> pd.DataFrame:
    """One row per quarter of `queries.dashboards.qpv_onpv_page`'s protected table (the
    total row left out): qpv_code, qpv_name, commune_names, value (NaN if unknown or
    secret), secret (hidden by the file's or the app's secret), polygon (drawn)."""
    column = f"{ind.id}_part" if measure == "part" else ind.id
    body = quartiers[quartiers["qpv_code"].notna()].reset_index(drop=True)
    secret = masking.hidden(body, column).to_numpy(dtype=bool)
    values = pd.to_numeric(body[column], errors="coerce").astype("float64").to_numpy()
    drawn = set(boundaries.qpv_table()["code_qp"])
    return pd.DataFrame({
        "qpv_code": body["qpv_code"].astype(str), "qpv_name": body["qpv_name"].astype(str),
        "commune_names": body["commune_names"].astype(str),
        "value": np.where(secret, np.nan, values), "secret": secret,
        "polygon": body["qpv_code"].isin(drawn).to_numpy(dtype=bool),
    })


def qpv_spec(ind: registry.Indicator, measure: str, territory: str = "") -> Spec:
    spec = spec_for(ind, measure, territory)
    if ind.unit == "%" and measure == "valeur":
        return Spec(ind.id, "valeur", spec.title, "%", 3)
    return spec


def _qpv_trace(codes: list[str], color: str, name: str, customdata, template: str,
               legendrank: int, legendgroup: str, line: str = QPV_LINE) -> dict:
    return {
        "type": "choroplethmap", "geojson": boundaries.qpv_collection(), "locations": codes,
        "z": [0] * len(codes), "zmin": 0, "zmax": 1,
        "colorscale": [[0, color], [1, color]], "showscale": False,
        "marker": {"line": {"color": line, "width": 1.6}, "opacity": 0.9},
        "name": name, "showlegend": True, "legendgroup": legendgroup,
        "legendrank": legendrank, "customdata": customdata, "hovertemplate": template,
        "unselected": {"marker": {"opacity": 0.55}},
    }


def build_qpv_figure(frame: pd.DataFrame, spec: Spec, breaks: list[float], *,
                     communes: list[str], outline_name: str = "", width_px: int = 1000,
                     height_px: int = 620, period: str = "",
                     uirevision: str = "") -> go.Figure:
    """The quarters of `frame` (`qpv_values`) with a polygon, coloured by class, over the
    territory's communes (light grey, their names in the hover) and its outline; the
    same legend rules as the commune map (a placeholder for an empty class, « s » in
    grey, missing in light grey). Offline: the `white-bg` style, no text layer."""
    codes = [c for c, p in zip(frame["qpv_code"], frame["polygon"], strict=True) if p]
    shown = frame[frame["polygon"]].reset_index(drop=True)
    cls = classify.classify(shown["value"], breaks, spec.digits)
    labels = legend_labels(breaks, spec)
    colors = palette(len(labels))
    is_secret = shown["secret"].to_numpy(dtype=bool)
    texts = [fmt.SECRET + " (secret statistique)" if s else spec.text(v)
             for v, s in zip(shown["value"], is_secret, strict=True)]
    custom = [[n, t, c] for n, t, c in zip(shown["qpv_name"], texts, shown["commune_names"],
                                           strict=True)]
    template = ("<b>QPV %{customdata[0]}</b><br>%{customdata[2]}<br>"
                f"{MEASURE_HOVER[spec.measure]} : %{{customdata[1]}}<extra></extra>")
    names = boundaries.commune_names()
    box = boundaries.bbox(communes)
    inside = set(communes)
    around = [c for c in boundaries.codes_in_box(_grow(box, 0.3)) if c not in inside]
    traces = []
    for codes_, fill, line, label in ((around, "#fcfcfc", "#e3e3e3", CONTEXT_LABEL),
                                      (communes, QPV_BASE_FILL, "#bdbdbd", QPV_BASE_LABEL)):
        if not codes_:
            continue
        base = _choropleth(codes_, fill, label, [[names.get(c, c)] for c in codes_],
                           "%{customdata[0]}<extra></extra>", 0.9, 200, "context")
        base["marker"]["line"]["color"] = line
        base["showlegend"] = False
        traces.append(base)
    for c, label in enumerate(labels):
        idx = np.flatnonzero(cls == c)
        if idx.size == 0:
            traces.append(_placeholder(colors[c], label, c, "classes"))
            continue
        traces.append(_qpv_trace([codes[i] for i in idx], colors[c], label,
                                 [custom[i] for i in idx], template, c, "classes"))
    legend = list(labels)
    for mask, color, label, rank in ((is_secret, SECRET_FILL, SECRET_LABEL, 100),
                                     ((cls < 0) & ~is_secret, MISSING_FILL, MISSING_LABEL, 101)):
        idx = np.flatnonzero(mask)
        if idx.size:
            traces.append(_qpv_trace([codes[i] for i in idx], color, label,
                                     [custom[i] for i in idx], template, rank, label,
                                     line=SECRET_HATCH))
            legend.append(label)
    lon, lat = boundaries.outline(communes)
    traces.append({"type": "scattermap", "mode": "lines", "lon": lon, "lat": lat,
                   "line": {"color": OUTLINE, "width": 2}, "hoverinfo": "skip",
                   "name": outline_name, "showlegend": bool(outline_name), "legendrank": 102})
    if outline_name:
        legend.append(outline_name)
    title = spec.title + (f" · {period}" if period else "")
    chars = max(20, int(width_px / 7.6))
    below = legend_height(legend, title, width_px)
    center, zoom = boundaries.fit_view(box, width_px, height_px)
    layout = {
        "map": {"style": "white-bg", "center": center, "zoom": zoom},
        "height": height_px + below, "margin": {"l": 0, "r": 0, "t": 0, "b": below},
        "separators": ", ", "showlegend": True,
        "legend": {
            "orientation": "h", "x": 0, "xanchor": "left", "y": -0.01, "yanchor": "top",
            "title": {"text": "<b>" + "<br>".join(textwrap.wrap(title, chars)) + "</b>",
                      "side": "top", "font": {"size": 14, "color": "#31333f"}},
            "font": {"size": 13, "color": "#31333f"},
            "itemclick": False, "itemdoubleclick": False, "traceorder": "normal",
        },
        "hoverlabel": {"bgcolor": "white", "font": {"size": 13, "color": "#31333f"}},
        "uirevision": uirevision or "carte_qpv", "dragmode": "pan",
    }
    return go.Figure({"data": traces, "layout": layout})


def qpv_features_in(fig: go.Figure) -> dict[str, str]:
    """{QPV code: legend entry} of every quarter drawn (tests, checks)."""
    out = {}
    for trace in fig.data:
        if trace.type == "choroplethmap" and trace.geojson \
                and trace.name not in (CONTEXT_LABEL, QPV_BASE_LABEL):
            ids = {f["id"] for f in trace.geojson["features"]}
            for loc in trace.locations or ():
                if loc in ids and loc.startswith("Q"):
                    out[loc] = trace.name
    return out
