"""The Assemblée générale as a PowerPoint file (16:9), drawn from `exports.deck`.

Figure slides carry one big number; chart slides hold NATIVE PowerPoint charts
(`add_chart` with the figures as chart data, editable in PowerPoint or Impress), with
number formats (`#,##0`) that PowerPoint localises. Texts are the deck's, so the file
and the page say the same thing; chart labels written into the chart's embedded
workbook go through `exports.safe.neutralise`.
"""

import datetime as dt
import io
from collections.abc import Collection, Iterable

import duckdb
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from data.catalog import ImportRecord
from exports import content, deck
from exports.excel import NUMBER_FORMATS
from exports.safe import file_stem, neutralise
from wording import texts

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.8)
NAVY = RGBColor(0x1D, 0x4F, 0x91)
INK = RGBColor(0x13, 0x29, 0x4B)
GREY = RGBColor(0x5B, 0x64, 0x72)
WHITE = RGBColor(0xFF, 0xFF, 0xFF)
DEMO = RGBColor(0x8A, 0x4B, 0x00)
CONFIDENTIAL = RGBColor(0xB4, 0x23, 0x18)
PALETTE = [RGBColor.from_string(c.lstrip("#")) for c in deck.PALETTE]
YEAR_PALETTE = [RGBColor.from_string(c.lstrip("#")) for c in deck.YEAR_PALETTE]
FONT = "Calibri"
BLANK_LAYOUT = 6


def deck_file_name(territory: str, year: int) -> str:
    return texts.EXPORT_FILE_DECK.format(territory=file_stem(territory), year=year)


def _pptx_text(text: str) -> str:
    # U+202F (narrow no-break space, the French thousands separator) is missing from some
    # presentation fonts; a plain no-break space keeps "9 948" on one line everywhere.
    return content.french_spaces(str(text)).replace("\u202f", "\u00a0")


def _text(slide, left, top, width, height, paragraphs: list[tuple[str, int, dict]],
          anchor=MSO_ANCHOR.TOP, align=PP_ALIGN.LEFT):
    """A text box; each paragraph is (text, size in points, {bold, color, space_before})."""
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = anchor
    frame.margin_left = frame.margin_right = 0
    for i, (text, size, opts) in enumerate(paragraphs):
        p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        p.alignment = align
        if opts.get("space_before"):
            p.space_before = Pt(opts["space_before"])
        run = p.add_run()
        run.text = _pptx_text(text)
        run.font.name = FONT
        run.font.size = Pt(size)
        run.font.bold = opts.get("bold", False)
        run.font.color.rgb = opts.get("color", INK)
    return box


def _rect(slide, left, top, width, height, color):
    from pptx.enum.shapes import MSO_SHAPE

    shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, left, top, width, height)
    shape.fill.solid()
    shape.fill.fore_color.rgb = color
    shape.line.fill.background()
    shape.shadow.inherit = False
    return shape


def _frame(slide, d: deck.Deck, index: int, s: deck.Slide) -> None:
    """Accent bar, note and footer shared by every slide but the title."""
    _rect(slide, 0, 0, Inches(0.15), HEIGHT, NAVY)
    if s.note:
        _text(slide, MARGIN, HEIGHT - Inches(1.25), WIDTH - 2 * MARGIN, Inches(0.75),
              [(s.note, 12, {"color": GREY})], anchor=MSO_ANCHOR.BOTTOM)
    footer = [(d.footer, 11, {"color": GREY})]
    _text(slide, MARGIN, HEIGHT - Inches(0.45), Inches(5.2), Inches(0.3), footer)
    if d.marks:
        colour = CONFIDENTIAL if d.confidential else DEMO
        _text(slide, Inches(6.1), HEIGHT - Inches(0.45), Inches(4.9), Inches(0.3),
              [(" · ".join(d.marks), 10, {"color": colour, "bold": True})],
              align=PP_ALIGN.CENTER)
    _text(slide, WIDTH - Inches(2.3), HEIGHT - Inches(0.45), Inches(1.8), Inches(0.3),
          [(f"{index + 1} / {len(d.slides)}", 11, {"color": GREY})], align=PP_ALIGN.RIGHT)


def _title_slide(slide, s: deck.Slide) -> None:
    _rect(slide, 0, 0, WIDTH, HEIGHT, NAVY)
    paragraphs = [(s.title, 54, {"bold": True, "color": WHITE}),
                  (s.label, 32, {"bold": True, "color": WHITE, "space_before": 12}),
                  (s.value, 24, {"color": WHITE, "space_before": 30}),
                  (s.when, 18, {"color": WHITE, "space_before": 8})]
    if s.note:
        paragraphs.append((s.note, 16, {"color": RGBColor(0xFF, 0xF1, 0xD6), "bold": True,
                                        "space_before": 30}))
    _text(slide, Inches(1.1), Inches(0.8), WIDTH - Inches(2.2), HEIGHT - Inches(1.6),
          paragraphs, anchor=MSO_ANCHOR.MIDDLE)


def _figure_slide(slide, s: deck.Slide) -> None:
    _text(slide, MARGIN, Inches(0.55), WIDTH - 2 * MARGIN, Inches(0.5),
          [(s.title.upper(), 20, {"bold": True, "color": NAVY})])
    # a long value (« 2 135 533,46 € ») shrinks to stay on one line
    value_size = 110 if len(s.value) <= 10 else max(60, round(110 * 10 / len(s.value)))
    paragraphs = [(s.value, value_size, {"bold": True, "color": GREY if s.secret else INK}),
                  (s.label, 34, {"bold": True}),
                  (s.when, 20, {"color": GREY, "space_before": 4})]
    if s.evolution:
        paragraphs.append((s.evolution, 24, {"bold": True, "color": NAVY, "space_before": 14}))
    for i, line in enumerate(s.lines):
        paragraphs.append((line, 22, {"space_before": 18 if i == 0 else 6}))
    _text(slide, MARGIN, Inches(1.1), WIDTH - 2 * MARGIN, Inches(5.0), paragraphs)


def _chart_data(chart: deck.Chart) -> CategoryChartData:
    data = CategoryChartData(number_format=NUMBER_FORMATS.get(chart.unit, "#,##0"))
    data.categories = [neutralise(c) for c in chart.categories]
    for name, values in chart.series:
        data.add_series(neutralise(name), [None if v is None else float(v) for v in values])
    return data


def _chart_slide(slide, s: deck.Slide) -> None:
    _text(slide, MARGIN, Inches(0.45), WIDTH - 2 * MARGIN, Inches(0.9),
          [(s.title, 28, {"bold": True})], anchor=MSO_ANCHOR.BOTTOM)
    c = s.chart
    kind = {"bar": XL_CHART_TYPE.BAR_CLUSTERED, "columns": XL_CHART_TYPE.COLUMN_CLUSTERED,
            "doughnut": XL_CHART_TYPE.DOUGHNUT}[c.kind]
    top = Inches(1.55)
    height = HEIGHT - top - Inches(1.35 if s.note else 0.7)
    frame = slide.shapes.add_chart(kind, MARGIN, top, WIDTH - 2 * MARGIN, Emu(int(height)),
                                   _chart_data(c))
    chart = frame.chart
    chart.font.name = FONT
    chart.font.size = Pt(16)
    chart.font.color.rgb = INK
    chart.has_title = False
    plot = chart.plots[0]
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format = NUMBER_FORMATS.get(c.unit, "#,##0")
    labels.number_format_is_linked = False
    labels.font.size = Pt(16)
    labels.font.bold = True
    if c.kind == "doughnut":
        labels.show_percentage = False
        labels.show_value = True
        labels.font.color.rgb = WHITE
        chart.has_legend = True
        chart.legend.position = XL_LEGEND_POSITION.RIGHT
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(18)
        for k, point in enumerate(plot.series[0].points):
            point.format.fill.solid()
            point.format.fill.fore_color.rgb = PALETTE[k % len(PALETTE)]
        return
    plot.gap_width = 50
    labels.position = XL_LABEL_POSITION.OUTSIDE_END
    colours = YEAR_PALETTE if c.kind == "columns" else PALETTE
    for k, series in enumerate(plot.series):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = colours[k % len(colours)]
    value_axis = chart.value_axis
    value_axis.visible = False
    value_axis.has_major_gridlines = False
    category_axis = chart.category_axis
    category_axis.tick_labels.font.size = Pt(16 if c.kind == "bar" else 15)
    category_axis.format.line.color.rgb = GREY
    if c.kind == "bar":
        category_axis.reverse_order = True  # the first category at the top
        chart.has_legend = False
    else:
        plot.overlap = -10
        chart.has_legend = True
        chart.legend.position = XL_LEGEND_POSITION.TOP
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(16)


def _sources_slide(slide, s: deck.Slide) -> None:
    _text(slide, MARGIN, Inches(0.5), WIDTH - 2 * MARGIN, Inches(0.8),
          [(s.title, 30, {"bold": True})])
    # every source imported has its line: a long list gets smaller type to fit the slide
    length = sum(len(line) for line in s.lines)
    size, space = (15, 8) if length <= 1200 else (13, 6) if length <= 1800 else (11, 4)
    paragraphs = [("• " + line, size, {"space_before": space}) for line in s.lines]
    _text(slide, MARGIN, Inches(1.4), WIDTH - 2 * MARGIN, HEIGHT - Inches(2.2), paragraphs)


def _summary_slide(slide, s: deck.Slide) -> None:
    """« Ce qu'il faut retenir »: the sentences as bullets; in the speaker notes, the
    registry ids and values each one rests on."""
    _text(slide, MARGIN, Inches(0.5), WIDTH - 2 * MARGIN, Inches(0.8),
          [(s.title, 30, {"bold": True})])
    size = round(deck.summary_scale(s.lines) * 8.5)  # 2,05 % of the width: 17 pt
    paragraphs = [("• " + line, size, {"space_before": 9}) for line in s.lines]
    _text(slide, MARGIN, Inches(1.4), WIDTH - 2 * MARGIN, HEIGHT - Inches(2.2), paragraphs)
    slide.notes_slide.notes_text_frame.text = "\n".join(
        f"{i + 1}. {note}" for i, note in enumerate(s.footnotes))


def render(d: deck.Deck) -> bytes:
    """The deck as the bytes of a .pptx file."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    prs.core_properties.title = f"{d.title} — {d.subtitle}"
    prs.core_properties.author = texts.EXPORT_APP_NAME
    layout = prs.slide_layouts[BLANK_LAYOUT]
    for i, s in enumerate(d.slides):
        slide = prs.slides.add_slide(layout)
        if s.kind == "title":
            _title_slide(slide, s)
            continue
        {"figure": _figure_slide, "chart": _chart_slide, "sources": _sources_slide,
         "summary": _summary_slide}[s.kind](slide, s)
        _frame(slide, d, i, s)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def build_deck(con: duckdb.DuckDBPyConnection, territory: str, year: int,
               role: str = content.DEFAULT_ROLE, *,
               sources: Iterable[ImportRecord] | None = None,
               now: dt.datetime | None = None,
               communes: Collection[str] | None = None) -> bytes:
    """The Assemblée générale of a territory for a year, as a .pptx file. `communes`: the
    communes the viewer may see in detail (None: all), as in `deck.build`."""
    return render(deck.build(con, territory, year, role, sources=sources, now=now,
                             communes=communes))
