"""The transport's value objects: what travels through a mailbox, as bytes plus routing metadata."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from typing import Any

import attrs

from dico_sdk.errors import UsageError

__all__ = [
    "MSG_ID_MAX_LENGTH",
    "Attachment",
    "Envelope",
    "MessageInfo",
    "MsgFormat",
    "PostResult",
    "new_msg_id",
]

MSG_ID_MAX_LENGTH = 50
"""MessageService 3.1 limits a MsgId to 50 characters."""


class MsgFormat(enum.StrEnum):
    """The MsgFormat values of the MessageService 3.1 contract; DICO SALES005 uses ``SALES``."""

    INSBOU = "INSBOU"
    D96A = "D96A"
    KETENSTANDAARD = "KETENSTANDAARD"
    CUSTOM = "CUSTOM"
    SALES = "SALES"
    ETIM = "ETIM"
    ICM = "ICM"
    ICK = "ICK"
    ICF = "ICF"
    UNKNOWN = "UNKNOWN"
    NONE = "NONE"


def new_msg_id() -> str:
    """A new MsgId: a random GUID in its 36-character textual form.

    Fix it once per message and store it with the message before the first attempt: every retry
    must reuse it, so that the hub can recognise a repeated post.
    """
    return str(uuid.uuid4())


def _check_msg_id(_instance: Any, _attribute: Any, value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise UsageError("a MsgId must be a non-empty string")
    if len(value) > MSG_ID_MAX_LENGTH:
        raise UsageError(
            f"a MsgId has at most {MSG_ID_MAX_LENGTH} characters, got {len(value)}", msg_id=value
        )


def _check_aware(_instance: Any, attribute: Any, value: dt.datetime) -> None:
    if not isinstance(value, dt.datetime) or value.utcoffset() is None:
        raise UsageError(f"{attribute.name} must be a timezone-aware datetime, got {value!r}")


def _check_bytes(_instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, bytes):
        raise UsageError(f"{attribute.name} must be bytes, not {type(value).__name__}")


def _check_optional_bytes(instance: Any, attribute: Any, value: Any) -> None:
    if value is not None:
        _check_bytes(instance, attribute, value)


@attrs.frozen
class Attachment:
    """A MessageService attachment: every field is optional, ``data`` travels as base64."""

    data: bytes | None = attrs.field(default=None, validator=_check_optional_bytes, repr=False)
    file_name: str | None = None
    file_type: str | None = None
    document_type: str | None = None
    url: str | None = None


def _to_attachments(value: Any) -> tuple[Attachment, ...]:
    return tuple(value)


def _check_attachments(_instance: Any, _attribute: Any, value: tuple[object, ...]) -> None:
    for item in value:
        if not isinstance(item, Attachment):
            raise UsageError(f"attachments must be Attachment objects, not {type(item).__name__}")


@attrs.frozen
class MessageInfo:
    """One entry of a mailbox listing: the five message properties, without content."""

    msg_id: str
    msg_datetime: dt.datetime
    msg_format: str
    msg_version: str
    msg_type: str


@attrs.frozen
class Envelope:
    """One message as it travels: the MessageService properties, the payload bytes, attachments.

    ``content`` is the payload exactly as sent (an XML business message, or any bytes); the
    transport never looks inside it.
    """

    msg_id: str = attrs.field(validator=_check_msg_id)
    msg_datetime: dt.datetime = attrs.field(validator=_check_aware)
    msg_format: str
    msg_version: str
    msg_type: str
    content: bytes = attrs.field(validator=_check_bytes, repr=False)
    attachments: tuple[Attachment, ...] = attrs.field(
        default=(), converter=_to_attachments, validator=_check_attachments
    )

    @classmethod
    def new(
        cls,
        content: bytes,
        *,
        msg_type: str,
        msg_format: str = "SALES",
        msg_version: str = "005",
        attachments: tuple[Attachment, ...] | list[Attachment] = (),
        msg_id: str | None = None,
        msg_datetime: dt.datetime | None = None,
    ) -> Envelope:
        """An envelope with a fresh MsgId and the current time (UTC) unless given."""
        return cls(
            msg_id=msg_id if msg_id is not None else new_msg_id(),
            msg_datetime=msg_datetime or dt.datetime.now(dt.UTC),
            msg_format=msg_format,
            msg_version=msg_version,
            msg_type=msg_type,
            content=content,
            attachments=tuple(attachments),
        )

    @property
    def info(self) -> MessageInfo:
        """The listing entry for this message."""
        return MessageInfo(
            msg_id=self.msg_id,
            msg_datetime=self.msg_datetime,
            msg_format=self.msg_format,
            msg_version=self.msg_version,
            msg_type=self.msg_type,
        )


@attrs.frozen
class PostResult:
    """The outcome of a successful post.

    ``attempts`` counts the tries it took (1 without retries). A post that the hub recognised as a
    repeat of one it already stored is a success too: the MsgId makes retries safe.
    """

    msg_id: str
    attempts: int = 1
