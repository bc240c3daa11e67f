"""Messages the client builds from the order tracker: change orders and status messages."""

from __future__ import annotations

import dataclasses
import secrets
from collections.abc import Iterable
from datetime import UTC, date, datetime

from dico_sdk.errors import UsageError
from dico_sdk.messages import (
    EventCode,
    MaintenanceInstruction,
    MaintenanceStatus,
    MutationType,
    StatusCode,
    StatusDetailCode,
)
from dico_sdk.messages import maintenance_status as ms
from dico_sdk.store import OrderState

__all__ = ["change_instruction", "new_status", "status_number"]


def status_number(now: datetime) -> str:
    """A fresh StatusNumber (at most 35 characters): the time and a random suffix."""
    return f"ST-{now.strftime('%Y%m%dT%H%M%S')}-{secrets.token_hex(4)}"


def change_instruction(instruction: MaintenanceInstruction) -> MaintenanceInstruction:
    """The instruction as a change order (MutationType 4), same InstructionNumber."""
    return dataclasses.replace(instruction, mutation_type=MutationType.CHANGE)


def new_status(
    order: OrderState,
    sender: str,
    *,
    status_code: StatusCode | str | None = None,
    event_code: EventCode | str | None = None,
    detail_codes: Iterable[StatusDetailCode | str] = (),
    appointment: tuple[datetime, datetime | None] | None = None,
    expected_completion: date | None = None,
    completion_date: date | None = None,
    free_text: Iterable[str] = (),
    supplier_reference: str | None = None,
    number: str | None = None,
    now: datetime | None = None,
) -> MaintenanceStatus:
    """A MaintenanceStatus about a tracked order, sent by ``sender`` (its Buyer or Supplier)."""
    if order.supplier_gln is None:
        raise UsageError(f"order {order.key} has no known Supplier GLN to address a status to")
    if sender not in (order.key.buyer_gln, order.supplier_gln):
        raise UsageError(f"GLN {sender} is neither the Buyer nor the Supplier of order {order.key}")
    # The schema allows whole seconds only.
    when = (now or datetime.now(UTC)).replace(microsecond=0)
    return MaintenanceStatus(
        status_number=number or status_number(when),
        status_date_time=when,
        sender_gln=sender,
        instruction_reference=ms.InstructionReference(
            instruction_number=order.key.instruction_number
        ),
        supplier_reference=supplier_reference,
        buyer=ms.Party(gln=order.key.buyer_gln),
        supplier=ms.Party(gln=order.supplier_gln),
        status_code=None
        if status_code is None
        else StatusCode(str(getattr(status_code, "value", status_code))),
        event_code=None
        if event_code is None
        else EventCode(str(getattr(event_code, "value", event_code))),
        status_detail_code=[
            StatusDetailCode(str(getattr(code, "value", code))) for code in detail_codes
        ],
        appointment=(
            None
            if appointment is None
            else ms.Appointment(start_date_time=appointment[0], end_date_time=appointment[1])
        ),
        expected_completion_date=expected_completion,
        completion_date=completion_date,
        free_text=list(free_text),
    )
