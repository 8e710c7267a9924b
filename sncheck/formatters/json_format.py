"""The JSON findings document of PLAN_FORMAT.md (the output contract)."""

from __future__ import annotations

import json
from typing import Any

from sncheck.model.findings import FileResult
from sncheck.formatters.base import Report


def file_entry(result: FileResult) -> dict[str, Any]:
    """One file of the document (``sncheck batch`` writes the document file by file)."""
    entry: dict[str, Any] = {"path": result.path, "findings": [f.to_dict() for f in result.findings]}
    if result.coverage is not None:  # what each rule checked (issue 21): full, partial, not_run
        entry["coverage"] = result.coverage.to_dict()
    return entry


def report_dict(report: Report) -> dict[str, Any]:
    """Suppressed findings are always listed (with ``suppressed``: the reason); the summary does not count them."""
    files = [file_entry(result) for result in report.files]
    summary = report.summary()
    return {"files": files, "summary": {"files": summary["files"], "errors": summary["errors"],
                                         "warnings": summary["warnings"], "infos": summary["infos"],
                                         "suppressed": summary["suppressed"]}}


def render_json(report: Report) -> str:
    return json.dumps(report_dict(report), ensure_ascii=False, indent=2) + "\n"
