"""Sandbox hub throughput through the real HTTP stack: post, and list+get+delete.

The hub runs as its own process (`dico hub serve` on 127.0.0.1, a SQLite file, synchronous
NORMAL); the clients are AsyncMessageServiceTransport instances. With C clients, sender i posts
to receiver i (its own mailbox), so that the receivers drain without contention. The clients
run either on one event loop in this process ("1 process": they share one core), or spread
over P worker processes of C/P clients each, as separate parties' software would be; a barrier
starts each phase in all workers at once, and the phase's time is the slowest worker's. Prints
a Markdown table: messages/s, p50/p99 latency per call, the CPU time per message of all
client processes and of the hub process, and the CPU the rest of the machine used meanwhile
(in cores, from /proc/stat: 1.0 means another program kept one of the two cores busy).
Bounded: fixed message counts, a time cap per phase.

    .venv/bin/python bench/hub.py [--messages 1000] [--processes 2] [--network pool|httpx]

``--network httpx`` gives the clients httpx's own network layer (httpcore over anyio) instead of
the transport's default asyncio connection pool, for comparison.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

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


def machine_busy() -> float:
    """CPU seconds all processes on the machine have used so far (busy time, from /proc/stat)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


NETWORK = {"name": "pool"}  # set from --network before any client starts (workers fork)


def transport(url: str, name: str) -> AsyncMessageServiceTransport:
    own = httpx.AsyncHTTPTransport() if NETWORK["name"] == "httpx" else None
    return AsyncMessageServiceTransport(
        HubProfile.sandbox(url),
        username=name,
        password="pw",
        retry=RetryPolicy.no_retries(),
        http_transport=own,
    )


async def timed(latencies: list[float], call: object) -> object:
    start = time.perf_counter()
    result = await call  # type: ignore[misc]
    latencies.append(time.perf_counter() - start)
    return result


PHASES = ("post", "list+get+delete")
CAP = 120.0  # seconds: no phase of a worker may take longer (the bench fails instead)

# messages/s, latencies, client and hub CPU ms per message, other processes' CPU share (cores)
Result = tuple[float, list[float], float, float, float]


class Clients:
    """Clients ``indices`` (sender i and receiver i each) on this process's event loop."""

    def __init__(self, url: str, indices: list[int], per_client: int) -> None:
        self.indices = indices
        self.per_client = per_client
        self.senders = {i: transport(url, f"sender-{i}") for i in indices}
        self.receivers = {i: transport(url, f"receiver-{i}") for i in indices}

    async def warm_up(self) -> None:
        # One login each (the hub verifies a password with scrypt once, then caches it).
        everyone = [*self.senders.values(), *self.receivers.values()]
        await asyncio.gather(*(t.list_available() for t in everyone))

    async def send(self, i: int, latencies: list[float]) -> None:
        for n in range(self.per_client):
            content = payload(n, gln(100 + i), gln(200 + i))
            envelope = Envelope.new(content, msg_type="MAINTENANCEINSTRUCTION")
            await timed(latencies, self.senders[i].post(envelope))

    async def drain(self, i: int, latencies: list[float]) -> None:
        listing = await timed(latencies, self.receivers[i].list_available())
        for info in listing:  # type: ignore[attr-defined]
            await timed(latencies, self.receivers[i].get(info.msg_id))
            await timed(latencies, self.receivers[i].delete(info.msg_id))

    async def phase(self, name: str) -> tuple[float, list[float], float]:
        """Run one phase in all clients here: (seconds, latencies, CPU seconds)."""
        latencies: list[float] = []
        step = self.send if name == "post" else self.drain
        start, cpu = time.perf_counter(), time.process_time()
        await asyncio.wait_for(
            asyncio.gather(*(step(i, latencies) for i in self.indices)), timeout=CAP
        )
        return time.perf_counter() - start, latencies, time.process_time() - cpu

    async def close(self) -> None:
        for t in [*self.senders.values(), *self.receivers.values()]:
            await t.close()


async def run(hub: Hub, clients: int, messages: int) -> dict[str, Result]:
    """All clients on one event loop in this process."""
    group = Clients(hub.url, list(range(clients)), messages // clients)
    await group.warm_up()
    total = group.per_client * clients
    results: dict[str, Result] = {}
    for name in PHASES:
        hub_cpu, busy = hub.cpu_seconds(), machine_busy()
        seconds, latencies, cpu = await group.phase(name)
        hub_used = hub.cpu_seconds() - hub_cpu
        other = (machine_busy() - busy - hub_used - cpu) / seconds
        results[name] = (
            total / seconds,
            latencies,
            cpu * 1000 / total,
            hub_used * 1000 / total,
            other,
        )
    await group.close()
    return results


def worker(url: str, indices: list[int], per_client: int, barrier: Any, out: Any) -> None:
    """A client process: warm up, then each phase when every worker is ready."""

    async def clients_main() -> None:
        group = Clients(url, indices, per_client)
        await group.warm_up()
        for name in PHASES:
            barrier.wait(timeout=CAP)  # everyone ready: the phase starts now in all workers
            out.put((name, *await group.phase(name)))
        await group.close()

    asyncio.run(clients_main())


def run_spread(hub: Hub, clients: int, processes: int, messages: int) -> dict[str, Result]:
    """The clients spread over ``processes`` worker processes (forked, 127.0.0.1 only)."""
    context = multiprocessing.get_context("fork")
    barrier, out = context.Barrier(processes + 1), context.Queue()
    per_client = messages // clients
    workers = [
        context.Process(
            target=worker,
            args=(hub.url, list(range(p, clients, processes)), per_client, barrier, out),
        )
        for p in range(processes)
    ]
    for w in workers:
        w.start()
    total = per_client * clients
    results: dict[str, Result] = {}
    try:
        for name in PHASES:
            barrier.wait(timeout=CAP)
            start, hub_cpu, busy = time.perf_counter(), hub.cpu_seconds(), machine_busy()
            reports = [out.get(timeout=CAP) for _ in workers]
            seconds = time.perf_counter() - start
            hub_used = hub.cpu_seconds() - hub_cpu
            if any(report[0] != name for report in reports):
                raise SystemExit(f"a worker reported out of step in phase {name}")
            latencies = [x for report in reports for x in report[2]]
            client_used = sum(report[3] for report in reports)
            other = (machine_busy() - busy - hub_used - client_used) / seconds
            results[name] = (
                total / seconds,
                latencies,
                client_used * 1000 / total,
                hub_used * 1000 / total,
                other,
            )
    finally:
        for w in workers:
            w.join(timeout=CAP)
            if w.is_alive():
                w.kill()
    if any(w.exitcode != 0 for w in workers):
        raise SystemExit("a client worker failed")
    return results


def quantile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument(
        "--processes", type=int, default=2, help="client processes for the spread 8-client run"
    )
    parser.add_argument(
        "--network", choices=("pool", "httpx"), default="pool", help="the clients' HTTP layer"
    )
    args = parser.parse_args()
    NETWORK["name"] = args.network
    rows = []
    load = os.getloadavg()[0]
    for clients, processes in ((1, 1), (8, 1), (8, args.processes)):
        with tempfile.TemporaryDirectory() as folder:
            hub = Hub(Path(folder), accounts(clients))
            try:
                if processes == 1:
                    results = asyncio.run(run(hub, clients, args.messages))
                else:
                    results = run_spread(hub, clients, processes, args.messages)
            finally:
                hub.stop()
        for name, (rate, latencies, client_ms, hub_ms, other) in results.items():
            rows.append(
                f"| {name} | {clients} | {processes} | {rate:,.0f} | {quantile(latencies, 50):.2f}"
                f" | {quantile(latencies, 99):.2f} | {client_ms:.2f} | {hub_ms:.2f}"
                f" | {other:.2f} |"
            )
    print(
        f"sandbox hub, {args.messages} small messages per run (~600-byte payloads),"
        f" client network layer: {args.network}"
    )
    print(f"load average: {load:.1f} before, {os.getloadavg()[0]:.1f} after (2 cores)\n")
    print(
        "| operation | clients | client processes | messages/s | p50 ms | p99 ms"
        " | client CPU ms/msg | hub CPU ms/msg | other load (cores) |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
