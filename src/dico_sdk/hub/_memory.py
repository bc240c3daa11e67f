"""In-memory mailbox storage, for MockHub and quick experiments: lost when the process ends."""

from __future__ import annotations

import threading

from dico_sdk.hub._core import PutOutcome, fingerprint
from dico_sdk.transport import Envelope, MessageInfo

__all__ = ["MemoryStorage"]


class MemoryStorage:
    """A :class:`~dico_sdk.hub.MailboxStorage` in dictionaries, guarded by one lock."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ledger: dict[str, str] = {}
        self._mailboxes: dict[str, dict[str, Envelope]] = {}

    def put(self, mailbox: str, message: Envelope) -> PutOutcome:
        """Store ``message`` unless its MsgId is in the ledger (kept after delete)."""
        mark = fingerprint(message)
        with self._lock:
            seen = self._ledger.get(message.msg_id)
            if seen is not None:
                return PutOutcome.DUPLICATE if seen == mark else PutOutcome.CONFLICT
            self._ledger[message.msg_id] = mark
            self._mailboxes.setdefault(mailbox, {})[message.msg_id] = message
        return PutOutcome.STORED

    def list(self, mailbox: str, msg_type: str | None) -> list[MessageInfo]:
        """Waiting messages in arrival order, optionally of one MsgType."""
        with self._lock:
            messages = list(self._mailboxes.get(mailbox, {}).values())
        return [m.info for m in messages if msg_type is None or m.msg_type == msg_type]

    def get(self, mailbox: str, msg_id: str) -> Envelope | None:
        """The message, or None."""
        with self._lock:
            return self._mailboxes.get(mailbox, {}).get(msg_id)

    def delete(self, mailbox: str, msg_id: str) -> bool:
        """Remove the message; the ledger keeps its MsgId."""
        with self._lock:
            return self._mailboxes.get(mailbox, {}).pop(msg_id, None) is not None

    def close(self) -> None:
        """Nothing to release."""
