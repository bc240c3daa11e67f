"""The order tracker's logic: how one event changes an order, and the process rules DICO-PRC-*.

Pure functions on the store's value objects, so that every store implementation (SQLite, a
future PostgreSQL one) applies exactly the same rules inside its own transaction.

The main-status transition table is this project's reference design: the code lists define the
statuses and who may send them (facts), not which may follow which.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

import attrs

from dico_sdk.store._records import EventKind, OrderEvent, OrderState, TrackerIssue

__all__ = ["ALLOWED_TRANSITIONS", "Applied", "apply_event", "invoiced_amount", "transition_allowed"]

_WORKING = frozenset({"ACC", "REV", "REA", "VAN", "ANN", "TGE", "AGE"})

ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    "REG": _WORKING | {"WEI", "QUA", "QUR"},
    "QUA": _WORKING | {"WEI"},
    "ACC": _WORKING,
    "REV": _WORKING | {"WEI"},
    "REA": _WORKING | {"WEI"},
    "VAN": _WORKING,
    "TGE": frozenset({"TGE", "REV", "REA", "AGE"}),
    "QUR": frozenset({"QUR", "ANN", "AGE"}),
    "WEI": frozenset({"WEI", "ANN", "AGE"}),
    "ANN": frozenset({"ANN", "AGE"}),
    "AGE": frozenset(),
}
"""Which main status may follow which (design). An order of unknown status accepts any."""

_CLOSED = "AGE"
_TECHNICALLY_DONE = frozenset({"TGE", "AGE"})


@attrs.frozen
class Applied:
    """The outcome of applying one event: the order's new state and what the rules found."""

    state: OrderState
    issues: tuple[TrackerIssue, ...]
    duplicate: bool
    """The same message (same sender, number and content) was recorded before: nothing changed."""


def transition_allowed(current: str | None, new: str) -> bool:
    """Whether the main status ``new`` may follow ``current`` (DICO-PRC-05)."""
    if current is None:
        return True
    return new in ALLOWED_TRANSITIONS.get(current, frozenset())


def apply_event(state: OrderState | None, event: OrderEvent) -> Applied:
    """Apply ``event`` to the order ``state`` (None: the tracker has not seen the order)."""
    issues: list[TrackerIssue] = []
    if state is None:
        state = _new_order(event, issues)
    elif event.kind is EventKind.INSTRUCTION and not state.known:
        state = attrs.evolve(state, known=True, main_status=state.main_status or "REG")
    if _is_repeat(state.history, event):
        return Applied(state=state, issues=(), duplicate=True)
    issues.extend(_conflicting_resend(state.history, event))
    if state.main_status == _CLOSED:
        issues.append(
            _issue(
                "DICO-PRC-02",
                event,
                f"{_what(event)} arrived after AGE",
                f"{_what(event, 'nl')} kwam binnen na AGE",
            )
        )
    state = _apply_status(state, event, issues)
    state = _apply_details(state, event)
    if event.kind is EventKind.INVOICE:
        issues.extend(_invoice_issues(state, event))
    recorded = attrs.evolve(event, issues=tuple(issues))
    state = attrs.evolve(
        state, history=(*state.history, recorded), issues=state.issues + recorded.issues
    )
    return Applied(state=state, issues=recorded.issues, duplicate=False)


def _new_order(event: OrderEvent, issues: list[TrackerIssue]) -> OrderState:
    if event.kind is EventKind.INSTRUCTION:
        return OrderState(
            key=event.order,
            supplier_gln=event.supplier_gln,
            known=True,
            main_status="REG",
            maximum_amount=event.maximum_amount,
        )
    issues.append(
        _issue(
            "DICO-PRC-01",
            event,
            f"{_what(event)} refers to order {event.order.instruction_number}, "
            f"unknown for Buyer {event.order.buyer_gln}",
            f"{_what(event, 'nl')} verwijst naar opdracht {event.order.instruction_number}, "
            f"onbekend voor Buyer {event.order.buyer_gln}",
        )
    )
    return OrderState(
        key=event.order, supplier_gln=event.supplier_gln, known=False, main_status=None
    )


def _same_message(a: OrderEvent, b: OrderEvent) -> bool:
    # A change order repeats its InstructionNumber, so instructions are told apart by content only.
    if a.kind is not b.kind or a.sender_gln != b.sender_gln:
        return False
    return a.kind is EventKind.INSTRUCTION or a.number == b.number


def _is_repeat(history: Iterable[OrderEvent], event: OrderEvent) -> bool:
    return any(_same_message(old, event) and old.digest == event.digest for old in history)


def _conflicting_resend(history: Iterable[OrderEvent], event: OrderEvent) -> list[TrackerIssue]:
    if event.kind is EventKind.INSTRUCTION:
        return []
    if any(_same_message(old, event) for old in history):
        return [
            _issue(
                "DICO-PRC-06",
                event,
                f"{_what(event)} was received before from {event.sender_gln} with other content",
                f"{_what(event, 'nl')} kwam eerder van {event.sender_gln} met andere inhoud",
                severity="warning",
            )
        ]
    return []


def _apply_status(state: OrderState, event: OrderEvent, issues: list[TrackerIssue]) -> OrderState:
    new = event.status_code
    if new is None:
        return state
    if not transition_allowed(state.main_status, new):
        issues.append(
            _issue(
                "DICO-PRC-05",
                event,
                f"main status {new} may not follow {state.main_status}",
                f"hoofdstatus {new} mag niet volgen op {state.main_status}",
            )
        )
        return state
    return attrs.evolve(state, main_status=new)


def _apply_details(state: OrderState, event: OrderEvent) -> OrderState:
    if event.kind is EventKind.INSTRUCTION:
        state = attrs.evolve(
            state,
            maximum_amount=event.maximum_amount,
            supplier_gln=event.supplier_gln or state.supplier_gln,
        )
    if event.appointment_start is not None:
        state = attrs.evolve(
            state, appointment_start=event.appointment_start, appointment_end=event.appointment_end
        )
    if event.expected_completion is not None:
        state = attrs.evolve(state, expected_completion=event.expected_completion)
    if event.completion_date is not None:
        state = attrs.evolve(state, completion_date=event.completion_date)
    return state


def _invoice_issues(state: OrderState, event: OrderEvent) -> list[TrackerIssue]:
    found: list[TrackerIssue] = []
    if state.main_status not in _TECHNICALLY_DONE:
        found.append(
            _issue(
                "DICO-PRC-03",
                event,
                f"invoice {event.number} arrived before TGE (main status {state.main_status})",
                f"factuur {event.number} kwam binnen voor TGE (hoofdstatus {state.main_status})",
                severity="warning",
            )
        )
    invoiced = invoiced_amount((*state.invoices, event))
    if state.maximum_amount is not None and invoiced > state.maximum_amount:
        found.append(
            _issue(
                "DICO-PRC-04",
                event,
                f"invoiced {invoiced} (excluding VAT) exceeds the order's MaximumAmount "
                f"{state.maximum_amount}",
                f"gefactureerd {invoiced} (exclusief btw) is meer dan het MaximumAmount "
                f"{state.maximum_amount} van de opdracht",
                severity="warning",
            )
        )
    return found


def invoiced_amount(invoices: Iterable[OrderEvent]) -> Decimal:
    """Σ TotalVATBaseAmount of an order's invoices, a correction replacing what it corrects."""
    by_number: dict[str, Decimal] = {}
    for invoice in invoices:
        if invoice.corrects is not None:
            by_number.pop(invoice.corrects, None)
        by_number[invoice.number] = invoice.vat_base_total or Decimal(0)
    return sum(by_number.values(), Decimal(0))


_KIND_NL = {
    EventKind.INSTRUCTION: "opdracht",
    EventKind.STATUS: "status",
    EventKind.INVOICE: "factuur",
}


def _what(event: OrderEvent, lang: str = "en") -> str:
    kind = _KIND_NL[event.kind] if lang == "nl" else event.kind.value
    return f"{kind} {event.number}"


def _issue(
    rule_id: str, event: OrderEvent, message: str, message_nl: str, *, severity: str = "error"
) -> TrackerIssue:
    return TrackerIssue(
        rule_id=rule_id,
        severity=severity,
        message=message,
        message_nl=message_nl,
        msg_id=event.msg_id,
    )
