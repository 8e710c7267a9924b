"""Cross-plan rules: checks over all plans of one run (``sncheck batch``, the web page's multi-file
check), e.g. FUND003.

Some rules cannot be decided by one plan: 002 gives 優良 (+5 %) to 7 counties, of
which 2 直轄市, so nine counties each declaring ``previous_evaluation: excellent``
are each plausible alone and impossible together. Such a rule names a
``CrossPlanCheck`` (hook ``sncheck_cross_plan_checks``); it runs once, after the
per-plan checks of every file, over one small ``PlanSummary`` per plan.

Two halves, so a batch never holds whole plans:

* ``plan_summary`` (``sncheck.engine.plan_summary``) – in the process that checked the plan (a batch worker): the
  plan's top-level scalar fields, their positions and its suppressions. Made only
  when the plan's rules ran, so unreadable or schema-invalid plans never count.
* ``run_cross_plan`` – once, where the summaries meet (the batch supervisor, the
  fixture runner): each selected cross-plan rule over the plans its pack checks (covers, or is
  applied to by choice, ``apply_packs``: then its findings carry the marker as per-plan ones do);
  violations become findings exactly as per-plan ones do (``engine.to_finding``:
  severity incl. config overrides, texts, sources), with the plan's line and
  column, then its ``sncheck-ignore`` applies (``suppressions.owner_pointer``).
  A check that raises gives INTERNAL001 on each plan it was run over.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Mapping, Sequence

from sncheck.model.checks import CrossPlanCheck, CrossPlanContext, CrossPlanViolation, PlanSummary
from sncheck.engine.run_rules import internal_error, to_finding
from sncheck.model.findings import FileResult, Finding
from sncheck.packs.pack_use import PackUse, marked, rules_to_run
from sncheck.engine.suppressions import owner_pointer

if TYPE_CHECKING:
    from sncheck.engine.checker import Checker
    from sncheck.packs.rulepacks import Rule

def cross_plan_rules(checker: "Checker") -> list["Rule"]:
    """The selected cross-plan rules of the loaded packs (``--select``/``--ignore`` apply)."""
    return [rule for rule in checker.all_rules() if rule.cross_plan and checker.selected(rule.id)]


def run_cross_plan(checker: "Checker", plans: Sequence[PlanSummary]) -> dict[int, list[Finding]]:
    """Findings of the cross-plan rules, by ``PlanSummary.index`` (only plans with findings)."""
    out: dict[int, list[Finding]] = {}
    lang = checker.options.lang
    selected = {rule.id for rule in cross_plan_rules(checker)}
    for rule, covered in _runs(checker, plans, selected):
        assert isinstance(rule.check, CrossPlanCheck)
        ctx = CrossPlanContext(tuple(plan for plan, _ in covered.values()), rule.params, rule.pack_dir, rule.id)
        try:
            violations = [_violation(v, covered) for v in rule.check.function(ctx)]
            findings = [(covered[v.plan], to_finding(rule, v.violation(), lang)) for v in violations]
        except (Exception, SystemExit) as exc:  # noqa: BLE001 - one broken check must not stop the run
            for plan, _ in covered.values():
                out.setdefault(plan.index, []).append(internal_error(rule, exc, lang))
            continue
        for (plan, (use, uses)), finding in findings:
            out.setdefault(plan.index, []).append(_placed(marked(finding, use, uses, plan.plan_year, lang), plan))
    return out


_Covered = dict[int, tuple[PlanSummary, tuple[PackUse, Sequence[PackUse]]]]


def _runs(checker: "Checker", plans: Sequence[PlanSummary], selected: set[str]) -> list[tuple["Rule", _Covered]]:
    """Each selected cross-plan rule with the plans its pack checks, natively or applied by choice
    (``apply_packs``), as per-plan rules are chosen (``rules_to_run``: ``supersedes`` applies too)."""
    runs: dict[tuple[str, str], tuple["Rule", _Covered]] = {}  # by pack and rule: two periods' FUND003 stay apart
    for plan in plans:
        uses = checker.pack_uses(plan.plan_year)
        for use, rules in rules_to_run(uses):
            for rule in rules:
                if rule.id in selected:
                    runs.setdefault((rule.pack_id, rule.id), (rule, {}))[1][plan.index] = (plan, (use, uses))
    return list(runs.values())


def _violation(value: object, plans: Mapping[int, object]) -> CrossPlanViolation:
    if not isinstance(value, CrossPlanViolation):
        raise TypeError(f"the cross-plan check yielded {type(value).__name__}, not a CrossPlanViolation")
    if value.plan not in plans:
        raise ValueError(f"the cross-plan check reported on plan {value.plan!r}, which it was not given")
    return value


def _placed(finding: Finding, plan: PlanSummary) -> Finding:
    """Line and column from the plan's positions; suppressed if the plan's ``sncheck-ignore`` says so."""
    line, column = plan.positions.get(finding.pointer, plan.positions.get("", (None, None)))
    owner = owner_pointer(finding.pointer)
    reason = next((why.strip() for item, rule, why in plan.suppressions
                   if item == owner and rule == finding.rule and why.strip()), None)
    return replace(finding, line=line, column=column, suppressed=reason)


def cross_plan_findings(checker: "Checker", plans: Sequence[PlanSummary]) -> dict[int, list[Finding]]:
    """What every run over several plans adds to its files (``sncheck batch``, the web page's multi-file
    check, ``check_together``): the cross-plan findings by ``PlanSummary.index``, personal data redacted;
    nothing when no cross-plan rule is selected."""
    if not cross_plan_rules(checker):
        return {}
    return {index: checker.redact(found) for index, found in run_cross_plan(checker, plans).items()}


def numbered(plans: Sequence[PlanSummary], index: int, path: str) -> list[PlanSummary]:
    """The summaries ``on_plan`` received for one file, given the file's place in the run."""
    return [replace(plan, index=index, path=path) for plan in plans]


def with_cross_plan(result: FileResult, findings: Sequence[Finding]) -> FileResult:
    """``result`` with its cross-plan findings added, in the file's finding order."""
    return FileResult(result.path, [*result.findings, *findings]).sorted() if findings else result


def check_together(checker: "Checker", files: Sequence[tuple[str, bytes]]) -> list[FileResult]:
    """Check ``(path, raw)`` files in this process as one run, cross-plan rules included.

    What ``sncheck batch`` does with workers, for a handful of plans: ``sncheck rules test`` on a
    ``*.batch`` fixture folder and the rule-doc examples of a cross-plan rule.
    """
    plans: list[PlanSummary] = []
    results = []
    for index, (path, raw) in enumerate(files):
        found: list[PlanSummary] = []
        results.append(checker.check_bytes(path, raw, on_plan=found.append))
        plans.extend(numbered(found, index, path))
    extra = cross_plan_findings(checker, plans)
    return [with_cross_plan(result, extra.get(index, [])) for index, result in enumerate(results)]
