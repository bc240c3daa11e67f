"""The transport contract suite over real HTTP against the sandbox hub (issue 5).

``MessageServiceTransport`` -> httpx -> uvicorn on 127.0.0.1 -> the hub's SOAP layer -> HubCore
-> SQLite (a file per test). It must pass exactly as MockTransport does.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from anyio.from_thread import BlockingPortal
from contract import ACCOUNTS, ContractSuite, SoapBackend, StandardAccount, SyncAdapter

from dico_sdk.hub import SandboxAccount
from dico_sdk.testing import RunningHub, run_hub
from dico_sdk.transport import AsyncMessageServiceTransport, HubProfile, RetryPolicy, Transport


def sandbox(tmp_path: Path) -> RunningHub:
    specs = [SandboxAccount(a.name, a.password, glns=a.glns) for a in ACCOUNTS]
    return run_hub(specs, db=tmp_path / "hub.sqlite", max_message_size=8 * 1024 * 1024)


class AsyncSandboxBackend:
    def __init__(self, url: str, portal: BlockingPortal) -> None:
        self.url = url
        self.portal = portal
        self.opened: list[Transport] = []

    def transport(self, account: StandardAccount, *, password: str | None = None) -> Transport:
        inner = AsyncMessageServiceTransport(
            HubProfile.sandbox(self.url),
            username=account.name,
            password=password if password is not None else account.password,
            retry=RetryPolicy.for_testing(),
        )
        self.opened.append(SyncAdapter(inner, self.portal))
        return self.opened[-1]

    def close(self) -> None:
        for transport in self.opened:
            transport.close()


class TestSandboxHubContract(ContractSuite):
    @pytest.fixture
    def backend(self, tmp_path: Path) -> Iterator[SoapBackend]:
        with sandbox(tmp_path) as hub:
            backend = SoapBackend(hub.url)
            yield backend
            backend.close()


class TestAsyncSandboxHubContract(ContractSuite):
    @pytest.fixture
    def backend(self, tmp_path: Path, portal: BlockingPortal) -> Iterator[AsyncSandboxBackend]:
        with sandbox(tmp_path) as hub:
            backend = AsyncSandboxBackend(hub.url, portal)
            yield backend
            backend.close()


def test_the_real_hub_is_on_loopback(tmp_path: Path) -> None:
    with sandbox(tmp_path) as hub:
        assert hub.url.startswith("http://127.0.0.1:")
        assert httpx.get(hub.wsdl_url).status_code == 200
