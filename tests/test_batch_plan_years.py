"""A batch's rows are a county's plans of one year (a reviewer's trial: 臺中市's 111 plan and its 112 roster
were one row with no year, so she could not tell which year failed). summary.csv, summary.xlsx, report.html
and the closing verdict line say each row's year; a file whose year is unknown is a row of its own."""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import openpyxl
import pytest
from cli_run import EXCESS_PLAN, sncheck, write
from office_workbooks import Person, two_row_header_workbook

from test_batch_report_browser import CHROMIUM, _chromium

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def _roster(path: Path) -> Path:
    """臺中市's roster as its office keeps it (two-row header, no teams sheet, no hire dates): 8 social workers
    and 2 centrally funded supervisors, one more than one per full 7 allows (SUP001)."""
    people = [Person(f"範例{i}", unit="中區社福中心", group="一組", ssn_years=5) for i in range(1, 9)]
    people += [Person(f"督導{i}", role="督導", unit="中區社福中心", group="一組", pay=380, ssn_years=6) for i in "甲乙"]
    return two_row_header_workbook(path, people)


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """臺中市: its 111 plan (examples, passes), its 112 roster workbook (year from the file name), and a revised
    plan without plan_year; 高雄市's 111 plan."""
    folder = tmp_path_factory.mktemp("round") / "plans"
    folder.mkdir()
    shutil.copy(EXAMPLES / "taichung-111.yaml", folder)
    shutil.copy(EXAMPLES / "kaohsiung-111.yaml", folder)
    _roster(folder / "臺中市-112-人員名冊.xlsx")
    text = (EXAMPLES / "taichung-111.yaml").read_text(encoding="utf-8")
    assert "plan_year: 111\n" in text
    write(folder / "taichung-revised.yaml", text.replace("plan_year: 111\n", ""))
    return folder


@pytest.fixture(scope="module")
def reports(plans: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, str]]:
    """lang → (report dir, standard output)."""
    out = {}
    for lang in ("zh", "en"):
        folder = tmp_path_factory.mktemp(f"report-{lang}")
        run = sncheck(["batch", str(plans), "--report-dir", str(folder), "--lang", lang])
        assert run.exit_code == 1, run.stderr
        out[lang] = (folder, run.stdout)
    return out


def _csv(folder: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO((folder / "summary.csv").read_text(encoding="utf-8-sig"))))


def test_summary_csv_has_a_row_per_county_and_plan_year(reports: dict[str, tuple[Path, str]]) -> None:
    rows = _csv(reports["zh"][0])
    assert rows[0][:4] == ["縣市", "計畫年度", "檔案數", "結果"]
    assert [row[:4] for row in rows[1:]] == [
        ["臺中市", "111", "1", "通過"],
        ["臺中市", "112", "1", "未通過"],  # the roster: its own row, its own result
        ["臺中市", "年度不明", "1", "未通過"],  # no plan_year: not merged into 111 (whose plan it revises)
        ["高雄市", "111", "1", "未通過"],
        ["合計", "", "4", "未通過 3、未完整檢核 0 / 4"],
    ]
    errors = rows[0].index("錯誤合計")
    assert [row[errors] for row in rows[1:]] == ["0", "1", "1", "6", "8"]  # each year's own counts
    assert [row[:4] for row in _csv(reports["en"][0])[1:4]] == [
        ["臺中市", "111", "1", "pass"], ["臺中市", "112", "1", "fail"], ["臺中市", "unknown", "1", "fail"]]


def test_summary_xlsx_has_the_year_as_a_number_and_keeps_it_in_view(reports: dict[str, tuple[Path, str]]) -> None:
    folder = reports["zh"][0]
    sheet = openpyxl.load_workbook(folder / "summary.xlsx").active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert [row[:4] for row in values] == [
        ["縣市", "計畫年度", "檔案數", "結果"],
        ["臺中市", 111, 1, "通過"],
        ["臺中市", 112, 1, "未通過"],
        ["臺中市", "年度不明", 1, "未通過"],
        ["高雄市", 111, 1, "未通過"],
        ["合計", None, 4, "未通過 3、未完整檢核 0 / 4"],
    ]
    assert sheet.freeze_panes == "C2"  # county and year stay beside the counts when scrolling right
    assert [["" if v is None else str(v) for v in row] for row in values] == _csv(folder)  # the same table


def test_report_html_rows_drill_downs_and_cards_name_the_year(reports: dict[str, tuple[Path, str]]) -> None:
    html = (reports["zh"][0] / "report.html").read_text(encoding="utf-8")
    assert re.findall(r'<tr data-county="([^"]+)" data-year="([^"]+)"><th class="l nw"><a href="#([^"]+)">', html) == [
        ("臺中市", "111", "county-臺中市-111"), ("臺中市", "112", "county-臺中市-112"),
        ("臺中市", "年度不明", "county-臺中市-年度不明"), ("高雄市", "111", "county-高雄市")]
    assert html.count('<td class="nw year">年度不明</td>') == 1
    assert '<th class="l nw">縣市</th><th class="nw">年度</th>' in html
    # a county with several years: one block (the link a reviewer mails to 臺中市) holding a drill-down per year
    block = re.search(r'<div class="county-years" id="county-臺中市">(.*?)</div>', html, re.S).group(1)
    assert re.findall(r'<details class="county" id="([^"]+)"[^>]*><summary>([^<]*)</summary>', block) == [
        ("county-臺中市-111", "臺中市（年度 111）：通過，0 錯誤、0 警告"),
        ("county-臺中市-112", "臺中市（年度 112）：未通過，1 錯誤、1 警告"),
        ("county-臺中市-年度不明", "臺中市（年度不明）：未通過，1 錯誤、0 警告")]
    assert '<details class="county" id="county-高雄市" data-year="111">' in html  # one year: the county's own id
    assert '<div class="card"><b>4</b>縣市・年度</div>' in html  # 4 rows of 2 counties: not "4 縣市"
    english = (reports["en"][0] / "report.html").read_text(encoding="utf-8")
    assert "<summary>臺中市（year unknown）：fail" in english and '<td class="nw year">unknown</td>' in english
    assert '<div class="card"><b>4</b>county-years</div>' in english


def test_the_verdict_line_names_each_row_with_its_year(reports: dict[str, tuple[Path, str]]) -> None:
    assert reports["zh"][1].splitlines()[-1] == "未通過：臺中市 112 年度、臺中市（年度不明）、高雄市 111 年度（3 / 4）"
    assert reports["en"][1].splitlines()[-1] == "failing: 臺中市 112, 臺中市 (year unknown), 高雄市 111 (3 of 4)"


def test_a_round_of_one_year_names_counties_alone_but_still_shows_the_year(tmp_path: Path) -> None:
    """The usual round (every county's plan of one year): the verdict line stays short; the 計畫年度 column is
    there all the same (columns do not move between rounds, and a county that sent last year's plan shows)."""
    folder = tmp_path / "plans"
    folder.mkdir()
    shutil.copy(EXAMPLES / "taichung-111.yaml", folder)
    shutil.copy(EXAMPLES / "kaohsiung-111.yaml", folder)
    run = sncheck(["batch", str(folder), "--report-dir", str(tmp_path / "out")])
    assert run.stdout.splitlines()[-1] == "未通過：高雄市（1 / 2）"
    assert [row[:4] for row in _csv(tmp_path / "out")[1:3]] == [["臺中市", "111", "1", "通過"],
                                                               ["高雄市", "111", "1", "未通過"]]
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert '<div class="card"><b>2</b>縣市</div>' in html and 'class="county-years"' not in html


def test_compare_keys_already_hold_the_year(tmp_path: Path) -> None:
    """--compare is not affected: a finding's key is (county, plan year, rule, item), so 臺中市's 111 finding
    is still open in the next round and the same finding in its 112 plan is new, not matched to it."""
    write(tmp_path / "r1" / "a.yaml", EXCESS_PLAN)
    assert sncheck(["batch", str(tmp_path / "r1"), "--report-dir", str(tmp_path / "out1")]).exit_code == 1
    write(tmp_path / "r2" / "a.yaml", EXCESS_PLAN)
    write(tmp_path / "r2" / "b.yaml", EXCESS_PLAN.replace("plan_year: 111", "plan_year: 112"))
    run = sncheck(["batch", str(tmp_path / "r2"), "--report-dir", str(tmp_path / "out2"),
                   "--compare", str(tmp_path / "out1" / "findings.json")])
    html = (tmp_path / "out2" / "report.html").read_text(encoding="utf-8")
    assert re.findall(r'<div class="card"><b>(\d+)</b>(新增|已修正|仍未修正)</div>', html) == [
        ("1", "新增"), ("0", "已修正"), ("1", "仍未修正")]
    assert run.stdout.splitlines()[-1] == "未通過：臺中市 111 年度、臺中市 112 年度（2 / 2）"


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install -y chromium)")
def test_the_county_link_opens_every_year_and_a_year_link_opens_one(reports: dict[str, tuple[Path, str]],
                                                                    tmp_path: Path) -> None:
    report = reports["zh"][0] / "report.html"
    opened = {}
    for anchor in ("county-臺中市", "county-臺中市-112"):
        done = _chromium(tmp_path, "--virtual-time-budget=3000", "--dump-dom", report.as_uri() + "#" + anchor)
        assert done.returncode == 0, done.stderr[-2000:]
        opened[anchor] = re.findall(r'<details class="county" id="([^"]+)"[^>]* open="">', done.stdout)
    assert opened == {"county-臺中市": ["county-臺中市-111", "county-臺中市-112", "county-臺中市-年度不明"],
                      "county-臺中市-112": ["county-臺中市-112"]}
