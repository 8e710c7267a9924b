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

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"complete": self.complete,
                               "rules": [rule.to_dict() for rule in self.rules]}
        if self.stopped:
            out["stopped"] = self.stopped
        if self.partial_pack:
            out["partial_pack"] = self.partial_pack
        return out
