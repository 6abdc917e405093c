"""Fiche commune: one commune's figures beside its territory's, for an elected official.

Two files from the same figures (`exports.content`, hence the page's queries and secret
rule): the workbook (`exports.excel.build_workbook` with the commune) and a printable
page, one A4 sheet of self-contained HTML (inline CSS, no script, font or image fetched
from anywhere) that a browser prints as is (`@page { size: A4 }`).
"""

import datetime as dt
import html
from collections.abc import Collection, Iterable

import duckdb
import pandas as pd

from data import reference, territories
from data.catalog import ImportRecord, demo_only
from exports import content, excel
from exports.safe import file_stem
from queries import narrative
from queries.runner import within_one_page
from wording import texts
from wording.format import SECRET, fmt_pct, fmt_value, is_missing

# The figures of the page, in order; "dont" lines follow their parent.
FICHE_INDICATORS = [
    "pop_totale",
    "de_abc", "de_a", "de_abc_longue_duree", "de_abc_moins_25", "de_abc_50plus", "de_abc_femmes",
    "plie_participants", "plie_qpv", "plie_femmes", "plie_rsa", "plie_nouvelles_entrees",
    "plie_sorties", "plie_sorties_positives", "plie_taux_sorties_positives",
    "ml_nouveaux_inscrits", "ml_jeunes_accompagnes",
    "cej_accompagnes", "cej_entrees", "pacea_accompagnes", "aide_total",
    "evt_organises", "evt_participants", "clause_heures", "clause_personnes",
]
HEADLINES = ["pop_totale", "de_abc", "plie_participants", "ml_jeunes_accompagnes"]


def fiche_file_name(commune: str, year: int, ext: str = "html") -> str:
    return texts.EXPORT_FILE_FICHE.format(commune=file_stem(reference.commune_name(commune)),
                                          year=year, ext=ext)


def build_fiche_workbook(con: duckdb.DuckDBPyConnection, territory: str, year: int,
                         commune: str, role: str = content.DEFAULT_ROLE, **kwargs) -> bytes:
    """The commune's workbook: the same builder as the territory's, with the commune."""
    return excel.build_workbook(con, territory, year, commune, role, **kwargs)


def _e(text) -> str:
    return html.escape(content.french_spaces(str(text)), quote=False)


def _value(row) -> str:
    return SECRET if row["secret"] else fmt_value(row["value"], row["unit"])


def _share(row) -> str:
    if row["secret"] or is_missing(row["share"]):
        return ""
    return f' <span class="share">({_e(fmt_pct(row["share"]))})</span>'


def _weight(com, ter) -> str:
    if com["secret"] or ter["secret"]:
        return SECRET if com["unit"] in content.ADDITIVE_UNITS and com["secret"] else ""
    return "" if is_missing(w := excel.weight(com["value"], ter["value"], com["unit"])) \
        else fmt_pct(w)


def _rows(com: pd.DataFrame, ter: pd.DataFrame) -> str:
    c, t = com.set_index("indicator"), ter.set_index("indicator")
    out, family = [], None
    for ind in FICHE_INDICATORS:
        if ind not in c.index:
            continue
        r, q = c.loc[ind], t.loc[ind]
        if not content.has_value(r) and not content.has_value(q):
            continue
        if r["family"] != family:
            family = r["family"]
            out.append(f'<tr class="family"><th colspan="4" scope="rowgroup">{_e(family)}'
                       "</th></tr>")
        part = isinstance(r["part_of"], str) and r["part_of"] in c.index
        label = f"dont {r['label']}" if part else r["label"]
        out.append(
            f'<tr class="{"part" if part else "top"}"><th scope="row">{_e(label)}</th>'
            f'<td>{_e(_value(r))}{_share(r)}</td><td>{_e(_value(q))}{_share(q)}</td>'
            f'<td>{_e(_weight(r, q))}</td></tr>')
    return "".join(out)


def _tiles(com: pd.DataFrame, ter: pd.DataFrame) -> str:
    c, t = com.set_index("indicator"), ter.set_index("indicator")
    out = []
    for ind in HEADLINES:
        if ind not in c.index or not content.has_value(c.loc[ind]):
            continue
        r, q = c.loc[ind], t.loc[ind]
        when = content.when_text(r["period"], r["reference_date"])
        out.append(f'<div class="tile"><p class="v">{_e(_value(r))}</p>'
                   f'<p class="l">{_e(r["label"])}</p><p class="w">{_e(when)}</p>'
                   f'<p class="t">{_e(texts.FICHE_COL_TERRITORY)} : {_e(_value(q))}</p></div>')
    return f'<div class="tiles">{"".join(out)}</div>'


def _summary(n: narrative.Narrative) -> tuple[str, str]:
    """« Ce que disent les chiffres » under the tiles, and the figures each sentence rests
    on (registry ids and values) as numbered notes for the footer."""
    if not n.sentences:
        return "", ""
    items = "".join(f'<li>{_e(s.text)}<span class="mark">{narrative.mark(i)}</span></li>'
                    for i, s in enumerate(n.sentences))
    notes = "".join(f"<p>{narrative.mark(i)} {_e(note)}</p>" for i, note in enumerate(n.footnotes))
    return (f'<section class="summary" aria-labelledby="summary-title">'
            f'<h2 id="summary-title">{_e(texts.NARRATIVE_TITLE)}</h2><ul>{items}</ul></section>',
            f'<div class="evidence"><p><strong>{_e(texts.NARRATIVE_EVIDENCE)}</strong> '
            f"({_e(texts.NARRATIVE_EVIDENCE_PLACE.format(place=n.place))}) :</p>{notes}</div>")


def _qpv_html(data: dict, commune: str, name: str) -> str:
    """The commune's quarters with their ONPV figures and the share of its job seekers
    living in them; nothing when the commune has no quarter or no ONPV file was imported."""
    from queries.masking import hidden
    from wording import qpv_format

    if not data["has_data"]:
        return ""
    q = data["quartiers"]
    mine = q[q["qpv_code"].notna() & q["communes"].map(
        lambda cs: isinstance(cs, tuple) and commune in cs)]
    if mine.empty:
        return ""

    def cell(frame, idx, key, unit) -> str:
        if hidden(frame, key).at[idx]:
            return SECRET
        return fmt_value(frame.at[idx, key], unit)

    heads = texts.EXPORT_QPV_COLUMNS
    rows = "".join(
        f'<tr class="top"><th scope="row">{_e(r["qpv_name"])} ({_e(r["qpv_code"])})</th>'
        f'<td>{_e(cell(q, i, "qpv_population", "personnes"))}</td>'
        f'<td>{_e(cell(q, i, "qpv_de_abc", "personnes"))}</td>'
        f'<td>{_e(cell(q, i, "qpv_de_a", "personnes"))}</td>'
        f'<td>{_e(qpv_format.match_text(r["match"], r["qpv_code_2015"], r["qpv_name_2015"]))}'
        "</td></tr>" for i, r in mine.iterrows())
    lines = [content.qpv_period_text(data)]
    c = data["communes"]
    row = c[c["code_insee"] == commune]
    dates = content.qpv_dates_text(data)
    if not row.empty and dates:
        i = row.index[0]
        lines.insert(0, texts.COMMUNE_QPV_SHARE.format(
            part=cell(c, i, "qpv_part_de_abc", "%"), commune=name,
            qpv=cell(c, i, "qpv_de_abc", "personnes"),
            all=cell(c, i, "de_abc", "personnes")).replace("**", "") + " " + dates)
    if mine["intercommunal"].astype(bool).any():
        lines.append(texts.COMMUNE_QPV_INTERCOMMUNAL)
    notes = "".join(f'<p class="qpv-note">{_e(line)}</p>' for line in lines)
    return (f'<h2 class="qpv">{_e(texts.COMMUNE_QPV_HEADER)}</h2>'
            f'<table class="qpv"><thead><tr><th scope="col">{_e(heads["qpv_name"])}</th>'
            f'<th scope="col">{_e(heads["qpv_population"])}</th>'
            f'<th scope="col">{_e(heads["qpv_de_abc"])}</th>'
            f'<th scope="col">{_e(heads["qpv_de_a"])}</th>'
            f'<th scope="col">{_e(heads["match"])}</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>{notes}")


@within_one_page
def build_fiche_html(con: duckdb.DuckDBPyConnection, territory: str, year: int, commune: str,
                     role: str = content.DEFAULT_ROLE, *,
                     sources: Iterable[ImportRecord] | None = None,
                     now: dt.datetime | None = None,
                     communes: Collection[str] | None = None) -> str:
    """The printable page, as a complete HTML document. `communes`: the communes the
    viewer may see in detail (None: all); a `commune` outside them is refused. The page
    holds no other commune's row: only the commune beside its territory's totals."""
    content.check_commune(commune, communes)
    sources = list(sources or [])
    now = now or dt.datetime.now()
    ter = content.figures(con, territory, year, role=role)
    com = content.figures(con, territory, year, commune, role)
    qpv = content.qpv_figures(con, territory, year, role)
    name = reference.commune_name(commune)
    label = territories.territory_label(territory)
    title = texts.EXPORT_FICHE_TITLE.format(commune=name, year=year)
    banner = ""
    if demo_only(sources, territory):
        banner += f'<p class="banner demo">{_e(texts.EXPORT_DEMO)}</p>'
    elif mixed := content.demo_note(sources, territory):
        banner += f'<p class="banner demo">{_e(mixed)}</p>'
    if role == "gestionnaire":
        banner += f'<p class="banner confidential">{_e(texts.EXPORT_CONFIDENTIAL)}</p>'
    facts = [
        (texts.EXPORT_PERIOD, content.period_text(ter, year)),
        (texts.EXPORT_EXTRACTED, content.extraction_text(now)),
        (texts.EXPORT_SECRET, content.secret_text()),
        (texts.EXPORT_TERRITORY_DEFINITIONS, content.territory_definitions(territory)),
        (texts.EXPORT_SOURCES, " ".join(content.source_lines(sources, territory, short=True))),
    ]
    notes = "".join(f"<p><strong>{_e(k)} :</strong> {_e(v)}</p>" for k, v in facts)
    summary, evidence = _summary(narrative.build(con, territory, year, commune, audience=role,
                                                 visible=communes))
    lpe = ""
    if com["lpe"].any():
        lpe = f"<p><strong>{_e(texts.LPE_NOTE_TITLE)}</strong> {_e(texts.LPE_NOTE)}</p>"
    return f"""<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)}</title>
<style>{FICHE_CSS}{SUMMARY_CSS}</style></head>
<body><main class="sheet">
<header><p class="app">{_e(texts.EXPORT_APP_NAME)}</p>
<h1>{_e(title)}</h1>
<p class="sub">{_e(texts.FICHE_SUBTITLE.format(territory=label, year=year))}</p>
<button type="button" class="print" onclick="window.print()">{_e(texts.FICHE_PRINT)}</button>
</header>
{banner}
{_tiles(com, ter)}
{summary}
<p class="intro">{_e(texts.FICHE_INTRO)}</p>
<table>
<thead><tr><th scope="col">{_e(texts.FICHE_COL_INDICATOR)}</th><th scope="col">{_e(name)}</th>
<th scope="col">{_e(label)}</th><th scope="col">{_e(texts.FICHE_COL_WEIGHT)}</th></tr></thead>
<tbody>{_rows(com, ter)}</tbody>
</table>
{_qpv_html(qpv, commune, name)}
<footer>{lpe}{evidence}{notes}</footer>
</main></body></html>
"""


FICHE_CSS = """
@page{size:A4;margin:11mm 12mm}
*{box-sizing:border-box}
html{background:#eef1f5}
body{margin:0;font-family:"Segoe UI","Source Sans Pro",Calibri,Carlito,Arial,sans-serif;
  color:#13294b;font-size:10pt;line-height:1.3}
.sheet{width:210mm;min-height:297mm;margin:8mm auto;padding:11mm 12mm;background:#fff;
  box-shadow:0 2px 12px rgba(16,24,40,.12)}
header{position:relative;border-bottom:2.5pt solid #1d4f91;padding-bottom:2mm;margin-bottom:2.5mm}
.app{margin:0;font-size:8.5pt;color:#5b6472;text-transform:uppercase;letter-spacing:.06em}
h1{margin:.5mm 0 0;font-size:18pt;line-height:1.15}
.sub{margin:.5mm 0 0;font-size:10.5pt;color:#262730}
.print{position:absolute;right:0;top:0;font:inherit;font-size:9pt;padding:1.5mm 4mm;
  border:1px solid #1d4f91;background:#fff;color:#1d4f91;border-radius:1.5mm;cursor:pointer}
.banner{margin:0 0 2.5mm;padding:1.5mm 3mm;border-radius:1.5mm;font-size:9pt;font-weight:600}
.demo{background:#fff1d6;color:#8a4b00}
.confidential{background:#b42318;color:#fff}
.tiles{display:flex;gap:3mm;margin:0 0 2.5mm}
.tile{flex:1;border:1px solid #d9dee7;border-left:3pt solid #1d4f91;border-radius:1.5mm;
  padding:1.5mm 2.5mm}
.tile p{margin:0}
.tile .v{font-size:17pt;font-weight:800;white-space:nowrap;font-variant-numeric:tabular-nums}
.tile .l{font-size:8.5pt;font-weight:600;line-height:1.15}
.tile .w,.tile .t{font-size:7.5pt;color:#5b6472}
.intro{margin:0 0 2mm;font-size:8.5pt;color:#4a5262}
table{width:100%;border-collapse:collapse;font-size:8.5pt;line-height:1.2}
thead th{background:#1d4f91;color:#fff;text-align:right;padding:1.1mm 2mm;font-weight:700}
thead th:first-child{text-align:left}
td{text-align:right;padding:.45mm 2mm;font-variant-numeric:tabular-nums;white-space:nowrap}
tbody th{text-align:left;font-weight:400;padding:.45mm 2mm}
tr.top th{font-weight:700}
tr.part th{padding-left:6mm;color:#262730}
tr.family th{background:#eef2f8;color:#1d4f91;font-weight:700;text-align:left;
  padding:.6mm 2mm;font-size:8.5pt}
tbody tr{border-bottom:.5pt solid #e3e7ee;break-inside:avoid}
.share{color:#5b6472;font-size:8pt}
h2.qpv{margin:2.5mm 0 1mm;font-size:10pt;color:#1d4f91}
table.qpv td:last-child{text-align:left;white-space:normal;font-size:7.5pt;color:#4a5262}
.qpv-note{margin:.8mm 0 0;font-size:7.5pt;color:#4a5262}
footer{margin-top:2.5mm;font-size:7pt;color:#4a5262;line-height:1.25}
footer p{margin:0 0 .7mm}
@media print{html{background:#fff}.sheet{width:auto;min-height:0;margin:0;padding:0;
  box-shadow:none}.print{display:none}
  *{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
"""

SUMMARY_CSS = """
.summary{margin:0 0 2.5mm;padding:1.5mm 3mm;background:#f5f7fb;border-radius:1.5mm}
.summary h2{margin:0 0 .8mm;font-size:10.5pt;color:#1d4f91}
.summary ul{margin:0;padding-left:4mm;font-size:8.2pt;line-height:1.24}
.summary li{margin:0 0 .3mm}
.summary .mark,.evidence p{color:#4a5262}
.evidence{margin:0 0 1.2mm;columns:2;column-gap:5mm}
.evidence p{font-size:6.3pt;line-height:1.2;margin:0 0 .3mm;break-inside:avoid}
.evidence p:first-child{column-span:all}
"""
