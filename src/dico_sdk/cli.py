"""The ``dico`` command line.

Each subcommand is a thin layer over the library: errors of the SDK's hierarchy are printed as one
line on stderr (``--debug`` shows the traceback) and mapped to exit codes.
"""

from __future__ import annotations

import click

from dico_sdk._version import __version__

__all__ = ["main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dico")
def main() -> None:
    """Exchange DICO maintenance messages: validate, inspect, convert, send and receive."""
