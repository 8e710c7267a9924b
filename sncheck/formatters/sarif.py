"""SARIF 2.1.0, for code-scanning tools (GitHub code scanning, Azure DevOps, IDE SARIF viewers).

Every loaded rule is listed in ``tool.driver.rules`` with its title, help
(the fix and the zh-TW source sentence with its document) and default level.
Each finding is a result with ``ruleId``, ``level``, the message, the file
and the 1-based line/column of the pointed item (``columnKind``
``unicodeCodePoints``: columns count characters, as sncheck's do). The JSON
Pointer is the result's logical location. Suppressed findings are results
with a ``suppressions`` entry whose justification is the plan's reason.

Fixes: SARIF ``fixes`` are text replacements (deleted region + inserted
text); sncheck's fixes are RFC 6902 patches on the plan's data, so they are
carried in ``properties.fix`` (description, patch, applicability) rather
than as SARIF ``fixes``; ``sncheck fix`` applies them.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from sncheck import DISTRIBUTION, PROJECT_URL
from sncheck.model.findings import Finding
from sncheck.formatters.base import Report, RuleInfo, sheet_cell

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def artifact_uri(path: str) -> str:
    """A URI reference for a path: relative paths stay relative, absolute ones become file: URIs."""
    pure = PurePath(path)
    if pure.is_absolute():
        from pathlib import Path

        return Path(path).as_uri()
    return quote(pure.as_posix())


def _rule(info: RuleInfo) -> dict[str, Any]:
    help_lines = [info.title]
    if info.help:
        help_lines.append(f"Fix: {info.help}")
    if info.quote:
        help_lines.append(f"Source: {info.source}「{info.quote}」")
    rule: dict[str, Any] = {
        "id": info.id,
        "shortDescription": {"text": info.title},
        "fullDescription": {"text": info.title},
        "help": {"text": "\n".join(help_lines), "markdown": "\n\n".join(help_lines)},
        "defaultConfiguration": {"level": LEVELS[info.severity]},
        "properties": {"family": info.family, "tags": [info.family]},
    }
    if info.quote:
        rule["properties"].update({"source": info.source, "quote": info.quote})
    return rule


def fingerprint(path: str, finding: Finding) -> str:
    """What the finding is about, not where it is: the rule, the file and the item by id
    (``extra["subject"]``, ``staff:S-004/role``; the JSON Pointer when no id is known). Code scanning then
    keeps a finding's history when a person is inserted above it, and tells two files' findings apart."""
    subject = str(finding.extra.get("subject") or finding.pointer)
    return hashlib.sha256(f"{finding.rule}\0{PurePath(path).as_posix()}\0{subject}".encode()).hexdigest()[:32]


def _result(path: str, finding: Finding, rule_index: dict[str, int]) -> dict[str, Any]:
    path = str(finding.extra.get("file") or path)  # a roster set's side file (teams.csv) when the finding is in it
    location: dict[str, Any] = {"physicalLocation": {"artifactLocation": {"uri": artifact_uri(path)}}}
    cell = sheet_cell(finding)
    if finding.line:
        region: dict[str, Any] = {"startLine": finding.line, "startColumn": finding.column or 1}
        if cell:  # a workbook row: startLine is the row number of one sheet; say which (人員名冊!B2)
            region["message"] = {"text": cell}
        location["physicalLocation"]["region"] = region
    location["logicalLocations"] = [{"fullyQualifiedName": finding.pointer or "/", "kind": "object"}]
    if cell:
        sheet = str(finding.extra["sheet"])
        location["logicalLocations"].insert(0, {"name": sheet, "fullyQualifiedName": cell, "kind": "sheet"})
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "level": LEVELS[finding.severity.value],
        "message": {"text": finding.message},
        "locations": [location],
        "partialFingerprints": {"sncheckItem/v1": fingerprint(path, finding)},
    }
    if finding.rule in rule_index:
        result["ruleIndex"] = rule_index[finding.rule]
    properties: dict[str, Any] = {"pointer": finding.pointer}
    if finding.fix is not None:
        properties["fix"] = finding.fix.to_dict()
    if finding.source is not None:
        properties["source"] = finding.source.to_dict()
    if "applied_by_choice" in finding.extra:  # a pack applied beyond its years (sncheck/packs/pack_use.py)
        properties["appliedByChoice"] = finding.extra["applied_by_choice"]
    if "rule_status" in finding.extra:
        properties["ruleStatus"] = finding.extra["rule_status"]
    result["properties"] = properties
    if finding.suppressed is not None:
        result["suppressions"] = [{"kind": "inSource", "status": "accepted", "justification": finding.suppressed}]
    return result


def sarif_log(report: Report) -> dict[str, Any]:
    infos = dict(report.rules)
    for result in report.files:  # a finding whose rule the report does not describe still gets an entry
        for finding in result.findings:
            infos.setdefault(finding.rule, RuleInfo(finding.rule, finding.family or "", finding.severity.value,
                                                    finding.rule))
    ordered = sorted(infos.values(), key=lambda i: i.id)
    rule_index = {info.id: index for index, info in enumerate(ordered)}
    results = [_result(r.path, f, rule_index) for r in report.files for f in r.findings]
    driver: dict[str, Any] = {"name": "sncheck", "fullName": f"sncheck ({DISTRIBUTION})",
                              "version": report.tool_version or "0"}
    if PROJECT_URL:  # no public home yet: no URI at all rather than PyPI's "sncheck", which is another project
        driver["informationUri"] = PROJECT_URL
    driver["rules"] = [_rule(info) for info in ordered]
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": driver},
            "language": "zh-TW" if report.lang == "zh" else "en",
            "columnKind": "unicodeCodePoints",
            "artifacts": [{"location": {"uri": artifact_uri(r.path)}} for r in report.files],
            "invocations": [_invocation(report)],
            "results": results,
        }],
    }


def _invocation(report: Report) -> dict[str, Any]:
    """A run with usage errors (a file not found, a broken plugin; exit 2) did not succeed: SARIF says so and
    why, so a code-scanning upload never shows a run that skipped files as a clean one."""
    if not report.run_errors:
        return {"executionSuccessful": True}
    return {"executionSuccessful": False, "exitCode": 2,
            "toolExecutionNotifications": [{"level": "error", "message": {"text": text}} for text in report.run_errors]}


def render_sarif(report: Report) -> str:
    return json.dumps(sarif_log(report), ensure_ascii=False, indent=2) + "\n"
