"""Random transport faults injected by MockHub; the counts still come out exactly once."""

from __future__ import annotations

import contextlib
import random
from pathlib import Path

import pytest

from dico_sdk.client import AsyncDicoClient, DicoClient
from dico_sdk.errors import TransportError
from dico_sdk.store import Direction, EventKind
from dico_sdk.testing import MockHub, leaking_tap_instruction
from dico_sdk.testing._factories import BUYER_GLN, SUPPLIER_GLN
from dico_sdk.transport import RetryPolicy

OPERATIONS = ["PostMessage", "GetAvailableMessages", "GetMessage", "DeleteMessage"]


def _inject(hub: MockHub, rng: random.Random) -> None:
    if rng.random() < 0.3:
        hub.drop_response_after_store()
    if rng.random() < 0.5:
        hub.fail_next(rng.randint(1, 3), operation=rng.choice(OPERATIONS))


def _numbers(count: int) -> list[str]:
    return [f"F-{i:03d}" for i in range(count)]


@pytest.mark.parametrize("seed", range(5))
def test_random_faults_every_order_and_status_arrives_exactly_once(
    mock_hub: MockHub, tmp_path: Path, seed: int
) -> None:
    rng = random.Random(seed)
    no_retries = RetryPolicy.no_retries()
    vve = DicoClient(
        mock_hub.transport("vve", retry=no_retries), gln=BUYER_GLN, store=tmp_path / "v.db"
    )
    plumber = DicoClient(
        mock_hub.transport("plumber", retry=no_retries),
        gln=SUPPLIER_GLN,
        store=tmp_path / "p.db",
        batch_size=3,
    )
    numbers = _numbers(15)

    def principal_pass() -> None:
        vve.flush_outbox()
        for number in [n for n in numbers if vve.order(n) is None][:2]:
            vve.send_order(leaking_tap_instruction(instruction_number=number))
        vve.receive()

    def contractor_pass() -> None:
        plumber.flush_outbox()
        plumber.receive()
        for state in plumber.orders():
            if not any(e.direction is Direction.SENT for e in state.history):
                plumber.send_status(state.key.instruction_number, status_code="ACC")

    for round_number in range(80):
        if round_number < 60:  # then no new faults: the injected ones get used up
            _inject(mock_hub, rng)
        for one_pass in (principal_pass, contractor_pass):
            with contextlib.suppress(TransportError):
                one_pass()

    plumber_orders = plumber.orders()
    assert sorted(s.key.instruction_number for s in plumber_orders) == numbers
    for state in plumber_orders:
        kinds = [e.kind for e in state.history if e.direction is Direction.RECEIVED]
        assert kinds == [EventKind.INSTRUCTION]
    for number in numbers:
        state = vve.order(number)
        assert state is not None
        received = [e.status_code for e in state.history if e.direction is Direction.RECEIVED]
        assert received == ["ACC"], number
    mock_hub.assert_empty("vve")
    mock_hub.assert_empty("plumber")
    # The hub stored each order and each status once, despite the resends.
    assert len(mock_hub.sent) == 2 * len(numbers)


@pytest.mark.anyio
async def test_async_receive_with_faults_keeps_every_message(
    mock_hub: MockHub, tmp_path: Path
) -> None:
    sender = DicoClient(mock_hub.transport("vve"), gln=BUYER_GLN, store=tmp_path / "v.db")
    for number in _numbers(20):
        sender.send_order(leaking_tap_instruction(instruction_number=number))
    receiver = AsyncDicoClient(
        mock_hub.async_transport("plumber", retry=RetryPolicy.no_retries()),
        gln=SUPPLIER_GLN,
        store=tmp_path / "p.db",
        batch_size=4,
    )
    mock_hub.fail_next(2, operation="GetMessage")
    mock_hub.fail_next(2, operation="DeleteMessage")
    got: list[str] = []
    for _ in range(6):
        try:
            got.extend(o.instruction_number for o in await receiver.fetch_orders())
        except TransportError:
            continue
    assert sorted(got) == _numbers(20)
    mock_hub.assert_empty("plumber")
    await receiver.close()
