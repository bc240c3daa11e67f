"""The sans-I/O core: step machines that yield transport calls, driven here by hand."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from dico_sdk import HubUnavailableError, encode
from dico_sdk.client import DicoClient
from dico_sdk.client._core import ClientCore
from dico_sdk.client._steps import Call, Gather
from dico_sdk.store import OutboxState, SqliteStore
from dico_sdk.testing import MockHub, full_invoice, leaking_tap_instruction
from dico_sdk.testing._factories import BUYER_GLN
from dico_sdk.transport import Envelope, MessageInfo, PostResult


@pytest.fixture
def core() -> ClientCore:
    return ClientCore(SqliteStore(":memory:"), frozenset({BUYER_GLN}))


def test_send_stores_the_msg_id_before_it_yields_the_post(core: ClientCore) -> None:
    steps = core.send(leaking_tap_instruction())

    call = next(steps)

    assert isinstance(call, Call)
    assert call.method == "post"
    [envelope] = call.args
    stored = core.store.outgoing(envelope.msg_id)
    assert stored is not None
    assert stored.state is OutboxState.PENDING
    assert stored.content == envelope.content
    with pytest.raises(StopIteration) as done:
        steps.send(PostResult(msg_id=envelope.msg_id))
    assert done.value.value.msg_id == envelope.msg_id
    assert core.store.outgoing(envelope.msg_id).state is OutboxState.SENT  # type: ignore[union-attr]


def test_an_error_thrown_into_the_post_leaves_the_entry_pending(core: ClientCore) -> None:
    steps = core.send(leaking_tap_instruction())
    [envelope] = next(steps).args  # type: ignore[union-attr]

    with pytest.raises(HubUnavailableError):
        steps.throw(HubUnavailableError("timed out", operation="PostMessage"))

    [pending] = core.store.pending_outgoing()
    assert pending.msg_id == envelope.msg_id
    assert pending.attempts == 1


def test_receive_stores_before_it_yields_the_delete(core: ClientCore) -> None:
    content = encode(full_invoice())
    envelope = Envelope.new(content, msg_type="INVOIC")
    steps = core.receive_batch("INVOIC")

    assert next(steps) == Call("list_available", (None,))
    gets = steps.send([envelope.info])
    assert isinstance(gets, Gather)
    assert gets.calls == (Call("get", (envelope.msg_id,)),)
    deletes = steps.send([envelope])

    # The delete is asked for only once the raw bytes are committed.
    assert isinstance(deletes, Gather)
    assert deletes.calls == (Call("delete", (envelope.msg_id,)),)
    stored = core.store.incoming(envelope.msg_id)
    assert stored is not None
    assert stored.content == content
    with pytest.raises(StopIteration) as done:
        steps.send([None])
    received, more = done.value.value
    assert [r.message.invoice_number for r in received] == ["F-2026-00412"]
    assert more is False


def test_a_listing_serves_several_batches(core: ClientCore) -> None:
    core.batch_size = 1
    infos = [MessageInfo(f"m{i}", datetime.now(UTC), "SALES", "005", "INVOIC") for i in range(3)]
    steps = core.receive_batch(None)
    assert next(steps).method == "list_available"  # type: ignore[union-attr]
    gets = steps.send(infos)
    assert isinstance(gets, Gather)
    assert [c.args for c in gets.calls] == [("m0",)]
    assert [i.msg_id for i in core._listing] == ["m1", "m2"]


def test_dutch_reports_for_a_dutch_client(mock_hub: MockHub) -> None:
    client = DicoClient(mock_hub.transport("vve"), gln=BUYER_GLN, store=":memory:", lang="nl")
    bad = full_invoice()
    bad.invoice_totals.payable_amount = Decimal("1.00")
    mock_hub.transport("plumber").post(
        Envelope.new(encode(bad, check_rules=False), msg_type="INVOIC")
    )

    assert client.receive() == []

    [rejected] = client.rejected()
    assert rejected.report is not None
    messages = [issue["message"] for issue in rejected.report["issues"]]
    assert any("PayableAmount" in m and "maar" in m for m in messages), messages
