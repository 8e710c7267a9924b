"""Time and peak memory of checking hostile or broken inputs (run: python bench/hostile_inputs.py).

Each case must end in one PARSE001 (or a clean result for the largest accepted alias
expansion) quickly and with bounded memory; this prints the figures instead of
asserting them, so slow CI machines do not make the unit tests flaky.
"""

from __future__ import annotations

import time
import tracemalloc

from sncheck.engine.checker import Checker, Options

HEADER = "format: sncheck/plan@1\ncounty: 臺中市\nplan_year: 111\nteams: []\nstaff: []\n"


def alias_chain(levels: int, fan: int = 9) -> str:
    """``levels`` anchors, each a list of ``fan`` aliases to the previous: fan**levels leaves."""
    names = [f"n{i}" for i in range(levels + 1)]
    text = HEADER + f"x-{names[0]}: &{names[0]} [{', '.join(['x'] * fan)}]\n"
    for i in range(1, levels + 1):
        text += f"x-{names[i]}: &{names[i]} [{', '.join(['*' + names[i - 1]] * fan)}]\n"
    return text


CASES: dict[str, tuple[str, bytes]] = {
    "billion laughs (9^10)": ("b.yaml", alias_chain(9).encode()),
    "accepted expansion (9^6)": ("a.yaml", alias_chain(5).encode()),
    "deep YAML nesting": ("d.yaml", b"x: " + b"[" * 100_000),
    "deep JSON nesting": ("d.json", b"[" * 100_000 + b"]" * 100_000),
    "Big5 file": ("big5.yaml", (HEADER.replace("臺中市", "臺南市")).encode("cp950")),
    "20 MB of comments": ("c.yaml", b"# " + b"x" * (20 * 1024 * 1024 - 10) + b"\n"),
    "over the size limit": ("big.yaml", b" " * (20 * 1024 * 1024 + 1)),
}


def main() -> None:
    checker = Checker(Options(load_entry_points=False, lang="en"))
    print(f"{'case':28} {'seconds':>8} {'peak MB':>8}  result")
    for name, (path, raw) in CASES.items():
        tracemalloc.start()
        start = time.perf_counter()
        result = checker.check_bytes(path, raw)
        elapsed = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        rules = ",".join(f.rule for f in result.findings) or "clean"
        print(f"{name:28} {elapsed:8.3f} {peak:8.1f}  {rules}")


if __name__ == "__main__":
    main()
