"""Broken roster files are findings, never crashes: seeded mutations of a real workbook and of CSVs."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from sncheck.engine.checker import Checker, Options
from sncheck.tabular.check import check_sources
from sncheck.tabular.convert import ImportSettings, sources_for
from sncheck.tabular.mapping import ImportMapping
from test_tabular_import import BAD_CSV, supervisor_excess_workbook

SETTINGS = ImportSettings(county="臺中市", plan_year=111)


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker(Options(load_entry_points=False, lang="en"))


def _check(checker: Checker, path: Path) -> list[tuple[str, str]]:
    result, _ = check_sources(checker, sources_for(path, ImportMapping()), SETTINGS)
    return [(f.rule, f.message) for f in result.findings]


def test_a_zip_entry_of_an_unsupported_version_is_a_finding(checker: Checker, tmp_path: Path) -> None:
    data = bytearray(supervisor_excess_workbook(tmp_path / "good.xlsx").read_bytes())
    central = data.index(b"PK\x01\x02")  # first central-directory entry
    data[central + 6:central + 8] = (215).to_bytes(2, "little")  # "version needed to extract": 21.5
    path = tmp_path / "future.xlsx"
    path.write_bytes(bytes(data))
    (finding,) = _check(checker, path)
    assert finding[0] == "PARSE001" and finding[1].startswith("cannot read the Excel workbook (damaged or not .xlsx)")


def test_mutated_workbooks_and_csvs_never_crash(checker: Checker, tmp_path: Path) -> None:
    rnd = random.Random(20261126)
    good = supervisor_excess_workbook(tmp_path / "good.xlsx").read_bytes()
    csv_seeds = [BAD_CSV.encode("utf-8-sig"), BAD_CSV.encode("cp950"), BAD_CSV.encode("utf-16"), b"\xef\xbb\xbf", b""]
    inserts = [b"\0", b'"', b"\r", b"\n", b",", b"\t", "社".encode(), b"\xa4", b"=1+1", b"110/2/30"]
    for i in range(240):
        if i % 3 == 0:
            data, name = bytearray(good), "roster.xlsx"
            for _ in range(rnd.randint(1, 8)):
                data[rnd.randrange(len(data))] = rnd.randrange(256)
        else:
            data, name = bytearray(rnd.choice(csv_seeds)), rnd.choice(["roster.csv", "roster.tsv"])
            for _ in range(rnd.randint(0, 10)):
                where = rnd.randrange(len(data) + 1)
                if rnd.random() < 0.5 and data:
                    data[min(where, len(data) - 1)] = rnd.randrange(256)
                else:
                    data[where:where] = rnd.choice(inserts)
        path = tmp_path / name
        path.write_bytes(bytes(data))
        findings = _check(checker, path)  # raises on a crash
        assert not [f for f in findings if f[0] == "INTERNAL001"], (bytes(data[:60]), findings)


def _broken_sheet(good: Path, path: Path) -> Path:
    """``good`` with its first sheet's XML cut in half: the workbook opens, the sheet cannot be read."""
    import zipfile

    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, data[: len(data) // 2] if item.filename == "xl/worksheets/sheet1.xml" else data)
    return path


def test_an_unreadable_workbook_is_said_in_words_not_an_exception_class(tmp_path: Path) -> None:
    """The officer reads 「檔案已損壞」, not 「BadZipFile」/「OSError」; English keeps the technical reason."""
    zh = Checker(Options(load_entry_points=False))
    not_a_zip = tmp_path / "text.xlsx"
    not_a_zip.write_bytes("這不是活頁簿\n".encode())
    good = supervisor_excess_workbook(tmp_path / "good.xlsx")
    sheet = _broken_sheet(good, tmp_path / "sheet.xlsx")
    assert _check(zh, not_a_zip) == [("PARSE001", "無法讀取 Excel 活頁簿：檔案已損壞或不是 Excel 活頁簿（.xlsx）")]
    ((rule, message),) = _check(zh, sheet)
    assert rule == "PARSE001" and message.startswith("工作表「") and message.endswith("」無法讀取：內容已損壞")
    english = Checker(Options(load_entry_points=False, lang="en"))
    assert _check(english, not_a_zip) == [("PARSE001", "cannot read the Excel workbook (damaged or not .xlsx): "
                                                       "BadZipFile: File is not a zip file")]


def test_a_workbook_without_read_permission_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import openpyxl

    def locked(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(openpyxl, "load_workbook", locked)
    path = supervisor_excess_workbook(tmp_path / "locked.xlsx")
    assert _check(Checker(Options(load_entry_points=False)), path) == [
        ("PARSE001", "無法讀取 Excel 活頁簿：沒有權限讀取這個檔案（可能正在 Excel 中開啟，請關閉後再試）")]
