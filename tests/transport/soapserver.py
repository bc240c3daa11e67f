"""A small MessageService 3.1 server as an ``httpx.MockTransport`` handler, over HubCore.

Written independently of the client's reader where it matters (namespaces, SOAPAction, the
WS-Security header are checked with plain lxml), so that the SOAP client is tested against the
contract, not against itself. ``requests`` keeps every request for assertions.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Callable

import httpx
from lxml import etree

from dico_sdk._xmlsafe import parse_untrusted
from dico_sdk.errors import SecurityError, XmlSyntaxError
from dico_sdk.hub import Account, HubCore, HubFault, envelope_or_fault
from dico_sdk.transport import Attachment, Envelope, ErrorCode, MessageInfo

SOAP = "http://schemas.xmlsoap.org/soap/envelope/"
MS = "https://www.ketenstandaard.nl/WS/MessageService/3.1"
WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
BODIES = {
    "PostMessage": "Message",
    "GetAvailableMessages": "AvailableMessagesRequest",
    "GetMessage": "MessageRequest",
    "DeleteMessage": "MessageRequest",
}


def q(name: str, ns: str = MS) -> str:
    return f"{{{ns}}}{name}"


def _el(parent: etree._Element, name: str, text: str | None = None) -> etree._Element:
    child = etree.SubElement(parent, q(name))
    child.text = text
    return child


def _document(payload: etree._Element) -> bytes:
    envelope = etree.Element(q("Envelope", SOAP), nsmap={"soap": SOAP, "ms": MS})
    etree.SubElement(envelope, q("Body", SOAP)).append(payload)
    return etree.tostring(envelope, xml_declaration=True, encoding="utf-8")


def fault_response(code: ErrorCode, text: str, status: int = 500) -> httpx.Response:
    fault = etree.Element(q("Fault", SOAP))
    etree.SubElement(fault, "faultcode").text = code.fault_code
    etree.SubElement(fault, "faultstring").text = text
    error = _el(etree.SubElement(fault, "detail"), "FaultError")
    _el(error, "FaultCode", code.fault_code)
    _el(error, "FaultString", text)
    details = _el(error, "FaultDetails")
    _el(details, "ErrorCode", str(code))
    _el(details, "Message", text)
    return httpx.Response(
        status, content=_document(fault), headers={"Content-Type": "text/xml; charset=utf-8"}
    )


def _ok(payload: etree._Element) -> httpx.Response:
    return httpx.Response(
        200, content=_document(payload), headers={"Content-Type": "text/xml; charset=utf-8"}
    )


def _properties(parent: etree._Element, info: MessageInfo) -> None:
    _el(parent, "MsgId", info.msg_id)
    _el(parent, "MsgDateTime", info.msg_datetime.isoformat())
    _el(parent, "MsgFormat", info.msg_format)
    _el(parent, "MsgVersion", info.msg_version)
    _el(parent, "MsgType", info.msg_type)


def _text(parent: etree._Element, name: str) -> str | None:
    child = parent.find(q(name))
    return None if child is None else child.text or ""


def _read_message(element: etree._Element) -> Envelope:
    props = element.find(q("MsgProperties"))
    if props is None:
        raise HubFault(ErrorCode.MALFORMED_REQUEST, "no MsgProperties")
    content = _text(element, "MsgContent") or ""
    raw = content.encode() if content.lstrip().startswith("<") else base64.b64decode(content)
    attachments = []
    for item in element.findall(q("Attachment")):
        data = _text(item, "AttachedData")
        attachments.append(
            {
                "url": _text(item, "URL"),
                "document_type": _text(item, "DocumentType"),
                "file_type": _text(item, "FileType"),
                "file_name": _text(item, "FileName"),
                "data": None if data is None else base64.b64decode(data),
            }
        )
    return envelope_or_fault(
        msg_id=_text(props, "MsgId") or "",
        msg_datetime=dt.datetime.fromisoformat(_text(props, "MsgDateTime") or ""),
        msg_format=_text(props, "MsgFormat") or "",
        msg_version=_text(props, "MsgVersion") or "",
        msg_type=_text(props, "MsgType") or "",
        content=raw,
        attachments=[Attachment(**a) for a in attachments],  # type: ignore[arg-type]
    )


def _message(parent: etree._Element, name: str, envelope: Envelope) -> None:
    message = _el(parent, name)
    _properties(_el(message, "MsgProperties"), envelope.info)
    _el(message, "MsgContent", envelope.content.decode())
    for item in envelope.attachments:
        node = _el(message, "Attachment")
        for name, value in [
            ("URL", item.url),
            ("DocumentType", item.document_type),
            ("FileType", item.file_type),
            ("FileName", item.file_name),
        ]:
            if value is not None:
                _el(node, name, value)
        if item.data is not None:
            _el(node, "AttachedData", base64.b64encode(item.data).decode())


class SoapHub:
    """``handler`` answers MessageService 3.1 requests from ``core`` (an httpx handler)."""

    def __init__(self, core: HubCore) -> None:
        self.core = core
        self.requests: list[httpx.Request] = []

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        try:
            return self._dispatch(request)
        except HubFault as fault:
            status = 413 if fault.error_code is ErrorCode.MESSAGE_TOO_LARGE else 500
            return fault_response(fault.error_code, fault.message, status)

    def _dispatch(self, request: httpx.Request) -> httpx.Response:
        action = request.headers.get("SOAPAction", "").strip('"')
        operation = action.rsplit("/", 1)[-1]
        if not action.startswith(MS + "/") or operation not in BODIES:
            raise HubFault(ErrorCode.UNKNOWN_OPERATION, f"no operation {action!r}")
        try:
            root = parse_untrusted(request.content)
        except SecurityError as exc:
            code = (
                ErrorCode.MESSAGE_TOO_LARGE if exc.reason == "size" else ErrorCode.MALFORMED_REQUEST
            )
            raise HubFault(code, exc.message) from exc
        except XmlSyntaxError as exc:
            raise HubFault(ErrorCode.MALFORMED_REQUEST, exc.message) from exc
        body = root.find(q("Body", SOAP))
        header = root.find(q("Header", SOAP))
        if body is None or header is None or len(body) != 1:
            raise HubFault(ErrorCode.MALFORMED_REQUEST, "no SOAP header or body")
        payload = body[0]
        if payload.tag != q(BODIES[operation]):
            raise HubFault(ErrorCode.UNKNOWN_OPERATION, f"{operation} with {payload.tag}")
        token = header.find(f"{q('Security', WSSE)}/{q('UsernameToken', WSSE)}")
        if token is None or header.find(q("CustomInfo")) is None:
            raise HubFault(ErrorCode.MALFORMED_REQUEST, "no UsernameToken or CustomInfo")
        account = self.core.authenticate(
            token.findtext(q("Username", WSSE)) or "", token.findtext(q("Password", WSSE)) or ""
        )
        handlers: dict[str, Callable[[etree._Element], httpx.Response]] = {
            "PostMessage": lambda p: self._post(account, p),
            "GetAvailableMessages": lambda p: self._list(account, p),
            "GetMessage": lambda p: self._get(account, p),
            "DeleteMessage": lambda p: self._delete(account, p),
        }
        return handlers[operation](payload)

    def _post(self, account: Account, payload: etree._Element) -> httpx.Response:
        envelope = _read_message(payload)
        self.core.post(account, envelope)
        response = etree.Element(q("MessageResponse"))
        _el(response, "MessageResult", "true")
        return _ok(response)

    def _list(self, account: Account, payload: etree._Element) -> httpx.Response:
        infos = self.core.list_available(account, _text(payload, "MsgType"))
        response = etree.Element(q("AvailableMessagesResponse"))
        for info in infos:
            _properties(_el(response, "MessageList"), info)
        return _ok(response)

    def _get(self, account: Account, payload: etree._Element) -> httpx.Response:
        envelope = self.core.get(account, _text(payload, "MsgId") or "")
        response = etree.Element(q("MessageRequestResponse"))
        _message(response, "MessageRequestResult", envelope)
        return _ok(response)

    def _delete(self, account: Account, payload: etree._Element) -> httpx.Response:
        self.core.delete(account, _text(payload, "MsgId") or "")
        response = etree.Element(q("MessageResponse"))
        _el(response, "MessageResult", "true")
        return _ok(response)
