"""Suppressions with a reason: ``sncheck-ignore: {SUP002: "督導由民間單位支援"}`` on an item.

The key is plain plan data (it survives YAML → JSON → YAML, unlike comments)
and is allowed by the plan schema on the plan root, teams, staff and requests.
A finding is suppressed by the item it points at (a staff member's history
segment belongs to that staff member; anything else, and root findings, to
the plan root). A suppressed finding is kept, with ``suppressed`` set to the
reason, so reports can still show it; it no longer counts toward the exit
status. A suppression must say why: an empty reason is IGN001 (error) and does
not suppress; a rule id no loaded rule has is IGN002 (warning, a typo or a
rule from a pack not installed).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Callable, Collection, Iterator, Mapping

from sncheck.model import input_rules as ir
from sncheck.model.findings import Finding
from sncheck.read.source import Position
from sncheck.model.pointers import make_pointer, pointer_tokens

KEY = "sncheck-ignore"
ITEM_LISTS = ("teams", "staff", "requests")

MakeFinding = Callable[[ir.InputRule, str, int | None, int | None, str, str], Finding]


def owner_pointer(pointer: str) -> str:
    """The pointer of the item whose ``sncheck-ignore`` applies to a finding at ``pointer``."""
    tokens = pointer_tokens(pointer)
    if len(tokens) >= 2 and tokens[0] in ITEM_LISTS and tokens[1].isdigit():
        return make_pointer(tokens[0], tokens[1])
    return ""


def declared(data: Mapping[str, Any]) -> Iterator[tuple[str, str, str]]:
    """(item pointer, rule id, reason) for every suppression written in the plan."""
    items: list[tuple[str, Any]] = [("", data)]
    for name in ITEM_LISTS:
        listed = data.get(name)
        if isinstance(listed, list):  # only items that have the key: most have none
            items.extend((make_pointer(name, i), item) for i, item in enumerate(listed)
                         if isinstance(item, dict) and KEY in item)
    for pointer, item in items:
        table = item.get(KEY) if isinstance(item, dict) else None
        if isinstance(table, dict):
            for rule_id, reason in table.items():
                yield pointer, str(rule_id), reason if isinstance(reason, str) else ""


def apply_suppressions(findings: list[Finding], data: Mapping[str, Any], known_rules: Collection[str],
                       position: Callable[[str], Position], make: MakeFinding) -> list[Finding]:
    """Mark suppressed findings and add IGN001/IGN002 for bad suppressions."""
    reasons: dict[tuple[str, str], str] = {}
    problems: list[Finding] = []
    for pointer, rule_id, reason in declared(data):
        where = make_pointer(*pointer_tokens(pointer), KEY, rule_id)
        if not reason.strip():
            problems.append(make(ir.IGN001, where, *position(where),
                                 f"{pointer or '/'} 豁免規則 {rule_id} 但沒有寫理由；請寫明為何此項目是合理的例外",
                                 f"{pointer or '/'} suppresses {rule_id} without a reason; say why this item is a justified exception"))
            continue
        if rule_id not in known_rules:
            problems.append(make(ir.IGN002, where, *position(where),
                                 f"{pointer or '/'} 豁免的規則 {rule_id} 不存在（已載入的規則中沒有此代碼）",
                                 f"{pointer or '/'} suppresses {rule_id}, which no loaded rule has"))
        reasons[(pointer, rule_id)] = reason.strip()
    out = []
    for finding in findings:
        kept = reasons.get((owner_pointer(finding.pointer), finding.rule))
        out.append(replace(finding, suppressed=kept) if kept is not None else finding)
    return out + problems
