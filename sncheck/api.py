"""What a plugin author imports: ``Check``, ``CheckContext``, ``Violation``, ``hookimpl`` and the cross-plan types.

This module is the plugin author's stable address and nothing else: the types are defined in
``sncheck.model.checks`` (the contract between the engine and a check, low in the stages so that
rule packs and the engine can use it without importing this facade), the ``hookimpl`` marker in
``sncheck.hookspecs``. Nothing inside sncheck imports this module.
"""

from __future__ import annotations

from sncheck.hookspecs import hookimpl
from sncheck.model.checks import (
    AnyCheck,
    Check,
    CheckContext,
    CheckFunction,
    CrossPlanCheck,
    CrossPlanContext,
    CrossPlanViolation,
    PlanSummary,
    Violation,
    replace_op,
    set_field_op,
)

__all__ = ["AnyCheck", "Check", "CheckContext", "CheckFunction", "CrossPlanCheck", "CrossPlanContext",
           "CrossPlanViolation", "PlanSummary", "Violation", "hookimpl", "replace_op",
           "set_field_op"]
