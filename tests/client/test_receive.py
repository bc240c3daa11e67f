"""Receiving: stored before deleted, deduplicated by MsgId, rejected messages kept."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from dico_sdk import HubUnavailableError, encode
from dico_sdk.client import DicoClient
from dico_sdk.messages import EventCode, StatusCode
from dico_sdk.messages import invoice as inv
from dico_sdk.store import InboxEntry, InboxState
from dico_sdk.testing import (
    MockHub,
    full_invoice,
    leaking_tap_instruction,
    minimal_maintenance_status,
)
from dico_sdk.testing._factories import BUYER_GLN, HOUSING_GLN, MAINTENANCE_GLN, SUPPLIER_GLN
from dico_sdk.transport import Attachment, Envelope, RetryPolicy

from .conftest import DONE


def _post_raw(hub: MockHub, account: str, content: bytes, msg_type: str) -> str:
    envelope = Envelope.new(content, msg_type=msg_type)
    hub.transport(account).post(envelope)
    return envelope.msg_id


def test_orders_are_fetched_deleted_on_the_hub_and_tracked(
    principal: DicoClient, contractor: DicoClient, mock_hub: MockHub
) -> None:
    principal.send_order(leaking_tap_instruction())

    [order] = contractor.fetch_orders()

    assert order.instruction_number == "VVE-2026-0142"
    mock_hub.assert_empty("plumber")
    state = contractor.order("VVE-2026-0142")
    assert state is not None
    assert state.main_status == "REG"
    assert contractor.fetch_orders() == []


def test_a_message_stored_but_not_deleted_is_not_returned_twice(
    principal: DicoClient, mock_hub: MockHub, tmp_path: Path
) -> None:
    principal.send_order(leaking_tap_instruction())
    contractor = DicoClient(
        mock_hub.transport("plumber", retry=RetryPolicy.no_retries()),
        gln=SUPPLIER_GLN,
        store=tmp_path / "c.db",
    )
    mock_hub.fail_next(1, operation="DeleteMessage")
    with pytest.raises(HubUnavailableError):
        contractor.fetch_orders()
    # Stored durably, still on the hub.
    mock_hub.assert_delivered("plumber", 1)

    first = contractor.fetch_orders()
    second = contractor.fetch_orders()

    assert [o.instruction_number for o in first] == ["VVE-2026-0142"]
    assert second == []
    mock_hub.assert_empty("plumber")
    state = contractor.order("VVE-2026-0142")
    assert state is not None
    assert len(state.history) == 1


def test_a_repeat_still_on_the_hub_is_deleted_without_being_returned(
    principal: DicoClient, contractor: DicoClient, mock_hub: MockHub
) -> None:
    receipt = principal.send_order(leaking_tap_instruction())
    message = mock_hub.mailbox("plumber")[0]
    contractor.fetch_orders()
    # The hub hands the same MsgId out again (e.g. its delete was lost): same bytes, same id.
    mock_hub.core.storage.put("plumber", message)

    assert contractor.receive() == []
    mock_hub.assert_empty("plumber")
    assert contractor.store.incoming(receipt.msg_id) is not None


def test_unprocessed_inbox_entries_are_processed_first(
    principal: DicoClient, contractor: DicoClient, mock_hub: MockHub
) -> None:
    principal.send_order(leaking_tap_instruction())
    envelope = mock_hub.mailbox("plumber")[0]
    # A crash after the inbox commit and the hub's delete, before validation.
    contractor.store.add_incoming(
        InboxEntry(
            msg_id=envelope.msg_id,
            msg_datetime=envelope.msg_datetime,
            msg_format=envelope.msg_format,
            msg_version=envelope.msg_version,
            msg_type=envelope.msg_type,
            content=envelope.content,
            deleted_on_hub=False,
        )
    )

    received = contractor.receive()

    assert [r.msg_id for r in received] == [envelope.msg_id]
    mock_hub.assert_empty("plumber")
    assert contractor.store.incoming(envelope.msg_id).state is InboxState.ACCEPTED  # type: ignore[union-attr]


def test_a_rule_breaking_invoice_is_kept_as_rejected_with_its_report(
    principal: DicoClient, mock_hub: MockHub
) -> None:
    bad = full_invoice()
    bad.invoice_totals.payable_amount = Decimal("1.00")
    msg_id = _post_raw(mock_hub, "plumber", encode(bad, check_rules=False), "INVOIC")

    assert principal.fetch_invoices() == []

    [rejected] = principal.rejected()
    assert rejected.msg_id == msg_id
    assert "DICO-INV-10" in rejected.reason
    assert rejected.report is not None
    assert any(i["rule_id"] == "DICO-INV-10" for i in rejected.report["issues"])
    assert rejected.content == encode(bad, check_rules=False)
    mock_hub.assert_empty("vve")


def test_a_schema_invalid_message_is_kept_as_rejected(
    principal: DicoClient, mock_hub: MockHub
) -> None:
    good = encode(minimal_maintenance_status())
    broken = good.replace(b"<StatusCode>ACC</StatusCode>", b"<StatusCode>XYZ</StatusCode>")
    _post_raw(mock_hub, "plumber", broken, "MAINTENANCESTATUS")

    assert principal.fetch_statuses() == []

    [rejected] = principal.rejected()
    assert rejected.report is not None
    assert rejected.report["issues"][0]["rule_id"] == "XSD"


def test_a_message_for_other_glns_is_rejected(principal: DicoClient) -> None:
    foreign = encode(
        full_invoice(buyer=inv.Party(gln=HOUSING_GLN), supplier=inv.Party(gln=MAINTENANCE_GLN))
    )
    principal.store.add_incoming(
        InboxEntry(
            msg_id="foreign-1",
            msg_datetime=minimal_maintenance_status().status_date_time,
            msg_format="SALES",
            msg_version="005",
            msg_type="INVOIC",
            content=foreign,
            deleted_on_hub=True,
        )
    )

    assert principal.receive() == []
    [rejected] = principal.rejected()
    assert "none of this client's" in rejected.reason


def test_a_status_for_an_unknown_order_carries_the_process_rule_issue(
    principal: DicoClient, contractor: DicoClient
) -> None:
    contractor.send(minimal_maintenance_status())

    [received] = principal.receive()

    assert [issue.rule_id for issue in received.issues] == ["DICO-PRC-01"]
    state = principal.order("VVE-2026-0142")
    assert state is not None
    assert not state.known


def test_batches_keep_fetching_until_the_mailbox_is_empty(
    principal: DicoClient, mock_hub: MockHub, tmp_path: Path
) -> None:
    contractor = DicoClient(
        mock_hub.transport("plumber"), gln=SUPPLIER_GLN, store=tmp_path / "c.db", batch_size=3
    )
    for number in range(7):
        principal.send_order(leaking_tap_instruction(instruction_number=f"VVE-{number}"))

    orders = contractor.fetch_orders()

    assert sorted(o.instruction_number for o in orders) == [f"VVE-{n}" for n in range(7)]
    mock_hub.assert_empty("plumber")
    assert len(contractor.orders()) == 7
    assert BUYER_GLN in {state.key.buyer_gln for state in contractor.orders()}


def test_a_typed_fetch_records_every_type_in_hub_order_and_hands_out_each_once(
    principal: DicoClient, contractor: DicoClient
) -> None:
    principal.send_order(leaking_tap_instruction())
    contractor.fetch_orders()
    contractor.send_status("VVE-2026-0142", status_code="TGE", completion_date=DONE)
    contractor.send_invoice(full_invoice())

    [invoice] = principal.fetch_invoices()

    # The TGE before it was recorded first: no "invoice before TGE" warning.
    state = principal.order("VVE-2026-0142")
    assert state is not None
    assert state.main_status == "TGE"
    assert state.issues == ()
    assert invoice.invoice_number == "F-2026-00412"
    [status] = principal.fetch_statuses()
    assert status.status_code is not None
    assert status.status_code.value == "TGE"
    assert principal.fetch_statuses() == []
    assert principal.fetch_invoices() == []


def test_messageservice_attachments_are_kept_with_the_message(
    principal: DicoClient, mock_hub: MockHub
) -> None:
    pdf = Attachment(data=b"%PDF-1.4 copy", file_name=f"{SUPPLIER_GLN}_F-2026-00412.pdf")
    envelope = Envelope.new(encode(full_invoice()), msg_type="INVOIC", attachments=[pdf])
    mock_hub.transport("plumber").post(envelope)

    [received] = principal.receive()

    assert received.attachments == (pdf,)
    stored = principal.store.incoming(envelope.msg_id)
    assert stored is not None
    assert stored.attachments == (pdf,)


def test_a_batch_is_recorded_in_msg_datetime_order(
    principal: DicoClient, contractor: DicoClient, mock_hub: MockHub
) -> None:
    principal.send_order(leaking_tap_instruction())
    contractor.fetch_orders()
    status = contractor.new_status("VVE-2026-0142", status_code="TGE", completion_date=DONE)
    later = datetime.now(UTC) + timedelta(minutes=5)
    # A hub that lists the invoice first, although the TGE status was sent before it.
    invoice = Envelope.new(encode(full_invoice()), msg_type="INVOIC", msg_datetime=later)
    mock_hub.transport("plumber").post(invoice)
    mock_hub.transport("plumber").post(Envelope.new(encode(status), msg_type="MAINTENANCESTATUS"))

    principal.receive()

    state = principal.order("VVE-2026-0142")
    assert state is not None
    assert [e.kind.value for e in state.history[1:]] == ["status", "invoice"]
    assert state.issues == ()


def test_a_batch_left_unfinished_is_handed_out_again(
    principal: DicoClient, mock_hub: MockHub, tmp_path: Path
) -> None:
    contractor = DicoClient(
        mock_hub.transport("plumber"), gln=SUPPLIER_GLN, store=tmp_path / "c.db", batch_size=3
    )
    for number in range(5):
        principal.send_order(leaking_tap_instruction(instruction_number=f"VVE-{number}"))

    for _ in contractor.iter_receive():
        break  # the caller stops (or dies) in the middle of the first batch

    again = [r.message.instruction_number for r in contractor.iter_receive()]
    assert again == [f"VVE-{n}" for n in range(5)]
    assert contractor.receive() == []
    for state in contractor.orders():
        assert len(state.history) == 1  # recorded once all the same


def test_information_and_response_statuses_go_both_ways(
    principal: DicoClient, contractor: DicoClient
) -> None:
    principal.send_order(leaking_tap_instruction())
    contractor.fetch_orders()
    contractor.send_status("VVE-2026-0142", status_code="ACC")
    contractor.send_status("VVE-2026-0142", status_code="REV", detail_codes=["AVW"])
    principal.fetch_statuses()
    principal.send_status("VVE-2026-0142", event_code="AIN", free_text=["Sleutel bij buren."])
    principal.send_status("VVE-2026-0142", status_code="REA", free_text=["Akkoord meerwerk."])

    received = contractor.fetch_statuses()

    assert [(s.status_code, s.event_code) for s in received] == [
        (None, EventCode.AIN),
        (StatusCode.REA, None),
    ]
    assert all(s.sender_gln == BUYER_GLN for s in received)
    for client in (principal, contractor):
        state = client.order("VVE-2026-0142")
        assert state is not None
        assert state.main_status == "REA"
        assert state.issues == ()
