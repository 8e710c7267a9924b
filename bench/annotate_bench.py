"""Annotation cost: ``sncheck check roster.xlsx`` against ``check --annotate OUT.xlsx`` on a generated roster.

Run: python bench/annotate_bench.py [N ...]   (default 300 3000). For each size, prints the seconds of the
check alone and of ``write_annotated`` (load the copy, mark, write) in-process, the number of findings
marked, and the wall time of the two command lines (best of 3). The workbooks (``import_bench``'s
generator: many SEN001 row findings and SUP001 cell findings) live in a temporary folder, never committed.
"""

from __future__ import annotations

import io
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from import_bench import make_workbook  # noqa: E402

from sncheck.engine.checker import Checker, Options  # noqa: E402
from sncheck.tabular.annotate import write_annotated  # noqa: E402
from sncheck.tabular.check import check_sources  # noqa: E402
from sncheck.tabular.convert import ImportSettings, Sources  # noqa: E402


def best_of(runs: int, args: list[str]) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(args, capture_output=True, check=False)
        times.append(time.perf_counter() - t0)
    return min(times)


def main(sizes: list[int]) -> None:
    checker = Checker(Options(load_entry_points=False))
    cli = [sys.executable, "-m", "sncheck", "check", "--county", "臺中市", "--year", "111"]
    with tempfile.TemporaryDirectory() as folder:
        for n in sizes:
            path = Path(folder) / f"roster-{n}.xlsx"
            make_workbook(path, n)
            t0 = time.perf_counter()
            result, _ = check_sources(checker, Sources(path), ImportSettings("臺中市", 111))
            t1 = time.perf_counter()
            out = io.BytesIO()
            write_annotated(result, out, workbook=path)
            t2 = time.perf_counter()
            plain = best_of(3, [*cli, str(path)])
            annotated = best_of(3, [*cli, str(path), "--annotate", str(Path(folder) / f"out-{n}.xlsx")])
            print(f"{n:6d} staff ({path.stat().st_size / 1024:.0f} KiB): check {t1 - t0:.2f}s, "
                  f"annotate {t2 - t1:.2f}s ({len(result.findings)} findings, {len(out.getvalue()) / 1024:.0f} KiB "
                  f"out); command line: check {plain:.2f}s, check --annotate {annotated:.2f}s")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [300, 3000])
