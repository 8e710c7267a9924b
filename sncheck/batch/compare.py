"""What changed since the last round: new, fixed and still open findings.

Reviewers send plans back and receive revisions, in which lines move and
items are inserted. So a finding is matched by *what* it is about, not where
it is: the file's county and plan year, the rule, and the pointed item's id
(``staff:S-004``) or, for items without one, its JSON Pointer. Line numbers
never take part. Repeated keys are matched as a multiset.

The last round's report is its ``findings.json`` (the plain JSON findings
document). ``sncheck batch --report-dir`` also writes ``compare-keys.json``
beside it with each finding's key; without that file (e.g. a report from
``sncheck check --format json``) files are matched by file name and findings
by JSON Pointer, and the caller says so.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from .worker import FileOutcome

KEYS_FILE = "compare-keys.json"
KEYS_FORMAT = "sncheck/batch-keys@1"

Key = tuple[str, str, str, str]  # (county or file name, plan year, rule, item key)


@dataclass(frozen=True)
class OldFinding:
    key: Key
    path: str
    rule: str
    severity: str
    line: int | None
    message: str


@dataclass
class Comparison:
    by_item: bool  # True: keys from compare-keys.json; False: file name + pointer
    new: list[tuple[FileOutcome, int]] = field(default_factory=list)  # (file, index into result.active())
    still_open: list[tuple[FileOutcome, int]] = field(default_factory=list)
    fixed: list[OldFinding] = field(default_factory=list)
    status: dict[tuple[int, int], str] = field(default_factory=dict)  # (file index, finding index) -> new|open


class CompareError(Exception):
    """The old report cannot be read; the CLI exits 2 with this message."""


def keys_document(outcomes: Iterable[FileOutcome]) -> dict[str, Any]:
    files = [{"path": o.result.path, "county": o.county, "plan_year": o.plan_year, "keys": o.keys}
             for o in outcomes]
    return {"format": KEYS_FORMAT, "files": files}


def _key(by_item: bool, path: str, county: str | None, year: int | None, rule: str, item: str,
         pointer: str) -> Key:
    if by_item:
        return (county or Path(path).name, str(year) if year is not None else "", rule, item)
    return (Path(path).name, "", rule, pointer)


def load_old(report_path: Path) -> tuple[bool, list[OldFinding]]:
    try:
        doc = json.loads(report_path.read_text(encoding="utf-8-sig"))
        files = doc["files"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CompareError(f"{report_path}: not a findings document ({exc})") from None
    sidecar = report_path.parent / KEYS_FILE
    key_files: list[dict[str, Any]] | None = None
    if sidecar.is_file():
        try:
            keys_doc = json.loads(sidecar.read_text(encoding="utf-8"))
            if keys_doc.get("format") == KEYS_FORMAT and [f["path"] for f in keys_doc["files"]] == [
                    f["path"] for f in files]:
                key_files = keys_doc["files"]
        except (OSError, ValueError, KeyError, TypeError):
            key_files = None
    old: list[OldFinding] = []
    for i, entry in enumerate(files):
        path = str(entry.get("path", ""))
        meta = key_files[i] if key_files is not None else {}
        item_keys = meta.get("keys", [])
        for j, f in enumerate(entry.get("findings", [])):
            item = item_keys[j] if j < len(item_keys) else f.get("pointer", "")
            key = _key(key_files is not None, path, meta.get("county"), meta.get("plan_year"), f.get("rule", ""),
                       item, f.get("pointer", ""))
            old.append(OldFinding(key, path, f.get("rule", ""), f.get("severity", ""), f.get("line"),
                                  f.get("message", "")))
    return key_files is not None, old


def compare(by_item: bool, old: list[OldFinding], outcomes: Iterable[FileOutcome]) -> Comparison:
    remaining = Counter(o.key for o in old)
    result = Comparison(by_item)
    for outcome in outcomes:
        for j, finding in enumerate(outcome.result.active()):
            item = outcome.keys[j] if j < len(outcome.keys) else finding.pointer
            key = _key(by_item, outcome.result.path, outcome.county, outcome.plan_year, finding.rule, item,
                       finding.pointer)
            if remaining[key] > 0:
                remaining[key] -= 1
                result.still_open.append((outcome, j))
                result.status[(outcome.index, j)] = "open"
            else:
                result.new.append((outcome, j))
                result.status[(outcome.index, j)] = "new"
    for finding in reversed(old):  # the last occurrences of a key are the ones fixed
        if remaining[finding.key] > 0:
            remaining[finding.key] -= 1
            result.fixed.append(finding)
    result.fixed.reverse()
    return result
