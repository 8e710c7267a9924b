"""Reading a damaged sheet cell by cell, so one cell that cannot be read does not hide the rest.

openpyxl turns each cell's stored text into a value as it parses the sheet; one bad cell (a number cell
holding ``abc``, a shared-string index past the table, a date that is no date) raises out of the whole
sheet. When that happens the reader reads the sheet again with a parser that keeps every cell it can and
puts the reader's ``UnreadableCell`` where it cannot; the converter names that cell (sheet and cell, never its
content, which may be personal data) and checks the rest.

This leans on openpyxl's parser classes (``WorkSheetParser.parse_cell``, the read-only sheet's use of
the module's ``WorkSheetParser``): only on the fallback path, swapped for that one read, under the lock
the reader already holds around openpyxl. If the fallback fails too, the sheet is unreadable as before.
"""

from __future__ import annotations

from typing import Any, Callable, Iterator

from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.worksheet import _read_only
from openpyxl.worksheet._reader import WorkSheetParser


class _TolerantParser(WorkSheetParser):  # type: ignore[misc]
    unreadable: Callable[[], str] = str  # the value put in a cell that cannot be read

    def parse_cell(self, element: Any) -> dict[str, Any]:
        try:
            return super().parse_cell(element)  # type: ignore[no-any-return]
        except Exception:  # noqa: BLE001 - any cell openpyxl cannot convert
            coordinate = element.get("r")
            if coordinate:
                row, column = coordinate_to_tuple(coordinate)
                self.col_counter = column
            else:
                self.col_counter += 1
                row, column = self.row_counter, self.col_counter
            return {"row": row, "column": column, "value": self.unreadable(), "data_type": "s",
                    "style_id": 0}


def tolerant_rows(sheet: Any, unreadable: Callable[[], str]) -> Iterator[tuple[Any, ...]]:
    """The sheet's rows of values, ``unreadable()`` for each cell that cannot be read."""
    original = _read_only.WorkSheetParser
    _read_only.WorkSheetParser = type("_Parser", (_TolerantParser,), {"unreadable": staticmethod(unreadable)})
    try:
        yield from sheet.iter_rows(values_only=True)
    finally:
        _read_only.WorkSheetParser = original
