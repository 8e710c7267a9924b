"""Dates as county officers write them: ISO, or ROC (民國) in several spellings.

`110-01-01`, `110/1/1` and `民國110年1月1日` all mean 2021-01-01: a 2- or 3-digit
year is an ROC year (ROC + 1911 = Gregorian). A 4-digit year is Gregorian.
"""

from __future__ import annotations

import re
from datetime import date

ROC_OFFSET = 1911

_DATE_RE = re.compile(
    r"^\s*(?:民國\s*)?(?P<y>\d{2,4})\s*(?:[-/.]|年)\s*(?P<m>\d{1,2})\s*(?:[-/.]|月)\s*(?P<d>\d{1,2})\s*日?\s*$"
)

DATE_PATTERN: str = _DATE_RE.pattern  # also used by the editor schema (sncheck/read/editor_schema.py)


class ImpossibleDate(ValueError):
    """The text is written as a date but names no day (e.g. 2021-02-30)."""


def looks_like_date(text: str) -> bool:
    return bool(_DATE_RE.match(text))


def parse_date(text: str) -> date:
    """Parse an ISO or ROC date.

    Raises ``ValueError`` when the text is not written as a date at all and
    ``ImpossibleDate`` when it is written as one but the day does not exist.
    """
    m = _DATE_RE.match(text)
    if not m:
        raise ValueError(f"not a date: {text!r}")
    year_text = m.group("y")
    year = int(year_text)
    if len(year_text) <= 3:
        year += ROC_OFFSET
    try:
        return date(year, int(m.group("m")), int(m.group("d")))
    except ValueError as exc:
        raise ImpossibleDate(str(exc)) from None


LAST_ROC_YEAR = date.max.year - ROC_OFFSET  # 8088: the last ROC year with a 1 January in the calendar


def roc_year_start(plan_year: int) -> date:
    """1 January of an ROC plan year, the default reference date."""
    return date(plan_year + ROC_OFFSET, 1, 1)


def to_roc_year(day: date) -> int:
    return day.year - ROC_OFFSET


_ISO_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def is_iso_date(text: object) -> bool:
    """``text`` is a day written as the plan format keeps it (``2024-05-01``)."""
    return isinstance(text, str) and _ISO_RE.match(text) is not None


def roc_text(day: date | str) -> str:
    """A day as county officers write it: ``112/01/01`` (an ISO text too; anything else as it is)."""
    if isinstance(day, str):
        match = _ISO_RE.match(day)
        if not match:
            return day
        year, month, dom = int(match.group(1)), match.group(2), match.group(3)
    else:
        year, month, dom = day.year, f"{day.month:02d}", f"{day.day:02d}"
    roc = year - ROC_OFFSET
    return f"{roc}/{month}/{dom}" if roc > 0 else f"民國前{1 - roc}年{int(month)}月{int(dom)}日"
