"""encode(): UTF-8 with declaration, default namespace, schema order, plain decimals, validated."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from decimal import Decimal

import pytest
from lxml import etree

from dico_sdk import SchemaValidationError, UsageError, decode, encode
from dico_sdk.messages import invoice as inv
from dico_sdk.testing import full_invoice, leaking_tap_instruction, minimal_maintenance_status

INVOICE_NS = "http://www.ketenstandaard.nl/factuur/SALES/005"


def test_utf8_declaration_and_default_namespace_without_prefixes() -> None:
    data = encode(full_invoice())
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<Invoice xmlns="')
    assert b"ns0:" not in data
    assert b"xmlns:" not in data
    root = etree.fromstring(data)
    assert root.nsmap == {None: INVOICE_NS}
    assert all(etree.QName(el).namespace == INVOICE_NS for el in root.iter(etree.Element))


def test_non_ascii_text_is_written_as_utf8() -> None:
    message = full_invoice(free_text=["Één keer, à la carte: 10 €"])
    data = encode(message)
    assert "Één keer, à la carte: 10 €".encode() in data
    assert decode(data) == message


def test_elements_come_in_schema_order() -> None:
    root = etree.fromstring(encode(full_invoice()))
    names = [etree.QName(child).localname for child in root]
    assert names.index("InvoiceLine") < names.index("InvoiceAllowance") < names.index("VATSubTotal")
    assert names[:4] == ["InvoiceType", "InvoiceNumber", "InvoiceDate", "Currency"]


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (Decimal("1E+2"), "100"),
        (Decimal("0.0000"), "0.0000"),
        (Decimal("62.5"), "62.5"),
        (Decimal("62.50"), "62.50"),
        (Decimal("1.25E-2"), "0.0125"),
    ],
)
def test_decimals_are_plain_with_the_digits_they_carry(value: Decimal, written: str) -> None:
    message = full_invoice()
    line = dataclasses.replace(message.invoice_line[0], net_price=value)
    changed = dataclasses.replace(message, invoice_line=[line, *message.invoice_line[1:]])
    data = encode(changed, check_rules=False)  # the NetLineAmount no longer matches the price
    assert f"<NetPrice>{written}</NetPrice>".encode() in data


def test_pretty_indents_and_decodes_to_the_same_message() -> None:
    message = leaking_tap_instruction()
    pretty = encode(message, pretty=True)
    assert b"\n  <InstructionNumber>" in pretty
    assert decode(pretty) == decode(encode(message)) == message


def test_an_invalid_message_is_never_emitted() -> None:
    message = minimal_maintenance_status(sender_gln="12345", status_number="x" * 36)
    with pytest.raises(SchemaValidationError) as info:
        encode(message)
    xpaths = {issue.xpath for issue in info.value.issues}
    assert xpaths == {"/MaintenanceStatus/SenderGLN", "/MaintenanceStatus/StatusNumber"}
    assert "/MaintenanceStatus/StatusNumber" in str(info.value)
    unchecked = encode(message, validate=False, check_rules=False)
    assert unchecked.count(b"<SenderGLN>12345</SenderGLN>") == 1


def test_a_naive_datetime_is_refused_on_encode() -> None:
    message = minimal_maintenance_status(status_date_time=datetime(2026, 11, 24, 10, 0))
    with pytest.raises(SchemaValidationError, match="StatusDateTime"):
        encode(message)


def test_encoding_a_part_or_a_foreign_object_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="not a registered message class"):
        encode(inv.Party(gln="8712345000011"))
    with pytest.raises(UsageError):
        encode("<Invoice/>")


def test_a_float_amount_is_refused_not_written() -> None:
    order = dataclasses.replace(leaking_tap_instruction(), maximum_amount=450.1)
    with pytest.raises(UsageError, match=r"MaximumAmount: 450\.1 is a float"):
        encode(order, check_rules=False)
