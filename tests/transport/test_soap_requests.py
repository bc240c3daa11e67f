"""The SOAP request of every operation, asserted element by element against the contract."""

from __future__ import annotations

import base64
import datetime as dt

import httpx
import pytest
from contract import MANAGER_GLN, PLUMBER_GLN, order
from lxml import etree
from soapserver import MS, SOAP, WSSE, SoapHub

from dico_sdk.errors import UsageError
from dico_sdk.hub import Account, HubCore, MemoryStorage
from dico_sdk.transport import (
    Attachment,
    CustomInfo,
    Envelope,
    HubProfile,
    MessageServiceTransport,
    RetryPolicy,
)
from dico_sdk.transport._soap import RequestFrame, build_request, message_element

ENDPOINT = "http://127.0.0.1:9/ms"
PASSWORD_TYPE = (
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0"
    "#PasswordText"
)
WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
WHEN = dt.datetime(2026, 5, 4, 8, 15, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))


def names(element: etree._Element) -> list[str]:
    return [child.tag for child in element]


def ms(*local: str) -> list[str]:
    return [f"{{{MS}}}{name}" for name in local]


@pytest.fixture
def server() -> SoapHub:
    accounts = [
        Account.create("vve", "geheim & <zeker>", [MANAGER_GLN], cost=2**4),
        Account.create("plumber", "pw", [PLUMBER_GLN], cost=2**4),
    ]
    return SoapHub(HubCore(accounts, MemoryStorage()))


def client(server: SoapHub, **options: object) -> MessageServiceTransport:
    return MessageServiceTransport(
        options.pop("profile", HubProfile.sandbox(ENDPOINT)),  # type: ignore[arg-type]
        username=str(options.pop("username", "vve")),
        password=str(options.pop("password", "geheim & <zeker>")),
        retry=RetryPolicy.no_retries(),
        http_transport=httpx.MockTransport(server.handler),
        **options,  # type: ignore[arg-type]
    )


def request_parts(request: httpx.Request) -> tuple[etree._Element, etree._Element]:
    root = etree.fromstring(request.content)
    assert root.tag == f"{{{SOAP}}}Envelope"
    assert names(root) == [f"{{{SOAP}}}Header", f"{{{SOAP}}}Body"]
    header, body = root
    assert len(body) == 1
    return header, body[0]


def check_http(request: httpx.Request, operation: str) -> None:
    assert request.method == "POST"
    assert str(request.url) == ENDPOINT
    assert request.headers["Content-Type"] == "text/xml; charset=utf-8"
    assert request.headers["SOAPAction"] == f'"{MS}/{operation}"'
    assert request.content.startswith(b"<?xml version='1.0' encoding='utf-8'?>")


def test_header_has_the_username_token_and_custom_info(server: SoapHub) -> None:
    info = CustomInfo(
        is_test_message=True,
        language_code="NL",
        application_id="Twinq",
        version_id="4.2",
        relation_id="K-123",
    )
    with client(server, custom_info=info) as transport:
        transport.list_available()
    header, _ = request_parts(server.requests[0])
    assert names(header) == [f"{{{WSSE}}}Security", *ms("CustomInfo")]
    security, custom = header
    assert names(security) == [f"{{{WSSE}}}UsernameToken"]
    token = security[0]
    assert names(token) == [f"{{{WSSE}}}Username", f"{{{WSSE}}}Password"]
    assert token[0].text == "vve"
    assert token[1].text == "geheim & <zeker>"
    assert token[1].get("Type") == PASSWORD_TYPE
    assert b"geheim &amp; &lt;zeker&gt;" in server.requests[0].content
    assert names(custom) == ms(
        "IsTestMessage",
        "LanguageCode",
        "IsContentCompressed",
        "ApplicationId",
        "VersionId",
        "RelationId",
    )
    assert [c.text for c in custom] == ["true", "NL", "false", "Twinq", "4.2", "K-123"]


def test_custom_info_leaves_out_what_is_not_configured(server: SoapHub) -> None:
    with client(server, custom_info=CustomInfo()) as transport:
        transport.list_available()
    header, _ = request_parts(server.requests[0])
    custom = header[1]
    assert names(custom) == ms("IsTestMessage", "IsContentCompressed")
    assert [c.text for c in custom] == ["false", "false"]


def test_the_sandbox_profile_marks_test_messages(server: SoapHub) -> None:
    with client(server) as transport:
        transport.list_available()
    header, _ = request_parts(server.requests[0])
    assert [c.text for c in header[1]] == ["true", "NL", "false"]


def test_optional_timestamp(server: SoapHub) -> None:
    profile = HubProfile(name="stamped", endpoint=ENDPOINT, timestamp=True)
    with client(server, profile=profile) as transport:
        transport.list_available()
    header, _ = request_parts(server.requests[0])
    security = header[0]
    assert names(security) == [f"{{{WSU}}}Timestamp", f"{{{WSSE}}}UsernameToken"]
    created, expires = (dt.datetime.fromisoformat(c.text or "") for c in security[0])
    assert expires - created == dt.timedelta(minutes=5)
    assert created.utcoffset() == dt.timedelta(0)


def test_post_message_escapes_the_payload_as_text(server: SoapHub) -> None:
    payload = order(description="Kraan &amp; afvoer &lt;lekt&gt; — Ærø straße 3½")
    photo = Attachment(
        data=b"\x00\xff\x10binary",
        file_name="foto.jpg",
        file_type="jpg",
        document_type="PHO",
        url="https://example.org/f?a=1&b=2",
    )
    sent = Envelope(
        msg_id="7a1e0c9e-4d6f-4b0e-9d6a-0c8f7f3e2b11",
        msg_datetime=WHEN,
        msg_format="SALES",
        msg_version="005",
        msg_type="MAINTENANCEINSTRUCTION",
        content=payload,
        attachments=(photo,),
    )
    with client(server) as transport:
        transport.post(sent)
    request = server.requests[0]
    check_http(request, "PostMessage")
    _, message = request_parts(request)
    assert message.tag == f"{{{MS}}}Message"
    assert names(message) == ms("MsgProperties", "MsgContent", "Attachment")
    properties, content, attachment = message
    assert names(properties) == ms("MsgId", "MsgDateTime", "MsgFormat", "MsgVersion", "MsgType")
    assert [p.text for p in properties] == [
        "7a1e0c9e-4d6f-4b0e-9d6a-0c8f7f3e2b11",
        "2026-05-04T08:15:00+02:00",
        "SALES",
        "005",
        "MAINTENANCEINSTRUCTION",
    ]
    # The payload is text inside MsgContent, not a nested element; its markup is escaped.
    assert len(content) == 0
    assert content.text == payload.decode("utf-8")
    raw = request.content
    assert b"&lt;MaintenanceInstruction xmlns=" in raw
    assert b"Kraan &amp;amp; afvoer &amp;lt;lekt&amp;gt;" in raw
    assert "— Ærø straße 3½".encode() in raw  # non-ASCII as UTF-8, not as character references
    assert names(attachment) == ms("URL", "DocumentType", "FileType", "FileName", "AttachedData")
    assert [a.text for a in attachment] == [
        "https://example.org/f?a=1&b=2",
        "PHO",
        "jpg",
        "foto.jpg",
        base64.b64encode(photo.data or b"").decode(),
    ]


def test_non_xml_content_travels_as_base64() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(
            200,
            content=(
                f'<s:Envelope xmlns:s="{SOAP}"><s:Body><MessageResponse xmlns="{MS}">'
                "<MessageResult>true</MessageResult></MessageResponse></s:Body></s:Envelope>"
            ).encode(),
        )

    content = "PDF-ish \x01 bytes é".encode("latin-1")
    with MessageServiceTransport(
        HubProfile.sandbox(ENDPOINT),
        username="u",
        password="p",
        http_transport=httpx.MockTransport(handler),
    ) as transport:
        transport.post(Envelope.new(content, msg_type="CUSTOM", msg_datetime=WHEN))
    message = etree.fromstring(seen[0].content).find(f".//{{{MS}}}MsgContent")
    assert message is not None
    assert base64.b64decode(message.text or "") == content


@pytest.mark.parametrize("msg_type", [None, "INVOIC"])
def test_get_available_messages(server: SoapHub, msg_type: str | None) -> None:
    with client(server) as transport:
        transport.list_available(msg_type)
    request = server.requests[0]
    check_http(request, "GetAvailableMessages")
    _, body = request_parts(request)
    assert body.tag == f"{{{MS}}}AvailableMessagesRequest"
    if msg_type is None:
        assert names(body) == []
    else:
        assert names(body) == ms("MsgType")
        assert body[0].text == msg_type


@pytest.mark.parametrize("operation", ["GetMessage", "DeleteMessage"])
def test_message_request(server: SoapHub, operation: str) -> None:
    sent = Envelope.new(order(), msg_type="MAINTENANCEINSTRUCTION")
    with client(server) as manager:
        manager.post(sent)
    with client(server, username="plumber", password="pw") as plumber:
        if operation == "GetMessage":
            plumber.get(sent.msg_id)
        else:
            plumber.delete(sent.msg_id)
    request = server.requests[-1]
    check_http(request, operation)
    _, body = request_parts(request)
    assert body.tag == f"{{{MS}}}MessageRequest"
    assert names(body) == ms("MsgId")
    assert body[0].text == sent.msg_id


@pytest.mark.parametrize(
    "envelope",
    [
        Envelope.new(b"<x/>", msg_type="BAD\x01TYPE"),
        Envelope.new(b"<x/>", msg_type="T", attachments=[Attachment(file_name="a\x00b")]),
    ],
)
def test_text_xml_cannot_carry_is_a_usage_error(server: SoapHub, envelope: Envelope) -> None:
    with client(server) as transport, pytest.raises(UsageError, match="XML cannot carry"):
        transport.post(envelope)
    assert server.requests == []


def test_a_password_xml_cannot_carry_is_not_echoed(server: SoapHub) -> None:
    transport = client(server, password="pw\x02secret")
    with transport, pytest.raises(UsageError) as excinfo:
        transport.list_available()
    assert "secret" not in str(excinfo.value)


@pytest.mark.parametrize("info", [CustomInfo(), CustomInfo(True, "nl", False, "app", "1.2", "r")])
def test_the_prebuilt_header_frame_writes_what_build_request_writes(info: CustomInfo) -> None:
    # The transport serialises the Header once per client (RequestFrame); every request must
    # still be the document build_request would have written, whatever the body.
    frame = RequestFrame(username="vve", password="geheim & <zeker>", custom_info=info)
    envelope = Envelope.new(b"<a>&amp; \xc3\xa9</a>", msg_type="T")
    bodies = [
        lambda: message_element(envelope),
        lambda: etree.Element(f"{{{MS}}}AvailableMessagesRequest", nsmap={"ms": MS}),
    ]
    for body in bodies:
        element = body()
        expected = build_request(
            "PostMessage", body(), username="vve", password="geheim & <zeker>", custom_info=info
        )
        framed = frame.wrap(element)
        assert framed.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
        assert etree.tostring(etree.fromstring(framed), method="c14n") == etree.tostring(
            etree.fromstring(expected), method="c14n"
        )
    assert "geheim" not in repr(frame)
