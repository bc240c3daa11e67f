"""Client throughput and memory, end to end over real HTTP against the sandbox hub.

1. send -> hub -> fetch for N orders (default 1,000), the hub in its own process: the
   principal's DicoClient sends them one by one, the contractor's client fetches them all; the
   same with stores at ``synchronous="NORMAL"``; then AsyncDicoClient, eight sends in flight and
   gets/deletes eight at a time.
2. Memory of fetching queued statuses (default 1,000 and 10,000): the statuses are put into the
   hub's SQLite mailbox directly, the hub runs as its own process, and a fresh client process
   fetches them all with ``iter_receive`` (batches of 100); its peak RSS is reported.

Usage: ``python bench/client.py [ORDERS] [STATUSES...]`` (ORDERS 0 skips the first table); the
figures go into bench/README.md.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

import anyio

from dico_sdk import encode
from dico_sdk.client import AsyncDicoClient, DicoClient
from dico_sdk.hub import SandboxAccount, SqliteStorage, default_accounts, write_accounts
from dico_sdk.store import SqliteStore
from dico_sdk.testing import MockHub, leaking_tap_instruction, minimal_maintenance_status
from dico_sdk.testing._factories import BUYER_GLN, SUPPLIER_GLN
from dico_sdk.transport import (
    AsyncMessageServiceTransport,
    Envelope,
    HubProfile,
    MessageServiceTransport,
)

MANAGER, PLUMBER = default_accounts()[:2]
Sync = Literal["FULL", "NORMAL"]


def _sync_client(
    url: str, account: SandboxAccount, gln: str, store: Path, sync: Sync = "FULL"
) -> DicoClient:
    transport = MessageServiceTransport(
        HubProfile.sandbox(url), username=account.name, password=account.password
    )
    return DicoClient(transport, gln=gln, store=SqliteStore(store, synchronous=sync))


def _async_client(url: str, account: SandboxAccount, gln: str, store: Path) -> AsyncDicoClient:
    transport = AsyncMessageServiceTransport(
        HubProfile.sandbox(url), username=account.name, password=account.password
    )
    return AsyncDicoClient(transport, gln=gln, store=SqliteStore(store))


def _orders(count: int, prefix: str) -> list[object]:
    return [leaking_tap_instruction(instruction_number=f"{prefix}-{i:05d}") for i in range(count)]


def bench_sync(count: int, folder: Path, sync: Sync) -> tuple[float, float]:
    orders = _orders(count, "S")
    with _hub(folder, f"sync-{sync}") as url:
        sender = _sync_client(url, MANAGER, BUYER_GLN, folder / f"s-manager-{sync}.db", sync)
        receiver = _sync_client(url, PLUMBER, SUPPLIER_GLN, folder / f"s-plumber-{sync}.db", sync)
        with sender, receiver:
            started = time.perf_counter()
            for order in orders:
                sender.send_order(order)  # type: ignore[arg-type]
            sent = time.perf_counter()
            fetched = sum(1 for _ in receiver.iter_receive())
            done = time.perf_counter()
    assert fetched == count, fetched
    return sent - started, done - sent


async def _bench_async(count: int, folder: Path) -> tuple[float, float]:
    orders = _orders(count, "A")
    with _hub(folder, "async") as url:
        sender = _async_client(url, MANAGER, BUYER_GLN, folder / "a-manager.db")
        receiver = _async_client(url, PLUMBER, SUPPLIER_GLN, folder / "a-plumber.db")
        async with sender, receiver:
            limiter = anyio.CapacityLimiter(8)

            async def send(order: object) -> None:
                async with limiter:
                    await sender.send_order(order)  # type: ignore[arg-type]

            started = time.perf_counter()
            async with anyio.create_task_group() as group:
                for order in orders:
                    group.start_soon(send, order)
            sent = time.perf_counter()
            fetched = len(await receiver.receive())
            done = time.perf_counter()
    assert fetched == count, fetched
    return sent - started, done - sent


def _fill_mailbox(db: Path, count: int) -> None:
    template = encode(minimal_maintenance_status())
    storage = SqliteStorage(db)
    now = datetime.now(UTC)
    for i in range(count):
        # Five statuses per order, as a busy principal's mailbox would hold them.
        content = template.replace(b"ST-0001", f"ST-{i:07d}".encode()).replace(
            b"VVE-2026-0142", f"VVE-{i // 5:07d}".encode()
        )
        envelope = Envelope.new(content, msg_type="MAINTENANCESTATUS", msg_datetime=now)
        storage.put(MANAGER.name, envelope)
    storage.close()


@contextmanager
def _hub(folder: Path, name: str, *, fill: int = 0) -> Iterator[str]:
    """The sandbox hub as its own process (its own CPU time and heap); yields its URL."""
    db, accounts = folder / f"hub-{name}.sqlite", folder / "accounts.toml"
    write_accounts(accounts, default_accounts())
    if fill:
        _fill_mailbox(db, fill)
    command = [sys.executable, "-m", "dico_sdk", "hub", "serve", "--port", "0", "--db", str(db)]
    proc = subprocess.Popen(
        [*command, "--accounts", str(accounts)], stderr=subprocess.PIPE, text=True
    )
    assert proc.stderr is not None
    line = proc.stderr.readline()
    threading.Thread(target=proc.stderr.read, daemon=True).start()
    try:
        yield line.split()[2]
    finally:
        proc.kill()
        proc.wait()


def fetch_worker(url: str, store: str) -> None:
    """Run in a fresh process: fetch everything, print the count, the time and the peak RSS."""
    client = _sync_client(url, MANAGER, BUYER_GLN, Path(store))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    with client:
        count = sum(1 for _ in client.iter_receive())
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"count": count, "seconds": seconds, "before_kib": before, "peak_kib": peak}))


def bench_memory(count: int, folder: Path) -> dict[str, float]:
    with _hub(folder, f"statuses-{count}", fill=count) as url:
        run = subprocess.run(
            [sys.executable, __file__, "--fetch-worker", url, str(folder / f"c-{count}.db")],
            capture_output=True,
            text=True,
            check=True,
        )
    result: dict[str, float] = json.loads(run.stdout)
    assert result["count"] == count, result
    return result


async def _bench_latency(count: int, concurrency: int) -> tuple[float, float]:
    """Send and fetch through a MockHub that answers every call after 20 ms (a remote hub)."""
    hub = MockHub()
    hub.add_account(MANAGER.name, glns=MANAGER.glns)
    hub.add_account(PLUMBER.name, glns=PLUMBER.glns)
    hub.latency = 0.02
    options: dict[str, object] = {"store": ":memory:", "concurrency": concurrency}
    sender = AsyncDicoClient(hub.async_transport(MANAGER.name), gln=BUYER_GLN, **options)  # type: ignore[arg-type]
    receiver = AsyncDicoClient(hub.async_transport(PLUMBER.name), gln=SUPPLIER_GLN, **options)  # type: ignore[arg-type]
    limiter = anyio.CapacityLimiter(concurrency)

    async def send(order: object) -> None:
        async with limiter:
            await sender.send_order(order)  # type: ignore[arg-type]

    started = time.perf_counter()
    async with anyio.create_task_group() as group:
        for order in _orders(count, f"L{concurrency}"):
            group.start_soon(send, order)
    sent = time.perf_counter()
    fetched = len(await receiver.receive())
    assert fetched == count, fetched
    return sent - started, time.perf_counter() - sent


def _row(what: str, count: int, send: float, fetch: float) -> str:
    return f"| {what} | {send + fetch:.1f} s | {count / send:.0f} | {count / fetch:.0f} |"


def _orders_table(orders: int, folder: Path) -> None:
    print(f"| send -> hub -> fetch, real HTTP | {orders} orders | send/s | fetch/s |")
    print("|---|---|---|---|")
    for sync in ("FULL", "NORMAL"):
        send, fetch = bench_sync(orders, folder, sync)  # type: ignore[arg-type]
        print(_row(f"DicoClient, sequential, store synchronous={sync}", orders, send, fetch))
    send, fetch = anyio.run(_bench_async, orders, folder)
    print(_row("AsyncDicoClient, concurrency 8, synchronous=FULL", orders, send, fetch))
    print()
    count = min(orders, 200)
    print(f"| send -> MockHub with 20 ms latency -> fetch | {count} orders | send/s | fetch/s |")
    print("|---|---|---|---|")
    for concurrency in (1, 8):
        send, fetch = anyio.run(_bench_latency, count, concurrency)
        print(_row(f"AsyncDicoClient, concurrency {concurrency}", count, send, fetch))
    print()


def main(argv: list[str]) -> None:
    if argv[:1] == ["--fetch-worker"]:
        fetch_worker(argv[1], argv[2])
        return
    orders = int(argv[0]) if argv else 1000
    statuses = [int(a) for a in argv[1:]] or [1000, 10000]
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        if orders:
            _orders_table(orders, folder)
        print("| fetch queued statuses | time | statuses/s | client peak RSS |")
        print("|---|---|---|---|")
        for count in statuses:
            r = bench_memory(count, folder)
            peak, start = r["peak_kib"] / 1024, r["before_kib"] / 1024
            print(
                f"| {count:,} statuses, batches of 100 | {r['seconds']:.1f} s"
                f" | {count / r['seconds']:.0f} | {peak:.0f} MiB (at start {start:.0f} MiB) |"
            )


if __name__ == "__main__":
    main(sys.argv[1:])
