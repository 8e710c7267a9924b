"""The formatter interface and the report every formatter renders.

A formatter turns a ``Report`` (all file results, the rules that produced
them, the language) into text. Formatters are plugins: built-ins are
registered through the same hook as third-party ones, and the CLI looks them
up by name instead of branching on the format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping, Sequence

import re

from sncheck.model.findings import Applicability, FileResult, Finding, Fix, Severity

# Control characters (C0 but line feed, DEL, C1) in a file name or in a value a message quotes could
# move the cursor, recolour or retitle a reviewer's terminal or CI log (ESC sequences from a hostile
# plan). Outputs read by people show them as escape text; JSON and SARIF escape them by themselves.
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """``text`` with its control characters written as ``\\u001b`` (line feeds kept)."""
    return _CONTROL.sub(lambda m: "\\u%04x" % ord(m.group()), text) if _CONTROL.search(text) else text


_CONTROL_OR_LINE_FEED = re.compile("[\x00-\x1f\x7f-\x9f]")


def printable_name(text: str) -> str:
    """A file name (or a line naming one) as one line: line feeds escaped too, so a file named
    ``a\\nb.yaml`` cannot start a line that reads like another finding or break a Markdown table row."""
    return _CONTROL_OR_LINE_FEED.sub(lambda m: "\\u%04x" % ord(m.group()), text)


# XML 1.0 cannot hold these at all, not even escaped (a JUnit report with one is not XML): written as text.
# Compiled on first use (JUnit only): a class mixing them compiles into a 64K-character table, ~2 ms.
_NOT_XML = "[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]"


def xml_safe(text: str) -> str:
    """``text`` (a whole serialised XML document too) with every character XML 1.0 forbids written as
    ``\\u001b``: they only ever stand in text or attribute values, which thus stay readable."""
    return re.sub(_NOT_XML, lambda m: "\\u%04x" % ord(m.group()), text)


def markdown_text(text: str) -> str:
    """A plan value cannot make a Markdown report show a link or load an image (``[click](https://…)``,
    ``![](https://tracker…)``): both need ``](``, whose parenthesis is written as an entity, which
    Markdown shows as ``(`` but never reads as syntax. (``<…>`` autolinks are already ``&lt;…&gt;``;
    a bare ``https://…`` is still made a link by GitHub, as in any text.)"""
    return text.replace("](", "]&#40;")


_SPREADSHEET_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """A CSV cell Excel will not run as a formula (OWASP "CSV injection"): a text starting with ``=``,
    ``+``, ``-``, ``@``, tab or carriage return gets a leading ``'``, which Excel shows as text. Numbers
    stay numbers."""
    return "'" + value if isinstance(value, str) and value.startswith(_SPREADSHEET_FORMULA) else value


def sheet_cell(finding: Finding) -> str:
    """``人員名冊!B2`` for a finding in a workbook's sheet (``sncheck/tabular/check.py`` puts it in ``extra``),
    else ``""``: line and column alone would lose which sheet of the county's workbook the row is on."""
    return str(finding.extra["cell"]) if finding.extra.get("sheet") and finding.extra.get("cell") else ""


def finding_file(result: FileResult, finding: Finding) -> str:
    """The file a finding is in: a roster set's side file (teams.csv) when the finding says so, else the
    checked file."""
    return str(finding.extra.get("file") or result.path)


def fix_mark(fix: Fix | None, lang: str) -> str:
    """What a fix's label adds: 「（可自動修正）」 when ``sncheck fix`` (and the fix hook) applies it, and when
    only ``sncheck fix --unsafe`` does, that it needs that (a reader must not think the hook will apply it)."""
    if fix is None or fix.patch is None:
        return ""
    if fix.applicability is Applicability.SAFE:
        return "（可自動修正）" if lang == "zh" else " (patch available)"
    return "（可自動修正，需加 --unsafe）" if lang == "zh" else " (patch available with --unsafe)"


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
    # What went wrong in the run besides findings (a file not found, a roster nobody could place, a broken
    # plugin): the run exits 2, and SARIF says executionSuccessful false with these as notifications.
    run_errors: Sequence[str] = ()

    def summary(self) -> dict[str, int]:
        return {
            "files": len(self.files),
            "errors": sum(f.count(Severity.ERROR) for f in self.files),
            "warnings": sum(f.count(Severity.WARNING) for f in self.files),
            "infos": sum(f.count(Severity.INFO) for f in self.files),
            "suppressed": sum(1 for f in self.files for x in f.findings if x.suppressed is not None),
        }

    def shown(self, result: FileResult) -> list[Finding]:
        """The findings a human-facing format lists: suppressed ones only with --show-suppressed."""
        return [f for f in result.findings if f.suppressed is None or self.show_suppressed]


@dataclass(frozen=True)
class Formatter:
    name: str
    description: str
    render: Callable[[Report], str]
