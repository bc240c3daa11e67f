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


@pytest.fixture(scope="module")
def shared_hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningHub]:
    """One server for the module; each test gets it emptied (``reset()``): a fresh hub."""
    with sandbox(tmp_path_factory.mktemp("sandbox")) as hub:
        yield hub


@pytest.fixture
def fresh_hub(shared_hub: RunningHub) -> RunningHub:
    shared_hub.reset()
    return shared_hub


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
    def backend(self, fresh_hub: RunningHub) -> Iterator[SoapBackend]:
        backend = SoapBackend(fresh_hub.url)
        yield backend
        backend.close()


class TestAsyncSandboxHubContract(ContractSuite):
    @pytest.fixture
    def backend(
        self, fresh_hub: RunningHub, portal: BlockingPortal
    ) -> Iterator[AsyncSandboxBackend]:
        backend = AsyncSandboxBackend(fresh_hub.url, portal)
        yield backend
        backend.close()


def test_the_real_hub_is_on_loopback(tmp_path: Path) -> None:
    with sandbox(tmp_path) as hub:
        assert hub.url.startswith("http://127.0.0.1:")
        assert httpx.get(hub.wsdl_url).status_code == 200
