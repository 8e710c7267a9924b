"""Issue 19 on the page: an office-layout workbook uploaded with no mapping file shows what `check` finds."""

from __future__ import annotations

from pathlib import Path

from office_workbooks import sheet_per_unit_workbook, two_row_header_workbook
from serve_helpers import cli_json, cli_keys, page_keys
from test_tabular_office_layouts import KAOHSIUNG_PEOPLE, _units
from test_web_serve import client, read, upload


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
