"""Issue 19 on the page: an office-layout workbook uploaded with no mapping file shows what `check` finds."""

from __future__ import annotations

import html
import re
from pathlib import Path

from office_workbooks import sheet_per_unit_workbook, two_row_header_workbook
from serve_helpers import cli_json, cli_keys
from test_tabular_office_layouts import KAOHSIUNG_PEOPLE, _units
from test_web_serve import client, read, upload


_ARTICLE = re.compile(r'<article (?:id="[^"]*" )?class="finding[^"]*" data-rule="([^"]*)" data-pointer="([^"]*)" '
                      r'data-line="[^"]*" data-location="([^"]*)">')


def page_keys(page: str, file_name: str) -> list[tuple[str, str, str]]:
    """(rule, pointer, location) of every finding shown for one file (the first of each rule has an id)."""
    start = page.index(f'data-file="{html.escape(file_name)}"')
    end = page.find('<section class="file"', start + 1)
    part = page[start:end if end > 0 else len(page)]
    return sorted((html.unescape(r), html.unescape(p), html.unescape(w)) for r, p, w in _ARTICLE.findall(part))


def test_office_workbooks_uploaded_show_exactly_the_findings_of_check(tmp_path: Path) -> None:
    paths = [two_row_header_workbook(tmp_path / "高雄市-111-人力配置表.xlsx", KAOHSIUNG_PEOPLE),
             sheet_per_unit_workbook(tmp_path / "高雄市-111-各中心名冊.xlsx", _units())]
    page = upload(client(), [read(p) for p in paths])
    assert page.status_code == 200
    for path, entry in zip(paths, cli_json(*map(str, paths))["files"]):
        shown = page_keys(page.text, path.name)
        assert shown == cli_keys(entry["findings"]) and shown, path.name
    assert "略過 人力配置表 第 10、14 列（小計列）" in page.text
    assert "略過 工作表「統計」（不是人員名冊，也不是年資、組別或經費需求表）" in page.text
    assert "縣市填報的社安網年資為 2.8 年" in page.text
    assert "王小明" not in page.text  # personal data stays hidden unless asked
