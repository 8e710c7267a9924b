"""The one-plan half of cross-plan rules: what a checked plan tells the run about itself.

Made in the process that checked the plan (a batch worker, the page's checker) and sent to where
the summaries meet (``sncheck.engine.cross_plan``). It lives apart from the cross-plan runner so
that the checker, which makes summaries, and the runner, which drives the checker, do not import
each other.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

from sncheck.engine.suppressions import declared
from sncheck.model.checks import PlanSummary
from sncheck.model.plan import Plan
from sncheck.read.source import Position

_NOT_FACTS = ("format", "sncheck-ignore")


def plan_summary(plan: Plan, data: Mapping[str, Any], position: Callable[[str], Position]) -> PlanSummary:
    """The facts a cross-plan check may use: top-level scalars only (no staff, so no personal data)."""
    fields = {key: value for key, value in data.items()
              if key not in _NOT_FACTS and not key.startswith("x-") and not isinstance(value, (dict, list))}
    positions = {pointer: position(pointer) for pointer in ["", *(f"/{key}" for key in fields)]}
    return PlanSummary(plan.county, plan.plan_year, fields, positions, tuple(declared(data)))
