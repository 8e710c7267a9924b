"""Which rule families read which plan field (packs/field_uses.py): derived from the rules, as the page says it."""

from __future__ import annotations

from dataclasses import replace

from sncheck.engine.checker import Checker, Options
from sncheck.packs.field_uses import families_by_field, rule_fields


def packs() -> list:  # type: ignore[type-arg]
    return list(Checker(Options()).packs)


def rule(rule_id: str):  # type: ignore[no-untyped-def]
    return next(r for p in packs() for r in p.rules if r.id == rule_id)


def test_the_shipped_rules_read_the_fields_their_parameters_name() -> None:
    assert rule_fields(rule("PAY001")) == {"staff.protective", "staff.pay_points", "segment.protective",
                                           "segment.from", "segment.to", "plan.reference_date"}
    assert rule_fields(rule("SEN001")) >= {"staff.role", "segment.budget"}
    assert "segment.protective" not in rule_fields(rule("SEN001"))
    assert rule_fields(rule("QUAL001")) == {"staff.role", "staff.profession", "staff.hired"}
    assert rule_fields(rule("FAC001")) == {"request.category", "request.funding_source", "request.unit_type",
                                           "request.year"}
    assert rule_fields(rule("CASE001")) >= {"team.open_cases", "staff.protective", "staff.role", "team.program"}


def test_families_by_field_follow_the_packs_catalogue_order() -> None:
    reading = families_by_field(packs())
    assert reading["staff.pay_points"] == ("pay",)
    assert reading["staff.protective"] == ("pay", "caseload")
    assert reading["segment.budget"] == ("seniority",)
    assert reading["staff.funding"] == ("supervisor",)
    assert reading["staff.role"][:2] == ("supervisor", "seniority")
    assert "staff.name" not in reading and "segment.employer" not in reading  # no rule reads them


def test_a_check_the_table_does_not_know_still_reads_what_its_selector_names() -> None:
    custom = replace(rule("PAY002"), check=replace(rule("PAY002").check, name="county.own_check"),
                     params={"applies_to": {"min_pay_points": 400, "new_position": True}})
    assert rule_fields(custom) == {"staff.pay_points", "staff.new_position"}
