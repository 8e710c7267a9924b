"""Corrected-roster cost: ``sncheck fix ROSTER.xlsx -o OUT.xlsx`` against ``sncheck check ROSTER.xlsx``.

Run: python bench/corrected_bench.py [N ...]   (default 300 3000). For each size, prints the seconds of the
check alone (the reference), of ``tabular.corrected.correct`` (rounds: write the fixes into the copy, save
it, check it again) with the safe fixes and with ``--unsafe``, and of writing the marked copy, each also as
a ratio to the check on this machine, with the number of cells changed. The workbooks (``import_bench``'s
generator: many SEN001 findings with a safe fix, SUP001 with an unsafe one) live in a temporary folder.
"""

from __future__ import annotations

import io
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from import_bench import make_workbook  # noqa: E402

from sncheck.engine.checker import Checker, Options  # noqa: E402
from sncheck.tabular.check import check_sources  # noqa: E402
from sncheck.tabular.convert import ImportSettings, Sources  # noqa: E402
from sncheck.tabular.corrected import correct, write_corrected  # noqa: E402


def main(sizes: list[int]) -> None:
    checker = Checker(Options(load_entry_points=False))
    settings = ImportSettings("臺中市", 111)
    with tempfile.TemporaryDirectory() as folder:
        for n in sizes:
            path = Path(folder) / f"roster-{n}.xlsx"
            make_workbook(path, n)
            t0 = time.perf_counter()
            check_sources(checker, Sources(path), settings)
            check = time.perf_counter() - t0
            figures = []
            for unsafe in (False, True):
                t1 = time.perf_counter()
                outcome = correct(checker, Sources(path), settings, unsafe=unsafe)
                t2 = time.perf_counter()
                out = io.BytesIO()
                write_corrected(outcome, out, annotate=True, workbook=path)
                t3 = time.perf_counter()
                figures.append(f"{'--unsafe' if unsafe else 'safe'}: correct {t2 - t1:.2f}s ({(t2 - t1) / check:.1f}x check, "
                               f"{outcome.rounds} rounds, {len(outcome.changes)} cells changed), write marked copy "
                               f"{t3 - t2:.2f}s ({(t3 - t2) / check:.1f}x)")
            print(f"{n:6d} staff ({path.stat().st_size / 1024:.0f} KiB): check {check:.2f}s; " + "; ".join(figures))


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [300, 3000])
