"""Transport costs: the SOAP wire (build + read), MockHub round trips, hub authentication.

Run: ``.venv/bin/python bench/bench_transport.py`` (about 10 s). Figures go to bench/README.md.
"""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable

import httpx
from lxml import etree

from dico_sdk.hub import Account, HubCore, MemoryStorage
from dico_sdk.testing import MockHub
from dico_sdk.transport import Envelope, HubProfile, MessageServiceTransport, RetryPolicy
from dico_sdk.transport._soap import (
    MS_NS,
    SOAP_NS,
    CustomInfo,
    build_request,
    message_element,
    parse_response,
    read_message,
)

MANAGER, PLUMBER = "8712345000011", "8712345000028"


def order(description: str = "Lekkage in de keuken") -> bytes:
    return (
        '<MaintenanceInstruction xmlns="http://www.ketenstandaard.nl/onderhoudsopdracht/SALES/005">'
        f"<Buyer><GLN>{MANAGER}</GLN></Buyer><Supplier><GLN>{PLUMBER}</GLN></Supplier>"
        f"<Description>{description}</Description></MaintenanceInstruction>"
    ).encode()


def per_second(label: str, action: Callable[[], object], seconds: float = 1.5) -> None:
    count, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        action()
        count += 1
    elapsed = time.perf_counter() - started
    print(f"| {label} | {count / elapsed:,.0f}/s | {elapsed / count * 1e3:.3f} ms |")


def once(label: str, action: Callable[[], object]) -> None:
    tracemalloc.start()
    started = time.perf_counter()
    action()
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"| {label} | {elapsed * 1e3:.1f} ms | peak {peak / 2**20:.1f} MiB |")


def get_response(envelope: Envelope) -> bytes:
    root = etree.Element(f"{{{SOAP_NS}}}Envelope")
    body = etree.SubElement(root, f"{{{SOAP_NS}}}Body")
    response = etree.SubElement(body, f"{{{MS_NS}}}MessageRequestResponse")
    response.append(message_element(envelope, "MessageRequestResult"))
    return etree.tostring(root)


def wire_round_trip(envelope: Envelope, answer: bytes) -> None:
    build_request(
        "PostMessage",
        message_element(envelope),
        username="u",
        password="p",
        custom_info=CustomInfo(),
    )
    element = parse_response(answer, "GetMessage", status_code=200, max_size=64 * 2**20)
    read_message(element)


def main() -> None:
    small = Envelope.new(order(), msg_type="MAINTENANCEINSTRUCTION")
    big = Envelope.new(order("x" * (5 * 2**20)), msg_type="MAINTENANCEINSTRUCTION")
    small_answer, big_answer = get_response(small), get_response(big)

    print("| what | rate | per call |\n|---|---|---|")
    per_second(
        "SOAP build PostMessage + read GetMessage answer, 0.3 KiB payload",
        lambda: wire_round_trip(small, small_answer),
    )

    hub = MockHub()
    hub.add_account("vve", glns=[MANAGER])
    hub.add_account("plumber", glns=[PLUMBER])
    vve, plumber = hub.transport("vve"), hub.transport("plumber")

    def mock_cycle() -> None:
        sent = Envelope.new(order(), msg_type="MAINTENANCEINSTRUCTION")
        vve.post(sent)
        plumber.get(sent.msg_id)
        plumber.delete(sent.msg_id)

    per_second("MockHub post + get + delete", mock_cycle)

    core = HubCore(
        [Account.create("vve", "pw", [MANAGER]), Account.create("plumber", "pw", [PLUMBER])],
        MemoryStorage(),
    )
    started = time.perf_counter()
    core.authenticate("vve", "pw")
    first = time.perf_counter() - started
    per_second(
        "HubCore.authenticate, repeat (verified-credentials cache)",
        lambda: core.authenticate("vve", "pw"),
    )
    print(f"| HubCore.authenticate, first (scrypt N=2**14) | | {first * 1e3:.1f} ms |")

    def soap_handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=small_answer)

    with MessageServiceTransport(
        HubProfile.sandbox("http://127.0.0.1:9/"),
        username="u",
        password="p",
        retry=RetryPolicy.no_retries(),
        http_transport=httpx.MockTransport(soap_handler),
    ) as transport:
        per_second(
            "MessageServiceTransport.get over httpx.MockTransport",
            lambda: transport.get(small.msg_id),
        )

    print("\n| one 5 MiB payload | time | memory |\n|---|---|---|")
    once(
        "SOAP build PostMessage + read GetMessage answer", lambda: wire_round_trip(big, big_answer)
    )

    def big_mock() -> None:
        sent = Envelope.new(big.content, msg_type="MAINTENANCEINSTRUCTION")
        vve.post(sent)
        plumber.get(sent.msg_id)
        plumber.delete(sent.msg_id)

    once("MockHub post + get + delete", big_mock)


if __name__ == "__main__":
    main()
