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


def is_plan_file(path: Path) -> bool:
    """In folders, only YAML/JSON files that say ``format: sncheck/plan@…`` are plans."""
    if path.suffix.lower() not in PLAN_SUFFIXES or path.name.startswith("."):
        return False
    try:
        with path.open("rb") as handle:
            head = handle.read(65536)
    except OSError:
        return True  # unreadable (no permission): checked, so it is reported (PARSE001), never silently skipped
    if _FINDINGS_DOCUMENT.match(head):
        return False  # sncheck's own report (findings.json, check --format json -o): its messages quote the marker
    return PLAN_MARKER.encode() in head or PLAN_MARKER.encode("utf-16-le") in head
