"""Registers the built-in output formats through the ``sncheck_formatters`` hook."""

from __future__ import annotations

from ..hookspecs import hookimpl
from .base import Formatter
from .github import render_github
from .json_format import render_json
from .junit import render_junit
from .markdown import render_markdown
from .sarif import render_sarif
from .text import render_text


@hookimpl
def sncheck_formatters() -> list[Formatter]:
    return [
        Formatter("text", "path:line:col: RULE severity message, fix on the next line", render_text),
        Formatter("json", "the JSON findings document (PLAN_FORMAT.md)", render_json),
        Formatter("sarif", "SARIF 2.1.0 for code scanning (GitHub, Azure DevOps, IDEs)", render_sarif),
        Formatter("junit", "JUnit XML: one testcase per file and rule", render_junit),
        Formatter("github", "GitHub Actions annotations (::error file=…,line=…::)", render_github),
        Formatter("markdown", "a Markdown table to paste into a review", render_markdown),
    ]
