"""``DicoClient``: the blocking client, driving the shared core over a sync Transport."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from types import TracebackType
from typing import Any, Self, TypeVar

from dico_sdk.client._base import ClientBase, StoreArg
from dico_sdk.client._receipts import Received, SendReceipt
from dico_sdk.client._steps import Steps, drive
from dico_sdk.messages import (
    Invoice,
    MaintenanceInstruction,
    MaintenanceStatus,
    MessageRegistry,
)
from dico_sdk.transport import Transport

__all__ = ["DicoClient"]

_T = TypeVar("_T")


class DicoClient(ClientBase):
    """Send and receive DICO messages through a hub, durably and exactly once into the tracker.

    ``transport`` is a :class:`~dico_sdk.transport.Transport` logged in to your mailbox, ``gln``
    your own GLN (or several), ``store`` where the outbox, inbox and order tracker live: a
    :class:`~dico_sdk.store.Store`, a path to an SQLite file, ``":memory:"``, or None for
    ``$XDG_DATA_HOME/dico-sdk/<GLN>.sqlite``. The same client serves a principal (send_order,
    fetch_statuses, fetch_invoices) and a contractor (fetch_orders, send_status, send_invoice).
    Use it as a context manager, or call :meth:`close` (which closes the transport too).
    """

    def __init__(
        self,
        transport: Transport,
        *,
        gln: str | Iterable[str],
        store: StoreArg = None,
        registry: MessageRegistry | None = None,
        batch_size: int = 100,
        concurrency: int = 8,
        lang: str = "en",
    ) -> None:
        super().__init__(
            gln=gln,
            store=store,
            registry=registry,
            batch_size=batch_size,
            concurrency=concurrency,
            lang=lang,
        )
        self.transport = transport

    def _run(self, steps: Steps[_T]) -> _T:
        return drive(self.transport, steps)

    # -- sending -----------------------------------------------------------------------------

    def send(self, message: Any) -> SendReceipt:
        """Send any bundled message: checked (schema + rules), stored, then posted."""
        return self._run(self._core.send(message))

    def send_order(self, instruction: MaintenanceInstruction) -> SendReceipt:
        """Send an order. Raises RuleViolationError (nothing sent) when it breaks a rule."""
        return self.send(instruction)

    def change_order(self, instruction: MaintenanceInstruction) -> SendReceipt:
        """Send a change order: the instruction with MutationType 4, same InstructionNumber."""
        return self.send(self._change_message(instruction))

    def cancel_order(
        self,
        instruction_number: str,
        reason: str,
        *,
        buyer_gln: str | None = None,
        detail_codes: Iterable[str] = (),
    ) -> SendReceipt:
        """Ask the contractor to cancel: a MaintenanceStatus VAN with ``reason`` as free text."""
        return self.send(self._cancel_message(instruction_number, reason, buyer_gln, detail_codes))

    def send_status(self, status: MaintenanceStatus | str, **fields: Any) -> SendReceipt:
        """Send a MaintenanceStatus, or build one for order ``status`` from ``fields``.

        ``client.send_status("VVE-2026-0142", status_code="ACC")`` builds it with
        :meth:`new_status` (the keyword arguments are that method's).
        """
        return self.send(self._status_message(status, fields))

    def send_invoice(self, invoice: Invoice) -> SendReceipt:
        """Send an invoice (or a 384 correction)."""
        return self.send(invoice)

    def flush_outbox(self) -> list[SendReceipt]:
        """Post again every message whose outcome is unknown, each with its own MsgId."""
        return self._run(self._core.flush())

    # -- receiving ---------------------------------------------------------------------------

    def iter_receive(self, msg_type: str | None = None) -> Iterator[Received]:
        """Receive messages batch by batch (``batch_size``), so memory stays flat.

        A batch counts as handed out once you ask for the item after its last one: if your
        process dies while working through a batch, the next receive hands that batch out again.
        """
        more = True
        while more:
            batch, more = self._run(self._core.receive_batch(msg_type))
            yield from batch
            self._core.handed(batch)

    def receive(self, msg_type: str | None = None) -> list[Received]:
        """Receive every waiting message (of ``msg_type``): stored, deleted, validated, tracked."""
        return list(self.iter_receive(msg_type))

    def fetch_orders(self) -> list[MaintenanceInstruction]:
        """Contractor: the new orders and change orders."""
        return self._messages(MaintenanceInstruction)

    def fetch_statuses(self) -> list[MaintenanceStatus]:
        """The new MaintenanceStatus messages (a principal's statuses; a contractor's VAN/AIN)."""
        return self._messages(MaintenanceStatus)

    def fetch_invoices(self) -> list[Invoice]:
        """Principal: the new invoices."""
        return self._messages(Invoice)

    def _messages(self, cls: type[_T]) -> list[_T]:
        msg_type = self._core.registry.for_class(cls).msg_type
        return [item.message for item in self.iter_receive(msg_type)]

    # -- lifetime ----------------------------------------------------------------------------

    def close(self) -> None:
        """Close the transport and the store (when the client opened it)."""
        try:
            self.transport.close()
        finally:
            self._close_store()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
