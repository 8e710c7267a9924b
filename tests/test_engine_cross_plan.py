"""FUND003, the first cross-plan rule, through `sncheck batch`; and the cross-plan hook for plugins.

002 「優良：提高7縣市(直轄市2個)補助比率5%」: a reviewer's batch in which more counties of one plan year
claim 優良 than there are places must flag every such plan, naming the others.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from cli_run import sncheck, write

from sncheck.api import CrossPlanCheck, CrossPlanViolation, hookimpl
from sncheck.engine.checker import Checker, Options
from sncheck.engine.cross_plan import check_together

MUNICIPALITIES = ["臺北市", "新北市", "桃園市", "臺中市", "臺南市", "高雄市"]
EIGHT = ["臺北市", "臺中市", "基隆市", "新竹市", "嘉義市", "新竹縣", "苗栗縣", "彰化縣"]  # 2 直轄市


def plan_text(county: str, year: int = 112, evaluation: str | None = "優良", extra: str = "") -> str:
    lines = ["format: sncheck/plan@1", f"county: {county}", f"plan_year: {year}"]
    lines += [f"previous_evaluation: {evaluation}"] if evaluation else []
    lines += [extra] if extra else []
    lines += ["teams:", "  - {id: T1, unit_type: 社福中心, program: 脆弱家庭}", "staff: []"]
    return "\n".join(lines) + "\n"


def folder_of(tmp_path: Path, plans: dict[str, str]) -> Path:
    folder = tmp_path / "plans"
    for name, text in plans.items():
        write(folder / name, text)
    return folder


def batch_json(folder: Path, *args: str) -> tuple[int, dict]:
    run = sncheck(["batch", str(folder), "--format", "json", "-j", "2", *args])
    return run.exit_code, run.json()


def fund003_by_file(doc: dict) -> dict[str, list[dict]]:
    return {Path(f["path"]).name: [x for x in f["findings"] if x["rule"] == "FUND003"] for f in doc["files"]}


def test_eight_counties_claiming_excellent_are_each_flagged_naming_the_others(tmp_path):
    folder = folder_of(tmp_path, {f"{c}-112.yaml": plan_text(c) for c in EIGHT})
    out = tmp_path / "report"
    run = sncheck(["batch", str(folder), "--report-dir", str(out), "-j", "2"])
    assert run.exit_code == 0, run.stdout + run.stderr  # a warning: the exit status is unchanged
    lines = [line for line in run.stdout.splitlines() if " FUND003 " in line]
    assert len(lines) == 8
    for county in EIGHT:
        line = next(line for line in lines if line.startswith(f"{folder / county}-112.yaml:4:22: FUND003 warning"))
        others = line.split("與本縣市爭取同一名額的其他縣市：")[1]
        assert others.split("、") == [c for c in EIGHT if c != county]  # official order, the county itself left out
        assert "共 8 個縣市（其中直轄市 2 個）申報優良，但優良名額為 7 縣市（直轄市 2 個）" in line
    assert run.stdout.index("所有檔案檢查完成後的跨計畫檢查：") < run.stdout.index(lines[0])
    assert "檢查 8 個檔案：0 個錯誤、8 個警告、0 個資訊" in run.stdout

    doc = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    assert doc["summary"]["warnings"] == 8
    for f in doc["files"]:
        assert [(x["rule"], x["severity"], x["pointer"], x["line"], x["column"]) for x in f["findings"]] == [
            ("FUND003", "warning", "/previous_evaluation", 4, 22)]
        assert f["findings"][0]["source"]["document"] == "002" and "patch" not in f["findings"][0]["fix"]
    rows = {r["縣市"]: r for r in csv.DictReader(io.StringIO((out / "summary.csv").read_text(encoding="utf-8-sig")))}
    # 未完整檢核, not 通過 (issue 21): these plans give no staff, budgeted positions or hire dates to check
    assert all(rows[c]["補助比率－警告"] == "1" and rows[c]["結果"] == "未完整檢核" for c in EIGHT)
    assert rows["合計"]["補助比率－警告"] == "8"
    html = (out / "report.html").read_text(encoding="utf-8")
    assert html.count("FUND003") >= 8 and "與本縣市爭取同一名額的其他縣市" in html
    keys = json.loads((out / "compare-keys.json").read_text(encoding="utf-8"))
    assert [f["keys"] for f in keys["files"]] == [["/previous_evaluation"]] * 8


def test_three_municipalities_are_flagged_and_a_county_is_not(tmp_path):
    plans = {f"{c}.yaml": plan_text(c) for c in ["臺北市", "新北市", "桃園市", "宜蘭縣"]}
    code, doc = batch_json(folder_of(tmp_path, plans), "--lang", "en")
    assert code == 0
    found = fund003_by_file(doc)
    assert found["宜蘭縣.yaml"] == []
    assert [len(found[f"{c}.yaml"]) for c in ["臺北市", "新北市", "桃園市"]] == [1, 1, 1]
    message = found["新北市.yaml"][0]["message"]
    assert message.endswith("the others claiming the same places: 臺北市, 桃園市")
    assert "4 counties (3 of them 直轄市)" in message
    assert found["新北市.yaml"][0]["fix"]["description"].startswith(
        "check last year's evaluation results: only 2 直轄市 are rated 優良")


def test_at_the_limits_nothing_is_flagged(tmp_path):
    # 7 counties of which 2 直轄市: exactly 002's places
    plans = {f"{c}.yaml": plan_text(c) for c in EIGHT[:7]}
    assert batch_json(folder_of(tmp_path, plans))[1]["summary"]["warnings"] == 0


def test_a_county_with_two_plans_of_the_year_counts_once_and_both_are_flagged(tmp_path):
    plans = {f"{c}.yaml": plan_text(c) for c in EIGHT[:7]}
    plans["臺中市-修正.yaml"] = plan_text("台中市")  # a revision of 臺中市's plan, 台 spelling
    tmp_once = tmp_path / "once"
    assert batch_json(folder_of(tmp_once, plans))[1]["summary"]["warnings"] == 0  # 7 counties, 8 plans
    plans["彰化縣.yaml"] = plan_text("彰化縣")
    _, doc = batch_json(folder_of(tmp_path / "eight", plans))
    found = fund003_by_file(doc)
    assert all(len(v) == 1 for v in found.values()) and len(found) == 9
    assert "共 8 個縣市" in found["臺中市-修正.yaml"][0]["message"]
    assert found["彰化縣.yaml"][0]["message"].count("臺中市") == 1


def test_plans_that_cannot_be_checked_do_not_count_and_other_years_are_apart(tmp_path):
    plans = {f"{c}.yaml": plan_text(c) for c in ["臺北市", "新北市"]}
    plans["桃園市-schema.yaml"] = plan_text("桃園市").replace("teams:\n  - {id: T1, unit_type: 社福中心, program: 脆弱家庭}\n", "")
    plans["臺南市-parse.yaml"] = plan_text("臺南市") + "teams: [\n"
    plans["高雄市-113.yaml"] = plan_text("高雄市", 113)
    plans["臺中市-111.yaml"] = plan_text("臺中市", 111)  # before 112: not counted
    code, doc = batch_json(folder_of(tmp_path, plans))
    assert code == 1  # the SCHEMA001 and PARSE001 errors
    assert {name: [x["rule"] for x in f] for name, f in fund003_by_file(doc).items() if f} == {}
    rules = {Path(f["path"]).name: sorted({x["rule"] for x in f["findings"]}) for f in doc["files"]}
    assert rules["桃園市-schema.yaml"] == ["SCHEMA001"] and rules["臺南市-parse.yaml"] == ["PARSE001"]


def test_select_ignore_severity_override_and_suppression_apply(tmp_path):
    plans = {f"{c}.yaml": plan_text(c) for c in ["臺北市", "新北市"]}
    plans["桃園市.yaml"] = plan_text("桃園市", extra="sncheck-ignore: {FUND003: 考核結果函已附（113年2月1日）}")
    folder = folder_of(tmp_path, plans)
    _, doc = batch_json(folder)
    found = fund003_by_file(doc)
    assert found["桃園市.yaml"][0]["suppressed"] == "考核結果函已附（113年2月1日）"
    assert "suppressed" not in found["臺北市.yaml"][0]
    assert doc["summary"]["warnings"] == 2 and doc["summary"]["suppressed"] == 1
    assert batch_json(folder, "--ignore", "FUND003")[1]["summary"]["warnings"] == 0
    assert batch_json(folder, "--select", "SUP")[1]["summary"]["warnings"] == 0
    _, only = batch_json(folder, "--select", "FUND003")
    assert {x["rule"] for f in only["files"] for x in f["findings"]} == {"FUND003"}
    write(folder / ".sncheck.yaml", "severity: {FUND003: error}\n")
    code, strict = batch_json(folder)
    assert code == 1 and strict["summary"]["errors"] == 2
    assert {x["severity"] for f in strict["files"] for x in f["findings"]} == {"error"}


def test_sncheck_check_of_several_files_does_not_run_fund003(tmp_path):
    folder = folder_of(tmp_path, {f"{c}.yaml": plan_text(c) for c in EIGHT})
    run = sncheck(["check", str(folder), "--format", "json"])
    assert run.exit_code == 0 and run.json()["summary"]["warnings"] == 0


def test_compare_keys_match_fund003_across_rounds(tmp_path):
    one = folder_of(tmp_path / "r1", {f"{c}.yaml": plan_text(c) for c in EIGHT})
    report = tmp_path / "report-1"
    assert sncheck(["batch", str(one), "--report-dir", str(report)]).exit_code == 0
    two = {f"{c}.yaml": plan_text(c) for c in EIGHT}
    two["彰化縣.yaml"] = plan_text("彰化縣", evaluation="達標")  # corrected: 7 claims remain
    run = sncheck(["batch", str(folder_of(tmp_path / "r2", two)), "--compare", str(report / "findings.json")])
    assert "新增 0、已修正 8、仍未修正 0" in run.stdout
    two["彰化縣.yaml"] = plan_text("彰化縣")
    two["南投縣.yaml"] = plan_text("南投縣")  # a 9th claim: 8 still open, 1 new
    run = sncheck(["batch", str(folder_of(tmp_path / "r3", two)), "--compare", str(report / "findings.json")])
    assert "新增 1、已修正 0、仍未修正 8" in run.stdout


def test_same_results_whatever_the_number_of_workers(tmp_path):
    folder = folder_of(tmp_path, {f"{c}.yaml": plan_text(c) for c in EIGHT + ["南投縣"]})
    one = sncheck(["batch", str(folder), "--format", "json", "-j", "1"]).stdout
    assert one == sncheck(["batch", str(folder), "--format", "json", "-j", "3"]).stdout
    assert json.loads(one)["summary"]["warnings"] == 9


# ----------------------------------------------------------------------------- the hook, for plugins

class SameShareEverywhere:
    """A third-party cross-plan check: plans of one year declaring different central shares."""

    @hookimpl
    def sncheck_cross_plan_checks(self):
        def check(ctx):
            shares = {p.fields.get("central_share") for p in ctx.plans}
            if len(shares) > 1:
                for p in ctx.plans:
                    yield CrossPlanViolation(p.index, "/central_share", {"county": p.county, "n": len(shares)})
        return [CrossPlanCheck("example.same_share", check, {"type": "object"}, "one share for all")]


class BrokenCrossPlan:
    @hookimpl
    def sncheck_cross_plan_checks(self):
        def check(ctx):
            raise RuntimeError("boom")
        return [CrossPlanCheck("example.same_share", check)]


def _pack(tmp_path: Path) -> Path:
    pack = tmp_path / "pack"
    write(pack / "pack.yaml", "id: x\ntitle: {zh: 測試, en: test}\nplan_years: {from: 110, to: 114}\n")
    write(pack / "rules.yaml", """rules:
  - id: XSHARE001
    family: funding_share
    check: example.same_share
    severity: error
    title: {zh: 各縣市比率不一, en: shares differ}
    message: {zh: "{county}：{n} 種比率", en: "{county}: {n} shares"}
    sources: [{document: test, quote: test}]
""")
    return pack


@pytest.mark.parametrize("plugin, expected", [(SameShareEverywhere(), "XSHARE001"), (BrokenCrossPlan(), "INTERNAL001")])
def test_a_plugin_contributes_a_cross_plan_check_through_the_hook(tmp_path, plugin, expected):
    checker = Checker(Options(rule_dirs=(_pack(tmp_path),), extra_plugins=(plugin,), load_entry_points=False,
                              select=("XSHARE", "INTERNAL")))
    files = [(f"{c}.yaml", plan_text(c, evaluation=None, extra=f"central_share: {s}").encode())
             for c, s in [("臺北市", 0.1), ("臺中市", 0.7)]]
    results = check_together(checker, files)
    assert [[(f.rule, f.pointer, f.line) for f in r.findings] for r in results] == [
        [(expected, "/central_share" if expected == "XSHARE001" else "", 4 if expected == "XSHARE001" else None)]] * 2
    if expected == "XSHARE001":
        assert results[0].findings[0].message == "臺北市：2 種比率"
    # one plan alone (as `sncheck check` sees it): the cross-plan rule never runs there
    assert checker.check_bytes(*files[0]).findings == []


def test_the_limits_are_parameters_a_config_can_change(tmp_path):
    folder = folder_of(tmp_path, {f"{c}.yaml": plan_text(c) for c in EIGHT})
    assert batch_json(folder)[1]["summary"]["warnings"] == 8
    write(folder / ".sncheck.yaml", "params: {FUND003: {max_counties: 8}}\n")
    assert batch_json(folder)[1]["summary"]["warnings"] == 0
    write(folder / ".sncheck.yaml", "params: {FUND003: {max_countes: 8}}\n")
    run = sncheck(["batch", str(folder)])
    assert run.exit_code == 2 and "max_countes" in run.stderr


def test_fund003_runs_on_the_years_its_pack_is_applied_to_by_choice_and_says_so(tmp_path):
    """--apply-pack ssn-phase2:115-119 applies every phase-2 rule to 115 plans, the cross-plan one too,
    and its findings carry the marker like the per-plan ones."""
    folder = folder_of(tmp_path, {f"{c}-115.yaml": plan_text(c, 115) for c in EIGHT})
    code, native = batch_json(folder)
    assert code == 0 and all(found == [] for found in fund003_by_file(native).values())  # 2.0 has no FUND003
    code, chosen = batch_json(folder, "--apply-pack", "ssn-phase2:115-119")
    assert code == 0
    by_file = fund003_by_file(chosen)
    assert sorted(by_file) == sorted(f"{c}-115.yaml" for c in EIGHT)
    for found in by_file.values():
        assert [(x["pointer"], x["line"], x["severity"]) for x in found] == [("/previous_evaluation", 4, "warning")]
        assert found[0]["message"].endswith("〔依第二期標準（110–114）檢核，2.0 尚無公告規則〕")
        assert found[0]["applied_by_choice"] == {"pack": "ssn-phase2", "pack_years": "110–114",
                                                 "note": "依第二期標準（110–114）檢核，2.0 尚無公告規則"}


def test_each_period_runs_its_own_fund003_over_its_own_years(tmp_path):
    """A draft 2.0 pack copied from phase 2 (rules new-pack) holds a FUND003 of its own: over a round of 112
    and 115 plans, the 115 plans get the draft's finding (marked as a draft), the 112 plans phase 2's."""
    draft = tmp_path / "draft"
    assert sncheck(["rules", "new-pack", str(draft), "--from", "ssn-phase2", "--years", "115-119",
                    "--id", "ssn-2.0"]).exit_code == 0
    folder = folder_of(tmp_path, {f"{c}-{year}.yaml": plan_text(c, year) for c in EIGHT for year in (112, 115)})
    code, doc = batch_json(folder, "--rules", str(draft))
    assert code == 0
    by_file = fund003_by_file(doc)
    assert all(len(found) == 1 for found in by_file.values()) and len(by_file) == 16
    for name, (found,) in by_file.items():
        draft_rule = name.endswith("-115.yaml")
        assert found.get("rule_status") == ("draft" if draft_rule else None), name
        assert found["message"].endswith("（草案規則，尚待確認）") is draft_rule
        assert f" {name[-8:-5]} 年度申報前一年考核優良" in found["message"]
