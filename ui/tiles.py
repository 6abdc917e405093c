"""Key-figure tiles: one card per indicator, grouped by family, with its "dont" lines.

`build_tiles` turns the frame of `queries.figures.key_figures` into plain `Tile`
objects (pure, unit-testable); `families_html` lays them out as small HTML cards styled
by `TILE_CSS` (the app's own CSS: no external file, font or script); `data_table` gives
the same figures as a French-formatted table for the « Voir les données » expander.
"""

import datetime as dt
import html
from dataclasses import dataclass, field

import pandas as pd
import streamlit as st

from ui.charts import by_value
from wording import texts
from wording.format import (
    MINUS,
    SECRET,
    as_date,
    fmt_date,
    fmt_evolution,
    fmt_pct,
    fmt_value,
    is_missing,
)

# Loi pour le plein emploi: automatic registration at France Travail from this date.
LPE_START = dt.date(2025, 1, 1)
JOB_SEEKERS_FAMILY = "Demandeurs d'emploi"
JOB_SEEKERS_PREFIX = "de_"
# A tile with this many "dont" lines or more is two columns wide, its lines on two columns.
WIDE_FROM_PARTS = 3


@dataclass
class Part:
    """A "dont" line: a subset of its parent, with its share of the parent."""

    value: str
    label: str
    share: str = ""
    evolution: str = ""
    parts: list["Part"] = field(default_factory=list)

    def count(self) -> int:
        return 1 + sum(p.count() for p in self.parts)


@dataclass
class Tile:
    indicator: str
    family: str
    value: str
    label: str
    when: str
    evolution: str = ""  # "+8,0 %" or ""
    arrow: str = ""
    previous: str = ""  # "47,0 % un an plus tôt" when no evolution is given
    lpe: bool = False  # the evolution spans the 1 January 2025 registration change
    definition: str = ""
    missing: bool = False
    secret: bool = False  # hidden by the statistical secret: imported, not missing
    parts: list[Part] = field(default_factory=list)

    @property
    def wide(self) -> bool:
        return sum(p.count() for p in self.parts) >= WIDE_FROM_PARTS


def _shown(r: dict, column: str = "value") -> str:
    """The value as displayed: "s" where the statistical secret masks it."""
    if r.get("secret") is True or (r.get("secret") is not None and r.get("secret") == 1):
        return SECRET
    return fmt_value(r.get(column), r.get("unit"))


def _text(x) -> str:
    return "" if x is None or (isinstance(x, float) and x != x) else str(x).strip()


def when_text(period, reference_date) -> str:
    """ "en 2025" for a whole year, "au 30 septembre 2025" for a stock at a month's end,
    and the period itself for anything else ("population légale")."""
    period = _text(period)
    if period.isdigit():
        return texts.IN_PERIOD.format(period=period)
    day = as_date(reference_date)
    if day is not None and period.endswith(str(day.year)):
        return texts.AT_DATE.format(date=fmt_date(day))
    return period


def _one_year_before(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def spans_lpe(row: dict) -> bool:
    """True for a job-seeker evolution whose year-earlier point precedes 1 January 2025."""
    is_job_seekers = _text(row.get("indicator")).startswith(JOB_SEEKERS_PREFIX) or (
        _text(row.get("family")) == JOB_SEEKERS_FAMILY
    )
    if not is_job_seekers or is_missing(row.get("evolution_pct")):
        return False
    day = as_date(row.get("reference_date"))
    return day is not None and _one_year_before(day) < LPE_START <= day


def _arrow(evolution: str) -> str:
    if not evolution:
        return ""
    if evolution.startswith("+"):
        return texts.ARROW_UP
    if evolution.startswith(MINUS):
        return texts.ARROW_DOWN
    return texts.ARROW_FLAT


def _part_label(label: str) -> str:
    return label[5:] if label.lower().startswith("dont ") else label


def build_tiles(frame: pd.DataFrame) -> list[Tile]:
    """One tile per top-level indicator, in the frame's order.

    A row whose `part_of` names another row becomes a "dont" line of it (nested when its
    parent is itself a "dont" line). Lines without a value are left out: a tile says
    "—" when its own value is missing, but does not list empty details.
    """
    rows = {r["indicator"]: r for r in frame.to_dict("records")}
    children: dict[str, list[str]] = {key: [] for key in rows}
    tops = []
    for key, r in rows.items():
        parent = _text(r.get("part_of"))
        if parent and parent in rows and parent != key:
            children[parent].append(key)
        else:
            tops.append(key)

    def not_in_file(key: str) -> bool:
        """A job-seeker detail the imported files do not give (category A when only A, B, C
        together was imported), while its parent has a value."""
        parent = rows.get(_text(rows[key].get("part_of")))
        return (key.startswith(JOB_SEEKERS_PREFIX) and parent is not None
                and not is_missing(parent.get("value")))

    def part(key: str, seen: frozenset) -> Part | None:
        r = rows[key]
        if key in seen:
            return None
        if is_missing(r.get("value")) and not r.get("secret"):
            if not not_in_file(key):
                return None
            return Part(value=texts.NOT_IN_FILE, label=_part_label(_text(r.get("label"))),
                        share="", evolution="", parts=[])
        return Part(
            value=_shown(r),
            label=_part_label(_text(r.get("label"))),
            share="" if is_missing(r.get("share")) else fmt_pct(r["share"]),
            evolution=fmt_evolution(r.get("evolution_pct")),
            parts=[p for c in children[key] if (p := part(c, seen | {key}))],
        )

    tiles = []
    for key in tops:
        r = rows[key]
        evolution = fmt_evolution(r.get("evolution_pct"))
        previous = ""
        # A year-earlier value equal to this one (a census population) says nothing.
        if (
            not evolution
            and not is_missing(r.get("previous_value"))
            and r.get("previous_value") != r.get("value")
        ):
            previous = texts.PREVIOUS_VALUE.format(
                value=fmt_value(r["previous_value"], r.get("unit"))
            )
        tiles.append(
            Tile(
                indicator=key,
                family=_text(r.get("family")),
                value=_shown(r),
                label=_text(r.get("label")),
                when=when_text(r.get("period"), r.get("reference_date")),
                evolution=evolution,
                arrow=_arrow(evolution),
                previous=previous,
                lpe=spans_lpe(r),
                definition=_text(r.get("definition")),
                missing=is_missing(r.get("value")),
                secret=_shown(r) == SECRET,
                parts=[p for c in children[key] if (p := part(c, frozenset({key})))],
            )
        )
    return tiles


def split_families(tiles: list[Tile]) -> tuple[dict[str, list[Tile]], list[str]]:
    """Families with at least one value, in order, and the names of the empty ones. A value
    under the statistical secret (« s ») is imported: its family is drawn, never named among
    those without data (a small territory's Mission Locale is often all « s »)."""
    families: dict[str, list[Tile]] = {}
    for t in tiles:
        families.setdefault(t.family, []).append(t)
    shown = {f: g for f, g in families.items() if any(not t.missing or t.secret for t in g)}
    return shown, [f for f in families if f not in shown]


# -- HTML ---------------------------------------------------------------------------
# The HTML has no line breaks or indentation, so no Markdown engine can misread it.
def _e(text: str) -> str:
    """Escape text content (apostrophes kept readable in the HTML)."""
    return html.escape(text, quote=False)


def _a(text: str) -> str:
    """Escape an attribute value."""
    return html.escape(text, quote=True)


def _parts_html(parts: list[Part], css_class: str) -> str:
    out = [f'<ul class="{css_class}">']
    for p in parts:
        if p.value == texts.NOT_IN_FILE:  # « dont non disponible … de catégorie A » reads badly
            line = texts.PART_NOT_IN_FILE.format(label=_e(p.label),
                                                 value=f"<em>{_e(p.value)}</em>")
        else:
            line = texts.PART_OF.format(value=f"<strong>{_e(p.value)}</strong>",
                                        label=_e(p.label))
        share = (
            f' <span class="tbe-share">{_e(texts.SHARE.format(share=p.share))}</span>'
            if p.share
            else ""
        )
        evol = f' <span class="tbe-part-evol">{_e(p.evolution)}</span>' if p.evolution else ""
        sub = _parts_html(p.parts, "tbe-sub") if p.parts else ""
        out.append(f"<li>{line}{share}{evol}{sub}</li>")
    out.append("</ul>")
    return "".join(out)


def tile_html(tile: Tile) -> str:
    """One card: value, definition button, label, date, evolution, "dont" lines."""
    wide = " tbe-wide" if tile.wide else ""
    out = [f'<article class="tbe-tile{wide}" aria-label="{_a(tile.label)}">']
    out.append('<div class="tbe-top">')
    if tile.missing:
        out.append(
            f'<p class="tbe-value tbe-missing"><span aria-hidden="true">{_e(tile.value)}</span>'
            f'<span class="tbe-sr">{_e(texts.SECRET_LEGEND if tile.secret else texts.NO_VALUE)}'
            '</span></p>'
        )
    else:
        out.append(f'<p class="tbe-value">{_e(tile.value)}</p>')
    if tile.definition:
        out.append(
            f'<span class="tbe-help" tabindex="0" role="note" '
            f'aria-label="{_a(texts.DEFINITION)} : {_a(tile.definition)}">'
            f'<span aria-hidden="true">?</span>'
            f'<span class="tbe-tip" aria-hidden="true"><strong>{_e(texts.DEFINITION)}</strong>'
            f" {_e(tile.definition)}</span></span>"
        )
    out.append("</div>")
    out.append(f'<p class="tbe-label">{_e(tile.label)}</p>')
    if tile.when:
        out.append(f'<p class="tbe-when">{_e(tile.when)}</p>')
    if tile.evolution:
        text = texts.EVOLUTION_ONE_YEAR.format(evolution=tile.evolution)
        mark = f'<sup class="tbe-mark">{_e(texts.LPE_MARK)}</sup>' if tile.lpe else ""
        out.append(
            f'<p class="tbe-evol"><span class="tbe-arrow" aria-hidden="true">{tile.arrow}</span>'
            f" {_e(text)}{mark}</p>"
        )
    elif tile.previous:
        out.append(f'<p class="tbe-evol">{_e(tile.previous)}</p>')
    if tile.parts:
        out.append(_parts_html(tile.parts, "tbe-parts"))
    out.append("</article>")
    return "".join(out)


def families_html(tiles: list[Tile]) -> str:
    """Every family with data as a block (title, tiles, LPE note); blocks share a row when
    they fit, and a closing line names the families without data."""
    shown, empty = split_families(tiles)
    out = ['<div class="tbe-families">']
    for family, group in shown.items():
        span = sum(2 if t.wide else 1 for t in group)
        # Grow like the number of tile columns, start from the width those columns need.
        style = f"flex:{span} 1 calc({span} * var(--tbe-col) + {span - 1} * var(--tbe-gap))"
        out.append(f'<section class="tbe-family" style="{style}">')
        out.append(f'<h2 class="tbe-family-title">{_e(family)}</h2>')
        out.append('<div class="tbe-grid">' + "".join(tile_html(t) for t in group) + "</div>")
        if any(t.lpe for t in group):
            out.append(
                f'<p class="tbe-note"><strong>{_e(texts.LPE_MARK)} {_e(texts.LPE_NOTE_TITLE)}'
                f"</strong> {_e(texts.LPE_NOTE)}</p>"
            )
        out.append("</section>")
    out.append("</div>")
    if empty:
        out.append(
            f'<p class="tbe-empty">{_e(texts.EMPTY_FAMILIES.format(families=", ".join(empty)))}'
            "</p>"
        )
    return "".join(out)


@by_value
def frame_html(frame: pd.DataFrame) -> str:
    """The tiles of every family of the frame as HTML, built once per frame (its values
    and secret flags: `ui.charts.by_value`)."""
    return families_html(build_tiles(frame))


def render_families(frame: pd.DataFrame) -> None:
    """Draw the tiles of every family of the frame."""
    st.html(frame_html(frame))


# -- table ----------------------------------------------------------------------------
@by_value
def data_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The figures as text, formatted the French way, one row per indicator. Built once
    per frame (`ui.charts.by_value`): shared, not to be modified."""
    rows = []
    for r in frame.to_dict("records"):
        label = _text(r.get("label"))
        if _text(r.get("part_of")):
            label = "dont " + _part_label(label)
        rows.append(
            {
                texts.COL_FAMILY: _text(r.get("family")),
                texts.COL_LABEL: label,
                texts.COL_VALUE: _shown(r),
                texts.COL_PERIOD: when_text(r.get("period"), r.get("reference_date")),
                texts.COL_PREVIOUS: fmt_value(r.get("previous_value"), r.get("unit")),
                texts.COL_EVOLUTION: fmt_evolution(r.get("evolution_pct")),
                texts.COL_SHARE: "" if is_missing(r.get("share")) else fmt_pct(r["share"]),
                texts.COL_DEFINITION: _text(r.get("definition")),
            }
        )
    return pd.DataFrame(rows)


def table_columns() -> dict:
    """Column settings of the table: figures right-aligned, definitions wide."""
    right = st.column_config.TextColumn(alignment="right")
    return {
        texts.COL_LABEL: st.column_config.TextColumn(width="large"),
        texts.COL_VALUE: right,
        texts.COL_PREVIOUS: right,
        texts.COL_EVOLUTION: right,
        texts.COL_SHARE: right,
        texts.COL_DEFINITION: st.column_config.TextColumn(width="large"),
    }


TILE_CSS = """
<style>
.tbe-families{--tbe-col:15.5rem;--tbe-gap:1rem;display:flex;flex-wrap:wrap;
  gap:1.75rem 2.25rem;margin:.25rem 0 .5rem 0}
.tbe-family{min-width:0}
.tbe-families h2.tbe-family-title{font-size:1.3rem;font-weight:600;line-height:1.3;
  color:#262730;margin:0 0 .6rem 0;padding:0}
/* "dense": a one-column tile fills the hole a two-column tile leaves at the end of a row. */
.tbe-grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(var(--tbe-col),1fr));
  grid-auto-flow:row dense;gap:var(--tbe-gap)}
.tbe-tile{position:relative;background:#fff;border:1px solid #d9dee7;
  border-left:4px solid #1d4f91;border-radius:.5rem;padding:.85rem 1rem .8rem;
  box-shadow:0 1px 2px rgba(16,24,40,.05);display:flex;flex-direction:column;gap:.2rem}
.tbe-wide{grid-column:span 2}
.tbe-tile p{margin:0;padding:0}
.tbe-top{display:flex;align-items:flex-start;justify-content:space-between;gap:.5rem}
.tbe-value{font-size:2rem;line-height:1.15;font-weight:700;color:#13294b;
  font-variant-numeric:tabular-nums;white-space:nowrap}
.tbe-missing{color:#8a94a6}
.tbe-label{font-size:.98rem;line-height:1.3;color:#262730;font-weight:600}
.tbe-when{font-size:.85rem;color:#5b6472}
.tbe-evol{font-size:.9rem;color:#262730;margin-top:.15rem}
.tbe-arrow{font-size:.75rem;color:#1d4f91;margin-right:.15rem}
.tbe-mark{color:#8a4b00;font-weight:700;margin-left:.1rem}
.tbe-grid ul.tbe-parts{list-style:none;margin:.45rem 0 0 0;padding:.45rem 0 0 0;
  border-top:1px dashed #d9dee7;font-size:.88rem;color:#262730}
.tbe-wide ul.tbe-parts{columns:2;column-gap:1.5rem}
.tbe-grid ul.tbe-sub{list-style:none;margin:.1rem 0 0 .9rem;padding:0;font-size:inherit}
.tbe-grid .tbe-parts li{margin:0 0 .15rem 0;padding:0;line-height:1.35;list-style:none;
  font-size:inherit;
  break-inside:avoid}
.tbe-share{color:#5b6472}
.tbe-part-evol{color:#5b6472;white-space:nowrap}
.tbe-part-evol::before{content:"· "}
.tbe-help{position:relative;flex:none;display:inline-flex;align-items:center;
  justify-content:center;width:1.35rem;height:1.35rem;margin-top:.3rem;border-radius:50%;
  border:1px solid #8a94a6;color:#4a5262;font-size:.8rem;font-weight:700;cursor:help}
.tbe-help:focus{outline:2px solid #1d4f91;outline-offset:2px}
.tbe-tip{visibility:hidden;opacity:0;transition:opacity .12s;position:absolute;right:0;
  top:1.75rem;z-index:20;width:18rem;max-width:70vw;background:#1f2937;color:#fff;
  text-align:left;font-weight:400;font-size:.85rem;line-height:1.4;padding:.6rem .75rem;
  border-radius:.4rem;box-shadow:0 4px 12px rgba(0,0,0,.2)}
.tbe-help:hover .tbe-tip,.tbe-help:focus .tbe-tip{visibility:visible;opacity:1}
.tbe-families p.tbe-note{font-size:.85rem;line-height:1.4;color:#4a5262;margin:.6rem 0 0 0;
  max-width:52rem}
.tbe-note strong{color:#8a4b00}
p.tbe-empty{font-size:.85rem;color:#5b6472;margin:.25rem 0 0 0}
.tbe-sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
@media (max-width:40rem){.tbe-wide{grid-column:auto}.tbe-wide ul.tbe-parts{columns:1}
  .tbe-family{flex-basis:100% !important}}
@media print{.tbe-help{display:none}.tbe-tile{break-inside:avoid;box-shadow:none}}
</style>
"""


def inject_css() -> None:
    st.html(TILE_CSS)
