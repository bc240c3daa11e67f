"""Reading a MessageService 3.1 SOAP request on the hub's side, strictly and safely.

Everything is parsed with :func:`dico_sdk._xmlsafe.parse_untrusted`; every problem becomes a
:class:`HubFault` with the documented ErrorCode, so that nothing reaches the core half-read. The
request structure accepted here is exactly the one the hub's WSDL describes (``_wsdl.py``).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
from collections.abc import Sequence

import attrs
from lxml import etree

from dico_sdk._xmlsafe import parse_untrusted
from dico_sdk.errors import ProtocolError, SecurityError, XmlSyntaxError
from dico_sdk.hub._core import envelope_or_fault
from dico_sdk.hub._fault import HubFault
from dico_sdk.transport import Attachment, Envelope, ErrorCode
from dico_sdk.transport._model import MSG_ID_MAX_LENGTH
from dico_sdk.transport._soap import MS_NS, SOAP_NS, WSSE_NS, WSSE_TEXT_TYPE, decode_content

__all__ = [
    "OPERATIONS",
    "CustomInfo",
    "SoapRequest",
    "read_custom_info",
    "read_message",
    "read_message_request",
    "read_msg_type",
    "read_request",
]

_XSI_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"

OPERATIONS = {
    "PostMessage": "Message",
    "GetAvailableMessages": "AvailableMessagesRequest",
    "GetMessage": "MessageRequest",
    "DeleteMessage": "MessageRequest",
}
"""Each operation and the local name of its request body element."""

# Each SOAPAction (unquoted) and its operation with the qualified tag of its body element.
_BY_ACTION = {f"{MS_NS}/{op}": (op, f"{{{MS_NS}}}{local}") for op, local in OPERATIONS.items()}

_DATETIME = re.compile(r"-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?")


@attrs.frozen
class CustomInfo:
    """The CustomInfo header: read, checked and logged; the sandbox does not route on it."""

    is_test_message: bool
    is_content_compressed: bool | None
    language_code: str | None = None
    application_id: str | None = None
    version_id: str | None = None
    relation_id: str | None = None


@attrs.frozen
class SoapRequest:
    """A well-formed SOAP 1.1 request: which operation, who, its Header and its body element.

    The rest (CustomInfo, the body's structure) is read after the login, so that a caller who
    cannot log in learns nothing but that.
    """

    operation: str
    username: str
    password: str
    header: etree._Element | None
    body: etree._Element


def _fault(code: ErrorCode, text: str) -> HubFault:
    return HubFault(code, text)


def _q(local: str, ns: str = MS_NS) -> str:
    return f"{{{ns}}}{local}"


_SECURITY = _q("Security", WSSE_NS)
_USERNAME_TOKEN = _q("UsernameToken", WSSE_NS)
_USERNAME = _q("Username", WSSE_NS)
_PASSWORD = _q("Password", WSSE_NS)
_CUSTOM_INFO = _q("CustomInfo")
_ENVELOPE = _q("Envelope", SOAP_NS)
_HEADER_BODY = [_q("Header", SOAP_NS), _q("Body", SOAP_NS)]
_BODY_ONLY = [_q("Body", SOAP_NS)]

# The service-namespace names of every element read here, qualified once rather than per request.
_QNAMES: dict[str, str] = {}


def _ms(local: str) -> str:
    name = _QNAMES.get(local)
    if name is None:
        name = _QNAMES[local] = _q(local)
    return name


def _first(parent: etree._Element, tag: str) -> etree._Element | None:
    # The first child named tag: what find(tag) gives, without compiling an ElementPath.
    for child in parent:
        if child.tag == tag:
            return child
    return None


def read_request(data: bytes, soap_action: str | None, *, max_size: int) -> SoapRequest:
    """The request in ``data``, or a :class:`HubFault` saying what is wrong with it."""
    try:
        root = parse_untrusted(data, max_size=max_size)
    except SecurityError as exc:
        if exc.reason == "size":
            raise _fault(ErrorCode.MESSAGE_TOO_LARGE, f"the request is too large: {exc}") from exc
        raise _fault(ErrorCode.MALFORMED_REQUEST, f"the SOAP envelope was refused: {exc}") from exc
    except XmlSyntaxError as exc:
        raise _fault(ErrorCode.MALFORMED_REQUEST, f"the SOAP envelope is not XML: {exc}") from exc
    if root.tag != _ENVELOPE:
        raise _fault(
            ErrorCode.MALFORMED_REQUEST, f"not a SOAP 1.1 Envelope: {etree.QName(root).text}"
        )
    header, body = _envelope_parts(root)
    operation = _operation(soap_action, body)
    username, password = _username_token(header)
    return SoapRequest(operation, username, password, header, body)


def _envelope_parts(root: etree._Element) -> tuple[etree._Element | None, etree._Element]:
    names, parts = _tagged(root)
    if names == _HEADER_BODY:
        header, body = parts
    elif names == _BODY_ONLY:
        header, body = None, parts[0]
    else:
        raise _fault(
            ErrorCode.MALFORMED_REQUEST, "a SOAP Envelope holds an optional Header, a Body"
        )
    content = _children(body)
    if len(content) != 1:
        raise _fault(
            ErrorCode.MALFORMED_REQUEST, f"the SOAP Body must hold one element, not {len(content)}"
        )
    return header, content[0]


def _operation(soap_action: str | None, body: etree._Element) -> str:
    action = (soap_action or "").strip().strip('"')
    known = _BY_ACTION.get(action)
    if known is not None and body.tag == known[1]:
        return known[0]  # what the checks below conclude for a well-formed request
    element = etree.QName(body)
    if action:
        name = action.rsplit("/", 1)[-1] if action.startswith(MS_NS + "/") else None
        if name not in OPERATIONS:
            raise _fault(ErrorCode.UNKNOWN_OPERATION, f"unknown SOAPAction {action!r}")
    else:
        # Without a SOAPAction the body element decides, where it names one operation only.
        matching = [op for op, local in OPERATIONS.items() if local == element.localname]
        if element.namespace != MS_NS or len(matching) != 1:
            raise _fault(
                ErrorCode.UNKNOWN_OPERATION,
                f"no SOAPAction, and the body element {element.text} names no single operation",
            )
        name = matching[0]
    if element.namespace != MS_NS or element.localname != OPERATIONS[name]:
        raise _fault(
            ErrorCode.MALFORMED_REQUEST,
            f"{name} takes a {{{MS_NS}}}{OPERATIONS[name]} body element, not {element.text}",
        )
    return name


def _username_token(header: etree._Element | None) -> tuple[str, str]:
    token = None
    if header is not None:
        # find("Security/UsernameToken"): the first token of the first Security that has one.
        for security in header.iterchildren(_SECURITY):
            token = _first(security, _USERNAME_TOKEN)
            if token is not None:
                break
    if token is None:
        raise _fault(ErrorCode.AUTH_FAILED, "no WS-Security UsernameToken in the SOAP Header")
    username = _first(token, _USERNAME)
    password = _first(token, _PASSWORD)
    if username is None or password is None:
        raise _fault(ErrorCode.AUTH_FAILED, "the UsernameToken needs a Username and a Password")
    if password.get("Type", WSSE_TEXT_TYPE) != WSSE_TEXT_TYPE:
        raise _fault(ErrorCode.AUTH_FAILED, "the sandbox hub accepts only PasswordText")
    return (username.text or "").strip(), password.text or ""


_CUSTOM_INFO_FIELDS = (
    ("IsTestMessage", 1, 1),
    ("LanguageCode", 0, 1),
    ("IsContentCompressed", 1, 1),
    ("ApplicationId", 0, 1),
    ("VersionId", 0, 1),
    ("RelationId", 0, 1),
)


def read_custom_info(header: etree._Element | None) -> CustomInfo:
    """The required CustomInfo header, checked (the hub does not route on it)."""
    element = _first(header, _CUSTOM_INFO) if header is not None else None
    if element is None:
        raise _fault(ErrorCode.MALFORMED_REQUEST, "the CustomInfo header is required")
    fields = _sequence(element, _CUSTOM_INFO_FIELDS)
    compressed_el = fields["IsContentCompressed"][0]
    compressed = None if compressed_el.get(_XSI_NIL) in ("true", "1") else _bool(compressed_el)
    if compressed:
        raise _fault(ErrorCode.MALFORMED_REQUEST, "the sandbox hub takes no compressed content")
    return CustomInfo(
        is_test_message=_bool(fields["IsTestMessage"][0]),
        is_content_compressed=compressed,
        language_code=_optional_text(fields, "LanguageCode"),
        application_id=_optional_text(fields, "ApplicationId"),
        version_id=_optional_text(fields, "VersionId"),
        relation_id=_optional_text(fields, "RelationId"),
    )


# -- the operations' body elements ----------------------------------------------------------------


def read_message(element: etree._Element) -> Envelope:
    """A ``Message`` element as an :class:`Envelope` (PostMessage's request)."""
    fields = _sequence(
        element, [("MsgProperties", 1, 1), ("MsgContent", 0, 1), ("Attachment", 0, None)]
    )
    props = _sequence(
        fields["MsgProperties"][0],
        [(name, 1, 1) for name in ("MsgId", "MsgDateTime", "MsgFormat", "MsgVersion", "MsgType")],
    )
    msg_id = _msg_id(_text(props["MsgId"][0]))
    content = fields["MsgContent"]
    # MsgFormat, MsgVersion and MsgType are checked by the core, as for MockHub.
    return envelope_or_fault(
        msg_id=msg_id,
        msg_datetime=_datetime(_text(props["MsgDateTime"][0]), msg_id),
        msg_format=_text(props["MsgFormat"][0]),
        msg_version=_text(props["MsgVersion"][0]),
        msg_type=_text(props["MsgType"][0]),
        content=_content(content[0].text or "") if content else b"",
        attachments=[_attachment(a) for a in fields["Attachment"]],
    )


def read_msg_type(element: etree._Element) -> str | None:
    """The MsgType filter of an ``AvailableMessagesRequest`` (``None``: all types)."""
    fields = _sequence(element, [("MsgType", 0, 1)])
    return _optional_text(fields, "MsgType") or None


def read_message_request(element: etree._Element) -> str:
    """The MsgId of a ``MessageRequest`` (GetMessage, DeleteMessage)."""
    fields = _sequence(element, [("MsgId", 1, 1), ("MsgFormat", 0, 1), ("MsgVersion", 0, 1)])
    return _msg_id(_text(fields["MsgId"][0]))


def _content(text: str) -> bytes:
    # The transport's own reading: XML as (escaped) text, anything else as base64.
    try:
        return decode_content(text)
    except ProtocolError as exc:
        raise _fault(ErrorCode.MALFORMED_REQUEST, exc.message) from exc


def _attachment(element: etree._Element) -> Attachment:
    names = ("URL", "DocumentType", "FileType", "FileName", "AttachedData")
    fields = _sequence(element, [(name, 0, 1) for name in names])
    data = fields["AttachedData"]
    return Attachment(
        url=_optional_text(fields, "URL"),
        document_type=_optional_text(fields, "DocumentType"),
        file_type=_optional_text(fields, "FileType"),
        file_name=_optional_text(fields, "FileName"),
        data=_base64(data[0].text or "", "AttachedData") if data else None,
    )


# -- small readers --------------------------------------------------------------------------------


def _children(element: etree._Element) -> list[etree._Element]:
    return _tagged(element)[1]


def _tagged(element: etree._Element) -> tuple[list[str], list[etree._Element]]:
    """The element children and their tags (lxml builds a tag string at each ``.tag``)."""
    # Comments and processing instructions are not content; stray text between elements is.
    text = element.text
    if text and not text.isspace():
        raise _fault(
            ErrorCode.MALFORMED_REQUEST, f"unexpected text in {etree.QName(element).localname}"
        )
    tags = []
    children = []
    for child in element:
        tag = child.tag
        if isinstance(tag, str):
            tags.append(tag)
            children.append(child)
        tail = child.tail
        if tail and not tail.isspace():
            raise _fault(
                ErrorCode.MALFORMED_REQUEST, f"unexpected text in {etree.QName(element).localname}"
            )
    return tags, children


def _sequence(
    element: etree._Element, spec: Sequence[tuple[str, int, int | None]]
) -> dict[str, list[etree._Element]]:
    """The children of ``element`` matched against an XSD-like sequence (name, min, max)."""
    tags, children = _tagged(element)
    found: dict[str, list[etree._Element]] = {}
    position = 0
    end = len(tags)
    for name, low, high in spec:
        tag = _ms(name)
        start = position
        while position < end and tags[position] == tag:
            position += 1
        count = position - start
        if count < low or (high is not None and count > high):
            where = etree.QName(element).localname
            raise _fault(
                ErrorCode.MALFORMED_REQUEST,
                f"{where} needs {name} ({low}..{high or 'n'}), found {count}",
            )
        found[name] = children[start:position]
    if position < end:
        raise _fault(
            ErrorCode.MALFORMED_REQUEST,
            f"unexpected element {etree.QName(children[position]).text}"
            f" in {etree.QName(element).localname}",
        )
    return found


def _text(element: etree._Element) -> str:
    if len(element):
        raise _fault(
            ErrorCode.MALFORMED_REQUEST, f"{etree.QName(element).localname} holds text only"
        )
    return (element.text or "").strip()


def _optional_text(fields: dict[str, list[etree._Element]], name: str) -> str | None:
    return _text(fields[name][0]) if fields[name] else None


def _bool(element: etree._Element) -> bool:
    value = _text(element)
    if value in ("true", "1"):
        return True
    if value in ("false", "0"):
        return False
    raise _fault(
        ErrorCode.MALFORMED_REQUEST, f"{etree.QName(element).localname} is not a boolean: {value!r}"
    )


def _msg_id(value: str) -> str:
    if not value:
        raise _properties("MsgId is missing", None)
    if len(value) > MSG_ID_MAX_LENGTH:
        raise _properties(f"MsgId has {len(value)} characters, at most {MSG_ID_MAX_LENGTH}", None)
    return value


def _datetime(value: str, msg_id: str) -> dt.datetime:
    problem = f"MsgDateTime is not an xs:dateTime: {value!r}"
    if not _DATETIME.fullmatch(value):
        raise _properties(problem, msg_id)
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError as exc:  # the shape is right, a field is out of range (month 13 ...)
        raise _properties(f"{problem} ({exc})", msg_id) from exc
    # An xs:dateTime without a zone is read as UTC (design: the contract is silent).
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _base64(text: str, name: str) -> bytes:
    try:
        return base64.b64decode("".join(text.split()), validate=True)
    except binascii.Error as exc:
        raise _fault(ErrorCode.MALFORMED_REQUEST, f"{name} is not valid base64: {exc}") from exc


def _properties(text: str, msg_id: str | None) -> HubFault:
    return HubFault(ErrorCode.INVALID_PROPERTIES, text, msg_id=msg_id)
