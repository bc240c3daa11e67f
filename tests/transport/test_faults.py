"""Reliability under faults: nothing sent twice by accident, nothing lost, deadlines kept."""

from __future__ import annotations

import httpx
import pytest
from contract import ACCOUNTS, MANAGER, PLUMBER, envelope, order
from soapserver import SoapHub

from dico_sdk.errors import AuthenticationError, HubUnavailableError
from dico_sdk.hub import Account, HubCore, MemoryStorage
from dico_sdk.testing import MockHub
from dico_sdk.transport import (
    AsyncMessageServiceTransport,
    HubProfile,
    MessageServiceTransport,
    RetryPolicy,
    SleepRecorder,
)

ENDPOINT = "http://127.0.0.1:9/ms"


@pytest.fixture
def hub() -> MockHub:
    hub = MockHub()
    for account in ACCOUNTS:
        hub.add_account(account.name, glns=account.glns, password=account.password)
    return hub


def recorder_of(policy: RetryPolicy) -> SleepRecorder:
    assert policy.recorder is not None
    return policy.recorder


def test_dropped_response_plus_retry_delivers_exactly_once(hub: MockHub) -> None:
    hub.drop_response_after_store()
    manager = hub.transport(MANAGER.name)
    sent = envelope(order())
    result = manager.post(sent)
    assert result.attempts == 2
    assert [r.msg_id for r in hub.requests] == [sent.msg_id, sent.msg_id]  # the same MsgId
    assert hub.assert_delivered(PLUMBER.name, 1) == [sent]
    hub.assert_sent(1)


def test_three_503s_then_success(hub: MockHub) -> None:
    policy = RetryPolicy.for_testing(seed=3)
    hub.fail_next(3)
    result = hub.transport(MANAGER.name, retry=policy).post(envelope(order()))
    assert result.attempts == 4
    sleeps = recorder_of(policy).sleeps
    assert len(sleeps) == 3
    for retry, slept in enumerate(sleeps, start=1):
        ceiling = min(policy.max_backoff, policy.initial_backoff * policy.multiplier ** (retry - 1))
        assert 0.0 <= slept <= ceiling
    assert sum(sleeps) < policy.deadline
    hub.assert_delivered(PLUMBER.name, 1)


def test_authentication_error_at_once_without_retries(hub: MockHub) -> None:
    policy = RetryPolicy.for_testing()
    intruder = hub.transport(MANAGER.name, password="wrong", retry=policy)
    with pytest.raises(AuthenticationError):
        intruder.post(envelope(order()))
    assert len(hub.requests) == 1
    assert recorder_of(policy).sleeps == []
    hub.assert_sent(0)


def test_the_deadline_is_never_exceeded(hub: MockHub) -> None:
    policy = RetryPolicy.for_testing(max_attempts=1000, deadline=20.0)
    hub.fail_next(1000)
    with pytest.raises(HubUnavailableError):
        hub.transport(MANAGER.name, retry=policy).list_available()
    recorder = recorder_of(policy)
    assert 0 < recorder.now <= 20.0
    assert len(hub.requests) == len(recorder.sleeps) + 1


def test_exhausted_retries_keep_the_last_error(hub: MockHub) -> None:
    policy = RetryPolicy.for_testing(max_attempts=2)
    hub.fail_next(2)
    with pytest.raises(HubUnavailableError, match="503") as excinfo:
        hub.transport(MANAGER.name, retry=policy).post(envelope(order()))
    assert excinfo.value.__notes__ == ["gave up after 2 attempts"]
    hub.assert_sent(0)


def test_retried_delete_after_an_unknown_outcome_counts_as_done(hub: MockHub) -> None:
    sent = envelope(order())
    hub.transport(MANAGER.name).post(sent)
    plumber = hub.transport(PLUMBER.name)

    # The delete reaches the hub, but its answer is lost: simulate with a first attempt that
    # deletes and then fails, as a dropped response would.
    original = plumber._delete_once
    calls = 0

    def lossy(msg_id: str, timeout: float) -> None:
        nonlocal calls
        calls += 1
        original(msg_id, timeout)
        if calls == 1:
            raise HubUnavailableError("timed out waiting for the answer")

    plumber._delete_once = lossy  # type: ignore[method-assign]
    plumber.delete(sent.msg_id)
    assert calls == 2
    hub.assert_empty(PLUMBER.name)


# -- the same over SOAP ---------------------------------------------------------------------------


def soap_server() -> SoapHub:
    accounts = [Account.create(a.name, a.password, a.glns, cost=2**4) for a in ACCOUNTS]
    return SoapHub(HubCore(accounts, MemoryStorage()))


def test_soap_post_whose_answer_times_out_is_delivered_once() -> None:
    server = soap_server()
    dropped = []

    def handler(request: httpx.Request) -> httpx.Response:
        response = server.handler(request)
        if not dropped:
            dropped.append(request)
            raise httpx.ReadTimeout("the answer never came", request=request)
        return response

    policy = RetryPolicy.for_testing()
    with MessageServiceTransport(
        HubProfile.sandbox(ENDPOINT),
        username=MANAGER.name,
        password=MANAGER.password,
        retry=policy,
        http_transport=httpx.MockTransport(handler),
    ) as manager:
        sent = envelope(order())
        assert manager.post(sent).attempts == 2
    plumber = server.core.accounts[1]
    assert [m.msg_id for m in server.core.list_available(plumber)] == [sent.msg_id]
    bodies = [r.content for r in server.requests]
    assert bodies[0] == bodies[1]  # the retry is the same request, MsgId included


def test_soap_retry_after_is_honoured_within_the_deadline() -> None:
    server = soap_server()
    statuses = iter([503, 429, 200])
    policy = RetryPolicy.for_testing(deadline=30.0)

    def handler(request: httpx.Request) -> httpx.Response:
        status = next(statuses)
        if status != 200:
            recorder_of(policy).advance(1.0)  # the hub took a second to say no
            return httpx.Response(status, headers={"Retry-After": "5"})
        return server.handler(request)

    with MessageServiceTransport(
        HubProfile.sandbox(ENDPOINT),
        username=MANAGER.name,
        password=MANAGER.password,
        retry=policy,
        http_transport=httpx.MockTransport(handler),
    ) as manager:
        assert manager.post(envelope(order())).attempts == 3
    assert recorder_of(policy).sleeps == [5.0, 5.0]
    assert recorder_of(policy).now == 12.0


def test_soap_gives_up_rather_than_sleep_past_the_deadline() -> None:
    policy = RetryPolicy.for_testing(deadline=30.0)

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(503, headers={"Retry-After": "3600"})

    with (
        MessageServiceTransport(
            HubProfile.sandbox(ENDPOINT),
            username="u",
            password="p",
            retry=policy,
            http_transport=httpx.MockTransport(handler),
        ) as transport,
        pytest.raises(HubUnavailableError) as excinfo,
    ):
        transport.list_available()
    assert excinfo.value.status_code == 503
    assert recorder_of(policy).sleeps == []


def test_soap_attempt_timeouts_never_pass_the_deadline() -> None:
    policy = RetryPolicy.for_testing(deadline=12.0, max_attempts=50)
    timeouts: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        timeout = request.extensions["timeout"]["read"]
        timeouts.append(timeout)
        recorder_of(policy).advance(timeout)  # the hub never answers within the timeout
        raise httpx.ReadTimeout("no answer", request=request)

    with (
        MessageServiceTransport(
            HubProfile.sandbox(ENDPOINT),
            username="u",
            password="p",
            timeout=5.0,
            retry=policy,
            http_transport=httpx.MockTransport(handler),
        ) as transport,
        pytest.raises(HubUnavailableError),
    ):
        transport.list_available()
    assert timeouts[0] == 5.0
    assert recorder_of(policy).now <= 12.0 + 1e-9
    assert len(timeouts) >= 2


# -- async ---------------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_async_dropped_response_is_delivered_once(hub: MockHub) -> None:
    hub.drop_response_after_store()
    hub.fail_next(1, operation="PostMessage")
    async with hub.async_transport(MANAGER.name) as manager:
        sent = envelope(order())
        result = await manager.post(sent)
    assert result.attempts == 3
    hub.assert_delivered(PLUMBER.name, 1)


@pytest.mark.anyio
async def test_async_soap_three_503s_then_success() -> None:
    server = soap_server()
    failures = [503, 503, 503]

    async def handler(request: httpx.Request) -> httpx.Response:
        if failures:
            return httpx.Response(failures.pop())
        return server.handler(request)

    policy = RetryPolicy.for_testing()
    async with AsyncMessageServiceTransport(
        HubProfile.sandbox(ENDPOINT),
        username=MANAGER.name,
        password=MANAGER.password,
        retry=policy,
        http_transport=httpx.MockTransport(handler),
    ) as manager:
        result = await manager.post(envelope(order()))
        assert result.attempts == 4
        assert len(recorder_of(policy).sleeps) == 3
    async with AsyncMessageServiceTransport(
        HubProfile.sandbox(ENDPOINT),
        username=MANAGER.name,
        password="wrong",
        retry=policy,
        http_transport=httpx.MockTransport(handler),
    ) as intruder:
        with pytest.raises(AuthenticationError):
            await intruder.list_available()
    assert len(recorder_of(policy).sleeps) == 3  # no sleep for the authentication error
