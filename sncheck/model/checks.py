"""The contract between the engine and a rule's check: ``Check``, ``CheckContext``, ``Violation``.

Plugin authors import these names from ``sncheck.api`` (their stable address); they are defined here,
low in the stages (model), because rule packs and the engine need them too.

A check function receives a ``CheckContext`` (the typed plan, the rule's
validated parameters and the pack folder for data tables) and yields
``Violation`` records: where (JSON Pointer), the values its message templates
use, and optionally an RFC 6902 patch that removes the violation. Text,
severity and citations live in the rule file, not in Python.

A *cross-plan* check (``CrossPlanCheck``, hook ``sncheck_cross_plan_checks``)
asks a question no single plan can answer, e.g. "do more counties claim 優良
than there are 優良 places?" (FUND003). It receives a ``CrossPlanContext``
with one small ``PlanSummary`` per plan of the run (never whole plans: a
batch keeps plans in its workers) and yields ``CrossPlanViolation`` records,
each naming the plan it is reported on. Only ``sncheck batch`` (and
``sncheck rules test`` on ``*.batch`` fixture folders) runs them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from sncheck.model.plan import Plan


@dataclass(frozen=True)
class Violation:
    pointer: str
    values: Mapping[str, Any] = field(default_factory=dict)
    patch: tuple[Mapping[str, Any], ...] | None = None
    fix_variant: str | None = None  # picks one of the rule's ``fix_variants`` (and ``message_variants``) texts


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


@dataclass(frozen=True)
class PlanSummary:
    """What a cross-plan check knows of one plan: the facts a worker sends back, no staff data.

    Made only for plans whose rules ran (readable, schema-valid, a pack covers the year), so a plan
    with PARSE001/SCHEMA001/PACK001 never counts. ``fields`` are the plan's top-level scalar fields
    after normalization (codes, ISO dates: ``previous_evaluation``, ``central_share``, ...);
    ``positions`` their (line, column) by pointer; ``suppressions`` the plan's ``sncheck-ignore``
    entries as (item pointer, rule id, reason). ``index``/``path`` say which file of the run it is.
    """

    county: str  # 臺 spelling
    plan_year: int
    fields: Mapping[str, Any] = field(default_factory=dict)
    positions: Mapping[str, tuple[int | None, int | None]] = field(default_factory=dict)
    suppressions: tuple[tuple[str, str, str], ...] = ()
    index: int = 0
    path: str = ""


@dataclass(frozen=True)
class CrossPlanContext:
    plans: tuple[PlanSummary, ...]  # the run's plans whose year the rule's pack covers
    params: Mapping[str, Any]
    pack_dir: Path | None = None
    rule_id: str = ""


@dataclass(frozen=True)
class CrossPlanViolation:
    """A violation reported on one plan (``plan``: its ``PlanSummary.index``) at ``pointer``."""

    plan: int
    pointer: str
    values: Mapping[str, Any] = field(default_factory=dict)
    patch: tuple[Mapping[str, Any], ...] | None = None
    fix_variant: str | None = None

    def violation(self) -> Violation:
        return Violation(self.pointer, self.values, self.patch, self.fix_variant)


CrossPlanFunction = Callable[[CrossPlanContext], Iterable[CrossPlanViolation]]


@dataclass(frozen=True)
class CrossPlanCheck:
    """Like ``Check``, over all plans of a run; a rule names it in ``check:`` like any other."""

    name: str
    function: CrossPlanFunction
    params_schema: Mapping[str, Any] = field(default_factory=lambda: {"type": "object"})
    description: str = ""


AnyCheck = Check | CrossPlanCheck


def replace_op(pointer: str, value: Any) -> dict[str, Any]:
    """An RFC 6902 ``replace`` operation (or ``add`` semantics for a new field)."""
    return {"op": "replace", "path": pointer, "value": value}


def set_field_op(item: Mapping[str, Any], pointer: str, name: str, value: Any) -> dict[str, Any]:
    """Patch op that sets ``name`` on the item: ``replace`` if present, else ``add``."""
    op = "replace" if name in item else "add"
    return {"op": op, "path": f"{pointer}/{name}", "value": value}
