"""A fix's patch (plan pointer → new value) as edits of the county's own cells, in the county's own words.

A fix says ``/staff/4/funding`` becomes ``county``. In the county's workbook that is the cell the
importer read 經費來源 from for that person (``Conversion.cells``: the reader's provenance, the one
thing this module depends on), and the word written there is the one the county itself uses for
``county`` in that column: ``自籌`` if that is what its other rows say, else a word of the column's
drop-down list (data validation), else the mapping file's word for it, else the vocabulary's label
(``地方自籌``). A county that writes codes gets a code. Where the county keeps the field as tick columns
(one column per value, ``中央補助`` ``地方自籌`` with a ✓ under one: a cell whose header names a value
rather than the field), the tick moves: the cell of the new value gets the tick the old one had, the old
one gets what the new one held (empty, or the county's ``否``).

What cannot be written as a plain cell edit is said, not guessed: a field with no cell and no column
to put it in (``central_share`` of a roster), a formula cell (the county's calculation stays), a cell
inside merged cells other than their first (one edit would change several rows), a tick column
without a column for the new value. The fix then stays advice (a comment on the cell).

Nothing here reads or writes files: the caller gives a ``Grid`` (the loaded workbook or CSV) and applies
the edits; ``corrected`` runs the loop and proves every edit reads back as the patch said.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Iterable, Mapping, Protocol, Sequence

from sncheck.fix.fixstyle import field_kind
from sncheck.fix.fixstyle import value_at as value_at_tokens
from sncheck.model import vocabulary as vocab
from sncheck.model.pointers import pointer_tokens
from sncheck.tabular.cells import text_of, to_bool, to_code
from sncheck.tabular.convert import Cell, Conversion
from sncheck.tabular.headers import COLUMNS, Column

_KINDS = {"staff": "staff", "segment": "staff", "request": "requests", "team": "teams"}
_HEADER_PARTS = re.compile(r"[\s/／\\|_\-－:：()（）]+")
_ROC_TEXT = re.compile(r"^\s*\d{2,3}\s*[/.\-]")


class Grid(Protocol):
    """The county's file as cells: what each holds and whether it may be overwritten."""

    def value(self, cell: Cell) -> Any: ...

    def refusal(self, cell: Cell) -> tuple[str, str] | None:
        """(zh, en) reason the cell must not be overwritten (a formula, inside merged cells), or None."""

    def choices(self, cell: Cell) -> Sequence[str]:
        """The words a drop-down list (data validation) offers in this cell; () when none."""


@dataclass(frozen=True)
class CellEdit:
    cell: Cell
    new: Any  # the value to write, as the cell should hold it (text, number, date, None)


class NotWritable(Exception):
    """A patch operation that is not a plain edit of the county's cells; the message says why."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh = zh
        self.en = en


def value_at(data: Any, pointer: str) -> Any:
    """The plan value at ``pointer``; None where there is none."""
    return value_at_tokens(data, pointer_tokens(pointer))


def _field_key(pointer: str) -> tuple[str, ...]:
    """``/staff/4/history/0/budget`` → (staff, *, history, *, budget): the same field of every item."""
    return tuple("*" if token.isdigit() else token for token in pointer_tokens(pointer))


def _column_spec(kind: tuple[str, str] | None) -> Column | None:
    if kind is None or kind[0] not in _KINDS:
        return None
    return next((c for c in COLUMNS[_KINDS[kind[0]]] if c.field == kind[1] and c.target == kind[0]), None)


class Writer:
    """Turns patch operations into cell edits for one conversion of one file."""

    def __init__(self, conversion: Conversion, grid: Grid, roster_file: str,
                 mapping_values: Mapping[str, Mapping[str, str]] | None = None) -> None:
        self.conversion = conversion
        self.grid = grid
        self.file = roster_file  # only cells of this file are edited (side files of a set are not)
        self.mapping_values = mapping_values or {}
        self._by_key: dict[tuple[str, ...], list[tuple[str, Cell]]] = {}
        self._word_cache: dict[tuple[str, ...], tuple[dict[tuple[Any, ...], dict[tuple[type, Any], Counter[Any]]], bool]] = {}
        for pointer, cell in conversion.cells.items():
            if cell.column is not None:
                self._by_key.setdefault(_field_key(pointer), []).append((pointer, cell))

    # ------------------------------------------------------------------ one operation

    def edits(self, ops: Iterable[Mapping[str, Any]]) -> list[CellEdit]:
        """The cell edits of a finding's operations (all or nothing: ``NotWritable`` for the first that fails)."""
        out: list[CellEdit] = []
        for op in ops:
            if op.get("op") == "test":
                continue
            out.extend(self._edits(op))
        return out

    def _edits(self, op: Mapping[str, Any]) -> list[CellEdit]:
        pointer, kind = op["path"], field_kind(pointer_tokens(op["path"]))
        spec = _column_spec(kind)
        header = spec.header if spec is not None else pointer_tokens(pointer)[-1] if pointer else pointer
        cell = self._cell(pointer)
        elsewhere = self.conversion.cell_for(pointer)
        if cell is None and elsewhere is not None and elsewhere.file != self.file:
            name = elsewhere.file.replace("\\", "/").rsplit("/", 1)[-1]
            raise NotWritable(f"這一項在另一個檔案（{name}），修正後的副本只改名冊本身，請手動修改",
                              f"this is in another file ({name}); the corrected copy changes the roster only; "
                              "change it by hand")
        if cell is None:
            raise NotWritable(f"名冊中沒有「{header}」欄位可寫入，請手動修改",
                              f"the roster has no {header!r} column to write it into; change it by hand")
        refusal = self.grid.refusal(cell)
        if refusal is not None:
            raise NotWritable(*refusal)
        if op["op"] == "remove":
            return [CellEdit(cell, None)]
        new = op["value"]
        vocabulary = vocab.FIELD_VOCABULARIES.get(kind) if kind else None
        if vocabulary is not None and isinstance(new, str):
            tick = self._tick_code(cell, vocabulary)
            if tick is not None:
                return self._move_tick(cell, new, vocabulary, header)
            return [CellEdit(cell, self._word(pointer, cell, new, vocabulary))]
        if spec is not None and spec.value == "bool" and isinstance(new, bool):
            return [CellEdit(cell, self._bool_word(pointer, cell, new))]
        if kind is not None and kind[1] in vocab.DATE_FIELDS.get(kind[0], ()) and isinstance(new, str):
            return [CellEdit(cell, _date_like(self.grid.value(cell), new))]
        old = self.grid.value(cell)
        if isinstance(new, (int, float)) and not isinstance(new, bool) and isinstance(old, str):
            return [CellEdit(cell, text_of(new))]  # the county keeps numbers as text here: so does the fix
        return [CellEdit(cell, new)]

    def _cell(self, pointer: str) -> Cell | None:
        """The cell the field came from; for a field the row left empty, that row's cell in the column the
        same field of other rows of that sheet came from."""
        cell = self.conversion.cells.get(pointer)
        if cell is not None:
            return cell if cell.column is not None and cell.file == self.file else None
        parent = self.conversion.cells.get(pointer.rsplit("/", 1)[0])
        if parent is None or parent.file != self.file:
            return None
        columns = Counter(c.column for _, c in self._by_key.get(_field_key(pointer), ())
                          if c.file == parent.file and c.sheet == parent.sheet)
        if len(columns) != 1:
            return None  # no column for it in that sheet (or several: numbered segment columns), not a guess
        return Cell(parent.file, parent.sheet, parent.row, next(iter(columns)))

    # ------------------------------------------------------------------ the county's words

    def _observed(self, pointer: str, cell: Cell, wanted: Any) -> tuple[Counter[Any], Counter[Any], bool]:
        """(words for ``wanted`` in this cell's column, in the field's other columns, whether every word the
        county wrote for this field is a plan code)."""
        by_column, all_codes = self._words(_field_key(pointer))
        same: Counter[Any] = Counter()
        other: Counter[Any] = Counter()
        here = (cell.file, cell.sheet, cell.column)
        for column, words in by_column.items():
            (same if column == here else other).update(words.get((type(wanted), wanted), Counter()))
        return same, other, all_codes

    def _words(self, key: tuple[str, ...]) -> tuple[dict[tuple[Any, ...], dict[tuple[type, Any], Counter[Any]]], bool]:
        """What the county wrote for each value of one field, by column (read once per field)."""
        if key not in self._word_cache:
            by_column: dict[tuple[Any, ...], dict[tuple[type, Any], Counter[Any]]] = {}
            all_codes = True
            vocabulary = vocab.FIELD_VOCABULARIES.get(field_kind(list(key)) or ("", ""))
            for item_pointer, item_cell in self._by_key.get(key, ()):
                raw = self.grid.value(item_cell)
                if raw is None or (isinstance(raw, str) and not raw.strip()):
                    continue
                word = raw.strip() if isinstance(raw, str) else raw
                if vocabulary is not None and (not isinstance(word, str) or word not in vocabulary):
                    all_codes = False
                meant = value_at(self.conversion.data, item_pointer)
                column = by_column.setdefault((item_cell.file, item_cell.sheet, item_cell.column), {})
                column.setdefault((type(meant), meant), Counter())[word] += 1
            self._word_cache[key] = (by_column, all_codes)
        return self._word_cache[key]

    def _word(self, pointer: str, cell: Cell, code: str, vocabulary: vocab.Vocabulary) -> Any:
        """The word to write for ``code``: one the county already writes for it, but only a word the wording
        file accepts for that code first (a word the officer mapped on the page, 社工師 → 社工員, is how her
        workbook was read, not a title to give someone else): the most used in this column, then in the field's
        other columns (ties go to the vocabulary's order, its label first); only when the county writes no
        accepted word for it, her own word, then the cell's drop-down list, the mapping's word, the label."""
        same, other, all_codes = self._observed(pointer, cell, code)
        for words in (same, other):
            standard = [(count, word) for word, count in words.items() if _accepted(word, code, vocabulary)]
            if standard:
                order = list(vocabulary.get(code, ()))
                return max(standard, key=lambda cw: (cw[0], -order.index(cw[1]) if cw[1] in order else -len(order)))[1]
        if same:  # only words of her own (縣自籌, read through her answers): hers, as she writes it
            return same.most_common(1)[0][0]
        for choice in self.grid.choices(cell):
            if to_code(choice, vocabulary) == code:
                return choice
        if other:
            return other.most_common(1)[0][0]
        kind = field_kind(pointer_tokens(pointer))
        for word, meant in self.mapping_values.get(kind[1] if kind else "", {}).items():
            if meant == code:
                return word
        if all_codes and (same or other or self._any_written(pointer)):
            return code
        return vocabulary[code][0] if vocabulary.get(code) else code

    def _any_written(self, pointer: str) -> bool:
        return any(self._words(_field_key(pointer))[0].values())

    def _bool_word(self, pointer: str, cell: Cell, new: bool) -> Any:
        same, other, _ = self._observed(pointer, cell, new)
        for words in (same, other):
            if words:
                return words.most_common(1)[0][0]
        for choice in self.grid.choices(cell):
            if to_bool(choice) is new:
                return choice
        return vocab.YES if new else vocab.NO

    # ------------------------------------------------------------------ tick columns

    def _tick_code(self, cell: Cell, vocabulary: vocab.Vocabulary) -> str | None:
        """The value a tick column stands for, when the cell's header names a value, not the field."""
        header = self.conversion.header_of(cell)
        return _named_code(header, vocabulary) if header is not None else None

    def _move_tick(self, cell: Cell, code: str, vocabulary: vocab.Vocabulary, field_header: str) -> list[CellEdit]:
        target = next((column for (file, sheet, column), header in self.conversion.headers.items()
                       if (file, sheet) == (cell.file, cell.sheet) and column != cell.column
                       and _named_code(header, vocabulary) == code), None)
        label = vocabulary[code][0] if vocabulary.get(code) else code
        if target is None:
            raise NotWritable(f"名冊的「{field_header}」以勾選欄填寫，但沒有「{label}」欄可勾選，請手動修改",
                              f"the roster ticks {field_header!r} in columns but has no {label!r} column; change it by hand")
        other = Cell(cell.file, cell.sheet, cell.row, target)
        refusal = self.grid.refusal(other)
        if refusal is not None:
            raise NotWritable(*refusal)
        return [CellEdit(other, self.grid.value(cell)), CellEdit(cell, self.grid.value(other))]


class ReadGrid:
    """The county's cells as the converter kept them (``Conversion.written``/``worded``: the words she wrote
    for coded cells; the plan value where she wrote the code itself), for a ``Writer`` run without the workbook
    open: the fix text (``sncheck.tabular.places``) asks the same ``Writer`` the corrected copy uses which word
    it writes, so the page and the file say the same thing. No formulas or drop-down lists are known here."""

    def __init__(self, conversion: Conversion) -> None:
        self.conversion = conversion
        self._pointers = {cell: pointer for pointer, cell in conversion.cells.items() if cell.column is not None}

    def value(self, cell: Cell) -> Any:
        if cell in self.conversion.written:
            return self.conversion.written[cell]
        if cell in self.conversion.worded:
            return self.conversion.worded[cell]
        pointer = self._pointers.get(cell)
        return value_at(self.conversion.data, pointer) if pointer is not None else None

    def refusal(self, cell: Cell) -> tuple[str, str] | None:
        return None

    def choices(self, cell: Cell) -> Sequence[str]:
        return ()


class EditPlanner:
    """The cell edits the corrected copy would make, asked for many pointers of one conversion (the fix text
    of every finding). The ``Writer``'s index walks every cell of the roster, so it is built once per file
    here: built per finding, it made a 3,000-staff office roster take 98 s to check instead of 2."""

    def __init__(self, conversion: Conversion) -> None:
        self.conversion = conversion
        self._grid: ReadGrid | None = None
        self._writers: dict[str, Writer] = {}

    def edits(self, pointer: str, value: Any) -> list[CellEdit] | None:
        """The edits that set ``pointer`` to ``value``, as far as the conversion tells (None when it would not
        be a plain edit of the roster's cells)."""
        cell = self.conversion.cell_for(pointer)
        if cell is None:
            return None
        if cell.file not in self._writers:
            self._grid = self._grid or ReadGrid(self.conversion)
            self._writers[cell.file] = Writer(self.conversion, self._grid, cell.file)
        try:
            return self._writers[cell.file].edits([{"op": "replace", "path": pointer, "value": value}])
        except NotWritable:
            return None


def _named_code(header: str, vocabulary: vocab.Vocabulary) -> str | None:
    """The code a header names by itself (``中央補助``, ``經費來源/地方自籌``), or None (``經費來源``)."""
    table = vocab.alias_table(vocabulary)
    text = header.strip()
    parts = [p for p in _HEADER_PARTS.split(text) if p]
    for candidate in (text, *(parts[-1:] if parts else ())):
        if candidate in table and candidate not in vocabulary:  # a label, not a bare code such as "other"
            return table[candidate]
    return None


def _date_like(old: Any, iso: str) -> Any:
    """A new date written as the county wrote the old one: an Excel date, ROC text, or ISO text."""
    try:
        day = date.fromisoformat(iso)
    except ValueError:
        return iso
    if isinstance(old, datetime):
        return datetime(day.year, day.month, day.day)
    if isinstance(old, date):
        return day
    if isinstance(old, str) and _ROC_TEXT.match(old):
        return f"{day.year - 1911}/{day.month:02d}/{day.day:02d}"
    return iso


def _accepted(word: Any, code: str, vocabulary: vocab.Vocabulary) -> bool:
    """Whether the wording file itself reads ``word`` as ``code`` (no mapping answers), or it is the code."""
    return isinstance(word, str) and (word == code or to_code(word, vocabulary) == code)
