"""``dico demo``: encode, validate and decode one message of each type and print a summary.

A stand-in until the client and the sandbox hub exist; the client issue replaces it with a
whole maintenance order cycle against the embedded hub.
"""

from __future__ import annotations

import click

from dico_sdk.codec import decode_detailed, encode, validate_schema
from dico_sdk.messages import Invoice, MaintenanceInstruction, MaintenanceStatus
from dico_sdk.testing import full_invoice, full_maintenance_status, leaking_tap_instruction

__all__ = ["demo"]


@click.command("demo")
def demo() -> None:
    """Encode, validate and decode a MaintenanceInstruction, a MaintenanceStatus and an Invoice."""
    for message in (leaking_tap_instruction(), full_maintenance_status(), full_invoice()):
        data = encode(message)
        entry = validate_schema(data)
        result = decode_detailed(data)
        same = "round-trips" if result.message == message else "DIFFERS after decoding"
        click.echo(
            f"{entry.name:<23} {len(data):>6,} bytes  MsgType {entry.msg_type:<22} "
            f"valid against {entry.schema.name}, {same}"
        )
        click.echo(f"  {_summary(result.message)}")


def _summary(message: object) -> str:
    if isinstance(message, MaintenanceInstruction):
        kind = message.maintenance_type
        return (
            f"order {message.instruction_number}: {kind.value} ({kind.title_en} / {kind.title_nl})"
        )
    if isinstance(message, MaintenanceStatus):
        status, event = message.status_code, message.event_code
        shown = f"status {status.value} ({status.title_en} / {status.title_nl})" if status else ""
        return shown + (f", event {event.value} ({event.title_en})" if event else "")
    if isinstance(message, Invoice):
        rates = ", ".join(
            f"{s.vat_percentage}% on {s.vat_base_amount}" for s in message.vat_sub_total
        )
        payable = message.invoice_totals.payable_amount
        return f"invoice {message.invoice_number}: payable EUR {payable} (VAT {rates})"
    return type(message).__name__
