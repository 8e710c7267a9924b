"""The one verdict every output shows: 「通過」, amber 「未發現錯誤，但有 3 項規定未能檢核」, or the errors.

「通過」 only when no error finding is active and every rule ran on everything
(``Coverage.complete``): a result must never look like a pass when something
was not checked. Used by the text and Markdown formatters, the page, the batch
report and the annotated workbook; ``--strict`` asks ``fully_checked``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from sncheck.model.coverage import NOT_RUN, PARTIAL, Coverage
from sncheck.model.findings import FileResult, Severity


@dataclass(frozen=True)
class Verdict:
    """``level``: "pass" (green), "incomplete" (amber: no error, but not everything was checked), "fail"."""

    level: str
    text: str

    @property
    def passed(self) -> bool:
        return self.level == "pass"


def unchecked_text(coverages: Iterable[Coverage], lang: str) -> str:
    """「未發現錯誤，但有 3 項規定未能檢核」, or the partial pack's own sentence; "" when everything was checked."""
    coverages = list(coverages)
    packs = list(dict.fromkeys(c.partial_pack for c in coverages if c.partial_pack))
    not_run = sum(1 for c in coverages for r in c.incomplete if r.status == NOT_RUN)
    partial = sum(1 for c in coverages for r in c.incomplete if r.status == PARTIAL)
    stopped = sum(1 for c in coverages if c.stopped)
    zh = lang == "zh"
    parts: list[str] = []
    if not_run:
        parts.append(f"有 {not_run} 項規定未能檢核" if zh else f"{not_run} rule(s) could not be checked")
    if partial:
        parts.append(f"{partial} 項規定只檢核了部分項目" if zh else f"{partial} rule(s) were checked only in part")
    if stopped:
        parts.append(f"{stopped} 個檔案沒有檢核任何規定" if zh else f"{stopped} file(s) were not checked at all")
    sentences = list(packs)
    if parts:
        sentences.append(("未發現錯誤，但" + "、".join(parts)) if zh else ("no errors found, but " + ", ".join(parts)))
    return ("；" if zh else "; ").join(sentences)


def verdict(results: Iterable[FileResult], lang: str, failed_text: str) -> Verdict:
    """The verdict of ``results``: ``failed_text`` (each output counts errors its own way) when any error
    finding is active; amber when no error but something was not checked; 「通過」 only otherwise."""
    results = list(results)
    if any(r.count(Severity.ERROR) for r in results):
        return Verdict("fail", failed_text)
    text = unchecked_text((r.coverage for r in results if r.coverage is not None), lang)
    if text:
        return Verdict("incomplete", text)
    return Verdict("pass", "通過" if lang == "zh" else "passed")


def fully_checked(results: Iterable[FileResult]) -> bool:
    """For ``--strict``: every file's rules ran in full (a file with no coverage known counts as not)."""
    return all(r.coverage is not None and r.coverage.complete for r in results)
