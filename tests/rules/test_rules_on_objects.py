"""Rules that an XSD-valid document cannot break, checked on message objects before encoding:
DICO-GEN-02 (decimals), DICO-GEN-03 (attachment content), DICO-GEN-04 (attachment size) and
DICO-MS-06 (date-times with a UTC offset). On objects the schema step reports too (``XSD``)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest

from dico_sdk import ValidationReport, encode, validate
from dico_sdk.messages import AttachmentType
from dico_sdk.messages import invoice as inv
from dico_sdk.messages import maintenance_status as ms
from dico_sdk.testing import full_invoice, minimal_maintenance_status

MIB = 1024 * 1024


def _only(report: ValidationReport, rule_id: str, *, also: set[str] | None = None) -> list[Any]:
    """The issues of ``rule_id``, after checking nothing else (but ``also``) was reported."""
    assert {i.rule_id for i in report.issues} <= {rule_id, *(also or set())}, report.issues
    return [i for i in report.issues if i.rule_id == rule_id]


def _with_line(message: inv.Invoice, **changes: Any) -> inv.Invoice:
    line = dataclasses.replace(message.invoice_line[0], **changes)
    return dataclasses.replace(message, invoice_line=[line, *message.invoice_line[1:]])


def _attach(message: inv.Invoice, **content: Any) -> inv.Invoice:
    attachment = inv.Attachment(
        attachment_type=AttachmentType.FAC,
        file_name="f.pdf",
        mime_type="application/pdf",
        **content,
    )
    return dataclasses.replace(message, attachment=[attachment])


def test_gen_02_too_many_decimals(today: date) -> None:
    message = full_invoice()
    price = message.invoice_line[0].net_price
    # a fifth decimal that leaves the rounded line amount as it is: only GEN-02 (and the XSD)
    report = validate(_with_line(message, net_price=price + Decimal("0.00001")), today=today)
    [issue] = _only(report, "DICO-GEN-02", also={"XSD"})
    assert issue.xpath == "/Invoice/InvoiceLine[1]/NetPrice"
    assert issue.severity == "error"
    assert "5 decimals" in issue.message
    assert "at most 4" in issue.message
    assert not report.ok


def test_gen_02_counts_the_value_not_trailing_zeros(today: date) -> None:
    message = full_invoice()
    price = message.invoice_line[0].net_price
    report = validate(
        _with_line(message, net_price=price.quantize(Decimal("0.000001"))), today=today
    )
    assert report.ok
    assert report.issues == ()


def test_gen_02_quantity_and_not_a_number(today: date) -> None:
    message = full_invoice()
    report = validate(_with_line(message, delivered_quantity=Decimal("NaN")), today=today)
    issues = [i for i in report.issues if i.rule_id == "DICO-GEN-02"]
    assert [i.xpath for i in issues] == ["/Invoice/InvoiceLine[1]/DeliveredQuantity"]


@pytest.mark.parametrize(
    ("content", "xpath", "words"),
    [
        ({"attached_data": b"%PDF", "url": "https://example.org/f.pdf"}, "URL", "both"),
        ({}, "AttachedData", "neither"),
        ({"attached_data": "not base64!"}, "AttachedData", "not valid base64"),
    ],
)
def test_gen_03_attachment_content(
    content: dict[str, Any], xpath: str, words: str, today: date
) -> None:
    report = validate(_attach(full_invoice(), **content), today=today)
    [issue] = _only(report, "DICO-GEN-03", also={"XSD"})
    assert issue.xpath == f"/Invoice/Attachment[1]/{xpath}"
    assert words in issue.message


@pytest.mark.parametrize("content", [{"attached_data": b"%PDF-1.7"}, {"url": "https://x.nl/f"}])
def test_gen_03_exactly_one_is_fine(content: dict[str, Any], today: date) -> None:
    assert validate(_attach(full_invoice(), **content), today=today).issues == ()


def test_gen_04_large_attachment_is_a_warning(today: date) -> None:
    at_limit = validate(_attach(full_invoice(), attached_data=b"\0" * (10 * MIB)), today=today)
    assert at_limit.issues == ()
    over = validate(_attach(full_invoice(), attached_data=b"\0" * (10 * MIB + 1)), today=today)
    [issue] = _only(over, "DICO-GEN-04")
    assert issue.severity == "warning"
    assert issue.xpath == "/Invoice/Attachment[1]/AttachedData"
    assert issue.value == str(10 * MIB + 1)
    assert over.ok


def test_gen_04_on_bytes_the_parser_limit_comes_first(today: date) -> None:
    """libxml2 without huge_tree refuses a text node over 10 MB, i.e. base64 of about 7.5 MiB:
    on bytes, a document whose attachment GEN-04 would warn about is refused before binding."""
    message = _attach(full_invoice(), attached_data=b"\1" * (10 * MIB + 3))
    report = validate(encode(message), today=today)
    [issue] = report.issues
    assert issue.rule_id == "XML"
    assert "limit" in issue.message
    assert not report.complete


def test_ms_06_naive_date_times(today: date) -> None:
    naive = datetime(2026, 12, 1, 9, 0)
    message = minimal_maintenance_status(
        status_date_time=naive,
        appointment=ms.Appointment(
            start_date_time=datetime(2026, 12, 3, 8, 0, tzinfo=timezone(timedelta(hours=1))),
            end_date_time=naive,
        ),
    )
    report = validate(message, today=today)
    issues = _only(report, "DICO-MS-06", also={"XSD", "DICO-MS-02"})
    assert [i.xpath for i in issues] == [
        "/MaintenanceStatus/StatusDateTime",
        "/MaintenanceStatus/Appointment/EndDateTime",
    ]
    assert all(i.severity == "error" for i in issues)
    assert "no UTC offset" in issues[0].message


def test_ms_06_aware_date_times_pass(today: date) -> None:
    aware = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    report = validate(minimal_maintenance_status(status_date_time=aware), today=today)
    assert report.issues == ()
