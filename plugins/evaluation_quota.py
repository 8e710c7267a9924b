"""More 優良 claims than 優良 places, across the plans of one batch: FUND003.

002: 「自112年起依前一年考核成績調整該年補助比率：1.優良：提高7縣市(直轄市2個)補助比率5%」.
Each plan declares its own ``previous_evaluation``; FUND001 takes ``excellent``
at its word (+5 %). Only the plans together show an impossible set: for one
plan year, more than 7 counties (or more than 2 直轄市) claiming 優良.

Check ``evaluation.excellent_quota`` (a ``CrossPlanCheck``; the numbers, the
list of 直轄市 and the first year are the rule's parameters, none built in):

* a county counts once per year, however many of its plans (revisions) the
  run holds; each of those plans is reported;
* over ``max_counties``: every plan of that year claiming 優良 is reported,
  naming the other counties that claim it;
* only over ``max_municipalities``: the 直轄市 places are the ones
  oversubscribed, so only the 直轄市' plans are reported, naming the other
  直轄市 (a county's claim does not compete for those places).
"""

from __future__ import annotations

from typing import Any, Iterator

from sncheck.api import CrossPlanCheck, CrossPlanContext, CrossPlanViolation, PlanSummary, hookimpl
from sncheck.model.vocabulary import COUNTIES, canonical_county

POINTER = "/previous_evaluation"

PARAMS: dict[str, Any] = {
    "type": "object",
    "required": ["max_counties", "max_municipalities", "municipalities", "from_year"],
    "properties": {
        "max_counties": {"type": "integer", "minimum": 0},
        "max_municipalities": {"type": "integer", "minimum": 0},
        "municipalities": {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1},
        "from_year": {"type": "integer"},
        "evaluation": {"type": "string", "default": "excellent"},
    },
    "additionalProperties": False,
}


def excellent_quota(ctx: CrossPlanContext) -> Iterator[CrossPlanViolation]:
    params = ctx.params
    municipalities = {canonical_county(name) for name in params["municipalities"]}
    claims: dict[int, list[PlanSummary]] = {}
    for plan in ctx.plans:
        if plan.plan_year >= params["from_year"] and plan.fields.get("previous_evaluation") == params["evaluation"]:
            claims.setdefault(plan.plan_year, []).append(plan)
    for year, plans in sorted(claims.items()):
        counties = sorted({plan.county for plan in plans}, key=_official_order)
        cities = [county for county in counties if county in municipalities]
        if len(counties) > params["max_counties"]:
            group = counties
        elif len(cities) > params["max_municipalities"]:
            group = cities
        else:
            continue
        values = {"plan_year": year, "count": len(counties), "municipality_count": len(cities),
                  "max_counties": params["max_counties"], "max_municipalities": params["max_municipalities"]}
        for plan in plans:
            if plan.county in group:
                yield CrossPlanViolation(plan.index, POINTER, {
                    **values, "county": plan.county, "others": [c for c in group if c != plan.county],
                    "claimed": len(group)},
                    fix_variant=None if group is counties else "municipalities")


def _official_order(county: str) -> tuple[int, str]:
    return (COUNTIES.index(county) if county in COUNTIES else len(COUNTIES), county)


@hookimpl
def sncheck_cross_plan_checks() -> list[CrossPlanCheck]:
    return [CrossPlanCheck("evaluation.excellent_quota", excellent_quota, PARAMS,
                           "across the plans of a batch: more counties (or 直轄市) of one plan year claim an "
                           "evaluation than it has places")]
