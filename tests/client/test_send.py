"""Sending: checked before any I/O, MsgId stored before the first attempt, faults kept."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dico_sdk import AuthenticationError, HubFaultError, HubUnavailableError, RuleViolationError
from dico_sdk.client import DicoClient
from dico_sdk.errors import UsageError
from dico_sdk.messages import maintenance_instruction as mi
from dico_sdk.store import OutboxState
from dico_sdk.testing import MockHub, leaking_tap_instruction
from dico_sdk.testing._factories import BUYER_GLN, SUPPLIER_GLN, gln_with_check_digit
from dico_sdk.transport import ErrorCode, RetryPolicy


def test_send_order_returns_a_receipt_and_tracks_the_order(
    principal: DicoClient, mock_hub: MockHub
) -> None:
    receipt = principal.send_order(leaking_tap_instruction())

    assert receipt.order_number == "VVE-2026-0142"
    assert receipt.buyer_gln == BUYER_GLN
    assert receipt.accepted_at.utcoffset() is not None
    [delivered] = mock_hub.assert_delivered("plumber", 1, msg_type="MAINTENANCEINSTRUCTION")
    assert delivered.msg_id == receipt.msg_id
    state = principal.order("VVE-2026-0142")
    assert state is not None
    assert state.main_status == "REG"
    assert state.maximum_amount == leaking_tap_instruction().maximum_amount
    assert principal.pending() == []


def test_a_rule_violation_is_raised_before_anything_is_stored_or_sent(
    principal: DicoClient, mock_hub: MockHub
) -> None:
    backwards = mi.RequestedPeriod(
        earliest_start_date=date(2026, 12, 5), latest_completion_date=date(2026, 11, 25)
    )
    with pytest.raises(RuleViolationError) as caught:
        principal.send_order(leaking_tap_instruction(requested_period=backwards))

    assert "DICO-MI-01" in caught.value.rule_ids
    assert mock_hub.requests == []
    assert principal.pending() == []
    assert principal.order("VVE-2026-0142") is None


def test_sending_for_a_gln_the_client_does_not_own_is_refused(principal: DicoClient) -> None:
    other = leaking_tap_instruction(buyer=mi.Party(gln=gln_with_check_digit("871234500009")))
    with pytest.raises(UsageError, match="sends for GLN"):
        principal.send_order(other)


def test_the_msg_id_is_stored_before_the_first_attempt_and_flush_reuses_it(
    mock_hub: MockHub, tmp_path: Path
) -> None:
    transport = mock_hub.transport("vve", retry=RetryPolicy.no_retries())
    client = DicoClient(transport, gln=BUYER_GLN, store=tmp_path / "p.db")
    mock_hub.fail_next(1)
    with pytest.raises(HubUnavailableError):
        client.send_order(leaking_tap_instruction())
    [pending] = client.pending()
    assert pending.attempts == 1
    assert "503" in (pending.last_error or "")
    mock_hub.assert_empty("plumber")

    [receipt] = client.flush_outbox()

    assert receipt.msg_id == pending.msg_id
    [delivered] = mock_hub.assert_delivered("plumber", 1)
    assert delivered.msg_id == pending.msg_id
    assert client.pending() == []
    assert client.flush_outbox() == []


def test_an_unknown_outcome_is_resent_with_the_same_msg_id_and_delivered_once(
    mock_hub: MockHub, tmp_path: Path
) -> None:
    client = DicoClient(
        mock_hub.transport("vve", retry=RetryPolicy.no_retries()),
        gln=BUYER_GLN,
        store=tmp_path / "p.db",
    )
    mock_hub.drop_response_after_store()
    with pytest.raises(HubUnavailableError):
        client.send_order(leaking_tap_instruction())
    # Stored by the hub, but the client could not know: it is still pending.
    assert len(client.pending()) == 1

    client.flush_outbox()

    mock_hub.assert_sent(1)
    mock_hub.assert_delivered("plumber", 1)


def test_retries_inside_the_transport_keep_the_msg_id(
    principal: DicoClient, mock_hub: MockHub
) -> None:
    mock_hub.drop_response_after_store()
    mock_hub.fail_next(2, operation="PostMessage")

    receipt = principal.send_order(leaking_tap_instruction())

    assert receipt.attempts >= 3
    mock_hub.assert_sent(1)
    posts = {r.msg_id for r in mock_hub.requests if r.operation == "PostMessage"}
    assert posts == {receipt.msg_id}


def test_an_authentication_error_is_raised_and_the_entry_kept_as_failed(
    mock_hub: MockHub, tmp_path: Path
) -> None:
    client = DicoClient(
        mock_hub.transport("vve", password="wrong"), gln=BUYER_GLN, store=tmp_path / "p.db"
    )
    with pytest.raises(AuthenticationError):
        client.send_order(leaking_tap_instruction())

    [failed] = client.failed()
    assert failed.state is OutboxState.FAILED
    assert "AuthenticationError" in (failed.last_error or "")
    assert client.pending() == []
    assert client.flush_outbox() == []


def test_a_permanent_fault_is_raised_and_kept(principal: DicoClient, mock_hub: MockHub) -> None:
    mock_hub.fail_next(1, ErrorCode.UNKNOWN_RECEIVER)
    with pytest.raises(HubFaultError) as caught:
        principal.send_order(leaking_tap_instruction())

    assert caught.value.error_code == "UNKNOWN_RECEIVER"
    [failed] = principal.failed()
    assert failed.order is not None
    assert failed.order.instruction_number == "VVE-2026-0142"


def test_flush_sends_every_pending_message_once(mock_hub: MockHub, tmp_path: Path) -> None:
    client = DicoClient(
        mock_hub.transport("vve", retry=RetryPolicy.no_retries()),
        gln=BUYER_GLN,
        store=tmp_path / "p.db",
        batch_size=2,
    )
    for number in range(5):
        mock_hub.fail_next(1)
        with pytest.raises(HubUnavailableError):
            client.send_order(leaking_tap_instruction(instruction_number=f"VVE-{number}"))

    receipts = client.flush_outbox()

    assert sorted(r.order_number or "" for r in receipts) == [f"VVE-{n}" for n in range(5)]
    mock_hub.assert_delivered("plumber", 5)


def test_cancel_and_status_need_a_tracked_order(principal: DicoClient) -> None:
    with pytest.raises(UsageError, match="not in this client's tracker"):
        principal.cancel_order("NOPE-1", "not needed any more")


def test_the_supplier_gln_comes_from_the_tracker(principal: DicoClient, mock_hub: MockHub) -> None:
    principal.send_order(leaking_tap_instruction())
    principal.cancel_order("VVE-2026-0142", "Bewoner heeft het zelf opgelost.")

    [_, cancel] = mock_hub.assert_delivered("plumber", 2)
    assert SUPPLIER_GLN.encode() in cancel.content
    assert b"<StatusCode>VAN</StatusCode>" in cancel.content
    assert principal.order("VVE-2026-0142").main_status == "VAN"  # type: ignore[union-attr]


def test_sending_the_same_order_again_sends_it_once(
    principal: DicoClient, mock_hub: MockHub
) -> None:
    first = principal.send_order(leaking_tap_instruction())
    again = principal.send_order(leaking_tap_instruction())

    assert again.msg_id == first.msg_id
    assert again.accepted_at == first.accepted_at
    mock_hub.assert_sent(1)


def test_an_application_retry_after_an_unknown_outcome_reuses_the_msg_id(
    mock_hub: MockHub, tmp_path: Path
) -> None:
    client = DicoClient(
        mock_hub.transport("vve", retry=RetryPolicy.no_retries()),
        gln=BUYER_GLN,
        store=tmp_path / "p.db",
    )
    mock_hub.drop_response_after_store()
    with pytest.raises(HubUnavailableError) as caught:
        client.send_order(leaking_tap_instruction())

    receipt = client.send_order(leaking_tap_instruction())

    assert receipt.msg_id == caught.value.msg_id
    mock_hub.assert_sent(1)
    assert client.pending() == []


def test_a_second_original_with_other_content_is_refused(principal: DicoClient) -> None:
    principal.send_order(leaking_tap_instruction())
    with pytest.raises(UsageError, match="change_order"):
        principal.send_order(leaking_tap_instruction(description="Iets anders."))


def test_a_status_number_reused_with_other_content_is_refused(
    principal: DicoClient, contractor: DicoClient
) -> None:
    principal.send_order(leaking_tap_instruction())
    contractor.fetch_orders()
    contractor.send_status("VVE-2026-0142", status_code="ACC", status_number="ST-1")
    with pytest.raises(UsageError, match="new number"):
        contractor.send_status("VVE-2026-0142", status_code="TGE", status_number="ST-1")


def test_a_failed_message_is_posted_again_when_sent_again(
    mock_hub: MockHub, tmp_path: Path
) -> None:
    client = DicoClient(mock_hub.transport("vve"), gln=BUYER_GLN, store=tmp_path / "p.db")
    mock_hub.fail_next(1, ErrorCode.AUTH_FAILED)
    with pytest.raises(AuthenticationError):
        client.send_order(leaking_tap_instruction())
    [failed] = client.failed()

    receipt = client.send_order(leaking_tap_instruction())

    assert receipt.msg_id == failed.msg_id
    assert client.failed() == []
    mock_hub.assert_sent(1)
