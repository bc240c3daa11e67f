"""What the client hands back: receipts for sent messages, received and rejected messages."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import attrs

from dico_sdk.store import OrderKey, TrackerIssue
from dico_sdk.transport import Attachment

__all__ = ["Received", "Rejected", "SendReceipt", "rejection_json"]


@attrs.frozen(kw_only=True)
class SendReceipt:
    """The hub confirmed a message: its MsgId, the order it is about, when, after how many tries.

    ``accepted_at`` is the client's clock (UTC) when the hub's confirmation arrived.
    """

    msg_id: str
    msg_type: str
    order_number: str | None
    buyer_gln: str | None
    accepted_at: datetime
    attempts: int = 1

    @property
    def order(self) -> OrderKey | None:
        """The order's key, when the message belongs to one."""
        if self.order_number is None or self.buyer_gln is None:
            return None
        return OrderKey(self.buyer_gln, self.order_number)


@attrs.frozen(kw_only=True)
class Received:
    """A message fetched, stored, validated and recorded in the order tracker.

    ``message`` is the typed message; ``warnings`` the validation report's warnings (rule
    issues that do not block); ``issues`` what the process rules (DICO-PRC-*) found when the
    message was recorded on its order.
    """

    msg_id: str
    msg_type: str
    message: Any
    order: OrderKey | None
    warnings: tuple[Any, ...] = ()
    issues: tuple[TrackerIssue, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    """MessageService attachments that came beside the payload (e.g. an invoice PDF)."""


@attrs.frozen(kw_only=True)
class Rejected:
    """A message that failed to decode or validate, kept in the inbox with why.

    ``reason`` is one line; ``report`` the validation report as a dict (``None`` when the
    message could not be read at all); ``content`` the bytes exactly as received.
    """

    msg_id: str
    msg_type: str
    received_at: datetime | None
    reason: str
    report: dict[str, Any] | None = None
    content: bytes = attrs.field(repr=False, default=b"")
    attachments: tuple[Attachment, ...] = ()

    @classmethod
    def from_json(
        cls,
        *,
        msg_id: str,
        msg_type: str,
        received_at: datetime | None,
        content: bytes,
        text: str | None,
        attachments: tuple[Attachment, ...] = (),
    ) -> Rejected:
        """Rebuild from the store's rejection JSON text."""
        data = json.loads(text) if text else {}
        return cls(
            msg_id=msg_id,
            msg_type=msg_type,
            received_at=received_at,
            reason=str(data.get("reason", "rejected")),
            report=data.get("report"),
            content=content,
            attachments=attachments,
        )


def rejection_json(reason: str, report: dict[str, Any] | None) -> str:
    """The JSON text the store keeps for a rejected message."""
    return json.dumps({"reason": reason, "report": report}, ensure_ascii=False)
