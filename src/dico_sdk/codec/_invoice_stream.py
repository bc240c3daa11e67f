"""The public streaming API: ``iter_invoice_lines`` and ``validate_stream``."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import attrs

from dico_sdk.codec._decode import validate_schema
from dico_sdk.codec._parts import Part
from dico_sdk.codec._stream import NotStreamable, StreamSource, stream_parts
from dico_sdk.errors import UsageError
from dico_sdk.messages import MessageRegistry, MessageType

__all__ = [
    "STREAM_THRESHOLD",
    "InvoiceHeader",
    "InvoiceTrailer",
    "assemble_invoice",
    "iter_invoice_lines",
    "validate_stream",
]

STREAM_THRESHOLD = 16 * 1024 * 1024
"""Documents larger than this (16 MiB) are best validated with :func:`validate_stream`."""


@attrs.frozen
class _Fields:
    message_type: MessageType
    fields: Mapping[str, Any]
    """Model field name -> value, e.g. ``{"invoice_number": "F-1", ...}``."""

    def __getattr__(self, name: str) -> Any:
        # header.invoice_number reads fields["invoice_number"]; an absent optional is None.
        if name.startswith("__") or name in ("fields", "message_type"):
            raise AttributeError(name)
        try:
            return self.fields[name]
        except KeyError:
            raise AttributeError(name) from None


@attrs.frozen
class InvoiceHeader(_Fields):
    """Everything of the invoice before its first line (InvoiceType ... Location).

    ``fields`` holds what the document has, by model field name; attribute access works too
    (``header.invoice_number``). Yielded before the first line.
    """


@attrs.frozen
class InvoiceTrailer(_Fields):
    """Everything after the last line (allowances, charges, VAT subtotals, totals, ...).

    Yielded last, after the structure of the whole document was checked. ``lines`` is the
    number of lines read.
    """

    lines: int = 0


def iter_invoice_lines(
    source: StreamSource,
    *,
    registry: MessageRegistry | None = None,
    msg_id: str | None = None,
) -> Iterator[InvoiceHeader | Any | InvoiceTrailer]:
    """Read an invoice of any size: yield its header, each ``InvoiceLine``, then the trailer.

    Memory stays flat: each part is validated against its schema type, bound, and dropped
    from the tree. The order and counts of the root's children are checked when the document
    ends, before the trailer is yielded, so **a document is valid only when the iteration
    completes**: if it raises (:class:`SchemaValidationError`, :class:`XmlSyntaxError`,
    :class:`SecurityError`, :class:`UnknownMessageError`), discard what was read. Hardened as
    :func:`decode` (no DOCTYPE, no entities, no network); there is no size limit.
    """
    entry: MessageType | None = None
    header: dict[str, Any] = {}
    trailer: dict[str, Any] = {}
    header_sent = False
    for part in stream_parts(source, expect="Invoice", registry=registry, msg_id=msg_id):
        if part.kind == "start":
            entry = part.value
        elif part.kind == "line":
            if not header_sent:
                header_sent = True
                yield InvoiceHeader(entry, header)  # type: ignore[arg-type]
            yield part.value
        elif part.kind == "field":
            _collect(trailer if header_sent else header, part)
        else:
            if not header_sent:
                yield InvoiceHeader(entry, header)  # type: ignore[arg-type]
            yield InvoiceTrailer(entry, trailer, lines=part.lines)  # type: ignore[arg-type]


def assemble_invoice(header: InvoiceHeader, lines: Iterable[Any], trailer: InvoiceTrailer) -> Any:
    """The whole invoice from streamed parts (only for invoices that fit in memory)."""
    return header.message_type.cls(**header.fields, invoice_line=list(lines), **trailer.fields)


def validate_stream(
    source: StreamSource,
    *,
    registry: MessageRegistry | None = None,
    msg_id: str | None = None,
) -> MessageType:
    """Check a document of any size against its XSD with flat memory; return its type.

    Invoices and maintenance instructions are streamed as :func:`iter_invoice_lines` reads
    them (the first issue found is raised); any other message is checked in memory with
    :func:`validate_schema` (these are never large). ``dico validate`` should use this for
    files over :data:`STREAM_THRESHOLD`.
    """
    entry: MessageType | None = None
    try:
        for part in stream_parts(source, expect=None, registry=registry, msg_id=msg_id):
            if part.kind == "start":
                entry = part.value
    except NotStreamable:
        return validate_schema(_rewound(source), registry=registry, msg_id=msg_id)
    if entry is None:  # pragma: no cover  (a document always has a root)
        raise UsageError("no message was read")
    return entry


def _rewound(source: StreamSource) -> bytes | bytearray | memoryview | os.PathLike[str]:
    if isinstance(source, bytes | bytearray | memoryview | os.PathLike):
        return source
    try:
        source.seek(0)
        return source.read()
    except (OSError, ValueError) as exc:
        raise UsageError(f"cannot read the document again from {source!r}: {exc}") from exc


def _collect(values: dict[str, Any], part: Part) -> None:
    if part.repeated:
        values.setdefault(part.name, []).append(part.value)
    else:
        values[part.name] = part.value
