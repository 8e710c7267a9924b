"""Reading rosters: an Excel workbook or a CSV file → tables of cell values with row numbers.

Every table remembers its file, its sheet (``None`` for CSV) and the 1-based
row number of each row as the county sees it in Excel, so findings can point
back at it. Cell values stay as the reader gives them (``str``, ``int``,
``float``, ``bool``, ``datetime``); turning them into plan values is
``cells``' job.

CSV files exported from Excel in Taiwan come as UTF-8 with a BOM, as
CP950/Big5 (Excel's "CSV" on a zh-TW Windows) or as UTF-16 tab-separated
("Unicode text"); all three are recognised. Anything unreadable raises
``TableError`` with a message for the officer, never a traceback.
"""

from __future__ import annotations

import codecs
import csv
import io
import threading
import warnings
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from sncheck.read.limits import Limits
from sncheck.tabular import CSV_SUFFIXES, WORKBOOK_SUFFIXES
from sncheck.tabular.read_budget import CellBudget, RosterTooBig
from sncheck.tabular.xml_guard import XmlDeclarationRefused, refuse_xml_declarations

MAX_ROWS = 100_000  # per sheet; a roster has hundreds
MAX_COLUMNS = 500
_OPENPYXL_WARNINGS = threading.RLock()  # see openpyxl_warnings


class TableError(Exception):
    """A file that cannot be read as a workbook or CSV (becomes PARSE001)."""

    def __init__(self, message_zh: str, message_en: str, row: int | None = None) -> None:
        super().__init__(message_en)
        self.message_zh = message_zh
        self.message_en = message_en
        self.row = row


class UnreadableCell(str):
    """A cell whose stored content could not be turned into a value (``tolerant.py``): a ``str``, so every
    step passes it on, until the converter names its cell."""


@dataclass
class Table:
    """One sheet (or one CSV file): rows of cell values, each with its row number."""

    file: str  # the file's name as given on the command line
    sheet: str | None  # None for CSV
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)
    encoding: str | None = None  # CSV only: the encoding that was detected


def read_tables(path: Path, display: str | None = None, limits: Limits | None = None) -> list[Table]:
    """All sheets of a workbook, or the one table of a CSV file."""
    display = display or str(path)
    suffix = path.suffix.lower()
    limits = limits or Limits()
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise TableError(f"無法讀取檔案：{exc.strerror or exc}", f"cannot read file: {exc.strerror or exc}") from None
    if size > limits.max_bytes:
        raise TableError(f"檔案大小 {size:,} 位元組，超過上限 {limits.max_bytes:,} 位元組",
                         f"file is {size:,} bytes, over the limit of {limits.max_bytes:,} bytes")
    if suffix == ".xls":
        raise TableError("不支援舊版 Excel（.xls）檔案，請在 Excel 以「另存新檔」存成 .xlsx",
                         "old Excel .xls files are not supported; save the workbook as .xlsx in Excel")
    budget = CellBudget(limits)  # the plan limits, on what the roster turns into (read_budget.py)
    try:
        if suffix in WORKBOOK_SUFFIXES:
            check_unpacked_size(path, limits)
            refuse_xml_declarations(path)
            return read_workbook(path, display, budget)
        if suffix in CSV_SUFFIXES or suffix == ".txt":
            return [read_csv(path.read_bytes(), display, budget)]
    except RosterTooBig as exc:
        raise TableError(exc.message_zh, exc.message_en, exc.row) from None
    except XmlDeclarationRefused as exc:
        raise TableError(f"活頁簿的「{exc.part}」含有 XML 文件類型宣告或實體（<!DOCTYPE、<!ENTITY>），Excel 不會寫出這種內容，"
                         "為安全起見拒絕讀取；請在 Excel 開啟後另存新檔",
                         f"the workbook part {exc.part!r} declares an XML document type or entities "
                         "(<!DOCTYPE, <!ENTITY>), which Excel never writes; refused for safety (re-save it in Excel)") from None
    raise TableError(f"不認得的檔案類型「{suffix}」；請用 .xlsx 或 .csv",
                     f"unknown file type {suffix!r}; use .xlsx or .csv")


def check_unpacked_size(path: Path, limits: Limits) -> None:
    """An .xlsx is a zip: a small file can unpack to gigabytes of sheet XML (a zip bomb) and keep the
    reader busy for minutes. The size limit a plan's text has applies to what the workbook unpacks to
    (a 3,000-staff roster unpacks to a few MB). The sizes are the zip directory's; ``zipfile`` never
    reads past them, so a lying directory cannot get more data through."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except Exception:  # BadZipFile, NotImplementedError ("zip file version"), OSError...: any unreadable zip
        return  # openpyxl then says what is wrong, in its own words, as a finding
    if unpacked > limits.max_bytes:
        raise TableError(f"活頁簿解壓縮後有 {unpacked:,} 位元組，超過上限 {limits.max_bytes:,} 位元組",
                         f"the workbook unpacks to {unpacked:,} bytes, over the limit of {limits.max_bytes:,} bytes")


@contextmanager
def openpyxl_warnings() -> Iterator[list[str]]:
    """Collect openpyxl's warnings (an Excel extension it does not read…) as texts, not lines on stderr.

    The list is filled when the block ends. ``warnings.catch_warnings`` swaps process-wide state, so one
    thread at a time: two threads of a web server inside it at once would leave one's recorder installed
    for good. openpyxl's reading holds the GIL anyway."""
    texts: list[str] = []
    with _OPENPYXL_WARNINGS, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            yield texts
        finally:
            texts.extend(sorted({str(w.message) for w in caught}))


def read_workbook(path: Path, display: str, budget: CellBudget | None = None) -> list[Table]:
    """The sheets' values. openpyxl's warnings are dropped: what it cannot read (Excel 2010 extensions
    such as some data validations) is never a value the check needs."""
    with openpyxl_warnings():
        return _read_workbook(path, display, budget or CellBudget(Limits()))


def _read_workbook(path: Path, display: str, budget: CellBudget) -> list[Table]:
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - openpyxl is in install_requires
        raise TableError("讀取 .xlsx 需要 openpyxl 套件（pip install openpyxl）",
                         "reading .xlsx needs the openpyxl package (pip install openpyxl)") from None
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zipfile.BadZipFile, InvalidFileException, KeyError, XML errors...
        raise TableError(f"無法讀取 Excel 活頁簿：{why_unreadable(exc)}",
                         f"cannot read the Excel workbook (damaged or not .xlsx): {type(exc).__name__}: {exc}") from None
    tables: list[Table] = []
    try:
        for sheet in workbook.worksheets:
            # Saved dimensions are often wrong (whole formatted columns say A1:XFD1048576); without
            # them rows are not padded to that width, and rows only run to the last one written.
            sheet.reset_dimensions()
            try:
                counted = budget.mark()
                table = _sheet_table(display, sheet, sheet.iter_rows(values_only=True), budget)
            except (TableError, RosterTooBig):
                raise
            except Exception as exc:
                try:  # one damaged cell: read the sheet again, cell by cell (tolerant.py)
                    from sncheck.tabular.tolerant import tolerant_rows

                    budget.reset(counted)  # the rows read before the damaged cell are read again
                    table = _sheet_table(display, sheet, tolerant_rows(sheet, lambda: UnreadableCell("#UNREADABLE")),
                                         budget)
                except (TableError, RosterTooBig):
                    raise
                except Exception:
                    # (the exception's own text may quote a cell, a name or an ID: only its class is said)
                    raise TableError(f"工作表「{sheet.title}」無法讀取：內容已損壞",
                                     f"sheet {sheet.title!r} cannot be read: {type(exc).__name__}") from None
            tables.append(table)
    finally:
        workbook.close()
    return tables


def _sheet_table(display: str, sheet: Any, rows: Iterator[tuple[Any, ...]], budget: CellBudget) -> Table:
    table = Table(display, sheet.title)
    for number, values in enumerate(rows, start=1):
        cells = _within_columns(list(values), number)
        if any(_filled(v) for v in cells):
            if len(table.rows) >= MAX_ROWS:
                raise TableError(f"工作表「{sheet.title}」超過 {MAX_ROWS:,} 列資料",
                                 f"sheet {sheet.title!r} has more than {MAX_ROWS:,} rows of data", number)
            budget.take(cells, number, sheet.title)
            table.rows.append((number, cells))
    return table


def why_unreadable(exc: Exception) -> str:
    """The officer's words for a workbook openpyxl cannot open (the exception class stays in the English
    message, for whoever debugs it): Excel holding the file open on an office PC is a permission error."""
    if isinstance(exc, PermissionError):
        return "沒有權限讀取這個檔案（可能正在 Excel 中開啟，請關閉後再試）"
    return "檔案已損壞或不是 Excel 活頁簿（.xlsx）"


def decode_csv(raw: bytes) -> tuple[str, str]:
    """(text, encoding): UTF-8 (BOM or not), UTF-16 with a BOM, else CP950/Big5."""
    if raw.startswith(codecs.BOM_UTF8):
        return _marked(raw[len(codecs.BOM_UTF8):], "utf-8", "UTF-8"), "utf-8-sig"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _marked(raw, "utf-16", "UTF-16"), "utf-16"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        for encoding in ("cp950", "big5hkscs"):
            try:
                return raw.decode(encoding), encoding
            except UnicodeDecodeError:
                continue
        line = raw.count(b"\n", 0, utf8_error.start) + 1
        raise TableError(f"CSV 檔第 {line} 列的編碼無法辨識（不是 UTF-8，也不是 Big5/CP950），請另存為「CSV UTF-8」",
                         f"CSV line {line}: encoding is neither UTF-8 nor Big5/CP950; save as 'CSV UTF-8'",
                         line) from None


def _marked(raw: bytes, codec: str, name: str) -> str:
    """Text of a file whose byte-order mark names its encoding; bytes that break it are the file's
    problem (a finding at their line), not a crash."""
    try:
        return raw.decode(codec)
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].decode(codec, errors="ignore").count("\n") + 1
        raise TableError(f"CSV 檔第 {line} 列有不符合 {name} 編碼的位元組（檔案開頭標示為 {name}），請另存為「CSV UTF-8」",
                         f"CSV line {line}: bytes that are not valid {name}, though the file starts with a {name} "
                         "byte-order mark; save as 'CSV UTF-8'", line) from None


def read_csv(raw: bytes, display: str, budget: CellBudget | None = None) -> Table:
    text, encoding = decode_csv(raw)
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    table = Table(display, None, encoding=encoding)
    budget = budget or CellBudget(Limits())
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 0
    try:
        for values in reader:
            number += 1  # a record is one spreadsheet row, even when a cell holds a line break
            if number > MAX_ROWS:
                raise TableError(f"CSV 檔超過 {MAX_ROWS:,} 列", f"CSV file has more than {MAX_ROWS:,} rows", number)
            cells: list[Any] = _within_columns([v if v.strip() else None for v in values], number)
            if any(_filled(v) for v in cells):
                budget.take(cells, number)
                table.rows.append((number, cells))
    except csv.Error as exc:
        raise TableError(f"CSV 第 {number + 1} 列格式錯誤：{exc}", f"CSV row {number + 1}: {exc}", number + 1) from None
    return table


def _within_columns(cells: list[Any], row: int) -> list[Any]:
    """The row's cells; a filled cell past MAX_COLUMNS is refused rather than silently cut off."""
    if any(_filled(v) for v in cells[MAX_COLUMNS:]):
        raise TableError(f"第 {row} 列超過 {MAX_COLUMNS} 欄", f"row {row} has more than {MAX_COLUMNS} columns", row)
    return cells[:MAX_COLUMNS]


def _filled(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())
