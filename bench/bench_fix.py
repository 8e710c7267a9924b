"""How long ``sncheck fix`` takes on a large plan with many fixable findings (prints figures).

Generates (never commits) a plan of N teams in the needs-assessment quality
programme, each with 7 social workers and 2 centrally funded supervisors
(SUP003 on each supervisor, safe) and one request charged wrongly (FAC002),
written half in flow and half in block style with comments, then times the
fix, checks that only the patched lines changed, and that fixing again is a
no-op. Run: ``python bench/bench_fix.py [TEAMS]``.
"""

from __future__ import annotations

import sys
import time

from sncheck.engine.checker import Checker, Options
from sncheck.fix.fixer import fix_bytes


def make_plan(teams: int) -> str:
    lines = ["# generated benchmark plan", "format: sncheck/plan@1", "county: 臺中市", "plan_year: 111", "teams:"]
    for t in range(teams):
        lines.append(f"  - {{id: T{t}, unit_type: 社福中心, program: 提升身心障礙者需求評估服務品質計畫}}")
    lines.append("staff:")
    for t in range(teams):
        lines.append(f"  # team T{t}")
        for w in range(7):
            lines.append(f"  - {{id: W{t}-{w}, team: T{t}, role: 社工員, funding: 中央補助}}")
        lines.append(f"  - {{id: S{t}-a, team: T{t}, role: 督導, funding: 中央補助}}  # flow")
        lines += [f"  - id: S{t}-b", f"    team: T{t}", "    role: 督導", "    funding: '中央補助'   # block"]
    lines.append("requests:")
    for t in range(teams):
        lines.append(f"  - {{id: R{t}, unit_type: 社會局, category: 場地修繕, funding_source: 社安網中央補助, amount: 1}}")
    return "\n".join(lines) + "\n"


def main() -> None:
    teams = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    raw = make_plan(teams).encode()
    checker = Checker(Options(load_entry_points=False))
    start = time.perf_counter()
    checker.check_bytes("plan.yaml", raw)
    check_s = time.perf_counter() - start
    start = time.perf_counter()
    outcome = fix_bytes(checker, "plan.yaml", raw)
    fix_s = time.perf_counter() - start
    old, new = raw.split(b"\n"), outcome.fixed.split(b"\n")
    changed = sum(1 for a, b in zip(old, new) if a != b)
    again = fix_bytes(checker, "plan.yaml", outcome.fixed)
    print(f"plan: {teams} teams, {teams * 9} staff, {teams} requests, {len(raw):,} bytes, {len(old):,} lines")
    print(f"check: {check_s:.2f} s; fix: {fix_s:.2f} s in {outcome.rounds} round(s); "
          f"{len(outcome.applied)} fixes applied, {changed} lines changed, "
          f"{len(outcome.remaining.findings)} findings left; second fix changes nothing: {again.fixed == outcome.fixed}")


if __name__ == "__main__":
    main()
