"""Real DICO messages (codec-encoded) through the sandbox hub, both directions."""

from __future__ import annotations

import dico_sdk
from dico_sdk.testing import (
    minimal_invoice,
    minimal_maintenance_instruction,
    minimal_maintenance_status,
    run_hub,
)
from dico_sdk.transport import Envelope


def test_order_status_and_invoice_round_trip_through_the_hub() -> None:
    order = minimal_maintenance_instruction()
    status = minimal_maintenance_status()
    invoice = minimal_invoice()
    with (
        run_hub() as hub,
        hub.transport("vve-de-linde") as manager,
        hub.transport("installatiebedrijf-jansen") as plumber,
    ):
        manager.post(Envelope.new(dico_sdk.encode(order), msg_type="MAINTENANCEINSTRUCTION"))
        plumber.post(Envelope.new(dico_sdk.encode(status), msg_type="MAINTENANCESTATUS"))
        plumber.post(Envelope.new(dico_sdk.encode(invoice), msg_type="INVOIC"))

        (incoming,) = plumber.list_available()
        assert dico_sdk.decode(plumber.get(incoming.msg_id).content) == order
        back = {info.msg_type: info.msg_id for info in manager.list_available()}
        assert sorted(back) == ["INVOIC", "MAINTENANCESTATUS"]
        assert dico_sdk.decode(manager.get(back["MAINTENANCESTATUS"]).content) == status
        assert dico_sdk.decode(manager.get(back["INVOIC"]).content) == invoice
