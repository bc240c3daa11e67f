"""The store interface: outbox, inbox and order tracker behind one small abstract class.

What an implementation must guarantee (the client's exactly-once promises rest on it):

- Every method that changes something is one transaction, committed before it returns.
- ``add_outgoing`` stores the message and records its order event atomically, and refuses a
  MsgId it already has; ``add_incoming`` refuses (returns False for) a MsgId it already has,
  also after the message was processed: that is how a message fetched twice is recognised.
- ``accept_incoming`` marks the inbox entry accepted and applies its order event in the same
  transaction, so a crash can never leave a message half-recorded; it is a no-op (returns None)
  for an entry that is not in state RECEIVED.
- Applying an event reads the order's current state and writes the new one in one transaction
  that excludes concurrent writers to the same order: SQLite takes the database write lock
  (``BEGIN IMMEDIATE``); a PostgreSQL implementation for multi-worker deployments would lock the
  order row (``SELECT ... FOR UPDATE``) and use the MsgId primary keys for the dedup guarantees.
- The order logic itself is not the store's: it calls :func:`dico_sdk.store.apply_event`.
- Several workers may share one mailbox and one store: each lists and gets, but only the one
  whose ``add_incoming`` stored a message processes it (the others see False), and
  ``accept_incoming`` settles an entry once; deleting a message twice on the hub is harmless.
"""

from __future__ import annotations

import abc
from collections.abc import Sequence
from datetime import datetime
from types import TracebackType
from typing import Self

from dico_sdk.store._records import (
    InboxEntry,
    InboxState,
    OrderEvent,
    OrderKey,
    OrderState,
    OutboxEntry,
)
from dico_sdk.store._tracker import Applied

__all__ = ["Store"]


class Store(abc.ABC):
    """Durable outbox, inbox and order tracker. Use as a context manager or call ``close()``."""

    # -- outbox ----------------------------------------------------------------------------

    @abc.abstractmethod
    def add_outgoing(self, entry: OutboxEntry, event: OrderEvent | None = None) -> Applied | None:
        """Store an outgoing message before its first attempt, with its order event."""

    @abc.abstractmethod
    def record_attempt(self, msg_id: str, *, error: str | None = None) -> None:
        """Count one attempt to post ``msg_id``; ``error`` says why it did not succeed."""

    @abc.abstractmethod
    def mark_sent(self, msg_id: str, *, at: datetime) -> None:
        """The hub confirmed ``msg_id``."""

    @abc.abstractmethod
    def mark_failed(self, msg_id: str, *, error: str) -> None:
        """The hub refused ``msg_id`` for good; it stays in the outbox for inspection."""

    @abc.abstractmethod
    def outgoing(self, msg_id: str) -> OutboxEntry | None:
        """The outbox entry of ``msg_id``, if any."""

    @abc.abstractmethod
    def pending_outgoing(self, *, limit: int | None = None) -> list[OutboxEntry]:
        """Entries whose post is not confirmed (never tried, or outcome unknown), oldest first."""

    @abc.abstractmethod
    def failed_outgoing(self) -> list[OutboxEntry]:
        """Entries the hub refused for good, oldest first."""

    # -- inbox -----------------------------------------------------------------------------

    @abc.abstractmethod
    def add_incoming(self, entry: InboxEntry) -> bool:
        """Store a received message durably; False when its MsgId was stored before."""

    def add_incoming_many(self, entries: Sequence[InboxEntry]) -> list[bool]:
        """Store several received messages; one flag per entry as :meth:`add_incoming` gives.

        Implementations should do this in one transaction (the default calls
        :meth:`add_incoming` per entry, which is correct but slower).
        """
        return [self.add_incoming(entry) for entry in entries]

    @abc.abstractmethod
    def mark_deleted_on_hub(self, msg_ids: Sequence[str]) -> None:
        """The hub confirmed deleting these messages."""

    @abc.abstractmethod
    def accept_incoming(self, msg_id: str, event: OrderEvent | None) -> Applied | None:
        """Mark ``msg_id`` accepted and apply its order event, in one transaction."""

    def accept_incoming_many(
        self, items: Sequence[tuple[str, OrderEvent | None]]
    ) -> list[tuple[bool, Applied | None]]:
        """Accept several entries; per entry (whether it was accepted now, its Applied).

        An implementation should use one transaction for all (the default calls
        :meth:`accept_incoming` per entry: correct, slower). Accepted False means the entry was
        not in state RECEIVED (another worker settled it).
        """
        results: list[tuple[bool, Applied | None]] = []
        for msg_id, event in items:
            before = self.incoming(msg_id)
            applied = self.accept_incoming(msg_id, event)
            fresh = before is not None and before.state is InboxState.RECEIVED
            results.append((fresh, applied))
        return results

    @abc.abstractmethod
    def reject_incoming(self, msg_id: str, *, rejection: str) -> None:
        """Keep ``msg_id`` as rejected, with why (JSON text)."""

    @abc.abstractmethod
    def incoming(self, msg_id: str) -> InboxEntry | None:
        """The inbox entry of ``msg_id``, if any."""

    def known_incoming(self, msg_ids: Sequence[str]) -> set[str]:
        """Which of ``msg_ids`` the inbox holds already (in any state)."""
        return {msg_id for msg_id in msg_ids if self.incoming(msg_id) is not None}

    @abc.abstractmethod
    def unprocessed_incoming(self, *, limit: int | None = None) -> list[InboxEntry]:
        """Entries stored but not yet accepted or rejected (e.g. after a crash), oldest first."""

    @abc.abstractmethod
    def undeleted_incoming(self) -> list[str]:
        """MsgIds stored here whose deletion on the hub is not confirmed."""

    @abc.abstractmethod
    def undelivered_incoming(
        self, msg_type: str | None = None, *, limit: int | None = None
    ) -> list[InboxEntry]:
        """Accepted entries (of ``msg_type``) not yet handed to the caller, oldest first."""

    @abc.abstractmethod
    def mark_delivered(self, msg_ids: Sequence[str]) -> None:
        """These accepted messages were handed to the caller."""

    @abc.abstractmethod
    def rejected_incoming(self) -> list[InboxEntry]:
        """Entries that failed to decode or validate, oldest first."""

    # -- order tracker -----------------------------------------------------------------------

    @abc.abstractmethod
    def record_event(self, event: OrderEvent) -> Applied:
        """Apply an order event that belongs to no outbox or inbox entry."""

    @abc.abstractmethod
    def order(self, key: OrderKey) -> OrderState | None:
        """The tracker's state of one order, with its history and issues."""

    @abc.abstractmethod
    def orders(
        self,
        *,
        status: str | None = None,
        buyer_gln: str | None = None,
        instruction_number: str | None = None,
    ) -> list[OrderState]:
        """Every tracked order, optionally only those in main ``status``, of ``buyer_gln``, or
        with ``instruction_number`` (one number may be used by several Buyers)."""

    # -- lifetime ----------------------------------------------------------------------------

    @abc.abstractmethod
    def close(self) -> None:
        """Release the store's resources. Safe to call twice."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
