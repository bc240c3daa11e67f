"""The sandbox hub over real HTTP: the four operations, headers, WSDL, directory, logging."""

from __future__ import annotations

import logging
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from hubsoap import (
    MANAGER,
    MS,
    PLUMBER,
    call,
    envelope,
    error_code,
    message,
    msg_ids,
    order,
    request_for,
)
from lxml import etree

from dico_sdk.errors import StoreError, UsageError
from dico_sdk.hub import HubServer, default_accounts
from dico_sdk.testing import RunningHub, run_hub


def test_post_list_get_delete(hub: RunningHub, client: httpx.Client) -> None:
    content = order(extra="<Note>Tom &amp; Jerry &lt;3 café €</Note>")
    posted = call(client, hub.url, "PostMessage", envelope(message("m-1", content)))
    assert posted.status_code == 200
    assert posted.headers["content-type"] == "text/xml; charset=utf-8"
    result = etree.fromstring(posted.content).find(f".//{{{MS}}}MessageResult")
    assert result is not None
    assert result.text == "true"

    listed = call(
        client,
        hub.url,
        "GetAvailableMessages",
        envelope("<m:AvailableMessagesRequest/>", "plumber"),
    )
    assert msg_ids(listed) == ["m-1"]
    assert (
        msg_ids(
            call(client, hub.url, "GetAvailableMessages", envelope("<m:AvailableMessagesRequest/>"))
        )
        == []
    )

    got = call(client, hub.url, "GetMessage", envelope(request_for("m-1"), "plumber"))
    root = etree.fromstring(got.content)
    text = root.findtext(f".//{{{MS}}}MessageRequestResult/{{{MS}}}MsgContent")
    assert text == content
    assert root.findtext(f".//{{{MS}}}MsgDateTime") == "2026-12-03T10:00:00+01:00"

    deleted = call(client, hub.url, "DeleteMessage", envelope(request_for("m-1"), "plumber"))
    assert deleted.status_code == 200
    again = call(client, hub.url, "DeleteMessage", envelope(request_for("m-1"), "plumber"))
    assert (again.status_code, error_code(again)) == (500, "MESSAGE_NOT_FOUND")


def test_a_comment_inside_a_msg_id_or_gln_does_not_cut_it_short(
    hub: RunningHub, client: httpx.Client
) -> None:
    # The hub reads the id the XSD-minded sender meant ("m-12"), not the text before a comment.
    content = order().replace(
        f"<GLN>{PLUMBER}</GLN>", f"<GLN>{PLUMBER[:6]}<!--x-->{PLUMBER[6:]}</GLN>"
    )
    posted = call(client, hub.url, "PostMessage", envelope(message("m-12", content)))
    assert posted.status_code == 200
    split = "<m:MessageRequest><m:MsgId>m-<!-- x -->12</m:MsgId></m:MessageRequest>"
    got = call(client, hub.url, "GetMessage", envelope(split, "plumber"))
    assert got.status_code == 200
    assert etree.fromstring(got.content).findtext(f".//{{{MS}}}MsgId") == "m-12"


def test_repost_same_content_is_success_once(hub: RunningHub, client: httpx.Client) -> None:
    for _ in range(3):
        assert call(client, hub.url, "PostMessage", envelope(message("m-1"))).status_code == 200
    listed = call(
        client,
        hub.url,
        "GetAvailableMessages",
        envelope("<m:AvailableMessagesRequest/>", "plumber"),
    )
    assert msg_ids(listed) == ["m-1"]
    other = message("m-1", order(extra="<X/>"))
    conflict = call(client, hub.url, "PostMessage", envelope(other))
    assert error_code(conflict) == "DUPLICATE_MSGID"


def test_msg_type_filter(hub: RunningHub, client: httpx.Client) -> None:
    call(client, hub.url, "PostMessage", envelope(message("m-1")))
    body = "<m:AvailableMessagesRequest><m:MsgType>{}</m:MsgType></m:AvailableMessagesRequest>"
    hit = call(
        client,
        hub.url,
        "GetAvailableMessages",
        envelope(body.format("MAINTENANCEINSTRUCTION"), "plumber"),
    )
    miss = call(client, hub.url, "GetAvailableMessages", envelope(body.format("INVOIC"), "plumber"))
    assert (msg_ids(hit), msg_ids(miss)) == (["m-1"], [])


def test_without_soapaction_the_unambiguous_body_decides(
    hub: RunningHub, client: httpx.Client
) -> None:
    headers = {"Content-Type": "text/xml"}
    posted = client.post(hub.url, content=envelope(message("m-1")), headers=headers)
    assert posted.status_code == 200
    ambiguous = client.post(
        hub.url, content=envelope(request_for("m-1"), "plumber"), headers=headers
    )
    assert error_code(ambiguous) == "UNKNOWN_OPERATION"


def test_messages_survive_a_restart(db: Path, client: httpx.Client) -> None:
    with run_hub(db=db) as first:
        call(client, first.url, "PostMessage", envelope(message("kept")))
    with run_hub(db=db) as second:
        listed = call(
            client,
            second.url,
            "GetAvailableMessages",
            envelope("<m:AvailableMessagesRequest/>", "plumber"),
        )
        assert msg_ids(listed) == ["kept"]
        # The ledger survives too: a late retry is success without a second copy.
        assert call(client, second.url, "PostMessage", envelope(message("kept"))).status_code == 200
        listed = call(
            client,
            second.url,
            "GetAvailableMessages",
            envelope("<m:AvailableMessagesRequest/>", "plumber"),
        )
        assert msg_ids(listed) == ["kept"]


def test_head_is_answered_like_a_soap_call_without_a_body(
    hub: RunningHub, client: httpx.Client
) -> None:
    # HEAD / goes to the SOAP endpoint, as it did under Starlette's route: without a SOAP
    # Content-Type that is a 415 fault, whose length is announced but whose body is not sent.
    response = client.head(hub.url)
    assert response.status_code == 415
    assert response.headers["content-type"] == "text/xml; charset=utf-8"
    assert int(response.headers["content-length"]) > 0
    assert response.content == b""
    assert client.put(hub.url).status_code == 405


def test_wsdl_is_served_and_self_contained(hub: RunningHub, client: httpx.Client) -> None:
    for url in (hub.wsdl_url, hub.url + "?WSDL"):
        response = client.get(url)
        assert response.status_code == 200
        root = etree.fromstring(response.content)
        assert root.tag == "{http://schemas.xmlsoap.org/wsdl/}definitions"
    address = root.find(".//{http://schemas.xmlsoap.org/wsdl/soap/}address")
    assert address is not None
    assert address.get("location") == hub.url
    for tag in ("import", "include", "redefine"):
        assert root.find(f".//{{http://www.w3.org/2001/XMLSchema}}{tag}") is None
    assert root.find(".//{http://schemas.xmlsoap.org/wsdl/}import") is None
    actions = {
        el.get("soapAction") for el in root.iter("{http://schemas.xmlsoap.org/wsdl/soap/}operation")
    }
    assert actions == {
        f"{MS}/{op}"
        for op in ("PostMessage", "GetAvailableMessages", "GetMessage", "DeleteMessage")
    }


def test_directory(hub: RunningHub, client: httpx.Client) -> None:
    listing = client.get(hub.directory_url).json()
    assert [entry["gln"] for entry in listing] == sorted([MANAGER, PLUMBER, "8712345000035"])
    plumber = client.get(f"{hub.directory_url}/{PLUMBER}")
    assert plumber.status_code == 200
    assert plumber.json() == {
        "gln": PLUMBER,
        "connected": True,
        "account": "installatiebedrijf-jansen",
        "accepts": ["MAINTENANCEINSTRUCTION", "MAINTENANCESTATUS", "PLANNINGREQUEST"],
    }
    unknown = client.get(f"{hub.directory_url}/8712345000097")
    assert unknown.status_code == 404
    assert unknown.json() == {"gln": "8712345000097", "connected": False}


def test_one_log_line_per_request(
    hub: RunningHub, client: httpx.Client, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="dico_sdk.hub"):
        call(client, hub.url, "PostMessage", envelope(message("m-1")))
        call(client, hub.url, "PostMessage", envelope(message("m-2"), password="wrong"))
    lines = [r.getMessage() for r in caplog.records if r.name == "dico_sdk.hub"]
    assert len(lines) == 2
    assert lines[0].startswith(
        "account=vve-de-linde operation=PostMessage msg_id=m-1 outcome=ok ms="
    )
    assert lines[1].startswith("account=- operation=PostMessage msg_id=- outcome=AUTH_FAILED ms=")


def test_stop_is_idempotent_and_frees_the_port(client: httpx.Client) -> None:
    hub = run_hub()
    assert client.get(hub.wsdl_url).status_code == 200
    hub.stop()
    hub.stop()
    with pytest.raises(httpx.ConnectError):
        client.get(hub.wsdl_url)


def test_duplicate_account_names_are_refused() -> None:
    demo = default_accounts()
    with pytest.raises(UsageError, match="same name"):
        run_hub([demo[0], demo[0]])


def test_importing_the_hub_does_not_need_the_server_stack() -> None:
    code = (
        "import sys; sys.modules['starlette'] = None; sys.modules['uvicorn'] = None\n"
        "import dico_sdk.hub, dico_sdk.testing, dico_sdk.cli\n"
        "from dico_sdk.errors import StoreError, UsageError\n"
        "try:\n"
        "    dico_sdk.hub.HubServer([])\n"
        "except UsageError as exc:\n"
        "    print(exc)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "needs the 'hub' extra" in out.stdout
    probe = "import sys, dico_sdk.hub; print(sorted({'starlette', 'uvicorn'} & set(sys.modules)))"
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert loaded.stdout.strip() == "[]"


def test_listening_socket_says_tcp_so_that_asyncio_disables_nagle() -> None:
    # With proto 0, asyncio leaves Nagle on for accepted connections: every response then waits
    # ~40 ms for the client's delayed ACK (measured: 44 ms per request instead of 1.5 ms).
    with run_hub() as hub:
        assert hub.server._socket.proto == socket.IPPROTO_TCP


def test_a_client_may_connect_as_soon_as_the_url_is_known(tmp_path: Path) -> None:
    # `dico hub serve` prints the URL before uvicorn runs: a connection made then must wait in
    # the backlog, not be refused (seen as a ConnectError in a script that started the hub).
    server = HubServer(default_accounts(), db=tmp_path / "hub.sqlite")
    try:
        port = int(server.url.rsplit(":", 1)[1].strip("/"))
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass
    finally:
        server.stop()


def test_a_hub_failure_is_a_server_fault_without_traceback(
    hub: RunningHub,
    client: httpx.Client,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(hub.server.core, "list_available", broken)
    with caplog.at_level(logging.INFO, logger="dico_sdk.hub"):
        response = call(
            client, hub.url, "GetAvailableMessages", envelope("<m:AvailableMessagesRequest/>")
        )
    assert (response.status_code, error_code(response)) == (500, "INTERNAL_ERROR")
    fault = etree.fromstring(response.content).findtext(".//faultcode")
    assert fault == "soap:Server"
    assert b"secret internals" not in response.content
    assert b"Traceback" not in response.content
    logged = [r for r in caplog.records if r.exc_info]
    assert logged
    assert "secret internals" in str(logged[0].exc_info[1])


def test_storage_failure_is_internal_error(
    hub: RunningHub, client: httpx.Client, caplog: pytest.LogCaptureFixture
) -> None:
    hub.server.core.storage.close()
    with caplog.at_level(logging.INFO, logger="dico_sdk.hub"):
        response = call(client, hub.url, "PostMessage", envelope(message("m-1")))
    assert (response.status_code, error_code(response)) == (500, "INTERNAL_ERROR")
    (failure,) = [r for r in caplog.records if r.exc_info]
    assert "MsgId m-1" in failure.getMessage()
    assert isinstance(failure.exc_info[1].__cause__, StoreError)


def test_a_hostile_msgid_cannot_forge_log_lines(
    hub: RunningHub, client: httpx.Client, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="dico_sdk.hub"):
        call(
            client,
            hub.url,
            "GetMessage",
            envelope(request_for("x\naccount=root outcome=ok"), "plumber"),
        )
    (line,) = [r.getMessage() for r in caplog.records if r.name == "dico_sdk.hub"]
    assert "\n" not in line
    assert "msg_id='x\\naccount=root outcome=ok'" in line


def test_a_port_in_use_is_a_usage_error_and_leaves_no_database(tmp_path: Path) -> None:
    with run_hub() as running:
        port = int(running.url.rsplit(":", 1)[1].rstrip("/"))
        with pytest.raises(UsageError, match="cannot listen"):
            HubServer([], port=port, db=tmp_path / "hub.sqlite")
    assert not (tmp_path / "hub.sqlite").exists()


def test_reset_empties_mailboxes_and_ledger_but_keeps_the_accounts(
    hub: RunningHub, client: httpx.Client
) -> None:
    call(client, hub.url, "PostMessage", envelope(message("m-1")))
    hub.reset()
    listed = call(
        client,
        hub.url,
        "GetAvailableMessages",
        envelope("<m:AvailableMessagesRequest/>", "plumber"),
    )
    assert msg_ids(listed) == []
    # The MsgId is forgotten too: other content under it is a new message now, not a conflict.
    again = call(client, hub.url, "PostMessage", envelope(message("m-1", order(extra="<X/>"))))
    assert again.status_code == 200


def test_a_client_leaving_mid_body_is_logged_and_the_hub_serves_on(
    hub: RunningHub, client: httpx.Client, caplog: pytest.LogCaptureFixture
) -> None:
    host, port = hub.url.removeprefix("http://").rstrip("/").split(":")
    data = envelope(message("gone"))
    head = (
        f"POST / HTTP/1.1\r\nHost: {host}\r\nContent-Type: text/xml\r\n"
        f"SOAPAction: {MS}/PostMessage\r\nContent-Length: {len(data)}\r\n\r\n"
    ).encode()
    with caplog.at_level(logging.INFO, logger="dico_sdk.hub"):
        with socket.create_connection((host, int(port)), timeout=5) as sock:
            sock.sendall(head + data[:100])
        deadline = time.monotonic() + 5
        while not any("outcome=client-disconnected" in r.getMessage() for r in caplog.records):
            assert time.monotonic() < deadline, "the hub did not notice the client leaving"
            time.sleep(0.01)
    listed = call(
        client,
        hub.url,
        "GetAvailableMessages",
        envelope("<m:AvailableMessagesRequest/>", "plumber"),
    )
    assert listed.status_code == 200
    assert msg_ids(listed) == []
