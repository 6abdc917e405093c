"""The Assemblée générale sequence: what each slide says, for the PowerPoint and the page.

`build(con, territory, year, role)` returns plain dataclasses: a title slide, one slide
per headline figure (value, label, evolution, "dont" lines), one slide per chart (per
commune, year on year, PLIE exits) and a sources slide. `exports.slides` draws them
with python-pptx, `slide_html` as a 16:9 HTML slide for `views/assemblee_generale.py`:
both read the same texts and numbers, which come from `exports.content` (the page's
queries and secret rule). Nothing here imports Streamlit.
"""

import datetime as dt
import html
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from data import territories
from data.catalog import ImportRecord, demo_only
from exports import content
from queries import narrative, secret
from queries.runner import within_one_page
from wording import texts
from wording.format import (
    SECRET,
    fmt_date,
    fmt_evolution,
    fmt_int,
    fmt_month,
    fmt_pct,
    fmt_value,
    is_missing,
)

# Headline figures, in order: (indicator, secondary lines). A chart follows the figure
# named in CHARTS_AFTER.
FIGURES = [
    ("pop_totale", ["nb_communes"]),
    ("de_abc", ["de_a", "de_abc_longue_duree", "de_abc_moins_25"]),
    ("plie_participants", ["plie_qpv", "plie_femmes", "plie_rsa"]),
    ("plie_nouvelles_entrees", ["plie_entrees_qpv", "plie_prescripteur_departement",
                                "plie_prescripteur_france_travail"]),
    ("plie_taux_sorties_positives", ["plie_sorties_positives", "plie_sorties"]),
    ("ml_jeunes_accompagnes", ["ml_nouveaux_inscrits", "ml_entretiens"]),
    ("cej_accompagnes", ["cej_entrees", "cej_jeunes_solution"]),
    ("pacea_accompagnes", ["pacea_entrees"]),
    ("aide_total", ["aide_cej_allocation", "aide_fajem"]),
    ("evt_organises", ["evt_participants", "evt_exposants"]),
    ("clause_heures", ["clause_etp", "clause_personnes"]),
]
CHARTS_AFTER = {"de_abc": ["job_seekers_communes", "job_seekers_year"],
                "plie_participants": ["plie_communes"],
                "ml_jeunes_accompagnes": ["ml_communes"],
                "plie_taux_sorties_positives": ["plie_exits"]}
MAX_LINES = 3


@dataclass
class Chart:
    """`kind`: "bar" (horizontal, one series), "columns" (grouped) or "doughnut"."""

    kind: str
    categories: list[str]
    series: list[tuple[str, list[float | None]]]
    unit: str = "personnes"
    key: str = ""


@dataclass
class Slide:
    kind: str  # title, figure, chart, sources
    title: str = ""
    value: str = ""
    label: str = ""
    when: str = ""
    evolution: str = ""
    lines: list[str] = field(default_factory=list)
    note: str = ""
    chart: Chart | None = None
    indicator: str = ""
    secret: bool = False
    footnotes: list[str] = field(default_factory=list)  # what each line rests on


@dataclass
class Deck:
    territory: str
    year: int
    title: str
    subtitle: str
    footer: str
    demo: bool
    slides: list[Slide]
    confidential: bool = False

    @property
    def marks(self) -> list[str]:
        """What every slide's footer must say: demonstration data, confidential figures."""
        return [t for t, on in ((texts.AG_DEMO_MARK, self.demo),
                                (texts.AG_CONFIDENTIAL_MARK, self.confidential)) if on]


def _value_text(row) -> str:
    return SECRET if row["secret"] else fmt_value(row["value"], row["unit"])


def _line(row, parent: str) -> str | None:
    if not row["secret"] and is_missing(row["value"]):
        return None
    value = _value_text(row)
    if row["part_of"] == parent:
        share = "" if row["secret"] or is_missing(row["share"]) else f" ({fmt_pct(row['share'])})"
        return f"dont {value} {row['label']}{share}"
    return f"{value} {row['label']}"


def _figure_slide(df: pd.DataFrame, indicator: str, others: list[str]) -> Slide | None:
    rows = df.set_index("indicator", drop=False)
    if indicator not in rows.index:
        return None
    r = rows.loc[indicator]
    if not r["secret"] and is_missing(r["value"]):
        return None
    evolution = "" if r["secret"] else fmt_evolution(r["evolution_pct"])
    previous = ""
    if not evolution and not r["secret"] and not is_missing(r["previous_value"]) \
            and r["previous_value"] != r["value"]:
        previous = texts.AG_PREVIOUS_VALUE.format(value=fmt_value(r["previous_value"], r["unit"]))
    lines = [t for o in others if o in rows.index and (t := _line(rows.loc[o], indicator))]
    note = ""
    if r["lpe"]:
        evolution += texts.LPE_MARK
        note = f"{texts.LPE_MARK} {texts.LPE_NOTE_TITLE} {texts.LPE_NOTE}"
    elif r["secret"]:
        note = texts.AG_SECRET_CAPTION
    return Slide(
        "figure", title=r["family"], value=_value_text(r), label=r["label"],
        when=content.when_text(r["period"], r["reference_date"]),
        evolution=texts.AG_EVOLUTION.format(evolution=evolution) if evolution else previous,
        lines=lines[:MAX_LINES], note=note, indicator=indicator, secret=bool(r["secret"]))


# A slide's bars: a territory of more communes shows its largest ones (a département's 647
# or France's 35 000 bars were unreadable, and took 16 ms a chart to sort).
MAX_CHART_COMMUNES = 20
MAX_MASKED_NAMED = 12


def _commune_chart(table: content.CommuneTable, column: str, title: str, key: str) -> Slide | None:
    body = table.frame[table.frame["code_insee"].notna()]
    secret = table.secret.loc[body.index, column].to_numpy(dtype=bool)
    masked = body.loc[secret, "commune"].tolist()
    shown = body[~secret & body[column].notna().to_numpy()]
    if shown.empty:
        return None
    n = len(shown)
    if n > MAX_CHART_COMMUNES:  # the largest, ties in the same order as a full sort
        cut = shown[column].nlargest(MAX_CHART_COMMUNES, keep="all").iloc[-1]
        shown = shown[shown[column] >= cut]
    shown = shown.sort_values([column, "commune"], ascending=[False, True])
    shown = shown.head(MAX_CHART_COMMUNES)
    if n > MAX_CHART_COMMUNES:
        title = texts.AG_CHART_LARGEST.format(title=title, shown=MAX_CHART_COMMUNES,
                                              communes=fmt_int(n))
    chart = Chart("bar", shown["commune"].tolist(), [(title, shown[column].tolist())], key=key)
    named = ", ".join(masked[:MAX_MASKED_NAMED])
    if len(masked) > MAX_MASKED_NAMED:
        named += " " + texts.AG_MASKED_MORE.format(n=fmt_int(len(masked) - MAX_MASKED_NAMED))
    note = texts.AG_MASKED_COMMUNES.format(communes=named) if masked else ""
    return Slide("chart", title=title, chart=chart, note=note)


def _year_chart(df: pd.DataFrame, year: int) -> Slide | None:
    rows = df.set_index("indicator")
    labels = texts.AG_CHART_JOB_SEEKERS_LABELS
    keep = [i for i in labels if i in rows.index and not rows.loc[i, "secret"]
            and not is_missing(rows.loc[i, "value"])
            and not is_missing(rows.loc[i, "previous_value"])]
    if not keep:
        return None
    day = pd.Timestamp(rows.loc[keep[0], "reference_date"]).date()
    now, before = fmt_month(day), fmt_month(day.replace(year=day.year - 1, day=1))
    chart = Chart("columns", [labels[i] for i in keep],
                  [(before, [rows.loc[i, "previous_value"] for i in keep]),
                   (now, [rows.loc[i, "value"] for i in keep])], key="job_seekers_year")
    note = ""
    if rows.loc[keep[0], "lpe"]:
        note = f"{texts.LPE_NOTE_TITLE} {texts.LPE_NOTE}"
    return Slide("chart", title=texts.AG_CHART_JOB_SEEKERS_YEAR.format(before=before, now=now),
                 chart=chart, note=note)


def _exits_chart(df: pd.DataFrame, year: int) -> Slide | None:
    rows = df.set_index("indicator")
    labels = texts.AG_CHART_EXITS_LABELS
    if any(i not in rows.index or rows.loc[i, "secret"] or is_missing(rows.loc[i, "value"])
           for i in labels):
        return None  # one masked part could be recomputed from the others
    title = texts.AG_CHART_EXITS.format(year=year)
    chart = Chart("doughnut", list(labels.values()),
                  [(title, [rows.loc[i, "value"] for i in labels])], key="plie_exits")
    return Slide("chart", title=title, chart=chart)


def summary_slide(story: narrative.Narrative) -> Slide | None:
    """« Ce qu'il faut retenir »: the narrative of the year, one line per sentence; the
    figures each rests on go to the speaker notes (and the page's tooltips)."""
    if not story.sentences:
        return None
    return Slide("summary", title=texts.NARRATIVE_SLIDE_TITLE,
                 lines=[s.text for s in story.sentences],
                 footnotes=story.footnotes)


def _qpv_slides(data: dict, territory: str) -> list[Slide]:
    """The territory's job seekers living in its quartiers prioritaires (ONPV) and their
    share of its job seekers, then the quarters one by one; nothing without ONPV file."""
    from queries import registry
    from queries.masking import hidden

    if not data["has_data"] or data["ipro_year"] is None:
        return []
    q = data["quartiers"]
    total = q.index[q["qpv_code"].isna()]
    if not len(total):
        return []
    t = total[0]

    def text(frame, idx, key, unit) -> str:
        return SECRET if hidden(frame, key).at[idx] else fmt_value(frame.at[idx, key], unit)

    secret_total = bool(hidden(q, "qpv_de_abc").at[t])
    if not secret_total and is_missing(q.at[t, "qpv_de_abc"]):
        return []
    ipro, demo = content.qpv_when(data)
    label = registry.indicators()["qpv_de_abc"].texts(territory)[0]
    lines = []
    c = data["communes"]
    c_total = c.index[c["code_insee"].isna()]
    if len(c_total) and data["job_seekers_month"] is not None:
        i = c_total[0]
        lines.append(texts.AG_QPV_SHARE.format(part=text(c, i, "qpv_part_de_abc", "%"),
                                               month=fmt_month(data["job_seekers_month"])))
    if not hidden(q, "qpv_de_a").at[t] and not is_missing(q.at[t, "qpv_de_a"]):
        lines.append(f"dont {text(q, t, 'qpv_de_a', 'personnes')} de catégorie A")
    if not is_missing(q.at[t, "qpv_population"]):
        lines.append(texts.AG_QPV_POPULATION.format(
            population=text(q, t, "qpv_population", "personnes"), year=demo))
    notes = []
    dates = content.qpv_dates_text(data)
    if dates and "diffèrent" in dates:
        notes.append(dates)
    body = q[q["qpv_code"].notna()]
    inter = body[~body["in_total"].astype(bool)]
    if not inter.empty:
        notes.append(texts.AG_QPV_INTERCOMMUNAL.format(quartiers=", ".join(inter["qpv_name"])))
    slides = [Slide("figure", title=texts.AG_QPV_TITLE, value=text(q, t, "qpv_de_abc",
                                                                    "personnes"),
                    label=label, when=texts.MAP_QPV_PERIOD.format(period=ipro),
                    lines=lines[:MAX_LINES], note=" ".join(notes), indicator="qpv_de_abc",
                    secret=secret_total)]
    # the quarters of the total: one lying mostly in other communes would dwarf them
    body = body[body["in_total"].astype(bool)]
    masked = body.loc[hidden(q, "qpv_de_abc").loc[body.index], "qpv_name"].tolist()
    shown = body[~hidden(q, "qpv_de_abc").loc[body.index] & body["qpv_de_abc"].notna()]
    if not shown.empty:
        shown = shown.sort_values(["qpv_de_abc", "qpv_name"], ascending=[False, True])
        title = texts.AG_QPV_CHART.format(when=ipro)
        chart = Chart("bar", shown["qpv_name"].tolist(), [(title, shown["qpv_de_abc"].tolist())],
                      key="qpv_quartiers")
        note = texts.AG_MASKED_QUARTERS.format(quartiers=", ".join(masked)) if masked else ""
        if not inter.empty:
            note = " ".join(n for n in (note, texts.AG_QPV_INTERCOMMUNAL.format(
                quartiers=", ".join(inter["qpv_name"]))) if n)
        slides.append(Slide("chart", title=title, chart=chart, note=note))
    return slides


@within_one_page
def build(con: duckdb.DuckDBPyConnection, territory: str, year: int,
          role: str = content.DEFAULT_ROLE, *, sources: Iterable[ImportRecord] | None = None,
          now: dt.datetime | None = None, communes: Collection[str] | None = None) -> Deck:
    """`communes`: the communes the viewer may see in detail (None: all); the charts by
    commune show only them, masked as in the whole territory's table."""
    sources = list(sources or [])
    now = now or dt.datetime.now()
    df = content.figures(con, territory, year, role=role)
    when = content.job_seekers_when(df)
    tables = {t.key: t for t in content.commune_tables(con, territory, year, content.TABLES,
                                                      role, when, communes=communes)}
    label = territories.territory_label(territory)
    charts = {
        "job_seekers_communes": lambda: _commune_chart(
            tables["job_seekers"], "abc",
            texts.AG_CHART_JOB_SEEKERS.format(when=when or year), "job_seekers_communes"),
        "job_seekers_year": lambda: _year_chart(df, year),
        "plie_communes": lambda: _commune_chart(
            tables["plie"], "participants", texts.AG_CHART_PLIE.format(year=year),
            "plie_communes"),
        "plie_exits": lambda: _exits_chart(df, year),
        "ml_communes": lambda: _commune_chart(
            tables["ml"], "followed", texts.AG_CHART_ML.format(year=year), "ml_communes"),
    }
    demo = demo_only(sources, territory)
    mixed = None if demo else content.demo_note(sources, territory)
    confidential = secret.sees_unmasked(role)
    title_note = " ".join(t for t, on in ((texts.EXPORT_DEMO, demo), (mixed, bool(mixed)),
                                          (texts.EXPORT_CONFIDENTIAL, confidential)) if on)
    slides = [Slide("title", title=texts.AG_DECK_TITLE.format(year=year), label=label,
                    value=texts.AG_DECK_LEAD.format(year=year),
                    when=texts.AG_DECK_DATE.format(date=fmt_date(now)), note=title_note)]
    if summary := summary_slide(narrative.build(con, territory, year, audience=role,
                                                visible=communes)):
        slides.append(summary)
    qpv = content.qpv_figures(con, territory, year, role, communes)
    for indicator, others in FIGURES:
        figure = _figure_slide(df, indicator, others)
        if figure is not None:
            slides.append(figure)
            for key in CHARTS_AFTER.get(indicator, []):
                if chart := charts[key]():
                    slides.append(chart)
        if indicator == "de_abc":  # the quartiers prioritaires follow the job seekers
            slides += _qpv_slides(qpv, territory)
    bullets = [*content.source_lines(sources, territory), content.secret_text(),
               content.role_text(role),
               texts.EXPORT_EXTRACTED + " : " + content.extraction_text(now) + "."]
    if demo:
        bullets.insert(0, texts.EXPORT_DEMO)
    slides.append(Slide("sources", title=texts.AG_SOURCES_TITLE, lines=bullets))
    footer = f"{texts.AG_DECK_TITLE.format(year=year)} · {label}"
    return Deck(territory, year, texts.AG_DECK_TITLE.format(year=year), label, footer, demo,
                slides, confidential)


# -- HTML (the page) ------------------------------------------------------------------------
# Sizes are in `cqw` (hundredths of the slide's width): the slide keeps its proportions and
# its type scales with it, from the page's preview to a full-screen projector.
NAVY = "#1D4F91"
LIGHT = "#9DB4D6"
PALETTE = ["#1D4F91", "#E07B39", "#9DB4D6"]
# Year on year: the year before light, the year itself dark.
YEAR_PALETTE = ["#9DB4D6", "#1D4F91"]


def _e(text) -> str:
    return html.escape(content.french_spaces(str(text)), quote=False)


def _bars_html(chart: Chart) -> str:
    name, values = chart.series[0]
    top = max(v for v in values if v is not None) or 1
    rows = []
    for label, v in zip(chart.categories, values, strict=True):
        width = 0 if v is None else max(v / top * 100, 0.5)
        rows.append(f'<div class="ag-bar-label">{_e(label)}</div><div class="ag-bar-track">'
                    f'<div class="ag-bar" style="width:{width:.2f}%"></div>'
                    f'<span class="ag-bar-value">{_e(fmt_value(v, chart.unit))}</span></div>')
    return f'<div class="ag-bars" role="img" aria-label="{html.escape(name)}">{"".join(rows)}</div>'


def _columns_html(chart: Chart) -> str:
    top = max(v for _, vs in chart.series for v in vs if v is not None) or 1
    groups = []
    for i, label in enumerate(chart.categories):
        bars = []
        for k, (_, values) in enumerate(chart.series):
            v = values[i]
            h = 0 if v is None else v / top * 100
            bars.append(f'<div class="ag-col-slot"><span class="ag-col-value">'
                        f'{_e(fmt_value(v, chart.unit))}</span><div class="ag-col" '
                        f'style="height:{h:.2f}%;background:{YEAR_PALETTE[k % 2]}"></div></div>')
        groups.append(f'<div class="ag-col-group"><div class="ag-col-bars">{"".join(bars)}</div>'
                      f'<div class="ag-col-label">{_e(label)}</div></div>')
    legend = "".join(f'<span><i style="background:{YEAR_PALETTE[k % 2]}"></i>{_e(name)}</span>'
                     for k, (name, _) in enumerate(chart.series))
    return (f'<div class="ag-legend">{legend}</div>'
            f'<div class="ag-columns">{"".join(groups)}</div>')


def _doughnut_html(chart: Chart) -> str:
    values = [v or 0 for v in chart.series[0][1]]
    total = sum(values) or 1
    stops, start, legend = [], 0.0, []
    for k, (label, v) in enumerate(zip(chart.categories, values, strict=True)):
        end = start + v / total * 100
        stops.append(f"{PALETTE[k % 3]} {start:.2f}% {end:.2f}%")
        start = end
        legend.append(f'<li><i style="background:{PALETTE[k % 3]}"></i><strong>'
                      f'{_e(fmt_value(v, chart.unit))}</strong> {_e(label)} '
                      f'<span>({_e(fmt_pct(v / total))})</span></li>')
    return (f'<div class="ag-doughnut-wrap"><div class="ag-doughnut" '
            f'style="background:conic-gradient({", ".join(stops)})"><div class="ag-hole">'
            f'<strong>{_e(fmt_value(total, chart.unit))}</strong></div></div>'
            f'<ul class="ag-doughnut-legend">{"".join(legend)}</ul></div>')


def _summary_html(s: Slide) -> str:
    items = "".join(f'<li title="{html.escape(note)}">{_e(line)}</li>'
                    for line, note in zip(s.lines, s.footnotes, strict=True))
    size = summary_scale(s.lines)
    return (f'<h2 class="ag-chart-title">{_e(s.title)}</h2>'
            f'<ul class="ag-summary" style="font-size:{size:.2f}cqw">{items}</ul>')


def summary_scale(lines: list[str]) -> float:
    """Type size of the summary (hundredths of the slide's width): smaller for a long text,
    so that eight long sentences still fit the slide."""
    length = sum(len(line) for line in lines)
    return 2.05 if length <= 1250 else 1.8 if length <= 1500 else 1.55


def slide_html(deck: Deck, index: int) -> str:
    """One slide as HTML (no script, no external asset), styled by `SLIDE_CSS`."""
    s = deck.slides[index]
    out = [f'<section class="ag-slide ag-kind-{s.kind}" aria-roledescription="diapositive" '
           f'aria-label="{index + 1} / {len(deck.slides)}">']
    if s.kind == "title":
        out.append(f'<div class="ag-title-box"><h1>{_e(s.title)}</h1>'
                   f'<p class="ag-sub">{_e(s.label)}</p><p class="ag-lead">{_e(s.value)}</p>'
                   f'<p class="ag-date">{_e(s.when)}</p>'
                   + (f'<p class="ag-demo">{_e(s.note)}</p>' if s.note else "") + "</div>")
    else:
        out.append('<div class="ag-accent"></div>')
        if s.kind == "figure":
            out.append(f'<p class="ag-kicker">{_e(s.title)}</p><div class="ag-figure">'
                       f'<p class="ag-value{" ag-secret" if s.secret else ""}">{_e(s.value)}</p>'
                       f'<p class="ag-label">{_e(s.label)}</p>'
                       f'<p class="ag-when">{_e(s.when)}</p>'
                       + (f'<p class="ag-evol">{_e(s.evolution)}</p>' if s.evolution else "")
                       + ('<ul class="ag-lines">' + "".join(f"<li>{_e(t)}</li>" for t in s.lines)
                          + "</ul>" if s.lines else "") + "</div>")
        elif s.kind == "summary":
            out.append(_summary_html(s))
        elif s.kind == "chart":
            body = {"bar": _bars_html, "columns": _columns_html,
                    "doughnut": _doughnut_html}[s.chart.kind](s.chart)
            out.append(f'<h2 class="ag-chart-title">{_e(s.title)}</h2>'
                       f'<div class="ag-chart ag-chart-{s.chart.kind}">{body}</div>')
        else:
            out.append(f'<h2 class="ag-chart-title">{_e(s.title)}</h2><ul class="ag-sources">'
                       + "".join(f"<li>{_e(t)}</li>" for t in s.lines) + "</ul>")
        if s.note:
            out.append(f'<p class="ag-note">{_e(s.note)}</p>')
        marks = " · ".join(deck.marks)
        out.append(f'<footer class="ag-footer"><span>{_e(deck.footer)}</span>'
                   f'<span class="ag-demo-mark">{_e(marks)}</span>'
                   f'<span>{index + 1} / {len(deck.slides)}</span></footer>')
    out.append("</section>")
    return "".join(out)


SLIDE_CSS = """
<style>
.ag-slide{position:relative;box-sizing:border-box;width:100%;aspect-ratio:16/9;
  container-type:inline-size;display:flex;flex-direction:column;
  padding:4cqw 6cqw 1.4cqw 6cqw;background:#fff;color:#13294b;border:1px solid #d9dee7;
  border-radius:.5rem;overflow:hidden;font-family:"Source Sans Pro","Source Sans",
  "Segoe UI",Calibri,Arial,sans-serif;box-shadow:0 2px 10px rgba(16,24,40,.08)}
.ag-slide *{box-sizing:border-box}
.ag-slide p,.ag-slide h1,.ag-slide h2,.ag-slide ul{margin:0;padding:0}
.ag-accent{position:absolute;left:0;top:0;bottom:0;width:1.1cqw;background:#1d4f91}
.ag-kicker{font-size:2cqw;font-weight:700;
  letter-spacing:.08em;text-transform:uppercase;color:#1d4f91}
.ag-figure{flex:1;min-height:0;margin-top:1.5cqw!important}
.ag-value{font-size:10.5cqw;font-weight:800;line-height:1.05;color:#13294b;
  font-variant-numeric:tabular-nums;white-space:nowrap}
.ag-value.ag-secret{color:#8a94a6}
.ag-label{font-size:3.4cqw;font-weight:600;line-height:1.2;margin-top:.6cqw!important}
.ag-when{font-size:2.1cqw;color:#5b6472;margin-top:.5cqw!important}
.ag-evol{font-size:2.5cqw;color:#1d4f91;font-weight:600;margin-top:1.2cqw!important}
.ag-lines{list-style:none;margin-top:1.8cqw!important;border-top:.15cqw solid #d9dee7;
  padding-top:1.3cqw!important}
.ag-lines li{font-size:2.3cqw;line-height:1.4;color:#262730}
.ag-chart-title{font-size:3.2cqw;font-weight:700;line-height:1.2;color:#13294b}
.ag-chart{flex:1;min-height:0;margin-top:2cqw!important}
.ag-bars{display:grid;grid-template-columns:auto 1fr;column-gap:1.5cqw;
  grid-auto-rows:minmax(0,4.4cqw);align-items:center;height:100%;align-content:center}
.ag-bar-label{font-size:2cqw;text-align:right;white-space:nowrap;color:#262730}
.ag-bar-track{display:flex;align-items:center;gap:.8cqw;height:100%;padding:.45cqw 0}
.ag-bar{height:100%;background:#1d4f91;border-radius:0 .3cqw .3cqw 0}
.ag-bar-value{font-size:2cqw;font-weight:700;white-space:nowrap;
  font-variant-numeric:tabular-nums}
.ag-legend{display:flex;gap:3cqw;font-size:1.7cqw;height:3cqw;align-items:center}
.ag-legend i,.ag-doughnut-legend i{display:inline-block;width:1.5cqw;height:1.5cqw;
  border-radius:.2cqw;margin-right:.7cqw;vertical-align:-.15cqw}
.ag-columns{display:flex;gap:2.5cqw;height:calc(100% - 3cqw);align-items:stretch}
.ag-col-group{flex:1;display:flex;flex-direction:column;min-width:0}
.ag-col-bars{flex:1;display:flex;gap:.8cqw;align-items:flex-end;border-bottom:.15cqw solid #8a94a6}
.ag-col-slot{flex:1;height:100%;display:flex;flex-direction:column;justify-content:flex-end;
  align-items:center;padding-top:3cqw}
.ag-col{width:100%;border-radius:.3cqw .3cqw 0 0}
.ag-col-value{font-size:1.6cqw;font-weight:700;margin-bottom:.4cqw;white-space:nowrap;
  font-variant-numeric:tabular-nums}
.ag-col-label{font-size:1.6cqw;text-align:center;margin-top:.8cqw;line-height:1.2;
  min-height:4cqw}
.ag-doughnut-wrap{display:flex;align-items:center;gap:5cqw;height:100%}
.ag-doughnut{flex:none;width:29cqw;height:29cqw;border-radius:50%;position:relative}
.ag-hole{position:absolute;inset:6.5cqw;border-radius:50%;background:#fff;display:flex;
  align-items:center;justify-content:center;font-size:4cqw}
.ag-doughnut-legend{list-style:none}
.ag-doughnut-legend li{font-size:2.3cqw;line-height:1.8}
.ag-doughnut-legend span{color:#5b6472}
.ag-sources{flex:1;min-height:0;margin-top:2cqw!important;list-style:disc;
  padding-left:2cqw!important}
.ag-sources li{font-size:1.6cqw;line-height:1.45;margin-bottom:.6cqw}
.ag-summary{flex:1;min-height:0;margin-top:1.6cqw!important;padding-left:2.2cqw!important}
.ag-summary li{font-size:inherit;line-height:1.32;margin-bottom:.9cqw}
.ag-note{font-size:1.25cqw;line-height:1.35;color:#4a5262;margin-top:1cqw!important}
.ag-footer{display:flex;justify-content:space-between;gap:2cqw;font-size:1.2cqw;
  color:#5b6472;margin:1.2cqw -3cqw 0 0}
.ag-demo-mark{color:#8a4b00;font-weight:700}
.ag-kind-title{background:#1d4f91;color:#fff}
.ag-title-box{position:absolute;left:8cqw;right:8cqw;top:50%;transform:translateY(-50%)}
.ag-kind-title h1{font-size:6.5cqw;font-weight:800;line-height:1.1;color:#fff}
.ag-sub{font-size:3.4cqw;font-weight:600;margin-top:1.5cqw!important}
.ag-lead{font-size:2.4cqw;margin-top:3cqw!important;opacity:.95}
.ag-date{font-size:1.7cqw;margin-top:1cqw!important;opacity:.85}
.ag-demo{display:inline-block;font-size:1.6cqw;margin-top:3cqw!important;
  padding:.6cqw 1.2cqw!important;background:#fff1d6;color:#8a4b00;border-radius:.4cqw;
  font-weight:600}
</style>
"""
