"""Compute what the invoice rules check, so that software can build a correct invoice."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any, TypeVar

from dico_sdk.errors import UsageError
from dico_sdk.rules._arith import net_line_amount, vat_amount
from dico_sdk.rules._invoice_parts import ZERO, VatKey, amounts, total, vat_key
from dico_sdk.rules._nav import Node, assign, build, child_class

__all__ = ["complete_invoice"]

M = TypeVar("M")


def complete_invoice(invoice: M) -> M:
    """A copy of ``invoice`` with NetLineAmount, VATSubTotal and InvoiceTotals computed.

    From the lines (DeliveredQuantity, NetPrice, PriceBase, LineAllowance, LineCharge) and the
    document allowances and charges, exactly as DICO-INV-02 to -10 and -16 check them: every line
    gets its NetLineAmount, there is one VATSubTotal per (VATRate, VATPercentage) in order of first
    use, and the totals add up (PrepaidAmount is kept and subtracted). The argument is not changed.
    """
    result = copy.deepcopy(invoice)
    root = Node.root(result)
    if root.name != "Invoice":
        raise UsageError(f"complete_invoice() takes an Invoice, not a {root.name}")
    for line in root.children("InvoiceLine"):
        basis = _decimal(line.child("PriceBase"), "NumberOfUnitsInPriceBasis", required=False)
        if basis is not None and not basis:
            raise UsageError(f"{line.xpath}/PriceBase/NumberOfUnitsInPriceBasis must not be 0")
        amount = net_line_amount(
            _decimal(line, "DeliveredQuantity"),
            _decimal(line, "NetPrice"),
            basis,
            _amounts(line.children("LineAllowance")),
            _amounts(line.children("LineCharge")),
        )
        assign(line, "NetLineAmount", amount)
    subtotals = _subtotals(root)
    assign(root, "VATSubTotal", subtotals)
    _fill_totals(root, subtotals)
    return result


def _decimal(node: Node, name: str, *, required: bool = True) -> Any:
    """The value ``name`` of ``node``, refused unless a finite Decimal (or absent when optional).

    A float, a string or NaN would otherwise fail deep inside the arithmetic, without a place.
    """
    value = node.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, Decimal) or not value.is_finite():
        raise UsageError(f"{node.xpath}/{name} must be a finite Decimal, not {value!r}")
    return value


def _amounts(parts: list[Node]) -> list[Decimal]:
    found = (_decimal(part, "Amount", required=False) for part in parts)
    return [value for value in found if value is not None]


def _subtotals(root: Node) -> list[Any]:
    rates: dict[VatKey, tuple[Any, Decimal]] = {}
    bases: dict[VatKey, Decimal] = {}
    for name, amount_name, sign in (
        ("InvoiceLine", "NetLineAmount", 1),
        ("InvoiceAllowance", "Amount", -1),
        ("InvoiceCharge", "Amount", 1),
    ):
        for part in root.children(name):
            info = part.child("VATInformation")
            key = vat_key(info)
            if key is None:
                raise UsageError(f"{info.xpath} needs a VATRate and a VATPercentage")
            rates.setdefault(key, (info.get("VATRate"), _decimal(info, "VATPercentage")))
            amount = _decimal(part, amount_name, required=False)
            bases[key] = bases.get(key, ZERO) + sign * (amount or ZERO)
    subtotal_class = child_class(type(root.obj), "VATSubTotal")
    assert subtotal_class is not None
    return [
        build(
            subtotal_class,
            {
                "VATRate": rates[key][0],
                "VATPercentage": rates[key][1],
                "VATBaseAmount": base,
                "VATAmount": vat_amount(base, key[1]),
            },
        )
        for key, base in bases.items()
    ]


def _fill_totals(root: Node, subtotals: list[Any]) -> None:
    node = root.child("InvoiceTotals")
    net = total(amounts(root.values("InvoiceLine"), "NetLineAmount"))
    allowances = _optional_total(node, "TotalAllowanceAmount", root.values("InvoiceAllowance"))
    charges = _optional_total(node, "TotalChargeAmount", root.values("InvoiceCharge"))
    vat = total(amounts(subtotals, "VATAmount"))
    invoice_total = net - (allowances or ZERO) + (charges or ZERO) + vat
    prepaid = node.get("PrepaidAmount")
    values = {
        "TotalNetLineAmount": net,
        "TotalAllowanceAmount": allowances,
        "TotalChargeAmount": charges,
        "TotalVATBaseAmount": total(amounts(subtotals, "VATBaseAmount")),
        "TotalVATAmount": vat,
        "TotalInvoiceAmount": invoice_total,
        "PrepaidAmount": prepaid,
        "PayableAmount": invoice_total - (prepaid or ZERO),
    }
    if node.present:
        for name, value in values.items():
            assign(node, name, value)
    else:
        totals_class = child_class(type(root.obj), "InvoiceTotals")
        assert totals_class is not None
        assign(root, "InvoiceTotals", build(totals_class, values))


def _optional_total(totals: Node, name: str, parts: list[Any]) -> Decimal | None:
    """Σ the parts' amounts; absent when there are none and the total was absent too."""
    if not parts and totals.get(name) is None:
        return None
    return total(amounts(parts))
