"""How much memory a kept result holds, roughly: the page's memory cap counts this, not upload bytes.

A result page keeps, per upload, the upload and every result computed from it (per language, with names
or not): findings, the plan data, a roster's conversion. These were 8–129 times the upload's bytes, so a
cap on upload bytes let the server grow to 2.6 GB with ordinary plans. ``footprint`` walks an object graph
once (each object counted once, ``sys.getsizeof``), following containers, dataclasses and closures, and
skipping what is shared by all results (types, modules, functions' globals, and the ``skip`` types, e.g. the
Checker with its rule packs). Cost: linear in the objects of one result, far below the check that made it.
"""

from __future__ import annotations

import sys
from types import BuiltinFunctionType, FunctionType, ModuleType
from typing import Any

_LEAVES = (str, bytes, bytearray, int, float, complex, bool, type(None))
_SHARED = (type, ModuleType, BuiltinFunctionType)


def footprint(root: Any, skip: tuple[type, ...] = ()) -> int:
    """Bytes held by ``root`` and what it reaches (an estimate in CPython's own accounting)."""
    seen: set[int] = set()
    total = 0
    stack = [root]
    while stack:
        obj = stack.pop()
        if id(obj) in seen or isinstance(obj, _SHARED) or (skip and isinstance(obj, skip)):
            continue
        seen.add(id(obj))
        total += sys.getsizeof(obj, 64)
        if isinstance(obj, _LEAVES):
            continue
        if isinstance(obj, dict):
            stack.extend(obj.keys())
            stack.extend(obj.values())
        elif isinstance(obj, (list, tuple, set, frozenset)):
            stack.extend(obj)
        elif isinstance(obj, FunctionType):
            stack.extend(cell.cell_contents for cell in obj.__closure__ or () if _filled(cell))
        else:
            stack.extend(getattr(obj, "__dict__", {}).values())
            for name in getattr(type(obj), "__slots__", ()):
                stack.append(getattr(obj, name, None))
    return total


def _filled(cell: Any) -> bool:
    try:
        cell.cell_contents
    except ValueError:  # an empty cell
        return False
    return True
