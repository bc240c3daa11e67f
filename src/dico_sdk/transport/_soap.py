"""MessageService 3.1 on the wire: SOAP 1.1 envelopes built and read with lxml.

Pure functions, no HTTP. Requests are written strictly (qualified elements, the contract's order);
responses are read tolerantly: unknown optional elements are skipped, and a ``...Type`` suffix on
an element name is accepted. Everything read goes through the hardened parser first.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from collections.abc import Iterator

import attrs
from lxml import etree

from dico_sdk._xmlsafe import parse_untrusted
from dico_sdk._xmltext import NOT_XML
from dico_sdk.errors import MessageError, ProtocolError, UsageError
from dico_sdk.transport._faults import fault_error
from dico_sdk.transport._model import Attachment, Envelope, MessageInfo

__all__ = [
    "MS_NS",
    "OPERATIONS",
    "SOAP_NS",
    "WSSE_NS",
    "WSSE_TEXT_TYPE",
    "WSU_NS",
    "CustomInfo",
    "RequestFrame",
    "build_request",
    "decode_content",
    "encode_content",
    "message_element",
    "parse_message",
    "parse_message_info",
    "parse_response",
    "read_list",
    "read_message",
    "read_result",
    "set_text",
    "soap_action",
]

SOAP_NS = "http://schemas.xmlsoap.org/soap/envelope/"
MS_NS = "https://www.ketenstandaard.nl/WS/MessageService/3.1"
WSSE_NS = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
WSU_NS = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
# The UsernameToken profile's type URI for a password sent as text.
WSSE_TEXT_TYPE = (
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0"
    "#PasswordText"
)
_NSMAP = {"soap": SOAP_NS, "wsse": WSSE_NS, "ms": MS_NS}

# Operation -> (request body element, response body element).
OPERATIONS = {
    "PostMessage": ("Message", "MessageResponse"),
    "GetAvailableMessages": ("AvailableMessagesRequest", "AvailableMessagesResponse"),
    "GetMessage": ("MessageRequest", "MessageRequestResponse"),
    "DeleteMessage": ("MessageRequest", "MessageResponse"),
}


@attrs.frozen
class CustomInfo:
    """The CustomInfo header MessageService 3.1 requires on every call."""

    is_test_message: bool = False
    language_code: str | None = None
    is_content_compressed: bool = False
    application_id: str | None = None
    version_id: str | None = None
    relation_id: str | None = None


def soap_action(operation: str) -> str:
    """The quoted SOAPAction header value for ``operation``."""
    return f'"{MS_NS}/{operation}"'


def set_text(element: etree._Element, text: str) -> None:
    """Set an element's text, or raise :class:`UsageError` for characters XML cannot carry."""
    try:
        element.text = text
    except ValueError as exc:  # lxml: control characters, NUL, lone surrogates
        name = etree.QName(element).localname
        raise UsageError(f"{name} {text!r} has characters XML cannot carry: {exc}") from exc


def _ms(parent: etree._Element, name: str, text: str | None = None) -> etree._Element:
    child = etree.SubElement(parent, f"{{{MS_NS}}}{name}")
    if text is not None:
        set_text(child, text)
    return child


def _bool(value: bool) -> str:
    return "true" if value else "false"


def encode_content(content: bytes) -> str:
    """MsgContent text: an XML payload as is (lxml escapes it), anything else as base64.

    XML here means UTF-8 text that starts with ``<`` and holds only characters XML allows; the
    receiver tells the two apart by that leading ``<``, which base64 never contains.
    """
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return base64.b64encode(content).decode("ascii")
    if text.lstrip().startswith("<") and not NOT_XML.search(text):
        return text
    return base64.b64encode(content).decode("ascii")


def decode_content(text: str) -> bytes:
    """The payload bytes of a MsgContent text (see :func:`encode_content`)."""
    if text.lstrip().startswith("<"):
        return text.encode("utf-8")
    try:
        return base64.b64decode("".join(text.split()), validate=True)
    except binascii.Error as exc:
        raise ProtocolError(f"MsgContent is neither XML nor base64: {exc}") from exc


def message_element(envelope: Envelope, tag: str = "Message") -> etree._Element:
    """The ``Message`` element of ``envelope``: MsgProperties, MsgContent, Attachment*."""
    message = etree.Element(f"{{{MS_NS}}}{tag}", nsmap={"ms": MS_NS})
    properties = _ms(message, "MsgProperties")
    _ms(properties, "MsgId", envelope.msg_id)
    _ms(properties, "MsgDateTime", envelope.msg_datetime.isoformat())
    _ms(properties, "MsgFormat", envelope.msg_format)
    _ms(properties, "MsgVersion", envelope.msg_version)
    _ms(properties, "MsgType", envelope.msg_type)
    if envelope.content:
        _ms(message, "MsgContent", encode_content(envelope.content))
    for item in envelope.attachments:
        attachment = _ms(message, "Attachment")
        for name, value in (
            ("URL", item.url),
            ("DocumentType", item.document_type),
            ("FileType", item.file_type),
            ("FileName", item.file_name),
        ):
            if value is not None:
                _ms(attachment, name, value)
        if item.data is not None:
            _ms(attachment, "AttachedData", base64.b64encode(item.data).decode("ascii"))
    return message


def _header(
    username: str, password: str, custom_info: CustomInfo, timestamp: dt.datetime | None
) -> etree._Element:
    header = etree.Element(f"{{{SOAP_NS}}}Header")
    security = etree.SubElement(header, f"{{{WSSE_NS}}}Security")
    if timestamp is not None:
        stamp = etree.SubElement(security, f"{{{WSU_NS}}}Timestamp", nsmap={"wsu": WSU_NS})
        etree.SubElement(stamp, f"{{{WSU_NS}}}Created").text = timestamp.isoformat()
        expires = timestamp + dt.timedelta(minutes=5)
        etree.SubElement(stamp, f"{{{WSU_NS}}}Expires").text = expires.isoformat()
    token = etree.SubElement(security, f"{{{WSSE_NS}}}UsernameToken")
    set_text(etree.SubElement(token, f"{{{WSSE_NS}}}Username"), username)
    secret = etree.SubElement(token, f"{{{WSSE_NS}}}Password", Type=WSSE_TEXT_TYPE)
    try:
        secret.text = password
    except ValueError as exc:  # not set_text: the message would show the password
        raise UsageError("the password has characters XML cannot carry") from exc
    info = _ms(header, "CustomInfo")
    _ms(info, "IsTestMessage", _bool(custom_info.is_test_message))
    if custom_info.language_code is not None:
        _ms(info, "LanguageCode", custom_info.language_code)
    _ms(info, "IsContentCompressed", _bool(custom_info.is_content_compressed))
    for name, value in (
        ("ApplicationId", custom_info.application_id),
        ("VersionId", custom_info.version_id),
        ("RelationId", custom_info.relation_id),
    ):
        if value is not None:
            _ms(info, name, value)
    return header


def build_request(
    operation: str,
    body: etree._Element,
    *,
    username: str,
    password: str,
    custom_info: CustomInfo,
    timestamp: dt.datetime | None = None,
) -> bytes:
    """The SOAP 1.1 request document for ``operation`` with ``body`` as the Body's child."""
    envelope = etree.Element(f"{{{SOAP_NS}}}Envelope", nsmap=_NSMAP)
    envelope.append(_header(username, password, custom_info, timestamp))
    etree.SubElement(envelope, f"{{{SOAP_NS}}}Body").append(body)
    return bytes(etree.tostring(envelope, encoding="utf-8", xml_declaration=True))


_EMPTY_BODY = b"<soap:Body/></soap:Envelope>"
_BODY_END = b"</soap:Body></soap:Envelope>"


class RequestFrame:
    """The constant part of one client's requests, serialised once: all but the Body's child.

    Without a WS-Security timestamp the Header (credentials, CustomInfo) is the same on every
    call; :meth:`wrap` then only serialises the body element (what :func:`build_request` would
    write, the body carrying its own ``ms`` namespace declaration).
    """

    def __init__(self, *, username: str, password: str, custom_info: CustomInfo) -> None:
        envelope = etree.Element(f"{{{SOAP_NS}}}Envelope", nsmap=_NSMAP)
        envelope.append(_header(username, password, custom_info, None))
        etree.SubElement(envelope, f"{{{SOAP_NS}}}Body")
        document = bytes(etree.tostring(envelope, encoding="utf-8", xml_declaration=True))
        if not document.endswith(_EMPTY_BODY):  # lxml writes an empty Body as <soap:Body/>
            raise AssertionError(f"unexpected envelope serialisation: {document[-60:]!r}")
        self._prefix = document[: -len(_EMPTY_BODY)] + b"<soap:Body>"

    def __repr__(self) -> str:
        return "RequestFrame(...)"  # the prefix holds the password

    def wrap(self, body: etree._Element) -> bytes:
        """The request document with ``body`` as the Body's child."""
        return b"".join((self._prefix, etree.tostring(body, encoding="utf-8"), _BODY_END))


# -- reading, tolerantly ------------------------------------------------------------------------


def _is(element: etree._Element, name: str) -> bool:
    tag = element.tag
    if not isinstance(tag, str):
        return False  # comments and processing instructions
    local = tag.rpartition("}")[2]  # what etree.QName(element).localname gives, without the object
    return local == name or local == name + "Type"


def _children(parent: etree._Element, name: str) -> Iterator[etree._Element]:
    return (child for child in parent if _is(child, name))


def _child(parent: etree._Element, name: str) -> etree._Element | None:
    return next(_children(parent, name), None)


def _text(parent: etree._Element, name: str) -> str | None:
    child = _child(parent, name)
    return None if child is None else (child.text or "")


def _required(parent: etree._Element, name: str) -> str:
    value = _text(parent, name)
    # An empty MsgId (or format, type ...) cannot be asked for again: the hub's answer is broken.
    value = None if value is None else value.strip()
    if not value:
        raise ProtocolError(f"{etree.QName(parent).localname} has no {name}")
    return value


def _datetime(text: str) -> dt.datetime:
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise ProtocolError(f"MsgDateTime {text!r} is not an ISO 8601 date-time") from exc
    # Read tolerantly: a host that leaves out the offset is taken to mean UTC.
    return value if value.utcoffset() is not None else value.replace(tzinfo=dt.UTC)


def _properties(element: etree._Element) -> MessageInfo:
    # Properties are direct children of a MessageList entry; some hosts wrap them.
    holder = _child(element, "MsgProperties")
    source = element if holder is None else holder
    return MessageInfo(
        msg_id=_required(source, "MsgId"),
        msg_datetime=_datetime(_required(source, "MsgDateTime")),
        msg_format=_required(source, "MsgFormat"),
        msg_version=_required(source, "MsgVersion"),
        msg_type=_required(source, "MsgType"),
    )


def _attachment(element: etree._Element) -> Attachment:
    data = _text(element, "AttachedData")
    try:
        raw = None if data is None else base64.b64decode("".join(data.split()), validate=True)
    except binascii.Error as exc:
        raise ProtocolError(f"AttachedData is not base64: {exc}") from exc
    return Attachment(
        data=raw,
        file_name=_text(element, "FileName"),
        file_type=_text(element, "FileType"),
        document_type=_text(element, "DocumentType"),
        url=_text(element, "URL"),
    )


def parse_message(element: etree._Element) -> Envelope:
    """An :class:`Envelope` from a ``Message`` element; :class:`ProtocolError` when unusable."""
    info = _properties(element)
    content = _text(element, "MsgContent")
    try:
        return Envelope(
            msg_id=info.msg_id,
            msg_datetime=info.msg_datetime,
            msg_format=info.msg_format,
            msg_version=info.msg_version,
            msg_type=info.msg_type,
            content=b"" if content is None else decode_content(content),
            attachments=tuple(_attachment(a) for a in _children(element, "Attachment")),
        )
    except UsageError as exc:  # e.g. a MsgId over 50 characters from the host
        raise ProtocolError(f"unusable Message: {exc}") from exc


def parse_message_info(element: etree._Element) -> MessageInfo:
    """A :class:`MessageInfo` from a ``MessageList`` entry."""
    return _properties(element)


def _fault(
    body_child: etree._Element, operation: str, status: int, msg_id: str | None
) -> Exception:
    code = _text(body_child, "faultcode")
    detail = _child(body_child, "detail")
    error = None if detail is None else _child(detail, "FaultError")
    details = None if error is None else _child(error, "FaultDetails")
    return fault_error(
        fault_code=_normalise_fault_code(body_child, code),
        fault_string=(_text(body_child, "faultstring") or "").strip() or None,
        error_code=None if details is None else (_text(details, "ErrorCode") or "").strip(),
        detail_message=None if details is None else _text(details, "Message"),
        operation=operation,
        status_code=status,
        msg_id=msg_id,
    )


def _normalise_fault_code(fault: etree._Element, code: str | None) -> str | None:
    # "s:Client", "SOAP-ENV:Client" ... all mean soap:Client when the prefix is SOAP's.
    if not code or ":" not in code:
        return code.strip() if code else None
    prefix, local = code.strip().split(":", 1)
    return f"soap:{local}" if fault.nsmap.get(prefix) == SOAP_NS else code.strip()


def parse_response(
    data: bytes,
    operation: str,
    *,
    status_code: int,
    max_size: int,
    msg_id: str | None = None,
) -> etree._Element:
    """The Body's response element for ``operation``, or raise the fault's SDK error."""
    try:
        root = parse_untrusted(data, max_size=max_size, msg_id=msg_id)
    except MessageError as exc:
        raise ProtocolError(
            f"{operation}: the hub's answer is not readable XML: {exc.message}",
            operation=operation,
            status_code=status_code,
            msg_id=msg_id,
        ) from exc
    body = None if root.tag != f"{{{SOAP_NS}}}Envelope" else root.find(f"{{{SOAP_NS}}}Body")
    child = None if body is None else next((c for c in body if isinstance(c.tag, str)), None)
    if child is None:
        raise ProtocolError(
            f"{operation}: the hub's answer is not a SOAP 1.1 envelope with a body",
            operation=operation,
            status_code=status_code,
            msg_id=msg_id,
        )
    if child.tag == f"{{{SOAP_NS}}}Fault":
        raise _fault(child, operation, status_code, msg_id)
    expected = OPERATIONS[operation][1]
    if not _is(child, expected):
        raise ProtocolError(
            f"{operation}: expected {expected} in the answer, got {etree.QName(child).localname}",
            operation=operation,
            status_code=status_code,
            msg_id=msg_id,
        )
    return child


def read_result(element: etree._Element) -> bool:
    """MessageResult of a MessageResponse: true or false (``1``/``0`` accepted too)."""
    value = (_text(element, "MessageResult") or "").strip().lower()
    if value not in ("true", "false", "1", "0"):
        raise ProtocolError(f"MessageResult {value!r} is not a boolean")
    return value in ("true", "1")


def read_list(element: etree._Element) -> list[MessageInfo]:
    """The entries of an AvailableMessagesResponse."""
    return [parse_message_info(entry) for entry in _children(element, "MessageList")]


def read_message(element: etree._Element) -> Envelope:
    """The Message of a MessageRequestResponse (inside MessageRequestResult)."""
    result = _child(element, "MessageRequestResult")
    if result is None:
        raise ProtocolError("MessageRequestResponse has no MessageRequestResult")
    inner = _child(result, "Message")
    return parse_message(result if inner is None else inner)
