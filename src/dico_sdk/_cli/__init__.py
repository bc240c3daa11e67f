"""The ``dico`` subcommands, one module each."""

from __future__ import annotations

import click

from dico_sdk._cli._demo import demo

__all__ = ["commands"]


def commands() -> list[click.Command]:
    """Every subcommand of ``dico``. Add one import and one list entry per command module."""
    return [demo]
