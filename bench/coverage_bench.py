"""What per-item checking and coverage (issue 21) cost on the 100-plan batch: this tree against another.

    python bench/coverage_bench.py --before /path/to/venv-of-the-earlier-commit/bin/python

Runs ``sncheck batch --jobs 1`` over the 100 plans of 300 staff that ``bench/run.py`` uses (plangen,
seed 1), once with this interpreter's sncheck and once with the other interpreter's (a venv with the
earlier commit installed, e.g. ``git worktree add /tmp/before <commit>`` then ``python -m venv
/tmp/venv-before && /tmp/venv-before/bin/pip install -e /tmp/before``), interleaved, best of N each,
and prints both figures and their ratio. Target (issue 21): the ratio at most 1.05.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import plangen  # noqa: E402


def timed(python: Path, args: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child): on a machine shared with other work the CPU time is
    the steadier figure (waiting for a core is not the program's cost)."""
    env = dict(os.environ, SNCHECK_FAST="1")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([str(python), "-m", "sncheck", *args], env=env, check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", type=Path, required=True,
                        help="the python of a venv where the commit to compare with is installed")
    parser.add_argument("--plans", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5, help="best of this many, each")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sncheck-coverage-bench-") as tmp:
        plans = Path(tmp) / "round"
        plangen.write_plans(plans, args.plans, 300, seed=1)
        batch = ["batch", str(plans), "--format", "json", "--jobs", "1"]
        before = after = (float("inf"), float("inf"))
        for _ in range(args.runs):
            wall, cpu = timed(args.before, batch)
            before = (min(before[0], wall), min(before[1], cpu))
            wall, cpu = timed(Path(sys.executable), batch)
            after = (min(after[0], wall), min(after[1], cpu))
    print(f"{args.plans} plans × 300 staff, sncheck batch --jobs 1, best of {args.runs} (wall / CPU):")
    print(f"  before ({args.before}): {before[0]:.2f} s / {before[1]:.2f} s")
    print(f"  after  ({sys.executable}): {after[0]:.2f} s / {after[1]:.2f} s")
    print(f"  after / before: wall {after[0] / before[0]:.3f}, CPU {after[1] / before[1]:.3f}  (target ≤ 1.05)")


if __name__ == "__main__":
    main()
