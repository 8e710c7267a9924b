"""A click group whose subcommands are imported only when used (cold start matters for pre-commit), and
whose runs have click's own messages in the run's language (``sncheck.commands.click_words``)."""

from __future__ import annotations

import importlib
import sys
from typing import Any, Mapping, Sequence

import click

from sncheck.commands import click_words
from sncheck.model.wording_file import WordingError

CommandTable = Mapping[str, tuple[str, str, str]]  # name -> (module, attribute, one-line help)


def lazy_group_class(table: CommandTable) -> type[click.Group]:
    """A ``click.Group`` subclass that resolves subcommands from ``table`` on demand."""

    class LazyGroup(click.Group):
        def main(self, args: Sequence[str] | None = None, *rest: Any, **extra: Any) -> Any:
            click_words.install()
            with click_words.speaking(sys.argv[1:] if args is None else args):
                return super().main(args, *rest, **extra)

        def list_commands(self, ctx: click.Context) -> list[str]:
            return sorted(table)

        def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
            if name not in table:
                return None
            module, attr, _ = table[name]
            try:
                return getattr(importlib.import_module(module), attr)  # type: ignore[no-any-return]
            except WordingError as exc:  # the words every command reads: a usage error (exit 2), not a traceback
                click.echo(f"sncheck: {exc}", err=True)
                ctx.exit(2)
                return None

        def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
            with formatter.section("Commands"):
                formatter.write_dl([(name, table[name][2]) for name in sorted(table)])

    return LazyGroup
