"""What a roster may turn into: the plan limits, counted cell by cell while a workbook or CSV is read.

A file's size says little about its cost: a 20 MB CSV of one-character cells is 10 million cells (47 s and
3 GB once converted and checked), and a 49 KB workbook can use one long shared string in every cell. So
the limits a plan's text has (``Limits.max_nodes`` items, ``Limits.max_bytes`` of text) apply to what the
roster becomes: every filled cell is an item, and its text counts toward the expanded size, however it was
stored (a shared string used 10,000 times counts 10,000 times). Counting happens as the rows are read,
so a hostile file is refused after the first rows past the limit, before the conversion and the check pay
for it. A real roster is far below: 3,000 staff × 20 columns is 60,000 cells and a few MB of text.
"""

from __future__ import annotations

from typing import Any

from sncheck.read.limits import Limits


class RosterTooBig(Exception):
    """A limit crossed at ``row`` (the reader turns it into its ``TableError`` for the file)."""

    def __init__(self, message_zh: str, message_en: str, row: int) -> None:
        super().__init__(message_en)
        self.message_zh = message_zh
        self.message_en = message_en
        self.row = row


class CellBudget:
    """Counts the filled cells of one file and the characters they hold, against the run's limits."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.items = 0
        self.chars = 0

    def mark(self) -> tuple[int, int]:
        return self.items, self.chars

    def reset(self, mark: tuple[int, int]) -> None:
        """Back to ``mark`` (a sheet read again after a damaged cell must not count twice)."""
        self.items, self.chars = mark

    def take(self, cells: list[Any], row: int, sheet: str | None = None) -> None:
        """Count one row's filled cells (``sheet``: None for a CSV)."""
        for value in cells:
            if value is None:
                continue
            self.items += 1
            self.chars += len(value) if isinstance(value, str) else 8
        limits = self.limits
        if self.items <= limits.max_nodes and self.chars <= limits.max_bytes:
            return
        zh, en = (f"工作表「{sheet}」", f"sheet {sheet!r} ") if sheet is not None else ("", "")
        if self.items > limits.max_nodes:
            raise RosterTooBig(f"{zh}第 {row} 列：名冊的填寫儲存格超過 {limits.max_nodes:,} 格（設定 limits.max_nodes）",
                               f"{en}row {row}: the roster has more than {limits.max_nodes:,} filled cells "
                               "(config limits.max_nodes)", row)
        if self.chars > limits.max_bytes:
            raise RosterTooBig(f"{zh}第 {row} 列：名冊儲存格的文字合計超過 {limits.max_bytes:,} 字元"
                               "（同一段文字重複使用也逐格計算；設定 limits.max_bytes）",
                               f"{en}row {row}: the roster's cells hold more than {limits.max_bytes:,} characters "
                               "in all (text repeated through shared strings counts each time; config "
                               "limits.max_bytes)", row)
