"""Facility and non-salary subsidy eligibility (設施設備等補助): FAC001–FAC007.

The SSN subsidy pays personnel only (003); lottery surplus may buy facilities
only for the three listed centres from 111 on (001); allowances, vouchers and
placement fees have their own sources (001, 002, 000, 003). Each FAC rule is
the same shape: a condition over a request's fields says it is not fundable
that way, and an ordered list of suggestions says which funding source to use
instead. So one check, ``request.funding_rule``, serves all of them, and the
conditions are data in the rule file.

Conditions (``when``) are small trees: ``{field: F, in: [...]}``,
``not_in``, ``eq``, ``ne``, ``lt``, ``le``, ``gt``, ``ge``, combined with
``all: [...]``, ``any: [...]`` and ``not: {...}``. Fields: ``unit_type``,
``category``, ``funding_source``, ``amount``, ``year`` (the request's year,
defaulting to the plan year).
"""

from __future__ import annotations

from typing import Any, Iterator, Mapping

from sncheck.api import Check, CheckContext, Violation, hookimpl, set_field_op
from sncheck.model.plan import Request

FIELDS = ("unit_type", "category", "funding_source", "amount", "year")

CONDITION = {
    "$defs": {
        "cond": {
            "type": "object",
            "oneOf": [
                {"required": ["all"], "properties": {"all": {"type": "array", "items": {"$ref": "#/$defs/cond"}}},
                 "additionalProperties": False},
                {"required": ["any"], "properties": {"any": {"type": "array", "items": {"$ref": "#/$defs/cond"}}},
                 "additionalProperties": False},
                {"required": ["not"], "properties": {"not": {"$ref": "#/$defs/cond"}}, "additionalProperties": False},
                {"required": ["field"],
                 "properties": {
                     "field": {"enum": list(FIELDS)},
                     "in": {"type": "array"}, "not_in": {"type": "array"},
                     "eq": {}, "ne": {}, "lt": {"type": "number"}, "le": {"type": "number"},
                     "gt": {"type": "number"}, "ge": {"type": "number"},
                 },
                 "minProperties": 2, "maxProperties": 2, "additionalProperties": False},
            ],
        }
    }
}

PARAMS = {
    "type": "object",
    "required": ["when"],
    "properties": {
        "when": {"$ref": "#/$defs/cond"},
        "suggest": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["set"],
                "properties": {
                    "when": {"$ref": "#/$defs/cond"},
                    "set": {"type": "object", "minProperties": 1,
                            "propertyNames": {"enum": ["funding_source", "category"]}},
                    "variant": {"type": "string"},
                },
                "additionalProperties": False,
            },
            "default": [],
        },
    },
    "additionalProperties": False,
    "$defs": CONDITION["$defs"],
}


def matches(request: Request, cond: Mapping[str, Any]) -> bool:
    if "all" in cond:
        return all(matches(request, c) for c in cond["all"])
    if "any" in cond:
        return any(matches(request, c) for c in cond["any"])
    if "not" in cond:
        return not matches(request, cond["not"])
    value = getattr(request, cond["field"])
    op, expected = next((k, v) for k, v in cond.items() if k != "field")
    if op == "in":
        return value in expected
    if op == "not_in":
        return value not in expected
    if op == "eq":
        return bool(value == expected)
    if op == "ne":
        return bool(value != expected)
    comparisons = {"lt": value < expected, "le": value <= expected, "gt": value > expected, "ge": value >= expected}
    return comparisons[op]


def funding_rule(ctx: CheckContext) -> Iterator[Violation]:
    for request in ctx.plan.requests:
        if not matches(request, ctx.params["when"]):
            continue
        suggestion = next((s for s in ctx.params["suggest"] if matches(request, s.get("when", {"all": []}))), None)
        values: dict[str, Any] = {"request": request.id, "category": request.category,
                                  "funding_source": request.funding_source, "unit_type": request.unit_type,
                                  "year": request.year, "amount": request.amount}
        patch = None
        variant = None
        if suggestion is not None:
            values.update({f"suggested_{k}": v for k, v in suggestion["set"].items()})
            patch = tuple(set_field_op(request.raw, request.pointer, k, v) for k, v in suggestion["set"].items())
            variant = suggestion.get("variant")
        yield Violation(request.pointer, values, patch=patch, fix_variant=variant)


@hookimpl
def sncheck_checks() -> list[Check]:
    return [Check("request.funding_rule", funding_rule, PARAMS,
                  "A non-salary request funded from a source the rules do not allow for it.")]
