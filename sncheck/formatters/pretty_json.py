"""``json.dumps(value, ensure_ascii=False, indent=2)``, byte for byte, about twice as fast.

With ``indent`` the standard library gives up its C encoder and walks the
value with Python generators; a central reviewer's batch writes thousands of
findings that way, in the one supervisor process every worker reports to
(measured: 0.44 → 0.20 ms per 300-staff plan with ~30 findings, nesting
included). Findings are plain dicts of strings and numbers, so a
direct recursive join with the C string escaper produces the same text.
Anything unusual (a non-text key, NaN, a subclass, a cycle) is handed to the
standard library, so the output is always exactly what it would write.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring  # the C escaper when available, as json.dumps uses
from typing import Any

_INF = float("inf")


class _Unusual(Exception):
    """A value this writer does not render: the standard library does."""


def dumps_indented(value: Any, prefix: str = "") -> str:
    """The indent=2 JSON text of ``value``; lines after the first also get ``prefix`` (nesting it in a document)."""
    try:
        return _render(value, "\n" + prefix)
    except (_Unusual, RecursionError):
        text = json.dumps(value, ensure_ascii=False, indent=2)
        return text.replace("\n", "\n" + prefix) if prefix else text  # JSON strings never hold a raw newline


def _render(value: Any, newline: str) -> str:
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if kind is dict:
        if not value:
            return "{}"
        inner = newline + "  "
        parts = []
        for key, item in value.items():
            if type(key) is not str:
                raise _Unusual
            parts.append(encode_basestring(key) + ": " + _render(item, inner))
        return "{" + inner + ("," + inner).join(parts) + newline + "}"
    if kind is list or kind is tuple:
        if not value:
            return "[]"
        inner = newline + "  "
        return "[" + inner + ("," + inner).join([_render(item, inner) for item in value]) + newline + "]"
    if kind is int:
        return int.__repr__(value)
    if kind is float:
        if value != value or value in (_INF, -_INF):
            raise _Unusual
        return float.__repr__(value)
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    raise _Unusual
