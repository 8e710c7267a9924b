"""Issue 21, point 3: the officer's words. No zh message shows a JSON Pointer or an ISO date; a workbook
finding never shows a plan field name; a person is named by id (plan) or row and id (workbook), never as a
bare number; fixes say what to type where. Over every rule's templates and the input findings."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from plan_builder import PlanText, check_yaml
from test_tabular_import import workbook

from sncheck.engine.checker import Checker, Options
from sncheck.packs.messages import pick, render
from sncheck.read.places import PlanPlaces
from sncheck.read.plan_schema import plan_schema
from sncheck.tabular.check import check_sources
from sncheck.tabular.convert import ImportSettings, Sources, convert_files
from sncheck.tabular.places import WorkbookPlaces

POINTER = re.compile(r"/[a-z_]+/\d")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def plan_field_names() -> set[str]:
    schema = plan_schema()
    names = set(schema["properties"])
    for kind in ("team", "staff", "segment", "request"):
        names |= set(schema["$defs"][kind]["properties"])
    return names - {"format"}


def ascii_words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z_][A-Za-z_-]*", text))


def roster(path: Path) -> Path:
    """A county's roster: numeric 編號, a 經費 column the county named its own way, a separate history sheet."""
    staff = [["員工編號", "單位/組別", "職稱", "經費來源", "薪點", "保護性", "專業背景", "到職日", "職前訓練時數"]]
    staff += [[i, "東區社福中心", "社工員", "中央補助"] for i in range(1, 8)]
    staff += [[9, "東區社福中心", "督導", "中央補助"], [10, "東區社福中心", "督導", "中央補助"],
              [11, "東區社福中心", "資深社工", "中央補助"], [12, "東區社福中心", "社工員", "中央補助", 360, "是"]]
    history = [["員工編號", "年資起日", "年資迄日", "經費別"], [11, "110/1/1", None, "社安網預算"],
               [12, "110/1/1", None, "社安網預算"]]
    return workbook(path, {"人員名冊": staff, "服務年資": history})


def sample(name: str) -> Any:
    if name in ("staff",):
        return "9"
    if name == "moved":
        return ["9", "10"]
    if name in ("team", "teams"):
        return "東區社福中心"
    if name == "request":
        return "R1"
    if "date" in name or name in ("hired", "qualifies_on"):
        return date(2023, 1, 1)
    if name in ("value", "role", "profession", "unit_type", "category", "program", "evaluation"):
        return {"value": "psychology"}.get(name, "social_worker")
    if name in ("county",):
        return "臺中市"
    if name in ("others", "allowed"):
        return ["social_work", "psychology"]
    return 3


def templates() -> list[tuple[str, str, str]]:
    out = []
    for rule in Checker(Options()).all_rules():
        for kind, text in (("message", rule.message), ("fix", rule.fix),
                           *((f"fix_variants.{k}", v) for k, v in rule.fix_variants.items())):
            if text:
                out.append((rule.id, kind, pick(text, "zh")))
    return out


def test_every_rule_template_reads_in_the_officers_words_for_a_plan_and_a_workbook(tmp_path):
    convert = convert_files(Sources(roster(tmp_path / "roster.xlsx")), ImportSettings(county="臺中市", plan_year=112))
    plan_places = PlanPlaces(convert.data, "zh")
    book_places = WorkbookPlaces(convert.data, "zh", convert)
    fields = plan_field_names()
    checked = 0
    for rule_id, kind, template in templates():
        values = {name: sample(name) for name in re.findall(r"\{(\w+)", template)}  # nested ones too
        for places in (plan_places, book_places):
            text = render(template, values, "zh", places)
            assert not POINTER.search(text), (rule_id, kind, text)
            assert not ISO_DATE.search(text), (rule_id, kind, text)
            assert "{" not in text, (rule_id, kind, text)
        words = ascii_words(render(template, values, "zh", book_places))
        assert not words & fields, (rule_id, kind, words & fields)
        checked += 1
    assert checked > 50


BROKEN_PLAN = PlanText(
    header={"reference_date": "112/1/1", "central_share": 70, "financial_tiers": 2},
    teams=[{"unit_type": "社福中心"}, {"id": "T1", "unit_type": "社福中心"}, {"id": "T1", "unit_type": "家防中心"}],
    staff=[{"id": "S1", "team": "T1", "role": "社工師", "funding": "中央補助", "hired": "112/2/30",
            "history": [{"from": "111/1/1"}, {"from": "112/1/1", "to": "111/1/1", "budget": "社安網預算"}]},
           {"id": "S1", "team": "T9", "role": "社工員", "fundng": "中央補助", "national_id": "A123"},
           {"id": "S3", "team": "T1", "role": "社工員", "funding": "中央補助", "pay_points": "三百", "hired": 1100101}],
    requests=[{"id": "R1", "unit_type": "社福中心", "category": "設施設備", "funding_source": "公益彩券盈餘"}])


# schema-valid, so the reference checks run: duplicate ids, a team nobody has, a bad national ID, suppressions
BAD_REFERENCES = PlanText(
    teams=[{"id": "T1", "unit_type": "社福中心", "sncheck-ignore": {"SUP001": ""}}, {"id": "T2", "unit_type": "社福中心"}],
    staff=[{"id": "S1", "team": "T1", "role": "社工員", "funding": "中央補助", "national_id": "A123456788"},
           {"id": "S1", "team": "T9", "role": "社工員", "funding": "中央補助"}],
    requests=[{"id": "R1", "team": "T8", "unit_type": "社福中心", "category": "設施設備", "funding_source": "地方自籌",
               "amount": 1}, {"id": "R1", "unit_type": "社福中心", "category": "設施設備", "funding_source": "地方自籌",
                              "amount": 1}])


@pytest.mark.parametrize("plan, expected_rules", [(BROKEN_PLAN, {"SCHEMA001", "PARSE001"}),
                                                  (BAD_REFERENCES, {"REF001", "PII001", "IGN001"})])
def test_every_input_finding_of_a_broken_plan_names_places_in_words(plan, expected_rules):
    findings = check_yaml(Checker(Options()), plan.text)
    rules = {f.rule for f in findings}
    assert expected_rules <= rules
    assert len(findings) >= 4
    for finding in findings:
        assert not POINTER.search(finding.message), finding
        assert not ISO_DATE.search(finding.message), finding
        assert finding.pointer.startswith("/") or finding.pointer == ""  # JSON keeps the machine field


def test_every_finding_of_a_broken_workbook_names_cells_and_headers_never_plan_fields(tmp_path):
    staff = [["員工編號", "姓名", "單位/組別", "職稱", "經費來源", "薪點", "到職日", "備註欄"],
             [1, "王小明", "東區社福中心", "社工師", "", "三百", "110/2/30", "x"],
             [2, "李大華", "東區社福中心", "社工員", "中央補助", 360, "110/1/1"],
             [2, "陳美麗", "西區社福中心", "督導", "中央補助"]]
    history = [["員工編號", "年資起日", "年資迄日", "經費"], [1, "110/1/1", "109/1/1", "社安網"], [7, "110/1/1", None, "x"]]
    path = workbook(tmp_path / "roster.xlsx", {"人員名冊": staff, "服務年資": history})
    fields = plan_field_names()
    for lang in ("zh", "en"):
        checker = Checker(Options(lang=lang))
        result, _ = check_sources(checker, Sources(path), ImportSettings(county="臺中市", plan_year=112))
        assert len(result.findings) >= 5
        for finding in result.findings:
            text = finding.message + (finding.fix.description if finding.fix else "")
            if lang == "zh":
                assert not POINTER.search(text) and not ISO_DATE.search(text), finding
                assert not ascii_words(text) & fields, (finding, ascii_words(text) & fields)
            assert finding.extra.get("cell") or finding.extra.get("file"), finding  # JSON keeps sheet/cell


# ------------------------------------------------------------------ the examples, exactly


def test_a_missing_segment_field_in_a_plan_names_the_person_the_field_to_type_and_its_values():
    plan = PlanText(teams=[{"id": "T1", "unit_type": "社福中心"}],
                    staff=[{"id": "S9", "team": "T1", "role": "社工員", "funding": "中央補助",
                            "history": [{"from": "110/1/1"}]}])
    (zh,) = check_yaml(Checker(Options()), plan.text)
    assert zh.message == "人員（編號 S9）的第 1 段任職紀錄缺少必填欄位經費別（budget）；可填：社安網預算、地方自聘、其他"
    assert zh.pointer == "/staff/0/history/0"
    (en,) = check_yaml(Checker(Options(lang="en")), plan.text)
    assert en.message == "/staff/0/history/0 is missing required field 'budget'"


def test_a_team_without_unit_type_names_it_and_the_values():
    plan = PlanText(teams=[{"id": "T1"}])
    (zh,) = check_yaml(Checker(Options()), plan.text)
    assert zh.message.startswith("組別 T1 缺少必填欄位單位類型（unit_type）；可填：社會福利服務中心、家庭暴力暨性侵害防治中心、")


def test_supervisor_excess_fix_names_people_not_numbers_and_says_what_to_type(tmp_path):
    """Before: 「將超出的督導 10 改為地方自籌（funding: county）…基準可補助 0 名」: 10 read as a count."""
    path = roster(tmp_path / "roster.xlsx")
    result, _ = check_sources(Checker(Options(select=("SUP001",))), Sources(path),
                              ImportSettings(county="臺中市", plan_year=112))
    (finding,) = result.findings
    assert finding.fix is not None
    assert finding.fix.description == ("超出的督導改由地方自籌：把 人員名冊!D10「經費來源」（編號 10）改為「地方自籌」；"
                                       "或增聘直接服務人員（基準可補助督導 1 名）")
    en, _ = check_sources(Checker(Options(select=("SUP001",), lang="en")), Sources(path),
                          ImportSettings(county="臺中市", plan_year=112))
    assert en.findings[0].fix is not None
    assert en.findings[0].fix.description == ("move the excess supervisor(s) to county funding: change "
                                              "人員名冊!D10「經費來源」 (id 10) to 「地方自籌」; or add workers "
                                              "(the standard allows 1 supervisor(s))")


def test_a_person_in_a_workbook_is_row_and_id_and_dates_are_roc(tmp_path):
    path = roster(tmp_path / "roster.xlsx")
    result, _ = check_sources(Checker(Options(select=("SEN001",))), Sources(path),
                              ImportSettings(county="臺中市", plan_year=112))
    (finding,) = result.findings
    assert finding.message == ("人員名冊第 11 列（編號 11）列為資深社工，但至 112/01/01 社安網預算年資僅 2 年 0 個月（未滿 4 年）；"
                               "地方自聘或其他經費年資 0 年 0 個月不予採計")
    assert finding.fix is not None
    assert finding.fix.description == "把 人員名冊!C11「職稱」（編號 11）改為「社工員」；若持續以社安網預算任職，將於 113/12/31 符合資深社工資格"
    assert finding.extra["reference_date"] == date(2023, 1, 1)  # the machine field stays a date (ISO in JSON)


def test_plan_fix_names_the_label_and_the_key_to_type():
    plan = PlanText(teams=[{"id": "T1", "unit_type": "社福中心", "program": "提升身心障礙者需求評估服務品質計畫"}],
                    staff=[{"id": "S1", "team": "T1", "role": "督導", "funding": "中央補助"}])
    findings = {f.rule: f for f in check_yaml(Checker(Options()), plan.text)}
    fix = findings["SUP003"].fix
    assert fix is not None and fix.description == "改為地方自籌：把人員（編號 S1）的經費來源（funding）改為地方自籌；地方政府得自籌聘用督導人力"
    en = {f.rule: f for f in check_yaml(Checker(Options(lang="en")), plan.text)}["SUP003"].fix
    assert en is not None and en.description == "set funding of staff S1 to county; the county may fund supervisors itself"


def test_unknown_column_warning_speaks_of_the_column_not_x_fields(tmp_path):
    path = workbook(tmp_path / "roster.xlsx", {"人員名冊": [["員工編號", "單位/組別", "職稱", "經費來源", "備註欄"],
                                                          ["S1", "東區社福中心", "社工員", "中央補助", "x"]]})
    result, _ = check_sources(Checker(Options()), Sources(path), ImportSettings(county="臺中市", plan_year=112))
    (finding,) = [f for f in result.findings if f.rule == "IMPORT002"]
    assert finding.message == ("不認得的欄位「備註欄」：內容原樣保留，但未用於檢核；它的欄名不像範本的任何一欄；"
                               "若檢核需要它，請把欄名改成範本的欄名")
    assert "x-" not in finding.message and "對照檔" not in finding.message


@pytest.mark.parametrize("day, text", [(date(2023, 1, 1), "112/01/01"), ("2021-12-31", "110/12/31"), ("n/a", "n/a")])
def test_roc_text(day, text):
    from sncheck.model.dates import roc_text

    assert roc_text(day) == text


def test_suppression_problems_name_the_item_not_its_pointer():
    plan = PlanText(teams=[{"id": "T1", "unit_type": "社福中心", "sncheck-ignore": {"SUP001": "", "NOPE1": "理由"}}])
    texts = sorted(f.message for f in check_yaml(Checker(Options()), plan.text))
    assert texts == ["組別 T1 豁免的規則 NOPE1 不存在（已載入的規則中沒有此代碼）",
                     "組別 T1 豁免規則 SUP001 但沒有寫理由；請寫明為何此項目是合理的例外"]


def test_a_number_written_as_an_id_says_to_quote_it():
    plan = PlanText(teams=[{"id": "T1", "unit_type": "社福中心"}],
                    staff=[{"id": 9, "team": "T1", "role": "社工員", "funding": "中央補助"}])
    (finding,) = check_yaml(Checker(Options()), plan.text)
    assert finding.message == "人員（編號 9）的員工編號應為文字，目前是「9」；數字當編號請加引號，例如 '9'"


def test_json_keeps_pointer_codes_and_iso_dates_beside_the_roc_text(tmp_path):
    import json

    from click.testing import CliRunner

    from sncheck.cli import main

    path = roster(tmp_path / "roster.xlsx")
    out = CliRunner().invoke(main, ["check", str(path), "--county", "臺中市", "--year", "112", "--select", "SEN001",
                                    "--format", "json"]).stdout
    (finding,) = json.loads(out)["files"][0]["findings"]
    assert finding["pointer"] == "/staff/9" and finding["cell"] == "人員名冊!11"
    assert "112/01/01" in finding["message"] and not ISO_DATE.search(finding["message"])
    assert finding["values"]["reference_date"] == "2023-01-01" and finding["values"]["qualifies_on"] == "2024-12-31"
    assert finding["values"]["role"] == "senior_social_worker" and finding["values"]["staff"] == "11"


def test_a_fix_on_an_empty_cell_of_an_existing_column_names_that_cell(tmp_path):
    """Before: 「請註明 new_position: false」, a YAML key the county never wrote."""
    path = workbook(tmp_path / "roster.xlsx", {"人員名冊": [
        ["員工編號", "單位/組別", "職稱", "經費來源", "到職日", "進用方式", "是否新增人力"],
        ["H2", "東區社福中心", "社工員", "中央補助", "112/3/1", "轉任", "是"],
        ["H3", "東區社福中心", "社工員", "中央補助", "112/3/1", "轉任", None]]})
    result, _ = check_sources(Checker(Options(select=("RECR001",))), Sources(path),
                              ImportSettings(county="臺中市", plan_year=112))
    assert [f.fix.description if f.fix else "" for f in result.findings] == [
        f"新增人力應公開招聘，以維持進用公平性；若為既有職缺之補實（非新增人力），把 人員名冊!G{row}「是否新增人力」（編號 H{row}）改為「否」"
        for row in (2, 3)]
    assert result.findings[1].message == "第 3 列（編號 H3）於 112 年度新進（到職日 112/03/01），進用方式為轉任，非公開招聘"


def test_a_missing_column_written_under_another_name_is_pointed_at(tmp_path):
    """The county wrote 經費種類 for 經費別: the message names both, and the values the column takes."""
    path = workbook(tmp_path / "roster.xlsx", {
        "人員名冊": [["員工編號", "單位/組別", "職稱", "經費來源"], ["S1", "東區社福中心", "社工員", "中央補助"]],
        "服務年資": [["員工編號", "年資起日", "年資迄日", "經費種類"], ["S1", "110/1/1", None, "社安網預算"]]})
    result, _ = check_sources(Checker(Options()), Sources(path), ImportSettings(county="臺中市", plan_year=112))
    (missing,) = [f for f in result.findings if f.rule == "SCHEMA001"]
    assert missing.message == ("服務年資第 2 列缺少「經費別」：「經費種類」欄就是它嗎？是的話請把欄名改為「經費別」，"
                               "否則請加上「經費別」欄；可填：社安網預算、地方自聘、其他")
    assert missing.extra["cell"] == "服務年資!2"
