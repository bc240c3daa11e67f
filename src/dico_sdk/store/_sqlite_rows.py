"""The SQLite store's rows <-> the store's value objects."""

from __future__ import annotations

from typing import Any

from dico_sdk.store._records import (
    InboxEntry,
    InboxState,
    OrderKey,
    OutboxEntry,
    OutboxState,
)
from dico_sdk.store._serial import attachments_from_json, format_datetime, parse_datetime

__all__ = ["inbox_entry", "message_values", "outbox_entry"]


def _opt(value: Any, convert: Any) -> Any:
    return None if value is None else convert(value)


def message_values(entry: OutboxEntry | InboxEntry) -> tuple[Any, ...]:
    return (
        entry.msg_id,
        format_datetime(entry.msg_datetime),
        entry.msg_format,
        entry.msg_version,
        entry.msg_type,
        bytes(entry.content),
    )


def outbox_entry(row: tuple[Any, ...]) -> OutboxEntry:
    order = OrderKey(row[6], row[7]) if row[6] is not None else None
    return OutboxEntry(
        msg_id=row[0],
        msg_datetime=parse_datetime(row[1]),
        msg_format=row[2],
        msg_version=row[3],
        msg_type=row[4],
        content=bytes(row[5]),
        order=order,
        state=OutboxState(row[8]),
        attempts=row[9],
        last_error=row[10],
        created_at=parse_datetime(row[11]),
        sent_at=_opt(row[12], parse_datetime),
    )


def inbox_entry(row: tuple[Any, ...]) -> InboxEntry:
    return InboxEntry(
        msg_id=row[0],
        msg_datetime=parse_datetime(row[1]),
        msg_format=row[2],
        msg_version=row[3],
        msg_type=row[4],
        content=bytes(row[5]),
        state=InboxState(row[6]),
        deleted_on_hub=bool(row[7]),
        received_at=parse_datetime(row[8]),
        processed_at=_opt(row[9], parse_datetime),
        rejection=row[10],
        delivered=bool(row[11]),
        attachments=attachments_from_json(row[12]),
    )
