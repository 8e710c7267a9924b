"""Rule fixtures: plans annotated with the findings they must produce (like ``semgrep --test``).

A fixture is an ordinary plan file (YAML or JSON) with a top-level
``x-expect`` list, which the plan schema allows (``x-`` keys are free):

    x-expect:
      - {rule: CASE001, pointer: /teams/0}
      - "HIRE001"                 # short form "RULE POINTER"; no pointer = document root ""
    x-expect: []                  # this plan must produce no findings at all

The runner checks each fixture with the loaded packs and compares the
multiset of (rule, pointer) pairs both ways, so every missing and every
unexpected finding is reported, not just the first. Each expected finding
that carries a patch is also applied to the file's data and re-checked: the
finding must disappear (the contract of a fix). Nothing in a fixture is
executed; it is read with the same safe loader as any plan.

Cross-plan rules (FUND003) look at several plans at once, so a folder whose
name ends in ``.batch`` is one run: its plans are checked together, as
``sncheck batch`` checks a folder, and each still says its own ``x-expect``.
Any other fixture is a run of its own (cross-plan rules see that one plan).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from sncheck.engine.checker import Checker
from sncheck.engine.cross_plan import check_together
from sncheck.model.findings import Finding
from sncheck.fix.patching import PatchError, apply_patch
from sncheck.read.source import Document, ProblemError
from sncheck.read.document import read_document

EXPECT_KEY = "x-expect"
BATCH_SUFFIX = ".batch"  # a fixture folder checked as one run (cross-plan rules)


@dataclass(frozen=True)
class Mismatch:
    line: int | None
    text: str


@dataclass
class FixtureResult:
    path: str
    expected: int = 0
    found: int = 0
    mismatches: list[Mismatch] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.mismatches


def _parse_expectations(doc: Document) -> tuple[list[tuple[str, str, int | None]], list[Mismatch]]:
    data = doc.data
    if not isinstance(data, dict) or EXPECT_KEY not in data:
        return [], [Mismatch(1, f"no top-level {EXPECT_KEY} list (write '{EXPECT_KEY}: []' for a plan "
                                "that must produce no findings)")]
    raw = data[EXPECT_KEY]
    if not isinstance(raw, list):
        return [], [Mismatch(doc.position(f"/{EXPECT_KEY}")[0], f"{EXPECT_KEY} must be a list")]
    out: list[tuple[str, str, int | None]] = []
    problems: list[Mismatch] = []
    for index, entry in enumerate(raw):
        line = doc.position(f"/{EXPECT_KEY}/{index}")[0]
        if isinstance(entry, str) and entry.strip():
            rule, _, pointer = entry.strip().partition(" ")
            out.append((rule.upper(), pointer.strip(), line))
        elif isinstance(entry, dict) and isinstance(entry.get("rule"), str) and isinstance(entry.get("pointer", ""), str) \
                and set(entry) <= {"rule", "pointer"}:
            out.append((entry["rule"].upper(), entry.get("pointer", ""), line))
        else:
            problems.append(Mismatch(line, f"{EXPECT_KEY}[{index}]: write {{rule: ID, pointer: /json/pointer}} "
                                           "or \"ID /json/pointer\""))
    return out, problems


def _describe(finding: Finding) -> str:
    return f"{finding.rule} at {finding.pointer if finding.pointer else '(document root)'}"


def _verify_patch(checker: Checker, path: str, data: Any, finding: Finding,
                  others: list[tuple[str, bytes]]) -> Mismatch | None:
    """Re-check the patched plan in its run (``others``: the rest of a ``.batch`` folder)."""
    assert finding.fix is not None and finding.fix.patch is not None
    try:
        fixed = apply_patch(data, finding.fix.patch)
    except (PatchError, KeyError, IndexError, ValueError) as exc:
        return Mismatch(finding.line, f"{_describe(finding)}: its patch does not apply ({exc})")
    patched = (path + " (patched)", json.dumps(fixed, ensure_ascii=False).encode("utf-8"))
    again = check_together(checker, others + [patched])[-1].findings
    if any(f.rule == finding.rule and f.pointer == finding.pointer for f in again):
        return Mismatch(finding.line, f"{_describe(finding)}: applying its patch does not remove the finding")
    return None


def run_fixture(checker: Checker, path: Path) -> FixtureResult:
    return run_fixture_batch(checker, [path])[0]


def run_fixture_batch(checker: Checker, paths: list[Path]) -> list[FixtureResult]:
    """The fixtures of one run (one file, or the plans of a ``.batch`` folder), in order."""
    results = [FixtureResult(str(path)) for path in paths]
    readable: list[tuple[FixtureResult, Document, bytes]] = []
    for path, result in zip(paths, results):
        try:
            raw = path.read_bytes()
        except OSError as exc:
            result.mismatches.append(Mismatch(None, f"cannot read: {exc.strerror or exc}"))
            continue
        try:
            readable.append((result, read_document(str(path), raw, checker.options.limits), raw))
        except ProblemError as exc:
            result.mismatches.append(Mismatch(exc.problem.line, f"not a readable plan: {exc.problem.message_en}"))
    files = [(result.path, raw) for result, _, raw in readable]
    checked = check_together(checker, files)
    for i, ((result, doc, _), file_result) in enumerate(zip(readable, checked)):
        _compare(checker, result, doc, file_result.findings, files[:i] + files[i + 1:])
    return results


def _compare(checker: Checker, result: FixtureResult, doc: Document, findings: list[Finding],
             others: list[tuple[str, bytes]]) -> None:
    expected, problems = _parse_expectations(doc)
    result.mismatches.extend(problems)
    result.expected, result.found = len(expected), len(findings)
    want = Counter((rule, pointer) for rule, pointer, _ in expected)
    have = Counter((f.rule, f.pointer) for f in findings)
    lines = {(rule, pointer): line for rule, pointer, line in expected}
    for (rule, pointer), count in sorted((want - have).items()):
        for _ in range(count):
            result.mismatches.append(Mismatch(lines[(rule, pointer)],
                                              f"missing {rule} at {pointer if pointer else '(document root)'}"))
    surplus = have - want
    for finding in findings:
        key = (finding.rule, finding.pointer)
        if surplus[key] > 0:
            surplus[key] -= 1
            result.mismatches.append(Mismatch(finding.line, f"unexpected {_describe(finding)}: {finding.message}"))
        elif finding.fix is not None and finding.fix.patch:
            problem = _verify_patch(checker, result.path, doc.data, finding, others)
            if problem is not None:
                result.mismatches.append(problem)
    result.mismatches.sort(key=lambda m: (m.line or 0, m.text))


def fixture_runs(paths: Iterable[Path]) -> list[list[Path]]:
    """Fixtures grouped into runs: the plans of one ``*.batch`` folder together, any other file alone."""
    runs: list[list[Path]] = []
    batches: dict[Path, list[Path]] = {}
    for path in paths:
        folder = next((p for p in path.parents if p.name.endswith(BATCH_SUFFIX)), None)
        if folder is None:
            runs.append([path])
        elif folder in batches:
            batches[folder].append(path)
        else:
            batches[folder] = [path]
            runs.append(batches[folder])
    return runs


def run_fixtures(checker: Checker, paths: Iterable[Path]) -> list[FixtureResult]:
    return [result for run in fixture_runs(paths) for result in run_fixture_batch(checker, run)]


def expected_rules(paths: Iterable[Path]) -> set[str]:
    """Every rule id some fixture expects (for 'every rule has a failing example' meta-tests)."""
    rules: set[str] = set()
    for path in paths:
        try:
            doc = read_document(str(path), path.read_bytes())
        except (OSError, ProblemError):
            continue
        rules.update(rule for rule, _, _ in _parse_expectations(doc)[0])
    return rules
