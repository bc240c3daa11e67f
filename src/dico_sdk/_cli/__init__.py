"""The ``dico`` subcommands, one module each."""

from __future__ import annotations

import click

from dico_sdk._cli._gln import gln
from dico_sdk._cli._hub import hub

__all__ = ["commands"]


def commands() -> list[click.Command]:
    """Every subcommand of ``dico``. Add one import and one list entry per command module."""
    return [
        gln,
        hub,
    ]
