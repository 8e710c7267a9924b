"""Applying rules to one typed plan: violations in, findings out.

Each rule's check runs in isolation: a check that raises becomes an
INTERNAL001 finding naming the plugin check and the rule, and the other rules
still run. Messages and fix texts are rendered here from the rule file's
templates in the chosen language; positions are added by the caller, which
owns the document.
"""

from __future__ import annotations

from typing import Iterable, Iterator

from sncheck.model.checks import Check, CheckContext, Violation
from sncheck.model.findings import Finding, Fix, Severity
from sncheck.model.input_rules import INTERNAL001
from sncheck.packs.messages import pick, render
from sncheck.model.plan import Plan
from sncheck.engine.plugin_isolation import describe_exception, plugin_origin
from sncheck.packs.rulepacks import Rule


DRAFT_NOTE = {"zh": "（草案規則，尚待確認）", "en": " (draft rule, not yet confirmed)"}


def run_rules(plan: Plan, rules: Iterable[Rule], lang: str) -> Iterator[Finding]:
    for rule in rules:
        if not isinstance(rule.check, Check):
            continue  # a cross-plan rule: run once over a batch's plans (sncheck/engine/cross_plan.py)
        ctx = CheckContext(plan=plan, params=rule.params, pack_dir=rule.pack_dir, rule_id=rule.id)
        try:
            # violations become findings inside the guard too: a check that yields
            # something that is not a Violation is as broken as one that raises
            findings = [to_finding(rule, _violation(violation), lang) for violation in rule.check.function(ctx)]
        except (Exception, SystemExit) as exc:  # noqa: BLE001 - isolation is the point
            yield internal_error(rule, exc, lang)
            continue
        yield from findings


def _violation(value: object) -> Violation:
    if not isinstance(value, Violation):
        raise TypeError(f"the check yielded {type(value).__name__}, not a Violation")
    return value


def internal_error(rule: Rule, exc: BaseException, lang: str) -> Finding:
    what = describe_exception(exc)
    origin = plugin_origin(rule.check.function)
    message = (f"規則 {rule.id} 的檢查 {rule.check.name}（外掛 {origin}）執行失敗（{what}）；其他規則的結果不受影響"
               if lang == "zh" else
               f"check {rule.check.name} (plugin {origin}) of rule {rule.id} failed ({what}); "
               "other rules' findings are unaffected")
    return Finding(INTERNAL001.id, Severity.ERROR, "", message, family="internal",
                   extra={"failed_rule": rule.id, "check": rule.check.name, "plugin": origin})


def to_finding(rule: Rule, violation: Violation, lang: str) -> Finding:
    variant_message = rule.message_variants.get(violation.fix_variant) if violation.fix_variant else None
    message = render(pick(variant_message or rule.message, lang), violation.values, lang)
    fix_text = rule.fix_variants.get(violation.fix_variant) if violation.fix_variant else None
    fix_text = fix_text or rule.fix
    fix = None
    if fix_text is not None or violation.patch is not None:
        from sncheck.model.findings import Applicability

        fix = Fix(
            description=render(pick(fix_text, lang), violation.values, lang) if fix_text else "",
            patch=violation.patch,
            applicability=rule.fix_applicability if violation.patch is not None else Applicability.DISPLAY,
        )
    extra = dict(violation.values)
    if rule.is_draft:  # not confirmed against its period's rules (``sncheck rules new-pack``): says so
        message += DRAFT_NOTE["zh" if lang == "zh" else "en"]
        extra["rule_status"] = "draft"
    return Finding(rule.id, rule.reported_severity, violation.pointer, message, fix=fix, source=rule.source,
                   family=rule.family, extra=extra)
