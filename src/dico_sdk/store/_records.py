"""The store's value objects: outbox and inbox entries, order events and order states.

They hold plain values (codes as strings, amounts as ``Decimal``), never message objects, so that a
store implementation needs neither the codec nor the generated models.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

import attrs

from dico_sdk.transport import Attachment

__all__ = [
    "Direction",
    "EventKind",
    "InboxEntry",
    "InboxState",
    "OrderEvent",
    "OrderKey",
    "OrderState",
    "OutboxEntry",
    "OutboxState",
    "TrackerIssue",
]


class OutboxState(enum.Enum):
    """Where an outgoing message stands."""

    PENDING = "pending"
    """Stored, not yet confirmed by the hub: never tried, or the outcome of a try is unknown."""
    SENT = "sent"
    """The hub confirmed it (MessageResult true)."""
    FAILED = "failed"
    """The hub refused it for good (a fault that no retry can mend)."""


class InboxState(enum.Enum):
    """Where an incoming message stands."""

    RECEIVED = "received"
    """Stored durably, not yet decoded and validated (after a crash: processed next)."""
    ACCEPTED = "accepted"
    """Decoded, validated and recorded in the order tracker."""
    REJECTED = "rejected"
    """Failed to decode or validate; kept with its report, never dropped."""


class Direction(enum.Enum):
    """Whether this party sent or received the message an order event comes from."""

    SENT = "sent"
    RECEIVED = "received"


class EventKind(enum.Enum):
    """Which message an order event comes from."""

    INSTRUCTION = "instruction"
    STATUS = "status"
    INVOICE = "invoice"


@attrs.frozen
class OrderKey:
    """An order is identified by the Buyer's GLN and the Buyer's InstructionNumber."""

    buyer_gln: str
    instruction_number: str

    def __str__(self) -> str:
        return f"{self.instruction_number} (Buyer {self.buyer_gln})"


@attrs.frozen(kw_only=True)
class OutboxEntry:
    """A message this party sends: stored with its MsgId before the first attempt."""

    msg_id: str
    msg_datetime: datetime
    msg_format: str
    msg_version: str
    msg_type: str
    content: bytes = attrs.field(repr=False)
    order: OrderKey | None = None
    state: OutboxState = OutboxState.PENDING
    attempts: int = 0
    last_error: str | None = None
    created_at: datetime | None = None
    sent_at: datetime | None = None


@attrs.frozen(kw_only=True)
class InboxEntry:
    """A message this party received: stored durably before it is deleted on the hub."""

    msg_id: str
    msg_datetime: datetime
    msg_format: str
    msg_version: str
    msg_type: str
    content: bytes = attrs.field(repr=False)
    state: InboxState = InboxState.RECEIVED
    deleted_on_hub: bool = False
    received_at: datetime | None = None
    processed_at: datetime | None = None
    rejection: str | None = None
    """Why the message was rejected: the error or report, as JSON text."""
    delivered: bool = False
    """An accepted message was handed to the caller (returned by a receive or fetch)."""
    attachments: tuple[Attachment, ...] = ()
    """The MessageService attachments that came with the message (besides its payload)."""


@attrs.frozen(kw_only=True)
class TrackerIssue:
    """A process-rule finding (DICO-PRC-*) on an order."""

    rule_id: str
    severity: str
    message: str
    msg_id: str | None = None
    message_nl: str | None = None
    """The message in Dutch (None for issues recorded before it was kept)."""

    def text(self, lang: str = "en") -> str:
        """The message in ``lang`` ("en" or "nl"), English when no Dutch one was kept."""
        return self.message_nl if lang == "nl" and self.message_nl else self.message


@attrs.frozen(kw_only=True)
class OrderEvent:
    """One instruction, status or invoice, reduced to what the order tracker needs.

    ``number`` is the InstructionNumber, StatusNumber or InvoiceNumber of the message;
    ``digest`` a hash of its content, to tell a repeat from a conflicting resend (DICO-PRC-06).
    """

    order: OrderKey
    kind: EventKind
    direction: Direction
    msg_id: str
    sender_gln: str
    number: str
    digest: str
    at: datetime
    supplier_gln: str | None = None
    mutation_type: str | None = None
    maximum_amount: Decimal | None = None
    status_code: str | None = None
    event_code: str | None = None
    detail_codes: tuple[str, ...] = ()
    appointment_start: datetime | None = None
    appointment_end: datetime | None = None
    expected_completion: date | None = None
    completion_date: date | None = None
    invoice_type: str | None = None
    corrects: str | None = None
    """For a 384 correction: the InvoiceNumber it corrects."""
    vat_base_total: Decimal | None = None
    """For an invoice: its TotalVATBaseAmount (negative for a credit invoice)."""
    issues: tuple[TrackerIssue, ...] = ()
    """The process-rule findings raised when this event was recorded."""


@attrs.frozen(kw_only=True)
class OrderState:
    """The tracker's view of one order: its main status, latest events, history and issues."""

    key: OrderKey
    supplier_gln: str | None
    known: bool
    """False when only statuses or invoices arrived, never the instruction (DICO-PRC-01)."""
    main_status: str | None
    appointment_start: datetime | None = None
    appointment_end: datetime | None = None
    expected_completion: date | None = None
    completion_date: date | None = None
    maximum_amount: Decimal | None = None
    history: tuple[OrderEvent, ...] = ()
    issues: tuple[TrackerIssue, ...] = ()

    @property
    def invoices(self) -> tuple[OrderEvent, ...]:
        """The invoice events of the order, oldest first."""
        return tuple(event for event in self.history if event.kind is EventKind.INVOICE)

    @property
    def last_event_code(self) -> str | None:
        """The most recent EventCode reported on the order, if any."""
        for event in reversed(self.history):
            if event.event_code:
                return event.event_code
        return None
