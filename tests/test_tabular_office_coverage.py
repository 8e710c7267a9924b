"""Coverage on the layouts offices keep (issues 19 and 21 together): a column that stands in for another
counts as present, so a rule that did run is never reported as "could not run".

- a sheet per unit has no 單位 column: the sheet's name is the team, so the supervisor ratio ran in full;
- a declared 社安網年資(年) column without a history sheet: SEN001 ran on the county's figures, in full;
- the same roster without any service-length column: SEN001 could not run, and says which column it needs.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from office_workbooks import Person, sheet_per_unit_workbook, two_row_header_workbook
from sncheck.cli import main


def _coverage(path: Path) -> dict[str, dict]:
    result = CliRunner().invoke(main, ["check", str(path), "--county", "高雄市", "--year", "111", "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    document = json.loads(result.output)
    coverage = document["files"][0]["coverage"]
    return {entry["rule"]: entry for entry in coverage["rules"]}


def _status(entry: dict | None) -> str:
    return "full" if entry is None else entry["status"]


def test_a_sheet_per_unit_roster_has_its_team_from_the_sheet_name(tmp_path: Path) -> None:
    people = [Person(f"社工{i}") for i in range(7)] + [Person("督導甲", role="督導"), Person("督導乙", role="督導")]
    path = sheet_per_unit_workbook(tmp_path / "高雄市-111.xlsx", {"前鎮社福中心": people}, history=False,
                                   extra_sheets=False)
    rules = _coverage(path)
    assert _status(rules.get("SUP001")) == "full", rules.get("SUP001")


def test_a_declared_ssn_years_column_lets_the_seniority_rule_run(tmp_path: Path) -> None:
    people = [Person("甲", role="資深社工", ssn_years=2.5, unit="前鎮社福中心", group="兒少組"),
              Person("乙", ssn_years=1.0, unit="前鎮社福中心", group="兒少組")]
    rules = _coverage(two_row_header_workbook(tmp_path / "高雄市-111.xlsx", people))
    assert _status(rules.get("SEN001")) == "full", rules.get("SEN001")


def test_a_one_sheet_roster_is_told_it_has_no_teams_sheet_not_that_a_column_of_it_is_missing(tmp_path: Path) -> None:
    """A user trial: 「組別表沒有「計畫別」欄」 named a sheet the county does not have."""
    people = [Person("甲", unit="前鎮社福中心", group="兒少組"), Person("乙", unit="前鎮社福中心", group="兒少組")]
    rules = _coverage(two_row_header_workbook(tmp_path / "高雄市-111.xlsx", people))
    assert rules["CASE001"]["message"] == ("案量比規定（CASE001）未檢核：活頁簿沒有組別表（含「計畫別」欄；可加一張組別表，"
                                           "或用對照檔／網頁的問題補上）")
