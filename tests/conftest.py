"""Shared helpers: check a plan given as text or data, apply a finding's patch."""

from __future__ import annotations

import json
from typing import Any, Iterable

import pytest
import yaml

from sncheck.engine.checker import Checker, Options
from sncheck.model.findings import Finding
from sncheck.fix.patching import apply_patch


@pytest.fixture(scope="session")
def checker() -> Checker:
    """A Checker with the shipped packs, zh-TW messages, no third-party entry points."""
    return Checker(Options(load_entry_points=False))


@pytest.fixture(scope="session")
def checker_en() -> Checker:
    return Checker(Options(lang="en", load_entry_points=False))


def check_text(checker: Checker, text: str, name: str = "plan.yaml") -> list[Finding]:
    return checker.check_bytes(name, text.encode("utf-8")).findings


def check_data(checker: Checker, data: Any) -> list[Finding]:
    return check_text(checker, json.dumps(data, ensure_ascii=False), "plan.json")


def rules_of(findings: Iterable[Finding]) -> list[str]:
    return sorted(f.rule for f in findings)


def base_plan(**overrides: Any) -> dict[str, Any]:
    """A minimal valid plan (臺中市 111) with no findings; tests add what they need."""
    plan: dict[str, Any] = {
        "format": "sncheck/plan@1",
        "county": "臺中市",
        "plan_year": 111,
        "teams": [{"id": "T1", "unit_type": "social_welfare_center", "program": "vulnerable_family"}],
        "staff": [],
        "requests": [],
    }
    plan.update(overrides)
    return plan


def patched(data: Any, finding: Finding) -> Any:
    assert finding.fix is not None and finding.fix.patch is not None, finding
    return apply_patch(data, finding.fix.patch)


def load_yaml(text: str) -> Any:
    return yaml.safe_load(text)
