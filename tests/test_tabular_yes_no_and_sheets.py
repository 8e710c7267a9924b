"""The yes/no words and tick marks, and the default sheet names, are wording (sncheck/model/wording.yaml
``yes_no`` and ``sheet_names``), not Python: read the same as when they were hard-coded in tabular/cells.py
and tabular/mapping.py (the lists below are those, as they were), and a ministry draft that adds one is
used by the real command.
"""

from __future__ import annotations

import os
import subprocess
import sys
from importlib import resources
from pathlib import Path

import openpyxl
import pytest

from sncheck.model import vocabulary as vocab
from sncheck.model import wording
from sncheck.model.wording import WordingError
from sncheck.tabular.cells import text_of, to_bool
from sncheck.tabular.mapping import DEFAULT_SHEETS

TEXT = resources.files("sncheck.model").joinpath("wording.yaml").read_text(encoding="utf-8")

# what tabular/cells.py and tabular/mapping.py held before the words moved to wording.yaml
WAS_TRUE = {"是", "y", "yes", "true", "v", "✓", "✔", "√", "○", "o", "1", "有", "保護性"}
WAS_FALSE = {"否", "n", "no", "false", "x", "✗", "×", "0", "無", "非保護性", "-"}
WAS_SHEETS = {"staff": ("人員名冊", "人員", "名冊", "staff"), "segments": ("服務年資", "年資", "服務紀錄", "segments"),
              "requests": ("經費需求", "需求", "requests"), "teams": ("組別", "組別清單", "teams"),
              "ignore": ("說明", "README", "代碼表", "codes")}


@pytest.mark.parametrize("word, meaning", [*((w, True) for w in sorted(WAS_TRUE)), *((w, False) for w in sorted(WAS_FALSE))])
def test_every_yes_and_no_word_reads_as_before(word, meaning):
    assert to_bool(word) is meaning
    assert to_bool(word.upper()) is meaning  # V, Y, TRUE: compared lower-cased, as before


@pytest.mark.parametrize("written, read", [("Ｖ", "Ｖ"), ("１", True), ("０", False), (" 是 ", True), (1, True), (0, False),
                                           (True, True), ("V V", "V V"), ("社工", "社工"), ("", "")])
def test_cells_read_as_before(written, read):
    assert to_bool(written) == read


def test_the_words_and_names_are_the_wording_files_and_as_before():
    assert set(vocab.wording_in_use().yes_words) == WAS_TRUE and set(vocab.wording_in_use().no_words) == WAS_FALSE
    assert dict(DEFAULT_SHEETS) == WAS_SHEETS
    assert (text_of(True), text_of(False)) == ("是", "否")  # how a yes/no cell is written back: the first words


def test_a_word_that_is_both_yes_and_no_is_refused():
    draft = TEXT.replace('"no": ["否",', '"no": ["有", "否",', 1)
    with pytest.raises(WordingError, match="yes_no: '有' is both yes and no"):
        wording.load(draft)


def _check(path: Path, draft: str | None, tmp_path: Path) -> str:
    """``sncheck check`` in a new process (the wording is read once per process), with a draft if given."""
    env = {k: v for k, v in os.environ.items() if k != wording.DRAFT_VARIABLE}
    if draft is not None:
        (tmp_path / "draft.yaml").write_text(draft, encoding="utf-8")
        env[wording.DRAFT_VARIABLE] = str(tmp_path / "draft.yaml")
    result = subprocess.run([sys.executable, "-m", "sncheck", "check", str(path), "--county", "臺中市", "--year", "113"],
                            capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert result.returncode in (0, 1), result.stderr
    return result.stdout


def test_a_tick_mark_and_a_sheet_name_a_ministry_draft_adds_are_used(tmp_path):
    """An office ticks 保護性 with ◎ on a sheet it calls 人事名冊 (no 組別 column). With the shipped words ◎ is
    no mark and the sheet, not named as a roster, names the team of its rows; with a draft listing ◎ as yes
    and 人事名冊 as a staff sheet, ◎ reads as yes and the sheet is the roster (so its missing 組別 is said)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "人事名冊"
    sheet.append(["員工編號", "姓名", "職稱", "經費來源", "保護性"])
    sheet.append(["A1", "王", "社工員", "中央補助", "◎"])
    path = tmp_path / "r.xlsx"
    book.save(path)
    shipped = _check(path, None, tmp_path)
    assert "人事名冊!E2: SCHEMA001" in shipped and "以工作表名稱「人事名冊」為組別" in shipped
    draft = TEXT.replace('"yes": ["是",', '"yes": ["是", "◎",', 1).replace("staff: [人員名冊,", "staff: [人員名冊, 人事名冊,", 1)
    assert draft.count("◎") == 1 and "人事名冊" in draft
    drafted = _check(path, draft, tmp_path)
    assert "人事名冊!E2" not in drafted and "以工作表名稱" not in drafted, drafted
    assert "人事名冊!1: IMPORT001 error 標題列缺少必要欄位「單位/組別」" in drafted
