"""Retries as a pure policy: which errors, how many attempts, how long to wait, the total cap.

The policy decides; the transports run the loop (``run_with_retries`` here, sync and async) and do
the sleeping. A test can swap the sleeping for a :class:`SleepRecorder`, whose fake clock advances
by each recorded sleep, so that backoff and the deadline are checked without waiting.
"""

from __future__ import annotations

import random
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import anyio
import attrs

from dico_sdk.errors import DicoError, HubUnavailableError, UsageError

__all__ = ["RetryPolicy", "SleepRecorder", "run_with_retries", "run_with_retries_async"]

_T = TypeVar("_T")


@attrs.define
class SleepRecorder:
    """Records the sleeps a retry loop asks for instead of sleeping; ``now`` is its fake clock.

    ``advance(seconds)`` lets a test simulate time spent inside an attempt (a slow hub).
    """

    sleeps: list[float] = attrs.field(factory=list)
    now: float = 0.0

    def clock(self) -> float:
        """The fake monotonic time: the sum of the recorded sleeps and advances."""
        return self.now

    def sleep(self, seconds: float) -> None:
        """Record ``seconds`` and move the fake clock on."""
        self.sleeps.append(seconds)
        self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        """The async twin of :meth:`sleep`."""
        self.sleep(seconds)

    def advance(self, seconds: float) -> None:
        """Move the fake clock on without recording a sleep."""
        self.now += seconds


def _positive(_instance: Any, attribute: Any, value: Any) -> None:
    if value <= 0:
        raise UsageError(f"RetryPolicy.{attribute.name} must be positive, got {value}")


@attrs.frozen
class RetryPolicy:
    """When and how often a transport repeats an operation that failed.

    Retried: :class:`~dico_sdk.errors.HubUnavailableError` only (connect errors, timeouts, 429,
    502/503/504, the hub's INTERNAL_ERROR). Never retried: authentication failures and every
    other fault or client error. A post is always repeated with the same MsgId.

    The wait before retry *n* (1-based) is full jitter: uniform in ``[0, min(max_backoff,
    initial_backoff * multiplier**(n-1))]``; a ``Retry-After`` from the hub replaces it. No wait
    and no attempt goes past ``deadline`` seconds after the first attempt started: when the next
    wait would, the last error is raised instead.
    """

    max_attempts: int = attrs.field(default=5, validator=_positive)
    deadline: float = attrs.field(default=60.0, validator=_positive)
    initial_backoff: float = attrs.field(default=0.5, validator=_positive)
    max_backoff: float = attrs.field(default=8.0, validator=_positive)
    multiplier: float = attrs.field(default=2.0, validator=_positive)
    clock: Callable[[], float] = attrs.field(default=time.monotonic, repr=False)
    recorder: SleepRecorder | None = attrs.field(default=None, repr=False)
    rng: random.Random = attrs.field(factory=random.Random, repr=False, eq=False)

    @classmethod
    def no_retries(cls) -> RetryPolicy:
        """One attempt only."""
        return cls(max_attempts=1)

    @classmethod
    def for_testing(cls, *, seed: int = 0, **options: float) -> RetryPolicy:
        """A policy that records its sleeps (``policy.recorder.sleeps``) on a fake clock."""
        recorder = SleepRecorder()
        return cls(
            clock=recorder.clock,
            recorder=recorder,
            rng=random.Random(seed),  # noqa: S311 - jitter, not cryptography
            **options,  # type: ignore[arg-type]
        )

    def is_retryable(self, error: BaseException) -> bool:
        """Whether ``error`` is worth another attempt."""
        return isinstance(error, HubUnavailableError)

    def backoff(self, retry: int) -> float:
        """The jittered wait before retry number ``retry`` (1-based)."""
        ceiling = min(self.max_backoff, self.initial_backoff * self.multiplier ** (retry - 1))
        return self.rng.uniform(0.0, ceiling)

    def next_delay(self, error: BaseException, attempt: int, elapsed: float) -> float | None:
        """The wait before the next attempt, or None to give up and raise ``error``.

        ``attempt`` is the number of the attempt that just failed, ``elapsed`` the seconds since
        the first attempt started.
        """
        if not self.is_retryable(error) or attempt >= self.max_attempts:
            return None
        retry_after = getattr(error, "retry_after", None)
        delay = retry_after.total_seconds() if retry_after is not None else self.backoff(attempt)
        if elapsed + delay >= self.deadline:
            return None
        return max(delay, 0.0)

    def remaining(self, started: float) -> float:
        """Seconds left before the deadline, for an attempt's own timeout."""
        return max(self.deadline - (self.clock() - started), 0.0)

    def sleep(self, seconds: float) -> None:
        """Wait (or record the wait, in test mode)."""
        if self.recorder is not None:
            self.recorder.sleep(seconds)
        else:
            time.sleep(seconds)

    async def async_sleep(self, seconds: float) -> None:
        """Wait without blocking the event loop (or record the wait, in test mode)."""
        if self.recorder is not None:
            await self.recorder.async_sleep(seconds)
        else:
            await anyio.sleep(seconds)


def _annotate(error: DicoError, attempts: int) -> None:
    # The caller sees how hard we tried; the message stays the hub's.
    error.add_note(f"gave up after {attempts} attempt{'s' if attempts != 1 else ''}")


def run_with_retries(policy: RetryPolicy, attempt: Callable[[float], _T]) -> tuple[_T, int]:
    """Call ``attempt(timeout)`` until it succeeds or the policy gives up; (result, attempts).

    ``timeout`` is the time left before the policy's deadline, for the attempt's own timeout.
    """
    started = policy.clock()
    number = 0
    while True:
        number += 1
        try:
            return attempt(policy.remaining(started)), number
        except DicoError as error:
            delay = policy.next_delay(error, number, policy.clock() - started)
            if delay is None:
                if number > 1:
                    _annotate(error, number)
                raise
        policy.sleep(delay)


async def run_with_retries_async(
    policy: RetryPolicy, attempt: Callable[[float], Awaitable[_T]]
) -> tuple[_T, int]:
    """The async twin of :func:`run_with_retries`."""
    started = policy.clock()
    number = 0
    while True:
        number += 1
        try:
            return await attempt(policy.remaining(started)), number
        except DicoError as error:
            delay = policy.next_delay(error, number, policy.clock() - started)
            if delay is None:
                if number > 1:
                    _annotate(error, number)
                raise
        await policy.async_sleep(delay)
