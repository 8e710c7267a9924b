"""Family 1, supervisor ratio (SUP001–SUP003), exactly at RULES.md's boundaries.

One supervisor per *full* 7 direct-service workers of a team (floor): 14
workers allow 2 centrally funded supervisors, 13 allow 1. Direct service =
social_worker, senior_social_worker, care_visitor, mental_health_social_worker.
Plans are written as counties write them (zh-TW aliases), and every patch is
applied to the data as written.
"""

from __future__ import annotations

import pytest

from plan_builder import ITEM_COLUMN, PlanText, check_yaml, fix_and_recheck, only, summary

QUALITY = "提升身心障礙者需求評估服務品質計畫"  # disability_needs_assessment_quality, written as its zh label


def workers(n: int, team: str = "T1", role: str = "社工員", start: int = 1) -> list[dict]:
    return [{"id": f"W{start + i:02d}", "team": team, "role": role, "funding": "中央補助"} for i in range(n)]


def supervisors(n: int, team: str = "T1", funding: str = "中央補助", start: int = 1) -> list[dict]:
    return [{"id": f"SV{start + i}", "name": f"督導{start + i}號", "team": team, "role": "督導", "funding": funding}
            for i in range(n)]


def plan(staff: list[dict], program: str = "脆弱家庭", teams: list[dict] | None = None) -> PlanText:
    return PlanText(teams=teams or [{"id": "T1", "unit_type": "社福中心", "program": program}], staff=staff)


# --------------------------------------------------------------------------- SUP001


def test_sup001_14_workers_allow_2_central_supervisors(checker):
    assert check_yaml(checker, plan(workers(14) + supervisors(2)).text) == []


def test_sup001_13_workers_allow_only_1(checker):
    p = plan(workers(13) + supervisors(2))
    finding = only(check_yaml(checker, p.text), "SUP001")
    assert summary(check_yaml(checker, p.text)) == [("SUP001", "/teams/0")]
    assert finding.severity.value == "error"
    assert (finding.line, finding.column) == (p.line("/teams/0"), ITEM_COLUMN)
    assert finding.extra["workers"] == 13 and finding.extra["allowed"] == 1
    assert finding.extra["central_supervisors"] == 2 and finding.extra["excess"] == 1
    assert "直接服務人員 13 名" in finding.message and "中央可補助督導 1 名" in finding.message
    assert "申請中央補助督導 2 名（超出 1 名）" in finding.message
    # the last-listed excess supervisor moves to county funding; the fix names them by id only
    assert finding.fix.patch == ({"op": "replace", "path": "/staff/14/funding", "value": "county"},)
    assert finding.fix.applicability.value == "unsafe"
    assert "SV2" in finding.fix.description and "督導2號" not in finding.message + finding.fix.description
    assert finding.source is not None and finding.source.document == "002" and "每7名社工設督導1名" in finding.source.quote
    assert fix_and_recheck(checker, p.text, finding) == []


def test_sup001_english_message_has_the_numbers(checker_en):
    finding = only(check_yaml(checker_en, plan(workers(13) + supervisors(2)).text), "SUP001")
    assert finding.message == ("team T1 has 13 direct-service workers; one supervisor per full 7 allows 1 centrally "
                               "funded supervisor(s), but 2 are requested (1 too many)")


@pytest.mark.parametrize("n_workers, n_central, expected", [
    (7, 1, []),
    (6, 1, ["SUP001"]),  # below the first full 7: no central supervisor allowed
    (0, 1, ["SUP001"]),
    (21, 3, []),
    (20, 3, ["SUP001"]),
])
def test_sup001_boundaries(checker, n_workers, n_central, expected):
    assert [f.rule for f in check_yaml(checker, plan(workers(n_workers) + supervisors(n_central)).text)] == expected


def test_sup001_counts_every_direct_service_role_and_nothing_else(checker):
    direct = (workers(4, role="社工員") + workers(4, role="資深社工", start=10)
              + workers(3, role="關懷訪視員", start=20) + workers(3, role="心理衛生社工", start=30))
    for person in direct:
        if person["role"] == "資深社工":  # seniors need a history (SEN002) – give them four SSN years
            person["history"] = [{"from": "2017-01-01", "budget": "社安網預算"}]
    assert check_yaml(checker, plan(direct + supervisors(2)).text) == []  # 14 direct-service workers
    non_direct = [{"id": "A1", "team": "T1", "role": "社工助理", "funding": "中央補助"},
                  {"id": "A2", "team": "T1", "role": "行政人員", "funding": "中央補助"}]
    findings = check_yaml(checker, plan(direct[:-1] + non_direct + supervisors(2)).text)
    assert [(f.rule, f.extra["workers"]) for f in findings] == [("SUP001", 13)]


def test_sup001_ignores_county_funded_supervisors(checker):
    p = plan(workers(13) + supervisors(1) + supervisors(1, funding="地方自籌", start=2))
    assert check_yaml(checker, p.text) == []


def test_sup001_counts_per_team(checker):
    teams = [{"id": "T1", "unit_type": "社福中心"}, {"id": "T2", "unit_type": "家防中心"}]
    p = plan(workers(7) + workers(7, team="T2", start=50) + supervisors(1) + supervisors(2, team="T2", start=5),
             teams=teams)
    finding = only(check_yaml(checker, p.text), "SUP001")
    assert finding.pointer == "/teams/1" and finding.line == p.line("/teams/1")
    assert finding.fix.patch == ({"op": "replace", "path": "/staff/16/funding", "value": "county"},)


def test_sup001_kaohsiung_health_bureau_figures_fit_the_standard(checker):
    # 001: 44 mental-health visitors + 13 suicide-prevention visitors with 8 supervisors
    visitors = workers(44, role="關懷訪視員") + workers(13, role="關懷訪視員", start=60)
    teams = [{"id": "T1", "unit_type": "衛生局", "program": "精神病人社區關懷訪視"}]
    assert check_yaml(checker, plan(visitors + supervisors(8), teams=teams).text) == []
    findings = check_yaml(checker, plan(visitors + supervisors(9), teams=teams).text)
    assert [(f.rule, f.extra["allowed"]) for f in findings] == [("SUP001", 8)]


def test_sup001_patch_of_several_excess_supervisors(checker):
    p = plan(workers(7) + supervisors(3))
    finding = only(check_yaml(checker, p.text), "SUP001")
    assert [op["path"] for op in finding.fix.patch] == ["/staff/8/funding", "/staff/9/funding"]
    assert fix_and_recheck(checker, p.text, finding) == []


# --------------------------------------------------------------------------- SUP002


def test_sup002_14_workers_need_2_supervisors_of_any_funding(checker):
    p = plan(workers(14) + supervisors(1))
    finding = only(check_yaml(checker, p.text), "SUP002")
    assert summary(check_yaml(checker, p.text)) == [("SUP002", "/teams/0")]
    assert finding.severity.value == "warning"
    assert (finding.line, finding.column) == (p.line("/teams/0"), ITEM_COLUMN)
    assert (finding.extra["demand"], finding.extra["needed"], finding.extra["supply"], finding.extra["missing"]) == (
        14, 2, 1, 1)
    assert "應有督導 2 名，目前 1 名" in finding.message
    assert finding.fix.description == "增設督導 1 名" and finding.fix.patch is None
    assert finding.source is not None
    # a county-funded second supervisor satisfies the standard
    assert check_yaml(checker, plan(workers(14) + supervisors(1) + supervisors(1, "T1", "地方自籌", 2)).text) == []


@pytest.mark.parametrize("n_workers, n_supervisors, expected", [
    (13, 1, []),
    (7, 0, ["SUP002"]),
    (6, 0, []),
    (0, 0, []),
])
def test_sup002_boundaries(checker, n_workers, n_supervisors, expected):
    assert [f.rule for f in check_yaml(checker, plan(workers(n_workers) + supervisors(n_supervisors)).text)] == expected


def test_sup002_in_a_programme_that_excludes_supervisors_says_county_funding(checker, checker_en):
    p = plan(workers(7), program=QUALITY)
    finding = only(check_yaml(checker, p.text), "SUP002")
    assert "經費來源填地方自籌" in finding.fix.description
    finding_en = only(check_yaml(checker_en, p.text), "SUP002")
    assert finding_en.fix.description == ("add 1 supervisor(s) funded by the county; "
                                          "this programme's central subsidy excludes supervisors")


# --------------------------------------------------------------------------- SUP003


def test_sup003_central_supervisor_in_the_needs_assessment_quality_programme(checker):
    p = plan(workers(7) + supervisors(1), program=QUALITY)
    findings = check_yaml(checker, p.text)
    assert summary(findings) == [("SUP003", "/staff/7")]
    finding = findings[0]
    assert finding.severity.value == "error"
    assert (finding.line, finding.column) == (p.line("/staff/7"), ITEM_COLUMN)
    assert "SV1" in finding.message and "督導1號" not in finding.message
    assert finding.fix.patch == ({"op": "replace", "path": "/staff/7/funding", "value": "county"},)
    assert finding.source.document == "001" and "不包括督導人力" in finding.source.quote
    assert fix_and_recheck(checker, p.text, finding) == []


def test_sup003_county_funded_supervisor_is_fine(checker):
    assert check_yaml(checker, plan(workers(7) + supervisors(1, funding="地方自籌"), program=QUALITY).text) == []


def test_sup003_only_in_the_excluded_programme(checker):
    for program in ("充實地方政府社工人力配置及進用計畫－身心障礙需求評估", "保護服務"):
        assert check_yaml(checker, plan(workers(7) + supervisors(1), program=program).text) == []


def test_sup003_and_sup001_together_each_patch_removes_its_own_finding(checker):
    p = plan(workers(7) + supervisors(2), program=QUALITY)
    findings = check_yaml(checker, p.text)
    assert summary(findings) == [("SUP001", "/teams/0"), ("SUP003", "/staff/7"), ("SUP003", "/staff/8")]
    for finding in findings:
        after = fix_and_recheck(checker, p.text, finding)
        assert (finding.rule, finding.pointer) not in summary(after)
