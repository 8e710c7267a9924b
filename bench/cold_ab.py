"""Cold start A/B: `sncheck check PLAN.yaml` of this tree against a reference install, on the same machine.

A cold check is what a pre-commit hook or a CI step pays on every run: interpreter start, imports,
reading the plan, the rules, the report. This bench times it for a 20-staff plan (the hook's usual
file) and a 3,000-staff plan (the largest county) in two installs, runs alternating (A B, B A, …) so
that a busy machine slows both alike, and prints each median as a ratio to the reference's.
Target (the cold-start regression of session 5): ratio ≤ 1.0 against a71d7c8, the tree before the
stage packages.

Set up a reference once (any commit; a71d7c8 is the one the target is about):

    git worktree add --detach /tmp/ref-a71 a71d7c8
    python3 -m venv /tmp/venv-ref && /tmp/venv-ref/bin/pip install -q -e /tmp/ref-a71

Run:  python bench/cold_ab.py --reference-python /tmp/venv-ref/bin/python [--runs 21] [--staff 20 3000]
      [--instructions]

Wall time on a machine other work shares moves by 10-20 % from run to run; CPU time less. With
``--instructions`` (needs valgrind) each run is also counted in machine instructions under cachegrind,
once per install: the same figure at every run (±0.1 %), the one to compare small changes by.

Both installs must have the same other packages: ``importlib.metadata.entry_points()`` reads every
installed distribution's metadata at each start, so a venv holding the test extras (~65 distributions)
starts slower than one holding sncheck's dependencies (~24) whatever the tree. The distribution count of
each side is printed; install both the same way (``pip install -e TREE``, no extras).

Both installs' bytecode is written first (``compileall``), as ``pip install`` does for a user: an
editable install under PYTHONDONTWRITEBYTECODE=1 would otherwise compile every module at each start.
The module count on each side's cold path (``sys.modules`` after a check) is printed too: it is the
figure that explains a ratio, and tests/test_commands_cold_path.py keeps this tree's count honest.
Plans are generated at run time by plangen.py (seeded), never committed.
"""

from __future__ import annotations

import argparse
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import plangen  # noqa: E402

PACKAGES = ("sncheck", "sncheck_plugins", "sncheck_rules")

# Writes the bytecode of an install's packages; run by that install's interpreter, so an editable
# install's folders are found wherever they live.
_PRECOMPILE = f"""
import compileall, importlib
for name in {PACKAGES!r}:
    try:
        module = importlib.import_module(name)
    except ImportError:
        continue
    for folder in getattr(module, '__path__', []):
        compileall.compile_dir(folder, quiet=1)
"""

# Counts the modules a cold check leaves in sys.modules (the check's own exit is caught).
_COUNT_MODULES = """
import sys
from sncheck.cli import main
try:
    main(['check', sys.argv[1]])
except SystemExit:
    pass
import importlib.metadata
print(len(sys.modules), sum(1 for name in sys.modules if name.startswith('sncheck')),
      len(list(importlib.metadata.distributions())))
"""


def check_command(python: Path) -> list[str]:
    """The `sncheck` console script beside an interpreter (what a user runs), else ``python -m sncheck``."""
    script = python.with_name("sncheck")
    return [str(script)] if script.exists() else [str(python), "-m", "sncheck"]


def timed(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run. CPU time (user + system of the child) moves less than wall
    time when other work shares the machine, so both are reported."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, cwd=cwd)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def module_count(python: Path, plan: Path) -> str:
    done = subprocess.run([str(python), "-c", _COUNT_MODULES, str(plan)], capture_output=True, text=True,
                          check=False, cwd=plan.parent)
    lines = done.stdout.splitlines()  # the check's report comes first; the counts are the last line
    counts = lines[-1].split() if lines else []
    return (f"{counts[0]} modules ({counts[1]} sncheck); {counts[2]} installed distributions"
            if len(counts) == 3 else "module count unavailable")


def instructions(cmd: list[str], cwd: Path) -> int | None:
    """Machine instructions of one run, counted by valgrind's cachegrind (no cache simulation); None
    without valgrind."""
    if shutil.which("valgrind") is None:
        return None
    done = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
                           *cmd], capture_output=True, text=True, check=False, cwd=cwd)
    found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    return int(found.group(1).replace(",", "")) if found else None


def alternating_medians(commands: dict[str, list[str]], plan: Path, runs: int) -> dict[str, tuple[float, float]]:
    """Median (wall, CPU) seconds of each command on ``plan``; the order flips every round (A B, B A, …)."""
    names = list(commands)
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in names}
    for i in range(runs):
        for name in (names if i % 2 == 0 else names[::-1]):
            times[name].append(timed(commands[name] + ["check", str(plan)], plan.parent))
    return {name: (statistics.median(w for w, _ in values), statistics.median(c for _, c in values))
            for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reference-python", type=Path, required=True,
                        help="interpreter of the venv the reference tree is installed in")
    parser.add_argument("--python", type=Path, default=Path(sys.executable),
                        help="interpreter of this tree's install (default: the one running this bench)")
    parser.add_argument("--runs", type=int, default=21, help="rounds per plan (each runs both installs)")
    parser.add_argument("--staff", type=int, nargs="+", default=[20, 3000], help="plan sizes (staff members)")
    parser.add_argument("--instructions", action="store_true",
                        help="also count each run's machine instructions (valgrind cachegrind; ~10 s a run)")
    args = parser.parse_args()

    pythons = {"reference": args.reference_python, "this tree": args.python}
    commands = {name: check_command(python) for name, python in pythons.items()}

    # Every run starts in the plans' folder: `python -c` puts the working directory first on sys.path,
    # and started in a checkout it would import that checkout's sncheck instead of the install's.
    with tempfile.TemporaryDirectory() as folder:
        for python in pythons.values():
            subprocess.run([str(python), "-c", _PRECOMPILE], check=True, cwd=folder)
        plans = []
        for staff in args.staff:
            plan = Path(folder) / f"plan-{staff}.yaml"
            plan.write_text(plangen.plan_text(staff, seed=3), encoding="utf-8")
            plans.append((staff, plan))
        for name, python in pythons.items():
            print(f"{name}: {python} — cold path {module_count(python, plans[0][1])}")
        for staff, plan in plans:
            medians = alternating_medians(commands, plan, args.runs)
            (ref, ref_cpu), (new, new_cpu) = medians["reference"], medians["this tree"]
            verdict = "ok" if new <= ref else "SLOWER"
            print(f"{staff:5d}-staff plan: wall reference {ref * 1000:.0f} ms, this tree {new * 1000:.0f} ms, "
                  f"ratio {new / ref:.3f} (target ≤ 1.0: {verdict}); CPU {ref_cpu * 1000:.0f} → "
                  f"{new_cpu * 1000:.0f} ms, ratio {new_cpu / ref_cpu:.3f} (medians of {args.runs}, alternating)")
            if args.instructions:
                counted = {name: instructions(commands[name] + ["check", str(plan)], plan.parent) for name in commands}
                ref_i, new_i = counted["reference"], counted["this tree"]
                if ref_i and new_i:
                    print(f"{'':17s}instructions reference {ref_i / 1e6:.0f} M, this tree {new_i / 1e6:.0f} M, "
                          f"ratio {new_i / ref_i:.3f} (target ≤ 1.0: {'ok' if new_i <= ref_i else 'MORE'})")
                else:
                    print(f"{'':17s}instructions: not counted (valgrind missing or failed)")


if __name__ == "__main__":
    main()
