"""How a message names a place of a county's workbook: sheet, row, cell and the header the county wrote.

The workbook side of ``sncheck.read.places`` (which words the same places for a plan file): the
converter remembers the cell of every item and field (``Conversion.cells``) and each column's
header, so a finding says ``人員名冊!H12「經費來源」`` where a plan says ``人員（編號 9）的經費來源``,
a person is ``第 12 列（編號 9）``, a fix says what to type in which cell (``把 人員名冊!H12「經費來源」
改為「自籌」``: the word the corrected copy writes, chosen by ``writeback.Writer`` from the county's own
words, or the tick it moves) and a missing field names the column to add and the values it takes. No YAML
key appears: the county never wrote one.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Sequence

from sncheck.model.input_rules import IMPORT002
from sncheck.read.places import LIST_KINDS, PlanPlaces, allowed_values, field_label, kind_at, spaced, value_label
from sncheck.model.pointers import make_pointer, pointer_tokens
from sncheck.model import vocabulary as vocab
from sncheck.tabular.cells import text_of
from sncheck.tabular.convert import Cell, Conversion
from sncheck.tabular.headers import COLUMNS, LIKENESS, Match, header_table, likeness, match_header
from sncheck.tabular.writeback import EditPlanner

# the segment columns a service history is written in
_HISTORY_FIELDS = ("from", "to", "budget")


@lru_cache(maxsize=None)
def template_header(kind: str, field: str) -> str:
    """The header the roster template uses for a field (``經費來源``); the zh label when none does."""
    for columns in COLUMNS.values():
        for column in columns:
            if column.target == kind and column.field == field:
                return column.header
    return field_label(kind, field)


def _put(where: str) -> str:
    """``把 人員名冊!D10「…」`` (a space before a cell reference), ``把「中央補助比率」``."""
    return f"把{where}" if where.startswith("「") else f"把 {where}"


class WorkbookPlaces(PlanPlaces):
    def __init__(self, data: Any, lang: str, conversion: Conversion, planner: EditPlanner | None = None) -> None:
        super().__init__(data, lang)
        self.conversion = conversion
        self.planner = planner or EditPlanner(conversion)  # shared by every finding's text (places_for)
        self._columns: dict[tuple[str, str | None, str, str], int] | None = None
        self._several_sheets = len({sheet for sheet in conversion.sheet_order}) > 1

    # ------------------------------------------------------------------ cells

    def _column(self, cell: Cell, kind: str, field: str) -> int | None:
        """The column of ``field`` in the sheet of ``cell`` (a column the county has, even if this row's
        cell is empty), or None when the sheet has no such column."""
        if self._columns is None:
            self._columns = {}
            for pointer, found in self.conversion.cells.items():
                tokens = pointer_tokens(pointer)
                if found.column is not None and tokens and not tokens[-1].isdigit():
                    self._columns.setdefault((found.file, found.sheet, kind_at(tokens), tokens[-1]), found.column)
        return self._columns.get((cell.file, cell.sheet, kind, field))

    def _row(self, cell: Cell) -> str:
        prefix = f"{cell.sheet}" if cell.sheet and self._several_sheets else ""
        if self.zh:
            return f"{prefix}第 {cell.row} 列"
        return f"{prefix + ' ' if prefix else ''}row {cell.row}"

    def _header(self, cell: Cell, kind: str, field: str) -> str:
        return self.conversion.header_of(cell) or template_header(kind, field)

    # ------------------------------------------------------------------ naming

    def item(self, pointer: str) -> str:
        cell = self.conversion.cells.get(pointer)
        tokens = pointer_tokens(pointer)
        if cell is None or len(tokens) < 2 or tokens[0] not in LIST_KINDS:
            return super().item(pointer)
        if tokens[0] == "teams":
            return super().item(pointer)  # a team is named by the name the county gave it
        item = self._item_data(tokens[0], int(tokens[1])) if tokens[1].isdigit() else None
        item_id = item.get("id") if isinstance(item, dict) else None
        if len(tokens) >= 4 and tokens[2] == "history":
            person = self.conversion.cells.get(make_pointer(*tokens[:2]))
            if person is not None and (person.file, person.sheet, person.row) == (cell.file, cell.sheet, cell.row):
                return super().item(pointer)  # segments in the person's own row: 第 12 列（編號 9）的第 2 段…
            return self._row(cell)
        if tokens[0] == "staff" and item_id is not None:
            return f"{self._row(cell)}（編號 {item_id}）" if self.zh else f"{self._row(cell)} (id {item_id})"
        return self._row(cell)

    def nth(self, list_name: str, index: int) -> str:
        cell = self.conversion.cells.get(make_pointer(list_name, index))
        return self._row(cell) if cell is not None else super().nth(list_name, index)

    def _segment_name(self, person: str, index: int) -> str:
        return f"{person}的第 {index + 1} 段年資" if self.zh else f"{person}, service segment {index + 1}"

    def by_id(self, list_name: str, item_id: Any) -> str:
        pointer = self.pointer_of(list_name, item_id)
        if pointer is None or list_name == "teams" or pointer not in self.conversion.cells:
            return super().by_id(list_name, item_id)
        return self.item(pointer)

    def people(self, ids: Sequence[Any]) -> str:
        return ("、" if self.zh else ", ").join(self.by_id("staff", i) for i in ids)

    def at(self, pointer: str, key: bool = False) -> str:
        tokens = pointer_tokens(pointer)
        if not tokens or tokens[-1].isdigit():
            return self.item(pointer)
        kind, field = kind_at(tokens), tokens[-1]
        cell = self.conversion.cells.get(pointer)
        if cell is not None and cell.column is not None:
            return f"{cell.ref}「{self._header(cell, kind, field)}」"
        if kind == "plan":
            return f"「{field_label(kind, field)}」"
        row = self.conversion.cells.get(make_pointer(*tokens[:-1]))
        if row is None:
            return super().at(pointer, key)
        column = self._column(row, kind, field)
        if column is not None:
            ref = Cell(row.file, row.sheet, row.row, column).ref
            return f"{ref}「{self._header(Cell(row.file, row.sheet, row.row, column), kind, field)}」"
        header = template_header(kind, field)
        return f"{spaced(self.item(make_pointer(*tokens[:-1])))}的「{header}」欄" if self.zh \
            else f"column {header} of {self.item(make_pointer(*tokens[:-1]))}"

    def label(self, kind: str, field: str, key: bool = False) -> str:
        if kind == "staff" and field == "history":
            return "".join(f"「{template_header('segment', f)}」" for f in _HISTORY_FIELDS) + ("欄" if self.zh else "")
        return f"「{template_header(kind, field)}」"

    # ------------------------------------------------------------------ what to do

    def field_of(self, list_name: str, ids: Sequence[Any], field: str, key: bool = False) -> str:
        if list_name in ("plan", "segment"):
            return super().field_of(list_name, ids, field, key)
        if field == "history":
            return super().field_of(list_name, ids, field, key)
        places = []
        for item_id in ids:  # the cell, and whose it is: 人員名冊!D10「經費來源」（編號 9）
            pointer = self.pointer_of(list_name, item_id)
            if pointer is None:
                places.append(PlanPlaces.field_of(self, list_name, [item_id], field, key))
                continue
            named = self.at(f"{pointer}/{field}")
            whose = (f"（編號 {item_id}）" if self.zh else f" (id {item_id})") if list_name == "staff" else ""
            places.append(named if f"編號 {item_id}" in named or f"id {item_id}" in named else named + whose)
        return ("、" if self.zh else ", ").join(places)

    def set_field(self, list_name: str, ids: Sequence[Any], field: str, value: Any) -> str:
        kind = list_name if list_name in ("plan", "segment") else LIST_KINDS[list_name]
        shown = value_label(kind, field, value, "zh")  # the county's workbook is in zh whatever the run's language
        if list_name == "segment":
            return (f"在該段年資的「{template_header('segment', field)}」欄填「{shown}」" if self.zh
                    else f"write 「{shown}」 in column {template_header('segment', field)} of that segment")
        words: dict[str, list[Any]] = {}  # the word the corrected copy writes -> the ids it writes it for
        clauses: list[str] = []
        for item_id in ids:
            pointer = self.pointer_of(list_name, item_id)
            edits = self.planner.edits(f"{pointer}/{field}", value) \
                if pointer is not None and isinstance(value, str) and (kind, field) in vocab.FIELD_VOCABULARIES else None
            if edits is not None and len(edits) == 2:  # a tick column: the tick moves to the new value's column
                ticked = edits[0].cell
                there = f"{ticked.ref}「{self.conversion.header_of(ticked) or shown}」"
                here = self.field_of(list_name, [item_id], field)
                clauses.append(f"{_put(here)}的勾移到 {there}" if self.zh else f"move the tick of {here} to {there}")
                continue
            word = text_of(edits[0].new) if edits is not None and len(edits) == 1 and edits[0].new is not None else shown
            words.setdefault(word, []).append(item_id)
        for word, same in words.items():  # the word the county writes in that column (自籌), else the label
            where = self.field_of(list_name, same, field)
            clauses.append(f"{_put(where)}改為「{word}」" if self.zh else f"change {where} to 「{word}」")
        if not clauses:
            where = self.field_of(list_name, ids, field)
            return f"{_put(where)}改為「{shown}」" if self.zh else f"change {where} to 「{shown}」"
        return ("，" if self.zh else ", ").join(clauses)

    def missing(self, pointer: str, field: str) -> str:
        kind = kind_at([*pointer_tokens(pointer), field])
        allowed = allowed_values(kind, field, "zh")
        values = f"；可填：{allowed}" if allowed and self.zh else (f" (one of: {allowed})" if allowed else "")
        row = self.conversion.cells.get(pointer)
        if row is None:
            return super().missing(pointer, field)
        column = self._column(row, kind, field)
        if (kind, field) == ("team", "unit_type") and self.conversion.kinds.get((row.file, row.sheet)) == "staff":
            return self._unit_type_ways(pointer, row, column, values)
        if column is not None:
            cell = Cell(row.file, row.sheet, row.row, column)
            header = self._header(cell, kind, field)
            return (f"{cell.ref}「{header}」未填{values}" if self.zh else f"{cell.ref} ({header}) is empty{values}")
        header = template_header(kind, field)
        sheet = f"「{row.sheet}」" if row.sheet else "名冊"
        near = self._unknown_header_like(row, header)
        if near is not None:  # the county wrote the column under its own name (經費 for 經費別)
            return (f"{spaced(self.item(pointer))}缺少「{header}」：「{near}」欄就是它嗎？是的話請把欄名改為「{header}」，"
                    f"否則請加上「{header}」欄{values}" if self.zh else
                    f"{self.item(pointer)} has no {header}: if column {near} is it, rename it {header}; "
                    f"otherwise add a column {header}{values}")
        return (f"{spaced(self.item(pointer))}缺少「{header}」：請在{sheet}加上「{header}」欄{values}" if self.zh
                else f"{self.item(pointer)} has no {header}: add a column {header} to {row.sheet or 'the roster'}{values}")

    def _unit_type_ways(self, pointer: str, row: Cell, column: int | None, values: str) -> str:
        """A team made from the roster's 組別 cells whose unit type nothing gave: the ways she can give it (a
        單位類型 column, a team name that says it, the page's question), not a column to rename or add that
        she may already have."""
        team = spaced(self.item(pointer))
        sheet = row.sheet or "名冊"
        if column is None and row.column is not None and self._in_unit_type_column(row):
            column = row.column  # a team named by its sheet is at its first row's empty 單位類型 cell
        if column is not None:
            cell = Cell(row.file, row.sheet, row.row, column)
            column_zh = f"在 {cell.ref}「{self._header(cell, 'team', 'unit_type')}」填這個組別的單位類型"
            column_en = f"fill in {cell.ref} ({self._header(cell, 'team', 'unit_type')}) for the team"
        else:
            column_zh = f"在「{sheet}」加上「單位類型」欄，為各列填組別的單位類型"
            column_en = f"add a column 單位類型 to {row.sheet or 'the roster'} giving each row's team its unit type"
        tokens = pointer_tokens(pointer)
        item = self._item_data("teams", int(tokens[1])) if len(tokens) > 1 and tokens[1].isdigit() else None
        by_sheet = isinstance(item, dict) and self.conversion.team_named_by.get(str(item.get("id"))) == "sheet"
        name_zh, name_en = ("工作表名稱", "name the sheet") if by_sheet else ("組別名稱", "name the team")
        return (f"{team}的單位類型無法判定：請{column_zh}，或在{name_zh}寫出單位類型（例如「北區社福中心」），"
                f"或在 sncheck serve 網頁的「不認得的單位類型」回答它是哪一類單位{values}" if self.zh else
                f"the unit type of {self.item(pointer)} cannot be told: {column_en}, or {name_en} with its unit "
                f"type (e.g. 北區社福中心), or answer the page's question \"Units of unknown type\"{values}")

    def _in_unit_type_column(self, cell: Cell) -> bool:
        header = self.conversion.header_of(cell)
        if header is None:
            return False
        found = match_header(header, header_table("staff"))
        return header == self.conversion.columns.get("teams.unit_type") or \
            (isinstance(found, Match) and found.column.target == "team" and found.column.field == "unit_type")

    def _unknown_header_like(self, row: Cell, header: str) -> str | None:
        """A header of ``row``'s sheet that the reader did not know (IMPORT002) and that looks like ``header``."""
        unknown = [self.conversion.header_of(p.cell) for p in self.conversion.problems
                   if p.rule.id == IMPORT002.id and (p.cell.file, p.cell.sheet) == (row.file, row.sheet)]
        scored = [(likeness(name, header), name) for name in unknown if name]
        best = max(scored, default=(0.0, None), key=lambda found: found[0])  # the first of equals
        return best[1] if best[0] >= LIKENESS else None


def places_for(conversion: Conversion) -> Any:
    """The ``Document.places`` factory of a converted workbook."""
    planner = EditPlanner(conversion)  # one for all the findings: its index walks every cell
    return lambda data, lang: WorkbookPlaces(data, lang, conversion, planner)

