"""The corrected copy of a county's roster: ``sncheck fix ROSTER.xlsx -o OUT.xlsx`` and the page's 「修正後的名冊」.

The same rounds as ``fixer.fix_bytes`` on a plan, on the county's own file: check the roster (findings
keep their patches); take the fixes that may be applied (safe ones; unsafe ones only with ``--unsafe``
or when ticked on the page; display-only advice never); combine them (``fixer.combine``: one change per
field); turn each finding's patch into edits of the county's cells, in its own words (``writeback``); write
them into a copy held in memory; save it to a private temporary file and check that again; keep a
finding's edits only if the re-read plan holds exactly what its patch said (else they are undone and the
fix is reported as not written); repeat while something changed, at most ``fixer.MAX_ROUNDS`` rounds.

The original file is read once and never written. The workbook copy is loaded the way ``--annotate``
loads it (``annotate.open_copy``: formulas, formats, merged cells, validation, comments and other sheets
kept by openpyxl), so writing it out, with the changed cells marked, is ``annotate.write_annotated``: one
code path for the corrected copy, the annotated copy and both in one file. A CSV roster is edited as text
(``csv_edit``): same encoding, delimiter and line endings, only the changed records rewritten.
"""

from __future__ import annotations

import io
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Callable, Mapping, Sequence

from sncheck.fix.fixer import MAX_ROUNDS, UnsafeChoice, applicable, combine
from sncheck.model.findings import Applicability, FileResult, Finding
from sncheck.tabular import WORKBOOK_SUFFIXES
from sncheck.tabular.annotate import CellChange, Corrected, open_copy, write_annotated
from sncheck.tabular.cells import text_of
from sncheck.tabular.check import advice_only, check_sources
from sncheck.tabular.convert import Cell, Conversion, ImportSettings, Sources
from sncheck.tabular.csv_edit import CsvGrid
from sncheck.tabular.writeback import Grid, NotWritable, Writer, value_at

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook

    from sncheck.engine.checker import Checker
    from sncheck.formatters.base import RuleInfo


class BookGrid:
    """The county's workbook (openpyxl, formulas kept) as cells (``writeback.Grid``)."""

    def __init__(self, book: "Workbook") -> None:
        self.book = book

    def _cell(self, cell: Cell) -> Any:
        if cell.sheet is None or cell.sheet not in self.book.sheetnames or cell.column is None:
            raise KeyError(cell.ref)
        return self.book[cell.sheet].cell(cell.row, cell.column)

    def value(self, cell: Cell) -> Any:
        try:
            return self._cell(cell).value
        except KeyError:
            return None

    def refusal(self, cell: Cell) -> tuple[str, str] | None:
        from openpyxl.cell.cell import MergedCell

        try:
            target = self._cell(cell)
        except KeyError:
            return (f"找不到儲存格 {cell.ref}", f"no cell {cell.ref}")
        if isinstance(target, MergedCell) or any(cell.row in range(r.min_row, r.max_row + 1) and
                                                 cell.column in range(r.min_col, r.max_col + 1) and
                                                 (r.max_row > r.min_row or r.max_col > r.min_col)
                                                 for r in self.book[cell.sheet].merged_cells.ranges):
            return (f"{cell.ref} 在合併儲存格中，修改會影響其他列，未修改，請手動修改",
                    f"{cell.ref} is inside merged cells; changing it would change other rows; change it by hand")
        if target.data_type == "f" or (isinstance(target.value, str) and target.value.startswith("=")):
            return (f"{cell.ref} 是公式，未修改，請手動修改", f"{cell.ref} holds a formula; not changed, change it by hand")
        return None

    def choices(self, cell: Cell) -> Sequence[str]:
        """The items of a drop-down list (data validation with a literal list) covering the cell."""
        if cell.sheet is None or cell.column is None:
            return ()
        from openpyxl.utils import get_column_letter

        where = f"{get_column_letter(cell.column)}{cell.row}"
        for validation in self.book[cell.sheet].data_validations.dataValidation:
            formula = validation.formula1 or ""
            if validation.type == "list" and formula.startswith('"') and where in validation.sqref:
                return tuple(item.strip() for item in formula.strip('"').split(","))
        return ()

    def set(self, cell: Cell, value: Any) -> None:
        target = self._cell(cell)
        target.value = value
        if isinstance(value, str):
            target.data_type = "s"  # the county's word, never a formula

    def save(self, path: Path) -> None:
        self.book.save(path)


@dataclass
class Correction:
    """What ``correct`` did to one roster."""

    path: str  # as the officer named it
    result: FileResult  # what remains after the fixes, at the corrected copy's cells (the original's)
    kind: str  # "workbook" or "csv"
    grid: BookGrid | CsvGrid | None = None  # the corrected copy; None when the roster could not be read
    changes: list[CellChange] = field(default_factory=list)
    applied: list[Finding] = field(default_factory=list)
    failed: list[tuple[Finding, str]] = field(default_factory=list)
    rounds: int = 0
    converged: bool = True

    @property
    def changed(self) -> bool:
        return bool(self.changes)

    def unsafe_left(self) -> list[Finding]:
        """Remaining findings whose fix is unsafe (``--unsafe`` or a tick on the page would apply them)."""
        return [f for f in self.result.active() if f.extra.get("unsafe_fix")]


class CannotCorrect(Exception):
    """The roster cannot be corrected at all (unreadable, or openpyxl cannot keep it); the message says why."""


def correct(checker: "Checker", sources: Sources, settings: ImportSettings, unsafe: UnsafeChoice = False,
            display: str | None = None, warn: Callable[[str], None] | None = None) -> Correction:
    """The roster with every applicable fix written into a copy of it (the original is only read)."""
    roster = sources.roster
    display = display or str(roster)
    kind = "workbook" if roster.suffix.lower() in WORKBOOK_SUFFIXES else "csv"
    result, conversion = check_sources(checker, sources, settings, display=display, keep_patches=True)
    outcome = Correction(display, result, kind)
    if conversion is None:
        outcome.result = _shown(result, str(roster), str(roster))
        return outcome
    grid = _grid(roster, kind, result, checker, warn)
    outcome.grid = grid
    originals: dict[tuple[str | None, int, int], Any] = {}
    by_cell: dict[tuple[str | None, int, int], list[Finding]] = {}
    failed_keys: set[tuple[str, str]] = set()
    current_file = str(roster)
    with tempfile.TemporaryDirectory(prefix="sncheck-fix-") as folder:
        copy_path = Path(folder) / roster.name
        for _ in range(MAX_ROUNDS):
            candidates = [f for f in result.active() if applicable(f, unsafe) and (f.rule, f.pointer) not in failed_keys]
            if not candidates:
                break
            chosen, _, failures = combine(candidates, conversion.data)
            writer = Writer(conversion, grid, current_file, settings.mapping.values)
            planned: list[tuple[Finding, list[tuple[Cell, Any, Any]]]] = []
            for finding in chosen:
                try:
                    edits = writer.edits(finding.fix.patch or ())  # type: ignore[union-attr]
                    planned.append((finding, _apply(grid, edits)))
                except NotWritable as exc:
                    failures.append((finding, exc.zh if checker.options.lang == "zh" else exc.en))
                except UnicodeEncodeError:
                    failures.append((finding, "新的值無法以這個 CSV 檔的編碼寫入" if checker.options.lang == "zh"
                                     else "the new value cannot be written in this CSV file's encoding"))
            for finding, reason in failures:
                failed_keys.add((finding.rule, finding.pointer))
                outcome.failed.append((finding, reason))
            if not planned:
                if failures:
                    continue
                break
            new_result, new_conversion = _recheck(checker, sources, settings, display, grid, copy_path)
            wrong = [(f, done) for f, done in planned if not _reads_back(new_conversion, f)]
            if wrong:
                for finding, done in wrong:
                    for cell, before, _new in reversed(done):
                        grid.set(cell, before)
                    failed_keys.add((finding.rule, finding.pointer))
                    outcome.failed.append((finding, "改寫後的儲存格讀回的值與修正不符，未修改" if checker.options.lang == "zh"
                                           else "the edited cell would not read back as the fix says; not changed"))
                planned = [(f, done) for f, done in planned if all(f is not g for g, _ in wrong)]
                new_result, new_conversion = _recheck(checker, sources, settings, display, grid, copy_path)
            if new_conversion is None:  # pragma: no cover - the copy of a readable roster reads
                break
            for finding, done in planned:
                for cell, before, _new in done:
                    key = (cell.sheet, cell.row, cell.column or 0)
                    originals.setdefault(key, before)
                    by_cell.setdefault(key, []).append(finding)
                outcome.applied.append(finding)
            outcome.rounds += 1
            result, conversion = new_result, new_conversion
            current_file = str(copy_path)
        else:
            outcome.converged = not [f for f in result.active() if applicable(f, unsafe)]
        outcome.result = _shown(result, current_file, str(roster))
    outcome.changes = _changes(grid, originals, by_cell)
    return outcome


def _grid(roster: Path, kind: str, result: FileResult, checker: "Checker",
          warn: Callable[[str], None] | None) -> BookGrid | CsvGrid:
    if kind == "csv":
        return CsvGrid(roster.read_bytes())
    zh = checker.options.lang == "zh"
    book = open_copy(roster, result, checker.options.lang, warn, checker.options.limits)
    if book is None:
        raise CannotCorrect(f"無法複製活頁簿 {roster.name}，未寫入修正後的名冊" if zh
                            else f"cannot copy the workbook {roster.name}; no corrected roster written")
    return BookGrid(book)


def _apply(grid: Grid, edits: Sequence[Any]) -> list[tuple[Cell, Any, Any]]:
    """Write the edits; (cell, value before, value after) of each, to undo them or report them."""
    done: list[tuple[Cell, Any, Any]] = []
    try:
        for edit in edits:
            before = grid.value(edit.cell)
            grid.set(edit.cell, edit.new)  # type: ignore[attr-defined]
            done.append((edit.cell, before, edit.new))
    except Exception:
        for cell, before, _ in reversed(done):
            grid.set(cell, before)  # type: ignore[attr-defined]
        raise
    return done


def _recheck(checker: "Checker", sources: Sources, settings: ImportSettings, display: str,
             grid: BookGrid | CsvGrid, copy_path: Path) -> tuple[FileResult, Conversion | None]:
    if isinstance(grid, CsvGrid):
        copy_path.write_bytes(grid.render())
    else:
        grid.save(copy_path)
    return check_sources(checker, replace(sources, roster=copy_path), settings, display=display, keep_patches=True)


def _reads_back(conversion: Conversion | None, finding: Finding) -> bool:
    """Whether the re-read plan holds exactly what the finding's patch says (value and type)."""
    if conversion is None or finding.fix is None:
        return False
    for op in finding.fix.patch or ():
        if op["op"] == "test":
            continue
        got = value_at(conversion.data, op["path"])
        if op["op"] == "remove":
            if got is not None:
                return False
        elif got != op["value"] or type(got) is not type(op["value"]):
            return False
    return True


def _shown(result: FileResult, read_as: str, original: str) -> FileResult:
    """The remaining findings as ``sncheck check`` shows them: advice only, at the original file's name."""
    findings = []
    for finding in result.findings:
        extra = dict(finding.extra)
        if finding.fix is not None and finding.fix.patch and finding.fix.applicability is Applicability.UNSAFE:
            extra["unsafe_fix"] = True
        if extra.get("file") == read_as:
            extra["file"] = original
        if isinstance(extra.get("concerns"), list):
            extra["concerns"] = [{**c, "file": original} if isinstance(c, dict) and c.get("file") == read_as else c
                                 for c in extra["concerns"]]
        findings.append(advice_only(replace(finding, extra=extra)))
    return replace(result, findings=findings)


def _changes(grid: BookGrid | CsvGrid, originals: Mapping[tuple[str | None, int, int], Any],
             by_cell: Mapping[tuple[str | None, int, int], list[Finding]]) -> list[CellChange]:
    """The cells that differ from the original at the end (a change a later round undid is none)."""
    out = []
    for (sheet, row, column), before in originals.items():
        now = grid.value(Cell("", sheet, row, column))
        if now == before:
            continue
        out.append(CellChange(sheet or "", row, column, _shown_value(before), _shown_value(now),
                              tuple({id(f): f for f in by_cell[(sheet, row, column)]}.values())))
    return sorted(out, key=lambda c: (c.sheet, c.row, c.column))


def _shown_value(value: Any) -> str:
    return "" if value is None else text_of(value)


def write_corrected(correction: Correction, out: Path | BinaryIO, *, annotate: bool = False,
                    workbook: Path | None = None, lang: str = "zh", rules: Mapping[str, "RuleInfo"] | None = None,
                    warn: Callable[[str], None] | None = None) -> None:
    """Write the corrected copy: a workbook with its changes marked (and, with ``annotate``, what is still
    wrong marked and the 檢核結果 sheet: one file), or the corrected CSV's bytes."""
    grid = correction.grid
    if grid is None:
        raise CannotCorrect("nothing to write: the roster could not be read")
    if isinstance(grid, CsvGrid):
        body = grid.render()
    else:
        buffer = io.BytesIO()
        write_annotated(correction.result, buffer, workbook=workbook or Path(correction.path), lang=lang, rules=rules,
                        warn=warn, corrected=Corrected(grid.book, correction.changes, annotate))
        body = buffer.getvalue()
    if isinstance(out, (str, Path)):
        Path(out).write_bytes(body)
    else:
        out.write(body)
