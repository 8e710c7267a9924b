"""Staffing ratios of a team: supervisor shortfall (SUP002) and caseload (CASE001–CASE002).

The supervisor standard (002: 「每7名社工設督導1名」) and the caseload targets
(000: 「保護性社工案量比以1:30為目標」; 001: 「每30位個案配置1名關懷訪視員」) ask
one question of a team: given a *demand* (its direct-service workers, or its
``open_cases``), are there at least ``rounding(demand / per)`` of the
*supplying* staff (supervisors, or the workers who carry the cases)? So one
check, ``team.ratio``, serves all three rules; what is counted on each side,
N and the rounding are parameters in the rule file:

* SUP002: demand = staff ``{direct_service: true}``, supply = ``{roles: [supervisor]}``,
  per 7, floor (one supervisor per *full* 7 workers).
* CASE001: demand = ``open_cases``, supply = ``{protective: true, direct_service: true}``,
  per 30, ceil (31 cases need 2 workers); CASE002 the same with care visitors.

A demand of 0 needs nobody; a team whose demand is ``open_cases`` and has
none given is not checked. A team with demand and nobody to supply it is a
finding (fix variant ``no_supply``); ``variant_by_program`` picks another fix
text for named programmes (SUP002: supervisors of the needs-assessment
quality programme must be county-funded).
"""

from __future__ import annotations

from typing import Any, Iterator, Mapping

from sncheck.api import Check, CheckContext, Violation, hookimpl
from sncheck.model.plan import Plan, Team

from .staff_selector import SELECTOR, selected

PARAMS = {
    "type": "object",
    "required": ["demand", "supply", "per"],
    "properties": {
        "programs": {"type": "array", "items": {"type": "string"}, "minItems": 1},
        "demand": {
            "oneOf": [
                {"type": "object", "required": ["open_cases"], "properties": {"open_cases": {"const": True}},
                 "additionalProperties": False},
                {"type": "object", "required": ["staff"], "properties": {"staff": SELECTOR},
                 "additionalProperties": False},
            ]
        },
        "supply": SELECTOR,
        "per": {"type": "integer", "minimum": 1},
        "rounding": {"enum": ["floor", "ceil"], "default": "ceil"},
        "variant_by_program": {"type": "object", "additionalProperties": {"type": "string"}, "default": {}},
    },
    "additionalProperties": False,
}


def units_needed(demand: int, per: int, rounding: str) -> int:
    """One unit per full ``per`` (floor) or per started ``per`` (ceil) of ``demand``."""
    return demand // per if rounding == "floor" else -(-demand // per)  # integers: exact, no float overflow


def _demand(plan: Plan, team: Team, spec: Mapping[str, Any]) -> int | None:
    if "open_cases" in spec:
        return team.open_cases
    return sum(1 for s in plan.staff_by_team.get(team.id, []) if selected(s, spec["staff"], plan))


def team_ratio(ctx: CheckContext) -> Iterator[Violation]:
    params = ctx.params
    programs = set(params.get("programs", ()))
    for team in ctx.plan.teams:
        if programs and team.program not in programs:
            continue
        demand = _demand(ctx.plan, team, params["demand"])
        if not demand:
            continue
        supply = sum(1 for s in ctx.plan.staff_by_team.get(team.id, []) if selected(s, params["supply"], ctx.plan))
        needed = units_needed(demand, params["per"], params["rounding"])
        if supply >= needed:
            continue
        variant = params["variant_by_program"].get(team.program or "")
        yield Violation(
            team.pointer,
            {"team": team.id, "program": team.program, "demand": demand, "supply": supply, "per": params["per"],
             "needed": needed, "missing": needed - supply},
            fix_variant=variant or (None if supply else "no_supply"),
        )


@hookimpl
def sncheck_checks() -> list[Check]:
    return [Check("team.ratio", team_ratio, PARAMS,
                  "Fewer supplying staff in a team than one per N of its demand (workers or open cases).")]
