"""Hostile rosters and workbooks (issue 23): the plan limits on what a file turns into, not on its bytes.

Each case runs ``sncheck check`` in a fresh process (tests/hostile.py ``run_fresh``): its peak memory is its
own, and a hang is stopped by the guard, never judged by a wall-clock assert.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hostile import entity_bomb_workbook, many_cells_csv, run_fresh, shared_string_bomb

hang_guard = pytest.mark.timeout(400)
MB = 1024 * 1024


def _parse001(tmp_path: Path, name: str, raw: bytes, *extra: str) -> tuple[dict, int]:
    path = tmp_path / name
    path.write_bytes(raw)
    code, out, err, peak = run_fresh("check", str(path), "--county", "臺中市", "--year", "111", "--format", "json",
                                     "--lang", "en", *extra)
    assert code == 1, err
    (finding,) = json.loads(out)["files"][0]["findings"]
    assert finding["rule"] == "PARSE001", finding
    return finding, peak


@hang_guard
def test_a_csv_of_ten_million_small_cells_is_refused_while_reading(tmp_path: Path) -> None:
    raw = many_cells_csv()
    assert len(raw) < 20 * MB  # under the byte limit: only counting what it turns into refuses it
    finding, peak = _parse001(tmp_path, "roster.csv", raw)
    assert "more than 200,000 filled cells" in finding["message"] and "limits.max_nodes" in finding["message"]
    assert finding["row"] == 405  # the 200,001st filled cell: 495 a row, the header row 1 included
    assert peak < 400 * MB, f"peak RSS {peak / MB:.0f} MB"  # the text and a few hundred rows, not 10 million cells


@hang_guard
def test_one_shared_string_used_in_every_cell_counts_every_use(tmp_path: Path) -> None:
    raw = shared_string_bomb()
    assert len(raw) < 300 * 1024
    finding, peak = _parse001(tmp_path, "roster.xlsx", raw)
    assert "sheet '人員名冊' row 22:" in finding["message"] and "20,971,520 characters" in finding["message"]
    assert peak < 400 * MB, f"peak RSS {peak / MB:.0f} MB"


@hang_guard
def test_a_workbook_declaring_xml_entities_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    finding, peak = _parse001(tmp_path, "roster.xlsx", entity_bomb_workbook())
    assert "xl/worksheets/sheet1.xml" in finding["message"] and "<!DOCTYPE" in finding["message"]
    assert peak < 400 * MB, f"peak RSS {peak / MB:.0f} MB"


def test_openpyxl_parses_with_defusedxml() -> None:
    """The second line behind xml_guard: defusedxml is installed (a dependency) and openpyxl uses it."""
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML is True


def test_the_limits_are_the_runs_and_a_real_roster_is_within_them(tmp_path: Path) -> None:
    from sncheck.read.limits import Limits
    from sncheck.tabular.reader import TableError, read_tables

    header = "員工編號,單位/組別,職稱,經費來源,姓名\n"
    roster = tmp_path / "roster.csv"
    roster.write_text(header + "".join(f"W{i},東區社福中心,社工員,中央補助,王小明\n" for i in range(3000)),
                      encoding="utf-8-sig")
    (table,) = read_tables(roster)
    assert len(table.rows) == 3001
    with pytest.raises(TableError) as info:
        read_tables(roster, limits=Limits(max_nodes=100))
    assert info.value.row == 21 and "more than 100 filled cells" in info.value.message_en
