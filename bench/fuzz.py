"""A long fuzz campaign, one command:

    python bench/fuzz.py                      # hypothesis, 5,000 examples per property
    python bench/fuzz.py --examples 50000     # longer
    python bench/fuzz.py --atheris -- -max_total_time=3600   # coverage-guided (pip install atheris)

The hypothesis mode runs tests/test_read_properties.py (the CI properties: no
crash in loader, engine or any output format; valid JSON; exit 0/1/2; same
input same output; file order irrelevant) with many more examples. The atheris
mode feeds raw bytes, as YAML and as JSON, through ``Checker.check_bytes`` and
every registered formatter; any exception other than a finding is a crash
and atheris saves the input (``crash-*``) to reproduce it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_hypothesis(examples: int, extra: list[str]) -> int:
    import pytest

    os.environ["SNCHECK_FUZZ_EXAMPLES"] = str(examples)
    return pytest.main([str(ROOT / "tests" / "test_read_properties.py"), "-q", "-x", "-p", "no:cacheprovider", *extra])


def run_atheris(extra: list[str]) -> int:
    try:
        import atheris
    except ImportError:
        print("atheris is not installed: pip install atheris", file=sys.stderr)
        return 2
    with atheris.instrument_imports():
        from sncheck.engine.checker import Checker, Options
        from sncheck.engine.rule_infos import rule_infos
        from sncheck.formatters.base import Report
        from sncheck.engine.plugin_isolation import call_isolated

    checkers = [Checker(Options(load_entry_points=False)), Checker(Options(lang="en", load_entry_points=False))]
    formatters = [f for batch in call_isolated(checkers[0].pm, "sncheck_formatters", []) for f in batch]
    infos = [rule_infos(c) for c in checkers]

    def one_input(data: bytes) -> None:
        name = "plan.json" if data[:1] in (b"{", b"[") else "plan.yaml"
        index = len(data) % 2
        result = checkers[index].check_bytes(name, data)
        report = Report([result], lang=checkers[index].options.lang, rules=infos[index])
        for formatter in formatters:
            text = formatter.render(report)
            if formatter.name in ("json", "sarif"):
                json.loads(text)

    atheris.Setup([sys.argv[0], *extra], one_input)
    atheris.Fuzz()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=5000, help="hypothesis examples per property")
    parser.add_argument("--atheris", action="store_true", help="coverage-guided fuzzing with atheris instead")
    parser.add_argument("extra", nargs="*", help="after --: arguments for pytest or libFuzzer")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "tests"))
    return run_atheris(args.extra) if args.atheris else run_hypothesis(args.examples, args.extra)


if __name__ == "__main__":
    raise SystemExit(main())
