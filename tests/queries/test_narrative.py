"""« Ce que disent les chiffres »: each rule, its thresholds, agreement, the secret, caveats.

Hand-made facts test one rule at a time; the demo store (which reproduces the seed
reports) tests the whole narrative of both seed territories. Expected texts are written
here by hand, in French, with the app's number format (U+202F thousands, U+00A0 before %).
"""

import datetime as dt
import math
import shutil

import pandas as pd
import pytest

from data.schema import TABLES
from data.store import Store
from queries import masking, narrative, phrases, secret
from queries.context import territory_communes
from queries.narrative import Facts
from wording import texts

NNBSP, NBSP = "\u202f", "\u00a0"
COLUMNS = ["indicator", "label", "family", "unit", "value", "previous_value", "evolution_pct",
           "part_of", "share", "period", "reference_date", "territory", "commune", "definition"]


# -- hand-made facts ----------------------------------------------------------------------------
def figures(rows: dict) -> pd.DataFrame:
    """{indicator: (value, previous, unit, period)} as `masking.key_figures` gives them
    unmasked (evolution computed here, like `queries.figures`)."""
    out = []
    for ind, (value, previous, unit, period) in rows.items():
        evolution = (value - previous) / previous * 100 if previous else math.nan
        day = dt.date(2025, 9, 30) if period == "septembre 2025" else dt.date(2025, 12, 31)
        out.append({"indicator": ind, "label": ind, "family": "", "unit": unit, "value": value,
                    "previous_value": previous, "evolution_pct": evolution, "part_of": None,
                    "share": math.nan, "period": period, "reference_date": day,
                    "territory": "mno", "commune": None, "definition": ""})
    return pd.DataFrame(out, columns=COLUMNS)


def facts(rows: dict, *, audience: str = "gestionnaire", **kwargs) -> Facts:
    df = figures(rows)
    df = (secret.mask_key_figures(df) if masking.masks(audience)
          else df.assign(secret=False, previous_secret=False))
    base = {"territory": "mno", "year": 2025, "audience": audience, "place": "le territoire",
            "label": "MNO", "figures": df.set_index("indicator"),
            "compared": pd.DataFrame(columns=["measure", "versus", "ref_measure", "covered",
                                              "ref_covered", "ref_communes"]),
            "covered": set(narrative.SOURCES)}
    return Facts(**{**base, **kwargs})


def texts_of(n) -> str:
    return "\n".join(n.texts)


# -- thresholds ----------------------------------------------------------------------------------
@pytest.mark.parametrize("evolution, expected", [
    (0.0, "stable"), (0.94, "stable"), (-0.94, "stable"),
    (0.95, "legere_hausse"),  # printed "+1,0 %": the word follows the printed number
    (1.0, "legere_hausse"), (4.94, "legere_hausse"), (-1.0, "legere_baisse"),
    (4.95, "hausse"), (5.0, "hausse"), (14.94, "hausse"), (-5.0, "baisse"),
    (14.95, "forte_hausse"), (15.0, "forte_hausse"), (87.0, "forte_hausse"),
    (-15.0, "forte_baisse"), (math.nan, None),
])
def test_qualifier_thresholds(evolution, expected):
    assert phrases.qualifier(evolution) == expected


@pytest.mark.parametrize("value, other, expected", [
    (100, 100, "same"), (104.9, 100, "same"), (95.1, 100, "same"),
    (104.96, 100, "above"),  # printed 105,0 against 100,0: a 5 % gap
    (105, 100, "above"), (119.9, 100, "above"), (95, 100, "below"),
    (120, 100, "far_above"), (80, 100, "far_below"), (79.9, 100, "far_below"),
    (5, 0, None), (math.nan, 100, None),
])
def test_position_thresholds(value, other, expected):
    assert phrases.position(value, other) == expected


@pytest.mark.parametrize("rate, verdict", [
    (0.5, "l'objectif de 50\u00a0% est atteint"),
    (0.4996, "l'objectif de 50\u00a0% est atteint"),  # printed 50,0 %
    (0.4994, "juste en dessous de l'objectif de 50\u00a0%"),
    (0.45, "juste en dessous de l'objectif de 50\u00a0%"),
    (0.4494, "en dessous de l'objectif de 50\u00a0%"),
])
def test_plie_objective_thresholds(rate, verdict):
    exits = 10000
    f = facts({"plie_sorties": (exits, exits, "personnes", "2025"),
               "plie_sorties_positives": (rate * exits, rate * exits, "personnes", "2025"),
               "plie_taux_sorties_positives": (rate, rate, "%", "2025")})
    s = narrative.plie_exits(f)
    assert s.text.endswith(verdict + ".")
    assert {e.indicator for e in s.evidence} == {"plie_sorties", "plie_sorties_positives",
                                                   "plie_taux_sorties_positives"}


def test_plie_objective_needs_enough_exits():
    f = facts({"plie_sorties": (19, 20, "personnes", "2025"),
               "plie_sorties_positives": (10, 10, "personnes", "2025"),
               "plie_taux_sorties_positives": (10 / 19, 0.5, "%", "2025")})
    assert narrative.plie_exits(f) is None  # 19 exits: a rate that says little


# -- agreement ------------------------------------------------------------------------------------
@pytest.mark.parametrize("indicator, unit, expected", [
    ("aide_total", "€", "Le montant des aides financières versées aux jeunes est resté stable"),
    ("evt_participants", "nombre", "La participation aux événements emploi est restée stable"),
    ("de_abc_50plus", "personnes", "Les demandeurs d'emploi de 50 ans et plus sont restés stables"),
    ("plie_sorties_positives", "personnes", "Les sorties positives du PLIE sont restées stables"),
])
def test_agreement_in_gender_and_number(indicator, unit, expected):
    f = facts({indicator: (1003, 1000, unit, "2025")})
    s = narrative.change_sentence(f, indicator)
    assert s.text.startswith(expected + " : ")
    assert s.text.endswith(f"en 2025, +0,3{NBSP}% en un an.")


@pytest.mark.parametrize("indicator, expected", [
    ("aide_total", "Le montant des aides financières versées aux jeunes est en forte hausse"),
    ("plie_nouvelles_entrees", "Les nouvelles entrées au PLIE sont en forte hausse"),
])
def test_agreement_of_the_verb(indicator, expected):
    s = narrative.change_sentence(facts({indicator: (1200, 1000, "personnes", "2025")}), indicator)
    assert s.text.startswith(expected + " : ")


@pytest.mark.parametrize("value, expected", [
    (0, "0 sortie"), (1, "1 sortie"), (2, "2 sorties"), (9948, f"9{NNBSP}948 sorties"),
])
def test_count_agreement(value, expected):
    assert phrases.count(value, "sortie", "sorties") == expected


@pytest.mark.parametrize("value, expected", [(1.5, "1,5 participant"), (1.96, "2,0 participants")])
def test_decimal_count_agreement(value, expected):
    assert phrases.decimal_count(value, "participant", "participants") == expected


@pytest.mark.parametrize("count, expected", [
    (1, "En 2025, à Lambersart, 1 jeune est entré en CEJ."),
    (12, "En 2025, à Lambersart, 12 jeunes sont entrés en CEJ."),
    (0, "En 2025, à Lambersart, aucun jeune n'est entré en CEJ."),
])
def test_cej_sentence_agrees_with_its_count(count, expected):
    f = facts({"cej_entrees": (count, 0, "personnes", "2025")}, place="Lambersart",
              commune="59328")
    assert narrative.cej_entries(f).text == expected


def test_plie_residents_agree_with_their_count():
    f = facts({"plie_participants": (1, 0, "personnes", "2025")}, place="Lompret",
              commune="59356")
    assert narrative.plie_residents(f).text == "En 2025, à Lompret, 1 habitant a suivi un parcours PLIE."


@pytest.mark.parametrize("name, expected", [
    ("Lompret", "à Lompret"), ("La Madeleine", "à La Madeleine"),
    ("Le Cateau-Cambrésis", "au Cateau-Cambrésis"), ("Les Rues-des-Vignes", "aux Rues-des-Vignes"),
])
def test_places_take_their_article(name, expected):
    assert phrases.at_place(name) == expected


def test_missing_months_agree_in_number():
    month = dt.date(2025, 9, 1)
    every = phrases.months_between(dt.date(2024, 9, 1), month)
    one = facts({}, month=month, months=[m for m in every if m != dt.date(2025, 3, 1)])
    assert narrative.missing_months(one).text == (
        "Le mois de mars 2025 manque dans les données de demandeurs d'emploi importées.")
    two = facts({}, month=month, months=[m for m in every if m.month not in (3, 4)])
    assert narrative.missing_months(two).text == (
        "Les mois de mars 2025 et avril 2025 manquent dans les données de demandeurs "
        "d'emploi importées.")
    many = facts({}, month=month, months=[month])
    assert narrative.missing_months(many).text.startswith(
        "12 mois manquent entre septembre 2024 et août 2025")
    assert narrative.missing_months(facts({}, month=month, months=every)) is None


# -- rules on hand-made facts -----------------------------------------------------------------------
def test_headline_states_the_change_with_its_qualifier():
    rows = {"de_abc": (9948, 9211, "personnes", "septembre 2025")}
    s = narrative.headline(facts(rows))
    assert s.text == (f"Fin septembre 2025, le territoire compte 9{NNBSP}948 demandeurs d'emploi "
                      f"de catégorie A, B et C : une hausse de 8,0{NBSP}% en un an.")
    assert s.lpe  # September 2024 to September 2025 spans 1 January 2025
    assert [(e.indicator, e.measure, e.value) for e in s.evidence] == [
        ("de_abc", "value", 9948), ("de_abc", "previous", 9211),
        ("de_abc", "evolution", pytest.approx(8.0013, abs=1e-4))]


def test_largest_changes_rank_by_size_and_skip_small_bases():
    f = facts({"plie_nouvelles_entrees": (186, 136, "personnes", "2025"),  # +36,8 %
               "ml_contacts": (43992, 33327, "nombre", "2025"),  # +32,0 %
               "evt_participants": (10, 5, "nombre", "2025"),  # +100 %, but from 5
               "cej_accompagnes": (970, 880, "personnes", "2025")})  # +10,2 %
    changes = narrative.largest_changes(f)
    assert [s.evidence[0].indicator for s in changes] == ["plie_nouvelles_entrees", "ml_contacts"]
    assert changes[0].text == ("Les nouvelles entrées au PLIE sont en forte hausse : 186 en "
                               f"2025, +36,8{NBSP}% en un an.")


def test_the_budget_keeps_caveats_and_the_most_important_facts():
    rows = {"de_abc": (9948, 9211, "personnes", "septembre 2025"),
            "plie_sorties": (131, 140, "personnes", "2025"),
            "plie_sorties_positives": (65, 62, "personnes", "2025"),
            "plie_taux_sorties_positives": (65 / 131, 62 / 140, "%", "2025"),
            "cej_entrees": (648, 610, "personnes", "2025"),
            **{i: (200 + k, 100, "personnes", "2025") for k, i in enumerate(narrative.CHANGE_IDS)
               if i != "plie_sorties_positives"}}
    # the year before is missing for the PLIE and the Mission Locale: none of their figures
    # has a value then
    ml_and_plie = [i for i in rows if i.startswith(("plie_", "ml_", "cej_", "pacea_", "aide_"))]
    rows.update({i: (rows[i][0], math.nan, *rows[i][2:]) for i in ml_and_plie})
    # nothing imported for the events and clauses: no figure of theirs
    rows.update({i: (math.nan, math.nan, *rows[i][2:]) for i in rows
                 if i.startswith(("evt_", "clause_"))})
    month = dt.date(2025, 9, 1)
    f = facts(rows, month=month, months=[month], covered={"job_seekers", "plie", "ml"},
              covered_before={"job_seekers"})
    n = narrative.compose(f)
    rules = [s.rule for s in n.sentences]
    assert len(n.sentences) == narrative.MAX_SENTENCES
    # LPE, missing sources (mde, clauses), year before missing (plie, ml), months missing
    assert rules[-4:] == ["caveat"] * 4
    assert rules[:4] == ["headline", "change", "plie", "cej"]


# -- the secret ----------------------------------------------------------------------------------
SMALL = {"de_abc": (950, 900, "personnes", "septembre 2025"),
         "cej_entrees": (7, 5, "personnes", "2025"),  # under the threshold: hidden
         "plie_participants": (30, 8, "personnes", "2025")}  # change computed on 8: hidden


@pytest.mark.parametrize("audience", ["elu", "lecteur"])
def test_no_sentence_uses_a_hidden_count_or_a_change_on_it(audience):
    f = facts(SMALL, audience=audience, place="Lompret", commune="59356", label="Lompret")
    assert f.figures.loc["cej_entrees", "secret"]  # the secret's own rule hides it
    n = narrative.compose(f)
    cited = {(e.indicator, e.measure) for s in n.sentences for e in s.evidence}
    assert not {i for i, _ in cited} & {"cej_entrees"}
    assert ("plie_participants", "evolution") not in cited
    assert ("plie_participants", "previous") not in cited
    assert "entrés en CEJ" not in texts_of(n) and " 7 " not in texts_of(n)
    assert "cej" not in [s.rule for s in n.sentences]
    assert "En 2025, à Lompret, 30 habitants ont suivi un parcours PLIE." in n.texts


def test_the_manager_sees_the_small_count():
    f = facts(SMALL, audience="gestionnaire", place="Lompret", commune="59356", label="Lompret")
    n = narrative.compose(f)
    assert "En 2025, à Lompret, 7 jeunes sont entrés en CEJ." in n.texts
    assert ("cej_entrees", "value", 7) in {(e.indicator, e.measure, e.value)
                                           for s in n.sentences for e in s.evidence}


# -- the demo store (the seed reports' figures) ------------------------------------------------------
@pytest.fixture(scope="module")
def con(demo_store):
    return demo_store.connection()


def test_mno_2025_says_job_seekers_rose_by_8_percent_to_9948(con):
    n = narrative.build(con, "mno", 2025, audience="elu")
    assert 5 <= len(n.sentences) <= 8
    first = n.sentences[0].text
    assert f"9{NNBSP}948 demandeurs d'emploi de catégorie A, B et C" in first  # MNO 2025, p. 2
    assert f"une hausse de 8,0{NBSP}% en un an" in first
    said = texts_of(n)
    assert f"65 sorties positives sur 131 sorties, soit un taux de sorties positives de 49,6{NBSP}%" \
        in said and "juste en dessous de l'objectif de 50" in said
    assert "648 jeunes sont entrés en CEJ, dont 54 résidant en quartier prioritaire" in said
    assert texts.NARRATIVE_LPE in n.texts  # Sept. 2024 → Sept. 2025
    # The reference's job-seeker imports cover only MNO's ten communes: no comparison.
    assert "position" not in [s.rule for s in n.sentences]


def test_melt_2023_says_job_seekers_rose_by_4_5_percent(con):
    n = narrative.build(con, "melt", 2023, audience="elu")
    assert 5 <= len(n.sentences) <= 8
    first = n.sentences[0].text
    assert f"18{NNBSP}367 demandeurs d'emploi" in first  # MELT 2023, territory page
    assert f"une légère hausse de 4,5{NBSP}% en un an" in first
    said = texts_of(n)
    assert f"+87,0{NBSP}% en un an" in said  # clause hours: "+87% par rapport à 2022"
    assert texts.NARRATIVE_LPE not in n.texts  # 2022 → 2023: before the law
    assert (f"Tourcoing compte le plus de demandeurs d'emploi de catégorie A, B et C rapporté à "
            f"sa population : 117,3 pour 1{NNBSP}000 habitants") in said
    assert ("le territoire se situe nettement au-dessus de la référence (Département du Nord, "
            "21 communes couvertes sur 647 : 4,2)") in said


def test_every_sentence_carries_its_evidence(con):
    n = narrative.build(con, "mno", 2025, "59328", audience="elu")
    assert len(n.sentences) >= 5
    for s in n.sentences:
        assert s.evidence, s.text
        for e in s.evidence:
            assert e.text and e.indicator and e.place
            if e.measure in ("value", "per_1000", "target", "missing_months"):
                assert e.text in s.text, (e, s.text)
            if e.measure == "evolution" and s.rule != "caveat":
                assert e.text.lstrip("+\u2212") in s.text, (e, s.text)


def test_commune_position_against_its_territory(con):
    n = narrative.build(con, "mno", 2025, "59356", audience="elu")  # Lompret
    assert (f"Avec 61,8 demandeurs d'emploi de catégorie A, B et C pour 1{NNBSP}000 habitants, "
            "Lompret se situe en dessous de la moyenne du territoire (67,2).") in n.texts


SMALL_COMMUNES = [("mno", 2025, "59356"), ("mno", 2025, "59611"), ("melt", 2023, "59643"),
                  ("melt", 2023, "59173")]


@pytest.mark.parametrize("territory, year, commune", SMALL_COMMUNES)
def test_officials_never_read_a_small_count_on_demo_communes(con, territory, year, commune):
    n = narrative.build(con, territory, year, commune, audience="elu")
    raw = masking.key_figures(con, territory, year, commune, audience="gestionnaire")
    raw = raw.set_index("indicator")
    from queries import registry

    for s in n.sentences:
        for e in s.evidence:
            if e.value is None or e.indicator not in raw.index:
                continue
            counts = secret.is_person_count(registry.indicators()[e.indicator])
            if e.measure in ("value", "previous") and counts:
                assert not secret.is_small(e.value, 11), (s.text, e)
            if e.measure == "evolution" and e.place.endswith(f"({commune})"):
                for column in ("value", "previous_value"):
                    assert not (counts and secret.is_small(raw.at[e.indicator, column], 11)), s.text


def test_lompret_small_counts_for_an_official_and_for_the_manager(con):
    elu = narrative.build(con, "mno", 2025, "59356", audience="elu")
    manager = narrative.build(con, "mno", 2025, "59356", audience="gestionnaire")
    # 2 PLIE participants and 10 CEJ entries: hidden from officials, shown to managers
    for n, shown in ((elu, False), (manager, True)):
        cited = {e.indicator for s in n.sentences for e in s.evidence}
        assert ("plie_participants" in cited) is shown
        assert ("cej_entrees" in cited) is shown
        assert ("En 2025, à Lompret, 2 habitants ont suivi un parcours PLIE." in n.texts) is shown
        assert ("En 2025, à Lompret, 10 jeunes sont entrés en CEJ." in n.texts) is shown
    assert 5 <= len(elu.sentences) <= 8 and 5 <= len(manager.sentences) <= 8


def test_a_viewer_limited_to_some_communes_reads_no_other_commune(con):
    n = narrative.build(con, "mno", 2025, audience="elu", visible={"59328"})
    assert "standout" not in [s.rule for s in n.sentences]
    assert "Verlinghem" not in texts_of(n) and "Lambersart compte" not in texts_of(n)
    with pytest.raises(narrative.ScopeError):
        narrative.build(con, "mno", 2025, "59356", audience="elu", visible={"59328"})


def test_unknown_audience_is_refused(con):
    with pytest.raises(ValueError):
        narrative.build(con, "mno", 2025, audience="maire")


def test_the_narrative_is_deterministic(con):
    a = narrative.build(con, "melt", 2023, "59599", audience="elu").as_dict()
    b = narrative.build(con, "melt", 2023, "59599", audience="elu").as_dict()
    assert a == b


def test_a_source_not_imported(demo_data_dir, tmp_path):
    """Without the MNO PLIE import, no sentence speaks of the PLIE, and a caveat says why."""
    copy = tmp_path / "store"
    shutil.copytree(demo_data_dir, copy)
    store = Store(copy)
    plie = next(r for r in store.catalog().active() if r.source == "plie" and r.territory == "mno")
    store.rollback(plie.id)
    n = narrative.build(store.connection(), "mno", 2025, audience="elu")
    caveat = ("Aucune donnée n'est importée pour 2025 sur le PLIE : ce résumé n'en parle pas.")
    assert caveat in n.texts
    for s in n.sentences:
        if s.text == caveat:
            assert [(e.indicator, e.measure) for e in s.evidence] == [("plie_participants", "source")]
            continue
        assert "PLIE" not in s.text, s.text
        assert not any(e.indicator.startswith("plie_") for e in s.evidence), s.text
    assert 5 <= len(n.sentences) <= 8


@pytest.mark.parametrize("commune", [None, "59279"])  # the territory, Halluin
def test_a_year_the_extractions_do_not_reach_tells_no_fall(demo_data_dir, tmp_path, commune):
    """MELT's PLIE and Mission Locale extractions are dated 2023-12; one month of job seekers
    for January 2024 makes 2024 a year to read. The narrative says those sources are not
    imported for 2024, and tells no fall of their figures (no 0, no −100 %)."""
    copy = tmp_path / "store"
    shutil.copytree(demo_data_dir, copy)
    store = Store(copy)
    communes = territory_communes("melt")
    cells = pd.DataFrame({
        "month": pd.to_datetime(["2024-01-01"] * len(communes)), "code_insee": communes,
        "category": "A", "count": 100,
    }).reindex(columns=list(TABLES["job_seekers"].columns))
    store.commit_import(source="de_commune", territory="melt", period="2024-01",
                        frames={"job_seekers": cells}, file_name="de_2024_01.csv", raw=b"de")
    n = narrative.build(store.connection(), "melt", 2024, commune, audience="elu")
    caveat = next(s for s in n.sentences if s.rule == "caveat" and "2024" in s.text)
    assert "le PLIE, la Mission Locale" in caveat.text
    for s in n.sentences:
        if s is caveat:
            continue
        assert "−100" not in s.text, s.text
        assert "PLIE" not in s.text and "Mission Locale" not in s.text, s.text
        assert "CEJ" not in s.text, s.text
        assert not any(e.indicator.startswith(("plie_", "ml_", "cej_", "pacea_"))
                       for e in s.evidence), s.text


def test_no_missing_year_caveat_for_a_source_whose_figures_compare():
    # a Mission Locale file with 2024 first visits but no 2024 contact: « not covered » in
    # 2024 by the contacts, yet the key figures compare its registrations (+10,5 %): the
    # summary must not say « aucune donnée n'est importée pour cette année-là »
    rows = {"de_abc": (9948, 9211, "personnes", "septembre 2025"),
            "ml_nouveaux_inscrits": (210, 190, "personnes", "2025"),
            "ml_contacts": (1130, math.nan, "nombre", "2025")}
    month = dt.date(2025, 9, 1)
    f = facts(rows, month=month, months=[month], covered={"job_seekers", "ml"},
              covered_before={"job_seekers"})
    assert narrative.missing_previous(f) is None
    # with no figure of the year before, it is said
    rows["ml_nouveaux_inscrits"] = (210, math.nan, "personnes", "2025")
    f = facts(rows, month=month, months=[month], covered={"job_seekers", "ml"},
              covered_before={"job_seekers"})
    assert "la Mission Locale" in narrative.missing_previous(f).text


def test_no_missing_source_caveat_for_a_source_with_figures():
    # young people and programmes, no contact: the contacts do not cover 2025, yet « 4
    # jeunes sont entrés en CEJ » is a figure: never « aucune donnée … sur la Mission Locale »
    rows = {"de_abc": (9948, 9211, "personnes", "septembre 2025"),
            "cej_entrees": (4, math.nan, "personnes", "2025"),
            "ml_contacts": (math.nan, math.nan, "nombre", "2025")}
    month = dt.date(2025, 9, 1)
    f = facts(rows, month=month, months=[month], covered={"job_seekers"})
    said = narrative.missing_sources(f)
    assert said is not None and "la Mission Locale" not in said.text
    assert "le PLIE" in said.text
