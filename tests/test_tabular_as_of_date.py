"""A roster's 資料基準日 title row (「資料基準日：113年5月1日」 above the header, as offices print it) is the
plan's reference_date (PLAN_FORMAT.md: the date seniority is evaluated at; default 1 January of the plan
year) when no mapping file gives one, and the result says which cell it came from. Two sheets giving two
days are one finding naming both cells, and neither day is taken (a user trial).

The person: a 資深社工 on the 社安網 budget since 109/5/1: 3 years 8 months on 113/1/1 (SEN001), exactly
4 years on 113/5/1 (no finding).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
from cli_run import sncheck

from sncheck.read.document import read_document

KAOHSIUNG = ["--county", "高雄市", "--year", "113"]
SENIOR = ["A1", "王", "北區社福中心", "資深社工", "中央補助", "109/5/1", "社安網預算"]


def roster(path: Path, as_of: list[Any] | None = ("資料基準日：113年5月1日",), more_sheet: list[Any] | None = None) -> Path:
    """Sheet 人員名冊: title, the 資料基準日 row (``as_of``, beside 製表單位), the header, the senior; with
    ``more_sheet`` a second sheet 家防中心 whose first row is that 資料基準日 row."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "人員名冊"
    sheet.append(["高雄市113年度社安網人員名冊"])
    sheet.merge_cells("A1:G1")
    if as_of is not None:
        sheet.append([*as_of, None, None, "製表單位：社會局社工科"])
    sheet.append(["員工編號", "姓名", "組別", "職稱", "經費來源", "年資起日", "經費別"])
    sheet.append(SENIOR)
    if more_sheet is not None:
        other = book.create_sheet("家防中心")
        other.append(more_sheet)
        other.append(["員工編號", "姓名", "職稱", "經費來源"])
        other.append(["F1", "陳", "社工員", "中央補助"])
    book.save(path)
    return path


def findings(path: Path, *args: str) -> list[tuple[str, str, str]]:
    result = sncheck(["check", str(path), *KAOHSIUNG, "--format", "json", *args])
    assert result.exit_code in (0, 1), result.stderr
    return [(f["cell"], f["rule"], f["message"]) for f in result.json()["files"][0]["findings"]]


def imported(path: Path, tmp_path: Path, *args: str) -> Any:
    out = tmp_path / "plan.yaml"
    result = sncheck(["import", str(path), *KAOHSIUNG, "-o", str(out), "--force", *args])
    assert result.exit_code in (0, 1), result.stderr
    return read_document("plan.yaml", out.read_bytes()).data


def test_the_as_of_row_is_the_reference_date_and_the_result_says_where_it_came_from(tmp_path):
    path = roster(tmp_path / "r.xlsx")
    assert findings(path) == [
        ("人員名冊!A2", "IMPORT003", "計算年資的基準日：113/05/01（依 人員名冊!A2「資料基準日：113年5月1日」）")]
    assert imported(path, tmp_path)["reference_date"] == "2024-05-01"
    english = findings(path, "--lang", "en")
    assert english[0][2] == "seniority is counted to 2024-05-01 (from 人員名冊!A2 '資料基準日：113年5月1日')"


def test_without_the_row_the_plan_years_first_day_is_used(tmp_path):
    found = findings(roster(tmp_path / "r.xlsx", as_of=None))
    assert [(cell, rule) for cell, rule, _ in found] == [("人員名冊!3", "SEN001")]
    assert "至 113/01/01 社安網預算年資僅 3 年 8 個月" in found[0][2]


def test_the_label_in_one_cell_and_an_excel_date_in_the_next(tmp_path):
    path = roster(tmp_path / "r.xlsx", as_of=["資料基準日", datetime(2024, 5, 1)])
    assert findings(path) == [
        ("人員名冊!A2", "IMPORT003", "計算年資的基準日：113/05/01（依 人員名冊!A2「資料基準日 2024-05-01」）")]


def test_a_mapping_files_reference_date_wins_over_the_row(tmp_path):
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("reference_date: 113/1/1\n", encoding="utf-8")
    found = findings(roster(tmp_path / "r.xlsx"), "--mapping", str(mapping))
    assert [(cell, rule) for cell, rule, _ in found] == [("人員名冊!4", "SEN001")]


def test_two_sheets_giving_two_days_are_one_finding_naming_both_and_neither_is_taken(tmp_path):
    path = roster(tmp_path / "r.xlsx", more_sheet=["資料基準日：113年1月1日"])
    found = findings(path)
    assert [(cell, rule) for cell, rule, _ in found] == [
        ("人員名冊!4", "SEN001"), ("家防中心!A1", "IMPORT001"), ("家防中心!2", "IMPORT003")]
    assert found[1][2] == ("資料基準日不一致：人員名冊!A2「資料基準日：113年5月1日」，家防中心!A1「資料基準日：113年1月1日」；"
                           "兩者都未採用，年資計算至計畫年度的 1 月 1 日。請把各工作表的資料基準日改成同一天；"
                           "或在對照檔寫 reference_date")
    assert "reference_date" not in imported(path, tmp_path)


def test_two_sheets_giving_the_same_day_agree(tmp_path):
    path = roster(tmp_path / "r.xlsx", more_sheet=["資料基準日：113/05/01"])
    assert [(cell, rule) for cell, rule, _ in findings(path)] == [("人員名冊!A2", "IMPORT003"), ("家防中心!2", "IMPORT003")]


def test_an_as_of_row_that_is_no_date_is_said_not_guessed(tmp_path):
    found = findings(roster(tmp_path / "r.xlsx", as_of=["資料基準日：113年2月30日"]))
    assert [(cell, rule) for cell, rule, _ in found] == [("人員名冊!A2", "IMPORT001"), ("人員名冊!4", "SEN001")]
    assert found[0][2] == "人員名冊!A2「資料基準日：113年2月30日」不是可讀的日期，未作為計算年資的基準日"
