"""MockHub's own API: accounts, fault injection, latency, records and assertion helpers."""

from __future__ import annotations

import time

import pytest

from dico_sdk.errors import (
    AuthenticationError,
    DuplicateMessageError,
    HubFaultError,
    HubUnavailableError,
    UsageError,
)
from dico_sdk.testing import MockHub, Request
from dico_sdk.transport import Envelope, ErrorCode, RetryPolicy

MANAGER, PLUMBER = "8712345000011", "8712345000028"
ORDER = (
    '<MaintenanceInstruction xmlns="http://www.ketenstandaard.nl/onderhoudsopdracht/SALES/005">'
    f"<Buyer><GLN>{MANAGER}</GLN></Buyer><Supplier><GLN>{PLUMBER}</GLN></Supplier>"
    "</MaintenanceInstruction>"
).encode()


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def hub() -> MockHub:
    hub = MockHub()
    hub.add_account("vve", glns=[MANAGER])
    hub.add_account("plumber", glns=[PLUMBER], password="pw")
    return hub


def order() -> Envelope:
    return Envelope.new(ORDER, msg_type="MAINTENANCEINSTRUCTION")


def test_accounts_and_directory(hub: MockHub) -> None:
    participant = hub.participant(PLUMBER)
    assert participant is not None
    assert participant.gln == PLUMBER
    assert hub.participant("8712345000097") is None
    with pytest.raises(UsageError):
        hub.add_account("other", glns=[PLUMBER])


def test_transport_with_a_password_is_checked(hub: MockHub) -> None:
    assert hub.transport("plumber", password="pw").list_available() == []
    with pytest.raises(AuthenticationError):
        hub.transport("plumber", password="nope").list_available()
    with pytest.raises(AuthenticationError):
        hub.transport("nobody").list_available()


def test_sent_mailbox_and_requests(hub: MockHub) -> None:
    sent = order()
    vve = hub.transport("vve")
    vve.post(sent)
    vve.post(sent)
    assert hub.sent == [sent]
    assert hub.mailbox("plumber") == [sent]
    assert hub.requests == [
        Request("vve", "PostMessage", sent.msg_id),
        Request("vve", "PostMessage", sent.msg_id),
    ]
    hub.transport("plumber").delete(sent.msg_id)
    assert hub.mailbox("plumber") == []
    assert hub.sent == [sent]  # sent is history, not the mailbox


def test_fail_next_with_an_error_code_for_one_operation(hub: MockHub) -> None:
    hub.fail_next(1, ErrorCode.DUPLICATE_MSGID, operation="PostMessage")
    plumber = hub.transport("plumber")
    assert plumber.list_available() == []  # not the targeted operation
    with pytest.raises(DuplicateMessageError) as excinfo:
        hub.transport("vve").post(order())
    assert excinfo.value.error_code == "DUPLICATE_MSGID"
    hub.transport("vve").post(order())
    hub.assert_sent(1)


def test_fail_next_with_an_error_instance_and_internal_error(hub: MockHub) -> None:
    policy = RetryPolicy.no_retries()
    hub.fail_next(1, HubFaultError("custom", error_code="X"))
    with pytest.raises(HubFaultError, match="custom"):
        hub.transport("vve", retry=policy).list_available()
    hub.fail_next(1, ErrorCode.INTERNAL_ERROR)
    with pytest.raises(HubUnavailableError, match="INTERNAL_ERROR"):
        hub.transport("vve", retry=policy).list_available()
    with pytest.raises(UsageError):
        hub.fail_next(0)


def test_retries_are_recorded_not_slept_by_default(hub: MockHub) -> None:
    hub.fail_next(2)
    transport = hub.transport("vve")
    started = time.monotonic()
    assert transport.post(order()).attempts == 3
    assert time.monotonic() - started < 1.0
    assert transport.retry.recorder is not None
    assert len(transport.retry.recorder.sleeps) == 2


def test_latency_slows_every_call(hub: MockHub) -> None:
    hub.latency = 0.05
    started = time.monotonic()
    hub.transport("vve").list_available()
    assert time.monotonic() - started >= 0.05


@pytest.mark.anyio
async def test_async_latency_and_post(hub: MockHub) -> None:
    hub.latency = 0.01
    async with hub.async_transport("vve") as vve:
        await vve.post(order())
    async with hub.async_transport("plumber") as plumber:
        [info] = await plumber.list_available()
        received = await plumber.get(info.msg_id)
        await plumber.delete(info.msg_id)
    assert received == hub.sent[0]


def test_assertion_helpers_explain_what_they_found(hub: MockHub) -> None:
    sent = order()
    hub.transport("vve").post(sent)
    assert hub.assert_delivered("plumber", msg_type="MAINTENANCEINSTRUCTION") == [sent]
    hub.assert_empty("vve")
    with pytest.raises(AssertionError, match=f"found 1: MAINTENANCEINSTRUCTION {sent.msg_id}"):
        hub.assert_empty("plumber")
    with pytest.raises(AssertionError, match="of MsgType INVOIC"):
        hub.assert_delivered("plumber", msg_type="INVOIC")
    with pytest.raises(AssertionError, match="stored 1"):
        hub.assert_sent(2)


def test_closed_transport_refuses_calls(hub: MockHub) -> None:
    with hub.transport("vve") as transport:
        pass
    with pytest.raises(UsageError, match="closed"):
        transport.list_available()


def test_refuses_what_the_soap_transport_cannot_send(hub: MockHub) -> None:
    with pytest.raises(UsageError, match="XML cannot carry"):
        hub.transport("vve").post(Envelope.new(ORDER, msg_type="BAD\x07"))
    assert hub.requests == []
