"""Roster workbooks built the way county offices keep them, not the way sncheck's template asks (issue 19).

Each builder writes one .xlsx with openpyxl (no binary files in git) and returns its path. They are the
layouts the issue lists, varied: merged title and 資料基準日/製表單位 rows above the header; two-row headers
(merged parents over the real headers; 人事經費來源 split into 中央補助 / 地方自籌 columns ticked with V, v,
✓, ○, 1); one sheet per unit named for it; 單位 beside 組別; 序號 instead of an id; blank rows between
units; 小計/合計/總計 rows with formulas or counts; 註： footnotes; 承辦人：科長：局長： signature rows; the
header printed again; hidden columns; cell comments; non-roster sheets (統計 with COUNTIF, 說明, 代碼表,
填表說明, 附件封面); service history on its own sheet keyed by 姓名; declared 社安網年資(年).

The words in the cells are ones sncheck already accepts (社工員, 資深社工, 督導, 中央補助, 社安網預算…): the
everyday variants (社工, 社安網, 自籌…) are the vocabulary's business, not the layout's. Other tests (the
corrected workbook of issue 20) may build on these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Mapping, Sequence

import openpyxl
from openpyxl.comments import Comment
from openpyxl.worksheet.worksheet import Worksheet

TITLE = "高雄市111年度強化社會安全網計畫社工人力配置表"


@dataclass
class Person:
    """One row of an office roster, in the office's words."""

    name: str
    role: str = "社工員"
    funding: str = "中央補助"  # 中央補助 / 地方自籌: which tick column is marked, or the written value
    pay: int | None = 328
    protective: str = "否"
    unit: str = ""
    group: str = ""
    ssn_years: float | None = None
    prior_years: float | None = None
    hired: Any = None
    note: str | None = None
    history: Sequence[tuple[Any, Any, str, str, str]] = field(default_factory=tuple)  # 起, 迄, 經費, 是否保護性, 服務機關


def _title(sheet: Worksheet, width: int, basis: bool = True) -> None:
    """Row 1: the merged title; row 2: 資料基準日 and 製表單位 (as offices print them)."""
    sheet.append([TITLE])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    if basis:
        sheet.append(["資料基準日：111年1月1日", None, None, None, "製表單位：社會局社會工作科"])


def _signature(sheet: Worksheet) -> None:
    sheet.append(["承辦人：", None, None, "科長：", None, None, "局長："])


def two_row_header_workbook(path: Path, people: Sequence[Person], *, tick: Any = "V",
                            subtotals: bool = True, repeat_header: bool = False) -> Path:
    """One sheet 人力配置表: title, 資料基準日 row, a blank row, then a two-row header

        序號 | 姓名 | 職務 (單位 組別 職稱) | 人事經費來源 (中央補助 地方自籌) | 薪點 | 是否保護性 | 年資 (社安網年資(年) 前職年資(年)) | 備註

    people grouped by unit with a 小計 row (a COUNTA formula and an 「N人」 count) and a blank row after each
    unit, a 合計 row, a 註： footnote and a signature row. Funding is ticked in its column with ``tick``.
    With ``repeat_header`` both header rows are printed again above every unit after the first (a page
    break, as Excel's 列印標題 leaves them when the sheet is copied out of a PDF)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "人力配置表"
    _title(sheet, 12)
    sheet.append([])
    header = [["序號", "姓名", "職務", None, None, "人事經費來源", None, "薪點", "是否保護性", "年資", None, "備註"],
              [None, None, "單位", "組別", "職稱", "中央補助", "地方自籌", None, None, "社安網年資(年)", "前職年資(年)",
               None]]
    for row in header:
        sheet.append(row)
    for first, last in (("A4", "A5"), ("B4", "B5"), ("C4", "E4"), ("F4", "G4"), ("H4", "H5"), ("I4", "I5"),
                        ("J4", "K4"), ("L4", "L5")):
        sheet.merge_cells(f"{first}:{last}")
    serial = 0
    units = list(dict.fromkeys(p.unit for p in people))
    for u, unit in enumerate(units):
        if repeat_header and u:
            for row in header:
                sheet.append(row)
        start = sheet.max_row + 1
        members = [p for p in people if p.unit == unit]
        for person in members:
            serial += 1
            central = tick if person.funding == "中央補助" else None
            county = tick if person.funding == "地方自籌" else None
            sheet.append([serial, person.name, person.unit, person.group, person.role, central, county, person.pay,
                          person.protective, person.ssn_years, person.prior_years, person.note])
        if subtotals:
            sheet.append([f"{unit}小計", None, None, None, f"=COUNTA(E{start}:E{sheet.max_row})", None, None, None,
                          None, None, None, f"{len(members)}人"])
        if u < len(units) - 1:
            sheet.append([])
    sheet.append(["合計", None, None, None, f"{len(people)}人"])
    sheet.append(["註：1.薪點依本府社工人員薪資標準表核給。2.年資計至資料基準日。"])
    sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=12)
    _signature(sheet)
    book.save(path)
    return path


def sheet_per_unit_workbook(path: Path, units: Mapping[str, Sequence[Person]], *, history: bool = True,
                            extra_sheets: bool = True) -> Path:
    """A sheet per unit, named for it, with no 單位 column: title row, one-row header
    序號 | 姓名 | 職稱 | 經費來源 | 薪點 | 保護性社工 | 到職日, a 小計 row with a count, then a footnote.
    With ``history``: a 年資明細 sheet keyed by 姓名 (起 / 迄 / 經費 / 是否保護性 / 服務機關), the name merged
    down over a person's several rows. With ``extra_sheets``: 統計 (COUNTIF), 說明, 代碼表, 填表說明, 附件封面."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    if extra_sheets:
        cover = book.create_sheet("附件封面")
        cover.append([TITLE])
        cover.append(["附件三"])
    for unit, people in units.items():
        sheet = book.create_sheet(unit)
        _title(sheet, 7, basis=False)
        sheet.append(["序號", "姓名", "職稱", "經費來源", "薪點", "保護性社工", "到職日"])
        for n, person in enumerate(people, start=1):
            sheet.append([n, person.name, person.role, person.funding, person.pay, person.protective, person.hired])
        sheet.append(["小計", None, f"{len(people)}人"])
        sheet.append(["※本表人數含約聘及約僱人員"])
    if history:
        sheet = book.create_sheet("年資明細")
        sheet.append(["姓名", "起", "迄", "經費", "是否保護性", "服務機關"])
        for people in units.values():
            for person in people:
                first = sheet.max_row + 1
                for n, (start, end, budget, protective, employer) in enumerate(person.history):
                    sheet.append([person.name if n == 0 else None, start, end, budget, protective, employer])
                if len(person.history) > 1:
                    sheet.merge_cells(start_row=first, start_column=1, end_row=sheet.max_row, end_column=1)
    if extra_sheets:
        stats = book.create_sheet("統計")
        stats.append(["單位", "社工員", "督導", "合計"])
        for row, unit in enumerate(units, start=2):
            stats.append([unit, f"=COUNTIF('{unit}'!C:C,\"社工員\")", f"=COUNTIF('{unit}'!C:C,\"督導\")",
                          f"=SUM(B{row}:C{row})"])
        book.create_sheet("說明").append(["本表依衛生福利部格式填寫，職稱請填 社工員、資深社工、督導。"])
        codes = book.create_sheet("代碼表")
        codes.append(["編號", "職稱", "經費來源"])
        codes.append([1, "社工員", "中央補助"])
        codes.append([2, "督導", "地方自籌"])
        guide = book.create_sheet("填表說明")
        guide.append(["一、", "序號請依單位分別編列。"])
        guide.append(["二、", "經費來源請填 中央補助 或 地方自籌。"])
    book.save(path)
    return path


def unit_and_group_workbook(path: Path, people: Sequence[Person], *, page_rows: int = 0) -> Path:
    """One sheet 社工人員名冊 with both 單位 and 組別 and a 員工編號: a hidden 身分證字號 column, cell
    comments, the header printed again every ``page_rows`` people (0: never), a formula error in one cell
    when a person's ``note`` is ``"#REF!"`` (the 薪點 cell holds it), a 總計 row and a signature row."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "社工人員名冊"
    header = ["員工編號", "姓名", "身分證字號", "單位", "組別", "職稱", "經費來源", "薪點", "保護性", "到職日"]
    _title(sheet, len(header))
    sheet.append(header)
    sheet.column_dimensions["C"].hidden = True
    sheet["F3"].comment = Comment("職稱請依核定員額填寫", "人事室")
    for n, person in enumerate(people, start=1):
        if page_rows and n > 1 and (n - 1) % page_rows == 0:
            sheet.append(header)
        pay: Any = "#REF!" if person.note == "#REF!" else person.pay
        sheet.append([f"K{n:03d}", person.name, "A123456789", person.unit, person.group, person.role,
                      person.funding, pay, person.protective, person.hired or datetime(2021, 1, 1)])
        if n == 1:
            sheet.cell(sheet.max_row, 2).comment = Comment("111年3月起留職停薪", "承辦人")
    sheet.append(["總計", None, None, None, None, f"共{len(people)}人"])
    _signature(sheet)
    book.save(path)
    return path


def no_roster_workbook(path: Path) -> Path:
    """A workbook with sheets but no roster: a cover, a COUNTIF summary and notes (the wrong file)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    book.create_sheet("附件封面").append([TITLE])
    stats = book.create_sheet("統計")
    stats.append(["單位", "社工員", "督導"])
    stats.append(["前鎮社福中心", "=COUNTIF(A:A,\"社工員\")", 1])
    stats.append(["家防中心", 12, 2])
    book.create_sheet("說明").append(["請依格式填寫"])
    book.save(path)
    return path


def template_layout_workbook(path: Path, people: Sequence[Person]) -> Path:
    """The same people in sncheck's own layout (人員名冊 + 服務年資 by 員工編號): the bench's reference."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "人員名冊"
    sheet.append(["員工編號", "姓名", "單位/組別", "職稱", "經費來源", "薪點", "保護性"])
    history = book.create_sheet("服務年資")
    history.append(["員工編號", "年資起日", "年資迄日", "經費別", "保護性服務", "服務機關"])
    for n, person in enumerate(people, start=1):
        staff_id = f"S{n:05d}"
        sheet.append([staff_id, person.name, f"{person.unit}/{person.group}" if person.group else person.unit,
                      person.role, person.funding, person.pay, person.protective])
        for start, end, budget, protective, employer in person.history:
            history.append([staff_id, start, end, budget, protective, employer])
    book.save(path)
    return path


def office_history_workbook(path: Path, people: Sequence[Person]) -> Path:
    """The bench's office layout: title rows, the two-row header (ticked funding), 小計/合計 rows, a
    footnote and signature, and the service history on a sheet keyed by 姓名."""
    two_row_header_workbook(path, people)
    book = openpyxl.load_workbook(path)
    sheet = book.create_sheet("服務經歷")
    sheet.append([TITLE + "（服務經歷）"])
    sheet.append(["姓名", "起", "迄", "經費", "是否保護性", "服務機關"])
    for person in people:
        for start, end, budget, protective, employer in person.history:
            sheet.append([person.name, start, end, budget, protective, employer])
    book.save(path)
    return path
