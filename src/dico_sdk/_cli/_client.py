"""``dico send``, ``dico fetch`` and ``dico orders``: the client from the command line."""

from __future__ import annotations

from pathlib import Path

import click

from dico_sdk._cli._config import ClientConfig, find_config
from dico_sdk.client import DicoClient, Received
from dico_sdk.codec import decode
from dico_sdk.store import OrderState

__all__ = ["fetch", "orders", "send"]

_CONFIG = click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The client's config file (default: $DICO_CONFIG, else ./dico.toml).",
)

_TYPES = {
    "all": None,
    "orders": "MAINTENANCEINSTRUCTION",
    "statuses": "MAINTENANCESTATUS",
    "invoices": "INVOIC",
}


def _open(config_path: Path | None) -> DicoClient:
    return ClientConfig.load(find_config(config_path)).client()


@click.command("send")
@_CONFIG
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
def send(config_path: Path | None, files: tuple[str, ...]) -> None:
    """Send message FILES: each is validated (schema + rules), stored, then posted.

    Messages left unconfirmed by an earlier run are posted again first.
    """
    with _open(config_path) as client:
        for receipt in client.flush_outbox():
            click.echo(f"resent {receipt.msg_type} {receipt.msg_id}")
        for name in files:
            receipt = client.send(decode(Path(name)))
            order = f" order {receipt.order_number}" if receipt.order_number else ""
            click.echo(f"sent {name}: {receipt.msg_type}{order}, MsgId {receipt.msg_id}")


@click.command("fetch")
@_CONFIG
@click.option("--type", "kind", type=click.Choice(sorted(_TYPES)), default="all")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Also write each received message to this folder as <MsgId>.xml.",
)
def fetch(config_path: Path | None, kind: str, out: Path | None) -> None:
    """Fetch waiting messages: stored, deleted on the hub, validated, tracked."""
    with _open(config_path) as client:
        client.flush_outbox()
        count = 0
        for item in client.iter_receive(_TYPES[kind]):
            count += 1
            click.echo(_received_line(item))
            if out is not None:
                out.mkdir(parents=True, exist_ok=True)
                entry = client.store.incoming(item.msg_id)
                if entry is not None:
                    (out / f"{item.msg_id}.xml").write_bytes(entry.content)
        rejected = client.rejected()
        click.echo(f"{count} message(s) received; {len(rejected)} rejected in the inbox")


def _received_line(item: Received) -> str:
    order = f" order {item.order.instruction_number}" if item.order else ""
    issues = "".join(f" [{issue.rule_id}]" for issue in item.issues)
    return f"{item.msg_type}{order} MsgId {item.msg_id}{issues}"


@click.command("orders")
@_CONFIG
@click.option("--status", help="Only orders in this main status (e.g. ACC, TGE).")
@click.argument("number", required=False)
def orders(config_path: Path | None, status: str | None, number: str | None) -> None:
    """List the tracked orders, or show order NUMBER with its history and issues."""
    with _open(config_path) as client:
        if number is not None:
            state = client.order(number)
            if state is None:
                raise click.ClickException(f"order {number} is not tracked")
            _show(state)
            return
        for state in client.orders(status=status):
            click.echo(
                f"{state.key.instruction_number:<20} {state.main_status or '-':<4} "
                f"Buyer {state.key.buyer_gln} Supplier {state.supplier_gln or '-'} "
                f"{len(state.history)} msg {len(state.issues)} issue(s)"
            )


def _show(state: OrderState) -> None:
    click.echo(f"order {state.key}: main status {state.main_status}")
    if state.appointment_start is not None:
        click.echo(f"  appointment {state.appointment_start.isoformat()}")
    for event in state.history:
        code = event.status_code or event.event_code or event.invoice_type or ""
        click.echo(
            f"  {event.at:%Y-%m-%d %H:%M} {event.direction.value:<8} {event.kind.value} "
            f"{event.number} {code}"
        )
    for issue in state.issues:
        click.echo(f"  {issue.rule_id} {issue.severity}: {issue.message}")
