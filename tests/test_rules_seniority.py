"""Family 2, senior social worker seniority (SEN001–SEN002), at RULES.md's boundaries.

SEN001: role senior_social_worker and SSN-budget service < 4 years at R (phase 1
years on the SSN budget count; county/other years do not). The fix patch sets
role social_worker; the fix quotes the date on which the person qualifies.
"""

from __future__ import annotations

import pytest

from plan_builder import ITEM_COLUMN, PlanText, check_yaml, fix_and_recheck, only, summary


def senior(history: list[dict] | None, **extra) -> dict:
    person = {"id": "S1", "name": "王小明", "team": "T1", "role": "資深社工", "funding": "中央補助"}
    if history is not None:
        person["history"] = history
    person.update(extra)
    return person


def plan(*staff: dict, **header) -> PlanText:
    return PlanText(teams=[{"id": "T1", "unit_type": "社福中心", "program": "脆弱家庭"}], staff=list(staff),
                    header=header)


def ssn(start: str, end: str | None = None) -> dict:
    seg = {"from": start, "budget": "社安網預算"}
    if end:
        seg["to"] = end
    return seg


def county(start: str, end: str | None = None) -> dict:
    seg = {"from": start, "budget": "地方自聘"}
    if end:
        seg["to"] = end
    return seg


# --------------------------------------------------------------------------- SEN001


def test_sen001_exactly_four_ssn_years_at_r_passes(checker):
    assert check_yaml(checker, plan(senior([ssn("2018-01-01")])).text) == []  # R = 2022-01-01 (plan year 111)
    assert check_yaml(checker, plan(senior([ssn("107/1/1", "110/12/31")])).text) == []


def test_sen001_two_days_short_fails_and_qualifies_the_next_day(checker, checker_en):
    p = plan(senior([ssn("2018-01-03")]))
    findings = check_yaml(checker, p.text)
    assert summary(findings) == [("SEN001", "/staff/0")]
    finding = findings[0]
    assert finding.severity.value == "error"
    assert (finding.line, finding.column) == (p.line("/staff/0"), ITEM_COLUMN)
    assert (finding.extra["counted_years"], finding.extra["counted_months"], finding.extra["counted_days"]) == (3, 11, 29)
    assert str(finding.extra["qualifies_on"]) == "2022-01-02"
    assert "社安網預算年資僅 3 年 11 個月（未滿 4 年）" in finding.message
    assert "至 2022-01-01" in finding.message
    assert "將於 2022-01-02 符合資深社工資格" in finding.fix.description
    assert "王小明" not in finding.message + finding.fix.description
    assert finding.fix.patch == ({"op": "replace", "path": "/staff/0/role", "value": "social_worker"},)
    assert finding.source.document == "002" and "社安網預算" in finding.source.quote
    finding_en = only(check_yaml(checker_en, p.text), "SEN001")
    assert finding_en.message == ("staff S1 is listed as a senior social worker but has only 3 y 11 m on the SSN "
                                  "budget at 2022-01-01 (needs 4 y); 0 y 0 m on county or other budgets do not count")
    assert finding_en.fix.description.endswith("the person qualifies on 2022-01-02")


def test_sen001_patch_applies_to_the_zh_alias_as_written(checker):
    p = plan(senior([ssn("2019-05-01")]))
    finding = only(check_yaml(checker, p.text), "SEN001")
    assert str(finding.extra["qualifies_on"]) == "2023-05-01"
    assert fix_and_recheck(checker, p.text, finding) == []


def test_sen001_county_years_are_not_counted(checker):
    p = plan(senior([county("2014-01-01", "2019-12-31"), ssn("2020-01-01")]))
    finding = only(check_yaml(checker, p.text), "SEN001")
    assert (finding.extra["counted_years"], finding.extra["counted_months"]) == (2, 0)
    assert (finding.extra["excluded_years"], finding.extra["excluded_months"]) == (6, 0)
    assert "地方自聘或其他經費年資 6 年 0 個月不予採計" in finding.message
    # 2020-01-01..2023-12-30 is 47 months + 30 days, which the definition folds to 48
    assert str(finding.extra["qualifies_on"]) == "2023-12-31"
    assert fix_and_recheck(checker, p.text, finding) == []


def test_sen001_other_budget_years_are_not_counted_either(checker):
    p = plan(senior([{"from": "2010-01-01", "to": "2019-12-31", "budget": "其他"}, ssn("2020-01-01")]))
    assert only(check_yaml(checker, p.text), "SEN001").extra["excluded_years"] == 10


def test_sen001_excluded_years_do_not_count_days_that_were_counted(checker):
    # county-funded 2016–2021 overlaps SSN service from 2020: only 2016–2019 (4 years) was excluded
    p = plan(senior([county("2016-01-01", "2021-12-31"), ssn("2020-01-01")]))
    finding = only(check_yaml(checker, p.text), "SEN001")
    assert (finding.extra["excluded_years"], finding.extra["excluded_months"]) == (4, 0)
    assert "地方自聘或其他經費年資 4 年 0 個月不予採計" in finding.message


def test_sen001_phase_one_ssn_years_count(checker):
    # 107–109 phase-1 sub-plans on the SSN budget, then phase 2 from 110/1/1 (ROC dates)
    p = plan(senior([ssn("民國107年1月1日", "109/12/31"), ssn("110-01-01")]))
    assert check_yaml(checker, p.text) == []


def test_sen001_overlapping_ssn_segments_count_once(checker):
    p = plan(senior([ssn("2019-01-01", "2020-12-31"), ssn("2019-06-01")]))
    finding = only(check_yaml(checker, p.text), "SEN001")
    assert (finding.extra["counted_years"], finding.extra["counted_months"]) == (3, 0)


def test_sen001_reference_date_from_the_plan(checker):
    person = senior([ssn("2018-07-01")])
    assert [f.rule for f in check_yaml(checker, plan(person).text)] == ["SEN001"]  # R = 2022-01-01: 3.5 years
    assert check_yaml(checker, plan(person, reference_date="2022-07-01").text) == []
    assert check_yaml(checker, plan(person, reference_date="111/7/1").text) == []
    finding = only(check_yaml(checker, plan(person, reference_date="2022-06-30").text), "SEN001")
    assert "至 2022-06-30" in finding.message and str(finding.extra["qualifies_on"]) == "2022-07-01"


def test_sen001_without_ongoing_ssn_service_has_no_date(checker):
    p = plan(senior([ssn("2019-01-01", "2020-12-31"), county("2021-01-01")]))
    finding = only(check_yaml(checker, p.text), "SEN001")
    assert finding.extra["qualifies_on"] is None
    assert "無法推算符合日期" in finding.fix.description
    assert fix_and_recheck(checker, p.text, finding) == []


def test_sen001_only_for_senior_social_workers(checker):
    person = senior([ssn("2021-01-01")], role="社工員")
    assert check_yaml(checker, plan(person).text) == []


# --------------------------------------------------------------------------- SEN002


@pytest.mark.parametrize("history", [None, []])
def test_sen002_senior_without_history(checker, history):
    p = plan(senior(history))
    findings = check_yaml(checker, p.text)
    assert summary(findings) == [("SEN002", "/staff/0")]
    finding = findings[0]
    assert finding.severity.value == "warning"
    assert (finding.line, finding.column) == (p.line("/staff/0"), ITEM_COLUMN)
    assert "S1" in finding.message and "王小明" not in finding.message
    assert finding.fix is not None and finding.fix.patch is None
    assert finding.source is not None


def test_sen002_not_for_other_roles(checker):
    assert check_yaml(checker, plan(senior(None, role="社工員")).text) == []


# ---- a declared figure (declared_ssn_years, a roster's 社安網年資(年)) stands in for a missing history


@pytest.mark.parametrize("years, rules", [(4, []), (4.0, []), (3.999, ["SEN001"]), (0, ["SEN001"])])
def test_sen_a_declared_figure_is_checked_when_there_is_no_history(checker, years, rules):
    found = check_yaml(checker, plan(senior(None, declared_ssn_years=years)).text)
    assert [f.rule for f in found if f.rule.startswith("SEN")] == rules


def test_sen001_on_a_declared_figure_says_so_and_its_patch_fixes_it(checker):
    text = plan(senior(None, declared_ssn_years=2.8, declared_prior_years=3)).text
    finding = only(check_yaml(checker, text), "SEN001")
    assert finding.message == ("人員 S1 列為資深社工，但縣市填報的社安網年資為 2.8 年（2 年 9 個月，未滿 4 年）；前職年資 3 年未說明經費別，"
                               "不予採計；此結果依縣市填報的年資數字，未依任職紀錄起訖日計算")
    assert finding.extra["basis"] == "declared" and finding.extra["counted_total_months"] == 33
    assert not [f for f in fix_and_recheck(checker, text, finding) if f.rule.startswith("SEN")]


def test_sen_dated_history_wins_over_a_declared_figure(checker):
    found = check_yaml(checker, plan(senior([ssn("2021-01-01")], declared_ssn_years=9)).text)
    assert "社安網預算年資僅 1 年 0 個月" in only(found, "SEN001").message


def test_sen002_a_declared_protective_figure_does_not_stand_in_for_ssn_years(checker):
    found = check_yaml(checker, plan(senior(None, declared_protective_years=9)).text)
    assert [f.rule for f in found if f.rule.startswith("SEN")] == ["SEN002"]
