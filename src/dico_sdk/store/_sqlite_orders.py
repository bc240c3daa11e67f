"""The SQLite store's order tables: load an order with its history, apply one event to it."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from dico_sdk.errors import StoreError
from dico_sdk.store._records import OrderEvent, OrderKey, OrderState
from dico_sdk.store._serial import event_from_json, event_to_json, format_datetime, parse_datetime
from dico_sdk.store._tracker import Applied, apply_event

__all__ = ["ORDER_COLUMNS", "apply_to_order", "load_order"]

ORDER_COLUMNS = (
    "buyer_gln, instruction_number, supplier_gln, known, main_status, appointment_start, "
    "appointment_end, expected_completion, completion_date, maximum_amount"
)


def _opt(value: Any, convert: Any) -> Any:
    return None if value is None else convert(value)


def _now() -> datetime:
    return datetime.now(UTC)


def apply_to_order(db: sqlite3.Connection, event: OrderEvent) -> Applied:
    """Apply ``event`` to its order inside the caller's transaction (the tracker rules are
    :func:`apply_event`'s)."""
    applied = apply_event(load_order(db, event.order), event)
    if applied.duplicate:
        return applied
    state = applied.state
    db.execute(
        f"INSERT OR REPLACE INTO orders ({ORDER_COLUMNS}, updated_at)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        (
            state.key.buyer_gln,
            state.key.instruction_number,
            state.supplier_gln,
            int(state.known),
            state.main_status,
            _opt(state.appointment_start, format_datetime),
            _opt(state.appointment_end, format_datetime),
            _opt(state.expected_completion, date.isoformat),
            _opt(state.completion_date, date.isoformat),
            _opt(state.maximum_amount, str),
            format_datetime(_now()),
        ),
    )
    db.execute(
        "INSERT INTO order_events (buyer_gln, instruction_number, msg_id, data) VALUES (?,?,?,?)",
        (
            state.key.buyer_gln,
            state.key.instruction_number,
            event.msg_id,
            event_to_json(state.history[-1]),
        ),
    )
    return applied


def load_order(db: sqlite3.Connection, key: OrderKey) -> OrderState | None:
    """The order's state with its history, or None."""
    try:
        row = db.execute(
            f"SELECT {ORDER_COLUMNS} FROM orders WHERE buyer_gln = ? AND instruction_number = ?",
            (key.buyer_gln, key.instruction_number),
        ).fetchone()
        if row is None:
            return None
        events = db.execute(
            "SELECT data FROM order_events WHERE buyer_gln = ? AND instruction_number = ?"
            " ORDER BY seq",
            (key.buyer_gln, key.instruction_number),
        ).fetchall()
    except sqlite3.Error as exc:
        raise StoreError(f"store: reading order {key} failed: {exc}") from exc
    history = tuple(event_from_json(data) for (data,) in events)
    return OrderState(
        key=key,
        supplier_gln=row[2],
        known=bool(row[3]),
        main_status=row[4],
        appointment_start=_opt(row[5], parse_datetime),
        appointment_end=_opt(row[6], parse_datetime),
        expected_completion=_opt(row[7], date.fromisoformat),
        completion_date=_opt(row[8], date.fromisoformat),
        maximum_amount=_opt(row[9], Decimal),
        history=history,
        issues=tuple(issue for event in history for issue in event.issues),
    )
