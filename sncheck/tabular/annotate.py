"""The findings written back into the county's own workbook (``sncheck check roster.xlsx --annotate OUT.xlsx``).

County officers live in Excel: a list of ``人員名冊!D14`` locations in a terminal means little to them,
the cell itself coloured red with the message in its comment does. ``write_annotated`` writes a *copy*
of the county's workbook (the original is only read) in which

- every cell a finding names gets a fill by severity (the most severe finding wins) and a cell comment
  with each finding's severity, rule, message and fix (several findings on one cell share one comment);
- a finding that names a row but no column (a rule about a person, a missing required cell) fills the
  row's cells (from the sheet's first to its last used column) and puts its comment on the row's first
  filled cell;
- a new first sheet ``檢核結果`` lists every finding (sheet, location, rule, severity, message, fix,
  source) with a hyperlink from the location to the cell; a finding with no location (document-level,
  e.g. HIRE001) is listed as 全檔 / whole file. Under the table, after one blank row (where a reader of
  the table stops), the 檢核範圍 block says which rules could not be checked (issue 21); its rows wrap
  and get their heights like the findings'.

Everything else is kept as openpyxl keeps it: values, formulas (not loaded as cached values), number
formats, styles, column widths, merged cells, data validation, conditional formatting, defined names,
other sheets, the county's own comments (sncheck's text is appended under a marker line). What openpyxl
cannot keep (shapes, form controls, VBA macros of an .xlsm, x14 extensions such as some data
validations written by newer Excel) is named through ``warn``; see docs/annotate.md.

Without a workbook (a YAML/JSON plan, a CSV roster set, a workbook that cannot be read: PARSE001) the
output is the findings sheet alone. For a CSV roster set the 工作表 column names the CSV file and the
位置 column its cell or row (``D14``, ``第 14 列``): the CSV has no formats to keep and Excel would not
keep highlights in a CSV anyway, so the officer filters the findings sheet by file instead.

Annotating an annotated copy again (the officer fixed cells in it and checks it again) replaces the
檢核結果 sheet, removes the earlier run's comments and restores the fills the earlier run replaced
(kept in a hidden sheet, ``_sncheck``), so cells fixed since are no longer marked.

Personal data: the sheet and the comments hold only the findings' texts, which the Checker has already
redacted (no staff names unless ``--show-personal-data``, national IDs always masked). The copy of
the county's workbook still holds what the county wrote: it is their file.

openpyxl is imported inside the functions: ``sncheck check`` on a YAML plan never loads it.
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Callable, Iterable, Mapping, Sequence

from sncheck.model.findings import FileResult, Finding, Severity
from sncheck.model.input_rules import IMPORT003
from sncheck.model.verdict import verdict
from sncheck.formatters.markdown import SEVERITY_ZH
from sncheck.read.limits import Limits
from sncheck.tabular.reader import TableError, check_unpacked_size, openpyxl_warnings, why_unreadable

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from sncheck.formatters.base import RuleInfo

FINDINGS_SHEET = "檢核結果"
STATE_SHEET = "_sncheck"  # very hidden: the fills sncheck replaced, restored when the copy is annotated again
STATE_HEADER = ("sheet", "row", "column", "fill before sncheck (restored when annotated again)")
COMMENT_AUTHOR = "sncheck"
COMMENT_MARKER = "【sncheck 檢核結果】"  # sncheck's part of a cell comment starts here (removed on re-annotation)

SEVERITY_FILLS = {Severity.ERROR: "FFFFC7CE", Severity.WARNING: "FFFFEB9C", Severity.INFO: "FFDDEBF7"}
FIXED_FILL = "FFC6EFCE"  # a cell ``sncheck fix`` changed (Excel's own "good" green)
FIXED_HEADER = {"zh": "已修正", "en": "Fixed"}  # the 檢核結果 sheet's 8th column, when the copy is also corrected

HEADERS = {
    "zh": ("工作表", "位置", "規則", "嚴重度", "訊息", "修正建議", "依據"),
    "en": ("Sheet", "Location", "Rule", "Severity", "Message", "Fix", "Source"),
}
COLUMN_WIDTHS = (18, 12, 26, 9, 60, 48, 60)
FIXED_WIDTH = 36
LINE_HEIGHT = 15  # points per line of 11-point text: row heights are set, LibreOffice does not grow rows itself
_WRAPPED_COLUMNS = (3, 5, 6, 7)  # rule (with its title), message, fix, source

# openpyxl refuses control characters in cell values; a message may quote one from a hostile plan.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_MAX_CELL_TEXT = 32_000  # Excel's limit is 32,767 characters per cell
# Cells that merged ranges and hyperlink ranges may cover before the copy is refused (``_expanded_cells``):
# a roster merges a few thousand cells at most; 200,000 merged cells take openpyxl about 3 s to load.
MAX_EXPANDED_CELLS = 200_000
_RANGE_REF = re.compile(rb'<(?:\w+:)?(?:mergeCell|hyperlink)\b[^>]*?\bref="\$?([A-Za-z]{1,3})\$?(\d{1,7}):\$?([A-Za-z]{1,3})\$?(\d{1,7})"')


def is_annotation_sheet(sheet: str | None, first_row: Sequence[Any]) -> bool:
    """Whether a sheet is one that ``write_annotated`` added (its name *and* its header row), so the
    roster reader leaves it out and an annotated copy checks like the original. A county sheet that only
    happens to be called 檢核結果 is still read."""
    header = tuple(first_row[:len(STATE_HEADER if sheet == STATE_SHEET else HEADERS["zh"])])
    if sheet == STATE_SHEET:
        return header == STATE_HEADER
    return sheet == FINDINGS_SHEET and header in (HEADERS["zh"], HEADERS["en"])


@dataclass(frozen=True)
class CellChange:
    """A cell ``sncheck fix`` changed in the county's workbook: what it held, what it holds now, and why."""

    sheet: str
    row: int
    column: int
    old: str
    new: str
    findings: tuple[Finding, ...]


@dataclass
class Corrected:
    """The county's workbook with fixes written in (``tabular.corrected``), to be marked and saved."""

    book: "Workbook"
    changes: Sequence[CellChange]
    mark_findings: bool  # also mark what is still wrong and add the 檢核結果 sheet: one file (issue 20.3)


def write_annotated(result: FileResult, out: Path | BinaryIO, *, workbook: Path | None = None, lang: str = "zh",
                    rules: Mapping[str, "RuleInfo"] | None = None, show_suppressed: bool = False,
                    warn: Callable[[str], None] | None = None, limits: Limits | None = None,
                    corrected: Corrected | None = None) -> None:
    """Write the annotated copy of ``workbook`` (or, without one, the findings sheet alone) to ``out``.

    ``result`` is what ``sncheck check`` produced for one file; findings on a roster name their place in
    ``extra`` (``file``, ``sheet``, ``row``, ``cell``; ``sncheck.tabular.check``), and those in ``workbook``
    (``file`` is ``result.path`` or ``str(workbook)``) are marked in it; findings in other files of a
    roster set (``--teams 組別.csv``) and of YAML/JSON plans are listed in the sheet only.
    ``workbook`` is only read, never written. ``rules`` (``check``'s rule infos) adds each rule's title
    to the 規則 column and a source where a finding has none. Suppressed findings are left out unless
    ``show_suppressed``. ``warn`` receives, in ``lang``, what could not be kept (the workbook unreadable
    for openpyxl, features openpyxl drops); the output is written anyway. ``out`` is a path (written
    only once the whole workbook is ready; ``ValueError`` if it is ``workbook`` itself) or a writable
    binary stream (the web page's BytesIO). ``limits`` (the run's, default ``Limits()``): a workbook
    unpacking to more than ``max_bytes`` is not copied, nor one whose merged ranges would make openpyxl
    build millions of cells (``MAX_EXPANDED_CELLS``); both give the findings sheet alone and a ``warn``.

    ``corrected``: the workbook is the corrected copy ``sncheck fix`` made (already loaded, fixes written
    in): each changed cell is filled green with a comment naming the rule and the old value; what is still
    wrong is marked and the 檢核結果 sheet added (with an 已修正 column) only when ``mark_findings``;
    otherwise a remaining finding whose fix needs a person (lower the pay points…) is a comment on its cell.
    """
    from openpyxl import Workbook

    if isinstance(out, (str, Path)) and workbook is not None and Path(out).exists() and workbook.exists() \
            and os.path.samefile(out, workbook):
        raise ValueError(f"the annotated copy would replace the county's workbook {workbook}")
    lang = "en" if lang == "en" else "zh"
    findings = [f for f in result.findings if show_suppressed or f.suppressed is None]
    if corrected is not None:
        loaded: "Workbook | None" = corrected.book
    else:
        loaded = _load_copy(workbook, result, lang, warn, limits or Limits()) if workbook is not None else None
    copy = _Copy(loaded, result.path, workbook) if loaded is not None and workbook is not None else None
    changes = corrected.changes if corrected is not None else ()
    if copy is None:
        book = Workbook()
        book.remove(book.active)
    else:
        book = copy.book
        _undo_previous_run(book)
        remaining = [f for f in findings if f.suppressed is None and copy.holds(_place(f))]
        if corrected is None or corrected.mark_findings:
            _mark_cells(copy, remaining, lang)
        else:
            _mark_cells(copy, [f for f in remaining if f.fix is not None and f.fix.description], lang, fill=False)
        _mark_changes(copy, changes, lang)  # last: a changed cell stays green in a row a finding colours
    if corrected is None or corrected.mark_findings:
        _findings_sheet(book, copy, findings, result.path, lang, rules or {}, changes)
        _coverage_block(book[FINDINGS_SHEET], result, lang)
    buffer = io.BytesIO()
    book.save(buffer)
    if isinstance(out, (str, Path)):
        Path(out).write_bytes(buffer.getvalue())
    else:
        out.write(buffer.getvalue())


# --------------------------------------------------------------------------- loading the copy


def open_copy(workbook: Path, result: FileResult, lang: str = "zh", warn: Callable[[str], None] | None = None,
              limits: Limits | None = None) -> "Workbook | None":
    """The county's workbook loaded for a copy (``sncheck fix`` writes its fixes into it), or None: as
    ``--annotate`` loads it, with the same limits and warnings."""
    return _load_copy(workbook, result, lang, warn, limits or Limits())


def _load_copy(workbook: Path, result: FileResult, lang: str, warn: Callable[[str], None] | None,
               limits: Limits) -> "Workbook | None":
    """The county's workbook as openpyxl keeps it (formulas, not their cached values), or None.

    None when the check could not read it (PARSE001 on the file: damaged, too big, a zip bomb: it is
    not opened again) or when openpyxl's full reader fails where the check's read-only one did not."""
    from openpyxl import load_workbook

    if any(f.rule == "PARSE001" and f.extra.get("reason") == "table"
           and f.extra.get("file") in (result.path, str(workbook)) for f in result.findings):
        return None
    try:
        check_unpacked_size(workbook, limits)
        raw = workbook.read_bytes()  # read once, opened from memory: nothing can ever write to the original
        expanded = _expanded_cells(raw)
    except (TableError, OSError) as exc:
        reason_zh, reason_en = (exc.message_zh, exc.message_en) if isinstance(exc, TableError) else (str(exc),) * 2
        _say(warn, lang, f"無法複製活頁簿 {workbook.name}（{reason_zh}），只寫入檢核結果工作表",
             f"cannot copy the workbook {workbook.name} ({reason_en}); wrote the findings sheet alone")
        return None
    if expanded > MAX_EXPANDED_CELLS:
        _say(warn, lang, f"活頁簿 {workbook.name} 的合併儲存格或超連結範圍涵蓋 {expanded:,} 格（上限 {MAX_EXPANDED_CELLS:,}），"
             "不複製，只寫入檢核結果工作表",
             f"the merged cells or hyperlink ranges of {workbook.name} cover {expanded:,} cells (limit "
             f"{MAX_EXPANDED_CELLS:,}); not copied, wrote the findings sheet alone")
        return None
    try:
        with openpyxl_warnings() as dropped:
            book = load_workbook(io.BytesIO(raw), rich_text=True)
    except Exception as exc:  # noqa: BLE001 - any reader failure: the findings sheet alone, said so
        _say(warn, lang, f"無法複製活頁簿 {workbook.name}：{why_unreadable(exc)}；只寫入檢核結果工作表",
             f"cannot copy the workbook {workbook.name} ({type(exc).__name__}: {exc}); wrote the findings sheet alone")
        return None
    for message in dropped:
        _say(warn, lang, f"openpyxl 無法保留活頁簿的部分內容：{message}",
             f"openpyxl does not keep part of the workbook: {message}")
    if book.vba_archive is not None or _has_macros(raw):
        _say(warn, lang, "副本（.xlsx）不含活頁簿的巨集（VBA）", "the copy (.xlsx) does not contain the workbook's macros (VBA)")
    return book


def _has_macros(raw: bytes) -> bool:
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            return any(name.lower().endswith("vbaproject.bin") for name in archive.namelist())
    except Exception:  # noqa: BLE001 - openpyxl has read it; a zip quirk only means no warning
        return False


def _expanded_cells(raw: bytes) -> int:
    """How many cells openpyxl would create for the sheets' merged ranges and hyperlink ranges.

    openpyxl's full reader makes a cell object for every cell of a merged range (and of a hyperlink's
    range): one ``<mergeCell ref="A1:XFD1048576"/>`` in a 3 kB file is 17 billion objects, a hang the
    check's read-only reader never sees. So the ranges are summed from the sheet XML before loading."""
    import zipfile

    from openpyxl.utils import column_index_from_string

    total = 0
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            for name in archive.namelist():
                if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    for first, top, last, bottom in _RANGE_REF.findall(archive.read(name)):
                        width = column_index_from_string(last.decode()) - column_index_from_string(first.decode()) + 1
                        total += max(width, 1) * max(int(bottom) - int(top) + 1, 1)
    except (zipfile.BadZipFile, ValueError, KeyError, OSError, NotImplementedError, EOFError):
        return 0  # not a readable zip: openpyxl's reader then says what is wrong
    return total


def _say(warn: Callable[[str], None] | None, lang: str, zh: str, en: str) -> None:
    if warn is not None:
        warn(zh if lang == "zh" else en)


# --------------------------------------------------------------------------- where a finding points


@dataclass(frozen=True)
class _Place:
    file: str | None
    sheet: str | None
    row: int | None
    column: int | None


def _place(finding: Finding) -> _Place:
    extra = finding.extra
    row = extra.get("row") if isinstance(extra.get("row"), int) else None
    column = finding.column if row is not None else None
    sheet = extra.get("sheet")
    return _Place(extra.get("file"), sheet if isinstance(sheet, str) else None, row, column)


def _concerned(finding: Finding) -> list[_Place]:
    """The rows of the people a finding about a team concerns (``extra["concerns"]``, ``tabular.check``):
    SUP001 on a team marks the rows of the supervisors its fix would move, too."""
    places = []
    for where in finding.extra.get("concerns") or ():
        if isinstance(where, Mapping) and isinstance(where.get("row"), int) and isinstance(where.get("sheet"), str):
            places.append(_Place(where.get("file"), where["sheet"], where["row"], None))
    return places


class _Copy:
    """The workbook being annotated: which findings are in it and which of its cells each one marks."""

    def __init__(self, book: "Workbook", result_path: str, workbook: Path) -> None:
        self.book = book
        self._names = {result_path, str(workbook), os.path.abspath(workbook)}
        self._used: dict[str, tuple[int, int]] = {}
        self._hidden_columns: dict[str, frozenset[int]] = {}

    def holds(self, place: _Place) -> bool:
        """A place in one of the county's own sheets of this workbook (not a side file of the set)."""
        return place.row is not None and place.sheet in self.book.sheetnames and place.sheet not in (FINDINGS_SHEET, STATE_SHEET) \
            and place.file is not None and (place.file in self._names or os.path.abspath(place.file) in self._names)

    def visible(self, place: _Place) -> _Place:
        """A finding on a cell of a hidden column (an unknown header the county hid) goes on its row, where
        the officer can see it."""
        if place.column is not None and place.sheet is not None and place.column in self._hidden(place.sheet):
            return _Place(place.file, place.sheet, place.row, None)
        return place

    def _hidden(self, title: str) -> frozenset[int]:
        if title not in self._hidden_columns:
            from openpyxl.utils import column_index_from_string

            hidden: set[int] = set()
            for key, dimension in self.book[title].column_dimensions.items():
                if dimension.hidden:
                    first = dimension.min or column_index_from_string(key)
                    hidden.update(range(first, (dimension.max or first) + 1))
            self._hidden_columns[title] = frozenset(hidden)
        return self._hidden_columns[title]

    def anchor(self, place: _Place) -> tuple[int, int]:
        """The cell that carries the comment and that the 檢核結果 link goes to: the finding's cell (the
        top-left one of a merged range: the one Excel shows), for a row its first filled cell in that row."""
        place = self.visible(place)
        assert place.sheet is not None and place.row is not None
        sheet = self.book[place.sheet]
        if place.column is not None:
            return _merged_anchor(sheet, place.row, place.column)
        filled = [(row, column) for row, column in self.cells(place) if sheet.cell(row, column).value not in (None, "")]
        # a cell of the row itself first: a merged 員工編號 from the row above would link to that row
        return next((cell for cell in filled if cell[0] == place.row), None) or next(iter(filled), None) \
            or _merged_anchor(sheet, place.row, self._columns(place.sheet)[0])

    def cells(self, place: _Place) -> list[tuple[int, int]]:
        """The cells a finding colours: its cell, or its row from the sheet's first to its last used column
        (the top-left cell of a merged range reaching into the row, as that is the cell Excel shows)."""
        assert place.sheet is not None and place.row is not None
        place = self.visible(place)
        assert place.sheet is not None and place.row is not None
        if place.column is not None:
            return [self.anchor(place)]
        first, last = self._columns(place.sheet)
        hidden = self._hidden(place.sheet)
        sheet = self.book[place.sheet]  # a merged cell across the row (員工編號 over two rows) shows its top-left cell
        return list(dict.fromkeys(_merged_anchor(sheet, place.row, column) for column in range(first, last + 1)
                                  if column not in hidden))

    def _columns(self, title: str) -> tuple[int, int]:
        """The sheet's first and last columns holding a value, once per sheet (openpyxl's min_column scans
        every cell each time; a styled empty cell far right would make every row 16,384 cells wide)."""
        if title not in self._used:
            used = [c.column for c in _existing_cells(self.book[title]) if c.value not in (None, "")]
            self._used[title] = (min(used, default=1), max(used, default=1))
        return self._used[title]


def _existing_cells(sheet: "Worksheet") -> Iterable[Any]:
    """The cells the sheet holds. ``iter_rows()`` would create every empty cell of its bounding box:
    one styled cell at XFD1 would make a 3,000-row sheet 49 million cells."""
    return list(sheet._cells.values())


def _merged_anchor(sheet: "Worksheet", row: int, column: int) -> tuple[int, int]:
    for merged in sheet.merged_cells.ranges:
        if merged.min_row <= row <= merged.max_row and merged.min_col <= column <= merged.max_col:
            return merged.min_row, merged.min_col
    return row, column


# --------------------------------------------------------------------------- highlights and comments


@dataclass
class _Marks:
    severity: dict[tuple[str, int, int], Severity] = field(default_factory=dict)
    comments: dict[tuple[str, int, int], list[Finding]] = field(default_factory=dict)

    def fill(self, key: tuple[str, int, int], severity: Severity) -> None:
        old = self.severity.get(key)
        if old is None or severity.rank < old.rank:
            self.severity[key] = severity


def _mark_cells(copy: _Copy, findings: Iterable[Finding], lang: str, fill: bool = True) -> None:
    """Fill (unless ``fill`` is False: advice comments only) and comment each finding's cells, and the rows
    of the people a team finding concerns."""
    from openpyxl.styles import PatternFill

    book = copy.book
    marks = _Marks()
    for finding in findings:
        if finding.rule == IMPORT003.id:  # 「略過 … 小計列」: listed on 檢核結果; the county's rows are left unmarked
            continue
        place = _place(finding)
        assert place.sheet is not None
        for where in [place, *(p for p in _concerned(finding) if copy.holds(p))]:
            assert where.sheet is not None
            for row, column in copy.cells(where):
                marks.fill((where.sheet, row, column), finding.severity)
            marks.comments.setdefault((where.sheet, *copy.anchor(where)), []).append(finding)
    fills = {severity: PatternFill("solid", fgColor=rgb) for severity, rgb in SEVERITY_FILLS.items()}
    if fill and marks.severity:
        state = _state_sheet(book)
        for (title, row, column), severity in marks.severity.items():
            cell = book[title].cell(row, column)
            state.append([title, row, column, _fill_xml(cell.fill)])
            cell.fill = fills[severity]
    for (title, row, column), on_cell in marks.comments.items():
        _comment(book[title].cell(row, column), "\n\n".join(_comment_text(f, lang) for f in on_cell))


def _comment(cell: Any, text: str) -> None:
    """sncheck's text in the cell's comment, under the county's own comment (and under this run's earlier
    text on the cell: one marker line per comment)."""
    from openpyxl.comments import Comment

    existing = (cell.comment.text or "").rstrip() if cell.comment is not None else ""
    if COMMENT_MARKER in existing:
        text = existing + "\n\n" + text
    else:
        text = (existing + "\n\n" if existing else "") + COMMENT_MARKER + "\n" + text
    text = _clean(text)
    # the box (pixels) tall enough for its text: about 22 CJK characters to a 320-pixel line
    lines = sum(len(line) // 22 + 1 for line in text.splitlines())
    author = cell.comment.author if existing and cell.comment is not None else COMMENT_AUTHOR
    cell.comment = Comment(text, author, width=320, height=min(600, 18 * lines + 20))


def _mark_changes(copy: _Copy, changes: Sequence[CellChange], lang: str) -> None:
    """Each cell ``sncheck fix`` changed: filled green, commented with the rule(s), the old and new value."""
    from openpyxl.styles import PatternFill

    if not changes:
        return
    state = _state_sheet(copy.book)
    green = PatternFill("solid", fgColor=FIXED_FILL)
    for change in changes:
        cell = copy.book[change.sheet].cell(change.row, change.column)
        state.append([change.sheet, change.row, change.column, _fill_xml(cell.fill)])
        cell.fill = green
        _comment(cell, "\n".join(_change_text(change, finding, lang) for finding in change.findings))


def _change_text(change: CellChange, finding: Finding, lang: str) -> str:
    if lang == "zh":
        return (f"[已修正] {finding.rule}：原為{quoted(change.old, lang)}，已改為{quoted(change.new, lang)}"
                f"\n{finding.message}")
    return f"[fixed] {finding.rule}: was {quoted(change.old, lang)}, now {quoted(change.new, lang)}\n{finding.message}"


def quoted(value: str, lang: str) -> str:
    """A cell's text as a message shows it: 「地方自籌」, or （空白） for an empty cell (a tick moved away)."""
    if value:
        return f"「{value}」" if lang == "zh" else repr(value)
    return "（空白）" if lang == "zh" else "(empty)"


def _fixed_summary(changes: Sequence[CellChange], lang: str) -> str:
    """``H5「中央補助」→「地方自籌」`` for each cell a finding's fix changed (the 已修正 column)."""
    from openpyxl.utils import get_column_letter

    return ("；" if lang == "zh" else "; ").join(
        f"{get_column_letter(c.column)}{c.row}{quoted(c.old, lang)}→{quoted(c.new, lang)}" for c in changes)


def _severity_label(severity: Severity, lang: str) -> str:
    return SEVERITY_ZH[severity.value] if lang == "zh" else severity.value


def _comment_text(finding: Finding, lang: str) -> str:
    severity = _severity_label(finding.severity, lang)
    text = f"[{severity}] {finding.rule}：{finding.message}" if lang == "zh" \
        else f"[{severity}] {finding.rule}: {finding.message}"
    if finding.fix is not None and finding.fix.description:
        text += ("\n修正建議：" if lang == "zh" else "\nFix: ") + finding.fix.description
    return text


# --------------------------------------------------------------------------- re-annotating an annotated copy


def _state_sheet(book: "Workbook") -> "Worksheet":
    if STATE_SHEET in book.sheetnames:  # the changes of ``sncheck fix`` and the findings share one record
        return book[STATE_SHEET]
    sheet = book.create_sheet(STATE_SHEET)
    sheet.sheet_state = "veryHidden"
    sheet.append(list(STATE_HEADER))
    return sheet


def _fill_xml(fill: Any) -> str:
    from openpyxl.xml.functions import tostring

    return tostring(fill.to_tree()).decode("utf-8")


def _undo_previous_run(book: "Workbook") -> None:
    """An annotated copy annotated again: earlier fills restored (where still sncheck's), comments and
    the 檢核結果 sheet removed, so the new run marks exactly the new findings."""
    from openpyxl.styles.fills import Fill
    from openpyxl.xml.functions import fromstring

    if STATE_SHEET in book.sheetnames:
        ours = {*SEVERITY_FILLS.values(), FIXED_FILL}
        state = book[STATE_SHEET]
        sheets = {sheet.title: sheet for sheet in book.worksheets}
        for title, row, column, xml in state.iter_rows(min_row=2, max_col=4, values_only=True):
            # the record is the file's, so anything may be in it: only a cell of a sheet and a short <fill>
            if title not in sheets or not isinstance(row, int) or not isinstance(column, int) \
                    or not 1 <= row <= 1_048_576 or not 1 <= column <= 16_384 \
                    or not (xml is None or (isinstance(xml, str) and len(xml) < 4096 and "<!" not in xml)):
                continue
            cell = sheets[title].cell(row, column)
            if cell.fill.fill_type == "solid" and cell.fill.fgColor.rgb in ours:  # not recoloured since
                try:
                    cell.fill = Fill.from_tree(fromstring(xml or "<fill/>"))
                except Exception:  # noqa: BLE001 - a damaged record: the cell keeps sncheck's old fill
                    continue
        book.remove(state)
    if FINDINGS_SHEET in book.sheetnames:
        book.remove(book[FINDINGS_SHEET])
    from openpyxl.comments import Comment

    for sheet in book.worksheets:
        for cell in _existing_cells(sheet):
            comment = cell.comment
            if comment is None or COMMENT_MARKER not in (comment.text or ""):
                continue
            own = comment.text.split(COMMENT_MARKER, 1)[0].rstrip()
            cell.comment = None
            if own:
                cell.comment = Comment(own, comment.author, width=comment.width, height=comment.height)


# --------------------------------------------------------------------------- the 檢核結果 sheet


def _findings_sheet(book: "Workbook", copy: _Copy | None, findings: list[Finding], path: str, lang: str,
                    rules: Mapping[str, "RuleInfo"], changes: Sequence[CellChange] = ()) -> None:
    """The first sheet: one row per finding still there and, for a corrected copy, one (green, with the
    已修正 column saying which cells changed from what to what) per finding ``sncheck fix`` fixed. Long
    texts wrap and every row gets a height that shows them (LibreOffice prints an unset height as one
    clipped line); the 位置 column is as wide as its longest location."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.hyperlink import Hyperlink

    for existing in book.worksheets:  # two selected tabs would be grouped: edits would go to both
        existing.sheet_view.tabSelected = False
    sheet = book.create_sheet(FINDINGS_SHEET, 0)
    book.active = 0
    headers = [*HEADERS[lang], *([FIXED_HEADER[lang]] if changes else [])]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    fills = {severity.value: PatternFill("solid", fgColor=rgb) for severity, rgb in SEVERITY_FILLS.items()}
    fills["fixed"] = PatternFill("solid", fgColor=FIXED_FILL)
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    link_font = Font(color="FF0563C1", underline="single")
    widths = [*COLUMN_WIDTHS, *([FIXED_WIDTH] if changes else [])]
    rows = [_finding_row(finding, path, copy, lang, rules) for finding in findings]
    rows.extend(_fixed_rows(changes, copy, lang, rules))
    widths[1] = max(8, min(40, max((_display_width(values[1]) + 2 for values, _, _ in rows), default=0)))
    for number, (values, fill, link) in enumerate(rows, start=2):
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(number, column)
            _put_text(cell, value)
            cell.alignment = wrap if column in _WRAPPED_COLUMNS or column > len(COLUMN_WIDTHS) else top
            if fill is not None:
                cell.fill = fills[fill]
        if link is not None:
            cell = sheet.cell(number, 2)
            cell.hyperlink = Hyperlink(ref=cell.coordinate, location=link)
            cell.font = link_font
        sheet.row_dimensions[number].height = _row_height(values, widths)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"  # printed for a meeting: landscape, as wide as the page, header on each page
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(widths))}{max(1, len(rows) + 1)}"


_Row = tuple[tuple[str, ...], "str | None", "str | None"]  # (cell texts, fill key, hyperlink location)


def _finding_row(finding: Finding, path: str, copy: _Copy | None, lang: str, rules: Mapping[str, "RuleInfo"]) -> _Row:
    where, location, link = _location(finding, path, copy, lang)
    severity = _severity_label(finding.severity, lang)
    if finding.suppressed is not None:
        severity += f"（已抑制：{finding.suppressed}）" if lang == "zh" else f" (suppressed: {finding.suppressed})"
    info = rules.get(finding.rule)
    rule = f"{finding.rule} {info.title}" if info is not None and info.title else finding.rule
    values = (where, location, rule, severity, finding.message,
              finding.fix.description if finding.fix is not None else "", _source(finding, info, lang))
    return values, (finding.severity.value if finding.suppressed is None else None), link


def _fixed_rows(changes: Sequence[CellChange], copy: _Copy | None, lang: str,
                rules: Mapping[str, "RuleInfo"]) -> list[_Row]:
    """One row per fixed finding, at its first changed cell, listing every cell its fix changed."""
    from openpyxl.utils import get_column_letter

    by_finding: dict[int, tuple[Finding, list[CellChange]]] = {}
    for change in changes:
        for finding in change.findings:
            by_finding.setdefault(id(finding), (finding, []))[1].append(change)
    rows: list[_Row] = []
    for finding, cells in by_finding.values():
        first = cells[0]
        info = rules.get(finding.rule)
        rule = f"{finding.rule} {info.title}" if info is not None and info.title else finding.rule
        quoted = first.sheet.replace("'", "''")
        values = (first.sheet, f"{get_column_letter(first.column)}{first.row}", rule,
                  _severity_label(finding.severity, lang), finding.message,
                  finding.fix.description if finding.fix is not None else "", _source(finding, info, lang),
                  _fixed_summary(cells, lang))
        rows.append((values, "fixed", f"'{quoted}'!{get_column_letter(first.column)}{first.row}"))
    return rows


def _display_width(text: str) -> int:
    """Columns a text takes in Excel's width unit: a CJK character is two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _row_height(values: Sequence[str], widths: Sequence[float]) -> float:
    """Points for a row whose wrapped cells show every line (Excel's limit is 409)."""
    lines = 1
    for column, (value, width) in enumerate(zip(values, widths), start=1):
        if column not in _WRAPPED_COLUMNS and column <= len(COLUMN_WIDTHS):
            continue  # one line (the sheet's name, the location, the severity): never taller
        per_line = max(1, int(width) - 1)
        count = sum(max(1, -(-_display_width(line) // per_line)) for line in (value or "").splitlines() or [""])
        lines = max(lines, count)
    return float(min(409, LINE_HEIGHT * lines + 3))


def _coverage_block(sheet: "Worksheet", result: FileResult, lang: str) -> None:
    """Below the findings table, after one blank row (where the table ends: its filter range stops there,
    and a reader of the sheet stops at the first empty row): 檢核範圍 in bold, then the verdict when it is
    not a plain pass or fail (「未發現錯誤，但有 3 項規定未能檢核」, amber, bold) and one row per rule not
    checked, in the 訊息 column (issue 21). The officer reads these rows like the findings: they wrap and
    get the height their text needs (LibreOffice prints an unset height as one clipped line)."""
    from openpyxl.styles import Alignment, Font, PatternFill

    if result.coverage is None or not result.coverage.lines():
        return
    amber = PatternFill("solid", fgColor=SEVERITY_FILLS[Severity.WARNING])
    wrap = Alignment(wrap_text=True, vertical="top")
    said = verdict([result], lang, "")
    blank = sheet.max_row + 1  # the table's rows are all written: one blank row, then the block
    sheet.row_dimensions[blank].height = float(LINE_HEIGHT + 3)
    title = "檢核範圍" if lang == "zh" else "Coverage"
    lines = ([said.text] if said.level == "incomplete" else []) + result.coverage.lines()
    for offset, text in enumerate(lines):
        row = blank + 1 + offset
        if offset == 0:
            heading = sheet.cell(row, 1, title)
            heading.font = Font(bold=True)
            heading.alignment = Alignment(vertical="top")
        cell = sheet.cell(row, 5)
        _put_text(cell, text)
        cell.alignment = wrap
        cell.fill = amber
        if offset == 0 and said.level == "incomplete":
            cell.font = Font(bold=True)
        sheet.row_dimensions[row].height = _row_height((title if offset == 0 else "", "", "", "", text),
                                                       COLUMN_WIDTHS)


def _location(finding: Finding, path: str, copy: _Copy | None, lang: str) -> tuple[str, str, str | None]:
    """(工作表 column, 位置 column, hyperlink location or None) of a finding."""
    place = _place(finding)
    whole = "全檔" if lang == "zh" else "whole file"
    if place.row is None:  # a plan file (line), or a roster finding about the whole file
        name = Path(place.file or path).name
        if place.file is None and finding.line is not None and finding.pointer:
            at = f"第 {finding.line} 行" if lang == "zh" else f"line {finding.line}"
            return name, f"{at} {finding.pointer}", None
        return name, whole, None
    from openpyxl.utils import get_column_letter

    if place.column is not None:
        shown = f"{get_column_letter(place.column)}{place.row}"
    else:
        shown = f"第 {place.row} 列" if lang == "zh" else f"row {place.row}"
    if copy is not None and copy.holds(place):
        assert place.sheet is not None
        row, column = copy.anchor(place)
        quoted = place.sheet.replace("'", "''")
        return place.sheet, shown, f"'{quoted}'!{get_column_letter(column)}{row}"
    name = Path(place.file or path).name
    return (name if place.sheet is None else f"[{name}]{place.sheet}"), shown, None


def _source(finding: Finding, info: "RuleInfo | None", lang: str) -> str:
    if finding.source is not None:
        document, title, quote = finding.source.document, finding.source.title, finding.source.quote
    elif info is not None and (info.source or info.quote):
        document, title, quote = info.source, "", info.quote
    else:
        return ""
    cited = " ".join(part for part in (document, title) if part)
    if not quote:
        return cited
    return f"{cited}：「{quote}」" if lang == "zh" else f"{cited}: “{quote}”"


def _clean(text: str) -> str:
    text = _ILLEGAL.sub(lambda m: "\\u%04x" % ord(m.group()), text)
    return text if len(text) <= _MAX_CELL_TEXT else text[:_MAX_CELL_TEXT - 1] + "…"


def _put_text(cell: Any, value: str) -> None:
    """A text cell, never a formula: a message or file name starting with ``=`` stays text. An empty
    text stays an empty cell (openpyxl would write an inline string cell without its string)."""
    if value:
        cell.value = _clean(value)
        cell.data_type = "s"
