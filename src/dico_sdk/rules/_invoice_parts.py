"""The parts of an invoice that several INV rules read: VAT keys, amounts, VAT bases."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any, NamedTuple

from dico_sdk.rules._nav import Node, code_of, value_of
from dico_sdk.rules._registry import RuleContext

__all__ = [
    "ZERO",
    "Rated",
    "VatKey",
    "amounts",
    "rated",
    "rated_node",
    "total",
    "vat_bases",
    "vat_key",
]

ZERO = Decimal("0.00")
VatKey = tuple[str, Decimal]
"""(VATRate code, VATPercentage): Decimal compares and hashes by value, so 21 and 21.00 match."""


def vat_key(node: Node) -> VatKey | None:
    """The (rate, percentage) of a VATInformation or VATSubTotal node, None when incomplete."""
    return _key(node.obj)


def amounts(parts: Iterable[Any], name: str = "Amount") -> list[Decimal]:
    """The stated amounts ``name`` of generated objects ``parts`` (absent ones left out)."""
    values = (value_of(part, name) for part in parts)
    return [value for value in values if value is not None]


def total(values: Iterable[Decimal]) -> Decimal:
    """Σ values, 0.00 for none."""
    return sum(values, ZERO)


# The parts of an invoice that carry VAT: (element, its amount, sign in the VAT base).
_VAT_PARTS = (
    ("InvoiceLine", "NetLineAmount", 1),
    ("InvoiceAllowance", "Amount", -1),
    ("InvoiceCharge", "Amount", 1),
)


class Rated(NamedTuple):
    """Something that carries a VAT rate: a line's, allowance's or charge's VATInformation, or a
    VATSubTotal. Kept as plain values; :func:`rated_node` makes the node for a finding."""

    part: str
    number: int
    """1-based, among the parts of its kind."""
    key: VatKey | None


def rated(ctx: RuleContext) -> list[Rated]:
    """Every VAT-rated part in document order: lines, allowances, charges, then subtotals."""
    cached: list[Rated] | None = ctx.memo.get("rated")
    if cached is None:
        cached = []
        for name, _, _ in _VAT_PARTS:
            for index, part in enumerate(ctx.root.values(name), start=1):
                cached.append(Rated(name, index, _key(value_of(part, "VATInformation"))))
        for index, subtotal in enumerate(ctx.root.values("VATSubTotal"), start=1):
            cached.append(Rated("VATSubTotal", index, _key(subtotal)))
        ctx.memo["rated"] = cached
    return cached


def rated_node(ctx: RuleContext, item: Rated) -> Node:
    """The node holding VATRate and VATPercentage of ``item``."""
    node = ctx.root.item(item.part, item.number)
    return node if item.part == "VATSubTotal" else node.child("VATInformation")


def _key(holder: Any) -> VatKey | None:
    rate, percentage = value_of(holder, "VATRate"), value_of(holder, "VATPercentage")
    if rate is None or percentage is None:
        return None
    return code_of(rate), percentage


def vat_bases(ctx: RuleContext) -> dict[VatKey, Decimal]:
    """DICO-INV-05's right-hand side for every (rate, percentage) in use, in order of first use:
    Σ NetLineAmount + Σ InvoiceCharge - Σ InvoiceAllowance."""
    cached: dict[VatKey, Decimal] | None = ctx.memo.get("vat_bases")
    if cached is not None:
        return cached
    bases: dict[VatKey, Decimal] = {}
    for name, amount_name, sign in _VAT_PARTS:
        for part in ctx.root.values(name):
            key = _key(value_of(part, "VATInformation"))
            if key is None:
                continue
            amount = value_of(part, amount_name)
            bases[key] = bases.get(key, ZERO) + (sign * amount if amount is not None else ZERO)
    ctx.memo["vat_bases"] = bases
    return bases
