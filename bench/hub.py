"""Sandbox hub throughput through the real HTTP stack: post, and list+get+delete.

The hub runs as its own process (`dico hub serve` on 127.0.0.1, a SQLite file, synchronous
NORMAL); the clients are AsyncMessageServiceTransport instances on one event loop in this
process. With C clients, sender i posts to receiver i (its own mailbox), so that the receivers
drain without contention. Prints a Markdown table: messages/s, p50/p99 latency per call, and
the CPU time per message of the clients (this process) and of the hub process.

    .venv/bin/python bench/hub.py [--messages 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
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

    def cpu_seconds(self) -> float:
        """The hub process's CPU time so far (user + system), from /proc."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

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


Result = tuple[float, list[float], float, float]  # messages/s, latencies, client/hub CPU per msg


async def run(hub: Hub, clients: int, messages: int) -> dict[str, Result]:
    url = hub.url
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

    total = per_client * clients
    results: dict[str, Result] = {}
    for name, phase, latencies in (
        ("post", send, post_latency),
        ("list+get+delete", drain, drain_latency),
    ):
        start, cpu, hub_cpu = time.perf_counter(), time.process_time(), hub.cpu_seconds()
        await asyncio.gather(*(phase(i) for i in range(clients)))
        seconds = time.perf_counter() - start
        client_ms = (time.process_time() - cpu) * 1000 / total
        hub_ms = (hub.cpu_seconds() - hub_cpu) * 1000 / total
        results[name] = (total / seconds, latencies, client_ms, hub_ms)
    for t in senders + receivers:
        await t.close()
    return results


def quantile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1000)
    args = parser.parse_args()
    rows = []
    for clients in (1, 8):
        with tempfile.TemporaryDirectory() as folder:
            hub = Hub(Path(folder), accounts(clients))
            try:
                results = asyncio.run(run(hub, clients, args.messages))
            finally:
                hub.stop()
        for name, (rate, latencies, client_ms, hub_ms) in results.items():
            rows.append(
                f"| {name} | {clients} | {rate:,.0f} | {quantile(latencies, 50):.2f} "
                f"| {quantile(latencies, 99):.2f} | {client_ms:.2f} | {hub_ms:.2f} |"
            )
    load = os.getloadavg()[0]
    print(f"sandbox hub, {args.messages} small messages per run (~600-byte payloads)")
    print(f"load average: {load:.1f} before, {os.getloadavg()[0]:.1f} after (2 cores, shared)\n")
    print(
        "| operation | clients | messages/s | p50 ms | p99 ms | client CPU ms/msg"
        " | hub CPU ms/msg |"
    )
    print("|---|---|---|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
