"""Property: any envelope survives the wire (build, serialise, hardened parse, read) exactly."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from dico_sdk._xmlsafe import parse_untrusted
from dico_sdk.transport import Attachment, Envelope
from dico_sdk.transport._soap import decode_content, encode_content, message_element, parse_message

# Text XML 1.0 can carry: no control characters but tab, newline and carriage return.
xml_char = st.characters(
    min_codepoint=0x20, blacklist_categories=("Cs",), blacklist_characters="\ufffe\uffff"
) | st.sampled_from("\t\n\r")
xml_text = st.text(xml_char, max_size=40)
names = st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=50)


@st.composite
def payloads(draw: st.DrawFn) -> bytes:
    if draw(st.booleans()):
        return draw(st.binary(max_size=200))
    body = draw(xml_text).replace("&", "&amp;").replace("<", "&lt;")
    return f'<?xml version="1.0"?>\n<Doc a="1">{body}</Doc>\r\n'.encode()


attachments = st.builds(
    Attachment,
    data=st.none() | st.binary(max_size=100),
    file_name=st.none() | xml_text,
    file_type=st.none() | xml_text,
    document_type=st.none() | xml_text,
    url=st.none() | xml_text,
)
envelopes = st.builds(
    Envelope,
    msg_id=names,
    msg_datetime=st.datetimes(timezones=st.just(dt.UTC)),
    msg_format=names,
    msg_version=names,
    msg_type=names,
    content=payloads(),
    attachments=st.lists(attachments, max_size=3).map(tuple),
)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300))
def test_content_encoding_is_lossless(content: bytes) -> None:
    assert decode_content(encode_content(content)) == content


@settings(max_examples=150, deadline=None)
@given(envelopes)
def test_envelope_round_trips_through_the_wire(envelope: Envelope) -> None:
    data = etree.tostring(message_element(envelope), encoding="utf-8")
    assert parse_message(parse_untrusted(data)) == envelope
