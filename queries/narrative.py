"""« Ce que disent les chiffres »: the year of a territory, or of one of its communes, told
in at most 8 short French sentences, by rules and templates (deterministic, no model,
nothing fetched).

Honesty rules. Every figure a sentence cites comes from frames already protected for the
viewer's audience (`queries.masking.key_figures`, `queries.dashboards`): for an élu or a
lecteur a masked value is NaN there, and so is any change, rate or measure computed from a
count under the secret threshold, so no rule can cite it. A figure whose source is not
imported is NaN too: no sentence about it, and a caveat says the source is missing. Every
sentence carries its evidence: the registry ids, measures and values it rests on.

Rules, in reading order (the sentence's `rule`):

- ``headline``: job seekers A, B, C at the latest month of the year and their change over
  a year, with its qualifier (`queries.phrases`: < 1 % stable, < 5 % légère, < 15 %, ≥ 15 %
  forte);
- ``change``: the `LARGEST_CHANGES` largest changes over a year among `CHANGE_IDS` (by
  size, as printed; for a commune, not `NOT_FOR_A_COMMUNE`), each figure having been at
  least `MIN_BASE` the year before: a percentage of a smaller number swings too much to
  be a notable fact (one person more is already 5 %);
- ``position``: the first of `POSITION_IDS` that can be compared, per 1 000 inhabitants:
  a territory against the reference territory, only when the reference's imports cover
  communes beyond the territory's (else it would be compared with itself); a commune
  against its territory (and the reference, on the same condition);
- ``standout`` (territory only): the commune with the largest rise (or fall) of its job
  seekers, or the range when the communes' changes are within `EVEN_SPREAD` points (among
  the communes with at least `MIN_BASE` job seekers the year before, which the sentence
  then says; in a file whose counts are all rounded to 5 or 10, among the communes whose
  change exceeds one step, `rounding_step`), and the commune with the most job seekers per
  1 000 inhabitants; the
  sentence says so when the secret hides some communes; left out for a viewer whose
  account is limited to some communes, who may not see the others in detail;
- ``plie``: PLIE positive exits against the objective (`PLIE_TARGET`, 50 %: « atteint »,
  « juste en dessous » within `NEAR_TARGET` points, « en dessous »), when there were at
  least `MIN_BASE` exits; for a commune, also how many residents followed a PLIE pathway;
- ``cej``: entries into the CEJ, with the QPV residents among them and the change (the
  change, here and for a commune's PLIE participants, only from `MIN_BASE` the year
  before);
- ``caveat``: the loi pour le plein emploi break (a job-seeker change from before 1 January
  2025 to after), sources not imported for the year or the year before, months missing in
  the job-seeker series over the last 13 months.

At most `MAX_SENTENCES` sentences: caveats are always kept; facts beyond the budget are
dropped by `PRIORITY`. Fewer sentences when the data say less: never a filler sentence.
"""

import datetime as dt
import math
from collections.abc import Collection
from dataclasses import dataclass

import pandas as pd

from data import territories
from queries import masking, phrases, runner, secret
from queries.context import ScopeError, territory_communes
from queries.narrative_facts import (
    DEFAULT_REFERENCE,
    POSITION_IDS,
    Facts,
    commune_facts,
    territory_facts,
)
from queries.runner import one_page
from wording import texts
from wording.format import fmt_decimal, fmt_evolution, fmt_int, fmt_month, is_missing

__all__ = ["DEFAULT_REFERENCE", "Evidence", "Facts", "ScopeError", "Narrative", "Sentence",
           "build", "compose"]

MAX_SENTENCES = 8
LARGEST_CHANGES = 2
MIN_BASE = 20  # smallest figure (the year before, or exits) a percentage is computed on
EVEN_SPREAD = 2.0  # points between the communes' largest and smallest change
PLIE_TARGET = 0.50  # positive exits / exits, the PLIE's objective (both seed reports)
NEAR_TARGET = 5.0  # points under the objective still « juste en dessous »
LPE_START = dt.date(2025, 1, 1)  # loi pour le plein emploi: automatic registrations
CHANGE_IDS = ["de_a", "de_abc_longue_duree", "de_abc_moins_25", "de_abc_50plus",
              "plie_participants", "plie_nouvelles_entrees", "plie_sorties_positives",
              "ml_nouveaux_inscrits", "ml_jeunes_accompagnes", "ml_contacts",
              "cej_accompagnes", "pacea_entrees", "aide_total", "evt_participants",
              "clause_heures", "clause_personnes"]
# Not a commune's change: its PLIE participants have their own sentence; its aid amount
# may be paid to a few young people, whom the key figures do not count beside it.
NOT_FOR_A_COMMUNE = {"plie_participants", "aide_total"}
SOURCES = ["job_seekers", "plie", "ml", "mde", "clauses"]  # `data_coverage.sql` names
SOURCE_INDICATOR = {"job_seekers": "de_abc", "plie": "plie_participants",
                    "ml": "ml_jeunes_accompagnes", "mde": "evt_organises",
                    "clauses": "clause_heures"}
# Which facts stay when there are too many (first = kept first).
PRIORITY = ["headline", "plie", "cej", "position", "change", "standout_change",
            "plie_residents", "change_2", "standout_rate"]
FOOTNOTE_MARKS = "¹²³⁴⁵⁶⁷⁸⁹"


def mark(i: int) -> str:
    """The footnote mark of the i-th sentence (0-based): ¹, ², …"""
    return FOOTNOTE_MARKS[i] if i < len(FOOTNOTE_MARKS) else f"({i + 1})"


@dataclass(frozen=True)
class Evidence:
    """One figure a sentence rests on: registry id, which measure, where, when, value."""

    indicator: str
    measure: str  # key of texts.NARRATIVE_MEASURES
    place: str
    value: float | None
    text: str
    period: str = ""

    def describe(self, home: str = "") -> str:
        """ "de_abc (valeur, septembre 2025) : 9 948"; the place is named when it is not
        `home` (the narrative's own place)."""
        details = [texts.NARRATIVE_MEASURES[self.measure]]
        details += [self.place] if self.place != home else []
        details += [self.period] if self.period and self.measure in ("value", "source") else []
        return texts.NARRATIVE_EVIDENCE_LINE.format(indicator=self.indicator,
                                                    details=", ".join(details), value=self.text)

    def as_dict(self) -> dict:
        value = None if self.value is None or is_missing(self.value) else float(self.value)
        return {"indicator": self.indicator, "measure": self.measure, "place": self.place,
                "period": self.period, "value": value, "text": self.text}


@dataclass(frozen=True)
class Sentence:
    rule: str  # headline, change, position, standout, plie, cej, caveat
    text: str
    evidence: tuple[Evidence, ...] = ()
    lpe: bool = False  # cites a job-seeker change across 1 January 2025
    key: str = ""  # the fact's key in PRIORITY

    def footnote(self, home: str = "") -> str:
        """What the sentence rests on, in one line (places other than `home` named)."""
        return " ; ".join(e.describe(home) for e in self.evidence)

    def as_dict(self) -> dict:
        return {"rule": self.rule, "text": self.text, "lpe": self.lpe,
                "evidence": [e.as_dict() for e in self.evidence]}


@dataclass(frozen=True)
class Narrative:
    territory: str
    year: int
    commune: str | None
    audience: str
    place: str  # "Métropole Nord-Ouest (ALPES)", "Lompret"
    sentences: tuple[Sentence, ...]

    @property
    def texts(self) -> list[str]:
        return [s.text for s in self.sentences]

    @property
    def footnotes(self) -> list[str]:
        """One line per sentence: the ids and values it rests on (the narrative's place
        is not repeated)."""
        return [s.footnote(self.place) for s in self.sentences]

    def as_dict(self) -> dict:
        return {"territory": self.territory, "year": self.year, "commune": self.commune,
                "audience": self.audience, "place": self.place,
                "sentences": [s.as_dict() for s in self.sentences]}


def build(con, territory: str, year: int, commune: str | None = None, *, audience: str,
          reference: str | None = DEFAULT_REFERENCE, visible: Collection[str] | None = None,
          key_figures: pd.DataFrame | None = None, page: dict | None = None) -> Narrative:
    """The narrative of the territory (or of `commune`) for `audience`. `visible`: the
    communes the viewer may see in detail (None: all); a commune outside them is refused."""
    masking.masks(audience)  # refuses an unknown audience
    if commune is not None and commune not in territory_communes(territory):
        raise ScopeError(f"La commune {commune} n'appartient pas au territoire « {territory} ».")
    if commune is not None and visible is not None and commune not in visible:
        raise ScopeError(f"La commune {commune} n'est pas parmi les communes du compte.")
    if reference == DEFAULT_REFERENCE:  # the Nord, or the territory's own département
        reference = territories.default_reference(territory)
    if reference == territory:
        reference = None
    if key_figures is None and page is None:  # depends on the version and these only
        return _kept_narrative(con, territory, year, commune, audience, reference,
                               None if visible is None else tuple(sorted(visible)))
    return _narrative(con, territory, year, commune, audience, reference, visible,
                      key_figures, page)


def _narrative(con, territory: str, year: int, commune: str | None, audience: str,
               reference: str | None, visible, key_figures=None, page=None) -> Narrative:
    with one_page():
        if commune is None:
            facts = territory_facts(con, territory, year, audience=audience, reference=reference,
                                    visible=visible, key_figures=key_figures)
        else:
            facts = commune_facts(con, territory, commune, year, audience=audience,
                                  reference=reference, page=page)
    return compose(facts)


# The narrative of a version's figures for an audience (immutable: shared as it is). The AG
# slides and a fiche of France's 35 000 communes spent 70 to 140 ms composing it each time.
_kept_narrative = runner.kept(_narrative)


# -- rules -------------------------------------------------------------------------------------
def compose(f: Facts) -> Narrative:
    """The sentences the facts support, within the budget (see the module's docstring)."""
    facts = [headline(f), *largest_changes(f), position(f), *standouts(f), plie_exits(f),
             plie_residents(f), cej_entries(f)]
    facts = [s for s in facts if s is not None]
    others = [c for c in (missing_sources(f), missing_previous(f), missing_months(f)) if c]
    lpe = any(s.lpe for s in facts)
    budget = MAX_SENTENCES - len(others) - int(lpe)
    ranked = sorted(facts, key=lambda s: PRIORITY.index(s.key))
    kept = {id(s) for s in ranked[:max(budget, 0)]}
    facts = [s for s in facts if id(s) in kept]
    caveats = ([lpe_caveat(f)] if any(s.lpe for s in facts) else []) + others
    return Narrative(f.territory, f.year, f.commune, f.audience, f.label,
                     tuple(facts + caveats))


def _row(f: Facts, indicator: str) -> pd.Series | None:
    return f.figures.loc[indicator] if indicator in f.figures.index else None


def _value(row, column: str) -> float:
    if row is None or column not in row.index:
        return math.nan
    v = row[column]
    return math.nan if v is None or is_missing(v) else float(v)


def _term(indicator: str) -> tuple[str, str, str, str, str]:
    return texts.NARRATIVE_TERMS[indicator]


def _when(row, capital: bool = False) -> str:
    """ "fin septembre 2025" for a month's stock, "en 2025" for a year."""
    period = str(row["period"]) if "period" in row.index else ""
    day = phrases.month_start(row.get("reference_date"))
    if day is not None and not period.isdigit() and period != "population légale":
        text = texts.NARRATIVE_AT_MONTH_END.format(month=fmt_month(day))
        return text if capital else text[0].lower() + text[1:]
    return texts.NARRATIVE_IN_YEAR.format(year=period or "")


def _period(row) -> str:
    return str(row["period"]) if row is not None and "period" in row.index else ""


def spans_lpe(month) -> bool:
    """A change from the same month a year before: does it cross 1 January 2025?"""
    day = phrases.month_start(month)
    return day is not None and day.replace(year=day.year - 1) < LPE_START <= day


def _is_lpe(indicator: str, row) -> bool:
    return indicator.startswith("de_") and spans_lpe(row.get("reference_date"))


def _evidence(f: Facts, indicator: str, row, *measures: str) -> list[Evidence]:
    out = []
    for m in measures:
        column = {"value": "value", "previous": "previous_value", "evolution": "evolution_pct"}[m]
        v = _value(row, column)
        if is_missing(v):
            continue
        text = (fmt_evolution(v) if m == "evolution"
                else phrases.amount(v, str(row["unit"])))
        out.append(Evidence(indicator, m, f.label, v, text, _period(row)))
    return out


def _change_tail(evolution) -> str:
    q = phrases.qualifier(evolution)
    if q is None:
        return ""
    if q == "stable":
        return texts.NARRATIVE_STABLE_TAIL.format(evolution=fmt_evolution(evolution))
    return texts.NARRATIVE_CHANGE_TAIL.format(qualifier=texts.NARRATIVE_QUALIFIERS[q],
                                              pct=phrases.size_of_change(evolution))


def _secret_tail(n: int, cover: tuple[int, int] | None = None) -> str:
    """« (hors 1 cellule sous secret statistique) »: the count lacks them (its change is
    over the communes without any: queries/figures.py `alike_communes`); « (13 communes
    sur 265 dans les fichiers importés) » when the files give only some of the
    selection's communes: the count is theirs, not the territory's."""
    parts = []
    if cover is not None and 0 < cover[0] < cover[1]:
        parts.append(texts.NARRATIVE_COVER_PART.format(covered=fmt_int(cover[0]),
                                                       communes=fmt_int(cover[1])))
    if n > 0:
        parts.append((texts.NARRATIVE_SECRET_CELLS_PART if n > 1
                      else texts.NARRATIVE_SECRET_CELL_PART).format(n=fmt_int(n)))
    return f" ({', '.join(parts)})" if parts else ""


def headline(f: Facts) -> Sentence | None:
    row = _row(f, "de_abc")
    value, evolution = _value(row, "value"), _value(row, "evolution_pct")
    if is_missing(value):
        return None
    _, _, _, one, many = _term("de_abc")
    fill = {"when": _when(row, capital=True), "place": f.place,
            "count": phrases.count(value, one, many) + _secret_tail(f.secret_cells,
                                                                     f.job_seekers_cover)}
    q = phrases.qualifier(evolution)
    if q is None:
        text = texts.NARRATIVE_HEADLINE.format(**fill)
    elif q == "stable":
        text = texts.NARRATIVE_HEADLINE_STABLE.format(**fill, evolution=fmt_evolution(evolution))
    else:
        text = texts.NARRATIVE_HEADLINE_CHANGE.format(
            **fill, qualifier=texts.NARRATIVE_QUALIFIERS[q], pct=phrases.size_of_change(evolution))
    said = ("value", "previous", "evolution") if q is not None else ("value",)
    return Sentence("headline", phrases.capitalised(text), tuple(_evidence(f, "de_abc", row, *said)),
                    lpe=q is not None and _is_lpe("de_abc", row), key="headline")


def change_sentence(f: Facts, indicator: str, key: str = "change") -> Sentence | None:
    """ "Les nouvelles entrées au PLIE sont en forte hausse : 186 en 2025, +36,8 % en un an." """
    row = _row(f, indicator)
    value, evolution = _value(row, "value"), _value(row, "evolution_pct")
    q = phrases.qualifier(evolution)
    if q is None or is_missing(value):
        return None
    subject, gender, number, _, _ = _term(indicator)
    fill = {"subject": phrases.capitalised(subject), "be": phrases.be(number),
            "value": phrases.amount(value, str(row["unit"])), "when": _when(row),
            "evolution": fmt_evolution(evolution)}
    if q == "stable":
        text = texts.NARRATIVE_CHANGE_STABLE.format(
            **fill, stayed=phrases.stayed_stable(gender, number))
    else:
        text = texts.NARRATIVE_CHANGE.format(**fill, qualifier=texts.NARRATIVE_QUALIFIERS[q])
    return Sentence("change", text,
                    tuple(_evidence(f, indicator, row, "value", "previous", "evolution")),
                    lpe=_is_lpe(indicator, row), key=key)


def largest_changes(f: Facts) -> list[Sentence]:
    ranked = []
    for order, indicator in enumerate(CHANGE_IDS):
        row = _row(f, indicator)
        if f.commune is not None and indicator in NOT_FOR_A_COMMUNE:
            continue
        previous, evolution = _value(row, "previous_value"), _value(row, "evolution_pct")
        if is_missing(evolution) or is_missing(previous) or previous < MIN_BASE:
            continue
        # an amount's base is its recipients (528 € to one young person: no percentage)
        if any(is_missing(f.bases_before.get(b)) or f.bases_before[b] < MIN_BASE
               for b in secret.DERIVED.get(indicator, ()) if b in f.bases_before):
            continue
        ranked.append((-abs(phrases.shown(evolution)), order, indicator))
    out = []
    for rank, (_, _, indicator) in enumerate(sorted(ranked)[:LARGEST_CHANGES]):
        s = change_sentence(f, indicator, "change" if rank == 0 else "change_2")
        if s is not None:
            out.append(s)
    return out


def position(f: Facts) -> Sentence | None:
    for indicator in POSITION_IDS:
        if indicator not in f.compared.index:
            continue
        c = f.compared.loc[indicator]
        measure = _value(c, "measure")
        if is_missing(measure):
            continue
        parts, evidence = [], [Evidence(indicator, "per_1000", f.label, measure,
                                        fmt_decimal(measure, 1), _period(_row(f, indicator)))]
        versus = _value(c, "versus")
        if f.commune is not None and (p := phrases.position(measure, versus)):
            parts.append(texts.NARRATIVE_VERSUS_TERRITORY.format(
                position=texts.NARRATIVE_POSITIONS[p], value=fmt_decimal(versus, 1)))
            evidence.append(Evidence(indicator, "per_1000", territories.territory_label(f.territory), versus,
                                     fmt_decimal(versus, 1)))
        ref = _value(c, "ref_measure")
        beyond = _value(c, "ref_covered") > _value(c, "covered")  # else: itself
        if beyond and (p := phrases.position(measure, ref)):
            covered, communes = int(c["ref_covered"]), int(c["ref_communes"])
            name = f.reference_label if covered >= communes else \
                texts.NARRATIVE_REFERENCE_PARTIAL.format(
                    reference=f.reference_label, covered=covered, communes=communes)
            parts.append(texts.NARRATIVE_VERSUS_REFERENCE.format(
                position=texts.NARRATIVE_POSITIONS[p], reference=name,
                value=fmt_decimal(ref, 1)))
            evidence.append(Evidence(indicator, "per_1000", name, ref, fmt_decimal(ref, 1)))
        if not parts:
            continue
        _, _, _, one, many = _term(indicator)
        text = texts.NARRATIVE_POSITION.format(
            measure=fmt_decimal(measure, 1), noun=many if phrases.is_plural(measure, 1) else one,
            place=f.place, versus=phrases.join(parts))
        return Sentence("position", text, tuple(evidence), key="position")
    return None


def standouts(f: Facts) -> list[Sentence]:
    """The communes that stand out on job seekers: change over a year, rate per 1 000."""
    table = f.by_commune
    if f.commune is not None or table is None or not f.standouts or "de_abc_evol" not in table:
        return []
    body = table[table["code_insee"].notna()]
    total = table[table["code_insee"].isna()]
    out = []
    lpe = spans_lpe(f.month)
    changes = _shown(body, "de_abc_evol")
    among = texts.NARRATIVE_AMONG_SHOWN if len(changes) < len(body) else ""
    large = changes["de_abc_prev"] >= MIN_BASE
    if not large.all():  # a percentage of a few job seekers swings too much
        among += texts.NARRATIVE_AMONG_LARGE.format(base=MIN_BASE)
        changes = changes[large]
    step = rounding_step(body[["de_abc", "de_abc_prev"]])
    if step > 1:  # counts published rounded: a change of one step may be rounding only
        beyond = (changes["de_abc"] - changes["de_abc_prev"]).abs() > step
        if not beyond.all():
            among += texts.NARRATIVE_AMONG_ROUNDED.format(step=step)
            changes = changes[beyond]
    territory_evol = _value(total.iloc[0], "de_abc_evol") if len(total) else math.nan
    if len(changes) >= 2 and not is_missing(territory_evol):
        changes = changes.assign(shown=phrases.shown_all(changes["de_abc_evol"]))
        changes = changes.sort_values(["shown", "commune"], kind="stable")
        low, high = changes.iloc[0], changes.iloc[-1]
        evidence = [Evidence("de_abc", "evolution", territories.territory_label(f.territory), territory_evol,
                             fmt_evolution(territory_evol), fmt_month(f.month))]
        if high["shown"] - low["shown"] < EVEN_SPREAD:
            text = texts.NARRATIVE_EVEN_CHANGE.format(
                low=fmt_evolution(low["de_abc_evol"]), low_commune=low["commune"],
                high=fmt_evolution(high["de_abc_evol"]), high_commune=high["commune"],
                among=among)
            picked = [low, high]
        else:
            rising = territory_evol >= 0 and high["shown"] > 0
            pick = high if rising else low
            template = texts.NARRATIVE_LARGEST_RISE if rising else texts.NARRATIVE_LARGEST_FALL
            text = template.format(at_commune=phrases.at_place(pick["commune"]),
                                   evolution=fmt_evolution(pick["de_abc_evol"]),
                                   territory=fmt_evolution(territory_evol), among=among)
            picked = [pick]
        evidence = [Evidence("de_abc", "evolution", f"{r['commune']} ({r['code_insee']})",
                             r["de_abc_evol"], fmt_evolution(r["de_abc_evol"]),
                             fmt_month(f.month)) for r in picked] + evidence
        out.append(Sentence("standout", text, tuple(evidence), lpe=lpe, key="standout_change"))
    rates = _shown(body, "de_abc_pour_1000")
    territory_rate = _value(total.iloc[0], "de_abc_pour_1000") if len(total) else math.nan
    if len(rates) >= 2 and not is_missing(territory_rate):
        among = texts.NARRATIVE_AMONG_SHOWN if len(rates) < len(body) else ""
        rates = rates.assign(shown=phrases.shown_all(rates["de_abc_pour_1000"]))
        top = rates.sort_values(["shown", "commune"], ascending=[False, True]).iloc[0]
        _, _, _, one, many = _term("de_abc")
        text = texts.NARRATIVE_HIGHEST_RATE.format(
            commune=top["commune"], noun=many, measure=fmt_decimal(top["de_abc_pour_1000"], 1),
            territory=fmt_decimal(territory_rate, 1), among=among)
        out.append(Sentence("standout", phrases.capitalised(text), (
            Evidence("de_abc", "per_1000", f"{top['commune']} ({top['code_insee']})",
                     top["de_abc_pour_1000"], fmt_decimal(top["de_abc_pour_1000"], 1),
                     fmt_month(f.month)),
            Evidence("de_abc", "per_1000", territories.territory_label(f.territory), territory_rate,
                     fmt_decimal(territory_rate, 1), fmt_month(f.month))), key="standout_rate"))
    return out


ROUNDING_STEPS = (10, 5)  # the steps producers round published counts to (Dares: 10)
MIN_ROUNDED = 5  # counts needed to say that a file's counts are rounded


def rounding_step(counts: pd.DataFrame) -> int:
    """The step every count of `counts` is a multiple of (10 or 5: a file rounded by its
    producer), 1 otherwise or with fewer than `MIN_ROUNDED` counts above zero."""
    values = pd.to_numeric(counts.stack(), errors="coerce").dropna()
    values = values[values > 0]
    if len(values) < MIN_ROUNDED:
        return 1
    for step in ROUNDING_STEPS:
        if ((values % step) == 0).all():
            return step
    return 1


def _shown(body: pd.DataFrame, column: str) -> pd.DataFrame:
    """The communes whose `column` is known and not hidden by the secret."""
    return body[body[column].notna() & ~masking.hidden(body, column)]


def _opening(f: Facts) -> str:
    if f.commune is None:
        return texts.NARRATIVE_OPENING_YEAR.format(year=f.year)
    return texts.NARRATIVE_OPENING_PLACE.format(year=f.year, at_place=phrases.at_place(f.place))


def plie_exits(f: Facts) -> Sentence | None:
    rate_row, positive_row = _row(f, "plie_taux_sorties_positives"), _row(f, "plie_sorties_positives")
    exits_row = _row(f, "plie_sorties")
    rate, positive = _value(rate_row, "value"), _value(positive_row, "value")
    exits = _value(exits_row, "value")
    if any(is_missing(v) for v in (rate, positive, exits)) or exits < MIN_BASE:
        return None
    target = PLIE_TARGET
    printed = float(phrases.shown(rate * 100))
    verdict = ("reached" if printed >= target * 100 else
               "near" if printed >= target * 100 - NEAR_TARGET else "below")
    adjusted = _value(_row(f, "plie_taux_sorties_positives_ajuste"), "value")
    _, _, _, one, many = _term("plie_sorties_positives")
    _, _, _, exit_one, exit_many = _term("plie_sorties")
    target_text = phrases.percent(target, 0)
    text = texts.NARRATIVE_PLIE_EXITS.format(
        opening=_opening(f), positive=phrases.count(positive, one, many),
        exits=phrases.count(exits, exit_one, exit_many), rate=phrases.percent(rate),
        adjusted="" if is_missing(adjusted) else texts.NARRATIVE_PLIE_ADJUSTED.format(
            rate=phrases.percent(adjusted)),
        verdict=texts.NARRATIVE_PLIE_VERDICTS[verdict].format(target=target_text))
    evidence = [*_evidence(f, "plie_sorties_positives", positive_row, "value"),
                *_evidence(f, "plie_sorties", exits_row, "value"),
                *_evidence(f, "plie_taux_sorties_positives", rate_row, "value"),
                Evidence("plie_taux_sorties_positives", "target", f.label, target, target_text)]
    if not is_missing(adjusted):
        evidence[3:3] = _evidence(f, "plie_taux_sorties_positives_ajuste",
                                  _row(f, "plie_taux_sorties_positives_ajuste"), "value")
    return Sentence("plie", phrases.capitalised(text), tuple(evidence), key="plie")


def plie_residents(f: Facts) -> Sentence | None:
    """A commune: how many residents followed a PLIE pathway in the year."""
    if f.commune is None:
        return None
    row = _row(f, "plie_participants")
    value = _value(row, "value")
    if is_missing(value):
        return None
    said = _said(row)
    if value == 0:
        text = texts.NARRATIVE_PLIE_NONE.format(opening=_opening(f))
    else:
        text = texts.NARRATIVE_PLIE_RESIDENTS.format(
            opening=_opening(f), count=phrases.count(value, *texts.NARRATIVE_RESIDENT),
            followed=texts.NARRATIVE_FOLLOWED[phrases.number_of(value)],
            change=_change_tail(_value(row, "evolution_pct")) if len(said) > 1 else "")
    return Sentence("plie", text, tuple(_evidence(f, "plie_participants", row, *said)),
                    key="plie_residents")


def _said(row) -> tuple[str, ...]:
    """What a programme sentence cites: the value, and its change over a year when it is
    known and computed on at least MIN_BASE (never on a masked or small count)."""
    evolution, previous = _value(row, "evolution_pct"), _value(row, "previous_value")
    if is_missing(evolution) or is_missing(previous) or previous < MIN_BASE \
            or _value(row, "value") == 0:
        return ("value",)
    return ("value", "previous", "evolution")


def cej_entries(f: Facts) -> Sentence | None:
    row = _row(f, "cej_entrees")
    value = _value(row, "value")
    if is_missing(value):
        return None
    said = _said(row)
    evidence = _evidence(f, "cej_entrees", row, *said)
    if value == 0:
        return Sentence("cej", texts.NARRATIVE_CEJ_NONE.format(opening=_opening(f)),
                        tuple(evidence), key="cej")
    qpv_row = _row(f, "cej_entrees_qpv")
    qpv = _value(qpv_row, "value")
    qpv_text = ""
    if not is_missing(qpv) and qpv > 0:
        qpv_text = texts.NARRATIVE_CEJ_QPV.format(count=phrases.amount(qpv, "personnes"))
        evidence += _evidence(f, "cej_entrees_qpv", qpv_row, "value")
    _, _, _, one, many = _term("cej_entrees")
    text = texts.NARRATIVE_CEJ_ENTRIES.format(
        opening=_opening(f), count=phrases.count(value, one, many),
        entered=texts.NARRATIVE_ENTERED[phrases.number_of(value)], qpv=qpv_text,
        change=_change_tail(_value(row, "evolution_pct")) if len(said) > 1 else "")
    return Sentence("cej", text, tuple(evidence), key="cej")


# -- caveats -----------------------------------------------------------------------------------
def lpe_caveat(f: Facts) -> Sentence:
    row = _row(f, "de_abc")
    return Sentence("caveat", texts.NARRATIVE_LPE,
                    tuple(_evidence(f, "de_abc", row, "evolution")) if row is not None else ())


def _source_evidence(f: Facts, sources: list[str], year: int) -> tuple[Evidence, ...]:
    return tuple(Evidence(SOURCE_INDICATOR[s], "source", f.label, None,
                          texts.NARRATIVE_NOT_IMPORTED, str(year)) for s in sources)


def _valued_sources(f: Facts) -> set[str]:
    """The sources of which a figure has a value this year (a Mission Locale file of young
    people and programmes, without contacts, is not « covered » by the contacts, yet its
    CEJ entries are figures)."""
    from queries import registry, series

    inds = registry.indicators()
    out = set()
    for i, value in f.figures["value"].items():
        ind = inds.get(i)
        if ind is not None and not ind.hidden and not is_missing(value) \
                and ind.period != "population":
            source = series.SOURCE_OF_QUERY.get(ind.query)
            out.add("ml" if source == "aid" else source)
    return out


def missing_sources(f: Facts) -> Sentence | None:
    """Sources without data for the year, none of whose figures has a value."""
    valued = _valued_sources(f)
    missing = [s for s in SOURCES if s not in f.covered and s not in valued
               and not (s == "job_seekers" and f.month is not None)]
    if not missing:
        return None
    text = texts.NARRATIVE_MISSING_SOURCES.format(
        year=f.year, sources=phrases.join([texts.NARRATIVE_SOURCES[s] for s in missing]))
    return Sentence("caveat", text, _source_evidence(f, missing, f.year))


def _compared_sources(f: Facts) -> set[str]:
    """The sources of which a figure has a value the year before: the key figures compare
    them, whatever the coverage checks say (a Mission Locale file with 2024 first visits
    but no 2024 contact is not « covered » in 2024, yet its registrations compare)."""
    from queries import registry, series

    inds = registry.indicators()
    if "previous_value" not in f.figures:
        return set()
    out = set()
    for i, previous in f.figures["previous_value"].items():
        ind = inds.get(i)
        if ind is not None and not is_missing(previous):
            source = series.SOURCE_OF_QUERY.get(ind.query)
            out.add("ml" if source == "aid" else source)
    return out


def missing_previous(f: Facts) -> Sentence | None:
    """Sources of the year without the year before (job seekers: `missing_months`), none of
    whose figures has a value the year before."""
    compared = _compared_sources(f)
    missing = [s for s in SOURCES[1:] if s in f.covered and s not in f.covered_before
               and s not in compared]
    if not missing:
        return None
    text = texts.NARRATIVE_MISSING_PREVIOUS.format(
        year=f.year - 1, sources=phrases.join([texts.NARRATIVE_SOURCES[s] for s in missing]))
    return Sentence("caveat", text, _source_evidence(f, missing, f.year - 1))


def missing_months(f: Facts) -> Sentence | None:
    """Months without job-seeker rows among the 13 a change over a year needs."""
    if f.month is None:
        return None
    last = phrases.month_start(f.month)
    present = {phrases.month_start(m) for m in f.months}
    window = phrases.months_between(last.replace(year=last.year - 1), last)
    missing = [m for m in window if m not in present]
    held = [m for m in window if m in present]
    if len(held) >= 2 and all(m.month % 3 == 0 for m in held):
        # quarterly files (the Dares', stored at each quarter's last month): the months
        # between two quarters are not missing, a quarter is (one month alone says nothing)
        missing = [m for m in missing if m.month % 3 == 0]
    if not missing:
        return None
    names = [fmt_month(m) for m in missing]
    if len(missing) == 1:
        text = texts.NARRATIVE_MISSING_MONTH.format(months=names[0])
    elif len(missing) <= 3:
        text = texts.NARRATIVE_MISSING_MONTHS.format(months=phrases.join(names))
    else:
        text = texts.NARRATIVE_MISSING_MANY_MONTHS.format(count=len(missing), first=names[0],
                                                          last=names[-1])
    return Sentence("caveat", text, tuple(
        Evidence("de_abc", "missing_months", f.label, None, n) for n in names))
