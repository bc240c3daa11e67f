"""The mailbox port: value objects, the Transport base classes and their adapters.

A transport moves opaque bytes plus routing metadata (MsgId, MsgFormat, MsgVersion, MsgType); it
never looks inside a payload and never imports the codec or the messages.
"""

from dico_sdk.transport._faults import ErrorCode, fault_error
from dico_sdk.transport._model import (
    Attachment,
    Envelope,
    MessageInfo,
    MsgFormat,
    PostResult,
    new_msg_id,
)

__all__ = [
    "Attachment",
    "Envelope",
    "ErrorCode",
    "MessageInfo",
    "MsgFormat",
    "PostResult",
    "fault_error",
    "new_msg_id",
]
