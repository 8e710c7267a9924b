"""Broken roster files are findings, never crashes: seeded mutations of a real workbook and of CSVs."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from sncheck.checker import Checker, Options
from sncheck.tabular.check import check_sources
from sncheck.tabular.convert import ImportSettings, sources_for
from sncheck.tabular.mapping import ImportMapping
from test_import import BAD_CSV, supervisor_excess_workbook

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
