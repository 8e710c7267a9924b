"""A roster kept on one sheet with a 單位類型 column and no teams sheet (a user trial): the column gives each
team its unit type, so the supervisor ratio is checked; rows of a team that disagree, or a word that is no
unit type, are findings at their cells; a team whose unit type nothing gives is told the ways to give it.

Workbooks are built like the office keeps them (a title row above the header, the columns in its order).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

import openpyxl
from cli_run import sncheck

from sncheck.read.document import read_document

KAOHSIUNG = ["--county", "高雄市", "--year", "111"]
HEADER = ["員工編號", "姓名", "組別", "職稱", "經費來源", "單位類型"]


def roster(path: Path, rows: Sequence[Sequence[Any]], header: Sequence[str] = HEADER) -> Path:
    """Sheet 人員名冊: a merged title row, then the header at row 2, then ``rows`` from row 3."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "人員名冊"
    sheet.append(["高雄市111年度社安網人員名冊"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def check(path: Path, *args: str) -> Any:
    result = sncheck(["check", str(path), *KAOHSIUNG, "--format", "json", *args])
    assert result.exit_code in (0, 1), result.stderr
    return result.json()["files"][0]


def findings(path: Path, *args: str) -> list[tuple[str, str, str]]:
    return [(f["cell"], f["rule"], f["message"]) for f in check(path, *args)["findings"]]


def imported_teams(path: Path, tmp_path: Path) -> list[Any]:
    out = tmp_path / "plan.yaml"
    result = sncheck(["import", str(path), *KAOHSIUNG, "-o", str(out), "--force"])
    assert result.exit_code in (0, 1), result.stderr
    return list(read_document("plan.yaml", out.read_bytes()).data["teams"])


def north(unit_type: str = "社福中心") -> list[list[Any]]:
    """Team 北區: 8 social workers and 2 centrally funded supervisors (one more than 8 workers allow)."""
    workers = [[f"N{i}", f"社工{i}", "北區", "社工員", "中央補助", unit_type] for i in range(1, 9)]
    return workers + [["N9", "督導甲", "北區", "督導", "中央補助", unit_type],
                      ["N10", "督導乙", "北區", "督導", "中央補助", unit_type]]


PROTECTION = [["P1", "保護甲", "保護組", "社工員", "中央補助", "家防中心"],
              ["P2", "保護乙", "保護組", "社工員", "地方自籌", "家庭暴力暨性侵害防治中心"]]


def test_the_unit_type_column_gives_each_team_its_type_and_the_supervisor_ratio_is_checked(tmp_path):
    path = roster(tmp_path / "r.xlsx", north() + PROTECTION)
    found = findings(path)
    assert [(cell, rule) for cell, rule, _ in found] == [("人員名冊!C3", "SUP001")]
    assert found[0][2] == ("組別 北區 有直接服務人員 8 名，依每 7 名設督導 1 名之基準，中央可補助督導 1 名，"
                           "但申請中央補助督導 2 名（超出 1 名）")
    assert imported_teams(path, tmp_path) == [{"id": "北區", "unit_type": "social_welfare_center"},
                                              {"id": "保護組", "unit_type": "family_violence_center"}]


def test_the_supervisor_ratio_is_reported_as_checked_not_as_an_unreadable_row(tmp_path):
    rules = check(roster(tmp_path / "r.xlsx", north()))["coverage"]["rules"]
    assert {r["rule"]: r["status"] for r in rules if r["rule"] in ("SUP001", "SUP002")} == \
        {"SUP001": "full", "SUP002": "full"}


def test_rows_of_one_team_that_disagree_are_one_finding_at_the_cell_and_the_type_is_not_guessed(tmp_path):
    rows = north()
    rows[3][5] = "家防中心"  # row 6
    rows[7][5] = "家防中心"  # row 10: the same disagreement, not said again
    path = roster(tmp_path / "r.xlsx", rows)
    found = findings(path)
    assert [(cell, rule) for cell, rule, _ in found] == [("人員名冊!F6", "IMPORT001")]
    assert found[0][2].startswith("組別「北區」的單位類型在 人員名冊!F3 是「社福中心」，人員名冊!F6 是「家防中心」")
    assert imported_teams(path, tmp_path) == [{"id": "北區"}]  # neither row's word taken
    sup001 = next(r for r in check(path)["coverage"]["rules"] if r["rule"] == "SUP001")
    assert sup001["status"] != "full" and "組別「北區」的「單位類型」無法讀取" in sup001["message"]  # not judged


def test_a_word_that_is_no_unit_type_is_reported_at_its_cell_with_the_accepted_words(tmp_path):
    path = roster(tmp_path / "r.xlsx", north("社福"))
    found = findings(path)
    assert [(cell, rule) for cell, rule, _ in found] == [("人員名冊!F3", "SCHEMA001")]
    assert found[0][2].startswith("人員名冊!F3「單位類型」的值「社福」不是可填的值")
    assert "社會福利服務中心／社福中心" in found[0][2]


def test_a_team_whose_unit_type_nothing_gives_is_told_the_ways_to_give_it(tmp_path):
    header = ["員工編號", "姓名", "組別", "職稱", "經費來源"]
    path = roster(tmp_path / "r.xlsx", [["A1", "甲", "家庭服務中心", "社工員", "中央補助"]], header)
    found = findings(path)
    assert [(cell, rule) for cell, rule, _ in found] == [("人員名冊!C3", "SCHEMA001")]
    assert found[0][2].startswith("組別 家庭服務中心的單位類型無法判定：請在「人員名冊」加上「單位類型」欄，為各列填組別的單位類型，"
                                  "或在組別名稱寫出單位類型（例如「北區社福中心」），或在 sncheck serve 網頁的「不認得的單位類型」"
                                  "回答它是哪一類單位；可填：社會福利服務中心")
    english = findings(path, "--lang", "en")
    assert english[0][2].startswith("the unit type of team 家庭服務中心 cannot be told: add a column 單位類型 to 人員名冊")


def test_a_team_left_empty_in_the_column_is_told_the_cell_to_fill_not_to_add_the_column(tmp_path):
    rows = PROTECTION + [["A1", "甲", "家庭服務中心", "社工員", "中央補助", None]]
    found = findings(roster(tmp_path / "r.xlsx", rows))
    assert [(cell, rule) for cell, rule, _ in found] == [("人員名冊!C5", "SCHEMA001")]
    assert found[0][2].startswith("組別 家庭服務中心的單位類型無法判定：請在 人員名冊!F5「單位類型」填這個組別的單位類型，")
    assert "加上" not in found[0][2] and "欄就是它嗎" not in found[0][2]


def test_the_pages_answer_for_a_team_whose_rows_disagree_decides_its_unit_type(tmp_path):
    from sncheck.tabular.convert import ImportSettings, Sources, convert_files
    from sncheck.tabular.mapping import ImportMapping
    from sncheck.tabular.questions import Answers, ask, with_answers

    rows = north()
    rows[3][5] = "家防中心"
    path = roster(tmp_path / "r.xlsx", rows)
    asked = ask(convert_files(Sources(path), ImportSettings()), ImportMapping(), Answers())
    assert [(u.team, u.cells[:2]) for u in asked.units] == [("北區", ("人員名冊!C3", "人員名冊!C4"))]
    answered = with_answers(ImportMapping(), Answers(unit_types=(("北區", "social_welfare_center"),)))
    conversion = convert_files(Sources(path), ImportSettings(mapping=answered))
    assert conversion.data["teams"] == [{"id": "北區", "unit_type": "social_welfare_center"}]
    assert conversion.problems == []


# --------------------------------------------------------------------------- the column beside the team's name


def test_a_unit_type_cell_that_disagrees_with_the_teams_name_is_a_warning_naming_both(tmp_path):
    """北區社福中心's rows say 家防中心: the column is used (the team is checked), and a warning at the first
    such cell names the cell, the word and the team's name, said once for the team."""
    rows = [[*row[:2], "北區社福中心", *row[3:5], "家防中心"] for row in north()]
    path = roster(tmp_path / "r.xlsx", rows)
    found = findings(path)
    assert [(cell, rule) for cell, rule, _ in found] == [("人員名冊!C3", "SUP001"), ("人員名冊!F3", "IMPORT004")]
    assert found[1][2] == ("人員名冊!F3「單位類型」填「家防中心」，但組別名稱「北區社福中心」寫的是「社福中心」；此組別依「單位類型」欄"
                           "以家防中心檢核。請確認：組別名稱對的話，把 人員名冊!F3 改為「社福中心」")
    result = check(path)
    assert next(f for f in result["findings"] if f["rule"] == "IMPORT004")["severity"] == "warning"
    assert {r["rule"]: r["status"] for r in result["coverage"]["rules"] if r["rule"] == "SUP001"} == {"SUP001": "full"}
    assert imported_teams(path, tmp_path) == [{"id": "北區社福中心", "unit_type": "family_violence_center"}]
    english = findings(path, "--lang", "en")
    assert english[1][2].startswith("人員名冊!F3 (單位類型) says '家防中心', but the team's name '北區社福中心' says '社福中心'")


def test_a_unit_type_cell_that_agrees_with_the_name_says_nothing(tmp_path):
    rows = [[*row[:2], "北區社福中心", *row[3:5], "社會福利服務中心"] for row in north()]
    assert [rule for _, rule, _ in findings(roster(tmp_path / "r.xlsx", rows))] == ["SUP001"]


def test_the_unit_beside_the_group_is_the_name_compared(tmp_path):
    header = ["員工編號", "姓名", "單位", "組別", "職稱", "經費來源", "單位類型"]
    rows = [["A1", "甲", "家防中心", "保護一組", "社工員", "中央補助", "社福中心"]]
    found = findings(roster(tmp_path / "r.xlsx", rows, header))
    assert [(cell, rule) for cell, rule, _ in found] == [("人員名冊!G3", "IMPORT004")]
    assert "組別名稱「家防中心/保護一組」寫的是「家防中心」" in found[0][2]
