"""Service-record rules: senior social worker seniority (SEN*) and 360-point pay (PAY*).

Both families ask the same question of a staff member's history: does the
service that counts (SSN-budget years for seniority, 002/001; protective work
under any budget for 360 points, 003) reach N years at the reference date?
So one check serves both, with the selection and the counted segments as
rule parameters; the arithmetic itself is ``sncheck.model.service_length``.

Checks:

* ``service.minimum_length`` – staff matching ``applies_to`` whose counted
  service is shorter than ``years``; reports the counted length, what did not
  count and the date on which the person qualifies; an optional ``patch``
  sets one field (e.g. ``role: social_worker``).
* ``service.history_missing`` – staff matching ``applies_to`` with no history.

A roster may keep service as numbers instead of dated history (社安網年資(年) 2.8): the plan's
``declared_<kind>_years``. A rule whose ``declared`` parameter names that kind uses the figure for a
person without history (history, with its dates, always wins): the length is the declared years, the
message is the rule's ``declared`` message variant, which says the finding rests on the county's figure,
and no qualifying date is computed (a figure has no dates). ``history_missing`` does not report a person
whose declared figure stands in for the history.
"""

from __future__ import annotations

from typing import Any, Iterator, Mapping

from sncheck.api import Check, CheckContext, Violation, hookimpl, set_field_op
from sncheck.model.plan import Segment, Staff
from sncheck.model.service_length import qualifies_on, service_length, without

from .staff_selector import SELECTOR, selected

SEGMENT_FILTER = {
    "type": "object",
    "properties": {
        "budgets": {"type": "array", "items": {"enum": ["ssn", "county", "other"]}, "minItems": 1},
        "protective": {"type": "boolean"},
        "works": {"type": "array", "items": {"enum": ["screening", "other"]}, "minItems": 1},
    },
    "additionalProperties": False,
}

DECLARED = {"enum": ["ssn", "protective"]}  # which declared_<kind>_years stands in for a missing history

MINIMUM_PARAMS = {
    "type": "object",
    "required": ["applies_to", "counted_segments", "years"],
    "properties": {
        "applies_to": SELECTOR,
        "declared": DECLARED,
        "counted_segments": SEGMENT_FILTER,
        "years": {"type": "number", "exclusiveMinimum": 0},
        "patch": {
            "type": "object",
            "required": ["field", "value"],
            "properties": {"field": {"type": "string"}, "value": {}},
            "additionalProperties": False,
        },
    },
    "additionalProperties": False,
}

MISSING_PARAMS = {
    "type": "object",
    "required": ["applies_to"],
    "properties": {"applies_to": SELECTOR, "declared": DECLARED},
    "additionalProperties": False,
}


def counted(segment: Segment, flt: Mapping[str, Any]) -> bool:
    if "budgets" in flt and segment.budget not in flt["budgets"]:
        return False
    if "protective" in flt and segment.protective != flt["protective"]:
        return False
    if "works" in flt and segment.work not in flt["works"]:  # 社安網2.0 篩派案專員: only 篩派案 segments count
        return False
    return True


def minimum_length(ctx: CheckContext) -> Iterator[Violation]:
    params = ctx.params
    months_needed = round(12 * params["years"])
    reference = ctx.plan.reference_date
    for person in ctx.plan.staff:
        if person.history is None:
            if selected(person, params["applies_to"], ctx.plan):
                yield from _declared_short(person, params)
            continue
        if not selected(person, params["applies_to"], ctx.plan):
            continue
        spans = [s.span for s in person.history if counted(s, params["counted_segments"])]
        others = [s.span for s in person.history if not counted(s, params["counted_segments"])]
        length = service_length(spans, reference)
        if length.months >= months_needed:
            continue
        when = qualifies_on(spans, reference, months_needed)
        excluded = service_length(without(others, spans, reference), reference)  # a day is never both
        patch = _patch(person, params)
        yield Violation(
            person.pointer,
            {"staff": person.id, "role": person.role, "pay_points": person.pay_points,
             "years_needed": params["years"], "counted_years": length.months // 12,
             "counted_months": length.months % 12, "counted_days": length.spare_days,
             "counted_total_months": length.months,
             "excluded_years": excluded.months // 12, "excluded_months": excluded.months % 12,
             "reference_date": reference, "qualifies_on": when},
            patch=patch,
            fix_variant=None if when is not None else "no_date",
        )


def _declared_short(person: Staff, params: Mapping[str, Any]) -> Iterator[Violation]:
    """A person without history whose declared years (of the kind the rule names) fall short."""
    kind = params.get("declared")
    years = person.declared_years.get(kind) if kind else None
    if years is None or years * 12 >= round(12 * params["years"]) - 1e-9:
        return
    months = int(years * 12 + 1e-9)
    prior = person.declared_years.get("prior")
    patch = _patch(person, params)
    yield Violation(
        person.pointer,
        {"staff": person.id, "role": person.role, "pay_points": person.pay_points,
         "years_needed": params["years"], "counted_years": months // 12, "counted_months": months % 12,
         "counted_days": 0, "counted_total_months": months, "declared_years": _figure(years),
         "prior_years": _figure(prior) if prior is not None else None, "basis": "declared"},
        patch=patch,
        fix_variant="declared_prior" if prior is not None else "declared",
    )


def _patch(person: Staff, params: Mapping[str, Any]) -> tuple[Mapping[str, Any], ...] | None:
    """The rule's one-field fix (SEN001: role → social_worker), when it has one."""
    if "patch" not in params:
        return None
    return (set_field_op(person.raw, person.pointer, params["patch"]["field"], params["patch"]["value"]),)


def _figure(years: float) -> int | float:
    """2.0 → 2 and 2.8 → 2.8, as the county wrote it."""
    return int(years) if float(years).is_integer() else years


def history_missing(ctx: CheckContext) -> Iterator[Violation]:
    kind = ctx.params.get("declared")
    for person in ctx.plan.staff:
        if kind and kind in person.declared_years:
            continue  # the county's figure stands in for the history: minimum_length checks it
        if person.history is None and selected(person, ctx.params["applies_to"], ctx.plan):
            yield Violation(person.pointer, {"staff": person.id, "role": person.role, "pay_points": person.pay_points})


@hookimpl
def sncheck_checks() -> list[Check]:
    return [
        Check("service.minimum_length", minimum_length, MINIMUM_PARAMS,
              "Counted service (by budget / protective work / kind of work) shorter than N years at the reference date."),
        Check("service.history_missing", history_missing, MISSING_PARAMS,
              "A staff member the rule applies to has no service history to check."),
    ]
