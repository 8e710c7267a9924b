"""Loading plans: YAML and JSON alike, zh-TW aliases and ROC dates, and every way input breaks.

Each broken input must give exactly one clear PARSE001 finding with a line (no
exception escapes ``Checker.check_bytes``); schema problems give one SCHEMA001
per problem with pointer and line; REF001 and PACK001 as RULES.md says.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
import yaml

from sncheck.model import vocabulary as vocab
from sncheck.engine.checker import Checker, Options
from sncheck.model.dates import ImpossibleDate, parse_date
from sncheck.read.limits import Limits
from sncheck.read.normalize import normalize

from plan_builder import ITEM_COLUMN, PlanText, check_yaml, summary


def check(checker: Checker, raw: bytes, name: str = "plan.yaml"):
    return checker.check_bytes(name, raw).findings


def one(findings, rule: str):
    assert [f.rule for f in findings] == [rule], [(f.rule, f.pointer, f.line, f.message) for f in findings]
    return findings[0]


# --------------------------------------------------------------------------- YAML and JSON agree


def violating_plan() -> dict:
    return {
        "format": "sncheck/plan@1", "county": "臺南市", "plan_year": 112,
        "teams": [{"id": "T1", "unit_type": "family_violence_center", "program": "protective_services"}],
        "staff": [
            {"id": "S1", "team": "T1", "role": "social_worker", "funding": "central"},
            {"id": "S2", "team": "T1", "role": "senior_social_worker", "funding": "central",
             "history": [{"from": "2021-01-01", "budget": "ssn"}]},
            {"id": "S3", "team": "T1", "role": "supervisor", "funding": "central"},
        ],
        "requests": [{"id": "R1", "unit_type": "health_bureau", "category": "facility_equipment",
                      "funding_source": "lottery_surplus", "amount": 500000}],
    }


def _position(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def json_item_position(text: str, item_id: str) -> tuple[int, int]:
    return _position(text, text.rfind("{", 0, text.index(f'"id": "{item_id}"')))


def yaml_item_position(text: str, item_id: str) -> tuple[int, int]:
    return _position(text, text.index(f"- id: {item_id}\n") + 2)


def test_yaml_and_json_give_the_same_findings_at_their_own_lines(checker):
    data = violating_plan()
    json_text = json.dumps(data, ensure_ascii=False, indent=2)
    yaml_text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False)
    from_json = check(checker, json_text.encode(), "plan.json")
    from_yaml = check(checker, yaml_text.encode(), "plan.yaml")
    assert summary(from_json) == [("FAC001", "/requests/0"), ("SEN001", "/staff/1"), ("SUP001", "/teams/0")]
    key = lambda f: (f.rule, f.pointer)  # noqa: E731
    assert sorted((f.rule, f.pointer, f.message, f.fix) for f in from_json) == \
        sorted((f.rule, f.pointer, f.message, f.fix) for f in from_yaml)
    ids = {"/teams/0": "T1", "/staff/1": "S2", "/requests/0": "R1"}
    for f in sorted(from_json, key=key):
        assert (f.line, f.column) == json_item_position(json_text, ids[f.pointer]), f.pointer
    for f in sorted(from_yaml, key=key):
        assert (f.line, f.column) == yaml_item_position(yaml_text, ids[f.pointer]), f.pointer


def test_json_positions_of_nested_items_on_one_line(checker):
    text = ('{"format": "sncheck/plan@1", "county": "臺中市", "plan_year": 111,\n'
            ' "teams": [{"id": "T1", "unit_type": "社福中心"}],\n'
            ' "staff": [{"id": "W1", "team": "T1", "role": "社工員", "funding": "中央補助"}, '
            '{"id": "S1", "team": "T1", "role": "資深社工", "funding": "中央補助"}]}')
    finding = one(check(checker, text.encode(), "p.json"), "SEN002")
    assert finding.pointer == "/staff/1"
    assert (finding.line, finding.column) == (3, text.split("\n")[2].index('{"id": "S1"') + 1)


def test_the_spec_example_plan_is_clean(checker):
    example = """\
format: sncheck/plan@1
county: 臺中市
plan_year: 111
teams:
  - {id: T-DA2, name: 提升身心障礙者需求評估服務品質計畫, unit_type: 社福中心, program: disability_needs_assessment_quality}
staff:
  - id: S-001
    team: T-DA2
    role: 社工員
    funding: central
    pay_points: 328
    hired: 111/1/1
    recruitment: open
    training_hours: 30
    history:
      - {from: 2022-01-01, budget: ssn}
requests:
  - {id: R-01, unit_type: 社區心衛中心, category: facility_equipment, funding_source: lottery_surplus, amount: 800000}
"""
    assert check(checker, example.encode()) == []


# --------------------------------------------------------------------------- aliases and dates


def _place(kind: str, field: str, value: str) -> tuple[dict, tuple]:
    data = {"teams": [{}], "staff": [{"history": [{}]}], "requests": [{}]}
    where = {"plan": (data, ()), "team": (data["teams"][0], ("teams", 0)),
             "staff": (data["staff"][0], ("staff", 0)),
             "segment": (data["staff"][0]["history"][0], ("staff", 0, "history", 0)),
             "request": (data["requests"][0], ("requests", 0))}[kind]
    where[0][field] = value
    return data, where[1] + (field,)


ALIASES = [(kind, field, alias, code)
           for (kind, field), vocabulary in vocab.FIELD_VOCABULARIES.items()
           for code, aliases in vocabulary.items() for alias in (code, *aliases)]


@pytest.mark.parametrize("kind, field, alias, code", ALIASES)
def test_every_zh_alias_normalizes_to_its_code(kind, field, alias, code):
    data, path = _place(kind, field, f" {alias} ")
    normalized, problems = normalize(data)
    value = normalized
    for token in path:
        value = value[token]
    assert (value, problems) == (code, [])
    assert _place(kind, field, f" {alias} ")[0] == data  # the input is not modified


@pytest.mark.parametrize("text, expected", [
    ("110-01-01", date(2021, 1, 1)),
    ("110/1/1", date(2021, 1, 1)),
    ("民國110年1月1日", date(2021, 1, 1)),
    ("民國 110 年 1 月 1 日", date(2021, 1, 1)),
    ("110.12.31", date(2021, 12, 31)),
    ("99/12/31", date(2010, 12, 31)),  # a 2-digit year is ROC too
    ("2021-01-01", date(2021, 1, 1)),
    ("2021/1/1", date(2021, 1, 1)),
    ("109/2/29", date(2020, 2, 29)),  # 2020 was a leap year
])
def test_roc_and_iso_dates(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["2021-02-30", "110/2/29", "2021-13-01", "110年4月31日"])
def test_impossible_dates(text):
    with pytest.raises(ImpossibleDate):
        parse_date(text)


@pytest.mark.parametrize("text", ["hello", "2021", "1/1", ""])
def test_not_dates_at_all(text):
    with pytest.raises(ValueError) as info:
        parse_date(text)
    assert not isinstance(info.value, ImpossibleDate)


def test_dates_in_the_plan_are_normalized_to_iso():
    data = {"reference_date": "111/1/1",
            "staff": [{"hired": "民國110年7月1日", "history": [{"from": "110-01-01", "to": "110/12/31"}]}]}
    normalized, problems = normalize(data)
    assert problems == []
    assert normalized["reference_date"] == "2022-01-01"
    assert normalized["staff"][0]["hired"] == "2021-07-01"
    assert normalized["staff"][0]["history"][0] == {"from": "2021-01-01", "to": "2021-12-31"}


@pytest.mark.parametrize("written, canonical", [("台中市", "臺中市"), ("台北市", "臺北市"), ("台東縣", "臺東縣"),
                                               ("臺南市", "臺南市"), ("台南市", "臺南市")])
def test_tai_and_tai_are_the_same_county(checker, written, canonical):
    assert normalize({"county": written})[0]["county"] == canonical
    assert check_yaml(checker, PlanText(county=written, teams=[{"id": "T1", "unit_type": "社福中心"}]).text) == []


def test_unknown_county_lists_the_allowed_names(checker):
    finding = one(check_yaml(checker, PlanText(county="台中縣").text), "SCHEMA001")
    assert finding.pointer == "/county" and finding.line == 2
    assert "\"台中縣\"" in finding.message and "臺中市" in finding.message  # quoted as written (issue 22.7)


# --------------------------------------------------------------------------- broken input: one PARSE001 each


GOOD = PlanText(teams=[{"id": "T1", "unit_type": "社福中心"}]).text

BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(9))


@pytest.mark.parametrize("name, raw, line, reason, words", [
    ("yaml_syntax", b"format: sncheck/plan@1\ncounty: [\n", 3, "syntax", "YAML"),
    ("json_syntax", b'{"format": "sncheck/plan@1",\n "county": }', 2, "syntax", "JSON"),
    ("big5", b"format: sncheck/plan@1\ncounty: " + "臺中市".encode("cp950") + b"\n", 2, "encoding", "Big5"),
    ("utf16", "format: sncheck/plan@1\n".encode("utf-16"), 1, "encoding", "UTF-16"),
    ("empty", b"", 1, "empty", "empty"),
    ("blank", b"\n  \n\t\n", 1, "empty", "empty"),
    ("comments", b"# plan for 111\n# to be filled in\n", 1, "empty", "comments"),
    ("bomb", BOMB.encode(), None, "alias", "alias"),
    ("dup_yaml", b"format: sncheck/plan@1\ncounty: x\nformat: sncheck/plan@1\n", 3, "duplicate_key", "format"),
    ("dup_json", b'{"format": "sncheck/plan@1",\n "county": "x",\n "county": "y"}', 3, "duplicate_key", "county"),
    ("two_docs", b"format: sncheck/plan@1\n---\nformat: sncheck/plan@1\n", 3, "syntax", "---"),
    ("python_tag", b"format: !!python/object/apply:os.system [ls]\n", 1, "syntax", "tag"),
    ("python_scalar_tag", b"format: !!python/name:os.system x\n", 1, "syntax", "os.system"),
    ("set_tag", b"county: !!set {a, b}\n", 1, "syntax", "tag"),
    ("merge_key", b"base: &b {a: 1}\nother:\n  <<: *b\n", 3, "syntax", "<<"),
    ("deep_json", b"[" * 5000 + b"]" * 5000, 1, "depth", "deep"),
    ("nan_json", b'{"format": "sncheck/plan@1",\n "central_share": NaN}', 2, "syntax", "NaN"),
])
def test_each_broken_input_gives_one_parse001_with_a_line(checker_en, name, raw, line, reason, words):
    suffix = ".json" if "json" in name else ".yaml"
    finding = one(check(checker_en, raw, name + suffix), "PARSE001")
    assert finding.extra["reason"] == reason
    assert finding.severity.value == "error"
    assert words.lower() in finding.message.lower()
    assert finding.line is not None and finding.line >= 1 and finding.column is not None
    if line is not None:
        assert finding.line == line


def test_alias_bomb_is_refused_before_expansion(checker_en):
    # 9**10 nodes if expanded; refused by counting the node graph, and the limit is named
    finding = one(check(checker_en, BOMB.encode()), "PARSE001")
    assert finding.extra["reason"] == "alias"
    assert f"{Limits().max_nodes:,}" in finding.message


def test_size_limit(tmp_path):
    small = Checker(Options(load_entry_points=False, limits=Limits(max_bytes=len(GOOD.encode()) - 1)))
    finding = one(check(small, GOOD.encode()), "PARSE001")
    assert finding.extra["reason"] == "size" and finding.line == 1


def test_big5_message_says_how_to_convert(checker):
    raw = b"format: sncheck/plan@1\ncounty: " + "臺中市".encode("cp950") + b"\n"
    finding = one(check(checker, raw), "PARSE001")
    assert "UTF-8" in finding.message and "Big5" in finding.message and finding.column == 9


def test_utf8_with_bom_is_accepted_with_the_same_lines(checker):
    p = PlanText(teams=[{"id": "T1", "unit_type": "社福中心"}],
                 staff=[{"id": "S1", "team": "T1", "role": "資深社工", "funding": "中央補助"}])
    plain = check(checker, p.text.encode())
    with_bom = check(checker, b"\xef\xbb\xbf" + p.text.encode())
    assert [(f.rule, f.line, f.column) for f in with_bom] == [(f.rule, f.line, f.column) for f in plain] == [
        ("SEN002", p.line("/staff/0"), ITEM_COLUMN)]
    json_text = json.dumps({"format": "sncheck/plan@1", "county": "臺中市", "plan_year": 111, "teams": [],
                            "staff": []})
    assert check(checker, b"\xef\xbb\xbf" + json_text.encode(), "p.json") == []


@pytest.mark.parametrize("written", ["2021-02-30", '"2021-02-30"', "110/2/30", "民國110年2月30日"])
def test_impossible_date_is_parse001_at_the_dates_pointer(checker, written):
    text = GOOD.replace("staff: []", "staff:\n  - id: S1\n    team: T1\n    role: 社工員\n    funding: 中央補助\n"
                                     f"    hired: {written}\n")
    finding = one(check(checker, text.encode()), "PARSE001")
    assert finding.pointer == "/staff/0/hired"
    lines = text.split("\n")
    hired_line = next(i for i, l in enumerate(lines, 1) if l.strip().startswith("hired:"))
    assert (finding.line, finding.column) == (hired_line, lines[hired_line - 1].index(written) + 1)
    assert "不存在" in finding.message and finding.extra["reason"] == "date"


@pytest.mark.parametrize("text, where, message", [
    ("format: sncheck/plan@1\ncounty: 臺中市\nplan_year: 111\nstaff:\n  - id: S1\n"
     "    name: \"王小明\n    role: 社工員\n", (6, 11),
     "YAML syntax error: a quoted value that starts here never ends (found unexpected end of stream)"),
    ("a: [1, 2\nb: 3\n", (2, 2),
     "YAML syntax error: did not find expected ',' or ']' (in a [ ] list that starts at line 1, column 4)"),
])
def test_a_syntax_error_names_what_was_left_open_and_where_it_starts(checker_en, text, where, message):
    finding = one(check(checker_en, text.encode()), "PARSE001")
    assert ((finding.line, finding.column), finding.message) == (where, message)
    assert "王小明" not in finding.message  # the unclosed value may be a name


def test_a_json_number_too_long_to_read_is_reported_where_it_stands(checker_en):
    text = '{"format": "sncheck/plan@1",\n "county": "臺中市",\n "plan_year": ' + "9" * 5000 + "}"
    finding = one(check(checker_en, text.encode(), "plan.json"), "PARSE001")
    assert (finding.line, finding.column) == (3, 15)
    assert finding.message.startswith("cannot read a value: Exceeds the limit (4300 digits)")


# --------------------------------------------------------------------------- SCHEMA001


STAFF_PLAN = """\
format: sncheck/plan@1
county: 臺中市
plan_year: 111
teams:
  - id: T1
    unit_type: 社福中心
staff:
  - id: S1
    team: T1
    role: 社工員
    funding: 中央補助
  - id: S2
    team: T1
    role: 社工員
    funding: 中央補助
"""


@pytest.mark.parametrize("written", ["1100101", "20210101", "true"])
def test_schema001_a_date_written_without_separators_says_how_to_write_a_date(checker, checker_en, written):
    text = STAFF_PLAN.replace("    funding: 中央補助\n  - id: S2", f"    funding: 中央補助\n    hired: {written}\n  - id: S2")
    finding = one(check(checker_en, text.encode()), "SCHEMA001")
    assert (finding.pointer, finding.line, finding.column) == ("/staff/0/hired", 12, 12)
    shown = yaml.safe_load(f"v: {written}")["v"]
    assert finding.message == f"/staff/0/hired must be a date, found {json.dumps(shown)}; write 2022-01-01 or ROC 111/1/1"
    zh = one(check(checker, text.encode()), "SCHEMA001")
    assert zh.message.startswith("/staff/0/hired 應為日期，目前是 ") and zh.message.endswith("；請寫成 2022-01-01 或 111/1/1")


@pytest.mark.parametrize("written, hint", [("70", "; write a share as a fraction: 0.7 for 70 %"),
                                           ("62.5", "; write a share as a fraction: 0.625 for 62.5 %"),
                                           ("150", "")])
def test_schema001_a_share_written_as_a_percentage_says_how_to_write_it(checker_en, written, hint):
    text = STAFF_PLAN.replace("plan_year: 111\n", f"plan_year: 111\ncentral_share: {written}\n")
    finding = one(check(checker_en, text.encode()), "SCHEMA001")
    assert finding.message == f"/central_share must be at most 1, found {written}{hint}"


def test_schema001_missing_required_field(checker_en):
    text = STAFF_PLAN.replace("    funding: 中央補助\n  - id: S2", "  - id: S2")
    finding = one(check(checker_en, text.encode()), "SCHEMA001")
    assert finding.pointer == "/staff/0" and (finding.line, finding.column) == (8, 5)
    assert finding.message == "/staff/0 is missing required field 'funding'"


def test_schema001_at_the_top_level_names_the_plan_and_the_field_in_words(checker, checker_en):
    """No lone "/" for the root; the zh message gives the field's zh label (the schema's ``title``)."""
    text = STAFF_PLAN.replace("county: 臺中市\n", "").replace("plan_year: 111\n", "plan_year: 111\nfinancial_tiers: 2\n")
    assert [(f.pointer, f.message) for f in check(checker, text.encode())] == [
        ("", "計畫檔缺少必填欄位 county（縣市）"),
        ("/financial_tiers", "計畫檔有不認得的欄位「financial_tiers」；是不是「financial_tier」（財力級次）？")]
    assert [f.message for f in check(checker_en, text.encode())] == [
        "the plan is missing required field 'county'",
        "the plan has unknown field 'financial_tiers'; did you mean 'financial_tier'?"]


def test_schema001_unknown_field_says_did_you_mean(checker, checker_en):
    text = STAFF_PLAN.replace("  - id: S2\n    team: T1\n    role: 社工員\n    funding: 中央補助",
                              "  - id: S2\n    team: T1\n    role: 社工員\n    fundng: 中央補助")
    findings = check(checker_en, text.encode())
    # one finding per problem: the unknown key and the then missing 'funding'
    assert [(f.rule, f.pointer, f.line) for f in findings] == [
        ("SCHEMA001", "/staff/1", 12), ("SCHEMA001", "/staff/1/fundng", 15)]
    assert findings[1].message == "/staff/1 has unknown field 'fundng'; did you mean 'funding'?"
    zh = check(checker, text.encode())[1].message
    assert "不認得的欄位「fundng」" in zh and "是不是「funding」" in zh


def test_schema001_bad_enum_lists_allowed_values(checker, checker_en):
    text = STAFF_PLAN.replace("    role: 社工員\n    funding: 中央補助\n  - id: S2", "    role: 社工師\n    funding: 中央補助\n  - id: S2")
    finding = one(check(checker, text.encode()), "SCHEMA001")
    assert finding.pointer == "/staff/0/role" and (finding.line, finding.column) == (10, 11)
    # every accepted word of each code (wording.yaml), never a guess
    assert "可用：社工員／社會工作人員／社會工作員／社工／保護性社工（social_worker）、" in finding.message
    assert "督導／社工督導（supervisor）" in finding.message and "（不會猜測）" in finding.message
    finding_en = one(check(checker_en, text.encode()), "SCHEMA001")
    assert finding_en.message.startswith('/staff/0/role: "社工師" is not an accepted word (no guess is made); '
                                         "accepted: social_worker (社工員, 社會工作人員, 社會工作員, 社工, 保護性社工), "
                                         "senior_social_worker (資深社工, 資深社會工作人員, 資深社工員)")


def test_schema001_one_finding_per_problem(checker_en):
    text = (STAFF_PLAN.replace("plan_year: 111", "plan_year: 111年")
            .replace("    role: 社工員\n    funding: 中央補助\n  - id: S2", "    role: 社工師\n    funding: 中央補助\n  - id: S2")
            + "    pay_points: -5\n    x-note: 可自由填寫\n")
    findings = check(checker_en, text.encode())
    assert [(f.rule, f.pointer, f.line) for f in findings] == [
        ("SCHEMA001", "/plan_year", 3), ("SCHEMA001", "/staff/0/role", 10), ("SCHEMA001", "/staff/1/pay_points", 16)]
    assert "greater than 0" in findings[2].message


def test_schema001_segment_ending_before_it_starts(checker_en):
    p = PlanText(teams=[{"id": "T1", "unit_type": "社福中心"}],
                 staff=[{"id": "S1", "team": "T1", "role": "資深社工", "funding": "中央補助",
                         "history": [{"from": "2017-01-01", "to": "2017-12-31", "budget": "ssn"},
                                     {"from": "110/1/1", "to": "109/12/31", "budget": "ssn"}]}])
    finding = one(check(checker_en, p.text.encode()), "SCHEMA001")
    assert finding.pointer == "/staff/0/history/1" and finding.line == p.line("/staff/0")
    assert finding.message == "/staff/0/history/1: 'to' (2020-12-31) is before 'from' (2021-01-01)"


def test_schema001_an_empty_list_field_says_how_to_write_none(checker, checker_en):
    text = STAFF_PLAN + "requests:\n"
    finding = one(check(checker_en, text.encode()), "SCHEMA001")
    assert (finding.pointer, finding.line) == ("/requests", 16)
    assert finding.message == "/requests has no value; write [] for no items, or remove the line"
    assert "請寫 []" in one(check(checker, text.encode()), "SCHEMA001").message


def test_top_level_must_be_a_mapping(checker):
    finding = one(check(checker, b"- a\n- b\n"), "SCHEMA001")
    assert finding.line == 1


def test_x_keys_are_free_for_the_countys_notes(checker):
    text = STAFF_PLAN.replace("plan_year: 111", "plan_year: 111\nx-contact: 社會局")
    text = text.replace("    unit_type: 社福中心", "    unit_type: 社福中心\n    x-note: 北區")
    assert check(checker, text.encode()) == []


# --------------------------------------------------------------------------- REF001


def test_ref001_dangling_team_and_rules_still_run(checker):
    p = PlanText(teams=[{"id": "T1", "unit_type": "社福中心"}],
                 staff=[{"id": "S1", "team": "T9", "role": "資深社工", "funding": "中央補助"}],
                 requests=[{"id": "R1", "team": "T8", "unit_type": "社福中心", "category": "其他",
                            "funding_source": "地方自籌", "amount": 1}])
    findings = check(checker, p.text.encode())
    assert [(f.rule, f.pointer, f.line) for f in findings] == [
        ("REF001", "/staff/0", p.line("/staff/0")), ("SEN002", "/staff/0", p.line("/staff/0")),
        ("REF001", "/requests/0", p.line("/requests/0"))]
    assert "T9" in findings[0].message and "T1" in findings[0].message


@pytest.mark.parametrize("list_name, items", [
    ("teams", [{"id": "T1", "unit_type": "社福中心"}, {"id": "T1", "unit_type": "家防中心"}]),
    ("staff", [{"id": "S1", "team": "T1", "role": "社工員", "funding": "地方自籌"},
               {"id": "S1", "team": "T1", "role": "社工員", "funding": "地方自籌"}]),
    ("requests", [{"id": "R1", "unit_type": "社福中心", "category": "其他", "funding_source": "地方自籌", "amount": 1},
                  {"id": "R1", "unit_type": "社福中心", "category": "其他", "funding_source": "地方自籌", "amount": 2}]),
])
def test_ref001_duplicate_id_points_at_the_second(checker, list_name, items):
    p = PlanText(teams=[{"id": "T1", "unit_type": "社福中心"}])
    setattr(p, list_name, items)
    finding = one(check(checker, p.text.encode()), "REF001")
    assert finding.pointer == f"/{list_name}/1" and finding.line == p.line(f"/{list_name}/1")
    assert f"/{list_name}/0" in finding.message


def test_ref001_duplicate_team_ids_hold_the_rules_back(checker):
    """Two teams named T1: a rule would count both teams' staff for each (SUP001 twice, wrongly)."""
    workers = [{"id": f"W{i}", "team": "T1", "role": "社工員", "funding": "中央補助"} for i in range(7)]
    supervisors = [{"id": f"S{i}", "team": "T1", "role": "督導", "funding": "中央補助"} for i in range(2)]
    p = PlanText(teams=[{"id": "T1", "unit_type": "社福中心"}, {"id": "T1", "unit_type": "家防中心"}],
                 staff=workers + supervisors)
    assert [(f.rule, f.pointer) for f in check(checker, p.text.encode())] == [("REF001", "/teams/1")]
    p.teams = [{"id": "T1", "unit_type": "社福中心"}]  # ids fixed: the rules run again
    assert [(f.rule, f.pointer) for f in check(checker, p.text.encode())] == [("SUP001", "/teams/0")]
    p.staff = workers + supervisors + [dict(workers[0])]  # a duplicate *staff* id does not hold them back
    assert sorted((f.rule, f.pointer) for f in check(checker, p.text.encode())) == [
        ("REF001", "/staff/9"), ("SUP001", "/teams/0")]


# --------------------------------------------------------------------------- PACK001


@pytest.mark.parametrize("year", [109, 107])
def test_pack001_for_years_no_pack_covers(checker, checker_en, year):
    p = PlanText(plan_year=year, teams=[{"id": "T1", "unit_type": "社福中心"}],
                 staff=[{"id": "S1", "team": "T1", "role": "資深社工", "funding": "中央補助"}])
    finding = one(check(checker, p.text.encode()), "PACK001")  # and no rule ran (no SEN002)
    assert finding.pointer == "/plan_year" and (finding.line, finding.column) == (3, 12)
    assert f"計畫年度 {year}" in finding.message and "ssn-phase2（110–114）、ssn-2.0（115–119）" in finding.message
    finding_en = one(check(checker_en, p.text.encode()), "PACK001")
    assert finding_en.message == (f"plan year {year} is not covered by any loaded rule pack; "
                                  "loaded: ssn-phase2 (110–114), ssn-2.0 (115–119)")  # no earlier pack to apply


def test_pack001_after_the_last_pack_says_how_to_apply_one_by_choice(checker, checker_en):
    p = PlanText(plan_year=120)
    assert one(check(checker_en, p.text.encode()), "PACK001").message == (
        "plan year 120 is not covered by any loaded rule pack; loaded: ssn-phase2 (110–114), ssn-2.0 (115–119); "
        "to check it against the 2.0 standards (115–119) by choice, set apply_packs: {ssn-2.0: {plan_years: {to: 120}}} "
        "in .sncheck.yaml (or --apply-pack ssn-2.0:120-120)")
    assert one(check(checker, p.text.encode()), "PACK001").message == (
        "計畫年度 120 不在任何已載入規則包的適用年度內；已載入：ssn-phase2（110–114）、ssn-2.0（115–119）；"
        "可在 .sncheck.yaml 設定 apply_packs: {ssn-2.0: {plan_years: {to: 120}}}（或 --apply-pack ssn-2.0:120-120），"
        "選擇依2.0標準（115–119）檢核")


@pytest.mark.parametrize("year, hint", [(2022, "; plan years are ROC years: write 111 for 2022"),
                                        (2025, "; plan years are ROC years: write 114 for 2025"),
                                        (2026, "; plan years are ROC years: write 115 for 2026"),
                                        (2031, ""), (1911, "")])  # 120 and 0: no pack covers those either
def test_pack001_a_gregorian_year_says_which_roc_year_it_is(checker_en, year, hint):
    finding = one(check(checker_en, PlanText(plan_year=year).text.encode()), "PACK001")
    assert finding.message == (f"plan year {year} is not covered by any loaded rule pack; "
                               f"loaded: ssn-phase2 (110–114), ssn-2.0 (115–119){hint}")


@pytest.mark.parametrize("year", [110, 114])
def test_pack_covers_110_to_114(checker, year):
    assert check(checker, PlanText(plan_year=year).text.encode()) == []


def test_plan_year_below_107_is_a_schema_problem(checker):
    finding = one(check(checker, PlanText(plan_year=106).text.encode()), "SCHEMA001")
    assert finding.pointer == "/plan_year"
