"""What a check covered: per rule, ran in full, ran in part (who was left out and why), or could not run.

A result without errors is not a pass unless every rule ran on everything: a
roster without a 保護性 column cannot be checked for the 360-point rule, a team
with one member's 職稱 unreadable cannot be judged for the supervisor ratio.
``Coverage`` says so for each file, in the user's language (text made when the
file is checked, like a finding's message) beside machine fields (rule ids,
plan field paths, pointers) for tools. ``sncheck.model.verdict`` turns results
and their coverage into the verdict every output shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

FULL, PARTIAL, NOT_RUN = "full", "partial", "not_run"
SHOWN = 3  # items (causes) named in a coverage line; the rest are counted

# A person's declared service length stands in for the dated history SEN001/PAY001 read (they use the declared
# figure when there is no history, and say so: rules/phase2/seniority.yaml, pay.yaml ``declared:``): staff field →
# the plan fields coverage counts as given when it is. One table for plan files and rosters' columns alike.
DECLARED_STANDS_IN: dict[str, tuple[str, ...]] = {
    "declared_ssn_years": ("staff.history",),
    "declared_protective_years": ("staff.history", "staff.history.protective"),
}


@dataclass(frozen=True)
class LeftOut:
    """An item (team, staff member, request, or the plan itself: pointer "") a rule did not judge, and why."""

    pointer: str
    reason: str  # in the run's language: 「成員 /staff/2 的 role 無法讀取」
    fields: tuple[str, ...] = ()  # the unreadable plan fields behind it (``staff.role``), for tools
    # the items' own reasons behind it when it is left out for others' sake (a team for its members'); empty:
    # ``reason`` is its own cause
    causes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"pointer": self.pointer, "reason": self.reason, "fields": list(self.fields)}


@dataclass(frozen=True)
class RuleCoverage:
    rule: str
    title: str  # the rule's title in the run's language
    status: str  # FULL, PARTIAL or NOT_RUN
    message: str = ""  # what was not checked, in the run's language ("" when FULL)
    missing: tuple[str, ...] = ()  # NOT_RUN: the plan fields the file lacks (``staff.protective``)
    left_out: tuple[LeftOut, ...] = ()  # PARTIAL (or NOT_RUN of a whole-plan rule): what was not judged
    family: str = ""  # the rule's family id (``supervisor``): the batch matrix marks its cell not fully checked
    # what stopped it, in the run's language, one text per cause (a missing field's 「名冊沒有「到職日」欄」, an
    # item's 「人力配置表!第10列的「職稱」無法讀取」): ``by_cause`` lists the rules one cause stopped on one line
    causes: tuple[str, ...] = ()

    @property
    def effect(self) -> str:
        """``not_run`` (a needed field missing), ``undetermined`` (a whole-plan rule with something it uses
        unreadable) or ``partial`` (the rule ran without the items left out)."""
        return PARTIAL if self.status == PARTIAL else "undetermined" if self.left_out else NOT_RUN

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"rule": self.rule, "status": self.status, "title": self.title}
        if self.message:
            out["message"] = self.message
        if self.missing:
            out["missing"] = list(self.missing)
        if self.left_out:
            out["left_out"] = [item.to_dict() for item in self.left_out]
        return out


@dataclass(frozen=True)
class Coverage:
    """A file's coverage. ``stopped``: no rule ran at all (the file is not a plan, no pack covers its year),
    with why; ``partial_pack``: the only pack checking it holds part of its period's rules (2.0), the text
    saying so."""

    rules: tuple[RuleCoverage, ...] = ()
    stopped: str = ""
    partial_pack: str = ""

    @property
    def incomplete(self) -> tuple[RuleCoverage, ...]:
        return tuple(rule for rule in self.rules if rule.status != FULL)

    @property
    def complete(self) -> bool:
        return not self.stopped and not self.partial_pack and not self.incomplete

    def lines(self) -> list[str]:
        """One line per thing not checked, in the run's language (the text summary, Markdown, the page).
        Not ``stopped``: a file no rule ran on has an input finding that says why."""
        return ([self.partial_pack] if self.partial_pack else []) + [rule.message for rule in self.incomplete]

    def by_cause(self, lang: str) -> list[str]:
        """What was not checked, one line per cause, each naming the rules it stopped (「名冊沒有「到職日」欄：
        RECR001、TRAIN001 未檢核」): where one unreadable cell or missing column stops a dozen rules, a dozen
        lines repeating it is a report cell many lines tall. ``partial_pack`` and ``stopped`` (no rule ran)
        are a line each; a rule made without ``causes`` (a plugin's) keeps its own message."""
        zh = lang == "zh"
        groups: dict[tuple[str, ...], dict[str, list[str]]] = {}
        out: list[str | tuple[str, ...]] = [text for text in (self.stopped, self.partial_pack) if text]
        for rule in self.incomplete:
            if not rule.causes:
                out.append(rule.message)
                continue
            if rule.causes not in groups:
                out.append(rule.causes)
            groups.setdefault(rule.causes, {}).setdefault(rule.effect, []).append(rule.rule)
        return [line if isinstance(line, str) else _cause_line(line, groups[line], zh) for line in out]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"complete": self.complete,
                               "rules": [rule.to_dict() for rule in self.rules]}
        if self.stopped:
            out["stopped"] = self.stopped
        if self.partial_pack:
            out["partial_pack"] = self.partial_pack
        return out


def listed(texts: tuple[str, ...] | list[str], zh: bool) -> str:
    """The first ``SHOWN`` texts, then how many in all: 「A；B；C；等 5 項」."""
    said = ("；" if zh else "; ").join(texts[:SHOWN])
    return said + ((f"；等 {len(texts)} 項" if zh else f"; {len(texts)} in all") if len(texts) > SHOWN else "")


_EFFECTS = {NOT_RUN: ("未檢核", "not checked"), "undetermined": ("未判定", "not determined"),
            PARTIAL: ("只檢核了部分", "checked in part")}


def _cause_line(causes: tuple[str, ...], effects: dict[str, list[str]], zh: bool) -> str:
    """「人力配置表!第10列的「職稱」無法讀取：PAY001、SEN001 只檢核了部分；HIRE001 未判定」 (English: the cause,
    " — ", then the rules)."""
    said = listed(causes, zh)
    rules = [("、" if zh else ", ").join(ids) + (" " + _EFFECTS[effect][0 if zh else 1])
             for effect, ids in effects.items()]
    return f"{said}：{'；'.join(rules)}" if zh else f"{said} — {'; '.join(rules)}"
