"""Job-seeker figures as published: detail cells and margins, stored as what they are.

A France Travail or Dares file gives margins, not always cells: categories A, B and C
together (`ABC`), both sexes together, all ages together. A row is stored with the value
of each dimension it describes, and `ABC` / `total` where it covers the whole dimension:

| dimension | detail | margin |
| --- | --- | --- |
| category | A, B, C | ABC |
| sex | F, H | total |
| age_band | moins_25, 25_49, 50_plus | total |
| duration_band | moins_12m, 12_23m, 24m_plus | total |

A dimension the file does not have (no « Sexe » column) is its margin. Margins are never
added to detail: the queries (`queries/sql/job_seekers_*.sql`) pick for each commune and
month the rows that answer a figure (see `queries/sql/job_seekers_cells.sql`).

Periods: a month is stored as its first day and means the stock at the end of that
month. A quarter (« 2024-T4 ») is stored as its last month (2024-12-01): the value is
read as the stock at the end of the quarter. The Dares commune file publishes the mean of
the quarter's three month-ends; it is stored at the quarter's last month all the same,
and pages must not draw it in one series with month-end stocks of another source.
"""

from ingest import codes
from ingest.parse import norm_label

ALL_CATEGORIES = "ABC"
TOTAL = "total"
DIMENSIONS = ("category", "sex", "age_band", "duration_band")
MARGIN = {"category": ALL_CATEGORIES, "sex": TOTAL, "age_band": TOTAL, "duration_band": TOTAL}

_TOTAL_WORDS = ["total", "ensemble", "tous", "toutes", "total general", "tout", "ens"]
# Labels of each dimension's margin (normalised with `norm_label`).
MARGIN_LABELS = {
    "category": ["abc", "a b c", "a+b+c", "a, b, c", "a,b,c", "a b et c", "a, b et c",
                 "categories a b c", "categories a, b, c", "categories a b et c",
                 "categories a, b et c", "categories abc", "categorie abc", "categorie a b c",
                 "categorie a, b, c", "categorie a b et c", "categorie a, b et c",
                 "categorie a+b+c", "cat abc", "cat. abc", "cat a b c", "cat. a, b, c"],
    "sex": [*_TOTAL_WORDS, "les deux sexes", "deux sexes", "ensemble des sexes", "tous sexes",
            "hommes et femmes", "femmes et hommes", "hommes femmes", "h+f", "f+h", "hf", "fh"],
    "age_band": [*_TOTAL_WORDS, "tous ages", "ensemble des ages", "toutes tranches d age",
                 "toutes les tranches d age", "tout age"],
    "duration_band": [*_TOTAL_WORDS, "toutes anciennetes", "toutes durees",
                      "toutes anciennetes d inscription", "ensemble des anciennetes"],
}
BASE_VOCABULARY = {"category": "JOB_SEEKER_CATEGORY", "sex": "SEX", "age_band": "AGE_BAND",
                   "duration_band": "DURATION_BAND"}


def vocabulary(dimension: str, base: dict | None = None) -> dict:
    """The vocabulary of a job-seeker dimension with its margin: {stored value: labels}."""
    base = base if base is not None else getattr(codes, BASE_VOCABULARY[dimension])
    margin = MARGIN[dimension]
    labels = [lab for lab in MARGIN_LABELS[dimension]
              if not any(norm_label(lab) == norm_label(s) for k, syns in base.items()
                         if k != margin for s in [k, *syns])]
    return {**base, margin: list(dict.fromkeys([*base.get(margin, []), *labels]))}


# French words for a stored value, in sentences (« catégorie A, femmes, moins de 25 ans »).
LABELS = {
    "sex": {"F": "femmes", "H": "hommes"},
    "age_band": {"moins_25": "moins de 25 ans", "25_49": "25 à 49 ans", "50_plus": "50 ans et plus"},
    "duration_band": {"moins_12m": "inscrits depuis moins d'un an", "12_23m": "depuis 1 à 2 ans",
                      "24m_plus": "depuis 2 ans et plus"},
}


def label(dimension: str, value) -> str:
    if dimension == "category":
        return f"catégorie {value}"
    return LABELS.get(dimension, {}).get(value, str(value))
