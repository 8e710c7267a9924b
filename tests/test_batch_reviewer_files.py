"""What a central reviewer opens (issue 22.9): report.html's matrix says what its colours say, and
summary.xlsx is the summary table in a workbook (header frozen, filters, sized columns) that LibreOffice
reads as Excel does, where summary.csv needs its import dialog told UTF-8."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import openpyxl
import pytest
from cli_run import sncheck

ROOT = Path(__file__).resolve().parent.parent
SOFFICE = shutil.which("soffice")


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("review") / "out"
    run = sncheck(["batch", str(ROOT / "examples"), "--report-dir", str(out)])
    assert run.exit_code == 1, run.stderr
    return out


def test_an_info_only_cell_says_how_many_infos_and_the_legend_names_blue(report_dir: Path) -> None:
    page = (report_dir / "report.html").read_text(encoding="utf-8")
    row = re.search(r'<tr data-county="臺中市" data-year="115">(.*?)</tr>', page).group(1)  # PACK002 is an info
    blue = re.findall(r'<td class="sev-info" data-family="([^"]+)"><a [^>]*>(.*?)</a></td>', row)
    assert blue, row
    for _family, text in blue:
        assert re.fullmatch(r'<span class="nw">\d+ 資訊</span>', text), text  # not a bare "0" in a blue cell
    legend = re.search(r'<p class="legend">(.*?)</p>', page).group(1)
    assert "藍＝只有資訊" in legend and "紅" in legend and "黃" in legend and "綠" in legend
    assert not re.search(r'class="sev-(?:error|warning|info)"[^>]*><a [^>]*>0</a>', page)  # a coloured cell never reads 0


def test_summary_xlsx_is_the_csv_table_with_frozen_header_filters_and_widths(report_dir: Path) -> None:
    with (report_dir / "summary.csv").open(encoding="utf-8-sig", newline="") as handle:
        csv_rows = list(csv.reader(handle))
    sheet = openpyxl.load_workbook(report_dir / "summary.xlsx").active
    rows = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    assert rows == csv_rows  # the same table
    assert isinstance(sheet["C2"].value, int)  # counts are numbers a reviewer can sum, not text
    assert sheet["B1"].value == "計畫年度" and isinstance(sheet["B2"].value, int)  # the year too: filters sort it
    assert sheet.title == "總表" and sheet.freeze_panes == "C2"  # the county and its year stay in view
    assert sheet.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(sheet.max_column)}{sheet.max_row - 1}"
    widths = {letter: dim.width for letter, dim in sheet.column_dimensions.items()}
    assert all(w >= 8 for w in widths.values())
    header = csv_rows[0]
    for name in ("縣市", "檢核依據"):  # short texts ("ssn-2.0、ssn-phase2" and the like): the column fits them
        letter = openpyxl.utils.get_column_letter(header.index(name) + 1)
        assert widths[letter] >= max(_width(r[header.index(name)]) for r in csv_rows[1:])
    # 未檢核 (issue 21) runs to a hundred characters a line: the column is capped and the text wraps in a row
    # tall enough for every wrapped line, never cut off or 100 characters wide
    column = header.index("未檢核")
    letter = openpyxl.utils.get_column_letter(column + 1)
    assert widths[letter] == 40 and max(_width(r[column]) for r in csv_rows[1:]) > 40
    for number, row in enumerate(csv_rows[1:], start=2):
        if _width(row[column]) <= widths[letter] - 2:
            continue
        cell = sheet.cell(number, column + 1)
        lines = sum(-(-_width(line) // (int(widths[letter]) - 1)) for line in row[column].split("\n"))
        assert cell.alignment.wrap_text and cell.alignment.vertical == "top", cell.coordinate
        assert sheet.row_dimensions[number].height >= 15 * lines, (cell.coordinate, lines)
        assert sheet.cell(number, 2).alignment.vertical == "top"  # the counts beside the text's first line


def _width(text: str) -> int:
    """Spreadsheet columns of a text's longest line: a CJK character takes two."""
    return max(sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line) for line in text.split("\n"))


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_reads_summary_xlsx_as_written(report_dir: Path, tmp_path: Path) -> None:
    """LibreOffice opens the workbook (re-saved by it, every cell reads back as written). Its default CSV
    import assumes the system's character set and garbles summary.csv (docs/batch.md says which option to
    pick): the workbook has no such question."""
    out = tmp_path / "out"
    subprocess.run([SOFFICE, "--headless", "--norestore", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                    "--convert-to", "xlsx", "--outdir", str(out), str(report_dir / "summary.xlsx")],
                   capture_output=True, timeout=300, check=True)
    expected = list(openpyxl.load_workbook(report_dir / "summary.xlsx").active.iter_rows(values_only=True))
    resaved = list(openpyxl.load_workbook(out / "summary.xlsx").active.iter_rows(values_only=True))
    assert resaved == expected and resaved[0][0] == "縣市"


def test_the_page_offers_summary_xlsx_for_several_files() -> None:
    from test_web_serve import client, read, result_key, upload

    c = client()
    page = upload(c, [read(ROOT / "examples" / name) for name in ("kaohsiung-111.yaml", "taichung-115.yaml")])
    assert 'id="dl-xlsx-summary"' in page.text
    response = c.get(f"/r/{result_key(page)}/summary.xlsx")
    assert response.status_code == 200 and "summary.xlsx" in response.headers["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    assert [row[0].value for row in sheet.iter_rows()][1:3] == ["臺中市", "高雄市"]
