"""SqliteStorage: the MailboxStorage contract (as MemoryStorage), durability, schema, errors."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from dico_sdk.errors import StoreError
from dico_sdk.hub import MailboxStorage, MemoryStorage, PutOutcome, SqliteStorage
from dico_sdk.hub._sqlite import SCHEMA_VERSION
from dico_sdk.transport import Attachment, Envelope

CET = dt.timezone(dt.timedelta(hours=1))


def message(msg_id: str = "m-1", content: bytes = b"<a/>", msg_type: str = "INVOIC") -> Envelope:
    return Envelope(
        msg_id=msg_id,
        msg_datetime=dt.datetime(2026, 12, 3, 10, 30, 0, 123456, tzinfo=CET),
        msg_format="SALES",
        msg_version="005",
        msg_type=msg_type,
        content=content,
        attachments=(
            Attachment(data=bytes(range(256)), file_name="scan.pdf", file_type="pdf"),
            Attachment(url="https://example.invalid/x", document_type="photo"),
        ),
    )


@pytest.fixture(params=["memory", "sqlite-file", "sqlite-memory"])
def storage(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[MailboxStorage]:
    store: MailboxStorage
    if request.param == "memory":
        store = MemoryStorage()
    elif request.param == "sqlite-file":
        store = SqliteStorage(tmp_path / "hub.sqlite")
    else:
        store = SqliteStorage(":memory:")
    yield store
    store.close()


def test_put_get_round_trip_is_exact(storage: MailboxStorage) -> None:
    sent = message()
    assert storage.put("bob", sent) is PutOutcome.STORED
    got = storage.get("bob", "m-1")
    assert got == sent
    assert got is not None
    assert got.msg_datetime.utcoffset() == dt.timedelta(hours=1)
    assert got.attachments[0].data == bytes(range(256))


def test_list_is_per_mailbox_in_arrival_order_and_filters(storage: MailboxStorage) -> None:
    storage.put("bob", message("m-2", msg_type="INVOIC"))
    storage.put("bob", message("m-1", msg_type="MAINTENANCESTATUS"))
    storage.put("eve", message("m-3"))
    assert [i.msg_id for i in storage.list("bob", None)] == ["m-2", "m-1"]
    assert [i.msg_id for i in storage.list("bob", "MAINTENANCESTATUS")] == ["m-1"]
    assert storage.list("nobody", None) == []
    assert storage.get("eve", "m-1") is None
    assert not storage.delete("eve", "m-1")


def test_dedup_ledger_outlives_delete(storage: MailboxStorage) -> None:
    sent = message()
    storage.put("bob", sent)
    assert storage.put("bob", sent) is PutOutcome.DUPLICATE
    assert storage.put("bob", message(content=b"<b/>")) is PutOutcome.CONFLICT
    assert storage.delete("bob", "m-1")
    assert not storage.delete("bob", "m-1")
    # The receiver fetched and deleted it; the sender's late retry is still not a new delivery.
    assert storage.put("bob", sent) is PutOutcome.DUPLICATE
    assert storage.list("bob", None) == []
    # The ledger is hub-wide: the same MsgId for another mailbox is no new message either.
    assert storage.put("eve", sent) is PutOutcome.DUPLICATE


def test_sql_metacharacters_are_data(storage: MailboxStorage) -> None:
    hostile = "x'; DROP TABLE messages; --"
    storage.put("bob'--", message(hostile))
    assert [i.msg_id for i in storage.list("bob'--", None)] == [hostile]
    assert storage.list("bob", None) == []
    assert storage.delete("bob'--", hostile)


def test_messages_survive_reopening(tmp_path: Path) -> None:
    path = tmp_path / "hub.sqlite"
    with SqliteStorage(path) as first:
        first.put("bob", message("kept"))
        first.put("bob", message("gone"))
        first.delete("bob", "gone")
    with SqliteStorage(path) as second:
        assert [i.msg_id for i in second.list("bob", None)] == ["kept"]
        assert second.get("bob", "kept") == message("kept")
        assert second.put("bob", message("gone")) is PutOutcome.DUPLICATE


@pytest.mark.parametrize(("setting", "pragma"), [("normal", 1), ("full", 2)])
def test_wal_mode_and_synchronous_setting(tmp_path: Path, setting: str, pragma: int) -> None:
    path = tmp_path / "hub.sqlite"
    with SqliteStorage(path, synchronous=setting) as store:  # type: ignore[arg-type]
        db = store._db
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA synchronous").fetchone()[0] == pragma
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_unknown_synchronous_setting_is_refused() -> None:
    with pytest.raises(StoreError, match="synchronous"):
        SqliteStorage(":memory:", synchronous="off")  # type: ignore[arg-type]


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "hub.sqlite"
    SqliteStorage(path).close()
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(StoreError, match="schema version"):
        SqliteStorage(path)


def test_foreign_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE notes (text TEXT)")
    db.close()
    with pytest.raises(StoreError, match="not a dico sandbox hub database"):
        SqliteStorage(path)


def test_sqlite_errors_become_store_errors(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError) as excinfo:
        SqliteStorage(garbage)
    assert isinstance(excinfo.value.__cause__, sqlite3.DatabaseError)
    with pytest.raises(StoreError) as excinfo:
        SqliteStorage(tmp_path / "no" / "such" / "dir" / "hub.sqlite")
    assert isinstance(excinfo.value.__cause__, sqlite3.OperationalError)


def test_closed_storage_raises_store_error(tmp_path: Path) -> None:
    store = SqliteStorage(tmp_path / "hub.sqlite")
    store.close()
    store.close()  # idempotent
    with pytest.raises(StoreError, match="closed"):
        store.list("bob", None)


def test_a_failed_put_leaves_nothing_behind(tmp_path: Path) -> None:
    with SqliteStorage(tmp_path / "hub.sqlite") as store:
        # An attachment row that cannot be written (a trigger stands in for a full disk) must
        # roll back the message and its ledger entry together.
        store._db.execute(
            "CREATE TRIGGER fail BEFORE INSERT ON attachments"
            " BEGIN SELECT RAISE(ABORT, 'disk full'); END"
        )
        with pytest.raises(StoreError, match="disk full") as excinfo:
            store.put("bob", message())
        assert excinfo.value.msg_id == "m-1"
        store._db.execute("DROP TRIGGER fail")
        assert store.list("bob", None) == []
        assert store.put("bob", message()) is PutOutcome.STORED


def test_clear_empties_mailboxes_and_ledger(tmp_path: Path) -> None:
    with SqliteStorage(tmp_path / "hub.sqlite") as store:
        store.put("bob", message())
        store.clear()
        assert store.list("bob", None) == []
        assert store.get("bob", "m-1") is None
        assert store.put("bob", message(content=b"<other/>")) is PutOutcome.STORED
        assert store.get("bob", "m-1") == message(content=b"<other/>")
