"""How fast and in how much memory every hostile input is refused (the figures behind SECURITY.md's limits).

    python bench/hostile.py            # all cases
    python bench/hostile.py billion_laughs file_21mb

Times are ratios to a reference measured on the same machine in the same process, so they mean the
same on a fast laptop and on a busy CI runner: **refuse** is the whole check (bytes → PARSE001
finding, best of 3), **scan** is PyYAML's ``CSafeLoader`` merely scanning the same bytes into tokens
(best of 3; it stops only at its own errors), and the ratio refuse ÷ scan must stay well under 1.
``C scan`` is libyaml's scanner alone with no Python objects (``CParser.raw_scan``), the floor of
reading the bytes at all. Memory: **py peak** is the peak of Python allocations during one check
(tracemalloc); **RSS +** is how much the whole process (C and Rust allocations too) grew during one
check, measured in a fresh process per case (Linux ``VmHWM``, reset just before the check).
The cases live in tests/hostile.py, shared with the tests.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any, Callable

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from hostile import CASES, ROSTER_CASES  # noqa: E402

ALL_CASES = {**CASES, **ROSTER_CASES}


SCAN_MEASURABLE_S = 0.005


def best_of(n: int, fn: Callable[[], Any]) -> float:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def _csafe_scan(text: str) -> None:
    import yaml

    try:
        for _ in yaml.scan(text, Loader=yaml.CSafeLoader):
            pass
    except yaml.YAMLError:
        pass


def _c_scan(raw: bytes) -> None:
    import yaml
    from yaml._yaml import CParser

    try:
        CParser(raw).raw_scan()
    except yaml.YAMLError:
        pass


def _status_kb(field: str) -> int:
    """A field of /proc/self/status in kB (VmRSS: now; VmHWM: the peak, reset by exec, unlike ru_maxrss,
    which a process started by this script inherits from it)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _reset_peak_rss() -> int:
    """Reset the peak to the current RSS (Linux: write 5 to /proc/self/clear_refs); the current RSS in kB."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass  # then the peak also counts the imports and reading the input
    return _status_kb("VmRSS")


def measure_one(name: str, input_file: str) -> dict[str, Any]:
    """In this (fresh) process: the figures of one case; prints them as one JSON line."""
    from sncheck.engine.checker import Checker, Options

    path, _, expected = ALL_CASES[name]
    checker = Checker(Options(lang="en", load_entry_points=False))
    checker.check_bytes("warm.yaml", b"format: sncheck/plan@1\n")  # imports and rule packs, before the baseline
    raw = Path(input_file).read_bytes()
    check = _roster_check(checker, Path(input_file).with_name(path), raw) if name in ROSTER_CASES else \
        (lambda: checker.check_bytes(path, raw))
    if name in ROSTER_CASES:
        check()  # openpyxl's imports, before the baseline
    rss_before_kb = _reset_peak_rss()
    result = check()
    rss_growth_kb = max(0, _status_kb("VmHWM") - rss_before_kb)
    refuse = best_of(3, check)
    tracemalloc.start()
    check()
    _, py_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    text = raw.decode("utf-8", errors="replace")
    scan = best_of(3, lambda: _csafe_scan(text))
    c_scan = best_of(3, lambda: _c_scan(raw))
    finding = result.findings[0] if result.findings else None
    if finding is not None and name in ROSTER_CASES:  # rosters: the reason is "table"; the message says which
        finding.extra["reason"] = expected if expected in finding.message else finding.message[:60]
    return {"name": name, "bytes": len(raw), "refuse": refuse, "scan": scan, "c_scan": c_scan,
            "py_peak": py_peak, "rss_growth": rss_growth_kb * 1024, "expected": expected,
            "finding": None if finding is None else [finding.rule, finding.extra.get("reason"), finding.line,
                                                     finding.column]}


def _roster_check(checker: Any, path: Path, raw: bytes) -> Callable[[], Any]:
    """The whole check of a roster file (the tabular reader, the conversion, the plan check)."""
    from sncheck.tabular.check import check_sources
    from sncheck.tabular.convert import ImportSettings, sources_for
    from sncheck.tabular.mapping import ImportMapping

    path.write_bytes(raw)
    settings = ImportSettings(county="臺中市", plan_year=111)
    return lambda: check_sources(checker, sources_for(path, ImportMapping()), settings)[0]


def main(names: list[str]) -> int:
    print(f"{'case':26} {'input':>8} {'refuse':>8} {'scan':>8} {'ratio':>6} {'C scan':>7} {'py peak':>8} "
          f"{'RSS +':>7}  finding")
    worst, worst_name, slowest = 0.0, "", 0.0
    with tempfile.TemporaryDirectory() as folder:
        for name in names or sorted(CASES) + sorted(ROSTER_CASES):
            input_file = Path(folder) / name
            input_file.write_bytes(ALL_CASES[name][1]())
            out = subprocess.run([sys.executable, __file__, "--one", name, str(input_file)], capture_output=True,
                                 text=True, check=False)
            if out.returncode != 0:
                print(f"{name:26} failed: {out.stderr.strip().splitlines()[-1:]}")
                continue
            row = json.loads(out.stdout)
            ratio = row["refuse"] / row["scan"] if row["scan"] > 0 else float("nan")
            if row["scan"] >= SCAN_MEASURABLE_S and ratio > worst:
                worst, worst_name = ratio, name
            slowest = max(slowest, row["refuse"])
            found = row["finding"]
            got = f"{found[0]} {found[1]} at {found[2]}:{found[3]}" if found else "none"
            flag = "" if found and found[1] == row["expected"] else f"  (expected {row['expected']})"
            print(f"{name:26} {row['bytes'] / 1e6:6.2f}MB {row['refuse'] * 1e3:6.1f}ms {row['scan'] * 1e3:6.0f}ms "
                  f"{ratio:6.3f} {row['c_scan'] * 1e3:5.0f}ms {row['py_peak'] / 1e6:6.1f}MB "
                  f"{row['rss_growth'] / 1e6:5.0f}MB  {got}{flag}")
    print(f"worst refuse/scan ratio where the scan takes {SCAN_MEASURABLE_S * 1e3:.0f} ms or more: {worst:.3f} "
          f"({worst_name}); slowest refusal: {slowest * 1e3:.0f} ms")
    print("(below that the ratio compares a check's fixed cost, ~0.2-3 ms, with a scan of a few kB)")
    if not names:
        _realistic()
    return 0


def _realistic() -> None:
    """For scale: the whole check of a large but real-shaped plan, within every limit."""
    import yaml

    from sncheck.engine.checker import Checker, Options

    checker = Checker(Options(lang="en", load_entry_points=False))
    staff = [{"id": f"W{i}", "name": "王小明", "team": f"T{i % 100}", "role": "social_worker", "funding": "central",
              "pay_points": 328, "history": [{"from": "2019-01-01", "to": "2020-12-31", "budget": "county"},
                                             {"from": "2021-01-01", "budget": "ssn"}]} for i in range(3000)]
    teams = [{"id": f"T{i}", "unit_type": "social_welfare_center", "program": "vulnerable_family"} for i in range(100)]
    plan = {"format": "sncheck/plan@1", "county": "臺中市", "plan_year": 111, "teams": teams, "staff": staff}
    for kind, raw in (("json", json.dumps(plan, ensure_ascii=False).encode()),
                      ("yaml", yaml.safe_dump(plan, allow_unicode=True).encode())):
        findings = len(checker.check_bytes(f"plan.{kind}", raw).findings)
        elapsed = best_of(3, lambda: checker.check_bytes(f"plan.{kind}", raw))
        scan = best_of(3, lambda: _csafe_scan(raw.decode()))
        print(f"realistic 3,000-staff plan ({kind}, {len(raw) / 1e6:.1f} MB): {elapsed * 1000:.0f} ms "
              f"({elapsed / scan:.2f}x CSafeLoader's scan), {findings} findings")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        print(json.dumps(measure_one(sys.argv[2], sys.argv[3])))
        raise SystemExit(0)
    raise SystemExit(main(sys.argv[1:]))
