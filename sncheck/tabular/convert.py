"""Tables → plan@1 data, remembering the sheet, row and column of every item and field.

The converter never drops a row and never guesses a value: a cell it cannot
convert is kept as written (the plan check then reports it at that cell), and
a row it cannot place (a service segment for a 員工編號 nobody has, a second
row for one person that contradicts the first, a sheet without a header row)
is a ``RowProblem`` (IMPORT001), which makes ``sncheck import`` exit 1.

Layouts accepted, in any mix:

- one row per staff member, segments in columns (``年資起日``, or numbered
  ``年資起日1``, ``年資起日2`` … for several segments);
- several rows per staff member sharing the 員工編號 (or, as merged cells
  leave it, with 員工編號 empty and only segment columns filled): the first
  row gives the person, every row may add a segment;
- a separate segments sheet/file with one row per segment, keyed by 員工編號.

Teams come from a teams sheet/file, or, without one, from the distinct
單位/組別 values (the value is the team id; the unit type comes from the
mapping file or from the name, e.g. ``北區社福中心`` → ``social_welfare_center``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sncheck.model import input_rules as ir
from sncheck.model import vocabulary as vocab
from sncheck.model.input_rules import InputRule
from sncheck.model.dates import roc_text
from sncheck.model.coverage import DECLARED_STANDS_IN
from sncheck.read.limits import Limits
from sncheck.model.pointers import escape_token, make_pointer
from sncheck.tabular.annotate import is_annotation_sheet
from sncheck.tabular.cells import convert as convert_cell
from sncheck.tabular.cells import text_of, to_bool, to_date
from sncheck.tabular.headers import (COLUMNS, OFFICE_COLUMNS, Column, Match, column_letter, header_note, header_table,
                                     likely_column, match_header, normalize_header)
from sncheck.tabular.layout import (HEADER_SEARCH_ROWS, REASONS, AsOf, Header, Tick, as_of_dates, find_header,
                                    is_excel_error, row_list, skip_reason)
from sncheck.tabular.mapping import DEFAULT_SHEETS, ImportMapping
from sncheck.tabular.reader import Table, TableError, UnreadableCell, read_tables

_STAFF_ORDER = ("id", "name", "national_id", "team", "role", "funding", "pay_points", "protective", "profession", "hired",
                "recruitment", "recruitment_attempts", "new_position", "training_hours", "declared_ssn_years",
                "declared_protective_years", "declared_prior_years")
_UNIT = next(c for c in OFFICE_COLUMNS["staff"] if c.field == "unit")
_SEGMENT_ORDER = ("from", "to", "budget", "protective", "work", "employer")


@dataclass(frozen=True)
class Cell:
    """Where a value came from: file, sheet (None for CSV), 1-based row and column."""

    file: str
    sheet: str | None
    row: int
    column: int | None = None

    @property
    def ref(self) -> str:
        """``人員名冊!D14`` (Excel's own notation), ``人員名冊!14`` for a whole row; CSV: ``D14``."""
        cell = f"{column_letter(self.column)}{self.row}" if self.column else str(self.row)
        return f"{self.sheet}!{cell}" if self.sheet is not None else cell

    def comment(self, lang: str = "zh") -> str:
        """The YAML comment naming the row: ``人員名冊!第14列`` / ``roster.csv 第14列``."""
        where = self.sheet if self.sheet is not None else Path(self.file).name
        sep = "!" if self.sheet is not None else " "
        return f"{where}{sep}第{self.row}列" if lang == "zh" else f"{where}{sep}row {self.row}"


@dataclass(frozen=True)
class RowProblem:
    rule: InputRule
    cell: Cell
    pointer: str
    message_zh: str
    message_en: str


@dataclass
class Conversion:
    data: dict[str, Any]
    cells: dict[str, Cell] = field(default_factory=dict)
    problems: list[RowProblem] = field(default_factory=list)
    sheet_order: list[tuple[str, str | None]] = field(default_factory=list)  # (file, sheet) as read
    headers: dict[tuple[str, str | None, int], str] = field(default_factory=dict)  # (file, sheet, column) -> header
    # (file, sheet) -> the required staff fields its header has no column for (said once, at the header row)
    absent: dict[tuple[str, str | None], frozenset[str]] = field(default_factory=dict)
    kinds: dict[tuple[str, str | None], str] = field(default_factory=dict)  # (file, sheet) -> staff/segments/...
    header_rows: dict[tuple[str, str | None], int] = field(default_factory=dict)  # (file, sheet) -> its header row
    worded: dict[Cell, str] = field(default_factory=dict)  # cells the mapping's values: turned into a code, as written
    written: dict[Cell, str] = field(default_factory=dict)  # cells read as other text (a code, an ISO date): as written
    # plan field (``staff.protective``, ``staff.history.budget``) -> the header of its column, for the fields
    # some sheet has a column for: what the rules can check (coverage, sncheck/engine/coverage.py)
    columns: dict[str, str] = field(default_factory=dict)
    # team id -> "sheet" or "heading" for a team no 單位/組別 column names: its sheet's name or a heading row does
    team_named_by: dict[str, str] = field(default_factory=dict)

    def header_of(self, cell: Cell) -> str | None:
        return self.headers.get((cell.file, cell.sheet, cell.column)) if cell.column else None

    def cell_for(self, pointer: str) -> Cell | None:
        """The cell of ``pointer`` or of its nearest ancestor that came from a row."""
        while True:
            if pointer in self.cells:
                return self.cells[pointer]
            if not pointer:
                return None
            pointer = pointer.rsplit("/", 1)[0]


@dataclass(frozen=True)
class Sources:
    roster: Path
    requests: Path | None = None
    teams: Path | None = None
    segments: Path | None = None


def sources_for(roster: Path, mapping: ImportMapping, requests: Path | None = None, teams: Path | None = None,
                segments: Path | None = None) -> Sources:
    """The files to read: command-line options first, then the mapping file's ``files:``."""
    return Sources(roster, requests or mapping.files.get("requests"), teams or mapping.files.get("teams"),
                   segments or mapping.files.get("segments"))


@dataclass(frozen=True)
class ImportSettings:
    county: str | None = None
    plan_year: int | None = None
    mapping: ImportMapping = field(default_factory=ImportMapping)
    names: bool = True  # False: leave staff names out (--no-names)


class ConversionError(Exception):
    """A source file cannot be read at all (PARSE001 for that file)."""

    def __init__(self, file: str, error: TableError) -> None:
        super().__init__(f"{file}: {error.message_en}")
        self.file = file
        self.error = error


def convert_files(sources: Sources, settings: ImportSettings, limits: Limits | None = None) -> Conversion:
    """Read every source file and convert; raises ``ConversionError`` for an unreadable file.
    ``limits``: the run's (config, ``--max-size``), for the file and unpacked-workbook sizes."""
    def read(path: Path) -> list[Table]:
        try:
            return read_tables(path, str(path), limits)
        except TableError as exc:
            raise ConversionError(str(path), exc) from None

    tables = _Assigned(settings.mapping)
    tables.add_roster(read(sources.roster))
    for kind, path in (("requests", sources.requests), ("teams", sources.teams), ("segments", sources.segments)):
        if path is not None:
            tables.add_only(kind, read(path))
    return _Converter(settings, tables).run()


class _Assigned:
    """Which table holds what: sheets by name (mapping or defaults); other sheets of the roster are staff."""

    def __init__(self, mapping: ImportMapping) -> None:
        self.mapping = mapping
        self.by_kind: dict[str, list[Table]] = {"teams": [], "staff": [], "segments": [], "requests": []}
        self.order: list[Table] = []
        self.seen: list[Table] = []  # every table, in the workbook's order
        self.skipped: list[Table] = []  # sheets whose header is no table's (統計, 填表說明, 附件封面…): said
        self.ignored: list[Table] = []  # sheets named to be left out (說明, 代碼表, the mapping's ignore:)

    def _named(self, table: Table, kind: str) -> bool:
        wanted = {normalize_header(n) for n in self.mapping.sheet_names(kind)}
        return table.sheet is not None and normalize_header(table.sheet) in wanted

    def add_roster(self, tables: list[Table]) -> None:
        explicit_staff = "staff" in self.mapping.sheets
        self.seen.extend(tables)
        for table in tables:
            if table.rows and is_annotation_sheet(table.sheet, table.rows[0][1]):
                continue  # the findings sheet of an annotated copy is not roster data
            if self._named(table, "ignore"):
                if table.rows:
                    self.ignored.append(table)  # 說明, 代碼表: left out on purpose, by name (said once, as info)
                continue
            kind = next((k for k in ("segments", "requests", "teams") if self._named(table, k)), None)
            if kind is None and (self._named(table, "staff") or table.sheet is None):
                kind = "staff"
            if kind is None and not table.rows:
                continue
            if kind is None and not explicit_staff:
                kind = kind_by_header(table, self.mapping)
                if kind is None:
                    self.skipped.append(table)
                    continue
            self._put(kind or "unassigned", table)

    def add_only(self, kind: str, tables: list[Table]) -> None:
        """A file given for one kind (--requests...): its sheet of that name, else its first sheet."""
        named = [t for t in tables if self._named(t, kind)]
        for table in named or tables[:1]:
            self._put(kind, table)

    def _put(self, kind: str, table: Table) -> None:
        self.by_kind.setdefault(kind, []).append(table)
        self.order.append(table)
        if not any(table is t for t in self.seen):
            self.seen.append(table)


_IDENTITY = frozenset({"id", "name", "serial"})


def kind_by_header(table: Table, mapping: ImportMapping) -> str | None:
    """What a sheet no name assigns holds, by its header: a roster (an id, 姓名 or 序號 column beside 職稱 or
    經費來源), service history (起日 and whose), requests, teams; None for a sheet that is none of them
    (統計 with COUNTIF tables, 說明, 代碼表, 填表說明, 附件封面)."""
    def fields(kind: str) -> set[str]:
        lookup = header_table(kind, mapping.headers.get(kind))
        header = find_header(table.rows, lookup)
        if header is None:
            return set()
        found = {m.column.field for m in (match_header(v, lookup) for v in header.labels if v is not None)
                 if isinstance(m, Match)}
        return found | {t.column.field for t in header.ticks.values()}

    staff = fields("staff")
    if staff & {"role", "funding"} and staff & _IDENTITY:
        return "staff"
    segments = fields("segments")
    if "from" in segments and segments & {"staff_id", "staff_name"}:
        return "segments"
    if {"category", "amount"} <= fields("requests"):
        return "requests"
    teams = fields("teams")
    if "unit_type" in teams and teams & {"id", "name"}:
        return "teams"
    return None


class _Converter:
    def __init__(self, settings: ImportSettings, tables: _Assigned) -> None:
        self.settings = settings
        self.mapping = settings.mapping
        self.tables = tables
        self.cells: dict[str, Cell] = {}
        self.problems: list[RowProblem] = []
        self.teams: list[dict[str, Any]] = []
        self.team_lookup: dict[str, str] = {}  # id or name -> id
        self.teams_from_sheet = bool(tables.by_kind["teams"])
        self.staff: list[dict[str, Any]] = []
        self.staff_index: dict[str, int] = {}
        self.staff_rows: dict[int, tuple[Cell, dict[str, tuple[Any, Cell]]]] = {}  # first row's written values
        self.unit_type_cells: dict[str, tuple[Any, Cell]] = {}  # team id -> the first 單位類型 a staff row gave it
        self.unit_type_split: set[str] = set()  # teams whose rows gave two unit types: said once, left undecided
        self.named_at: dict[Cell, Cell] = {}  # a row whose team its sheet or a heading names -> the naming cell
        self.team_named_by: dict[str, str] = {}  # team id -> "sheet" / "heading": no column names it
        self.as_of: list[tuple[Cell, AsOf]] = []  # the 資料基準日 title rows of the sheets read, in order
        self.requests: list[dict[str, Any]] = []
        self.headers: dict[tuple[str, str | None, int], str] = {}
        self.names: dict[str, list[int]] = {}  # 姓名 -> staff indexes, to join a history sheet kept by name
        self.sheets: dict[int, _Sheet] = {}  # id(table) -> how its rows are read
        self.skipped_rows: dict[tuple[str, str | None, str], list[int]] = {}  # (file, sheet, reason) -> rows
        self.absent: dict[tuple[str, str | None], frozenset[str]] = {}
        self.kinds: dict[tuple[str, str | None], str] = {}
        self.header_rows: dict[tuple[str, str | None], int] = {}
        self.worded: dict[Cell, str] = {}
        self.written: dict[Cell, str] = {}
        self.columns: dict[str, str] = {}

    # ------------------------------------------------------------------ driver

    def run(self) -> Conversion:
        for table in self.tables.by_kind.get("unassigned", []):
            self._problem(ir.IMPORT001, Cell(table.file, table.sheet, 1), "",
                          f"工作表「{table.sheet}」未匯入：對照檔的 sheets 沒有列出它；若不需匯入，請列在 sheets: ignore",
                          f"sheet {table.sheet!r} was not imported: the mapping's sheets do not name it; "
                          "list it under sheets: ignore if it is not needed")
        for table in self.tables.by_kind["teams"]:
            self._rows(table, "teams", self._team_row)
        for table in self.tables.by_kind["staff"]:
            self._rows(table, "staff", self._staff_row)
        if not self._no_roster_at_all():
            self._no_staff_sheet_with_rows()
            self._skipped_sheets()
        for table in self.tables.by_kind["segments"]:
            self._rows(table, "segments", self._segment_row)
        for table in self.tables.by_kind["requests"]:
            self._rows(table, "requests", self._request_row)
        self._skipped_rows()
        data: dict[str, Any] = {"format": "sncheck/plan@1"}
        county = self.settings.county or self.mapping.county
        if county is not None:
            data["county"] = vocab.canonical_county(county.strip())
        year = self.settings.plan_year if self.settings.plan_year is not None else self.mapping.plan_year
        if year is not None:
            data["plan_year"] = year
        if self.mapping.reference_date is not None:
            data["reference_date"] = to_date(self.mapping.reference_date)
        else:
            self._reference_from_titles(data)
        data["teams"] = self.teams
        data["staff"] = self.staff
        if self.tables.by_kind["requests"]:
            data["requests"] = self.requests
        order = [(t.file, t.sheet) for t in self.tables.seen]
        return Conversion(data, self.cells, self.problems, order, self.headers, self.absent, kinds=self.kinds,
                          header_rows=self.header_rows, worded=self.worded, written=self.written, columns=self.columns,
                          team_named_by=self.team_named_by)

    def _reference_from_titles(self, data: dict[str, Any]) -> None:
        """The roster's 資料基準日 title rows give the plan's reference date (the day seniority is counted to)
        when the mapping file does not; said at the cell it came from. Two sheets giving two days are one
        finding naming both, and neither is taken (the plan year's 1 January stays the reference date)."""
        for cell, as_of in self.as_of:
            if as_of.day is None:
                self._problem(ir.IMPORT001, cell, "", f"{cell.ref}「{as_of.written}」不是可讀的日期，未作為計算年資的基準日",
                              f"{cell.ref} {as_of.written!r} is not a readable date; not used as the reference date")
        days = {as_of.day: (cell, as_of) for cell, as_of in reversed(self.as_of) if as_of.day is not None}
        if not days:
            return
        (first, said), *others = sorted(days.values(), key=lambda found: self.as_of.index(found))
        if others:
            other, other_said = others[0]
            self._problem(ir.IMPORT001, other, "/reference_date",
                          f"資料基準日不一致：{first.ref}「{said.written}」，{other.ref}「{other_said.written}」；兩者都未採用，"
                          "年資計算至計畫年度的 1 月 1 日。請把各工作表的資料基準日改成同一天；或在對照檔寫 reference_date",
                          f"the sheets give two reference dates: {first.ref} {said.written!r} and {other.ref} "
                          f"{other_said.written!r}; neither was used, seniority is counted to 1 January of the plan "
                          "year. Make them the same day, or give reference_date in a mapping file")
            return
        data["reference_date"] = said.day
        self.cells["/reference_date"] = first
        self._info(first, f"計算年資的基準日：{roc_text(said.day or '')}（依 {first.ref}「{said.written}」）",
                   f"seniority is counted to {said.day} (from {first.ref} {said.written!r})")

    def _no_staff_sheet_with_rows(self) -> None:
        """An empty roster (a 0-byte CSV, a workbook whose staff sheets are blank) is not a county with no
        staff: it is the wrong file or a failed export. Said, rather than imported as an empty plan that passes."""
        staff_tables = self.tables.by_kind["staff"]
        if any(table.rows for table in staff_tables) or not self.tables.order:
            return
        first = (staff_tables or self.tables.order)[0]
        expected = "、".join(c.header for c in _required("staff"))
        self._problem(ir.IMPORT001, Cell(first.file, first.sheet, 1), "",
                      f"人員名冊是空的（沒有標題列 {expected}，也沒有資料列）；請確認選對檔案或工作表",
                      f"the staff roster is empty (no header row with {', '.join(c.header for c in _required('staff'))}"
                      ", no rows); check that this is the right file or sheet")

    def _no_roster_at_all(self) -> bool:
        """A workbook none of whose sheets is a roster (the wrong file, or headers nothing like a roster's)
        gets one finding saying what was looked for, not one per sheet or row. True when it got it."""
        left_out = {id(t) for t in self.tables.skipped + self.tables.ignored}
        looked = [t for t in self.tables.seen if id(t) in left_out]
        if self.tables.by_kind["staff"] or not self.tables.skipped:
            return False
        first = looked[0]
        names = "、".join(f"「{t.sheet}」" for t in looked)
        names_en = ", ".join(repr(t.sheet) for t in looked)
        self._problem(ir.IMPORT001, Cell(first.file, first.sheet, first.rows[0][0]), "",
                      f"這個活頁簿裡找不到人員名冊：工作表 {names} 的前 {HEADER_SEARCH_ROWS} 列都沒有名冊的標題列"
                      "（要有 員工編號、姓名 或 序號 之一，以及 職稱 或 經費來源）；請確認選對檔案，"
                      "或把標題列的欄名改成範本的欄名（例如「員工編號」「職稱」）",
                      f"no staff roster in this workbook: none of the sheets {names_en} has a roster's header row "
                      f"in its first {HEADER_SEARCH_ROWS} rows (員工編號, 姓名 or 序號, with 職稱 or 經費來源); check "
                      "that this is the right file, or name the columns under headers in a mapping file")
        return True

    def _skipped_sheets(self) -> None:
        for table in self.tables.skipped:
            self._info(Cell(table.file, table.sheet, table.rows[0][0]),
                       f"略過 工作表「{table.sheet}」（不是人員名冊，也不是年資、組別或經費需求表）",
                       f"skipped sheet {table.sheet!r} (not a staff roster, nor a service-history, teams or "
                       "requests table)")
        for table in self.tables.ignored:  # 說明, 代碼表, the mapping's ignore: left out by name, said once (issue 19)
            self._info(Cell(table.file, table.sheet, table.rows[0][0]),
                       f"略過 工作表「{table.sheet}」（說明或代碼表，依工作表名稱略過）",
                       f"skipped sheet {table.sheet!r} (notes or codes, left out by its name)")

    def _skipped_rows(self) -> None:
        """One info line per sheet and reason: 「略過 人力配置表 第 24 列（合計列）」."""
        for (file, sheet, reason), rows in self.skipped_rows.items():
            where = sheet if sheet is not None else Path(file).name
            zh, en = REASONS[reason]
            self._info(Cell(file, sheet, rows[0]), f"略過 {where} {row_list(rows, 'zh')}（{zh}）",
                       f"skipped {where} {row_list(rows, 'en')} ({en})")

    def _info(self, cell: Cell, zh: str, en: str) -> None:
        self._problem(ir.IMPORT003, cell, "", zh, en)

    def _problem(self, rule: InputRule, cell: Cell, pointer: str, zh: str, en: str) -> None:
        self.problems.append(RowProblem(rule, cell, pointer, zh, en))

    # ------------------------------------------------------------------ headers

    def _rows(self, table: Table, kind: str, handle: Any) -> None:
        lookup = header_table(kind, self.mapping.headers.get(kind))
        header = find_header(table.rows, lookup)
        if header is None:
            if table.rows:
                first = table.rows[0][0]
                expected = "、".join(c.header for c in _required(kind))
                self._problem(ir.IMPORT001, Cell(table.file, table.sheet, first), "",
                              f"前 {HEADER_SEARCH_ROWS} 列找不到標題列（例如 {expected}），整張表未匯入；"
                              "欄名不同時請用 --mapping 對照檔",
                              f"no header row in the first {HEADER_SEARCH_ROWS} rows (e.g. "
                              f"{', '.join(c.header for c in _required(kind))}); nothing was imported from it; "
                              "use a --mapping file when headers differ")
            return
        self.kinds[(table.file, table.sheet)] = kind
        self.header_rows[(table.file, table.sheet)] = header.rows[0]  # where _columns names header cells
        self.as_of.extend((Cell(table.file, table.sheet, a.row, a.column), a) for a in as_of_dates(table.rows, header))
        columns = self._columns(table, kind, header, lookup)
        sheet = self.sheets[id(table)]
        previous = header.rows[-1]
        for row_number, values in table.rows[header.index + 1:]:
            blank = list(range(previous + 1, row_number))
            previous = row_number
            if blank:
                self._skip(table, "blank", *blank)
            reason = skip_reason(values, header)
            if reason is not None:
                self._skip(table, reason, row_number)
                continue
            row: dict[int, Any] = {i: v for i, v in enumerate(values)
                                   if v is not None and not (isinstance(v, str) and not v.strip())}
            if kind == "staff" and sheet.team_from != "column" and self._section(sheet, row, row_number):
                self._skip(table, "section", row_number)
                continue
            if row:
                handle(table, row_number, row, columns)
        if kind == "staff" and sheet.first_heading is not None:
            self._headings_name_the_teams(sheet)

    def _headings_name_the_teams(self, sheet: "_Sheet") -> None:
        """A sheet without a 單位/組別 column whose people sit under unit heading rows (前鎮社福中心) does not
        lack the column: the headings name the teams. The header row's 「缺少必要欄位」 is withdrawn and the
        reading said once; a row above the first heading still lacks its team, and is told so by itself."""
        missing = sheet.absent.pop("team", None)
        heading = sheet.first_heading
        if missing is None or heading is None:
            return
        self.problems.remove(missing)
        key = (sheet.table.file, sheet.table.sheet)
        left = self.absent.get(key, frozenset()) - {"team"}
        if left:
            self.absent[key] = left
        else:
            self.absent.pop(key, None)
        self.columns.setdefault("staff.team", "單位標題列")
        self._info(missing.cell, f"工作表「{sheet.table.sheet}」沒有單位/組別欄，以單位標題列（如 {heading.ref}）為其下各列的組別",
                   f"sheet {sheet.table.sheet!r} has no 單位/組別 column: unit heading rows (such as {heading.ref}) "
                   "name the team of the rows under them")

    def _skip(self, table: Table, reason: str, *rows: int) -> None:
        self.skipped_rows.setdefault((table.file, table.sheet, reason), []).extend(rows)

    def _section(self, sheet: "_Sheet", row: dict[int, Any], row_number: int) -> bool:
        """A row holding only a unit's name (前鎮社福中心) heads the rows under it, on a sheet without a
        單位 column: it names their team and is not a person. Its cell is where the team is named."""
        if len(row) != 1:
            return False
        ((index, value),) = row.items()
        if not isinstance(value, str) or _unit_type_in(value.strip()) is None:
            return False
        sheet.section = value.strip()
        sheet.section_cell = Cell(sheet.table.file, sheet.table.sheet, row_number, index + 1)
        sheet.first_heading = sheet.first_heading or sheet.section_cell
        return True

    def _columns(self, table: Table, kind: str, header: Header,
                 lookup: dict[str, Column | None]) -> dict[int, Match | Tick | str | None]:
        """Column index → what it fills: a Match, a Tick, an ``x-`` field name, or None (ignored on purpose)."""
        columns: dict[int, Match | Tick | str | None] = {}
        seen: dict[tuple[str, int], int] = {}
        unknown: list[tuple[Cell, Any, Any]] = []  # (header cell, header as shown, its lower row's text)
        header_row = header.rows[0]
        for index, label in enumerate(header.labels):
            shown = header.shown[index] if index < len(header.shown) else None
            cell = Cell(table.file, table.sheet, header_row, index + 1)
            if shown is not None:
                self.headers[(table.file, table.sheet, index + 1)] = shown
            if index in header.ticks:
                columns[index] = header.ticks[index]
                self.columns.setdefault(plan_field(kind, header.ticks[index].column), shown or text_of(label))
                continue
            if label is None or not str(label).strip():
                columns[index] = f"x-{column_letter(index + 1)}"  # data under no header is kept, not lost
                continue
            # an answer keyed by the header as shown (a two-row header: 基本資料/最高學歷, as the page asks it)
            # counts as much as one keyed by the lower row's text
            joined = shown is not None and shown != label and normalize_header(shown) in lookup
            found = match_header(shown if joined else label, lookup)
            if found == "ignore":
                columns[index] = None
            elif isinstance(found, Match):
                key = (found.column.field if found.column.target != "segment" or kind == "segments"
                       else "segment." + found.column.field, found.group)
                if key == ("team", 0) and key in seen and kind == "staff":
                    found = self._unit_beside_team(columns, seen, index, label)
                    key = (found.column.field, 0)
                if key in seen:
                    first = column_letter(seen[key] + 1)
                    self._problem(ir.IMPORT001, cell, "",
                                  f"欄位「{shown}」與 {first} 欄重複，此欄內容原樣保留，但未用於檢核",
                                  f"column {shown!r} repeats column {first}; its cells are kept as an x- field")
                    columns[index] = f"x-{text_of(label)}#{column_letter(index + 1)}"
                else:
                    seen[key] = index
                    columns[index] = found
                    self.columns.setdefault(plan_field(kind, found.column), shown or text_of(label))
                    for stands_for in DECLARED_STANDS_IN.get(found.column.field, ()) if kind == "staff" else ():
                        self.columns.setdefault(stands_for, shown or text_of(label))
            else:
                columns[index] = f"x-{shown}"
                unknown.append((cell, shown, label))
        present = {(m.column.target, m.column.field) for m in columns.values() if isinstance(m, (Match, Tick))}
        for cell, shown, label in unknown:  # said once every known column is known: a guess names none of them
            self._unknown_column(kind, cell, shown, label, present)
        found_fields = {m.column.field for m in columns.values() if isinstance(m, (Match, Tick))}
        sheet = self.sheets[id(table)] = _Sheet(table, found_fields, self._sheet_names_a_team(table))
        sheet.unit_type_column = next((i + 1 for i, m in columns.items() if isinstance(m, Match)
                                       and m.column.field == "unit_type"), None)
        if sheet.team_from == "sheet":
            sheet.name_cell = _cell_naming(table, header, table.sheet or "")
        if kind == "staff" and sheet.team_from == "sheet":  # the sheet's name is the team: coverage has it
            self.columns.setdefault("staff.team", f"工作表名稱「{table.sheet}」")
        if kind == "staff" and sheet.id_from in ("serial", "row"):
            self.columns.setdefault("staff.id", "序號" if sheet.id_from == "serial" else "列號")
        absent = [c for c in _required(kind) if c.field not in found_fields and not sheet.stands_in_for(c.field, kind)]
        for column in absent:
            self._problem(ir.IMPORT001, Cell(table.file, table.sheet, header_row), "",
                          f"標題列缺少必要欄位「{column.header}」（各列缺這一欄不再逐列列出）",
                          f"the header row has no {column.header!r} column ({column.field}); the rows missing it "
                          "are not listed one by one")
            sheet.absent[column.field] = self.problems[-1]
        if kind == "staff" and absent:
            self.absent[(table.file, table.sheet)] = frozenset(c.field for c in absent)
        if kind == "staff":
            self._say_stand_ins(sheet, Cell(table.file, table.sheet, header_row))
        return columns

    def _unknown_column(self, kind: str, cell: Cell, shown: Any, label: Any, present: set[tuple[str, str]]) -> None:
        """IMPORT002 for a header no field has: why, when the wording file says; else the column it looks like
        (人事費來源 → 經費來源, with what that column holds), or plainly that it looks like none."""
        name = f"x-{shown}"
        asked = header_note(kind, shown)  # a header the wording file says why it maps to nothing
        if asked:
            self._problem(ir.IMPORT002, cell, "", f"欄位「{shown}」未對應名冊的欄位：{asked.note_zh}；內容原樣保留，但未用於檢核",
                          f"column {shown!r} is not mapped to a plan field: {asked.note_en}; kept as {name}")
            return
        like = likely_column(kind, text_of(label), present)
        head = f"不認得的欄位「{shown}」：內容原樣保留，但未用於檢核；"
        if like is not None:
            self._problem(ir.IMPORT002, cell, "",
                          f"{head}若它就是「{like.header}」欄（{like.help_zh}），請把欄名改成「{like.header}」",
                          f"unknown column {shown!r}, kept as {name}; if it is the {like.header} column "
                          f"({like.help_en}), rename it {like.header}")
            return
        self._problem(ir.IMPORT002, cell, "", f"{head}它的欄名不像範本的任何一欄；若檢核需要它，請把欄名改成範本的欄名",
                      f"unknown column {shown!r}, kept as {name}; its header looks like no column of the template; "
                      "if the check needs it, map it under headers")

    def _unit_beside_team(self, columns: dict[int, Match | Tick | str | None], seen: dict[tuple[str, int], int],
                          index: int, label: Any) -> Match:
        """Both 單位 and 組別: the unit column is the unit, the other the team inside it."""
        first = seen[("team", 0)]
        unit_headers = {normalize_header(h) for h in _UNIT.headers}
        if normalize_header(label) in unit_headers or first not in columns:
            return Match(_UNIT)
        columns[first] = Match(_UNIT)  # the unit came first (單位 | 組別): this one is the team
        seen[("unit", 0)] = first
        del seen[("team", 0)]
        return Match(next(c for c in COLUMNS["staff"] if c.field == "team"))

    def _sheet_names_a_team(self, table: Table) -> bool:
        """A workbook sheet that is not the roster's usual name (人員名冊) names the team its rows are in."""
        defaults = {normalize_header(n) for n in DEFAULT_SHEETS["staff"] + self.mapping.sheet_names("staff")}
        return table.sheet is not None and normalize_header(table.sheet) not in defaults

    def _say_stand_ins(self, sheet: "_Sheet", cell: Cell) -> None:
        where = sheet.table.sheet
        if sheet.team_from == "sheet":
            self._info(cell, f"工作表「{where}」沒有單位/組別欄，以工作表名稱「{where}」為組別",
                       f"sheet {where!r} has no 單位/組別 column: its name is the team")
        if sheet.id_from == "serial":
            self._info(cell, f"工作表「{where}」沒有員工編號欄，以序號為人員編號",
                       f"sheet {where!r} has no 員工編號 column: 序號 is the staff id")
        elif sheet.id_from == "row":
            self._info(cell, f"工作表「{where}」沒有員工編號欄，以列號為人員編號",
                       f"sheet {where!r} has no 員工編號 column: the row number is the staff id")

    def _split(self, table: Table, row_number: int, row: dict[int, Any],
               columns: dict[int, Match | Tick | str | None]) -> tuple[dict[str, tuple[Any, Cell]],
                                                                      dict[int, dict[str, tuple[Any, Cell]]],
                                                                      dict[str, tuple[Any, Cell]]]:
        """A row's cells as (own fields, segment groups, x- fields), each value with its cell."""
        own: dict[str, tuple[Any, Cell]] = {}
        groups: dict[int, dict[str, tuple[Any, Cell]]] = {}
        extras: dict[str, tuple[Any, Cell]] = {}
        ticked: dict[str, list[tuple[Tick, Cell]]] = {}
        for index, value in row.items():
            role = columns.get(index, f"x-{column_letter(index + 1)}")
            cell = Cell(table.file, table.sheet, row_number, index + 1)
            if role is None:
                continue
            if isinstance(value, UnreadableCell):
                self._problem(ir.IMPORT001, cell, "", f"儲存格 {cell.ref} 的內容已損壞，無法讀取；此格當作空白，其餘照常檢核",
                              f"cell {cell.ref} is damaged and cannot be read; it is taken as empty and the rest is "
                              "checked")
                continue
            if is_excel_error(value):
                self._unreadable(cell, value)
                continue
            if isinstance(role, Tick):
                mark = to_bool(value)
                if mark is True:
                    ticked.setdefault(role.column.field, []).append((role, cell))
                elif mark is not False:  # neither a tick nor a blank-like 否/0/✗: kept as written, reported
                    own[role.column.field] = (text_of(value), cell)
                continue
            if isinstance(role, str):
                extras[role] = (text_of(value) if not isinstance(value, (int, float, bool)) else value, cell)
                continue
            column = role.column
            extra_codes = self.mapping.values.get(column.field)
            keyed = column.field in ("staff_id", "staff_name")
            converted = text_of(value) if keyed else convert_cell(value, column, extra_codes)
            if extra_codes and not keyed and column.codes is not None and converted != convert_cell(value, column):
                self.worded[cell] = text_of(value)  # the page shows the question it answered
            if not keyed and isinstance(converted, str) and converted != text_of(value):
                self.written[cell] = text_of(value)  # samples on the page show what she wrote (a word, 108.03.01)
            if column.target == "segment" and not keyed:
                groups.setdefault(role.group, {})[column.field] = (converted, cell)
            else:
                own[column.field] = (converted, cell)
        for name, marks in ticked.items():
            if len(marks) == 1:
                own[name] = (marks[0][0].value, marks[0][1])
            else:  # two ticks for one field: kept as written, so the check reports it at the first
                own[name] = ("、".join(tick.label for tick, _ in marks), marks[0][1])
        return own, groups, extras

    def _unreadable(self, cell: Cell, value: Any) -> None:
        self._problem(ir.IMPORT001, cell, "",
                      f"儲存格 {cell.ref} 是公式錯誤值 {text_of(value)}，無法讀取；此格當作空白，其餘照常檢核",
                      f"cell {cell.ref} holds the formula error {text_of(value)} and cannot be read; it is taken "
                      "as empty and the rest is checked")

    # ------------------------------------------------------------------ teams

    def _team_row(self, table: Table, row_number: int, row: dict[int, Any], columns: Any) -> None:
        own, _, extras = self._split(table, row_number, row, columns)
        pointer = make_pointer("teams", len(self.teams))
        self.cells[pointer] = Cell(table.file, table.sheet, row_number)
        team: dict[str, Any] = {}
        if "id" not in own and "name" in own:
            own["id"] = own["name"]
        for name in ("id", "name", "unit_type", "program", "open_cases", "budgeted_positions"):
            if name in own:
                team[name] = own[name][0]
                self.cells[f"{pointer}/{name}"] = own[name][1]
        if "program" not in team and self.mapping.teams.program:
            team["program"] = self.mapping.teams.program
        self._extras(team, extras, pointer)
        self.teams.append(team)
        for key in ("id", "name"):
            if isinstance(team.get(key), str):
                self.team_lookup.setdefault(team[key], team["id"])

    def _team_ref(self, written: Any, cell: Cell) -> Any:
        """The team id for what a row wrote under 單位/組別; creates the team when there is no teams sheet."""
        text = text_of(written)
        if text in self.team_lookup:
            return self.team_lookup[text]
        if self.teams_from_sheet:
            return text  # names no team: the check reports REF001 at this row
        pointer = make_pointer("teams", len(self.teams))
        cell = self.named_at.get(cell, cell)  # a team named by its sheet or a heading row: the cell naming it
        team: dict[str, Any] = {"id": text}
        unit_type = self.mapping.teams.unit_types.get(text) or _unit_type_in(text) or self.mapping.teams.unit_type
        if unit_type:
            team["unit_type"] = unit_type
        if self.mapping.teams.program:
            team["program"] = self.mapping.teams.program
        self.teams.append(team)
        self.cells[pointer] = cell
        self.team_lookup[text] = text
        return text

    # ------------------------------------------------------------------ staff

    def _staff_row(self, table: Table, row_number: int, row: dict[int, Any], columns: Any) -> None:
        own, groups, extras = self._split(table, row_number, row, columns)
        row_cell = Cell(table.file, table.sheet, row_number)
        sheet = self.sheets[id(table)]
        if "id" not in own and sheet.id_from != "id" and set(own) - {"serial"}:
            own["id"] = self._stand_in_id(sheet, own, row_cell)
        if own.keys() & {"team", "unit"}:
            own["team"] = self._team_written(sheet, own, row_cell) or own["team"]
        staff_id = own.get("id", (None, None))[0]
        index = self.staff_index.get(staff_id) if staff_id is not None else None
        if staff_id is None and not own and groups and self.staff:
            index = len(self.staff) - 1  # merged 員工編號 cells: segment rows under the person above
        if index is None:
            team = own.get("team") or self._team_written(sheet, own, row_cell)
            if team is not None:
                own["team"] = team
            self._new_staff(row_cell, own, extras, groups)
            return
        self._check_same_person(index, row_cell, own)
        added = [self._add_segment(index, groups[group], row_cell) for group in sorted(groups)]
        person = self.staff[index]
        for name, (value, cell) in extras.items():
            # a later row's own notes go with the segment it adds, else with the person
            target, pointer = added[-1] if added else (person, make_pointer("staff", index))
            if target.get(name, value) != value:
                self._problem(ir.IMPORT001, cell, make_pointer("staff", index, name),
                              f"員工編號「{staff_id}」的欄位「{name[2:]}」與前面的列不同，且此列沒有年資可附上",
                              f"staff id {staff_id!r}: column {name[2:]!r} differs from an earlier row and this row "
                              "adds no service segment to hold it")
                continue
            target[name] = value
            self.cells[f"{pointer}/{escape_token(name)}"] = cell

    def _stand_in_id(self, sheet: "_Sheet", own: dict[str, tuple[Any, Cell]], row_cell: Cell) -> tuple[str, Cell]:
        """The staff id of a sheet without one: ``序號3`` (else ``第14列``), after the sheet's name when the
        roster has several sheets (each unit's sheet numbers its people from 1): ``家防中心-序號3``."""
        prefix = f"{sheet.table.sheet}-" if len(self.tables.by_kind["staff"]) > 1 else ""
        if "serial" in own:
            serial, cell = own["serial"]
            return f"{prefix}序號{text_of(serial)}", cell
        return f"{prefix}第{row_cell.row}列", row_cell

    def _team_written(self, sheet: "_Sheet", own: dict[str, tuple[Any, Cell]],
                      row_cell: Cell) -> tuple[Any, Cell] | None:
        """The team a new person's row names: 單位 + 組別 as the team within its unit, the 組別 of a unit's
        own sheet within that unit, else the unit heading above the row or the sheet's name."""
        unit = own.pop("unit", None)
        team = own.get("team")
        if unit is not None and team is not None:
            return f"{text_of(unit[0])}/{text_of(team[0])}", team[1]
        if team is not None:
            name = sheet.table.sheet or ""
            if sheet.named_team and "unit" not in sheet.fields and _unit_type_in(name) \
                    and not _unit_type_in(text_of(team[0])):
                return f"{name}/{text_of(team[0])}", team[1]
            return team
        if unit is not None:
            return unit
        if sheet.section is not None:
            self.named_at[row_cell] = sheet.section_cell or row_cell
            self.team_named_by.setdefault(sheet.section, "heading")
            return sheet.section, row_cell
        if sheet.team_from == "sheet" and sheet.table.sheet is not None:
            # the row's 單位類型 cell (where she gives the unit type), else a title cell naming the sheet, else
            # the row's first cell: a place Excel can go to, never a bare row number
            column = sheet.unit_type_column
            self.named_at[row_cell] = Cell(row_cell.file, row_cell.sheet, row_cell.row, column) if column else \
                sheet.name_cell or Cell(row_cell.file, row_cell.sheet, row_cell.row, _first_column(own, row_cell))
            self.team_named_by.setdefault(sheet.table.sheet, "sheet")
            return sheet.table.sheet, row_cell
        return None

    def _new_staff(self, row_cell: Cell, own: dict[str, tuple[Any, Cell]],
                   extras: dict[str, tuple[Any, Cell]], groups: dict[int, dict[str, tuple[Any, Cell]]]) -> None:
        index = len(self.staff)
        pointer = make_pointer("staff", index)
        self.cells[pointer] = row_cell
        person: dict[str, Any] = {}
        for name in _STAFF_ORDER:
            if name not in own or (name in ("name", "national_id") and not self.settings.names):
                continue
            value, cell = own[name]
            if name == "team":
                value = self._team_ref(value, cell)
            person[name] = value
            self.cells[f"{pointer}/{name}"] = cell
        self._extras(person, extras, pointer)
        self.staff.append(person)
        if "unit_type" in own:
            self._team_unit_type(person.get("team"), *own["unit_type"])
        if isinstance(person.get("id"), str):
            self.staff_index.setdefault(person["id"], index)
        if "name" in own:  # kept even with --no-names: a history sheet kept by name finds its person
            self.names.setdefault(text_of(own["name"][0]), []).append(index)
        self.staff_rows[index] = (row_cell, own)
        for group in sorted(groups):
            self._add_segment(index, groups[group], row_cell)

    def _team_unit_type(self, team_id: Any, value: Any, cell: Cell) -> None:
        """A staff row's 單位類型 gives its team the unit type (a roster kept without a teams sheet). Every row
        of a team, and its teams-sheet row, must say the same: one that says another is one finding at its
        cell, and the team's unit type is left undecided rather than taken from either row. A unit type the
        mapping file or the page's answer gives the team decides it (she chose, seeing the cells)."""
        if not self.teams_from_sheet and team_id in self.mapping.teams.unit_types:
            return
        index = next((i for i, t in enumerate(self.teams) if t.get("id") == team_id), None)
        if not isinstance(team_id, str) or index is None or team_id in self.unit_type_split:
            return  # a team nobody has is REF001 at the row's 組別 cell
        team, pointer = self.teams[index], make_pointer("teams", index, "unit_type")
        first = self.unit_type_cells.get(team_id)
        if first is None and self.teams_from_sheet and "unit_type" in team and pointer in self.cells:
            first = (team["unit_type"], self.cells[pointer])
        if first is None:
            self.unit_type_cells[team_id] = (value, cell)
            self._unit_type_beside_name(team_id, value, cell)
            team["unit_type"] = value  # the column says it: before what the team's name suggests
            self.cells[pointer] = cell
            return
        if first[0] == value:
            return
        self.unit_type_split.add(team_id)
        team.pop("unit_type", None)
        was, now = self.written.get(first[1], text_of(first[0])), self.written.get(cell, text_of(value))
        self._problem(ir.IMPORT001, cell, pointer,
                      f"組別「{team_id}」的單位類型在 {first[1].ref} 是「{was}」，{cell.ref} 是「{now}」；同一組別的各列"
                      "請填相同的單位類型或留空。此組別的單位類型未判定，依單位類型的規定（如督導比）未檢核此組別",
                      f"team {team_id!r}: its unit type is {was!r} at {first[1].ref} but {now!r} at {cell.ref}; the "
                      "rows of one team must agree or be empty. The team's unit type is left undecided and the rules "
                      "that depend on it (such as the supervisor ratio) did not check the team")

    def _unit_type_beside_name(self, team_id: str, value: Any, cell: Cell) -> None:
        """A team whose name states one unit type (北區社福中心) and whose 單位類型 cell says another: the
        column's word is used, and a warning names both, so the officer settles which is right."""
        named = _unit_type_in(team_id) if not self.teams_from_sheet else None
        if named is None or value == named or value not in vocab.UNIT_TYPES:
            return
        said = self.written.get(cell, text_of(value))
        word = max((w for w in vocab.UNIT_TYPES[named] if w in team_id), key=len)  # 社福中心 in 北區社福中心
        # no pointer: the team is checked (as the column says), so coverage must not count it as unread
        self._problem(ir.IMPORT004, cell, "",
                      f"{cell.ref}「單位類型」填「{said}」，但組別名稱「{team_id}」寫的是「{word}」；此組別依「單位類型」欄"
                      f"以{said}檢核。請確認：組別名稱對的話，把 {cell.ref} 改為「{word}」",
                      f"{cell.ref} (單位類型) says {said!r}, but the team's name {team_id!r} says {word!r} ({named}); "
                      f"the team is checked as {value}, from the column. If the name is right, change {cell.ref} "
                      f"to {word!r}")

    def _check_same_person(self, index: int, row_cell: Cell, own: dict[str, tuple[Any, Cell]]) -> None:
        first_cell, first = self.staff_rows[index]
        for name, (value, cell) in own.items():
            if name == "id" or name not in first or first[name][0] == value:
                continue
            column = next(c for c in COLUMNS["staff"] + OFFICE_COLUMNS["staff"] if c.field == name)
            staff_id = first["id"][0]
            if name == "name":  # personal data: say that it differs, not what it says
                zh = f"員工編號「{staff_id}」的{column.header}與第 {first_cell.row} 列不同"
                en = f"staff id {staff_id!r}: {column.header} differs from row {first_cell.row}"
            else:
                zh = (f"員工編號「{staff_id}」的{column.header}在第 {first_cell.row} 列是「{text_of(first[name][0])}」，"
                      f"此列是「{text_of(value)}」；同一人的各列請填相同內容或留空")
                en = (f"staff id {staff_id!r}: {column.header} is {text_of(first[name][0])!r} in row "
                      f"{first_cell.row} but {text_of(value)!r} here; rows of one person must agree or be empty")
            self._problem(ir.IMPORT001, cell, make_pointer("staff", index, name), zh, en)

    def _add_segment(self, index: int, values: dict[str, tuple[Any, Cell]],
                     row_cell: Cell) -> tuple[dict[str, Any], str]:
        """Append one segment (fields in plan order) to a person's history; (segment, its pointer)."""
        history = self.staff[index].setdefault("history", [])
        pointer = make_pointer("staff", index, "history", len(history))
        self.cells[pointer] = row_cell
        segment: dict[str, Any] = {}
        for name in _SEGMENT_ORDER:
            if name in values:
                segment[name], self.cells[f"{pointer}/{name}"] = values[name]
        history.append(segment)
        return segment, pointer

    # ------------------------------------------------------------------ segments sheet

    def _segment_row(self, table: Table, row_number: int, row: dict[int, Any], columns: Any) -> None:
        own, groups, extras = self._split(table, row_number, row, columns)
        row_cell = Cell(table.file, table.sheet, row_number)
        sheet = self.sheets[id(table)]
        staff_id, cell = own.get("staff_id", (None, row_cell))
        index = self.staff_index.get(staff_id) if staff_id is not None else None
        if staff_id is None and "staff_name" in own:
            index = self._by_name(*own["staff_name"])
            if index is None:
                sheet.last_owner = None
                return
        elif staff_id is None and "staff_id" not in sheet.fields and sheet.last_owner is not None:
            index = sheet.last_owner  # a merged 姓名 cell: more service of the person above
        if index is None:
            if staff_id is None:
                zh, en = "這列年資沒有員工編號，無法歸屬到任何人員", "this service row has no staff id; it belongs to nobody"
            else:
                zh = f"員工編號「{staff_id}」不在人員名冊中，這列年資無法歸屬"
                en = f"staff id {staff_id!r} is not in the roster; this service row belongs to nobody"
            self._problem(ir.IMPORT001, cell, "", zh, en)
            return
        sheet.last_owner = index
        added = [self._add_segment(index, groups.get(group, {}), row_cell) for group in sorted(groups) or [0]]
        segment, pointer = added[-1]
        self._extras(segment, extras, pointer)

    def _by_name(self, name: Any, cell: Cell) -> int | None:
        """The one person of the roster with this 姓名; two people sharing it is a finding, never a guess.
        The messages name rows, not the name (personal data)."""
        found = self.names.get(text_of(name), [])
        if len(found) == 1:
            return found[0]
        if not found:
            self._problem(ir.IMPORT001, cell, "", "這列年資的姓名不在人員名冊中，無法歸屬到任何人員",
                          "the name on this service row is not in the roster; it belongs to nobody")
            return None
        rows = [self.staff_rows[i][0] for i in found]
        zh_rows = "、".join(r.comment("zh") for r in rows)
        en_rows = ", ".join(r.comment("en") for r in rows)
        self._problem(ir.IMPORT001, cell, "",
                      f"這列年資的姓名在人員名冊有 {len(found)} 位（{zh_rows}），無法判定屬於誰，未採計；"
                      "請在名冊與年資表都加上員工編號",
                      f"the name on this service row belongs to {len(found)} people of the roster ({en_rows}); "
                      "it cannot be told whose it is and was not counted; add 員工編號 to both sheets")
        return None

    # ------------------------------------------------------------------ requests

    def _request_row(self, table: Table, row_number: int, row: dict[int, Any], columns: Any) -> None:
        own, _, extras = self._split(table, row_number, row, columns)
        pointer = make_pointer("requests", len(self.requests))
        self.cells[pointer] = Cell(table.file, table.sheet, row_number)
        request: dict[str, Any] = {"id": f"R-{row_number}"}
        for name in ("id", "team", "unit_type", "category", "funding_source", "amount", "year", "note"):
            if name in own:
                value, cell = own[name]
                request[name] = self._team_ref(value, cell) if name == "team" else value
                self.cells[f"{pointer}/{name}"] = cell
        if "unit_type" not in request and "team" in request:
            team = next((t for t in self.teams if t.get("id") == request["team"]), None)
            if team and "unit_type" in team:
                request["unit_type"] = team["unit_type"]
        ordered: dict[str, Any] = {k: request[k] for k in ("id", "team", "unit_type", "category", "funding_source", "amount",
                                           "year", "note") if k in request}
        self._extras(ordered, extras, pointer)
        self.requests.append(ordered)

    # ------------------------------------------------------------------ helpers

    def _extras(self, target: dict[str, Any], extras: dict[str, tuple[Any, Cell]], pointer: str) -> None:
        for name, (value, cell) in extras.items():
            target[name] = value
            self.cells[f"{pointer}/{escape_token(name)}"] = cell


@dataclass
class _Sheet:
    """How one sheet's rows are read when a column the template has is missing."""

    table: Table
    fields: set[str]  # the fields its header names (tick columns included)
    named_team: bool  # its name is not the roster's usual one: it can name the team of its rows
    section: str | None = None  # the unit heading row above the current rows
    section_cell: "Cell | None" = None  # the heading's cell
    name_cell: "Cell | None" = None  # a title cell above the header that holds the sheet's name (北區家庭服務中心名冊)
    unit_type_column: int | None = None  # the column of 單位類型, if the sheet has one
    first_heading: "Cell | None" = None  # the first unit heading row's cell
    absent: dict[str, RowProblem] = field(default_factory=dict)  # required field -> its 「缺少必要欄位」 finding
    last_owner: int | None = None  # history sheets: the person the previous row belonged to

    @property
    def team_from(self) -> str | None:
        if self.fields & {"team", "unit"}:
            return "column"
        return "sheet" if self.named_team else None

    @property
    def id_from(self) -> str | None:
        if "id" in self.fields:
            return "id"
        if "serial" in self.fields:
            return "serial"
        return "row" if "name" in self.fields else None

    def stands_in_for(self, field: str, kind: str) -> bool:
        """Whether the sheet has what takes the place of a missing required column."""
        if kind == "staff" and field == "id":
            return self.id_from is not None
        if kind == "staff" and field == "team":
            return self.team_from == "sheet"
        return kind == "segments" and field == "staff_id" and "staff_name" in self.fields


def plan_field(kind: str, column: Column) -> str:
    """The plan field a column fills: ``staff.pay_points``, ``staff.history.budget``, ``teams.open_cases``."""
    if column.target == "segment" or kind == "segments":
        return f"staff.history.{column.field}"
    if column.target == "team":  # a staff sheet's 單位類型 fills its team's unit type
        return f"teams.{column.field}"
    return f"{kind}.{column.field}"


def _cell_naming(table: Table, header: Header, name: str) -> Cell | None:
    """The first cell above the header whose text holds ``name`` (a title row 「北區家庭服務中心 社工人員名冊」)."""
    wanted = normalize_header(name)
    for row_number, values in table.rows[:header.index]:
        if row_number >= header.rows[0]:
            break
        for index, value in enumerate(values):
            if wanted and isinstance(value, str) and wanted in normalize_header(value):
                return Cell(table.file, table.sheet, row_number, index + 1)
    return None


def _first_column(own: dict[str, tuple[Any, Cell]], row_cell: Cell) -> int:
    """The first column a row has a value in (its 序號 or 姓名), where a finding about the row's team goes
    when no cell names the team."""
    return min((cell.column for _, cell in own.values() if cell.column and cell.row == row_cell.row), default=1)


def _required(kind: str) -> list[Column]:
    return [c for c in COLUMNS[kind] if c.required]


def _unit_type_in(name: str) -> str | None:
    """The unit type a team's name states (``北區社福中心`` → social_welfare_center), if exactly one."""
    found = {code for code, aliases in vocab.UNIT_TYPES.items() if code != "other"
             for alias in aliases if alias in name}
    return found.pop() if len(found) == 1 else None
