"""Compute what the business rules check, so that software can build correct messages.

``complete_invoice`` fills an invoice's NetLineAmount, VATSubTotal and InvoiceTotals; the other
helpers are the formulas of rules.md one by one, all ``Decimal``, rounded half away from zero to
2 decimals exactly where the rules round::

    >>> from decimal import Decimal
    >>> from dico_sdk.calc import gln_check_digit, round2
    >>> gln_check_digit("871234500001")
    1
    >>> round2(Decimal("-2.345"))
    Decimal('-2.35')
"""

from dico_sdk.rules._arith import (
    complete_gln,
    gln_check_digit,
    is_valid_gln,
    line_amount,
    net_line_amount,
    round2,
    vat_amount,
)
from dico_sdk.rules._complete import complete_invoice

__all__ = [
    "complete_gln",
    "complete_invoice",
    "gln_check_digit",
    "is_valid_gln",
    "line_amount",
    "net_line_amount",
    "round2",
    "vat_amount",
]
