"""Mutual TLS for real: an HTTPS server on 127.0.0.1 that demands a client certificate."""

from __future__ import annotations

import asyncio
import http.server
import shutil
import ssl
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dico_sdk.errors import HubUnavailableError, TransportError
from dico_sdk.transport import (
    AsyncMessageServiceTransport,
    ClientCertificate,
    HubProfile,
    MessageServiceTransport,
    RetryPolicy,
)
from dico_sdk.transport._h11pool import AsyncHTTP11Pool

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl")

ANSWER = (
    b'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>'
    b'<AvailableMessagesResponse xmlns="https://www.ketenstandaard.nl/WS/MessageService/3.1"/>'
    b"</s:Body></s:Envelope>"
)


def openssl(*args: str) -> None:
    subprocess.run(["openssl", *args], check=True, capture_output=True)


def issue(folder: Path, name: str, ca: Path, ca_key: Path, *extra: str) -> tuple[Path, Path]:
    key, csr, cert = folder / f"{name}.key", folder / f"{name}.csr", folder / f"{name}.pem"
    openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", str(key))
    openssl("req", "-new", "-key", str(key), "-subj", f"/CN={name}", "-out", str(csr))
    ext = folder / f"{name}.ext"
    ext.write_text("\n".join(extra) + "\n")
    openssl(
        "x509",
        "-req",
        "-in",
        str(csr),
        "-CA",
        str(ca),
        "-CAkey",
        str(ca_key),
        "-CAcreateserial",
        "-days",
        "1",
        "-out",
        str(cert),
        "-extfile",
        str(ext),
    )
    return cert, key


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pki")
    ca_key, ca = folder / "ca.key", folder / "ca.pem"
    openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", str(ca_key))
    openssl(
        "req",
        "-x509",
        "-new",
        "-key",
        str(ca_key),
        "-subj",
        "/CN=dico test CA",
        "-days",
        "1",
        "-out",
        str(ca),
    )
    server, server_key = issue(folder, "hub", ca, ca_key, "subjectAltName=IP:127.0.0.1")
    client, client_key = issue(folder, "vve-beheer", ca, ca_key, "extendedKeyUsage=clientAuth")
    return {
        "ca": ca,
        "server": server,
        "server_key": server_key,
        "client": client,
        "client_key": client_key,
    }


@pytest.fixture
def https_hub(pki: dict[str, Path]) -> Iterator[tuple[str, list[str]]]:
    peers: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers["Content-Length"]))
            cert = self.connection.getpeercert()  # type: ignore[attr-defined]
            peers.append(dict(item[0] for item in cert["subject"])["commonName"])
            self.send_response(200)
            self.send_header("Content-Type", "text/xml; charset=utf-8")
            self.send_header("Content-Length", str(len(ANSWER)))
            self.end_headers()
            self.wfile.write(ANSWER)

        def log_message(self, format: str, *args: object) -> None:
            pass

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH, cafile=str(pki["ca"]))
    context.verify_mode = ssl.CERT_REQUIRED
    context.load_cert_chain(pki["server"], pki["server_key"])
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}/ms", peers
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_the_client_certificate_is_presented(
    pki: dict[str, Path], https_hub: tuple[str, list[str]]
) -> None:
    url, peers = https_hub
    with MessageServiceTransport(
        HubProfile.datarotonde(url),
        username="vve-beheer",
        password="secret",
        client_certificate=ClientCertificate(pki["client"], pki["client_key"]),
        ca_file=pki["ca"],
        retry=RetryPolicy.no_retries(),
    ) as transport:
        assert transport.list_available() == []
    assert peers == ["vve-beheer"]


def test_without_a_client_certificate_the_handshake_fails(
    pki: dict[str, Path], https_hub: tuple[str, list[str]]
) -> None:
    # With TLS 1.3 the hub's refusal comes after our side of the handshake: we may read its
    # alert (a non-retried TransportError naming client_certificate) or only see the
    # connection go (a HubUnavailableError). Either way no request gets through.
    url, peers = https_hub
    with (
        MessageServiceTransport(
            HubProfile.sandbox(url),
            username="vve-beheer",
            password="secret",
            ca_file=pki["ca"],
            retry=RetryPolicy.no_retries(),
        ) as transport,
        pytest.raises(TransportError) as excinfo,
    ):
        transport.list_available()
    assert excinfo.value.__cause__ is not None
    assert peers == []


@pytest.mark.parametrize("sync", [True, False], ids=["sync", "async"])
def test_an_unverifiable_hub_certificate_is_refused_without_retrying(
    https_hub: tuple[str, list[str]], sync: bool
) -> None:
    url, peers = https_hub  # its CA is not trusted here: no ca_file
    policy = RetryPolicy.for_testing()
    options: dict[str, Any] = {"username": "vve-beheer", "password": "secret", "retry": policy}

    async def run_async() -> None:
        async with AsyncMessageServiceTransport(HubProfile.sandbox(url), **options) as transport:
            await transport.list_available()

    def run() -> None:
        if not sync:
            asyncio.run(run_async())
            return
        with MessageServiceTransport(HubProfile.sandbox(url), **options) as transport:
            transport.list_available()

    with pytest.raises(TransportError) as excinfo:
        run()
    # A configuration problem, not an outage: not a HubUnavailableError, and not retried.
    assert not isinstance(excinfo.value, HubUnavailableError)
    assert "certificate was not accepted" in str(excinfo.value)
    assert "ca_file" in str(excinfo.value)
    assert policy.recorder is not None
    assert policy.recorder.sleeps == []
    assert peers == []


# The async transport carries TLS over its own asyncio pool: the same three outcomes.


def test_the_async_transport_presents_the_client_certificate(
    pki: dict[str, Path], https_hub: tuple[str, list[str]]
) -> None:
    url, peers = https_hub

    async def main() -> list[object]:
        async with AsyncMessageServiceTransport(
            HubProfile.datarotonde(url),
            username="vve-beheer",
            password="secret",
            client_certificate=ClientCertificate(pki["client"], pki["client_key"]),
            ca_file=pki["ca"],
            retry=RetryPolicy.no_retries(),
        ) as transport:
            assert isinstance(transport._client._transport, AsyncHTTP11Pool)
            return [await transport.list_available(), await transport.list_available()]

    assert asyncio.run(main()) == [[], []]
    assert peers == ["vve-beheer", "vve-beheer"]


def test_the_async_transport_refuses_a_handshake_without_a_client_certificate(
    pki: dict[str, Path], https_hub: tuple[str, list[str]]
) -> None:
    url, peers = https_hub

    async def main() -> None:
        async with AsyncMessageServiceTransport(
            HubProfile.sandbox(url),
            username="vve-beheer",
            password="secret",
            ca_file=pki["ca"],
            retry=RetryPolicy.no_retries(),
        ) as transport:
            await transport.list_available()

    with pytest.raises(TransportError) as excinfo:  # see the sync twin above for why not which
        asyncio.run(main())
    assert excinfo.value.__cause__ is not None
    assert peers == []
