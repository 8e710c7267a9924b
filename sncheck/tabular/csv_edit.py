"""A roster CSV as editable cells that is written back byte for byte, except the records that changed.

Excel in Taiwan saves CSV as UTF-8 with a BOM, plain UTF-8, CP950/Big5 or UTF-16 text with tabs; the
corrected CSV keeps the file's encoding, byte-order mark, delimiter and line endings. Only a record with
an edited cell is written again (quoted as the record was: every field, or only where needed); every
other line keeps its bytes. Row numbers are the reader's (``reader.read_csv``): one record is one row,
even when a quoted cell holds a line break.
"""

from __future__ import annotations

import csv
import io
from typing import Any, Sequence

from sncheck.tabular.convert import Cell
from sncheck.tabular.reader import decode_csv


class CsvGrid:
    """The cells of one CSV file (``writeback.Grid``), and its bytes with the edits written in."""

    def __init__(self, raw: bytes) -> None:
        text, self.encoding = decode_csv(raw)
        first_line = text.split("\n", 1)[0]
        self.delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
        lines = _lf_lines(text)  # decode_csv dropped a BOM; render() puts it back through the codec
        self._records: list[tuple[list[str], list[str]]] = []  # (fields, the physical lines they came from)
        reader = csv.reader(iter(lines), delimiter=self.delimiter)
        used = 0
        for fields in reader:
            self._records.append((list(fields), lines[used:reader.line_num]))
            used = reader.line_num
        self._tail = lines[used:]
        self._dirty: set[int] = set()

    def value(self, cell: Cell) -> Any:
        fields = self._fields(cell.row)
        if fields is None or cell.column is None or cell.column > len(fields):
            return None
        value = fields[cell.column - 1]
        return value if value.strip() else None

    def refusal(self, cell: Cell) -> tuple[str, str] | None:
        value = self.value(cell)
        if isinstance(value, str) and value.startswith("="):
            return ("這格是公式，未修改，請手動修改", "the cell holds a formula; not changed, change it by hand")
        return None

    def choices(self, cell: Cell) -> Sequence[str]:
        return ()

    def set(self, cell: Cell, value: Any) -> None:
        fields = self._fields(cell.row)
        if fields is None or cell.column is None:
            raise KeyError(cell.ref)
        text = "" if value is None else str(value)
        text.encode(self._codec())  # a word the file's encoding cannot hold: UnicodeEncodeError, said by the caller
        while len(fields) < cell.column:
            fields.append("")
        fields[cell.column - 1] = text
        self._dirty.add(cell.row)

    def render(self) -> bytes:
        out: list[str] = []
        for number, (fields, lines) in enumerate(self._records, start=1):
            out.append(self._line(fields, lines) if number in self._dirty else "".join(lines))
        out.extend(self._tail)
        return "".join(out).encode(self.encoding)

    # ------------------------------------------------------------------ helpers

    def _codec(self) -> str:
        return "utf-8" if self.encoding == "utf-8-sig" else self.encoding

    def _fields(self, row: int) -> list[str] | None:
        return self._records[row - 1][0] if 1 <= row <= len(self._records) else None

    def _line(self, fields: list[str], lines: list[str]) -> str:
        original = "".join(lines)
        ending = "\r\n" if original.endswith("\r\n") else "\n" if original.endswith("\n") else \
            "\r" if original.endswith("\r") else ""
        quote_all = original.startswith('"') and f'"{self.delimiter}"' in original
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=self.delimiter, lineterminator=ending,
                            quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
        writer.writerow(fields)
        return buffer.getvalue()


def _lf_lines(text: str) -> list[str]:
    """Physical lines split at LF only (a CR before it stays with its line), as csv's own reader counts."""
    lines = text.split("\n")
    out = [line + "\n" for line in lines[:-1]]
    if lines[-1]:
        out.append(lines[-1])
    return out

