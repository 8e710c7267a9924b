"""Issue 15's decisions on RULES.md, through the command line: FAC004 only on the SSN subsidy,
`new_position` (新增人力) sparing replacements in RECR001 (YAML, JSON Schema, roster column, template),
and the 30-day fold of service length (one day short of 4 years can count as 4 years)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from cli_run import sncheck, write

from sncheck.read.editor_schema import editor_schema
from sncheck.read.plan_schema import plan_schema


def findings(run) -> list[tuple[str, str, int]]:
    return [(f["rule"], f["pointer"], f["line"]) for file in run.json()["files"] for f in file["findings"]]


HEAD = """\
format: sncheck/plan@1
county: 高雄市
plan_year: 111
teams:
  - {id: T1, unit_type: 社福中心, program: 脆弱家庭}
"""


def test_fac004_only_when_the_ssn_subsidy_is_asked_for_the_regional_allowance(tmp_path):
    plan = write(tmp_path / "plan.yaml", HEAD + """staff: []
requests:
  - {id: R1, unit_type: 社會局, category: 地域加給, funding_source: 社安網中央補助, amount: 960000}
  - {id: R2, unit_type: 社會局, category: 地域加給, funding_source: 公益彩券盈餘, amount: 1}
  - {id: R3, unit_type: 社會局, category: 地域加給, funding_source: 其他, amount: 1}
  - {id: R4, unit_type: 社會局, category: 地域加給, funding_source: 地方自籌, amount: 1}
""")
    run = sncheck(["check", str(plan), "--format", "json"])
    assert run.exit_code == 1
    assert findings(run) == [("FAC004", "/requests/0", 8)]
    fix = run.json()["files"][0]["findings"][0]["fix"]
    assert fix["patch"] == [{"op": "replace", "path": "/requests/0/funding_source", "value": "county"}]
    plan.write_text(plan.read_text(encoding="utf-8").replace("funding_source: 社安網中央補助", "funding_source: 公益彩券盈餘"),
                    encoding="utf-8")
    again = sncheck(["check", str(plan), "--format", "json"])
    assert (again.exit_code, findings(again)) == (0, [])


RECRUITS = HEAD.replace("plan_year: 111", "plan_year: 112") + """staff:
  - {id: H1, team: T1, role: 社工員, funding: 中央補助, hired: 112/3/1, recruitment: 轉任, new_position: false}
  - {id: H2, team: T1, role: 社工員, funding: 中央補助, hired: 112/3/1, recruitment: 轉任, new_position: true}
  - {id: H3, team: T1, role: 社工員, funding: 中央補助, hired: 112/3/1, recruitment: 轉任}
"""


def test_recr001_spares_a_replacement_in_an_existing_position(tmp_path):
    plan = write(tmp_path / "plan.yaml", RECRUITS)
    run = sncheck(["check", str(plan), "--format", "json"])
    assert run.exit_code == 0  # RECR001 is a warning
    assert findings(run) == [("RECR001", "/staff/1", 8), ("RECR001", "/staff/2", 9)]
    text = sncheck(["check", str(plan)]).stdout
    assert text.count("若為既有職缺之補實（非新增人力），請註明 new_position: false") == 2
    en = sncheck(["check", str(plan), "--lang", "en"]).stdout
    assert "if this fills an existing position (not a new one), say so: new_position: false" in en


def test_new_position_is_a_boolean_in_the_plan_schema_and_the_editor_schema(tmp_path):
    assert plan_schema()["$defs"]["staff"]["properties"]["new_position"]["type"] == "boolean"
    # the editor's: a boolean, or YAML 1.1's words for one (yes/off: sncheck reads YAML 1.1), never 否
    editor = editor_schema()["$defs"]["staff"]["properties"]["new_position"]["anyOf"]
    assert editor[0] == {"type": "boolean"} and "否" not in editor[1]["enum"] and "off" in editor[1]["enum"]
    plan = write(tmp_path / "plan.yaml", RECRUITS.replace("new_position: false", "new_position: 否"))
    run = sncheck(["check", str(plan), "--format", "json"])
    assert run.exit_code == 1 and findings(run) == [("SCHEMA001", "/staff/0/new_position", 7)]


def test_roster_column_是否新增人力_and_the_template(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("員工編號,單位/組別,職稱,經費來源,到職日,進用方式,是否新增人力\n"
                      "H1,社福中心,社工員,中央補助,112/3/1,轉任,否\nH2,社福中心,社工員,中央補助,112/3/1,轉任,是\n"
                      "H3,社福中心,社工員,中央補助,112/3/1,轉任,\n", encoding="utf-8-sig")
    run = sncheck(["check", str(roster), "--county", "新北市", "--year", "112", "--format", "json"])
    assert run.exit_code == 0, run.stdout
    assert [(f["rule"], f["row"]) for f in run.json()["files"][0]["findings"]] == [("RECR001", 3), ("RECR001", 4)]
    out = tmp_path / "plan.yaml"
    assert sncheck(["import", str(roster), "--county", "新北市", "--year", "112", "-o", str(out)]).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "new_position: false" in text and "new_position: true" in text and text.count("new_position") == 2

    template = tmp_path / "範本.xlsx"
    assert sncheck(["import", "--template", str(template)]).exit_code == 0
    staff = openpyxl.load_workbook(template)["人員名冊"]
    headers = [c.value for c in staff[1]]
    assert "是否新增人力" in headers
    letter = openpyxl.utils.get_column_letter(headers.index("是否新增人力") + 1)
    validations = {str(v.sqref): v.formula1 for v in staff.data_validations.dataValidation}
    assert validations[f"{letter}2:{letter}1001"] == '"是,否"'


SENIOR = HEAD + """staff:
  - id: A1
    team: T1
    role: 資深社工
    funding: 中央補助
    history:
      - {from: START, to: 2021-12-31, budget: 社安網預算}
"""


def test_one_day_short_of_4_years_counts_as_4_years_by_the_30_day_fold(tmp_path):
    # 2018-01-02..2021-12-31: 47 whole months (to 2021-12-02) + 30 remaining days, the 30 days make a
    # month: 48 months = 4 years at the reference date 2022-01-01 (RULES.md; SEN001's doc notes say so).
    plan = write(tmp_path / "sen.yaml", SENIOR.replace("START", "2018-01-02"))
    run = sncheck(["check", str(plan), "--format", "json"])
    assert (run.exit_code, findings(run)) == (0, [])
    # one more day short (29 remaining days) is below the fold: SEN001
    plan = write(tmp_path / "sen2.yaml", SENIOR.replace("START", "2018-01-03"))
    run = sncheck(["check", str(plan), "--format", "json"])
    assert (run.exit_code, findings(run)) == (1, [("SEN001", "/staff/0", 7)])


def test_pay001_uses_the_same_fold(tmp_path):
    plan = HEAD + """staff:
  - id: P1
    team: T1
    role: 社工員
    funding: 中央補助
    protective: true
    pay_points: 360
    history:
      - {from: START, to: 2021-12-31, budget: 地方自聘, protective: true}
"""
    ok = sncheck(["check", str(write(tmp_path / "a.yaml", plan.replace("START", "2019-01-02"))), "--format", "json"])
    assert (ok.exit_code, findings(ok)) == (0, [])
    short = sncheck(["check", str(write(tmp_path / "b.yaml", plan.replace("START", "2019-01-03"))), "--format", "json"])
    assert (short.exit_code, findings(short)) == (1, [("PAY001", "/staff/0", 7)])


def test_rules_docs_say_it_with_the_example():
    rules_md = (Path(__file__).resolve().parent.parent / "docs" / "rules.md").read_text(encoding="utf-8")
    sen = rules_md[rules_md.index("### SEN001"):rules_md.index("### SEN002")]
    assert "2018-01-02..2021-12-31 is 47 months and 30 days, the 30 days make a month, 48 months = 4 years" in sen
    fund003 = rules_md[rules_md.index("### FUND003"):]
    assert "sncheck check does not run it, even on several files" in fund003
