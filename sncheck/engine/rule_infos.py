"""What a report says about each rule it may mention: id, family, severity, title, source, quote, help.

Every front end that writes a report (the command line, the web page's downloads, the batch) asks the
same checker the same question; the answer is made here, once, from the input rules and the packs'
rules the checker selected.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sncheck.formatters.base import RuleInfo
from sncheck.model.input_rules import INPUT_RULES
from sncheck.packs.messages import pick, without_a_finding

if TYPE_CHECKING:  # pragma: no cover
    from sncheck.engine.checker import Checker


def rule_infos(checker: "Checker") -> dict[str, RuleInfo]:
    """RuleInfo for every rule a report may mention (input rules and pack rules)."""
    lang = checker.options.lang
    infos = {r.id: RuleInfo(r.id, r.family, r.severity.value, r.title_zh if lang == "zh" else r.title_en)
             for r in INPUT_RULES}
    for rule in checker.all_rules():
        if not checker.selected(rule.id):
            continue
        infos[rule.id] = RuleInfo(rule.id, rule.family, rule.reported_severity.value, pick(rule.title, lang),
                                  source=f"{rule.source.document} {rule.source.title}".strip(),
                                  quote=rule.source.quote,
                                  # said of the rule: its parameters filled in, a finding's values as … (no {missing})
                                  help=without_a_finding(pick(rule.fix, lang), rule.params, lang) if rule.fix else "")
    return infos
