"""A typed, read-only view of a valid, normalized plan: what checks work with.

Checks never index raw dicts: they get these dataclasses, each carrying its
JSON Pointer so a finding can name it. Built only after schema validation,
so every required field is present and every code canonical.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from typing import Any, Collection, Iterator, Mapping

from sncheck.model.dates import roc_year_start, to_roc_year
from sncheck.model.service_length import Span
from sncheck.model.pointers import make_pointer
from sncheck.model.vocabulary import DIRECT_SERVICE_ROLES


DECLARED_KINDS = ("ssn", "protective", "prior")  # the plan's declared_<kind>_years fields


def _date(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else None


@dataclass(frozen=True)
class Segment:
    start: date
    end: date | None
    budget: str
    protective: bool
    employer: str | None
    work: str | None = None  # kind of work (``screening`` = 篩派案, 社安網2.0); None: not stated

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)


@dataclass(frozen=True)
class Team:
    pointer: str
    id: str
    name: str | None
    unit_type: str
    program: str | None
    open_cases: int | None
    budgeted_positions: int | None
    raw: Mapping[str, Any] = field(repr=False, compare=False)


@dataclass(frozen=True)
class Staff:
    pointer: str
    id: str
    name: str | None
    team: str
    role: str
    funding: str
    pay_points: int | None
    protective: bool
    profession: str | None
    hired: date | None
    recruitment: str | None
    recruitment_attempts: int | None
    training_hours: float | None
    new_position: bool  # 新增人力; default true (PLAN_FORMAT.md); false: a replacement in an existing position
    history: tuple[Segment, ...] | None  # None: no history given at all
    raw: Mapping[str, Any] = field(repr=False, compare=False)
    # The county's declared years of service by what they count (``ssn``, ``protective``, ``prior``), from a
    # roster that keeps 社安網年資(年) as a number instead of dated history; rules use it only without history.
    declared_years: Mapping[str, float] = field(default_factory=dict, compare=False)

    @property
    def is_direct_service(self) -> bool:
        return self.role in DIRECT_SERVICE_ROLES


@dataclass(frozen=True)
class Request:
    pointer: str
    id: str
    team: str | None
    unit_type: str
    category: str
    funding_source: str
    amount: int
    year: int  # defaults to the plan year
    note: str | None
    raw: Mapping[str, Any] = field(repr=False, compare=False)


@dataclass(frozen=True)
class Plan:
    county: str
    plan_year: int
    reference_date: date
    financial_tier: int | None
    previous_evaluation: str | None
    central_share: float | None
    teams: tuple[Team, ...]
    staff: tuple[Staff, ...]
    requests: tuple[Request, ...]
    data: Mapping[str, Any] = field(repr=False, compare=False)

    @cached_property
    def staff_by_team(self) -> dict[str, list[Staff]]:
        out: dict[str, list[Staff]] = {t.id: [] for t in self.teams}
        for person in self.staff:
            out.setdefault(person.team, []).append(person)
        return out

    @cached_property
    def _teams_by_id(self) -> dict[str, Team]:
        out: dict[str, Team] = {}
        for team in self.teams:
            out.setdefault(team.id, team)  # the first one, as a scan would find it
        return out

    def team(self, team_id: str) -> Team | None:
        return self._teams_by_id.get(team_id)  # a dict: checks call this per staff member

    @property
    def gregorian_year(self) -> int:
        return self.plan_year + 1911

    def without_unit_types(self, unit_types: frozenset[str]) -> "Plan":
        """The plan as a pack that never knew ``unit_types`` sees it: without those teams, their staff and
        the requests for those units (items keep their pointers, so findings still name the right line)."""
        if not unit_types or not any(t.unit_type in unit_types for t in self.teams) \
                and not any(r.unit_type in unit_types for r in self.requests):
            return self  # the usual case (a phase-2 plan): the same plan, its cached lookups kept
        teams = tuple(t for t in self.teams if t.unit_type not in unit_types)
        kept = {t.id for t in teams}
        hidden = {t.id for t in self.teams} - kept
        return replace(self, teams=teams, staff=tuple(s for s in self.staff if s.team not in hidden),
                       requests=tuple(r for r in self.requests
                                      if r.unit_type not in unit_types and r.team not in hidden))

    def without_items(self, pointers: Collection[str]) -> "Plan":
        """The plan without the teams, staff and requests at ``pointers`` (what one rule could not judge:
        ``sncheck.engine.coverage``); the same plan when there are none."""
        if not pointers:
            return self
        return replace(self, teams=tuple(t for t in self.teams if t.pointer not in pointers),
                       staff=tuple(s for s in self.staff if s.pointer not in pointers),
                       requests=tuple(r for r in self.requests if r.pointer not in pointers))


# Fields whose absence from a plan file means a value PLAN_FORMAT.md states (``build_plan`` applies it), so
# a plan without them still says something. A roster workbook without the column says nothing: there the
# column must be there (``sncheck.engine.coverage``).
DEFAULTED_FIELDS = frozenset({"staff.protective", "staff.new_position", "staff.history.protective", "requests.year",
                              "reference_date"})


def build_plan(data: Mapping[str, Any], skip: Collection[str] = ()) -> Plan:
    """Typed view of normalized plan data whose items are schema-valid, but for those in ``skip`` (item
    pointers: items an input problem took out, ``sncheck.engine.readable``), which are left out."""
    plan_year = int(data["plan_year"])
    teams = tuple(
        Team(make_pointer("teams", i), t["id"], t.get("name"), t["unit_type"], t.get("program"),
             t.get("open_cases"), t.get("budgeted_positions"), t)
        for i, t in _items(data, "teams", skip)
    )
    staff = tuple(_staff(i, s) for i, s in _items(data, "staff", skip))
    requests = tuple(
        Request(make_pointer("requests", i), r["id"], r.get("team"), r["unit_type"], r["category"],
                r["funding_source"], r["amount"], r.get("year", plan_year), r.get("note"), r)
        for i, r in _items(data, "requests", skip)
    )
    return Plan(
        county=data["county"],
        plan_year=plan_year,
        reference_date=_date(data.get("reference_date")) or roc_year_start(plan_year),
        financial_tier=data.get("financial_tier"),
        previous_evaluation=data.get("previous_evaluation"),
        central_share=data.get("central_share"),
        teams=teams,
        staff=staff,
        requests=requests,
        data=data,
    )


def _items(data: Mapping[str, Any], list_name: str, skip: Collection[str]) -> Iterator[tuple[int, Any]]:
    items = enumerate(data.get(list_name) or [])
    if not skip:
        return items
    prefix = f"/{list_name}/"
    return ((i, item) for i, item in items if f"{prefix}{i}" not in skip)


_DECLARED_FIELDS = frozenset(f"declared_{kind}_years" for kind in DECLARED_KINDS)


def _declared_years(s: Mapping[str, Any]) -> dict[str, float]:
    return {kind: float(s[f"declared_{kind}_years"]) for kind in DECLARED_KINDS
            if isinstance(s.get(f"declared_{kind}_years"), (int, float))}


def _staff(index: int, s: Mapping[str, Any]) -> Staff:
    history = s.get("history")
    segments = None
    if history:  # an empty list says as little as no list: nothing to check
        segments = tuple(
            Segment(date.fromisoformat(seg["from"]), _date(seg.get("to")), seg["budget"],
                    bool(seg.get("protective", False)), seg.get("employer"), seg.get("work"))
            for seg in history
        )
    return Staff(
        pointer=make_pointer("staff", index),
        id=s["id"],
        name=s.get("name"),
        team=s["team"],
        role=s["role"],
        funding=s["funding"],
        pay_points=s.get("pay_points"),
        protective=bool(s.get("protective", False)),
        profession=s.get("profession"),
        hired=_date(s.get("hired")),
        recruitment=s.get("recruitment"),
        recruitment_attempts=s.get("recruitment_attempts"),
        training_hours=s.get("training_hours"),
        new_position=bool(s.get("new_position", True)),
        history=segments,
        raw=s,
        declared_years=_declared_years(s) if not _DECLARED_FIELDS.isdisjoint(s) else {},
    )


def hired_in_plan_year(person: Staff, plan: Plan) -> bool:
    return person.hired is not None and to_roc_year(person.hired) == plan.plan_year
