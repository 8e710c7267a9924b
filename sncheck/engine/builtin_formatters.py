"""Registers the built-in output formats through the ``sncheck_formatters`` hook."""

from __future__ import annotations

from sncheck.hookspecs import hookimpl
from sncheck.formatters.base import Formatter
from sncheck.formatters.github import render_github
from sncheck.formatters.json_format import render_json
from sncheck.formatters.junit import render_junit
from sncheck.formatters.markdown import render_markdown
from sncheck.formatters.sarif import render_sarif
from sncheck.formatters.text import render_text


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
