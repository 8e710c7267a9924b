"""Time and peak memory for every hostile input (the figures behind SECURITY.md's limits).

    python bench/hostile.py            # all cases
    python bench/hostile.py billion_laughs file_21mb

For each case it prints the input size, the wall time of the whole check
(read → PARSE001 finding) without tracing, and the peak Python memory of a
second, traced run. The cases live in tests/hostile.py, shared with the tests.
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from hostile import CASES  # noqa: E402

from sncheck.checker import Checker, Options  # noqa: E402


def main(names: list[str]) -> int:
    checker = Checker(Options(lang="en", load_entry_points=False))
    print(f"{'case':28} {'input':>9} {'time':>8} {'peak mem':>9}  finding")
    worst = 0.0
    for name in names or sorted(CASES):
        path, make, expected = CASES[name]
        raw = make()
        start = time.perf_counter()
        result = checker.check_bytes(path, raw)
        elapsed = time.perf_counter() - start
        tracemalloc.start()
        checker.check_bytes(path, raw)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        finding = result.findings[0] if result.findings else None
        got = f"{finding.rule} {finding.extra.get('reason')} at {finding.line}:{finding.column}" if finding else "none"
        flag = "" if finding and finding.extra.get("reason") == expected else f"  (expected {expected})"
        worst = max(worst, elapsed)
        print(f"{name:28} {len(raw) / 1e6:7.2f}MB {elapsed * 1000:6.0f}ms {peak / 1e6:7.1f}MB  {got}{flag}")
    print(f"slowest: {worst * 1000:.0f} ms")
    if not names:
        _realistic(checker)
    return 0


def _realistic(checker: Checker) -> None:
    """For scale: the whole check of a large but real-shaped plan, within every limit."""
    import json

    import yaml

    staff = [{"id": f"W{i}", "name": "王小明", "team": f"T{i % 100}", "role": "social_worker", "funding": "central",
              "pay_points": 328, "history": [{"from": "2019-01-01", "to": "2020-12-31", "budget": "county"},
                                             {"from": "2021-01-01", "budget": "ssn"}]} for i in range(3000)]
    teams = [{"id": f"T{i}", "unit_type": "social_welfare_center", "program": "vulnerable_family"} for i in range(100)]
    plan = {"format": "sncheck/plan@1", "county": "臺中市", "plan_year": 111, "teams": teams, "staff": staff}
    for kind, raw in (("json", json.dumps(plan, ensure_ascii=False).encode()),
                      ("yaml", yaml.safe_dump(plan, allow_unicode=True).encode())):
        start = time.perf_counter()
        result = checker.check_bytes(f"plan.{kind}", raw)
        elapsed = time.perf_counter() - start
        print(f"realistic 3,000-staff plan ({kind}, {len(raw) / 1e6:.1f} MB): {elapsed * 1000:.0f} ms, "
              f"{len(result.findings)} findings")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
