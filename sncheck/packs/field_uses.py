"""Which plan fields each rule reads, and so which rule families need a field: one table, as data.

The page asks an officer what an unknown column means and says what her answer changes
(「這一欄將用來檢核「360俸點」規定」); that sentence is derived here, from the loaded packs' rules, not
written next to each field. A rule reads the fields its check function always reads (``CHECK_READS``,
by check name) and the fields its parameters name: the staff selector's keys (``applies_to: {protective:
true, min_pay_points: 360}`` reads 保護性 and 俸點), a segment filter's keys (``counted_segments: {budgets:
[ssn]}`` reads 經費別), a ``field:`` a requirement tests, and the request fields a condition compares.

Fields are named ``<target>.<field>`` with the vocabulary's targets: ``plan``, ``team``, ``staff``,
``segment``, ``request`` (``staff.protective`` is the person's 保護性, ``segment.protective`` a stretch of
service's 保護性服務). A check this table does not know still gets the fields its parameters name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Iterator, Mapping

from sncheck.packs.rulepacks import Pack, Rule

# The staff selector's keys (plugins/staff_selector.py) and the fields each one reads.
STAFF_SELECTOR_FIELDS: Mapping[str, tuple[str, ...]] = {
    "roles": ("staff.role",),
    "direct_service": ("staff.role",),
    "protective": ("staff.protective",),
    "min_pay_points": ("staff.pay_points",),
    "programs": ("staff.team", "team.program"),
    "hired_in_plan_year": ("staff.hired",),
    "new_position": ("staff.new_position",),
}

# A service-segment filter's keys (plugins/service_record.py ``counted_segments``).
SEGMENT_FILTER_FIELDS: Mapping[str, tuple[str, ...]] = {
    "budgets": ("segment.budget",),
    "protective": ("segment.protective",),
    "works": ("segment.work",),
}


@dataclass(frozen=True)
class CheckReads:
    """What one check function reads: always, and through which of its parameters."""

    fields: tuple[str, ...] = ()  # read whatever the parameters say
    staff_selectors: tuple[str, ...] = ()  # parameter paths (``demand.staff``) holding a staff selector
    segment_filters: tuple[str, ...] = ()  # parameter paths holding a segment filter
    field_of: str | None = None  # ``params.field`` names a field of this target (staff.requirement)
    conditions_on: str | None = None  # ``{field: x}`` conditions and ``set:`` keys anywhere name <target>.x


_SERVICE = ("segment.from", "segment.to", "plan.reference_date")

CHECK_READS: Mapping[str, CheckReads] = {
    "service.minimum_length": CheckReads(_SERVICE, ("applies_to",), ("counted_segments",)),
    "service.history_missing": CheckReads(("segment.from",), ("applies_to",)),
    "staff.requirement": CheckReads(("staff.hired",), ("applies_to",), field_of="staff"),
    "team.ratio": CheckReads(("staff.team", "team.program"), ("supply", "demand.staff"), ()),
    "supervisor.central_excess": CheckReads(("staff.team", "staff.role", "staff.funding")),
    "supervisor.central_in_excluded_program": CheckReads(("staff.team", "staff.role", "staff.funding",
                                                          "team.program")),
    "request.funding_rule": CheckReads(("request.category", "request.funding_source"), conditions_on="request"),
    "staffing.hiring_rate": CheckReads(("staff.team", "team.budgeted_positions")),
    "subsidy.share_mismatch": CheckReads(("plan.central_share", "plan.previous_evaluation")),
    "subsidy.share_not_in_table": CheckReads(("plan.central_share", "plan.previous_evaluation")),
    "evaluation.excellent_quota": CheckReads(("plan.previous_evaluation",)),
}

# Parameters of ``team.ratio``'s demand that count a team field rather than staff.
_DEMAND_FIELDS: Mapping[str, str] = {"open_cases": "team.open_cases"}


def rule_fields(rule: Rule) -> frozenset[str]:
    """The plan fields ``rule`` reads (``staff.protective``, ``segment.budget`` …)."""
    name = getattr(rule.check, "name", str(rule.check))
    reads = CHECK_READS.get(name, CheckReads(staff_selectors=("applies_to",)))
    found = set(reads.fields)
    params = rule.params or {}
    for path in reads.staff_selectors:
        found.update(_keyed(_at(params, path), STAFF_SELECTOR_FIELDS))
    for path in reads.segment_filters:
        found.update(_keyed(_at(params, path), SEGMENT_FILTER_FIELDS))
    demand = params.get("demand")
    if isinstance(demand, Mapping):
        found.update(field for key, field in _DEMAND_FIELDS.items() if demand.get(key))
    if reads.field_of and isinstance(params.get("field"), str):
        found.add(f"{reads.field_of}.{params['field']}")
    if reads.conditions_on:
        found.update(f"{reads.conditions_on}.{name}" for name in _condition_fields(params))
    return frozenset(found)


def families_by_field(packs: Iterable[Pack]) -> dict[str, tuple[str, ...]]:
    """Field → the rule families that read it, in the packs' catalogue order (``families:`` of pack.yaml)."""
    order: list[str] = []
    reading: dict[str, set[str]] = {}
    for pack in packs:
        order.extend(f for f in pack.families if f not in order)
        for rule in pack.rules:
            if rule.family not in order:
                order.append(rule.family)
            for field in rule_fields(rule):
                reading.setdefault(field, set()).add(rule.family)
    return {field: tuple(f for f in order if f in families) for field, families in reading.items()}


def _at(params: Mapping[str, Any], path: str) -> Any:
    value: Any = params
    for part in path.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    return value


def _keyed(selector: Any, table: Mapping[str, tuple[str, ...]]) -> Iterator[str]:
    if isinstance(selector, Mapping):
        for key in selector:
            yield from table.get(str(key), ())


def _condition_fields(value: Any) -> Iterator[str]:
    """``{field: x}`` anywhere in ``value``, and the keys of every ``set:``."""
    if isinstance(value, Mapping):
        if isinstance(value.get("field"), str):
            yield value["field"]
        if isinstance(value.get("set"), Mapping):
            yield from (str(k) for k in value["set"])
        for item in value.values():
            yield from _condition_fields(item)
    elif isinstance(value, list):
        for item in value:
            yield from _condition_fields(item)
