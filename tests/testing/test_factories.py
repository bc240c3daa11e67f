"""The factories build valid messages whose GLNs and amounts hold up (rules.md)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest

from dico_sdk import decode, encode
from dico_sdk.messages import Invoice, MaintenanceType, PaymentMethod
from dico_sdk.testing import (
    full_invoice,
    full_maintenance_status,
    gln_with_check_digit,
    leaking_tap_instruction,
    minimal_invoice,
    minimal_maintenance_instruction,
    minimal_maintenance_status,
    tenant_turnover_instruction,
)

FACTORIES: list[Callable[..., Any]] = [
    minimal_maintenance_instruction,
    leaking_tap_instruction,
    tenant_turnover_instruction,
    minimal_maintenance_status,
    full_maintenance_status,
    minimal_invoice,
    full_invoice,
]


def _round2(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _glns(obj: Any) -> Iterator[str]:
    if dataclasses.is_dataclass(obj):
        for field in dataclasses.fields(obj):
            value = getattr(obj, field.name)
            if field.name.endswith("gln") and isinstance(value, str):
                yield value
            else:
                yield from _glns(value)
    elif isinstance(obj, list):
        for item in obj:
            yield from _glns(item)


def _gs1_valid(gln: str) -> bool:
    digits = [int(c) for c in gln]
    total = sum(d * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(digits[:12])))
    return len(gln) == 13 and (10 - total % 10) % 10 == digits[12]


@pytest.mark.parametrize("factory", FACTORIES, ids=lambda f: f.__name__)
def test_schema_valid_and_round_trips(factory: Callable[..., Any]) -> None:
    message = factory()
    assert decode(encode(message)) == message


@pytest.mark.parametrize("factory", FACTORIES, ids=lambda f: f.__name__)
def test_glns_have_gs1_check_digits(factory: Callable[..., Any]) -> None:
    glns = list(_glns(factory()))
    assert len(glns) >= 2
    assert all(_gs1_valid(gln) for gln in glns), glns


def test_gln_check_digit_matches_a_published_example() -> None:
    assert gln_with_check_digit("400638133393") == "4006381333931"  # GS1 EAN-13 example
    with pytest.raises(ValueError, match="12 digits"):
        gln_with_check_digit("12345")


def test_overrides_replace_top_level_fields_and_return_new_objects() -> None:
    first = full_invoice()
    second = full_invoice(invoice_number="F-2")
    assert second.invoice_number == "F-2"
    assert first.invoice_number == "F-2026-00412"
    assert first.invoice_line is not full_invoice().invoice_line


def test_the_realistic_instructions_are_what_they_say() -> None:
    assert leaking_tap_instruction().maintenance_type is MaintenanceType.REP
    turnover = tenant_turnover_instruction()
    assert turnover.maintenance_type is MaintenanceType.MUT
    assert turnover.payment_method is PaymentMethod.EHP
    for line in turnover.instruction_line:
        if line.quantity is not None and line.unit_price is not None:
            assert line.line_amount == _round2(line.quantity * line.unit_price)


def test_full_invoice_adds_up_with_two_vat_rates() -> None:
    invoice: Invoice = full_invoice()
    for line in invoice.invoice_line:
        units = line.price_base.number_of_units_in_price_basis if line.price_base else Decimal(1)
        expected = _round2(line.delivered_quantity * line.net_price / units)
        expected -= sum((a.amount for a in line.line_allowance), Decimal(0))
        expected += sum((c.amount for c in line.line_charge), Decimal(0))
        assert line.net_line_amount == expected
    totals = invoice.invoice_totals
    assert totals.total_net_line_amount == sum(
        line.net_line_amount for line in invoice.invoice_line
    )
    bases: dict[Decimal, Decimal] = {}
    for line in invoice.invoice_line:
        pct = line.vat_information.vat_percentage
        bases[pct] = bases.get(pct, Decimal(0)) + line.net_line_amount
    for charge in invoice.invoice_charge:
        pct = charge.vat_information.vat_percentage
        bases[pct] += charge.amount
    for allowance in invoice.invoice_allowance:
        pct = allowance.vat_information.vat_percentage
        bases[pct] -= allowance.amount
    subtotals = {s.vat_percentage: s for s in invoice.vat_sub_total}
    assert set(subtotals) == {Decimal("21.00"), Decimal("9.00")}
    for pct, sub in subtotals.items():
        assert sub.vat_base_amount == bases[pct]
        assert sub.vat_amount == _round2(sub.vat_base_amount * pct / 100)
    assert totals.total_vat_base_amount == sum(s.vat_base_amount for s in invoice.vat_sub_total)
    assert totals.total_vat_amount == sum(s.vat_amount for s in invoice.vat_sub_total)
    allowance = totals.total_allowance_amount or Decimal(0)
    charge = totals.total_charge_amount or Decimal(0)
    assert totals.total_invoice_amount == (
        totals.total_net_line_amount - allowance + charge + totals.total_vat_amount
    )
    assert totals.payable_amount == totals.total_invoice_amount - (
        totals.prepaid_amount or Decimal(0)
    )
