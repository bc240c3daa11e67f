from __future__ import annotations

from collections.abc import Iterator

import pytest
from anyio.from_thread import BlockingPortal, start_blocking_portal


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def portal() -> Iterator[BlockingPortal]:
    """One event loop in a background thread, to drive async transports from sync tests."""
    with start_blocking_portal("asyncio") as running:
        yield running
