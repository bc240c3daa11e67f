"""The sandbox hub's logic, written once: accounts, routing by payload GLNs, dedup, ErrorCodes.

No HTTP and no database here. :class:`HubCore` is driven by the real sandbox hub server (SQLite
storage) and by :class:`dico_sdk.testing.MockHub` (in-memory storage), so both behave alike.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import hmac
import os
import threading
from collections.abc import Callable, Iterable
from typing import Protocol, TypeVar

from dico_sdk.errors import StoreError, UsageError
from dico_sdk.hub._accounts import Account, Participant
from dico_sdk.hub._fault import HubFault
from dico_sdk.hub._routing import KNOWN_MESSAGES, Route, route_payload
from dico_sdk.transport import (
    Attachment,
    Envelope,
    ErrorCode,
    MessageInfo,
    MsgFormat,
    PostResult,
)

__all__ = [
    "DEFAULT_MAX_MESSAGE_SIZE",
    "KNOWN_MESSAGES",
    "Account",
    "ErrorCode",
    "HubCore",
    "HubFault",
    "MailboxStorage",
    "Participant",
    "PutOutcome",
    "Route",
    "envelope_or_fault",
    "fingerprint",
    "route_payload",
]

_T = TypeVar("_T")

_MSG_FORMATS = frozenset(item.value for item in MsgFormat)

DEFAULT_MAX_MESSAGE_SIZE = 7 * 1024 * 1024
"""The default limit on a message's payload plus attachments (7 MiB).

Over SOAP the payload and each attachment's base64 are single text nodes, and the hardened parser
(no ``huge_tree``) refuses a text node over 10,000,000 characters; 7 MiB of attachments is under
that even as base64, so every message the core accepts can also cross the wire.
"""


class PutOutcome(enum.Enum):
    """What :meth:`MailboxStorage.put` did with a message."""

    STORED = "stored"
    """New MsgId: the message is committed to the mailbox."""
    DUPLICATE = "duplicate"
    """The MsgId was seen before with the same fingerprint: nothing stored again."""
    CONFLICT = "conflict"
    """The MsgId was seen before with a different fingerprint: refused."""


def fingerprint(envelope: Envelope) -> str:
    """The dedup fingerprint: sha256 over the content and every attachment, length-prefixed."""
    digest = hashlib.sha256()

    def feed(value: bytes | str | None) -> None:
        if value is None:
            digest.update(b"\xff")
            return
        data = value.encode("utf-8") if isinstance(value, str) else value
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)

    feed(envelope.content)
    digest.update(len(envelope.attachments).to_bytes(4, "big"))
    for item in envelope.attachments:
        for part in (item.url, item.document_type, item.file_type, item.file_name, item.data):
            feed(part)
    return digest.hexdigest()


class MailboxStorage(Protocol):
    """Where a hub keeps its mailboxes and its MsgId ledger.

    ``put`` is atomic and commits before it returns. The ledger (MsgId -> fingerprint) outlives
    ``delete``, so a sender's retry after the receiver fetched and deleted the message is still a
    duplicate, never a second delivery. Listing order is arrival order.
    """

    def put(self, mailbox: str, message: Envelope) -> PutOutcome:
        """Store ``message`` in ``mailbox`` unless its MsgId is already in the ledger."""
        ...

    def list(self, mailbox: str, msg_type: str | None) -> list[MessageInfo]:
        """The messages waiting in ``mailbox`` (of ``msg_type`` only, when given)."""
        ...

    def get(self, mailbox: str, msg_id: str) -> Envelope | None:
        """The message, or None when it is not (or no longer) in ``mailbox``."""
        ...

    def delete(self, mailbox: str, msg_id: str) -> bool:
        """Remove the message from ``mailbox``; False when it was not there."""
        ...

    def close(self) -> None:
        """Release the storage's resources."""
        ...


def envelope_or_fault(
    *,
    msg_id: str,
    msg_datetime: dt.datetime,
    msg_format: str,
    msg_version: str,
    msg_type: str,
    content: bytes,
    attachments: Iterable[Attachment] = (),
) -> Envelope:
    """An :class:`Envelope` from properties read off the wire, or ``INVALID_PROPERTIES``.

    For a server: a MsgId that is empty or over 50 characters, or a MsgDateTime without an
    offset, is the client's fault, not a crash.
    """
    try:
        return Envelope(
            msg_id=msg_id,
            msg_datetime=msg_datetime,
            msg_format=msg_format,
            msg_version=msg_version,
            msg_type=msg_type,
            content=content,
            attachments=tuple(attachments),
        )
    except UsageError as exc:
        raise HubFault(ErrorCode.INVALID_PROPERTIES, exc.message, msg_id=msg_id[:50]) from exc


def _check_properties(envelope: Envelope) -> None:
    if envelope.msg_format not in _MSG_FORMATS:
        raise HubFault(
            ErrorCode.INVALID_PROPERTIES,
            f"unknown MsgFormat {envelope.msg_format!r}",
            msg_id=envelope.msg_id,
        )
    if not envelope.msg_type or not envelope.msg_version:
        raise HubFault(
            ErrorCode.INVALID_PROPERTIES,
            "MsgType and MsgVersion are required",
            msg_id=envelope.msg_id,
        )


class HubCore:
    """The hub: authenticates accounts and routes, deduplicates and serves their messages.

    Every refusal is a :class:`HubFault` with an :class:`ErrorCode`. Thread-safe as far as the
    storage is (the account table is guarded by a lock).
    """

    def __init__(
        self,
        accounts: Iterable[Account],
        storage: MailboxStorage,
        *,
        max_message_size: int = DEFAULT_MAX_MESSAGE_SIZE,
    ) -> None:
        self._lock = threading.Lock()
        self._accounts: dict[str, Account] = {}
        self._owners: dict[str, Account] = {}
        self._verified: dict[str, bytes] = {}
        self._secret = os.urandom(32)
        self.storage = storage
        self.max_message_size = max_message_size
        self._decoy: Account | None = None
        for account in accounts:
            self.add_account(account)

    # -- accounts and directory ---------------------------------------------------------------

    def add_account(self, account: Account) -> Account:
        """Register an account; its name and GLNs must not be taken."""
        with self._lock:
            if account.name in self._accounts:
                raise UsageError(f"account {account.name!r} exists already")
            taken = sorted(gln for gln in account.glns if gln in self._owners)
            if taken:
                raise UsageError(f"GLN {', '.join(taken)} already belongs to another account")
            self._accounts[account.name] = account
            for gln in account.glns:
                self._owners[gln] = account
        return account

    @property
    def accounts(self) -> tuple[Account, ...]:
        """The registered accounts, in registration order."""
        with self._lock:
            return tuple(self._accounts.values())

    def authenticate(self, username: str, password: str) -> Account:
        """The account for these credentials, or ``AUTH_FAILED``."""
        # scrypt costs tens of milliseconds by design; a keyed digest of credentials that verified
        # once lets the next request of the same client through cheaply, without keeping the
        # password itself. Keyed BLAKE2b is that digest (a MAC) at a fraction of HMAC's cost here.
        credentials = f"{username}\x00{password}".encode()
        token = hashlib.blake2b(credentials, key=self._secret, digest_size=32).digest()
        with self._lock:
            account = self._accounts.get(username)
            known = self._verified.get(username)
        if account is not None and known is not None and hmac.compare_digest(known, token):
            return account
        if account is None:
            # A throw-away verifier, so that an unknown username costs as much as a wrong password.
            if self._decoy is None:
                self._decoy = Account.create("\x00decoy", "\x00", glns=())
            self._decoy.verify(password)
        elif account.verify(password):
            with self._lock:
                self._verified[username] = token
            return account
        raise HubFault(ErrorCode.AUTH_FAILED, "unknown user or wrong password")

    def directory(self) -> list[Participant]:
        """Every connected GLN and the MsgTypes it accepts (empty: all), sorted by GLN."""
        with self._lock:
            owners = sorted(self._owners.items())
        return [Participant(gln=gln, accepts=account.accepts) for gln, account in owners]

    def participant(self, gln: str) -> Participant | None:
        """The directory entry for ``gln``, or None when no account owns it."""
        with self._lock:
            account = self._owners.get(gln)
        return None if account is None else Participant(gln=gln, accepts=account.accepts)

    # -- the four operations ------------------------------------------------------------------

    def post(self, account: Account, envelope: Envelope) -> PostResult:
        """Route ``envelope`` to the account owning the receiving GLN and store it there."""
        msg_id = envelope.msg_id
        _check_properties(envelope)
        size = len(envelope.content) + sum(len(a.data or b"") for a in envelope.attachments)
        if size > self.max_message_size:
            raise HubFault(
                ErrorCode.MESSAGE_TOO_LARGE,
                f"message of {size} bytes exceeds the hub's limit of {self.max_message_size}",
                msg_id=msg_id,
            )
        receiver = self._receiver(
            account,
            route_payload(envelope.content, max_size=self.max_message_size, msg_id=msg_id),
            envelope,
        )
        try:
            outcome = self.storage.put(receiver.name, envelope)
        except StoreError as exc:
            raise HubFault(
                ErrorCode.INTERNAL_ERROR, f"storage failed: {exc}", msg_id=msg_id
            ) from exc
        if outcome is PutOutcome.CONFLICT:
            raise HubFault(
                ErrorCode.DUPLICATE_MSGID,
                "this MsgId was already used for a message with different content",
                msg_id=msg_id,
            )
        return PostResult(msg_id=msg_id)

    def _receiver(self, account: Account, route: Route, envelope: Envelope) -> Account:
        msg_id = envelope.msg_id
        if route.sender_gln is None or route.sender_gln not in account.glns:
            raise HubFault(
                ErrorCode.SENDER_NOT_OWNED,
                f"account {account.name!r} does not own the sending GLN {route.sender_gln}",
                msg_id=msg_id,
            )
        with self._lock:
            receiver = self._owners.get(route.receiver_gln or "")
        if receiver is None:
            raise HubFault(
                ErrorCode.UNKNOWN_RECEIVER,
                f"no account owns the receiving GLN {route.receiver_gln}",
                msg_id=msg_id,
            )
        if not receiver.accepts_type(envelope.msg_type):
            raise HubFault(
                ErrorCode.UNKNOWN_RECEIVER,
                f"GLN {route.receiver_gln} does not accept MsgType {envelope.msg_type}",
                msg_id=msg_id,
            )
        return receiver

    def list_available(self, account: Account, msg_type: str | None = None) -> list[MessageInfo]:
        """The messages waiting in the account's own mailbox."""
        return self._storage_call(lambda: self.storage.list(account.name, msg_type or None))

    def get(self, account: Account, msg_id: str) -> Envelope:
        """A message from the account's own mailbox, or ``MESSAGE_NOT_FOUND``."""
        message = self._storage_call(lambda: self.storage.get(account.name, msg_id), msg_id)
        if message is None:
            raise _not_found(msg_id)
        return message

    def delete(self, account: Account, msg_id: str) -> None:
        """Remove a message from the account's own mailbox, or ``MESSAGE_NOT_FOUND``."""
        if not self._storage_call(lambda: self.storage.delete(account.name, msg_id), msg_id):
            raise _not_found(msg_id)

    @staticmethod
    def _storage_call(call: Callable[[], _T], msg_id: str | None = None) -> _T:
        try:
            return call()
        except StoreError as exc:
            raise HubFault(
                ErrorCode.INTERNAL_ERROR, f"storage failed: {exc}", msg_id=msg_id
            ) from exc

    def close(self) -> None:
        """Close the storage."""
        self.storage.close()


def _not_found(msg_id: str) -> HubFault:
    return HubFault(
        ErrorCode.MESSAGE_NOT_FOUND, f"no message {msg_id} in this mailbox", msg_id=msg_id
    )
