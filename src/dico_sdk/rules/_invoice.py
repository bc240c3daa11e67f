"""Rules of the Invoice, per line and per VAT rate (rules.md, DICO-INV-*; totals: _totals.py)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from dico_sdk.rules._arith import net_line_amount, vat_amount
from dico_sdk.rules._invoice_parts import (
    amounts,
    rated,
    rated_node,
    total,
    vat_bases,
    vat_key,
)
from dico_sdk.rules._nav import Node, as_date, value_of
from dico_sdk.rules._registry import Finding, RuleContext, Severity, register

__all__: list[str] = []

INVOICE = "Invoice"
ERROR, WARNING = Severity.ERROR, Severity.WARNING
ZERO_RATES = frozenset({"Z", "E", "AE", "O", "G", "K"})
FOREIGN_RATES = frozenset({"L", "M"})


@register(
    "DICO-INV-01",
    ERROR,
    INVOICE,
    summary="InvoiceType 384 requires InvoiceNumberToBeCorrected; 380 must not carry it.",
    summary_nl="InvoiceType 384 vereist InvoiceNumberToBeCorrected; 380 mag het niet hebben.",
    en="{reason}",
    nl="{reason_nl}",
)
def correction_reference(ctx: RuleContext) -> Iterator[Finding]:
    kind = ctx.root.code("InvoiceType")
    node = ctx.root.child("InvoiceNumberToBeCorrected")
    if kind == "384" and not node.present:
        yield ctx.finding(
            node,
            reason="a corrected invoice (384) requires InvoiceNumberToBeCorrected",
            reason_nl="een correctiefactuur (384) vereist InvoiceNumberToBeCorrected",
        )
    elif kind == "380" and node.present:
        yield ctx.finding(
            node,
            value=node.obj,
            reason="a commercial invoice (380) must not carry InvoiceNumberToBeCorrected",
            reason_nl="een factuur (380) mag geen InvoiceNumberToBeCorrected hebben",
        )


@register(
    "DICO-INV-02",
    ERROR,
    INVOICE,
    summary="NetLineAmount = round2(DeliveredQuantity x NetPrice / NumberOfUnitsInPriceBasis) "
    "- Σ LineAllowance + Σ LineCharge (NumberOfUnitsInPriceBasis is 1 when absent).",
    summary_nl="NetLineAmount = round2(DeliveredQuantity x NetPrice / NumberOfUnitsInPriceBasis) "
    "- Σ LineAllowance + Σ LineCharge (NumberOfUnitsInPriceBasis is 1 als het ontbreekt).",
    en="NetLineAmount is {value}, but round2({quantity} x {price} / {basis}) - {allowances} "
    "+ {charges} = {expected}",
    nl="NetLineAmount is {value}, maar round2({quantity} x {price} / {basis}) - {allowances} "
    "+ {charges} = {expected}",
)
def line_net_amount(ctx: RuleContext) -> Iterator[Finding]:
    for number, line in enumerate(ctx.root.values("InvoiceLine"), start=1):
        quantity, price = value_of(line, "DeliveredQuantity"), value_of(line, "NetPrice")
        stated = value_of(line, "NetLineAmount")
        basis = value_of(value_of(line, "PriceBase"), "NumberOfUnitsInPriceBasis")
        if quantity is None or price is None or stated is None:
            continue
        if basis is not None and basis <= 0:
            continue  # the XSD requires a positive basis
        allowances = amounts(value_of(line, "LineAllowance"))
        charges = amounts(value_of(line, "LineCharge"))
        expected = net_line_amount(quantity, price, basis, allowances, charges)
        if stated != expected:
            yield ctx.finding(
                ctx.root.item("InvoiceLine", number).child("NetLineAmount"),
                value=stated,
                expected=expected,
                quantity=quantity,
                price=price,
                basis=basis if basis is not None else 1,
                allowances=total(allowances),
                charges=total(charges),
            )


def _subtotals(ctx: RuleContext) -> list[Node]:
    return ctx.root.children("VATSubTotal")


def _describe(key: tuple[str, Decimal]) -> str:
    return f"{key[0]} {key[1]}%"


@register(
    "DICO-INV-04",
    ERROR,
    INVOICE,
    summary="One VATSubTotal per distinct (VATRate, VATPercentage) used by the lines, allowances "
    "and charges, and none besides.",
    summary_nl="Een VATSubTotal per verschillende (VATRate, VATPercentage) van de regels, "
    "kortingen en toeslagen, en geen andere.",
    en="{reason}",
    nl="{reason_nl}",
)
def one_subtotal_per_rate(ctx: RuleContext) -> Iterator[Finding]:
    used = vat_bases(ctx)
    seen: set[tuple[str, Decimal]] = set()
    for subtotal in _subtotals(ctx):
        key = vat_key(subtotal)
        if key is None:
            continue
        rate = _describe(key)
        if key in seen:
            yield ctx.finding(
                subtotal,
                value=rate,
                reason=f"a second VATSubTotal for {rate}",
                reason_nl=f"een tweede VATSubTotal voor {rate}",
            )
        elif key not in used:
            yield ctx.finding(
                subtotal,
                value=rate,
                reason=f"no line, allowance or charge has VAT {rate}",
                reason_nl=f"geen regel, korting of toeslag heeft btw {rate}",
            )
        seen.add(key)
    if not set(used) - seen:
        return
    for item in rated(ctx):
        key = item.key
        if item.part != "VATSubTotal" and key is not None and key not in seen:
            seen.add(key)  # reported once, at its first use
            yield ctx.finding(
                rated_node(ctx, item),
                value=_describe(key),
                reason=f"there is no VATSubTotal for VAT {_describe(key)}",
                reason_nl=f"er is geen VATSubTotal voor btw {_describe(key)}",
            )


@register(
    "DICO-INV-05",
    ERROR,
    INVOICE,
    summary="VATBaseAmount of a subtotal = Σ NetLineAmount + Σ InvoiceCharge - Σ "
    "InvoiceAllowance of its (VATRate, VATPercentage).",
    summary_nl="VATBaseAmount van een subtotaal = Σ NetLineAmount + Σ InvoiceCharge - Σ "
    "InvoiceAllowance van zijn (VATRate, VATPercentage).",
    en="VATBaseAmount for VAT {rate} is {value}, but the lines, charges and allowances of that "
    "rate add up to {expected}",
    nl="VATBaseAmount voor btw {rate} is {value}, maar de regels, toeslagen en kortingen van dat "
    "tarief tellen op tot {expected}",
)
def vat_base_amount(ctx: RuleContext) -> Iterator[Finding]:
    bases = vat_bases(ctx)
    for subtotal in _subtotals(ctx):
        key = vat_key(subtotal)
        stated = subtotal.child("VATBaseAmount")
        if key is None or stated.obj is None:
            continue
        expected = bases.get(key, Decimal("0.00"))
        if stated.obj != expected:
            yield ctx.finding(stated, value=stated.obj, expected=expected, rate=_describe(key))


@register(
    "DICO-INV-06",
    ERROR,
    INVOICE,
    summary="VATAmount = round2(VATBaseAmount x VATPercentage / 100).",
    summary_nl="VATAmount = round2(VATBaseAmount x VATPercentage / 100).",
    en="VATAmount is {value}, but round2({base} x {percentage} / 100) = {expected}",
    nl="VATAmount is {value}, maar round2({base} x {percentage} / 100) = {expected}",
)
def vat_amount_rounded(ctx: RuleContext) -> Iterator[Finding]:
    for subtotal in _subtotals(ctx):
        base, percentage = subtotal.get("VATBaseAmount"), subtotal.get("VATPercentage")
        stated = subtotal.child("VATAmount")
        if base is None or percentage is None or stated.obj is None:
            continue
        expected = vat_amount(base, percentage)
        if stated.obj != expected:
            yield ctx.finding(
                stated, value=stated.obj, expected=expected, base=base, percentage=percentage
            )


@register(
    "DICO-INV-11",
    ERROR,
    INVOICE,
    summary="VATRate S has a VATPercentage above 0; Z, E, AE, O, G and K have 0; L and M are "
    "not constrained (see DICO-INV-17).",
    summary_nl="VATRate S heeft een VATPercentage boven 0; Z, E, AE, O, G en K hebben 0; L en M "
    "zijn vrij (zie DICO-INV-17).",
    en="VATRate {rate} cannot have VATPercentage {value}: {reason}",
    nl="VATRate {rate} kan geen VATPercentage {value} hebben: {reason_nl}",
)
def rate_percentage(ctx: RuleContext) -> Iterator[Finding]:
    for item in rated(ctx):
        if item.key is None:
            continue
        rate, percentage = item.key
        if rate == "S" and percentage <= 0:
            reason, reason_nl = "the standard rate is above 0", "het standaardtarief is boven 0"
        elif rate in ZERO_RATES and percentage != 0:
            reason, reason_nl = "this rate is 0", "dit tarief is 0"
        else:
            continue
        yield ctx.finding(
            rated_node(ctx, item).child("VATPercentage"),
            value=percentage,
            expected="0" if rate in ZERO_RATES else "> 0",
            rate=rate,
            reason=reason,
            reason_nl=reason_nl,
        )


@register(
    "DICO-INV-12",
    ERROR,
    INVOICE,
    summary="VATRate AE (reverse charge) requires the Invoicee's VATRegistrationNumber.",
    summary_nl="VATRate AE (btw verlegd) vereist het VATRegistrationNumber van de Invoicee.",
    en="VAT is reverse-charged (AE) but the Invoicee has no VATRegistrationNumber",
    nl="de btw is verlegd (AE) maar de Invoicee heeft geen VATRegistrationNumber",
)
def reverse_charge_vat_number(ctx: RuleContext) -> Iterator[Finding]:
    node = ctx.root.child("Invoicee").child("VATRegistrationNumber")
    if node.present:
        return
    if any(item.key is not None and item.key[0] == "AE" for item in rated(ctx)):
        yield ctx.finding(node)


@register(
    "DICO-INV-13",
    ERROR,
    INVOICE,
    summary="ExpirationDate is on or after InvoiceDate.",
    summary_nl="ExpirationDate ligt niet voor InvoiceDate.",
    en="ExpirationDate {value} is before InvoiceDate {invoice_date}",
    nl="ExpirationDate {value} ligt voor InvoiceDate {invoice_date}",
)
def expiration_date(ctx: RuleContext) -> Iterator[Finding]:
    node = ctx.root.child("ExpirationDate")
    due, issued = as_date(node.obj), as_date(ctx.root.get("InvoiceDate"))
    if due is not None and issued is not None and due < issued:
        yield ctx.finding(node, value=due, invoice_date=issued)


@register(
    "DICO-INV-14",
    WARNING,
    INVOICE,
    summary="The Currency is not EUR.",
    summary_nl="De Currency is niet EUR.",
    en="the invoice is in {value}, not EUR",
    nl="de factuur is in {value}, niet in EUR",
)
def currency(ctx: RuleContext) -> Iterator[Finding]:
    node = ctx.root.child("Currency")
    if node.present and node.obj != "EUR":
        yield ctx.finding(node, value=node.obj)


@register(
    "DICO-INV-15",
    WARNING,
    INVOICE,
    summary="A 380 invoice whose TotalInvoiceAmount is negative (a credit invoice).",
    summary_nl="Een 380-factuur met een negatief TotalInvoiceAmount (een creditfactuur).",
    en="TotalInvoiceAmount {value} is negative: this 380 invoice is a credit invoice",
    nl="TotalInvoiceAmount {value} is negatief: deze 380-factuur is een creditfactuur",
)
def credit_invoice(ctx: RuleContext) -> Iterator[Finding]:
    node = ctx.root.child("InvoiceTotals").child("TotalInvoiceAmount")
    if ctx.root.code("InvoiceType") == "380" and node.obj is not None and node.obj < 0:
        yield ctx.finding(node, value=node.obj)


@register(
    "DICO-INV-17",
    WARNING,
    INVOICE,
    summary="VATRate L or M (Canary Islands, Ceuta and Melilla taxes) on a Dutch maintenance "
    "invoice.",
    summary_nl="VATRate L of M (belastingen van de Canarische eilanden, Ceuta en Melilla) op een "
    "Nederlandse onderhoudsfactuur.",
    en="VATRate {value} is a Canary Islands or Ceuta/Melilla tax, unusual on a Dutch invoice",
    nl="VATRate {value} is een belasting van de Canarische eilanden of Ceuta/Melilla, "
    "ongebruikelijk op een Nederlandse factuur",
)
def foreign_rate(ctx: RuleContext) -> Iterator[Finding]:
    for item in rated(ctx):
        if item.key is not None and item.key[0] in FOREIGN_RATES:
            yield ctx.finding(rated_node(ctx, item).child("VATRate"), value=item.key[0])
