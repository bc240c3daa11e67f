"""The DICO client: ``DicoClient`` and ``AsyncDicoClient`` over one shared core without I/O.

Sending is at-least-once on the wire (a MsgId fixed and stored before the first attempt, reused
on every retry, so the hub drops repeats) and receiving is exactly-once into the order tracker
(raw bytes stored before the hub's copy is deleted, MsgIds deduplicated). Messages that fail to
decode or validate are kept as rejected (``client.rejected()``), never dropped.
"""

from dico_sdk.client._async import AsyncDicoClient
from dico_sdk.client._base import default_store_path
from dico_sdk.client._receipts import Received, Rejected, SendReceipt
from dico_sdk.client._sync import DicoClient

__all__ = [
    "AsyncDicoClient",
    "DicoClient",
    "Received",
    "Rejected",
    "SendReceipt",
    "default_store_path",
]
