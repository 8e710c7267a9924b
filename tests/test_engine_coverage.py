"""Issue 21: rules run on everything that could be read, and every result says what was checked.

An input problem takes out only the item or field it is in; every rule runs on the rest; a rule
that cannot judge an item because of it says so (coverage) instead of passing or failing it. Each
file's coverage names every rule that could not run (the column it needs) or ran in part (who was
left out, and why); the verdict is 「通過」 only when nothing was left out.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from cli_run import sncheck, write
from plan_builder import PlanText
from test_tabular_import import workbook

from sncheck.engine.checker import Checker, Options
from sncheck.engine.coverage import schema_labels
from sncheck.model.coverage import FULL, NOT_RUN, PARTIAL

WORKERS = [{"id": f"W{i}", "team": "T1", "role": "社工員", "funding": "中央補助"} for i in range(7)]
SUPERVISORS = [{"id": f"S{i}", "team": "T1", "role": "督導", "funding": "中央補助"} for i in range(2)]


def named(key: str) -> str:
    """How a plan file's coverage text names a field it lacks: 「label」（key） once the plan schema gives the
    field a zh label (``title``), else 「key」."""
    label = next((text for name, text in schema_labels().items()
                  if name.count(".") == 1 and name.endswith("." + key)), None)
    return f"「{label}」（{key}）" if label else f"「{key}」"


def check(checker: Checker, plan: PlanText | str, name: str = "plan.yaml") -> Any:
    text = plan if isinstance(plan, str) else plan.text
    return checker.check_bytes(name, text.encode("utf-8"))


def coverage_of(result: Any) -> dict[str, Any]:
    assert result.coverage is not None
    return {rule.rule: rule for rule in result.coverage.rules}


def complete_plan(**changes: Any) -> PlanText:
    """A phase-2 plan (111) that gives every field a rule needs, with no finding: fully checked."""
    teams = [{"id": "T1", "unit_type": "社福中心", "program": "脆弱家庭", "open_cases": 10, "budgeted_positions": 2},
             {"id": "T2", "unit_type": "家防中心", "program": "保護服務", "open_cases": 20, "budgeted_positions": 1}]
    staff = [{"id": "P1", "team": "T1", "role": "社工員", "funding": "中央補助", "pay_points": 300,
              "protective": False, "profession": "社會工作", "hired": "2019-01-01", "recruitment": "公開招聘",
              "new_position": True, "history": [{"from": "2019-01-01", "budget": "ssn", "protective": False}]},
             {"id": "P2", "team": "T1", "role": "社工員", "funding": "中央補助", "pay_points": 300},
             {"id": "P3", "team": "T2", "role": "社工員", "funding": "中央補助", "protective": True, "pay_points": 300}]
    plan = PlanText(plan_year=111, header={"central_share": 0.7}, teams=teams, staff=staff)
    for key, value in changes.items():
        setattr(plan, key, value)
    return plan


# --------------------------------------------------------------------------- point 1: rules on the readable part


def test_one_schema001_and_three_violations_elsewhere_give_all_four(checker, tmp_path):
    p = PlanText(teams=[{"id": "T1", "unit_type": "社福中心"}, {"id": "T2", "unit_type": "社福中心"}],
                 staff=WORKERS + SUPERVISORS + [
                     {"id": "X1", "team": "T2", "role": "社工員", "funding": "中央補助", "pay_points": "三百"},
                     {"id": "X2", "team": "T2", "role": "資深社工", "funding": "中央補助",
                      "history": [{"from": "2021-01-01", "budget": "ssn"}]}],
                 requests=[{"id": "R1", "unit_type": "社福中心", "category": "離島加給",
                            "funding_source": "社安網中央補助", "amount": 1000}])
    found = sorted((f.rule, f.pointer) for f in check(checker, p).findings)
    assert found == [("FAC003", "/requests/0"), ("SCHEMA001", "/staff/9/pay_points"), ("SEN001", "/staff/10"),
                     ("SUP001", "/teams/0")]
    run = sncheck(["check", str(write(tmp_path / "p.yaml", p.text))])
    assert run.exit_code == 1
    assert [line.split(": ")[1].split()[0] for line in run.stdout.splitlines()
            if line.startswith(str(tmp_path)) and ": 未檢核: " not in line] == ["SUP001", "SCHEMA001", "SEN001", "FAC003"]


def test_a_team_with_an_unreadable_title_is_not_determined_not_passed(checker):
    """T1: 7 workers, 2 central supervisors, one worker's 職稱 unreadable: SUP001 would have to guess.
    T2 (readable) still gets its SUP001."""
    team2 = [{**w, "id": f"V{i}", "team": "T2"} for i, w in enumerate(WORKERS)] + \
        [{**s, "id": f"U{i}", "team": "T2"} for i, s in enumerate(SUPERVISORS)]
    staff = WORKERS + SUPERVISORS + team2
    staff[3] = {**staff[3], "role": "社工師"}  # not a role: T1's count of workers is unknown
    p = PlanText(teams=[{"id": "T1", "unit_type": "社福中心"}, {"id": "T2", "unit_type": "社福中心"}], staff=staff)
    result = check(checker, p)
    assert sorted((f.rule, f.pointer) for f in result.findings) == [("SCHEMA001", "/staff/3/role"),
                                                                    ("SUP001", "/teams/1")]
    sup = coverage_of(result)["SUP001"]
    assert sup.status == PARTIAL
    assert [(item.pointer, item.fields) for item in sup.left_out] == [("/teams/0", ("staff.role",))]
    line = p.render()[1]["/staff/3"]
    assert sup.message.startswith(f"督導比規定（SUP001）只檢核了部分，未判定：組別「T1」（人員 W3（第 {line} 行）的「")
    assert sup.message.endswith("」無法讀取）")  # the field's label: 職稱 once the schema names it, else role
    assert coverage_of(result)["SUP002"].status == PARTIAL
    assert not result.coverage.complete


def test_an_unreadable_optional_field_takes_out_only_that_field(checker):
    """P2 (protective) has an unreadable 俸點: PAY001/PAY002 (360 points) leave P2 out; SUP001 (which does
    not read it) judges T1 in full. P1's unreadable 俸點 changes nothing: P1 is not protective."""
    p = complete_plan()
    p.staff[1] = {**p.staff[1], "pay_points": "abc", "protective": True}
    result = check(checker, p)
    assert [(f.rule, f.pointer) for f in result.findings] == [("SCHEMA001", "/staff/1/pay_points")]
    cov = coverage_of(result)
    assert cov["SUP001"].status == FULL and cov["SEN001"].status == FULL
    assert cov["PAY001"].status == PARTIAL and [i.pointer for i in cov["PAY001"].left_out] == ["/staff/1"]
    assert cov["PAY002"].status == PARTIAL
    p.staff[1]["protective"] = False
    p.staff[0] = {**p.staff[0], "pay_points": "abc"}
    cov = coverage_of(check(checker, p))
    assert cov["PAY001"].status == FULL and cov["PAY002"].status == FULL


def test_an_unreadable_history_is_not_a_missing_history(checker):
    """SEN002 reports a senior social worker with no history; an unreadable one is not reported as absent."""
    p = complete_plan()
    p.staff.append({"id": "P4", "team": "T1", "role": "資深社工", "funding": "中央補助",
                    "history": [{"from": "2019-13-01", "budget": "ssn"}]})
    result = check(checker, p)
    assert [f.rule for f in result.findings] == ["PARSE001"]  # 13th month: an impossible date, nothing else
    cov = coverage_of(result)
    assert cov["SEN002"].status == PARTIAL and [i.pointer for i in cov["SEN002"].left_out] == ["/staff/3"]
    assert cov["SEN001"].status == PARTIAL


def test_a_whole_plan_rule_with_a_person_unreadable_is_not_determined(checker):
    p = complete_plan()
    p.staff[2] = {**p.staff[2], "funding": "補助"}  # not a funding source: P3 is out; HIRE001 counts people
    result = check(checker, p)
    hire = coverage_of(result)["HIRE001"]
    assert hire.status == NOT_RUN and hire.message.startswith("進用、資格、訓練、招聘規定（HIRE001）未判定：人員 P3（第 ")
    assert not any("/staff/" in line for line in result.coverage.lines())  # the officer's words, not pointers
    assert not any(f.rule == "HIRE001" for f in result.findings)


def test_duplicate_team_ids_take_out_those_teams_only(checker):
    p = PlanText(teams=[{"id": "T1", "unit_type": "社福中心"}, {"id": "T1", "unit_type": "家防中心"},
                        {"id": "T3", "unit_type": "社福中心"}],
                 staff=WORKERS + SUPERVISORS + [{**s, "id": f"Z{i}", "team": "T3"} for i, s in enumerate(SUPERVISORS)])
    result = check(checker, p)
    assert sorted((f.rule, f.pointer) for f in result.findings) == [("REF001", "/teams/1"), ("SUP001", "/teams/2")]
    sup = coverage_of(result)["SUP001"]
    assert sup.status == PARTIAL and [i.pointer for i in sup.left_out] == ["/teams/0", "/teams/1"]


@pytest.mark.parametrize("text", [
    "format: sncheck/plan@1\ncounty: 臺中市\nteams: []\nstaff: []\n",  # no plan year
    "format: sncheck/plan@1\ncounty: 臺中市\nplan_year: 111\nteams: []\nstaff: 3\n",  # no roster
    "- just\n- a list\n",  # not a plan
])
def test_a_file_whose_whole_shape_is_wrong_still_stops(checker, text):
    result = check(checker, text)
    assert {f.rule for f in result.findings} <= {"SCHEMA001", "PARSE001"}
    assert result.coverage is not None and result.coverage.stopped and not result.coverage.rules


# --------------------------------------------------------------------------- point 2: coverage per rule family


def test_a_complete_plan_is_fully_checked_and_passes(checker, tmp_path):
    result = check(checker, complete_plan())
    assert result.findings == [] and result.coverage.complete, result.coverage.lines()
    run = sncheck(["check", str(write(tmp_path / "p.yaml", complete_plan().text))])
    assert run.exit_code == 0 and run.stdout == "檢查 1 個檔案：0 個錯誤、0 個警告、0 個資訊\n"


def _without(plan: PlanText, list_name: str, name: str) -> PlanText:
    items = getattr(plan, list_name)
    setattr(plan, list_name, [{k: v for k, v in item.items() if k != name} for item in items])
    return plan


@pytest.mark.parametrize(("list_name", "field", "expected"), [
    # one per rule family: the rules that need the field, and only those, could not run
    ("teams", "open_cases", {"CASE001": f"案量比規定（CASE001）未檢核：計畫的組別都沒有填{named('open_cases')}",
                             "CASE002": None}),  # CASE002: no 關懷訪視 team here, nothing it could apply to
    ("staff", "pay_points", {"PAY001": f"360俸點規定（PAY001）未檢核：計畫的人員都沒有填{named('pay_points')}",
                             "PAY002": f"360俸點規定（PAY002）未檢核：計畫的人員都沒有填{named('pay_points')}"}),
    ("teams", "budgeted_positions", {"HIRE001": f"進用、資格、訓練、招聘規定（HIRE001）未檢核：計畫的組別都沒有填{named('budgeted_positions')}"}),
    ("staff", "hired", {"RECR001": f"進用、資格、訓練、招聘規定（RECR001）未檢核：計畫的人員都沒有填{named('hired')}"}),
    ("staff", "history", {"PAY001": f"360俸點規定（PAY001）未檢核：計畫的人員都沒有填{named('history')}"}),
])
def test_coverage_is_exact_for_a_plan_without_a_field(checker, list_name, field, expected):
    p = _without(complete_plan(), list_name, field)
    if field == "history":  # a protective 360-point worker: PAY001 needs her history (PAY002 reports it absent)
        p.staff[2] = {**p.staff[2], "pay_points": 360}
    result = check(checker, p)
    not_run = {r.rule: r.message for r in result.coverage.rules if r.status == NOT_RUN}
    assert not_run == {rule: text for rule, text in expected.items() if text is not None}
    assert all(r.missing == (f"{list_name}.{field}",) for r in result.coverage.rules if r.status == NOT_RUN)


def test_staff_rules_ask_for_a_field_only_of_the_people_they_apply_to(checker):
    """No 專業背景 anywhere: QUAL001 (心理衛生社工 only) could not run once the plan lists one."""
    p = _without(complete_plan(), "staff", "profession")
    assert coverage_of(check(checker, p))["QUAL001"].status == FULL  # nobody it applies to
    p.staff.append({"id": "M1", "team": "T1", "role": "心理衛生社工", "funding": "中央補助"})
    qual = coverage_of(check(checker, p))["QUAL001"]
    assert (qual.status, qual.missing) == (NOT_RUN, ("staff.profession",))


def test_funding_share_rules_with_the_share_unreadable_are_not_determined(checker):
    p = complete_plan(header={"central_share": "七成"})
    cov = coverage_of(check(checker, p))
    assert cov["FUND001"].status == NOT_RUN and cov["FUND002"].status == NOT_RUN
    assert cov["FUND001"].message == "補助比率規定（FUND001）未判定：計畫的「中央補助比率」無法讀取"


def test_a_request_unreadable_is_left_out_of_the_facility_rules(checker):
    p = complete_plan(requests=[{"id": "R1", "unit_type": "社福中心", "category": "離島加給",
                                 "funding_source": "社安網中央補助", "amount": "一千"},
                                {"id": "R2", "unit_type": "社福中心", "category": "生日禮券",
                                 "funding_source": "社安網中央補助", "amount": 1000}])
    result = check(checker, p)
    assert sorted(f.rule for f in result.findings) == ["FAC005", "SCHEMA001"]
    fac = coverage_of(result)["FAC003"]
    assert fac.status == PARTIAL and [i.pointer for i in fac.left_out] == ["/requests/0"]


def test_a_115_plan_checked_only_by_the_partial_pack_says_so(checker, tmp_path):
    p = complete_plan(plan_year=115)
    result = check(checker, p)
    assert result.coverage.partial_pack == "只依 2.0 已公開的 3 條草案規則檢核；其他規定未檢核"
    run = sncheck(["check", str(write(tmp_path / "p.yaml", p.text))])
    assert run.exit_code == 0
    assert run.stdout.splitlines()[-1] == "只依 2.0 已公開的 3 條草案規則檢核；其他規定未檢核"


# --------------------------------------------------------------------------- roster workbooks


def _roster(path: Path, headers: list[str], rows: list[list[Any]]) -> Path:
    return workbook(path, {"人員名冊": [headers, *rows]})


def test_a_roster_without_the_protective_column_says_pay001_was_not_checked(tmp_path):
    path = _roster(tmp_path / "臺中市-111.xlsx", ["員工編號", "單位/組別", "職稱", "經費來源", "俸點"],
                   [["P1", "東區社福中心", "社工員", "中央補助", 360]])
    run = sncheck(["check", str(path), "--format", "json"])
    coverage = run.json()["files"][0]["coverage"]
    pay = {r["rule"]: r for r in coverage["rules"]}["PAY001"]
    assert pay["status"] == "not_run" and pay["missing"] == ["staff.protective"]
    assert pay["message"] == "360俸點規定（PAY001）未檢核：名冊沒有「保護性」欄"
    assert coverage["complete"] is False


def test_an_unreadable_cell_takes_out_that_person_not_the_file(tmp_path):
    """Row 3's 職稱 is not a title: team 東區 is not determined; 西區 (7 workers, 2 central supervisors) is
    still found."""
    rows = [[f"W{i}", "東區社福中心", "社工員", "中央補助"] for i in range(7)]
    rows[1][2] = "社工X"
    rows += [["S1", "東區社福中心", "督導", "中央補助"], ["S2", "東區社福中心", "督導", "中央補助"]]
    rows += [[f"V{i}", "西區社福中心", "社工員", "中央補助"] for i in range(7)]
    rows += [["U1", "西區社福中心", "督導", "中央補助"], ["U2", "西區社福中心", "督導", "中央補助"]]
    path = _roster(tmp_path / "臺中市-111.xlsx", ["員工編號", "單位/組別", "職稱", "經費來源"], rows)
    run = sncheck(["check", str(path), "--format", "json", "--select", "SUP001,SCHEMA"])
    files = run.json()["files"][0]
    assert [(f["rule"], f["cell"]) for f in files["findings"]] == [("SCHEMA001", "人員名冊!C3"),
                                                                   ("SUP001", "人員名冊!B11")]
    sup = {r["rule"]: r for r in files["coverage"]["rules"]}["SUP001"]
    assert sup["status"] == "partial" and "人員名冊!第3列" in sup["message"] and "東區社福中心" in sup["message"]


# --------------------------------------------------------------------------- every format, exit codes


def _incomplete(tmp_path: Path) -> Path:
    return write(tmp_path / "p.yaml", _without(complete_plan(), "teams", "budgeted_positions").text)


def test_text_markdown_and_json_say_what_was_not_checked(tmp_path):
    path = _incomplete(tmp_path)
    text = sncheck(["check", str(path)])
    assert text.exit_code == 0
    assert text.stdout.splitlines() == [
        f"{path}: 未檢核: 進用、資格、訓練、招聘規定（HIRE001）未檢核：計畫的組別都沒有填{named('budgeted_positions')}",
        "檢查 1 個檔案：0 個錯誤、0 個警告、0 個資訊", "未發現錯誤，但有 1 項規定未能檢核"]
    markdown = sncheck(["check", str(path), "--format", "markdown"]).stdout
    assert "> ⚠️ **未發現錯誤，但有 1 項規定未能檢核**" in markdown and "（HIRE001）未檢核" in markdown
    entry = sncheck(["check", str(path), "--format", "json"]).json()["files"][0]
    assert entry["coverage"]["complete"] is False
    assert [r["rule"] for r in entry["coverage"]["rules"] if r["status"] != "full"] == ["HIRE001"]
    english = sncheck(["check", str(path), "--lang", "en"]).stdout.splitlines()
    assert english[-1] == "no errors found, but 1 rule(s) could not be checked"


def test_strict_and_its_config_key_make_not_fully_checked_exit_1(tmp_path):
    path = _incomplete(tmp_path)
    assert sncheck(["check", str(path)]).exit_code == 0
    assert sncheck(["check", str(path), "--strict"]).exit_code == 1
    write(tmp_path / ".sncheck.yaml", "strict: true\n")
    assert sncheck(["check", str(path)]).exit_code == 1
    complete = write(tmp_path / "ok.yaml", complete_plan().text)
    assert sncheck(["check", str(complete)]).exit_code == 0  # strict, and fully checked


def test_junit_skips_a_rule_that_could_not_run_with_the_reason(tmp_path):
    import xml.etree.ElementTree as ET

    out = sncheck(["check", str(_incomplete(tmp_path)), "--format", "junit"]).stdout
    root = ET.fromstring(out.split("\n", 1)[1])
    case = next(c for c in root.iter("testcase") if c.get("name") == "HIRE001")
    skipped = case.find("skipped")
    assert skipped is not None
    assert skipped.get("message") == f"進用、資格、訓練、招聘規定（HIRE001）未檢核：計畫的組別都沒有填{named('budgeted_positions')}"
    assert next(c for c in root.iter("testcase") if c.get("name") == "SUP001").find("skipped") is None


def test_sarif_notifications_are_schema_valid(tmp_path):
    import jsonschema

    schema = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    log = sncheck(["check", str(_incomplete(tmp_path)), "--format", "sarif"]).json()
    jsonschema.validate(log, schema)
    (note,) = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert note["associatedRule"]["id"] == "HIRE001" and note["level"] == "warning"
    assert note["message"]["text"].startswith("進用、資格、訓練、招聘規定（HIRE001）未檢核")
    assert note["properties"] == {"coverage": "not_run", "missing": ["teams.budgeted_positions"]}


def test_the_batch_report_has_a_not_checked_column(tmp_path):
    plans = tmp_path / "plans"
    write(plans / "a.yaml", _without(complete_plan(), "teams", "budgeted_positions").text)
    write(plans / "b.yaml", complete_plan(county="臺北市", header={"central_share": 0.1}).text)
    report = tmp_path / "report"
    run = sncheck(["batch", str(plans), "--report-dir", str(report)])
    assert run.exit_code == 0, run.stdout + run.stderr
    csv_text = (report / "summary.csv").read_text(encoding="utf-8-sig").splitlines()
    header = csv_text[0].split(",")
    rows = {line.split(",")[0]: line.split(",") for line in csv_text[1:]}
    assert header[-1] == "未檢核"
    assert rows["臺中市"][3] == "未完整檢核" and "HIRE001" in rows["臺中市"][-1]
    assert rows["臺北市"][3] == "通過" and rows["臺北市"][-1] == ""
    html = (report / "report.html").read_text(encoding="utf-8")
    assert '<span class="incomplete">未完整檢核</span>' in html


def test_the_annotated_workbook_lists_what_was_not_checked(tmp_path):
    path = _roster(tmp_path / "臺中市-111.xlsx", ["員工編號", "單位/組別", "職稱", "經費來源", "俸點"],
                   [["P1", "東區社福中心", "社工員", "中央補助", 360]])
    out = tmp_path / "out.xlsx"
    run = sncheck(["check", str(path), "--annotate", str(out)])
    assert run.exit_code == 0, run.stdout + run.stderr
    sheet = openpyxl.load_workbook(out)["檢核結果"]
    column_e = [row[4] for row in sheet.iter_rows(values_only=True)]
    assert column_e.count(None) < len(column_e)
    assert any(isinstance(v, str) and v.startswith("未發現錯誤，但有") for v in column_e)
    assert "360俸點規定（PAY001）未檢核：名冊沒有「保護性」欄" in column_e


def test_options_strict_is_off_by_default():
    assert Options().strict is False


def test_a_rule_naming_a_field_the_plan_has_not_is_a_rule_file_error(tmp_path):
    """``needs``/``reads`` are the one place saying which rule needs which field: a typo is refused at load."""
    pack = tmp_path / "pack"
    root = Path(__file__).resolve().parent.parent / "rules" / "phase2"
    write(pack / "pack.yaml", (root / "pack.yaml").read_text(encoding="utf-8").replace("id: ssn-phase2", "id: mine"))
    text = (root / "caseload.yaml").read_text(encoding="utf-8")
    text = text[:text.index("  - id: CASE002")].replace("id: CASE001", "id: XCASE001")
    write(pack / "caseload.yaml", text.replace("teams.open_cases", "teams.opencases"))
    run = sncheck(["check", "--rules", str(pack), str(write(tmp_path / "p.yaml", complete_plan().text))])
    assert run.exit_code == 2
    line = text.splitlines().index(next(x for x in text.splitlines() if "needs:" in x)) + 1
    assert f"caseload.yaml:{line}: rule XCASE001: needs: 'teams.opencases' is not a plan field" in run.stderr


def test_two_roster_rows_of_one_person_that_disagree_take_that_person_out(tmp_path):
    """員工編號 W0 twice, once 社工員 and once 督導 (IMPORT001): which is right is unknown, so the team's
    supervisor ratio is not determined rather than judged on the first row's guess."""
    rows = [[f"W{i}", "東區社福中心", "社工員", "中央補助"] for i in range(7)]
    rows += [["S1", "東區社福中心", "督導", "中央補助"], ["S2", "東區社福中心", "督導", "中央補助"],
             ["W0", "東區社福中心", "督導", "中央補助"]]
    path = _roster(tmp_path / "臺中市-111.xlsx", ["員工編號", "單位/組別", "職稱", "經費來源"], rows)
    entry = sncheck(["check", str(path), "--format", "json", "--select", "SUP001,IMPORT"]).json()["files"][0]
    assert [(f["rule"], f["cell"]) for f in entry["findings"]] == [("IMPORT001", "人員名冊!C11")]
    sup = {r["rule"]: r for r in entry["coverage"]["rules"]}["SUP001"]
    assert sup["status"] == "partial" and [i["pointer"] for i in sup["left_out"]] == ["/teams/0"]


# --------------------------------------------------------------------------- rosters: one column per rule family

STAFF_HEADERS = ["員工編號", "單位/組別", "職稱", "經費來源", "俸點", "保護性", "專業背景", "到職日", "進用方式",
                 "是否新增人力", "職前訓練時數", "年資起日", "年資迄日", "經費別", "保護性服務"]
TEAM_HEADERS = ["組別代碼", "單位/組別", "單位類型", "計畫別", "開案數", "核定員額"]


def _full_roster(path: Path, drop: str | None = None) -> Path:
    """A 111 roster that gives every column some rule needs, with a person each rule applies to; ``drop``:
    one column left out, as an office's own layout would."""
    staff = [["P1", "保護組", "社工員", "中央補助", 360, "是", "社會工作", "2018/1/1", "公開招聘", "是", 30,
              "2018/1/1", None, "社安網預算", "是"],
             ["P2", "心衛組", "心理衛生社工", "中央補助", 300, "否", "社會工作", "2022/1/1", "公開招聘", "是", 30,
              "2022/1/1", None, "社安網預算", "否"],
             ["P3", "需評組", "資深社工", "中央補助", 300, "否", "社會工作", "2015/1/1", "公開招聘", "是", 30,
              "2015/1/1", None, "社安網預算", "否"],
             ["P4", "關懷組", "關懷訪視員", "中央補助", 300, "否", "社會工作", "2019/1/1", "公開招聘", "是", 30,
              "2019/1/1", None, "社安網預算", "否"]]
    teams = [["T1", "保護組", "家防中心", "保護服務", 10, 1], ["T2", "心衛組", "社區心衛中心", "心理衛生社工", None, 1],
             ["T3", "需評組", "社福中心", "提升身心障礙者需求評估服務品質計畫", None, 1], ["T4", "關懷組", "衛生局", "自殺關懷訪視", 10, 1]]
    book = openpyxl.Workbook()
    for title, headers, rows in (("人員名冊", STAFF_HEADERS, staff), ("組別", TEAM_HEADERS, teams)):
        sheet = book.active if title == "人員名冊" else book.create_sheet(title)
        sheet.title = title
        keep = [i for i, header in enumerate(headers) if header != drop]
        sheet.append([headers[i] for i in keep])
        for row in rows:
            sheet.append([row[i] for i in keep])
    book.save(path)
    return path


def _not_run(path: Path) -> dict[str, str]:
    entry = sncheck(["check", str(path), "--format", "json"]).json()["files"][0]
    return {r["rule"]: r["message"] for r in entry["coverage"]["rules"] if r["status"] != "full"}


def test_a_full_roster_is_fully_checked(tmp_path):
    assert _not_run(_full_roster(tmp_path / "臺中市-111.xlsx")) == {}


@pytest.mark.parametrize(("column", "expected"), [
    ("保護性", {"CASE001": "案量比規定（CASE001）未檢核：名冊沒有「保護性」欄",
             "PAY001": "360俸點規定（PAY001）未檢核：名冊沒有「保護性」欄",
             "PAY002": "360俸點規定（PAY002）未檢核：名冊沒有「保護性」欄"}),
    ("計畫別", {rule: f"{family}規定（{rule}）未檢核：組別表沒有「計畫別」欄" for rule, family in (
        ("CASE001", "案量比"), ("CASE002", "案量比"), ("TRAIN001", "進用、資格、訓練、招聘"), ("SUP003", "督導比"))}),
    ("開案數", {"CASE001": "案量比規定（CASE001）未檢核：組別表沒有「開案數」欄",
             "CASE002": "案量比規定（CASE002）未檢核：組別表沒有「開案數」欄"}),
    ("核定員額", {"HIRE001": "進用、資格、訓練、招聘規定（HIRE001）未檢核：組別表沒有「核定員額」欄"}),
    ("專業背景", {"QUAL001": "進用、資格、訓練、招聘規定（QUAL001）未檢核：名冊沒有「專業背景」欄"}),
    ("進用方式", {"RECR001": "進用、資格、訓練、招聘規定（RECR001）未檢核：名冊沒有「進用方式」欄"}),
    ("保護性服務", {"PAY001": "360俸點規定（PAY001）未檢核：名冊沒有「保護性服務」欄"}),
])
def test_coverage_is_exact_for_a_roster_without_a_column(tmp_path, column, expected):
    assert _not_run(_full_roster(tmp_path / "臺中市-111.xlsx", drop=column)) == expected


def test_seniority_and_screening_families_without_the_field_they_need(checker):
    """Seniority: a 資深社工 and nobody's service history: SEN001 could not run (SEN002 says who lacks it).
    Screening (2.0): a 篩派案人員 and no 專業背景 anywhere: QUAL2001 could not run."""
    p = complete_plan()
    p.staff = [{k: v for k, v in s.items() if k != "history"} for s in p.staff]
    p.staff.append({"id": "P9", "team": "T1", "role": "資深社工", "funding": "中央補助"})
    result = check(checker, p)
    cov = coverage_of(result)
    assert (cov["SEN001"].status, cov["SEN001"].missing) == (NOT_RUN, ("staff.history",))
    assert [f.rule for f in result.findings] == ["SEN002"]
    plan_115 = PlanText(plan_year=115, teams=[{"id": "R1", "unit_type": "通報調查處理中心"}],
                        staff=[{"id": "S1", "team": "R1", "role": "篩派案人員", "funding": "中央補助"}])
    qual = coverage_of(check(checker, plan_115))["QUAL2001"]
    assert (qual.status, qual.message) == (NOT_RUN, f"通報調查處理中心篩派案人力規定（QUAL2001）未檢核：計畫的人員都沒有填{named('profession')}")


def test_coverage_texts_name_people_without_personal_data(checker):
    """A roster turned plan whose 員工編號 is the person's name: the coverage line names the row, not the name."""
    p = complete_plan()
    p.staff[1] = {**p.staff[1], "id": "王小明", "name": "王小明", "pay_points": "abc", "protective": True}
    lines = check(checker, p).coverage.lines()
    assert lines and all("王小明" not in line for line in lines)
    assert any("第 2 個人員（第 " in line for line in lines)


def test_rules_show_says_what_a_rule_needs():
    shown = sncheck(["rules", "show", "PAY001"]).stdout.splitlines()
    assert "  需要的欄位（檔案沒有時，此規則列為未檢核）：staff.pay_points, staff.protective, staff.history, " \
           "staff.history.protective" in shown
