"""``dico demo``: a whole maintenance order cycle over real HTTP against an in-process hub."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import click

from dico_sdk.client import DicoClient, SendReceipt
from dico_sdk.messages import Invoice, MaintenanceStatus
from dico_sdk.messages import invoice as inv
from dico_sdk.rules import validate
from dico_sdk.store import OrderState, invoiced_amount
from dico_sdk.testing import RunningHub, full_invoice, leaking_tap_instruction, run_hub
from dico_sdk.transport import HubProfile, MessageServiceTransport

__all__ = ["demo"]

_CET = timezone(timedelta(hours=1))
_MANAGER, _PLUMBER = "vve-de-linde", "installatiebedrijf-jansen"


class _Timeline:
    """Prints one line per step, with the seconds since the demo started."""

    def __init__(self, echo: Callable[[str], None]) -> None:
        self.echo = echo
        self.started = time.monotonic()

    def step(self, who: str, what: str, detail: str = "") -> None:
        elapsed = time.monotonic() - self.started
        tail = f"  ({detail})" if detail else ""
        self.echo(f"  {elapsed:6.2f}s  {who:<8} {what}{tail}")


def _client(hub: RunningHub, account: str, store: Path) -> DicoClient:
    spec = hub.accounts[account]
    transport = MessageServiceTransport(
        HubProfile.sandbox(hub.url), username=spec.name, password=spec.password
    )
    return DicoClient(transport, gln=next(iter(spec.glns)), store=store)


def _sent(receipt: SendReceipt) -> str:
    return f"MsgId {receipt.msg_id[:8]}..., accepted by the hub"


def _status_line(status: MaintenanceStatus) -> str:
    parts = [f"StatusCode {status.status_code.value}"] if status.status_code else []
    if status.event_code is not None:
        parts.append(f"EventCode {status.event_code.value} ({status.event_code.title_en})")
    if status.appointment is not None:
        parts.append(f"appointment {status.appointment.start_date_time:%Y-%m-%d %H:%M}")
    return ", ".join(parts)


def _cycle(manager: DicoClient, plumber: DicoClient, line: _Timeline) -> tuple[str, list[Invoice]]:
    order = leaking_tap_instruction()
    number = order.instruction_number
    line.step(
        "manager",
        f"send_order {number}: {order.description[:40]}...",
        _sent(manager.send_order(order)),
    )
    for fetched in plumber.fetch_orders():
        line.step(
            "plumber",
            f"fetch_orders -> {fetched.instruction_number}, maximum EUR {fetched.maximum_amount}",
        )
    plumber.send_status(number, status_code="ACC")
    line.step("plumber", "send_status ACC (accepted)")
    start = datetime(2026, 11, 26, 13, 0, tzinfo=_CET)
    plumber.send_status(number, event_code="AFH", appointment=(start, start + timedelta(hours=2)))
    line.step("plumber", "send_status AFH (appointment with the resident)", f"{start:%d %b %H:%M}")
    plumber.send_status(number, status_code="TGE", completion_date=date(2026, 11, 26))
    line.step("plumber", "send_status TGE (technically completed)")
    invoice = full_invoice(
        instruction_reference=inv.InstructionReference(
            instruction_number=number, instruction_date=order.instruction_date
        )
    )
    plumber.send_invoice(invoice)
    line.step(
        "plumber",
        f"send_invoice {invoice.invoice_number}",
        f"EUR {invoice.invoice_totals.payable_amount} incl. VAT",
    )
    for status in manager.fetch_statuses():
        line.step("manager", f"fetch_statuses -> {status.status_number}", _status_line(status))
    invoices = manager.fetch_invoices()
    for received in invoices:
        line.step("manager", f"fetch_invoices -> {received.invoice_number}")
    return number, invoices


def _state_lines(state: OrderState) -> list[str]:
    lines = [
        f"  order {state.key.instruction_number} for Buyer {state.key.buyer_gln}, "
        f"Supplier {state.supplier_gln}",
        f"  main status      {state.main_status}",
    ]
    if state.appointment_start is not None:
        lines.append(f"  appointment      {state.appointment_start:%Y-%m-%d %H:%M %z}")
    if state.completion_date is not None:
        lines.append(f"  completed        {state.completion_date}")
    lines.append(f"  history          {len(state.history)} messages")
    lines.append(f"  open issues      {len(state.issues) or 'none'}")
    lines.extend(f"    {i.rule_id} {i.severity}: {i.message}" for i in state.issues)
    return lines


def _invoice_lines(state: OrderState, invoice: Invoice) -> list[str]:
    report = validate(invoice)
    totals = invoice.invoice_totals
    invoiced = invoiced_amount(state.invoices)
    within = state.maximum_amount is None or invoiced <= state.maximum_amount
    lines = [
        f"  invoice          {invoice.invoice_number}: net {totals.total_vat_base_amount}, "
        f"VAT {totals.total_vat_amount}, payable EUR {totals.payable_amount}",
    ]
    lines.extend(
        f"    VAT {sub.vat_percentage} % on {sub.vat_base_amount} = {sub.vat_amount}"
        for sub in invoice.vat_sub_total
    )
    verdict = "all rules pass" if report.ok else f"{len(report.errors)} rule error(s)"
    lines.append(f"  invoice check    {verdict}, {len(report.warnings)} warning(s)")
    cap = "within" if within else "OVER"
    lines.append(f"  maximum amount   invoiced {invoiced} excl. VAT, {cap} {state.maximum_amount}")
    return lines


def run_demo(echo: Callable[[str], None]) -> bool:
    """Run the cycle; True when the manager's tracker ends where it should."""
    with tempfile.TemporaryDirectory(prefix="dico-demo-") as folder, run_hub() as hub:
        echo(f"sandbox hub on {hub.url} (in-process, SQLite in memory)")
        echo(f"manager {_MANAGER} and plumber {_PLUMBER}, each with its own store in {folder}")
        echo("")
        echo("timeline:")
        manager = _client(hub, _MANAGER, Path(folder) / "manager.sqlite")
        plumber = _client(hub, _PLUMBER, Path(folder) / "plumber.sqlite")
        with manager, plumber:
            number, invoices = _cycle(manager, plumber, _Timeline(echo))
            state = manager.order(number)
            if state is None:
                return False
            echo("")
            echo("the manager's view of the order:")
            for text in _state_lines(state):
                echo(text)
            for invoice in invoices:
                for text in _invoice_lines(state, invoice):
                    echo(text)
            return (
                state.main_status == "TGE"
                and len(invoices) == len(state.invoices) == 1
                and not manager.rejected()
            )


@click.command("demo")
def demo() -> None:
    """Run a whole maintenance order cycle against an in-process sandbox hub."""
    if not run_demo(click.echo):
        raise click.ClickException("the demo's order did not end in the expected state")
