"""Family 4, facility and non-salary subsidy eligibility (FAC001–FAC007), per RULES.md.

Requests are written with zh-TW labels (設施設備, 公益彩券盈餘, 社福中心 ...);
every patch is applied to the data as written and must leave a plan with no
finding at all (a patch must not trade one FAC finding for another).
"""

from __future__ import annotations

import pytest

from plan_builder import ITEM_COLUMN, PlanText, check_yaml, fix_and_recheck, only, summary

LISTED = ["社福中心", "家防中心", "社區心衛中心"]  # the three centres 001 names
UNLISTED = ["衛生局", "社會局", "警察局", "毒防局", "少輔會", "其他"]


def request(category: str, source: str, unit: str = "社福中心", year: int | None = None, **extra) -> dict:
    item = {"id": "R1", "unit_type": unit, "category": category, "funding_source": source, "amount": 800000}
    if year is not None:
        item["year"] = year
    item.update(extra)
    return item


def plan(*requests: dict, plan_year: int = 111) -> PlanText:
    return PlanText(plan_year=plan_year, teams=[{"id": "T1", "unit_type": "社福中心"}], requests=list(requests))


def single(checker, p: PlanText, rule: str):
    findings = check_yaml(checker, p.text)
    assert summary(findings) == [(rule, "/requests/0")], [(f.rule, f.message) for f in findings]
    finding = findings[0]
    assert finding.severity.value == "error"
    assert (finding.line, finding.column) == (p.line("/requests/0"), ITEM_COLUMN)
    assert finding.source is not None and finding.source.quote
    return finding


# --------------------------------------------------------------------------- FAC001


@pytest.mark.parametrize("unit", LISTED)
def test_fac001_listed_centres_from_111_pass(checker, unit):
    assert check_yaml(checker, plan(request("設施設備", "公益彩券盈餘", unit, year=111)).text) == []
    assert check_yaml(checker, plan(request("設施設備", "公益彩券盈餘", unit, year=114)).text) == []


@pytest.mark.parametrize("unit", LISTED)
def test_fac001_listed_centre_in_110_fails(checker, unit):
    p = plan(request("設施設備", "公益彩券盈餘", unit, year=110))
    finding = single(checker, p, "FAC001")
    assert finding.extra["year"] == 110
    assert "110 年" in finding.message
    assert finding.fix.patch == ({"op": "replace", "path": "/requests/0/funding_source", "value": "county"},)
    assert fix_and_recheck(checker, p.text, finding) == []


@pytest.mark.parametrize("unit", UNLISTED)
def test_fac001_unlisted_unit_fails_in_any_year(checker, unit):
    p = plan(request("設施設備", "公益彩券盈餘", unit, year=112))
    finding = single(checker, p, "FAC001")
    assert fix_and_recheck(checker, p.text, finding) == []


def test_fac001_year_defaults_to_the_plan_year(checker):
    assert [f.rule for f in check_yaml(checker, plan(request("設施設備", "公益彩券盈餘"), plan_year=110).text)] == ["FAC001"]
    assert check_yaml(checker, plan(request("設施設備", "公益彩券盈餘"), plan_year=111).text) == []


def test_fac001_message_en(checker_en):
    finding = only(check_yaml(checker_en, plan(request("設施設備", "公益彩券盈餘", "衛生局")).text), "FAC001")
    assert finding.message == ("request R1 (health_bureau, year 111) buys facilities with lottery surplus, which from "
                               "111 on covers only social welfare, family violence and community mental health centres")


@pytest.mark.parametrize("source", ["地方自籌", "其他", "公益彩券公營造物經費"])
def test_fac001_other_sources_are_not_fac001(checker, source):
    assert check_yaml(checker, plan(request("設施設備", source, "衛生局", year=110)).text) == []


# --------------------------------------------------------------------------- FAC002


SSN = "社安網中央補助"


@pytest.mark.parametrize("category, unit, year, target, variant_text", [
    ("設施設備", "社福中心", 111, "lottery_surplus", "公益彩券盈餘"),
    ("設施設備", "社區心衛中心", 113, "lottery_surplus", "公益彩券盈餘"),
    ("偏區人員宿舍修繕(閒置空間)", "社福中心", 111, "lottery_public_building", "公營造物經費"),
    ("設施設備", "社福中心", 110, "county", "地方自籌"),  # a listed centre, but before 111
    ("設施設備", "衛生局", 112, "county", "地方自籌"),  # not a listed centre
    ("場地修繕", "社福中心", 111, "county", "地方自籌"),
    ("行政事務費", "家防中心", 111, "county", "地方自籌"),
    ("宿舍新建", "社福中心", 111, "county", "地方自籌"),
])
def test_fac002_ssn_subsidy_pays_personnel_only_and_the_patch_picks_the_right_source(
        checker, category, unit, year, target, variant_text):
    p = plan(request(category, SSN, unit, year=year))
    finding = single(checker, p, "FAC002")
    assert finding.fix.patch == ({"op": "replace", "path": "/requests/0/funding_source", "value": target},)
    assert variant_text in finding.fix.description
    assert fix_and_recheck(checker, p.text, finding) == []


@pytest.mark.parametrize("category", ["其他", "安置費", "離島加給", "生日禮券"])
def test_fac002_not_for_other_categories(checker, category):
    assert "FAC002" not in [f.rule for f in check_yaml(checker, plan(request(category, SSN)).text)]


# --------------------------------------------------------------------------- FAC003–FAC007


@pytest.mark.parametrize("rule, category, bad_sources, good_sources", [
    ("FAC003", "離島加給", [SSN], ["地方自籌", "公益彩券盈餘"]),
    # 001: the county 「可…自行編列」: it may budget it itself, and no other source is forbidden
    ("FAC004", "地域加給", [SSN], ["地方自籌", "公益彩券盈餘", "公益彩券公營造物經費", "其他"]),
    ("FAC005", "生日禮券", [SSN], ["地方自籌"]),
    ("FAC005", "文康活動", [SSN], ["地方自籌"]),
    ("FAC007", "安置費(非老非障)", [SSN], ["地方自籌", "公益彩券盈餘"]),
])
def test_fac003_to_fac007_fail_pass_and_patch_to_county(checker, rule, category, bad_sources, good_sources):
    for source in good_sources:
        assert check_yaml(checker, plan(request(category, source)).text) == [], source
    for source in bad_sources:
        p = plan(request(category, source))
        finding = single(checker, p, rule)
        assert finding.fix.patch == ({"op": "replace", "path": "/requests/0/funding_source", "value": "county"},)
        assert fix_and_recheck(checker, p.text, finding) == []


def test_fac004_message_says_the_ssn_subsidy_does_not_pay_it_in_zh(checker):
    finding = only(check_yaml(checker, plan(request("地域加給", SSN)).text), "FAC004")
    assert "地域加給以社安網中央補助支應" in finding.message and "自行編列" in finding.message


def test_fac006_new_housing_from_lottery_public_building_funds(checker):
    p = plan(request("宿舍新建", "公益彩券公營造物經費"))
    finding = single(checker, p, "FAC006")
    assert finding.fix.patch is None  # two possible fixes; neither is mechanical
    assert finding.fix.description == ("改為修繕閒置空間：把經費需求 R1 的項目類別（category）改為偏區人員宿舍修繕(閒置空間)；"
                                       "或以地方自籌新建：把經費需求 R1 的經費來源（funding_source）改為地方自籌")
    assert check_yaml(checker, plan(request("偏區人員宿舍修繕", "公益彩券公營造物經費")).text) == []
    assert check_yaml(checker, plan(request("宿舍新建", "地方自籌")).text) == []


def test_several_requests_point_at_each_request(checker):
    p = plan(request("設施設備", "公益彩券盈餘", "社福中心"),
             request("離島加給", SSN, id="R2"),
             request("生日禮券", SSN, id="R3"))
    findings = check_yaml(checker, p.text)
    assert [(f.rule, f.pointer, f.line) for f in findings] == [
        ("FAC003", "/requests/1", p.line("/requests/1")),
        ("FAC005", "/requests/2", p.line("/requests/2")),
    ]
