"""The 未檢核 cell of the batch reports: one line per cause, naming the rules it stopped (a reviewer's trial:
「竹北中心!第8列的「職稱」無法讀取」 was repeated once per rule, seven times, a row 600 px tall)."""

from __future__ import annotations

import csv
import io
import re
from html import escape
from pathlib import Path

import openpyxl
import pytest
from cli_run import sncheck
from office_workbooks import Person, two_row_header_workbook

from sncheck.model.coverage import NOT_RUN, PARTIAL, Coverage, LeftOut, RuleCoverage


def _rule(rule: str, status: str, causes: tuple[str, ...], left_out: bool = False) -> RuleCoverage:
    left = (LeftOut("/staff/1", causes[0]),) if left_out else ()
    return RuleCoverage(rule, rule, status, f"{rule} 的舊訊息", left_out=left, causes=causes)


def test_one_line_per_cause_with_the_rules_it_stopped_and_what_it_did_to_each() -> None:
    row8 = "人力配置表!第8列的「職稱」無法讀取"
    coverage = Coverage((
        _rule("SUP001", PARTIAL, (row8,), left_out=True),
        _rule("CASE001", NOT_RUN, ("名冊沒有「開案數」欄",)),
        _rule("SEN001", PARTIAL, (row8,), left_out=True),
        _rule("HIRE001", NOT_RUN, (row8,), left_out=True),  # a whole-plan rule: not determined at all
        _rule("CASE002", NOT_RUN, ("名冊沒有「開案數」欄",)),
        RuleCoverage("EXT001", "plugin", NOT_RUN, "本縣規定（EXT001）未檢核：外掛沒有說原因"),  # no causes: as written
        _rule("PAY001", PARTIAL, ("第1列", "第2列", "第3列", "第4列"), left_out=True),
    ), partial_pack="只依 2.0 已公開的 3 條草案規則檢核；其他規定未檢核")
    assert coverage.by_cause("zh") == [
        "只依 2.0 已公開的 3 條草案規則檢核；其他規定未檢核",
        "人力配置表!第8列的「職稱」無法讀取：SUP001、SEN001 只檢核了部分；HIRE001 未判定",
        "名冊沒有「開案數」欄：CASE001、CASE002 未檢核",
        "本縣規定（EXT001）未檢核：外掛沒有說原因",
        "第1列；第2列；第3列；等 4 項：PAY001 只檢核了部分",
    ]
    assert coverage.by_cause("en")[1:3] == [
        "人力配置表!第8列的「職稱」無法讀取 — SUP001, SEN001 checked in part; HIRE001 not determined",
        "名冊沒有「開案數」欄 — CASE001, CASE002 not checked"]
    assert Coverage(stopped="檔案無法讀成計畫，未檢核任何規定").by_cause("zh") == ["檔案無法讀成計畫，未檢核任何規定"]
    assert Coverage().by_cause("zh") == []


@pytest.fixture(scope="module")
def roster_round(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """新竹縣's 114 roster: two 職稱 the reader cannot read (rows 10 and 12), a team whose unit type its name does
    not say (竹北中心), no teams sheet, no hire dates."""
    folder = tmp_path_factory.mktemp("round") / "plans"
    folder.mkdir()
    people = [Person(f"竹北{i}", unit="竹北中心", group="一組", ssn_years=5) for i in range(1, 9)]
    people[4] = Person("竹北5", role="行政助理員兼社工", unit="竹北中心", group="一組", ssn_years=5)
    people[6] = Person("竹北7", role="???", unit="竹北中心", group="一組", ssn_years=5)
    people.append(Person("督導乙", role="督導", unit="竹北中心", group="一組", pay=380, ssn_years=6))
    two_row_header_workbook(folder / "新竹縣-114-人力配置表.xlsx", people)
    return folder


ZH = [
    "活頁簿沒有組別表（含「計畫別」欄；可加一張組別表，或用對照檔／網頁的問題補上）：CASE001、CASE002、TRAIN001、SUP003 未檢核",
    "人力配置表!第10列的「職務/職稱」無法讀取；人力配置表!第12列的「職務/職稱」無法讀取："
    "PAY001、PAY002、SEN001、SEN002、QUAL001 只檢核了部分",
    "活頁簿沒有組別表（含「核定員額」欄；可加一張組別表，或用對照檔／網頁的問題補上）：HIRE001 未檢核",
    "名冊沒有「到職日」欄：RECR001 未檢核",
    "組別「竹北中心/一組」無法讀取：SUP001、SUP002 只檢核了部分",
]
EN = [
    "the workbook has no teams sheet (with a '計畫別' column; add one, or give it in the mapping file or the page's "
    "questions) — CASE001, CASE002, TRAIN001, SUP003 not checked",
    "人力配置表!row 10: 職務/職稱 cannot be read; 人力配置表!row 12: 職務/職稱 cannot be read — "
    "PAY001, PAY002, SEN001, SEN002, QUAL001 checked in part",
    "the workbook has no teams sheet (with a '核定員額' column; add one, or give it in the mapping file or the page's "
    "questions) — HIRE001 not checked",
    "the roster has no '到職日' column — RECR001 not checked",
    "team '竹北中心/一組' cannot be read — SUP001, SUP002 checked in part",
]


@pytest.mark.parametrize("lang, lines", [("zh", ZH), ("en", EN)])
def test_the_reports_not_checked_cell_groups_the_rules_by_cause(roster_round: Path, tmp_path: Path, lang: str,
                                                               lines: list[str]) -> None:
    out = tmp_path / "out"
    run = sncheck(["batch", str(roster_round), "--report-dir", str(out), "--lang", lang])
    assert run.exit_code == 1, run.stderr
    rows = list(csv.reader(io.StringIO((out / "summary.csv").read_text(encoding="utf-8-sig"))))
    column = rows[0].index("未檢核" if lang == "zh" else "not checked")
    assert rows[1][:2] == ["新竹縣", "114"] and rows[1][column].split("\n") == lines  # a line per rule (13) before
    sheet = openpyxl.load_workbook(out / "summary.xlsx").active
    cell = sheet.cell(2, column + 1)
    assert cell.value.split("\n") == lines and cell.alignment.wrap_text
    html = (out / "report.html").read_text(encoding="utf-8")
    shown = re.search(r'<td class="l unchecked">(.*?)</td>', html).group(1)
    assert shown == "<br>".join(escape(line) for line in lines)


def test_a_team_rule_stopped_by_a_members_cell_shares_that_cells_line(tmp_path: Path) -> None:
    """SUP001 leaves out the team whose member's 職稱 is unreadable: its cause is that cell, the same as the
    staff rules', so the cell is named once for all of them (the trial's seven repetitions)."""
    people = [Person(f"範例{i}", unit="中區社福中心", group="一組", ssn_years=5) for i in range(1, 9)]
    people[2] = Person("範例3", role="???", unit="中區社福中心", group="一組", ssn_years=5)
    (tmp_path / "plans").mkdir()
    two_row_header_workbook(tmp_path / "plans" / "臺中市-112-人員名冊.xlsx", people)
    run = sncheck(["batch", str(tmp_path / "plans"), "--report-dir", str(tmp_path / "out")])
    assert run.exit_code == 1, run.stderr
    rows = list(csv.reader(io.StringIO((tmp_path / "out" / "summary.csv").read_text(encoding="utf-8-sig"))))
    lines = rows[1][rows[0].index("未檢核")].split("\n")
    assert "人力配置表!第8列的「職務/職稱」無法讀取：PAY001、PAY002、SEN001、SEN002、QUAL001、SUP001、SUP002 只檢核了部分" in lines
    assert sum("第8列" in line for line in lines) == 1
