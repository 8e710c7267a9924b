"""The fix loop with plugin rules: a fix that cannot be written is reported, fixes that undo each other stop."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sncheck.api import Check, Violation, hookimpl, set_field_op
from sncheck.engine.checker import Checker, Options
from sncheck.fix.fixer import MAX_ROUNDS, fix_bytes

PACK = """id: test-pack
title: {zh: 測試, en: test}
plan_years: {from: 110, to: 114}
"""

RULE = """rules:
  - id: %(id)s
    family: test
    check: %(check)s
    severity: error
    title: {zh: 測試, en: test}
    message: {zh: "申請 {request}", en: "request {request}"}
    fix: {zh: 修正, en: fix}
    sources: [{document: "000", quote: test}]
"""


class Plugin:
    """Two test checks: one rewrites `note` (even a block scalar), one flips between two funding sources."""

    @hookimpl
    def sncheck_checks(self) -> list[Check]:
        def note(ctx):  # type: ignore[no-untyped-def]
            for r in ctx.plan.requests:
                if r.note != "done":
                    yield Violation(r.pointer, {"request": r.id}, patch=(set_field_op(r.raw, r.pointer, "note", "done"),))

        def flip(ctx):  # type: ignore[no-untyped-def]
            for r in ctx.plan.requests:
                other = "other" if r.funding_source == "county" else "county"
                yield Violation(r.pointer, {"request": r.id},
                                patch=(set_field_op(r.raw, r.pointer, "funding_source", other),))

        return [Check("test.note", note), Check("test.flip", flip)]


def checker_with(tmp_path: Path, rule_id: str, check: str) -> Checker:
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "pack.yaml").write_text(PACK, encoding="utf-8")
    (pack / "rules.yaml").write_text(RULE % {"id": rule_id, "check": check}, encoding="utf-8")
    return Checker(Options(select=(rule_id,), rule_dirs=(pack,), extra_plugins=(Plugin(),), load_entry_points=False))


PLAN = """format: sncheck/plan@1
county: 臺中市
plan_year: 111
teams: []
staff: []
requests:
  - {id: R1, unit_type: other, category: other, funding_source: other, amount: 1, note: x}
  - id: R2
    unit_type: other
    category: other
    funding_source: other
    amount: 1
    note: |
      two
      lines
"""


def test_a_fix_that_cannot_be_written_is_reported_and_the_others_applied(tmp_path: Path) -> None:
    checker = checker_with(tmp_path, "TST001", "test.note")
    outcome = fix_bytes(checker, "p.yaml", PLAN.encode())
    assert [f.pointer for f in outcome.applied] == ["/requests/0"]
    assert [(f.pointer, "block scalar" in why) for f, why in outcome.failed] == [("/requests/1", True)]
    assert outcome.fixed.decode() == PLAN.replace("note: x}", "note: done}")
    assert [f.pointer for f in outcome.remaining.findings] == ["/requests/1"]


def test_fixes_that_undo_each_other_stop_at_a_consistent_state(tmp_path: Path) -> None:
    checker = checker_with(tmp_path, "TST002", "test.flip")
    outcome = fix_bytes(checker, "p.yaml", PLAN.encode())
    assert not outcome.converged
    assert outcome.rounds <= MAX_ROUNDS
    assert outcome.fixed.decode() == PLAN.replace("funding_source: other", "funding_source: county")


def test_json_plan_fixed_with_plugin_rule(tmp_path: Path) -> None:
    checker = checker_with(tmp_path, "TST001", "test.note")
    data = {"format": "sncheck/plan@1", "county": "臺中市", "plan_year": 111, "teams": [], "staff": [],
            "requests": [{"id": "R1", "unit_type": "other", "category": "other", "funding_source": "other",
                          "amount": 1}]}
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    outcome = fix_bytes(checker, "p.json", text.encode())
    assert outcome.fixed.decode() == text.replace('"amount": 1\n', '"amount": 1,\n      "note": "done"\n')
    assert outcome.remaining.findings == []
