"""Rules of the MaintenanceInstruction (rules.md, DICO-MI-*)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal

from dico_sdk.rules._arith import line_amount
from dico_sdk.rules._nav import as_date
from dico_sdk.rules._registry import Finding, RuleContext, Severity, register

__all__: list[str] = []

INSTRUCTION = "MaintenanceInstruction"
WARRANTY = "GAR"


@register(
    "DICO-MI-01",
    Severity.ERROR,
    INSTRUCTION,
    summary="RequestedPeriod: EarliestStartDate is on or before LatestCompletionDate.",
    summary_nl="RequestedPeriod: EarliestStartDate ligt niet na LatestCompletionDate.",
    en="LatestCompletionDate {value} is before EarliestStartDate {start}",
    nl="LatestCompletionDate {value} ligt voor EarliestStartDate {start}",
)
def requested_period(ctx: RuleContext) -> Iterator[Finding]:
    period = ctx.root.child("RequestedPeriod")
    start = as_date(period.get("EarliestStartDate"))
    end = period.child("LatestCompletionDate")
    latest = as_date(end.obj)
    if start is not None and latest is not None and latest < start:
        yield ctx.finding(end, value=latest, start=start)


@register(
    "DICO-MI-02",
    Severity.WARNING,
    INSTRUCTION,
    summary='InstructionDate is more than one day after "today".',
    summary_nl='InstructionDate ligt meer dan een dag na "vandaag".',
    en="InstructionDate {value} is more than one day after today ({today})",
    nl="InstructionDate {value} ligt meer dan een dag na vandaag ({today})",
)
def instruction_date(ctx: RuleContext) -> Iterator[Finding]:
    node = ctx.root.child("InstructionDate")
    day = as_date(node.obj)
    if day is not None and day > ctx.today + timedelta(days=1):
        yield ctx.finding(node, value=day, today=ctx.today)


@register(
    "DICO-MI-03",
    Severity.ERROR,
    INSTRUCTION,
    summary="An InstructionLine with Quantity, UnitPrice and LineAmount has "
    "LineAmount = round2(Quantity x UnitPrice).",
    summary_nl="Een InstructionLine met Quantity, UnitPrice en LineAmount heeft "
    "LineAmount = round2(Quantity x UnitPrice).",
    en="LineAmount is {value}, but round2({quantity} x {price}) = {expected}",
    nl="LineAmount is {value}, maar round2({quantity} x {price}) = {expected}",
)
def instruction_line_amount(ctx: RuleContext) -> Iterator[Finding]:
    for line in ctx.root.children("InstructionLine"):
        quantity, price = line.get("Quantity"), line.get("UnitPrice")
        amount = line.child("LineAmount")
        if quantity is None or price is None or amount.obj is None:
            continue
        expected = line_amount(quantity, price)
        if amount.obj != expected:
            yield ctx.finding(
                amount, value=amount.obj, expected=expected, quantity=quantity, price=price
            )


@register(
    "DICO-MI-04",
    Severity.WARNING,
    INSTRUCTION,
    summary="The sum of the LineAmounts exceeds MaximumAmount.",
    summary_nl="De som van de LineAmounts is hoger dan MaximumAmount.",
    en="the line amounts add up to {total}, more than MaximumAmount {value}",
    nl="de regelbedragen tellen op tot {total}, meer dan MaximumAmount {value}",
)
def maximum_amount(ctx: RuleContext) -> Iterator[Finding]:
    node = ctx.root.child("MaximumAmount")
    if node.obj is None:
        return
    amounts = (line.get("LineAmount") for line in ctx.root.children("InstructionLine"))
    total = sum((amount for amount in amounts if amount is not None), Decimal(0))
    if total > node.obj:
        yield ctx.finding(node, value=node.obj, total=total)


@register(
    "DICO-MI-05",
    Severity.ERROR,
    INSTRUCTION,
    summary="Warranty is consistent: PaymentMethod GAR goes with ChargeTo GAR (or none), "
    "and ChargeTo GAR with PaymentMethod GAR.",
    summary_nl="Garantie is consistent: PaymentMethod GAR hoort bij ChargeTo GAR (of geen), "
    "en ChargeTo GAR bij PaymentMethod GAR.",
    en="PaymentMethod {method} contradicts ChargeTo {value}",
    nl="PaymentMethod {method} is in tegenspraak met ChargeTo {value}",
)
def warranty(ctx: RuleContext) -> Iterator[Finding]:
    method = ctx.root.code("PaymentMethod")
    charge_to = ctx.root.child("ChargeTo")
    target = ctx.root.code("ChargeTo")
    if target is None or method is None:
        return
    if (method == WARRANTY) != (target == WARRANTY):
        yield ctx.finding(charge_to, value=target, method=method)
