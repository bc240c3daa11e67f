from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from dico_sdk.store import Direction, EventKind, OrderEvent, OrderKey

BUYER = "8712345000014"
SUPPLIER = "8712345000021"
KEY = OrderKey(BUYER, "WO-2026-0001")
T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


class Events:
    """Builds order events the way the client reduces messages to them."""

    def __init__(self) -> None:
        self.clock = T0
        self.count = 0

    def _next(self) -> tuple[str, datetime]:
        self.count += 1
        self.clock += timedelta(minutes=5)
        return f"msg-{self.count}", self.clock

    def instruction(
        self, *, maximum: str | None = "500.00", mutation: str = "9", **kw: Any
    ) -> OrderEvent:
        msg_id, at = self._next()
        fields: dict[str, Any] = {
            "order": KEY,
            "kind": EventKind.INSTRUCTION,
            "direction": Direction.SENT,
            "msg_id": msg_id,
            "sender_gln": BUYER,
            "number": KEY.instruction_number,
            "digest": hashlib.sha256(f"{mutation}{maximum}{kw}".encode()).hexdigest(),
            "at": at,
            "supplier_gln": SUPPLIER,
            "mutation_type": mutation,
            "maximum_amount": None if maximum is None else Decimal(maximum),
        }
        fields.update(kw)
        return OrderEvent(**fields)

    def status(
        self,
        number: str,
        *,
        code: str | None = None,
        event: str | None = None,
        sender: str = SUPPLIER,
        content: str = "",
        **kw: Any,
    ) -> OrderEvent:
        msg_id, at = self._next()
        fields: dict[str, Any] = {
            "order": KEY,
            "kind": EventKind.STATUS,
            "direction": Direction.RECEIVED,
            "msg_id": msg_id,
            "sender_gln": sender,
            "number": number,
            "digest": hashlib.sha256(f"{number}{code}{event}{content}".encode()).hexdigest(),
            "at": at,
            "supplier_gln": SUPPLIER,
            "status_code": code,
            "event_code": event,
        }
        fields.update(kw)
        return OrderEvent(**fields)

    def invoice(
        self, number: str, base: str, *, invoice_type: str = "380", corrects: str | None = None
    ) -> OrderEvent:
        msg_id, at = self._next()
        return OrderEvent(
            order=KEY,
            kind=EventKind.INVOICE,
            direction=Direction.RECEIVED,
            msg_id=msg_id,
            sender_gln=SUPPLIER,
            number=number,
            digest=hashlib.sha256(f"{number}{base}{corrects}".encode()).hexdigest(),
            at=at,
            supplier_gln=SUPPLIER,
            invoice_type=invoice_type,
            corrects=corrects,
            vat_base_total=Decimal(base),
        )


@pytest.fixture
def events() -> Events:
    return Events()
