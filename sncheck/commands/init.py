"""``sncheck init --county 臺中市 --year 111``: a commented starter plan that passes the checks.

The template (``sncheck/templates/starter-plan.yaml``) explains each field in
zh-TW for county officers who have never seen the format; it is filled with
the county, the year and the period's name (the title of the rule pack covering the
year: 第二期 for 111, 2.0 for 115) and printed, or written to ``-o FILE`` (never over an
existing file unless ``--force``).
"""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

import click

from sncheck.packs.pack_use import PROGRAMME
from sncheck.model.vocabulary import COUNTIES, canonical_county
from sncheck.commands.common import cli_lang, lang_option, period_title, refuse_existing_output, text, write_output


def starter_plan(county: str, year: int, filename: str = "plan.yaml", period: str | None = None) -> str:
    """``period``: the title of the pack covering ``year`` (``common.period_title``: 第二期 for 111, 2.0 for 115)."""
    template = resources.files("sncheck").joinpath("templates/starter-plan.yaml").read_text(encoding="utf-8")
    return template.format(county=county, year=year, filename=filename, period=period or PROGRAMME["zh"])


@click.command()
@click.option("--county", required=True, help="縣市名稱, e.g. 臺中市 (台 and 臺 both work).")
@click.option("--year", required=True, type=click.IntRange(min=107), help="ROC plan year, e.g. 111.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE (default: print).")
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
@lang_option
def init(county: str, year: int, output: Path | None, force: bool, lang: str | None) -> None:
    """Write a commented starter plan (zh-TW comments) for a county and plan year."""
    name = canonical_county(county.strip())
    if name not in COUNTIES:
        click.echo(text("unknown_county", county=repr(county), counties="、".join(COUNTIES)), err=True)
        sys.exit(2)
    refuse_existing_output(output, force, cli_lang())
    plan_text = starter_plan(name, year, output.name if output is not None else "plan.yaml", period_title([year], "zh"))
    if output is None:
        click.echo(plan_text, nl=False)
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        pass  # write_output says why
    write_output(output, plan_text)
    click.echo(text("wrote", output=output), err=True)
