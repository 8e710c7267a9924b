"""Which staff a rule applies to: the one selector all staff checks share.

Rule files say ``applies_to: {roles: [senior_social_worker]}`` or
``applies_to: {programs: [disability_needs_assessment_quality],
direct_service: true, hired_in_plan_year: true}`` or ``{hired_in_plan_year: true,
new_position: true}`` (a newly added position, 新增人力; absent = true); every key given must
hold (AND). Keys that need the plan (the team's programme, the plan year)
are answered from the plan passed in, so a check never re-implements them.
"""

from __future__ import annotations

from typing import Any, Mapping

from sncheck.model.plan import Plan, Staff, hired_in_plan_year

SELECTOR: dict[str, Any] = {
    "type": "object",
    "properties": {
        "roles": {"type": "array", "items": {"type": "string"}, "minItems": 1},
        "direct_service": {"type": "boolean"},
        "protective": {"type": "boolean"},
        "min_pay_points": {"type": "integer"},
        "programs": {"type": "array", "items": {"type": "string"}, "minItems": 1},
        "hired_in_plan_year": {"type": "boolean"},
        "new_position": {"type": "boolean"},
    },
    "additionalProperties": False,
}


def selected(person: Staff, selector: Mapping[str, Any], plan: Plan | None = None) -> bool:
    """Does ``person`` match every key of ``selector``? (``plan`` is needed for programs / plan year.)"""
    if "roles" in selector and person.role not in selector["roles"]:
        return False
    if "direct_service" in selector and person.is_direct_service != selector["direct_service"]:
        return False
    if "protective" in selector and person.protective != selector["protective"]:
        return False
    if "min_pay_points" in selector and (person.pay_points is None or person.pay_points < selector["min_pay_points"]):
        return False
    if "programs" in selector:
        team = plan.team(person.team) if plan is not None else None
        if team is None or team.program not in selector["programs"]:
            return False
    if "hired_in_plan_year" in selector:
        if plan is None or hired_in_plan_year(person, plan) != selector["hired_in_plan_year"]:
            return False
    if "new_position" in selector and person.new_position != selector["new_position"]:
        return False  # new_position is true unless the plan says false (a replacement, PLAN_FORMAT.md)
    return True
