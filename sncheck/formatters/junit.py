"""JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure DevOps).

One ``<testsuite>`` per file, one ``<testcase>`` per file × rule (every
selected rule, so a passing rule shows as a passing test). An error finding
is a ``<failure>`` (all of that rule's errors in one, each line
``line:column pointer message``); warnings, infos and suppressed findings do not
fail the test and are listed in its ``<system-out>``. When a file could not be
read or validated (PARSE001, SCHEMA001, PACK001) the pack rules did not run:
their testcases are ``<skipped>``; so are those of the rules that did not run on a readable plan (a pack
of another period: phase 2's SUP001 on a 115 plan; FUND003, which only ``sncheck batch`` runs), which
would otherwise show as passed. A rule that could not run on a readable plan (a column it needs is missing)
or ran only in part (some teams or people unreadable) is ``<skipped>`` too, its message saying what was not
checked (``FileResult.coverage``), unless it found errors.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict

from sncheck.model.findings import Finding, Severity
from sncheck.formatters.base import Report, sheet_cell, xml_safe

BLOCKING = frozenset({"PARSE001", "SCHEMA001", "PACK001"})
NOT_PACK_FAMILIES = frozenset({"input", "internal", "suppression"})
# a rule of a pack that does not check the plan's year (a 115 plan and phase 2), or one only a batch runs
NOT_RUN = {"zh": "此計畫未執行：其規則包不檢核這個計畫年度，或只在 sncheck batch 執行",
           "en": "not run on this plan: its pack does not check this plan year, or only sncheck batch runs it"}


def _line(f: Finding) -> str:
    where = sheet_cell(f) or f"{f.line or 1}:{f.column or 1}"  # 人員名冊!B2 for a workbook row
    text = f"{where} {f.pointer or '/'} {f.message}"
    if f.suppressed is not None:
        text += f" [suppressed: {f.suppressed}]"
    return text


def _place(f: Finding) -> str:
    cell = sheet_cell(f)
    return f"{cell}: " if cell else ""


def render_junit(report: Report) -> str:
    root = ET.Element("testsuites", name="sncheck")
    zh = report.lang == "zh"
    totals: defaultdict[str, int] = defaultdict(int)
    for result in report.files:
        by_rule: dict[str, list[Finding]] = defaultdict(list)
        for finding in result.findings:
            by_rule[finding.rule].append(finding)
        blocked = sorted(set(by_rule) & BLOCKING)
        unchecked = {rule.rule: rule for rule in result.coverage.incomplete} if result.coverage else {}
        rule_ids = sorted(set(report.rules) | set(by_rule))
        suite = ET.SubElement(root, "testsuite", name=result.path, file=result.path)  # junit-10.xsd: file is a suite's
        counts: defaultdict[str, int] = defaultdict(int)
        for rule_id in rule_ids:
            info = report.rules.get(rule_id)
            case = ET.SubElement(suite, "testcase", name=rule_id, classname=result.path)
            counts["tests"] += 1
            found = by_rule.get(rule_id, [])
            errors = [f for f in found if f.severity is Severity.ERROR and f.suppressed is None]
            others = [f for f in found if f not in errors]
            if errors:
                failure = ET.SubElement(case, "failure", type=rule_id,
                                        message=(f"{len(errors)} 個錯誤：" if zh else f"{len(errors)} error(s): ")
                                        + f"{_place(errors[0])}{errors[0].message}")
                failure.text = "\n".join(_line(f) for f in errors)
                counts["failures"] += 1
            elif rule_id in unchecked:  # could not run, or ran in part: not a pass (issue 21)
                ET.SubElement(case, "skipped", message=unchecked[rule_id].message)
                counts["skipped"] += 1
            elif not found and blocked and info is not None and info.family not in NOT_PACK_FAMILIES:
                ET.SubElement(case, "skipped", message=(f"規則未執行：{'、'.join(blocked)}" if zh
                                                        else f"rules did not run: {', '.join(blocked)}"))
                counts["skipped"] += 1
            elif not found and result.rules_run is not None and rule_id not in result.rules_run \
                    and info is not None and info.family not in NOT_PACK_FAMILIES:
                ET.SubElement(case, "skipped", message=NOT_RUN["zh" if zh else "en"])
                counts["skipped"] += 1
            if others:
                ET.SubElement(case, "system-out").text = "\n".join(
                    f"{f.severity.value} {_line(f)}" for f in others)
        suite.set("tests", str(counts["tests"]))
        suite.set("failures", str(counts["failures"]))
        suite.set("errors", "0")
        suite.set("skipped", str(counts["skipped"]))
        for key in ("tests", "failures"):
            totals[key] += counts[key]
    root.set("tests", str(totals["tests"]))
    root.set("failures", str(totals["failures"]))
    root.set("errors", "0")  # no total of skipped here: junit-10.xsd allows it on each <testsuite> only
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + xml_safe(ET.tostring(root, encoding="unicode")) + "\n"
