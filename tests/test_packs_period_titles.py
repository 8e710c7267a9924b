"""Titles name the plan's period from the pack covering its year (pack.yaml ``title``), never 第二期 for a 2.0 plan.

The batch report.html, the import template's title row and ``sncheck init``'s header; a report of plans of
two periods gets the programme's neutral name and lists the packs used.
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from cli_run import sncheck, write
from test_engine_cross_plan import plan_text

PHASE2 = "強化社會安全網第二期計畫（110–114年）"
SSN2 = "強化社會安全網計畫2.0（115–119年）"


def _report(tmp_path: Path, years: list[int], *args: str) -> str:
    folder = tmp_path / "plans"
    for county, year in zip(["臺北市", "臺中市", "高雄市"], years):
        write(folder / f"{county}-{year}.yaml", plan_text(county, year, evaluation=None))
    out = tmp_path / "report"
    run = sncheck(["batch", str(folder), "--report-dir", str(out), "-j", "1", *args])
    assert run.exit_code in (0, 1), run.stderr
    return (out / "report.html").read_text(encoding="utf-8")


def _h1(page: str) -> str:
    return re.search(r"<h1>([^<]*)</h1>", page).group(1)  # type: ignore[union-attr]


@pytest.mark.parametrize("years, title", [([111, 112], f"{PHASE2} 縣市計畫檢核總表"),
                                          ([115, 116], f"{SSN2} 縣市計畫檢核總表")])
def test_a_round_of_one_period_is_titled_by_its_pack(tmp_path: Path, years: list[int], title: str) -> None:
    page = _report(tmp_path, years)
    assert _h1(page) == title
    assert f"<title>{title}</title>" in page


def test_a_round_of_two_periods_gets_the_neutral_title_and_the_packs_listed(tmp_path: Path) -> None:
    page = _report(tmp_path, [114, 115])
    assert _h1(page) == "強化社會安全網計畫 縣市計畫檢核總表"
    packs = re.search(r'<p id="periods">([^<]*)</p>', page).group(1)  # type: ignore[union-attr]
    assert packs == f"本表檢核依據：ssn-phase2 {PHASE2}、ssn-2.0 {SSN2}"


def test_a_2_0_round_with_the_phase2_standards_by_choice_is_still_a_2_0_report(tmp_path: Path) -> None:
    page = _report(tmp_path, [115], "--apply-pack", "ssn-phase2:115-119", "--lang", "en")
    assert _h1(page) == "Strengthening Social Safety Net 2.0 (ROC 115–119): county plan review"
    assert "ssn-phase2 Strengthening Social Safety Net, phase 2 (ROC 110–114)" in page


def test_the_import_template_is_titled_by_the_year_s_period(tmp_path: Path) -> None:
    def first_rows(*args: str) -> tuple[str, str]:
        path = tmp_path / f"t{len(args)}.xlsx"
        run = sncheck(["import", "--template", str(path), *args])
        assert run.exit_code == 0, run.stderr
        sheet = openpyxl.load_workbook(path)["說明"]
        return str(sheet["A1"].value), str(sheet["A2"].value)

    assert first_rows("--year", "115") == (f"sncheck 計畫匯入範本：{SSN2}",
                                           "填好後執行：sncheck import 本檔.xlsx --county 臺中市 --year 115 -o plan.yaml")
    assert first_rows("--year", "111")[0] == f"sncheck 計畫匯入範本：{PHASE2}"
    assert first_rows()[0] == "sncheck 計畫匯入範本：強化社會安全網計畫"  # no year: no period claimed


@pytest.mark.parametrize("year, period", [(115, SSN2), (111, PHASE2), (120, "強化社會安全網計畫")])
def test_init_writes_the_period_of_the_year_in_the_header(tmp_path: Path, year: int, period: str) -> None:
    run = sncheck(["init", "--county", "臺中市", "--year", str(year)])
    assert run.exit_code == 0, run.stderr
    assert run.stdout.splitlines()[0] == f"# 臺中市 {year} 年度{period}人力及經費計畫（sncheck/plan@1）"


def test_the_115_starter_plan_passes_with_only_pack002(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    assert sncheck(["init", "--county", "臺中市", "--year", "115", "-o", str(plan)]).exit_code == 0
    doc = sncheck(["check", str(plan), "--format", "json"]).json()
    assert [f["rule"] for f in doc["files"][0]["findings"]] == ["PACK002"]
