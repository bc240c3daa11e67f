"""The sandbox hub: a local MessageService 3.1 hub, DataRotonde-like (reference design).

This package holds the hub's logic (:class:`HubCore`: accounts owning GLNs, routing by the
payload's GLNs, dedup by MsgId, the documented ErrorCodes) and its storages. It imports no web
framework: the HTTP server is a separate module that needs the ``hub`` extra.
"""

from dico_sdk.hub._core import (
    Account,
    ErrorCode,
    HubCore,
    HubFault,
    MailboxStorage,
    Participant,
    PutOutcome,
    Route,
    envelope_or_fault,
    fingerprint,
    route_payload,
)
from dico_sdk.hub._memory import MemoryStorage

__all__ = [
    "Account",
    "ErrorCode",
    "HubCore",
    "HubFault",
    "MailboxStorage",
    "MemoryStorage",
    "Participant",
    "PutOutcome",
    "Route",
    "envelope_or_fault",
    "fingerprint",
    "route_payload",
]
