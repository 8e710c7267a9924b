"""The JSON findings document of PLAN_FORMAT.md (the output contract)."""

from __future__ import annotations

import json
from typing import Any

from .base import Report


def report_dict(report: Report) -> dict[str, Any]:
    """Suppressed findings are always listed (with ``suppressed``: the reason); the summary does not count them."""
    files = []
    for result in report.files:
        files.append({"path": result.path, "findings": [f.to_dict() for f in result.findings]})
    summary = report.summary()
    return {"files": files, "summary": {"files": summary["files"], "errors": summary["errors"],
                                         "warnings": summary["warnings"], "infos": summary["infos"],
                                         "suppressed": summary["suppressed"]}}


def render_json(report: Report) -> str:
    return json.dumps(report_dict(report), ensure_ascii=False, indent=2) + "\n"
