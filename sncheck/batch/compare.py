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
import stat
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sncheck.batch.worker import FileOutcome

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
    cell: str | None = None  # a roster workbook finding's sheet cell (人員名冊!B2)

    @property
    def where(self) -> str:
        """The cell of a workbook finding, else the line (as ``html_report.position`` for new findings)."""
        return self.cell or str(self.line or 1)


class CompareError(Exception):
    """The old report cannot be read; the CLI exits 2 with this message."""


def _key(by_item: bool, path: str, county: str | None, year: int | None, rule: str, item: str,
         pointer: str) -> Key:
    if by_item:
        return (county or Path(path).name, str(year) if year is not None else "", rule, item)
    return (Path(path).name, "", rule, pointer)


MAX_REPORT_BYTES = 512 * 1024 * 1024  # a findings.json of every county with thousands of findings is tens of MB


def _bounded_json(path: Path, encoding: str) -> Any:
    """A JSON file given with ``--compare`` (or beside it): only a regular file (not a FIFO or ``/dev/zero``,
    which never end), at most ``MAX_REPORT_BYTES``; nesting too deep for Python's parser is ``ValueError``,
    not a ``RecursionError`` traceback."""
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        raise ValueError("not a regular file")
    if info.st_size > MAX_REPORT_BYTES:
        raise ValueError(f"{info.st_size:,} bytes, over the limit of {MAX_REPORT_BYTES:,}")
    try:
        return json.loads(path.read_text(encoding=encoding))
    except RecursionError:
        raise ValueError("nested too deeply") from None


def _findings_files(report_path: Path) -> list[dict[str, Any]]:
    """The ``files`` of a JSON findings document, each ``{"path": str, "findings": [object...]}``;
    anything else (a SARIF log, another tool's JSON, a truncated file) is a CompareError saying what."""
    try:
        doc = _bounded_json(report_path, "utf-8-sig")
    except OSError as exc:
        raise CompareError(f"{report_path}: cannot read ({exc.strerror or exc})") from None
    except ValueError as exc:
        raise CompareError(f"{report_path}: not a findings document (not JSON: {exc})") from None
    files = doc.get("files") if isinstance(doc, dict) else None
    if not isinstance(files, list):
        raise CompareError(f"{report_path}: not a findings document (no \"files\" list; expected the "
                           "findings.json of a batch report or the output of sncheck check --format json)")
    for i, entry in enumerate(files):
        if not (isinstance(entry, dict) and isinstance(entry.get("path"), str)
                and isinstance(entry.get("findings", []), list)
                and all(isinstance(f, dict) for f in entry.get("findings", []))):
            raise CompareError(f"{report_path}: not a findings document (files[{i}] is not "
                               "{\"path\": ..., \"findings\": [...]})")
    return files


def _sidecar_keys(report_path: Path, files: list[dict[str, Any]]) -> list[dict[str, Any]] | None:
    """compare-keys.json beside the old report, if it is one and lists the same files; else None."""
    sidecar = report_path.parent / KEYS_FILE
    if not sidecar.is_file():
        return None
    try:
        keys_doc = _bounded_json(sidecar, "utf-8")
        key_files = keys_doc["files"]
        if (keys_doc.get("format") == KEYS_FORMAT and all(isinstance(f, dict) for f in key_files)
                and [f.get("path") for f in key_files] == [f["path"] for f in files]):
            return [{**f, "keys": f.get("keys") if isinstance(f.get("keys"), list) else []} for f in key_files]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass
    return None


def _text(value: Any) -> str:
    """A field of the old report as text ("" when absent): another version's types must not crash the run."""
    return "" if value is None else value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def load_old(report_path: Path) -> tuple[bool, list[OldFinding]]:
    files = _findings_files(report_path)
    key_files = _sidecar_keys(report_path, files)
    old: list[OldFinding] = []
    for i, entry in enumerate(files):
        path = str(entry.get("path", ""))
        meta = key_files[i] if key_files is not None else {}
        item_keys = meta.get("keys", [])
        for j, f in enumerate(entry.get("findings", [])):
            if f.get("suppressed") is not None:
                continue  # suppressed findings are listed in the document but not compared
            rule, pointer = _text(f.get("rule")), _text(f.get("pointer"))
            item = _text(item_keys[j]) if j < len(item_keys) else pointer
            county, year = meta.get("county"), meta.get("plan_year")
            key = _key(key_files is not None, path, _text(county) if county else None,
                       year if isinstance(year, int) else None, rule, item, pointer)
            line = f.get("line")
            old.append(OldFinding(key, path, rule, _text(f.get("severity")), line if isinstance(line, int) else None,
                                  _text(f.get("message")), _text(f.get("cell")) if f.get("sheet") else None))
    return key_files is not None, old


class Comparer:
    """Marks each finding of this round "new" or "open" as files arrive (in path order); what is left
    of the last round at the end was fixed. Only the old keys are held, never this round's findings."""

    def __init__(self, by_item: bool, old: list[OldFinding]) -> None:
        self.by_item = by_item
        self.old = old
        self.remaining = Counter(o.key for o in old)
        self.new = 0
        self.still_open = 0

    def mark(self, outcome: FileOutcome) -> None:
        outcome.status = []
        for j, finding in enumerate(outcome.result.findings):
            if finding.suppressed is not None:
                outcome.status.append("")
                continue
            item = outcome.keys[j] if j < len(outcome.keys) else finding.pointer
            key = _key(self.by_item, outcome.result.path, outcome.county, outcome.plan_year, finding.rule, item,
                       finding.pointer)
            if self.remaining[key] > 0:
                self.remaining[key] -= 1
                self.still_open += 1
                outcome.status.append("open")
            else:
                self.new += 1
                outcome.status.append("new")

    def fixed(self) -> list[OldFinding]:
        """The last round's findings no longer found (the last occurrences of a repeated key)."""
        left = Counter(self.remaining)
        out = []
        for finding in reversed(self.old):
            if left[finding.key] > 0:
                left[finding.key] -= 1
                out.append(finding)
        out.reverse()
        return out
