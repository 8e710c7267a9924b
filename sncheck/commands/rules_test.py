"""``sncheck rules test DIR...``: run rule fixtures (plans annotated with ``x-expect``).

Every mismatch of every fixture is printed as ``path:line: what`` (missing
findings, unexpected findings, patches that do not remove their finding),
then a summary. The plans of a ``*.batch`` folder are checked together as one
run (cross-plan rules such as FUND003). Exit 0 when all fixtures match, 1 when any does not, 2 when
there is nothing to run or a rule pack cannot be loaded. See
``docs/authoring-rules.md`` and ``sncheck/authoring/rule_fixtures.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from sncheck.engine.checker import Options
from sncheck.packs.messages import normalize_lang
from sncheck.commands.common import apply_pack_choice, apply_pack_option, expand_paths, lang_option, make_checker, rules_dir_option
from sncheck.packs.config import split_ids


@click.command("test")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--select", multiple=True, help="Only run these rules (ids or prefixes, comma-separated).")
@click.option("--ignore", multiple=True, help="Do not run these rules (ids or prefixes, comma-separated).")
@click.option("-v", "--verbose", is_flag=True, help="Also list the fixtures that pass.")
@lang_option
@rules_dir_option
@apply_pack_option
def rules_test(paths: tuple[Path, ...], select: tuple[str, ...], ignore: tuple[str, ...], verbose: bool,
               lang: str | None, rule_dirs: tuple[Path, ...]) -> None:
    """Check fixture plans against the findings they declare in `x-expect`."""
    from sncheck.authoring.rule_fixtures import expected_rules, fixture_runs, run_fixture_batch

    missing = [p for p in paths if not p.exists()]
    if missing:
        click.echo(f"sncheck: no such file or folder: {', '.join(map(str, missing))}", err=True)
        sys.exit(2)
    fixtures = [path for path, _ in expand_paths(paths, fixtures=True)]
    if not fixtures:
        click.echo(f"sncheck: no fixture plans (YAML/JSON with 'format: sncheck/plan@1') in {', '.join(map(str, paths))}",
                   err=True)
        sys.exit(2)
    chosen = apply_pack_choice()
    options = Options(lang=normalize_lang(lang), select=split_ids(select), ignore=split_ids(ignore),
                      rule_dirs=rule_dirs, apply_packs=chosen, apply_packs_on_command_line=frozenset(chosen))
    checker = make_checker(options)
    failed = 0
    results = [result for run in fixture_runs(fixtures) for result in run_fixture_batch(checker, run)]
    for result in results:
        path = result.path
        if result.ok:
            if verbose:
                click.echo(f"{path}: ok ({result.found} finding{'s' if result.found != 1 else ''})")
            continue
        failed += 1
        for mismatch in result.mismatches:
            click.echo(f"{path}:{mismatch.line or 1}: {mismatch.text}")
    passed = len(fixtures) - failed
    drafts = sorted(expected_rules(fixtures) & {r.id for r in checker.all_rules() if r.is_draft})
    if drafts:  # the ministry confirming a pack sees which rules are still drafts
        click.echo(f"draft rules (status: draft, reported as warnings until confirmed): {', '.join(drafts)}")
    click.echo(f"{len(fixtures)} fixture{'s' if len(fixtures) != 1 else ''}: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
