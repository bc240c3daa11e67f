"""RetryPolicy: which errors, how many attempts, backoff with full jitter, Retry-After, deadline."""

from __future__ import annotations

import datetime as dt

import pytest

from dico_sdk.errors import (
    AuthenticationError,
    HubFaultError,
    HubUnavailableError,
    ProtocolError,
    UsageError,
)
from dico_sdk.transport import RetryPolicy
from dico_sdk.transport._retry import run_with_retries

UNAVAILABLE = HubUnavailableError("503", status_code=503)


def test_defaults() -> None:
    policy = RetryPolicy()
    assert policy.max_attempts == 5
    assert policy.deadline == 60.0
    assert policy.recorder is None


@pytest.mark.parametrize(
    ("error", "retryable"),
    [
        (UNAVAILABLE, True),
        (HubUnavailableError("INTERNAL_ERROR"), True),
        (AuthenticationError("no", error_code="AUTH_FAILED"), False),
        (HubFaultError("no", error_code="UNKNOWN_RECEIVER"), False),
        (ProtocolError("HTTP 404", status_code=404), False),
        (ValueError("ours"), False),
    ],
)
def test_which_errors_are_retried(error: Exception, retryable: bool) -> None:
    assert RetryPolicy().is_retryable(error) is retryable
    assert (RetryPolicy().next_delay(error, 1, 0.0) is not None) is retryable


def test_full_jitter_stays_under_the_exponential_ceiling() -> None:
    policy = RetryPolicy.for_testing(seed=7, initial_backoff=0.5, max_backoff=4.0)
    for retry, ceiling in [(1, 0.5), (2, 1.0), (3, 2.0), (4, 4.0), (5, 4.0), (9, 4.0)]:
        delays = [policy.backoff(retry) for _ in range(200)]
        assert all(0.0 <= d <= ceiling for d in delays)
        assert max(delays) > ceiling * 0.8  # full jitter spreads over the whole range


def test_retry_after_is_honoured() -> None:
    policy = RetryPolicy()
    error = HubUnavailableError("429", status_code=429, retry_after=dt.timedelta(seconds=12))
    assert policy.next_delay(error, 1, 0.0) == 12.0
    assert policy.next_delay(error, 1, 50.0) is None  # 50 + 12 would pass the 60 s deadline


def test_attempts_are_capped() -> None:
    policy = RetryPolicy(max_attempts=3)
    assert policy.next_delay(UNAVAILABLE, 2, 0.0) is not None
    assert policy.next_delay(UNAVAILABLE, 3, 0.0) is None


def test_invalid_policy() -> None:
    with pytest.raises(UsageError):
        RetryPolicy(max_attempts=0)
    with pytest.raises(UsageError):
        RetryPolicy(deadline=-1)


def test_the_loop_records_sleeps_and_returns_the_attempt_count() -> None:
    policy = RetryPolicy.for_testing()
    failures = [UNAVAILABLE, UNAVAILABLE]

    def attempt(timeout: float) -> str:
        if failures:
            raise failures.pop()
        return "done"

    assert run_with_retries(policy, attempt) == ("done", 3)
    assert policy.recorder is not None
    assert len(policy.recorder.sleeps) == 2


def test_the_deadline_bounds_every_attempt_and_every_sleep() -> None:
    policy = RetryPolicy.for_testing(
        max_attempts=100, deadline=10.0, initial_backoff=1.0, max_backoff=3.0
    )
    recorder = policy.recorder
    assert recorder is not None
    timeouts: list[float] = []

    def slow_failure(timeout: float) -> None:
        timeouts.append(timeout)
        recorder.advance(min(timeout, 1.5))  # each attempt takes 1.5 s, or times out earlier
        raise UNAVAILABLE

    with pytest.raises(HubUnavailableError) as excinfo:
        run_with_retries(policy, slow_failure)
    assert recorder.now <= 10.0
    assert all(t > 0 for t in timeouts)
    # The timeout handed to each attempt is exactly what is left of the deadline.
    assert timeouts[0] == 10.0
    assert len(timeouts) < 100
    assert "gave up after" in excinfo.value.__notes__[0]


def test_no_retry_and_no_sleep_for_a_fault() -> None:
    policy = RetryPolicy.for_testing()
    calls = 0

    def attempt(timeout: float) -> None:
        nonlocal calls
        calls += 1
        raise AuthenticationError("no", error_code="AUTH_FAILED")

    with pytest.raises(AuthenticationError) as excinfo:
        run_with_retries(policy, attempt)
    assert calls == 1
    assert policy.recorder is not None
    assert policy.recorder.sleeps == []
    assert not getattr(excinfo.value, "__notes__", None)
