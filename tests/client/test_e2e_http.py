"""Both roles over real HTTP against the sandbox hub, one test per process."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from dico_sdk.calc import complete_invoice
from dico_sdk.client import AsyncDicoClient, DicoClient
from dico_sdk.messages import InvoiceType, MutationType
from dico_sdk.testing import (
    RunningHub,
    full_invoice,
    leaking_tap_instruction,
    tenant_turnover_instruction,
)
from dico_sdk.testing._factories import BUYER_GLN, HOUSING_GLN, MAINTENANCE_GLN, SUPPLIER_GLN
from dico_sdk.transport import AsyncMessageServiceTransport, HubProfile

from .conftest import APPOINTMENT, DONE, http_client


@pytest.fixture
def vve(sandbox: RunningHub, tmp_path: Path) -> Iterator[DicoClient]:
    with http_client(sandbox, "vve", BUYER_GLN, tmp_path / "vve.db") as client:
        yield client


@pytest.fixture
def plumber(sandbox: RunningHub, tmp_path: Path) -> Iterator[DicoClient]:
    with http_client(sandbox, "plumber", SUPPLIER_GLN, tmp_path / "plumber.db") as client:
        yield client


def _number(prefix: str, tmp_path: Path) -> str:
    # The module's hub is shared: every test uses its own order numbers.
    return f"{prefix}-{abs(hash(tmp_path)) % 10**8}"


def test_repair_rep_whole_cycle(vve: DicoClient, plumber: DicoClient, tmp_path: Path) -> None:
    number = _number("REP", tmp_path)
    vve.send_order(leaking_tap_instruction(instruction_number=number))

    [order] = plumber.fetch_orders()
    assert order.instruction_number == number
    plumber.send_status(number, status_code="ACC")
    plumber.send_status(number, event_code="AFH", appointment=APPOINTMENT)
    plumber.send_status(number, status_code="TGE", completion_date=DONE)
    invoice = full_invoice(
        instruction_reference=dataclasses.replace(
            full_invoice().instruction_reference, instruction_number=number
        ),
        invoice_number=f"F-{number}",
    )
    plumber.send_invoice(invoice)

    statuses = vve.fetch_statuses()
    [fetched] = vve.fetch_invoices()

    assert [s.status_code and s.status_code.value for s in statuses] == ["ACC", None, "TGE"]
    assert fetched.invoice_number == f"F-{number}"
    state = vve.order(number)
    assert state is not None
    assert state.main_status == "TGE"
    assert state.appointment_start == APPOINTMENT[0]
    assert state.completion_date == DONE
    assert [i.number for i in state.invoices] == [f"F-{number}"]
    assert state.issues == ()
    assert plumber.order(number).main_status == "TGE"  # type: ignore[union-attr]


def test_tenant_turnover_mut_with_a_change_order(sandbox: RunningHub, tmp_path: Path) -> None:
    number = _number("MUT", tmp_path)
    housing = http_client(sandbox, "housing", HOUSING_GLN, tmp_path / "h.db")
    firm = http_client(sandbox, "maintenance", MAINTENANCE_GLN, tmp_path / "m.db")
    with housing, firm:
        original = tenant_turnover_instruction(instruction_number=number)
        housing.send_order(original)
        firm.fetch_orders()
        firm.send_status(number, status_code="ACC")
        housing.change_order(dataclasses.replace(original, maximum_amount=Decimal("3000.00")))

        [change] = firm.fetch_orders()
        assert change.mutation_type is MutationType.VALUE_4
        assert firm.order(number).maximum_amount == Decimal("3000.00")  # type: ignore[union-attr]
        firm.send_status(number, status_code="TGE", completion_date=DONE)
        assert [s.status_code.value for s in housing.fetch_statuses()] == ["ACC", "TGE"]  # type: ignore[union-attr]
        state = housing.order(number)
        assert state is not None
        assert state.main_status == "TGE"
        assert state.maximum_amount == Decimal("3000.00")
        assert [e.mutation_type for e in state.history if e.kind.value == "instruction"] == [
            "9",
            "4",
        ]


def test_a_cancelled_order(vve: DicoClient, plumber: DicoClient, tmp_path: Path) -> None:
    number = _number("VAN", tmp_path)
    vve.send_order(leaking_tap_instruction(instruction_number=number))
    plumber.fetch_orders()
    plumber.send_status(number, status_code="ACC")
    vve.cancel_order(number, "De bewoner heeft de kraan zelf laten repareren.")

    [cancel] = plumber.fetch_statuses()
    assert cancel.status_code is not None
    assert cancel.status_code.value == "VAN"
    assert cancel.free_text == ["De bewoner heeft de kraan zelf laten repareren."]
    plumber.send_status(number, status_code="ANN")

    assert [s.status_code.value for s in vve.fetch_statuses()] == ["ACC", "ANN"]  # type: ignore[union-attr]
    assert vve.order(number).main_status == "ANN"  # type: ignore[union-attr]
    assert plumber.order(number).main_status == "ANN"  # type: ignore[union-attr]
    assert [o.key.instruction_number for o in vve.orders(status="ANN")] == [number]


def test_a_refused_order(vve: DicoClient, plumber: DicoClient, tmp_path: Path) -> None:
    number = _number("WEI", tmp_path)
    vve.send_order(leaking_tap_instruction(instruction_number=number))
    plumber.fetch_orders()
    plumber.send_status(number, status_code="WEI", free_text=["Geen capaciteit deze maand."])
    # A late ACC after the refusal is a process-rule error on the principal's side.
    plumber.send_status(number, status_code="ACC")

    statuses = vve.receive()

    assert [r.message.status_code.value for r in statuses] == ["WEI", "ACC"]
    assert [i.rule_id for i in statuses[1].issues] == ["DICO-PRC-05"]
    state = vve.order(number)
    assert state is not None
    assert state.main_status == "WEI"
    assert [i.rule_id for i in state.issues] == ["DICO-PRC-05"]


def test_an_invoice_and_its_384_correction(
    vve: DicoClient, plumber: DicoClient, tmp_path: Path
) -> None:
    number = _number("INV", tmp_path)
    vve.send_order(leaking_tap_instruction(instruction_number=number))
    plumber.fetch_orders()
    plumber.send_status(number, status_code="ACC")
    plumber.send_status(number, status_code="TGE", completion_date=DONE)
    reference = dataclasses.replace(full_invoice().instruction_reference, instruction_number=number)
    first = full_invoice(invoice_number=f"F1-{number}", instruction_reference=reference)
    plumber.send_invoice(first)
    line = dataclasses.replace(first.invoice_line[0], delivered_quantity=Decimal("2"))
    correction = complete_invoice(
        full_invoice(
            invoice_type=InvoiceType.VALUE_384,
            invoice_number=f"F2-{number}",
            invoice_number_to_be_corrected=f"F1-{number}",
            instruction_reference=reference,
            invoice_line=[line],
            invoice_allowance=[],
            invoice_charge=[],
        )
    )
    plumber.send_invoice(correction)

    invoices = vve.fetch_invoices()

    assert [i.invoice_number for i in invoices] == [f"F1-{number}", f"F2-{number}"]
    state = vve.order(number)
    assert state is not None
    assert [(e.number, e.corrects) for e in state.invoices] == [
        (f"F1-{number}", None),
        (f"F2-{number}", f"F1-{number}"),
    ]
    assert state.issues == ()


def test_a_maximum_amount_exceeded_is_a_process_warning(
    vve: DicoClient, plumber: DicoClient, tmp_path: Path
) -> None:
    number = _number("MAX", tmp_path)
    vve.send_order(
        leaking_tap_instruction(instruction_number=number, maximum_amount=Decimal("100.00"))
    )
    plumber.fetch_orders()
    plumber.send_status(number, status_code="TGE", completion_date=DONE)
    reference = dataclasses.replace(full_invoice().instruction_reference, instruction_number=number)
    plumber.send_invoice(
        full_invoice(invoice_number=f"F-{number}", instruction_reference=reference)
    )

    vve.receive()

    assert [i.rule_id for i in vve.order(number).issues] == ["DICO-PRC-04"]  # type: ignore[union-attr]


@pytest.mark.anyio
async def test_the_async_client_runs_the_same_cycle(sandbox: RunningHub, tmp_path: Path) -> None:
    number = _number("ASY", tmp_path)

    def transport(account: str) -> AsyncMessageServiceTransport:
        return AsyncMessageServiceTransport(
            HubProfile.sandbox(sandbox.url),
            username=account,
            password=sandbox.accounts[account].password,
        )

    vve = AsyncDicoClient(transport("vve"), gln=BUYER_GLN, store=tmp_path / "a-vve.db")
    plumber = AsyncDicoClient(transport("plumber"), gln=SUPPLIER_GLN, store=tmp_path / "a-p.db")
    async with vve, plumber:
        for n in range(5):
            await vve.send_order(leaking_tap_instruction(instruction_number=f"{number}-{n}"))
        orders = await plumber.fetch_orders()
        assert sorted(o.instruction_number for o in orders) == [f"{number}-{n}" for n in range(5)]
        for order in orders:
            await plumber.send_status(order.instruction_number, status_code="ACC")
        statuses = await vve.fetch_statuses()
        assert len(statuses) == 5
        assert {s.instruction_reference.instruction_number for s in statuses} == {
            f"{number}-{n}" for n in range(5)
        }
        assert len(vve.orders(status="ACC")) == 5
