"""The Transport base classes: argument checks, closing, and adapters that forget a hook."""

from __future__ import annotations

import pytest

from dico_sdk.errors import UsageError
from dico_sdk.testing import MockHub
from dico_sdk.transport import AsyncTransport, Transport


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def test_misuse_is_a_usage_error() -> None:
    hub = MockHub()
    hub.add_account("vve", glns=["8712345000011"])
    transport = hub.transport("vve")
    with pytest.raises(UsageError, match="Envelope"):
        transport.post(b"<bytes/>")  # type: ignore[arg-type]
    for bad in ("", None):
        with pytest.raises(UsageError, match="MsgId"):
            transport.get(bad)  # type: ignore[arg-type]
        with pytest.raises(UsageError, match="MsgId"):
            transport.delete(bad)  # type: ignore[arg-type]
    assert hub.requests == []


def test_an_adapter_must_implement_the_hooks() -> None:
    with Transport() as transport, pytest.raises(NotImplementedError):
        transport.list_available()


@pytest.mark.anyio
async def test_the_async_twin_checks_and_closes_alike() -> None:
    hub = MockHub()
    hub.add_account("vve", glns=["8712345000011"])
    async with hub.async_transport("vve") as transport:
        with pytest.raises(UsageError):
            await transport.post("text")  # type: ignore[arg-type]
        with pytest.raises(UsageError):
            await transport.get("")
    with pytest.raises(UsageError, match="closed"):
        await transport.list_available()
    async with AsyncTransport() as bare:
        with pytest.raises(NotImplementedError):
            await bare.delete("m")
