"""Durable mailboxes in SQLite: the sandbox hub's default :class:`MailboxStorage`.

One connection, one transaction per operation, committed before the call returns, so that a
message PostMessage answered with success is on disk. WAL mode lets readers run beside a writer.

Durability (a deliberate choice, configurable with ``synchronous``):

- ``"normal"`` (the default): in WAL mode a commit is a ``write()`` of the WAL frames without an
  ``fsync``. A committed message survives a crash or SIGKILL of the hub process (the operating
  system still holds the written pages); a power failure or kernel crash may roll back the last
  transactions, but never corrupts the database. Right for a sandbox: fast and crash-safe.
- ``"full"``: the WAL is fsynced at every commit, so a committed message also survives a power
  failure, at the cost of one fsync (milliseconds on most disks) per PostMessage and DeleteMessage.

Schema (version :data:`SCHEMA_VERSION`, kept in ``PRAGMA user_version``): ``ledger`` holds every
MsgId ever accepted with its content digest and is never pruned, so a sender's retry after the
receiver fetched and deleted the message is still recognised; ``messages`` and ``attachments``
hold what is waiting in each mailbox, removed only by the owner's DeleteMessage.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal, TypeVar

from dico_sdk.errors import StoreError
from dico_sdk.hub._core import PutOutcome, fingerprint
from dico_sdk.transport import Attachment, Envelope, MessageInfo

__all__ = ["SCHEMA_VERSION", "SqliteStorage"]

SCHEMA_VERSION = 1
"""The version of the hub database's schema this module reads and writes."""

# "dico" in ASCII: marks the file as a sandbox hub database, so that another SQLite file is refused.
_APPLICATION_ID = 0x6469636F

_SCHEMA = """
CREATE TABLE ledger (
    msg_id TEXT PRIMARY KEY,
    digest TEXT NOT NULL,
    mailbox TEXT NOT NULL,
    accepted_at TEXT NOT NULL
);
CREATE TABLE messages (
    seq INTEGER PRIMARY KEY,
    mailbox TEXT NOT NULL,
    msg_id TEXT NOT NULL,
    msg_datetime TEXT NOT NULL,
    msg_format TEXT NOT NULL,
    msg_version TEXT NOT NULL,
    msg_type TEXT NOT NULL,
    content BLOB NOT NULL,
    UNIQUE (mailbox, msg_id)
);
CREATE INDEX messages_by_type ON messages (mailbox, msg_type, seq);
CREATE TABLE attachments (
    message_seq INTEGER NOT NULL REFERENCES messages (seq) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    url TEXT,
    document_type TEXT,
    file_type TEXT,
    file_name TEXT,
    data BLOB,
    PRIMARY KEY (message_seq, position)
);
"""

Synchronous = Literal["normal", "full"]

_T = TypeVar("_T")


class SqliteStorage:
    """Mailboxes in a SQLite file (or ``":memory:"``), safe to share between threads.

    Every :mod:`sqlite3` error is raised as :class:`~dico_sdk.errors.StoreError`, chained.
    """

    def __init__(
        self, path: str | Path = ":memory:", *, synchronous: Synchronous = "normal"
    ) -> None:
        if synchronous not in ("normal", "full"):
            raise StoreError(f"synchronous must be 'normal' or 'full', not {synchronous!r}")
        self.path = str(path)
        self.synchronous = synchronous
        self._lock = threading.Lock()
        self._closed = False
        try:
            # Autocommit mode: every transaction below is opened and closed explicitly.
            self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the hub database {self.path}: {exc}") from exc
        try:
            self._run("open", self._set_up)
        except StoreError:
            self._db.close()
            raise

    def _set_up(self, db: sqlite3.Connection) -> None:
        db.execute("PRAGMA busy_timeout = 5000")
        db.execute("PRAGMA journal_mode = WAL")
        db.execute(f"PRAGMA synchronous = {self.synchronous.upper()}")
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("BEGIN IMMEDIATE")
        try:
            self._migrate(db)
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def _migrate(self, db: sqlite3.Connection) -> None:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        app_id = db.execute("PRAGMA application_id").fetchone()[0]
        tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if version == 0 and app_id == 0 and tables == 0:
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    db.execute(statement)
            db.execute(f"PRAGMA application_id = {_APPLICATION_ID}")
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            return
        if app_id != _APPLICATION_ID:
            raise StoreError(f"{self.path} is not a dico sandbox hub database")
        if version != SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} has hub schema version {version}; this dico-sdk reads version "
                f"{SCHEMA_VERSION}"
            )

    # -- the MailboxStorage protocol --------------------------------------------------------

    def put(self, mailbox: str, message: Envelope) -> PutOutcome:
        """Store ``message`` in ``mailbox`` unless its MsgId was accepted before (atomic)."""
        digest = fingerprint(message)

        def put(db: sqlite3.Connection) -> PutOutcome:
            now = dt.datetime.now(dt.UTC).isoformat()
            claimed = db.execute(
                "INSERT OR IGNORE INTO ledger (msg_id, digest, mailbox, accepted_at)"
                " VALUES (?, ?, ?, ?)",
                (message.msg_id, digest, mailbox, now),
            )
            if claimed.rowcount == 0:  # the MsgId was accepted before
                row = db.execute("SELECT digest FROM ledger WHERE msg_id = ?", (message.msg_id,))
                return PutOutcome.DUPLICATE if row.fetchone()[0] == digest else PutOutcome.CONFLICT
            seq = _insert_message(db, mailbox, message)
            if message.attachments:
                db.executemany(
                    "INSERT INTO attachments (message_seq, position, url, document_type,"
                    " file_type, file_name, data) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [
                        (seq, i, a.url, a.document_type, a.file_type, a.file_name, a.data)
                        for i, a in enumerate(message.attachments)
                    ],
                )
            return PutOutcome.STORED

        return self._transaction("put", put, msg_id=message.msg_id, write=True)

    def list(self, mailbox: str, msg_type: str | None = None) -> list[MessageInfo]:
        """The messages waiting in ``mailbox`` (of one MsgType, if given), oldest first."""
        sql = "SELECT msg_id, msg_datetime, msg_format, msg_version, msg_type FROM messages"
        args: tuple[str, ...]
        if msg_type is None:
            query, args = f"{sql} WHERE mailbox = ? ORDER BY seq", (mailbox,)
        else:
            query, args = (
                f"{sql} WHERE mailbox = ? AND msg_type = ? ORDER BY seq",
                (mailbox, msg_type),
            )

        def select(db: sqlite3.Connection) -> list[MessageInfo]:
            return [
                MessageInfo(
                    msg_id=row[0],
                    msg_datetime=dt.datetime.fromisoformat(row[1]),
                    msg_format=row[2],
                    msg_version=row[3],
                    msg_type=row[4],
                )
                for row in db.execute(query, args)
            ]

        return self._run("list", select)

    def get(self, mailbox: str, msg_id: str) -> Envelope | None:
        """The message ``msg_id`` in ``mailbox``, or ``None`` when it is not there."""
        # Most messages have no attachments: then one statement (its own consistent snapshot)
        # reads all, instead of BEGIN, two SELECTs and COMMIT.
        row = self._run(
            "get", lambda db: db.execute(_GET, (mailbox, msg_id)).fetchone(), msg_id=msg_id
        )
        if row is None:
            return None
        if not row[6]:
            return _envelope(msg_id, row, ())

        def get(db: sqlite3.Connection) -> Envelope | None:
            row = db.execute(_GET, (mailbox, msg_id)).fetchone()
            if row is None:
                return None
            attachments = [
                Attachment(url=a[0], document_type=a[1], file_type=a[2], file_name=a[3], data=a[4])
                for a in db.execute(
                    "SELECT url, document_type, file_type, file_name, data FROM attachments"
                    " WHERE message_seq = ? ORDER BY position",
                    (row[0],),
                )
            ]
            return _envelope(msg_id, row, attachments)

        return self._transaction("get", get, msg_id=msg_id, write=False)

    def delete(self, mailbox: str, msg_id: str) -> bool:
        """Remove ``msg_id`` from ``mailbox``; ``False`` when it was not there. The ledger stays."""

        def delete(db: sqlite3.Connection) -> bool:
            # One statement in autocommit mode is its own transaction, committed before execute()
            # returns, the attachments' cascade included: no BEGIN/COMMIT round trips needed.
            cursor = db.execute(
                "DELETE FROM messages WHERE mailbox = ? AND msg_id = ?", (mailbox, msg_id)
            )
            return cursor.rowcount > 0

        return self._run("delete", delete, msg_id=msg_id)

    def clear(self) -> None:
        """Empty every mailbox and the MsgId ledger, in one transaction (for test fixtures)."""

        def clear(db: sqlite3.Connection) -> None:
            for table in ("attachments", "messages", "ledger"):
                db.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names

        self._transaction("clear", clear, write=True)

    def close(self) -> None:
        """Close the database (idempotent); a WAL checkpoint folds the log into the file."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            try:
                self._db.close()
            except sqlite3.Error as exc:
                raise StoreError(f"closing the hub database {self.path} failed: {exc}") from exc

    def __enter__(self) -> SqliteStorage:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- transactions and error translation ------------------------------------------------

    def _transaction(
        self,
        operation: str,
        body: Callable[[sqlite3.Connection], _T],
        *,
        msg_id: str | None = None,
        write: bool,
    ) -> _T:
        def run(db: sqlite3.Connection) -> _T:
            with _begin(db, immediate=write):
                return body(db)

        return self._run(operation, run, msg_id=msg_id)

    def _run(
        self,
        operation: str,
        body: Callable[[sqlite3.Connection], _T],
        *,
        msg_id: str | None = None,
    ) -> _T:
        with self._lock:
            if self._closed:
                raise StoreError(f"the hub database {self.path} is closed", msg_id=msg_id)
            try:
                return body(self._db)
            except sqlite3.Error as exc:
                raise StoreError(
                    f"hub database {self.path}: {operation} failed: {exc}", msg_id=msg_id
                ) from exc


@contextmanager
def _begin(db: sqlite3.Connection, *, immediate: bool) -> Iterator[None]:
    # IMMEDIATE takes the write lock up front, so that the dedup check and the insert cannot
    # interleave with another process's writer; reads get a consistent snapshot (message and
    # attachments) from a deferred transaction.
    db.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


_GET = (
    "SELECT seq, msg_datetime, msg_format, msg_version, msg_type, content,"
    " EXISTS (SELECT 1 FROM attachments WHERE message_seq = messages.seq)"
    " FROM messages WHERE mailbox = ? AND msg_id = ?"
)


def _envelope(msg_id: str, row: tuple[Any, ...], attachments: Iterable[Attachment]) -> Envelope:
    return Envelope(
        msg_id=msg_id,
        msg_datetime=dt.datetime.fromisoformat(row[1]),
        msg_format=row[2],
        msg_version=row[3],
        msg_type=row[4],
        content=bytes(row[5]),
        attachments=tuple(attachments),
    )


def _insert_message(db: sqlite3.Connection, mailbox: str, message: Envelope) -> int:
    cursor = db.execute(
        "INSERT INTO messages (mailbox, msg_id, msg_datetime, msg_format, msg_version, msg_type,"
        " content) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            mailbox,
            message.msg_id,
            message.msg_datetime.isoformat(),
            message.msg_format,
            message.msg_version,
            message.msg_type,
            message.content,
        ),
    )
    seq = cursor.lastrowid
    assert seq is not None  # an INSERT into a rowid table always sets it
    return seq
