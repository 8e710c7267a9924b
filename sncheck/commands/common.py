"""Options and helpers shared by subcommands: building the Checker, finding plan files."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Iterable, Iterator

import click

from sncheck.engine.checker import Checker, Options
from sncheck.packs.config import Config
from sncheck.packs.rulepacks import RuleFileError
from sncheck.commands import click_words
from sncheck.commands.texts import joined, say
from sncheck.packs.messages import normalize_lang
from sncheck.tabular.settings import CLI_LANG_KEY, cli_lang
from sncheck.read.plan_files import is_plan_file


def lang_option(f):  # type: ignore[no-untyped-def]
    """``--lang``; also remembered for the command's own words (``text``), eagerly, so that errors found while
    reading the other options are said in it too."""
    return click.option("--lang", type=click.Choice(["zh-TW", "zh", "en"], case_sensitive=False), default=None,
                        is_eager=True, callback=_remember_lang,
                        help="Message language: zh-TW (default) or en.")(f)


def _remember_lang(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value:
        remember_lang(value)
    return value


def remember_lang(lang: str) -> None:
    """The language of the running command's own words (``--lang``, or the config's ``lang:``)."""
    ctx = click.get_current_context(silent=True)
    if ctx is not None:
        ctx.meta[CLI_LANG_KEY] = normalize_lang(lang)
    click_words.chosen(normalize_lang(lang))  # click's own messages from here on too


def text(key: str, **values: object) -> str:
    """One of the command line's own texts (``sncheck.commands.texts``) in the running command's language."""
    return say(key, cli_lang(), **values)


def rules_dir_option(f):  # type: ignore[no-untyped-def]
    return click.option("--rules", "rule_dirs", multiple=True, type=click.Path(path_type=Path),
                        help="Extra rule pack folder (with pack.yaml). Repeatable.")(f)


def apply_pack_option(f):  # type: ignore[no-untyped-def]
    """``--apply-pack`` for the commands that check plans; read back by ``apply_pack_choice`` (no parameter
    in each command's signature)."""
    return click.option("--apply-pack", "apply_pack", multiple=True, expose_value=False, callback=_remember_apply_packs,
                        metavar="PACK:FROM-TO",
                        help="Apply a rule pack beyond its own plan years, by choice (e.g. ssn-phase2:115-119); "
                             "its findings say so. Repeatable. Config: apply_packs.")(f)


_APPLY_PACK = re.compile(r"^([a-z0-9][a-z0-9._-]*):([0-9]+)(?:-([0-9]+))?$")


def _remember_apply_packs(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> None:
    """``--apply-pack ssn-phase2:115-119`` (or ``:115`` for one year), kept for ``apply_pack_choice``."""
    chosen: dict[str, dict[str, int]] = {}
    for value in values:
        match = _APPLY_PACK.match(value.strip())
        if match is None:
            raise click.BadParameter(say("apply_pack_format", click_words.language(), value=value), ctx, param)
        first = int(match.group(2))
        chosen[match.group(1)] = {"from": first, "to": int(match.group(3) or first)}
    if chosen:
        ctx.meta["sncheck.apply_packs"] = chosen


def apply_pack_choice() -> dict[str, dict[str, int]]:
    """The ``--apply-pack`` values of the running command (empty outside a command)."""
    ctx = click.get_current_context(silent=True)
    return dict(ctx.meta.get("sncheck.apply_packs", {})) if ctx is not None else {}


def make_checker(options: Options) -> Checker:
    """The Checker, or exit 2 with the rule file and line when a pack is unusable."""
    from sncheck.packs.config import ConfigError

    try:
        checker = Checker(options)
    except RuleFileError as exc:
        click.echo(text("rule_file_error", error=exc), err=True)
        sys.exit(2)
    except ConfigError as exc:
        click.echo(text("config_error", error=exc.text(cli_lang())), err=True)
        sys.exit(2)
    for error in checker.plugin_errors:  # broken plugins were skipped; name them (the caller exits 2)
        click.echo(f"sncheck: {error.message(checker.options.lang)}", err=True)
    known = checker.known_rule_ids()
    unknown = [p for p in (*options.select, *options.ignore) if not any(rule.startswith(p) for rule in known)]
    if unknown:  # a typo (--select SUPP) would select nothing and pass every plan
        click.echo(text("unknown_rule_prefix", prefixes=joined(map(repr, unknown), cli_lang())), err=True)
        sys.exit(2)
    return checker


def period_title(plan_years: Iterable[int], lang: str, rule_dirs: tuple[Path, ...] = ()) -> str | None:
    """The title (pack.yaml ``title``) of the one loaded pack covering ``plan_years`` — 強化社會安全網第二期計畫
    （110–114年） for 111, 強化社會安全網計畫2.0（115–119年） for 115 — or None when they span periods or no pack
    covers them (a neutral title then). Never in code: a new period is a new pack.yaml."""
    from sncheck.packs.config import ConfigError
    from sncheck.packs.pack_use import period_pack

    try:
        packs = Checker(Options(rule_dirs=rule_dirs)).packs
    except (RuleFileError, ConfigError):
        return None  # the command says so where it checks; a title is not worth exit 2
    pack = period_pack(packs, plan_years)
    return pack.full_title(lang) if pack is not None else None


def project_config(paths: Iterable[Path], config_path: Path | None) -> Config:
    """The run's project config (``--config`` or the nearest one); exit 2 on a bad one."""
    from sncheck.packs.config import ConfigError, discover

    try:
        return discover(paths, config_path)
    except ConfigError as exc:
        click.echo(text("config_error", error=exc.text(cli_lang())), err=True)
        sys.exit(2)


def options_with_config(paths: Iterable[Path], config_path: Path | None, *, lang: str | None,
                        select: tuple[str, ...], ignore: tuple[str, ...], rule_dirs: tuple[Path, ...],
                        show_personal_data: bool = False, config: Config | None = None,
                        strict: bool = False) -> Options:
    """Options from the project config file (``config`` when the caller already read it), with command-line
    values winning; exit 2 on a bad config."""
    from sncheck.read.limits import Limits

    config = config if config is not None else project_config(paths, config_path)
    if lang or config.lang:
        remember_lang(lang or config.lang or "zh")
    chosen = apply_pack_choice()
    return Options(lang=normalize_lang(lang or config.lang), show_personal_data=show_personal_data,
                   select=select or config.select, ignore=ignore or config.ignore,
                   rule_dirs=(*config.rule_dirs, *rule_dirs), severity_overrides=config.severity,
                   param_overrides=config.params, config_origin=str(config.path or ""), config_lines=config.lines,
                   limits=Limits.from_mapping(config.limits), apply_packs={**config.apply_packs, **chosen},
                   apply_packs_on_command_line=frozenset(chosen), strict=strict or config.strict)


def is_committed_roster(path: Path) -> bool:
    """With ``--only-plans`` (the pre-commit hook), the rosters a county commits are checked too: Excel
    workbooks (.xlsx/.xlsm, not Excel's ``~$`` lock files) and CSV files."""
    return is_roster_workbook(path) or (path.suffix.lower() == ".csv" and not path.name.startswith("."))


def is_roster_workbook(path: Path) -> bool:
    """In folders ``sncheck batch`` also takes Excel rosters (.xlsx/.xlsm), not Excel's ``~$`` lock files.

    CSV files are taken only when named: in a submission folder they are as often a roster's
    side files (segments, requests) or an earlier round's summary.csv as they are rosters.
    """
    from sncheck.batch.xlsx_report import is_summary_workbook
    from sncheck.tabular import WORKBOOK_SUFFIXES

    return (path.suffix.lower() in WORKBOOK_SUFFIXES and not path.name.startswith(("~$", "."))
            and not is_summary_workbook(path))  # an earlier round's summary.xlsx in the folder


def expand_paths(paths: Iterable[Path], rosters: bool = False, fixtures: bool = False) -> Iterator[tuple[Path, bool]]:
    """(path, exists) for each plan: files as given, folders walked in sorted order.

    With ``rosters``, folders also yield roster workbooks (``is_roster_workbook``); with ``fixtures``, rule
    fixtures (``is_plan_file``). A file reached twice
    (named twice, ``./a.yaml`` and ``a.yaml``, or named and inside a named folder) is yielded once: checked
    twice it would count its findings twice in the totals and in its county's row of a batch summary.
    """
    seen: set[str] = set()

    def first_time(path: Path) -> bool:
        key = os.path.normpath(os.path.abspath(path))
        if key in seen:
            return False
        seen.add(key)
        return True

    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path)
                if any(part.startswith(".") for part in rel.parts):
                    continue
                if child.is_file() and (is_plan_file(child, fixtures) or (rosters and is_roster_workbook(child))) \
                        and first_time(child):
                    yield child, True
        elif first_time(path):
            yield path, path.is_file()


def not_a_file(path: Path, lang: str | None = None) -> str:
    """Why a path named on the command line is not checked (``expand_paths`` said it does not exist)."""
    if path.exists():  # a pipe, device or socket: never opened, a read could block forever
        return say("not_a_regular_file", lang or cli_lang())
    return say("no_such_file", lang or cli_lang())


def refuse_output_over_input(output: Path | None, inputs: Iterable[Path | None], option: str = "-o") -> None:
    """``-o`` (or ``option``, e.g. ``--annotate``) naming one of the run's own inputs (``check plan.yaml -o
    plan.yaml``, ``import roster.csv -o roster.csv``, a slip of the keyboard) would replace the county's
    file with the output: exit 2 first."""
    if output is None or not output.exists():
        return
    for path in inputs:
        if path is not None and path.exists() and os.path.samefile(output, path):
            click.echo(text("output_is_input", option=option, output=output, path=path), err=True)
            sys.exit(2)


def refuse_existing_output(output: Path | None, force: bool, lang: str) -> None:
    """``-o FILE`` naming a file that exists (a plan the officer may have edited by hand since): exit 2
    unless ``--force``, so nothing the user wrote is lost (``init``, ``import``)."""
    if output is None or force or not output.exists():
        return
    click.echo(say("output_exists", lang, output=output), err=True)
    sys.exit(2)


def write_output(output: Path, content: str | bytes) -> None:
    """``-o FILE`` (text) or ``--annotate FILE`` (bytes): write it, or exit 2 saying why not (no folder,
    no permission), never a traceback."""
    try:
        if isinstance(content, bytes):
            output.write_bytes(content)
        else:
            output.write_text(content, encoding="utf-8")
    except OSError as exc:
        click.echo(text("cannot_write", output=output, reason=exc.strerror or exc), err=True)
        sys.exit(2)
