"""The hub's responses are written as text: byte for byte what an lxml tree would serialise to.

The oracle below is how the hub built them before (an lxml tree, the transport's own
``message_element`` for GetMessage), so a change on either side shows up here.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from dico_sdk.hub._soap_write import (
    available_response,
    message_request_response,
    message_response,
)
from dico_sdk.transport import Attachment, Envelope, MessageInfo
from dico_sdk.transport._soap import MS_NS, SOAP_NS, message_element

_NSMAP = {"soap": SOAP_NS, "ms": MS_NS}
_XML_CHARS = re.compile("[\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]*")


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
    for local, value in (
        ("MsgId", info.msg_id),
        ("MsgDateTime", info.msg_datetime.isoformat()),
        ("MsgFormat", info.msg_format),
        ("MsgVersion", info.msg_version),
        ("MsgType", info.msg_type),
    ):
        _el(parent, local, value)


def lxml_message_response(echo: Envelope | None, result: bool) -> bytes:
    response = etree.Element(f"{{{MS_NS}}}MessageResponse", nsmap=_NSMAP)
    _el(response, "MessageResult", "true" if result else "false")
    if echo is not None:
        _properties(_el(_el(response, "Message"), "MsgProperties"), echo.info)
    return _envelope(response)


def lxml_available_response(infos: list[MessageInfo]) -> bytes:
    response = etree.Element(f"{{{MS_NS}}}AvailableMessagesResponse", nsmap=_NSMAP)
    for info in infos:
        _properties(_el(response, "MessageList"), info)
    return _envelope(response)


def lxml_message_request_response(envelope: Envelope) -> bytes:
    response = etree.Element(f"{{{MS_NS}}}MessageRequestResponse", nsmap=_NSMAP)
    response.append(message_element(envelope, "MessageRequestResult"))
    return _envelope(response)


# Text XML can carry, with the characters an escaper can get wrong well represented.
xml_text = st.text(
    alphabet=st.one_of(
        st.sampled_from("&<>\r\n\t\"' ]]>;#"),
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
    ),
    max_size=30,
).filter(lambda text: _XML_CHARS.fullmatch(text) is not None)
short = xml_text.filter(lambda text: text.strip() == text and text != "")
moments = st.datetimes(
    min_value=dt.datetime(1, 1, 2),
    max_value=dt.datetime(9999, 12, 30),
    timezones=st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=-5, minutes=-30))]),
)
contents = st.one_of(
    st.just(b""),
    xml_text.map(lambda text: ("<r>" + text).encode()),  # XML: sent as escaped text
    st.binary(max_size=40),  # anything else: base64
)
attachments = st.builds(
    Attachment,
    url=st.none() | xml_text,
    document_type=st.none() | xml_text,
    file_type=st.none() | xml_text,
    file_name=st.none() | xml_text,
    data=st.none() | st.binary(max_size=20),
)
envelopes = st.builds(
    Envelope,
    msg_id=short.map(lambda text: text[:50]),
    msg_datetime=moments,
    msg_format=st.sampled_from(["XML", "PDF"]),
    msg_version=short,
    msg_type=short,
    content=contents,
    attachments=st.lists(attachments, max_size=3).map(tuple),
)

_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(envelopes)
def test_get_message_answer_is_what_lxml_writes(envelope: Envelope) -> None:
    assert message_request_response(envelope) == lxml_message_request_response(envelope)


@_SETTINGS
@given(st.none() | envelopes, st.booleans())
def test_message_response_is_what_lxml_writes(echo: Envelope | None, result: bool) -> None:
    assert message_response(echo, result=result) == lxml_message_response(echo, result)


@_SETTINGS
@given(st.lists(envelopes.map(lambda envelope: envelope.info), max_size=4))
def test_listing_is_what_lxml_writes(infos: list[MessageInfo]) -> None:
    assert available_response(infos) == lxml_available_response(infos)


def test_a_value_xml_cannot_carry_is_refused_not_written() -> None:
    # lxml refused to set such a text; the text writer must not send malformed XML instead.
    info = MessageInfo(
        msg_id="m\x01",
        msg_datetime=dt.datetime(2026, 12, 3, tzinfo=dt.UTC),
        msg_format="XML",
        msg_version="1.0",
        msg_type="MAINTENANCEINSTRUCTION",
    )
    with pytest.raises(ValueError, match="MsgId"):
        available_response([info])
