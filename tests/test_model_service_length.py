"""The service-length definition of RULES.md, checked date by date.

RULES.md: merge the segments (a day counts once; an open ``to`` ends the day
before R; segments after R are cut at R), then for each merged stretch [a, b]
take whole calendar months from a to b + 1 day (anniversary style, day of
month clamped to month end) plus the remaining days; total = Σ months +
floor(Σ remaining days / 30). "N years" means total ≥ 12·N months.
Example: 2018-01-01..2021-12-31 is exactly 48 months.

Besides hand-worked cases, an independent day-by-day implementation of the
same definition (a set of days, anniversaries found by stepping) is compared
with ``sncheck.model.service_length`` on generated segment sets.
"""

from __future__ import annotations

import calendar
import random
from datetime import date, timedelta

import pytest

from sncheck.model.service_length import (
    ServiceLength,
    Span,
    add_months,
    merge,
    qualifies_on,
    service_length,
    whole_months_and_days,
    without,
)

D = date.fromisoformat
DAY = timedelta(days=1)
R = D("2022-01-01")  # plan year 111's default reference date


def length(*spans: tuple[str, str | None], reference: date = R) -> ServiceLength:
    return service_length([Span(D(a), D(b) if b else None) for a, b in spans], reference)


# --------------------------------------------------------------------------- calendar pieces


@pytest.mark.parametrize("start, months, expected", [
    ("2021-01-31", 1, "2021-02-28"),  # clamped to the month's end
    ("2020-01-31", 1, "2020-02-29"),  # leap year
    ("2021-01-31", 2, "2021-03-31"),  # anniversaries are counted from the start, not chained
    ("2020-02-29", 12, "2021-02-28"),
    ("2020-02-29", 48, "2024-02-29"),
    ("2021-08-31", 1, "2021-09-30"),
    ("2021-12-15", 1, "2022-01-15"),  # across the year end
    ("2021-03-31", -1, "2021-02-28"),
])
def test_add_months_clamps_the_day_to_the_month_end(start, months, expected):
    assert add_months(D(start), months) == D(expected)


@pytest.mark.parametrize("start, end_exclusive, expected", [
    ("2021-01-31", "2021-02-28", (1, 0)),  # Jan 31 -> Feb 28 is one whole month
    ("2021-01-31", "2021-02-27", (0, 27)),
    ("2020-01-31", "2020-02-29", (1, 0)),
    ("2020-01-31", "2020-02-28", (0, 28)),
    ("2021-01-31", "2021-03-30", (1, 30)),  # Feb 28 .. Mar 29
    ("2021-01-31", "2021-03-31", (2, 0)),
    ("2021-01-15", "2021-01-15", (0, 0)),
    ("2021-01-15", "2021-01-14", (0, 0)),
    ("2018-01-01", "2022-01-01", (48, 0)),
])
def test_whole_months_and_days_anniversary_style(start, end_exclusive, expected):
    assert whole_months_and_days(D(start), D(end_exclusive)) == expected


# --------------------------------------------------------------------------- the definition


def test_rules_md_example_is_exactly_48_months():
    result = length(("2018-01-01", "2021-12-31"))
    assert (result.months, result.spare_days) == (48, 0)
    assert result.at_least_years(4)
    assert result.years == 4


def test_an_open_segment_ends_the_day_before_the_reference_date():
    assert length(("2018-01-01", None)).months == 48
    # R one day earlier: 2018-01-01..2021-12-30 = 47 months + 30 days, folded to 48 (Σ days / 30)
    assert length(("2018-01-01", None), reference=D("2021-12-31")) == ServiceLength(48, 0)
    # two days earlier: 47 months + 29 days
    assert length(("2018-01-01", None), reference=D("2021-12-30")) == ServiceLength(47, 29)


def test_a_closed_segment_running_past_the_reference_date_is_cut_there():
    assert length(("2018-01-01", "2025-12-31")) == length(("2018-01-01", "2021-12-31"))
    assert length(("2018-01-01", "2022-01-01")).months == 48  # R itself is not counted


def test_segments_starting_on_or_after_the_reference_date_count_nothing():
    assert length(("2022-01-01", None)) == ServiceLength(0, 0)
    assert length(("2022-03-01", "2023-12-31")) == ServiceLength(0, 0)


def test_overlapping_segments_count_each_day_once():
    assert length(("2018-01-01", "2019-12-31"), ("2019-06-01", "2021-12-31")).months == 48
    assert length(("2018-01-01", "2021-12-31"), ("2018-01-01", "2021-12-31")).months == 48  # entered twice
    assert length(("2018-01-01", "2021-12-31"), ("2019-03-01", "2019-04-30")).months == 48  # inside another


def test_adjacent_segments_form_one_stretch():
    # a transfer: 2019-12-31 then 2020-01-01 is one uninterrupted stretch
    assert length(("2018-01-01", "2019-12-31"), ("2020-01-01", None)) == ServiceLength(48, 0)
    assert merge([Span(D("2018-01-01"), D("2019-12-31")), Span(D("2020-01-01"), None)], R) == [
        (D("2018-01-01"), D("2021-12-31"))]


def test_remaining_days_of_all_stretches_are_summed_then_folded_by_30():
    # 20 days + 15 days in two separate stretches: 0 whole months each, 35 days -> 1 month, 5 days left
    assert length(("2018-01-01", "2018-01-20"), ("2019-01-01", "2019-01-15")) == ServiceLength(1, 5)
    # three stretches of 10 days: exactly 30 days -> 1 month
    assert length(("2018-01-01", "2018-01-10"), ("2018-03-01", "2018-03-10"),
                  ("2018-05-01", "2018-05-10")) == ServiceLength(1, 0)
    # 29 days stay days
    assert length(("2018-01-01", "2018-01-29")) == ServiceLength(0, 29)


def test_clamped_anniversary_month_from_january_31():
    # Jan 31 .. Feb 27 (2021): the anniversary is Feb 28, so this is one whole month
    assert length(("2021-01-31", "2021-02-27")) == ServiceLength(1, 0)
    assert length(("2020-01-31", "2020-02-28")) == ServiceLength(1, 0)  # leap year: anniversary Feb 29
    assert length(("2020-01-31", "2020-02-27")) == ServiceLength(0, 28)


@pytest.mark.parametrize("first_day, months, spare", [
    ("2018-01-01", 48, 0),  # exactly 4 years
    ("2018-01-02", 48, 0),  # one day short, but 47 months + 30 days folds to 48 (December has 31 days)
    ("2018-01-03", 47, 29),  # two days short
])
def test_four_years_boundary_in_a_31_day_month(first_day, months, spare):
    assert length((first_day, "2021-12-31")) == ServiceLength(months, spare)


@pytest.mark.parametrize("first_day, months, qualifies", [
    ("2018-12-01", 48, True),  # 2018-12-01..2022-11-30: exactly 4 years
    ("2018-12-02", 47, False),  # one day short: 47 months + 29 days (November has 30 days)
])
def test_four_years_boundary_in_a_30_day_month(first_day, months, qualifies):
    result = length((first_day, "2022-11-30"), reference=D("2022-12-01"))
    assert result.months == months
    assert result.at_least_years(4) is qualifies


# --------------------------------------------------------------------------- qualifies on


def spans(*pairs: tuple[str, str | None]) -> list[Span]:
    return [Span(D(a), D(b) if b else None) for a, b in pairs]


def test_qualifies_on_continues_the_ongoing_segment():
    # 2019-05-01 ongoing: 48 months are reached counting through 2023-04-30
    assert qualifies_on(spans(("2019-05-01", None)), R, 48) == D("2023-05-01")
    assert service_length(spans(("2019-05-01", None)), D("2023-04-30")).months == 47


def test_qualifies_on_uses_the_30_day_fold_like_the_definition():
    # 2019-01-01 ongoing: at 2022-12-31 (through 12-30) it is 47 months + 30 days = 48
    assert qualifies_on(spans(("2019-01-01", None)), R, 48) == D("2022-12-31")


def test_qualifies_on_adds_earlier_closed_service():
    # 24 months closed + ongoing from 2020-03-01 (22 months at R): 2 more months needed
    assert qualifies_on(spans(("2016-01-01", "2017-12-31"), ("2020-03-01", None)), R, 48) == D("2022-03-01")


def test_qualifies_on_with_an_ongoing_segment_starting_after_r():
    assert qualifies_on(spans(("2022-05-01", None)), R, 12) == D("2023-05-01")


def test_qualifies_on_when_already_qualified_is_r():
    assert qualifies_on(spans(("2017-01-01", None)), R, 48) == R
    assert qualifies_on(spans(("2016-01-01", "2020-12-31")), R, 48) == R


def test_qualifies_on_is_none_without_an_ongoing_segment():
    assert qualifies_on(spans(("2019-01-01", "2021-06-30")), R, 48) is None
    assert qualifies_on([], R, 48) is None


# --------------------------------------------------------------------------- an independent oracle


def _oracle_months(a: date, end_exclusive: date) -> tuple[int, int]:
    """Whole anniversary months by stepping, clamping with ``calendar`` directly."""
    def anniversary(k: int) -> date:
        y, m = divmod(a.month - 1 + k, 12)
        year, month = a.year + y, m + 1
        return date(year, month, min(a.day, calendar.monthrange(year, month)[1]))

    k = 0
    while anniversary(k + 1) <= end_exclusive:
        k += 1
    return k, (end_exclusive - anniversary(k)).days


def oracle_length(segments: list[Span], reference: date) -> tuple[int, int]:
    days: set[date] = set()
    for s in segments:
        day, last = s.start, min(s.end or reference - DAY, reference - DAY)
        while day <= last:
            days.add(day)
            day += DAY
    months = spare = 0
    ordered = sorted(days)
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] - ordered[j] == DAY:
            j += 1
        m, d = _oracle_months(ordered[i], ordered[j] + DAY)
        months, spare = months + m, spare + d
        i = j + 1
    return months + spare // 30, spare % 30


def _random_segments(rng: random.Random) -> list[Span]:
    out = []
    for _ in range(rng.randint(1, 4)):
        start = D("2015-01-01") + timedelta(days=rng.randint(0, 2900))
        if rng.random() < 0.3:
            out.append(Span(start, None))
        else:
            out.append(Span(start, start + timedelta(days=rng.randint(0, 900))))
    return out


def test_service_length_matches_an_independent_day_by_day_implementation():
    rng = random.Random(20211231)
    for _ in range(250):
        segments = _random_segments(rng)
        reference = D("2020-01-01") + timedelta(days=rng.randint(0, 1100))
        got = service_length(segments, reference)
        assert (got.months, got.spare_days) == oracle_length(segments, reference), (segments, reference)


def test_qualifies_on_is_the_first_reference_date_that_reaches_the_length():
    rng = random.Random(110)
    checked = 0
    while checked < 25:
        segments = _random_segments(rng)
        if not any(s.end is None for s in segments):
            continue
        needed = rng.choice([36, 48])
        when = qualifies_on(segments, R, needed)
        assert when is not None
        assert oracle_length(segments, when)[0] >= needed
        if when > R:
            assert oracle_length(segments, when - DAY)[0] < needed
        checked += 1


def test_qualifies_on_counts_a_closed_segment_that_runs_past_r_as_written():
    # no open segment, but the contract is written to run until 2025: its days count as written
    assert qualifies_on(spans(("2019-05-01", "2025-12-31")), R, 48) == D("2023-05-01")
    # ... and not beyond its written end
    assert qualifies_on(spans(("2019-05-01", "2022-06-30")), R, 48) is None


def _spans(*pairs: tuple[str, str | None]) -> list[Span]:
    return [Span(D(a), D(b) if b else None) for a, b in pairs]


@pytest.mark.parametrize("kept, removed, expected", [
    ([("2015-01-01", "2018-12-31")], [("2017-01-01", None)], [("2015-01-01", "2016-12-31")]),  # overlap at the end
    ([("2015-01-01", "2018-12-31")], [("2016-01-01", "2016-12-31")],
     [("2015-01-01", "2015-12-31"), ("2017-01-01", "2018-12-31")]),  # a hole in the middle
    ([("2016-03-01", "2016-06-30")], [("2015-01-01", None)], []),  # wholly inside
    ([("2019-01-01", None)], [], [("2019-01-01", "2021-12-31")]),  # nothing removed: cut at R - 1
    ([("2015-01-01", "2015-12-31")], [("2016-01-01", None)], [("2015-01-01", "2015-12-31")]),  # disjoint
])
def test_without_removes_the_overlapping_days(kept, removed, expected) -> None:
    assert without(_spans(*kept), _spans(*removed), R) == _spans(*expected)


def test_without_matches_a_day_by_day_count() -> None:
    rnd = random.Random(11)
    start = D("2012-01-01")
    for _ in range(300):
        def spans() -> list[Span]:
            out = []
            for _ in range(rnd.randint(0, 3)):
                a = start + timedelta(days=rnd.randint(0, 3600))
                out.append(Span(a, None if rnd.random() < 0.3 else a + timedelta(days=rnd.randint(0, 900))))
            return out
        kept, removed = spans(), spans()

        def days(group: list[Span]) -> set[date]:
            return {s.start + timedelta(days=i) for s in group
                    for i in range(((min(s.end, R - DAY) if s.end else R - DAY) - s.start).days + 1)}
        assert days(without(kept, removed, R)) == days(kept) - days(removed)

