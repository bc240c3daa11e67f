"""Durable outbox, inbox and order tracker (``dico_sdk.store``).

:class:`Store` is the interface, :class:`SqliteStore` the default implementation. The order
tracker's rules (DICO-PRC-01..06) are the pure function :func:`apply_event`, shared by every
implementation.
"""

from dico_sdk.store._base import Store
from dico_sdk.store._records import (
    Direction,
    EventKind,
    InboxEntry,
    InboxState,
    OrderEvent,
    OrderKey,
    OrderState,
    OutboxEntry,
    OutboxState,
    TrackerIssue,
)
from dico_sdk.store._sqlite import SqliteStore
from dico_sdk.store._tracker import (
    ALLOWED_TRANSITIONS,
    Applied,
    apply_event,
    invoiced_amount,
    transition_allowed,
)

__all__ = [
    "ALLOWED_TRANSITIONS",
    "Applied",
    "Direction",
    "EventKind",
    "InboxEntry",
    "InboxState",
    "OrderEvent",
    "OrderKey",
    "OrderState",
    "OutboxEntry",
    "OutboxState",
    "SqliteStore",
    "Store",
    "TrackerIssue",
    "apply_event",
    "invoiced_amount",
    "transition_allowed",
]
