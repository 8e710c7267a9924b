"""``sncheck check PATH...``: check plans and report findings."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from sncheck.model.findings import FileResult, Severity
from sncheck.read.source import Document
from sncheck.engine.plugin_isolation import PluginError, call_isolated, describe_exception, plugin_origin
from sncheck.tabular import WORKBOOK_SUFFIXES, is_tabular
from sncheck.commands.common import (apply_pack_option, expand_paths, is_committed_roster, lang_option, make_checker,
                                     not_a_file, options_with_config, project_config, refuse_output_over_input,
                                     rules_dir_option, write_output)
from sncheck.engine.rule_infos import rule_infos
from sncheck.packs.config import split_ids
from sncheck.read.plan_files import PLAN_MARKER, is_plan_file
from sncheck.tabular.settings import SettingsError, load_mapping_or_exit, settings_for, tabular_options


def _list_formats(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    """``--list-formats``: each format's name and description (plugins' too), then exit 0."""
    if not value or ctx.resilient_parsing:
        return
    from sncheck.engine.checker import Checker, Options

    checker = Checker(Options())
    formatters = [f for batch in call_isolated(checker.pm, "sncheck_formatters", checker.plugin_errors)
                  for f in batch or ()]
    for error in checker.plugin_errors:
        click.echo(f"sncheck: {error.message('en')}", err=True)
    for formatter in sorted(formatters, key=lambda f: f.name):
        click.echo(f"{formatter.name:<10} {formatter.description}")
    ctx.exit(2 if checker.plugin_errors else 0)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path, readable=False))
@click.option("--format", "fmt", default="text", show_default=True, help="Output format (see --list-formats).")
@click.option("--list-formats", is_flag=True, is_eager=True, expose_value=False, callback=_list_formats,
              help="List the output formats (built-in and from plugins) and exit.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
              help="Write the report to FILE ('-': standard output).")
@click.option("--stdin-filename", type=click.Path(dir_okay=False, path_type=Path), metavar="PATH",
              help="With PATH '-' (a plan read from standard input): the file name to report and to find "
                   ".sncheck.yaml from, as ruff and yamllint do.")
@lang_option
@click.option("--select", multiple=True, help="Only these rule ids or prefixes (e.g. SUP,SEN001). Repeatable.")
@click.option("--ignore", multiple=True, help="Skip these rule ids or prefixes. Repeatable.")
@rules_dir_option
@apply_pack_option
@click.option("--show-personal-data", is_flag=True, help="Print staff names in messages (個資; off by default).")
@click.option("--show-suppressed", is_flag=True, help="Also list findings suppressed by sncheck-ignore, with the reason.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Project config file (default: nearest .sncheck.yaml or pyproject.toml [tool.sncheck]).")
@click.option("--only-plans", is_flag=True,
              help="Skip named files that are neither plans (no 'sncheck/plan@'), as in folders, nor rosters "
                   "(.xlsx/.xlsm/.csv). For pre-commit.")
@click.option("--annotate", type=click.Path(dir_okay=False, path_type=Path), metavar="OUT.xlsx",
              help="Also write the findings into a copy of the roster workbook: cells highlighted by severity, "
                   "comments with message and fix, a first sheet 檢核結果 listing them (for a plan or CSV: "
                   "that sheet alone). Exactly one checked file. See docs/annotate.md.")
@tabular_options
def check(paths: tuple[Path, ...], fmt: str, output: Path | None, stdin_filename: Path | None, lang: str | None,
          select: tuple[str, ...],
          ignore: tuple[str, ...], rule_dirs: tuple[Path, ...], show_personal_data: bool, show_suppressed: bool,
          config_path: Path | None, only_plans: bool, annotate: Path | None, mapping: Path | None,
          county: str | None, plan_year: int | None) -> None:
    """Check plan files or folders (YAML/JSON, sncheck/plan@1), or roster workbooks/CSV (.xlsx/.csv).
    PATH '-' reads a plan from standard input (--stdin-filename names it).

    Exit status: 0 no error finding, 1 at least one error, 2 usage error.
    """
    from sncheck.formatters.base import Report

    if output is not None and str(output) == "-":
        output = None  # '-o -': standard output, as ruff and yamllint take it
    stdin_name = stdin_plan_name(paths, stdin_filename)
    config = project_config([stdin_name if p == STDIN else p for p in paths], config_path)
    options = options_with_config(paths, config_path, lang=lang, select=split_ids(select),
                                  ignore=split_ids(ignore), rule_dirs=rule_dirs,
                                  show_personal_data=show_personal_data, config=config)
    checker = make_checker(options)
    loaded = len(checker.plugin_errors)
    formatters = {f.name: f for batch in call_isolated(checker.pm, "sncheck_formatters", checker.plugin_errors)
                  for f in batch or ()}
    for error in checker.plugin_errors[loaded:]:
        click.echo(f"sncheck: {error.message(options.lang)}", err=True)
    if fmt not in formatters:
        click.echo(f"sncheck: unknown format {fmt!r}; available: {', '.join(sorted(formatters))}", err=True)
        sys.exit(2)
    if annotate is not None:
        refuse_bad_annotate(annotate, output)
    run_errors: list[str] = []  # said on stderr; the run exits 2 and SARIF says it did not succeed

    def usage_error(message: str) -> None:
        click.echo(f"sncheck: {message}", err=True)
        run_errors.append(message)

    run_errors.extend(error.message("en") for error in checker.plugin_errors)  # already said by make_checker
    results: list[FileResult] = []
    inputs: list[Path] = []  # every file read (a roster set's side files and mapping too): --annotate must not name one
    workbooks: dict[str, Path] = {}  # result path -> the roster workbook --annotate copies
    for path, exists in expand_paths(paths):
        documents: list[Document] = []
        if path == STDIN:
            result = checker.check_bytes(str(stdin_name), sys.stdin.buffer.read(), documents.append)
            results.append(with_subjects(result, documents[0].data if documents else None, fmt))
            continue
        if only_plans and exists and not (is_plan_file(path) or is_committed_roster(path)):
            continue
        if not exists:
            usage_error(f"{path}: {not_a_file(path)}")
            continue
        if is_tabular(path):  # a roster workbook/CSV: findings at sheet and row (docs/import.md)
            from sncheck.tabular.check import check_sources
            from sncheck.tabular.convert import sources_for

            try:  # county and year: options, mapping file, file name, then .sncheck.yaml's county:/plan_year:
                settings = settings_for(load_mapping_or_exit(mapping), county, plan_year, named_by=path,
                                        project=(config.county, config.plan_year))
            except SettingsError as exc:  # say so and go on: one roster nobody can place never stops the others
                usage_error(f"{path}: not checked: {exc}")
                continue
            sources = sources_for(path, settings.mapping)
            result, conversion = check_sources(checker, sources, settings)
            results.append(with_subjects(result, conversion.data if conversion is not None else None, fmt))
            inputs.extend(p for p in (mapping, sources.roster, sources.requests, sources.teams, sources.segments)
                          if p is not None)
            if path.suffix.lower() in WORKBOOK_SUFFIXES:
                workbooks[results[-1].path] = path
            continue
        result = checker.check_path(path, documents.append)
        results.append(with_subjects(result, documents[0].data if documents else None, fmt))
        inputs.append(path)
    if annotate is not None and len(results) != 1:
        click.echo(f"sncheck: --annotate writes one workbook: check exactly one file ({len(results)} checked)", err=True)
        sys.exit(2)
    if annotate is not None:
        refuse_output_over_input(annotate, inputs, "--annotate")
    if not results and not run_errors:
        click.echo(f"sncheck: no plan files found (in folders, a plan is a .yaml/.yml/.json file "
                   f"containing 'format: {PLAN_MARKER}1')", err=True)
    internal = [f"{r.path}: {f.message}" for r in results for f in r.findings if f.rule == "INTERNAL001"]
    report = Report(results, lang=options.lang, rules=rule_infos(checker), tool_version=_version(),
                    show_suppressed=show_suppressed, color=output is None and use_colour(sys.stdout),
                    run_errors=(*run_errors, *internal))
    try:
        text = formatters[fmt].render(report)
    except Exception as exc:  # noqa: BLE001 - a broken formatter plugin is named, not a traceback
        error = PluginError(f"format {fmt!r} [{plugin_origin(formatters[fmt].render)}]", "render", describe_exception(exc))
        click.echo(f"sncheck: {error.message(options.lang)}", err=True)
        sys.exit(2)
    if output is not None:
        refuse_output_over_input(output, (Path(r.path) for r in results))
        write_output(output, text)
    else:
        click.echo(text, nl=False)
    if annotate is not None:
        write_output(annotate, annotated(results[0], workbooks.get(results[0].path), report, options.limits))
    if report.run_errors or checker.plugin_errors:
        sys.exit(2)
    sys.exit(1 if any(r.count(Severity.ERROR) for r in results) else 0)


STDIN = Path("-")


def with_subjects(result: FileResult, data: object, fmt: str) -> FileResult:
    """For SARIF, each finding with ``extra["subject"]``: the item it is about by id (``staff:S-004/role``,
    the key ``sncheck batch --compare`` matches rounds by), so fingerprints survive a person inserted above.
    Other formats do not use it: the pre-commit hook's text run does not import the batch package."""
    if fmt != "sarif":
        return result
    from dataclasses import replace

    from sncheck.batch.worker import item_key

    result.findings = [replace(f, extra={**f.extra, "subject": item_key(data, f.pointer)}) for f in result.findings]
    return result


def stdin_plan_name(paths: tuple[Path, ...], stdin_filename: Path | None) -> Path:
    """The name a plan read from standard input is reported under: ``--stdin-filename``, else ``-``. Exit 2
    when '-' is named twice, or names a roster (a workbook is read from a file: its name may say county
    and year), or ``--stdin-filename`` is given without '-'."""
    count = sum(1 for p in paths if p == STDIN)
    if count > 1:
        click.echo("sncheck: '-' (standard input) can be named once", err=True)
        sys.exit(2)
    if stdin_filename is not None and not count:
        click.echo("sncheck: --stdin-filename names the plan read from standard input: add '-' to the paths", err=True)
        sys.exit(2)
    if count and stdin_filename is not None and is_tabular(stdin_filename):
        click.echo(f"sncheck: --stdin-filename {stdin_filename}: standard input is read as a plan (YAML/JSON); "
                   "check a roster workbook or CSV by its file name", err=True)
        sys.exit(2)
    return stdin_filename if stdin_filename is not None else STDIN


def refuse_bad_annotate(annotate: Path, output: Path | None) -> None:
    """Usage errors of ``--annotate OUT`` found before any checking (exit 2)."""
    if annotate.suffix.lower() != ".xlsx":  # Excel refuses to open a workbook whose extension is not its format's
        click.echo(f"sncheck: --annotate {annotate}: the annotated workbook is an .xlsx file; name it OUT.xlsx", err=True)
        sys.exit(2)
    if output is not None and os.path.abspath(output) == os.path.abspath(annotate):
        click.echo(f"sncheck: --annotate {annotate} and -o name the same file; choose two files", err=True)
        sys.exit(2)


def annotated(result: FileResult, workbook: Path | None, report, limits) -> bytes:  # type: ignore[no-untyped-def]
    """The --annotate workbook's bytes (``tabular.annotate``; openpyxl is imported only here)."""
    import io

    from sncheck.tabular.annotate import write_annotated

    buffer = io.BytesIO()
    write_annotated(result, buffer, workbook=workbook, lang=report.lang, rules=report.rules,
                    show_suppressed=report.show_suppressed, limits=limits,
                    warn=lambda message: click.echo(f"sncheck: --annotate: {message}", err=True))
    return buffer.getvalue()


def use_colour(stream) -> bool:  # type: ignore[no-untyped-def]
    """Colour only on a terminal, and never when NO_COLOR is set and not empty (https://no-color.org)."""
    return bool(stream.isatty()) and not os.environ.get("NO_COLOR")


def _version() -> str:
    from sncheck import __version__

    return __version__


