"""``dico gln CHECK|COMPLETE NUMBER``: check a GLN's check digit, or compute it."""

from __future__ import annotations

import sys

import click

from dico_sdk.calc import complete_gln, gln_check_digit, is_valid_gln

__all__ = ["gln"]

EXIT_INVALID = 1


@click.command("gln")
@click.argument("action", type=click.Choice(["check", "complete"], case_sensitive=False))
@click.argument("number")
def gln(action: str, number: str) -> None:
    """CHECK a 13-digit GLN, or COMPLETE 12 digits with their GS1 check digit.

    \b
      dico gln check 8712345000011      exit 0 when valid, 1 when not
      dico gln complete 871234500001    prints 8712345000011
    """
    number = number.strip()
    if action.lower() == "complete":
        click.echo(complete_gln(number))
        return
    if is_valid_gln(number):
        click.echo(f"{number}: valid GLN")
        return
    if len(number) == 13 and number.isascii() and number.isdigit():
        fixed = complete_gln(number[:12])
        digit = gln_check_digit(number[:12])
        click.echo(f"{number}: invalid GLN: the check digit should be {digit} ({fixed})")
    else:
        click.echo(f"{number}: invalid GLN: a GLN is 13 digits")
    sys.exit(EXIT_INVALID)
