"""The mailbox port: value objects, the Transport base classes and their adapters.

A transport moves opaque bytes plus routing metadata (MsgId, MsgFormat, MsgVersion, MsgType); it
never looks inside a payload and never imports the codec or the messages. Adapters: MessageService
3.1 over httpx here, and the in-memory ``MockTransport`` in :mod:`dico_sdk.testing`.
"""

from dico_sdk.transport._base import AsyncTransport, Transport
from dico_sdk.transport._faults import ErrorCode, fault_error
from dico_sdk.transport._messageservice import (
    AsyncMessageServiceTransport,
    ClientCertificate,
    MessageServiceTransport,
)
from dico_sdk.transport._model import (
    Attachment,
    Envelope,
    MessageInfo,
    MsgFormat,
    PostResult,
    new_msg_id,
)
from dico_sdk.transport._profiles import HubProfile, MsgRouting
from dico_sdk.transport._retry import RetryPolicy, SleepRecorder
from dico_sdk.transport._soap import CustomInfo

__all__ = [
    "AsyncMessageServiceTransport",
    "AsyncTransport",
    "Attachment",
    "ClientCertificate",
    "CustomInfo",
    "Envelope",
    "ErrorCode",
    "HubProfile",
    "MessageInfo",
    "MessageServiceTransport",
    "MsgFormat",
    "MsgRouting",
    "PostResult",
    "RetryPolicy",
    "SleepRecorder",
    "Transport",
    "fault_error",
    "new_msg_id",
]
