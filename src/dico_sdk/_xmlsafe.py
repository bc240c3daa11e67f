"""The one hardened XML parser: every untrusted byte the SDK reads goes through here.

The codec (DICO payloads), the transport (SOAP responses) and the sandbox hub (SOAP requests)
share it, so the hardening is written once. Settings: no DTD loading, no entity resolution, no
network, no recovery, no huge trees; any DOCTYPE is refused outright (an unresolved entity
reference later crashes lxml's XSD validator), and the size limit is applied before parsing.
"""

from __future__ import annotations

import re
import threading
from typing import Any, Literal, TypedDict

from lxml import etree

from dico_sdk.errors import SecurityError, XmlSyntaxError

__all__ = [
    "DEFAULT_MAX_SIZE",
    "iterparse_untrusted",
    "parse_untrusted",
    "refuse_doctype_in_prolog",
    "translate_parse_error",
]

DEFAULT_MAX_SIZE = 50 * 1024 * 1024
"""Default maximum document size in bytes (50 MiB), checked before parsing."""

# libxml2 message fragments that mean "a limit was hit", not "the XML is malformed".
_DEPTH_MARKERS = ("Excessive depth", "depth exceeds")
_SIZE_MARKERS = ("huge text node", "Huge input lookup", "too large", "limit exceeded")

_local = threading.local()

# The first element start tag: a DOCTYPE can only stand before it.
_FIRST_ELEMENT = re.compile(rb"<[A-Za-z_:\x80-\xff]")


class _ExternalResourceRefused(Exception):
    """Raised inside libxml2's entity loader: the document asked for an external resource."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


class _RefuseExternal(etree.Resolver):
    # libxml2 still opens an external DTD named by a DOCTYPE that the byte scan cannot see
    # (a UTF-16 document), even with load_dtd=False: a FIFO or /dev/stdin there would hang the
    # parse. Every external load goes through the resolvers first, so refuse them all here.
    def resolve(self, system_url: str | None, public_id: str | None, context: object) -> None:
        raise _ExternalResourceRefused(system_url or public_id or "?")


class _Hardening(TypedDict):
    resolve_entities: bool
    no_network: bool
    load_dtd: bool
    dtd_validation: bool
    huge_tree: bool
    remove_blank_text: bool
    remove_comments: bool
    remove_pis: bool
    collect_ids: bool


# The hardening, written once for the tree parser and the streaming one.
_HARDENED: _Hardening = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": False,
    "remove_blank_text": False,
    # Comments and processing instructions are not content, but kept in the tree they split a
    # value: <MsgId>ab<!---->cd</MsgId> has .text "ab", while XSD validation sees "abcd".
    # Dropped while parsing, the text around them is one value, as every reader expects.
    "remove_comments": True,
    "remove_pis": True,
    "collect_ids": False,
}


def _parser() -> etree.XMLParser:
    # lxml parsers must not be shared between threads; one per thread, reused.
    parser: etree.XMLParser | None = getattr(_local, "parser", None)
    if parser is None:
        parser = etree.XMLParser(recover=False, **_HARDENED)
        parser.resolvers.add(_RefuseExternal())
        _local.parser = parser
    return parser


def iterparse_untrusted(
    source: Any, *, events: tuple[Literal["start", "end"], ...], tag: Any = None
) -> etree.iterparse[Any]:
    """lxml's ``iterparse`` over untrusted input, with the same hardening as the tree parser.

    The caller checks the prolog with :func:`refuse_doctype_in_prolog` first and turns the
    parser's exceptions into SDK errors with :func:`translate_parse_error`.
    """
    context = etree.iterparse(source, events=events, tag=tag, **_HARDENED)
    context.resolvers.add(_RefuseExternal())
    return context


def parse_untrusted(
    data: bytes,
    *,
    max_size: int = DEFAULT_MAX_SIZE,
    msg_id: str | None = None,
) -> etree._Element:
    """Parse untrusted bytes into an lxml element, or raise an SDK error.

    Raises :class:`SecurityError` for a document over ``max_size`` bytes, a DOCTYPE, or a
    nesting/size limit of the parser, and :class:`XmlSyntaxError` (with line and column) for
    anything that is not well-formed.
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError(f"parse_untrusted() takes bytes, not {type(data).__name__}")
    if len(data) > max_size:
        raise SecurityError(
            f"document of {len(data)} bytes exceeds the maximum size of {max_size} bytes",
            reason="size",
            limit=max_size,
            msg_id=msg_id,
        )
    data = bytes(data)
    refuse_doctype_in_prolog(data, msg_id)
    try:
        root = etree.fromstring(data, _parser())
    except (_ExternalResourceRefused, etree.XMLSyntaxError) as exc:
        raise translate_parse_error(exc, msg_id) from exc
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        line = root.sourceline or 1
        raise SecurityError(
            f"before line {line}: a DOCTYPE declaration ({docinfo.doctype or 'internal DTD'})"
            f" is not allowed in a DICO message (root element {etree.QName(root).localname})",
            reason="doctype",
            line=line,
            msg_id=msg_id,
        )
    return root


def refuse_doctype_in_prolog(data: bytes, msg_id: str | None) -> None:
    # Checked on the bytes first so that no DTD (internal or external) reaches libxml2 at all;
    # the docinfo check after parsing covers encodings this byte scan cannot see (UTF-16).
    first = _FIRST_ELEMENT.search(data)
    end = first.start() if first else len(data)
    start = data.find(b"<!DOCTYPE", 0, end)
    if start >= 0:
        line = data.count(b"\n", 0, start) + 1
        name = data[start + 9 : start + 80].split()[:1]
        shown = name[0].decode("ascii", "replace").rstrip(">[") if name else "?"
        raise SecurityError(
            f"line {line}: a DOCTYPE declaration (<!DOCTYPE {shown} ...>) is not allowed in a"
            " DICO message",
            reason="doctype",
            line=line,
            msg_id=msg_id,
        )


# libxml2's message ends with the place; ours puts the place first, so it is cut from the end.
_TRAILING_PLACE = re.compile(r",? line \d+, column \d+$")


def translate_parse_error(exc: Exception, msg_id: str | None) -> Exception:
    """The SDK error for what lxml raised while parsing untrusted input (raise it ``from exc``)."""
    if isinstance(exc, _ExternalResourceRefused):
        return SecurityError(
            f"the document refers to an external resource ({exc.url}); a DICO message may not",
            reason="doctype",
            msg_id=msg_id,
        )
    if isinstance(exc, etree.XMLSyntaxError):
        return _translate_syntax_error(exc, msg_id)
    raise TypeError(f"not a parse error: {exc!r}") from exc


def _translate_syntax_error(exc: etree.XMLSyntaxError, msg_id: str | None) -> Exception:
    text = _TRAILING_PLACE.sub("", str(exc.msg or exc))
    line, column = exc.position if exc.position else (exc.lineno, None)
    if any(marker in text for marker in _DEPTH_MARKERS):
        return SecurityError(
            f"line {line}: nesting too deep: {text}", reason="depth", line=line, msg_id=msg_id
        )
    if any(marker in text for marker in _SIZE_MARKERS):
        return SecurityError(
            f"line {line}: parser size limit: {text}", reason="size", line=line, msg_id=msg_id
        )
    if "Entity" in text or "entity" in text:
        return SecurityError(
            f"line {line}: entity references are not allowed: {text}",
            reason="entity",
            line=line,
            msg_id=msg_id,
        )
    where = f"line {line}, column {column}" if column else f"line {line}"
    return XmlSyntaxError(f"{where}: {text}", line=line, column=column, msg_id=msg_id)
