"""The receiving half of the client's core: list, get, store, delete, validate, record."""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from typing import Any

from dico_sdk.client._events import order_event, parties
from dico_sdk.client._receipts import Received, rejection_json
from dico_sdk.client._sending import utc_now
from dico_sdk.client._steps import Call, Gather, Steps
from dico_sdk.codec import decode
from dico_sdk.errors import DicoError, MessageNotFoundError
from dico_sdk.messages import MessageRegistry
from dico_sdk.rules._validate import validate_document
from dico_sdk.store import Direction, InboxEntry, OrderEvent, Store, TrackerIssue
from dico_sdk.transport import Envelope, MessageInfo

__all__ = ["Receiving"]


class Receiving:
    """Step machines for receiving: :meth:`receive_batch` and its parts."""

    store: Store
    glns: frozenset[str]
    registry: MessageRegistry
    batch_size: int
    concurrency: int
    lang: str
    _listing: deque[MessageInfo]

    def receive_batch(
        self, msg_type: str | None, size: int | None = None
    ) -> Steps[tuple[list[Received], bool]]:
        """Receive one batch; returns up to ``size`` new messages and whether more may wait.

        Every type is fetched and recorded in the hub's order, whatever ``msg_type`` is, so
        the tracker sees an order's statuses and invoices in the order they were sent (an
        invoice fetched before the TGE status that preceded it would look premature). Only
        messages of ``msg_type`` are handed out; the others wait, recorded, for their fetch.
        """
        size = size or self.batch_size
        yield from self._delete_stored()
        processed = self._recover(size)
        backlog = len(processed) >= size
        if not backlog:
            if not self._listing:
                listing: list[MessageInfo] = yield Call("list_available", (None,))
                self._listing.extend(listing)
            fresh, repeats = self._split(size)
            backlog = bool(self._listing)
            yield from self._delete(repeats)
            stored, error = yield from self._fetch(fresh)
            yield from self._delete([entry.msg_id for entry in stored])
            processed.extend(self._process(stored))
            if error is not None:
                raise error
        handed = self._hand_out(msg_type, size, {item.msg_id: item for item in processed})
        return handed, backlog or len(handed) >= size

    def _recover(self, size: int) -> list[Received]:
        """Process what a crash left stored but unprocessed, before anything new."""
        return self._process(self.store.unprocessed_incoming(limit=size))

    def _hand_out(
        self, msg_type: str | None, size: int, fresh: dict[str, Received]
    ) -> list[Received]:
        """The accepted messages (of ``msg_type``) not handed out yet.

        They count as handed out only once the caller has taken them (:meth:`handed`), so a
        caller that dies while working through a batch gets that batch again.
        """
        entries = self.store.undelivered_incoming(msg_type, limit=size)
        return [fresh.get(entry.msg_id) or self._reread(entry) for entry in entries]

    def handed(self, items: Sequence[Received]) -> None:
        """The caller has taken ``items``: do not hand them out again."""
        if items:
            self.store.mark_delivered([item.msg_id for item in items])

    def _reread(self, entry: InboxEntry) -> Received:
        """A message accepted by an earlier receive, rebuilt from the inbox and the tracker."""
        message = decode(entry.content, registry=self.registry, msg_id=entry.msg_id)
        event = order_event(
            message,
            direction=Direction.RECEIVED,
            msg_id=entry.msg_id,
            content=entry.content,
            at=entry.msg_datetime,
        )
        issues: tuple[TrackerIssue, ...] = ()
        if event is not None and (state := self.store.order(event.order)) is not None:
            recorded = [e for e in state.history if e.msg_id == entry.msg_id]
            issues = recorded[0].issues if recorded else ()
        return Received(
            msg_id=entry.msg_id,
            msg_type=entry.msg_type,
            message=message,
            order=None if event is None else event.order,
            issues=issues,
            attachments=entry.attachments,
        )

    def _split(self, room: int) -> tuple[list[MessageInfo], list[str]]:
        """The next ``room`` new entries of the listing, and the repeats seen on the way.

        One listing serves successive batches (MessageService has no paging, so listing again
        per batch would cost O(n) each time); an entry gone meanwhile is skipped at its get.
        """
        fresh: list[MessageInfo] = []
        repeats: list[str] = []
        while len(fresh) < room and self._listing:
            chunk = [
                self._listing.popleft() for _ in range(min(room - len(fresh), len(self._listing)))
            ]
            known = self.store.known_incoming([info.msg_id for info in chunk])
            repeats.extend(info.msg_id for info in chunk if info.msg_id in known)
            fresh.extend(info for info in chunk if info.msg_id not in known)
        # In the order they were sent (a stable sort keeps the hub's order among equals), for
        # hubs that do not list in arrival order: a TGE then the invoice, not the other way round.
        fresh.sort(key=lambda info: info.msg_datetime)
        return fresh, repeats

    def _fetch(
        self, infos: Sequence[MessageInfo]
    ) -> Steps[tuple[list[InboxEntry], DicoError | None]]:
        """Get messages and store their raw bytes, committed, before anything else happens."""
        if not infos:
            return [], None
        calls = tuple(Call("get", (info.msg_id,)) for info in infos)
        results = yield Gather(calls, limit=self.concurrency)
        entries: list[InboxEntry] = []
        error: DicoError | None = None
        for info, result in zip(infos, results, strict=True):
            if isinstance(result, MessageNotFoundError):
                continue  # deleted between list and get: nothing to keep
            if isinstance(result, DicoError):
                error = error or result
                continue
            entries.append(_inbox_entry(info, result))
        added = self.store.add_incoming_many(entries)
        return [entry for entry, new in zip(entries, added, strict=True) if new], error

    def _delete_stored(self) -> Steps[None]:
        """Delete on the hub what is stored here but whose deletion was not confirmed."""
        pending = self.store.undeleted_incoming()
        for start in range(0, len(pending), self.batch_size):
            yield from self._delete(pending[start : start + self.batch_size])

    def _delete(self, msg_ids: Sequence[str]) -> Steps[None]:
        if not msg_ids:
            return
        calls = tuple(Call("delete", (msg_id,)) for msg_id in msg_ids)
        results = yield Gather(calls, limit=self.concurrency)
        done: list[str] = []
        failure: DicoError | None = None
        for msg_id, result in zip(msg_ids, results, strict=True):
            if not isinstance(result, DicoError) or isinstance(result, MessageNotFoundError):
                done.append(msg_id)  # not found: an earlier, unconfirmed delete did it
            else:
                failure = failure or result
        self.store.mark_deleted_on_hub(done)
        if failure is not None:
            raise failure

    def _process(self, entries: Sequence[InboxEntry]) -> list[Received]:
        """Validate stored messages; accept the good ones into the tracker in one transaction.

        A message that fails is kept as rejected with its report, never dropped.
        """
        checked = [(entry, found) for entry in entries if (found := self._check(entry))]
        settled = self.store.accept_incoming_many(
            [(entry.msg_id, event) for entry, (_, event, _) in checked]
        )
        received: list[Received] = []
        for (entry, (message, event, warnings)), (fresh, applied) in zip(
            checked, settled, strict=True
        ):
            if not fresh:
                continue  # another worker processed it first
            received.append(
                Received(
                    msg_id=entry.msg_id,
                    msg_type=entry.msg_type,
                    message=message,
                    order=None if event is None else event.order,
                    warnings=warnings,
                    issues=() if applied is None else applied.issues,
                    attachments=entry.attachments,
                )
            )
        return received

    def _check(self, entry: InboxEntry) -> tuple[Any, OrderEvent | None, tuple[Any, ...]] | None:
        """(message, order event, warnings) of a valid message addressed to us; else reject it."""
        # One decode serves both the report and the message (validate() alone would decode it,
        # and decode() again, costing a second parse, validation and binding per message).
        report, message = validate_document(entry.content, lang=self.lang, registry=self.registry)
        if not report.ok or message is None:
            first = report.errors[0] if report.errors else None
            reason = str(first) if first is not None else "validation did not complete"
            self._reject(entry, reason, report.to_dict())
            return None
        buyer, supplier = parties(message)
        if not {buyer, supplier} & self.glns:
            reason = f"addressed to Buyer {buyer} and Supplier {supplier}, none of this client's"
            self._reject(entry, reason, report.to_dict())
            return None
        event = order_event(
            message,
            direction=Direction.RECEIVED,
            msg_id=entry.msg_id,
            content=entry.content,
            at=entry.msg_datetime,
        )
        return message, event, report.warnings

    def _reject(self, entry: InboxEntry, reason: str, report: dict[str, Any] | None) -> None:
        self.store.reject_incoming(entry.msg_id, rejection=rejection_json(reason, report))


def _inbox_entry(info: MessageInfo, envelope: Envelope) -> InboxEntry:
    return InboxEntry(
        msg_id=info.msg_id,
        msg_datetime=envelope.msg_datetime,
        msg_format=envelope.msg_format,
        msg_version=envelope.msg_version,
        msg_type=envelope.msg_type,
        content=envelope.content,
        attachments=envelope.attachments,
        received_at=utc_now(),
    )
