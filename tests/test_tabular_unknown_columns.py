"""An unknown column's note (IMPORT002: the finding, the annotated workbook's comment on the header cell)
suggests the column it looks like, with what that column holds, and says plainly when it looks like none; it
never suggests a column the sheet already has, nor 「經費來源」 for every column (a user trial).

The roster is kept as an office keeps it: a title row, the header at row 2 in the office's own words.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Sequence

import openpyxl
from cli_run import sncheck

TAICHUNG = ["--county", "臺中市", "--year", "113"]
HEAD = "不認得的欄位「{}」：內容原樣保留，但未用於檢核；"
NONE = "它的欄名不像範本的任何一欄；若檢核需要它，請把欄名改成範本的欄名"


def roster(path: Path, header: Sequence[str], row: Sequence[Any]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "人員名冊"
    sheet.append(["臺中市113年度社安網人員名冊"])
    sheet.append(list(header))
    sheet.append(list(row))
    book.save(path)
    return path


def notes(path: Path, tmp_path: Path, *args: str) -> dict[str, str]:
    """Header cell → sncheck's note on it in the annotated copy, for the unknown columns."""
    out = tmp_path / "annotated.xlsx"
    result = sncheck(["check", str(path), *TAICHUNG, "--annotate", str(out), *args])
    assert result.exit_code in (0, 1), result.stderr
    sheet = openpyxl.load_workbook(out)["人員名冊"]
    return {cell.coordinate: re.split("IMPORT002[：:] ?", cell.comment.text, maxsplit=1)[1].split("\n")[0]
            for cell in sheet[2] if cell.comment is not None and "IMPORT002" in cell.comment.text}


def test_each_unknown_column_gets_the_suggestion_that_fits_it(tmp_path):
    path = roster(tmp_path / "r.xlsx", ["員工編號", "姓名", "組別", "職務名稱", "人事費來源", "備註", "性別"],
                  ["A1", "王", "北區社福中心", "社工員", "中央補助", "x", "女"])
    assert notes(path, tmp_path) == {
        "D2": HEAD.format("職務名稱") + "若它就是「職稱」欄（社工員、資深社工、督導、關懷訪視員…），請把欄名改成「職稱」",
        "E2": HEAD.format("人事費來源") + "若它就是「經費來源」欄（中央補助、地方自籌、其他），請把欄名改成「經費來源」",
        "F2": HEAD.format("備註") + NONE,
        "G2": HEAD.format("性別") + NONE,  # 別 alone does not make it 組別
    }


def test_a_column_the_sheet_already_has_is_not_suggested(tmp_path):
    path = roster(tmp_path / "r.xlsx", ["員工編號", "組別", "職稱", "經費來源", "人事經費"],
                  ["A1", "北區社福中心", "社工員", "中央補助", "中央補助"])
    assert notes(path, tmp_path) == {"E2": HEAD.format("人事經費") + NONE}


def test_in_english_too(tmp_path):
    path = roster(tmp_path / "r.xlsx", ["員工編號", "姓名", "組別", "職務名稱", "經費來源", "備註"],
                  ["A1", "王", "北區社福中心", "社工員", "中央補助", "x"])
    assert notes(path, tmp_path, "--lang", "en") == {
        "D2": "unknown column '職務名稱', kept as x-職務名稱; if it is the 職稱 column (role), rename it 職稱",
        "F2": "unknown column '備註', kept as x-備註; its header looks like no column of the template; if the "
              "check needs it, map it under headers"}


def test_two_fields_that_look_alike_equally_are_no_guess():
    from sncheck.tabular.headers import likely_column

    assert likely_column("staff", "單位別") is None  # 單位 is a header of both 單位 and 單位/組別
    assert likely_column("staff", "人事經費", {("staff", "funding")}) is None  # most like a column it has
