"""Issue 19, part 1: the roster layouts county offices keep, read with no mapping file.

Every workbook here is built like an office builds it (tests/office_workbooks.py): title rows, two-row
headers with tick columns, a sheet per unit, 單位 beside 組別, 序號 instead of an id, subtotal, footnote,
signature and repeated header rows, non-roster sheets, history kept by 姓名, declared years. The tests
assert the exact findings at sheet!cell and the exact rows and sheets left out.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from cli_run import sncheck
from office_workbooks import (Person, no_roster_workbook, sheet_per_unit_workbook, two_row_header_workbook,
                              unit_and_group_workbook)

from sncheck.read.document import read_document

KAOHSIUNG = ["--county", "高雄市", "--year", "111"]


def findings(path: Path, *args: str) -> list[tuple[str, str, str]]:
    """(cell, rule, message) of every finding of ``sncheck check --format json``."""
    result = sncheck(["check", str(path), *KAOHSIUNG, "--format", "json", *args])
    assert result.exit_code in (0, 1), result.stderr
    return [(f["cell"], f["rule"], f["message"]) for f in result.json()["files"][0]["findings"]]


def cells(path: Path, *args: str) -> list[tuple[str, str]]:
    return [(cell, rule) for cell, rule, _ in findings(path, *args)]


def imported(path: Path, tmp_path: Path, *args: str) -> Any:
    out = tmp_path / "plan.yaml"
    result = sncheck(["import", str(path), *KAOHSIUNG, "-o", str(out), "--force", *args])
    assert result.exit_code in (0, 1), result.stderr
    return read_document("plan.yaml", out.read_bytes()).data


def skipped(path: Path) -> list[str]:
    return [message for _, rule, message in findings(path) if rule == "IMPORT003"]


KAOHSIUNG_PEOPLE = [
    Person("王小明", unit="前鎮社福中心", group="兒少組"),
    Person("李大華", role="資深社工", unit="前鎮社福中心", group="兒少組", ssn_years=2.8, prior_years=1.5),
    Person("陳美玲", role="督導", pay=400, unit="前鎮社福中心", group="兒少組", ssn_years=6),
    Person("林志強", funding="地方自籌", unit="前鎮社福中心", group="成人組"),
    Person("張惠如", protective="是", pay=360, unit="家防中心", group="保護一組"),
    Person("黃建國", role="資深社工", unit="家防中心", group="保護一組", ssn_years=5),
]


# --------------------------------------------------------------------------- two-row header, ticks, totals


def test_a_two_row_header_under_title_rows_reads_with_ticks_and_skips_totals_notes_and_signatures(tmp_path):
    path = two_row_header_workbook(tmp_path / "高雄市111年人力配置表.xlsx", KAOHSIUNG_PEOPLE)
    assert findings(path) == [
        ("人力配置表!A2", "IMPORT003", "計算年資的基準日：111/01/01（依 人力配置表!A2「資料基準日：111年1月1日」）"),
        ("人力配置表!4", "IMPORT003", "工作表「人力配置表」沒有員工編號欄，以序號為人員編號"),
        ("人力配置表!L4", "IMPORT002", "不認得的欄位「備註」：內容原樣保留，但未用於檢核；它的欄名不像範本的任何一欄；"
                                     "若檢核需要它，請把欄名改成範本的欄名"),  # issue 21: no x-, no 對照檔
        ("人力配置表!D6", "SUP001", "組別 前鎮社福中心/兒少組 有直接服務人員 2 名，依每 7 名設督導 1 名之基準，中央可補助督導 0 名，"
                                  "但申請中央補助督導 1 名（超出 1 名）"),
        ("人力配置表!7", "SEN001", "第 7 列（編號 序號2）列為資深社工，但縣市填報的社安網年資為 2.8 年（2 年 9 個月，未滿 4 年）；"
                                 "前職年資 1.5 年未說明經費別，不予採計；此結果依縣市填報的年資數字，未依任職紀錄起訖日計算"),
        ("人力配置表!10", "IMPORT003", "略過 人力配置表 第 10、14 列（小計列）"),
        ("人力配置表!11", "IMPORT003", "略過 人力配置表 第 11 列（空白列）"),
        ("人力配置表!12", "PAY002", "第 12 列（編號 序號5）為保護性人員，支領 360 俸點，但沒有任職紀錄（年資），無法檢核保護性服務資歷"),
        ("人力配置表!15", "IMPORT003", "略過 人力配置表 第 15 列（合計列）"),
        ("人力配置表!16", "IMPORT003", "略過 人力配置表 第 16 列（附註列）"),
        ("人力配置表!17", "IMPORT003", "略過 人力配置表 第 17 列（簽核列）"),
    ]
    plan = imported(path, tmp_path)
    assert [(s["id"], s["team"], s["role"], s["funding"]) for s in plan["staff"]] == [
        ("序號1", "前鎮社福中心/兒少組", "social_worker", "central"),
        ("序號2", "前鎮社福中心/兒少組", "senior_social_worker", "central"),
        ("序號3", "前鎮社福中心/兒少組", "supervisor", "central"),
        ("序號4", "前鎮社福中心/成人組", "social_worker", "county"),
        ("序號5", "家防中心/保護一組", "social_worker", "central"),
        ("序號6", "家防中心/保護一組", "senior_social_worker", "central"),
    ]
    assert [t["unit_type"] for t in plan["teams"]] == ["social_welfare_center"] * 2 + ["family_violence_center"]
    assert plan["staff"][1]["declared_ssn_years"] == 2.8 and plan["staff"][1]["declared_prior_years"] == 1.5


@pytest.mark.parametrize("tick", ["V", "v", "✓", "○", "1", 1])
def test_every_tick_office_use_reads_as_the_parent_fields_value(tmp_path, tick):
    path = two_row_header_workbook(tmp_path / "r.xlsx", KAOHSIUNG_PEOPLE[3:5], tick=tick, subtotals=False)
    plan = imported(path, tmp_path)
    assert [s["funding"] for s in plan["staff"]] == ["county", "central"]


def test_two_ticks_for_one_field_or_none_are_reported_at_the_row_not_guessed(tmp_path):
    path = two_row_header_workbook(tmp_path / "r.xlsx", KAOHSIUNG_PEOPLE[:2], subtotals=False)
    book = openpyxl.load_workbook(path)
    sheet = book["人力配置表"]
    sheet["G6"] = "V"  # 序號1 ticked under both 中央補助 and 地方自籌
    sheet["F7"] = None  # 序號2 ticked nowhere
    book.save(path)
    found = [(cell, rule) for cell, rule, _ in findings(path) if rule.startswith("SCHEMA")]
    assert found == [("人力配置表!F6", "SCHEMA001"), ("人力配置表!7", "SCHEMA001")]
    messages = [m for _, rule, m in findings(path) if rule == "SCHEMA001"]
    assert "「人事經費來源/中央補助」" in messages[0] and "中央補助、地方自籌" in messages[0]


def test_a_parent_row_of_group_words_only_is_joined_and_its_columns_named_by_the_lower_row(tmp_path):
    """基本資料 / 職務 / 經費 over the real headers, the parents naming no field at all; a 年資 parent over
    起日 / 迄日 joins into 年資起日 / 年資迄日; a 資料基準日 row right above it is not a parent."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "名冊"
    sheet.append(["資料基準日：111/1/1", None, "製表：社會局"])
    sheet.append(["基本資料", None, None, "職務", None, "經費", "年資", None, None])
    sheet.append(["員工編號", "姓名", "單位/組別", "職稱", "薪點", "經費來源", "起日", "迄日", "經費別"])
    sheet.merge_cells("A2:C2")
    sheet.merge_cells("D2:E2")
    sheet.merge_cells("G2:I2")
    sheet.append(["A1", "王", "北區社福中心", "資深社工", 330, "中央補助", "108/1/1", None, "社安網預算"])
    sheet.append(["A2", "陳", "北區社福中心", "社工員", 328, "中央補助", "110/1/1", None, "社安網預算"])
    book.save(tmp_path / "r.xlsx")
    assert findings(tmp_path / "r.xlsx") == [
        ("名冊!A1", "IMPORT003", "計算年資的基準日：111/01/01（依 名冊!A1「資料基準日：111/1/1」）"),
        ("名冊!4", "SEN001", "第 4 列（編號 A1）列為資深社工，但至 111/01/01 社安網預算年資僅 3 年 0 個月（未滿 4 年）；"
                            "地方自聘或其他經費年資 0 年 0 個月不予採計"),
    ]


# --------------------------------------------------------------------------- a sheet per unit, history by name


def _units() -> dict[str, list[Person]]:
    return {
        "前鎮社福中心": [
            Person("王小明", history=[(datetime(2019, 1, 1), None, "社安網預算", "否", "高雄市政府社會局")]),
            Person("李大華", role="資深社工", history=[("108/3/1", None, "社安網預算", "否", "社會局"),
                                                  ("105/1/1", "108/2/28", "地方自聘", "否", "社會局")]),
            Person("陳美玲", role="督導", pay=400, history=[("104/1/1", None, "社安網預算", "否", "")]),
        ],
        "家防中心": [
            Person("張惠如", protective="是", pay=360, history=[("109/7/1", None, "社安網預算", "是", "家防中心")]),
            Person("王小明", history=[("110/1/1", None, "社安網預算", "是", "家防中心")]),  # the same name again
        ],
    }


def test_a_sheet_per_unit_with_history_by_name_and_non_roster_sheets(tmp_path):
    path = sheet_per_unit_workbook(tmp_path / "r.xlsx", _units())
    assert cells(path) == [
        ("附件封面!1", "IMPORT003"),
        ("前鎮社福中心!2", "IMPORT003"), ("前鎮社福中心!2", "IMPORT003"),
        ("前鎮社福中心!A3", "SUP001"), ("前鎮社福中心!4", "SEN001"),  # the team: a cell
        ("前鎮社福中心!6", "IMPORT003"), ("前鎮社福中心!7", "IMPORT003"),
        ("家防中心!2", "IMPORT003"), ("家防中心!2", "IMPORT003"),
        ("家防中心!3", "PAY001"),
        ("家防中心!5", "IMPORT003"), ("家防中心!6", "IMPORT003"),
        ("年資明細!A2", "IMPORT001"), ("年資明細!A7", "IMPORT001"),
        ("統計!1", "IMPORT003"), ("說明!1", "IMPORT003"), ("代碼表!1", "IMPORT003"),  # 說明, 代碼表: by name
        ("填表說明!1", "IMPORT003"),
    ]
    assert skipped(path) == [
        "略過 工作表「附件封面」（不是人員名冊，也不是年資、組別或經費需求表）",
        "工作表「前鎮社福中心」沒有員工編號欄，以序號為人員編號",
        "工作表「前鎮社福中心」沒有單位/組別欄，以工作表名稱「前鎮社福中心」為組別",
        "略過 前鎮社福中心 第 6 列（小計列）",
        "略過 前鎮社福中心 第 7 列（附註列）",
        "工作表「家防中心」沒有員工編號欄，以序號為人員編號",
        "工作表「家防中心」沒有單位/組別欄，以工作表名稱「家防中心」為組別",
        "略過 家防中心 第 5 列（小計列）",
        "略過 家防中心 第 6 列（附註列）",
        "略過 工作表「統計」（不是人員名冊，也不是年資、組別或經費需求表）",
        "略過 工作表「說明」（說明或代碼表，依工作表名稱略過）",
        "略過 工作表「代碼表」（說明或代碼表，依工作表名稱略過）",
        "略過 工作表「填表說明」（不是人員名冊，也不是年資、組別或經費需求表）",
    ]
    messages = {cell: message for cell, _, message in findings(path)}
    assert messages["年資明細!A2"] == ("這列年資的姓名在人員名冊有 2 位（前鎮社福中心!第3列、家防中心!第4列），無法判定屬於誰，"
                                   "未採計；請在名冊與年資表都加上員工編號")
    assert "王小明" not in "".join(messages.values())  # names are personal data, rows say who
    assert messages["前鎮社福中心!4"].startswith("前鎮社福中心第 4 列（編號 前鎮社福中心-序號2）列為資深社工，"
                                             "但至 111/01/01 社安網預算年資僅 2 年 10 個月")  # issue 21: row, id, ROC
    plan = imported(path, tmp_path)
    # 李大華's two stretches: the merged 姓名 cell carries the second row to the same person
    assert plan["staff"][1]["history"] == [
        {"from": "2019-03-01", "budget": "ssn", "protective": False, "employer": "社會局"},
        {"from": "2016-01-01", "to": "2019-02-28", "budget": "county", "protective": False, "employer": "社會局"}]
    assert [s["team"] for s in plan["staff"]] == ["前鎮社福中心"] * 3 + ["家防中心"] * 2
    assert "history" not in plan["staff"][0] and "history" not in plan["staff"][4]  # the shared name: no guess


def test_a_history_name_nobody_has_is_a_finding_at_its_cell(tmp_path):
    units = _units()
    units["家防中心"][0].history = [("109/7/1", None, "社安網預算", "是", "家防中心")]
    path = sheet_per_unit_workbook(tmp_path / "r.xlsx", {"家防中心": units["家防中心"][:1]}, extra_sheets=False)
    book = openpyxl.load_workbook(path)
    book["年資明細"].append(["路人甲", "110/1/1", None, "社安網預算", "否", "社會局"])
    book.save(path)
    assert [f for f in findings(path) if f[1] == "IMPORT001"] == [
        ("年資明細!A3", "IMPORT001", "這列年資的姓名不在人員名冊中，無法歸屬到任何人員")]


def test_a_unit_heading_row_names_the_team_of_the_rows_under_it(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "人員名冊"
    sheet.append(["員工編號", "姓名", "職稱", "經費來源"])
    sheet.append(["前鎮社福中心"])
    sheet.append(["A1", "王", "社工員", "中央補助"])
    sheet.append([])
    sheet.append(["家防中心"])
    sheet.append(["B1", "陳", "社工員", "地方自籌"])
    book.save(tmp_path / "r.xlsx")
    plan = imported(tmp_path / "r.xlsx", tmp_path)
    assert [(s["id"], s["team"]) for s in plan["staff"]] == [("A1", "前鎮社福中心"), ("B1", "家防中心")]
    assert skipped(tmp_path / "r.xlsx") == ["工作表「人員名冊」沒有單位/組別欄，以單位標題列（如 人員名冊!A2）為其下各列的組別",
                                            "略過 人員名冊 第 2、5 列（單位標題列）", "略過 人員名冊 第 4 列（空白列）"]
    assert [rule for _, rule, _ in findings(tmp_path / "r.xlsx")] == ["IMPORT003"] * 3  # no 「缺少必要欄位」


# --------------------------------------------------------------------------- 單位 + 組別, repeated header, bad cells


def test_unit_and_group_columns_hidden_columns_comments_a_repeated_header_and_a_formula_error(tmp_path):
    people = [Person(f"人{n}", unit="前鎮社福中心" if n < 5 else "家防中心", group="一組" if n % 2 else "二組",
                     note="#REF!" if n == 3 else None, role="督導" if n == 7 else "社工員", pay=400 if n == 7 else 328)
              for n in range(1, 8)]
    path = unit_and_group_workbook(tmp_path / "r.xlsx", people, page_rows=4)
    assert findings(path) == [
        ("社工人員名冊!A2", "IMPORT003", "計算年資的基準日：111/01/01（依 社工人員名冊!A2「資料基準日：111年1月1日」）"),
        ("社工人員名冊!H6", "IMPORT001", "儲存格 社工人員名冊!H6 是公式錯誤值 #REF!，無法讀取；此格當作空白，其餘照常檢核"),
        ("社工人員名冊!8", "IMPORT003", "略過 社工人員名冊 第 8 列（重複的標題列）"),
        ("社工人員名冊!E9", "SUP001", "組別 家防中心/一組 有直接服務人員 1 名，依每 7 名設督導 1 名之基準，中央可補助督導 0 名，"
                                   "但申請中央補助督導 1 名（超出 1 名）"),
        ("社工人員名冊!12", "IMPORT003", "略過 社工人員名冊 第 12 列（總計列）"),
        ("社工人員名冊!13", "IMPORT003", "略過 社工人員名冊 第 13 列（簽核列）"),
    ]
    plan = imported(path, tmp_path)
    assert [s["team"] for s in plan["staff"]] == ["前鎮社福中心/一組", "前鎮社福中心/二組", "前鎮社福中心/一組",
                                                   "前鎮社福中心/二組", "家防中心/一組", "家防中心/二組", "家防中心/一組"]
    assert "pay_points" not in plan["staff"][2]  # the #REF! cell: empty, the rest of the row read
    assert plan["staff"][0]["national_id"] == "A123456789"  # the hidden column is read (and masked in output)
    assert "national_id" not in imported(path, tmp_path, "--no-names")["staff"][0]


def test_a_workbook_with_no_roster_gets_one_message_saying_what_was_looked_for(tmp_path):
    path = no_roster_workbook(tmp_path / "r.xlsx")
    result = sncheck(["check", str(path), *KAOHSIUNG])
    assert result.exit_code == 1
    assert findings(path) == [
        ("附件封面!1", "IMPORT001", "這個活頁簿裡找不到人員名冊：工作表 「附件封面」、「統計」、「說明」 的前 15 列都沒有名冊的標題列"
                                 "（要有 員工編號、姓名 或 序號 之一，以及 職稱 或 經費來源）；請確認選對檔案，"
                                 "或把標題列的欄名改成範本的欄名（例如「員工編號」「職稱」）"),
    ]


def test_a_roster_without_any_known_header_is_the_same_one_message_not_an_error_per_row(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append(["Staff", "Job title", "Paid by"])
    for n in range(70):
        sheet.append([f"P{n}", "social worker", "central"])
    book.save(tmp_path / "r.xlsx")
    assert cells(tmp_path / "r.xlsx") == [("Sheet1!1", "IMPORT001")]


# --------------------------------------------------------------------------- declared years


def _declared(tmp_path: Path, **person: Any) -> Path:
    return two_row_header_workbook(tmp_path / "r.xlsx", [Person("王", unit="北區社福中心", **person)], subtotals=False)


@pytest.mark.parametrize("years, found", [(4, []), (3.99, ["SEN001"]), (2.8, ["SEN001"]), (None, ["SEN002"])])
def test_a_declared_ssn_figure_stands_in_for_the_history_of_a_senior(tmp_path, years, found):
    path = _declared(tmp_path, role="資深社工", ssn_years=years)
    assert [rule for _, rule, _ in findings(path, "--select", "SEN")] == found


def test_the_declared_figure_is_said_in_english_too(tmp_path):
    path = _declared(tmp_path, role="資深社工", ssn_years=2.8)
    (message,) = [m for _, rule, m in findings(path, "--lang", "en") if rule == "SEN001"]
    assert message == ("row 6 (id 序號1) is listed as a senior social worker but the county declares 2.8 years on the SSN "
                       "budget (2 y 9 m, needs 4 y); this rests on the county's declared figure, not on dated service "
                       "history")


def test_a_declared_protective_figure_is_used_by_the_360_point_rule(tmp_path):
    path = _declared(tmp_path, protective="是", pay=360)
    book = openpyxl.load_workbook(path)
    book["人力配置表"]["J5"] = "保護性年資(年)"  # the county declares protective years instead of SSN years
    book["人力配置表"]["J6"] = 1.5
    book.save(path)
    (finding,) = [f for f in findings(path) if f[1].startswith("PAY")]
    assert finding == ("人力配置表!6", "PAY001", "第 6 列（編號 序號1）為保護性人員，支領 360 俸點，但縣市填報的保護性服務年資為 1.5 年（1 年 6 個月，"
                                             "須滿 3 年）；此結果依縣市填報的年資數字，未依任職紀錄起訖日計算")


def test_dated_history_wins_over_a_declared_figure(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "人員名冊"
    sheet.append(["員工編號", "單位", "職稱", "經費來源", "社安網年資(年)", "年資起日", "經費別"])
    sheet.append(["A1", "北區社福中心", "資深社工", "中央補助", 9, "110/1/1", "社安網預算"])
    book.save(tmp_path / "r.xlsx")
    (message,) = [m for _, rule, m in findings(tmp_path / "r.xlsx") if rule == "SEN001"]
    assert "社安網預算年資僅 1 年 0 個月" in message


def test_a_column_missing_from_the_header_is_one_finding_not_one_per_row(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "人員名冊"
    sheet.append(["員工編號", "姓名", "單位", "職稱"])  # no 經費來源 at all
    for n in range(70):
        sheet.append([f"A{n}", f"人{n}", "北區社福中心", "社工員" if n != 5 else "社工師"])
    book.save(tmp_path / "r.xlsx")
    assert cells(tmp_path / "r.xlsx") == [("人員名冊!1", "IMPORT001"), ("人員名冊!D7", "SCHEMA001")]
    assert findings(tmp_path / "r.xlsx")[0][2] == "標題列缺少必要欄位「經費來源」（各列缺這一欄不再逐列列出）"


def _damage(path: Path, cell: str, stored: str) -> None:
    """Rewrite one cell's stored value in the sheet XML, as a broken export or a bad tool leaves it."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode("utf-8")
    damaged = re.sub(rf'(<c r="{cell}"[^>]*>)<v>[^<]*</v>', rf"\g<1><v>{stored}</v>", sheet, count=1)
    assert damaged != sheet
    parts["xl/worksheets/sheet1.xml"] = damaged.encode("utf-8")
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


@pytest.mark.parametrize("stored", ["abc", "1e999999x"])
def test_a_damaged_cell_is_named_at_its_cell_and_the_rest_is_checked(tmp_path, stored):
    people = [Person(f"人{n}", unit="前鎮社福中心", group="一組", role="督導" if n == 1 else "社工員") for n in range(1, 4)]
    path = unit_and_group_workbook(tmp_path / "r.xlsx", people)
    _damage(path, "H5", stored)  # 序號2's 薪點: a number cell holding text openpyxl cannot read
    assert findings(path) == [
        ("社工人員名冊!A2", "IMPORT003", "計算年資的基準日：111/01/01（依 社工人員名冊!A2「資料基準日：111年1月1日」）"),
        ("社工人員名冊!E4", "SUP001", "組別 前鎮社福中心/一組 有直接服務人員 2 名，依每 7 名設督導 1 名之基準，中央可補助督導 0 名，"
                                   "但申請中央補助督導 1 名（超出 1 名）"),
        ("社工人員名冊!H5", "IMPORT001", "儲存格 社工人員名冊!H5 的內容已損壞，無法讀取；此格當作空白，其餘照常檢核"),
        ("社工人員名冊!7", "IMPORT003", "略過 社工人員名冊 第 7 列（總計列）"),
        ("社工人員名冊!8", "IMPORT003", "略過 社工人員名冊 第 8 列（簽核列）"),
    ]


def test_a_two_row_header_printed_again_is_skipped_both_rows(tmp_path):
    path = two_row_header_workbook(tmp_path / "r.xlsx", KAOHSIUNG_PEOPLE, repeat_header=True)
    assert "略過 人力配置表 第 12、13 列（重複的標題列）" in skipped(path)
    plan = imported(path, tmp_path)
    assert [s["id"] for s in plan["staff"]] == [f"序號{n}" for n in range(1, 7)]


def test_a_person_on_two_rows_under_unit_and_group_is_one_person_with_two_stretches(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "名冊"
    sheet.append(["員工編號", "單位", "組別", "職稱", "經費來源", "年資起日", "年資迄日", "經費別"])
    sheet.append(["A1", "家防中心", "保護一組", "資深社工", "中央補助", "110/1/1", None, "社安網預算"])
    sheet.append(["A1", "家防中心", "保護一組", None, None, "106/1/1", "109/12/31", "社安網預算"])
    book.save(tmp_path / "r.xlsx")
    assert findings(tmp_path / "r.xlsx") == []
    plan = imported(tmp_path / "r.xlsx", tmp_path)
    assert plan["staff"][0]["team"] == "家防中心/保護一組" and len(plan["staff"][0]["history"]) == 2
