"""validate_document(): the report and the decoded message from one decode."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from dico_sdk import UsageError, decode, encode
from dico_sdk.rules._validate import validate, validate_document
from dico_sdk.testing import full_invoice

TODAY = date(2026, 12, 1)


def test_a_valid_document_gives_its_report_and_message() -> None:
    data = encode(full_invoice())
    report, message = validate_document(data, today=TODAY)
    assert report == validate(data, today=TODAY)
    assert report.ok
    assert message == decode(data)


def test_a_schema_invalid_document_gives_no_message() -> None:
    data = encode(full_invoice()).replace(b"<Currency>EUR</Currency>", b"<Currency>euro</Currency>")
    report, message = validate_document(data, today=TODAY)
    assert not report.ok
    assert [issue.rule_id for issue in report.errors] == ["XSD"]
    assert message is None


def test_an_unreadable_document_gives_no_message() -> None:
    report, message = validate_document(b"<Invoice", today=TODAY)
    assert not report.complete
    assert message is None


def test_today_must_be_a_date() -> None:
    data = encode(full_invoice())
    for wrong in ("2026-12-01", datetime(2026, 12, 1, tzinfo=UTC)):
        with pytest.raises(UsageError, match=r"today must be a datetime\.date"):
            validate(data, today=wrong)  # type: ignore[arg-type]
