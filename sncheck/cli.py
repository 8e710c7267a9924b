"""The ``sncheck`` command line (click).

Subcommands live in ``sncheck.commands.<name>`` and are imported only when
used, so ``sncheck check`` as a pre-commit hook starts fast. Exit status, as
PLAN_FORMAT.md says: 0 no error finding, 1 at least one, 2 usage error (bad
option, file not found, unreadable config or rule file, a plugin failure).
"""

from __future__ import annotations

import sys
from typing import Any

import click

from sncheck import __version__
from sncheck.commands.lazy import lazy_group_class

# name -> (module, attribute, one-line help)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "check": ("sncheck.commands.check", "check", "Check plan files or folders against the rules."),
    "rules": ("sncheck.commands.rules", "rules", "List the loaded rules."),
    "schema": ("sncheck.commands.schema", "schema", "Print the plan JSON Schema (for editors)."),
    "init": ("sncheck.commands.init", "init", "Write a commented starter plan for a county and year."),
    "fix": ("sncheck.commands.fix", "fix", "Apply the safe fixes of the findings, keeping comments and layout."),
    "import": ("sncheck.commands.import_cmd", "import_command", "Build a plan from a roster workbook or CSV (.xlsx/.csv)."),
    "batch": ("sncheck.commands.batch", "batch", "Check many plans in parallel; national summary (CSV, HTML)."),
    "serve": ("sncheck.commands.serve", "serve", "Serve the checker as a web page (upload, findings, fixed plan)."),
}


@click.group(cls=lazy_group_class(COMMANDS), context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sncheck")
def main() -> None:
    """sncheck: 強化社會安全網計畫 plan compliance checker (phase 2, ROC 110–114; 2.0, 115–119).

    Checks county plan files (YAML/JSON, format sncheck/plan@1) against the
    central rules and says which person or request breaks which rule, the
    source sentence, and the fix.
    """


def run(argv: list[str] | None = None) -> Any:  # pragma: no cover - convenience for python -m
    return main.main(args=argv, prog_name="sncheck")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(run())
