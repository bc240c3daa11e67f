"""What the sync and async clients share besides the step machines: set-up and the queries.

The queries read the local store only (no I/O on the hub), so both clients offer them as plain
methods.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from dico_sdk.client._build import change_instruction, new_status
from dico_sdk.client._core import ClientCore
from dico_sdk.client._receipts import Rejected
from dico_sdk.errors import UsageError
from dico_sdk.messages import (
    EventCode,
    MaintenanceInstruction,
    MaintenanceStatus,
    MessageRegistry,
    StatusCode,
    StatusDetailCode,
)
from dico_sdk.store import OrderKey, OrderState, OutboxEntry, SqliteStore, Store

__all__ = ["ClientBase", "StoreArg", "default_store_path"]

StoreArg = Store | str | os.PathLike[str] | None
"""A store, a path to an SQLite file, ``":memory:"``, or None for the default file."""


def default_store_path(glns: Iterable[str]) -> Path:
    """``$XDG_DATA_HOME/dico-sdk/<GLN>.sqlite`` (``~/.local/share`` when XDG_DATA_HOME is unset)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "dico-sdk" / f"{min(glns)}.sqlite"


def _open_store(store: StoreArg, glns: frozenset[str]) -> tuple[Store, bool]:
    if isinstance(store, Store):
        return store, False
    if store is not None and not isinstance(store, str | os.PathLike):
        raise UsageError(f"store must be a Store, a path or ':memory:', not {type(store).__name__}")
    path = default_store_path(glns) if store is None else store
    return SqliteStore(path), True


def _glns(gln: str | Iterable[str]) -> frozenset[str]:
    if not isinstance(gln, str | Iterable):
        raise UsageError(f"gln must be one or more 13-digit GLNs, not {gln!r}")
    found = frozenset([gln] if isinstance(gln, str) else gln)
    if not found or not all(isinstance(g, str) and len(g) == 13 and g.isdigit() for g in found):
        raise UsageError(f"gln must be one or more 13-digit GLNs, not {gln!r}")
    return found


class ClientBase:
    """Set-up and the store queries of :class:`DicoClient` and :class:`AsyncDicoClient`."""

    def __init__(
        self,
        *,
        gln: str | Iterable[str],
        store: StoreArg = None,
        registry: MessageRegistry | None = None,
        batch_size: int = 100,
        concurrency: int = 8,
        lang: str = "en",
    ) -> None:
        glns = _glns(gln)
        opened, self._owns_store = _open_store(store, glns)
        self._core = ClientCore(
            opened,
            glns,
            registry=registry,
            batch_size=batch_size,
            concurrency=concurrency,
            lang=lang,
        )

    @property
    def store(self) -> Store:
        """The durable outbox, inbox and order tracker."""
        return self._core.store

    @property
    def glns(self) -> frozenset[str]:
        """The GLNs this client sends and receives for."""
        return self._core.glns

    # -- the order tracker -------------------------------------------------------------------

    def order(self, number: str, *, buyer_gln: str | None = None) -> OrderState | None:
        """The tracked state of order ``number`` (None when unknown).

        ``buyer_gln`` is needed only when orders of several Buyers share the number.
        """
        if buyer_gln is not None:
            return self.store.order(OrderKey(buyer_gln, number))
        found = self.store.orders(instruction_number=number)
        if len(found) > 1:
            buyers = ", ".join(state.key.buyer_gln for state in found)
            raise UsageError(f"order {number} exists for several Buyers ({buyers}): pass buyer_gln")
        return found[0] if found else None

    def orders(self, *, status: str | StatusCode | None = None) -> list[OrderState]:
        """Every tracked order, or those whose main status is ``status``."""
        code = None if status is None else str(getattr(status, "value", status))
        if code is not None and code not in StatusCode.codes():
            # A typo would otherwise look like "no orders in that status".
            raise UsageError(
                f"{code!r} is not a main status (StatusCode: {', '.join(StatusCode.codes())})"
            )
        return self.store.orders(status=code)

    def rejected(self) -> list[Rejected]:
        """Received messages that failed to decode or validate, kept with their reports."""
        return [
            Rejected.from_json(
                msg_id=entry.msg_id,
                msg_type=entry.msg_type,
                received_at=entry.received_at,
                content=entry.content,
                text=entry.rejection,
                attachments=entry.attachments,
            )
            for entry in self.store.rejected_incoming()
        ]

    def pending(self) -> list[OutboxEntry]:
        """Outgoing messages whose post is not confirmed (send them with ``flush_outbox()``)."""
        return self.store.pending_outgoing()

    def failed(self) -> list[OutboxEntry]:
        """Outgoing messages the hub refused for good, kept with the error."""
        return self.store.failed_outgoing()

    # -- building messages from the tracker ------------------------------------------------------

    def new_status(
        self,
        number: str,
        *,
        status_code: StatusCode | str | None = None,
        event_code: EventCode | str | None = None,
        detail_codes: Iterable[StatusDetailCode | str] = (),
        appointment: tuple[datetime, datetime | None] | None = None,
        expected_completion: date | None = None,
        completion_date: date | None = None,
        free_text: Iterable[str] = (),
        buyer_gln: str | None = None,
        status_number: str | None = None,
    ) -> MaintenanceStatus:
        """A MaintenanceStatus about tracked order ``number``, from this client's GLN."""
        state = self._require_order(number, buyer_gln)
        return new_status(
            state,
            self._own_party(state),
            status_code=status_code,
            event_code=event_code,
            detail_codes=detail_codes,
            appointment=appointment,
            expected_completion=expected_completion,
            completion_date=completion_date,
            free_text=free_text,
            number=status_number,
        )

    def _status_message(self, status: MaintenanceStatus | str, fields: dict[str, Any]) -> Any:
        if isinstance(status, MaintenanceStatus):
            if fields:
                raise UsageError("pass either a MaintenanceStatus or an order number with fields")
            return status
        return self.new_status(status, **fields)

    def _cancel_message(
        self, number: str, reason: str, buyer_gln: str | None, detail_codes: Iterable[str]
    ) -> MaintenanceStatus:
        return self.new_status(
            number,
            status_code=StatusCode.VAN,
            detail_codes=detail_codes,
            free_text=[reason] if reason else [],
            buyer_gln=buyer_gln,
        )

    @staticmethod
    def _change_message(instruction: MaintenanceInstruction) -> MaintenanceInstruction:
        return change_instruction(instruction)

    def _require_order(self, number: str, buyer_gln: str | None) -> OrderState:
        state = self.order(number, buyer_gln=buyer_gln)
        if state is None:
            raise UsageError(f"order {number} is not in this client's tracker")
        return state

    def _own_party(self, state: OrderState) -> str:
        for gln in (state.key.buyer_gln, state.supplier_gln):
            if gln in self.glns:
                return gln
        raise UsageError(f"this client is neither the Buyer nor the Supplier of order {state.key}")

    def _close_store(self) -> None:
        if self._owns_store:
            self.store.close()
