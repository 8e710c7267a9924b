"""Service-length arithmetic: the one place that counts years of service.

RULES.md defines it and every seniority/experience rule (SEN*, PAY*) uses it:

* merge the segments (a day counts once); an open ``to`` ends the day before
  the reference date ``R``; anything on or after ``R`` is cut off (the last
  counted day is ``R - 1``, the same for open and closed segments);
* for each merged stretch ``[a, b]`` count whole calendar months from ``a`` to
  ``b + 1 day`` anniversary style (day of month clamped to the month's end),
  plus the remaining days;
* total = Σ months + floor(Σ remaining days / 30) months.

"N years" means total ≥ 12·N months. 2018-01-01..2021-12-31 is exactly 48.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterable, Sequence

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Span:
    """One stretch of service; ``end`` is the last day (inclusive) or None (ongoing)."""

    start: date
    end: date | None


@dataclass(frozen=True)
class ServiceLength:
    months: int  # whole months, after folding the spare days in (30 days = 1 month)
    spare_days: int  # days left over after that folding

    @property
    def years(self) -> int:
        return self.months // 12

    def at_least_years(self, years: float) -> bool:
        return self.months >= round(12 * years)

    def __str__(self) -> str:
        return f"{self.months // 12}y{self.months % 12}m{self.spare_days}d"


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months, the day clamped to the month's end."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def whole_months_and_days(start: date, end_exclusive: date) -> tuple[int, int]:
    """Whole anniversary months from ``start`` up to ``end_exclusive``, and the rest in days."""
    if end_exclusive <= start:
        return 0, 0
    months = (end_exclusive.year - start.year) * 12 + (end_exclusive.month - start.month)
    while months > 0 and add_months(start, months) > end_exclusive:
        months -= 1
    return months, (end_exclusive - add_months(start, months)).days


def merge(spans: Iterable[Span], reference: date) -> list[tuple[date, date]]:
    """Merge spans into disjoint inclusive stretches, all cut to end by ``reference - 1``."""
    if reference == date.min:
        return []  # no day lies before 0001-01-01 (a valid ISO date): nothing counts
    last_day = reference - ONE_DAY
    stretches: list[tuple[date, date]] = []
    for span in sorted(spans, key=lambda s: s.start):
        end = last_day if span.end is None else min(span.end, last_day)
        if end < span.start:
            continue
        if stretches and span.start <= stretches[-1][1] + ONE_DAY:
            if end > stretches[-1][1]:
                stretches[-1] = (stretches[-1][0], end)
        else:
            stretches.append((span.start, end))
    return stretches


def without(spans: Iterable[Span], removed: Iterable[Span], reference: date) -> list[Span]:
    """The days of ``spans`` that are not in ``removed`` (both cut at ``reference - 1``), as closed spans.

    A message that says "N years on other budgets were not counted" must not count a day twice: a
    county-funded stretch that overlaps an SSN one is only excluded where it does not overlap."""
    cuts = merge(removed, reference)
    out: list[Span] = []
    for first, last in merge(spans, reference):
        start = first
        for cut_first, cut_last in cuts:
            if cut_last < start or cut_first > last:
                continue
            if cut_first > start:
                out.append(Span(start, cut_first - ONE_DAY))
            start = max(start, cut_last + ONE_DAY)
            if start > last:
                break
        if start <= last:
            out.append(Span(start, last))
    return out


def service_length(spans: Iterable[Span], reference: date) -> ServiceLength:
    months = 0
    days = 0
    for start, end in merge(spans, reference):
        m, d = whole_months_and_days(start, end + ONE_DAY)
        months += m
        days += d
    return ServiceLength(months + days // 30, days % 30)


def qualifies_on(spans: Sequence[Span], reference: date, months_needed: int) -> date | None:
    """First date on which the counted service reaches ``months_needed``.

    Assumes the person's ongoing span (``end`` None) continues; closed spans
    stay as written. Returns ``reference`` if already met and None when it
    cannot be reached without more service (no ongoing span).
    """
    if service_length(spans, reference).months >= months_needed:
        return reference
    ongoing = [s for s in spans if s.end is None]
    if not ongoing:
        # Closed spans may still run past the reference date.
        horizon = max((s.end for s in spans if s.end is not None), default=None)
        if horizon is None:
            return None
        hi = _later(horizon, 0, 1)
    else:
        latest_start = max(max(s.start for s in ongoing), reference)
        hi = _later(latest_start, months_needed, 31)
    if service_length(spans, hi).months < months_needed:
        return None  # not reachable by the last representable date (9999-12-31) either
    lo = reference  # known not to qualify
    while (hi - lo).days > 1:
        mid = lo + timedelta(days=(hi - lo).days // 2)
        if service_length(spans, mid).months >= months_needed:
            hi = mid
        else:
            lo = mid
    return hi


def _later(day: date, months: int, days: int) -> date:
    """``day`` plus ``months`` and ``days``, or 9999-12-31 where that lies beyond the calendar.

    Dates up to 9999-12-31 are valid input, so "qualifies on" must not fail (exit 2) near the end."""
    try:
        return add_months(day, months) + timedelta(days=days)
    except (ValueError, OverflowError):
        return date.max
