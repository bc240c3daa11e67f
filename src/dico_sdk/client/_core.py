"""The client's one core, without I/O: sending through the outbox, receiving through the inbox.

Each public operation is a step machine (see :mod:`dico_sdk.client._steps`) that both
:class:`~dico_sdk.DicoClient` and :class:`~dico_sdk.AsyncDicoClient` drive. The durability
order is what makes the guarantees:

- send: encode and check (schema + rules) -> store in the outbox with its MsgId and order event
  (one transaction) -> post -> mark sent. A crash or unknown outcome leaves it pending, and
  :meth:`ClientCore.flush` posts it again with the same MsgId (the hub drops the repeat).
- receive: list -> get -> store the raw bytes (committed) -> delete on the hub -> validate ->
  accept into the tracker (one transaction) or keep as rejected. A crash anywhere means the
  message is either still on the hub (fetched again, recognised by MsgId) or in the inbox
  (processed first on the next receive): never lost, never recorded twice.
"""

from __future__ import annotations

from collections import deque

from dico_sdk.client._receiving import Receiving
from dico_sdk.client._sending import Sending
from dico_sdk.errors import UsageError
from dico_sdk.messages import MessageRegistry, default_registry
from dico_sdk.store import Store
from dico_sdk.transport import MessageInfo

__all__ = ["ClientCore"]


class ClientCore(Sending, Receiving):
    """The logic shared by the sync and async clients: the store, the GLNs, the step machines."""

    def __init__(
        self,
        store: Store,
        glns: frozenset[str],
        *,
        registry: MessageRegistry | None = None,
        batch_size: int = 100,
        concurrency: int = 8,
        lang: str = "en",
    ) -> None:
        if not glns:
            raise UsageError("a client needs at least one GLN of its own")
        if batch_size < 1 or concurrency < 1:
            raise UsageError("batch_size and concurrency must be at least 1")
        self.store = store
        self.glns = glns
        self.registry = registry or default_registry()
        self.batch_size = batch_size
        self.concurrency = concurrency
        self.lang = lang
        self._listing: deque[MessageInfo] = deque()
