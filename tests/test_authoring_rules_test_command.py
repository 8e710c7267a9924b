"""`sncheck rules test`: the shipped fixtures pass, every rule has one, and mismatches are all reported."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from sncheck.engine.checker import Checker, Options
from sncheck.cli import main
from sncheck.commands.common import expand_paths
from sncheck.authoring.rule_fixtures import expected_rules

FIXTURES = Path(__file__).parent / "rule_fixtures"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["rules", "test", *args])
    return result.exit_code, result.output


def test_shipped_fixtures_all_pass():
    code, out = run(str(FIXTURES))
    assert code == 0, out
    count = len(list(expand_paths([FIXTURES], fixtures=True)))
    assert out.strip().splitlines()[-1] == f"{count} fixtures: {count} passed, 0 failed"


def test_every_shipped_rule_has_a_fixture_that_expects_it():
    checker = Checker(Options(load_entry_points=False))
    shipped = {rule.id for rule in checker.all_rules()}
    covered = expected_rules(path for path, _ in expand_paths([FIXTURES], fixtures=True))
    assert shipped - covered == set()
    assert {"CASE001", "CASE002", "HIRE001", "QUAL001", "TRAIN001", "RECR001", "FUND001", "FUND002"} <= shipped


def test_every_mismatch_is_reported_not_just_the_first(tmp_path):
    (tmp_path / "wrong.yaml").write_text(
        "format: sncheck/plan@1\ncounty: 臺中市\nplan_year: 111\ncentral_share: 0.4\n"
        "x-expect:\n  - {rule: CASE001, pointer: /teams/0}\n  - QUAL001 /staff/0\n"
        "teams:\n  - {id: T1, unit_type: social_welfare_center, program: vulnerable_family}\n"
        "staff:\n  - {id: M1, team: T1, role: mental_health_social_worker, funding: county, profession: psychology}\n",
        encoding="utf-8")
    (tmp_path / "right.json").write_text(
        '{"format": "sncheck/plan@1", "county": "臺中市", "plan_year": 111, "x-expect": [],'
        ' "teams": [], "staff": []}', encoding="utf-8")
    code, out = run(str(tmp_path), "--lang", "en")
    assert code == 1
    path = tmp_path / "wrong.yaml"
    lines = out.strip().splitlines()
    assert lines[0] == f"{path}:4: unexpected FUND001 at /central_share: " \
                       "臺中市 declares a central share of 40 % for 111; the share table gives 70 %"
    assert lines[1] == f"{path}:6: missing CASE001 at /teams/0"
    assert lines[2:] == ["2 fixtures: 1 passed, 1 failed"]


def test_select_limits_the_rules_and_a_json_fixture_with_short_form(tmp_path):
    (tmp_path / "hire.json").write_text(
        '{"format": "sncheck/plan@1", "county": "臺中市", "plan_year": 111, "central_share": 0.1,'
        ' "x-expect": ["HIRE001"],'
        ' "teams": [{"id": "T1", "unit_type": "other", "budgeted_positions": 2}], "staff": []}', encoding="utf-8")
    assert run(str(tmp_path), "--select", "HIRE")[0] == 0
    code, out = run(str(tmp_path))
    assert code == 1 and "unexpected FUND001 at /central_share" in out


def test_a_patch_that_does_not_remove_its_finding_is_a_mismatch(tmp_path):
    from sncheck.api import Check, Violation, hookimpl, replace_op

    class BadFixPlugin:
        @hookimpl
        def sncheck_checks(self):
            def always(ctx):
                yield Violation("/county", {}, patch=(replace_op("/county", "臺北市"),))
            return [Check("test.always", always)]

    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "pack.yaml").write_text("id: t\ntitle: {zh: t, en: t}\nplan_years: {from: 110, to: 114}\n", encoding="utf-8")
    (pack / "r.yaml").write_text(
        "rules:\n  - {id: TST001, family: t, check: test.always, severity: error,"
        " title: {zh: t, en: t}, message: {zh: m, en: m}, sources: [{document: x, quote: q}]}\n", encoding="utf-8")
    plan = tmp_path / "p.yaml"
    plan.write_text("format: sncheck/plan@1\ncounty: 臺中市\nplan_year: 111\nx-expect: [TST001 /county]\n"
                    "teams: []\nstaff: []\n", encoding="utf-8")
    from sncheck.authoring.rule_fixtures import run_fixture

    checker = Checker(Options(load_entry_points=False, rule_dirs=(pack,), extra_plugins=(BadFixPlugin(),),
                              select=("TST",)))
    result = run_fixture(checker, plan)
    assert [m.text for m in result.mismatches] == [
        "TST001 at /county: applying its patch does not remove the finding"]


def test_missing_annotation_and_bad_entries_are_reported(tmp_path):
    (tmp_path / "a.yaml").write_text("format: sncheck/plan@1\ncounty: 臺中市\nplan_year: 111\nteams: []\nstaff: []\n",
                                     encoding="utf-8")
    (tmp_path / "b.yaml").write_text("format: sncheck/plan@1\ncounty: 臺中市\nplan_year: 111\n"
                                     "x-expect: [{rule: SUP001, where: /teams/0}]\nteams: []\nstaff: []\n",
                                     encoding="utf-8")
    code, out = run(str(tmp_path))
    assert code == 1
    assert f"{tmp_path / 'a.yaml'}:1: no top-level x-expect list" in out
    assert f"{tmp_path / 'b.yaml'}:4: x-expect[0]: write {{rule: ID, pointer: /json/pointer}}" in out
    assert out.strip().endswith("2 fixtures: 0 passed, 2 failed")


def test_nothing_to_run_is_a_usage_error(tmp_path):
    code, out = run(str(tmp_path))
    assert code == 2 and "no fixture plans" in out
    code, out = run(str(tmp_path / "nope"))
    assert code == 2 and "no such file or folder" in out


def test_a_broken_fixture_is_reported_with_its_line_and_the_others_still_run(tmp_path):
    (tmp_path / "broken.yaml").write_text("format: sncheck/plan@1\ncounty: [臺中市\nx-expect: []\n", encoding="utf-8")
    (tmp_path / "good.yaml").write_text("format: sncheck/plan@1\ncounty: 臺中市\nplan_year: 111\nx-expect: []\n"
                                        "teams: []\nstaff: []\n", encoding="utf-8")
    code, out = run(str(tmp_path))
    assert code == 1
    lines = out.strip().splitlines()
    assert lines[0].startswith(f"{tmp_path / 'broken.yaml'}:3: not a readable plan: ")
    assert lines[-1] == "2 fixtures: 1 passed, 1 failed"


def test_input_rules_can_be_expected_too(tmp_path):
    (tmp_path / "schema.yaml").write_text("format: sncheck/plan@1\ncounty: 臺中市\nplan_year: 111\n"
                                          "x-expect: [SCHEMA001 /teams/0/unit_type]\n"
                                          "teams: [{id: T1, unit_type: nowhere}]\nstaff: []\n", encoding="utf-8")
    assert run(str(tmp_path)) == (0, "1 fixture: 1 passed, 0 failed\n")


def test_the_authoring_guide_examples_load_and_produce_what_they_say(tmp_path):
    """docs/authoring-rules.md: its pack, rules and fixture are real (kept honest by this test)."""
    import re
    import textwrap

    guide = (Path(__file__).resolve().parent.parent / "docs" / "authoring-rules.md").read_text(encoding="utf-8")
    pack_yaml, case_rule, sup_rule, fixture = re.findall(r"```yaml\n(.*?)```", guide, re.S)[:4]
    pack = tmp_path / "my-rules"
    (pack / "tests").mkdir(parents=True)
    (pack / "pack.yaml").write_text(pack_yaml, encoding="utf-8")
    (pack / "caseload.yaml").write_text(case_rule, encoding="utf-8")
    (pack / "sup.yaml").write_text("rules:\n" + textwrap.indent(textwrap.dedent(sup_rule), "  "), encoding="utf-8")
    (pack / "tests" / "fixture.yaml").write_text(fixture, encoding="utf-8")
    (pack / "tests" / "mine.yaml").write_text(
        "format: sncheck/plan@1\ncounty: 臺南市\nplan_year: 112\nx-expect: [XCASE001 /teams/0, XSUP001 /teams/0]\n"
        "teams: [{id: T1, unit_type: social_welfare_center, program: vulnerable_family, open_cases: 26}]\nstaff:\n"
        "  - {id: W, team: T1, role: social_worker, funding: central}\n"
        + "".join(f"  - {{id: A{i}, team: T1, role: assistant, funding: county}}\n" for i in range(10)),
        encoding="utf-8")
    code, out = run(str(pack / "tests"), "--rules", str(pack))
    assert (code, out) == (0, "2 fixtures: 2 passed, 0 failed\n")


def test_a_batch_folder_is_one_run_for_cross_plan_rules(tmp_path):
    # FUND003 needs several plans: the plans of a `*.batch` folder are checked together; the same
    # files in an ordinary folder are each a run of their own, where FUND003 cannot fire.
    plans = {c: ("format: sncheck/plan@1\ncounty: " + c + "\nplan_year: 112\nprevious_evaluation: excellent\n"
                 "x-expect: [FUND003 /previous_evaluation]\nteams: []\nstaff: []\n")
             for c in ["臺北市", "新北市", "桃園市"]}
    for folder in ("three.batch", "apart"):
        for county, text in plans.items():
            (tmp_path / folder).mkdir(exist_ok=True)
            (tmp_path / folder / f"{county}.yaml").write_text(text, encoding="utf-8")
    assert run(str(tmp_path / "three.batch")) == (0, "3 fixtures: 3 passed, 0 failed\n")
    code, out = run(str(tmp_path / "apart"))
    assert code == 1
    assert out.splitlines() == [f"{tmp_path / 'apart' / c}.yaml:5: missing FUND003 at /previous_evaluation"
                                for c in sorted(plans)] + ["3 fixtures: 0 passed, 3 failed"]
    assert run(str(tmp_path / "three.batch"), "--ignore", "FUND003")[0] == 1
