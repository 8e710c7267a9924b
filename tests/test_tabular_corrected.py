"""``sncheck fix ROSTER.xlsx -o OUT.xlsx``: the county's own workbook with the fixes written in, in its words.

The workbooks are built here the way an office keeps them (a title row, the county's own words declared in
a mapping file, a hidden column, a formula, merged cells, a drop-down list, a comment, other sheets), fixed
through the CLI, reopened with openpyxl and compared cell by cell with the original: only the fixed cells
differ, and they hold the county's words. The corrected copy is checked again, and it also goes through
LibreOffice (when installed) and back.
"""

from __future__ import annotations

import codecs
import shutil
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from sncheck.tabular.annotate import COMMENT_MARKER, FINDINGS_SHEET, FIXED_FILL, FIXED_HEADER, STATE_SHEET
from sncheck.tabular.convert import Cell, Conversion
from sncheck.tabular.writeback import NotWritable, Writer

from cli_run import sncheck

HEADERS = ["員工編號", "姓名", "單位/組別", "職稱", "經費來源", "薪點", "到職日", "年資起日", "年資迄日", "經費別", "身分證字號"]
MAPPING = """\
county: 臺中市
plan_year: 111
values:
  funding: {社安網: central, 自籌: county}
"""


def office_workbook(path: Path) -> Path:
    """A roster as an office keeps it. Checked with MAPPING it gives SEN001 on row 4 (a 資深社工 with one
    year of service: safe fix → 社工員) and SUP003 on row 6 (a supervisor paid by 社安網 in the programme
    whose subsidy excludes supervisors: safe fix → the county's own word 自籌, used on row 5)."""
    book = openpyxl.Workbook()
    staff = book.active
    staff.title = "人員名冊"
    staff["A1"] = "臺中市社安網人力名冊（111年）"
    staff.merge_cells("A1:K1")
    staff.append(HEADERS)
    staff.append(["S-001", "王小明", "評估組", "社工員", "社安網", 328, "110/1/1", "110/1/1", None, "社安網預算", "A123456789"])
    staff.append(["S-002", "李大華", "評估組", "資深社工", "社安網", 400, "110/1/1", "110/1/1", None, "社安網預算", "B223456789"])
    staff.append(["S-003", "陳美麗", "評估組", "社工員", "自籌", 328, "110/1/1", "110/1/1", None, "地方自聘", None])
    staff.append(["S-004", "林督導", "評估組", "督導", "社安網", 450, "110/1/1", "110/1/1", None, "社安網預算", None])
    staff["F4"].number_format = "#,##0"
    staff["A2"].font = Font(bold=True, color="FF1F4E78")
    staff["B4"].fill = PatternFill("solid", fgColor="FFFFFF00")
    staff["A4"].comment = Comment("待人事室確認", "承辦人")
    staff.column_dimensions["K"].hidden = True
    staff.column_dimensions["B"].width = 21
    roles = DataValidation(type="list", formula1='"社工員,資深社工,督導"', allow_blank=True)
    roles.add("D3:D200")
    staff.add_data_validation(roles)
    teams = book.create_sheet("組別")
    teams.append(["組別代碼", "單位/組別", "單位類型", "計畫別", "核定員額"])
    teams.append(["評估組", "評估組", "社會局", "提升身心障礙者需求評估服務品質計畫", 4])
    notes = book.create_sheet("說明")
    notes["A1"] = "填表說明"
    notes["B2"] = "=SUM(組別!E2:E9)"
    notes["A5"] = "合併的說明列"
    notes.merge_cells("A5:C5")
    book.save(path)
    return path


def everything(book: Any) -> dict[tuple[str, str], tuple[Any, ...]]:
    """Every cell of the county's sheets with what an office sees of it."""
    return {(sheet.title, cell.coordinate): (cell.value, cell.number_format, repr(cell.font), repr(cell.fill),
                                             cell.comment.text if cell.comment else None)
            for sheet in book.worksheets if sheet.title not in (FINDINGS_SHEET, STATE_SHEET)
            for row in sheet.iter_rows() for cell in row}


def structure(book: Any) -> dict[str, Any]:
    return {sheet.title: (sorted(str(r) for r in sheet.merged_cells.ranges),
                          sorted(k for k, d in sheet.column_dimensions.items() if d.hidden),
                          [(v.type, v.formula1, str(v.sqref)) for v in sheet.data_validations.dataValidation])
            for sheet in book.worksheets if sheet.title not in (FINDINGS_SHEET, STATE_SHEET)}


@pytest.fixture
def office(tmp_path: Path) -> tuple[Path, Path]:
    (tmp_path / "臺中市.yaml").write_text(MAPPING, encoding="utf-8")
    return office_workbook(tmp_path / "名冊.xlsx"), tmp_path / "臺中市.yaml"


def findings_of(path: Path, mapping: Path) -> list[tuple[str, str]]:
    data = sncheck(["check", str(path), "--mapping", str(mapping), "--format", "json"]).json()
    return sorted((f["rule"], f.get("cell", "")) for f in data["files"][0]["findings"])


def test_only_the_fixed_cells_change_in_the_countys_words(office, tmp_path):
    roster, mapping = office
    before_bytes = roster.read_bytes()
    assert ("SEN001", "人員名冊!4") in findings_of(roster, mapping) or \
        any(rule == "SEN001" for rule, _ in findings_of(roster, mapping))
    out = tmp_path / "修正後.xlsx"
    run = sncheck(["fix", str(roster), "--mapping", str(mapping), "-o", str(out)])
    assert run.exit_code in (0, 1), run.stderr
    assert "人員名冊!D4: SEN001 已修正：「資深社工」→「社工員」" in run.stdout
    assert "人員名冊!E6: SUP003 已修正：「社安網」→「自籌」" in run.stdout
    assert roster.read_bytes() == before_bytes  # the original is only read

    before, after = openpyxl.load_workbook(roster), openpyxl.load_workbook(out)
    old, new = everything(before), everything(after)
    differing = {key for key in old.keys() | new.keys() if old.get(key) != new.get(key)}
    assert differing == {("人員名冊", "D4"), ("人員名冊", "E6")}
    assert after["人員名冊"]["D4"].value == "社工員" and after["人員名冊"]["E6"].value == "自籌"  # not "county"
    for coordinate, old_word in (("D4", "資深社工"), ("E6", "社安網")):
        cell = after["人員名冊"][coordinate]
        assert cell.fill.fgColor.rgb == FIXED_FILL
        assert COMMENT_MARKER in cell.comment.text and f"原為「{old_word}」" in cell.comment.text
    assert "SEN001" in after["人員名冊"]["D4"].comment.text and "SUP003" in after["人員名冊"]["E6"].comment.text
    # only the fill and the comment of those two cells, and nothing else of the workbook, changed
    assert structure(after) == structure(before)
    assert after["說明"]["B2"].value == "=SUM(組別!E2:E9)"
    assert [s for s in after.sheetnames if after[s].sheet_state == "visible"] == before.sheetnames
    assert FINDINGS_SHEET not in after.sheetnames  # without --annotate: the changes only

    # checked again: no finding that a safe fix addressed
    again = findings_of(out, mapping)
    assert not [rule for rule, _ in again if rule in ("SEN001", "SUP003")], again
    # a second fix on the corrected copy changes nothing more
    out2 = tmp_path / "again.xlsx"
    rerun = sncheck(["fix", str(out), "--mapping", str(mapping), "-o", str(out2)])
    assert "已修正 0 項" in rerun.stdout, rerun.stdout


def test_the_original_is_never_written(office, tmp_path):
    roster, mapping = office
    before = roster.read_bytes()
    no_output = sncheck(["fix", str(roster), "--mapping", str(mapping)])
    assert no_output.exit_code == 2 and "-o" in no_output.stderr and "不會覆寫原檔" in no_output.stderr
    same = sncheck(["fix", str(roster), "--mapping", str(mapping), "-o", str(roster)])
    assert same.exit_code == 2 and "原本的名冊" in same.stderr
    other_name = tmp_path / "sub" / ".." / roster.name
    (tmp_path / "sub").mkdir()
    assert sncheck(["fix", str(roster), "--mapping", str(mapping), "-o", str(other_name)]).exit_code == 2
    assert sncheck(["fix", str(roster), "--mapping", str(mapping), "-o", str(mapping)]).exit_code == 2  # an input
    assert sncheck(["fix", str(roster), "--mapping", str(mapping), "-o", str(tmp_path / "x.yaml")]).exit_code == 2
    assert roster.read_bytes() == before and mapping.read_text(encoding="utf-8") == MAPPING


def test_diff_lists_the_cells_and_writes_nothing(office, tmp_path):
    roster, mapping = office
    before = sorted(p.name for p in tmp_path.iterdir())
    run = sncheck(["fix", str(roster), "--mapping", str(mapping), "--diff"])
    assert run.exit_code == 1  # a file would change
    assert "人員名冊!D4: SEN001 可修正：「資深社工」→「社工員」" in run.stderr  # the report, as with plans
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_unsafe_fixes_only_with_unsafe(tmp_path):
    """SUP001 (2 centrally funded supervisors for 7 workers: one too many) is unsafe: it chooses the person."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "人員名冊"
    sheet.append(HEADERS[:10])
    for number in range(1, 8):
        sheet.append([f"W{number}", f"社工{number}", "北區社福中心", "社工員", "中央補助", 328, "110/1/1", "110/1/1", None, "社安網預算"])
    sheet.append(["S1", "督導甲", "北區社福中心", "督導", "中央補助", 450, "110/1/1", "110/1/1", None, "社安網預算"])
    sheet.append(["S2", "督導乙", "北區社福中心", "督導", "中央補助", 450, "110/1/1", "110/1/1", None, "社安網預算"])
    roster = tmp_path / "臺中市-111-名冊.xlsx"
    book.save(roster)
    safe = sncheck(["fix", str(roster), "-o", str(tmp_path / "safe.xlsx")])
    assert "SUP001" not in safe.stdout.split("修正後的副本")[0] and "--unsafe" in safe.stdout
    assert openpyxl.load_workbook(tmp_path / "safe.xlsx")["人員名冊"]["E10"].value == "中央補助"
    unsafe = sncheck(["fix", str(roster), "-o", str(tmp_path / "unsafe.xlsx"), "--unsafe"])
    assert "人員名冊!E10: SUP001 已修正：「中央補助」→「地方自籌」" in unsafe.stdout, unsafe.stdout
    assert openpyxl.load_workbook(tmp_path / "unsafe.xlsx")["人員名冊"]["E10"].value == "地方自籌"


def test_a_supervisor_on_the_teams_first_row_does_not_stop_fix(tmp_path):
    """SUP001 names the team's one centrally funded supervisor; when that supervisor is the team's first
    row (the team's own cell), the finding keeps its plan pointers as concerns: ``fix -o`` once failed on them
    with a traceback instead of writing the copy."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "人員名冊"
    sheet.append(HEADERS[:10])
    sheet.append(["S1", "督導甲", "南區社福中心", "督導", "中央補助", 450, "110/1/1", "110/1/1", None, "社安網預算"])
    for number in range(1, 4):
        sheet.append([f"W{number}", f"社工{number}", "南區社福中心", "社工員", "中央補助", 328, "110/1/1", "110/1/1",
                      None, "社安網預算"])
    roster = tmp_path / "臺中市-111-名冊.xlsx"
    book.save(roster)
    out = tmp_path / "out.xlsx"
    run = sncheck(["fix", str(roster), "-o", str(out)])
    assert run.exit_code == 1 and "Traceback" not in run.stderr, run.stderr
    assert "SUP001" in run.stdout
    assert openpyxl.load_workbook(out)["人員名冊"]["E2"].value == "中央補助"  # unsafe: not applied without --unsafe


def test_annotate_makes_one_file_with_what_was_fixed_and_what_remains(office, tmp_path):
    roster, mapping = office
    out = tmp_path / "修正與檢核.xlsx"
    run = sncheck(["fix", str(roster), "--mapping", str(mapping), "-o", str(out), "--annotate"])
    assert run.exit_code in (0, 1), run.stderr
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[0] == FINDINGS_SHEET
    rows = list(book[FINDINGS_SHEET].iter_rows(values_only=True))
    blank = rows.index((None,) * len(rows[0])) if (None,) * len(rows[0]) in rows else len(rows)
    rows, coverage = rows[:blank], rows[blank + 1:]  # the findings table, then what was not checked (issue 21)
    assert not coverage or coverage[0][0] == "檢核範圍"
    assert rows[0][7] == FIXED_HEADER["zh"]
    fixed = {row[2].split()[0]: row[7] for row in rows[1:] if row[7]}
    assert fixed == {"SEN001": "D4「資深社工」→「社工員」", "SUP003": "E6「社安網」→「自籌」"}
    remaining = [row[2].split()[0] for row in rows[1:] if not row[7]]
    expected = [rule for rule, _ in findings_of(out, mapping)]
    assert sorted(remaining) == sorted(expected)  # the sheet lists exactly what checking the copy finds
    assert book["人員名冊"]["D4"].fill.fgColor.rgb == FIXED_FILL


def test_a_judgement_fix_is_a_comment_not_a_change(tmp_path):
    """PAY001 (360 pay points without 3 years of protective work): lowering them needs the county's salary
    table, so the cell keeps 360 and carries the advice."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "人員名冊"
    sheet.append(["員工編號", "單位/組別", "職稱", "經費來源", "薪點", "保護性", "年資起日", "經費別", "保護性服務"])
    sheet.append(["P1", "家防中心", "社工員", "中央補助", 360, "是", "110/1/1", "社安網預算", "是"])
    roster = tmp_path / "臺中市-111-名冊.xlsx"
    book.save(roster)
    assert "PAY001" in sncheck(["check", str(roster), "--format", "json"]).stdout
    out = tmp_path / "out.xlsx"
    sncheck(["fix", str(roster), "-o", str(out)])
    sheet = openpyxl.load_workbook(out)["人員名冊"]
    assert sheet["E2"].value == 360 and sheet["E2"].fill.fill_type is None
    advice = sheet["A2"].comment.text  # PAY001 is about the person: its row's first cell carries it
    assert "PAY001" in advice and "薪資標準表" in advice and sheet["A2"].fill.fill_type is None


def test_a_tick_moves_between_tick_columns_of_an_office_header(tmp_path):
    """人事經費來源 over 中央補助 | 地方自籌, a V under one (the office layout of issue 19): --unsafe moves the
    excess supervisor's V from 中央補助 to 地方自籌 and touches nothing else."""
    roster = _ticked_roster(tmp_path)
    out = tmp_path / "out.xlsx"
    run = sncheck(["fix", str(roster), "-o", str(out), "--unsafe"])
    assert "人力配置表!E11: SUP001 已修正：「V」→（空白）" in run.stdout, run.stdout + run.stderr
    before, after = openpyxl.load_workbook(roster)["人力配置表"], openpyxl.load_workbook(out)["人力配置表"]
    assert [(c.coordinate, before[c.coordinate].value, c.value) for row in after.iter_rows() for c in row
            if before[c.coordinate].value != c.value] == [("E11", "V", None), ("F11", None, "V")]
    assert not [f for f in sncheck(["check", str(out), "--county", "臺中市", "--year", "111", "--format", "json"]).json()["files"][0]["findings"]
                if f["rule"] == "SUP001"]


def _csv_roster(tmp_path: Path, encoding: str, delimiter: str, newline: str) -> Path:
    rows = [HEADERS[:10],
            ["S-001", "王小明", "北區社福中心", "社工員", "中央補助", "328", "110/1/1", "110/1/1", "", "社安網預算"],
            ["S-002", "李大華", "北區社福中心", "資深社工", "中央補助", "400", "110/1/1", "110/1/1", "", "社安網預算"],
            ["S-003", "陳美麗", "北區社福中心", "社工員", "中央補助", "328", "110/1/1", "110/1/1", "", "社安網預算"]]
    text = newline.join(delimiter.join(row) for row in rows) + newline
    path = tmp_path / ("臺中市-111-名冊" + (".tsv" if delimiter == "\t" else ".csv"))
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("encoding,delimiter,newline", [("utf-8-sig", ",", "\r\n"), ("utf-8", ",", "\n"),
                                                        ("cp950", ",", "\r\n"), ("utf-8-sig", "\t", "\r\n")])
def test_a_csv_keeps_its_encoding_and_delimiter(tmp_path, encoding, delimiter, newline):
    roster = _csv_roster(tmp_path, encoding, delimiter, newline)
    original = roster.read_bytes()
    out = tmp_path / ("out" + roster.suffix)
    run = sncheck(["fix", str(roster), "-o", str(out)])
    assert "SEN001 已修正：「資深社工」→「社工員」" in run.stdout, run.stdout + run.stderr
    fixed = out.read_bytes()
    assert fixed.startswith(codecs.BOM_UTF8) == (encoding == "utf-8-sig")
    old_lines, new_lines = original.split(b"\n"), fixed.split(b"\n")
    assert len(old_lines) == len(new_lines)
    assert [i for i, (a, b) in enumerate(zip(old_lines, new_lines)) if a != b] == [2]  # only S-002's record
    assert new_lines[2].decode(encoding.replace("-sig", "")) == \
        delimiter.join(["S-002", "李大華", "北區社福中心", "社工員", "中央補助", "400", "110/1/1", "110/1/1", "", "社安網預算"]) \
        + ("\r" if newline == "\r\n" else "")
    assert roster.read_bytes() == original
    assert "SEN001" not in sncheck(["check", str(out), "--county", "臺中市", "--year", "111"]).stdout
    assert sncheck(["fix", str(roster), "-o", str(tmp_path / "x.xlsx"), "--annotate"]).exit_code == 2


# --------------------------------------------------------------------------- the write-back by itself


class _Cells:
    """A grid of cell values for ``Writer`` (``writeback.Grid``)."""

    def __init__(self, values: dict[tuple[int, int], Any]) -> None:
        self.values = values

    def value(self, cell: Cell) -> Any:
        return self.values.get((cell.row, cell.column or 0))

    def refusal(self, cell: Cell) -> tuple[str, str] | None:
        value = self.value(cell)
        return ("公式", "formula") if isinstance(value, str) and value.startswith("=") else None

    def choices(self, cell: Cell) -> tuple[str, ...]:
        return ()


def test_tick_columns_move_the_tick():
    """A roster whose 經費來源 is two tick columns (中央補助 ✓ | 地方自籌 blank): the fix moves the ✓."""
    data = {"staff": [{"id": "S1", "funding": "central"}]}
    conversion = Conversion(data, cells={"/staff/0": Cell("r.xlsx", "名冊", 3),
                                         "/staff/0/funding": Cell("r.xlsx", "名冊", 3, 5)},
                            headers={("r.xlsx", "名冊", 1): "員工編號", ("r.xlsx", "名冊", 5): "經費來源/中央補助",
                                     ("r.xlsx", "名冊", 6): "經費來源/地方自籌"})
    grid = _Cells({(3, 1): "S1", (3, 5): "✓", (3, 6): None})
    edits = Writer(conversion, grid, "r.xlsx").edits([{"op": "replace", "path": "/staff/0/funding", "value": "county"}])
    assert {(e.cell.row, e.cell.column): e.new for e in edits} == {(3, 6): "✓", (3, 5): None}
    with pytest.raises(NotWritable):  # no 其他 column to tick: said, not guessed
        Writer(conversion, grid, "r.xlsx").edits([{"op": "replace", "path": "/staff/0/funding", "value": "other"}])


def test_words_come_from_the_countys_column_then_the_vocabulary():
    data = {"staff": [{"funding": "central"}, {"funding": "county"}, {"funding": "central"}],
            "central_share": 0.5}
    cells = {f"/staff/{i}/funding": Cell("r.xlsx", "名冊", i + 2, 5) for i in range(3)}
    cells.update({f"/staff/{i}": Cell("r.xlsx", "名冊", i + 2) for i in range(3)})
    conversion = Conversion(data, cells=cells, headers={("r.xlsx", "名冊", 5): "經費來源"})
    op = {"op": "replace", "path": "/staff/0/funding", "value": "county"}
    own_words = _Cells({(2, 5): "中央", (3, 5): "縣自籌", (4, 5): "中央"})
    assert Writer(conversion, own_words, "r.xlsx").edits([op])[0].new == "縣自籌"
    codes = _Cells({(2, 5): "central", (3, 5): "central", (4, 5): "central"})
    conversion.data["staff"][1]["funding"] = "central"
    assert Writer(conversion, codes, "r.xlsx").edits([op])[0].new == "county"  # a county that writes codes
    labels = _Cells({(2, 5): "中央補助", (3, 5): "中央補助", (4, 5): "中央補助"})
    assert Writer(conversion, labels, "r.xlsx").edits([op])[0].new == "地方自籌"
    with pytest.raises(NotWritable):
        Writer(conversion, labels, "r.xlsx").edits([{"op": "replace", "path": "/central_share", "value": 0.7}])
    formula = _Cells({(2, 5): "=IF(1,\"中央補助\")"})
    with pytest.raises(NotWritable):
        Writer(conversion, formula, "r.xlsx").edits([op])


# --------------------------------------------------------------------------- through LibreOffice


def test_the_corrected_copy_survives_libreoffice(office, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: the round trip through it cannot be checked here")
    roster, mapping = office
    out = tmp_path / "修正後.xlsx"
    sncheck(["fix", str(roster), "--mapping", str(mapping), "-o", str(out), "--annotate"])
    converted = tmp_path / "lo"
    converted.mkdir()
    profile = tmp_path / "lo-profile"
    run = subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "xlsx",
                          "--outdir", str(converted), str(out)], capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stderr
    back = openpyxl.load_workbook(converted / out.name)
    sheet = back["人員名冊"]
    assert sheet["D4"].value == "社工員" and sheet["E6"].value == "自籌"
    assert "原為「資深社工」" in sheet["D4"].comment.text and "待人事室確認" in sheet["A4"].comment.text
    assert "A1:K1" in [str(r) for r in sheet.merged_cells.ranges]
    assert sheet.column_dimensions["K"].hidden
    assert any(v.type == "list" and "D4" in v.sqref for v in sheet.data_validations.dataValidation)
    assert back["說明"]["B2"].value == "=SUM(組別!E2:E9)" and "A5:C5" in [str(r) for r in back["說明"].merged_cells.ranges]
    assert findings_of(converted / out.name, mapping) == findings_of(out, mapping)  # it checks the same after LO


def test_an_answered_word_is_not_written_where_an_accepted_word_for_the_code_is_in_the_column():
    """A user trial: the officer answered 社工師 → 社工員 (how her workbook is read); the fix for a 資深社工 wrote
    社工師, a licensed title, because it tied with 社工 in the column. An accepted word wins."""
    data = {"staff": [{"role": "social_worker"}, {"role": "social_worker"}, {"role": "senior_social_worker"}]}
    cells = {f"/staff/{i}/role": Cell("r.xlsx", "名冊", i + 2, 3) for i in range(3)}
    cells.update({f"/staff/{i}": Cell("r.xlsx", "名冊", i + 2) for i in range(3)})
    conversion = Conversion(data, cells=cells, headers={("r.xlsx", "名冊", 3): "職稱"})
    grid = _Cells({(2, 3): "社工師", (3, 3): "社工", (4, 3): "資深社工"})
    op = {"op": "replace", "path": "/staff/2/role", "value": "social_worker"}
    assert Writer(conversion, grid, "r.xlsx").edits([op])[0].new == "社工"


# --------------------------------------------------------------------------- the fix text says what the copy writes


def _fix_text(roster: Path, *options: str) -> str:
    (finding,) = [f for f in sncheck(["check", str(roster), "--select", "SUP001", "--format", "json", *options])
                  .json()["files"][0]["findings"] if f["rule"] == "SUP001"]
    return finding["fix"]["description"]


def test_the_fix_text_names_the_word_the_corrected_copy_writes(tmp_path):
    """A user trial: the fix said 改為「地方自籌」 while the corrected copy wrote the county's own 自籌."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "人員名冊"
    sheet.append(["員工編號", "單位/組別", "職稱", "經費來源", "薪點"])
    for number in range(1, 8):
        sheet.append([number, "東區社福中心", "社工員", "自籌" if number == 3 else "中央補助"])
    sheet.append([9, "東區社福中心", "督導", "中央補助"])
    sheet.append([10, "東區社福中心", "督導", "中央補助"])
    roster = tmp_path / "臺中市-111-名冊.xlsx"
    book.save(roster)
    assert _fix_text(roster).startswith("超出的督導改由地方自籌：把 人員名冊!D10「經費來源」（編號 10）改為「自籌」；")
    assert "change 人員名冊!D10「經費來源」 (id 10) to 「自籌」;" in _fix_text(roster, "--lang", "en")
    out = tmp_path / "out.xlsx"
    sncheck(["fix", str(roster), "-o", str(out), "--unsafe"])
    assert openpyxl.load_workbook(out)["人員名冊"]["D10"].value == "自籌"



def _ticked_roster(tmp_path: Path) -> Path:
    """人事經費來源 over 中央補助 | 地方自籌 ticked V: 7 social workers and 2 central supervisors (one too many)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "人力配置表"
    sheet.append(["員工編號", "姓名", "單位", "職稱", "人事經費來源", None, "薪點"])
    sheet.append([None, None, None, None, "中央補助", "地方自籌", None])
    for first, last in (("A1", "A2"), ("B1", "B2"), ("C1", "C2"), ("D1", "D2"), ("E1", "F1"), ("G1", "G2")):
        sheet.merge_cells(f"{first}:{last}")
    for number in range(1, 8):
        sheet.append([f"W{number}", f"社工{number}", "北區社福中心", "社工員", "V", None, 328])
    sheet.append(["S1", "督導甲", "北區社福中心", "督導", "V", None, 450])
    sheet.append(["S2", "督導乙", "北區社福中心", "督導", "V", None, 450])
    roster = tmp_path / "臺中市-111-名冊.xlsx"
    book.save(roster)
    return roster

def test_the_fix_text_of_a_tick_layout_says_the_tick_moves(tmp_path):
    """人事經費來源 over 中央補助 | 地方自籌: the fix names the ticked cell and the cell the tick moves to."""
    roster = _ticked_roster(tmp_path)
    assert "把 人力配置表!E11「人事經費來源/中央補助」（編號 S2）的勾移到 人力配置表!F11「人事經費來源/地方自籌」；" \
        in _fix_text(roster)
    assert "move the tick of 人力配置表!E11「人事經費來源/中央補助」 (id S2) to 人力配置表!F11「人事經費來源/地方自籌」;" \
        in _fix_text(roster, "--lang", "en")
    out = tmp_path / "out.xlsx"
    sncheck(["fix", str(roster), "-o", str(out), "--unsafe"])
    after = openpyxl.load_workbook(out)["人力配置表"]
    assert (after["E11"].value, after["F11"].value) == (None, "V")


def test_the_fix_texts_of_many_findings_index_the_roster_once(tmp_path, monkeypatch):
    """The fix text asks the corrected copy's ``Writer`` which word it writes; its index walks every cell of the
    roster. Built once per finding, a 3,000-staff office roster took 98 s to check instead of 6 (quadratic).
    Two teams with one supervisor too many each: two fix texts, one index."""
    from sncheck.tabular import writeback

    built: list[object] = []
    real_init = writeback.Writer.__init__

    def counting(self: Any, *args: Any, **kwargs: Any) -> None:
        built.append(self)
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(writeback.Writer, "__init__", counting)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "人員名冊"
    sheet.append(["員工編號", "單位/組別", "職稱", "經費來源", "薪點"])
    for team in ("東區社福中心", "西區社福中心"):
        for number in range(1, 8):
            sheet.append([f"{team[0]}{number}", team, "社工員", "中央補助"])
        sheet.append([f"{team[0]}S1", team, "督導", "中央補助"])
        sheet.append([f"{team[0]}S2", team, "督導", "中央補助"])
    roster = tmp_path / "臺中市-111-名冊.xlsx"
    book.save(roster)
    from sncheck.engine.checker import Checker, Options
    from sncheck.tabular.check import check_sources
    from sncheck.tabular.convert import sources_for
    from sncheck.tabular.settings import settings_for
    from sncheck.tabular.mapping import ImportMapping

    settings = settings_for(ImportMapping(), None, None, required=False, named_by=roster)
    result, _ = check_sources(Checker(Options(select=("SUP001",))), sources_for(roster, settings.mapping), settings)
    texts = [f.fix.description for f in result.findings if f.rule == "SUP001" and f.fix is not None]
    assert len(texts) == 2 and all("改為「地方自籌」" in text for text in texts)
    assert len(built) == 1
