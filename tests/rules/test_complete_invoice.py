"""``complete_invoice`` computes what the INV rules check; perturbing any result breaks its rule."""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dico_sdk import UsageError, validate
from dico_sdk.calc import complete_invoice
from dico_sdk.messages import (
    CommonChargeType,
    InvoiceAllowanceType,
    InvoiceType,
    UoMType,
    VATRateType,
)
from dico_sdk.messages import invoice as inv
from dico_sdk.testing import full_invoice, leaking_tap_instruction

TODAY = date(2026, 12, 1)
RATES = [("S", "21.00"), ("S", "9"), ("Z", "0.00"), ("AE", "0"), ("E", "0.00")]


def _decimal(places: int, low: int, high: int) -> st.SearchStrategy[Decimal]:
    scale = 10**places
    return st.integers(low * scale, high * scale).map(lambda n: Decimal(n).scaleb(-places))


def _vat(index: int) -> inv.VATInformation:
    rate, percentage = RATES[index]
    return inv.VATInformation(vat_rate=VATRateType(rate), vat_percentage=Decimal(percentage))


amounts = _decimal(2, 0, 500)
rate_index = st.integers(0, len(RATES) - 1)


@st.composite
def lines(draw: st.DrawFn, number: int) -> inv.InvoiceLine:
    basis = draw(
        st.sampled_from([None, Decimal("1"), Decimal("10"), Decimal("100"), Decimal("0.5")])
    )
    return inv.InvoiceLine(
        line_number=number,
        description=f"line {number}",
        # negative quantities are credit lines; up to 4 decimals
        delivered_quantity=draw(_decimal(draw(st.integers(0, 4)), -500, 500)),
        measure_unit=UoMType.PCE,
        net_price=draw(_decimal(draw(st.integers(0, 4)), 0, 2000)),
        price_base=None if basis is None else inv.PriceBase(number_of_units_in_price_basis=basis),
        line_allowance=[
            inv.LineAllowanceCharge(amount=a) for a in draw(st.lists(amounts, max_size=2))
        ],
        line_charge=[
            inv.LineAllowanceCharge(amount=a) for a in draw(st.lists(amounts, max_size=2))
        ],
        net_line_amount=Decimal(0),  # a placeholder: complete_invoice computes it
        vat_information=_vat(draw(rate_index)),
    )


@st.composite
def invoices(draw: st.DrawFn) -> inv.Invoice:
    count = draw(st.integers(1, 6))
    base = full_invoice()
    return dataclasses.replace(
        base,
        invoice_type=InvoiceType.VALUE_380,
        invoice_number_to_be_corrected=None,
        # reverse charge needs the Invoicee's VAT number (DICO-INV-12)
        invoicee=dataclasses.replace(base.invoicee, vat_registration_number="NL009876543B01"),
        invoice_line=[draw(lines(n)) for n in range(1, count + 1)],
        invoice_allowance=[
            inv.InvoiceAllowance(
                allowance_type=InvoiceAllowanceType.ADR,
                amount=a,
                vat_information=_vat(draw(rate_index)),
            )
            for a in draw(st.lists(amounts, max_size=2))
        ],
        invoice_charge=[
            inv.InvoiceCharge(
                charge_type=CommonChargeType.FC, amount=a, vat_information=_vat(draw(rate_index))
            )
            for a in draw(st.lists(amounts, max_size=2))
        ],
        vat_sub_total=[],
        invoice_totals=dataclasses.replace(
            base.invoice_totals,
            prepaid_amount=draw(st.none() | amounts),
            total_allowance_amount=None,
            total_charge_amount=None,
        ),
        attachment=[],
    )


def _computed(invoice: inv.Invoice) -> list[tuple[str, str, Any, str]]:
    """Every amount complete_invoice computes: (rule id, xpath, the object holding it, field)."""
    found = [
        ("DICO-INV-02", f"/Invoice/InvoiceLine[{n}]/NetLineAmount", line, "net_line_amount")
        for n, line in enumerate(invoice.invoice_line, start=1)
    ]
    for n, subtotal in enumerate(invoice.vat_sub_total, start=1):
        found.append(
            ("DICO-INV-05", f"/Invoice/VATSubTotal[{n}]/VATBaseAmount", subtotal, "vat_base_amount")
        )
        found.append(
            ("DICO-INV-06", f"/Invoice/VATSubTotal[{n}]/VATAmount", subtotal, "vat_amount")
        )
    totals = invoice.invoice_totals
    for rule_id, name, field in [
        ("DICO-INV-03", "TotalNetLineAmount", "total_net_line_amount"),
        ("DICO-INV-07", "TotalAllowanceAmount", "total_allowance_amount"),
        ("DICO-INV-16", "TotalChargeAmount", "total_charge_amount"),
        ("DICO-INV-08", "TotalVATBaseAmount", "total_vat_base_amount"),
        ("DICO-INV-08", "TotalVATAmount", "total_vat_amount"),
        ("DICO-INV-09", "TotalInvoiceAmount", "total_invoice_amount"),
        ("DICO-INV-10", "PayableAmount", "payable_amount"),
    ]:
        if getattr(totals, field) is not None:
            found.append((rule_id, f"/Invoice/InvoiceTotals/{name}", totals, field))
    return found


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(invoices(), st.data())
def test_completed_invoices_validate_and_every_perturbation_is_caught(
    invoice: inv.Invoice, data: st.DataObject
) -> None:
    completed = complete_invoice(invoice)
    report = validate(completed, today=TODAY)
    assert report.errors == (), report.errors
    assert report.complete

    rule_id, xpath, holder, field = data.draw(st.sampled_from(_computed(completed)))
    original = getattr(holder, field)
    setattr(
        holder, field, original + data.draw(st.sampled_from([Decimal("0.01"), Decimal("-0.01")]))
    )
    try:
        perturbed = validate(completed, today=TODAY)
    finally:
        setattr(holder, field, original)
    matching = [(i.rule_id, i.xpath) for i in perturbed.errors]
    assert (rule_id, xpath) in matching, matching


def test_complete_invoice_fills_a_known_invoice() -> None:
    expected = full_invoice()
    blank_lines = [
        dataclasses.replace(line, net_line_amount=Decimal(0)) for line in expected.invoice_line
    ]
    blank = dataclasses.replace(
        expected, invoice_line=blank_lines, vat_sub_total=[], invoice_totals=None
    )
    completed = complete_invoice(blank)
    assert completed == expected
    assert blank.invoice_totals is None  # the argument is left alone


def test_complete_invoice_takes_only_invoices() -> None:
    with pytest.raises(UsageError, match="takes an Invoice"):
        complete_invoice(leaking_tap_instruction())


def _with_line(**changes: Any) -> inv.Invoice:
    invoice = full_invoice()
    first = dataclasses.replace(invoice.invoice_line[0], **changes)
    return dataclasses.replace(invoice, invoice_line=[first, *invoice.invoice_line[1:]])


@pytest.mark.parametrize(
    ("invoice", "where"),
    [
        (_with_line(delivered_quantity=1.5), "InvoiceLine[1]/DeliveredQuantity"),
        (_with_line(delivered_quantity="1.5"), "InvoiceLine[1]/DeliveredQuantity"),
        (_with_line(delivered_quantity=None), "InvoiceLine[1]/DeliveredQuantity"),
        (_with_line(net_price=Decimal("Infinity")), "InvoiceLine[1]/NetPrice"),
        (_with_line(net_price=Decimal("sNaN")), "InvoiceLine[1]/NetPrice"),
        (_with_line(price_base=inv.PriceBase(number_of_units_in_price_basis=Decimal(0))), "Basis"),
        (
            dataclasses.replace(full_invoice(), invoice_line=[None]),
            "InvoiceLine[1]/DeliveredQuantity",
        ),
    ],
    ids=["float", "str", "none", "infinity", "snan", "basis-zero", "line-none"],
)
def test_complete_invoice_refuses_non_decimal_values_with_their_place(
    invoice: inv.Invoice, where: str
) -> None:
    with pytest.raises(UsageError, match=re.escape(where)):
        complete_invoice(invoice)
