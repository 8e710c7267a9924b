"""``sncheck rules``: the rule catalogue. With no subcommand it lists the loaded rules.

Subcommands are registered in ``RULES_SUBCOMMANDS`` (name -> module, attribute)
and imported lazily, like the top-level commands.
"""

from __future__ import annotations

import click

from sncheck.engine.checker import Options
from sncheck.packs.messages import normalize_lang, pick
from sncheck.commands.common import lang_option, make_checker, rules_dir_option
from sncheck.commands.lazy import lazy_group_class

RULES_SUBCOMMANDS: dict[str, tuple[str, str, str]] = {
    "list": ("sncheck.commands.rules", "list_rules", "List the loaded rules (the default)."),
    "test": ("sncheck.commands.rules_test", "rules_test", "Run rule fixtures: plans annotated with x-expect."),
    "show": ("sncheck.commands.rules_show", "show", "Explain one rule: what, why, examples, parameters."),
    "docs": ("sncheck.commands.rules_show", "docs", "Print the rule catalogue as Markdown (docs/rules.md)."),
    "new-pack": ("sncheck.commands.rules_new_pack", "new_pack",
                 "Copy a pack into a new folder for the next period, every rule a draft."),
}


@click.command("list")
@lang_option
@rules_dir_option
def list_rules(lang: str | None, rule_dirs: tuple) -> None:  # type: ignore[type-arg]
    """List the loaded rules: id, severity, family, pack, title (draft rules say so), source."""
    from sncheck.model.input_rules import INPUT_RULES

    options = Options(lang=normalize_lang(lang), rule_dirs=rule_dirs)
    checker = make_checker(options)
    zh = options.lang == "zh"
    rows = [(r.id, r.severity.value, r.family, "-", r.title_zh if zh else r.title_en, "") for r in INPUT_RULES]
    draft = "（草案）" if zh else " (draft)"
    for pack in checker.packs:
        for rule in pack.rules:
            rows.append((rule.id, rule.reported_severity.value, rule.family, f"{pack.id} {pack.years}",
                         pick(rule.title, options.lang) + (draft if rule.is_draft else ""),
                         f"[{rule.source.document}] {rule.source.title}".strip()))
    header = ("id", "severity", "family", "pack", "title", "source")
    for row in [header, *rows]:
        click.echo("  ".join(str(c) for c in row).rstrip())
    if checker.plugin_errors:
        raise SystemExit(2)  # a plugin was skipped: the list is incomplete


@click.group(cls=lazy_group_class(RULES_SUBCOMMANDS), invoke_without_command=True)
@lang_option
@rules_dir_option
@click.pass_context
def rules(ctx: click.Context, lang: str | None, rule_dirs: tuple) -> None:  # type: ignore[type-arg]
    """The rule catalogue: `sncheck rules` lists the loaded rules."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(list_rules, lang=lang, rule_dirs=rule_dirs)
