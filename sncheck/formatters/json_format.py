"""The JSON findings document of PLAN_FORMAT.md (the output contract)."""

from __future__ import annotations

import json
from typing import Any

from ..findings import FileResult
from .base import Report


def file_entry(result: FileResult, show_suppressed: bool = False) -> dict[str, Any]:
    """One file of the document (``sncheck batch`` writes the document file by file)."""
    findings = [f.to_dict() for f in result.findings if f.suppressed is None or show_suppressed]
    return {"path": result.path, "findings": findings}


def report_dict(report: Report) -> dict[str, Any]:
    files = [file_entry(result, report.show_suppressed) for result in report.files]
    summary = report.summary()
    return {"files": files, "summary": {"files": summary["files"], "errors": summary["errors"],
                                         "warnings": summary["warnings"], "infos": summary["infos"]}}


def render_json(report: Report) -> str:
    return json.dumps(report_dict(report), ensure_ascii=False, indent=2) + "\n"
