"""``sncheck import ROSTER.xlsx|.csv -o plan.yaml``: a plan from the spreadsheets counties keep.

The roster (and optional requests/teams/segments files) become a plan@1 YAML
file whose comments name the sheet and row of every item. Problems with rows
(unknown role, impossible date, empty required cell, unknown team, a row that
cannot be placed) are printed with sheet and row; the row is kept in the plan
as written, marked with a ``# ⚠`` comment, and the command exits 1, so no row
is ever dropped silently. ``--template`` writes the fill-in workbook instead.

Exit status: 0 imported cleanly; 1 imported with row problems (or a source file
unreadable: nothing written); 2 usage error, or ``-o FILE`` exists and no ``--force``
(the officer may have edited it by hand since the last import).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from sncheck.engine.checker import Options
from sncheck.model.findings import Severity
from sncheck.packs.messages import normalize_lang
from sncheck.commands.common import (lang_option, make_checker, not_a_file, period_title, refuse_existing_output,
                     refuse_output_over_input, text, write_output)
from sncheck.tabular.settings import import_settings, tabular_options


@click.command("import")
@click.argument("roster", required=False, type=click.Path(path_type=Path))
@click.option("--requests", "requests_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Requests (經費需求) workbook or CSV.")
@click.option("--teams", "teams_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Teams (組別) workbook or CSV; without it teams come from the 單位/組別 column.")
@click.option("--segments", "segments_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Service segments (服務年資) workbook or CSV, one row per segment.")
@tabular_options
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the plan YAML to FILE (default: standard output).")
@click.option("--force", is_flag=True, help="Overwrite the -o FILE if it exists (it may hold hand edits).")
@click.option("--no-names", is_flag=True, help="Leave staff names (姓名, personal data) out of the plan.")
@click.option("--template", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the fill-in template workbook (.xlsx) to this path and stop "
                   "(with --year, titled by that year's period).")
@lang_option
@click.option("--show-personal-data", is_flag=True, help="Print staff names in messages (個資; off by default).")
def import_command(roster: Path | None, requests_path: Path | None, teams_path: Path | None,
                   segments_path: Path | None, mapping: Path | None, county: str | None, plan_year: int | None,
                   output: Path | None, force: bool, no_names: bool, template: Path | None, lang: str | None,
                   show_personal_data: bool) -> None:
    """Build a plan (YAML) from a roster workbook or CSV; see docs/import.md."""
    lang = normalize_lang(lang)
    if template is not None:
        from sncheck.tabular.template import write_template

        try:  # with --year, the title names the period of the pack covering it (2.0 for 115)
            write_template(template, period_title([plan_year], "zh") if plan_year is not None else None, plan_year)
        except OSError as exc:
            click.echo(text("cannot_write", output=template, reason=exc.strerror or exc), err=True)
            sys.exit(2)
        click.echo(text("template_written", path=template), err=True)
        return
    if roster is None:
        raise click.UsageError(text("roster_needed"))
    settings = import_settings(mapping, county, plan_year, names=not no_names, named_by=roster)

    from sncheck.tabular.convert import sources_for

    sources = sources_for(roster, settings.mapping, requests_path, teams_path, segments_path)
    for path in (sources.roster, sources.requests, sources.teams, sources.segments):
        if path is not None and not path.is_file():
            click.echo(text("no_such_path", path=path, reason=not_a_file(path)), err=True)
            sys.exit(2)
    refuse_output_over_input(output, (sources.roster, sources.requests, sources.teams, sources.segments, mapping))
    refuse_existing_output(output, force, lang)

    from sncheck.formatters.base import Report
    from sncheck.formatters.text import render_text
    from sncheck.tabular.check import IMPORT_RULE_PREFIXES, check_sources
    from sncheck.tabular.yaml_writer import write_plan_yaml

    checker = make_checker(Options(lang=lang, show_personal_data=show_personal_data,
                                   select=IMPORT_RULE_PREFIXES, load_entry_points=False))
    result, conversion = check_sources(checker, sources, settings)
    report = render_text(Report([result], lang=lang))
    if conversion is not None:
        sheets = ", ".join(sorted({f"{f}" + (f"!{s}" if s else "") for f, s in conversion.sheet_order}))
        header = text("import_header", sheets=sheets)
        plan_text = write_plan_yaml(conversion, result.findings, lang, header)
        if output is not None:
            write_output(output, plan_text)
        else:
            click.echo(plan_text, nl=False)
        data = conversion.data
        counts = (len(data["staff"]), len(data["teams"]), len(data.get("requests", [])))
        where = str(output) if output is not None else text("standard_output")
        click.echo(text("imported", staff=counts[0], teams=counts[1], requests=counts[2], where=where), err=True)
    click.echo(report, nl=False, err=output is None)
    sys.exit(1 if result.count(Severity.ERROR) or conversion is None else 0)

