"""Which files are plans: the suffixes, and in a folder the ``format: sncheck/plan@…`` marker.

The command line (folders given to ``check``/``batch``) and the web page (uploads) decide it the same
way, so it lives here, below both.
"""

from __future__ import annotations

import re
from pathlib import Path

PLAN_SUFFIXES = (".yaml", ".yml", ".json")
PLAN_MARKER = "sncheck/plan@"
_FINDINGS_DOCUMENT = re.compile(rb'\A(?:\xef\xbb\xbf)?\s*\{\s*"files"\s*:')  # PLAN_FORMAT.md's findings document
# A rule fixture (sncheck/authoring/rule_fixtures.py): a plan with a top-level x-expect list, made to break rules
_RULE_FIXTURE = re.compile(rb'(?m)^(?:x-expect|"x-expect")\s*:|\A\s*\{.*?"x-expect"\s*:', re.S)


def is_plan_file(path: Path, fixtures: bool = False) -> bool:
    """In folders, only YAML/JSON files that say ``format: sncheck/plan@…`` are plans, and not rule fixtures
    (a top-level ``x-expect``: ``examples/plugin-example/tests/`` beside the example plans) unless
    ``fixtures`` (``sncheck rules test`` and ``rules new-pack`` look for those)."""
    if path.suffix.lower() not in PLAN_SUFFIXES or path.name.startswith("."):
        return False
    try:
        with path.open("rb") as handle:
            head = handle.read(65536)
    except OSError:
        return True  # unreadable (no permission): checked, so it is reported (PARSE001), never silently skipped
    if _FINDINGS_DOCUMENT.match(head):
        return False  # sncheck's own report (findings.json, check --format json -o): its messages quote the marker
    if not fixtures and _RULE_FIXTURE.search(head):
        return False  # a rule's test case (x-expect), not a county's plan: `sncheck rules test` runs it
    return PLAN_MARKER.encode() in head or PLAN_MARKER.encode("utf-16-le") in head
