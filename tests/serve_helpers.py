"""Shared by tests/test_web_serve.py (Flask test client) and tests/test_web_serve_browser.py (Chromium)."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import openpyxl
from click.testing import CliRunner

from sncheck.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
PLAN_EXAMPLES = [EXAMPLES / "kaohsiung-111.yaml", EXAMPLES / "tainan-112.yaml", EXAMPLES / "taichung-111.yaml",
                 EXAMPLES / "taipei-110.json"]
NAMES = ["王小明", "李美華"]  # personal data that must not reach a page unless asked


def roster_workbook(path: Path) -> Path:
    """A roster workbook (臺中市, 111 from its name) with two central supervisors for 7 workers: SUP001
    (its fix is unsafe: it picks who moves) at 人員名冊!C2 (the 單位/組別 cell that made the team), and staff names in the 姓名 column."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "人員名冊"
    sheet.append(["員工編號", "姓名", "單位/組別", "職稱", "經費來源"])
    for i in range(7):
        sheet.append([f"W{i}", NAMES[i % 2] if i < 2 else f"範例{i}", "東區社福中心", "社工員", "中央補助"])
    sheet.append(["S1", "陳督導", "東區社福中心", "督導", "中央補助"])
    sheet.append(["S2", "林督導", "東區社福中心", "督導", "中央補助"])
    book.save(path)
    return path


def cli_json(*args: str) -> dict[str, Any]:
    """``sncheck check ARGS --format json``, parsed: what the page must show."""
    result = CliRunner().invoke(main, ["check", *args, "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def cli_keys(findings: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """(rule, pointer, location) per finding, location as the page writes it."""
    out = []
    for f in findings:
        if f.get("suppressed") is not None:
            continue
        if f.get("sheet"):
            whole_row = f["cell"].rsplit("!", 1)[-1].isdigit()
            where = f"{f['sheet']} 第 {f['row']} 列" if whole_row else f["cell"]
        else:
            where = (f"{Path(f['file']).name} {f['cell']}" if f.get("cell") else
                     f"第 {f['line']} 行" if f.get("line") else "")
        out.append((f["rule"], f["pointer"], where))
    return sorted(out)


_ARTICLE = re.compile(r'<article (?:id="[^"]*" )?class="finding[^"]*" data-rule="([^"]*)" data-pointer="([^"]*)" '
                      r'data-line="[^"]*" data-location="([^"]*)">')


def page_keys(page: str, file_name: str) -> list[tuple[str, str, str]]:
    """(rule, pointer, location) of every finding the result page shows for one file (the first finding of
    each rule carries an id for the rule index; it counts like the others)."""
    start = page.index(f'data-file="{html.escape(file_name)}"')
    end = page.find('<section class="file"', start + 1)
    part = page[start:end if end > 0 else len(page)]
    return sorted((html.unescape(r), html.unescape(p), html.unescape(w)) for r, p, w in _ARTICLE.findall(part))


def asking_workbook(path: Path, protective_header: str = "辦理保護案件", role_word: str = "社工師") -> Path:
    """A roster (臺中市, 112 from its name) the reader cannot fully tell: its protective-worker column is headed
    ``protective_header`` (no plan field's header) and it writes 職稱 ``role_word`` and 經費來源 縣預算 (no code's
    label). Answered (that column = 保護性, ``role_word`` = 社工員, 縣預算 = 地方自籌), it holds a PAY001 (row 2: 360
    points with one year of protective service) and a SUP001 (its team: one central supervisor for 2 workers)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "人員名冊"
    sheet.append(["員工編號", "姓名", "單位", "職稱", "經費來源", "俸點", protective_header, "年資起日", "經費別", "保護性服務"])
    sheet.append(["A1", NAMES[0], "北區社福中心", role_word, "中央補助", 360, "是", "111/1/1", "社安網預算", "是"])
    sheet.append(["A2", NAMES[1], "北區社福中心", "社工員", "縣預算", 328, "否", "110/1/1", "社安網預算", "否"])
    sheet.append(["A3", "陳督導", "北區社福中心", "督導", "中央補助", 340, "否", "110/1/1", "社安網預算", "否"])
    book.save(path)
    return path
