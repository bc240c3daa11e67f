"""The GS1 check digit of a GLN (rules.md DICO-GLN-01), written once for every layer.

It sits at the bottom (no imports beyond ``errors``) so that the hub, which must not load the
codec, and the rules and test factories all use the same arithmetic.
"""

from __future__ import annotations

from dico_sdk.errors import UsageError

__all__ = ["GLN_LENGTH", "complete_gln", "gln_check_digit", "is_valid_gln"]

GLN_LENGTH = 13


def gln_check_digit(first12: str) -> int:
    """The GS1 check digit of a GLN's first 12 digits: ``gln_check_digit("871234500001")``.

    The digits are weighed from the right alternately 3 and 1 (the rightmost weighs 3); the check
    digit brings the weighed sum up to a multiple of 10.
    """
    if not (isinstance(first12, str) and len(first12) == GLN_LENGTH - 1 and _digits(first12)):
        raise UsageError(f"a GLN's first part is 12 digits, not {first12!r}")
    total = sum(
        int(digit) * (3 if position % 2 == 0 else 1)
        for position, digit in enumerate(reversed(first12))
    )
    return (10 - total % 10) % 10


def _digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def complete_gln(first12: str) -> str:
    """The full 13-digit GLN for 12 digits: the digits followed by their check digit."""
    return f"{first12}{gln_check_digit(first12)}"


def is_valid_gln(gln: str) -> bool:
    """True when ``gln`` is 13 ASCII digits whose last digit is the GS1 check digit."""
    if not (isinstance(gln, str) and len(gln) == GLN_LENGTH and _digits(gln)):
        return False
    return gln_check_digit(gln[:-1]) == int(gln[-1])
