"""``sncheck rules new-pack DIR --from PACK --years FROM-TO --id ID``: a draft copy of a pack to edit.

Exit 0 with the copy written (and loaded once, to prove it loads), 2 when DIR
exists and is not empty, the source pack is unknown, or the years or id are
malformed. See ``sncheck/authoring/pack_copy.py`` and docs/authoring-rules.md.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Callable, NoReturn

import click

from sncheck.engine.checker import Options
from sncheck.commands.common import expand_paths, make_checker, rules_dir_option

_YEARS = re.compile(r"^\s*([0-9]+)\s*-\s*([0-9]+)\s*$")
_PACK_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")  # as pack.schema.json


@click.command("new-pack")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--from", "source_id", required=True, help="Id of a loaded pack to copy (e.g. ssn-phase2).")
@click.option("--years", required=True, help="Plan years of the new pack, FROM-TO (e.g. 115-119).")
@click.option("--id", "new_id", required=True, help="Id of the new pack (e.g. ssn-2.0).")
@click.option("--fixtures", "fixture_paths", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="Fixture plans (files or folders) to copy into FOLDER/tests, years moved with the pack. Repeatable.")
@click.option("--todo", help="The todo: of every copied rule (default: confirm against the 2.0 處理原則).")
@rules_dir_option
def new_pack(folder: Path, source_id: str, years: str, new_id: str, fixture_paths: tuple[Path, ...],
             todo: str | None, rule_dirs: tuple[Path, ...]) -> None:
    """Copy a pack into FOLDER for the next period: every rule `status: draft` with a todo, sources kept."""
    from sncheck.authoring.pack_copy import copy_pack, fixture_target
    from sncheck.packs.rulepacks import RuleFileError, load_pack

    first, last = _years(years)
    if not _PACK_ID.match(new_id):
        _fail(f"--id {new_id!r}: lower-case letters, digits, '.', '_' and '-' (e.g. ssn-2.0)")
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        _fail(f"{folder} exists and is not empty; name a new folder (nothing was written)")
    checker = make_checker(Options(rule_dirs=rule_dirs))
    source = next((p for p in checker.packs if p.id == source_id), None)
    if source is None:
        _fail(f"--from {source_id!r}: no loaded pack has this id; loaded: {', '.join(p.id for p in checker.packs)}")
    assert source is not None
    same_id = next((p for p in checker.packs if p.id == new_id), None)
    if same_id is not None and (same_id.first_year, same_id.last_year) != (first, last):
        _fail(f"--id {new_id!r} is the id of the loaded pack {same_id.id} ({same_id.years}): loaded with --rules, "
              f"the copy ({first}–{last}) would replace it; choose another id (nothing was written)")
    fixtures = _fixtures(fixture_paths, fixture_target)
    report = copy_pack(source, folder, new_id, first, last, fixtures, todo)
    try:
        load_pack(folder, checker.all_checks)
    except RuleFileError as exc:  # the copy must load; if it does not, say where (the folder stays for a look)
        _fail(f"the copy does not load: {exc}")
    click.echo(f"{folder}: pack {new_id} ({first}–{last}) copied from {source.id} ({source.years}): "
               f"{report.rules} rule(s), all status: draft; files: {', '.join(report.files)}")
    if report.fixtures:
        _run_fixtures(folder, rule_dirs, report.fixtures, first - source.first_year, source.years)
    click.echo(f"  use it: sncheck check --rules {folder} PLANS; confirm a rule by setting status: confirmed")


def _fixtures(named: tuple[Path, ...], target: Callable[[Path, Path], str]) -> list[tuple[Path, str]]:
    """Each fixture plan with where it goes under tests/; two plans bound for one place: exit 2 first."""
    out: list[tuple[Path, str]] = []
    taken: dict[str, Path] = {}
    for root in named:
        for path, _ in expand_paths([root], fixtures=True):
            name = target(root, path)
            if name in taken and taken[name].resolve() == path.resolve():
                continue  # the same plan named twice (a file and its folder): copied once
            if name in taken:
                _fail(f"--fixtures {taken[name]} and {path} would both be copied to tests/{name}; "
                      "name their folders instead (nothing was written)")
            taken[name] = path
            out.append((path, name))
    return out


def _run_fixtures(folder: Path, rule_dirs: tuple[Path, ...], fixtures: list[str], shift: int, years: str) -> None:
    """Run the copied fixtures against the copy once, so the editor knows which ones need work: a fixture
    can only fail because the copy still holds the source's years (a data table, a year in a condition)."""
    from sncheck.authoring.rule_fixtures import run_fixtures

    checker = make_checker(Options(rule_dirs=(*rule_dirs, folder)))
    ok = {result.path: result.ok for result in run_fixtures(checker, [folder / name for name in fixtures])}
    failing = [name for name in fixtures if not ok[str(folder / name)]]
    click.echo(f"  fixtures (years moved by {shift}): {len(fixtures)} copied, {len(fixtures) - len(failing)} pass"
               + (f"; {len(failing)} need editing (they depend on the years {years} of a data table or a rule's "
                  f"condition): {', '.join(failing)}" if failing else ""))
    click.echo(f"  run them: sncheck rules test {folder / 'tests'} --rules {folder}")


def _years(text: str) -> tuple[int, int]:
    match = _YEARS.match(text)
    if match is None or int(match.group(1)) > int(match.group(2)):
        _fail(f"--years {text!r}: write FROM-TO with FROM <= TO, e.g. 115-119")
    assert match is not None
    return int(match.group(1)), int(match.group(2))


def _fail(message: str) -> NoReturn:
    click.echo(f"sncheck: rules new-pack: {message}", err=True)
    sys.exit(2)
