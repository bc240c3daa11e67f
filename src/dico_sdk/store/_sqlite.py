"""The default store: one SQLite file (or ``:memory:``), WAL mode, one transaction per step."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from dico_sdk.errors import StoreError, UsageError
from dico_sdk.store._base import Store
from dico_sdk.store._records import (
    InboxEntry,
    InboxState,
    OrderEvent,
    OrderKey,
    OrderState,
    OutboxEntry,
    OutboxState,
)
from dico_sdk.store._serial import (
    attachments_to_json,
    format_datetime,
)
from dico_sdk.store._sqlite_orders import apply_to_order, load_order
from dico_sdk.store._sqlite_rows import inbox_entry, message_values, outbox_entry
from dico_sdk.store._sqlite_schema import MIGRATIONS
from dico_sdk.store._tracker import Applied

__all__ = ["SqliteStore"]

_MESSAGE_COLUMNS = "msg_id, msg_datetime, msg_format, msg_version, msg_type, content"
_OUTBOX_COLUMNS = (
    f"{_MESSAGE_COLUMNS}, buyer_gln, instruction_number, state, attempts, last_error, "
    "created_at, sent_at"
)
_INBOX_COLUMNS = (
    f"{_MESSAGE_COLUMNS}, state, deleted_on_hub, received_at, processed_at, rejection, delivered,"
    " attachments"
)

# SQLite's default limit of bound parameters per statement is 999 (older builds).
_IN_CHUNK = 500


def _now() -> datetime:
    return datetime.now(UTC)


def _opt(value: Any, convert: Any) -> Any:
    return None if value is None else convert(value)


class SqliteStore(Store):
    """The outbox, inbox and order tracker in one SQLite database.

    ``path`` is a file (created with its folders when missing) or ``":memory:"``.
    ``synchronous="FULL"`` (the default) makes every commit survive a power loss;
    ``"NORMAL"`` still survives a crash of the process (WAL mode) and is faster.
    The store may be shared between threads: its steps are serialised.
    """

    def __init__(
        self,
        path: str | os.PathLike[str] = ":memory:",
        *,
        synchronous: Literal["FULL", "NORMAL"] = "FULL",
    ) -> None:
        if synchronous not in ("FULL", "NORMAL"):
            raise UsageError(f"synchronous must be 'FULL' or 'NORMAL', not {synchronous!r}")
        self.path = str(path)
        self._lock = threading.RLock()
        try:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(
                self.path, isolation_level=None, check_same_thread=False, timeout=30.0
            )
            if self.path != ":memory:":
                self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute(f"PRAGMA synchronous={synchronous}")
            self._migrate()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the store {self.path}: {exc}") from exc
        self._closed = False

    # -- plumbing ----------------------------------------------------------------------------

    def _migrate(self) -> None:
        (version,) = self._db.execute("PRAGMA user_version").fetchone()
        if version > len(MIGRATIONS):
            raise StoreError(
                f"the store {self.path} has schema version {version}, newer than this "
                f"dico-sdk knows ({len(MIGRATIONS)}): upgrade dico-sdk"
            )
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            self._db.execute("BEGIN IMMEDIATE")
            try:
                for statement in filter(str.strip, script.split(";")):
                    self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version={number}")
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    @contextlib.contextmanager
    def _transaction(self, what: str) -> Iterator[sqlite3.Connection]:
        with self._lock:
            if self._closed:
                raise UsageError("the store is closed")
            try:
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    yield self._db
                except BaseException:
                    self._db.execute("ROLLBACK")
                    raise
                self._db.execute("COMMIT")
            except sqlite3.Error as exc:
                raise StoreError(f"store: {what} failed: {exc}") from exc

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            if self._closed:
                raise UsageError("the store is closed")
            try:
                return self._db.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                raise StoreError(f"store: query failed: {exc}") from exc

    # -- outbox ------------------------------------------------------------------------------

    def add_outgoing(self, entry: OutboxEntry, event: OrderEvent | None = None) -> Applied | None:
        order = entry.order
        with self._transaction(f"storing outgoing {entry.msg_id}") as db:
            try:
                db.execute(
                    f"INSERT INTO outbox ({_OUTBOX_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        *message_values(entry),
                        _opt(order, lambda o: o.buyer_gln),
                        _opt(order, lambda o: o.instruction_number),
                        entry.state.value,
                        entry.attempts,
                        entry.last_error,
                        format_datetime(entry.created_at or _now()),
                        _opt(entry.sent_at, format_datetime),
                    ),
                )
            except sqlite3.IntegrityError as exc:
                raise StoreError(
                    f"MsgId {entry.msg_id} is already in the outbox", msg_id=entry.msg_id
                ) from exc
            return None if event is None else apply_to_order(db, event)

    def record_attempt(self, msg_id: str, *, error: str | None = None) -> None:
        with self._transaction(f"recording an attempt of {msg_id}") as db:
            self._require_outgoing(db, msg_id)
            db.execute(
                "UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE msg_id = ?",
                (error, msg_id),
            )

    def mark_sent(self, msg_id: str, *, at: datetime) -> None:
        with self._transaction(f"marking {msg_id} sent") as db:
            self._require_outgoing(db, msg_id)
            db.execute(
                "UPDATE outbox SET state = ?, sent_at = ?, last_error = NULL WHERE msg_id = ?",
                (OutboxState.SENT.value, format_datetime(at), msg_id),
            )

    def mark_failed(self, msg_id: str, *, error: str) -> None:
        with self._transaction(f"marking {msg_id} failed") as db:
            self._require_outgoing(db, msg_id)
            db.execute(
                "UPDATE outbox SET state = ?, last_error = ? WHERE msg_id = ?",
                (OutboxState.FAILED.value, error, msg_id),
            )

    def outgoing(self, msg_id: str) -> OutboxEntry | None:
        rows = self._query(f"SELECT {_OUTBOX_COLUMNS} FROM outbox WHERE msg_id = ?", (msg_id,))
        return outbox_entry(rows[0]) if rows else None

    def pending_outgoing(self, *, limit: int | None = None) -> list[OutboxEntry]:
        return self._outbox_in(OutboxState.PENDING, limit)

    def failed_outgoing(self) -> list[OutboxEntry]:
        return self._outbox_in(OutboxState.FAILED, None)

    def _outbox_in(self, state: OutboxState, limit: int | None) -> list[OutboxEntry]:
        rows = self._query(
            f"SELECT {_OUTBOX_COLUMNS} FROM outbox WHERE state = ? ORDER BY seq LIMIT ?",
            (state.value, -1 if limit is None else limit),
        )
        return [outbox_entry(row) for row in rows]

    @staticmethod
    def _require_outgoing(db: sqlite3.Connection, msg_id: str) -> None:
        if db.execute("SELECT 1 FROM outbox WHERE msg_id = ?", (msg_id,)).fetchone() is None:
            raise UsageError(f"MsgId {msg_id} is not in the outbox")

    # -- inbox -------------------------------------------------------------------------------

    def add_incoming(self, entry: InboxEntry) -> bool:
        return self.add_incoming_many([entry])[0]

    def add_incoming_many(self, entries: Sequence[InboxEntry]) -> list[bool]:
        with self._transaction(f"storing {len(entries)} incoming message(s)") as db:
            return [
                db.execute(
                    f"INSERT OR IGNORE INTO inbox ({_INBOX_COLUMNS})"
                    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        *message_values(entry),
                        entry.state.value,
                        int(entry.deleted_on_hub),
                        format_datetime(entry.received_at or _now()),
                        _opt(entry.processed_at, format_datetime),
                        entry.rejection,
                        int(entry.delivered),
                        attachments_to_json(entry.attachments),
                    ),
                ).rowcount
                == 1
                for entry in entries
            ]

    def mark_deleted_on_hub(self, msg_ids: Sequence[str]) -> None:
        with self._transaction("marking messages deleted on the hub") as db:
            db.executemany(
                "UPDATE inbox SET deleted_on_hub = 1 WHERE msg_id = ?", [(m,) for m in msg_ids]
            )

    def accept_incoming(self, msg_id: str, event: OrderEvent | None) -> Applied | None:
        with self._transaction(f"accepting {msg_id}") as db:
            if not self._settle(db, msg_id, InboxState.ACCEPTED, None):
                return None
            return None if event is None else apply_to_order(db, event)

    def accept_incoming_many(
        self, items: Sequence[tuple[str, OrderEvent | None]]
    ) -> list[tuple[bool, Applied | None]]:
        results: list[tuple[bool, Applied | None]] = []
        with self._transaction(f"accepting {len(items)} message(s)") as db:
            for msg_id, event in items:
                if not self._settle(db, msg_id, InboxState.ACCEPTED, None):
                    results.append((False, None))
                else:
                    results.append((True, None if event is None else apply_to_order(db, event)))
        return results

    def reject_incoming(self, msg_id: str, *, rejection: str) -> None:
        with self._transaction(f"rejecting {msg_id}") as db:
            self._settle(db, msg_id, InboxState.REJECTED, rejection)

    def _settle(
        self, db: sqlite3.Connection, msg_id: str, state: InboxState, rejection: str | None
    ) -> bool:
        row = db.execute("SELECT state FROM inbox WHERE msg_id = ?", (msg_id,)).fetchone()
        if row is None:
            raise UsageError(f"MsgId {msg_id} is not in the inbox")
        if row[0] != InboxState.RECEIVED.value:
            return False
        db.execute(
            "UPDATE inbox SET state = ?, processed_at = ?, rejection = ? WHERE msg_id = ?",
            (state.value, format_datetime(_now()), rejection, msg_id),
        )
        return True

    def incoming(self, msg_id: str) -> InboxEntry | None:
        rows = self._query(f"SELECT {_INBOX_COLUMNS} FROM inbox WHERE msg_id = ?", (msg_id,))
        return inbox_entry(rows[0]) if rows else None

    def known_incoming(self, msg_ids: Sequence[str]) -> set[str]:
        found: set[str] = set()
        ids = list(msg_ids)
        for start in range(0, len(ids), _IN_CHUNK):
            chunk = ids[start : start + _IN_CHUNK]
            marks = ",".join("?" * len(chunk))
            rows = self._query(f"SELECT msg_id FROM inbox WHERE msg_id IN ({marks})", chunk)
            found.update(row[0] for row in rows)
        return found

    def unprocessed_incoming(self, *, limit: int | None = None) -> list[InboxEntry]:
        rows = self._query(
            f"SELECT {_INBOX_COLUMNS} FROM inbox WHERE state = ? ORDER BY seq LIMIT ?",
            (InboxState.RECEIVED.value, -1 if limit is None else limit),
        )
        return [inbox_entry(row) for row in rows]

    def undeleted_incoming(self) -> list[str]:
        rows = self._query("SELECT msg_id FROM inbox WHERE deleted_on_hub = 0 ORDER BY seq")
        return [row[0] for row in rows]

    def undelivered_incoming(
        self, msg_type: str | None = None, *, limit: int | None = None
    ) -> list[InboxEntry]:
        rows = self._query(
            f"SELECT {_INBOX_COLUMNS} FROM inbox WHERE state = ?1 AND delivered = 0"
            " AND (?2 IS NULL OR msg_type = ?2) ORDER BY seq LIMIT ?3",
            (InboxState.ACCEPTED.value, msg_type, -1 if limit is None else limit),
        )
        return [inbox_entry(row) for row in rows]

    def mark_delivered(self, msg_ids: Sequence[str]) -> None:
        with self._transaction("marking messages delivered") as db:
            db.executemany(
                "UPDATE inbox SET delivered = 1 WHERE msg_id = ?", [(m,) for m in msg_ids]
            )

    def rejected_incoming(self) -> list[InboxEntry]:
        rows = self._query(
            f"SELECT {_INBOX_COLUMNS} FROM inbox WHERE state = ? ORDER BY seq",
            (InboxState.REJECTED.value,),
        )
        return [inbox_entry(row) for row in rows]

    # -- order tracker -----------------------------------------------------------------------

    def record_event(self, event: OrderEvent) -> Applied:
        with self._transaction(f"recording {event.kind.value} {event.number}") as db:
            return apply_to_order(db, event)

    def order(self, key: OrderKey) -> OrderState | None:
        with self._lock:
            if self._closed:
                raise UsageError("the store is closed")
            return load_order(self._db, key)

    def orders(
        self,
        *,
        status: str | None = None,
        buyer_gln: str | None = None,
        instruction_number: str | None = None,
    ) -> list[OrderState]:
        rows = self._query(
            "SELECT buyer_gln, instruction_number FROM orders"
            " WHERE (?1 IS NULL OR main_status = ?1) AND (?2 IS NULL OR buyer_gln = ?2)"
            " AND (?3 IS NULL OR instruction_number = ?3)"
            " ORDER BY updated_at, buyer_gln, instruction_number",
            (status, buyer_gln, instruction_number),
        )
        found = (self.order(OrderKey(*row)) for row in rows)
        return [state for state in found if state is not None]

    # -- lifetime ----------------------------------------------------------------------------

    def close(self) -> None:
        with self._lock:
            if not self._closed:
                self._closed = True
                self._db.close()
