"""A team no 單位/組別 column names (a sheet per centre, named for it; a heading row above a centre's rows) is
still named at a cell an officer can go to: ``北區家庭服務中心!A3``, never ``北區家庭服務中心!3`` (a user trial).

The cell is the one naming the team where there is one (a heading row's cell; a title cell holding the sheet's
name), else the row's 單位類型 cell, else the first cell of the team's first row. Every team-level reference
uses it: the findings (``cell`` of ``--format json`` and the text output), the page's unit-type question, the
tick box of SUP001's fix, and the annotated workbook (comment, fill and the 檢核結果 link).

Workbooks are built as offices keep them: title rows above the header, a sheet per centre, a count row.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Sequence

import openpyxl
from cli_run import sncheck

from sncheck.tabular.convert import ImportSettings, Sources, convert_files
from sncheck.tabular.mapping import ImportMapping
from sncheck.tabular.questions import Answers, ask

KAOHSIUNG = ["--county", "高雄市", "--year", "113"]
BARE_ROW = re.compile(r"!\d+$")


def centre_rows(first_id: int = 1) -> list[list[Any]]:
    """8 social workers and 2 centrally funded supervisors: one supervisor more than SUP001 allows."""
    rows = [[n, f"社工{n}", "社工員", "中央補助", 328] for n in range(first_id, first_id + 8)]
    return rows + [[first_id + 8, "督導甲", "督導", "中央補助", 400], [first_id + 9, "督導乙", "督導", "中央補助", 400]]


def centre_sheet(path: Path, name: str, title: str, header: Sequence[str] = ("序號", "姓名", "職稱", "經費來源", "薪點"),
                 rows: Sequence[Sequence[Any]] | None = None) -> Path:
    """One sheet named for the centre: a merged title, a 資料基準日 row, a blank row, the header at row 4,
    the people from row 5, then a 小計 row."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = name
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet.append(["資料基準日：113年5月1日"])
    sheet.append([])
    sheet.append(list(header))
    people = centre_rows() if rows is None else rows
    for row in people:
        sheet.append(list(row))
    sheet.append(["小計", None, f"{len(people)}人"])
    book.save(path)
    return path


def check(path: Path, *args: str) -> dict[str, Any]:
    result = sncheck(["check", str(path), *KAOHSIUNG, "--format", "json", *args])
    assert result.exit_code in (0, 1), result.stderr
    return result.json()["files"][0]


def team_findings(path: Path) -> list[tuple[str, str]]:
    """(cell, rule) of every finding about a team as a whole."""
    return [(f["cell"], f["rule"]) for f in check(path)["findings"] if re.fullmatch(r"/teams/\d+(/.*)?", f["pointer"])]


def test_a_team_named_by_its_sheet_is_at_its_first_rows_first_cell_not_a_bare_row(tmp_path):
    path = centre_sheet(tmp_path / "r.xlsx", "北區社福中心", "高雄市113年度社安網社工人員名冊")
    assert team_findings(path) == [("北區社福中心!A5", "SUP001")]
    text = sncheck(["check", str(path), *KAOHSIUNG])
    assert f"{path}:北區社福中心!A5: SUP001 error" in text.stdout


def test_a_title_cell_naming_the_sheet_is_the_teams_cell(tmp_path):
    path = centre_sheet(tmp_path / "r.xlsx", "北區社福中心", "北區社福中心 113年度社安網社工人員名冊")
    assert team_findings(path) == [("北區社福中心!A1", "SUP001")]


def test_the_unit_type_question_and_its_finding_name_a_cell(tmp_path):
    """The trial's case: 北區家庭服務中心 says no unit type."""
    path = centre_sheet(tmp_path / "r.xlsx", "北區家庭服務中心", "高雄市113年度社安網社工人員名冊")
    found = [(f["cell"], f["rule"], f["message"]) for f in check(path)["findings"] if f["pointer"].startswith("/teams/")]
    assert [(cell, rule) for cell, rule, _ in found] == [("北區家庭服務中心!A5", "SCHEMA001")]
    assert found[0][2].startswith("組別 北區家庭服務中心的單位類型無法判定：請在「北區家庭服務中心」加上「單位類型」欄，"
                                  "為各列填組別的單位類型，或在工作表名稱寫出單位類型（例如「北區社福中心」）")
    asked = ask(convert_files(Sources(path), ImportSettings()), ImportMapping(), Answers())
    assert [(u.team, u.cells, u.named_by, u.header) for u in asked.units] == \
        [("北區家庭服務中心", ("北區家庭服務中心!A5",), "sheet", None)]


def test_an_empty_unit_type_column_is_the_cell_to_fill(tmp_path):
    header = ("序號", "姓名", "職稱", "經費來源", "薪點", "單位類型")
    path = centre_sheet(tmp_path / "r.xlsx", "北區家庭服務中心", "北區家庭服務中心名冊", header)
    found = [(f["cell"], f["message"]) for f in check(path)["findings"] if f["pointer"].startswith("/teams/")]
    assert found[0][0] == "北區家庭服務中心!F5"
    assert found[0][1].startswith("組別 北區家庭服務中心的單位類型無法判定：請在 北區家庭服務中心!F5「單位類型」填這個組別的單位類型")


def heading_workbook(path: Path) -> Path:
    """One sheet 人員名冊 whose centres are heading rows (前鎮社福中心 at A3) above their people."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "人員名冊"
    sheet.append(["高雄市113年度社安網社工人員名冊"])
    sheet.append(["員工編號", "姓名", "職稱", "經費來源"])
    sheet.append(["前鎮社福中心"])
    for n, name, role, funding, _ in centre_rows():
        sheet.append([f"K{n:02d}", name, role, funding])
    book.save(path)
    return path


def test_a_team_named_by_a_heading_row_is_at_the_headings_cell(tmp_path):
    assert team_findings(heading_workbook(tmp_path / "r.xlsx")) == [("人員名冊!A3", "SUP001")]


def test_the_annotated_workbook_marks_and_links_the_teams_cell(tmp_path):
    path = centre_sheet(tmp_path / "r.xlsx", "北區社福中心", "北區社福中心 113年度社安網社工人員名冊")
    out = tmp_path / "annotated.xlsx"
    result = sncheck(["check", str(path), *KAOHSIUNG, "--annotate", str(out)])
    assert result.exit_code == 1, result.stderr
    book = openpyxl.load_workbook(out)
    sheet = book["北區社福中心"]
    assert "SUP001" in sheet["A1"].comment.text and sheet["A1"].fill.fgColor.rgb == "FFFFC7CE"
    assert sheet["B1"].comment is None  # a cell, not the title row
    listed = [(row[1].value, row[1].hyperlink.location if row[1].hyperlink else None)
              for row in book["檢核結果"].iter_rows(min_row=2) if row[2].value and str(row[2].value).startswith("SUP001")]
    assert listed == [("A1", "'北區社福中心'!A1")]


def test_no_team_level_finding_of_an_office_layout_names_a_bare_row(tmp_path):
    """Every layout that names a team without a column: sheet per centre (with and without a title naming
    it, with a 單位類型 column), heading rows."""
    paths = [centre_sheet(tmp_path / "a.xlsx", "北區家庭服務中心", "名冊"),
             centre_sheet(tmp_path / "b.xlsx", "北區社福中心", "北區社福中心名冊"),
             centre_sheet(tmp_path / "c.xlsx", "北區社福中心", "名冊", ("序號", "姓名", "職稱", "經費來源", "薪點", "單位類型"),
                          [[*row, "社福中心"] for row in centre_rows()]),
             heading_workbook(tmp_path / "d.xlsx")]
    for path in paths:
        cells = team_findings(path)
        assert cells and not [cell for cell, _ in cells if BARE_ROW.search(cell)], (path.name, cells)
        conversion = convert_files(Sources(path), ImportSettings())
        assert conversion.cells["/teams/0"].column is not None


def test_heading_rows_on_the_roster_sheet_are_its_team_column_not_a_missing_one(tmp_path):
    """Sheet 人員名冊 (the roster's usual name) with no 單位/組別 column and its people under heading rows: the
    headings name the teams, so the header row is not said to lack 單位/組別; a person above the first
    heading still has no team, and is told so at that row."""
    found = [(f["cell"], f["rule"], f["message"]) for f in check(heading_workbook(tmp_path / "r.xlsx"))["findings"]]
    assert [(cell, rule) for cell, rule, _ in found] == [("人員名冊!2", "IMPORT003"), ("人員名冊!3", "IMPORT003"),
                                                         ("人員名冊!A3", "SUP001")]
    assert found[0][2] == "工作表「人員名冊」沒有單位/組別欄，以單位標題列（如 人員名冊!A3）為其下各列的組別"
    book = openpyxl.load_workbook(tmp_path / "r.xlsx")
    book["人員名冊"].insert_rows(3)
    for column, value in enumerate(["K00", "無組", "社工員", "中央補助"], start=1):
        book["人員名冊"].cell(3, column, value)
    book.save(tmp_path / "above.xlsx")
    found = [(f["cell"], f["rule"], f["message"]) for f in check(tmp_path / "above.xlsx")["findings"]]
    # (whose team that person is in is unknown, so the ratio of 前鎮社福中心 is left undecided, and said so)
    assert [(cell, rule) for cell, rule, _ in found if rule != "IMPORT003"] == [("人員名冊!3", "SCHEMA001")]
    assert "缺少「單位/組別」" in found[1][2]


def test_the_imported_plan_says_what_named_each_team(tmp_path):
    """``sncheck import``'s comment above a team says where it came from: the sheet's name (at its cell) or a
    heading row, not 「…的單位/組別」 (a column the workbook does not have)."""
    def team_comments(path: Path) -> list[str]:
        out = tmp_path / f"{path.stem}.yaml"
        result = sncheck(["import", str(path), *KAOHSIUNG, "-o", str(out), "--force"])
        assert result.exit_code in (0, 1), result.stderr
        text = out.read_text(encoding="utf-8")
        return [line.strip() for line in text[text.index("teams:"):text.index("staff:")].splitlines() if "建立" in line]

    sheet = centre_sheet(tmp_path / "a.xlsx", "北區社福中心", "北區社福中心 113年度社安網社工人員名冊")
    assert team_comments(sheet) == ["# 由工作表名稱「北區社福中心」建立（北區社福中心!A1）"]
    assert team_comments(heading_workbook(tmp_path / "b.xlsx")) == ["# 由 人員名冊!A3 的單位標題列建立"]
