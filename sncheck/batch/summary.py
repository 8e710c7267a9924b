"""The national summary: per county × rule family, how many errors and warnings.

A county passes when none of its files has an error finding. Counties come in
the official order (``vocabulary.COUNTIES``); a file whose county cannot be
read (PARSE001) is listed under its file name so that it is never hidden.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from ..findings import Severity
from ..vocabulary import COUNTIES
from .worker import FileOutcome

# Rule families of the phase-2 catalogue (RULES.md), in catalogue order, with reviewer-facing labels.
FAMILY_LABELS: dict[str, tuple[str, str]] = {
    "input": ("檔案與格式", "file and format"),
    "supervisor": ("督導比", "supervisor ratio"),
    "seniority": ("資深社工年資", "senior seniority"),
    "pay": ("360俸點", "360-point pay"),
    "facility": ("設施設備等補助", "facility subsidies"),
    "caseload": ("案量比", "caseload"),
    "staffing": ("進用、資格、訓練、招聘", "hiring, qualification, training"),
    "funding_share": ("補助比率", "subsidy share"),
    "suppression": ("豁免", "suppressions"),
    "internal": ("內部錯誤", "internal error"),
}
SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)


def family_label(family: str, lang: str) -> str:
    zh, en = FAMILY_LABELS.get(family, (family, family))
    return zh if lang == "zh" else en


def county_of(outcome: FileOutcome) -> str:
    """The row a file belongs to: its county, or its file name when the county is unknown."""
    return outcome.county or Path(outcome.result.path).name


@dataclass(frozen=True)
class FileInfo:
    """What the summary keeps about a file: no findings, only counts by family and severity."""

    path: str
    county: str | None
    plan_year: int | None
    counts: tuple[tuple[str, Severity, int], ...]

    @classmethod
    def of(cls, outcome: FileOutcome) -> "FileInfo":
        counts: dict[tuple[str, Severity], int] = {}
        for finding in outcome.result.active():
            key = (finding.family or "other", finding.severity)
            counts[key] = counts.get(key, 0) + 1
        return cls(outcome.result.path, outcome.county, outcome.plan_year,
                   tuple((family, severity, n) for (family, severity), n in counts.items()))

    @property
    def row(self) -> str:
        return self.county or Path(self.path).name


@dataclass
class CountyRow:
    county: str
    files: list[FileInfo] = field(default_factory=list)
    counts: dict[str, dict[Severity, int]] = field(default_factory=dict)  # family -> severity -> n

    def count(self, severity: Severity, family: str | None = None) -> int:
        if family is not None:
            return self.counts.get(family, {}).get(severity, 0)
        return sum(c.get(severity, 0) for c in self.counts.values())

    @property
    def passed(self) -> bool:
        return self.count(Severity.ERROR) == 0

    @property
    def official(self) -> bool:
        return self.county in COUNTIES


@dataclass
class Summary:
    rows: list[CountyRow]
    families: list[str]

    def total(self, severity: Severity, family: str | None = None) -> int:
        return sum(row.count(severity, family) for row in self.rows)

    @property
    def files(self) -> int:
        return sum(len(row.files) for row in self.rows)


def summarize(files: Iterable[FileInfo]) -> Summary:
    rows: dict[str, CountyRow] = {}
    families: set[str] = set()
    for info in files:
        row = rows.setdefault(info.row, CountyRow(info.row))
        row.files.append(info)
        for family, severity, n in info.counts:
            families.add(family)
            per = row.counts.setdefault(family, {})
            per[severity] = per.get(severity, 0) + n
    order = {c: i for i, c in enumerate(COUNTIES)}
    ordered = sorted(rows.values(), key=lambda r: (order.get(r.county, len(order)), r.county))
    known = list(FAMILY_LABELS)
    fam = sorted(families, key=lambda f: (known.index(f) if f in known else len(known), f))
    return Summary(ordered, fam)
