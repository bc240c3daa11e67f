"""dico-sdk: exchange DICO maintenance messages through MessageService hubs.

The public API is what this module exports (see ``__all__``); everything in a module whose name
starts with an underscore is private and may change without notice.
"""

from dico_sdk._version import __version__
from dico_sdk.client import AsyncDicoClient, DicoClient, Received, Rejected, SendReceipt
from dico_sdk.codec import Codec, decode, encode, iter_invoice_lines, validate_schema
from dico_sdk.errors import (
    AuthenticationError,
    DicoError,
    DuplicateMessageError,
    HubFaultError,
    HubUnavailableError,
    MessageError,
    MessageNotFoundError,
    ProtocolError,
    RuleViolationError,
    SchemaIssue,
    SchemaValidationError,
    SecurityError,
    StoreError,
    TransportError,
    UnknownMessageError,
    UsageError,
    XmlSyntaxError,
)
from dico_sdk.rules import ValidationIssue, ValidationReport, validate
from dico_sdk.transport import (
    AsyncMessageServiceTransport,
    AsyncTransport,
    Envelope,
    HubProfile,
    MessageInfo,
    MessageServiceTransport,
    PostResult,
    RetryPolicy,
    Transport,
    new_msg_id,
)

__all__ = [
    "AsyncDicoClient",
    "AsyncMessageServiceTransport",
    "AsyncTransport",
    "AuthenticationError",
    "Codec",
    "DicoClient",
    "DicoError",
    "DuplicateMessageError",
    "Envelope",
    "HubFaultError",
    "HubProfile",
    "HubUnavailableError",
    "MessageError",
    "MessageInfo",
    "MessageNotFoundError",
    "MessageServiceTransport",
    "PostResult",
    "ProtocolError",
    "Received",
    "Rejected",
    "RetryPolicy",
    "RuleViolationError",
    "SchemaIssue",
    "SchemaValidationError",
    "SecurityError",
    "SendReceipt",
    "StoreError",
    "Transport",
    "TransportError",
    "UnknownMessageError",
    "UsageError",
    "ValidationIssue",
    "ValidationReport",
    "XmlSyntaxError",
    "__version__",
    "decode",
    "encode",
    "iter_invoice_lines",
    "new_msg_id",
    "validate",
    "validate_schema",
]
