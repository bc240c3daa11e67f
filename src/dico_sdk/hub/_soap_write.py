"""Writing the hub's MessageService 3.1 responses and SOAP 1.1 faults."""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml import etree

from dico_sdk.transport import Envelope, MessageInfo
from dico_sdk.transport._soap import MS_NS, SOAP_NS, message_element

__all__ = [
    "available_response",
    "fault_response",
    "message_request_response",
    "message_response",
]

_NSMAP = {"soap": SOAP_NS, "ms": MS_NS}

# Characters XML 1.0 cannot carry: a fault's text may quote hostile input.
_XML_UNSAFE = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _envelope(payload: etree._Element) -> bytes:
    root = etree.Element(f"{{{SOAP_NS}}}Envelope", nsmap=_NSMAP)
    etree.SubElement(root, f"{{{SOAP_NS}}}Body").append(payload)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


def _el(parent: etree._Element, local: str, text: str | None = None) -> etree._Element:
    child = etree.SubElement(parent, f"{{{MS_NS}}}{local}")
    if text is not None:
        child.text = text
    return child


def _properties(parent: etree._Element, info: MessageInfo) -> None:
    _el(parent, "MsgId", info.msg_id)
    _el(parent, "MsgDateTime", info.msg_datetime.isoformat())
    _el(parent, "MsgFormat", info.msg_format)
    _el(parent, "MsgVersion", info.msg_version)
    _el(parent, "MsgType", info.msg_type)


def _echo(parent: etree._Element, envelope: Envelope) -> None:
    # PostMessage echoes the message's properties, not its content (the contract's 0..1 Message).
    message = _el(parent, "Message")
    _properties(_el(message, "MsgProperties"), envelope.info)


def message_response(echo: Envelope | None = None, *, result: bool = True) -> bytes:
    """``MessageResponse`` (PostMessage, DeleteMessage), echoing the properties of ``echo``."""
    response = etree.Element(f"{{{MS_NS}}}MessageResponse", nsmap=_NSMAP)
    _el(response, "MessageResult", "true" if result else "false")
    if echo is not None:
        _echo(response, echo)
    return _envelope(response)


def available_response(infos: Iterable[MessageInfo]) -> bytes:
    """``AvailableMessagesResponse`` with one ``MessageList`` per waiting message."""
    response = etree.Element(f"{{{MS_NS}}}AvailableMessagesResponse", nsmap=_NSMAP)
    for info in infos:
        _properties(_el(response, "MessageList"), info)
    return _envelope(response)


def message_request_response(envelope: Envelope) -> bytes:
    """``MessageRequestResponse`` / ``MessageRequestResult`` (GetMessage): the whole message."""
    response = etree.Element(f"{{{MS_NS}}}MessageRequestResponse", nsmap=_NSMAP)
    # The transport's own writer: the hub's output is exactly what its client reads.
    response.append(message_element(envelope, "MessageRequestResult"))
    return _envelope(response)


def fault_response(fault_code: str, error_code: str, text: str) -> bytes:
    """A SOAP 1.1 Fault with the hub's ``FaultError`` detail (FaultDetails/ErrorCode, Message)."""
    text = _XML_UNSAFE.sub("\N{REPLACEMENT CHARACTER}", text)
    fault = etree.Element(f"{{{SOAP_NS}}}Fault", nsmap=_NSMAP)
    # faultcode, faultstring and detail are unqualified in SOAP 1.1.
    etree.SubElement(fault, "faultcode").text = fault_code
    etree.SubElement(fault, "faultstring").text = text
    error = _el(etree.SubElement(fault, "detail"), "FaultError")
    _el(error, "FaultCode", fault_code)
    _el(error, "FaultString", text)
    details = _el(error, "FaultDetails")
    _el(details, "ErrorCode", error_code)
    _el(details, "Message", text)
    return _envelope(fault)
