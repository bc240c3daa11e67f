"""The ``dico`` command line.

Each subcommand is a thin layer over the library and lives in its own module under
``dico_sdk._cli``. Errors of the SDK's hierarchy are printed as one line on stderr and end the
command with exit code 2; ``dico --debug ...`` shows the traceback instead.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from dico_sdk._cli import commands
from dico_sdk._version import __version__
from dico_sdk.errors import DicoError

__all__ = ["main"]

EXIT_USAGE = 2
"""Exit code for unreadable input, SDK errors and usage errors (click's own is 2 as well)."""


class _DicoGroup(click.Group):
    """A group that turns SDK errors into one clear line instead of a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DicoError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"dico: error: {exc}", err=True)
            sys.exit(EXIT_USAGE)


@click.group(cls=_DicoGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dico")
@click.option("--debug", is_flag=True, help="Show the full traceback of an error.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Exchange DICO maintenance messages: validate, inspect, convert, send and receive."""
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def _register_commands() -> None:
    # One module per command under dico_sdk._cli, listed by dico_sdk._cli.commands().
    for command in commands():
        main.add_command(command)


_register_commands()
