"""The order tracker's rules (DICO-PRC-01..06) and main-status model, on plain values."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from dico_sdk.store import ALLOWED_TRANSITIONS, OrderState, apply_event, transition_allowed

from .conftest import KEY, Events


def _run(*events_: object) -> OrderState:
    state = None
    for event in events_:
        state = apply_event(state, event).state  # type: ignore[arg-type]
    assert state is not None
    return state


def _rules(state: OrderState) -> list[str]:
    return [issue.rule_id for issue in state.issues]


def test_an_instruction_registers_the_order(events: Events) -> None:
    state = _run(events.instruction())
    assert (state.key, state.main_status, state.known) == (KEY, "REG", True)
    assert state.issues == ()


def test_a_normal_repair_cycle_raises_nothing(events: Events) -> None:
    start = events.clock + timedelta(days=1)
    state = _run(
        events.instruction(),
        events.status("S1", code="ACC"),
        events.status("S2", event="AFH", appointment_start=start),
        events.status("S3", code="TGE", completion_date=date(2026, 12, 4)),
        events.invoice("F1", "120.00"),
        events.status("S4", code="AGE"),
    )
    assert state.main_status == "AGE"
    assert state.appointment_start == start
    assert state.completion_date == date(2026, 12, 4)
    assert [e.number for e in state.invoices] == ["F1"]
    assert state.issues == ()
    assert state.last_event_code == "AFH"


def test_events_leave_the_main_status_unchanged(events: Events) -> None:
    state = _run(
        events.instruction(),
        events.status("S1", code="ACC"),
        events.status("S2", event="VER", expected_completion=date(2027, 1, 15)),
        events.status("S3", event="ONH"),
    )
    assert state.main_status == "ACC"
    assert state.expected_completion == date(2027, 1, 15)


def test_prc01_a_status_for_an_unknown_order(events: Events) -> None:
    applied = apply_event(None, events.status("S1", code="ACC"))
    assert [i.rule_id for i in applied.issues] == ["DICO-PRC-01"]
    assert applied.issues[0].severity == "error"
    assert applied.state.known is False
    later = apply_event(applied.state, events.instruction()).state
    assert later.known is True


def test_prc02_a_message_after_age(events: Events) -> None:
    state = _run(
        events.instruction(),
        events.status("S1", code="TGE"),
        events.status("S2", code="AGE"),
        events.status("S3", event="VIN"),
    )
    assert _rules(state) == ["DICO-PRC-02"]
    assert state.main_status == "AGE"


def test_prc03_an_invoice_before_tge_is_a_warning(events: Events) -> None:
    state = _run(events.instruction(), events.status("S1", code="ACC"), events.invoice("F1", "10"))
    assert [(i.rule_id, i.severity) for i in state.issues] == [("DICO-PRC-03", "warning")]


def test_prc04_invoiced_amount_over_the_maximum(events: Events) -> None:
    base = [events.instruction(maximum="100.00"), events.status("S1", code="TGE")]
    assert _rules(_run(*base, events.invoice("F1", "80.00"))) == []
    over = _run(*base, events.invoice("F1", "80.00"), events.invoice("F2", "30.00"))
    assert _rules(over) == ["DICO-PRC-04"]
    assert "110.00" in over.issues[0].message


def test_prc04_a_correction_replaces_and_a_credit_subtracts(events: Events) -> None:
    state = _run(
        events.instruction(maximum="100.00"),
        events.status("S1", code="TGE"),
        events.invoice("F1", "80.00"),
        events.invoice("F2", "-30.00"),
        events.invoice("F3", "45.00"),
        events.invoice("F4", "20.00", invoice_type="384", corrects="F3"),
    )
    # 80 - 30 + 20 (F4 replaces F3's 45) = 70
    assert _rules(state) == []


def test_prc05_acc_after_wei_is_refused_and_not_applied(events: Events) -> None:
    state = _run(
        events.instruction(), events.status("S1", code="WEI"), events.status("S2", code="ACC")
    )
    assert _rules(state) == ["DICO-PRC-05"]
    assert state.main_status == "WEI"
    assert len(state.history) == 3


def test_prc06_same_number_other_content(events: Events) -> None:
    state = _run(
        events.instruction(),
        events.status("S1", code="ACC"),
        events.status("S1", code="ACC", content="changed"),
    )
    assert [(i.rule_id, i.severity) for i in state.issues] == [("DICO-PRC-06", "warning")]


def test_the_same_message_twice_is_a_duplicate(events: Events) -> None:
    first = _run(events.instruction(), events.status("S1", code="ACC"))
    applied = apply_event(first, events.status("S1", code="ACC"))
    assert applied.duplicate is True
    assert applied.state == first


def test_a_change_order_updates_the_maximum(events: Events) -> None:
    state = _run(
        events.instruction(maximum="500.00"), events.instruction(maximum="750.00", mutation="4")
    )
    assert state.maximum_amount == 750
    assert len(state.history) == 2


@pytest.mark.parametrize("status", sorted(ALLOWED_TRANSITIONS))
def test_every_status_but_age_may_be_closed_administratively(status: str) -> None:
    assert transition_allowed(status, "AGE") is (status != "AGE")
    assert transition_allowed("AGE", status) is False


def test_an_order_of_unknown_status_accepts_any_status() -> None:
    assert all(transition_allowed(None, code) for code in ALLOWED_TRANSITIONS)


def test_every_process_issue_has_a_dutch_message(events: Events) -> None:
    unknown = apply_event(None, events.status("S1", code="ACC")).issues[0]
    assert "onbekend voor Buyer" in unknown.text("nl")
    assert "unknown for Buyer" in unknown.text("en")
    state = _run(
        events.instruction(maximum="10.00"),
        events.status("S1", code="WEI"),
        events.status("S2", code="ACC"),
        events.invoice("F1", "20.00"),
        events.status("S3", code="AGE"),
        events.status("S4", code="ACC"),
    )
    assert {i.rule_id for i in state.issues} >= {"DICO-PRC-02", "DICO-PRC-03", "DICO-PRC-04"}
    assert all(i.message_nl and i.text("nl") != i.text("en") for i in state.issues)
