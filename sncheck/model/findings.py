"""The one record every check, loader stage and formatter shares: a finding.

A finding names the rule, where it points (JSON Pointer plus the 1-based line
and column of the pointed item as written), a message in the user's language,
and, where the rule can suggest one, a fix with an optional RFC 6902 patch.
Formatters only ever see these records, so every output format says the same.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import Enum
from typing import Any, Mapping

from sncheck.model.coverage import Coverage


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


class Applicability(str, Enum):
    """How safe it is to apply a fix without a human reading it (as in ruff)."""

    SAFE = "safe"  # keeps meaning: only a funding source or a role code changes
    UNSAFE = "unsafe"  # changes who is affected or what someone is paid
    DISPLAY = "display"  # advice only, no patch


@dataclass(frozen=True)
class Fix:
    description: str
    patch: tuple[Mapping[str, Any], ...] | None = None
    applicability: Applicability = Applicability.DISPLAY

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"description": self.description}
        if self.patch is not None:
            out["patch"] = [dict(op) for op in self.patch]
            out["applicability"] = self.applicability.value
        return out


@dataclass(frozen=True)
class Source:
    """Where a rule comes from: a seed document (or a public page: ``url``, ``date``) and the sentence it enforces."""

    document: str
    title: str
    quote: str
    url: str = ""
    date: str = ""

    def to_dict(self) -> dict[str, str]:
        out = {"document": self.document, "title": self.title, "quote": self.quote}
        out.update({key: value for key, value in (("url", self.url), ("date", self.date)) if value})
        return out


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    pointer: str
    message: str
    line: int | None = None
    column: int | None = None
    fix: Fix | None = None
    source: Source | None = None
    family: str | None = None
    suppressed: str | None = None  # the reason, when an item suppresses this finding
    extra: Mapping[str, Any] = field(default_factory=dict)

    def with_position(self, line: int | None, column: int | None) -> "Finding":
        return replace(self, line=line, column=column)

    def sort_key(self) -> tuple[Any, ...]:
        return (self.line or 0, self.column or 0, self.rule, self.pointer, self.message)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule,
            "severity": self.severity.value,
            "pointer": self.pointer,
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }
        if self.fix is not None:
            out["fix"] = self.fix.to_dict()
        if self.source is not None:
            out["source"] = self.source.to_dict()
        if self.suppressed is not None:
            out["suppressed"] = self.suppressed
        for key in ("file", "sheet", "row", "cell"):  # findings on a workbook/CSV row (sncheck.tabular)
            if key in self.extra:
                out[key] = self.extra[key]
        for key in BASIS_KEYS:
            if key in self.extra:
                out[key] = self.extra[key]
        if isinstance(self.extra.get("values"), Mapping):  # the rule's values, for tools: codes, numbers, ISO dates
            out["values"] = {str(k): _machine(v) for k, v in self.extra["values"].items()}
        return out


def _machine(value: Any) -> Any:
    """A rule value as JSON carries it: dates ISO (the message shows them ROC), lists as lists."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_machine(v) for v in (sorted(value, key=str) if isinstance(value, (set, frozenset)) else value)]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


# What a finding says about the rule behind it (sncheck/packs/pack_use.py, sncheck/engine/run_rules.py): a pack applied
# beyond its years by the user's choice ({pack, pack_years, note}), a rule that is still a draft ("draft").
BASIS_KEYS = ("applied_by_choice", "rule_status")


@dataclass
class FileResult:
    """All findings for one checked file, in a deterministic order."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    # the ids of the pack rules that ran on the file's plan (those of the packs checking its year, selected);
    # None when not known. JUnit marks the others as not run instead of passed.
    rules_run: frozenset[str] | None = None
    # what each rule checked (sncheck/model/coverage.py); None when not known (a result made elsewhere)
    coverage: Coverage | None = None

    def sorted(self) -> "FileResult":
        return replace(self, findings=sorted(self.findings, key=Finding.sort_key))

    def active(self) -> list[Finding]:
        return [f for f in self.findings if f.suppressed is None]

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.active() if f.severity is severity)
