"""Tick columns with no group header above them (a user trial): a one-row header

    員工編號 | 姓名 | 組別 | 職稱 | 中央補助 | 地方自籌 | 備註

with a ✓ (V, v, ○, 1) under one of 中央補助 / 地方自籌 on each person's row is read as 經費來源, as the
two-row header (人事經費來源 over 中央補助 / 地方自籌) is; a 中央補助 column of amounts is not.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
from cli_run import sncheck
from test_tabular_import import workbook

TAICHUNG = ["--county", "臺中市", "--year", "111"]
HEADER = ["員工編號", "姓名", "組別", "職稱", "中央補助", "地方自籌", "備註"]


def roster(path: Path, rows: list[list[Any]]) -> Path:
    """A sheet 人員名冊 as an office types it: the one-row header, then one row per person."""
    return workbook(path, {"人員名冊": [HEADER, *rows]})


def seven_and_two(central: Any = "✓") -> list[list[Any]]:
    """7 social workers and 2 supervisors of one centre, all ticked 中央補助 (each tick a different mark)."""
    marks = ["✓", "V", "v", "○", "1", 1, "√"]  # √: the square-root sign offices type as a tick
    rows: list[list[Any]] = [[f"W{n}", f"社工{n}", "北區社福中心", "社工員", marks[n - 1], None, None]
                             for n in range(1, 8)]
    rows.append(["S1", "督導甲", "北區社福中心", "督導", central, None, None])
    rows.append(["S2", "督導乙", "北區社福中心", "督導", central, None, "兼任"])
    return rows


def findings(path: Path) -> list[tuple[str, str, str]]:
    result = sncheck(["check", str(path), *TAICHUNG, "--format", "json"])
    assert result.exit_code in (0, 1), result.stderr
    return [(f["cell"], f["rule"], f["message"]) for f in result.json()["files"][0]["findings"]]


def test_ticks_under_a_one_row_header_are_the_funding_and_sup001_is_found(tmp_path):
    path = roster(tmp_path / "r.xlsx", seven_and_two())
    assert findings(path) == [
        ("人員名冊!G1", "IMPORT002", "不認得的欄位「備註」：內容原樣保留，但未用於檢核；它的欄名不像範本的任何一欄；"
                                  "若檢核需要它，請把欄名改成範本的欄名"),
        ("人員名冊!C2", "SUP001", "組別 北區社福中心 有直接服務人員 7 名，依每 7 名設督導 1 名之基準，中央可補助督導 1 名，"
                                "但申請中央補助督導 2 名（超出 1 名）"),
    ]


def test_two_ticks_or_none_for_a_person_are_the_two_row_headers_findings(tmp_path):
    rows = seven_and_two()
    rows[0][5] = "V"  # W1 ticked under both 中央補助 and 地方自籌
    rows[1][4] = None  # W2 ticked nowhere
    found = [(cell, rule, message) for cell, rule, message in findings(roster(tmp_path / "r.xlsx", rows))
             if rule.startswith("SCHEMA")]
    assert [(cell, rule) for cell, rule, _ in found] == [("人員名冊!E2", "SCHEMA001"), ("人員名冊!3", "SCHEMA001")]
    assert "「中央補助」" in found[0][2] and "中央補助、地方自籌" in found[0][2], found[0][2]


def test_a_central_column_of_amounts_is_not_read_as_ticks(tmp_path):
    rows = [[f"W{n}", f"社工{n}", "北區社福中心", "社工員", 520000, None, None] for n in range(1, 3)]
    rows.append(["S1", "督導甲", "北區社福中心", "督導", 1, 600000, None])  # an amount of 1 among the amounts
    found = findings(roster(tmp_path / "r.xlsx", rows))
    assert [(cell, rule) for cell, rule, _ in found if rule.startswith("IMPORT")] == [
        ("人員名冊!1", "IMPORT001"), ("人員名冊!E1", "IMPORT002"), ("人員名冊!F1", "IMPORT002"),
        ("人員名冊!G1", "IMPORT002")]
    assert "「經費來源」" in found[0][2]


def test_fix_moves_the_extra_supervisors_tick_to_the_county_column(tmp_path):
    path = roster(tmp_path / "臺中市-111-名冊.xlsx", seven_and_two(central="V"))
    out = tmp_path / "out.xlsx"
    run = sncheck(["fix", str(path), "-o", str(out), "--unsafe", *TAICHUNG])
    assert "人員名冊!E10: SUP001 已修正：「V」→（空白）" in run.stdout, run.stdout + run.stderr
    before, after = openpyxl.load_workbook(path)["人員名冊"], openpyxl.load_workbook(out)["人員名冊"]
    assert [(c.coordinate, before[c.coordinate].value, c.value) for row in after.iter_rows() for c in row
            if before[c.coordinate].value != c.value] == [("E10", "V", None), ("F10", None, "V")]
    assert not [cell for cell, rule, _ in findings(out) if rule == "SUP001"]
