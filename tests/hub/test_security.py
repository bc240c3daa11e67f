"""Hostile requests: each gets its documented fault or status, and the database stays unchanged."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from hubsoap import (
    CUSTOM_INFO,
    MANAGER,
    MS,
    PAINTER,
    PLUMBER,
    SOAP,
    WSSE,
    call,
    envelope,
    error_code,
    message,
    order,
    request_for,
    snapshot,
)

from dico_sdk.testing import RunningHub, run_hub

LIMIT = 256 * 1024
PAYLOAD_LIMIT = 64 * 1024

XXE_ENVELOPE = (
    f'<?xml version="1.0"?><!DOCTYPE s:Envelope [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    f'<s:Envelope xmlns:s="{SOAP}" xmlns:m="{MS}"><s:Body><m:AvailableMessagesRequest>'
    "<m:MsgType>&x;</m:MsgType></m:AvailableMessagesRequest></s:Body></s:Envelope>"
).encode()
LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    f'<s:Envelope xmlns:s="{SOAP}"><s:Body>&lol2;</s:Body></s:Envelope>'
).encode()
XXE_PAYLOAD = order().replace(
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<?xml version="1.0"?><!DOCTYPE MaintenanceInstruction [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
)
BOMB_PAYLOAD = (
    '<!DOCTYPE m [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    + order(extra="<Note>&b;</Note>")
)
EXTERNAL_DTD_PAYLOAD = '<!DOCTYPE m SYSTEM "http://127.0.0.1:9/evil.dtd">' + order()
SQL = "x' OR '1'='1'; DROP TABLE messages; --"


def custom(header: str, body: str) -> bytes:
    return (
        f'<s:Envelope xmlns:s="{SOAP}" xmlns:m="{MS}" xmlns:w="{WSSE}"><s:Header>'
        "<w:Security><w:UsernameToken><w:Username>vve-de-linde</w:Username>"
        f"<w:Password>linde-demo</w:Password></w:UsernameToken></w:Security>{header}</s:Header>"
        f"<s:Body>{body}</s:Body></s:Envelope>"
    ).encode()


def no_security(body: str) -> bytes:
    return (
        f'<s:Envelope xmlns:s="{SOAP}" xmlns:m="{MS}"><s:Header>{CUSTOM_INFO}</s:Header>'
        f"<s:Body>{body}</s:Body></s:Envelope>"
    ).encode()


# id: (operation, request bytes, HTTP status, ErrorCode)
CASES: dict[str, tuple[str, bytes, int, str]] = {
    "xxe-in-envelope": ("GetAvailableMessages", XXE_ENVELOPE, 500, "MALFORMED_REQUEST"),
    "entity-bomb-in-envelope": ("GetAvailableMessages", LAUGHS, 500, "MALFORMED_REQUEST"),
    "xxe-in-payload": (
        "PostMessage",
        envelope(message("h1", XXE_PAYLOAD)),
        500,
        "MALFORMED_PAYLOAD",
    ),
    "entity-bomb-in-payload": (
        "PostMessage",
        envelope(message("h2", BOMB_PAYLOAD)),
        500,
        "MALFORMED_PAYLOAD",
    ),
    "external-dtd-in-payload": (
        "PostMessage",
        envelope(message("h3", EXTERNAL_DTD_PAYLOAD)),
        500,
        "MALFORMED_PAYLOAD",
    ),
    "wrong-password": (
        "PostMessage",
        envelope(message("h4"), password="linde-dem0"),
        500,
        "AUTH_FAILED",
    ),
    "empty-password": ("PostMessage", envelope(message("h5"), password=""), 500, "AUTH_FAILED"),
    "unknown-user": (
        "PostMessage",
        envelope(message("h6")).replace(b"vve-de-linde", b"mallory"),
        500,
        "AUTH_FAILED",
    ),
    "no-security-header": ("PostMessage", no_security(message("h7")), 500, "AUTH_FAILED"),
    "no-login-reveals-nothing-else": (
        "PostMessage",
        no_security(
            message("x" * 60).replace("<m:MsgProperties>", "<m:Junk/><m:MsgProperties>")
        ).replace(CUSTOM_INFO.encode(), b""),
        500,
        "AUTH_FAILED",
    ),
    "password-digest": (
        "PostMessage",
        envelope(message("h8")).replace(
            b"<w:Password>", b'<w:Password Type="urn:x#PasswordDigest">'
        ),
        500,
        "AUTH_FAILED",
    ),
    "other-accounts-msgid-get": (
        "GetMessage",
        envelope(request_for("m-0"), "painter"),
        500,
        "MESSAGE_NOT_FOUND",
    ),
    "other-accounts-msgid-delete": (
        "DeleteMessage",
        envelope(request_for("m-0"), "painter"),
        500,
        "MESSAGE_NOT_FOUND",
    ),
    "senders-own-msgid-delete": (
        "DeleteMessage",
        envelope(request_for("m-0")),
        500,
        "MESSAGE_NOT_FOUND",
    ),
    "sql-in-msgid-get": (
        "GetMessage",
        envelope(request_for(SQL), "plumber"),
        500,
        "MESSAGE_NOT_FOUND",
    ),
    "sql-in-msgid-delete": (
        "DeleteMessage",
        envelope(request_for(SQL), "plumber"),
        500,
        "MESSAGE_NOT_FOUND",
    ),
    "sql-in-username": (
        "PostMessage",
        envelope(message("h9")).replace(b"vve-de-linde", b"' OR 1=1 --"),
        500,
        "AUTH_FAILED",
    ),
    "latin-1-bytes": (
        "PostMessage",
        envelope(message("h10", order(extra="<N>café</N>"))).replace("é".encode(), b"\xe9"),
        500,
        "MALFORMED_REQUEST",
    ),
    "invalid-utf-8-sequence": (
        "PostMessage",
        envelope(message("h11")).replace(b"h11", b"h\xc3\x28"),
        500,
        "MALFORMED_REQUEST",
    ),
    "nul-byte": (
        "PostMessage",
        envelope(message("h12")).replace(b"h12", b"h\x00"),
        500,
        "MALFORMED_REQUEST",
    ),
    "not-xml": ("PostMessage", b"PostMessage please", 500, "MALFORMED_REQUEST"),
    "truncated-envelope": ("PostMessage", envelope(message("h13"))[:-40], 500, "MALFORMED_REQUEST"),
    "empty-body": ("PostMessage", b"", 500, "MALFORMED_REQUEST"),
    "deep-nesting": ("PostMessage", b"<a>" * 5000 + b"</a>" * 5000, 500, "MALFORMED_REQUEST"),
    "soap-1.2-envelope": (
        "PostMessage",
        envelope(message("h14")).replace(SOAP.encode(), b"http://www.w3.org/2003/05/soap-envelope"),
        500,
        "MALFORMED_REQUEST",
    ),
    "two-body-elements": (
        "PostMessage",
        envelope(message("h15") + message("h16")),
        500,
        "MALFORMED_REQUEST",
    ),
    "unknown-element-in-message": (
        "PostMessage",
        envelope(message("h17").replace("</m:Message>", "<m:Extra>1</m:Extra></m:Message>")),
        500,
        "MALFORMED_REQUEST",
    ),
    "missing-custom-info": ("PostMessage", custom("", message("h18")), 500, "MALFORMED_REQUEST"),
    "compressed-content": (
        "PostMessage",
        custom(CUSTOM_INFO.replace("Compressed>false", "Compressed>true"), message("h19")),
        500,
        "MALFORMED_REQUEST",
    ),
    "bad-base64-attachment": (
        "PostMessage",
        envelope(
            message("h20").replace(
                "</m:Message>",
                "<m:Attachment><m:AttachedData>not*base64!</m:AttachedData></m:Attachment></m:Message>",
            )
        ),
        500,
        "MALFORMED_REQUEST",
    ),
    "soapaction-mismatch": ("GetMessage", envelope(message("h21")), 500, "MALFORMED_REQUEST"),
    "unknown-soapaction": ("StealMessages", envelope(message("h22")), 500, "UNKNOWN_OPERATION"),
    "msgid-too-long": ("PostMessage", envelope(message("x" * 51)), 500, "INVALID_PROPERTIES"),
    "msgid-empty": ("PostMessage", envelope(message("")), 500, "INVALID_PROPERTIES"),
    "bad-msgdatetime": (
        "PostMessage",
        envelope(message("h23", msg_datetime="yesterday")),
        500,
        "INVALID_PROPERTIES",
    ),
    "msgdatetime-month-13": (
        "PostMessage",
        envelope(message("h23b", msg_datetime="2026-13-03T10:00:00Z")),
        500,
        "INVALID_PROPERTIES",
    ),
    "unknown-msgformat": (
        "PostMessage",
        envelope(message("h24", msg_format="EVIL")),
        500,
        "INVALID_PROPERTIES",
    ),
    "payload-not-dico": (
        "PostMessage",
        envelope(message("h25", '<Order xmlns="urn:x"><Buyer/></Order>')),
        500,
        "UNKNOWN_MESSAGE_TYPE",
    ),
    "payload-malformed": (
        "PostMessage",
        envelope(message("h26", order()[:-10])),
        500,
        "MALFORMED_PAYLOAD",
    ),
    "payload-as-cdata-of-nothing": (
        "PostMessage",
        envelope(message("h27", raw_content="")),
        500,
        "MALFORMED_PAYLOAD",
    ),
    "sender-gln-not-owned": (
        "PostMessage",
        envelope(message("h28", order(buyer=PLUMBER, supplier=MANAGER))),
        500,
        "SENDER_NOT_OWNED",
    ),
    "unknown-receiver": (
        "PostMessage",
        envelope(message("h29", order(supplier="8712345000097"))),
        500,
        "UNKNOWN_RECEIVER",
    ),
    "receiver-does-not-accept-type": (
        "PostMessage",
        envelope(message("h30", order(supplier=PAINTER), msg_type="INVOIC")),
        500,
        "UNKNOWN_RECEIVER",
    ),
    "payload-over-message-limit": (
        "PostMessage",
        envelope(message("h31", order(extra="<N>" + "x" * PAYLOAD_LIMIT + "</N>"))),
        500,
        "MESSAGE_TOO_LARGE",
    ),
    "conflicting-repost": (
        "PostMessage",
        envelope(message("m-0", order(extra="<Changed/>"))),
        500,
        "DUPLICATE_MSGID",
    ),
}


@pytest.fixture(scope="module")
def hub_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hostile") / "hub.sqlite"


@pytest.fixture(scope="module")
def seeded(hub_db: Path) -> Iterator[RunningHub]:
    # One hub for the module: every hostile request must leave it as it was anyway.
    with run_hub(
        db=hub_db, body_timeout=0.5, max_request_size=LIMIT, max_message_size=PAYLOAD_LIMIT
    ) as hub:
        with httpx.Client() as client:
            assert call(client, hub.url, "PostMessage", envelope(message("m-0"))).status_code == 200
        yield hub


def assert_unchanged(
    db: Path, action: Callable[[], httpx.Response | bytes]
) -> httpx.Response | bytes:
    before = snapshot(db)
    result = action()
    assert snapshot(db) == before
    return result


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_hostile_request(seeded: RunningHub, hub_db: Path, client: httpx.Client, case: str) -> None:
    operation, data, status, code = CASES[case]
    response = assert_unchanged(hub_db, lambda: call(client, seeded.url, operation, data))
    assert isinstance(response, httpx.Response)
    assert (response.status_code, error_code(response)) == (status, code)
    assert b"Traceback" not in response.content
    # The seeded message is still there, for its owner only.
    assert (
        call(client, seeded.url, "GetMessage", envelope(request_for("m-0"), "plumber")).status_code
        == 200
    )


def test_oversized_body_with_content_length(
    seeded: RunningHub, hub_db: Path, client: httpx.Client
) -> None:
    big = envelope(message("big", order(extra="<N>" + "x" * LIMIT + "</N>")))
    response = assert_unchanged(hub_db, lambda: call(client, seeded.url, "PostMessage", big))
    assert isinstance(response, httpx.Response)
    assert (response.status_code, error_code(response)) == (413, "MESSAGE_TOO_LARGE")


def test_oversized_chunked_body_is_cut_off_while_reading(
    seeded: RunningHub, hub_db: Path, client: httpx.Client
) -> None:
    def chunks() -> Iterator[bytes]:
        yield envelope(message("big"))[:-20]
        for _ in range(2 * LIMIT // 8192):
            yield b" " * 8192

    headers = {"Content-Type": "text/xml", "SOAPAction": f"{MS}/PostMessage"}
    response = assert_unchanged(
        hub_db, lambda: client.post(seeded.url, content=chunks(), headers=headers)
    )
    assert isinstance(response, httpx.Response)
    assert (response.status_code, error_code(response)) == (413, "MESSAGE_TOO_LARGE")


def test_wrong_content_type(seeded: RunningHub, hub_db: Path, client: httpx.Client) -> None:
    response = assert_unchanged(
        hub_db,
        lambda: call(
            client,
            seeded.url,
            "PostMessage",
            envelope(message("ct")),
            content_type="application/soap+xml",
        ),
    )
    assert isinstance(response, httpx.Response)
    assert (response.status_code, error_code(response)) == (415, "MALFORMED_REQUEST")


def test_slow_client_gets_408(seeded: RunningHub, hub_db: Path) -> None:
    host, port = seeded.url.removeprefix("http://").rstrip("/").split(":")
    data = envelope(message("slow"))
    head = (
        f"POST / HTTP/1.1\r\nHost: {host}\r\nContent-Type: text/xml\r\n"
        f"SOAPAction: {MS}/PostMessage\r\nContent-Length: {len(data)}\r\n\r\n"
    ).encode()

    def trickle() -> bytes:
        with socket.create_connection((host, int(port)), timeout=5) as sock:
            sock.sendall(head + data[:100])
            started = time.monotonic()
            answer = sock.recv(65536)
            assert time.monotonic() - started < 3
            return answer

    answer = assert_unchanged(hub_db, trickle)
    assert isinstance(answer, bytes)
    assert answer.startswith(b"HTTP/1.1 408")
    assert b"MALFORMED_REQUEST" in answer


def test_other_methods_and_paths(seeded: RunningHub, client: httpx.Client) -> None:
    assert client.put(seeded.url, content=b"x").status_code == 405
    assert client.get(seeded.url + "admin").status_code == 404
    assert client.post(seeded.directory_url, content=b"x").status_code == 405


@pytest.mark.parametrize("after_a_request", [False, True], ids=["new", "keep-alive"])
def test_slow_headers_are_cut_off(after_a_request: bool) -> None:
    # Slowloris: uvicorn alone would wait for the rest of the headers forever.
    with run_hub(header_timeout=0.5) as hub:
        host, port = hub.url.removeprefix("http://").rstrip("/").split(":")
        with socket.create_connection((host, int(port)), timeout=5) as sock:
            if after_a_request:
                sock.sendall(f"GET /?wsdl HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
                assert sock.recv(65536).startswith(b"HTTP/1.1 200")
            started = time.monotonic()
            sock.sendall(b"POST / HTTP/1.1\r\nHost: x\r\n")  # ... and never the rest
            while sock.recv(65536):  # b"" once the hub closes the connection
                pass
            assert 0.3 < time.monotonic() - started < 3


def test_a_forged_forwarded_for_does_not_move_the_header_deadline() -> None:
    # The header deadline is kept under the client's own address: a request saying it was
    # forwarded for another address must not leave the deadline armed under the real one (which
    # would cut off its body, read under the longer body timeout, half-way).
    with run_hub(header_timeout=0.3, body_timeout=5) as hub:
        host, port = hub.url.removeprefix("http://").rstrip("/").split(":")
        data = b"<not-soap/>" * 20
        head = (
            f"POST / HTTP/1.1\r\nHost: {host}\r\nContent-Type: text/xml\r\n"
            f"X-Forwarded-For: 203.0.113.9\r\nContent-Length: {len(data)}\r\n\r\n"
        ).encode()
        with socket.create_connection((host, int(port)), timeout=5) as sock:
            sock.sendall(head + data[:50])
            time.sleep(0.6)  # past the header deadline, well within the body timeout
            sock.sendall(data[50:])
            answer = sock.recv(65536)
    assert answer.startswith(b"HTTP/1.1 500")
    assert b"MALFORMED_REQUEST" in answer
