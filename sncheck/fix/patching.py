"""Applying RFC 6902 JSON Patch operations to plan data (the subset fixes use).

Fixes carry patches; tests and ``sncheck fix`` apply them with this one
implementation. Supported: ``add``, ``replace``, ``remove``, ``test``.
"""

from __future__ import annotations

import copy
from typing import Any, Iterable, Mapping

from sncheck.model.pointers import pointer_tokens


class PatchError(ValueError):
    pass


def _parent(doc: Any, pointer: str) -> tuple[Any, str]:
    tokens = pointer_tokens(pointer)
    if not tokens:
        raise PatchError("cannot patch the document root")
    node = doc
    for token in tokens[:-1]:
        if isinstance(node, list):
            node = node[int(token)]
        elif isinstance(node, dict):
            node = node[token]
        else:
            raise PatchError(f"{pointer}: parent is not a container")
    return node, tokens[-1]


def apply_patch(data: Any, patch: Iterable[Mapping[str, Any]], in_place: bool = False) -> Any:
    """A patched deep copy of ``data`` (or ``data`` itself, patched, with ``in_place``); raises ``PatchError``
    if an operation does not apply (``in_place``: earlier operations stay applied)."""
    doc = data if in_place else copy.deepcopy(data)
    for op in patch:
        kind, path = op["op"], op["path"]
        try:
            parent, key = _parent(doc, path)
            if isinstance(parent, list):
                index = len(parent) if key == "-" else int(key)
                if kind == "add":
                    parent.insert(index, copy.deepcopy(op["value"]))
                elif kind == "replace":
                    parent[index] = copy.deepcopy(op["value"])
                elif kind == "remove":
                    del parent[index]
                elif kind == "test":
                    if parent[index] != op["value"]:
                        raise PatchError(f"test failed at {path}")
                else:
                    raise PatchError(f"unsupported op {kind!r}")
            else:
                if kind == "add":
                    parent[key] = copy.deepcopy(op["value"])
                elif kind == "replace":
                    if key not in parent:
                        raise PatchError(f"replace: {path} does not exist")
                    parent[key] = copy.deepcopy(op["value"])
                elif kind == "remove":
                    del parent[key]
                elif kind == "test":
                    if parent.get(key) != op["value"]:
                        raise PatchError(f"test failed at {path}")
                else:
                    raise PatchError(f"unsupported op {kind!r}")
        except (KeyError, IndexError, ValueError, TypeError) as exc:
            if isinstance(exc, PatchError):
                raise
            raise PatchError(f"{kind} {path}: {exc}") from None
    return doc
