"""French wording of the quartiers prioritaires figures (pure, no Streamlit): the date of
the ONPV figures, the 2015 → 2024 match of a quarter, the dates of the share of job
seekers living in a QPV. Shared by the pages, the exports and the command line."""

import datetime as dt

from wording import texts
from wording.format import as_date, fmt_month


def onpv_when(year: int | None, month=None, given: bool = False) -> str:
    """ "décembre 2017" when the store says the month of the figures, else "2017"."""
    if year is None:
        return texts.QPV_ONPV_NONE_THEME
    day = as_date(month)
    return fmt_month(day) if given and day is not None else str(int(year))


def match_text(match: str, code_2015: str | None = None, name_2015: str | None = None) -> str:
    """ "QP059072 Pacot - Vandracq : même nom, même(s) commune(s)"."""
    words = texts.QPV_MATCHES.get(match, match)
    if isinstance(code_2015, str) and code_2015:
        return f"{code_2015} {name_2015 or ''} : {words}".replace("  ", " ")
    return words[:1].upper() + words[1:]


def same_month(a, b) -> bool:
    a, b = as_date(a), as_date(b)
    return a is not None and b is not None and (a.year, a.month) == (b.year, b.month)


def share_dates(ipro_year: int | None, onpv_month, given: bool,
                job_seekers_month: dt.date | None) -> tuple[str, bool]:
    """The sentence naming the dates of the share of job seekers in QPV, and whether they
    differ (the page then says so louder)."""
    onpv = onpv_when(ipro_year, onpv_month, given)
    month = fmt_month(job_seekers_month)
    differ = not same_month(onpv_month, job_seekers_month)
    template = texts.QPV_SHARE_DATES_DIFFER if differ else texts.QPV_SHARE_DATES
    return template.format(onpv=onpv, month=month), differ
