"""``sncheck schema``: print the plan JSON Schema, for editors and other tools.

By default the editor variant (zh-TW labels and ROC dates allowed, see
``sncheck.read.editor_schema``), which is what people write; ``--canonical`` prints
the normalized form sncheck validates after loading. See docs/editors.md.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from sncheck.commands.common import write_output


@click.command()
@click.option("--canonical", is_flag=True, help="The normalized schema (codes and ISO dates only).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write the schema to FILE.")
def schema(canonical: bool, output: Path | None) -> None:
    """Print the plan JSON Schema (draft 2020-12) for editors such as VS Code."""
    from sncheck.read.editor_schema import editor_schema
    from sncheck.read.plan_schema import plan_schema

    text = json.dumps(plan_schema() if canonical else editor_schema(), ensure_ascii=False, indent=2) + "\n"
    if output is not None:
        write_output(output, text)
    else:
        click.echo(text, nl=False)
