"""Fixtures for the sandbox hub's tests: a real server on 127.0.0.1 over a SQLite file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from dico_sdk.testing import RunningHub, run_hub


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "hub.sqlite"


@pytest.fixture
def hub(db: Path) -> Iterator[RunningHub]:
    with run_hub(db=db, body_timeout=1.0, max_request_size=1024 * 1024) as running:
        yield running


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=10) as http:
        yield http
