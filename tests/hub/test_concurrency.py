"""Concurrent clients over real HTTP: each message once, even when posted twice at once."""

from __future__ import annotations

import asyncio

import pytest
from hubsoap import MANAGER, PLUMBER, order

from dico_sdk.testing import run_hub
from dico_sdk.transport import Envelope, RetryPolicy


@pytest.mark.anyio
async def test_eight_concurrent_clients_each_message_once() -> None:
    messages = [
        Envelope.new(
            order(MANAGER, PLUMBER, f"<N>{i}</N>").encode(), msg_type="MAINTENANCEINSTRUCTION"
        )
        for i in range(80)
    ]
    with run_hub() as hub:
        senders = [
            hub.async_transport("vve-de-linde", retry=RetryPolicy.no_retries()) for _ in range(8)
        ]
        try:
            # Every message is posted twice, by two clients at once: the ledger keeps one.
            await asyncio.gather(
                *(senders[i % 8].post(m) for i, m in enumerate(messages)),
                *(senders[(i + 3) % 8].post(m) for i, m in enumerate(messages)),
            )
        finally:
            for sender in senders:
                await sender.close()
        async with hub.async_transport("installatiebedrijf-jansen") as plumber:
            listed = [info.msg_id for info in await plumber.list_available()]
            await asyncio.gather(*(plumber.delete(msg_id) for msg_id in listed))
            assert await plumber.list_available() == []
    assert sorted(listed) == sorted(m.msg_id for m in messages)
