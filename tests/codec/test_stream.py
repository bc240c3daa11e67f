"""Streaming: iter_invoice_lines and validate_stream read what decode reads, part by part."""

from __future__ import annotations

import dataclasses
import io
import re
from pathlib import Path
from typing import Any

import pytest

from dico_sdk import (
    SchemaValidationError,
    SecurityError,
    UnknownMessageError,
    UsageError,
    XmlSyntaxError,
    decode,
    encode,
)
from dico_sdk.codec import (
    InvoiceHeader,
    InvoiceTrailer,
    assemble_invoice,
    iter_invoice_lines,
    validate_stream,
)
from dico_sdk.messages import Invoice, MaintenanceInstruction, MaintenanceStatus
from dico_sdk.messages import invoice as inv
from dico_sdk.testing import full_invoice, full_maintenance_status, leaking_tap_instruction

TESTS = Path(__file__).resolve().parents[1]
INVOICES = sorted((TESTS / "golden" / "Invoice").glob("*.xml"))
BAD = sorted((TESTS / "bad").glob("*.xml"))


def _split(parts: list[Any]) -> tuple[InvoiceHeader, list[inv.InvoiceLine], InvoiceTrailer]:
    header, *lines, trailer = parts
    assert isinstance(header, InvoiceHeader)
    assert isinstance(trailer, InvoiceTrailer)
    assert all(isinstance(line, inv.InvoiceLine) for line in lines)
    return header, lines, trailer


@pytest.mark.parametrize("path", INVOICES, ids=lambda p: p.name)
def test_every_golden_invoice_streams_to_what_decode_reads(path: Path) -> None:
    header, lines, trailer = _split(list(iter_invoice_lines(path)))
    assert assemble_invoice(header, lines, trailer) == decode(path)
    assert trailer.lines == len(lines)
    assert validate_stream(path).cls is Invoice


def test_header_lines_and_trailer_come_in_document_order() -> None:
    message = full_invoice()
    with io.BytesIO(encode(message, pretty=True, check_rules=False)) as stream:
        header, lines, trailer = _split(list(iter_invoice_lines(stream)))
    assert header.invoice_number == "F-2026-00412"
    assert header.buyer == message.buyer
    assert "invoice_totals" not in header.fields
    assert lines == message.invoice_line
    assert trailer.invoice_totals == message.invoice_totals
    assert trailer.vat_sub_total == message.vat_sub_total
    assert trailer.lines == 4
    with pytest.raises(AttributeError):
        _ = header.invoicer  # absent in the document


def _invoice_text(lines: int = 6) -> str:
    message = full_invoice()
    many = [
        dataclasses.replace(message.invoice_line[i % 4], line_number=i + 1) for i in range(lines)
    ]
    return encode(
        dataclasses.replace(message, invoice_line=many), validate=False, check_rules=False
    ).decode()


def _error(data: bytes | str) -> Exception:
    raw = data.encode() if isinstance(data, str) else data
    with pytest.raises(Exception) as info:  # noqa: PT011  (each test checks the class)
        list(iter_invoice_lines(raw))
    return info.value


def test_a_bad_value_in_a_later_line_names_that_line() -> None:
    # Earlier lines are dropped from the tree by then: the XPath still counts them.
    text = encode(decode(_invoice_text()), pretty=True, check_rules=False).decode()
    price = text.index("<NetPrice>", text.index("<LineNumber>5</LineNumber>"))
    text = text[:price] + "<NetPrice>62,50" + text[text.index("</NetPrice>", price) :]
    error = _error(text)
    assert isinstance(error, SchemaValidationError)
    (issue,) = error.issues
    assert issue.xpath == "/Invoice/InvoiceLine[5]/NetPrice"
    assert issue.line is not None
    assert "<NetPrice>62,50<" in text.splitlines()[issue.line - 1]
    assert "Price" in issue.message


def test_elements_out_of_place_between_lines_are_found_at_the_end() -> None:
    text = _invoice_text()
    subtotal = re.search(r"<VATSubTotal>.*?</VATSubTotal>", text)
    assert subtotal is not None
    text = text.replace(subtotal.group(0), "", 1)
    third = text.index("<InvoiceLine><LineNumber>3<")
    text = text[:third] + subtotal.group(0) + text[third:]
    seen: list[Any] = []
    with pytest.raises(SchemaValidationError) as info:
        seen.extend(iter_invoice_lines(text.encode()))
    assert "/Invoice/InvoiceLine[3]" in {issue.xpath for issue in info.value.issues}
    assert not any(isinstance(part, InvoiceTrailer) for part in seen)


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (lambda t: t.replace("</Invoice>", ""), XmlSyntaxError),
        (lambda t: t[: len(t) // 2], XmlSyntaxError),
        (lambda t: t.replace("<Currency>EUR</Currency>", ""), SchemaValidationError),
        (lambda t: t.replace("<InvoiceNumber>", "<Bogus/><InvoiceNumber>"), SchemaValidationError),
        (lambda t: t.replace(">EUR<", ">&foo;<"), SecurityError),
        (
            lambda t: t.replace("<Invoice ", '<!DOCTYPE Invoice [<!ENTITY a "b">]><Invoice ', 1),
            SecurityError,
        ),
    ],
    ids=["truncated", "half", "missing", "unknown", "entity", "doctype"],
)
def test_broken_and_hostile_invoices_are_refused(change: Any, error: type[Exception]) -> None:
    assert isinstance(_error(change(_invoice_text())), error)


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.name)
def test_the_negative_corpus_raises_what_decode_raises(path: Path) -> None:
    with pytest.raises(Exception) as expected:  # noqa: PT011
        decode(path)
    with pytest.raises(type(expected.value)):
        validate_stream(path)


def test_other_messages_are_validated_in_memory_with_the_older_status_tolerance() -> None:
    assert (
        validate_stream(encode(leaking_tap_instruction(), check_rules=False)).cls
        is MaintenanceInstruction
    )
    status = encode(full_maintenance_status(), check_rules=False).decode()
    assert validate_stream(status.encode()).cls is MaintenanceStatus
    with pytest.raises(UnknownMessageError) as info:
        list(iter_invoice_lines(status.encode()))
    assert info.value.known == ("{http://www.ketenstandaard.nl/factuur/SALES/005}Invoice",)


def test_token_values_are_collapsed_as_decode_collapses_them() -> None:
    text = encode(full_invoice(), pretty=True, check_rules=False).decode()
    text = text.replace("<InvoiceNumber>F-2026-00412<", "<InvoiceNumber>\n  F-2026-00412  <", 1)
    text = text.replace("<MeasureUnit>HUR<", "<MeasureUnit> HUR <", 1)
    header, lines, trailer = _split(list(iter_invoice_lines(text.encode())))
    assert header.invoice_number == "F-2026-00412"
    assert assemble_invoice(header, lines, trailer) == decode(text)


def test_a_comment_inside_a_value_loses_nothing_while_streaming() -> None:
    text = encode(full_invoice(), check_rules=False).decode()
    text = text.replace("<InvoiceNumber>F-2026-00412<", "<InvoiceNumber>F-2026<!--x-->-00412<", 1)
    header, lines, trailer = _split(list(iter_invoice_lines(text.encode())))
    assert header.invoice_number == "F-2026-00412"
    assert assemble_invoice(header, lines, trailer) == decode(text)


class _FailingAfter(io.RawIOBase):
    """A binary file whose reads fail once ``good`` bytes have been read."""

    def __init__(self, data: bytes, good: int) -> None:
        self._data = io.BytesIO(data)
        self._good = good

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._data.tell() >= self._good:
            raise OSError("the disk failed")
        chunk = self._data.read(min(len(buffer), self._good - self._data.tell()))
        buffer[: len(chunk)] = chunk
        return len(chunk)


@pytest.mark.parametrize("good", [0, 70 * 1024], ids=["first-read", "mid-stream"])
def test_a_failing_file_is_a_usage_error_not_an_oserror(good: int) -> None:
    invoice = dataclasses.replace(full_invoice(), invoice_line=full_invoice().invoice_line * 200)
    data = encode(invoice, check_rules=False)
    assert len(data) > good + 64 * 1024
    with pytest.raises(UsageError, match="the disk failed") as info:
        list(iter_invoice_lines(_FailingAfter(data, good)))  # type: ignore[arg-type]
    assert isinstance(info.value.__cause__, OSError)


def test_a_text_file_is_a_usage_error() -> None:
    text = encode(full_invoice()).decode("utf-8")
    with pytest.raises(UsageError, match="binary file"):
        list(iter_invoice_lines(io.StringIO(text)))  # type: ignore[arg-type]
