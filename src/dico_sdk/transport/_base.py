"""The mailbox port: the Transport base class and its async twin.

A subclass implements the four ``_..._once`` hooks (one attempt each, raising SDK errors only);
the public methods add the retry policy around them, so every adapter retries alike.
"""

from __future__ import annotations

from types import TracebackType
from typing import Self

from dico_sdk.errors import MessageNotFoundError, UsageError
from dico_sdk.transport._model import Envelope, MessageInfo, PostResult
from dico_sdk.transport._retry import RetryPolicy, run_with_retries, run_with_retries_async

__all__ = ["AsyncTransport", "Transport"]


def _check_msg_id(msg_id: str) -> None:
    if not isinstance(msg_id, str) or not msg_id:
        raise UsageError(f"a MsgId must be a non-empty string, got {msg_id!r}")


class Transport:
    """A mailbox: post messages to other parties, list, get and delete the ones for you.

    ``retry`` is the :class:`RetryPolicy` (default: 5 attempts within 60 s). Posts are retried
    with the same MsgId, so an unknown outcome (a timeout) never turns into a second message; a
    delete retried after an unknown outcome that finds the message gone counts as done.
    Use as a context manager, or call :meth:`close`.
    """

    def __init__(self, *, retry: RetryPolicy | None = None) -> None:
        self.retry = retry if retry is not None else RetryPolicy()
        self.closed = False

    def post(self, envelope: Envelope) -> PostResult:
        """Deliver ``envelope`` to the hub, which routes it by the payload's GLNs."""
        if not isinstance(envelope, Envelope):
            raise UsageError(f"post() takes an Envelope, not {type(envelope).__name__}")
        self._check_open()
        result, attempts = run_with_retries(self.retry, lambda t: self._post_once(envelope, t))
        return PostResult(msg_id=result.msg_id, attempts=attempts)

    def list_available(self, msg_type: str | None = None) -> list[MessageInfo]:
        """The messages waiting in this mailbox, optionally of one MsgType only."""
        self._check_open()
        result, _ = run_with_retries(self.retry, lambda t: self._list_once(msg_type, t))
        return result

    def get(self, msg_id: str) -> Envelope:
        """One waiting message, content and attachments included. It stays until deleted."""
        _check_msg_id(msg_id)
        self._check_open()
        result, _ = run_with_retries(self.retry, lambda t: self._get_once(msg_id, t))
        return result

    def delete(self, msg_id: str) -> None:
        """Remove a message from this mailbox; do it once the message is stored durably."""
        _check_msg_id(msg_id)
        self._check_open()
        tries = 0

        def attempt(timeout: float) -> None:
            nonlocal tries
            tries += 1
            try:
                self._delete_once(msg_id, timeout)
            except MessageNotFoundError:
                # A repeat after an unknown outcome: the first attempt did delete it.
                if tries == 1:
                    raise

        run_with_retries(self.retry, attempt)

    def close(self) -> None:
        """Release the connection pool; the transport cannot be used afterwards."""
        self.closed = True

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _check_open(self) -> None:
        if self.closed:
            raise UsageError(f"this {type(self).__name__} is closed")

    # -- one attempt each; adapters override these ---------------------------------------------

    def _post_once(self, envelope: Envelope, timeout: float) -> PostResult:
        raise NotImplementedError

    def _list_once(self, msg_type: str | None, timeout: float) -> list[MessageInfo]:
        raise NotImplementedError

    def _get_once(self, msg_id: str, timeout: float) -> Envelope:
        raise NotImplementedError

    def _delete_once(self, msg_id: str, timeout: float) -> None:
        raise NotImplementedError


class AsyncTransport:
    """The async twin of :class:`Transport`: the same methods, as coroutines."""

    def __init__(self, *, retry: RetryPolicy | None = None) -> None:
        self.retry = retry if retry is not None else RetryPolicy()
        self.closed = False

    async def post(self, envelope: Envelope) -> PostResult:
        """Deliver ``envelope`` to the hub, which routes it by the payload's GLNs."""
        if not isinstance(envelope, Envelope):
            raise UsageError(f"post() takes an Envelope, not {type(envelope).__name__}")
        self._check_open()
        result, attempts = await run_with_retries_async(
            self.retry, lambda t: self._post_once(envelope, t)
        )
        return PostResult(msg_id=result.msg_id, attempts=attempts)

    async def list_available(self, msg_type: str | None = None) -> list[MessageInfo]:
        """The messages waiting in this mailbox, optionally of one MsgType only."""
        self._check_open()
        result, _ = await run_with_retries_async(self.retry, lambda t: self._list_once(msg_type, t))
        return result

    async def get(self, msg_id: str) -> Envelope:
        """One waiting message, content and attachments included. It stays until deleted."""
        _check_msg_id(msg_id)
        self._check_open()
        result, _ = await run_with_retries_async(self.retry, lambda t: self._get_once(msg_id, t))
        return result

    async def delete(self, msg_id: str) -> None:
        """Remove a message from this mailbox; do it once the message is stored durably."""
        _check_msg_id(msg_id)
        self._check_open()
        tries = 0

        async def attempt(timeout: float) -> None:
            nonlocal tries
            tries += 1
            try:
                await self._delete_once(msg_id, timeout)
            except MessageNotFoundError:
                if tries == 1:
                    raise

        await run_with_retries_async(self.retry, attempt)

    async def close(self) -> None:
        """Release the connection pool; the transport cannot be used afterwards."""
        self.closed = True

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    def _check_open(self) -> None:
        if self.closed:
            raise UsageError(f"this {type(self).__name__} is closed")

    async def _post_once(self, envelope: Envelope, timeout: float) -> PostResult:
        raise NotImplementedError

    async def _list_once(self, msg_type: str | None, timeout: float) -> list[MessageInfo]:
        raise NotImplementedError

    async def _get_once(self, msg_id: str, timeout: float) -> Envelope:
        raise NotImplementedError

    async def _delete_once(self, msg_id: str, timeout: float) -> None:
        raise NotImplementedError
