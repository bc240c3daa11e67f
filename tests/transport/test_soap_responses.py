"""Reading hub answers: tolerant of host differences, strict about what is not MessageService."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from soapserver import MS, SOAP

from dico_sdk.errors import (
    AuthenticationError,
    HubFaultError,
    HubUnavailableError,
    MessageNotFoundError,
    ProtocolError,
    SecurityError,
    UsageError,
)
from dico_sdk.transport import (
    AsyncMessageServiceTransport,
    ClientCertificate,
    Envelope,
    HubProfile,
    MessageServiceTransport,
    RetryPolicy,
)

ENDPOINT = "http://127.0.0.1:9/ms"
MSG_ID = "0f8fad5b-d9cb-469f-a165-70867728950e"


def transport_for(
    status: int, body: str | bytes, headers: dict[str, str] | None = None
) -> MessageServiceTransport:
    data = body.encode() if isinstance(body, str) else body

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, content=data, headers=headers or {})

    return MessageServiceTransport(
        HubProfile.sandbox(ENDPOINT),
        username="u",
        password="p",
        retry=RetryPolicy.no_retries(),
        http_transport=httpx.MockTransport(handler),
    )


def soap(body: str, prefix: str = "soap") -> str:
    return (
        f'<?xml version="1.0"?><{prefix}:Envelope xmlns:{prefix}="{SOAP}">'
        f"<{prefix}:Header/><{prefix}:Body>{body}</{prefix}:Body></{prefix}:Envelope>"
    )


PROPS = (
    f"<MsgId>{MSG_ID}</MsgId><MsgDateTime>2026-02-03T10:00:00Z</MsgDateTime>"
    "<MsgFormat>SALES</MsgFormat><MsgVersion>005</MsgVersion><MsgType>INVOIC</MsgType>"
)


def test_type_suffixed_names_and_unknown_elements_are_accepted() -> None:
    body = (
        f'<m:AvailableMessagesResponseType xmlns:m="{MS}">'
        f"<m:Paging>ignored</m:Paging>"
        f"<MessageListType xmlns='{MS}'>{PROPS}<Priority>high</Priority></MessageListType>"
        "<!-- a comment -->"
        f"<MessageList xmlns='{MS}'><MsgProperties>{PROPS}</MsgProperties></MessageList>"
        "</m:AvailableMessagesResponseType>"
    )
    with transport_for(200, soap(body, prefix="s")) as transport:
        listing = transport.list_available()
    assert [m.msg_id for m in listing] == [MSG_ID, MSG_ID]
    assert listing[0].msg_datetime == dt.datetime(2026, 2, 3, 10, tzinfo=dt.UTC)
    assert listing[0].msg_type == "INVOIC"


def test_a_comment_inside_a_msg_id_does_not_cut_it_short() -> None:
    props = PROPS.replace(MSG_ID, f"{MSG_ID[:8]}<!-- x -->{MSG_ID[8:]}")
    body = f"<AvailableMessagesResponse xmlns='{MS}'><MessageList>{props}</MessageList>"
    body += "</AvailableMessagesResponse>"
    with transport_for(200, soap(body)) as transport:
        assert [m.msg_id for m in transport.list_available()] == [MSG_ID]


@pytest.mark.parametrize("msg_id", ["", "   "])
def test_a_listing_entry_without_a_msg_id_is_a_protocol_error(msg_id: str) -> None:
    props = PROPS.replace(MSG_ID, msg_id)
    body = f"<AvailableMessagesResponse xmlns='{MS}'><MessageList>{props}</MessageList>"
    body += "</AvailableMessagesResponse>"
    with transport_for(200, soap(body)) as transport, pytest.raises(ProtocolError, match="MsgId"):
        transport.list_available()


def test_get_message_tolerates_a_wrapper_and_a_missing_offset() -> None:
    props = PROPS.replace("2026-02-03T10:00:00Z", "2026-02-03T10:00:00")
    body = (
        f'<MessageRequestResponse xmlns="{MS}"><MessageRequestResult><Message>'
        f"<MsgPropertiesType>{props}</MsgPropertiesType>"
        "<MsgContent>&lt;Invoice/&gt;</MsgContent><Extra/>"
        "</Message></MessageRequestResult></MessageRequestResponse>"
    )
    with transport_for(200, soap(body)) as transport:
        message = transport.get(MSG_ID)
    assert message.content == b"<Invoice/>"
    assert message.msg_datetime.tzinfo is dt.UTC


def fault(code: str, error_code: str | None, prefix: str = "soap") -> str:
    detail = (
        f'<detail><FaultError xmlns="{MS}"><FaultCode>{code}</FaultCode>'
        f"<FaultString>nope</FaultString><FaultDetails><ErrorCode>{error_code}</ErrorCode>"
        f"<Message>the hub says no</Message></FaultDetails></FaultError></detail>"
        if error_code
        else ""
    )
    return soap(
        f"<{prefix}:Fault><faultcode>{prefix}:{code}</faultcode>"
        f"<faultstring>nope</faultstring>{detail}</{prefix}:Fault>",
        prefix=prefix,
    )


@pytest.mark.parametrize(
    ("error_code", "expected"),
    [
        ("AUTH_FAILED", AuthenticationError),
        ("MESSAGE_NOT_FOUND", MessageNotFoundError),
        ("UNKNOWN_RECEIVER", HubFaultError),
        ("INTERNAL_ERROR", HubUnavailableError),
        (None, HubFaultError),
    ],
)
def test_faults_map_to_sdk_errors(error_code: str | None, expected: type[Exception]) -> None:
    code = "Server" if error_code in ("INTERNAL_ERROR", None) else "Client"
    transport = transport_for(500, fault(code, error_code, prefix="SOAP-ENV"))
    with transport, pytest.raises(expected) as excinfo:
        transport.get(MSG_ID)
    error = excinfo.value
    assert type(error) is expected
    assert error.status_code == 500  # type: ignore[attr-defined]
    assert error.operation == "GetMessage"  # type: ignore[attr-defined]
    assert error.msg_id == MSG_ID  # type: ignore[attr-defined]
    if isinstance(error, HubFaultError):
        assert error.fault_code == f"soap:{code}"
        assert error.error_code == error_code
        assert error.fault_string == "nope"


@pytest.mark.parametrize(
    ("status", "body", "headers", "expected", "retry_after"),
    [
        (503, "busy", {"Retry-After": "7"}, HubUnavailableError, 7),
        (429, "", {"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}, HubUnavailableError, 0),
        (502, "<html>bad gateway</html>", {}, HubUnavailableError, None),
        (504, "", {}, HubUnavailableError, None),
        (401, "", {}, AuthenticationError, None),
        (404, "<html>not found</html>", {}, ProtocolError, None),
        (500, "Internal Server Error", {}, ProtocolError, None),
        (413, "too big", {}, HubFaultError, None),
    ],
)
def test_http_statuses(
    status: int,
    body: str,
    headers: dict[str, str],
    expected: type[Exception],
    retry_after: int | None,
) -> None:
    with transport_for(status, body, headers) as transport, pytest.raises(expected) as excinfo:
        transport.list_available()
    error = excinfo.value
    assert error.status_code == status  # type: ignore[attr-defined]
    if retry_after is None:
        assert getattr(error, "retry_after", None) is None
    else:
        assert error.retry_after == dt.timedelta(seconds=retry_after)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "body",
    [
        b"not xml",
        b"<soap:Envelope xmlns:soap='urn:wrong'><soap:Body/></soap:Envelope>",
        soap("<Surprise/>").encode(),
        soap(
            f"<MessageResponse xmlns='{MS}'><MessageResult>maybe</MessageResult></MessageResponse>"
        ).encode(),
    ],
)
def test_unreadable_answers_are_protocol_errors(body: bytes) -> None:
    with transport_for(200, body) as transport, pytest.raises(ProtocolError) as excinfo:
        transport.delete(MSG_ID)
    assert excinfo.value.operation == "DeleteMessage"
    assert excinfo.value.msg_id == MSG_ID


def test_a_doctype_in_the_answer_is_refused_by_the_hardened_parser() -> None:
    body = b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>' + soap("&e;").encode()
    with transport_for(200, body) as transport, pytest.raises(ProtocolError) as excinfo:
        transport.list_available()
    assert isinstance(excinfo.value.__cause__, SecurityError)


def test_message_result_false() -> None:
    answer = soap(
        f"<MessageResponse xmlns='{MS}'><MessageResult>false</MessageResult></MessageResponse>"
    )
    with transport_for(200, answer) as transport:
        with pytest.raises(MessageNotFoundError):
            transport.delete(MSG_ID)
        with pytest.raises(HubFaultError, match="MessageResult=false"):
            transport.post(Envelope.new(b"<x/>", msg_type="T"))


def test_get_answering_another_message_is_a_protocol_error() -> None:
    body = (
        f'<MessageRequestResponse xmlns="{MS}"><MessageRequestResult>'
        f"<MsgProperties>{PROPS}</MsgProperties></MessageRequestResult></MessageRequestResponse>"
    )
    transport = transport_for(200, soap(body))
    with transport, pytest.raises(ProtocolError, match="asked for other"):
        transport.get("other")


def test_configuration_errors() -> None:
    with pytest.raises(UsageError, match="endpoint"):
        MessageServiceTransport(HubProfile(name="x"), username="u", password="p")
    with pytest.raises(UsageError):
        MessageServiceTransport(HubProfile.sandbox("ftp://127.0.0.1/"), username="u", password="p")
    with pytest.raises(UsageError, match="client_certificate"):
        MessageServiceTransport(
            HubProfile.datarotonde("https://127.0.0.1/ms"), username="u", password="p"
        )
    with pytest.raises(UsageError, match="endpoint URL"):
        HubProfile.datarotonde("")


def test_a_missing_client_certificate_file_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="certificate") as excinfo:
        MessageServiceTransport(
            HubProfile.datarotonde("https://127.0.0.1/ms"),
            username="u",
            password="p",
            client_certificate=ClientCertificate(tmp_path / "missing.pem"),
        )
    assert isinstance(excinfo.value.__cause__, OSError)


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")
def test_a_client_certificate_is_loaded(tmp_path: Path) -> None:
    cert, key = tmp_path / "client.pem", tmp_path / "client.key"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=dico-test",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    transport = MessageServiceTransport(
        HubProfile.datarotonde("https://127.0.0.1/ms"),
        username="u",
        password="p",
        client_certificate=ClientCertificate(cert, key),
    )
    transport.close()
    assert transport.endpoint == "https://127.0.0.1/ms"


@pytest.mark.parametrize("announced", [True, False])
def test_an_oversized_answer_is_not_read_to_the_end(announced: bool) -> None:
    produced: list[int] = []

    def chunks() -> Iterator[bytes]:
        for _ in range(100):
            produced.append(1)
            yield b"x" * 1024

    def handler(request: httpx.Request) -> httpx.Response:
        headers = {"Content-Length": str(100 * 1024)} if announced else {}
        return httpx.Response(200, content=chunks(), headers=headers)

    profile = HubProfile(name="small", endpoint=ENDPOINT, max_response_size=8 * 1024)
    with (
        MessageServiceTransport(
            profile,
            username="u",
            password="p",
            retry=RetryPolicy.no_retries(),
            http_transport=httpx.MockTransport(handler),
        ) as transport,
        pytest.raises(ProtocolError, match="exceeds max_response_size"),
    ):
        transport.list_available()
    assert len(produced) <= (0 if announced else 9)


@pytest.mark.anyio
async def test_the_async_twin_reads_and_limits_the_same_way() -> None:
    answer = soap(
        f"<AvailableMessagesResponse xmlns='{MS}'><MessageList>{PROPS}</MessageList>"
        "</AvailableMessagesResponse>"
    ).encode()

    async def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=answer)

    for limit, ok in [(len(answer), True), (len(answer) - 1, False)]:
        profile = HubProfile(name="p", endpoint=ENDPOINT, max_response_size=limit)
        async with AsyncMessageServiceTransport(
            profile,
            username="u",
            password="p",
            retry=RetryPolicy.no_retries(),
            http_transport=httpx.MockTransport(handler),
        ) as transport:
            if ok:
                assert [m.msg_id for m in await transport.list_available()] == [MSG_ID]
            else:
                with pytest.raises(ProtocolError, match="exceeds"):
                    await transport.list_available()
