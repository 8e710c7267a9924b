"""The national summary: per county and plan year × rule family, how many errors and warnings.

A row is one county's plan of one year (its revisions add up in it): a county's 111 plan and its 112
roster are two rows, so a reviewer sees which year failed. A file whose year cannot be read is a row of
its own (「年度不明」), never merged into a known year. A row passes when none of its files has an error
finding. Rows come in the official order of counties (``vocabulary.COUNTIES``), then by year; a file whose
county cannot be read (PARSE001) is listed under its file name so that it is never hidden.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Mapping

from sncheck.model.coverage import Coverage
from sncheck.model.findings import Severity
from sncheck.model.input_rules import CORE_FAMILIES, LEADING_FAMILIES, TRAILING_FAMILIES
from sncheck.model.vocabulary import COUNTIES
from sncheck.batch.worker import FileOutcome

if TYPE_CHECKING:
    from sncheck.packs.rulepacks import Pack

SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)


@dataclass(frozen=True)
class FamilyLabels:
    """Reviewer-facing family labels in column order: sncheck's own "input", then each loaded pack's
    ``families:`` (pack.yaml, in the order written; the first pack to label a family wins), then
    "suppression" and "internal". A family nobody labels shows its id, after the labelled ones."""

    labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    @classmethod
    def of(cls, packs: Iterable[Pack]) -> "FamilyLabels":
        labels: dict[str, Mapping[str, str]] = dict(LEADING_FAMILIES)
        for pack in packs:
            for family, label in pack.families.items():
                labels.setdefault(family, label)
        for family, label in TRAILING_FAMILIES.items():
            labels.setdefault(family, label)
        return cls(labels)

    def label(self, family: str, lang: str) -> str:
        label = self.labels.get(family)
        return label.get("zh" if lang == "zh" else "en", family) if label else family

    def order(self, families: Iterable[str]) -> list[str]:
        """Declared families in declaration order, then the rest by id; trailing core families last."""
        known = [f for f in self.labels if f not in TRAILING_FAMILIES]
        last = list(TRAILING_FAMILIES)

        def key(family: str) -> tuple[int, int, str]:
            if family in last:
                return (2, last.index(family), family)
            return (0, known.index(family), family) if family in known else (1, 0, family)

        return sorted(families, key=key)


RowKey = tuple[str, int | None]  # (county, or the file name when it is unknown; plan year, None when unknown)


def row_of(outcome: FileOutcome) -> RowKey:
    """The row a file belongs to: its county (or its file name when the county is unknown) and plan year."""
    return row_key(outcome.county, outcome.plan_year, outcome.result.path)


def row_key(county: str | None, plan_year: int | None, path: str) -> RowKey:
    return (county or Path(path).name, plan_year)


def year_text(plan_year: int | None, lang: str) -> str:
    """A row's year as its 計畫年度 cell says it: ``111``, or 「年度不明」 when no file of the row gives one."""
    return str(plan_year) if plan_year is not None else "年度不明" if lang == "zh" else "unknown"


@dataclass(frozen=True)
class FileInfo:
    """What the summary keeps about a file: no findings, only counts by family and severity."""

    path: str
    county: str | None
    plan_year: int | None
    counts: tuple[tuple[str, Severity, int], ...]
    packs: tuple[tuple[str, bool], ...] = ()  # (pack id, applied by choice): the "checked by" column
    # what was not checked (the coverage's incomplete rules, ``stopped``, ``partial_pack``): the "not checked" column
    gaps: Coverage = field(default_factory=Coverage)
    # the families a rule of which did not run or ran in part; ``all_partial``: every pack family (no rule
    # ran, or the only pack checking the file holds part of its period's rules), the matrix's amber cells
    partial_families: tuple[str, ...] = ()
    all_partial: bool = False

    @classmethod
    def of(cls, outcome: FileOutcome) -> "FileInfo":
        counts: dict[tuple[str, Severity], int] = {}
        for finding in outcome.result.active():
            key = (finding.family or "other", finding.severity)
            counts[key] = counts.get(key, 0) + 1
        coverage = outcome.result.coverage
        partial = tuple(dict.fromkeys(rule.family or "other" for rule in coverage.incomplete)) if coverage else ()
        gaps = Coverage(coverage.incomplete, coverage.stopped, coverage.partial_pack) if coverage else Coverage()
        return cls(outcome.result.path, outcome.county, outcome.plan_year,
                   tuple((family, severity, n) for (family, severity), n in counts.items()), outcome.packs,
                   gaps, partial, coverage is not None and bool(coverage.stopped or coverage.partial_pack))

    def family_complete(self, family: str) -> bool:
        """Every rule of ``family`` ran in full on the file (sncheck's own families always run)."""
        return family not in self.partial_families and not (self.all_partial and family not in CORE_FAMILIES)

    @property
    def row(self) -> RowKey:
        return row_key(self.county, self.plan_year, self.path)


@dataclass
class CountyRow:
    """One row of the summary: a county's files of one plan year (``county`` is the file name of a file whose
    county is unknown; ``plan_year`` None: the year is unknown)."""

    county: str
    plan_year: int | None = None
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
    def key(self) -> RowKey:
        return (self.county, self.plan_year)

    @property
    def named_by_file(self) -> bool:
        """The row is a file whose county is unknown (it is named by its file name)."""
        return self.files[0].county is None if self.files else False

    def label(self, lang: str, with_year: bool = True) -> str:
        """How the verdict line names the row: 「臺中市 111 年度」, 「臺中市（年度不明）」; a row named by its file
        name, or ``with_year`` False (every row of one year), by its name alone."""
        if not with_year or self.named_by_file:
            return self.county
        if self.plan_year is None:
            return f"{self.county}（年度不明）" if lang == "zh" else f"{self.county} (year unknown)"
        return f"{self.county} {self.plan_year} 年度" if lang == "zh" else f"{self.county} {self.plan_year}"

    @property
    def complete(self) -> bool:
        """Every rule ran in full on every file of the row (issue 21): else "passed" is not said."""
        return all(info.gaps.complete for info in self.files)

    def family_complete(self, family: str) -> bool:
        """Every rule of ``family`` ran in full on every file of the row: else its matrix cell is not a 0 in
        green but 「未完整檢核」 (issue 21: an unchecked family never looks like one without findings)."""
        return all(info.family_complete(family) for info in self.files)

    def unchecked(self, lang: str) -> str:
        """What was not checked in the row's files, one line per cause naming the rules it stopped
        (``Coverage.by_cause``); a file of several names itself."""
        several = len(self.files) > 1
        return "\n".join(f"{Path(info.path).name}：{text}" if several and lang == "zh" else
                         f"{Path(info.path).name}: {text}" if several else text
                         for info in self.files for text in info.gaps.by_cause(lang))

    def result(self, lang: str) -> str:
        """「通過」 only with no error and everything checked; 「未完整檢核」 with no error but not everything."""
        zh = lang == "zh"
        if not self.passed:
            return "未通過" if zh else "fail"
        return ("通過" if zh else "pass") if self.complete else ("未完整檢核" if zh else "not fully checked")

    @property
    def official(self) -> bool:
        return self.county in COUNTIES

    @property
    def by_choice(self) -> bool:
        """Some file of the row was checked with a pack applied beyond its years (``apply_packs``)."""
        return any(chosen for info in self.files for _, chosen in info.packs)

    def checked_by(self, lang: str) -> str:
        """The packs that checked the row's files: ``ssn-2.0、ssn-phase2（依選擇套用）``."""
        note = "（依選擇套用）" if lang == "zh" else " (applied by choice)"
        labels = dict.fromkeys(pack + (note if chosen else "") for info in self.files for pack, chosen in info.packs)
        return ("、" if lang == "zh" else ", ").join(labels)


@dataclass
class Summary:
    rows: list[CountyRow]
    families: list[str]  # the columns, in FamilyLabels order
    labels: FamilyLabels = field(default_factory=FamilyLabels)

    def family_label(self, family: str, lang: str) -> str:
        return self.labels.label(family, lang)

    def total(self, severity: Severity, family: str | None = None) -> int:
        return sum(row.count(severity, family) for row in self.rows)

    @property
    def years_differ(self) -> bool:
        """The rows (named by county) are of more than one plan year, an unknown year counting as one: the
        verdict line then names each row's year, as a county may have a row per year."""
        return len({row.plan_year for row in self.rows if not row.named_by_file}) > 1

    @property
    def one_row_per_county(self) -> bool:
        """No county has rows of several years: the report's "counties" are its rows."""
        return len({row.county for row in self.rows}) == len(self.rows)

    @property
    def failing(self) -> list[CountyRow]:
        """The rows (counties, or unreadable files) that do not pass, in row order."""
        return [row for row in self.rows if not row.passed]

    @property
    def incomplete(self) -> list[CountyRow]:
        """The rows without an error but with something not checked (「未完整檢核」), in row order."""
        return [row for row in self.rows if row.passed and not row.complete]

    def incomplete_in(self, family: str) -> list[CountyRow]:
        """The rows where some rule of ``family`` did not run or ran in part (the 合計 row counts them)."""
        return [row for row in self.rows if not row.family_complete(family)]

    def tally(self, lang: str) -> str:
        """The 合計 row's result: 「未通過 0、未完整檢核 1 / 1」 (a row not fully checked is not counted as passing)."""
        rows = len(self.rows)
        if lang == "zh":
            return f"未通過 {len(self.failing)}、未完整檢核 {len(self.incomplete)} / {rows}"
        return f"fail {len(self.failing)}, incomplete {len(self.incomplete)} / {rows}"  # one line at 1366 px

    @property
    def files(self) -> int:
        return sum(len(row.files) for row in self.rows)

    def verdict_line(self, lang: str) -> str:
        """The reviewer's question in one line: which counties (rows) fail, 「未通過：臺北市、臺南市（2 / 20）」;
        with plans of several years, each with its year: 「未通過：臺中市 111 年度、臺南市 112 年度（2 / 5）」.
        ``sncheck batch`` closes with it; the web page's result of several files opens with it."""
        years = self.years_differ
        failing = [row.label(lang, years) for row in self.failing]
        rows = len(self.rows)
        incomplete = [row.label(lang, years) for row in self.incomplete]
        if lang == "zh":
            if failing:
                return f"未通過：{'、'.join(failing)}（{len(failing)} / {rows}）"
            return (f"未發現錯誤，但有規定未能檢核：{'、'.join(incomplete)}（{len(incomplete)} / {rows}）" if incomplete
                    else f"全部通過（{rows} / {rows}）")
        if failing:
            return f"failing: {', '.join(failing)} ({len(failing)} of {rows})"
        return (f"no errors, but some rules could not be checked: {', '.join(incomplete)} "
                f"({len(incomplete)} of {rows})" if incomplete else f"all pass ({rows} of {rows})")


def summarize(files: Iterable[FileInfo], labels: FamilyLabels | None = None,
              checked: Iterable[str] = ()) -> Summary:
    """``checked``: the families of the rules that ran. Each gets a column even with no finding, so a
    reviewer tells "checked, all passed" (0) from "not checked" (no column, e.g. with ``--select``)."""
    rows: dict[RowKey, CountyRow] = {}
    families: set[str] = set(checked)
    for info in files:
        row = rows.setdefault(info.row, CountyRow(*info.row))
        row.files.append(info)
        for family, severity, n in info.counts:
            families.add(family)
            per = row.counts.setdefault(family, {})
            per[severity] = per.get(severity, 0) + n
    order = {c: i for i, c in enumerate(COUNTIES)}
    ordered = sorted(rows.values(), key=lambda r: (order.get(r.county, len(order)), r.county, r.plan_year is None,
                                                   r.plan_year or 0))
    labels = labels or FamilyLabels()
    return Summary(ordered, labels.order(families), labels)
