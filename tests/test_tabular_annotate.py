"""``sncheck check roster.xlsx --annotate OUT.xlsx``: the findings written into a copy of the county's workbook.

The workbooks are built here, annotated through the CLI (``tests/cli_run.py``) and through
``write_annotated``, reopened with openpyxl, and compared with what the findings (``--format json``) say:
which cells are highlighted, what their comments hold, the rows of the 檢核結果 sheet, and that nothing
else of the workbook changed.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from sncheck.model.findings import FileResult, Finding, Fix, Severity, Source
from sncheck.tabular.annotate import COMMENT_MARKER, FINDINGS_SHEET, SEVERITY_FILLS, write_annotated

from cli_run import sncheck

ROOT = Path(__file__).resolve().parent.parent
HEADERS = ["員工編號", "姓名", "單位/組別", "職稱", "經費來源", "薪點", "到職日", "年資起日", "年資迄日", "經費別", "備註"]
ROW = {"error": "FFFFC7CE", "warning": "FFFFEB9C", "info": "FFDDEBF7"}
YEAR = ["--county", "臺中市", "--year", "111"]


def county_workbook(path: Path, senior_role: str = "資深社工") -> Path:
    """A roster as a county might keep it, with the things an annotation must not disturb.

    Findings when checked: SEN001 (row 3, a senior social worker with 1 year of 社安網 service),
    IMPORT002 (the unknown 備註 header, K1) and HIRE001 (3 staff for 10 budgeted positions, no cell)."""
    book = openpyxl.Workbook()
    staff = book.active
    staff.title = "人員名冊"
    staff.append(HEADERS)
    staff.append(["S-001", "王小明", "北區", "社工員", "中央補助", 328, "110/1/1", "110/1/1", None, "社安網預算", "x"])
    staff.append(["S-002", "李大華", "北區", senior_role, "中央補助", 400, "110/1/1", "110/1/1", None, "社安網預算"])
    staff.append(["S-003", "陳美麗", "北區", "社工員", "中央補助", 1328, "110/1/1", "110/1/1", None, "社安網預算"])
    staff["F4"].number_format = "#,##0"
    staff["F3"].number_format = "0.0"  # in a highlighted row: the fill changes, the format stays
    staff["A1"].font = Font(bold=True, color="FF1F4E78")
    staff["B3"].fill = PatternFill("solid", fgColor="FFFFFF00")  # the county's own yellow, under a finding's row
    staff["A3"].comment = Comment("待人事室確認", "承辦人")  # the county's own comment on the row's first cell
    staff.column_dimensions["B"].width = 21
    staff["Z3"].font = Font(italic=True)  # a styled empty cell far right: a row's highlight still ends at K
    roles = DataValidation(type="list", formula1='"社工員,資深社工,督導"', allow_blank=True)
    roles.add("D2:D200")
    staff.add_data_validation(roles)
    teams = book.create_sheet("組別")
    teams.append(["組別代碼", "單位/組別", "單位類型", "計畫別", "核定員額"])
    teams.append(["北區", "北區", "社福中心", "脆弱家庭", 10])
    notes = book.create_sheet("說明")
    notes["A1"] = "填表說明"
    notes["B2"] = "=SUM(組別!E2:E9)"
    notes["A5"] = "合併的說明列"
    notes.merge_cells("A5:C5")
    book.defined_names["核定員額"] = DefinedName("核定員額", attr_text="組別!$E$2")
    book.save(path)
    return path


def annotate(tmp_path: Path, roster: Path, *extra: str) -> tuple[Any, Any]:
    """Run ``check --annotate`` and ``check --format json`` (the findings the annotation must show)."""
    out = tmp_path / "annotated.xlsx"
    run = sncheck(["check", str(roster), *YEAR, "--annotate", str(out), *extra])
    findings = sncheck(["check", str(roster), *YEAR, "--format", "json", *extra]).json()["files"][0]["findings"]
    return run, findings


def rule_title(rule_id: str) -> str:
    from sncheck.engine.checker import Checker, Options

    return next(r.title["zh"] for r in Checker(Options(load_entry_points=False)).all_rules() if r.id == rule_id)


def cell_style(cell: Any) -> tuple[Any, ...]:
    return (cell.value, cell.number_format, repr(cell.font), repr(cell.border), repr(cell.alignment),
            repr(cell.protection))


def highlighted(book: Any) -> dict[tuple[str, str], str]:
    """(sheet, cell) → fill colour of every cell sncheck coloured, outside the 檢核結果 sheet."""
    ours = set(SEVERITY_FILLS.values())
    return {(sheet.title, cell.coordinate): cell.fill.fgColor.rgb
            for sheet in book.worksheets if sheet.title != FINDINGS_SHEET
            for row in sheet.iter_rows() for cell in row
            if cell.fill.fill_type == "solid" and cell.fill.fgColor.rgb in ours}


def sheet_rows(book: Any) -> list[tuple[Any, ...]]:
    """The findings table: the header and the rows up to the first empty one (below it, what was not
    checked: issue 21's coverage block)."""
    rows = list(book[FINDINGS_SHEET].iter_rows(values_only=True))
    blank = next((i for i, row in enumerate(rows) if all(value is None for value in row)), len(rows))
    return rows[:blank]


# --------------------------------------------------------------------------- the CLI on a county workbook


def test_annotated_copy_marks_exactly_the_findings_and_keeps_everything_else(tmp_path):
    roster = county_workbook(tmp_path / "roster.xlsx")
    original = roster.read_bytes()
    run, findings = annotate(tmp_path, roster)
    assert run.exit_code == 1, run.stderr  # SEN001 and HIRE001 are errors: exit status as without --annotate
    assert "SEN001" in run.stdout and run.stderr == ""  # the normal report still goes to stdout
    assert roster.read_bytes() == original  # the county's file is only read
    assert sorted(f["rule"] for f in findings) == ["HIRE001", "IMPORT002", "IMPORT003", "SEN001"]  # 003: 說明 skipped

    book = openpyxl.load_workbook(tmp_path / "annotated.xlsx")
    before = openpyxl.load_workbook(roster)
    assert book.sheetnames[0] == FINDINGS_SHEET and book.active.title == FINDINGS_SHEET
    assert [s for s in book.sheetnames if book[s].sheet_state == "visible"] == [FINDINGS_SHEET, *before.sheetnames]

    # highlights: exactly the findings' cells, a whole row (A..K) for a finding on a row, in its severity's colour;
    # a skipped row or sheet (IMPORT003, info) is listed on 檢核結果 but leaves the county's rows unmarked
    expected: dict[tuple[str, str], str] = {}
    for f in findings:
        if f.get("row") is None or f["rule"] == "IMPORT003":
            continue
        if f["column"]:
            expected[(f["sheet"], f["cell"].split("!")[1])] = ROW[f["severity"]]
        else:
            for letter in "ABCDEFGHIJK":
                expected[(f["sheet"], f"{letter}{f['row']}")] = ROW[f["severity"]]
    assert highlighted(book) == expected
    assert expected[("人員名冊", "K1")] == ROW["warning"] and expected[("人員名冊", "B3")] == ROW["error"]

    # comments: the cell's finding, or the row's first cell; the county's own comment kept above sncheck's
    staff = book["人員名冊"]
    sen = next(f for f in findings if f["rule"] == "SEN001")
    assert staff["A3"].comment.text == (f"待人事室確認\n\n{COMMENT_MARKER}\n[錯誤] SEN001：{sen['message']}\n"
                                        f"修正建議：{sen['fix']['description']}")
    assert staff["A3"].comment.author == "承辦人"
    imp = next(f for f in findings if f["rule"] == "IMPORT002")
    assert staff["K1"].comment.text.startswith(f"{COMMENT_MARKER}\n[警告] IMPORT002：{imp['message']}")
    commented = {(s.title, c.coordinate) for s in book.worksheets for r in s.iter_rows() for c in r if c.comment}
    assert commented == {("人員名冊", "A3"), ("人員名冊", "K1")}

    # the findings sheet: one row per finding, in the report's order, linked to the cell
    rows = sheet_rows(book)
    assert rows[0] == ("工作表", "位置", "規則", "嚴重度", "訊息", "修正建議", "依據")
    assert [(r[0], r[1], r[2].split()[0], r[3], r[4]) for r in rows[1:]] == [
        ("roster.xlsx", "全檔", "HIRE001", "錯誤", findings[0]["message"]),
        ("人員名冊", "K1", "IMPORT002", "警告", findings[1]["message"]),
        ("人員名冊", "第 3 列", "SEN001", "錯誤", findings[2]["message"]),
        ("說明", "第 1 列", "IMPORT003", "資訊", "略過 工作表「說明」（說明或代碼表，依工作表名稱略過）"),
    ]
    assert rows[3][2] == f"SEN001 {rule_title('SEN001')}"  # the rule's title beside its id
    assert rows[3][5] == sen["fix"]["description"]
    assert rows[3][6] == f"{sen['source']['document']} {sen['source']['title']}：「{sen['source']['quote']}」"
    result = book[FINDINGS_SHEET]
    assert result["A2"].hyperlink is None and result["B2"].hyperlink is None  # whole file: nowhere to go
    assert result["B3"].hyperlink.location == "'人員名冊'!K1"
    assert result["B4"].hyperlink.location == "'人員名冊'!A3"
    assert result.freeze_panes == "A2" and result.auto_filter.ref == "A1:G5"
    assert [result.cell(n, 4).fill.fgColor.rgb for n in (2, 3, 4)] == [ROW["error"], ROW["warning"], ROW["error"]]

    # everything else is as the county wrote it
    for sheet in before.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                copy = book[sheet.title][cell.coordinate]
                assert cell_style(copy) == cell_style(cell), (sheet.title, cell.coordinate)
                if (sheet.title, cell.coordinate) not in expected:
                    assert repr(copy.fill) == repr(cell.fill), (sheet.title, cell.coordinate)
    assert book["說明"]["B2"].value == "=SUM(組別!E2:E9)"  # the formula, not a cached value
    assert book["人員名冊"]["F4"].number_format == "#,##0"
    assert [str(r) for r in book["說明"].merged_cells.ranges] == ["A5:C5"]
    assert book["人員名冊"].column_dimensions["B"].width == 21
    [validation] = book["人員名冊"].data_validations.dataValidation
    assert (str(validation.sqref), validation.formula1) == ("D2:D200", '"社工員,資深社工,督導"')
    assert book.defined_names["核定員額"].attr_text == "組別!$E$2"


def test_english_headers_and_messages(tmp_path):
    roster = county_workbook(tmp_path / "roster.xlsx")
    run, findings = annotate(tmp_path, roster, "--lang", "en")
    book = openpyxl.load_workbook(tmp_path / "annotated.xlsx")
    rows = sheet_rows(book)
    assert rows[0] == ("Sheet", "Location", "Rule", "Severity", "Message", "Fix", "Source")
    assert [(r[1], r[3]) for r in rows[1:]] == [("whole file", "error"), ("K1", "warning"), ("row 3", "error"),
                                                ("row 1", "info")]  # the 說明 sheet, skipped by name, said once
    assert [r[4] for r in rows[1:]] == [f["message"] for f in findings]
    assert book["人員名冊"]["K1"].comment.text.startswith(f"{COMMENT_MARKER}\n[warning] IMPORT002: ")


def test_names_stay_out_of_the_sheet_and_comments_unless_asked(tmp_path):
    roster = county_workbook(tmp_path / "roster.xlsx")
    names = ("王小明", "李大華", "陳美麗")

    def sncheck_texts(*extra: str) -> str:
        out = tmp_path / "annotated.xlsx"
        assert sncheck(["check", str(roster), *YEAR, "--annotate", str(out), *extra]).exit_code == 1
        book = openpyxl.load_workbook(out)
        texts = [str(v) for row in book[FINDINGS_SHEET].iter_rows(values_only=True) for v in row if v is not None]
        texts += [c.comment.text for s in book.worksheets for r in s.iter_rows() for c in r if c.comment]
        assert book["人員名冊"]["B3"].value == "李大華"  # the copy is the county's own file, names and all
        return "\n".join(texts)

    hidden = sncheck_texts()
    assert not any(name in hidden for name in names)
    shown = sncheck_texts("--show-personal-data")
    assert "[李大華] 人員名冊第 3 列（編號 S-002）" in shown  # issue 21: a person by row and id, the name when asked


def test_annotating_the_annotated_copy_again_replaces_the_earlier_run(tmp_path):
    roster = county_workbook(tmp_path / "roster.xlsx")
    first = tmp_path / "first.xlsx"
    assert sncheck(["check", str(roster), *YEAR, "--annotate", str(first)]).exit_code == 1
    book = openpyxl.load_workbook(first)  # the officer fixes the SEN001 row in the annotated copy
    book["人員名冊"]["D3"] = "社工員"
    book.save(first)
    second = tmp_path / "second.xlsx"
    run = sncheck(["check", str(first), *YEAR, "--annotate", str(second)])
    assert run.exit_code == 1, run.stderr  # HIRE001 is left
    again = openpyxl.load_workbook(second)
    assert again.sheetnames.count(FINDINGS_SHEET) == 1 and again.sheetnames[0] == FINDINGS_SHEET
    assert [r[2].split()[0] for r in sheet_rows(again)[1:]] == ["HIRE001", "IMPORT002", "IMPORT003"]
    assert highlighted(again) == {("人員名冊", "K1"): ROW["warning"]}  # row 3's fills restored...
    assert again["人員名冊"]["B3"].fill.fgColor.rgb == "FFFFFF00"  # ...including the county's own yellow
    assert again["人員名冊"]["A3"].comment.text == "待人事室確認"  # sncheck's part gone, the county's kept
    assert again["人員名冊"]["K1"].comment.text.count("IMPORT002") == 1


def test_workbook_openpyxl_cannot_read_gives_the_findings_sheet_alone(tmp_path):
    roster = tmp_path / "臺中市-111-roster.xlsx"
    roster.write_bytes(b"PK\x03\x04 this is not really a workbook")
    out = tmp_path / "out.xlsx"
    run = sncheck(["check", str(roster), "--annotate", str(out)])
    assert run.exit_code == 1 and "Traceback" not in run.stderr
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == [FINDINGS_SHEET]
    [(where, location, rule, severity, message, _, _)] = sheet_rows(book)[1:]
    assert (where, location, rule.split()[0], severity) == (roster.name, "全檔", "PARSE001", "錯誤")
    assert message.startswith("無法讀取 Excel 活頁簿")


def test_yaml_plan_gets_the_findings_sheet_alone(tmp_path):
    plan = ROOT / "examples" / "tainan-112.yaml"
    out = tmp_path / "out.xlsx"
    run = sncheck(["check", str(plan), "--annotate", str(out)])
    findings = sncheck(["check", str(plan), "--format", "json"]).json()["files"][0]["findings"]
    assert run.exit_code == 1
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == [FINDINGS_SHEET]
    rows = sheet_rows(book)[1:]
    assert [(r[0], r[1], r[2].split()[0], r[4]) for r in rows] == [
        ("tainan-112.yaml", f"第 {f['line']} 行 {f['pointer']}", f["rule"], f["message"]) for f in findings]


def test_csv_roster_set_lists_file_and_row(tmp_path):
    (tmp_path / "roster.csv").write_text(",".join(HEADERS[:7]) + "\nS-001,王小明,T1,社工師,中央補助,328,110/1/1\n",
                                         encoding="utf-8-sig")
    (tmp_path / "teams.csv").write_text("組別代碼,單位/組別,單位類型\nT1,北區,外星站\n", encoding="utf-8-sig")
    (tmp_path / "m.yaml").write_text("county: 臺中市\nplan_year: 111\nfiles: {teams: teams.csv}\n", encoding="utf-8")
    out = tmp_path / "out.xlsx"
    roster = tmp_path / "roster.csv"
    run = sncheck(["check", str(roster), "--mapping", str(tmp_path / "m.yaml"), "--annotate", str(out)])
    findings = sncheck(["check", str(roster), "--mapping", str(tmp_path / "m.yaml"),
                        "--format", "json"]).json()["files"][0]["findings"]
    assert run.exit_code == 1
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == [FINDINGS_SHEET]
    rows = sheet_rows(book)[1:]
    assert {(r[0], r[1]) for r in rows} == {(Path(f["file"]).name, f["cell"]) for f in findings}
    assert ("roster.csv", "D2") in {(r[0], r[1]) for r in rows} and ("teams.csv", "C2") in {(r[0], r[1]) for r in rows}
    assert all(book[FINDINGS_SHEET].cell(n, 2).hyperlink is None for n in range(2, len(rows) + 2))


# --------------------------------------------------------------------------- usage errors


def test_annotate_usage_errors(tmp_path):
    roster = county_workbook(tmp_path / "roster.xlsx")
    original = roster.read_bytes()
    over = sncheck(["check", str(roster), *YEAR, "--annotate", str(roster)])
    assert over.exit_code == 2 and "--annotate" in over.stderr and "是這次要讀的檔案" in over.stderr
    assert over.stdout == "" and roster.read_bytes() == original
    two = sncheck(["check", str(roster), str(ROOT / "examples" / "tainan-112.yaml"), *YEAR,
                   "--annotate", str(tmp_path / "o.xlsx")])
    assert two.exit_code == 2 and "請只檢查一個檔案（這次檢查了 2 個）" in two.stderr
    assert not (tmp_path / "o.xlsx").exists()
    csv_out = sncheck(["check", str(roster), *YEAR, "--annotate", str(tmp_path / "o.csv")])
    assert csv_out.exit_code == 2 and "OUT.xlsx" in csv_out.stderr
    same = sncheck(["check", str(roster), *YEAR, "--annotate", str(tmp_path / "o.xlsx"), "-o", str(tmp_path / "o.xlsx")])
    assert same.exit_code == 2 and "指到同一個檔案" in same.stderr
    nowhere = sncheck(["check", str(roster), *YEAR, "--annotate", str(tmp_path / "no" / "o.xlsx")])
    assert nowhere.exit_code == 2 and f"無法寫入 {tmp_path / 'no' / 'o.xlsx'}：" in nowhere.stderr
    mapping = tmp_path / "m.xlsx"  # a mapping file is an input too (whatever it is called)
    mapping.write_text("county: 臺中市\nplan_year: 111\n", encoding="utf-8")
    over_mapping = sncheck(["check", str(roster), "--mapping", str(mapping), "--annotate", str(mapping)])
    assert over_mapping.exit_code == 2 and "是這次要讀的檔案" in over_mapping.stderr


def test_check_of_a_plan_does_not_import_openpyxl():
    """Cold start matters for pre-commit: openpyxl is loaded only for a workbook or --annotate."""
    code = ("import sys\nfrom sncheck.cli import main\n"
            "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
            "print('openpyxl' in sys.modules, file=sys.stderr)")
    plan = str(ROOT / "examples" / "tainan-112.yaml")
    plain = subprocess.run([sys.executable, "-c", code, "check", plan], capture_output=True, text=True, cwd=ROOT)
    assert plain.stderr.strip().splitlines()[-1] == "False"
    assert "SEN001" in plain.stdout


# --------------------------------------------------------------------------- write_annotated itself


def finding(rule: str, severity: Severity, message: str, *, sheet: str | None = "人員名冊", row: int | None = None,
            column: int | None = None, file: str = "book.xlsx", fix: str | None = None,
            suppressed: str | None = None) -> Finding:
    extra: dict[str, Any] = {}
    if row is not None:
        extra = {"file": file, "sheet": sheet, "row": row}
    return Finding(rule, severity, "/staff/0", message, line=row, column=column, extra=extra,
                   fix=Fix(fix) if fix else None, suppressed=suppressed,
                   source=Source("004", "會議紀錄", "督導比 1:7") if rule == "SUP001" else None)


def small_book(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "人員名冊"
    sheet.append(["員工編號", "職稱", "薪點"])
    sheet.append(["S-1", "社工員", 328])
    sheet.append([None, None, 400])
    sheet.merge_cells("A2:A3")  # a merged 員工編號 over two rows
    other = book.create_sheet("O'Brien 表")
    other["B2"] = "x"
    book.save(path)
    return path


def test_several_findings_on_one_cell_share_a_comment_and_the_worst_colour(tmp_path):
    path = small_book(tmp_path / "book.xlsx")
    result = FileResult("book.xlsx", [
        finding("RULE_I", Severity.INFO, "資訊一", row=2, column=2),
        finding("RULE_W", Severity.WARNING, "警告一", row=2, column=2, fix="改成督導"),
        finding("RULE_E", Severity.ERROR, "錯誤一", row=3, column=1),  # in the merged A2:A3: marks A2
        finding("RULE_X", Severity.INFO, "其他工作表", sheet="O'Brien 表", row=2, column=2),
        finding("RULE_S", Severity.ERROR, "已抑制的", row=2, column=3, suppressed="已核准"),
        finding("RULE_C", Severity.ERROR, "控制字元\x1b[31m", row=2, column=3),
        finding("RULE_F", Severity.WARNING, "=HYPERLINK(\"http://x\")", row=None),
    ])
    out = io.BytesIO()
    write_annotated(result, out, workbook=path, lang="zh")
    book = openpyxl.load_workbook(io.BytesIO(out.getvalue()))
    sheet = book["人員名冊"]
    assert sheet["B2"].fill.fgColor.rgb == ROW["warning"]
    assert sheet["B2"].comment.text == f"{COMMENT_MARKER}\n[資訊] RULE_I：資訊一\n\n[警告] RULE_W：警告一\n修正建議：改成督導"
    assert sheet["A2"].fill.fgColor.rgb == ROW["error"] and "RULE_E" in sheet["A2"].comment.text
    assert sheet["C2"].comment.text == f"{COMMENT_MARKER}\n[錯誤] RULE_C：控制字元\\u001b[31m"
    assert book["O'Brien 表"]["B2"].fill.fgColor.rgb == ROW["info"]
    rows = sheet_rows(book)[1:]
    assert [r[2] for r in rows] == ["RULE_I", "RULE_W", "RULE_E", "RULE_X", "RULE_C", "RULE_F"]  # suppressed left out
    assert rows[2][:2] == ("人員名冊", "A3")
    assert rows[5][:2] == ("book.xlsx", "全檔") and rows[5][4] == "=HYPERLINK(\"http://x\")"
    findings_sheet = book[FINDINGS_SHEET]
    assert findings_sheet["E7"].data_type == "s"  # text, never a formula
    assert findings_sheet["B4"].hyperlink.location == "'人員名冊'!A2"  # the merged range's cell
    assert findings_sheet["B5"].hyperlink.location == "'O''Brien 表'!B2"

    shown = io.BytesIO()
    write_annotated(result, shown, workbook=path, show_suppressed=True)
    rows = sheet_rows(openpyxl.load_workbook(io.BytesIO(shown.getvalue())))[1:]
    assert ("RULE_S", "錯誤（已抑制：已核准）") in [(r[2], r[3]) for r in rows]


def test_function_writes_to_a_path_and_never_to_the_workbook(tmp_path):
    path = small_book(tmp_path / "book.xlsx")
    original = path.read_bytes()
    out = tmp_path / "out.xlsx"
    write_annotated(FileResult("book.xlsx", [finding("SUP001", Severity.ERROR, "督導超額", row=2, column=2)]), out,
                    workbook=path, lang="en")
    assert path.read_bytes() == original
    with pytest.raises(ValueError, match="would replace the county's workbook"):
        write_annotated(FileResult("book.xlsx", []), tmp_path / "." / "book.xlsx", workbook=path)
    assert path.read_bytes() == original
    rows = sheet_rows(openpyxl.load_workbook(out))
    assert rows[1] == ("人員名冊", "B2", "SUP001", "error", "督導超額", None, "004 會議紀錄: “督導比 1:7”")


def test_findings_in_another_file_of_the_set_are_listed_not_marked(tmp_path):
    path = small_book(tmp_path / "book.xlsx")
    result = FileResult("book.xlsx", [finding("REF001", Severity.ERROR, "組別不存在", sheet=None, row=2, column=3,
                                              file="teams.csv"),
                                      finding("REF001", Severity.ERROR, "需求", sheet="經費需求", row=4,
                                              file="需求.xlsx")])
    out = io.BytesIO()
    warned: list[str] = []
    write_annotated(result, out, workbook=path, warn=warned.append)
    book = openpyxl.load_workbook(io.BytesIO(out.getvalue()))
    assert highlighted(book) == {} and warned == []
    assert [r[:2] for r in sheet_rows(book)[1:]] == [("teams.csv", "C2"), ("[需求.xlsx]經費需求", "第 4 列")]


def test_unloadable_workbook_is_said_and_the_sheet_still_written(tmp_path):
    path = tmp_path / "book.xlsx"
    path.write_bytes(b"not a zip at all")
    warned: list[str] = []
    out = io.BytesIO()
    write_annotated(FileResult("book.xlsx", [finding("X", Severity.ERROR, "m", row=2, column=1)]), out,
                    workbook=path, lang="en", warn=warned.append)
    assert openpyxl.load_workbook(io.BytesIO(out.getvalue())).sheetnames == [FINDINGS_SHEET]
    assert len(warned) == 1 and warned[0].startswith("cannot copy the workbook book.xlsx")
    write_annotated(FileResult("book.xlsx", [finding("X", Severity.ERROR, "m", row=2, column=1)]), io.BytesIO(),
                    workbook=path, lang="zh", warn=warned.append)
    assert warned[1] == "無法複製活頁簿 book.xlsx：檔案已損壞或不是 Excel 活頁簿（.xlsx）；只寫入檢核結果工作表"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_findings_still_gives_a_findings_sheet_with_its_header(tmp_path, lang):
    out = io.BytesIO()
    write_annotated(FileResult("plan.yaml", []), out, lang=lang)
    book = openpyxl.load_workbook(io.BytesIO(out.getvalue()))
    assert book.sheetnames == [FINDINGS_SHEET] and len(sheet_rows(book)) == 1


def test_a_row_is_marked_to_its_last_used_column_not_to_a_far_styled_cell(tmp_path):
    path = small_book(tmp_path / "book.xlsx")
    book = openpyxl.load_workbook(path)
    book["人員名冊"]["XFD3"].font = Font(italic=True)  # Excel leaves such cells after formatting a whole row
    book.save(path)
    out = io.BytesIO()
    write_annotated(FileResult("book.xlsx", [finding("SEN001", Severity.ERROR, "年資不足", row=3)]), out, workbook=path)
    sheet = openpyxl.load_workbook(io.BytesIO(out.getvalue()))["人員名冊"]
    assert len(sheet._cells) < 20  # no empty cell made for each of the 16,384 columns
    assert {k[1] for k in highlighted(sheet.parent)} == {"A2", "B3", "C3"}  # A3 is shown by the merged A2:A3
    assert sheet["A2"].comment is None and sheet["C3"].comment.text.endswith("年資不足")  # the row's first value


def with_sheet_xml(path: Path, old: bytes, new: bytes) -> Path:
    """The workbook with ``old`` replaced by ``new`` in its first sheet's XML (what no Excel would write)."""
    import zipfile

    source = zipfile.ZipFile(path)
    parts = {info.filename: source.read(info.filename) for info in source.infolist()}
    source.close()
    assert old in parts["xl/worksheets/sheet1.xml"]
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(old, new)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return path


@pytest.mark.parametrize("kind", ["mergeCell", "hyperlink"])
def test_a_range_that_would_make_openpyxl_build_billions_of_cells_is_not_copied(tmp_path, kind):
    """A small workbook with one merged range (or one hyperlink) over the whole sheet: openpyxl's full
    reader would create 17 billion cells (a hang; the check's read-only reader does not care). The
    findings sheet alone, said so."""
    roster = county_workbook(tmp_path / "roster.xlsx")
    book = openpyxl.load_workbook(roster)
    book["人員名冊"].merge_cells("M1:N1")
    book["人員名冊"]["A1"].hyperlink = "https://example.org/"  # A1 keeps its header
    book.save(roster)
    old = b'<mergeCell ref="M1:N1"' if kind == "mergeCell" else b'ref="A1" r:id='
    new = b'<mergeCell ref="H10:XFD1048576"' if kind == "mergeCell" else b'ref="H10:XFD1048576" r:id='
    with_sheet_xml(roster, old, new)
    out = tmp_path / "out.xlsx"
    run = sncheck(["check", str(roster), *YEAR, "--annotate", str(out)])
    assert run.exit_code == 1
    covered = 16384 - 8 + 1  # columns H..XFD
    covered *= 1048576 - 10 + 1  # rows 10..1048576
    covered += 3 + (0 if kind == "mergeCell" else 2)  # 說明!A5:C5, and the merged M1:N1 (A1's link is one cell)
    assert f"涵蓋 {covered:,} 格（上限 200,000）" in run.stderr
    copy = openpyxl.load_workbook(out)
    assert copy.sheetnames == [FINDINGS_SHEET]
    assert [r[2].split()[0] for r in sheet_rows(copy)[1:]] == ["HIRE001", "IMPORT002", "SEN001", "IMPORT003"]


def test_the_runs_size_limit_applies_to_the_copy(tmp_path):
    from sncheck.read.limits import Limits

    path = small_book(tmp_path / "book.xlsx")
    warned: list[str] = []
    out = io.BytesIO()
    write_annotated(FileResult("book.xlsx", [finding("X", Severity.ERROR, "m", row=2, column=1)]), out,
                    workbook=path, lang="en", warn=warned.append, limits=Limits(max_bytes=1000))
    assert openpyxl.load_workbook(io.BytesIO(out.getvalue())).sheetnames == [FINDINGS_SHEET]
    assert len(warned) == 1 and "over the limit of 1,000 bytes" in warned[0]


def test_a_damaged_record_of_earlier_fills_is_skipped_not_a_crash(tmp_path):
    path = small_book(tmp_path / "book.xlsx")
    first = io.BytesIO()
    result = FileResult("book.xlsx", [finding("X", Severity.ERROR, "m", row=2, column=2)])
    write_annotated(result, first, workbook=path)
    book = openpyxl.load_workbook(io.BytesIO(first.getvalue()))
    state = book["_sncheck"]
    state.append(["人員名冊", 0, 1, "<fill/>"])  # no row 0
    state.append(["人員名冊", 3, 2, "<!DOCTYPE x [<!ENTITY a 'aaaa'>]><fill/>"])  # not a fill record
    state.append(["人員名冊", 2, 3, "<fill><patternFill"])  # broken XML
    state.append(["沒有這張表", 2, 2, "<fill/>"])
    state["F9"] = "an officer's note"
    book["人員名冊"]["C2"].fill = PatternFill("solid", fgColor=SEVERITY_FILLS[Severity.ERROR])
    again = tmp_path / "again.xlsx"
    book.save(again)
    out = io.BytesIO()
    write_annotated(FileResult("again.xlsx", []), out, workbook=again)
    copy = openpyxl.load_workbook(io.BytesIO(out.getvalue()))
    assert copy.sheetnames == [FINDINGS_SHEET, "人員名冊", "O'Brien 表"]
    assert copy["人員名冊"]["B2"].fill.fill_type is None  # the good record restored
    assert copy["人員名冊"]["C2"].fill.fgColor.rgb == SEVERITY_FILLS[Severity.ERROR]  # the broken one left as it was


def test_the_annotated_copy_checks_like_the_original(tmp_path):
    """Its 檢核結果 and _sncheck sheets are not roster data (no IMPORT001 'no header row' for them)."""
    roster = county_workbook(tmp_path / "roster.xlsx")
    run, findings = annotate(tmp_path, roster)
    copy = sncheck(["check", str(tmp_path / "annotated.xlsx"), *YEAR, "--format", "json"])
    assert copy.exit_code == run.exit_code == 1

    def without_file(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{k: v for k, v in f.items() if k != "file"} for f in items]

    assert without_file(copy.json()["files"][0]["findings"]) == without_file(findings)


def test_macros_of_an_xlsm_are_named_as_not_kept(tmp_path):
    import zipfile

    plain = small_book(tmp_path / "plain.xlsm")
    macros = tmp_path / "macros.xlsm"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(macros, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info.filename))
        target.writestr("xl/vbaProject.bin", b"\x00" * 64)
    said: dict[str, list[str]] = {"plain": [], "macros": []}
    for name, path in (("plain", plain), ("macros", macros)):
        write_annotated(FileResult(path.name, []), io.BytesIO(), workbook=path, lang="en", warn=said[name].append)
    assert said == {"plain": [], "macros": ["the copy (.xlsx) does not contain the workbook's macros (VBA)"]}


def test_a_county_sheet_that_is_only_called_like_the_findings_sheet_is_still_read(tmp_path):
    roster = county_workbook(tmp_path / "roster.xlsx", senior_role="社工員")
    book = openpyxl.load_workbook(roster)
    book["人員名冊"].title = FINDINGS_SHEET  # the county's own staff sheet, by chance so named
    book.save(roster)
    findings = sncheck(["check", str(roster), *YEAR, "--format", "json"]).json()["files"][0]["findings"]
    assert [(f["rule"], f.get("sheet")) for f in findings] == [("HIRE001", None), ("IMPORT002", FINDINGS_SHEET),
                                                               ("IMPORT003", "說明")]


def test_what_openpyxl_drops_is_named_and_annotations_in_threads_keep_their_own(tmp_path):
    """An Excel 2010 extension (x14) in a sheet: openpyxl drops it with a warning, which goes to that
    annotation's ``warn`` (several at once in a web server's threads each get their own)."""
    from concurrent.futures import ThreadPoolExecutor

    path = with_sheet_xml(small_book(tmp_path / "book.xlsx"), b"</worksheet>",
                          b'<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
                          b'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
                          b'<x14:dataValidations count="0"/></ext></extLst></worksheet>')

    def annotate_once(_: int) -> list[str]:
        said: list[str] = []
        write_annotated(FileResult("book.xlsx", []), io.BytesIO(), workbook=path, lang="en", warn=said.append)
        return said

    with ThreadPoolExecutor(4) as pool:
        runs = list(pool.map(annotate_once, range(8)))
    assert all(said == ["openpyxl does not keep part of the workbook: Data Validation extension is not "
                        "supported and will be removed"] for said in runs), runs


def test_on_the_command_line_what_openpyxl_drops_is_one_sncheck_line_not_a_python_warning(tmp_path):
    roster = with_sheet_xml(county_workbook(tmp_path / "roster.xlsx"), b"</worksheet>",
                            b'<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
                            b'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
                            b'<x14:dataValidations count="0"/></ext></extLst></worksheet>')
    code = "import sys\nfrom sncheck.cli import main\nmain(sys.argv[1:])\n"
    base = [sys.executable, "-c", code, "check", str(roster), *YEAR]
    plain = subprocess.run(base, capture_output=True, text=True, cwd=ROOT)
    assert (plain.returncode, plain.stderr) == (1, "")  # the check needs values only: nothing to say
    out = tmp_path / "out.xlsx"
    annotated = subprocess.run([*base, "--annotate", str(out), "--lang", "en"], capture_output=True, text=True, cwd=ROOT)
    assert annotated.returncode == 1
    assert annotated.stderr == ("sncheck: --annotate: openpyxl does not keep part of the workbook: "
                                "Data Validation extension is not supported and will be removed\n")


# --------------------------------------------------------------------------- reads well (issue 21.4)


def _supervisors_workbook(path: Path) -> Path:
    """7 social workers and 2 centrally funded supervisors (SUP001 on the team, at C2, the 單位/組別 cell that
    made it), an unknown column 內部代號 the county hid (IMPORT002 on its header cell, L1)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "人員名冊"
    sheet.append(["員工編號", "姓名", "單位/組別", "職稱", "經費來源", "薪點", "到職日", "年資起日", "年資迄日", "經費別",
                  "保護性", "內部代號"])
    for number in range(1, 8):
        sheet.append([f"W{number}", f"社工{number}", "北區社福中心", "社工員", "中央補助", 328, "110/1/1", "110/1/1", None,
                      "社安網預算", "否", f"X{number}"])
    sheet.append(["S1", "督導甲", "北區社福中心", "督導", "中央補助", 450, "110/1/1", "110/1/1", None, "社安網預算", "否", "Y1"])
    sheet.append(["S2", "督導乙", "北區社福中心", "督導", "中央補助", 450, "110/1/1", "110/1/1", None, "社安網預算", "否", "Y2"])
    sheet.column_dimensions["L"].hidden = True
    book.save(path)
    return path


def test_annotated_copy_reads_well(tmp_path):
    roster = _supervisors_workbook(tmp_path / "臺中市-111-名冊.xlsx")
    out = tmp_path / "annotated.xlsx"
    run = sncheck(["check", str(roster), "--annotate", str(out)])
    assert "SUP001" in run.stdout and "人員名冊!L1: IMPORT002" in run.stdout
    book = openpyxl.load_workbook(out)
    sheet = book["人員名冊"]
    error, warning = ROW["error"], ROW["warning"]
    # the team finding also marks the rows of the supervisors it is about (rows 9 and 10), with its comment
    for row in (9, 10):
        assert {sheet.cell(row, c).fill.fgColor.rgb for c in range(1, 12)} == {error}
        assert "SUP001" in sheet.cell(row, 1).comment.text
    assert sheet["A8"].fill.fill_type is None  # a worker's row is not
    # the finding on the hidden column's header is on its row, where it can be seen; the hidden cell is untouched
    assert sheet["L1"].comment is None and sheet["L1"].fill.fill_type is None
    assert "IMPORT002" in sheet["A1"].comment.text and sheet["K1"].fill.fgColor.rgb == warning
    # the 檢核結果 sheet: wrapped texts get the height they need, in the findings table and in the coverage
    # block below it (one blank row between); 位置 is as wide as its longest entry in the table
    findings = book[FINDINGS_SHEET]
    table_end = len(sheet_rows(book))  # the header and the finding rows: the table ends at the first blank row
    assert [findings.cell(row, 3).value.split()[0] for row in range(2, table_end + 1)] == ["IMPORT002", "SUP001"]
    coverage = range(table_end + 2, findings.max_row + 1)
    assert findings.cell(table_end + 2, 1).value == "檢核範圍" and len(coverage) >= 2  # rules this roster cannot show
    widths = {column: findings.column_dimensions[column].width for column in "BE"}
    for row in [*range(2, table_end + 1), *coverage]:
        message = findings.cell(row, 5).value
        assert findings.cell(row, 5).alignment.wrap_text
        lines = -(-sum(2 if ord(ch) > 0x2E80 else 1 for ch in message) // (int(widths["E"]) - 1))
        assert (findings.row_dimensions[row].height or 0) >= 15 * lines, (row, message)
    assert any((findings.row_dimensions[row].height or 0) >= 30 for row in coverage)  # a coverage line that wraps
    locations = [findings.cell(row, 2).value for row in range(2, table_end + 1)]
    longest = max(sum(2 if ord(ch) > 0x2E80 else 1 for ch in text) for text in locations)
    assert longest < widths["B"] <= max(longest + 2, 8)  # 8: the header 位置 and its filter button


def test_annotated_rows_keep_their_height_through_libreoffice(tmp_path):
    """LibreOffice printed an unset row height as one clipped line; the heights set survive its round trip."""
    import shutil
    import subprocess

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: the round trip through it cannot be checked here")
    roster = _supervisors_workbook(tmp_path / "臺中市-111-名冊.xlsx")
    out = tmp_path / "annotated.xlsx"
    sncheck(["check", str(roster), "--annotate", str(out)])
    converted = tmp_path / "lo"
    run = subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
                          "--convert-to", "xlsx", "--outdir", str(converted), str(out)],
                         capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stderr
    before = openpyxl.load_workbook(out)[FINDINGS_SHEET]
    after = openpyxl.load_workbook(converted / out.name)[FINDINGS_SHEET]
    rows = range(2, before.max_row + 1)  # the findings, the blank row under them and the coverage block
    assert all(before.row_dimensions[row].height for row in rows), [before.row_dimensions[r].height for r in rows]
    tall = [row for row in rows if before.row_dimensions[row].height > 20]
    assert tall  # SUP001's and IMPORT002's texts take several lines, and so do some coverage lines
    for row in tall:
        assert after.row_dimensions[row].height == pytest.approx(before.row_dimensions[row].height, abs=1)
