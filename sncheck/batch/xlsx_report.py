"""``summary.xlsx``: the summary table of ``summary.csv`` as a workbook that opens right everywhere.

A CSV carries no encoding: Excel reads UTF-8 only with a BOM, and LibreOffice's import dialog takes the
system's character set unless told UTF-8, so a reviewer on LibreOffice saw mojibake. An .xlsx has no such
question. It also does what a reviewer otherwise does by hand: the header row and county column stay in
view (frozen panes), every column has a filter, and columns are wide enough for their text. openpyxl is
imported here only, when the file is written (never on ``sncheck check``'s path).
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
MAX_WIDTH = 40  # characters: a long "checked by" text wraps rather than push every other column away


def display_width(text: str) -> int:
    """Columns a text takes in a spreadsheet cell: CJK (wide) characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


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
    sheet.freeze_panes = "B2"  # the header row and the county column stay in view
    sheet.auto_filter.ref = f"A1:{get_column_letter(sheet.max_column)}{sheet.max_row - 1}"  # not the totals row
    for index in range(1, sheet.max_column + 1):
        widest = max(display_width(str(row[index - 1])) for row in rows[1:]) if len(rows) > 1 else 0
        header = display_width(str(rows[0][index - 1]))
        # a long header wraps onto two lines (a family's 錯誤/警告 pair is long): size for half of it
        sheet.column_dimensions[get_column_letter(index)].width = min(MAX_WIDTH, max(widest, (header + 1) // 2, 6) + 2)
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
