"""The formatter interface and the report every formatter renders.

A formatter turns a ``Report`` (all file results, the rules that produced
them, the language) into text. Formatters are plugins: built-ins are
registered through the same hook as third-party ones, and the CLI looks them
up by name instead of branching on the format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping, Sequence

from ..findings import FileResult, Severity


@dataclass(frozen=True)
class RuleInfo:
    """What a report needs to know about a rule (for SARIF rule lists, docs links...)."""

    id: str
    family: str
    severity: str
    title: str
    source: str = ""
    quote: str = ""
    help: str = ""


@dataclass
class Report:
    files: Sequence[FileResult]
    lang: str = "zh"
    rules: Mapping[str, RuleInfo] = field(default_factory=dict)
    show_suppressed: bool = False
    color: bool = False
    tool_version: str = ""

    def summary(self) -> dict[str, int]:
        return {
            "files": len(self.files),
            "errors": sum(f.count(Severity.ERROR) for f in self.files),
            "warnings": sum(f.count(Severity.WARNING) for f in self.files),
            "infos": sum(f.count(Severity.INFO) for f in self.files),
        }


@dataclass(frozen=True)
class Formatter:
    name: str
    description: str
    render: Callable[[Report], str]
