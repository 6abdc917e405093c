"""Personal details typed into free-text cells (exit reasons, step labels, prescribers…).

Tracking software lets counsellors type what they like: « CDI chez Boulangerie Dupont
(contact M. Jean Dupont 06 12 34 56 78) ». The label is what the pages count, the contact is
personal data the product must not keep: e-mail addresses, phone numbers, NIR and a name
after a civility are replaced by a neutral word before anything is stored.
"""

import re

import pandas as pd

# Columns of the store that hold free text typed in the source software.
FREE_TEXT = ("exit_reason", "step_type", "prescriber", "scheme", "operation", "name")

_RULES = [
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[courriel retiré]"),
    # NIR: sex, year, month, département (2A/2B), commune, order, optional key
    (re.compile(r"\b[12][\s.]?\d{2}[\s.]?(?:0[1-9]|1[0-2]|[2-9]\d)[\s.]?(?:\d{2}|2[AB])"
                r"[\s.]?\d{3}[\s.]?\d{3}(?:[\s.]?\d{2})?\b", re.IGNORECASE), "[NIR retiré]"),
    (re.compile(r"(?:\+33[\s.]?|\b0)[1-9](?:[\s.-]?\d{2}){4}\b"), "[téléphone retiré]"),
    # a civility and the capitalised words after it: « M. Jean Dupont », « Mme Leroy »
    (re.compile(r"\b(?:M\.|Mr\.?|Mme\.?|Mlle\.?|Monsieur|Madame|Mademoiselle)\s+"
                r"(?:[A-ZÀ-Ý][\w'’-]*\.?\s*){1,3}"), "[nom retiré] "),
]


def redact(text: str) -> str:
    out = text
    for pattern, word in _RULES:
        out = pattern.sub(word, out)
    return re.sub(r"\s{2,}", " ", out).strip() if out != text else text


def redact_series(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(values with personal details replaced, mask of the cells changed)."""
    text = values.where(values.notna())
    cleaned = text.map(lambda v: redact(v) if isinstance(v, str) else v)
    changed = text.notna() & (cleaned != text)
    return cleaned.where(text.notna(), values), changed
