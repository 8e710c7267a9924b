"""Supervisor ratio (督導比): SUP001–SUP003.

The standard (002: 「每7名社工設督導1名」; 001: 「督導及社工人員比例為1:7」) allows
one supervisor per *full* ``workers_per_supervisor`` direct-service workers of a
team (floor), which matches the seeds' own staffing (Kaohsiung 57 visitors with
8 supervisors; Taichung 15 workers with 2). Some programmes' central subsidy
excludes supervisors altogether (001: needs-assessment quality programme);
there the county may fund them itself.

Checks:

* ``supervisor.central_excess`` – centrally funded supervisors above the standard;
  the patch moves the last-listed excess ones to county funding (unsafe: it
  chooses people).
* SUP002 (fewer supervisors, any funding, than the standard) is the generic
  ``team.ratio`` check (plugins/team_ratio.py), which also serves the caseload rules.
* ``supervisor.central_in_excluded_program`` – a centrally funded supervisor in a
  programme whose subsidy excludes supervisors; the patch sets county funding.
"""

from __future__ import annotations

from typing import Iterator

from sncheck.api import Check, CheckContext, Violation, hookimpl, set_field_op
from sncheck.model.plan import Plan, Staff, Team

from .team_ratio import units_needed

RATIO_PARAMS = {
    "type": "object",
    "properties": {
        "workers_per_supervisor": {"type": "integer", "minimum": 1, "default": 7},
        "rounding": {"enum": ["floor", "ceil"], "default": "floor"},
    },
    "additionalProperties": False,
}

EXCLUDED_PARAMS = {
    "type": "object",
    "properties": {"programs": {"type": "array", "items": {"type": "string"}, "minItems": 1}},
    "required": ["programs"],
    "additionalProperties": False,
}


def allowed_supervisors(workers: int, per: int, rounding: str) -> int:
    """Supervisors the standard allows for ``workers`` direct-service workers."""
    return units_needed(workers, per, rounding)


def _team_staff(plan: Plan, team: Team) -> tuple[list[Staff], list[Staff]]:
    members = plan.staff_by_team.get(team.id, [])
    workers = [s for s in members if s.is_direct_service]
    supervisors = [s for s in members if s.role == "supervisor"]
    return workers, supervisors


def central_excess(ctx: CheckContext) -> Iterator[Violation]:
    per, rounding = ctx.params["workers_per_supervisor"], ctx.params["rounding"]
    for team in ctx.plan.teams:
        workers, supervisors = _team_staff(ctx.plan, team)
        central = [s for s in supervisors if s.funding == "central"]
        allowed = allowed_supervisors(len(workers), per, rounding)
        if len(central) <= allowed:
            continue
        excess = central[allowed:]
        yield Violation(
            team.pointer,
            {"team": team.id, "workers": len(workers), "per": per, "allowed": allowed,
             "central_supervisors": len(central), "excess": len(excess), "moved": [s.id for s in excess],
             "concerns": [s.pointer for s in central]},  # the people it is about: their rows are marked too
            patch=tuple(set_field_op(s.raw, s.pointer, "funding", "county") for s in excess),
        )


def central_in_excluded_program(ctx: CheckContext) -> Iterator[Violation]:
    programs = set(ctx.params["programs"])
    for team in ctx.plan.teams:
        if team.program not in programs:
            continue
        for person in ctx.plan.staff_by_team.get(team.id, []):
            if person.role == "supervisor" and person.funding == "central":
                yield Violation(
                    person.pointer,
                    {"staff": person.id, "team": team.id, "program": team.program},
                    patch=(set_field_op(person.raw, person.pointer, "funding", "county"),),
                )


@hookimpl
def sncheck_checks() -> list[Check]:
    return [
        Check("supervisor.central_excess", central_excess, RATIO_PARAMS,
              "Centrally funded supervisors above one per full N direct-service workers."),
        Check("supervisor.central_in_excluded_program", central_in_excluded_program, EXCLUDED_PARAMS,
              "A centrally funded supervisor in a programme whose subsidy excludes supervisors."),
    ]
