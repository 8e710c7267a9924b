"""What a plugin author works with: ``Check``, ``CheckContext`` and ``Violation``.

A check function receives a ``CheckContext`` (the typed plan, the rule's
validated parameters and the pack folder for data tables) and yields
``Violation`` records: where (JSON Pointer), the values its message templates
use, and optionally an RFC 6902 patch that removes the violation. Text,
severity and citations live in the rule file, not in Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from .hookspecs import hookimpl  # re-exported for plugin authors
from .plan import Plan

__all__ = ["Check", "CheckContext", "Violation", "hookimpl", "replace_op"]


@dataclass(frozen=True)
class Violation:
    pointer: str
    values: Mapping[str, Any] = field(default_factory=dict)
    patch: tuple[Mapping[str, Any], ...] | None = None
    fix_variant: str | None = None  # picks one of the rule's ``fix_variants`` texts


@dataclass(frozen=True)
class CheckContext:
    plan: Plan
    params: Mapping[str, Any]
    pack_dir: Path | None = None
    rule_id: str = ""


CheckFunction = Callable[[CheckContext], Iterable[Violation]]


@dataclass(frozen=True)
class Check:
    name: str
    function: CheckFunction
    params_schema: Mapping[str, Any] = field(default_factory=lambda: {"type": "object"})
    description: str = ""


def replace_op(pointer: str, value: Any) -> dict[str, Any]:
    """An RFC 6902 ``replace`` operation (or ``add`` semantics for a new field)."""
    return {"op": "replace", "path": pointer, "value": value}


def set_field_op(item: Mapping[str, Any], pointer: str, name: str, value: Any) -> dict[str, Any]:
    """Patch op that sets ``name`` on the item: ``replace`` if present, else ``add``."""
    op = "replace" if name in item else "add"
    return {"op": op, "path": f"{pointer}/{name}", "value": value}
