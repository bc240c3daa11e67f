"""One pass of a principal or a contractor, run as a subprocess that the crash test SIGKILLs.

Each pass is idempotent through the client's own store, the way an application would be:

- principal: flush the outbox, send up to PER_PASS orders of 0..N-1 the tracker does not know
  yet, then receive whatever is waiting;
- contractor: flush the outbox, receive the orders, then for every tracked order send each of
  ACC, TGE and the invoice that its own tracker has not recorded as sent.

Usage: ``python crashworker.py ROLE URL USERNAME PASSWORD STORE COUNT [PER_PASS]``.
Prints ``done`` when the role has nothing left to do, ``more`` otherwise; ``ready`` once the
client is open and one line per message sent or received, so that the test can tell where a
kill landed.
"""

from __future__ import annotations

import sys
from datetime import date

from dico_sdk.client import DicoClient
from dico_sdk.messages import invoice as inv
from dico_sdk.store import Direction, EventKind, OrderState
from dico_sdk.testing import full_invoice, leaking_tap_instruction
from dico_sdk.testing._factories import BUYER_GLN, SUPPLIER_GLN
from dico_sdk.transport import HubProfile, MessageServiceTransport

DONE = date(2026, 11, 26)
PER_PASS = 4


def progress(what: str) -> None:
    print(what, flush=True)


def number(index: int) -> str:
    return f"K-{index:04d}"


def principal(client: DicoClient, count: int, per_pass: int) -> bool:
    client.flush_outbox()
    new = [i for i in range(count) if client.order(number(i)) is None][:per_pass]
    for index in new:
        client.send_order(leaking_tap_instruction(instruction_number=number(index)))
        progress(f"sent {number(index)}")
    for item in client.iter_receive():
        progress(f"received {item.msg_id}")
    states = [client.order(number(index)) for index in range(count)]
    return all(s is not None and s.main_status == "TGE" and s.invoices for s in states)


def _sent(state: OrderState, kind: EventKind, key: str) -> bool:
    return any(
        e.direction is Direction.SENT and e.kind is kind and e.number == key for e in state.history
    )


def contractor(client: DicoClient, count: int, per_pass: int) -> bool:
    client.flush_outbox()
    for item in client.iter_receive():
        progress(f"received {item.msg_id}")
    for state in client.orders():
        order = state.key.instruction_number
        if not _sent(state, EventKind.STATUS, f"ACC-{order}"):
            client.send_status(order, status_code="ACC", status_number=f"ACC-{order}")
            progress(f"sent ACC-{order}")
        if not _sent(state, EventKind.STATUS, f"TGE-{order}"):
            client.send_status(
                order, status_code="TGE", completion_date=DONE, status_number=f"TGE-{order}"
            )
            progress(f"sent TGE-{order}")
        if not _sent(state, EventKind.INVOICE, f"F-{order}"):
            reference = inv.InstructionReference(instruction_number=order)
            client.send_invoice(
                full_invoice(invoice_number=f"F-{order}", instruction_reference=reference)
            )
            progress(f"sent F-{order}")
    return len(client.orders()) == count and not client.pending()


def main() -> None:
    role, url, username, password, store, count, *rest = sys.argv[1:]
    per_pass = int(rest[0]) if rest else PER_PASS
    transport = MessageServiceTransport(
        HubProfile.sandbox(url), username=username, password=password
    )
    gln = BUYER_GLN if role == "principal" else SUPPLIER_GLN
    with DicoClient(transport, gln=gln, store=store) as client:
        progress("ready")
        finished = (principal if role == "principal" else contractor)(client, int(count), per_pass)
    print("done" if finished else "more")


if __name__ == "__main__":
    main()
