"""``sncheck rules``: list the loaded rules with id, severity, family and source."""

from __future__ import annotations

import click

from ..checker import Options
from ..messages import normalize_lang, pick
from .common import lang_option, make_checker, rules_dir_option


@click.command()
@lang_option
@rules_dir_option
def rules(lang: str | None, rule_dirs: tuple) -> None:  # type: ignore[type-arg]
    """List the loaded rules (input rules, then each pack's)."""
    from ..input_rules import INPUT_RULES

    options = Options(lang=normalize_lang(lang), rule_dirs=rule_dirs)
    checker = make_checker(options)
    zh = options.lang == "zh"
    rows = [(r.id, r.severity.value, r.family, "-", r.title_zh if zh else r.title_en, "") for r in INPUT_RULES]
    for pack in checker.packs:
        for rule in pack.rules:
            rows.append((rule.id, rule.severity.value, rule.family, f"{pack.id} {pack.years}",
                         pick(rule.title, options.lang), f"[{rule.source.document}] {rule.source.title}".strip()))
    header = ("id", "severity", "family", "pack", "title", "source")
    for row in [header, *rows]:
        click.echo("  ".join(str(c) for c in row).rstrip())
