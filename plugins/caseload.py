"""Caseload (案量比): CASE001–CASE002.

The sources set a target of cases per worker: protective social workers
1:30 (000: 「保護性社工案量比以1:30為目標」), care visitors one per 30 cases
(001: 「每30位個案配置1名關懷訪視員」). Both are the same question of a team:
do the staff who carry its ``open_cases`` number at least
ceil(open_cases / N)? So one check, ``caseload.ratio``, serves both, with the
programmes, the counted staff (the shared staff selector) and N in the rule
file. The rounding is the supervisor standard's (``allowed_supervisors``),
with ``ceil``: 31 cases need 2 workers.

A team with open cases and nobody to carry them has an infinite ratio: it is
a finding (K = ceil(open_cases / N)); a team with 0 open cases or without
``open_cases`` is not checked.
"""

from __future__ import annotations

from typing import Iterator

from sncheck.api import Check, CheckContext, Violation, hookimpl

from .staff_selector import SELECTOR, selected
from .supervisor import allowed_supervisors

PARAMS = {
    "type": "object",
    "required": ["programs", "counted_staff", "cases_per_worker"],
    "properties": {
        "programs": {"type": "array", "items": {"type": "string"}, "minItems": 1},
        "counted_staff": SELECTOR,
        "cases_per_worker": {"type": "integer", "minimum": 1},
    },
    "additionalProperties": False,
}


def workers_needed(open_cases: int, cases_per_worker: int) -> int:
    """Workers the target asks for: one per started ``cases_per_worker`` cases (ceil)."""
    return allowed_supervisors(open_cases, cases_per_worker, "ceil")


def caseload_ratio(ctx: CheckContext) -> Iterator[Violation]:
    per = ctx.params["cases_per_worker"]
    programs = set(ctx.params["programs"])
    for team in ctx.plan.teams:
        if team.program not in programs or not team.open_cases:
            continue
        workers = [s for s in ctx.plan.staff_by_team.get(team.id, [])
                   if selected(s, ctx.params["counted_staff"], ctx.plan)]
        needed = workers_needed(team.open_cases, per)
        if len(workers) >= needed:
            continue
        ratio = team.open_cases / len(workers) if workers else None
        yield Violation(
            team.pointer,
            {"team": team.id, "program": team.program, "open_cases": team.open_cases, "workers": len(workers),
             "per": per, "needed": needed, "missing": needed - len(workers),
             "ratio": round(ratio, 1) if ratio is not None else None},
            fix_variant=None if workers else "no_workers",
        )


@hookimpl
def sncheck_checks() -> list[Check]:
    return [Check("caseload.ratio", caseload_ratio, PARAMS,
                  "More than N open cases per counted worker in a team of the listed programmes.")]
