"""The parts of an invoice that several INV rules read: VAT keys, amounts, VAT bases."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from dico_sdk.rules._nav import Node
from dico_sdk.rules._registry import RuleContext

__all__ = ["ZERO", "VatKey", "amounts", "total", "vat_bases", "vat_infos", "vat_key"]

ZERO = Decimal("0.00")
VatKey = tuple[str, Decimal]
"""(VATRate code, VATPercentage): Decimal compares and hashes by value, so 21 and 21.00 match."""


def vat_key(node: Node) -> VatKey | None:
    """The (rate, percentage) of a VATInformation or VATSubTotal node, None when incomplete."""
    rate, percentage = node.code("VATRate"), node.get("VATPercentage")
    if rate is None or percentage is None:
        return None
    return rate, percentage


def amounts(nodes: Iterable[Node], name: str = "Amount") -> list[Decimal]:
    """The stated amounts ``name`` of ``nodes`` (absent ones left out)."""
    values = (node.get(name) for node in nodes)
    return [value for value in values if value is not None]


def total(values: Iterable[Decimal]) -> Decimal:
    """Σ values, 0.00 for none."""
    return sum(values, ZERO)


def vat_infos(ctx: RuleContext) -> list[Node]:
    """The VATInformation of every line, document allowance and document charge, in order."""
    cached: list[Node] | None = ctx.memo.get("vat_infos")
    if cached is None:
        cached = [
            part.child("VATInformation")
            for name in ("InvoiceLine", "InvoiceAllowance", "InvoiceCharge")
            for part in ctx.root.children(name)
        ]
        ctx.memo["vat_infos"] = cached
    return cached


def vat_bases(ctx: RuleContext) -> dict[VatKey, Decimal]:
    """DICO-INV-05's right-hand side for every (rate, percentage) in use, in order of first use:
    Σ NetLineAmount + Σ InvoiceCharge - Σ InvoiceAllowance."""
    cached: dict[VatKey, Decimal] | None = ctx.memo.get("vat_bases")
    if cached is not None:
        return cached
    bases: dict[VatKey, Decimal] = {}
    for info in vat_infos(ctx):
        key = vat_key(info)
        if key is None:
            continue
        part: Any = info.parent
        amount = part.get("NetLineAmount") if part.name == "InvoiceLine" else part.get("Amount")
        sign = -1 if part.name == "InvoiceAllowance" else 1
        bases[key] = bases.get(key, ZERO) + (sign * amount if amount is not None else ZERO)
    ctx.memo["vat_bases"] = bases
    return bases
