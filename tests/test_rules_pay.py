"""Family 3, 360-point pay eligibility (PAY001–PAY002), at RULES.md's boundaries.

PAY001: protective staff on ≥ 360 points need 3 years of protective service
(segments with protective: true, under any budget) at R. No patch (the salary
table is the county's); the fix gives the date on which 360 becomes payable.
recruitment_attempts does not excuse it (003's relaxation was not granted).
"""

from __future__ import annotations

import pytest

from plan_builder import ITEM_COLUMN, PlanText, check_yaml, only, summary


def worker(points: int, history: list[dict] | None, protective: bool = True, **extra) -> dict:
    person = {"id": "P1", "name": "陳美玲", "team": "T1", "role": "社工員", "funding": "中央補助",
              "pay_points": points, "protective": protective}
    if history is not None:
        person["history"] = history
    person.update(extra)
    return person


def plan(*staff: dict) -> PlanText:
    return PlanText(teams=[{"id": "T1", "unit_type": "家防中心", "program": "保護服務"}], staff=list(staff))


def seg(start: str, end: str | None = None, budget: str = "社安網預算", protective: bool = True) -> dict:
    out = {"from": start, "budget": budget, "protective": protective}
    if end:
        out["to"] = end
    return out


# --------------------------------------------------------------------------- PAY001


def test_pay001_three_protective_years_under_any_budget_pass(checker):
    assert check_yaml(checker, plan(worker(360, [seg("2019-01-01")])).text) == []
    assert check_yaml(checker, plan(worker(360, [seg("2019-01-01", budget="地方自聘")])).text) == []
    assert check_yaml(checker, plan(worker(400, [seg("2017-01-01", "2018-12-31", budget="其他"),
                                                 seg("2021-01-01", budget="地方自聘")])).text) == []


def test_pay001_short_protective_service_at_360(checker, checker_en):
    p = plan(worker(360, [seg("2019-03-01")]))
    findings = check_yaml(checker, p.text)
    assert summary(findings) == [("PAY001", "/staff/0")]
    finding = findings[0]
    assert finding.severity.value == "error"
    assert (finding.line, finding.column) == (p.line("/staff/0"), ITEM_COLUMN)
    assert (finding.extra["counted_years"], finding.extra["counted_months"]) == (2, 10)
    assert str(finding.extra["qualifies_on"]) == "2022-03-01"
    assert "支領 360 俸點" in finding.message and "保護性服務資歷僅 2 年 10 個月（須滿 3 年）" in finding.message
    assert "陳美玲" not in finding.message
    assert finding.fix.patch is None and finding.fix.applicability.value == "display"
    assert "自 111/03/01 起得支領360俸點" in finding.fix.description  # ROC in zh (issue 21)
    # 「以下」 counts 360 itself (刑法第10條: 以上、以下、以內俱連本數): a 360-point worker must go below it
    assert "調降至未滿360俸點" in finding.fix.description and "以下" not in finding.fix.description
    assert finding.source.document == "003" and "360俸點" in finding.source.quote
    finding_en = only(check_yaml(checker_en, p.text), "PAY001")
    assert finding_en.message == ("protective staff P1 is paid 360 points but has only 2 y 10 m of protective "
                                  "experience at 2022-01-01 (needs 3 y)")
    assert finding_en.fix.description.endswith("360 points become payable on 2022-03-01")


def test_pay001_359_points_are_not_checked(checker):
    assert check_yaml(checker, plan(worker(359, [seg("2021-06-01")])).text) == []


def test_pay001_only_for_protective_staff(checker):
    assert check_yaml(checker, plan(worker(380, [seg("2021-06-01")], protective=False)).text) == []


def test_pay001_non_protective_segments_do_not_count(checker):
    p = plan(worker(360, [seg("2012-01-01", "2020-12-31", protective=False), seg("2021-01-01")]))
    finding = only(check_yaml(checker, p.text), "PAY001")
    assert (finding.extra["counted_years"], finding.extra["counted_months"]) == (1, 0)
    assert str(finding.extra["qualifies_on"]) == "2023-12-31"  # 35 months + 30 days through 2023-12-30


def test_pay001_boundary_three_years_exactly_and_one_day_short(checker):
    # 2018-12-01..2021-11-30 with R = 2021-12-01: exactly 36 months; from 2018-12-02: 35 months + 29 days
    ok = PlanText(plan_year=110, header={"reference_date": "2021-12-01"},
                  teams=[{"id": "T1", "unit_type": "家防中心"}],
                  staff=[worker(360, [seg("2018-12-01")])])
    assert check_yaml(checker, ok.text) == []
    short = PlanText(plan_year=110, header={"reference_date": "2021-12-01"},
                     teams=[{"id": "T1", "unit_type": "家防中心"}],
                     staff=[worker(360, [seg("2018-12-02")])])
    finding = only(check_yaml(checker, short.text), "PAY001")
    assert (finding.extra["counted_total_months"], finding.extra["counted_days"]) == (35, 29)
    assert str(finding.extra["qualifies_on"]) == "2021-12-02"


def test_pay001_failed_recruitments_do_not_excuse_it(checker):
    p = plan(worker(360, [seg("2020-01-01")], recruitment="公開招聘", recruitment_attempts=3))
    assert [f.rule for f in check_yaml(checker, p.text)] == ["PAY001"]


def test_pay001_applies_to_protective_supervisors_too(checker):
    p = plan(worker(380, [seg("2020-01-01")], role="督導", funding="地方自籌"))
    assert [f.rule for f in check_yaml(checker, p.text)] == ["PAY001"]


def test_pay001_without_ongoing_protective_work_has_no_date(checker):
    p = plan(worker(360, [seg("2019-01-01", "2020-12-31"), seg("2021-01-01", protective=False)]))
    finding = only(check_yaml(checker, p.text), "PAY001")
    assert finding.extra["qualifies_on"] is None
    assert "目前沒有持續中的保護性服務" in finding.fix.description and "調降至未滿360俸點" in finding.fix.description


# --------------------------------------------------------------------------- PAY002


@pytest.mark.parametrize("history", [None, []])
def test_pay002_protective_360_without_history(checker, history):
    p = plan(worker(360, history))
    findings = check_yaml(checker, p.text)
    assert summary(findings) == [("PAY002", "/staff/0")]
    finding = findings[0]
    assert finding.severity.value == "warning"
    assert (finding.line, finding.column) == (p.line("/staff/0"), ITEM_COLUMN)
    assert "360 俸點" in finding.message and "陳美玲" not in finding.message
    assert finding.fix.patch is None and finding.source is not None


@pytest.mark.parametrize("person", [worker(359, None), worker(360, None, protective=False)])
def test_pay002_not_below_360_or_for_non_protective_staff(checker, person):
    assert check_yaml(checker, plan(person).text) == []
