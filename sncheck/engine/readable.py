"""The readable part of a plan with input problems: what rules can still run on.

An input problem (PARSE001 at a value, SCHEMA001, a duplicate team id)
takes out only what it touches. A problem at an item's required field (a
staff member's 職稱, a team's 單位類型), or at the item itself, takes the
item out of the typed plan; a problem at an optional field (俸點, 任職紀錄)
takes out only that field, recorded so that a rule which reads it leaves
the item out instead of reading the field as absent (``sncheck.engine.coverage``).
Only a problem with the plan's frame (not a mapping, no county or plan year,
no staff or team list) stops every rule: there is no plan to check.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterable, Mapping

from sncheck.read.plan_schema import plan_schema
from sncheck.model.pointers import make_pointer, pointer_tokens

ITEM_KINDS = {"teams": "team", "staff": "staff", "requests": "request"}  # list -> its schema definition
FRAME = frozenset({"format", "county", "plan_year", "teams", "staff"})  # without these there is no plan


@dataclass
class Unreadable:
    """What input problems took out. ``excluded``: item pointer → the problem pointers that took it out;
    ``fields``: item pointer ("" for the plan) → its unreadable fields; ``lists``: whole lists unreadable
    (``requests``); ``team_of``: an excluded staff member's team id, when readable (None: unknown)."""

    fatal: bool = False
    excluded: dict[str, list[str]] = field(default_factory=dict)
    fields: dict[str, set[str]] = field(default_factory=dict)
    lists: set[str] = field(default_factory=set)
    team_of: dict[str, str | None] = field(default_factory=dict)
    excluded_team_ids: set[str] = field(default_factory=set)
    duplicate: set[str] = field(default_factory=set)  # teams taken out for an id another team has too

    def __bool__(self) -> bool:
        return bool(self.excluded or self.fields or self.lists)

    def exclude(self, pointer: str, why: str) -> None:
        self.excluded.setdefault(pointer, []).append(why)

    def mark(self, pointer: str, name: str) -> None:
        self.fields.setdefault(pointer, set()).add(name)


@lru_cache(maxsize=None)
def _shape(kind: str) -> tuple[frozenset[str], frozenset[str]]:
    """(required, all) field names of a plan item kind (``plan``: the top level), from the plan schema."""
    schema = plan_schema() if kind == "plan" else plan_schema()["$defs"][kind]
    return frozenset(schema.get("required", ())), frozenset(schema.get("properties", {}))


def _meant(name: str, known: Iterable[str]) -> str | None:
    """The field an unknown key was meant to be (``protectve`` → ``protective``): its value is not read."""
    close = difflib.get_close_matches(name, sorted(known), n=1)
    return close[0] if close else None


def take_out(data: Mapping[str, Any], problem_pointers: Iterable[str]) -> Unreadable:
    """Sort each problem's pointer into: the whole file, an item, or one field."""
    out = Unreadable()
    for pointer in problem_pointers:
        tokens = pointer_tokens(pointer)
        if not tokens or tokens[0] in FRAME and (len(tokens) == 1 or tokens[0] in ("format", "county", "plan_year")):
            out.fatal = True
            continue
        top = tokens[0]
        if top in ITEM_KINDS:
            if len(tokens) == 1:  # requests: not a list
                out.lists.add(top)
            elif tokens[1].isdigit():
                _item_problem(out, data, top, int(tokens[1]), tokens[2:], pointer)
            continue
        _field_problem(out, "", top, "plan", data)
    return out


def _item_problem(out: Unreadable, data: Mapping[str, Any], list_name: str, index: int, rest: list[str],
                  pointer: str) -> None:
    kind = ITEM_KINDS[list_name]
    required, _ = _shape(kind)
    item_pointer = make_pointer(list_name, index)
    if not rest or rest[0] in required:
        out.exclude(item_pointer, pointer)
        items = data.get(list_name)
        item = items[index] if isinstance(items, list) and index < len(items) else None
        if isinstance(item, Mapping):
            own_id = item.get("id")
            if list_name == "teams" and isinstance(own_id, str):
                out.excluded_team_ids.add(own_id)
            if list_name == "staff":
                team = item.get("team")
                out.team_of[item_pointer] = team if isinstance(team, str) else None
        elif list_name == "staff":
            out.team_of[item_pointer] = None
        return
    items = data.get(list_name)
    item = items[index] if isinstance(items, list) and index < len(items) else None
    _field_problem(out, item_pointer, rest[0], kind, item if isinstance(item, Mapping) else {})


def _field_problem(out: Unreadable, item_pointer: str, name: str, kind: str, item: Mapping[str, Any]) -> None:
    _, known = _shape(kind)
    if name.startswith("x-") or name == "sncheck-ignore":
        return  # no rule reads them (suppressions report their own problems)
    if name in known:
        out.mark(item_pointer, name)
        return
    meant = _meant(name, [field for field in known if field not in item])  # a misspelt field the item lacks
    if meant is not None:
        out.mark(item_pointer, meant)


def mark_duplicate_teams(out: Unreadable, data: Mapping[str, Any], duplicated: Iterable[str]) -> None:
    """Two teams with one id (REF001): which of them a staff member is in is unknown, so both teams are
    taken out of team rules, and their staff's team is unreadable (out of rules that read it)."""
    ids = set(duplicated)
    if not ids:
        return
    for index, team in enumerate(data.get("teams") or []):
        if isinstance(team, Mapping) and isinstance(team.get("id"), str) and team["id"] in ids:
            pointer = make_pointer("teams", index)
            out.exclude(pointer, pointer)
            out.duplicate.add(pointer)
    out.excluded_team_ids |= ids
    for index, person in enumerate(data.get("staff") or []):
        if isinstance(person, Mapping) and isinstance(person.get("team"), str) and person["team"] in ids:
            out.mark(make_pointer("staff", index), "team")


def readable_data(data: dict[str, Any], out: Unreadable) -> dict[str, Any]:
    """``data`` without its unreadable fields (copies where something is removed; the rest shared).
    Excluded items stay in their lists, so every item keeps its pointer; ``build_plan`` skips them."""
    if not out:
        return data
    clean = {key: value for key, value in data.items() if key not in out.fields.get("", ())}
    for list_name in out.lists:
        clean[list_name] = []
    for list_name in ITEM_KINDS:
        items = clean.get(list_name)
        if not isinstance(items, list):
            continue
        prefix = f"/{list_name}/"
        required, _ = _shape(ITEM_KINDS[list_name])  # kept: the item is typed by them (a duplicate team id's)
        touched = {int(p[len(prefix):]): names - required for p, names in out.fields.items() if p.startswith(prefix)}
        if touched:
            clean[list_name] = [
                {k: v for k, v in item.items() if k not in touched[i]}
                if i in touched and isinstance(item, dict) else item
                for i, item in enumerate(items)]
    return clean
