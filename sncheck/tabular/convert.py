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
from sncheck.read.limits import Limits
from sncheck.model.pointers import escape_token, make_pointer
from sncheck.tabular.annotate import is_annotation_sheet
from sncheck.tabular.cells import convert as convert_cell
from sncheck.tabular.cells import text_of, to_date
from sncheck.tabular.headers import (COLUMNS, Column, Match, column_letter, header_table, known_header_count, match_header,
                      normalize_header)
from sncheck.tabular.mapping import ImportMapping
from sncheck.tabular.reader import Table, TableError, read_tables

HEADER_SEARCH_ROWS = 10  # a title row or two above the headers is common
_STAFF_ORDER = ("id", "name", "team", "role", "funding", "pay_points", "protective", "profession", "hired",
                "recruitment", "recruitment_attempts", "new_position", "training_hours")
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

    def _named(self, table: Table, kind: str) -> bool:
        wanted = {normalize_header(n) for n in self.mapping.sheet_names(kind)}
        return table.sheet is not None and normalize_header(table.sheet) in wanted

    def add_roster(self, tables: list[Table]) -> None:
        explicit_staff = "staff" in self.mapping.sheets
        for table in tables:
            if self._named(table, "ignore") or (table.rows and is_annotation_sheet(table.sheet, table.rows[0][1])):
                continue  # the findings sheet of an annotated copy is not roster data
            kind = next((k for k in ("segments", "requests", "teams") if self._named(table, k)), None)
            if kind is None and (not explicit_staff or self._named(table, "staff") or table.sheet is None):
                kind = "staff"
            if kind is None and not table.rows:
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
        self.requests: list[dict[str, Any]] = []
        self.headers: dict[tuple[str, str | None, int], str] = {}

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
        self._no_staff_sheet_with_rows()
        for table in self.tables.by_kind["segments"]:
            self._rows(table, "segments", self._segment_row)
        for table in self.tables.by_kind["requests"]:
            self._rows(table, "requests", self._request_row)
        data: dict[str, Any] = {"format": "sncheck/plan@1"}
        county = self.settings.county or self.mapping.county
        if county is not None:
            data["county"] = vocab.canonical_county(county.strip())
        year = self.settings.plan_year if self.settings.plan_year is not None else self.mapping.plan_year
        if year is not None:
            data["plan_year"] = year
        if self.mapping.reference_date is not None:
            data["reference_date"] = to_date(self.mapping.reference_date)
        data["teams"] = self.teams
        data["staff"] = self.staff
        if self.tables.by_kind["requests"]:
            data["requests"] = self.requests
        order = [(t.file, t.sheet) for t in self.tables.order]
        return Conversion(data, self.cells, self.problems, order, self.headers)

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

    def _problem(self, rule: InputRule, cell: Cell, pointer: str, zh: str, en: str) -> None:
        self.problems.append(RowProblem(rule, cell, pointer, zh, en))

    # ------------------------------------------------------------------ headers

    def _rows(self, table: Table, kind: str, handle: Any) -> None:
        lookup = header_table(kind, self.mapping.headers.get(kind))
        header_at = next((i for i, (_, values) in enumerate(table.rows[:HEADER_SEARCH_ROWS])
                          if known_header_count(values, lookup) >= 2), None)
        if header_at is None:
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
        header_row, header_values = table.rows[header_at]
        columns = self._columns(table, kind, header_row, header_values, lookup)
        for row_number, values in table.rows[header_at + 1:]:
            row: dict[int, Any] = {i: v for i, v in enumerate(values)
                                   if v is not None and not (isinstance(v, str) and not v.strip())}
            if row:
                handle(table, row_number, row, columns)

    def _columns(self, table: Table, kind: str, header_row: int, values: list[Any],
                 lookup: dict[str, Column | None]) -> dict[int, Match | str | None]:
        """Column index → what it fills: a Match, an ``x-`` field name, or None (ignored on purpose)."""
        columns: dict[int, Match | str | None] = {}
        seen: dict[tuple[str, int], int] = {}
        for index, header in enumerate(values):
            cell = Cell(table.file, table.sheet, header_row, index + 1)
            if header is not None:
                self.headers[(table.file, table.sheet, index + 1)] = text_of(header)
            if header is None or not str(header).strip():
                columns[index] = f"x-{column_letter(index + 1)}"  # data under no header is kept, not lost
                continue
            found = match_header(header, lookup)
            if found == "ignore":
                columns[index] = None
            elif isinstance(found, Match):
                key = (found.column.field if found.column.target != "segment" or kind == "segments"
                       else "segment." + found.column.field, found.group)
                if key in seen:
                    first = column_letter(seen[key] + 1)
                    self._problem(ir.IMPORT001, cell, "",
                                  f"欄位「{header}」與 {first} 欄重複，此欄內容保留為 x- 欄位",
                                  f"column {header!r} repeats column {first}; its cells are kept as an x- field")
                    columns[index] = f"x-{text_of(header)}#{column_letter(index + 1)}"
                else:
                    seen[key] = index
                    columns[index] = found
            else:
                name = f"x-{text_of(header)}"
                self._problem(ir.IMPORT002, cell, "",
                              f"不認得的欄位「{header}」，內容原樣保留為 {name}；若它是計畫欄位，請在對照檔 headers 指定",
                              f"unknown column {header!r}, kept as {name}; if it is a plan field, map it under headers")
                columns[index] = name
        found_fields = {m.column.field for m in columns.values() if isinstance(m, Match)}
        for column in _required(kind):
            if column.field not in found_fields:
                self._problem(ir.IMPORT001, Cell(table.file, table.sheet, header_row), "",
                              f"標題列缺少必要欄位「{column.header}」",
                              f"the header row has no {column.header!r} column ({column.field})")
        return columns

    def _split(self, table: Table, row_number: int, row: dict[int, Any],
               columns: dict[int, Match | str | None]) -> tuple[dict[str, tuple[Any, Cell]],
                                                               dict[int, dict[str, tuple[Any, Cell]]],
                                                               dict[str, tuple[Any, Cell]]]:
        """A row's cells as (own fields, segment groups, x- fields), each value with its cell."""
        own: dict[str, tuple[Any, Cell]] = {}
        groups: dict[int, dict[str, tuple[Any, Cell]]] = {}
        extras: dict[str, tuple[Any, Cell]] = {}
        for index, value in row.items():
            role = columns.get(index, f"x-{column_letter(index + 1)}")
            cell = Cell(table.file, table.sheet, row_number, index + 1)
            if role is None:
                continue
            if isinstance(role, str):
                extras[role] = (text_of(value) if not isinstance(value, (int, float, bool)) else value, cell)
                continue
            column = role.column
            extra_codes = self.mapping.values.get(column.field)
            converted = convert_cell(value, column, extra_codes) if column.field != "staff_id" else text_of(value)
            if column.target == "segment" and column.field != "staff_id":
                groups.setdefault(role.group, {})[column.field] = (converted, cell)
            else:
                own[column.field] = (converted, cell)
        return own, groups, extras

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
        staff_id = own.get("id", (None, None))[0]
        index = self.staff_index.get(staff_id) if staff_id is not None else None
        if staff_id is None and not own and groups and self.staff:
            index = len(self.staff) - 1  # merged 員工編號 cells: segment rows under the person above
        if index is None:
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

    def _new_staff(self, row_cell: Cell, own: dict[str, tuple[Any, Cell]],
                   extras: dict[str, tuple[Any, Cell]], groups: dict[int, dict[str, tuple[Any, Cell]]]) -> None:
        index = len(self.staff)
        pointer = make_pointer("staff", index)
        self.cells[pointer] = row_cell
        person: dict[str, Any] = {}
        for name in _STAFF_ORDER:
            if name not in own or (name == "name" and not self.settings.names):
                continue
            value, cell = own[name]
            if name == "team":
                value = self._team_ref(value, cell)
            person[name] = value
            self.cells[f"{pointer}/{name}"] = cell
        self._extras(person, extras, pointer)
        self.staff.append(person)
        if isinstance(person.get("id"), str):
            self.staff_index.setdefault(person["id"], index)
        self.staff_rows[index] = (row_cell, own)
        for group in sorted(groups):
            self._add_segment(index, groups[group], row_cell)

    def _check_same_person(self, index: int, row_cell: Cell, own: dict[str, tuple[Any, Cell]]) -> None:
        first_cell, first = self.staff_rows[index]
        for name, (value, cell) in own.items():
            if name == "id" or name not in first or first[name][0] == value:
                continue
            column = next(c for c in COLUMNS["staff"] if c.field == name)
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
        staff_id, cell = own.get("staff_id", (None, Cell(table.file, table.sheet, row_number)))
        index = self.staff_index.get(staff_id) if staff_id is not None else None
        if index is None:
            if staff_id is None:
                zh, en = "這列年資沒有員工編號，無法歸屬到任何人員", "this service row has no staff id; it belongs to nobody"
            else:
                zh = f"員工編號「{staff_id}」不在人員名冊中，這列年資無法歸屬"
                en = f"staff id {staff_id!r} is not in the roster; this service row belongs to nobody"
            self._problem(ir.IMPORT001, cell, "", zh, en)
            return
        row_cell = Cell(table.file, table.sheet, row_number)
        added = [self._add_segment(index, groups.get(group, {}), row_cell) for group in sorted(groups) or [0]]
        segment, pointer = added[-1]
        self._extras(segment, extras, pointer)

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


def _required(kind: str) -> list[Column]:
    return [c for c in COLUMNS[kind] if c.required]


def _unit_type_in(name: str) -> str | None:
    """The unit type a team's name states (``北區社福中心`` → social_welfare_center), if exactly one."""
    found = {code for code, aliases in vocab.UNIT_TYPES.items() if code != "other"
             for alias in aliases if alias in name}
    return found.pop() if len(found) == 1 else None
