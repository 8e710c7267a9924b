"""Roster import: real .xlsx (openpyxl) and CSV (UTF-8-BOM, CP950) files → plan data and findings at sheet/row."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from cli_run import sncheck
from click.testing import CliRunner

from sncheck.cli import main
from sncheck.read.document import read_document

STAFF_HEADERS = ["員工編號", "姓名", "單位/組別", "職稱", "經費來源", "薪點", "保護性", "到職日",
                 "年資起日", "年資迄日", "經費別"]


def workbook(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


def import_plan(tmp_path: Path, *args: str) -> tuple[Any, Any, str]:
    out = tmp_path / "plan.yaml"
    result = run("import", *args, "--county", "台中市", "--year", "111", "-o", str(out))
    text = out.read_text(encoding="utf-8") if out.exists() else ""
    return result, plan_data(text) if text else None, text


def plan_data(text: str) -> Any:
    """The plan as sncheck reads it (unquoted dates are ISO strings, as in a JSON plan)."""
    return read_document("plan.yaml", text.encode("utf-8")).data


def located(output: str) -> list[str]:
    """The finding lines of a text report, without the summary."""
    return [line for line in output.splitlines() if ": " in line and not line.startswith(("檢查", "checked", "    "))]


# --------------------------------------------------------------------------- xlsx, layouts and dates


def test_xlsx_with_title_row_segments_sheet_teams_and_requests(tmp_path):
    path = workbook(tmp_path / "roster.xlsx", {
        "人員名冊": [
            ["臺中市111年社安網人力名冊"],  # a title row above the headers
            STAFF_HEADERS[:8] + ["職前訓練時數"],
            ["S-001", "王小明", "北區", "社工員", "中央補助", 328, "否", datetime(2021, 1, 1), 30],
            ["S-002", "李大華", "北區", "督導", "地方自籌", 400.0, "是", "109/3/1", 40.5],
        ],
        "服務年資": [
            ["員工編號", "年資起日", "年資迄日", "經費別", "保護性服務"],
            ["S-001", "110/1/1", None, "社安網預算", "否"],
            ["S-002", "2016-01-01", "1090228", "地方自聘", "是"],
            ["S-002", datetime(2020, 3, 1), None, "社安網預算", "V"],
        ],
        "組別": [["組別代碼", "單位/組別", "單位類型", "計畫別"], ["T1", "北區", "社福中心", "脆弱家庭"]],
        "經費需求": [["單位/組別", "項目類別", "經費來源", "金額"], ["北區", "設施設備", "公益彩券盈餘", "800,000"]],
    })
    result, plan, text = import_plan(tmp_path, str(path))
    assert result.exit_code == 0, result.stderr + result.stdout
    assert plan == {
        "format": "sncheck/plan@1", "county": "臺中市", "plan_year": 111,
        "teams": [{"id": "T1", "name": "北區", "unit_type": "social_welfare_center", "program": "vulnerable_family"}],
        "staff": [
            {"id": "S-001", "name": "王小明", "team": "T1", "role": "social_worker", "funding": "central",
             "pay_points": 328, "protective": False, "hired": "2021-01-01", "training_hours": 30,
             "history": [{"from": "2021-01-01", "budget": "ssn", "protective": False}]},
            {"id": "S-002", "name": "李大華", "team": "T1", "role": "supervisor", "funding": "county",
             "pay_points": 400, "protective": True, "hired": "2020-03-01", "training_hours": 40.5,
             "history": [{"from": "2016-01-01", "to": "2020-02-28", "budget": "county", "protective": True},
                         {"from": "2020-03-01", "budget": "ssn", "protective": True}]},
        ],
        "requests": [{"id": "R-2", "team": "T1", "unit_type": "social_welfare_center", "category": "facility_equipment",
                      "funding_source": "lottery_surplus", "amount": 800000}],
    }
    # every item names its sheet and row, so /staff/1 leads back to row 4
    lines = text.splitlines()
    assert lines[lines.index("  - id: S-002") - 1] == "  # 人員名冊!第4列"
    assert "      # 服務年資!第4列" in lines and "  # 組別!第2列" in lines and "  # 經費需求!第2列" in lines


def test_segments_in_numbered_columns_shared_ids_and_merged_cells(tmp_path):
    path = workbook(tmp_path / "r.xlsx", {"名冊": [
        ["員工編號", "單位/組別", "職稱", "經費來源", "年資起日1", "年資迄日1", "經費別1", "年資起日(2)", "經費別(2)"],
        ["A1", "家防中心", "社工員", "中央補助", "105/1/1", "106/12/31", "地方自聘", "107/1/1", "社安網預算"],
        ["A2", "家防中心", "社工員", "中央補助", "108/1/1", None, "社安網預算"],
        ["A2", None, None, None, "100/1/1", "100/12/31", "其他"],  # same id: one more segment
        [None, None, None, None, "101/1/1", "101/6/30", "其他"],  # merged 員工編號: the person above
    ]})
    result, plan, _ = import_plan(tmp_path, str(path))
    assert result.exit_code == 0, result.stderr + result.stdout
    assert plan["teams"] == [{"id": "家防中心", "unit_type": "family_violence_center"}]
    assert [s["history"] for s in plan["staff"]] == [
        [{"from": "2016-01-01", "to": "2017-12-31", "budget": "county"}, {"from": "2018-01-01", "budget": "ssn"}],
        [{"from": "2019-01-01", "budget": "ssn"}, {"from": "2011-01-01", "to": "2011-12-31", "budget": "other"},
         {"from": "2012-01-01", "to": "2012-06-30", "budget": "other"}],
    ]


# --------------------------------------------------------------------------- CSV encodings and bad rows

BAD_CSV = (
    "員工編號,姓名,單位/組別,職稱,經費來源,到職日,年資起日,經費別\r\n"
    "S1,王小明,北區社福中心,社工員,中央補助,110/1/1,110/1/1,社安網預算\r\n"
    "S2,陳美麗,北區社福中心,社工師,中央補助,110/2/30,110/1/1,社安網預算\r\n"
    "S3,林,北區社福中心,督導,,110/1/1,110/1/1,社安網預算\r\n"
)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp950"])
def test_csv_encodings_import_the_same_and_bad_rows_are_findings(tmp_path, encoding):
    path = tmp_path / "roster.csv"
    path.write_bytes(BAD_CSV.encode(encoding))
    result, plan, text = import_plan(tmp_path, str(path))
    assert result.exit_code == 1
    assert [s["id"] for s in plan["staff"]] == ["S1", "S2", "S3"]  # no row dropped
    assert plan["staff"][1]["role"] == "社工師" and plan["staff"][1]["hired"] == "110/2/30"  # kept as written
    assert "funding" not in plan["staff"][2]
    assert located(result.stdout) == [
        # issue 21: the cell and the header the county wrote, the words it takes, no pointer, YAML key or code
        f"{path}:3:4: SCHEMA001 error D3「職稱」的值「社工師」不是可填的值（不會猜測）；"
        "可填：社工員／社會工作人員／社會工作員／社工／保護性社工、資深社工／資深社會工作人員／資深社工員、督導／社工督導、"
        "關懷訪視員、心理衛生社工／心衛社工、社工助理、行政人員、篩派案人員、篩派案專員",
        f"{path}:3:6: PARSE001 error F3「到職日」的日期「110/2/30」不存在",
        f"{path}:4:1: SCHEMA001 error E4「經費來源」未填；可填：中央補助、地方自籌、其他",
    ]
    assert "王小明" not in result.stdout + result.stderr  # names are personal data
    lines = text.splitlines()
    origin, item = lines.index("  # roster.csv 第3列"), lines.index("  - id: S2")
    assert [line.split()[:3] for line in lines[origin + 1:item]] == [["#", "⚠", "SCHEMA001"], ["#", "⚠", "PARSE001"]]


@pytest.mark.parametrize("raw, line, words", [
    (b"\xff\xfe\x00\x00garbage", 1, "not valid UTF-16, though the file starts with a UTF-16 byte-order mark"),
    (b"\xef\xbb\xbf" + "員工編號\n".encode() + b"\xff\xff\n", 2, "not valid UTF-8, though the file starts"),
])
def test_a_csv_that_breaks_its_own_byte_order_mark_is_a_finding_at_its_line(tmp_path, raw, line, words):
    path = tmp_path / "roster.csv"
    path.write_bytes(raw)
    for command in ("check", "batch"):
        result = run(command, str(path), "--county", "臺中市", "--year", "111", "--lang", "en")
        assert result.exit_code == 1, result.output
        assert result.output.startswith(f"{path}:{line}:1: PARSE001 error CSV line {line}: bytes that are {words}")


def test_control_characters_and_yaml_line_breaks_in_cells_survive_the_written_yaml(tmp_path):
    """A sheet can hold characters a YAML file may not (ESC, BEL) or reads as line breaks (NEL, LS): the
    importer writes them escaped, so the YAML reads back with the very values, and comments stay comments."""
    path = tmp_path / "roster.csv"
    path.write_text("員工編號,姓名,單位/組別,職稱,經費來源,備\a註\r\n"
                    "S1,王\x1b小明,北區社福中心,社工員,中央補助,一\x85二\u2028三\r\n", encoding="utf-8")
    result, plan, text = import_plan(tmp_path, str(path), "--show-personal-data")
    assert result.exit_code == 0, result.output
    person = plan["staff"][0]
    assert (person["name"], person["x-備\a註"]) == ("王\x1b小明", "一\x85二\u2028三")
    assert f"# ⚠ {path}:F1 IMPORT002 不認得的欄位「備\\u0007註」" in text  # the header, in a comment, escaped
    checked = run("check", str(tmp_path / "plan.yaml"), "--format", "json")
    assert [f["rule"] for f in json.loads(checked.stdout)["files"][0]["findings"]] == []


def test_json_findings_carry_sheet_row_and_cell(tmp_path):
    path = workbook(tmp_path / "roster.xlsx", {
        "人員名冊": [STAFF_HEADERS[:5], ["S1", "甲", "南區", "社工員", "中央補助"], ["S2", "乙", "西區", "社工員", "中央補助"]],
        "組別": [["組別代碼", "單位/組別", "單位類型"], ["T1", "南區", "社福中心"]],
    })
    result = run("check", str(path), "--county", "臺中市", "--year", "111", "--format", "json", "--lang", "en")
    assert result.exit_code == 1
    (finding,) = json.loads(result.stdout)["files"][0]["findings"]
    assert {k: finding[k] for k in ("rule", "pointer", "line", "column", "file", "sheet", "row", "cell")} == {
        "rule": "REF001", "pointer": "/staff/1", "line": 3, "column": None, "file": str(path),
        "sheet": "人員名冊", "row": 3, "cell": "人員名冊!3"}
    assert "西區" in finding["message"] and "乙" not in finding["message"]


def test_segment_row_for_nobody_and_conflicting_rows_exit_1(tmp_path):
    path = workbook(tmp_path / "roster.xlsx", {
        "人員名冊": [["員工編號", "單位/組別", "職稱", "經費來源", "年資起日", "經費別"],
                 ["S1", "社福中心", "社工員", "中央補助", "110/1/1", "社安網預算"],
                 ["S1", "社福中心", "督導", None, "109/1/1", "社安網預算"]],
        "服務年資": [["員工編號", "年資起日", "經費別"], ["S9", "110/1/1", "社安網預算"]],
    })
    result, plan, text = import_plan(tmp_path, str(path))
    assert result.exit_code == 1
    assert located(result.stdout) == [
        f"{path}:人員名冊!C3: IMPORT001 error 員工編號「S1」的職稱在第 2 列是「social_worker」，此列是「supervisor」；同一人的各列請填相同內容或留空",
        f"{path}:服務年資!A2: IMPORT001 error 員工編號「S9」不在人員名冊中，這列年資無法歸屬",
    ]
    assert len(plan["staff"][0]["history"]) == 2
    assert f"# ⚠ {path}:服務年資!A2 IMPORT001" in text  # the unplaced row is listed in the plan too


def test_unreadable_files_are_parse001_not_tracebacks(tmp_path):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip at all")
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    result = run("check", str(broken), str(old), "--county", "臺中市", "--year", "111", "--lang", "en")
    assert result.exit_code == 1
    assert "PARSE001 error cannot read the Excel workbook (damaged or not .xlsx)" in result.stdout
    assert "PARSE001 error old Excel .xls files are not supported" in result.stdout
    result, plan, _ = import_plan(tmp_path, str(broken))
    assert result.exit_code == 1 and plan is None


# --------------------------------------------------------------------------- check on a workbook, round trip


def supervisor_excess_workbook(path: Path) -> Path:
    rows = [["員工編號", "單位/組別", "職稱", "經費來源"]]
    rows += [[f"W{i}", "東區社福中心", "社工員", "中央補助"] for i in range(7)]
    rows += [["S1", "東區社福中心", "督導", "中央補助"], ["S2", "東區社福中心", "督導", "中央補助"]]
    return workbook(path, {"人員名冊": rows})


def test_check_on_workbook_points_at_rows_and_matches_the_imported_yaml(tmp_path):
    path = supervisor_excess_workbook(tmp_path / "roster.xlsx")
    direct = run("check", str(path), "--county", "臺中市", "--year", "111", "--select", "SUP001")
    assert direct.exit_code == 1
    (line,) = located(direct.stdout)
    assert line.startswith(f"{path}:人員名冊!B2: SUP001 error ")  # the team was made from row 2's 單位/組別
    result, plan, _ = import_plan(tmp_path, str(path))
    assert result.exit_code == 0
    via_yaml = run("check", str(tmp_path / "plan.yaml"), "--select", "SUP001", "--format", "json")
    direct_json = run("check", str(path), "--county", "臺中市", "--year", "111", "--select", "SUP001", "--format", "json")
    a = json.loads(via_yaml.stdout)["files"][0]["findings"]
    b = json.loads(direct_json.stdout)["files"][0]["findings"]
    assert [(f["rule"], f["pointer"], f["message"]) for f in a] == [(f["rule"], f["pointer"], f["message"]) for f in b]
    # issue 21: the plan's fix names the field and key to type, the workbook's the cell and the header
    assert a[0]["fix"]["description"] == ("超出的督導改由地方自籌：把人員（編號 S2）的經費來源（funding）改為地方自籌；"
                                          "或增聘直接服務人員（基準可補助督導 1 名）")
    assert b[0]["fix"]["description"] == ("超出的督導改由地方自籌：把 人員名冊!D10「經費來源」（編號 S2）改為「地方自籌」；"
                                          "或增聘直接服務人員（基準可補助督導 1 名）")
    # The YAML plan carries the patch; the workbook finding keeps the fix as advice (nothing to patch in it).
    assert "patch" in a[0]["fix"] and "patch" not in b[0]["fix"]
    assert "可自動修正" not in direct.stdout


# --------------------------------------------------------------------------- mapping, names


def test_mapping_file_headers_values_and_team_unit_type(tmp_path):
    mapping = tmp_path / "m.yaml"
    mapping.write_text("county: 臺中市\nplan_year: 111\nsheets: {staff: 名單}\n"
                       "headers: {staff: {代號: id, 組: 單位/組別, 職務名稱: role, 經費: funding, 備註: null}}\n"
                       "teams: {unit_type: 社區心衛中心}\nvalues: {role: {社工: 社工員}}\n", encoding="utf-8")
    path = workbook(tmp_path / "r.xlsx", {"名單": [["代號", "組", "職務名稱", "經費", "備註"],
                                                ["X1", "第一組", "社工", "中央補助", "借調"]]})
    result = run("import", str(path), "--mapping", str(mapping))
    assert result.exit_code == 0, result.stderr
    assert plan_data(result.stdout)["staff"] == [{"id": "X1", "team": "第一組", "role": "social_worker",
                                                  "funding": "central"}]
    assert plan_data(result.stdout)["teams"] == [{"id": "第一組", "unit_type": "community_mental_health_center"}]
    mapping.write_text("headers: {staff: {代號: nosuchfield}}\n", encoding="utf-8")
    bad = run("import", str(path), "--mapping", str(mapping), "--county", "臺中市", "--year", "111")
    assert bad.exit_code == 2 and "'nosuchfield' is not a field of staff" in bad.stderr


def test_no_names_and_show_personal_data(tmp_path):
    path = workbook(tmp_path / "r.xlsx", {"人員名冊": [STAFF_HEADERS[:5], ["S1", "王小明", "北區社福中心", "資深社工", "中央補助"]]})
    result = run("import", str(path), "--county", "臺中市", "--year", "111", "--no-names")
    assert result.exit_code == 0 and "王小明" not in result.stdout + result.stderr
    assert "name" not in plan_data(result.stdout)["staff"][0]
    hidden = run("check", str(path), "--county", "臺中市", "--year", "111", "--select", "SEN002")
    shown = run("check", str(path), "--county", "臺中市", "--year", "111", "--select", "SEN002", "--show-personal-data")
    assert located(hidden.stdout)[0].startswith(f"{path}:人員名冊!2: SEN002 warning ")
    assert "王小明" not in hidden.stdout and "[王小明]" in shown.stdout


def test_missing_county_or_year_is_usage_error(tmp_path):
    path = workbook(tmp_path / "r.xlsx", {"人員名冊": [STAFF_HEADERS[:5]]})
    assert run("import", str(path), "--year", "111").exit_code == 2
    assert run("check", str(path), "--county", "火星市", "--year", "111").exit_code == 2
    missing = run("check", str(path), "--year", "111")
    assert missing.exit_code == 2 and missing.stderr == (  # zh by default (issue 21)
        f"sncheck：{path}：未檢核：名冊需要縣市：請加上 --county（或在對照檔或 .sncheck.yaml 寫 county:，"
        "或把檔名取為含縣市，例如 臺中市-111.xlsx）\n")  # no dangling '；' when there is no bad county to name
    unknown = run("check", str(path), "--county", "火星市", "--year", "111")
    assert unknown.stderr.startswith(f"sncheck：{path}：未檢核：名冊需要縣市：請加上 --county（或在對照檔或 .sncheck.yaml "
                                     "寫 county:，或把檔名取為含縣市，例如 臺中市-111.xlsx）；「火星市」不是 22 個縣市之一")
    unknown_en = run("check", str(path), "--county", "火星市", "--year", "111", "--lang", "en")
    assert unknown_en.stderr.startswith(f"sncheck: {path}: not checked: a roster needs --county (or county: in the "
                                        "mapping file or .sncheck.yaml, or a file name naming one county, "
                                        "e.g. 臺中市-111.xlsx); '火星市' is not one of the 22")


def test_county_and_year_can_come_from_the_roster_file_name(tmp_path):
    path = supervisor_excess_workbook(tmp_path / "台中市-111年人員名冊.xlsx")
    imported = run("import", str(path))
    assert imported.exit_code == 0
    data = plan_data(imported.stdout)
    assert (data["county"], data["plan_year"]) == ("臺中市", 111)
    checked = run("check", str(path), "--lang", "en", "--select", "SUP001")
    assert checked.exit_code == 1 and located(checked.stdout)[0].startswith(f"{path}:人員名冊!B2: SUP001 error ")
    options_win = run("import", str(path), "--county", "臺南市", "--year", "112")
    assert (plan_data(options_win.stdout)["county"], plan_data(options_win.stdout)["plan_year"]) == ("臺南市", 112)


# --------------------------------------------------------------------------- template


def test_template_has_sheets_validations_and_imports_when_filled(tmp_path):
    out = tmp_path / "範本.xlsx"
    assert run("import", "--template", str(out)).exit_code == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["說明", "人員名冊", "服務年資", "經費需求", "組別", "代碼表"]
    assert book["代碼表"].sheet_state == "hidden"
    staff = book["人員名冊"]
    headers = [c.value for c in staff[1]]
    assert headers[:5] == ["員工編號", "姓名", "單位/組別", "職稱", "經費來源"]
    validations = {str(v.sqref): v.formula1 for v in staff.data_validations.dataValidation}
    role_range = validations["D2:D1001"]
    codes = book["代碼表"]
    column = role_range.split("!")[1].split(":")[0].replace("$", "")[0]
    labels = [codes[f"{column}{r}"].value for r in range(2, 9)]
    assert labels == ["社工員", "資深社工", "督導", "關懷訪視員", "心理衛生社工", "社工助理", "行政人員"]
    assert validations["G2:G1001"] == '"是,否"' and validations["C2:C1001"] == "'組別'!$B$2:$B$1001"
    assert any("職稱" in str(c.value) for row in book["說明"].iter_rows() for c in row)
    book["組別"].append(["T1", "北區", "社福中心"])
    staff.append(["S1", None, "北區", "社工員", "中央補助"])
    book["服務年資"].append(["S1", "110/1/1", None, "社安網預算"])
    book.save(out)
    result, plan, _ = import_plan(tmp_path, str(out))
    assert result.exit_code == 0, result.stdout
    assert plan["staff"] == [{"id": "S1", "team": "T1", "role": "social_worker", "funding": "central",
                              "history": [{"from": "2021-01-01", "budget": "ssn"}]}]


def test_requests_csv_utf16_tsv_headers_with_markers_and_unknown_columns(tmp_path):
    roster = tmp_path / "roster.tsv"
    # Excel's "Unicode text": UTF-16 with BOM, tabs; a header cell with a line break and a hint
    roster.write_bytes('*員工編號\t單位 / 組別\t"職稱\n（必填）"\t經費來源\t備註\nP1\t社會局\t行政人員\t地方自籌\t兼辦\n'
                       .encode("utf-16"))
    requests = tmp_path / "req.csv"
    requests.write_bytes("項目類別,經費來源,金額,單位/組別\n設備,公益彩券盈餘,NT$1200,社會局\n".encode("utf-8-sig"))
    result, plan, _ = import_plan(tmp_path, str(roster), "--requests", str(requests))
    assert result.exit_code == 1
    assert plan["staff"] == [{"id": "P1", "team": "社會局", "role": "administrative", "funding": "county",
                              "x-備註": "兼辦"}]
    assert plan["requests"] == [{"id": "R-2", "team": "社會局", "unit_type": "social_affairs_bureau",
                                 "category": "設備", "funding_source": "lottery_surplus", "amount": 1200}]
    assert [line.split(" error ")[0].split(" warning ")[0] for line in located(result.stdout)] == [
        f"{roster}:1:5: IMPORT002", f"{requests}:2:1: SCHEMA001"]


def test_template_module_entry_point(tmp_path):
    from sncheck.tabular.template import main as template_main

    assert template_main([]) == 2
    assert template_main([str(tmp_path / "sub" / "t.xlsx")]) == 0
    assert openpyxl.load_workbook(tmp_path / "sub" / "t.xlsx").sheetnames[1] == "人員名冊"


def test_blank_rows_keep_excel_row_numbers_and_name_conflicts_hide_names(tmp_path):
    path = workbook(tmp_path / "r.xlsx", {"人員名冊": [
        STAFF_HEADERS[:5], ["S1", "王小明", "北區社福中心", "社工員", "中央補助"], [], [None, None],
        ["S1", "王大明", None, None, None, None, None, None, "110/1/1", None, "社安網預算"],
        ["S2", "陳", "北區社福中心", "社工員", "中央"],
    ]})
    result = run("check", str(path), "--county", "臺中市", "--year", "111", "--format", "markdown", "--select", "IMPORT,SCHEMA")
    assert result.exit_code == 1
    rows = [line.split(" | ")[1:3] for line in result.stdout.splitlines() if line.startswith("| `")]
    assert rows == [["人員名冊!3", "IMPORT003"], ["人員名冊!B5", "IMPORT001"], ["人員名冊!E6", "SCHEMA001"]]
    assert "略過 人員名冊 第 3、4 列（空白列）" in result.stdout  # said once, as info: nobody was there
    assert "員工編號「S1」的姓名與第 2 列不同" in result.stdout
    assert "王" not in result.stdout


def test_sheets_without_headers_or_not_named_by_the_mapping_are_reported(tmp_path):
    path = workbook(tmp_path / "r.xlsx", {
        "北區": [STAFF_HEADERS[:5], ["N1", "北區社福中心", "北區社福中心", "社工員", "中央補助"]],
        "南區": [STAFF_HEADERS[:5], ["S1", "南區社福中心", "南區社福中心", "社工員", "中央補助"]],
        "統計": [["合計", 2]],
    })
    result, plan, _ = import_plan(tmp_path, str(path))
    assert [s["id"] for s in plan["staff"]] == ["N1", "S1"]  # every other sheet is a staff sheet
    # a sheet that is no table of any kind (issue 19): said once, as info, not an error
    assert located(result.stdout) == [f"{path}:統計!1: IMPORT003 info 略過 工作表「統計」（不是人員名冊，也不是年資、組別或經費需求表）"]
    mapping = tmp_path / "m.yaml"
    mapping.write_text("sheets: {staff: 北區, ignore: [統計]}\n", encoding="utf-8")
    result, plan, _ = import_plan(tmp_path, str(path), "--mapping", str(mapping), "--force")  # over the first import
    assert [s["id"] for s in plan["staff"]] == ["N1"]
    assert [line.split(": ")[1].split(" ")[0] for line in located(result.stdout)] == ["IMPORT001", "IMPORT003"]
    assert "略過 工作表「統計」（說明或代碼表，依工作表名稱略過）" in result.stdout  # the mapping's ignore:, said once
    assert "工作表「南區」未匯入" in result.stdout


def test_the_example_csv_set_imports_and_checks_clean():
    example = Path(__file__).resolve().parent.parent / "examples" / "roster"
    result = run("import", str(example / "roster.csv"), "--mapping", str(example / "mapping.yaml"))
    assert result.exit_code == 0, result.stderr
    plan = plan_data(result.stdout)
    assert [t["id"] for t in plan["teams"]] == ["T-N"] and len(plan["staff"]) == 8
    assert plan["staff"][7]["history"] == [{"from": "2019-07-01", "budget": "ssn", "protective": False},
                                           {"from": "2015-03-01", "to": "2019-06-30", "budget": "county",
                                            "protective": True}]
    checked = run("check", str(example / "roster.csv"), "--mapping", str(example / "mapping.yaml"))
    assert checked.exit_code == 0 and located(checked.stdout) == []


def test_unwritable_output_is_a_usage_error(tmp_path):
    path = workbook(tmp_path / "r.xlsx", {"人員名冊": [STAFF_HEADERS[:5], ["S1", None, "社福中心", "社工員", "中央補助"]]})
    result = run("import", str(path), "--county", "臺中市", "--year", "111", "-o", str(tmp_path / "no" / "dir" / "p.yaml"))
    assert result.exit_code == 2 and "無法寫入" in result.stderr


@pytest.mark.parametrize("target", ["roster", "teams", "mapping", "link"])
def test_output_naming_an_input_file_is_refused_and_the_input_kept(tmp_path, target):
    example = Path(__file__).resolve().parent.parent / "examples" / "roster"
    for name in ("roster.csv", "teams.csv", "mapping.yaml"):
        (tmp_path / name).write_bytes((example / name).read_bytes())
    (tmp_path / "link.csv").symlink_to(tmp_path / "roster.csv")
    output = tmp_path / {"roster": "roster.csv", "teams": "teams.csv", "mapping": "mapping.yaml",
                         "link": "link.csv"}[target]
    before = {name: (tmp_path / name).read_bytes() for name in ("roster.csv", "teams.csv", "mapping.yaml")}
    result = run("import", str(tmp_path / "roster.csv"), "--mapping", str(tmp_path / "mapping.yaml"), "-o", str(output))
    assert result.exit_code == 2 and "是這次要讀的檔案" in result.stderr
    assert {name: (tmp_path / name).read_bytes() for name in before} == before


@pytest.mark.parametrize("name, content", [("r.csv", b""), ("r.csv", b"\xef\xbb\xbf\r\n\r\n"), ("r.xlsx", None)])
def test_an_empty_roster_is_import001_not_an_empty_plan_that_passes(tmp_path, name, content):
    path = tmp_path / name
    if content is None:
        workbook(path, {"人員名冊": [], "服務年資": []})
    else:
        path.write_bytes(content)
    for command in ("check", "batch"):
        result = run(command, str(path), "--county", "臺中市", "--year", "111")
        assert result.exit_code == 1 and "IMPORT001" in result.output and "人員名冊是空的" in result.output
    where = located(run("check", str(path), "--county", "臺中市", "--year", "111").output)[0].split(": ")[0]
    assert where == (f"{path}:人員名冊!1" if content is None else f"{path}:1:1")


def test_a_header_only_roster_and_blank_extra_sheets_are_not_reported_empty(tmp_path):
    path = workbook(tmp_path / "r.xlsx", {"人員名冊": [STAFF_HEADERS[:5], ["S1", None, "社福中心", "社工員", "中央補助"]],
                                          "Sheet2": []})
    assert "人員名冊是空的" not in run("check", str(path), "--county", "臺中市", "--year", "111").output
    path = workbook(tmp_path / "h.xlsx", {"人員名冊": [STAFF_HEADERS[:5]]})
    assert run("check", str(path), "--county", "臺中市", "--year", "111").exit_code == 0


def test_a_missing_file_of_the_mapping_set_is_named_in_the_finding(tmp_path):
    example = Path(__file__).resolve().parent.parent / "examples" / "roster"
    (tmp_path / "roster.csv").write_bytes((example / "roster.csv").read_bytes())
    (tmp_path / "m.yaml").write_text("county: 臺中市\nplan_year: 111\nfiles: {teams: 組別.csv}\n", encoding="utf-8")
    for lang, said in (("zh-TW", "組別.csv：無法讀取檔案"), ("en", "組別.csv: cannot read file")):
        result = run("check", str(tmp_path / "roster.csv"), "--mapping", str(tmp_path / "m.yaml"), "--lang", lang)
        assert result.exit_code == 1
        (line,) = located(result.output)
        assert line.startswith(f"{tmp_path / 'roster.csv'}:1:1: PARSE001 error ") and said in line


def test_import_of_a_115_roster_reports_input_problems_only_not_pack002(tmp_path):
    """PACK002 says which rules checked the plan; an import checks none (input problems only), so it must
    neither print it nor bake a stale 「⚠ PACK002」 comment into the county's plan file."""
    path = workbook(tmp_path / "roster.xlsx", {"人員名冊": [
        ["員工編號", "單位/組別", "職稱", "經費來源", "專業背景"],
        ["RIC-01", "通報調查處理中心", "篩派案人員", "中央補助", "護理"]]})
    out = tmp_path / "plan.yaml"
    result = sncheck(["import", str(path), "--county", "臺中市", "--year", "115", "-o", str(out)])
    assert result.exit_code == 0
    assert result.stdout == "檢查 1 個檔案：0 個錯誤、0 個警告、0 個資訊\n"
    assert "PACK002" not in out.read_text(encoding="utf-8")
    assert plan_data(out.read_text(encoding="utf-8"))["staff"][0]["role"] == "screening_officer"
    gone = sncheck(["import", str(path), "--county", "臺中市", "--year", "120", "-o", str(tmp_path / "p120.yaml")])
    assert gone.exit_code == 1 and "PACK001" in gone.stdout  # a year no pack covers still is one


@pytest.mark.parametrize("lang, words", [("zh", "sncheck：{out} 已存在；要覆寫請加 --force"),
                                         ("en", "sncheck: {out} exists; use --force to overwrite")])
def test_an_existing_output_is_kept_unless_force(tmp_path, lang, words):
    """The officer may have hand-edited plan.yaml since the last import: like ``init``, import refuses it."""
    path = workbook(tmp_path / "r.xlsx", {"人員名冊": [STAFF_HEADERS[:5], ["S1", None, "社福中心", "社工員", "中央補助"]]})
    out = tmp_path / "plan.yaml"
    out.write_text("# 我改過的計畫\n", encoding="utf-8")
    args = ["import", str(path), "--county", "臺中市", "--year", "111", "-o", str(out), "--lang", lang]
    refused = run(*args)
    assert refused.exit_code == 2 and refused.stderr == words.format(out=out) + "\n"
    assert out.read_text(encoding="utf-8") == "# 我改過的計畫\n"
    forced = run(*args, "--force")
    assert forced.exit_code == 0, forced.output
    assert "staff:" in out.read_text(encoding="utf-8")
