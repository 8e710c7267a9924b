"""County and plan year read from a roster's file name, for a national batch of workbooks.

A workbook carries no county of its own (a plan file says ``county:``), and a
central reviewer's folder holds all 22 counties' rosters at once, so one
``--county`` cannot serve them. Reviewers name files by county and year
(``臺中市-111-人員名冊.xlsx``, ``111年台南市.xlsx``): when the file name names
exactly one county and exactly one ROC year, those are used. Anything less
certain (two counties, two years, none) gives nothing, and the roster gets
the usual SCHEMA001 for the missing field instead of a guess.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from sncheck.model.vocabulary import COUNTIES, canonical_county

if TYPE_CHECKING:
    from sncheck.tabular.convert import ImportSettings

_ROC_YEAR = re.compile(r"(?<!\d)(1\d\d)(?!\d)")  # ROC 100–199 as a number of its own (not in 2022, not 1110)


def facts_from_file_name(path: str | Path) -> tuple[str | None, int | None]:
    """(county, ROC plan year) named by the file name, each None unless exactly one is named."""
    stem = canonical_county(Path(path).stem)  # 台 → 臺 wherever it stands in a county name
    counties = {county for county in COUNTIES if county in stem}
    years = {int(year) for year in _ROC_YEAR.findall(stem)}
    return (counties.pop() if len(counties) == 1 else None, years.pop() if len(years) == 1 else None)


def fill_from_file_name(county: str | None, plan_year: int | None,
                        path: str | Path) -> tuple[str | None, int | None]:
    """County and year as given, each filled from the file name only where missing (what the user
    said always wins)."""
    if county and plan_year is not None:
        return county, plan_year
    named_county, named_year = facts_from_file_name(path)
    return county or named_county, plan_year if plan_year is not None else named_year


def with_file_name_facts(settings: "ImportSettings", path: str | Path) -> "ImportSettings":
    """``settings`` with county/year filled from the file name where the options and the mapping file
    gave none."""
    county, plan_year = fill_from_file_name(settings.county, settings.plan_year, path)
    return replace(settings, county=county, plan_year=plan_year)
