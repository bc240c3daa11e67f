"""The sending half of the client's core: outbox first, then the post (no I/O of its own)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from dico_sdk.client._events import order_event, sender_gln
from dico_sdk.client._receipts import SendReceipt
from dico_sdk.client._steps import Call, Gather, Steps
from dico_sdk.codec import encode
from dico_sdk.errors import DicoError, HubFaultError, UsageError
from dico_sdk.messages import MessageRegistry
from dico_sdk.store import Direction, EventKind, OrderEvent, OutboxEntry, OutboxState, Store
from dico_sdk.transport import Envelope, new_msg_id

__all__ = ["Sending", "describe", "utc_now"]


def utc_now() -> datetime:
    """The current time, UTC."""
    return datetime.now(UTC)


def describe(error: BaseException) -> str:
    """An error as one line for the store: its class and message."""
    return f"{type(error).__name__}: {error}"


class Sending:
    """Step machines for sending: :meth:`send`, :meth:`post`, :meth:`flush`."""

    store: Store
    glns: frozenset[str]
    registry: MessageRegistry
    batch_size: int
    concurrency: int
    lang: str

    def prepare(self, message: Any) -> OutboxEntry:
        """Check ``message``, give it a MsgId and store it in the outbox with its order event.

        Sending the same message again (same content) returns its earlier outbox entry instead
        of a second one: an application that retries ``send_order`` after a crash does not send
        the order twice.
        """
        entry_type = self.registry.for_class(type(message))
        sender = sender_gln(message)
        if sender not in self.glns:
            raise UsageError(
                f"this client sends for GLN(s) {', '.join(sorted(self.glns))}, "
                f"but the {entry_type.name} is sent by {sender}"
            )
        content = encode(message, registry=self.registry)  # schema + rules, before any I/O
        now = utc_now()
        msg_id = new_msg_id()
        event = order_event(
            message, direction=Direction.SENT, msg_id=msg_id, content=content, at=now
        )
        earlier = None if event is None else self._sent_before(event)
        if earlier is not None:
            return earlier
        entry = OutboxEntry(
            msg_id=msg_id,
            msg_datetime=now,
            msg_format=entry_type.msg_format,
            msg_version=entry_type.msg_version,
            msg_type=entry_type.msg_type,
            content=content,
            order=None if event is None else event.order,
            created_at=now,
        )
        self.store.add_outgoing(entry, event)
        return entry

    def _sent_before(self, event: OrderEvent) -> OutboxEntry | None:
        """The outbox entry of an identical earlier message; refuses a conflicting reuse."""
        state = self.store.order(event.order)
        for old in () if state is None else state.history:
            same = old.kind is event.kind and old.number == event.number
            if (
                not same
                or old.direction is not Direction.SENT
                or old.sender_gln != event.sender_gln
            ):
                continue
            if old.digest == event.digest:
                return self.store.outgoing(old.msg_id)
            if event.kind is not EventKind.INSTRUCTION:
                raise UsageError(
                    f"{event.kind.value} number {event.number} was sent before with other content"
                    f" (MsgId {old.msg_id}): give the new message a new number"
                )
            if event.mutation_type == old.mutation_type == "9":
                raise UsageError(
                    f"order {event.order} was sent before with other content (MsgId "
                    f"{old.msg_id}): send the change with change_order()"
                )
        return None

    def send(self, message: Any) -> Steps[SendReceipt]:
        """Store ``message`` in the outbox, then post it (unless it was confirmed before)."""
        entry = self.prepare(message)
        if entry.state is OutboxState.SENT:
            return self._receipt(entry, entry.sent_at or utc_now(), entry.attempts)
        # Pending or failed before: post it again with its own MsgId. A failed entry is posted
        # again only on an explicit resend (the credentials or the receiver may be fixed now).
        return (yield from self.post(entry))

    def post(self, entry: OutboxEntry) -> Steps[SendReceipt]:
        """Post one outbox entry; the transport retries per its RetryPolicy, same MsgId."""
        try:
            result = yield Call("post", (_envelope(entry),))
        except DicoError as error:
            self._post_failed(entry, error)
            raise
        return self._posted(entry, result.attempts)

    def flush(self) -> Steps[list[SendReceipt]]:
        """Post every entry whose outcome is unknown, each with its own MsgId, in batches."""
        receipts: list[SendReceipt] = []
        while batch := self.store.pending_outgoing(limit=self.batch_size):
            calls = tuple(Call("post", (_envelope(entry),)) for entry in batch)
            results = yield Gather(calls, limit=self.concurrency)
            errors: list[DicoError] = []
            for entry, result in zip(batch, results, strict=True):
                if isinstance(result, DicoError):
                    self._post_failed(entry, result)
                    errors.append(result)
                else:
                    receipts.append(self._posted(entry, result.attempts))
            if errors:
                raise errors[0]
        return receipts

    def _posted(self, entry: OutboxEntry, attempts: int) -> SendReceipt:
        accepted = utc_now()
        self.store.mark_sent(entry.msg_id, at=accepted)
        return self._receipt(entry, accepted, attempts)

    @staticmethod
    def _receipt(entry: OutboxEntry, accepted: datetime, attempts: int) -> SendReceipt:
        order = entry.order
        return SendReceipt(
            msg_id=entry.msg_id,
            msg_type=entry.msg_type,
            order_number=None if order is None else order.instruction_number,
            buyer_gln=None if order is None else order.buyer_gln,
            accepted_at=accepted,
            attempts=attempts,
        )

    def _post_failed(self, entry: OutboxEntry, error: DicoError) -> None:
        if isinstance(error, HubFaultError):
            # A fault no retry mends (credentials, a refused message): kept, marked failed.
            self.store.mark_failed(entry.msg_id, error=describe(error))
        else:
            # Unavailable, a garbled answer, a closed transport: the outcome is unknown.
            self.store.record_attempt(entry.msg_id, error=describe(error))


def _envelope(entry: OutboxEntry) -> Envelope:
    return Envelope(
        msg_id=entry.msg_id,
        msg_datetime=entry.msg_datetime,
        msg_format=entry.msg_format,
        msg_version=entry.msg_version,
        msg_type=entry.msg_type,
        content=entry.content,
    )
