"""Options shared by ``sncheck import`` and ``sncheck check`` on workbooks: --mapping, --county, --year.

Turning them into ``ImportSettings`` is a usage question: a bad mapping file,
an unknown county or a missing year exits 2 with the reason, never a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from sncheck.model import vocabulary as vocab


def tabular_options(f):  # type: ignore[no-untyped-def]
    f = click.option("--year", "plan_year", type=int, help="Plan year (ROC, e.g. 111) for a workbook/CSV roster.")(f)
    f = click.option("--county", help="County for a workbook/CSV roster, e.g. 臺中市 (台 = 臺).")(f)
    return click.option("--mapping", type=click.Path(dir_okay=False, path_type=Path),
                        help="Mapping file (YAML) for workbooks whose headers or sheets differ (docs/import.md).")(f)


class SettingsError(Exception):
    """County/year/mapping options that cannot work; the message says which and how to give them."""


def import_settings(mapping_path: Path | None, county: str | None, plan_year: int | None,
                    names: bool = True, required: bool = True,
                    named_by: Path | None = None):  # type: ignore[no-untyped-def]
    """ImportSettings from the options; exit 2 with a message when they cannot work (``settings_for``)."""
    try:
        return settings_for(load_mapping_or_exit(mapping_path), county, plan_year, names, required, named_by)
    except SettingsError as exc:
        click.echo(f"sncheck: {exc}", err=True)
        sys.exit(2)


def load_mapping_or_exit(mapping_path: Path | None):  # type: ignore[no-untyped-def]
    """The ``--mapping`` file, or exit 2 saying what is wrong with it."""
    from sncheck.tabular.mapping import MappingError, load_mapping

    try:
        return load_mapping(mapping_path)
    except MappingError as exc:
        click.echo(f"sncheck: mapping file error: {exc}", err=True)
        sys.exit(2)


def settings_for(mapping, county: str | None, plan_year: int | None, names: bool = True,  # type: ignore[no-untyped-def]
                 required: bool = True, named_by: Path | None = None,
                 project: tuple[str | None, int | None] = (None, None)):
    """ImportSettings for a loaded mapping; raises ``SettingsError`` (``sncheck serve`` shows it on the page).

    County and year: the options, else the mapping file's, else what the roster's file name
    ``named_by`` names (``臺中市-111.xlsx``; ``tabular/file_name.py``), else ``project``: the project
    config's ``county:``/``plan_year:`` (a county's plan repository, where the pre-commit hook checks rosters).

    ``required=False`` (``sncheck batch``, ``sncheck serve``): county and year may be missing, as a folder
    may hold no roster at all; a roster checked without them gets the plan's own SCHEMA finding for each.
    """
    from sncheck.tabular.convert import ImportSettings

    county = county or mapping.county
    plan_year = plan_year if plan_year is not None else mapping.plan_year
    if named_by is not None:
        from sncheck.tabular.file_name import fill_from_file_name

        county, plan_year = fill_from_file_name(county, plan_year, named_by)
    county, plan_year = county or project[0], plan_year if plan_year is not None else project[1]
    if (county or required) and (not county or vocab.canonical_county(county.strip()) not in vocab.COUNTIES):
        shown = f" {county!r} is not one of the 22 counties ({'、'.join(vocab.COUNTIES)})" if county else ""
        raise SettingsError(f"a roster needs --county (or county: in the mapping file or .sncheck.yaml, or a file "
                            f"name naming one county, e.g. 臺中市-111.xlsx)" + (f";{shown}" if shown else ""))
    if plan_year is None and required:
        raise SettingsError("a roster needs --year (ROC plan year, e.g. 111), plan_year: in the mapping file or "
                            ".sncheck.yaml, or a file name naming one year, e.g. 臺中市-111.xlsx")
    return ImportSettings(county=county, plan_year=plan_year, mapping=mapping, names=names)
