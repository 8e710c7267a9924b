"""``sncheck rules show RULE`` and ``sncheck rules docs``: rule documentation from the rule files."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from sncheck.engine.checker import Options
from sncheck.commands.common import apply_pack_option, lang_option, make_checker, options_with_config, rules_dir_option, text, write_output


@click.command("show")
@click.argument("rule_id")
@lang_option
@rules_dir_option
@apply_pack_option
def show(rule_id: str, lang: str | None, rule_dirs: tuple[Path, ...]) -> None:
    """What RULE checks, why (the source sentence), an example that fails and its fix, its parameters."""
    from sncheck.model.input_rules import INPUT_RULES
    from sncheck.authoring.rule_docs import render_input_rule_text, render_rule_text

    # The project config applies, so a county sees the severity and parameters it actually runs with.
    options = options_with_config([Path.cwd()], None, lang=lang, select=(), ignore=(), rule_dirs=rule_dirs)
    checker = make_checker(options)
    wanted = rule_id.strip().upper()
    # Packs of different years may share an id (a draft 2.0 copy keeps SEN001): each one's rule is shown.
    shown = [render_rule_text(rule, pack, options.lang) for pack in checker.packs for rule in pack.rules
             if rule.id == wanted]
    if shown:
        click.echo("\n".join(shown), nl=False)
        return
    for input_rule in INPUT_RULES:
        if input_rule.id == wanted:
            click.echo(render_input_rule_text(input_rule, options.lang), nl=False)
            return
    known = sorted({r.id for r in INPUT_RULES} | {r.id for r in checker.all_rules()})
    click.echo(text("unknown_rule", rule=repr(rule_id), rules=", ".join(known)), err=True)
    sys.exit(2)


@click.command("docs")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the Markdown catalogue to FILE (e.g. docs/rules.md).")
@rules_dir_option
def docs(output: Path | None, rule_dirs: tuple[Path, ...]) -> None:
    """Print the rule catalogue as Markdown (docs/rules.md is generated with this)."""
    from sncheck.authoring.rule_docs import render_catalogue

    checker = make_checker(Options(rule_dirs=rule_dirs))
    catalogue = render_catalogue(checker.packs)
    if output is not None:
        write_output(output, catalogue)
    else:
        click.echo(catalogue, nl=False)
