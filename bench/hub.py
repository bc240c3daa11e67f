"""Sandbox hub throughput through the real HTTP stack: post, and list+get+delete.

The hub runs as its own process (`dico hub serve` on 127.0.0.1, a SQLite file, synchronous
NORMAL); the clients are AsyncMessageServiceTransport instances on one event loop in this
process. With C clients, sender i posts to receiver i (its own mailbox), so that the receivers
drain without contention. Prints a Markdown table (messages/s, p50/p99 latency per call).

    .venv/bin/python bench/hub.py [--messages 2000]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dico_sdk.hub import SandboxAccount, write_accounts
from dico_sdk.transport import AsyncMessageServiceTransport, Envelope, HubProfile, RetryPolicy

NS = "http://www.ketenstandaard.nl/onderhoudsopdracht/SALES/005"


def gln(n: int) -> str:
    base = f"871234{n:06d}"
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(base)))
    return base + str((10 - total % 10) % 10)


def accounts(clients: int) -> list[SandboxAccount]:
    specs = []
    for i in range(clients):
        specs.append(SandboxAccount(f"sender-{i}", "pw", glns={gln(100 + i)}))
        specs.append(SandboxAccount(f"receiver-{i}", "pw", glns={gln(200 + i)}))
    return specs


def payload(i: int, sender: str, receiver: str) -> bytes:
    # A small MaintenanceInstruction: about 600 bytes, like a short real order.
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><MaintenanceInstruction xmlns="{NS}">'
        f"<InstructionNumber>BENCH-{i}</InstructionNumber><InstructionDate>2026-12-03"
        f"</InstructionDate><Buyer><GLN>{sender}</GLN><Name>VvE De Linde</Name></Buyer>"
        f"<Supplier><GLN>{receiver}</GLN><Name>Installatiebedrijf Jansen</Name></Supplier>"
        "<Description>Lekkage in de meterkast van trappenhuis B; graag binnen twee werkdagen "
        "langskomen en de bewoner vooraf bellen.</Description></MaintenanceInstruction>"
    ).encode()


class Hub:
    def __init__(self, folder: Path, specs: list[SandboxAccount]) -> None:
        accounts_file = folder / "accounts.toml"
        write_accounts(accounts_file, specs)
        command = [sys.executable, "-m", "dico_sdk", "hub", "serve", "--port", "0"]
        command += ["--db", str(folder / "hub.sqlite"), "--accounts", str(accounts_file)]
        # The request log goes to a file: a pipe read by this (busy) process would fill up and
        # make the hub wait on its own logging.
        self.log = (folder / "hub.log").open("w+")
        self.proc = subprocess.Popen(command, stderr=self.log)
        deadline = time.monotonic() + 30
        while "\n" not in (text := (folder / "hub.log").read_text()):
            if time.monotonic() > deadline or self.proc.poll() is not None:
                self.stop()
                raise SystemExit(f"the hub did not start:\n{text}")
            time.sleep(0.05)
        self.url = text.split()[2]

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)
        self.log.close()


def transport(url: str, name: str) -> AsyncMessageServiceTransport:
    return AsyncMessageServiceTransport(
        HubProfile.sandbox(url), username=name, password="pw", retry=RetryPolicy.no_retries()
    )


async def timed(latencies: list[float], call: object) -> object:
    start = time.perf_counter()
    result = await call  # type: ignore[misc]
    latencies.append(time.perf_counter() - start)
    return result


async def run(url: str, clients: int, messages: int) -> dict[str, tuple[float, list[float]]]:
    senders = [transport(url, f"sender-{i}") for i in range(clients)]
    receivers = [transport(url, f"receiver-{i}") for i in range(clients)]
    # Warm up: one login each (the hub verifies a password with scrypt once, then caches it).
    await asyncio.gather(*(t.list_available() for t in senders + receivers))
    per_client = messages // clients
    post_latency: list[float] = []
    drain_latency: list[float] = []

    async def send(i: int) -> None:
        for n in range(per_client):
            content = payload(n, gln(100 + i), gln(200 + i))
            envelope = Envelope.new(content, msg_type="MAINTENANCEINSTRUCTION")
            await timed(post_latency, senders[i].post(envelope))

    async def drain(i: int) -> None:
        listing = await timed(drain_latency, receivers[i].list_available())
        for info in listing:  # type: ignore[attr-defined]
            await timed(drain_latency, receivers[i].get(info.msg_id))
            await timed(drain_latency, receivers[i].delete(info.msg_id))

    start = time.perf_counter()
    await asyncio.gather(*(send(i) for i in range(clients)))
    post_seconds = time.perf_counter() - start
    start = time.perf_counter()
    await asyncio.gather(*(drain(i) for i in range(clients)))
    drain_seconds = time.perf_counter() - start
    for t in senders + receivers:
        await t.close()
    total = per_client * clients
    return {
        "post": (total / post_seconds, post_latency),
        "list+get+delete": (total / drain_seconds, drain_latency),
    }


def quantile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=2000)
    args = parser.parse_args()
    rows = []
    for clients in (1, 8):
        with tempfile.TemporaryDirectory() as folder:
            hub = Hub(Path(folder), accounts(clients))
            try:
                results = asyncio.run(run(hub.url, clients, args.messages))
            finally:
                hub.stop()
        for name, (rate, latencies) in results.items():
            rows.append(
                f"| {name} | {clients} | {rate:,.0f} | {quantile(latencies, 50):.2f} "
                f"| {quantile(latencies, 99):.2f} |"
            )
    print(f"sandbox hub, {args.messages} small messages per run (~600-byte payloads)\n")
    print("| operation | clients | messages/s | p50 ms (per call) | p99 ms (per call) |")
    print("|---|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
