"""The SQLite store: durable across reopening, atomic steps, MsgId dedup, errors translated."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path

import attrs
import pytest

from dico_sdk import StoreError, UsageError
from dico_sdk.store import (
    InboxEntry,
    InboxState,
    OrderKey,
    OutboxEntry,
    OutboxState,
    SqliteStore,
)
from dico_sdk.store._sqlite_schema import MIGRATIONS
from dico_sdk.transport import Attachment

from .conftest import KEY, T0, Events


def _out(msg_id: str, content: bytes = b"<x/>") -> OutboxEntry:
    return OutboxEntry(
        msg_id=msg_id,
        msg_datetime=T0,
        msg_format="SALES",
        msg_version="005",
        msg_type="MAINTENANCEINSTRUCTION",
        content=content,
        order=KEY,
    )


def _in(msg_id: str, content: bytes = b"<y/>") -> InboxEntry:
    return InboxEntry(
        msg_id=msg_id,
        msg_datetime=T0,
        msg_format="SALES",
        msg_version="005",
        msg_type="MAINTENANCESTATUS",
        content=content,
    )


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "nested" / "client.sqlite"


def test_outbox_survives_reopening(db_path: Path, events: Events) -> None:
    with SqliteStore(db_path) as store:
        store.add_outgoing(_out("m1", "€ & <".encode()), events.instruction())
        store.record_attempt("m1", error="timeout")
    with SqliteStore(db_path) as store:
        [pending] = store.pending_outgoing()
        assert (pending.msg_id, pending.attempts, pending.last_error) == ("m1", 1, "timeout")
        assert pending.content == "€ & <".encode()
        assert pending.order == KEY
        store.mark_sent("m1", at=datetime(2026, 12, 1, 10, tzinfo=UTC))
    with SqliteStore(db_path) as store:
        entry = store.outgoing("m1")
        assert entry is not None
        assert entry.state is OutboxState.SENT
        assert store.pending_outgoing() == []
        state = store.order(KEY)
        assert state is not None
        assert state.main_status == "REG"


def test_a_msg_id_is_stored_once_and_its_event_not_applied_twice(events: Events) -> None:
    store = SqliteStore()
    event = events.instruction()
    store.add_outgoing(_out("m1"), event)
    with pytest.raises(StoreError) as info:
        store.add_outgoing(_out("m1"), event)
    assert info.value.msg_id == "m1"
    assert isinstance(info.value.__cause__, sqlite3.IntegrityError)
    state = store.order(KEY)
    assert state is not None
    assert len(state.history) == 1


def test_a_failing_event_rolls_the_outbox_entry_back(events: Events) -> None:
    store = SqliteStore()
    naive = events.instruction(at=datetime(2026, 12, 1, 9, 0))
    with pytest.raises(UsageError, match="no UTC offset"):
        store.add_outgoing(_out("m1"), naive)
    assert store.outgoing("m1") is None
    assert store.order(KEY) is None


def test_failed_messages_are_kept(events: Events) -> None:
    store = SqliteStore()
    store.add_outgoing(_out("m1"))
    store.mark_failed("m1", error="UNKNOWN_RECEIVER")
    assert [e.last_error for e in store.failed_outgoing()] == ["UNKNOWN_RECEIVER"]
    assert store.pending_outgoing() == []


def test_inbox_dedup_holds_after_processing(events: Events) -> None:
    store = SqliteStore()
    assert store.add_incoming(_in("r1")) is True
    assert store.add_incoming(_in("r1")) is False
    store.add_outgoing(_out("m0"), events.instruction())
    applied = store.accept_incoming("r1", events.status("S1", code="ACC"))
    assert applied is not None
    assert applied.state.main_status == "ACC"
    assert store.add_incoming(_in("r1")) is False
    assert store.accept_incoming("r1", events.status("S1", code="ACC")) is None
    state = store.order(KEY)
    assert state is not None
    assert len(state.history) == 2


def test_crash_recovery_lists_unprocessed_and_undeleted(db_path: Path) -> None:
    with SqliteStore(db_path) as store:
        store.add_incoming(_in("r1"))
        store.add_incoming(_in("r2"))
        store.mark_deleted_on_hub(["r1"])
    with SqliteStore(db_path) as store:
        assert [e.msg_id for e in store.unprocessed_incoming()] == ["r1", "r2"]
        assert store.undeleted_incoming() == ["r2"]
        assert [e.msg_id for e in store.unprocessed_incoming(limit=1)] == ["r1"]


def test_a_rejected_message_is_kept_with_its_reason() -> None:
    store = SqliteStore()
    store.add_incoming(_in("r1", b"<broken"))
    store.reject_incoming("r1", rejection='{"error": "XmlSyntaxError"}')
    [entry] = store.rejected_incoming()
    assert (entry.content, entry.state) == (b"<broken", InboxState.REJECTED)
    assert entry.rejection == '{"error": "XmlSyntaxError"}'
    assert store.unprocessed_incoming() == []


def test_orders_filter_by_status(events: Events) -> None:
    store = SqliteStore()
    store.record_event(events.instruction())
    other = OrderKey("8712345000014", "WO-2")
    store.record_event(events.instruction(order=other, number="WO-2"))
    store.record_event(events.status("S1", code="ACC"))
    assert [o.key for o in store.orders(status="ACC")] == [KEY]
    assert [o.key for o in store.orders(status="REG")] == [other]
    assert len(store.orders(buyer_gln="8712345000014")) == 2


def test_order_history_and_issues_round_trip(db_path: Path, events: Events) -> None:
    with SqliteStore(db_path) as store:
        store.record_event(events.instruction())
        store.record_event(events.status("S1", code="WEI"))
        store.record_event(events.status("S2", code="ACC"))
        before = store.order(KEY)
    with SqliteStore(db_path) as store:
        assert store.order(KEY) == before
    assert before is not None
    assert [i.rule_id for i in before.issues] == ["DICO-PRC-05"]


def test_a_newer_schema_is_refused(db_path: Path) -> None:
    SqliteStore(db_path).close()
    with sqlite3.connect(db_path) as raw:
        raw.execute("PRAGMA user_version=99")
    with pytest.raises(StoreError, match="newer"):
        SqliteStore(db_path)


def test_an_unopenable_path_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as info:
        SqliteStore(tmp_path)
    assert isinstance(info.value.__cause__, sqlite3.Error)


def test_misuse_is_a_usage_error() -> None:
    store = SqliteStore()
    with pytest.raises(UsageError):
        store.mark_sent("nope", at=T0)
    with pytest.raises(UsageError):
        store.accept_incoming("nope", None)
    with pytest.raises(UsageError):
        SqliteStore(synchronous="OFF")  # type: ignore[arg-type]
    store.close()
    store.close()
    with pytest.raises(UsageError, match="closed"):
        store.pending_outgoing()


def test_threads_share_a_store_safely(db_path: Path) -> None:
    store = SqliteStore(db_path, synchronous="NORMAL")
    results: list[bool] = []

    def worker() -> None:
        for n in range(50):
            results.append(store.add_incoming(_in(f"r{n}")))

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(True) == 50
    assert len(store.unprocessed_incoming()) == 50


def test_a_version_1_store_is_migrated_and_keeps_its_messages(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    db.executescript(MIGRATIONS[0] + ";PRAGMA user_version=1;")
    db.execute(
        "INSERT INTO inbox (msg_id, msg_datetime, msg_format, msg_version, msg_type, content,"
        " state, received_at) VALUES ('m1', '2026-12-01T09:00:00+00:00', 'SALES', '005',"
        " 'INVOIC', x'3c612f3e', 'accepted', '2026-12-01T09:00:00+00:00')"
    )
    db.commit()
    db.close()

    with SqliteStore(path) as store:
        [entry] = store.undelivered_incoming("INVOIC")
        assert entry.msg_id == "m1"
        assert not entry.delivered
        store.mark_delivered(["m1"])
        assert store.undelivered_incoming() == []
        assert store.incoming("m1").delivered  # type: ignore[union-attr]


def test_a_batch_of_incoming_messages_is_stored_in_one_step(db_path: Path) -> None:
    with SqliteStore(db_path) as store:
        assert store.add_incoming_many([_in("a"), _in("b")]) == [True, True]
        assert store.add_incoming_many([_in("b"), _in("c")]) == [False, True]
        assert store.known_incoming(["a", "x", "c"]) == {"a", "c"}
        assert store.known_incoming([f"m{i}" for i in range(1200)]) == set()


def test_a_batch_accept_settles_each_entry_once(db_path: Path, events: Events) -> None:
    with SqliteStore(db_path) as store:
        store.add_outgoing(_out("o1"), events.instruction())
        store.add_incoming_many([_in("s1"), _in("s2")])
        first = store.accept_incoming_many([("s1", events.status("S1", code="ACC")), ("s2", None)])
        again = store.accept_incoming_many([("s1", events.status("S1", code="ACC"))])

        assert [accepted for accepted, _ in first] == [True, True]
        assert first[0][1] is not None
        assert first[0][1].state.main_status == "ACC"
        assert again == [(False, None)]
        state = store.order(KEY)
        assert state is not None
        assert len(state.history) == 2


def test_accepted_messages_wait_until_handed_out(db_path: Path) -> None:
    with SqliteStore(db_path) as store:
        store.add_incoming_many([_in("s1"), _in("s2")])
        store.accept_incoming_many([("s1", None), ("s2", None)])
        assert [e.msg_id for e in store.undelivered_incoming("MAINTENANCESTATUS")] == ["s1", "s2"]
        assert store.undelivered_incoming("INVOIC") == []
        store.mark_delivered(["s1"])
    with SqliteStore(db_path) as store:
        assert [e.msg_id for e in store.undelivered_incoming(limit=5)] == ["s2"]


def test_attachments_of_an_incoming_message_survive_reopening(db_path: Path) -> None:
    pdf = Attachment(data=b"%PDF \x00\xff", file_name="f.pdf", file_type="application/pdf")
    link = Attachment(url="https://example.invalid/f.pdf")
    with SqliteStore(db_path) as store:
        store.add_incoming(attrs.evolve(_in("s1"), attachments=(pdf, link)))
    with SqliteStore(db_path) as store:
        entry = store.incoming("s1")
        assert entry is not None
        assert entry.attachments == (pdf, link)
