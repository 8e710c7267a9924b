"""Import speed: a generated roster workbook of N staff (2 segments each) → plan, and the full check.

Run: python bench/import_bench.py [N ...]   (default 300 3000). Prints seconds per stage and the process's max RSS.
The workbook is generated in a temporary folder, never committed.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

from sncheck.engine.checker import Checker, Options
from sncheck.tabular.check import findings_for
from sncheck.tabular.convert import ImportSettings, Sources, convert_files
from sncheck.tabular.yaml_writer import write_plan_yaml

ROLES = ["社工員", "社工員", "社工員", "資深社工", "督導", "關懷訪視員"]


def make_workbook(path: Path, n: int) -> None:
    book = openpyxl.Workbook(write_only=True)
    staff = book.create_sheet("人員名冊")
    staff.append(["員工編號", "姓名", "單位/組別", "職稱", "經費來源", "薪點", "保護性", "到職日"])
    segments = book.create_sheet("服務年資")
    segments.append(["員工編號", "年資起日", "年資迄日", "經費別", "保護性服務"])
    for i in range(n):
        staff.append([f"S{i:05d}", f"人員{i}", f"第{i % 40}區社福中心", ROLES[i % len(ROLES)], "中央補助",
                      328 + i % 50, "是" if i % 3 == 0 else "否", "110/1/1"])
        segments.append([f"S{i:05d}", "105/1/1", "109/12/31", "地方自聘", "否"])
        segments.append([f"S{i:05d}", "110/1/1", None, "社安網預算", "是" if i % 3 == 0 else "否"])
    book.save(path)


def main(sizes: list[int]) -> None:
    checker = Checker(Options(load_entry_points=False))
    with tempfile.TemporaryDirectory() as folder:
        for n in sizes:
            path = Path(folder) / f"roster-{n}.xlsx"
            make_workbook(path, n)
            t0 = time.perf_counter()
            conversion = convert_files(Sources(path), ImportSettings("臺中市", 111))
            t1 = time.perf_counter()
            findings = findings_for(checker, conversion)
            t2 = time.perf_counter()
            text = write_plan_yaml(conversion, findings)
            t3 = time.perf_counter()
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"{n:6d} staff ({path.stat().st_size / 1024:.0f} KiB xlsx): read+convert {t1 - t0:.2f}s, "
                  f"check {t2 - t1:.2f}s, yaml {t3 - t2:.2f}s ({len(text) / 1024:.0f} KiB), "
                  f"{len(findings)} findings, max RSS so far {peak:.0f} MiB")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [300, 3000])
