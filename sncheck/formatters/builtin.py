"""Registers the built-in output formats through the ``sncheck_formatters`` hook."""

from __future__ import annotations

from ..hookspecs import hookimpl
from .base import Formatter
from .json_format import render_json
from .text import render_text


@hookimpl
def sncheck_formatters() -> list[Formatter]:
    return [
        Formatter("text", "path:line:col: RULE severity message, fix on the next line", render_text),
        Formatter("json", "the JSON findings document (PLAN_FORMAT.md)", render_json),
    ]
