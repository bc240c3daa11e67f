"""Writing the hub's MessageService 3.1 responses and SOAP 1.1 faults.

The three answers of the hot path (PostMessage, GetAvailableMessages, GetMessage) are written as
text from fixed parts, with each value escaped as lxml escapes a text node: an lxml tree took
20-27 us per answer here (about 10 us per listed message), the text a half to a third of that.
The bytes are the same as lxml's (the tests compare both writers). Faults, rare and quoting
hostile input, are still built with lxml.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable

from lxml import etree

from dico_sdk._xmltext import NOT_XML, NotXmlText, escape_text
from dico_sdk.transport import Attachment, Envelope, MessageInfo
from dico_sdk.transport._soap import MS_NS, SOAP_NS, encode_content

__all__ = [
    "available_response",
    "fault_response",
    "message_request_response",
    "message_response",
]

_NSMAP = {"soap": SOAP_NS, "ms": MS_NS}


# What lxml writes around a Body's child: the declaration, both prefixes declared on the root.
_HEAD = (
    "<?xml version='1.0' encoding='utf-8'?>\n"
    f'<soap:Envelope xmlns:soap="{SOAP_NS}" xmlns:ms="{MS_NS}"><soap:Body>'
)
_TAIL = "</soap:Body></soap:Envelope>"


def _el(local: str, text: str | None) -> str:
    if text is None:
        return f"<ms:{local}/>"
    try:
        escaped = escape_text(text)
    except NotXmlText as exc:
        # Where lxml refuses to set such a text: a failure of the hub, never sent as is.
        raise ValueError(f"{local} has characters XML cannot carry: {text[:60]!r}") from exc
    return f"<ms:{local}>{escaped}</ms:{local}>"


def _properties(info: MessageInfo) -> str:
    return (
        _el("MsgId", info.msg_id)
        + _el("MsgDateTime", info.msg_datetime.isoformat())
        + _el("MsgFormat", info.msg_format)
        + _el("MsgVersion", info.msg_version)
        + _el("MsgType", info.msg_type)
    )


def _document(body: str) -> bytes:
    return (_HEAD + body + _TAIL).encode("utf-8")


def message_response(echo: Envelope | None = None, *, result: bool = True) -> bytes:
    """``MessageResponse`` (PostMessage, DeleteMessage), echoing the properties of ``echo``."""
    # PostMessage echoes the message's properties, not its content (the contract's 0..1 Message).
    parts = ["<ms:MessageResponse>", _el("MessageResult", "true" if result else "false")]
    if echo is not None:
        parts += ["<ms:Message><ms:MsgProperties>", _properties(echo.info), "</ms:MsgProperties>"]
        parts.append("</ms:Message>")
    parts.append("</ms:MessageResponse>")
    return _document("".join(parts))


def available_response(infos: Iterable[MessageInfo]) -> bytes:
    """``AvailableMessagesResponse`` with one ``MessageList`` per waiting message."""
    lists = "".join(f"<ms:MessageList>{_properties(info)}</ms:MessageList>" for info in infos)
    if not lists:
        return _document("<ms:AvailableMessagesResponse/>")
    return _document(f"<ms:AvailableMessagesResponse>{lists}</ms:AvailableMessagesResponse>")


def message_request_response(envelope: Envelope) -> bytes:
    """``MessageRequestResponse`` / ``MessageRequestResult`` (GetMessage): the whole message."""
    # The element the transport's message_element() builds, with its MsgContent encoding.
    parts = [
        "<ms:MessageRequestResponse><ms:MessageRequestResult><ms:MsgProperties>",
        _properties(envelope.info),
        "</ms:MsgProperties>",
    ]
    if envelope.content:
        # encode_content() gives base64 or text it checked for characters XML cannot carry.
        content = escape_text(encode_content(envelope.content))
        parts.append(f"<ms:MsgContent>{content}</ms:MsgContent>")
    parts += [_attachment(item) for item in envelope.attachments]
    parts.append("</ms:MessageRequestResult></ms:MessageRequestResponse>")
    return _document("".join(parts))


def _attachment(item: Attachment) -> str:
    fields = [
        _el(name, value)
        for name, value in (
            ("URL", item.url),
            ("DocumentType", item.document_type),
            ("FileType", item.file_type),
            ("FileName", item.file_name),
        )
        if value is not None
    ]
    if item.data is not None:
        fields.append(_el("AttachedData", base64.b64encode(item.data).decode("ascii")))
    if not fields:
        return "<ms:Attachment/>"
    return "<ms:Attachment>" + "".join(fields) + "</ms:Attachment>"


def fault_response(fault_code: str, error_code: str, text: str) -> bytes:
    """A SOAP 1.1 Fault with the hub's ``FaultError`` detail (FaultDetails/ErrorCode, Message)."""
    text = NOT_XML.sub("\N{REPLACEMENT CHARACTER}", text)  # it may quote hostile input
    fault = etree.Element(f"{{{SOAP_NS}}}Fault", nsmap=_NSMAP)
    # faultcode, faultstring and detail are unqualified in SOAP 1.1.
    etree.SubElement(fault, "faultcode").text = fault_code
    etree.SubElement(fault, "faultstring").text = text
    error = _sub(etree.SubElement(fault, "detail"), "FaultError")
    _sub(error, "FaultCode", fault_code)
    _sub(error, "FaultString", text)
    details = _sub(error, "FaultDetails")
    _sub(details, "ErrorCode", error_code)
    _sub(details, "Message", text)
    root = etree.Element(f"{{{SOAP_NS}}}Envelope", nsmap=_NSMAP)
    etree.SubElement(root, f"{{{SOAP_NS}}}Body").append(fault)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


def _sub(parent: etree._Element, local: str, text: str | None = None) -> etree._Element:
    child = etree.SubElement(parent, f"{{{MS_NS}}}{local}")
    if text is not None:
        child.text = text
    return child
