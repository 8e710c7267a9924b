"""Per rule: what it can judge in this file, and the plan it runs on.

A rule's ``needs`` and ``reads`` (its rule file; docs/authoring-rules.md) name
the plan fields it uses. For each rule and file:

- a needed field the file does not have at all (a roster without the 保護性
  column) means the rule could not run: NOT_RUN, naming the column;
- an item an input problem took out, or whose field the rule uses is
  unreadable (``sncheck.engine.readable``), is left out of the rule: the rule
  runs on a plan without it and says so (PARTIAL). A team rule leaves out a
  team one of whose members is left out (its supervisor ratio with one 職稱
  unreadable is not determined, neither passed nor failed); a whole-plan rule
  (the hiring rate) with anything it uses left out is not determined at all;
- otherwise the rule ran in full.

The text is made here in the run's language; the caller says how its file
names fields and items (``Terms``: a plan's field labels and lines, or a
roster's column headers and rows).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, Callable, Mapping

from sncheck.engine.readable import ITEM_KINDS, Unreadable
from sncheck.model.coverage import DECLARED_STANDS_IN, FULL, NOT_RUN, PARTIAL, SHOWN, LeftOut, RuleCoverage, listed
from sncheck.model.plan import DEFAULTED_FIELDS, Plan, hired_in_plan_year
from sncheck.packs.rulepacks import Rule
from sncheck.read.plan_schema import plan_schema
from sncheck.model.pointers import pointer_tokens

SCOPES = {"team": "teams", "staff": "staff", "request": "requests"}  # a rule's points_at → the items it judges
LIST_LABELS = {"teams": ("組別", "team"), "staff": ("人員", "staff"), "requests": ("經費需求", "request")}


@dataclass(frozen=True)
class Terms:
    """How a file names things. ``table``: a roster (columns, rows); ``columns``: the plan fields whose
    column it has; ``labels``: plan field (``staff.protective``) → its header or zh label; ``where``: an
    item pointer → how the user finds it (「人員名冊!第5列」, 「/staff/2（第 14 行）」)."""

    table: bool = False
    columns: frozenset[str] = frozenset()
    labels: Mapping[str, str] = field(default_factory=dict)
    where: Callable[[str], str] = str
    problems: tuple[str, ...] = ()  # pointers of the source's own input problems (a roster's rows that disagree)


@lru_cache(maxsize=None)
def schema_labels() -> dict[str, str]:
    """Plan field → its zh label (the plan schema's ``title``), where the schema gives one."""
    schema = plan_schema()
    out = {name: spec["title"] for name, spec in schema.get("properties", {}).items() if "title" in spec}
    for list_name, kind in ITEM_KINDS.items():
        for name, spec in schema["$defs"][kind].get("properties", {}).items():
            if "title" in spec:
                out[f"{list_name}.{name}"] = spec["title"]
    for name, spec in schema["$defs"]["segment"].get("properties", {}).items():
        if "title" in spec:
            out[f"staff.history.{name}"] = spec["title"]
    return out


@dataclass(frozen=True)
class Scope:
    """The teams and staff a rule can apply to, from its parameters: ``programs`` (a team rule's, CASE001),
    ``applies_to: {roles, programs}`` (a staff rule's, QUAL001, TRAIN001). A needed field is asked of these
    only: a roster without 專業背景 has nothing QUAL001 could judge when it lists no 心理衛生社工."""

    programs: frozenset[str] = frozenset()  # teams of these programmes (and their staff); empty: all
    roles: frozenset[str] = frozenset()  # staff in these roles; empty: all
    protective: bool = False  # only protective staff (PAY001)
    hired_in_plan_year: bool = False  # only staff hired in the plan year (RECR001)
    min_pay_points: int = 0  # only staff with at least these pay points (PAY001: 360)

    @classmethod
    def of(cls, rule: Rule) -> "Scope":
        applies = rule.params.get("applies_to")
        applies = applies if isinstance(applies, Mapping) else {}
        programs = rule.params.get("programs") or applies.get("programs") or ()
        points = applies.get("min_pay_points")
        return cls(frozenset(programs), frozenset(applies.get("roles") or ()), applies.get("protective") is True,
                   applies.get("hired_in_plan_year") is True, points if isinstance(points, int) else 0)

    @property
    def narrow(self) -> bool:
        return bool(self.programs or self.roles or self.protective or self.hired_in_plan_year or self.min_pay_points)

    @property
    def choosing(self) -> frozenset[str]:
        """The fields that choose the items: asked first (of the items the other criteria choose)."""
        return frozenset(name for name, attribute in _CRITERIA.items() if getattr(self, attribute))

    def without(self, name: str) -> "Scope":
        """This scope without the criterion a choosing field decides (that field is asked of the rest)."""
        attribute = _CRITERIA[name]
        return replace(self, **{attribute: type(getattr(self, attribute))()})


_CRITERIA = {"teams.program": "programs", "staff.role": "roles", "staff.protective": "protective",
             "staff.hired": "hired_in_plan_year", "staff.pay_points": "min_pay_points"}  # a choosing field -> the Scope attribute it decides


class Presence:
    """Which plan fields a file gives at all, for the items a rule can apply to (cached per file)."""

    def __init__(self, data: Mapping[str, Any], terms: Terms) -> None:
        self.data = data
        self.terms = terms
        self.known: dict[tuple[str, Scope], bool] = {}
        self._programs: dict[Any, Any] | None = None

    def __call__(self, name: str, scope: Scope = Scope()) -> bool:
        key = (name, scope)
        if key not in self.known:
            self.known[key] = self._given(name, scope)
        return self.known[key]

    def _team_programs(self) -> dict[Any, Any]:
        if self._programs is None:
            teams = self.data.get("teams")
            self._programs = {team["id"]: team.get("program") for team in (teams if isinstance(teams, list) else ())
                              if isinstance(team, dict) and isinstance(team.get("id"), str)}
        return self._programs

    def _in_scope(self, list_name: str, item: Mapping[str, Any], scope: Scope) -> bool:
        """Whether the rule can apply to the item (the file as written: any value may be of any type)."""
        if list_name == "teams":
            return not scope.programs or _one_of(item.get("program"), scope.programs)
        if list_name == "staff":
            if scope.roles and not _one_of(item.get("role"), scope.roles):
                return False
            if scope.protective and item.get("protective") is not True:
                return False
            points = item.get("pay_points")
            if scope.min_pay_points and not (isinstance(points, int) and points >= scope.min_pay_points):
                return False
            if scope.hired_in_plan_year and not _hired_in(item.get("hired"), self.data.get("plan_year")):
                return False
            team = item.get("team")
            return not scope.programs or isinstance(team, str) and _one_of(self._team_programs().get(team),
                                                                           scope.programs)
        return True

    def _given(self, name: str, scope: Scope) -> bool:
        if name in self.terms.columns or not self.terms.table and name in DEFAULTED_FIELDS:
            return True
        parts = name.split(".")
        if parts[0] not in ITEM_KINDS:
            return parts[0] in self.data
        listed = self.data.get(parts[0])
        narrow = scope.narrow
        asked = False  # no staff (teams...) the rule applies to: nothing the field could be missing from
        for item in listed if isinstance(listed, list) else ():  # stops at the first item that has it
            if not isinstance(item, dict) or narrow and not self._in_scope(parts[0], item, scope):
                continue
            if len(parts) == 2:
                if parts[1] in item or any(declared in item for declared, given in DECLARED_STANDS_IN.items()
                                              if name in given):
                    return True
                asked = True
                continue
            segments = item.get(parts[1])  # staff.history.<field>: in some service segment
            for segment in segments if isinstance(segments, list) else ():
                if isinstance(segment, dict):
                    if parts[2] in segment:
                        return True
                    asked = True
        return not asked


def _one_of(value: Any, options: frozenset[str]) -> bool:
    return isinstance(value, str) and value in options


def _hired_in(hired: Any, plan_year: Any) -> bool:
    """A normalized ISO date in ROC year ``plan_year``."""
    return isinstance(hired, str) and hired[:4].isdigit() and isinstance(plan_year, int) \
        and int(hired[:4]) - 1911 == plan_year


def not_run_message(rule_id: str, family: str, said: str, lang: str) -> str:
    """「督導比規定（SUP001）未檢核：名冊沒有「職稱」欄」: a rule that did not run, and why (``said``). The page
    says it in the same words for the rules a roster without county or plan year never reached."""
    return f"{family}規定（{rule_id}）未檢核：{said}" if lang == "zh" else f"{rule_id} ({family}) not checked: {said}"


def judge(rule: Rule, family: str, plan: Plan, unreadable: Unreadable, present: Presence, terms: Terms,
          lang: str) -> tuple[RuleCoverage, Plan | None]:
    """The rule's coverage and the plan to run it on (None: it cannot run)."""
    zh = lang == "zh"
    name = f"{family}規定（{rule.id}）" if zh else f"{rule.id} ({family})"
    title = rule.title.get("zh" if zh else "en", rule.id)
    scope = Scope.of(rule)
    # the fields that choose the items first (teams.program), asked of all; the others of the chosen items
    choosing = scope.choosing
    missing = tuple(f for f in rule.needs if f in choosing and not present(f, scope.without(f)))
    missing = missing or tuple(f for f in rule.needs if f not in choosing and not present(f, scope))
    if missing:
        said = "、".join(_missing_text(f, terms, zh) for f in missing) if zh else \
            "; ".join(_missing_text(f, terms, zh) for f in missing)
        message = not_run_message(rule.id, family, said, lang)
        return RuleCoverage(rule.id, title, NOT_RUN, message, missing=missing, family=rule.family,
                            causes=tuple(_missing_text(f, terms, zh) for f in missing)), None
    if not unreadable:
        return RuleCoverage(rule.id, title, FULL, family=rule.family), plan
    left = [item for item in _left_out(rule, plan, unreadable, terms, zh) if _could_apply(item.pointer, plan, unreadable, scope)]
    if not left:
        return RuleCoverage(rule.id, title, FULL, family=rule.family), plan
    shown = listed([item.reason for item in left], zh)
    causes = tuple(dict.fromkeys(cause for item in left for cause in item.causes or (item.reason,)))
    if SCOPES.get(rule_scope(rule)) is None:  # a whole-plan rule: with anything it uses unreadable, its answer is unknown
        message = f"{name}未判定：{shown}" if zh else f"{name} not determined: {shown}"
        return RuleCoverage(rule.id, title, NOT_RUN, message, left_out=tuple(left), family=rule.family,
                            causes=causes), None
    message = (f"{name}只檢核了部分，未判定：{shown}" if zh
               else f"{name} checked in part; not determined: {shown}")
    return RuleCoverage(rule.id, title, PARTIAL, message, left_out=tuple(left), family=rule.family, causes=causes), \
        plan.without_items({item.pointer for item in left})


def _could_apply(pointer: str, plan: Plan, unreadable: Unreadable, scope: Scope) -> bool:
    """Whether the rule could apply to a left-out item: not a team of another programme, nor a person of
    another role or in such a team (what is unreadable about them is not what decides)."""
    if not scope.narrow:
        return True
    team = next((t for t in plan.teams if t.pointer == pointer), None)
    if team is not None:
        return not scope.programs or team.program is None or team.program in scope.programs
    person = next((s for s in plan.staff if s.pointer == pointer), None)
    unread = unreadable.fields.get(pointer, set())
    if person is not None and (scope.roles and person.role not in scope.roles
                               or scope.protective and not person.protective and "protective" not in unread
                               or scope.hired_in_plan_year and "hired" not in unread
                               and not hired_in_plan_year(person, plan)):
        return False
    team_id = person.team if person is not None else unreadable.team_of.get(pointer)  # taken out: its team, if read
    found = plan.team(team_id) if team_id is not None else None
    return not scope.programs or found is None or found.program is None or found.program in scope.programs


def rule_scope(rule: Rule) -> str:
    """What a rule judges one by one (its ``points_at``): team, staff, request; else the plan as a whole."""
    return rule.points_at


def _missing_text(name: str, terms: Terms, zh: str | bool) -> str:
    label = terms.labels.get(name) or schema_labels().get(name)
    key = name.split(".")[-1]
    list_name = name.split(".")[0]
    if terms.table:
        shown = label or key
        if list_name in ("teams", "requests") and not any(c.startswith(list_name + ".") for c in terms.columns):
            # a one-sheet roster has no teams (requests) sheet at all: say what to add, not a column of a sheet
            # she does not have
            sheet = "組別表" if list_name == "teams" else "經費需求表"
            sheet_en = "teams" if list_name == "teams" else "requests"
            return (f"活頁簿沒有{sheet}（含「{shown}」欄；可加一張{sheet}，或用對照檔／網頁的問題補上）" if zh else
                    f"the workbook has no {sheet_en} sheet (with a {shown!r} column; add one, or give it in the "
                    "mapping file or the page's questions)")
        sheet = {"teams": "組別表", "requests": "經費需求表"}.get(list_name, "名冊") if zh else \
            {"teams": "the teams sheet", "requests": "the requests sheet"}.get(list_name, "the roster")
        return f"{sheet}沒有「{shown}」欄" if zh else f"{sheet} has no {shown!r} column"
    what = {"teams": "組別", "staff": "人員", "requests": "經費需求"}.get(list_name, "") if zh else \
        {"teams": "team", "staff": "staff member", "requests": "request"}.get(list_name, "")
    if zh:
        field_text = f"「{label}」（{key}）" if label else f"「{key}」"
        if ".history." in name:
            return f"人員的任職紀錄都沒有填{field_text}"
        return f"計畫的{what}都沒有填{field_text}" if what else f"計畫沒有填{field_text}"
    field_text = f"{key} ({label})" if label else key
    if ".history." in name:
        return f"no service record gives {field_text}"
    return f"no {what} gives {field_text}" if what else f"the plan gives no {field_text}"


def _uses(rule: Rule) -> dict[str, set[str]]:
    """The rule's fields by list (``""``: top-level), nested history fields counted as ``history``."""
    out: dict[str, set[str]] = {}
    for name in rule.fields:
        parts = name.split(".")
        if parts[0] in ITEM_KINDS:
            out.setdefault(parts[0], set()).add(parts[1])
        else:
            out.setdefault("", set()).add(parts[0])
    return out


def _field_names(names: set[str], list_name: str, terms: Terms, zh: bool) -> str:
    labels = []
    for name in sorted(names):
        key = f"{list_name}.{name}" if list_name else name
        label = terms.labels.get(key) or schema_labels().get(key) or name
        labels.append(f"「{label}」" if zh else label)
    return ("、" if zh else ", ").join(labels)


def _left_out(rule: Rule, plan: Plan, unreadable: Unreadable, terms: Terms, zh: bool) -> list[LeftOut]:
    uses = _uses(rule)
    scope = SCOPES.get(rule_scope(rule))
    staff_reasons = _staff_reasons(plan, unreadable, uses, terms, zh)  # staff pointer → (team id|None, reason, fields)
    out: list[LeftOut] = []
    if scope == "staff" or scope is None and "staff" in uses:
        out += [LeftOut(p, reason, fields) for p, (_, reason, fields) in staff_reasons.items()]
    if scope == "teams" or scope is None and "teams" in uses:
        out += _team_reasons(plan, unreadable, uses, staff_reasons if scope == "teams" else {}, terms, zh)
    if scope == "requests" or scope is None and "requests" in uses:
        out += _item_reasons("requests", plan, unreadable, uses.get("requests", set()), terms, zh)
    plan_fields = unreadable.fields.get("", set()) & uses.get("", set())
    if plan_fields:
        names = _field_names(plan_fields, "", terms, zh)
        out.append(LeftOut("", f"計畫的{names}無法讀取" if zh else f"the plan's {names} cannot be read",
                           tuple(sorted(plan_fields))))
    return out


def _problem_fields(unreadable: Unreadable, pointer: str) -> set[str]:
    """The fields whose problems took an item out (``""`` for the item itself, ``id`` for a duplicate id)."""
    out = set()
    for problem in unreadable.excluded.get(pointer, ()):
        tokens = pointer_tokens(problem)
        out.add(tokens[2] if len(tokens) > 2 else "id" if problem == pointer and pointer in unreadable.duplicate
                else "")
    return out


def _unreadable_text(pointer: str, list_name: str, names: set[str], terms: Terms, zh: bool) -> str:
    where = terms.where(pointer)
    named = {n for n in names if n}
    if not named:
        return f"{where}無法讀取" if zh else f"{where} cannot be read"
    fields = _field_names(named, list_name, terms, zh)
    return f"{where}的{fields}無法讀取" if zh else f"{where}: {fields} cannot be read"


def _staff_reasons(plan: Plan, unreadable: Unreadable, uses: dict[str, set[str]], terms: Terms,
                   zh: bool) -> dict[str, tuple[str | None, str, tuple[str, ...]]]:
    """Staff a rule using ``uses`` cannot judge: taken out, or a field it uses unreadable (the team, for
    rules that look at teams)."""
    used = uses.get("staff", set()) | ({"team"} if "teams" in uses else set())
    if not used:
        return {}
    out: dict[str, tuple[str | None, str, tuple[str, ...]]] = {}
    for pointer in unreadable.excluded:
        if pointer.startswith("/staff/"):
            names = _problem_fields(unreadable, pointer)
            out[pointer] = (unreadable.team_of.get(pointer), _unreadable_text(pointer, "staff", names, terms, zh),
                            tuple(sorted(f"staff.{n}" for n in names if n)))
    by_pointer = {person.pointer: person for person in plan.staff}
    for pointer, names in unreadable.fields.items():
        person = by_pointer.get(pointer)
        hit = names & used
        if person is not None and hit:
            out[pointer] = (person.team, _unreadable_text(pointer, "staff", hit, terms, zh),
                            tuple(sorted(f"staff.{n}" for n in hit)))
    if "teams" in uses:
        for person in plan.staff:
            if person.team in unreadable.excluded_team_ids and person.pointer not in out:
                where = terms.where(person.pointer)
                out[person.pointer] = (person.team, f"{where}的組別「{person.team}」無法讀取" if zh
                                       else f"{where}: its team {person.team!r} cannot be read", ("staff.team",))
    return out


def _team_reasons(plan: Plan, unreadable: Unreadable, uses: dict[str, set[str]],
                  staff_reasons: Mapping[str, tuple[str | None, str, tuple[str, ...]]], terms: Terms,
                  zh: bool) -> list[LeftOut]:
    out = _item_reasons("teams", plan, unreadable, uses.get("teams", set()), terms, zh)
    members: dict[str | None, list[tuple[str, tuple[str, ...]]]] = {}
    for _, (team_id, reason, fields) in staff_reasons.items():
        members.setdefault(team_id, []).append((reason, fields))
    if not members:
        return out
    unknown = members.get(None, [])
    done = {item.pointer for item in out}
    for team in plan.teams:
        found = members.get(team.id, []) + unknown
        if not found or team.pointer in done:
            continue
        reasons = "、".join(r for r, _ in found[:SHOWN]) if zh else ", ".join(r for r, _ in found[:SHOWN])
        fields = tuple(sorted({f for _, fs in found for f in fs}))
        out.append(LeftOut(team.pointer, f"組別「{team.id}」（{reasons}）" if zh
                           else f"team {team.id!r} (member {reasons})", fields, tuple(r for r, _ in found)))
    return out


def _item_reasons(list_name: str, plan: Plan, unreadable: Unreadable, used: set[str], terms: Terms,
                  zh: bool) -> list[LeftOut]:
    """Teams or requests taken out, or with a field the rule uses unreadable."""
    prefix = f"/{list_name}/"
    out = []
    for pointer in unreadable.excluded:
        if pointer.startswith(prefix):
            names = _problem_fields(unreadable, pointer)
            out.append(LeftOut(pointer, _unreadable_text(pointer, list_name, names, terms, zh),
                               tuple(sorted(f"{list_name}.{n}" for n in names if n))))
    for pointer, names in unreadable.fields.items():
        hit = names & used
        if pointer.startswith(prefix) and hit:
            out.append(LeftOut(pointer, _unreadable_text(pointer, list_name, hit, terms, zh),
                               tuple(sorted(f"{list_name}.{n}" for n in hit))))
    if list_name in unreadable.lists:
        label = LIST_LABELS[list_name]
        out.append(LeftOut(f"/{list_name}", f"{label[0]}清單無法讀取" if zh else f"the {label[1]} list cannot be read",
                           (list_name,)))
    return out
