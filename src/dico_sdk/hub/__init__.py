"""The sandbox hub: a local MessageService 3.1 hub, DataRotonde-like (reference design).

This package holds the hub's logic (:class:`HubCore`: accounts owning GLNs, routing by the
payload's GLNs, dedup by MsgId, the documented ErrorCodes) and its storages. It imports no web
framework: the HTTP server is a separate module that needs the ``hub`` extra.

The server (:class:`HubServer`, ``dico hub serve``) speaks MessageService 3.1 over HTTP with
durable mailboxes in SQLite (:class:`SqliteStorage`); accounts come from a TOML file
(:func:`load_accounts`) or the demo set (:func:`default_accounts`). Starting a server needs the
``hub`` extra (starlette, uvicorn); importing this package does not.
"""

from dico_sdk.hub._accounts_file import (
    SandboxAccount,
    default_accounts,
    format_password_hash,
    load_accounts,
    parse_accounts,
    write_accounts,
)
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
from dico_sdk.hub._server import HubServer
from dico_sdk.hub._sqlite import SqliteStorage

__all__ = [
    "Account",
    "ErrorCode",
    "HubCore",
    "HubFault",
    "HubServer",
    "MailboxStorage",
    "MemoryStorage",
    "Participant",
    "PutOutcome",
    "Route",
    "SandboxAccount",
    "SqliteStorage",
    "default_accounts",
    "envelope_or_fault",
    "fingerprint",
    "format_password_hash",
    "load_accounts",
    "parse_accounts",
    "route_payload",
    "write_accounts",
]
