"""``summary.xlsx``: the summary table of ``summary.csv`` as a workbook that opens right everywhere.

A CSV carries no encoding: Excel reads UTF-8 only with a BOM, and LibreOffice's import dialog takes the
system's character set unless told UTF-8, so a reviewer on LibreOffice saw mojibake. An .xlsx has no such
question. It also does what a reviewer otherwise does by hand: the header row and county column stay in
view (frozen panes; the year column too), every column has a filter, and columns are wide enough for their text up to
``MAX_WIDTH``: a longer text (未檢核, one line per rule not checked) wraps in its cell, and its row is as
tall as its lines, so a reviewer reads all of it without a 100-character-wide column pushing the counts
off screen. openpyxl is imported here only, when the file is written (never on ``sncheck check``'s path).
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from pathlib import Path

from sncheck.batch.csv_report import summary_rows
from sncheck.batch.summary import Summary

# The workbook's title property: a later batch over a folder that holds an earlier round's --report-dir
# must not read summary.xlsx as a roster (``is_summary_workbook``), as findings.json is not read as a plan.
SUMMARY_TITLE = "sncheck batch summary"
MAX_WIDTH = 40  # characters: a long text (未檢核) wraps rather than push every other column away
LINE_HEIGHT = 15  # points per line of 11-point text: heights are set, as Excel does not grow a written row


def display_width(text: str) -> int:
    """Columns a text takes in a spreadsheet cell: CJK (wide) characters count two; a text of several lines
    takes its longest line's."""
    return max(sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in line)
               for line in text.split("\n"))


def wrapped_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes in a wrapping cell ``width`` wide (each of its own lines at least one)."""
    per_line = max(1, int(width) - 1)
    return sum(max(1, -(-display_width(line) // per_line)) for line in text.split("\n"))


def render_xlsx(summary: Summary, lang: str = "zh") -> bytes:
    """The workbook's bytes: one sheet (總表 / summary), header frozen, filters on, columns sized."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    rows = summary_rows(summary, lang)
    book = Workbook()
    book.properties.title = SUMMARY_TITLE
    book.properties.creator = "sncheck"
    sheet = book.active
    sheet.title = "總表" if lang == "zh" else "summary"
    for row in rows:
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell in sheet[sheet.max_row]:  # the nation's totals
        cell.font = Font(bold=True)
    sheet.freeze_panes = "C2"  # the header row and the county and year columns stay in view
    sheet.auto_filter.ref = f"A1:{get_column_letter(sheet.max_column)}{sheet.max_row - 1}"  # not the totals row
    widths = []
    for index in range(1, sheet.max_column + 1):
        widest = max(display_width(str(row[index - 1])) for row in rows[1:]) if len(rows) > 1 else 0
        header = display_width(str(rows[0][index - 1]))
        # a long header wraps onto two lines (a family's 錯誤/警告 pair is long): size for half of it
        widths.append(min(MAX_WIDTH, max(widest, (header + 1) // 2, 6) + 2))
        sheet.column_dimensions[get_column_letter(index)].width = widths[-1]
    wrap, top = Alignment(wrap_text=True, vertical="top"), Alignment(vertical="top")
    for row in sheet.iter_rows(min_row=2):
        lines = 1
        for cell, width in zip(row, widths):
            text = "" if cell.value is None else str(cell.value)
            count = wrapped_lines(text, width)
            cell.alignment = wrap if count > 1 else top  # a tall row's counts stay beside its first line
            lines = max(lines, count)
        if lines > 1:
            sheet.row_dimensions[row[0].row].height = float(min(409, LINE_HEIGHT * lines + 3))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def is_summary_workbook(path: Path) -> bool:
    """Whether ``path`` is a summary.xlsx sncheck wrote (its title property), read from the zip's
    docProps/core.xml without openpyxl; anything unreadable is not one (it is then checked and reported)."""
    try:
        with zipfile.ZipFile(path) as archive, archive.open("docProps/core.xml") as core:
            head = core.read(65536)
    except (OSError, KeyError, zipfile.BadZipFile, RuntimeError, ValueError):
        return False
    return re.search(rb"<dc:title(?:\s[^>]*)?>" + re.escape(SUMMARY_TITLE.encode()) + rb"</dc:title>", head) is not None
