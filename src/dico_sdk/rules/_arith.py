"""The arithmetic of the rules: ``round2`` and the GS1 check digit, shared with ``dico_sdk.calc``.

``Decimal`` only: a float never enters, because binary floating point cannot hold 0.10 exactly and
would make a rule disagree with the arithmetic a person does on paper.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable
from decimal import Decimal

from dico_sdk._gln import complete_gln, gln_check_digit, is_valid_gln
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
