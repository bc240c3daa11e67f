"""SIGKILL the client process at random points of its send and receive loops, 50 times.

A real hub runs as a subprocess (SQLite file); a principal and a contractor run as separate
client processes, each an idempotent pass over its own SQLite store (``crashworker.py``). After
50 kills that landed while a pass was running, the passes run to completion; then every order
reached the contractor exactly once and every status and invoice the principal's tracker
exactly once, and nothing is left on the hub or in an outbox.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from dico_sdk.hub import default_accounts, write_accounts
from dico_sdk.store import Direction, EventKind, InboxState, OutboxState, SqliteStore
from dico_sdk.transport import HubProfile, MessageServiceTransport

WORKER = Path(__file__).with_name("crashworker.py")
MANAGER, PLUMBER = default_accounts()[:2]
ORDERS = 50
KILLS = 50


@contextmanager
def hub_process(db: Path, accounts: Path) -> Iterator[str]:
    """The sandbox hub as a subprocess on an ephemeral port; yields its URL."""
    command = [sys.executable, "-m", "dico_sdk", "hub", "serve", "--port", "0", "--db", str(db)]
    proc = subprocess.Popen(
        [*command, "--accounts", str(accounts)], stderr=subprocess.PIPE, text=True
    )
    assert proc.stderr is not None
    drain = threading.Thread(target=proc.stderr.read, daemon=True)
    try:
        line = proc.stderr.readline()
        assert line.startswith("sandbox hub: "), line
        drain.start()  # the request log must never fill the pipe and block the hub
        yield line.split()[2]
    finally:
        proc.kill()
        proc.wait(timeout=10)
        if drain.is_alive():
            drain.join(timeout=10)
        proc.stderr.close()


def _command(role: str, url: str, store: Path, per_pass: int = 3) -> list[str]:
    account = MANAGER if role == "principal" else PLUMBER
    return [
        sys.executable,
        str(WORKER),
        role,
        url,
        account.name,
        account.password,
        str(store),
        str(ORDERS),
        str(per_pass),
    ]


def _kill_rounds(url: str, stores: dict[str, Path], rng: random.Random) -> tuple[int, int]:
    """Start passes and SIGKILL each at a random moment until KILLS kills hit a live pass.

    Returns (passes started, kills that landed inside a pass: after its client was open, before
    it finished).
    """
    kills = rounds = mid_loop = 0
    while kills < KILLS:
        rounds += 1
        role = rng.choice(["principal", "contractor"])
        proc = subprocess.Popen(
            _command(role, url, stores[role]),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None
        ready = proc.stdout.readline()
        time.sleep(rng.uniform(0.0, 0.15))
        if proc.poll() is None:
            proc.kill()
            kills += 1
        out, err = proc.communicate(timeout=30)
        assert proc.returncode in (0, -9), err
        lines = out.split()
        if proc.returncode == -9 and ready.strip() == "ready":
            mid_loop += not lines or lines[-1] not in ("done", "more")
        assert rounds < KILLS * 4, "passes end too fast to be killed"
    return rounds, mid_loop


def _finish(url: str, stores: dict[str, Path]) -> None:
    done: dict[str, bool] = {}
    for _ in range(4):
        for role in ("principal", "contractor"):
            run = subprocess.run(
                _command(role, url, stores[role], per_pass=ORDERS),
                check=False,
                capture_output=True,
                text=True,
                timeout=60,
            )
            assert run.returncode == 0, run.stderr
            done[role] = run.stdout.split()[-1] == "done"
        if all(done.values()):
            return
    pytest.fail(f"the passes did not converge: {done}")


def _instruction_counts(store: SqliteStore) -> Counter[str]:
    return Counter(
        e.order.instruction_number
        for state in store.orders()
        for e in state.history
        if e.kind is EventKind.INSTRUCTION
    )


def _assert_exactly_once(stores: dict[str, Path]) -> None:
    numbers = {f"K-{i:04d}" for i in range(ORDERS)}
    with SqliteStore(stores["contractor"]) as contractor:
        assert _instruction_counts(contractor) == Counter(dict.fromkeys(numbers, 1))
        inbox = contractor.unprocessed_incoming() + contractor.rejected_incoming()
        assert inbox == []
        assert contractor.pending_outgoing() == []
    with SqliteStore(stores["principal"]) as principal:
        assert _instruction_counts(principal) == Counter(dict.fromkeys(numbers, 1))
        assert principal.pending_outgoing() == principal.failed_outgoing() == []
        for state in principal.orders():
            received = Counter(
                (e.kind, e.status_code) for e in state.history if e.direction is Direction.RECEIVED
            )
            assert received == {
                (EventKind.STATUS, "ACC"): 1,
                (EventKind.STATUS, "TGE"): 1,
                (EventKind.INVOICE, None): 1,
            }, state.key
            assert state.main_status == "TGE"
            assert state.issues == ()
        assert principal.unprocessed_incoming() == principal.rejected_incoming() == []
        sent = principal.outgoing  # every instruction left the outbox as SENT
        assert all(
            (entry := sent(e.msg_id)) is not None and entry.state is OutboxState.SENT
            for state in principal.orders()
            for e in state.history
            if e.direction is Direction.SENT
        )
        accepted = [
            principal.incoming(e.msg_id)
            for state in principal.orders()
            for e in state.history
            if e.direction is Direction.RECEIVED
        ]
        assert all(a is not None and a.state is InboxState.ACCEPTED for a in accepted)
        assert len(accepted) == 3 * ORDERS


def _assert_hub_empty(url: str) -> None:
    for account in (MANAGER, PLUMBER):
        with MessageServiceTransport(
            HubProfile.sandbox(url), username=account.name, password=account.password
        ) as transport:
            assert transport.list_available() == []


@pytest.mark.slow
def test_sigkill_the_client_50_times_everything_arrives_exactly_once(tmp_path: Path) -> None:
    seed = int.from_bytes(os.urandom(4), "big")
    rng = random.Random(seed)
    accounts = tmp_path / "accounts.toml"
    write_accounts(accounts, default_accounts())
    stores = {role: tmp_path / f"{role}.sqlite" for role in ("principal", "contractor")}

    with hub_process(tmp_path / "hub.sqlite", accounts) as url:
        rounds, mid_loop = _kill_rounds(url, stores, rng)
        _finish(url, stores)
        _assert_exactly_once(stores)
        _assert_hub_empty(url)
    # Most kills must land inside the flush, send and receive loops, not around them.
    assert mid_loop >= KILLS * 2 // 3, f"only {mid_loop} of {KILLS} kills mid-loop (seed {seed})"
    assert rounds >= KILLS
