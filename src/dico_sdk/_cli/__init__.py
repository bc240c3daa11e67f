"""The ``dico`` subcommands, one module each."""

from __future__ import annotations

import click

from dico_sdk._cli._client import fetch, orders, send
from dico_sdk._cli._convert import convert
from dico_sdk._cli._demo import demo
from dico_sdk._cli._gln import gln
from dico_sdk._cli._hub import hub
from dico_sdk._cli._show import show
from dico_sdk._cli._validate import validate_command

__all__ = ["commands"]


def commands() -> list[click.Command]:
    """Every subcommand of ``dico``. Add one import and one list entry per command module."""
    return [
        gln,
        hub,
        validate_command,
        show,
        convert,
        demo,
        send,
        fetch,
        orders,
    ]
