"""Rules of the InvoiceTotals (rules.md, DICO-INV-03, -07, -08, -09, -10, -16)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from dico_sdk.rules._invoice_parts import ZERO, amounts, total
from dico_sdk.rules._nav import Node
from dico_sdk.rules._registry import Finding, RuleContext, Severity, register

__all__: list[str] = []

INVOICE = "Invoice"
ERROR = Severity.ERROR


def _totals(ctx: RuleContext) -> Node:
    return ctx.root.child("InvoiceTotals")


def _stated(ctx: RuleContext, name: str) -> Decimal:
    """A total as stated, 0 when absent (rules.md: absent totals count as 0)."""
    value = _totals(ctx).get(name)
    return value if value is not None else ZERO


@register(
    "DICO-INV-03",
    ERROR,
    INVOICE,
    summary="TotalNetLineAmount = Σ NetLineAmount.",
    summary_nl="TotalNetLineAmount = Σ NetLineAmount.",
    en="TotalNetLineAmount is {value}, but the NetLineAmounts add up to {expected}",
    nl="TotalNetLineAmount is {value}, maar de NetLineAmounts tellen op tot {expected}",
)
def total_net_line_amount(ctx: RuleContext) -> Iterator[Finding]:
    node = _totals(ctx).child("TotalNetLineAmount")
    expected = total(amounts(ctx.root.values("InvoiceLine"), "NetLineAmount"))
    if node.obj is not None and node.obj != expected:
        yield ctx.finding(node, value=node.obj, expected=expected)


def _document_total(ctx: RuleContext, total_name: str, part_name: str) -> Iterator[Finding]:
    node = _totals(ctx).child(total_name)
    parts = ctx.root.values(part_name)
    expected = total(amounts(parts))
    if node.obj is None and parts:
        yield ctx.finding(node, expected=expected, element=total_name, parts=part_name)
    elif node.obj is not None and node.obj != expected:
        yield ctx.finding(
            node, value=node.obj, expected=expected, element=total_name, parts=part_name
        )


_TOTAL_EN = "{element} is {value}, but the {parts} amounts add up to {expected}"
_TOTAL_NL = "{element} is {value}, maar de bedragen van {parts} tellen op tot {expected}"


@register(
    "DICO-INV-07",
    ERROR,
    INVOICE,
    summary="TotalAllowanceAmount = Σ InvoiceAllowance Amount, present when any InvoiceAllowance "
    "is (absent means 0).",
    summary_nl="TotalAllowanceAmount = Σ InvoiceAllowance Amount, aanwezig zodra er een "
    "InvoiceAllowance is (afwezig betekent 0).",
    en=_TOTAL_EN,
    nl=_TOTAL_NL,
)
def total_allowance_amount(ctx: RuleContext) -> Iterator[Finding]:
    return _document_total(ctx, "TotalAllowanceAmount", "InvoiceAllowance")


@register(
    "DICO-INV-16",
    ERROR,
    INVOICE,
    summary="TotalChargeAmount = Σ InvoiceCharge Amount, present when any InvoiceCharge is "
    "(absent means 0).",
    summary_nl="TotalChargeAmount = Σ InvoiceCharge Amount, aanwezig zodra er een InvoiceCharge "
    "is (afwezig betekent 0).",
    en=_TOTAL_EN,
    nl=_TOTAL_NL,
)
def total_charge_amount(ctx: RuleContext) -> Iterator[Finding]:
    return _document_total(ctx, "TotalChargeAmount", "InvoiceCharge")


@register(
    "DICO-INV-08",
    ERROR,
    INVOICE,
    summary="TotalVATBaseAmount = Σ VATBaseAmount and TotalVATAmount = Σ VATAmount.",
    summary_nl="TotalVATBaseAmount = Σ VATBaseAmount en TotalVATAmount = Σ VATAmount.",
    en="{element} is {value}, but the VAT subtotals add up to {expected}",
    nl="{element} is {value}, maar de btw-subtotalen tellen op tot {expected}",
)
def vat_totals(ctx: RuleContext) -> Iterator[Finding]:
    subtotals = ctx.root.values("VATSubTotal")
    for total_name, part in (
        ("TotalVATBaseAmount", "VATBaseAmount"),
        ("TotalVATAmount", "VATAmount"),
    ):
        node = _totals(ctx).child(total_name)
        expected = total(amounts(subtotals, part))
        if node.obj is not None and node.obj != expected:
            yield ctx.finding(node, value=node.obj, expected=expected, element=total_name)


@register(
    "DICO-INV-09",
    ERROR,
    INVOICE,
    summary="TotalInvoiceAmount = TotalNetLineAmount - TotalAllowanceAmount + TotalChargeAmount "
    "+ TotalVATAmount (absent totals count as 0).",
    summary_nl="TotalInvoiceAmount = TotalNetLineAmount - TotalAllowanceAmount + "
    "TotalChargeAmount + TotalVATAmount (afwezige totalen tellen als 0).",
    en="TotalInvoiceAmount is {value}, but {net} - {allowances} + {charges} + {vat} = {expected}",
    nl="TotalInvoiceAmount is {value}, maar {net} - {allowances} + {charges} + {vat} = {expected}",
)
def total_invoice_amount(ctx: RuleContext) -> Iterator[Finding]:
    node = _totals(ctx).child("TotalInvoiceAmount")
    net, vat = _stated(ctx, "TotalNetLineAmount"), _stated(ctx, "TotalVATAmount")
    allowances = _stated(ctx, "TotalAllowanceAmount")
    charges = _stated(ctx, "TotalChargeAmount")
    expected = net - allowances + charges + vat
    if node.obj is not None and node.obj != expected:
        yield ctx.finding(
            node,
            value=node.obj,
            expected=expected,
            net=net,
            allowances=allowances,
            charges=charges,
            vat=vat,
        )


@register(
    "DICO-INV-10",
    ERROR,
    INVOICE,
    summary="PayableAmount = TotalInvoiceAmount - PrepaidAmount (0 when absent).",
    summary_nl="PayableAmount = TotalInvoiceAmount - PrepaidAmount (0 als het ontbreekt).",
    en="PayableAmount is {value}, but {invoice_total} - {prepaid} = {expected}",
    nl="PayableAmount is {value}, maar {invoice_total} - {prepaid} = {expected}",
)
def payable_amount(ctx: RuleContext) -> Iterator[Finding]:
    node = _totals(ctx).child("PayableAmount")
    invoice_total = _totals(ctx).get("TotalInvoiceAmount")
    prepaid = _stated(ctx, "PrepaidAmount")
    if node.obj is None or invoice_total is None:
        return
    expected = invoice_total - prepaid
    if node.obj != expected:
        yield ctx.finding(
            node, value=node.obj, expected=expected, invoice_total=invoice_total, prepaid=prepaid
        )
