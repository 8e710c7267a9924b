"""Hiring rate, qualification, training, recruitment: HIRE001, QUAL001, TRAIN001, RECR001.

Checks:

* ``staffing.hiring_rate`` – over all teams with ``budgeted_positions``, staff
  listed in those teams / Σ budgeted_positions below ``min_rate`` (002:
  「人員進用率 20%（未達85%視為未達標）」; 001: 「人員進用率須達85%」). One finding
  for the whole plan, at the document root; K = ceil(min_rate · budgeted) −
  filled. The arithmetic is exact (fractions): 0.85 · 100 is 85, not 85.00…01.
  Teams without ``budgeted_positions`` are left out on both sides; a plan with
  no budgeted positions (or Σ = 0) has no rate to check.
* ``staff.requirement`` – staff matching ``applies_to`` (the shared staff
  selector) whose ``field`` is not in ``allowed`` / below ``at_least``. A missing
  field passes unless ``missing: fail``: QUAL001 checks ``profession`` only
  when it is set (RULES.md), TRAIN001 counts absent training hours as 0, and
  RECR001 cannot judge a hire whose ``recruitment`` is not given (so it passes).
  QUAL001 (003), TRAIN001 (002) and RECR001 (001) are all this one check.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any, Iterator, Mapping

from sncheck.api import Check, CheckContext, Violation, hookimpl

from .staff_selector import SELECTOR, selected

HIRING_PARAMS = {
    "type": "object",
    "required": ["min_rate"],
    "properties": {"min_rate": {"type": "number", "exclusiveMinimum": 0, "maximum": 1}},
    "additionalProperties": False,
}

REQUIREMENT_FIELDS = ("profession", "training_hours", "recruitment", "funding", "role", "pay_points",
                      "recruitment_attempts")

REQUIREMENT_PARAMS = {
    "type": "object",
    "required": ["applies_to", "field"],
    "properties": {
        "applies_to": SELECTOR,
        "field": {"enum": list(REQUIREMENT_FIELDS)},
        "allowed": {"type": "array", "minItems": 1},
        "at_least": {"type": "number"},
        "missing": {"enum": ["pass", "fail"], "default": "pass"},
    },
    "oneOf": [{"required": ["allowed"]}, {"required": ["at_least"]}],
    "additionalProperties": False,
}


def _percent_down(part: int, whole: int) -> float:
    """``part/whole`` in percent, one decimal, rounded *down*: 96/113 is 84.9 %, not 85.0 % (rounded, a
    failing rate read 「人員進用率 85%，未達 85%」)."""
    return math.floor(Fraction(1000 * part, whole)) / 10


def hiring_rate(ctx: CheckContext) -> Iterator[Violation]:
    rate = Fraction(str(ctx.params["min_rate"]))  # decimal as written: 0.85 is 17/20
    budgeted_teams = [t for t in ctx.plan.teams if t.budgeted_positions is not None]
    budgeted = sum(t.budgeted_positions or 0 for t in budgeted_teams)
    if budgeted == 0:
        return
    filled = sum(len(ctx.plan.staff_by_team.get(t.id, [])) for t in budgeted_teams)
    if Fraction(filled, budgeted) >= rate:
        return
    needed = math.ceil(rate * budgeted)
    yield Violation(
        "",
        {"filled": filled, "budgeted": budgeted, "rate_percent": _percent_down(filled, budgeted),
         "min_rate_percent": round(float(rate) * 100, 1), "needed": needed, "missing": needed - filled,
         "teams": [t.id for t in budgeted_teams]},
    )


def _meets(value: Any, params: Mapping[str, Any]) -> bool:
    if value is None:
        return bool(params["missing"] == "pass")
    if "allowed" in params:
        return value in params["allowed"]
    return bool(value >= params["at_least"])


def requirement(ctx: CheckContext) -> Iterator[Violation]:
    field = ctx.params["field"]
    for person in ctx.plan.staff:
        if not selected(person, ctx.params["applies_to"], ctx.plan):
            continue
        value = getattr(person, field)
        if _meets(value, ctx.params):
            continue
        yield Violation(
            person.pointer,
            {"staff": person.id, "team": person.team, "role": person.role, "field": field, "value": value,
             "allowed": ctx.params.get("allowed"), "at_least": ctx.params.get("at_least"),
             "hired": person.hired, "plan_year": ctx.plan.plan_year},
        )


@hookimpl
def sncheck_checks() -> list[Check]:
    return [
        Check("staffing.hiring_rate", hiring_rate, HIRING_PARAMS,
              "Staff listed in teams with budgeted positions below a share of those positions."),
        Check("staff.requirement", requirement, REQUIREMENT_PARAMS,
              "A selected staff member's field is not an allowed value or below a minimum."),
    ]
