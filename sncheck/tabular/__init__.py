"""Plans from the spreadsheets counties already keep: Excel workbooks and CSV rosters.

County HR officers keep their roster in Excel, not YAML. This package turns a
workbook (or CSV files) into plan@1 data while remembering, for every item and
field, the sheet, row and column it came from, so that findings point at rows
of the county's own workbook. One module per job:

- ``reader``: workbook/CSV → ``Table`` (rows of cell values with row numbers);
- ``headers``: which column means which plan field (zh-TW defaults, numbered
  segment columns, header normalisation);
- ``mapping``: the small YAML mapping file for counties whose headers differ;
- ``cells``: one cell value → a plan value (ROC/Excel/ISO dates, numbers, 是/否, codes);
- ``convert``: tables → plan data + pointer → cell provenance + row problems;
- ``yaml_writer``: the readable plan YAML with ``# 人員名冊!第14列`` comments;
- ``check``: ``sncheck check roster.xlsx`` (findings with sheet and row);
- ``template``: the fill-in template workbook;
- ``layout``: where the header is in an office's own sheet (title rows, two-row headers, tick columns) and
  which rows are not people (小計/合計, 註, 承辦人, repeated headers);
- ``places``: how messages name a workbook's places (sheet!cell and the header the county wrote);
- ``questions``: what the page asks when a column or word is unknown, and the answers as a mapping;
- ``writeback``, ``corrected``, ``csv_edit``: the corrected copy of the county's own workbook or CSV;
- ``annotate``: the findings marked in a copy of the workbook;
- ``settings``: county, year and mapping for a roster from the options, config and file name;
- ``read_budget``, ``xml_guard``, ``tolerant``: limits while reading, refusing XML entities, reading past a
  damaged cell.

openpyxl is imported only when a workbook is read or written.

May import: ``authoring``, ``fix``, ``engine`` and the stages below; never ``batch``, ``web`` or
``commands``.
"""

from __future__ import annotations

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
CSV_SUFFIXES = (".csv", ".tsv")
TABULAR_SUFFIXES = WORKBOOK_SUFFIXES + CSV_SUFFIXES + (".xls",)


def is_tabular(path: object) -> bool:
    """Whether ``sncheck check`` should read this path as a roster instead of a plan file."""
    return str(path).lower().endswith(TABULAR_SUFFIXES)
