"""Which network layer the async transport uses, and that each one works end to end.

By default the asyncio connection pool (``_h11pool``); httpx's own transport with a proxy in the
environment, under trio, or when the caller passes ``http_transport``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest
import trio

from dico_sdk.errors import HubUnavailableError
from dico_sdk.testing import RunningHub, run_hub
from dico_sdk.transport import AsyncMessageServiceTransport, Envelope, HubProfile, RetryPolicy
from dico_sdk.transport._h11pool import AsyncHTTP11Pool

MANAGER, PLUMBER = "8712345000011", "8712345000028"
ORDER = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<MaintenanceInstruction xmlns="http://www.ketenstandaard.nl/onderhoudsopdracht/SALES/005">'
    f"<Buyer><GLN>{MANAGER}</GLN></Buyer><Supplier><GLN>{PLUMBER}</GLN></Supplier>"
    "</MaintenanceInstruction>"
).encode()


@pytest.fixture(scope="module")
def hub() -> Iterator[RunningHub]:
    with run_hub() as running:
        yield running


@pytest.fixture(autouse=True)
def no_proxy_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


async def cycle(
    manager: AsyncMessageServiceTransport, contractor: AsyncMessageServiceTransport
) -> None:
    """Post an order as the manager; list, get and delete it as the contractor."""
    envelope = Envelope.new(ORDER, msg_type="MAINTENANCEINSTRUCTION")
    async with manager, contractor:
        await manager.post(envelope)
        assert [info.msg_id for info in await contractor.list_available()] == [envelope.msg_id]
        assert (await contractor.get(envelope.msg_id)).content == ORDER
        await contractor.delete(envelope.msg_id)
        assert await contractor.list_available() == []


def parties(hub: RunningHub) -> tuple[AsyncMessageServiceTransport, AsyncMessageServiceTransport]:
    return hub.async_transport("vve-de-linde"), hub.async_transport("installatiebedrijf-jansen")


def network(transport: AsyncMessageServiceTransport) -> object:
    return transport._client._transport


def test_by_default_the_asyncio_pool_carries_the_requests(hub: RunningHub) -> None:
    manager, contractor = parties(hub)
    assert isinstance(network(manager), AsyncHTTP11Pool)
    asyncio.run(cycle(manager, contractor))


def test_a_given_http_transport_is_used() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(503, request=request)

    transport = AsyncMessageServiceTransport(
        HubProfile.sandbox("http://127.0.0.1:9/ms"),
        username="u",
        password="p",
        retry=RetryPolicy.no_retries(),
        http_transport=httpx.MockTransport(answer),
    )
    with pytest.raises(HubUnavailableError) as excinfo:
        asyncio.run(transport.list_available())
    assert excinfo.value.status_code == 503


def test_with_a_proxy_in_the_environment_requests_go_through_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The pool speaks no proxy protocol: httpx's own transport must take over and send the
    # request to the proxy in absolute form.
    seen: list[bytes] = []

    async def proxy(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        seen.append(await reader.readuntil(b"\r\n"))
        writer.write(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
        await writer.drain()
        writer.close()

    async def main() -> HubUnavailableError:
        server = await asyncio.start_server(proxy, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{port}")
        transport = AsyncMessageServiceTransport(
            HubProfile.sandbox("http://hub.invalid/ms"),
            username="u",
            password="p",
            retry=RetryPolicy.no_retries(),
        )
        assert not isinstance(network(transport), AsyncHTTP11Pool)
        try:
            await transport.list_available()
        except HubUnavailableError as exc:
            return exc
        finally:
            await transport.close()
            server.close()
        raise AssertionError("the proxy's 502 did not arrive")

    error = asyncio.run(main())
    assert error.status_code == 502
    assert seen == [b"POST http://hub.invalid/ms HTTP/1.1\r\n"]


def test_under_trio_httpx_carries_the_requests(hub: RunningHub) -> None:
    manager, contractor = parties(hub)
    trio.run(cycle, manager, contractor)
    pool = network(contractor)
    assert isinstance(pool, AsyncHTTP11Pool)
    assert pool._fallback is not None  # httpx's own transport served the requests
