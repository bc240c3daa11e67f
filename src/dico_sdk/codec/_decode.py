"""Bytes -> typed message: hardened parse, DICO-MS-07 tolerance, XSD validation, binding."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, TypeVar, overload

from lxml import etree
from xsdata.exceptions import ConverterError, ParserError

from dico_sdk._xmlsafe import DEFAULT_MAX_SIZE, parse_untrusted
from dico_sdk.codec._binding import bind
from dico_sdk.codec._compiled_binder import bind_compiled, compiled_binding
from dico_sdk.codec._result import DecodeNote, DecodeResult
from dico_sdk.codec._schema import schema_error, validate_tree
from dico_sdk.codec._source import Source, source_bytes
from dico_sdk.codec._tolerance import apply_status_tolerance
from dico_sdk.codec._whitespace import collapse_token_values
from dico_sdk.codec._xpath import LazyLineMap, line_map, local_name, xpath_of
from dico_sdk.errors import SchemaIssue, UnknownMessageError
from dico_sdk.messages import MessageRegistry, MessageType, default_registry

__all__ = ["decode", "decode_detailed", "validate_schema"]

T = TypeVar("T")


@overload
def decode(
    data: Source,
    message_class: type[T],
    *,
    registry: MessageRegistry | None = ...,
    max_size: int = ...,
    msg_id: str | None = ...,
) -> T: ...
@overload
def decode(
    data: Source,
    message_class: None = ...,
    *,
    registry: MessageRegistry | None = ...,
    max_size: int = ...,
    msg_id: str | None = ...,
) -> Any: ...
def decode(
    data: Source,
    message_class: type[Any] | None = None,
    *,
    registry: MessageRegistry | None = None,
    max_size: int = DEFAULT_MAX_SIZE,
    msg_id: str | None = None,
) -> Any:
    """Decode a DICO message; the root element says which type it is.

    ``data`` is the document's bytes, its text (``str``; an XML declaration naming another
    encoding is ignored, the text is already decoded) or a file path. With ``message_class``
    the root must be that message, else :class:`UnknownMessageError`.

    Raises :class:`XmlSyntaxError`, :class:`SecurityError` (DOCTYPE, entities, over
    ``max_size`` bytes, nesting), :class:`UnknownMessageError` and
    :class:`SchemaValidationError` (with every issue).
    """
    raw, root, entry, _ = _parse_and_validate(data, message_class, registry, max_size, msg_id)
    return _bind(root, entry, raw, msg_id)


def decode_detailed(
    data: Source,
    *,
    registry: MessageRegistry | None = None,
    max_size: int = DEFAULT_MAX_SIZE,
    msg_id: str | None = None,
) -> DecodeResult:
    """Like :func:`decode`, plus the registry entry, decode notes and source lines by XPath."""
    raw, root, entry, notes = _parse_and_validate(data, None, registry, max_size, msg_id)
    # The compiled binder leaves the tree intact, so the lines can wait until an issue asks;
    # xsdata's binding empties the tree, so for it they are taken now.
    lines: Mapping[str, int] = (
        LazyLineMap(root, entry.cls) if compiled_binding(entry.cls) else line_map(root, entry.cls)
    )
    message = _bind(root, entry, raw, msg_id)
    return DecodeResult(message=message, message_type=entry, notes=tuple(notes), lines=lines)


def validate_schema(
    data: Source,
    *,
    registry: MessageRegistry | None = None,
    max_size: int = DEFAULT_MAX_SIZE,
    msg_id: str | None = None,
) -> MessageType:
    """Check a document against its XSD as :func:`decode` reads it; return its message type.

    Applies the same hardening and the DICO-MS-07 reading tolerance; raises as :func:`decode`.
    """
    _, _, entry, _ = _parse_and_validate(data, None, registry, max_size, msg_id)
    return entry


def _parse_and_validate(
    data: Source,
    message_class: type[Any] | None,
    registry: MessageRegistry | None,
    max_size: int,
    msg_id: str | None,
) -> tuple[bytes, etree._Element, MessageType, list[DecodeNote]]:
    raw = source_bytes(data, max_size=max_size, msg_id=msg_id)
    root = parse_untrusted(raw, max_size=max_size, msg_id=msg_id)
    entry = _message_type(root, registry or default_registry(), message_class, msg_id)
    notes = apply_status_tolerance(root, entry.cls, msg_id=msg_id)
    validate_tree(root, entry.schema, entry.cls, what=entry.name, msg_id=msg_id)
    return raw, root, entry, notes


def _message_type(
    root: etree._Element,
    registry: MessageRegistry,
    message_class: type[Any] | None,
    msg_id: str | None,
) -> MessageType:
    found = root.tag if isinstance(root.tag, str) else str(root.tag)
    entry = registry.get(found)
    known = registry.qnames
    if message_class is not None:
        known = (registry.for_class(message_class).qname,)
        entry = entry if entry is not None and entry.cls is message_class else None
    if entry is None:
        raise UnknownMessageError(
            f"line {root.sourceline}: root element {found} is not a known DICO message"
            f" (expected one of: {', '.join(known)})",
            found=found,
            known=known,
            line=root.sourceline,
            msg_id=msg_id,
        )
    return entry


def _bind(root: etree._Element, entry: MessageType, raw: bytes, msg_id: str | None) -> Any:
    if compiled_binding(entry.cls):  # it collapses token values itself, field by field
        return bind_compiled(root, entry.cls, what=entry.name, schema=entry.schema, msg_id=msg_id)
    collapse_token_values(root, entry.schema)
    try:
        return bind(root, entry.cls)
    except (ParserError, ConverterError, ValueError) as exc:
        # The XSD let the value through but the model cannot hold it (a schema set whose
        # models are out of date, or a value xsdata converts more strictly than libxml2).
        # Binding consumed the tree: find the element again in a fresh parse of the bytes.
        issue = _binding_issue(str(exc), raw, entry)
        raise schema_error(entry.name, [issue], entry.schema.name, msg_id) from exc


_UNCONVERTIBLE = re.compile(r"`([^`]*)` is not a valid")
_UNKNOWN = re.compile(r"Unknown property .*:(\{[^}]*\}[\w.-]+|[\w.-]+)$")


def _binding_issue(text: str, raw: bytes, entry: MessageType) -> SchemaIssue:
    """The issue for a binding failure, located (line, XPath) in a fresh parse of the bytes."""
    message = "cannot bind the document to the model: " + " ".join(text.split())
    value, unknown = _UNCONVERTIBLE.search(text), _UNKNOWN.search(text)
    # The bytes passed every check once already (with the caller's size limit).
    for element in parse_untrusted(raw, max_size=len(raw)).iter(etree.Element):
        if (value and len(element) == 0 and (element.text or "").strip() == value.group(1)) or (
            unknown and element.tag == unknown.group(1)
        ):
            return SchemaIssue(
                message=message,
                line=element.sourceline,
                xpath=xpath_of(element, entry.cls),
                element=local_name(element),
            )
    return SchemaIssue(message=message, element=entry.name)
