"""The transport's value objects refuse what cannot travel, and new_msg_id makes GUIDs."""

from __future__ import annotations

import datetime as dt
import uuid

import attrs
import pytest

from dico_sdk.errors import UsageError
from dico_sdk.transport import Attachment, Envelope, MsgFormat, new_msg_id

WHEN = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)


def test_new_msg_id_is_a_unique_guid() -> None:
    ids = {new_msg_id() for _ in range(1000)}
    assert len(ids) == 1000
    assert all(str(uuid.UUID(i)) == i and len(i) == 36 for i in ids)


def test_envelope_new_fills_in_id_and_time() -> None:
    envelope = Envelope.new(b"<x/>", msg_type="INVOIC")
    assert envelope.msg_format == MsgFormat.SALES == "SALES"
    assert envelope.msg_version == "005"
    assert envelope.msg_datetime.utcoffset() == dt.timedelta(0)
    assert envelope.info.msg_id == envelope.msg_id


@pytest.mark.parametrize(
    "change",
    [
        {"msg_id": ""},
        {"msg_id": "x" * 51},
        {"msg_datetime": WHEN.replace(tzinfo=None)},
        {"content": "text, not bytes"},
        {"attachments": ["not an attachment"]},
    ],
)
def test_envelope_refuses_what_cannot_travel(change: dict[str, object]) -> None:
    fields: dict[str, object] = {
        "msg_id": "m",
        "msg_datetime": WHEN,
        "msg_format": "SALES",
        "msg_version": "005",
        "msg_type": "INVOIC",
        "content": b"<x/>",
    }
    with pytest.raises(UsageError):
        Envelope(**{**fields, **change})  # type: ignore[arg-type]


def test_values_are_frozen_and_compare_by_value() -> None:
    one = Envelope("m", WHEN, "SALES", "005", "T", b"x", [Attachment(data=b"a")])
    two = Envelope("m", WHEN, "SALES", "005", "T", b"x", (Attachment(data=b"a"),))
    assert one == two
    assert isinstance(one.attachments, tuple)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        one.msg_id = "other"  # type: ignore[misc]
    with pytest.raises(UsageError):
        Attachment(data="not bytes")  # type: ignore[arg-type]
    assert "data" not in repr(Attachment(data=b"secret scan"))
