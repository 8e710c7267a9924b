"""Writing plan files in tests the way counties write them, knowing each item's line.

A ``PlanText`` renders a plan as block YAML whose list items are one-line flow
mappings (``  - {id: S1, role: 社工員, ...}``), so every item's line and column
are known without parsing: tests can assert the exact position a finding must
carry, and apply fix patches to the data exactly as written (zh-TW aliases,
ROC dates and all).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sncheck.engine.checker import Checker
from sncheck.model.findings import Finding
from sncheck.fix.patching import apply_patch
from sncheck.read.document import read_document

ITEM_COLUMN = 5  # "  - {" : the flow mapping starts in column 5


def flow(value: Any) -> str:
    """A YAML flow rendering of a plain value; strings stay unquoted where YAML allows."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and (value == "" or any(c in value for c in ",:{}[]#&*!|>'\"%@`")):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


@dataclass
class PlanText:
    county: str = "臺中市"
    plan_year: int = 111
    header: dict[str, Any] = field(default_factory=dict)
    teams: list[dict[str, Any]] = field(default_factory=list)
    staff: list[dict[str, Any]] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)

    def render(self) -> tuple[str, dict[str, int]]:
        """The YAML text and the line of each list item, keyed by its JSON Pointer."""
        lines = ["format: sncheck/plan@1", f"county: {self.county}", f"plan_year: {self.plan_year}"]
        lines += [f"{k}: {flow(v)}" for k, v in self.header.items()]
        where: dict[str, int] = {}
        for name in ("teams", "staff", "requests"):
            items = getattr(self, name)
            lines.append(f"{name}:" if items else f"{name}: []")
            for index, item in enumerate(items):
                lines.append(f"  - {flow(item)}")
                where[f"/{name}/{index}"] = len(lines)
        return "\n".join(lines) + "\n", where

    @property
    def text(self) -> str:
        return self.render()[0]

    def line(self, pointer: str) -> int:
        return self.render()[1][pointer]


def written_data(text: str, name: str = "plan.yaml") -> Any:
    """The file's data as the county wrote it (aliases and ROC dates untouched)."""
    return read_document(name, text.encode("utf-8")).data


def check_yaml(checker: Checker, text: str, name: str = "plan.yaml") -> list[Finding]:
    return checker.check_bytes(name, text.encode("utf-8")).findings


def check_written(checker: Checker, data: Any) -> list[Finding]:
    """Check data (as written) again, e.g. after a patch."""
    return checker.check_bytes("plan.json", json.dumps(data, ensure_ascii=False).encode("utf-8")).findings


def only(findings: list[Finding], rule: str) -> Finding:
    matching = [f for f in findings if f.rule == rule]
    assert len(matching) == 1, [(f.rule, f.pointer, f.message) for f in findings]
    return matching[0]


def fix_and_recheck(checker: Checker, text: str, finding: Finding) -> list[Finding]:
    """Apply the finding's patch to the data as written and check the result."""
    assert finding.fix is not None and finding.fix.patch, finding
    return check_written(checker, apply_patch(written_data(text), finding.fix.patch))


def summary(findings: list[Finding]) -> list[tuple[str, str]]:
    return sorted((f.rule, f.pointer) for f in findings)
