"""Order events and issues to JSON text and back, losslessly (Decimal and dates as strings)."""

from __future__ import annotations

import base64
import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from dico_sdk.errors import UsageError
from dico_sdk.store._records import Direction, EventKind, OrderEvent, OrderKey, TrackerIssue
from dico_sdk.transport import Attachment

__all__ = [
    "attachments_from_json",
    "attachments_to_json",
    "event_from_json",
    "event_to_json",
    "format_datetime",
    "parse_datetime",
]


def format_datetime(value: datetime) -> str:
    """ISO 8601 with its UTC offset; naive date-times are refused, they cannot be ordered."""
    if value.utcoffset() is None:
        raise UsageError(f"date-time {value!r} has no UTC offset")
    return value.isoformat()


def parse_datetime(text: str) -> datetime:
    """The inverse of :func:`format_datetime`."""
    return datetime.fromisoformat(text)


def _opt(value: Any, convert: Any) -> Any:
    return None if value is None else convert(value)


def event_to_json(event: OrderEvent) -> str:
    """One order event as compact JSON text."""
    data = {
        "buyer_gln": event.order.buyer_gln,
        "instruction_number": event.order.instruction_number,
        "kind": event.kind.value,
        "direction": event.direction.value,
        "msg_id": event.msg_id,
        "sender_gln": event.sender_gln,
        "number": event.number,
        "digest": event.digest,
        "at": format_datetime(event.at),
        "supplier_gln": event.supplier_gln,
        "mutation_type": event.mutation_type,
        "maximum_amount": _opt(event.maximum_amount, str),
        "status_code": event.status_code,
        "event_code": event.event_code,
        "detail_codes": list(event.detail_codes),
        "appointment_start": _opt(event.appointment_start, format_datetime),
        "appointment_end": _opt(event.appointment_end, format_datetime),
        "expected_completion": _opt(event.expected_completion, date.isoformat),
        "completion_date": _opt(event.completion_date, date.isoformat),
        "invoice_type": event.invoice_type,
        "corrects": event.corrects,
        "vat_base_total": _opt(event.vat_base_total, str),
        "issues": [
            {
                "rule_id": issue.rule_id,
                "severity": issue.severity,
                "message": issue.message,
                "msg_id": issue.msg_id,
                "message_nl": issue.message_nl,
            }
            for issue in event.issues
        ],
    }
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)


def event_from_json(text: str) -> OrderEvent:
    """The inverse of :func:`event_to_json`."""
    data = json.loads(text)
    return OrderEvent(
        order=OrderKey(data["buyer_gln"], data["instruction_number"]),
        kind=EventKind(data["kind"]),
        direction=Direction(data["direction"]),
        msg_id=data["msg_id"],
        sender_gln=data["sender_gln"],
        number=data["number"],
        digest=data["digest"],
        at=parse_datetime(data["at"]),
        supplier_gln=data["supplier_gln"],
        mutation_type=data["mutation_type"],
        maximum_amount=_opt(data["maximum_amount"], Decimal),
        status_code=data["status_code"],
        event_code=data["event_code"],
        detail_codes=tuple(data["detail_codes"]),
        appointment_start=_opt(data["appointment_start"], parse_datetime),
        appointment_end=_opt(data["appointment_end"], parse_datetime),
        expected_completion=_opt(data["expected_completion"], date.fromisoformat),
        completion_date=_opt(data["completion_date"], date.fromisoformat),
        invoice_type=data["invoice_type"],
        corrects=data["corrects"],
        vat_base_total=_opt(data["vat_base_total"], Decimal),
        issues=tuple(TrackerIssue(**issue) for issue in data["issues"]),
    )


def attachments_to_json(attachments: tuple[Attachment, ...]) -> str | None:
    """MessageService attachments as JSON text (data in base64); None when there are none."""
    if not attachments:
        return None
    return json.dumps(
        [
            {
                "data": None if a.data is None else base64.b64encode(a.data).decode("ascii"),
                "file_name": a.file_name,
                "file_type": a.file_type,
                "document_type": a.document_type,
                "url": a.url,
            }
            for a in attachments
        ]
    )


def attachments_from_json(text: str | None) -> tuple[Attachment, ...]:
    """The inverse of :func:`attachments_to_json`."""
    if not text:
        return ()
    return tuple(
        Attachment(
            data=None if item["data"] is None else base64.b64decode(item["data"]),
            file_name=item["file_name"],
            file_type=item["file_type"],
            document_type=item["document_type"],
            url=item["url"],
        )
        for item in json.loads(text)
    )
