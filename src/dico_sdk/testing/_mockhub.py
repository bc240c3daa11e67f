"""MockHub: an in-memory MessageService hub for your tests, built on the sandbox hub's own core.

It routes, deduplicates and faults exactly like the sandbox hub (the same :class:`HubCore`), and
adds what a test needs: fault injection, latency, a record of what was sent, assertion helpers.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable, Iterable
from typing import TypeVar

import anyio
import attrs

from dico_sdk.errors import DicoError, HubUnavailableError, UsageError
from dico_sdk.hub import Account, HubCore, HubFault, MemoryStorage, Participant, PutOutcome
from dico_sdk.hub._core import DEFAULT_MAX_MESSAGE_SIZE
from dico_sdk.transport import (
    AsyncTransport,
    Envelope,
    ErrorCode,
    MessageInfo,
    PostResult,
    RetryPolicy,
    Transport,
    fault_error,
)
from dico_sdk.transport._soap import message_element

__all__ = ["AsyncMockTransport", "MockHub", "MockTransport", "Request"]

_T = TypeVar("_T")

# Test accounts need no guessing resistance; a cheap scrypt keeps a fresh hub per test fast.
_TEST_HASH_COST = 2**4


@attrs.frozen
class Request:
    """One call that reached the MockHub: who, which operation, about which MsgId."""

    account: str
    operation: str
    msg_id: str | None = None


@attrs.frozen
class _Injected:
    error: DicoError | ErrorCode
    operation: str | None


class _RecordingStorage(MemoryStorage):
    def __init__(self, sent: list[Envelope]) -> None:
        super().__init__()
        self._sent = sent

    def put(self, mailbox: str, message: Envelope) -> PutOutcome:
        outcome = super().put(mailbox, message)
        if outcome is PutOutcome.STORED:
            self._sent.append(message)
        return outcome


class MockHub:
    """An in-memory hub with accounts, per-account mailboxes and the sandbox hub's behaviour.

    ``retry`` makes the policy for each transport that is not given one; the default,
    ``RetryPolicy.for_testing``, records its sleeps instead of sleeping
    (``transport.retry.recorder.sleeps``), so retries cost no time.
    """

    def __init__(
        self,
        *,
        max_message_size: int = DEFAULT_MAX_MESSAGE_SIZE,
        retry: Callable[[], RetryPolicy] = RetryPolicy.for_testing,
    ) -> None:
        self.sent: list[Envelope] = []
        """Every message the hub stored, in order; a recognised repeat is not added again."""
        self.requests: list[Request] = []
        """Every call that reached the hub, including failed and injected ones."""
        self.latency = 0.0
        """Seconds every call waits before the hub answers (a slow hub)."""
        self.core = HubCore([], _RecordingStorage(self.sent), max_message_size=max_message_size)
        self._retry = retry
        self._lock = threading.Lock()
        self._faults: list[_Injected] = []
        self._drops = 0

    # -- set-up ---------------------------------------------------------------------------------

    def add_account(
        self,
        name: str,
        *,
        glns: Iterable[str],
        password: str | None = None,
        accepts: Iterable[str] = (),
    ) -> Account:
        """Add an account (a mailbox) owning ``glns``; returns it.

        Without ``password`` the account gets a random one; a transport made without a password
        is logged in regardless (give one to both to test credentials).
        """
        secret = password if password is not None else secrets.token_hex(8)
        account = Account.create(name, secret, glns, accepts, cost=_TEST_HASH_COST)
        return self.core.add_account(account)

    def transport(
        self,
        account: str | Account,
        *,
        password: str | None = None,
        retry: RetryPolicy | None = None,
    ) -> MockTransport:
        """A sync transport logged in as ``account`` (with ``password``, if given, checked)."""
        return MockTransport(self, _name(account), password=password, retry=retry or self._retry())

    def async_transport(
        self,
        account: str | Account,
        *,
        password: str | None = None,
        retry: RetryPolicy | None = None,
    ) -> AsyncMockTransport:
        """The async twin of :meth:`transport`."""
        return AsyncMockTransport(
            self, _name(account), password=password, retry=retry or self._retry()
        )

    # -- fault injection --------------------------------------------------------------------------

    def fail_next(
        self,
        n: int = 1,
        error: DicoError | ErrorCode | None = None,
        *,
        operation: str | None = None,
    ) -> None:
        """Make the next ``n`` calls (of ``operation`` only, if given) fail before the hub acts.

        ``error`` is an SDK error to raise, or an :class:`ErrorCode` the hub answers as a fault;
        the default is an HTTP 503 (:class:`HubUnavailableError`).
        """
        if n < 1:
            raise UsageError("fail_next() needs n >= 1")
        injected = error if error is not None else _unavailable()
        with self._lock:
            self._faults.extend(_Injected(injected, operation) for _ in range(n))

    def drop_response_after_store(self, n: int = 1) -> None:
        """The next ``n`` posts are stored, but the caller sees a timeout (outcome unknown)."""
        with self._lock:
            self._drops += n

    # -- inspection -------------------------------------------------------------------------------

    def mailbox(self, account: str | Account) -> list[Envelope]:
        """The messages waiting for ``account``, in arrival order."""
        name = _name(account)
        storage = self.core.storage
        return [m for info in storage.list(name, None) if (m := storage.get(name, info.msg_id))]

    def participant(self, gln: str) -> Participant | None:
        """The directory entry for ``gln``, or None when no account owns it."""
        return self.core.participant(gln)

    def assert_delivered(
        self, account: str | Account, count: int = 1, *, msg_type: str | None = None
    ) -> list[Envelope]:
        """Assert that exactly ``count`` messages (of ``msg_type``) wait for ``account``."""
        waiting = [m for m in self.mailbox(account) if msg_type is None or m.msg_type == msg_type]
        if len(waiting) != count:
            kind = f" of MsgType {msg_type}" if msg_type else ""
            listing = ", ".join(f"{m.msg_type} {m.msg_id}" for m in waiting) or "none"
            raise AssertionError(
                f"expected {count} message(s){kind} for {_name(account)!r}, found {len(waiting)}:"
                f" {listing}"
            )
        return waiting

    def assert_empty(self, account: str | Account) -> None:
        """Assert that nothing waits for ``account``."""
        self.assert_delivered(account, 0)

    def assert_sent(self, count: int) -> list[Envelope]:
        """Assert that the hub stored exactly ``count`` messages in total (repeats excluded)."""
        if len(self.sent) != count:
            raise AssertionError(
                f"expected {count} message(s) sent, the hub stored {len(self.sent)}"
            )
        return list(self.sent)

    # -- what the transports call -----------------------------------------------------------------

    def _admit(self, account: str, operation: str, msg_id: str | None) -> None:
        with self._lock:
            self.requests.append(Request(account, operation, msg_id))
            injected = next((f for f in self._faults if f.operation in (None, operation)), None)
            if injected is not None:
                self._faults.remove(injected)
        if injected is None:
            return
        if isinstance(injected.error, ErrorCode):
            fault = HubFault(injected.error, "injected by MockHub.fail_next()", msg_id=msg_id)
            raise _client_error(fault, operation)
        raise injected.error

    def _login(self, account: str, password: str | None) -> Account:
        if password is not None:
            return self.core.authenticate(account, password)
        bound = next((a for a in self.core.accounts if a.name == account), None)
        if bound is None:
            raise HubFault(ErrorCode.AUTH_FAILED, f"no account {account!r}")
        return bound

    def _handle(
        self,
        account: str,
        password: str | None,
        operation: str,
        msg_id: str | None,
        action: Callable[[Account], _T],
    ) -> _T:
        self._admit(account, operation, msg_id)
        try:
            result = action(self._login(account, password))
        except HubFault as fault:
            raise _client_error(fault, operation) from fault
        if operation == "PostMessage":
            with self._lock:
                dropped = self._drops > 0
                self._drops -= dropped
            if dropped:
                raise HubUnavailableError(
                    f"{operation}: timed out waiting for the hub's answer (dropped by MockHub)",
                    operation=operation,
                    msg_id=msg_id,
                )
        return result


def _name(account: str | Account) -> str:
    return account.name if isinstance(account, Account) else account


def _unavailable() -> HubUnavailableError:
    return HubUnavailableError(
        "HTTP 503 Service Unavailable (injected by MockHub.fail_next())", status_code=503
    )


def _client_error(fault: HubFault, operation: str) -> DicoError:
    # The one fault mapping the SOAP transport uses too, so both raise the same errors.
    return fault_error(
        fault_code=fault.fault_code,
        fault_string=fault.message,
        error_code=fault.error_code,
        detail_message=fault.message,
        operation=operation,
        status_code=500,
        msg_id=fault.msg_id,
    )


class MockTransport(Transport):
    """A :class:`~dico_sdk.transport.Transport` bound to one :class:`MockHub` account."""

    def __init__(
        self,
        hub: MockHub,
        account: str,
        *,
        password: str | None = None,
        retry: RetryPolicy | None = None,
    ) -> None:
        super().__init__(retry=retry)
        self.hub = hub
        self.account = account
        self._password = password

    def _call(self, operation: str, msg_id: str | None, action: Callable[[Account], _T]) -> _T:
        if self.hub.latency:
            time.sleep(self.hub.latency)
        return self.hub._handle(self.account, self._password, operation, msg_id, action)

    def _post_once(self, envelope: Envelope, timeout: float) -> PostResult:
        core = self.hub.core
        message_element(envelope)  # refuse what the SOAP transport cannot put on the wire
        return self._call("PostMessage", envelope.msg_id, lambda a: core.post(a, envelope))

    def _list_once(self, msg_type: str | None, timeout: float) -> list[MessageInfo]:
        core = self.hub.core
        return self._call("GetAvailableMessages", None, lambda a: core.list_available(a, msg_type))

    def _get_once(self, msg_id: str, timeout: float) -> Envelope:
        return self._call("GetMessage", msg_id, lambda a: self.hub.core.get(a, msg_id))

    def _delete_once(self, msg_id: str, timeout: float) -> None:
        self._call("DeleteMessage", msg_id, lambda a: self.hub.core.delete(a, msg_id))


class AsyncMockTransport(AsyncTransport):
    """The async twin of :class:`MockTransport`."""

    def __init__(
        self,
        hub: MockHub,
        account: str,
        *,
        password: str | None = None,
        retry: RetryPolicy | None = None,
    ) -> None:
        super().__init__(retry=retry)
        self.hub = hub
        self.account = account
        self._password = password

    async def _call(
        self, operation: str, msg_id: str | None, action: Callable[[Account], _T]
    ) -> _T:
        if self.hub.latency:
            await anyio.sleep(self.hub.latency)
        return self.hub._handle(self.account, self._password, operation, msg_id, action)

    async def _post_once(self, envelope: Envelope, timeout: float) -> PostResult:
        core = self.hub.core
        message_element(envelope)  # refuse what the SOAP transport cannot put on the wire
        return await self._call("PostMessage", envelope.msg_id, lambda a: core.post(a, envelope))

    async def _list_once(self, msg_type: str | None, timeout: float) -> list[MessageInfo]:
        core = self.hub.core
        return await self._call(
            "GetAvailableMessages", None, lambda a: core.list_available(a, msg_type)
        )

    async def _get_once(self, msg_id: str, timeout: float) -> Envelope:
        return await self._call("GetMessage", msg_id, lambda a: self.hub.core.get(a, msg_id))

    async def _delete_once(self, msg_id: str, timeout: float) -> None:
        await self._call("DeleteMessage", msg_id, lambda a: self.hub.core.delete(a, msg_id))
