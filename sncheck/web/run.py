"""Checking what was uploaded: the same calls as ``sncheck check`` and ``sncheck fix``, nothing else.

A plan is checked with ``Checker.check_bytes`` (as ``check_path`` does after reading the file); a
roster with ``tabular.check.check_sources`` (as ``sncheck check roster.xlsx`` does), its county and
year from the form, else the mapping file, else its file name (``commands.tabular_options.settings_for``).
Several files uploaded together are one run, as ``sncheck batch`` on them: the cross-plan rules (FUND003)
run over them through ``cross_plan.cross_plan_findings``, the batch's own call; one file never does.
The corrected plan is ``fixer.fix_bytes`` on the plan's own bytes, or, for a roster, on the plan YAML
``sncheck import`` would write (``tabular.yaml_writer``), so a workbook's fixes can be downloaded too.
It is made when it is downloaded, not for the page (on a 3,000-staff workbook the fixer's verified
rewrite takes longer than the check itself); the plan text it starts from is kept as bytes (``plan_text``): the page lists the fixes it will apply, the findings
whose patch is safe, and offers the unsafe ones to tick, from the check's own findings (for a roster,
``check_sources(keep_patches=True)``, shown as ``advice_only`` as ``sncheck check`` shows them).

Each file is checked on its own (``check_upload``), then the files are put together (``checked_together``):
``sncheck serve`` runs each file's check in a worker process (``web/workers.py``), so everything a file's check
returns is plain data that pickles (no closures, no open files).

Personal data: findings are redacted by the Checker (names only with "show personal data"). A
roster's imported YAML leaves names out unless it is ticked (``import --no-names``). A download that is
the county's own file (the corrected plan of a plan that names staff) is offered only when it is ticked.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Mapping

from sncheck.model import input_rules as ir
from sncheck.model.checks import PlanSummary
from sncheck.engine.checker import Checker
from sncheck.read.plan_files import PLAN_SUFFIXES
from sncheck.engine.cross_plan import cross_plan_findings, numbered, with_cross_plan
from sncheck.model.findings import FileResult, Finding
from sncheck.fix.fixer import FixOutcome, UnsafeChoice, applicable, fix_bytes
from sncheck.model.personal_data import ID_SHAPE, staff_names
from sncheck.read.document import read_document
from sncheck.read.source import Document
from sncheck.tabular import WORKBOOK_SUFFIXES, is_tabular
from sncheck.tabular.questions import Answers, Questions
from sncheck.tabular.yaml_writer import drop_fixed_notes
from sncheck.web.uploads import PrivateFolder, Sorted, Upload


@dataclass(frozen=True)
class RunOptions:
    """What the form asked for; a result page in another language or with names is a new ``Checked``."""

    lang: str = "zh"
    show_personal_data: bool = False
    county: str | None = None  # for rosters, as check --county
    plan_year: int | None = None  # for rosters, as check --year
    apply_choice: bool = False  # the tick box: the earlier period's pack applied by choice (--apply-pack)
    answers: Answers = Answers()  # the officer's answers to the page's questions (a mapping's headers/values)


@dataclass
class CheckedFile:
    name: str
    kind: str  # "plan", "roster" (workbook or CSV) or "other" (a type sncheck does not read)
    result: FileResult
    data: Any = None  # the plan data the findings are about (None when unreadable)
    plan_text: bytes | None = None  # what the fixer works on: the plan file, or the YAML a roster is imported as
    safe_fixes: list[Finding] = field(default_factory=list)  # the corrected plan applies these
    unsafe_fixes: list[Finding] = field(default_factory=list)  # ... and these only when ticked
    personal: bool = False  # the plan text names staff or holds national IDs
    source_personal: bool = False  # the uploaded file itself does (a roster's 姓名 column)
    missing: tuple[str, ...] = ()  # a roster checked without "county"/"plan_year": the page says how to give them
    cells: Mapping[str, str] = field(default_factory=dict)  # roster: pointer → cell, for the unsafe-fix list
    questions: Questions = Questions()  # roster: what it leaves open, for the officer to answer
    settings: Any = None  # roster: the ImportSettings it was read with (the corrected roster reads it again)

    @property
    def has_plan(self) -> bool:
        return self.plan_text is not None

    @property
    def is_workbook(self) -> bool:
        return self.kind == "roster" and Path(self.name).suffix.lower() in WORKBOOK_SUFFIXES

    @property
    def marked_copy(self) -> bool:
        """The annotated download is the county's workbook marked up (it could be read), not the findings
        sheet alone (a plan, a CSV, an unreadable workbook: docs/annotate.md)."""
        return self.is_workbook and self.data is not None

    @property
    def plan_download_name(self) -> str:
        stem = Path(self.name).stem
        return f"{stem}.yaml" if self.kind == "roster" else f"{stem}.fixed{Path(self.name).suffix}"

    def county_year(self) -> tuple[str | None, int | None]:
        from sncheck.batch.worker import plan_facts

        return plan_facts(self.data)


@dataclass
class Checked:
    options: RunOptions
    files: list[CheckedFile]
    mapping_name: str | None = None
    extra_mappings: tuple[str, ...] = ()
    side_files: tuple[str, ...] = ()

    @property
    def results(self) -> list[FileResult]:
        return [f.result for f in self.files]


@dataclass
class UploadChecked:
    """One uploaded file checked: what the page shows of it, and what the cross-plan rules need of it."""

    file: CheckedFile
    plans: list[PlanSummary] = field(default_factory=list)


def check_upload(checker: Checker, uploads: Sorted, index: int, options: RunOptions) -> UploadChecked:
    """The ``index``-th plan or roster of ``uploads`` checked (its mapping and side files read with it)."""
    upload = uploads.plans[index]
    found: list[PlanSummary] = []
    if upload.data is None:
        from sncheck.batch.worker import too_large

        file = CheckedFile(upload.name, "plan", too_large(checker, upload.name, upload.size))
    elif is_tabular(upload.name):
        side = [upload, *uploads.side, *([uploads.mapping] if uploads.mapping else [])]
        with PrivateFolder(side) as folder:
            file = _roster(checker, upload, uploads, folder, options, found.append)
    elif upload.suffix in PLAN_SUFFIXES:
        file = _plan(checker, upload, found.append)
    else:
        file = CheckedFile(upload.name, "other", _unsupported(checker, upload.name))
    return UploadChecked(file, numbered(found, index, upload.name))


def checked_together(checker: Checker, uploads: Sorted, options: RunOptions, each: list[UploadChecked]) -> Checked:
    """The files of one upload as one run, as ``sncheck batch`` on them: the cross-plan rules (FUND003) run
    over them; one file alone is ``sncheck check``."""
    files = [one.file for one in each]
    if len(files) > 1:
        extra = cross_plan_findings(checker, [plan for one in each for plan in one.plans])
        for index, file in enumerate(files):
            file.result = with_cross_plan(file.result, extra.get(index, []))
    return Checked(options, files, uploads.mapping.name if uploads.mapping else None,
                   tuple(uploads.extra_mappings), tuple(u.name for u in uploads.side))


def corrected_plan(checker: Checker, checked: CheckedFile, unsafe: UnsafeChoice = False) -> FixOutcome | None:
    """The plan with its safe fixes (and the unsafe ones chosen) written in; None without a plan text."""
    if checked.plan_text is None:
        return None
    outcome = fix_bytes(checker, _plan_path(checked), checked.plan_text, unsafe=unsafe)
    if checked.kind == "roster" and outcome.applied:  # the YAML sncheck wrote: its ⚠ notes of fixed findings go
        doc = read_document(_plan_path(checked), outcome.fixed, checker.options.limits)
        outcome.fixed = drop_fixed_notes(doc.text, outcome.applied, doc.position).encode("utf-8")
    return outcome


def fix_offers(findings: list[Finding]) -> tuple[list[Finding], list[Finding]]:
    """(safe, unsafe): the findings whose patch ``sncheck fix`` applies, and those only ``--unsafe`` does."""
    safe = [f for f in findings if applicable(f, False)]
    return safe, [f for f in findings if applicable(f, True) and not applicable(f, False)]


def has_personal_data(data: Any) -> bool:
    """Staff names, or national ID numbers anywhere a staff member is written (``national_id``, or a
    column the importer kept as ``x-身分證字號``: any text shaped like an ID)."""
    if staff_names(data):
        return True
    staff = data.get("staff") if isinstance(data, dict) else None
    return isinstance(staff, list) and any(
        isinstance(s, dict) and (s.get("national_id") or any(isinstance(v, str) and ID_SHAPE.search(v)
                                                             for v in s.values()))
        for s in staff)


def _plan_path(checked: CheckedFile) -> str:
    return checked.plan_download_name if checked.kind == "roster" else checked.name


def _plan(checker: Checker, upload: Upload, on_plan: Callable[[PlanSummary], None]) -> CheckedFile:
    seen: dict[str, Document] = {}
    assert upload.data is not None
    result = checker.check_bytes(upload.name, upload.data, on_document=lambda doc: seen.__setitem__("doc", doc),
                                 on_plan=on_plan)
    doc = seen.get("doc")
    # a plan that could not be read (PARSE001) has nothing to correct: no "corrected plan" download
    checked = CheckedFile(upload.name, "plan", result, doc.data if doc else None, upload.data if doc else None)
    checked.personal = checked.source_personal = has_personal_data(checked.data)
    checked.safe_fixes, checked.unsafe_fixes = fix_offers(result.active())
    return checked


def _roster(checker: Checker, upload: Upload, uploads: Sorted, folder: PrivateFolder,
            options: RunOptions, on_plan: Callable[[PlanSummary], None]) -> CheckedFile:
    from sncheck.tabular.settings import SettingsError, settings_for
    from sncheck.tabular.check import advice_only, check_sources
    from sncheck.tabular.convert import sources_for
    from sncheck.tabular.mapping import ImportMapping
    from sncheck.tabular.questions import ask, with_answers
    from sncheck.tabular.yaml_writer import write_plan_yaml

    uploaded = uploads.parsed_mapping or ImportMapping()
    mapping = with_answers(uploaded, options.answers)  # its side files are in the private folder
    mapping = replace(mapping, files={kind: folder.path_of(Path(str(p).replace("\\", "/")).name)
                                      for kind, p in mapping.files.items()})
    try:
        settings = settings_for(mapping, options.county, options.plan_year, required=False,
                                named_by=Path(upload.name))
    except SettingsError:  # the mapping's county is none of the 22: checked, the plan's SCHEMA001 says so
        settings = settings_for(replace(mapping, county=None), options.county, options.plan_year,
                                required=False, named_by=Path(upload.name))
    path = folder.path_of(upload.name)
    patched, conversion = check_sources(checker, sources_for(path, settings.mapping), settings, display=upload.name,
                                        keep_patches=True, on_plan=on_plan)
    findings = [hide_folder(f, folder) for f in patched.findings]
    result = replace(patched, path=upload.name, findings=[advice_only(f) for f in findings])
    missing = tuple(name for name, value in (("county", settings.county), ("plan_year", settings.plan_year))
                    if value is None)
    if conversion is None:  # not readable: its PARSE001 says why; county and year would change nothing
        return CheckedFile(upload.name, "roster", result)
    data = conversion.data
    checked = CheckedFile(upload.name, "roster", result, data, missing=missing,
                          cells={p: c.ref for p, c in conversion.cells.items()},
                          questions=ask(conversion, uploaded, options.answers, options.show_personal_data))
    shown = conversion if options.show_personal_data else replace(conversion, data=_without_names(data))
    zh = checker.options.lang == "zh"
    header = (f"由 sncheck serve 從 {upload.name} 產生；每筆資料上方的註解是它在試算表中的位置（工作表!列）" if zh
              else f"made by sncheck serve from {upload.name}; the comment above each item names its sheet and row")
    checked.settings = settings
    # written now (0.1 s for 3,000 staff), not when downloaded: the private folder is gone by then, and the
    # result crosses from the worker process as data
    checked.plan_text = folder.hide(write_plan_yaml(shown, result.findings, checker.options.lang, header)).encode("utf-8")
    checked.personal = has_personal_data(shown.data)
    checked.source_personal = has_personal_data(data)
    checked.safe_fixes, checked.unsafe_fixes = fix_offers([f for f in findings if f.suppressed is None])
    return checked


def _without_names(data: dict[str, Any]) -> dict[str, Any]:
    staff = [{k: v for k, v in s.items() if k != "name"} if isinstance(s, dict) else s
             for s in data.get("staff") or []]
    return {**data, "staff": staff}


def hide_folder(finding: Finding, folder: PrivateFolder) -> Finding:
    """Findings name files as the officer did (``teams.csv``), never the private folder's path."""
    extra = dict(finding.extra)
    if isinstance(extra.get("file"), str):
        extra["file"] = folder.hide(extra["file"])
    fix = finding.fix
    if fix is not None:
        fix = replace(fix, description=folder.hide(fix.description))
    return replace(finding, message=folder.hide(finding.message), fix=fix, extra=extra)


def _unsupported(checker: Checker, name: str) -> FileResult:
    zh = checker.options.lang == "zh"
    message = ("不是 sncheck 能讀的檔案類型：請上傳計畫檔（.yaml、.yml、.json）或人員名冊（.xlsx、.xlsm、.csv）"
               if zh else "not a file type sncheck reads: upload plans (.yaml, .yml, .json) or rosters (.xlsx, .xlsm, .csv)")
    finding = Finding(ir.PARSE001.id, ir.PARSE001.severity, "", message, line=1, column=1,
                      family=ir.PARSE001.family, extra={"reason": "type"})
    return FileResult(name, [finding], coverage=checker.stopped_coverage())
