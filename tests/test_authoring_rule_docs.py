"""Rule documentation is data in the rule files: its examples are run, docs/rules.md is generated from it."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_run import sncheck, write
from conftest import check_text

from sncheck.engine.checker import Checker, Options
from sncheck.engine.cross_plan import check_together
from sncheck.authoring.rule_docs import render_catalogue
from sncheck.packs.rulepacks import RuleFileError, load_pack

ROOT = Path(__file__).resolve().parent.parent

_CHECKER = Checker(Options(load_entry_points=False))
ALL_RULES = _CHECKER.all_rules()
WITH_EXAMPLES = [r for r in ALL_RULES if "example_fail" in r.doc]


def test_every_shipped_rule_has_examples():
    # Every rule, not a list of families: a new rule cannot ship without its fail/pass examples.
    assert ALL_RULES, "no rules loaded"
    assert [r.id for r in ALL_RULES if "example_fail" not in r.doc] == []


@pytest.mark.parametrize("rule", [r for r in WITH_EXAMPLES if isinstance(r.doc["example_fail"], str)],
                         ids=lambda r: r.id)
def test_fail_example_produces_only_the_rule_and_pass_example_nothing(checker, rule):
    # Exactly this rule (no other rule muddying the example) and a fixed version with no findings at all,
    # except the PACK002 note of a pack that holds only part of its period's rules (ssn-2.0).
    # (A cross-plan rule's examples are batches: test_batch_examples_of_cross_plan_rules.)
    pack = next(p for p in _CHECKER.packs if rule in p.rules)
    note = {"PACK002"} if pack.partial else set()
    failing = check_text(checker, rule.doc["example_fail"])
    assert {f.rule for f in failing if f.suppressed is None} == {rule.id} | note, failing
    assert [f.rule for f in check_text(checker, rule.doc["example_pass"])] == sorted(note)


BATCH_EXAMPLES = [r for r in WITH_EXAMPLES if not isinstance(r.doc["example_fail"], str)]


def _together(checker, plans):
    return check_together(checker, [(f"example-{i}.yaml", text.encode("utf-8")) for i, text in enumerate(plans)])


@pytest.mark.parametrize("rule", BATCH_EXAMPLES, ids=lambda r: r.id)
def test_batch_examples_of_cross_plan_rules(checker, rule):
    # A cross-plan rule's example is the plans of one run: checked together, every plan that fails has
    # this rule and nothing else, and the fixed batch has no findings at all; checked one by one (as
    # `sncheck check` does) the failing plans produce nothing: the rule only exists across plans.
    assert rule.cross_plan
    failing = _together(checker, rule.doc["example_fail"])
    assert {f.rule for r in failing for f in r.findings} == {rule.id}
    assert all(r.findings for r in failing), [r.path for r in failing if not r.findings]
    assert [r.findings for r in _together(checker, rule.doc["example_pass"])] == [[]] * len(rule.doc["example_pass"])
    assert [check_text(checker, plan) for plan in rule.doc["example_fail"]] == [[]] * len(rule.doc["example_fail"])


def test_fund003_example_is_three_municipalities():
    rule = next(r for r in ALL_RULES if r.id == "FUND003")
    assert BATCH_EXAMPLES and rule in BATCH_EXAMPLES
    out = sncheck(["rules", "show", "FUND003"]).stdout
    assert out.count("previous_evaluation: 優良") == 3 + 2 and "\n    ---\n" in out
    assert "sncheck check 即使一次檢查多個檔案也不執行" in out


def test_docs_rules_md_is_in_sync_with_the_rule_files():
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == render_catalogue(_CHECKER.packs), "regenerate: sncheck rules docs -o docs/rules.md"


def test_rules_show_prints_what_why_examples_and_parameters():
    run = sncheck(["rules", "show", "sup001"])
    assert run.exit_code == 0
    out = run.stdout
    assert out.startswith("SUP001 — 中央補助督導人數超過督導比")
    assert "[002] 臺中市強化社會安全網第二期計畫草案簡報（110年9月16日）" in out
    assert "「依社安網二期計畫處理原則所訂社工督導設置基準：每7名社工設督導1名」" in out
    rule = next(r for r in ALL_RULES if r.id == "SUP001")
    assert rule.doc["example_fail"].splitlines()[-1] in out and rule.doc["example_pass"].splitlines()[-1] in out
    sen = sncheck(["rules", "show", "SEN001"]).stdout
    assert "差一天滿4年也算滿4年：2018-01-02 至 2021-12-31 為 47 個月又 30 天" in sen  # RULES.md: docs must say so
    sen_en = sncheck(["rules", "show", "SEN001", "--lang", "en"]).stdout
    assert "2018-01-02..2021-12-31 is 47 months and 30 days, the 30 days make a month, 48 months = 4 years" in sen_en
    assert "2019-01-02 至 2021-12-31 為 35 個月又 30 天，折為 36 個月＝3年" in sncheck(["rules", "show", "PAY001"]).stdout
    assert out.index("不符合的例子") < out.index("修正後") < out.index("參數")
    assert "workers_per_supervisor = 7  (integer >= 1；預設 7)" in out
    en = sncheck(["rules", "show", "SEN001", "--lang", "en"]).stdout
    assert "What it checks" in en and "Example that fails" in en and "years = 4" in en


def test_rules_show_lists_the_rules_own_parameters_first_and_suggests_the_number_to_change():
    out = sncheck(["rules", "show", "CASE001"]).stdout
    params = out[out.index("參數"):].splitlines()[1:]
    assert [p.split(" = ")[0].strip() for p in params[:-1]] == [
        "programs", "demand", "supply", "per", "rounding", "variant_by_program"]
    assert 'demand = {"open_cases": true}  (object)' in out
    assert params[-1] == "  可在 .sncheck.yaml 調整：params: {CASE001: {per: ...}}"
    assert "說明\n  只檢查「保護服務」組別" in out
    assert "\n\n\n" not in out
    assert "min_rate = 0.85  (number > 0 <= 1)" in sncheck(["rules", "show", "HIRE001"]).stdout


def test_rules_show_input_rule_and_unknown_rule():
    assert "IGN001 — 豁免（sncheck-ignore）未寫理由" in sncheck(["rules", "show", "IGN001"]).stdout
    run = sncheck(["rules", "show", "SUP999"])
    assert run.exit_code == 2 and "SUP999" in run.stderr and "SUP001" in run.stderr


@pytest.mark.parametrize("doc, problem", [
    ("{example_fail: x}", "example_pass"),
    ("{example_fail: x, example_pass: y, exampel: z}", "exampel"),
    ("{example_fail: '', example_pass: y}", "example_fail"),
])
def test_doc_structure_is_validated(tmp_path, doc, problem):
    write(tmp_path / "pack.yaml", "id: t\ntitle: {zh: 測試, en: test}\nplan_years: {from: 110, to: 114}\n")
    write(tmp_path / "r.yaml", f"""\
rules:
  - id: TST001
    family: test
    check: supervisor.shortfall
    severity: warning
    title: {{zh: 測試, en: test}}
    message: {{zh: 測試, en: test}}
    sources: [{{document: x, quote: y}}]
    doc: {doc}
""")
    with pytest.raises(RuleFileError) as err:
        load_pack(tmp_path, _CHECKER.checks)
    assert str(tmp_path / "r.yaml") in str(err.value) and problem in str(err.value)


def test_rules_show_uses_the_project_config(tmp_path):
    write(tmp_path / ".sncheck.yaml", "severity: {SUP001: warning}\nparams:\n  SUP001: {workers_per_supervisor: 6}\n")
    out = sncheck(["rules", "show", "SUP001"], cwd=tmp_path).stdout
    assert "嚴重度：warning" in out and "workers_per_supervisor = 6  (integer >= 1；預設 7)" in out
