"""Registers the built-in output formats through the ``sncheck_formatters`` hook.

``text`` (the default) is imported with this module; each other format's module is imported when that
format renders (``Deferred``): a pre-commit hook's ``sncheck check`` pays for none of them, nor for what
they import (XML for JUnit, hashing for SARIF). tests/test_commands_cold_path.py keeps them off that path.
"""

from __future__ import annotations

import importlib
from typing import Callable

from sncheck.hookspecs import hookimpl
from sncheck.formatters.base import Formatter, Report
from sncheck.formatters.text import render_text


class Deferred:
    """A built-in format's render function, imported on its first call."""

    def __init__(self, module: str, name: str) -> None:
        self.__module__ = module  # where the function lives: plugin_origin names it when a render fails
        self.name = name

    def __call__(self, report: Report) -> str:
        render: Callable[[Report], str] = getattr(importlib.import_module(self.__module__), self.name)
        return render(report)


@hookimpl
def sncheck_formatters() -> list[Formatter]:
    return [
        Formatter("text", "path:line:col: RULE severity message, fix on the next line", render_text),
        Formatter("json", "the JSON findings document (PLAN_FORMAT.md)",
                  Deferred("sncheck.formatters.json_format", "render_json")),
        Formatter("sarif", "SARIF 2.1.0 for code scanning (GitHub, Azure DevOps, IDEs)",
                  Deferred("sncheck.formatters.sarif", "render_sarif")),
        Formatter("junit", "JUnit XML: one testcase per file and rule", Deferred("sncheck.formatters.junit", "render_junit")),
        Formatter("github", "GitHub Actions annotations (::error file=…,line=…::)",
                  Deferred("sncheck.formatters.github", "render_github")),
        Formatter("markdown", "a Markdown table to paste into a review",
                  Deferred("sncheck.formatters.markdown", "render_markdown")),
    ]
