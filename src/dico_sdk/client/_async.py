"""``AsyncDicoClient``: the async twin of DicoClient, driving the same core."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from types import TracebackType
from typing import Any, Self, TypeVar

from dico_sdk.client._base import ClientBase, StoreArg
from dico_sdk.client._receipts import Received, SendReceipt
from dico_sdk.client._steps import Steps, drive_async
from dico_sdk.messages import (
    Invoice,
    MaintenanceInstruction,
    MaintenanceStatus,
    MessageRegistry,
)
from dico_sdk.transport import AsyncTransport

__all__ = ["AsyncDicoClient"]

_T = TypeVar("_T")


class AsyncDicoClient(ClientBase):
    """The async twin of :class:`DicoClient`: the same methods, the I/O ones as coroutines.

    Gets, deletes and outbox flushes of one batch run concurrently (``concurrency``). The store
    is local SQLite, so the queries (:meth:`order`, :meth:`orders`, :meth:`rejected`) and
    each store step are plain calls. Several tasks may share one client.
    """

    def __init__(
        self,
        transport: AsyncTransport,
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

    async def _run(self, steps: Steps[_T]) -> _T:
        return await drive_async(self.transport, steps)

    # -- sending -----------------------------------------------------------------------------

    async def send(self, message: Any) -> SendReceipt:
        """Send any bundled message: checked (schema + rules), stored, then posted."""
        return await self._run(self._core.send(message))

    async def send_order(self, instruction: MaintenanceInstruction) -> SendReceipt:
        """Send an order. Raises RuleViolationError (nothing sent) when it breaks a rule."""
        return await self.send(instruction)

    async def change_order(self, instruction: MaintenanceInstruction) -> SendReceipt:
        """Send a change order: the instruction with MutationType 4, same InstructionNumber."""
        return await self.send(self._change_message(instruction))

    async def cancel_order(
        self,
        instruction_number: str,
        reason: str,
        *,
        buyer_gln: str | None = None,
        detail_codes: Iterable[str] = (),
    ) -> SendReceipt:
        """Ask the contractor to cancel: a MaintenanceStatus VAN with ``reason`` as free text."""
        message = self._cancel_message(instruction_number, reason, buyer_gln, detail_codes)
        return await self.send(message)

    async def send_status(self, status: MaintenanceStatus | str, **fields: Any) -> SendReceipt:
        """Send a MaintenanceStatus, or build one for order ``status`` from ``fields``."""
        return await self.send(self._status_message(status, fields))

    async def send_invoice(self, invoice: Invoice) -> SendReceipt:
        """Send an invoice (or a 384 correction)."""
        return await self.send(invoice)

    async def flush_outbox(self) -> list[SendReceipt]:
        """Post again every message whose outcome is unknown, each with its own MsgId."""
        return await self._run(self._core.flush())

    # -- receiving ---------------------------------------------------------------------------

    async def iter_receive(self, msg_type: str | None = None) -> AsyncIterator[Received]:
        """Receive messages batch by batch (``batch_size``); see DicoClient.iter_receive."""
        more = True
        while more:
            batch, more = await self._run(self._core.receive_batch(msg_type))
            for item in batch:
                yield item
            self._core.handed(batch)

    async def receive(self, msg_type: str | None = None) -> list[Received]:
        """Receive every waiting message (of ``msg_type``): stored, deleted, validated, tracked."""
        return [item async for item in self.iter_receive(msg_type)]

    async def fetch_orders(self) -> list[MaintenanceInstruction]:
        """Contractor: the new orders and change orders."""
        return await self._messages(MaintenanceInstruction)

    async def fetch_statuses(self) -> list[MaintenanceStatus]:
        """The new MaintenanceStatus messages."""
        return await self._messages(MaintenanceStatus)

    async def fetch_invoices(self) -> list[Invoice]:
        """Principal: the new invoices."""
        return await self._messages(Invoice)

    async def _messages(self, cls: type[_T]) -> list[_T]:
        msg_type = self._core.registry.for_class(cls).msg_type
        return [item.message async for item in self.iter_receive(msg_type)]

    # -- lifetime ----------------------------------------------------------------------------

    async def close(self) -> None:
        """Close the transport and the store (when the client opened it)."""
        try:
            await self.transport.close()
        finally:
            self._close_store()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()
