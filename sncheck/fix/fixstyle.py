"""Writing a fix in the words the file already uses.

Patches carry canonical codes (``county``, ``social_worker``). When the value a
patch replaces was written as a zh-TW label (``中央補助``, ``資深社工``), ``sncheck
fix`` writes the new value as that field's zh-TW label too (``地方自籌``,
``社工員``), so a county officer's file keeps reading as their own. The meaning
is the same: labels are normalized to codes on load.
"""

from __future__ import annotations

from typing import Any, Mapping

from sncheck.model.pointers import pointer_tokens
from sncheck.model.vocabulary import FIELD_VOCABULARIES

_LISTS = {"teams": "team", "staff": "staff", "requests": "request"}


def field_kind(tokens: list[str]) -> tuple[str, str] | None:
    """(object kind, field) a pointer's last token names, e.g. ``/staff/3/funding`` → (staff, funding)."""
    if len(tokens) == 1:
        return "plan", tokens[0]
    if len(tokens) == 3 and tokens[0] in _LISTS:
        return _LISTS[tokens[0]], tokens[2]
    if len(tokens) == 5 and tokens[0] == "staff" and tokens[2] == "history":
        return "segment", tokens[4]
    return None


def value_at(data: Any, tokens: list[str]) -> Any:
    """The value at a pointer's tokens, or None where there is none."""
    node = data
    for token in tokens:
        if isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        elif isinstance(node, dict) and token in node:
            node = node[token]
        else:
            return None
    return node


def in_file_style(op: Mapping[str, Any], data: Any) -> dict[str, Any]:
    """``op`` with its code value written as a zh-TW label where the replaced value was one."""
    out = dict(op)
    if op.get("op") != "replace" or not isinstance(op.get("value"), str):
        return out
    tokens = pointer_tokens(op["path"])
    kind = field_kind(tokens)
    vocabulary = FIELD_VOCABULARIES.get(kind) if kind else None
    if not vocabulary or op["value"] not in vocabulary:
        return out
    old = value_at(data, tokens)
    if isinstance(old, str) and old.strip() not in vocabulary and any(old.strip() in a for a in vocabulary.values()):
        out["value"] = vocabulary[op["value"]][0]
    return out
