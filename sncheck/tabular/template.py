"""The fill-in template workbook, generated from the same column and code lists the importer reads.

``sncheck import --template 範本.xlsx`` (or ``python -m sncheck.tabular.template 範本.xlsx``)
writes sheets 說明 (what each column means), 人員名冊, 服務年資, 經費需求 and
組別 with the default zh-TW headers, drop-down lists (data validation) of the
zh-TW labels for every coded column, 是/否 for yes/no columns, the team names
of 組別 for 單位/組別, and date columns formatted as text so that ROC dates
typed as ``110/1/1`` stay as written. A hidden 代碼表 sheet holds the lists.
Nothing here is hand-made, so the template cannot drift from the importer.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from sncheck.model import vocabulary as vocab
from sncheck.packs.pack_use import PROGRAMME
from sncheck.tabular.headers import COLUMNS, Column, column_letter

SHEETS = (("staff", "人員名冊"), ("segments", "服務年資"), ("requests", "經費需求"), ("teams", "組別"))
CODES_SHEET = "代碼表"
README_SHEET = "說明"
ROWS = 1000  # rows that get drop-downs
_TEMPLATE_SKIP = {("staff", "segment")}  # segments go in 服務年資, not as staff columns


def template_columns(kind: str) -> list[Column]:
    return [c for c in COLUMNS[kind] if (kind, c.target) not in _TEMPLATE_SKIP]


def write_template(path: Path, period: str | None = None, plan_year: int | None = None) -> None:
    """Write the template workbook to ``path``. ``period``: the title of the pack covering ``plan_year``
    (``commands.common.period_title``), else the programme's neutral name; ``plan_year`` goes into the
    說明 sheet's example commands."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    readme = book.active
    readme.title = README_SHEET
    codes = book.create_sheet(CODES_SHEET)
    lists: dict[tuple[str, str], str] = {}  # (target, field) -> range in 代碼表
    for (target, name), vocabulary in vocab.FIELD_VOCABULARIES.items():
        if target == "plan":
            continue
        key = tuple(vocabulary)  # team/request unit types share one list
        existing = next((r for (t, f), r in lists.items() if tuple(vocab.FIELD_VOCABULARIES[(t, f)]) == key), None)
        if existing:
            lists[(target, name)] = existing
            continue
        col = len({r for r in lists.values()}) + 1
        letter = column_letter(col)
        codes.cell(1, col, f"{target}.{name}")
        for row, aliases in enumerate(vocabulary.values(), start=2):
            codes.cell(row, col, aliases[0])
        lists[(target, name)] = f"'{CODES_SHEET}'!${letter}$2:${letter}${len(vocabulary) + 1}"
    codes.sheet_state = "hidden"

    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    team_names = f"'組別'!$B$2:$B${ROWS + 1}"
    for kind, title in SHEETS:
        sheet = book.create_sheet(title)
        for index, column in enumerate(template_columns(kind), start=1):
            cell = sheet.cell(1, index, column.header)
            cell.font = bold
            cell.fill = fill
            cell.alignment = Alignment(horizontal="center")
            letter = column_letter(index)
            sheet.column_dimensions[letter].width = max(12, 2 * len(column.header) + 4)
            cells = f"{letter}2:{letter}{ROWS + 1}"
            formula = _list_formula(kind, column, lists, team_names)
            if formula:
                validation = DataValidation(type="list", formula1=formula, allow_blank=True,
                                            showErrorMessage=column.codes is not None or column.value == "bool")
                validation.error = f"請從下拉選單選擇{column.header}"
                validation.prompt = column.help_zh
                validation.showInputMessage = True
                sheet.add_data_validation(validation)
                validation.add(cells)
            if column.is_date or column.field in ("id", "staff_id"):
                sheet.column_dimensions[letter].number_format = "@"  # keep 110/1/1 and 001 as typed
        sheet.freeze_panes = "A2"
    _readme(readme, bold, fill, period or PROGRAMME["zh"], plan_year or 111)
    book.move_sheet(CODES_SHEET, offset=len(book.sheetnames))
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)


def _list_formula(kind: str, column: Column, lists: dict[tuple[str, str], str], team_names: str) -> str | None:
    if column.codes is not None:
        return lists[(column.target, column.field)]
    if column.value == "bool":
        return '"是,否"'
    if column.field == "team" and kind in ("staff", "requests"):
        return team_names
    return None


def _readme(sheet: Any, bold: Any, fill: Any, period: str, year: int) -> None:
    rows: list[tuple[str, ...]] = [
        (f"sncheck 計畫匯入範本：{period}",),
        (f"填好後執行：sncheck import 本檔.xlsx --county 臺中市 --year {year} -o plan.yaml",),
        (f"或直接檢查：sncheck check 本檔.xlsx --county 臺中市 --year {year}（結果指出工作表與列號，例如 人員名冊!D14）",),
        ("日期可填民國 110/1/1、110.1.1、1100101、西元 2021-01-01 或 Excel 日期。每個工作表第 1 列是標題列，請勿更改；"
         "不認得的欄位會原樣保留（不用於檢核）並提出警告。欄名不同時請用 --mapping 對照檔（見 docs/import.md）。",),
        ("同一人有多段年資時：在「服務年資」每段一列（用員工編號對應），或在人員名冊加欄「年資起日1、年資迄日1、經費別1、年資起日2…」。",),
        ("姓名是個資：檢查結果不會印出姓名；匯入時可加 --no-names 不寫入計畫檔。",),
        (),
        ("工作表", "欄位", "必填", "說明", "可填的值"),
    ]
    for kind, title in SHEETS:
        for column in template_columns(kind):
            values = "、".join(a[0] for a in column.codes.values()) if column.codes else (
                "是、否" if column.value == "bool" else "")
            rows.append((title, column.header, vocab.YES if column.required else "", column.help_zh, values))
    for row in rows:
        sheet.append(list(row))
    header_row = 8
    for cell in sheet[header_row]:
        cell.font = bold
        cell.fill = fill
    sheet["A1"].font = bold
    for letter, width in zip("ABCDE", (12, 16, 6, 48, 60)):
        sheet.column_dimensions[letter].width = width


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m sncheck.tabular.template OUT.xlsx", file=sys.stderr)
        return 2
    write_template(Path(args[0]))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
