"""The arithmetic of the rules: ``round2`` and the GS1 check digit, shared with ``dico_sdk.calc``.

``Decimal`` only: a float never enters, because binary floating point cannot hold 0.10 exactly and
would make a rule disagree with the arithmetic a person does on paper.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable
from decimal import Decimal

from dico_sdk.errors import UsageError

__all__ = [
    "CENT",
    "complete_gln",
    "divide",
    "gln_check_digit",
    "is_valid_gln",
    "line_amount",
    "multiply",
    "net_line_amount",
    "round2",
    "vat_amount",
]

CENT = Decimal("0.01")
"""One cent: the quantum of every amount."""

_GLN_LENGTH = 13

# A private context so that a caller's decimal.getcontext() (precision, traps) cannot change the
# outcome of a rule; 60 digits hold the product of the largest quantity and price of the schemas.
_CONTEXT = decimal.Context(prec=60, rounding=decimal.ROUND_HALF_UP)


def round2(value: Decimal) -> Decimal:
    """Round to 2 decimals, half away from zero (also for negative amounts): 0.125 -> 0.13.

    This is the one rounding step of the rules (rules.md); it is applied where a formula shows it
    and nowhere else.
    """
    if not isinstance(value, Decimal):
        raise UsageError(f"round2() takes a Decimal, not {type(value).__name__}")
    return value.quantize(CENT, rounding=decimal.ROUND_HALF_UP, context=_CONTEXT)


def multiply(left: Decimal, right: Decimal) -> Decimal:
    """``left * right`` exactly (within 60 digits), independent of the caller's context."""
    return _CONTEXT.multiply(left, right)


def divide(left: Decimal, right: Decimal) -> Decimal:
    """``left / right`` to 60 significant digits, independent of the caller's context."""
    return _CONTEXT.divide(left, right)


def gln_check_digit(first12: str) -> int:
    """The GS1 check digit of a GLN's first 12 digits: ``gln_check_digit("871234500001")``.

    The digits are weighed from the right alternately 3 and 1 (the rightmost weighs 3); the check
    digit brings the weighed sum up to a multiple of 10.
    """
    if not (isinstance(first12, str) and len(first12) == _GLN_LENGTH - 1 and _digits(first12)):
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
    if not (isinstance(gln, str) and len(gln) == _GLN_LENGTH and _digits(gln)):
        return False
    return gln_check_digit(gln[:-1]) == int(gln[-1])


def net_line_amount(
    quantity: Decimal,
    price: Decimal,
    basis: Decimal | None,
    allowances: Iterable[Decimal] = (),
    charges: Iterable[Decimal] = (),
) -> Decimal:
    """DICO-INV-02: round2(quantity x price / basis) - Σ allowances + Σ charges (basis 1 if None).

    The allowance and charge amounts carry 2 decimals already, so only the product is rounded.
    """
    gross = multiply(quantity, price)
    if basis is not None:
        gross = divide(gross, basis)
    return round2(gross) - sum(allowances, Decimal(0)) + sum(charges, Decimal(0))


def vat_amount(base: Decimal, percentage: Decimal) -> Decimal:
    """DICO-INV-06: round2(base x percentage / 100)."""
    return round2(divide(multiply(base, percentage), Decimal(100)))


def line_amount(quantity: Decimal, unit_price: Decimal) -> Decimal:
    """DICO-MI-03: round2(quantity x unit price)."""
    return round2(multiply(quantity, unit_price))
