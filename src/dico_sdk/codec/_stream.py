"""Streaming: read and validate an invoice too large to hold, with flat memory.

The document is read with lxml's ``iterparse`` and the hardened settings of
:mod:`dico_sdk._xmlsafe` (no DTD, no entities, no network, no huge trees; a DOCTYPE is refused
before parsing and again at the first event). Each direct child of the root is handled when it
ends, then dropped from the tree:

1. it is validated on its own against the *parts schema*: the message's XSD with a global
   declaration added for every child of the root (the same types, so the same checks);
2. it is bound with the compiled binder's plan;
3. the tree keeps a *skeleton*: every header and trailer element, and the first line of each
   run of lines. When the root ends, the skeleton is validated against the full XSD, which
   checks the order and the counts of the root's children.

Why not ``iterparse(schema=...)``: with a schema attached, lxml's incremental parsers (also
``XMLPullParser``) accepted a truncated document without an error, lost the message of
well-formedness errors, and reported every validation issue on line 0 (lxml 6.2, verified
while building this); they are not used.

Not checked by the streaming path: a ``maxOccurs`` bound on the lines (the skeleton holds one
line per run; the bundled schemas have none), and the reading tolerance of the older status
model (statuses are never large; they are validated in memory).
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from lxml import etree

from dico_sdk._xmlsafe import (
    _ExternalResourceRefused,
    iterparse_untrusted,
    refuse_doctype_in_prolog,
    translate_parse_error,
)
from dico_sdk.codec._compiled_binder import BindingFailure, bind_part, binding_error
from dico_sdk.codec._parts import Part, parts_schema, readable
from dico_sdk.codec._plans import ClassPlan, FieldPlan, plan_for
from dico_sdk.codec._schema import _element_at, compiled_schema, schema_error
from dico_sdk.codec._xpath import local_name, xpath_of
from dico_sdk.errors import SchemaIssue, SecurityError, UnknownMessageError, UsageError
from dico_sdk.messages import MessageRegistry, MessageType, default_registry

__all__ = ["NotStreamable", "StreamSource", "stream_parts"]

StreamSource = bytes | bytearray | memoryview | os.PathLike[str] | IO[bytes]
"""What the streaming functions read: bytes, a file path, or a binary file object."""

_HEAD = 64 * 1024
_LINE_ELEMENTS = {"Invoice": "InvoiceLine", "MaintenanceInstruction": "InstructionLine"}
"""Root local name -> its repeating line element: the part that is streamed."""


def stream_parts(
    source: StreamSource,
    *,
    expect: str | None,
    registry: MessageRegistry | None,
    msg_id: str | None,
) -> Iterator[Part]:
    """Yield each direct child of the root as a validated, bound :class:`Part`, in order.

    The first part is ``Part(kind="start")`` with the message type, the last
    ``Part(kind="end")``, after the skeleton check. ``expect`` is the root
    local name required (``"Invoice"``), or ``None`` for any streamable message.
    """
    registry = registry or default_registry()
    with _opened(source) as stream:
        head = _read(stream, _HEAD)
        refuse_doctype_in_prolog(head, msg_id)
        context = iterparse_untrusted(
            _Prefixed(head, stream), events=("end",), tag=_tags_of_parts(head, registry)
        )
        reader: _Reader | None = None
        try:
            for _, element in context:
                if reader is None:
                    reader = _Reader(element, expect, registry, msg_id)
                    yield Part(kind="start", value=reader.entry)
                yield from reader.handle(element)
        except _ExternalResourceRefused as exc:
            raise translate_parse_error(exc, msg_id) from exc
        except etree.XMLSyntaxError as exc:
            raise translate_parse_error(_real_cause(exc), msg_id) from exc


def _real_cause(exc: etree.XMLSyntaxError) -> etree.XMLSyntaxError:
    # With resolve_entities=False, iterparse reports an undefined entity as "no element found"
    # on line 0; the entry the parser logged last says what and where.
    last = exc.error_log.last_error
    if exc.lineno or last is None:
        return exc
    return etree.XMLSyntaxError(last.message, last.type, last.line, last.column)


def _tags_of_parts(head: bytes, registry: MessageRegistry) -> list[str] | None:
    """The root's and its children's tags, so that iterparse reports only those (from C).

    Found from the root start tag at the head of the document; ``None`` (every element) when
    it cannot be read there: the real parse then reports what is wrong. An element whose tag
    is not in the list (not in the schema) stays in the skeleton and fails its check.
    """
    try:
        root_tag = next(iter(_sniffer(head)))[1].tag
    except (StopIteration, etree.XMLSyntaxError, _ExternalResourceRefused):
        return None
    entry = registry.get(str(root_tag))
    if entry is None or entry.name not in _LINE_ELEMENTS:
        return None
    plan = plan_for(entry.cls)
    return [entry.qname, *(field.qname for field in plan.fields)]


def _sniffer(head: bytes) -> Iterator[Any]:
    return iterparse_untrusted(io.BytesIO(head), events=("start",))


class _Reader:
    """The state of one streamed document."""

    def __init__(
        self,
        first: etree._Element,
        expect: str | None,
        registry: MessageRegistry,
        msg_id: str | None,
    ) -> None:
        self.root = first.getroottree().getroot()
        _refuse_doctype(self.root, msg_id)
        self.entry = _entry(self.root, expect, registry, msg_id)
        self.plan: ClassPlan = plan_for(self.entry.cls)
        if self.plan.reason is not None:
            raise UsageError(f"{self.entry.name} cannot be streamed: {self.plan.reason}")
        self.msg_id = msg_id
        self.line_tag = f"{{{self.entry.namespace}}}{_LINE_ELEMENTS.get(self.entry.name, '')}"
        self.parts = parts_schema(self.entry.schema, self.entry.name)
        self.lines = 0
        self.disposable: etree._Element | None = None
        self.previous_was_line = False
        self.kept_lines: dict[etree._Element, int] = {}
        """The first line of each run stays in the skeleton: element -> its line number."""

    def handle(self, element: etree._Element) -> Iterator[Part]:
        if element is self.root:
            self._check_skeleton()
            yield Part(kind="end", lines=self.lines)
            return
        if element.getparent() is not self.root:
            return  # inside a part: handled when the part ends
        if self.disposable is not None:
            self.root.remove(self.disposable)  # a line already yielded and not in the skeleton
            self.disposable = None
        is_line = element.tag == self.line_tag
        index = self.lines + 1 if is_line else None
        value, field = self._bind(element, index)
        if is_line:
            self.lines += 1
            if self.previous_was_line:
                self.disposable = element
            else:
                self.kept_lines[element] = self.lines
        self.previous_was_line = is_line
        kind = "line" if is_line else "field"
        yield Part(kind=kind, name=field.name, repeated=field.is_list, value=value, index=index)

    def _bind(self, element: etree._Element, index: int | None) -> tuple[Any, FieldPlan]:
        field = self.plan.elements.get(element.tag)  # type: ignore[arg-type]
        if field is None:
            issue = SchemaIssue(
                message=f"element {local_name(element)} is not expected in {self.entry.name}",
                line=element.sourceline,
                xpath=self._xpath(element, index),
                element=local_name(element),
            )
            raise schema_error(self.entry.name, [issue], self.entry.schema.name, self.msg_id)
        schema = self.parts.get(field.local)
        if schema is not None and not schema.validate(element):
            issues = [
                self._issue(entry, _element_in(element, entry.path), index)
                for entry in schema.error_log
            ]
            raise schema_error(self.entry.name, issues, self.entry.schema.name, self.msg_id)
        try:
            return bind_part(element, self.plan, self.entry.schema), field
        except BindingFailure as failure:
            raise binding_error(
                failure,
                self.entry.cls,
                what=self.entry.name,
                schema=self.entry.schema.name,
                msg_id=self.msg_id,
                xpath=self._xpath(failure.element, index),
            ) from failure.cause

    def _check_skeleton(self) -> None:
        schema = compiled_schema(self.entry.schema)
        if schema.validate(self.root):
            return
        tree = self.root.getroottree()
        issues = []
        for entry in schema.error_log:
            element = _element_at(tree, entry.path)
            element = self.root if element is None else element
            issues.append(self._issue(entry, element, self._kept_line_index(element)))
        raise schema_error(self.entry.name, issues, self.entry.schema.name, self.msg_id)

    def _kept_line_index(self, element: etree._Element) -> int | None:
        chain = [element, *element.iterancestors()]
        top = chain[-2] if len(chain) > 1 else element  # the child of the root it is in
        return self.kept_lines.get(top)

    def _issue(self, entry: Any, element: etree._Element, index: int | None) -> SchemaIssue:
        return SchemaIssue(
            message=readable(entry.message, self.entry.namespace),
            line=entry.line or element.sourceline,
            xpath=self._xpath(element, index),
            element=local_name(element),
        )

    def _xpath(self, element: etree._Element, index: int | None) -> str:
        xpath = xpath_of(element, self.entry.cls)
        if index is None:
            return xpath
        # Earlier lines are gone from the tree: the line's own number replaces its position.
        line = re.escape(_LINE_ELEMENTS[self.entry.name])
        return re.sub(rf"^(/[^/]+/{line})\[\d+\]", rf"\g<1>[{index}]", xpath, count=1)


class NotStreamable(Exception):
    """A registered message without lines to stream; ``entry`` is its type."""

    def __init__(self, entry: MessageType) -> None:
        super().__init__(entry.name)
        self.entry = entry


def _entry(
    root: etree._Element, expect: str | None, registry: MessageRegistry, msg_id: str | None
) -> MessageType:
    found = str(root.tag)
    entry = registry.get(found)
    if entry is not None and expect is None and entry.name not in _LINE_ELEMENTS:
        raise NotStreamable(entry)
    streamable = [e.qname for e in registry if e.name in _LINE_ELEMENTS]
    if entry is None or entry.name not in _LINE_ELEMENTS or expect not in (None, entry.name):
        known = [q for q in streamable if expect is None or q.endswith(f"}}{expect}")]
        raise UnknownMessageError(
            f"line {root.sourceline}: root element {found} is not a DICO message that can be"
            f" streamed (expected one of: {', '.join(known)})",
            found=found,
            known=known,
            line=root.sourceline,
            msg_id=msg_id,
        )
    return entry


def _refuse_doctype(root: etree._Element, msg_id: str | None) -> None:
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise SecurityError(
            "a DOCTYPE declaration is not allowed in a DICO message",
            reason="doctype",
            line=1,
            msg_id=msg_id,
        )


def _element_in(part: etree._Element, path: str | None) -> etree._Element:
    # A part validated on its own reports paths from itself as the root: "/*/*[5]".
    steps = (path or "/*").split("/")[2:]
    if not steps:
        return part
    found = part.xpath("./" + "/".join(steps))
    return found[0] if isinstance(found, list) and found else part


class _Prefixed:
    """A binary stream whose first bytes were already read (to look for a DOCTYPE)."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._head = head
        self._rest = rest

    def read(self, size: int = -1) -> bytes:
        if self._head:
            if size < 0 or size >= len(self._head):
                head, self._head = self._head, b""
                return head + _read(self._rest, -1 if size < 0 else size - len(head))
            head, self._head = self._head[:size], self._head[size:]
            return head
        return _read(self._rest, size)


def _read(stream: IO[bytes], size: int) -> bytes:
    """``stream.read(size)``, with a failing or text stream refused as our error."""
    try:
        data = stream.read(size)
    except OSError as exc:
        raise UsageError(f"cannot read the document from {stream!r}: {exc}") from exc
    if not isinstance(data, bytes):
        raise UsageError(f"streaming reads bytes, a path or a binary file, not {type(stream)}")
    return data


class _opened:
    def __init__(self, source: StreamSource) -> None:
        self._source = source
        self._own: IO[bytes] | None = None

    def __enter__(self) -> IO[bytes]:
        source = self._source
        if isinstance(source, bytes | bytearray | memoryview):
            return io.BytesIO(bytes(source))
        if isinstance(source, os.PathLike):
            path = Path(source)
            try:
                self._own = path.open("rb")
            except OSError as exc:
                raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from exc
            return self._own
        if hasattr(source, "read"):
            return source
        raise UsageError(f"streaming reads bytes, a path or a binary file, not {type(source)}")

    def __exit__(self, *exc: object) -> None:
        if self._own is not None:
            self._own.close()
