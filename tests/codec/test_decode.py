"""decode(): accepts bytes, text and paths, finds the type, reports every schema issue."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from dico_sdk import (
    SchemaValidationError,
    SecurityError,
    UnknownMessageError,
    UsageError,
    XmlSyntaxError,
    decode,
    encode,
    validate_schema,
)
from dico_sdk.codec import Codec, decode_detailed
from dico_sdk.messages import Invoice, MaintenanceInstruction, MaintenanceStatus, default_registry
from dico_sdk.testing import full_invoice, full_maintenance_status, leaking_tap_instruction


def test_the_root_element_selects_the_type() -> None:
    for message in (leaking_tap_instruction(), full_maintenance_status(), full_invoice()):
        assert decode(encode(message)) == message


def test_bytes_bytearray_memoryview_str_and_path(tmp_path: Path) -> None:
    message = full_invoice()
    data = encode(message)
    path = tmp_path / "invoice.xml"
    path.write_bytes(data)
    for source in (data, bytearray(data), memoryview(data), data.decode(), path):
        assert decode(source) == message


def test_str_with_a_non_utf8_declaration_is_read_as_the_text_it_is() -> None:
    message = full_invoice(free_text=["Één klant, ½ prijs"])
    text = encode(message).decode().replace('encoding="UTF-8"', 'encoding="ISO-8859-1"', 1)
    assert decode(text) == message
    assert decode("\ufeff" + text) == message


def test_bytes_in_another_declared_encoding_are_decoded_by_the_declaration() -> None:
    message = full_invoice(free_text=["Één klant"])
    text = encode(message).decode().replace('encoding="UTF-8"', 'encoding="ISO-8859-1"', 1)
    assert decode(text.encode("iso-8859-1")) == message


def test_expected_class() -> None:
    data = encode(full_invoice())
    invoice: Invoice = decode(data, Invoice)
    assert invoice.invoice_number == "F-2026-00412"
    with pytest.raises(UnknownMessageError) as info:
        decode(data, MaintenanceStatus)
    assert info.value.known == (default_registry().for_class(MaintenanceStatus).qname,)


def test_every_schema_issue_is_reported_with_line_and_xpath() -> None:
    text = encode(full_invoice(), pretty=True).decode()
    text = text.replace("<NetPrice>62.50</NetPrice>", "<NetPrice>62,50</NetPrice>")
    text = text.replace("<NetPrice>45.00</NetPrice>", "<NetPrice>45.001234</NetPrice>")
    text = text.replace("<Currency>EUR</Currency>", "<Currency>euro</Currency>")
    with pytest.raises(SchemaValidationError) as info:
        decode(text)
    issues = info.value.issues
    assert [issue.xpath for issue in issues] == [
        "/Invoice/Currency",
        "/Invoice/InvoiceLine[1]/NetPrice",
        "/Invoice/InvoiceLine[3]/NetPrice",
    ]
    lines = text.splitlines()
    for issue in issues:
        assert issue.line is not None
        assert issue.element is not None
        assert f"<{issue.element}>" in lines[issue.line - 1]
    assert info.value.schema == "Invoice.xsd"
    assert "3 issues" in str(info.value)
    assert "line 6" in str(info.value)


def test_unknown_root_names_what_was_found_and_what_is_known() -> None:
    with pytest.raises(UnknownMessageError) as info:
        decode(b'<?xml version="1.0"?>\n<Order xmlns="urn:x"/>')
    assert info.value.found == "{urn:x}Order"
    assert info.value.line == 2
    assert set(info.value.known) == set(default_registry().qnames)
    assert "line 2" in str(info.value)
    assert "{urn:x}Order" in str(info.value)


def test_max_size_applies_to_bytes_and_to_files_before_reading(tmp_path: Path) -> None:
    data = encode(full_invoice())
    with pytest.raises(SecurityError) as info:
        decode(data, max_size=100)
    assert (info.value.reason, info.value.limit) == ("size", 100)
    path = tmp_path / "big.xml"
    path.write_bytes(data)
    with pytest.raises(SecurityError, match=r"big\.xml"):
        decode(path, max_size=100)


def test_a_missing_file_or_a_wrong_argument_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="cannot read"):
        decode(tmp_path / "nope.xml")
    with pytest.raises(UsageError):
        decode(42)  # type: ignore[call-overload]
    with pytest.raises(UsageError, match="cannot read") as info:
        decode(tmp_path)  # a directory: stat() works, open() does not
    assert isinstance(info.value.__cause__, IsADirectoryError)


def test_text_with_a_lone_surrogate_is_an_xml_syntax_error_with_its_place() -> None:
    with pytest.raises(XmlSyntaxError) as info:
        decode("<a>\n  x\ud800</a>")
    assert (info.value.line, info.value.column) == (2, 4)
    assert isinstance(info.value.__cause__, UnicodeEncodeError)


def test_validate_schema_returns_the_message_type() -> None:
    entry = validate_schema(encode(leaking_tap_instruction()))
    assert entry.cls is MaintenanceInstruction
    assert entry.msg_type == "MAINTENANCEINSTRUCTION"


def test_decode_detailed_gives_lines_by_xpath() -> None:
    text = encode(full_invoice(), pretty=True).decode()
    result = decode_detailed(text)
    assert result.message == full_invoice()
    assert result.message_type.cls is Invoice
    assert result.notes == ()
    lines = text.splitlines()
    line = result.line_of("/Invoice/InvoiceLine[2]/VATInformation/VATPercentage")
    assert line is not None
    assert lines[line - 1].strip() == "<VATPercentage>21.00</VATPercentage>"
    line = result.line_of("/Invoice/InvoiceLine[3]/NetPrice")
    assert line is not None
    assert "45.00" in lines[line - 1]
    assert result.line_of("/Invoice/VATSubTotal[2]") is not None
    assert result.line_of("/Invoice/VATSubTotal") is None  # a list step needs its index
    assert result.line_of("/Invoice/Invoicer") is None
    assert result.line_of("/Invoice/Invoicer/GLN", nearest=True) == 2
    supplier = result.line_of("/Invoice/Supplier")
    assert result.line_of("/Invoice/Supplier/ContactInformation/EmailAddress", nearest=True) == (
        supplier
    )
    address = result.line_of("/Invoice/Supplier/Address")
    assert result.line_of("/Invoice/Supplier/Address/@type") == address


def test_xsd_end_of_day_24_00_00_is_read_as_the_next_midnight() -> None:
    text = encode(full_maintenance_status()).decode()
    text = text.replace("2026-11-24T14:30:00+01:00", "2026-11-24T24:00:00+01:00")
    status = decode(text)
    assert status.status_date_time.isoformat() == "2026-11-25T00:00:00+01:00"


def test_msg_id_is_carried_by_errors() -> None:
    with pytest.raises(UnknownMessageError) as info:
        decode(b"<Order/>", msg_id="abc-123")
    assert info.value.msg_id == "abc-123"
    assert "abc-123" in str(info.value)


def test_decoding_from_many_threads_at_once() -> None:
    messages = [leaking_tap_instruction(), full_maintenance_status(), full_invoice()] * 8
    payloads = [encode(message) for message in messages]
    with ThreadPoolExecutor(max_workers=6) as pool:
        decoded = list(pool.map(decode, payloads))
    assert decoded == messages


@pytest.mark.parametrize("binder", ["compiled", "xsdata"])
def test_a_comment_or_processing_instruction_inside_a_value_loses_nothing(binder: str) -> None:
    text = encode(leaking_tap_instruction()).decode()
    number = leaking_tap_instruction().instruction_number
    text = text.replace(f">{number}<", f">{number[:4]}<!-- split -->{number[4:]}<", 1)
    text = text.replace("</Description>", "<?note x?> (bel vooraf)</Description>", 1)
    order = Codec(binder=binder).decode(text.encode())  # type: ignore[arg-type]
    assert order.instruction_number == number
    assert order.description.endswith(" (bel vooraf)")
