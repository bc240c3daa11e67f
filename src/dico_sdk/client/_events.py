"""Typed messages reduced to the order tracker's events (the store holds no message objects)."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from dico_sdk.messages import Invoice, MaintenanceInstruction, MaintenanceStatus
from dico_sdk.store import Direction, EventKind, OrderEvent, OrderKey

__all__ = ["digest", "order_event", "parties", "sender_gln"]


def digest(content: bytes) -> str:
    """The content hash that tells a repeat from a conflicting resend (DICO-PRC-06)."""
    return hashlib.sha256(content).hexdigest()


def _code(value: Any) -> str | None:
    if value is None:
        return None
    return str(getattr(value, "value", value))


def parties(message: Any) -> tuple[str, str]:
    """(Buyer GLN, Supplier GLN) of any bundled message."""
    return message.buyer.gln, message.supplier.gln


def sender_gln(message: Any) -> str:
    """The GLN that sends ``message``: SenderGLN for a status, else by message direction."""
    if isinstance(message, MaintenanceStatus):
        return str(message.sender_gln)
    if isinstance(message, Invoice):
        return str(message.supplier.gln)
    return str(message.buyer.gln)


def order_event(
    message: Any, *, direction: Direction, msg_id: str, content: bytes, at: datetime
) -> OrderEvent | None:
    """The order event of ``message``; None for an invoice that names no order."""
    common: dict[str, Any] = {
        "direction": direction,
        "msg_id": msg_id,
        "sender_gln": sender_gln(message),
        "digest": digest(content),
        "at": at,
        "supplier_gln": message.supplier.gln,
    }
    if isinstance(message, MaintenanceInstruction):
        return _instruction(message, common)
    if isinstance(message, MaintenanceStatus):
        return _status(message, common)
    if isinstance(message, Invoice):
        return _invoice(message, common)
    return None


def _instruction(message: MaintenanceInstruction, common: dict[str, Any]) -> OrderEvent:
    return OrderEvent(
        order=OrderKey(message.buyer.gln, message.instruction_number),
        kind=EventKind.INSTRUCTION,
        number=message.instruction_number,
        mutation_type=_code(message.mutation_type),
        maximum_amount=message.maximum_amount,
        **common,
    )


def _status(message: MaintenanceStatus, common: dict[str, Any]) -> OrderEvent:
    appointment = message.appointment
    return OrderEvent(
        order=OrderKey(message.buyer.gln, message.instruction_reference.instruction_number),
        kind=EventKind.STATUS,
        number=message.status_number,
        status_code=_code(message.status_code),
        event_code=_code(message.event_code),
        detail_codes=tuple(str(_code(code)) for code in message.status_detail_code),
        appointment_start=appointment.start_date_time if appointment else None,
        appointment_end=appointment.end_date_time if appointment else None,
        expected_completion=message.expected_completion_date,
        completion_date=message.completion_date,
        **common,
    )


def _invoice(message: Invoice, common: dict[str, Any]) -> OrderEvent | None:
    reference = message.instruction_reference
    if reference is None:
        return None
    totals = message.invoice_totals
    return OrderEvent(
        order=OrderKey(message.buyer.gln, reference.instruction_number),
        kind=EventKind.INVOICE,
        number=message.invoice_number,
        invoice_type=_code(message.invoice_type),
        corrects=message.invoice_number_to_be_corrected,
        vat_base_total=totals.total_vat_base_amount if totals else None,
        **common,
    )
