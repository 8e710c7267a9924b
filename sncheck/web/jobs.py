"""The page's heavy work as values a worker process can run: a file's check and the downloads made from it.

``sncheck serve`` runs these in worker processes (``web/workers.py``) with a time and a memory limit, so a
hostile or runaway upload costs only its own worker, and the page answers other officers meanwhile. Each job
is a frozen dataclass holding only data that pickles (the upload's bytes, the check's result, the Checker's
``Options``), never a Checker or a closure: the worker builds its own Checker from the options, once, and
keeps it for the next job (``checker_for``). The same jobs run in the server's own process when a page is
made without workers (``ServeSettings.workers = 0``: tests, embedding), through the same pickling, so both
ways cross the same boundary.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from sncheck.engine.checker import Checker, Options
from sncheck.fix.fixer import UnsafeChoice
from sncheck.web.run import Checked, CheckedFile, RunOptions, UploadChecked, check_upload, corrected_plan
from sncheck.web.uploads import Sorted

_CHECKERS: dict[str, Checker] = {}  # this process's Checkers, by their options (a worker keeps them)


def checker_for(options: Options) -> Checker:
    """The Checker for ``options``, built once per process (loading the packs takes longer than a small check)."""
    key = repr(options)
    if key not in _CHECKERS:
        _CHECKERS[key] = Checker(options)
    return _CHECKERS[key]


class Job(Protocol):
    @property
    def options(self) -> Options: ...

    def run(self, checker: Checker) -> Any: ...


@dataclass(frozen=True)
class CheckFile:
    """One uploaded plan or roster checked (``run.check_upload``); the cross-plan rules run after, in the server."""

    options: Options
    uploads: Sorted
    index: int
    run_options: RunOptions

    @property
    def name(self) -> str:
        return self.uploads.plans[self.index].name

    def run(self, checker: Checker) -> UploadChecked:
        return check_upload(checker, self.uploads, self.index, self.run_options)


@dataclass(frozen=True)
class CorrectedPlan:
    """The corrected plan's bytes (``run.corrected_plan``: ``sncheck fix`` on the plan text)."""

    options: Options
    file: CheckedFile
    unsafe: UnsafeChoice

    def run(self, checker: Checker) -> bytes:
        outcome = corrected_plan(checker, self.file, self.unsafe)
        assert outcome is not None  # the page offers it only for a file with a plan text
        return outcome.fixed


@dataclass(frozen=True)
class CorrectedRoster:
    """(bytes, download name) of the county's roster with the fixes in its cells (``downloads.corrected_roster``)."""

    options: Options
    uploads: Sorted
    file: CheckedFile
    unsafe: UnsafeChoice
    annotate: bool

    def run(self, checker: Checker) -> tuple[bytes, str]:
        from sncheck.web.downloads import corrected_roster

        return corrected_roster(checker, self.uploads, self.file, self.unsafe, self.annotate)


@dataclass(frozen=True)
class Annotated:
    """The annotated workbook's bytes (``downloads.annotated``)."""

    options: Options
    uploads: Sorted
    file: CheckedFile

    def run(self, checker: Checker) -> bytes:
        from sncheck.web.downloads import annotated

        return annotated(checker, self.uploads, self.file)


@dataclass(frozen=True)
class BatchReports:
    """(report.html, summary.csv, summary.xlsx) of the uploaded files (``downloads.batch_reports``)."""

    options: Options
    checked: Checked

    def run(self, checker: Checker) -> tuple[str, str, bytes]:
        from sncheck.web.downloads import batch_reports

        return batch_reports(checker, self.checked)


@dataclass(frozen=True)
class Template:
    """The fill-in roster workbook of ``sncheck import --template`` (written with openpyxl, so in a worker too:
    openpyxl's temporary files stay in the worker's private folder)."""

    options: Options

    def run(self, checker: Checker) -> bytes:
        import tempfile
        from pathlib import Path

        from sncheck.tabular.template import write_template

        with tempfile.TemporaryDirectory(prefix="sncheck-serve-") as folder:
            path = Path(folder) / "template.xlsx"
            write_template(path)
            return path.read_bytes()
