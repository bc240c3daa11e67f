"""Fixtures for the client tests: a MockHub with a principal and a contractor, real hubs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from dico_sdk.client import DicoClient
from dico_sdk.hub import SandboxAccount
from dico_sdk.testing import MockHub, RunningHub, run_hub
from dico_sdk.testing._factories import (
    BUYER_GLN,
    HOUSING_GLN,
    MAINTENANCE_GLN,
    SUPPLIER_GLN,
)
from dico_sdk.transport import HubProfile, MessageServiceTransport, RetryPolicy

CET = timezone(timedelta(hours=1))
APPOINTMENT = (datetime(2026, 11, 26, 13, 0, tzinfo=CET), datetime(2026, 11, 26, 15, 0, tzinfo=CET))
DONE = date(2026, 11, 26)

ACCOUNTS = (
    SandboxAccount("vve", "vve-pw", glns={BUYER_GLN}),
    SandboxAccount("plumber", "plumber-pw", glns={SUPPLIER_GLN}),
    SandboxAccount("housing", "housing-pw", glns={HOUSING_GLN}),
    SandboxAccount("maintenance", "maintenance-pw", glns={MAINTENANCE_GLN}),
)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def mock_hub() -> MockHub:
    hub = MockHub()
    for spec in ACCOUNTS:
        hub.add_account(spec.name, glns=spec.glns)
    return hub


@pytest.fixture
def principal(mock_hub: MockHub, tmp_path: Path) -> Iterator[DicoClient]:
    with DicoClient(mock_hub.transport("vve"), gln=BUYER_GLN, store=tmp_path / "vve.db") as c:
        yield c


@pytest.fixture
def contractor(mock_hub: MockHub, tmp_path: Path) -> Iterator[DicoClient]:
    with DicoClient(
        mock_hub.transport("plumber"), gln=SUPPLIER_GLN, store=tmp_path / "plumber.db"
    ) as c:
        yield c


@pytest.fixture(scope="module")
def sandbox() -> Iterator[RunningHub]:
    with run_hub(ACCOUNTS) as hub:
        yield hub


def http_client(hub: RunningHub, account: str, gln: str, store: Path | str) -> DicoClient:
    """A client over real HTTP to the sandbox hub, logged in as ``account``."""
    transport = MessageServiceTransport(
        HubProfile.sandbox(hub.url),
        username=account,
        password=hub.accounts[account].password,
        retry=RetryPolicy(max_attempts=3, initial_backoff=0.05, deadline=10),
    )
    return DicoClient(transport, gln=gln, store=store)
