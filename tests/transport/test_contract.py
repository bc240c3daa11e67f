"""The contract suite against MockTransport, AsyncMockTransport and the SOAP transports.

The SOAP transports talk to an in-test MessageService server (``soapserver.SoapHub``) through
``httpx.MockTransport``; the sandbox hub's real-HTTP backend plugs in the same way (see
``contract.py``).
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from anyio.from_thread import BlockingPortal
from contract import ACCOUNTS, ContractSuite, SoapBackend, StandardAccount, SyncAdapter
from soapserver import SoapHub

from dico_sdk.hub import Account, HubCore, MemoryStorage
from dico_sdk.testing import MockHub
from dico_sdk.transport import (
    AsyncMessageServiceTransport,
    HubProfile,
    RetryPolicy,
    Transport,
)

ENDPOINT = "http://127.0.0.1:9/messageservice"


def mock_hub() -> MockHub:
    hub = MockHub()
    for account in ACCOUNTS:
        hub.add_account(account.name, glns=account.glns, password=account.password)
    return hub


def soap_hub() -> SoapHub:
    accounts = [Account.create(a.name, a.password, a.glns, cost=2**4) for a in ACCOUNTS]
    return SoapHub(HubCore(accounts, MemoryStorage()))


class MockBackend:
    def __init__(self) -> None:
        self.hub = mock_hub()

    def transport(self, account: StandardAccount, *, password: str | None = None) -> Transport:
        return self.hub.transport(account.name, password=password or account.password)


class AsyncMockBackend:
    def __init__(self, portal: BlockingPortal) -> None:
        self.hub = mock_hub()
        self.portal = portal

    def transport(self, account: StandardAccount, *, password: str | None = None) -> Transport:
        inner = self.hub.async_transport(account.name, password=password or account.password)
        return SyncAdapter(inner, self.portal)


class AsyncSoapBackend:
    def __init__(self, portal: BlockingPortal) -> None:
        self.server = soap_hub()
        self.portal = portal

    def transport(self, account: StandardAccount, *, password: str | None = None) -> Transport:
        inner = AsyncMessageServiceTransport(
            HubProfile.sandbox(ENDPOINT),
            username=account.name,
            password=password or account.password,
            retry=RetryPolicy.for_testing(),
            http_transport=httpx.MockTransport(self.server.handler),
        )
        return SyncAdapter(inner, self.portal)


class TestMockTransportContract(ContractSuite):
    @pytest.fixture
    def backend(self) -> MockBackend:
        return MockBackend()


class TestAsyncMockTransportContract(ContractSuite):
    @pytest.fixture
    def backend(self, portal: BlockingPortal) -> AsyncMockBackend:
        return AsyncMockBackend(portal)


class TestMessageServiceTransportContract(ContractSuite):
    @pytest.fixture
    def backend(self) -> Iterator[SoapBackend]:
        server = soap_hub()
        backend = SoapBackend(ENDPOINT, httpx.MockTransport(server.handler))
        yield backend
        backend.close()


class TestAsyncMessageServiceTransportContract(ContractSuite):
    @pytest.fixture
    def backend(self, portal: BlockingPortal) -> AsyncSoapBackend:
        return AsyncSoapBackend(portal)
