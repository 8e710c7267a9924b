"""sncheck-ignore: a justified exception stops failing but stays visible, with its reason."""

from __future__ import annotations

import json

import yaml
from cli_run import CLEAN_PLAN, EXCESS_PLAN, sncheck, write
from conftest import check_text

from sncheck.model.findings import Finding, Severity
from sncheck.engine.suppressions import apply_suppressions, owner_pointer

SUPPRESSED = EXCESS_PLAN.replace("    program: vulnerable_family\n",
                                 "    program: vulnerable_family\n    sncheck-ignore: {SUP001: 督導由民間單位支援}\n")


def test_suppressed_finding_is_kept_with_reason_and_does_not_fail(tmp_path):
    plan = write(tmp_path / "plan.yaml", SUPPRESSED)
    run = sncheck(["check", str(plan), "--format", "json"])
    assert run.exit_code == 0
    doc = run.json()
    (finding,) = doc["files"][0]["findings"]
    assert finding["rule"] == "SUP001" and finding["suppressed"] == "督導由民間單位支援"
    assert doc["summary"] == {"files": 1, "errors": 0, "warnings": 0, "infos": 0, "suppressed": 1}


def test_text_hides_suppressed_unless_asked(tmp_path):
    plan = write(tmp_path / "plan.yaml", SUPPRESSED)
    hidden = sncheck(["check", str(plan)])
    assert "SUP001" not in hidden.stdout and "1 個已豁免" in hidden.stdout
    shown = sncheck(["check", str(plan), "--show-suppressed"])
    assert f"{plan}:6:5: SUP001 error" in shown.stdout
    assert "已豁免: 督導由民間單位支援" in shown.stdout
    assert shown.exit_code == 0


def test_suppression_survives_json(checker):
    as_json = json.dumps(yaml.safe_load(SUPPRESSED), ensure_ascii=False)
    (finding,) = check_text(checker, as_json, "plan.json")
    assert (finding.rule, finding.suppressed) == ("SUP001", "督導由民間單位支援")


def test_suppression_on_another_item_does_not_apply(checker):
    text = EXCESS_PLAN.replace("  - {id: S2, team: T1, role: supervisor, funding: central}",
                               "  - {id: S2, team: T1, role: supervisor, funding: central, "
                               "sncheck-ignore: {SUP001: 不是這一項}}")
    (finding,) = check_text(checker, text)
    assert finding.rule == "SUP001" and finding.suppressed is None


def test_staff_suppression_covers_findings_on_that_staff_member(checker):
    text = (CLEAN_PLAN.replace("program: vulnerable_family", "program: disability_needs_assessment_quality")
            .replace("{id: S1, team: T1, role: supervisor, funding: central}",
                     "{id: S1, team: T1, role: supervisor, funding: central, sncheck-ignore: {SUP003: 過渡期}}"))
    (finding,) = check_text(checker, text)
    assert (finding.rule, finding.pointer, finding.suppressed) == ("SUP003", "/staff/7", "過渡期")


def test_empty_reason_is_an_error_and_does_not_suppress(tmp_path):
    plan = write(tmp_path / "plan.yaml", SUPPRESSED.replace("督導由民間單位支援", '"  "'))
    run = sncheck(["check", str(plan), "--format", "json"])
    assert run.exit_code == 1
    findings = run.json()["files"][0]["findings"]
    assert [(f["rule"], f["severity"], f["pointer"], f["line"]) for f in findings] == [
        ("SUP001", "error", "/teams/0", 6),
        ("IGN001", "error", "/teams/0/sncheck-ignore/SUP001", 9),
    ]
    assert "suppressed" not in findings[0]


def test_unknown_rule_in_suppression_is_a_warning(checker):
    text = SUPPRESSED.replace("{SUP001: 督導由民間單位支援}", "{SUP001: 督導由民間單位支援, SUP999: 打錯了}")
    findings = check_text(checker, text)
    assert [(f.rule, f.severity.value, f.pointer, f.suppressed) for f in findings] == [
        ("SUP001", "error", "/teams/0", "督導由民間單位支援"),
        ("IGN002", "warning", "/teams/0/sncheck-ignore/SUP999", None),
    ]


def test_owner_of_a_pointer():
    assert owner_pointer("/staff/3/history/0") == "/staff/3"
    assert owner_pointer("/teams/1") == "/teams/1"
    assert owner_pointer("/central_share") == ""
    assert owner_pointer("") == ""


def test_root_suppression_covers_root_findings_only():
    def make(rule, pointer, line, column, zh, en):  # the Checker's finding factory, simplified
        return Finding(rule.id, rule.severity, pointer, zh, line=line, column=column)

    data = {"sncheck-ignore": {"FUND001": "中央核定比率另案辦理"}, "staff": [{"id": "A"}]}
    findings = [Finding("FUND001", Severity.ERROR, "/central_share", "m"),
                Finding("FUND001", Severity.ERROR, "/staff/0", "m")]
    out = apply_suppressions(findings, data, {"FUND001"}, lambda p: (1, 1), make)
    assert [(f.pointer, f.suppressed) for f in out] == [("/central_share", "中央核定比率另案辦理"), ("/staff/0", None)]
